"""The guide's patterns as code actions, as VS Code (resolve, documentChanges, creates files), Neovim (resolve,
plain changes, creates files) and Emacs/eglot (edits at once, documentChanges, creates no file) ask for them:
"Extract exception class", "Add sync wrapper", "Add __str__ from to_dict()" and "Generate tests" (another file)."""

from pathlib import Path
from typing import Any, List

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.lsp.conftest import Launcher
from tests.lsp.harness import MODULE_FILE, EditorClient
from tests.lsp.test_code_actions import apply_text_edits, edits_of, open_linted, request_actions, resolved, titled

pytestmark = pytest.mark.asyncio(loop_scope="session")

EMACS = "emacs"
NEOVIM = "neovim"
PATTERNS_CONFIG = '[tool.chris-style]\nselect = ["CS000", "CS401", "CS803"]\n'
MODULE = '''import asyncio
from typing import Any, Dict


def load(name: str) -> None:
    raise Exception(f"no {name}")


async def _fetch_async(url: str) -> str:
    await asyncio.sleep(0)
    return url


class Plan:
    def to_dict(self) -> Dict[str, Any]:
        return {}
'''
EXCEPTION = MODULE.replace(
    "\n\ndef load",
    '\n\nclass LoadFailed(Exception):\n    def __init__(self, name: str) -> None:\n'
    '        super().__init__(f"no {name}")\n\n\ndef load',
).replace('raise Exception(f"no {name}")', "raise LoadFailed(name)")
WRAPPER = MODULE.replace(
    "    return url\n",
    "    return url\n\n\ndef fetch(url: str) -> str:\n    return asyncio.run(_fetch_async(url))\n",
)
STR = MODULE.replace("import asyncio\n", "import asyncio\nimport json\n") + (
    "\n    def __str__(self) -> str:\n        return json.dumps(self.to_dict())\n"
)
TESTS_TITLE = "Generate tests for `load` in tests/test_module.py"
NEW_TESTS = '''import pytest

from module import load

TEST_NAME = "name"


def test_WHEN_load_called_THEN_as_expected():
    # Run our test
    actual_value = load(TEST_NAME)

    # Check our results
    expected_value = None
    assert expected_value == actual_value


def test_WHEN_load_called_AND_exception_THEN_raises():
    # TODO: make it raise Exception

    # Run our test
    with pytest.raises(Exception):
        load(TEST_NAME)
'''


@pytest.fixture(scope="module")
def patterns_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("patterns")
    (root / "pyproject.toml").write_text(PATTERNS_CONFIG, encoding="utf-8")
    return root


@pytest_asyncio.fixture(loop_scope="session", scope="module", params=["visual-studio-code", NEOVIM, EMACS])
async def patterns_editor(
    launch_shared: Launcher, patterns_root: Path, request: pytest.FixtureRequest
) -> EditorClient:
    client = await launch_shared(request.param, [patterns_root], {"debounce": 10})
    client.editor = request.param
    return client


@pytest.fixture
def project(patterns_root: Path, request: pytest.FixtureRequest) -> Path:
    """A project of this test's own (its own pyproject.toml), in the server's workspace."""
    directory = patterns_root / f"p{abs(hash(request.node.nodeid))}"
    directory.mkdir()
    (directory / "pyproject.toml").write_text(PATTERNS_CONFIG, encoding="utf-8")
    return directory


async def _refactorings(client: EditorClient, uri: str, line: int, character: int) -> List[types.CodeAction]:
    only = [types.CodeActionKind.RefactorRewrite, types.CodeActionKind.RefactorExtract]
    return await request_actions(client, uri, types.Position(line, character), only=only)


@pytest.mark.parametrize(
    ("line", "character", "title", "kind", "expected"),
    [
        (5, 6, "Extract exception class `LoadFailed`", "refactor.extract", EXCEPTION),
        (8, 12, "Add sync wrapper `fetch()`", "refactor.rewrite", WRAPPER),
        (13, 7, "Add __str__ from to_dict()", "refactor.rewrite", STR),
    ],
    ids=["exception class", "sync wrapper", "str"],
)
async def test_WHEN_cursor_on_a_pattern_THEN_its_refactoring_gives_the_guides_code(
    patterns_editor: EditorClient, project: Path, line: int, character: int, title: str, kind: str, expected: str
) -> None:
    uri, _ = await open_linted(patterns_editor, project / MODULE_FILE, MODULE)
    action = titled(await _refactorings(patterns_editor, uri, line, character), title)
    resolved_action = await resolved(patterns_editor, action)
    actual = (action.kind, apply_text_edits(MODULE, edits_of(resolved_action.edit, uri)))
    assert (kind, expected) == actual


async def test_WHEN_cursor_in_a_function_body_THEN_no_pattern_refactoring(
    patterns_editor: EditorClient, project: Path
) -> None:
    uri, _ = await open_linted(patterns_editor, project / MODULE_FILE, MODULE)
    assert [] == [action.title for action in await _refactorings(patterns_editor, uri, 10, 8)]


async def test_WHEN_cs401_reports_THEN_its_quick_fix_writes_the_same_class(
    patterns_editor: EditorClient, project: Path
) -> None:
    uri, diagnostics = await open_linted(patterns_editor, project / MODULE_FILE, MODULE)
    [diagnostic] = [diagnostic for diagnostic in diagnostics if diagnostic.code == "CS401"]
    actions = await request_actions(patterns_editor, uri, diagnostic.range.start, diagnostic.range.end, [diagnostic],
                                    only=[types.CodeActionKind.QuickFix])
    action = titled(actions, "Raise a new `LoadFailed` exception (unsafe)")
    assert EXCEPTION == apply_text_edits(MODULE, edits_of((await resolved(patterns_editor, action)).edit, uri))


def _document_changes(edit: types.WorkspaceEdit) -> List[Any]:
    if edit.document_changes is not None:
        return list(edit.document_changes)
    return [types.TextDocumentEdit(types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None), edits)
            for uri, edits in (edit.changes or {}).items()]


async def test_WHEN_generating_tests_for_a_module_without_them_THEN_the_test_module_is_created(
    patterns_editor: EditorClient, project: Path
) -> None:
    uri, _ = await open_linted(patterns_editor, project / MODULE_FILE, MODULE)
    action = titled(await _refactorings(patterns_editor, uri, 4, 5), TESTS_TITLE)
    changes = _document_changes((await resolved(patterns_editor, action)).edit)
    test_uri = from_fs_path(str(project / "tests" / "test_module.py"))
    created = [change.uri for change in changes if isinstance(change, types.CreateFile)]
    texts = [edit.new_text for change in changes if isinstance(change, types.TextDocumentEdit) for edit in change.edits]
    # eglot cannot create files: it gets the text as an edit of the new file, which it opens as a new buffer.
    expected_created = [] if patterns_editor.editor == EMACS else [test_uri]
    assert (action.kind, expected_created, [NEW_TESTS]) == (types.CodeActionKind.RefactorExtract, created, texts)


async def test_WHEN_the_test_module_is_open_THEN_tests_are_added_to_the_editors_version(
    patterns_editor: EditorClient, project: Path
) -> None:
    test_path = project / "tests" / "test_module.py"
    existing = "from module import load\n\n\ndef test_WHEN_x_called_THEN_y():\n    assert 1 == load\n"
    test_uri, _ = await open_linted(patterns_editor, test_path, existing)
    patterns_editor.replace(test_uri, 2, existing + "# edited, not saved\n")
    uri, _ = await open_linted(patterns_editor, project / MODULE_FILE, MODULE)
    await patterns_editor.wait_for_diagnostics(test_uri, version=2)
    action = titled(await _refactorings(patterns_editor, uri, 4, 5), TESTS_TITLE)
    [change] = _document_changes((await resolved(patterns_editor, action)).edit)
    text = apply_text_edits(existing + "# edited, not saved\n", change.edits)
    expected_version = None if patterns_editor.editor == NEOVIM else 2
    actual = (change.text_document.uri, change.text_document.version, text.count("def test_WHEN_load_called"))
    assert (test_uri, expected_version, 2) == actual
    assert "# edited, not saved\n" in text and text.startswith("import pytest\n\nfrom module import load\n")
