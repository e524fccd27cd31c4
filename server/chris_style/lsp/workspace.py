"""Workspace diagnostics: the Python files of every folder, pulled (`workspace/diagnostic`) all at once.

`workspace/diagnostic` walks every folder as `chris-style check <folder>` does (.gitignore, `exclude` and tool
directories skipped), reporting its progress every few files; the client can cancel it by the request or by the
progress. Open documents report their in-editor state; files on disk are linted in the background,
one at a time and only while no open document waits for a lint, and a file whose modification time, size and
settings are unchanged since the client's previous result is answered "unchanged" without linting.
"""

import asyncio
import functools
import logging
import uuid
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from lsprotocol import types
from pygls.uris import from_fs_path

from chris_style.config.resolver import SettingsResolver
from chris_style.config.settings import ConfigError
from chris_style.files import UnreadableFile, read_source, walk_python_files
from chris_style.lsp.documents import Linted, LintJob
from chris_style.lsp.folders import Folder, workspace_folders
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)

# Progress is reported after this many files: often enough to move the bar, rarely enough to stay cheap.
PROGRESS_EVERY_FILES = 10


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

    def __init__(self, server: ChrisStyleServer, token: Optional[types.ProgressToken]) -> None:
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
                                                         percentage=0, cancellable=True),
            )
            self._started = True
            self._cancel_with_progress(asyncio.current_task())

    def _cancel_with_progress(self, task: Optional["asyncio.Task[Any]"]) -> None:
        """Cancel the request when the user cancels its progress (`window/workDoneProgress/cancel`, which pygls
        turns into the cancellation of the token's future); `$/cancelRequest` cancels it directly."""
        cancelled = self._server.work_done_progress.tokens.get(self._token)
        if task is None or cancelled is None:
            return
        loop = asyncio.get_running_loop()

        def cancel(future: Any) -> None:
            if future.cancelled():
                loop.call_soon_threadsafe(task.cancel)

        cancelled.add_done_callback(cancel)

    def report(self, done: int, total: int) -> None:
        if self._started and total:
            self._server.work_done_progress.report(
                self._token, types.WorkDoneProgressReport(message=f"{done}/{total} files",
                                                          percentage=int(100 * done / total)),
            )

    def end(self, message: str) -> None:
        if self._started:
            self._server.work_done_progress.end(self._token, types.WorkDoneProgressEnd(message=message))
            # pygls keeps every token it saw; a long session would keep them all.
            self._server.work_done_progress.tokens.pop(self._token, None)


def _is_excluded(resolver: SettingsResolver, path: Path) -> bool:
    """Whether a path is excluded by its nearest pyproject.toml. The walk runs in the background thread; an
    invalid config excludes nothing here and is reported when its files are linted."""
    try:
        return resolver.project_settings(path).is_excluded(path)
    except ConfigError:
        return False


def _list_files(folders: List[Folder], resolver: SettingsResolver) -> List[Path]:
    files: List[Path] = []
    seen = set()
    is_excluded = functools.partial(_is_excluded, resolver)
    for folder in folders:
        for path in walk_python_files(folder.path, is_excluded):
            if path not in seen:
                seen.add(path)
                files.append(path)
    return files


async def workspace_diagnostic(
    server: ChrisStyleServer, params: types.WorkspaceDiagnosticParams, background: Executor
) -> types.WorkspaceDiagnosticReport:
    """Diagnostics for every Python file of every folder."""
    loop = asyncio.get_running_loop()
    previous: Dict[str, str] = {item.uri: item.value for item in params.previous_result_ids}
    folders = workspace_folders(server.workspace)
    files = await loop.run_in_executor(background, _list_files, folders, server.project_settings.resolver)
    progress = _Progress(server, params.work_done_token)
    if not all(_is_unchanged(server, path, previous) for path in files):
        await progress.begin(len(files))
    items: List[types.WorkspaceDocumentDiagnosticReport] = []
    done = 0
    try:
        for done, path in enumerate(files, start=1):
            report = await _file_report(server, path, previous, background)
            if report is not None:
                items.append(report)
            if done % PROGRESS_EVERY_FILES == 0:
                progress.report(done, len(files))
    except asyncio.CancelledError:
        progress.end(f"Cancelled after {done - 1} of {len(files)} files")
        raise
    progress.end(f"Checked {len(files)} files")
    return types.WorkspaceDiagnosticReport(items=items)


def _is_unchanged(server: ChrisStyleServer, path: Path, previous: Dict[str, str]) -> bool:
    uri = from_fs_path(str(path))
    if server.documents.get(uri) is not None:
        return True
    result_id = _disk_result_id(path, server.scheduler.generation)
    return result_id is not None and previous.get(uri) == result_id


async def _file_report(
    server: ChrisStyleServer, path: Path, previous: Dict[str, str], background: Executor
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
    limit = server.settings_for(path).engine.max_file_size
    linted = await asyncio.get_running_loop().run_in_executor(background, _lint_file, path, make_job, limit)
    if linted is None:
        return None
    return _report(uri, result_id, previous, linted.diagnostics, None)


def _lint_file(path: Path, make_job: Callable[[str], LintJob], limit: int) -> Optional[Linted]:
    """Read (PEP 263 aware, at most `limit` bytes) and lint a file on disk; runs in the background worker."""
    try:
        text = read_source(path, limit).text
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
