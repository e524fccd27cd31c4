"""The language server: handler registration, and the state every handler shares.

Diagnostics are pulled (`textDocument/diagnostic`, `workspace/diagnostic`) when the client can pull them and be
asked to refresh them; otherwise they are pushed with `textDocument/publishDiagnostics`.
"""

import asyncio
import functools
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, List, Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from chris_style import __version__
from chris_style.config import clear_cache
from chris_style.lsp import client_log, code_actions, hover, workspace
from chris_style.lsp.diagnostics import SOURCE, render_diagnostics
from chris_style.lsp.documents import Document, DocumentStore, Linted, LintJob, LintScheduler
from chris_style.lsp.positions import DEFAULT_ENCODING, encoding_name
from chris_style.lsp.settings import (
    LOG_LEVELS,
    RUN_ON_SAVE,
    RUN_ON_TYPE,
    SECTION,
    DocumentSettings,
    EditorConfiguration,
    ProjectSettings,
    apply_editor_settings,
)
from chris_style.lsp.workspace import Folder, document_result_id, folder_of, workspace_folders

logger = logging.getLogger(__name__)

SERVER_NAME = "chris-style"
# Two documents can lint at once, so a small file is not stuck behind a big one; more threads would only
# share the one interpreter lock.
LINT_WORKERS = 2
# How long the first lints wait for the client's answer to `workspace/configuration` before using the
# settings from `initializationOptions`; clients answer within milliseconds.
CONFIGURATION_TIMEOUT_SECONDS = 5.0


class ChrisStyleServer(LanguageServer):
    """pygls' server plus the documents, their settings and the lint scheduler."""

    def __init__(self) -> None:
        super().__init__(SERVER_NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.documents = DocumentStore()
        self.editor_settings = EditorConfiguration(functools.partial(self.report_problem, types.MessageType.Warning))
        self.project_settings = ProjectSettings(functools.partial(self.report_problem, types.MessageType.Error))
        self.encoding = DEFAULT_ENCODING
        self.pull = False
        self.settings_ready = asyncio.Event()
        self.lint_executor = ThreadPoolExecutor(LINT_WORKERS, thread_name_prefix="chris-style-lint")
        self.background_executor = ThreadPoolExecutor(1, thread_name_prefix="chris-style-workspace")
        self.scheduler = LintScheduler(self.lint_executor, self.make_job, self.on_linted, self.settings_ready)
        self.log_handler = client_log.ClientLogHandler(self.window_log_message)

    # -- client capabilities ------------------------------------------------------------------------------

    def _capability(self, *names: str) -> Any:
        value: Any = self.client_capabilities
        for name in names:
            value = getattr(value, name, None)
            if value is None:
                return None
        return value

    @property
    def supports_work_done_progress(self) -> bool:
        return bool(self._capability("window", "work_done_progress"))

    def supports_dynamic_registration(self, workspace_feature: str) -> bool:
        return bool(self._capability("workspace", workspace_feature, "dynamic_registration"))

    @property
    def supports_refresh(self) -> bool:
        return bool(self._capability("workspace", "diagnostics", "refresh_support"))

    @property
    def can_pull(self) -> bool:
        """Pull only when the client can also be told to pull again after settings change; a client that
        cannot would show stale diagnostics until the next edit, so it is better served by push."""
        return self._capability("text_document", "diagnostic") is not None and self.supports_refresh

    @property
    def hover_markdown(self) -> bool:
        formats = self._capability("text_document", "hover", "content_format")
        return formats is None or types.MarkupKind.Markdown in formats

    # -- settings -----------------------------------------------------------------------------------------

    def report_problem(self, kind: types.MessageType, message: str) -> None:
        """A configuration problem: shown once to the user and logged; the caller falls back to defaults."""
        logger.warning("%s", message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"chris-style: {message}"))

    def folder_for(self, path: Optional[Path]) -> Optional[Folder]:
        return folder_of(workspace_folders(self.workspace), path)

    def settings_for(self, path: Optional[Path]) -> DocumentSettings:
        """The settings of a file: its folder's editor settings over its nearest pyproject.toml."""
        folder = self.folder_for(path)
        editor = self.editor_settings.for_scope(folder.uri if folder else None)
        root = folder.path if folder else (path.parent if path else None)
        project = self.project_settings.for_path(path, root)
        return DocumentSettings(apply_editor_settings(project, editor), editor)

    async def fetch_configuration(self) -> None:
        """Ask the client for the `chrisStyle` section of every folder and of the window."""
        if not self._capability("workspace", "configuration"):
            return
        folders = workspace_folders(self.workspace)
        scopes: List[Optional[str]] = [None, *(folder.uri for folder in folders)]
        items = [types.ConfigurationItem(scope_uri=scope, section=SECTION) for scope in scopes]
        try:
            values = await asyncio.wait_for(
                self.workspace_configuration_async(types.ConfigurationParams(items=items)),
                CONFIGURATION_TIMEOUT_SECONDS,
            )
        except Exception as error:
            # Without an answer the initialization options still apply.
            logger.warning("could not read the editor settings (workspace/configuration): %r", error)
            return
        for scope, value in zip(scopes, values or []):
            self.editor_settings.set_live(scope, value)

    def apply_log_level(self) -> None:
        client_log.set_level(LOG_LEVELS[self.editor_settings.for_scope(None).log_level])

    def settings_changed(self) -> None:
        """Settings or a pyproject.toml changed: every open document is linted again."""
        self.apply_log_level()
        self.scheduler.invalidate()
        if self.pull:
            self.refresh()
            return
        for document in self.documents:
            if document.is_python:
                self.scheduler.schedule(document, 0)

    # -- linting ------------------------------------------------------------------------------------------

    def make_job(self, document: Document, generation: int) -> LintJob:
        return LintJob(
            document.uri, document.version, generation, document.text, document.path,
            self.settings_for(document.path), functools.partial(render_diagnostics, encoding=self.encoding),
            document.parsed,
        )

    def disk_job_factory(self, path: Path, uri: str) -> Callable[[str], LintJob]:
        """A job for a file that is not open, given its text (read in the background worker)."""
        settings = self.settings_for(path)
        generation = self.scheduler.generation
        render = functools.partial(render_diagnostics, encoding=self.encoding)
        return lambda text: LintJob(uri, 0, generation, text, path, settings, render)

    async def shown_lint(self, document: Document) -> Optional[Linted]:
        """What a pull reports: the current version's lint when linting as you type, else the last one run."""
        if self.settings_for(document.path).editor.run == RUN_ON_TYPE:
            return await self.scheduler.current(document)
        return await self.scheduler.latest(document)

    def on_linted(self, document: Document, linted: Linted) -> None:
        """Show a current result: push its diagnostics, or ask a pull client to pull again after a save. A
        document too large to lint is said once, until it is linted again."""
        if linted.skipped is not None and not document.skip_reported:
            self.report_problem(types.MessageType.Warning, f"{document.path or document.uri}: {linted.skipped}")
        document.skip_reported = linted.skipped is not None
        if not self.pull:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=document.uri, diagnostics=linted.diagnostics, version=linted.version)
            )
        elif linted.settings.editor.run == RUN_ON_SAVE:
            self.refresh()

    def refresh(self) -> None:
        if self.pull and self.supports_refresh:
            self.workspace_diagnostic_refresh(None)


def _path_of(uri: str) -> Optional[Path]:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


def create_server() -> ChrisStyleServer:
    """A server with every handler registered (pull diagnostics are added at `initialize` when the client
    can use them)."""
    server = ChrisStyleServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ChrisStyleServer, params: types.InitializeParams) -> None:
        ls.log_handler.attach(asyncio.get_running_loop())
        ls.encoding = encoding_name(ls.workspace.position_encoding)
        ls.editor_settings.set_initialization_options(params.initialization_options)
        ls.apply_log_level()
        ls.pull = ls.can_pull
        if ls.pull:
            ls.feature(
                types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=True),
            )(document_diagnostic)
            ls.feature(types.WORKSPACE_DIAGNOSTIC)(workspace_diagnostic)
        logger.info("chris-style %s: %s diagnostics, %s positions", __version__, "pull" if ls.pull else "push",
                    ls.encoding)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ChrisStyleServer, params: types.InitializedParams) -> None:
        await ls.fetch_configuration()
        ls.apply_log_level()
        ls.settings_ready.set()
        await workspace.register_watchers(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ChrisStyleServer, params: types.DidOpenTextDocumentParams) -> None:
        document = ls.documents.open(params.text_document, _path_of(params.text_document.uri))
        if document.is_python:
            ls.scheduler.schedule(document, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ChrisStyleServer, params: types.DidChangeTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is None:
            return
        for change in params.content_changes:
            document.apply_change(change, ls.encoding)
        document.version = params.text_document.version
        editor = ls.settings_for(document.path).editor
        if document.is_python and editor.run == RUN_ON_TYPE:
            ls.scheduler.changed(document, editor.debounce / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ChrisStyleServer, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is not None and document.is_python and ls.settings_for(document.path).editor.run == RUN_ON_SAVE:
            ls.scheduler.schedule(document, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ChrisStyleServer, params: types.DidCloseTextDocumentParams) -> None:
        document = ls.documents.close(params.text_document.uri)
        if document is None:
            return
        ls.scheduler.forget(document)
        if not ls.pull:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=document.uri, diagnostics=[]))

    async def document_diagnostic(
        ls: ChrisStyleServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        document = ls.documents.get(params.text_document.uri)
        if document is None or not document.is_python:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        linted = await ls.shown_lint(document)
        if linted is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = document_result_id(linted)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=linted.diagnostics, result_id=result_id)

    async def workspace_diagnostic(
        ls: ChrisStyleServer, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        return await workspace.workspace_diagnostic(ls, params, ls.background_executor)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: ChrisStyleServer, params: types.HoverParams) -> Optional[types.Hover]:
        document = ls.documents.get(params.text_document.uri)
        if document is None or not document.is_python:
            return None
        return hover.hover(document, params.position, ls.encoding, ls.hover_markdown)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=code_actions.CODE_ACTION_KINDS, resolve_provider=True),
    )
    async def on_code_action(
        ls: ChrisStyleServer, params: types.CodeActionParams
    ) -> Optional[List[types.CodeAction]]:
        # A request carries no version: the server's copy of the document is the client's current one. Its
        # lint is awaited (started now if the last one is older), computed off the event loop, and dropped if
        # the document changed meanwhile, so no edit is ever offered for a stale version.
        document = ls.documents.get(params.text_document.uri)
        if document is None or not document.is_python:
            return None
        linted = await ls.scheduler.current(document)
        if linted is None or linted.result is None:
            return None
        options = code_actions.client_options(ls.client_capabilities, ls.encoding)
        actions = await asyncio.get_running_loop().run_in_executor(
            ls.lint_executor, code_actions.code_actions, document.uri, linted, params, options
        )
        return actions if code_actions.is_current(linted, document.version, ls.scheduler.generation) else None

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def on_code_action_resolve(ls: ChrisStyleServer, params: types.CodeAction) -> types.CodeAction:
        # Resolved only against the very version the action was offered for; otherwise it comes back without
        # an edit, which the client applies as nothing.
        data = params.data if isinstance(params.data, dict) else {}
        document = ls.documents.get(str(data.get("uri")))
        linted = document.linted if document is not None else None
        if document is None or linted is None or data.get("version") != document.version:
            return params
        if not code_actions.is_current(linted, document.version, ls.scheduler.generation):
            return params
        options = code_actions.client_options(ls.client_capabilities, ls.encoding)
        resolved = await asyncio.get_running_loop().run_in_executor(
            ls.lint_executor, code_actions.resolve, params, linted, options
        )
        if not code_actions.is_current(linted, document.version, ls.scheduler.generation):
            resolved.edit = None
        return resolved

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: ChrisStyleServer, params: types.DidChangeConfigurationParams) -> None:
        if ls._capability("workspace", "configuration"):
            await ls.fetch_configuration()
        else:
            ls.editor_settings.set_live(None, params.settings)
        ls.settings_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: ChrisStyleServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.endswith("pyproject.toml") for change in params.changes):
            clear_cache()
            ls.project_settings.forget()
            ls.settings_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(
        ls: ChrisStyleServer, params: types.DidChangeWorkspaceFoldersParams
    ) -> None:
        await ls.fetch_configuration()
        ls.settings_changed()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ChrisStyleServer, params: None) -> None:
        ls.lint_executor.shutdown(wait=False, cancel_futures=True)
        ls.background_executor.shutdown(wait=False, cancel_futures=True)

    return server


def serve(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> None:
    """Run the language server over standard input/output, or over TCP."""
    server = create_server()
    client_log.install(server.log_handler, logging.INFO)
    if tcp:
        server.start_tcp(host, port)
        return
    protocol_output = sys.stdout.buffer
    # Anything a rule or library prints would corrupt the protocol stream: send it to stderr instead.
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, protocol_output)
