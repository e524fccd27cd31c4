"""Code actions offered without their edits and resolved later give exactly the edits of the eager answer (what a
client that cannot resolve gets), for every action at every diagnostic and at cursors on refactorable code; and
a second request about the same lint is answered from what the first computed."""

import functools
import re
from pathlib import Path, PurePosixPath
from typing import Dict, List, Optional, Tuple

import pytest
from lsprotocol import types

from chris_style.config.editor import EditorSettings
from chris_style.config.settings import Settings
from chris_style.linting import fixes
from chris_style.lsp import code_actions
from chris_style.lsp.diagnostics import render_diagnostics
from chris_style.lsp.documents import Linted, LintJob
from chris_style.lsp.settings import DocumentSettings
from chris_style.lsp.workspace_edits import EditWriter
from chris_style.rules import REGISTRY

URI = "file:///project/tests/test_module.py"
ENCODING = "utf-16"
# A string or number literal on a line (ASCII modules: columns are the same in every encoding).
LITERAL = re.compile(r"'[^']*'|\b\d+\b")
SERVER_MODULES = sorted((Path(__file__).resolve().parents[2] / "server" / "chris_style").rglob("*.py"))[::23]
# A test module with unorganized imports, a dataclass, a magic number and a literal to extract.
MIXED_MODULE = (
    "import sys\nimport os\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    count: int\n\n\n"
    "def test_run(tmp_path):\n    value = os.path.join(sys.prefix, 'cluster-name')\n    assert run(value, 30) == 3\n"
)


def _linted(text: str) -> Linted:
    settings = DocumentSettings(Settings(), EditorSettings())
    render = functools.partial(render_diagnostics, encoding=ENCODING)
    path = PurePosixPath("/project/tests/test_module.py")
    return LintJob(URI, 1, 0, text, Path(path), settings, REGISTRY, render).run()


def _requests(linted: Linted) -> List[types.CodeActionParams]:
    """At each diagnostic with it in the context; at every line's first non-blank character (a cursor on a
    dataclass), with its whole line selected, and with its first string or number literal selected."""
    document = types.TextDocumentIdentifier(URI)
    requests = [
        types.CodeActionParams(document, diagnostic.range, types.CodeActionContext(diagnostics=[diagnostic]))
        for diagnostic in linted.diagnostics
    ]
    for number, line in enumerate(linted.source.lines[:80]):
        start = types.Position(number, len(line) - len(line.lstrip()))
        selections = [types.Range(start, start), types.Range(start, types.Position(number, len(line)))]
        literal = LITERAL.search(line)
        if literal is not None:
            selections.append(types.Range(types.Position(number, literal.start()), types.Position(number, literal.end())))
        for selection in selections:
            requests.append(types.CodeActionParams(document, selection, types.CodeActionContext([])))
    return requests


def _edits(action: types.CodeAction) -> Optional[List[Tuple[object, str]]]:
    if action.edit is None:
        return None
    return [(edit.range, edit.new_text) for change in action.edit.document_changes for edit in change.edits]


@pytest.mark.parametrize(
    "text", [MIXED_MODULE, *(path.read_text(encoding="utf-8") for path in SERVER_MODULES)],
    ids=["mixed", *(path.name for path in SERVER_MODULES)],
)
def test_WHEN_actions_are_resolved_THEN_their_edits_equal_the_eager_answers(text: str) -> None:
    eager_options = code_actions.ClientOptions(False, EditWriter(ENCODING, True, False))
    lazy_options = code_actions.ClientOptions(True, EditWriter(ENCODING, True, False))
    eager_linted, lazy_linted = _linted(text), _linted(text)
    for params in _requests(eager_linted):
        eager = code_actions.code_actions(URI, eager_linted, params, eager_options, REGISTRY)
        lazy = code_actions.code_actions(URI, lazy_linted, params, lazy_options, REGISTRY)
        resolved: Dict[str, Optional[List[Tuple[object, str]]]] = {
            action.title: _edits(code_actions.resolve(action, lazy_linted, lazy_options, REGISTRY)) for action in lazy
        }
        expected = {action.title: _edits(action) for action in eager}
        assert expected == {title: edits for title, edits in resolved.items() if edits is not None}


def test_WHEN_actions_are_asked_for_twice_THEN_fix_all_is_computed_once() -> None:
    linted = _linted(MIXED_MODULE)
    options = code_actions.ClientOptions(False, EditWriter(ENCODING, True, False))
    params = types.CodeActionParams(
        types.TextDocumentIdentifier(URI), types.Range(types.Position(0, 0), types.Position(0, 0)),
        types.CodeActionContext([], only=[code_actions.FIX_ALL_KIND]),
    )
    calls = []
    original = fixes.fix_text

    def counted(*args: object, **kwargs: object) -> fixes.FixOutcome:
        calls.append(1)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(code_actions, "fix_text", counted)
        first = code_actions.code_actions(URI, linted, params, options, REGISTRY)
        second = code_actions.code_actions(URI, linted, params, options, REGISTRY)
    assert ([code_actions.FIX_ALL_TITLE], 1, [_edits(action) for action in first]) == (
        [action.title for action in second], len(calls), [_edits(action) for action in second]
    )
