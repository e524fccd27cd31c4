"""Only the documents linted last keep their tree (documents.py, RECENT_DOCUMENTS); the others keep their text and
last result, still lint correctly on their next edit and still get every code action."""

import functools
from pathlib import Path, PurePosixPath
from typing import List
from unittest import mock

import pytest
from lsprotocol import types

from chris_style.config.editor import EditorSettings
from chris_style.config.settings import Settings
from chris_style.lsp import code_actions
from chris_style.lsp.diagnostics import render_diagnostics
from chris_style.lsp.documents import RECENT_DOCUMENTS, Document, DocumentStore, Linted, LintJob
from chris_style.lsp.settings import DocumentSettings
from chris_style.lsp.workspace_edits import EditWriter
from chris_style.rules import REGISTRY
from tests.lsp.harness import MISSING_PARAMETER, MISSING_RETURN, EditorClient
from tests.lsp.test_code_actions import applied, of_code, request_actions, titled

MODULE = "import os\n\n\ndef run(command):\n    return os.path.join(command, 'x')\n"
EDITED = "import os\n\n\ndef run(command: str):\n    return os.path.join(command, 'x')\n"
ENCODING = "utf-16"


def _document(number: int, text: str = MODULE) -> Document:
    uri = f"file:///project/module_{number}.py"
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    return Document(item.uri, Path(PurePosixPath(f"/project/module_{number}.py")), item.language_id, item.text, 1)


def _lint(document: Document) -> Linted:
    settings = DocumentSettings(Settings(), EditorSettings())
    render = functools.partial(render_diagnostics, encoding=ENCODING)
    job = LintJob(document.uri, document.version, 0, document.text, document.path, settings, REGISTRY, render,
                  document.parsed)
    linted = job.run()
    document.linted, document.parsed = linted, linted.parsed
    return linted


def _opened(store: DocumentStore, count: int) -> List[Document]:
    documents = []
    for number in range(count):
        document = _document(number)
        store._documents[document.uri] = document
        _lint(document)
        store.keep_tree(document)
        documents.append(document)
    return documents


def test_WHEN_more_documents_are_linted_than_are_kept_THEN_the_least_recent_let_go_of_their_trees() -> None:
    store = DocumentStore()
    documents = _opened(store, RECENT_DOCUMENTS + 2)
    _lint(documents[0])
    store.keep_tree(documents[0])
    with_tree = [number for number, document in enumerate(documents) if document.parsed is not None]
    result_modules = [document.linted.result.module is not None for document in documents]
    expected = [0, *range(3, RECENT_DOCUMENTS + 2)]
    assert (expected, [number in expected for number in range(len(documents))]) == (with_tree, result_modules)


def test_WHEN_a_document_let_go_of_its_tree_THEN_its_diagnostics_stay_and_its_next_lint_equals_a_fresh_one() -> None:
    store = DocumentStore()
    documents = _opened(store, RECENT_DOCUMENTS + 1)
    evicted = documents[0]
    before = evicted.linted.diagnostics
    evicted.text, evicted.version = EDITED, 2
    fresh = _document(99, EDITED)
    expected = [(item.code, item.range, item.message) for item in _lint(fresh).diagnostics]
    assert (True, None, expected) == (
        before is not None, documents[0].linted.result.module,
        [(item.code, item.range, item.message) for item in _lint(evicted).diagnostics],
    )


def test_WHEN_a_document_let_go_of_its_tree_THEN_its_code_actions_equal_those_with_its_tree() -> None:
    # The same module twice (the "Generate tests" action names the test file of its path).
    kept, dropped = _lint(_document(1)), _lint(_document(1)).without_tree()
    options = code_actions.ClientOptions(False, EditWriter(ENCODING, True, False))

    def answers(linted: Linted) -> List[object]:
        found = []
        for diagnostic in linted.diagnostics:
            params = types.CodeActionParams(
                types.TextDocumentIdentifier(linted.source.path.as_uri()), diagnostic.range,
                types.CodeActionContext(diagnostics=[diagnostic]),
            )
            for action in code_actions.code_actions("file:///x.py", linted, params, options, REGISTRY):
                found.append((action.title, [change.edits for change in action.edit.document_changes]))
        return found

    assert (True, answers(kept)) == (dropped.tree_dropped and dropped.result.module is None, answers(dropped))


@pytest.mark.asyncio(loop_scope="session")
async def test_WHEN_an_editor_opens_more_documents_than_are_kept_THEN_the_first_still_lints_and_fixes(
    editor: EditorClient, files: Path
) -> None:
    uris = []
    for number in range(RECENT_DOCUMENTS + 2):
        uris.append(editor.open(files / f"module_{number}.py", MODULE))
        await editor.wait_for_diagnostics(uris[-1], version=1)
    first = uris[0]
    diagnostics = list(await editor.wait_for_diagnostics(first, version=1))
    diagnostic = of_code(diagnostics, MISSING_RETURN)
    actions = await request_actions(editor, first, diagnostic.range.start, diagnostic.range.end, [diagnostic])
    noqa = await applied(editor, first, MODULE, titled(actions, f"Ignore {MISSING_RETURN} on this line"))
    editor.edit(first, 2, types.Position(3, 15), types.Position(3, 15), ": str")
    edited = await editor.wait_for_diagnostics(first, version=2)
    expected_noqa = MODULE.replace("def run(command):", f"def run(command):  # noqa: {MISSING_RETURN}")
    assert (expected_noqa, [MISSING_RETURN]) == (noqa, [item.code for item in edited if item.code in (
        MISSING_RETURN, MISSING_PARAMETER)])


def test_WHEN_a_document_lets_go_of_its_tree_or_closes_THEN_the_freed_memory_is_handed_back() -> None:
    store = DocumentStore()
    with mock.patch("chris_style.collector.release_memory") as release:
        documents = _opened(store, RECENT_DOCUMENTS)
        kept_all = release.call_count
        newest = _document(RECENT_DOCUMENTS)
        store._documents[newest.uri] = newest
        _lint(newest)
        store.keep_tree(newest)
        after_eviction = release.call_count
        store.close(documents[1].uri)
    assert (0, 1, 2) == (kept_all, after_eviction, release.call_count)
