"""The workspace: folders (each file belongs to the innermost one), the Python files they hold, pull
diagnostics for all of them, and the pyproject.toml watcher.

`workspace/diagnostic` walks every folder as `chris-style check <folder>` does (.gitignore, `exclude` and tool
directories skipped). Open documents report their in-editor state; files on disk are linted in the background,
one at a time and only while no open document waits for a lint, and a file whose modification time, size and
settings are unchanged since the client's previous result is answered "unchanged" without linting.
"""

import asyncio
import logging
import uuid
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, Optional

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import Workspace

from chris_style.config import ConfigError, Settings, find_config_file, load_config_file
from chris_style.files import UnreadableFile, read_source, walk_python_files
from chris_style.lsp.documents import Linted, LintJob

if TYPE_CHECKING:
    from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)

CONFIG_FILE_GLOB = "**/pyproject.toml"
WATCHER_REGISTRATION_ID = "chris-style-pyproject-watcher"
CONFIGURATION_REGISTRATION_ID = "chris-style-configuration"
# Progress is reported after this many files: often enough to move the bar, rarely enough to stay cheap.
PROGRESS_EVERY_FILES = 10


@dataclass
class Folder:
    uri: str
    path: Path


def workspace_folders(workspace: Workspace) -> List[Folder]:
    """The open folders; the root URI counts as one when the client sends no folders."""
    uris = [folder.uri for folder in workspace.folders.values()]
    if not uris and workspace.root_uri:
        uris = [workspace.root_uri]
    folders = []
    for uri in uris:
        path = to_fs_path(uri)
        if path is not None:
            folders.append(Folder(uri.rstrip("/"), Path(path)))
    return folders


def folder_of(folders: List[Folder], path: Optional[Path]) -> Optional[Folder]:
    """The innermost folder holding `path`."""
    if path is None:
        return None
    holding = [folder for folder in folders if path == folder.path or folder.path in path.parents]
    return max(holding, key=lambda folder: len(folder.path.parts), default=None)


def document_result_id(linted: Linted) -> str:
    return f"v{linted.version}-g{linted.generation}"


def _disk_result_id(path: Path, generation: int) -> Optional[str]:
    try:
        status = path.stat()
    except OSError:
        return None
    return f"m{status.st_mtime_ns}-{status.st_size}-g{generation}"


class _Progress:
    """Work-done progress on the client's token, or on one the server creates when the client allows it."""

    def __init__(self, server: "ChrisStyleServer", token: Optional[types.ProgressToken]) -> None:
        self._server = server
        self._token = token
        self._started = False

    async def begin(self, total: int) -> None:
        """Start reporting, creating a token first when the client gave none but accepts server-made ones."""
        if self._token is None and self._server.supports_work_done_progress:
            token = f"chris-style-workspace-{uuid.uuid4()}"
            try:
                await self._server.work_done_progress.create_async(token)
                self._token = token
            except Exception as error:
                # Progress is a nicety; the diagnostics still come.
                logger.debug("the client refused a progress token: %s", error)
        if self._token is not None:
            self._server.work_done_progress.begin(
                self._token, types.WorkDoneProgressBegin(title="chris-style", message=f"Checking {total} files",
                                                         percentage=0, cancellable=False),
            )
            self._started = True

    def report(self, done: int, total: int) -> None:
        if self._started and total:
            self._server.work_done_progress.report(
                self._token, types.WorkDoneProgressReport(message=f"{done}/{total} files",
                                                          percentage=int(100 * done / total)),
            )

    def end(self, total: int) -> None:
        if self._started:
            self._server.work_done_progress.end(self._token, types.WorkDoneProgressEnd(message=f"Checked {total} files"))


def _exclusion_check() -> Callable[[Path], bool]:
    """Whether a path is excluded by its nearest pyproject.toml, each config read once per walk. The walk runs in
    the background thread, so this shares nothing with the event loop; invalid configs are reported when their
    files are linted."""
    loaded: Dict[Path, Optional[Settings]] = {}

    def is_excluded(path: Path) -> bool:
        try:
            config_file = find_config_file(path)
        except ConfigError:
            return False
        if config_file is None:
            return False
        if config_file not in loaded:
            try:
                loaded[config_file] = load_config_file(config_file)
            except ConfigError:
                loaded[config_file] = None
        settings = loaded[config_file]
        return settings is not None and settings.is_excluded(path)

    return is_excluded


def _list_files(folders: List[Folder]) -> List[Path]:
    files: List[Path] = []
    seen = set()
    is_excluded = _exclusion_check()
    for folder in folders:
        for path in walk_python_files(folder.path, is_excluded):
            if path not in seen:
                seen.add(path)
                files.append(path)
    return files


async def workspace_diagnostic(
    server: "ChrisStyleServer", params: types.WorkspaceDiagnosticParams, background: Executor
) -> types.WorkspaceDiagnosticReport:
    """Diagnostics for every Python file of every folder."""
    loop = asyncio.get_running_loop()
    previous: Dict[str, str] = {item.uri: item.value for item in params.previous_result_ids}
    folders = workspace_folders(server.workspace)
    files = await loop.run_in_executor(background, _list_files, folders)
    progress = _Progress(server, params.work_done_token)
    if not all(_is_unchanged(server, path, previous) for path in files):
        await progress.begin(len(files))
    items: List[types.WorkspaceDocumentDiagnosticReport] = []
    try:
        for done, path in enumerate(files, start=1):
            report = await _file_report(server, path, previous, background)
            if report is not None:
                items.append(report)
            if done % PROGRESS_EVERY_FILES == 0:
                progress.report(done, len(files))
    finally:
        progress.end(len(files))
    return types.WorkspaceDiagnosticReport(items=items)


def _is_unchanged(server: "ChrisStyleServer", path: Path, previous: Dict[str, str]) -> bool:
    uri = from_fs_path(str(path))
    if server.documents.get(uri) is not None:
        return True
    result_id = _disk_result_id(path, server.scheduler.generation)
    return result_id is not None and previous.get(uri) == result_id


async def _file_report(
    server: "ChrisStyleServer", path: Path, previous: Dict[str, str], background: Executor
) -> Optional[types.WorkspaceDocumentDiagnosticReport]:
    uri = from_fs_path(str(path))
    document = server.documents.get(uri)
    if document is not None:
        linted = await server.shown_lint(document)
        if linted is None:
            return None
        return _report(uri, document_result_id(linted), previous, linted.diagnostics, linted.version)
    result_id = _disk_result_id(path, server.scheduler.generation)
    if result_id is None:
        return None
    if previous.get(uri) == result_id:
        return types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=result_id, version=None)
    await server.scheduler.idle()
    make_job = server.disk_job_factory(path, uri)
    linted = await asyncio.get_running_loop().run_in_executor(background, _lint_file, path, make_job)
    if linted is None:
        return None
    return _report(uri, result_id, previous, linted.diagnostics, None)


def _lint_file(path: Path, make_job: Callable[[str], LintJob]) -> Optional[Linted]:
    """Read (PEP 263 aware) and lint a file on disk; runs in the background worker."""
    try:
        text = read_source(path).text
    except UnreadableFile as error:
        logger.warning("cannot check %s: %s", path, error)
        return None
    try:
        return make_job(text).run()
    except Exception:
        # One file's failure must not cost the workspace's other diagnostics.
        logger.exception("checking %s failed", path)
        return None


def _report(
    uri: str, result_id: str, previous: Dict[str, str], diagnostics: List[types.Diagnostic], version: Optional[int]
) -> types.WorkspaceDocumentDiagnosticReport:
    if previous.get(uri) == result_id:
        return types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=result_id, version=version)
    return types.WorkspaceFullDocumentDiagnosticReport(uri=uri, items=diagnostics, result_id=result_id, version=version)


async def register_watchers(server: "ChrisStyleServer") -> None:
    """Ask the client to report pyproject.toml changes, when it supports registering that dynamically."""
    registrations = []
    if server.supports_dynamic_registration("did_change_watched_files"):
        registrations.append(types.Registration(
            id=WATCHER_REGISTRATION_ID,
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=CONFIG_FILE_GLOB)]
            ),
        ))
    if server.supports_dynamic_registration("did_change_configuration"):
        registrations.append(types.Registration(
            id=CONFIGURATION_REGISTRATION_ID, method=types.WORKSPACE_DID_CHANGE_CONFIGURATION
        ))
    if not registrations:
        return
    try:
        await server.client_register_capability_async(types.RegistrationParams(registrations=registrations))
    except Exception as error:
        # Without watchers, config changes still apply at each file's next lint.
        logger.warning("the client did not accept the file watcher registration: %s", error)
