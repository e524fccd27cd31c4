"""Multi-root workspaces: each file follows its own folder's editor settings and its nearest pyproject.toml."""

from pathlib import Path
from typing import AsyncIterator, Dict, List, Tuple

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.uris import from_fs_path

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
ALL_FOUR = '[tool.chris-style]\nselect = ["CS102", "CS201", "CS202", "CS405"]\n'
ERROR = types.DiagnosticSeverity.Error
WARNING = types.DiagnosticSeverity.Warning
INFORMATION = types.DiagnosticSeverity.Information
HINT = types.DiagnosticSeverity.Hint


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def summary(diagnostics: List[types.Diagnostic]) -> List[Tuple[str, types.DiagnosticSeverity]]:
    return [(item.code, item.severity) for item in diagnostics]


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    """Two folders open from the start, one added later, and a directory outside all of them."""
    root = tmp_path_factory.mktemp("roots")
    paths = {name: root / name for name in ("alpha", "beta", "gamma", "outside")}
    write(paths["alpha"] / CONFIG_FILE, ALL_FOUR)
    write(paths["alpha"] / "nested" / CONFIG_FILE, '[tool.chris-style]\nselect = ["CS202"]\n')
    write(paths["beta"] / CONFIG_FILE, '[tool.chris-style]\nselect = ["CS102", "CS201", "CS405"]\n')
    write(paths["gamma"] / CONFIG_FILE, '[tool.chris-style]\nselect = ["CS201"]\n')
    write(paths["outside"] / CONFIG_FILE, '[tool.chris-style]\nselect = ["CS201"]\n')
    return paths


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def client(launch_shared: Launcher, roots: Dict[str, Path]) -> AsyncIterator[EditorClient]:
    configuration = {
        "": {"severity": {"CRITICAL": "information"}},
        from_fs_path(str(roots["alpha"])): {"severity": {"CRITICAL": "error"}},
        from_fs_path(str(roots["beta"])): {"minPriority": "CRITICAL"},
        from_fs_path(str(roots["gamma"])): {"severity": {MISSING_PARAMETER: "hint"}},
    }
    yield await launch_shared("neovim", [roots["alpha"], roots["beta"]], {"debounce": TEST_DEBOUNCE_MS}, configuration)


async def test_WHEN_folders_differ_THEN_each_file_uses_its_folder_settings_and_nearest_pyproject(
    client: EditorClient, roots: Dict[str, Path]
) -> None:
    alpha, beta, outside = roots["alpha"], roots["beta"], roots["outside"]
    uris = [client.open(path, MODULE) for path in
            (alpha / MODULE_FILE, alpha / "nested" / MODULE_FILE, beta / MODULE_FILE, outside / MODULE_FILE)]
    actual = [summary(await client.wait_for_diagnostics(uri, version=1)) for uri in uris]
    expected = [
        [(EXTERNAL_CLIENT, HINT), (MISSING_RETURN, ERROR), (MISSING_PARAMETER, ERROR), (PRINT_CALL, INFORMATION)],
        [(MISSING_RETURN, ERROR)],
        [(MISSING_PARAMETER, WARNING)],
        [(MISSING_PARAMETER, INFORMATION)],
    ]
    assert expected == actual


async def test_WHEN_folder_added_THEN_its_settings_are_read_and_its_files_relinted(
    client: EditorClient, roots: Dict[str, Path]
) -> None:
    gamma_uri = from_fs_path(str(roots["gamma"]))
    uri = client.open(roots["gamma"] / MODULE_FILE, MODULE)
    before = await client.wait_for_diagnostics(uri, version=1)
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        types.WorkspaceFoldersChangeEvent(added=[types.WorkspaceFolder(uri=gamma_uri, name="gamma")], removed=[])
    ))
    after = await client.next_publication(uri, after=1)
    expected = ([(MISSING_PARAMETER, INFORMATION)], [(MISSING_PARAMETER, HINT)])
    assert expected == (summary(before), summary(after.diagnostics))
