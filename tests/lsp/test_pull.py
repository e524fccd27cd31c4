"""Pull diagnostics as current VS Code asks for them: document reports, result ids, workspace reports, refresh."""

from pathlib import Path
from typing import AsyncIterator, Dict, List

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.lsp.conftest import Launcher
from tests.lsp.harness import (
    CONFIG_FILE,
    ENCODINGS,
    MISSING_PARAMETER,
    MISSING_RETURN,
    MODULE_FILE,
    PULL_EDITOR,
    TEST_DEBOUNCE_MS,
    EditorClient,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODULE = "def run(command):\n    return None\n"
CLEAN = "def run(command: str) -> None:\n    return None\n"
CS201_ONLY = '[tool.chris-style]\nselect = ["CS201"]\n'
CS202_ONLY = '[tool.chris-style]\nselect = ["CS202"]\n'


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def workspace_client(launch_shared: Launcher, module_root: Path) -> AsyncIterator[EditorClient]:
    """A pull server of this module's own, whose workspace holds only this module's files."""
    yield await launch_shared(PULL_EDITOR, [module_root], {"debounce": TEST_DEBOUNCE_MS})


def codes(report: types.DocumentDiagnosticReport) -> List[str]:
    return [item.code for item in report.items]


async def test_WHEN_editor_connects_THEN_log_names_diagnostic_model_and_position_encoding(
    editor: EditorClient, pull_client: EditorClient
) -> None:
    expected = [
        f"push diagnostics, {ENCODINGS[editor.editor]} positions",
        "pull diagnostics, utf-16 positions",
    ]

    def logged(client: EditorClient) -> List[str]:
        return [message.message.split(": ", 1)[1] for message in client.log_messages if "diagnostics," in message.message]

    # The server answers `initialize` before it loads pygls (lsp/fast_start.py): the log line may come after.
    actual = [(await client.wait_until(lambda client=client: logged(client)))[0] for client in (editor, pull_client)]
    assert expected == actual


async def test_WHEN_document_pulled_twice_THEN_second_report_is_unchanged(
    pull_client: EditorClient, files: Path
) -> None:
    uri = pull_client.open(files / MODULE_FILE, MODULE)
    first = await pull_client.pull(uri)
    second = await pull_client.pull(uri, previous_result_id=first.result_id)
    assert [MISSING_RETURN, MISSING_PARAMETER] == codes(first)
    assert (types.DocumentDiagnosticReportKind.Unchanged, first.result_id) == (second.kind, second.result_id)


async def test_WHEN_document_edited_THEN_pull_reports_the_new_version(pull_client: EditorClient, files: Path) -> None:
    uri = pull_client.open(files / MODULE_FILE, MODULE)
    first = await pull_client.pull(uri)
    pull_client.replace(uri, 2, CLEAN)
    second = await pull_client.pull(uri, previous_result_id=first.result_id)
    assert (types.DocumentDiagnosticReportKind.Full, []) == (second.kind, codes(second))
    assert True == (first.result_id != second.result_id)


async def test_WHEN_client_pulls_THEN_nothing_is_pushed(pull_client: EditorClient, files: Path) -> None:
    uri = pull_client.open(files / MODULE_FILE, MODULE)
    await pull_client.pull(uri)
    assert [] == pull_client.publications(uri)


async def test_WHEN_unknown_document_pulled_THEN_report_is_empty(pull_client: EditorClient, files: Path) -> None:
    report = await pull_client.pull(from_fs_path(str(files / "never_opened.py")))
    assert (types.DocumentDiagnosticReportKind.Full, []) == (report.kind, codes(report))


async def test_WHEN_editor_settings_change_THEN_pull_client_is_asked_to_refresh(
    pull_client: EditorClient, files: Path
) -> None:
    before = pull_client.refreshes
    pull_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert before + 1 == await pull_client.wait_until(lambda: pull_client.refreshes > before and pull_client.refreshes)


async def test_WHEN_pyproject_changes_THEN_client_refreshes_and_pull_follows_new_config(
    workspace_client: EditorClient, module_files: Path
) -> None:
    config = module_files / CONFIG_FILE
    config.write_text(CS201_ONLY, encoding="utf-8")
    uri = workspace_client.open(module_files / MODULE_FILE, MODULE)
    first = await workspace_client.pull(uri)
    before = workspace_client.refreshes
    config.write_text(CS202_ONLY, encoding="utf-8")
    workspace_client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=from_fs_path(str(config)), type=types.FileChangeType.Changed)]
    ))
    await workspace_client.wait_until(lambda: workspace_client.refreshes > before)
    second = await workspace_client.pull(uri, previous_result_id=first.result_id)
    assert ([MISSING_PARAMETER], [MISSING_RETURN]) == (codes(first), codes(second))


def reports_under(report: types.WorkspaceDiagnosticReport, directory: Path) -> Dict[str, tuple]:
    prefix = from_fs_path(str(directory)) + "/"
    return {
        item.uri[len(prefix):]: (item.kind, [diagnostic.code for diagnostic in getattr(item, "items", [])])
        for item in report.items
        if item.uri.startswith(prefix)
    }


async def test_WHEN_workspace_pulled_THEN_every_python_file_is_reported_with_progress(
    workspace_client: EditorClient, module_files: Path
) -> None:
    (module_files / CONFIG_FILE).write_text(
        '[tool.chris-style]\nselect = ["CS201"]\nexclude = ["generated"]\n', encoding="utf-8"
    )
    for name, text in {"pkg/a.py": MODULE, "pkg/b.py": CLEAN, "generated/g.py": MODULE, "build/x.py": MODULE}.items():
        (module_files / name).parent.mkdir(parents=True, exist_ok=True)
        (module_files / name).write_text(text, encoding="utf-8")
    workspace_client.open(module_files / "open.py", MODULE)
    workspace_client.replace(from_fs_path(str(module_files / "open.py")), 2, "def run(a, b):\n    return None\n")
    report = await workspace_client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[], work_done_token="workspace-1")
    )
    full = types.DocumentDiagnosticReportKind.Full
    expected = {
        "open.py": (full, [MISSING_PARAMETER, MISSING_PARAMETER]),
        "pkg/a.py": (full, [MISSING_PARAMETER]),
        "pkg/b.py": (full, []),
    }
    assert expected == reports_under(report, module_files)
    kinds = [value["kind"] for value in workspace_client.progress]
    assert ("begin", "end") == (kinds[0], kinds[-1])


async def test_WHEN_workspace_pulled_again_THEN_only_changed_files_are_reported_in_full(
    workspace_client: EditorClient, module_files: Path
) -> None:
    (module_files / CONFIG_FILE).write_text('[tool.chris-style]\nselect = ["CS201"]\n', encoding="utf-8")
    for name in ("a.py", "b.py"):
        (module_files / name).write_text(MODULE, encoding="utf-8")
    first = await workspace_client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    (module_files / "b.py").write_text(CLEAN + "\n", encoding="utf-8")
    previous = [types.PreviousResultId(uri=item.uri, value=item.result_id) for item in first.items]
    second = await workspace_client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=previous)
    )
    expected = {"a.py": (types.DocumentDiagnosticReportKind.Unchanged, []),
                "b.py": (types.DocumentDiagnosticReportKind.Full, [])}
    assert expected == reports_under(second, module_files)
