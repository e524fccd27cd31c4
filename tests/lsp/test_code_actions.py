"""Code actions as VS Code (resolve, versioned documentChanges), Neovim (resolve, plain changes) and Emacs/eglot
(edits at once, documentChanges) ask for them: quick fixes, suppressions, fix-all, organize imports and the
refactorings, each checked by the exact text its edit produces."""

from pathlib import Path
from typing import Any, AsyncIterator, Dict, List, Optional, Sequence

import pytest
import pytest_asyncio
from lsprotocol import types

from tests.lsp.conftest import Launcher
from tests.lsp.harness import (
    MISSING_RETURN,
    MODULE_FILE,
    EditorClient,
    capabilities_of,
    initialize_params,
    server_config,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

FIX_ALL = "source.fixAll.chris-style"
ORGANIZE_IMPORTS = "source.organizeImports.chris-style"
# The recorded editor that does not resolve code actions.
EMACS = "emacs"
# The refactoring tests' own server also runs the rules behind them: CS304, CS606 and CS803.
REFACTOR_CONFIG = (
    '[tool.chris-style]\nselect = ["CS000", "CS002", "CS201", "CS202", "CS304", "CS606", "CS803"]\n'
)
MODULE = "def run(command):\n    return None\n"
FIXED_MODULE = "def run(command) -> None:\n    return None\n"
TWO_FIXES = "def run(command):\n    return None\n\n\ndef stop(command):\n    return None\n"
UNUSED_NOQA = "def run(command: str) -> None:  # noqa: CS202\n    return None\n"
UNORGANIZED = "import sys\nimport os\n\nprint(os, sys)\n"
DATACLASS = "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    count: int\n"
GENERATED = (
    "from dataclasses import dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
    "T_Plan = TypeVar(\"T_Plan\", bound=\"Plan\")\n\n\n@dataclass\nclass Plan:\n    count: int\n\n"
    "    def to_dict(self) -> Dict[str, Any]:\n        return {\n            \"count\": self.count\n        }\n\n"
    "    @classmethod\n    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n"
    "        return cls(\n            count=input[\"count\"]\n        )\n"
)
STALE_TO_DICT = (
    "from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Plan:\n"
    "    count: int\n    size: int\n\n    def to_dict(self) -> Dict[str, Any]:\n"
    "        return {\"count\": self.count}\n"
)
CONSTANT = "LIMIT = 100\n"
CALL = "import time\n\n\ndef main() -> None:\n    time.sleep(30)\n"


def apply_text_edits(text: str, edits: Sequence[Any]) -> str:
    """Apply LSP edits to ASCII text (columns are code points in every encoding), last first."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        return starts[position.line] + position.character if position.line < len(starts) else len(text)

    for edit in sorted(edits, key=lambda edit: (edit.range.start.line, edit.range.start.character), reverse=True):
        new_text = edit.snippet.value if isinstance(edit, types.SnippetTextEdit) else edit.new_text
        text = text[: offset(edit.range.start)] + new_text + text[offset(edit.range.end) :]
    return text


def edits_of(edit: types.WorkspaceEdit, uri: str) -> List[Any]:
    if edit.document_changes is not None:
        return [edit for change in edit.document_changes if change.text_document.uri == uri for edit in change.edits]
    return list((edit.changes or {}).get(uri, []))


async def request_actions(
    client: EditorClient, uri: str, start: types.Position, end: Optional[types.Position] = None,
    diagnostics: Sequence[types.Diagnostic] = (), only: Optional[List[str]] = None,
) -> List[types.CodeAction]:
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=types.Range(start, end or start),
        context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
    )
    return list(await client.text_document_code_action_async(params) or [])


async def resolved(client: EditorClient, action: types.CodeAction) -> types.CodeAction:
    """The action with its edit, resolving it as the client would when it came without one."""
    if action.edit is None and action.data is not None:
        return await client.code_action_resolve_async(action)
    return action


async def applied(client: EditorClient, uri: str, text: str, action: types.CodeAction) -> str:
    action = await resolved(client, action)
    return apply_text_edits(text, edits_of(action.edit, uri))


def titled(actions: Sequence[types.CodeAction], title: str) -> types.CodeAction:
    return next(action for action in actions if action.title == title)


async def open_linted(client: EditorClient, path: Path, text: str) -> tuple:
    uri = client.open(path, text)
    diagnostics = await client.wait_for_diagnostics(uri, version=1)
    return uri, list(diagnostics)


def of_code(diagnostics: Sequence[types.Diagnostic], code: str) -> types.Diagnostic:
    return next(diagnostic for diagnostic in diagnostics if diagnostic.code == code)


async def test_WHEN_asking_fixes_of_a_diagnostic_THEN_its_fix_gives_the_fixed_text_and_is_preferred(
    editor: EditorClient, files: Path
) -> None:
    uri, diagnostics = await open_linted(editor, files / MODULE_FILE, MODULE)
    diagnostic = of_code(diagnostics, MISSING_RETURN)
    actions = await request_actions(editor, uri, diagnostic.range.start, diagnostic.range.end, [diagnostic])
    fix = titled(actions, "Add `-> None`")
    assert (types.CodeActionKind.QuickFix, True, [diagnostic]) == (fix.kind, fix.is_preferred, list(fix.diagnostics))
    assert FIXED_MODULE == await applied(editor, uri, MODULE, fix)


async def test_WHEN_asking_fixes_of_a_diagnostic_THEN_its_suppressions_are_offered_and_not_preferred(
    editor: EditorClient, files: Path
) -> None:
    uri, diagnostics = await open_linted(editor, files / MODULE_FILE, MODULE)
    diagnostic = of_code(diagnostics, MISSING_RETURN)
    actions = await request_actions(editor, uri, diagnostic.range.start, diagnostic.range.end, [diagnostic])
    noqa = titled(actions, "Ignore CS202 on this line")
    deviation = titled(actions, "Record a deviation from CS202")
    assert (None, None) == (noqa.is_preferred, deviation.is_preferred)
    expected_noqa = "def run(command):  # noqa: CS202\n    return None\n"
    assert expected_noqa == await applied(editor, uri, MODULE, noqa)
    expected_deviation = "# DEVIATION(CS202): \n# Reason: \ndef run(command):\n    return None\n"
    assert expected_deviation == await applied(editor, uri, MODULE, deviation)


async def test_WHEN_asking_fixes_of_an_unused_suppression_THEN_only_its_removal(
    editor: EditorClient, files: Path
) -> None:
    uri, diagnostics = await open_linted(editor, files / MODULE_FILE, UNUSED_NOQA)
    diagnostic = of_code(diagnostics, "CS002")
    actions = await request_actions(editor, uri, diagnostic.range.start, diagnostic.range.end, [diagnostic],
                                    only=[types.CodeActionKind.QuickFix])
    assert ["Remove unused `# noqa` comment"] == [action.title for action in actions]
    assert "def run(command: str) -> None:\n    return None\n" == await applied(editor, uri, UNUSED_NOQA, actions[0])


async def test_WHEN_fixing_all_THEN_every_safe_fix_and_a_second_fix_all_changes_nothing(
    editor: EditorClient, files: Path
) -> None:
    uri, _ = await open_linted(editor, files / MODULE_FILE, TWO_FIXES)
    actions = await request_actions(editor, uri, types.Position(0, 0), only=[FIX_ALL])
    assert [FIX_ALL] == [action.kind for action in actions]
    once = await applied(editor, uri, TWO_FIXES, actions[0])
    expected = "def run(command) -> None:\n    return None\n\n\ndef stop(command) -> None:\n    return None\n"
    assert expected == once
    editor.replace(uri, 2, once)
    await editor.wait_for_diagnostics(uri, version=2)
    assert [] == await request_actions(editor, uri, types.Position(0, 0), only=[FIX_ALL])


async def test_WHEN_asking_source_actions_THEN_only_source_kinds(editor: EditorClient, files: Path) -> None:
    uri, diagnostics = await open_linted(editor, files / MODULE_FILE, MODULE)
    actions = await request_actions(editor, uri, types.Position(0, 5), diagnostics=diagnostics,
                                    only=[types.CodeActionKind.Source])
    assert [FIX_ALL] == [action.kind for action in actions]


async def test_WHEN_the_client_resolves_THEN_actions_come_without_edit_and_with_data(
    editor: EditorClient, files: Path
) -> None:
    uri, _ = await open_linted(editor, files / MODULE_FILE, MODULE)
    [action] = await request_actions(editor, uri, types.Position(0, 0), only=[FIX_ALL])
    resolves = editor.editor != EMACS
    expected = (resolves, not resolves)
    assert expected == (action.edit is None, action.data is None)
    if resolves:
        assert {"uri": uri, "version": 1, "kind": FIX_ALL, "id": "fixAll"} == action.data


async def test_WHEN_the_client_takes_document_changes_THEN_versioned_edit_else_plain_changes(
    editor: EditorClient, files: Path
) -> None:
    uri, _ = await open_linted(editor, files / MODULE_FILE, MODULE)
    [action] = await request_actions(editor, uri, types.Position(0, 0), only=[FIX_ALL])
    edit = (await resolved(editor, action)).edit
    if editor.editor == "neovim":
        assert (None, [uri]) == (edit.document_changes, list(edit.changes))
    else:
        identifiers = [(change.text_document.uri, change.text_document.version) for change in edit.document_changes]
        assert ([(uri, 1)], None) == (identifiers, edit.changes)


async def test_WHEN_the_document_changed_before_the_lint_THEN_actions_are_for_the_new_version(
    editor: EditorClient, files: Path
) -> None:
    uri, _ = await open_linted(editor, files / MODULE_FILE, MODULE)
    editor.replace(uri, 2, TWO_FIXES)
    [action] = await request_actions(editor, uri, types.Position(0, 0), only=[FIX_ALL])
    action = await resolved(editor, action)
    expected = "def run(command) -> None:\n    return None\n\n\ndef stop(command) -> None:\n    return None\n"
    assert expected == apply_text_edits(TWO_FIXES, edits_of(action.edit, uri))


async def test_WHEN_resolving_an_action_of_an_older_version_THEN_no_edit(editor: EditorClient, files: Path) -> None:
    if editor.editor == EMACS:
        pytest.skip("eglot does not resolve: its edits come with the actions")
    uri, _ = await open_linted(editor, files / MODULE_FILE, MODULE)
    [action] = await request_actions(editor, uri, types.Position(0, 0), only=[FIX_ALL])
    editor.replace(uri, 2, TWO_FIXES)
    await editor.wait_for_diagnostics(uri, version=2)
    assert None == (await editor.code_action_resolve_async(action)).edit


async def test_WHEN_initialized_THEN_code_action_kinds_and_resolve_are_advertised(shared_root: Path) -> None:
    client = await server_config().start()
    try:
        result = await client.initialize_session(initialize_params(EMACS, [shared_root]))
        provider = result.capabilities.code_action_provider
        expected = ["quickfix", "refactor.rewrite", "refactor.extract", FIX_ALL, ORGANIZE_IMPORTS]
        actual = [str(getattr(kind, "value", kind)) for kind in provider.code_action_kinds]
        assert (expected, True) == (actual, provider.resolve_provider)
    finally:
        await client.shutdown_session()
        await client.stop()


# -- refactorings and the rules behind them, on a server of this module's own --------------------------------


@pytest.fixture(scope="module")
def refactor_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("refactors")
    (root / "pyproject.toml").write_text(REFACTOR_CONFIG, encoding="utf-8")
    return root


@pytest_asyncio.fixture(loop_scope="session", scope="module", params=["visual-studio-code", EMACS])
async def refactor_editor(
    launch_shared: Launcher, refactor_root: Path, request: pytest.FixtureRequest
) -> EditorClient:
    client = await launch_shared(request.param, [refactor_root], {"debounce": 10})
    client.editor = request.param
    return client


@pytest.fixture
def refactor_files(refactor_root: Path, request: pytest.FixtureRequest) -> Path:
    directory = refactor_root / f"t{abs(hash(request.node.nodeid))}"
    directory.mkdir()
    return directory


async def test_WHEN_organizing_imports_THEN_sorted_block(refactor_editor: EditorClient, refactor_files: Path) -> None:
    uri, _ = await open_linted(refactor_editor, refactor_files / MODULE_FILE, UNORGANIZED)
    [action] = await request_actions(refactor_editor, uri, types.Position(0, 0), only=[ORGANIZE_IMPORTS])
    expected = "import os\nimport sys\n\nprint(os, sys)\n"
    assert expected == await applied(refactor_editor, uri, UNORGANIZED, action)


async def test_WHEN_cursor_on_a_dataclass_THEN_generate_serialization(
    refactor_editor: EditorClient, refactor_files: Path
) -> None:
    uri, _ = await open_linted(refactor_editor, refactor_files / MODULE_FILE, DATACLASS)
    actions = await request_actions(refactor_editor, uri, types.Position(4, 7),
                                    only=[types.CodeActionKind.RefactorRewrite])
    action = titled(actions, "Generate to_dict()/from_dict()")
    assert GENERATED == await applied(refactor_editor, uri, DATACLASS, action)


async def test_WHEN_cs803_reports_THEN_regenerate_and_an_unsafe_quick_fix(
    refactor_editor: EditorClient, refactor_files: Path
) -> None:
    uri, diagnostics = await open_linted(refactor_editor, refactor_files / MODULE_FILE, STALE_TO_DICT)
    diagnostic = of_code(diagnostics, "CS803")
    actions = await request_actions(refactor_editor, uri, diagnostic.range.start, diagnostic.range.end, [diagnostic])
    titles = {action.title: action.is_preferred for action in actions}
    assert None == titles["Regenerate to_dict()"]
    unsafe = [title for title in titles if title.endswith("(unsafe)")]
    assert [None] == [titles[title] for title in unsafe]


async def test_WHEN_a_value_is_undocumented_THEN_two_suggestions_not_preferred(
    refactor_editor: EditorClient, refactor_files: Path
) -> None:
    uri, diagnostics = await open_linted(refactor_editor, refactor_files / MODULE_FILE, CONSTANT)
    diagnostic = of_code(diagnostics, "CS304")
    actions = await request_actions(refactor_editor, uri, diagnostic.range.start, diagnostic.range.end, [diagnostic],
                                    only=[types.CodeActionKind.QuickFix])
    suggestions = [action for action in actions if action.title.endswith("(suggestion)")]
    expected = {
        "LIMIT = 100  # Arbitrarily chosen\n": None,
        "LIMIT = 100  # TODO: why this value?\n": None,
    }
    actual = {await applied(refactor_editor, uri, CONSTANT, action): action.is_preferred for action in suggestions}
    assert expected == actual


async def test_WHEN_cursor_on_an_undocumented_value_without_diagnostic_THEN_document_value(
    refactor_editor: EditorClient, refactor_files: Path
) -> None:
    uri, _ = await open_linted(refactor_editor, refactor_files / MODULE_FILE, CONSTANT)
    actions = await request_actions(refactor_editor, uri, types.Position(0, 9),
                                    only=[types.CodeActionKind.RefactorRewrite])
    expected = ["Document value: # Arbitrarily chosen", "Document value: # TODO: why this value?"]
    assert expected == [action.title for action in actions]


async def test_WHEN_a_literal_is_selected_THEN_extract_constant(
    refactor_editor: EditorClient, refactor_files: Path
) -> None:
    uri, _ = await open_linted(refactor_editor, refactor_files / MODULE_FILE, CALL)
    actions = await request_actions(refactor_editor, uri, types.Position(4, 15), types.Position(4, 17),
                                    only=[types.CodeActionKind.RefactorExtract])
    [action] = actions
    expected = (
        "import time\n\nSLEEP_SECONDS = 30  # TODO: why this value?\n\n\ndef main() -> None:\n"
        "    time.sleep(SLEEP_SECONDS)\n"
    )
    actual = (action.title, await applied(refactor_editor, uri, CALL, action))
    assert ("Extract constant SLEEP_SECONDS", expected) == actual


# -- snippet edits ---------------------------------------------------------------------------------------------


@pytest_asyncio.fixture(loop_scope="session")
async def snippet_client(refactor_root: Path) -> AsyncIterator[EditorClient]:
    """VS Code with LSP 3.18's snippet edits in workspace edits."""
    client = await server_config().start()
    params = initialize_params("visual-studio-code", [refactor_root], {"debounce": 10})
    params.capabilities = capabilities_of("visual-studio-code")
    params.capabilities.workspace.workspace_edit.snippet_edit_support = True
    await client.initialize_session(params)
    yield client
    await client.shutdown_session()
    await client.stop()


async def test_WHEN_the_client_takes_snippets_THEN_placeholders_are_tab_stops(
    snippet_client: EditorClient, refactor_files: Path
) -> None:
    uri, diagnostics = await open_linted(snippet_client, refactor_files / MODULE_FILE, CONSTANT)
    diagnostic = of_code(diagnostics, "CS304")
    actions = await request_actions(snippet_client, uri, diagnostic.range.start, diagnostic.range.end, [diagnostic])
    snippets: Dict[str, str] = {}
    for action in actions:
        for edit in edits_of((await resolved(snippet_client, action)).edit, uri):
            snippets[action.title] = edit.snippet.value if isinstance(edit, types.SnippetTextEdit) else edit.new_text
    expected = {
        "Comment: arbitrarily chosen (suggestion)": "  # Arbitrarily chosen",
        "Comment: TODO say why this value (suggestion)": "  # ${1:TODO: why this value?}",
        "Ignore CS304 on this line": "  # noqa: CS304",
        "Record a deviation from CS304": "# DEVIATION(CS304): $1\n# Reason: $2\n",
    }
    assert expected == snippets
