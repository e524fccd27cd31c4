"""Baselines in the editor: the findings `chris-style check --write-baseline` recorded are not shown, a new one
is, `showBaselined` shows the recorded ones as hints, and a rewritten baseline is followed."""

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.conftest import run_cli
from tests.lsp.conftest import Launcher
from tests.lsp.harness import CONFIG_FILE, MISSING_PARAMETER, MISSING_RETURN, MODULE_FILE, PRINT_CALL

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODULE = "def run(command):\n    print(command)\n    return None\n"
BASELINE = ".chris-style-baseline.json"


def _baselined_project(root: Path) -> Path:
    (root / CONFIG_FILE).write_text("[tool.chris-style]\n", encoding="utf-8")
    path = root / MODULE_FILE
    path.write_text(MODULE, encoding="utf-8")
    result = run_cli("check", "--write-baseline", "--no-cache", cwd=root)
    assert (0, True) == (result.exit_code, (root / BASELINE).exists())
    return path


async def test_WHEN_document_has_only_baselined_findings_THEN_none_shown_and_a_new_one_is(
    launch: Launcher, tmp_path: Path
) -> None:
    path = _baselined_project(tmp_path)
    client = await launch("visual-studio-code", [tmp_path])
    uri = client.open(path, MODULE)
    before = await client.wait_for_diagnostics(uri, version=1)
    client.edit(uri, 2, types.Position(2, 0), types.Position(2, 0), "    print('done')\n")
    after = await client.wait_for_diagnostics(uri, version=2)
    assert ([], [(PRINT_CALL, 2)]) == (list(before), [(item.code, item.range.start.line) for item in after])


async def test_WHEN_show_baselined_THEN_recorded_findings_are_hints_that_say_so(
    launch: Launcher, tmp_path: Path
) -> None:
    path = _baselined_project(tmp_path)
    client = await launch("neovim", [tmp_path], {"showBaselined": True})
    diagnostics = await client.wait_for_diagnostics(client.open(path, MODULE), version=1)
    shown = sorted((item.code, item.severity, item.message.endswith("(recorded in the baseline)")) for item in diagnostics)
    hint = types.DiagnosticSeverity.Hint
    assert [(MISSING_PARAMETER, hint, True), (MISSING_RETURN, hint, True), (PRINT_CALL, hint, True)] == shown


async def test_WHEN_baseline_rewritten_and_watched_THEN_open_documents_follow_it(
    launch: Launcher, tmp_path: Path
) -> None:
    path = _baselined_project(tmp_path)
    client = await launch("visual-studio-code", [tmp_path])
    uri = client.open(path, MODULE)
    await client.wait_for_diagnostics(uri, version=1)
    count = len(client.publications(uri))
    (tmp_path / BASELINE).unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=from_fs_path(str(tmp_path / BASELINE)), type=types.FileChangeType.Deleted)]
        )
    )
    after = await client.next_publication(uri, after=count)
    assert [MISSING_RETURN, MISSING_PARAMETER, PRINT_CALL] == [item.code for item in after.diagnostics]


async def test_WHEN_baseline_file_is_invalid_THEN_said_once_and_every_finding_shown(
    launch: Launcher, tmp_path: Path
) -> None:
    path = _baselined_project(tmp_path)
    (tmp_path / BASELINE).write_text("{}", encoding="utf-8")
    client = await launch("visual-studio-code", [tmp_path])
    diagnostics = await client.wait_for_diagnostics(client.open(path, MODULE), version=1)
    warnings = [message.message for message in client.messages if "not a valid baseline file" in message.message]
    assert (3, 1) == (len(diagnostics), len(warnings))
