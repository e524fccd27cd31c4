"""pyproject.toml changes: the watcher registration, re-lint on a watched change, and on the next lint without one."""

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.lsp.harness import CONFIG_FILE, MISSING_PARAMETER, MISSING_RETURN, MODULE_FILE, EditorClient

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODULE = "def run(command):\n    return None\n"
# Editors whose recorded capabilities allow registering file watchers dynamically.
WATCHING_EDITORS = {"visual-studio-code", "emacs"}


def config_change(path: Path) -> types.DidChangeWatchedFilesParams:
    return types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=from_fs_path(str(path)), type=types.FileChangeType.Changed)]
    )


async def test_WHEN_client_allows_dynamic_registration_THEN_config_files_are_watched(
    editor: EditorClient, files: Path
) -> None:
    # The server registers right after reading the settings, before any lint can publish.
    await editor.wait_for_diagnostics(editor.open(files / MODULE_FILE, MODULE), version=1)
    watchers = [
        [watcher["globPattern"] for watcher in registration.register_options["watchers"]]
        for registration in editor.registrations
        if registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    ]
    watched = ["**/ruff.toml", "**/.ruff.toml", "**/pyproject.toml", "**/setup.cfg", "**/tox.ini", "**/.flake8"]
    expected = [[*watched, "**/.chris-style-baseline.json"]] if editor.editor in WATCHING_EDITORS else []
    assert expected == watchers


async def test_WHEN_watched_pyproject_changes_THEN_open_documents_are_linted_again(
    editor: EditorClient, files: Path
) -> None:
    config = files / CONFIG_FILE
    config.write_text('[tool.chris-style]\nselect = ["CS201", "CS202"]\n', encoding="utf-8")
    uri = editor.open(files / MODULE_FILE, MODULE)
    before = await editor.wait_for_diagnostics(uri, version=1)
    count = len(editor.publications(uri))
    config.write_text('[tool.chris-style]\nselect = ["CS201", "CS202"]\nignore = ["CS201"]\n', encoding="utf-8")
    editor.workspace_did_change_watched_files(config_change(config))
    after = await editor.next_publication(uri, after=count)
    actual = ([item.code for item in before], [item.code for item in after.diagnostics])
    assert ([MISSING_RETURN, MISSING_PARAMETER], [MISSING_RETURN]) == actual


async def test_WHEN_pyproject_changes_unwatched_THEN_next_lint_uses_it(editor: EditorClient, files: Path) -> None:
    config = files / CONFIG_FILE
    config.write_text('[tool.chris-style]\nselect = ["CS201"]\n', encoding="utf-8")
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    config.write_text('[tool.chris-style]\nselect = ["CS202"]\n', encoding="utf-8")
    editor.edit(uri, 2, types.Position(1, 15), types.Position(1, 15), "  # done")
    diagnostics = await editor.wait_for_diagnostics(uri, version=2)
    assert [MISSING_RETURN] == [item.code for item in diagnostics]


async def test_WHEN_pyproject_becomes_invalid_THEN_error_shown_once_and_defaults_used(
    editor: EditorClient, files: Path
) -> None:
    config = files / CONFIG_FILE
    config.write_text('[tool.chris-style]\nselect = ["CS202"]\n', encoding="utf-8")
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    count = len(editor.publications(uri))
    config.write_text('[tool.chris-style]\nselect = ["CS202"\n', encoding="utf-8")
    editor.workspace_did_change_watched_files(config_change(config))
    after = await editor.next_publication(uri, after=count)
    editor.edit(uri, 2, types.Position(1, 15), types.Position(1, 15), "  # done")
    await editor.wait_for_diagnostics(uri, version=2)
    shown = [message.type for message in editor.messages if f"{config}: not valid TOML" in message.message]
    assert [types.MessageType.Error] == shown
    assert True == ({MISSING_PARAMETER, MISSING_RETURN} <= {item.code for item in after.diagnostics})
