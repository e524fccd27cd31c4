"""Settings end to end: defaults match the CLI, precedence of the layers, per-folder settings, bad settings."""

import asyncio
import json
from pathlib import Path
from typing import AsyncIterator, List, Tuple

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.conftest import run_cli
from tests.lsp.conftest import Launcher
from tests.lsp.harness import (
    CONFIG_FILE,
    EXTERNAL_CLIENT,
    MISSING_PARAMETER,
    MISSING_RETURN,
    MODULE_FILE,
    PRINT_CALL,
    TEST_DEBOUNCE_MS,
    EditorClient,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODULE = "import requests\n\n\ndef run(command):\n    print(command)\n"
# Enough variety for the comparison with the CLI: several sections, priorities and a suppression.
RICH_MODULE = (
    "import os\nimport requests\n\nTIMEOUT = 30\n\n\nclass Error(Exception):\n    pass\n\n\n"
    "def run(command, retries=[]):  # noqa: CS202\n    print(command)\n    if len(retries) > 3:\n"
    "        raise Exception('too many')\n    return os.getcwd()\n"
)
ERROR = types.DiagnosticSeverity.Error
WARNING = types.DiagnosticSeverity.Warning
INFORMATION = types.DiagnosticSeverity.Information
HINT = types.DiagnosticSeverity.Hint
# Showing that something did not happen needs a pause: long enough for a 10 ms debounce and a small lint.
QUIET_SECONDS = 0.5


def summary(diagnostics: List[types.Diagnostic]) -> List[Tuple[str, types.DiagnosticSeverity]]:
    return [(item.code, item.severity) for item in diagnostics]


async def test_WHEN_editor_sends_no_settings_THEN_diagnostics_match_cli_check_with_observed(
    launch: Launcher, tmp_path: Path
) -> None:
    (tmp_path / CONFIG_FILE).write_text("[tool.chris-style]\n", encoding="utf-8")
    path = tmp_path / "service.py"
    path.write_text(RICH_MODULE, encoding="utf-8")
    client = await launch("visual-studio-code", [tmp_path])
    diagnostics = await client.wait_for_diagnostics(client.open(path, RICH_MODULE), version=1)
    items = json.loads(run_cli("check", str(path), "--min-priority", "OBSERVED", "--output-format", "json",
                               cwd=tmp_path).stdout)
    expected = [
        (item["code"], item["line"] - 1, item["column"] - 1, item["end_line"] - 1, item["end_column"] - 1,
         f"[{item['priority']}] {item['message']}")
        for item in items
    ]
    actual = [
        (item.code, item.range.start.line, item.range.start.character, item.range.end.line,
         item.range.end.character, item.message)
        for item in diagnostics
    ]
    assert sorted(expected) == sorted(actual)
    assert True == (len(actual) >= 8)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> List[Path]:
    """Folders set differently by the VS Code extension's per-folder initializationOptions; the last one also
    has a pyproject.toml and `workspace/configuration` values that overlap them."""
    root = tmp_path_factory.mktemp("folders")
    paths = [root / "disabled", root / "on_save", root / "linked", root / "layered"]
    for path in paths[:3]:
        path.mkdir()
        (path / CONFIG_FILE).write_text('[tool.chris-style]\nselect = ["CS201", "CS202", "CS405"]\n',
                                             encoding="utf-8")
    paths[3].mkdir()
    (paths[3] / CONFIG_FILE).write_text(
        '[tool.chris-style]\nselect = ["CS102", "CS201", "CS202", "CS405"]\nignore = ["CS405"]\n'
        'severity = {CRITICAL = "error"}\n',
        encoding="utf-8",
    )
    return paths


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def folder_client(launch_shared: Launcher, folders: List[Path]) -> AsyncIterator[EditorClient]:
    disabled, on_save, linked, layered = (from_fs_path(str(path)) for path in folders)
    options = {
        "debounce": TEST_DEBOUNCE_MS,
        "globalSettings": {"logLevel": "debug", "debounce": TEST_DEBOUNCE_MS},
        "settings": [
            {"workspace": disabled, "enable": False},
            {"workspace": on_save, "run": "onSave"},
            {"workspace": linked, "docsUrl": "https://example.com/docs", "severity": {"PREFERRED": "warning"}},
            {"workspace": layered, "minPriority": "OBSERVED", "severity": {MISSING_PARAMETER: "hint"}},
        ],
    }
    configuration = {layered: {"minPriority": "PREFERRED"}}
    yield await launch_shared("emacs", folders, initialization_options=options, configuration=configuration)


async def test_WHEN_settings_come_from_every_layer_THEN_editor_beats_pyproject_beats_defaults(
    folder_client: EditorClient, folders: List[Path]
) -> None:
    uri = folder_client.open(folders[3] / MODULE_FILE, MODULE)
    diagnostics = await folder_client.wait_for_diagnostics(uri, version=1)
    assert [(MISSING_RETURN, ERROR), (MISSING_PARAMETER, HINT)] == summary(diagnostics)


async def test_WHEN_configuration_changes_THEN_documents_follow_the_new_values(
    folder_client: EditorClient, folders: List[Path]
) -> None:
    uri = folder_client.open(folders[3] / "changing.py", MODULE)
    await folder_client.wait_for_diagnostics(uri, version=1)
    folder_uri = from_fs_path(str(folders[3]))
    folder_client.set_configuration({"minPriority": "OBSERVED"}, section="chrisStyle", scope_uri=folder_uri)
    folder_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    changed = await folder_client.next_publication(uri, after=1)
    assert [(EXTERNAL_CLIENT, HINT), (MISSING_RETURN, ERROR), (MISSING_PARAMETER, HINT)] == summary(changed.diagnostics)


async def test_WHEN_folder_disables_linting_THEN_its_files_show_nothing(
    folder_client: EditorClient, folders: List[Path]
) -> None:
    uri = folder_client.open(folders[0] / MODULE_FILE, MODULE)
    assert [] == list(await folder_client.wait_for_diagnostics(uri, version=1))


async def test_WHEN_folder_lints_on_save_THEN_edits_wait_for_the_save(
    folder_client: EditorClient, folders: List[Path]
) -> None:
    uri = folder_client.open(folders[1] / MODULE_FILE, MODULE)
    await folder_client.wait_for_diagnostics(uri, version=1)
    folder_client.edit(uri, 2, types.Position(3, 15), types.Position(3, 15), ": str")
    await asyncio.sleep(QUIET_SECONDS)
    unsaved = folder_client.versions_published(uri)
    folder_client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    saved = await folder_client.wait_for_diagnostics(uri, version=2)
    assert ([1], [MISSING_RETURN, PRINT_CALL]) == (unsaved, [item.code for item in saved])


async def test_WHEN_folder_sets_docs_url_and_severity_THEN_diagnostics_link_and_follow_it(
    folder_client: EditorClient, folders: List[Path]
) -> None:
    uri = folder_client.open(folders[2] / MODULE_FILE, MODULE)
    diagnostics = await folder_client.wait_for_diagnostics(uri, version=1)
    expected = [
        (MISSING_RETURN, WARNING, "https://example.com/docs/rules/CS202.md"),
        (MISSING_PARAMETER, WARNING, "https://example.com/docs/rules/CS201.md"),
        (PRINT_CALL, WARNING, "https://example.com/docs/rules/CS405.md"),
    ]
    assert expected == [(item.code, item.severity, item.code_description.href) for item in diagnostics]


async def test_WHEN_log_level_is_debug_THEN_lint_times_are_logged(
    folder_client: EditorClient, folders: List[Path]
) -> None:
    uri = folder_client.open(folders[2] / "timed.py", MODULE)
    await folder_client.wait_for_diagnostics(uri, version=1)
    logged = [message for message in folder_client.log_messages if f"linted {uri} v1 in " in message.message]
    assert [types.MessageType.Log] == [message.type for message in logged]


@pytest.fixture(scope="module")
def misconfigured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("misconfigured")
    (root / CONFIG_FILE).write_text('[tool.chris-style]\nselect = ["CS102", "CS201"]\n', encoding="utf-8")
    (root / "broken").mkdir()
    (root / "broken" / CONFIG_FILE).write_text('[tool.chris-style]\nline-length = "long"\n', encoding="utf-8")
    return root


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def misconfigured_client(launch_shared: Launcher, misconfigured: Path) -> AsyncIterator[EditorClient]:
    options = {"debounce": TEST_DEBOUNCE_MS, "run": "sometimes", "minPriority": "SEVERE"}
    yield await launch_shared("neovim", [misconfigured], initialization_options=options)


def shown(client: EditorClient, text: str) -> List[Tuple[types.MessageType, str]]:
    return [(message.type, message.message) for message in client.messages if text in message.message]


async def test_WHEN_editor_settings_are_invalid_THEN_each_is_shown_once_and_defaults_apply(
    misconfigured_client: EditorClient, misconfigured: Path
) -> None:
    uri = misconfigured_client.open(misconfigured / MODULE_FILE, MODULE)
    diagnostics = await misconfigured_client.wait_for_diagnostics(uri, version=1)
    misconfigured_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await misconfigured_client.next_publication(uri, after=1)
    expected = [
        (types.MessageType.Warning, "chris-style: Invalid setting: `chrisStyle.run` must be one of onType, onSave, "
                                    "not 'sometimes'; using the default."),
        (types.MessageType.Warning, "chris-style: Invalid setting: `chrisStyle.minPriority` must be CRITICAL, "
                                    "PREFERRED or OBSERVED, not 'SEVERE'; using the default."),
    ]
    assert expected == shown(misconfigured_client, "Invalid setting")
    assert [(EXTERNAL_CLIENT, HINT), (MISSING_PARAMETER, WARNING)] == summary(diagnostics)


async def test_WHEN_pyproject_is_invalid_THEN_error_shown_once_and_files_linted_with_defaults(
    misconfigured_client: EditorClient, misconfigured: Path
) -> None:
    first = misconfigured_client.open(misconfigured / "broken" / "first.py", MODULE)
    second = misconfigured_client.open(misconfigured / "broken" / "second.py", MODULE)
    diagnostics = await misconfigured_client.wait_for_diagnostics(first, version=1)
    await misconfigured_client.wait_for_diagnostics(second, version=1)
    config = misconfigured / "broken" / CONFIG_FILE
    expected = [(types.MessageType.Error, f"chris-style: {config}: `line-length` must be a positive integer, not "
                                          "'long' (linting with the default settings until it is fixed)")]
    assert expected == shown(misconfigured_client, str(config))
    defaults = {EXTERNAL_CLIENT, MISSING_PARAMETER, MISSING_RETURN, PRINT_CALL}
    assert True == (defaults <= {item.code for item in diagnostics})
