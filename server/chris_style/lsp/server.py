"""The state every handler of the language server shares: the rules, the open documents, their settings, the
lint scheduler, and what the client can do. Handlers live in modules of their own (sync.py, pull.py,
hover.py, code_actions.py, configuration.py, lifecycle.py); app.py registers them.

Diagnostics are pulled (`textDocument/diagnostic`, `workspace/diagnostic`) when the client can pull them and be
asked to refresh them; otherwise they are pushed with `textDocument/publishDiagnostics`.
"""

import asyncio
import functools
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, List, Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from chris_style import __version__, collector
from chris_style.config.editor import LOG_LEVELS, RUN_ON_SAVE, RUN_ON_TYPE, SECTION
from chris_style.config.resolver import SettingsResolver
from chris_style.lsp import client_log
from chris_style.lsp.action_kinds import SERVER_NAME
from chris_style.lsp.baselines import BaselineStore
from chris_style.lsp.diagnostics import render_diagnostics
from chris_style.lsp.documents import Document, DocumentStore, Linted, LintJob
from chris_style.lsp.folders import Folder, folder_of, workspace_folders
from chris_style.lsp.notebook_store import NOTEBOOK_SYNC, NotebookStore
from chris_style.lsp.positions import DEFAULT_ENCODING
from chris_style.lsp.scheduler import LintScheduler
from chris_style.lsp.settings import DocumentSettings, EditorConfiguration, ProjectSettings

if TYPE_CHECKING:
    from chris_style.linting.registry import RuleSet

logger = logging.getLogger(__name__)

# One document lints at a time: the threads share one interpreter lock, so a second lint thread made each lint
# take twice as long (20 lints of a 1,062-line module: 24 s with two threads, 17 s with one) and doubled the
# longest wait of the thread answering requests (167 against 88 ms). The document scheduled last goes next.
LINT_WORKERS = 1
# Code actions and their resolution run in a thread of their own: queued behind the lints of a hundred just-opened
# documents, the light bulb of the one being read would wait for all of them.
REQUEST_WORKERS = 1
# How long a thread holding the interpreter lock may keep it while another waits (Python's default: 5 ms). The
# event loop re-acquires the lock after every read and write; behind a lint thread, each of those waits
# cost a hover or a code action up to this long, so it is kept short (docs/performance.md has what the extra
# switches cost many files linting at once).
SWITCH_INTERVAL_SECONDS = 0.0005
# How long the first lints wait for the client's answer to `workspace/configuration` before using the
# settings from `initializationOptions`; clients answer within milliseconds.
CONFIGURATION_TIMEOUT_SECONDS = 5.0


class ChrisStyleServer(LanguageServer):
    """pygls' server plus the documents, their settings and the lint scheduler."""

    def __init__(self, rules: Callable[[], "RuleSet"]) -> None:
        """`rules` gives the rule set to lint with; it is called once, when the first lint or settings need it,
        so that `initialize` is answered before the rules (and the parser) are loaded."""
        super().__init__(
            SERVER_NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=NOTEBOOK_SYNC,
        )
        self._load_rules = rules
        self._rules_lock = threading.Lock()
        self._rule_set: Optional["RuleSet"] = None
        self.documents = DocumentStore()
        self.notebooks = NotebookStore()
        self.editor_settings = EditorConfiguration(
            functools.partial(self.report_problem, types.MessageType.Warning), lambda: self.rule_set.vocabulary
        )
        self.encoding = DEFAULT_ENCODING
        self.pull = False
        self.settings_ready = asyncio.Event()
        self.lint_executor = ThreadPoolExecutor(LINT_WORKERS, thread_name_prefix="chris-style-lint")
        self.request_executor = ThreadPoolExecutor(REQUEST_WORKERS, thread_name_prefix="chris-style-request")
        self.background_executor = ThreadPoolExecutor(1, thread_name_prefix="chris-style-workspace")
        self.scheduler = LintScheduler(
            self.lint_executor, self.make_job, self.on_linted, self.settings_ready, LINT_WORKERS
        )
        self.log_handler = client_log.ClientLogHandler(self.window_log_message)
        self.baselines = BaselineStore(functools.partial(self.report_problem, types.MessageType.Warning))

    @property
    def rule_set(self) -> "RuleSet":
        """The rules, loaded on first use (from any thread: a background preload races the first lint)."""
        if self._rule_set is None:
            with self._rules_lock:
                if self._rule_set is None:
                    self._rule_set = self._load_rules()
                    # The rules, the parser and pygls live as long as the server (see collector.py).
                    collector.settle()
        return self._rule_set

    @functools.cached_property
    def project_settings(self) -> ProjectSettings:
        """pyproject.toml settings per file, validated against the rules' codes."""
        report = functools.partial(self.report_problem, types.MessageType.Error)
        return ProjectSettings(report, SettingsResolver(self.rule_set.vocabulary))

    # -- client capabilities ------------------------------------------------------------------------------

    def capability(self, *names: str) -> Any:
        value: Any = self.client_capabilities
        for name in names:
            value = getattr(value, name, None)
            if value is None:
                return None
        return value

    @property
    def supports_work_done_progress(self) -> bool:
        return bool(self.capability("window", "work_done_progress"))

    def supports_dynamic_registration(self, workspace_feature: str) -> bool:
        return bool(self.capability("workspace", workspace_feature, "dynamic_registration"))

    @property
    def supports_refresh(self) -> bool:
        return bool(self.capability("workspace", "diagnostics", "refresh_support"))

    @property
    def can_pull(self) -> bool:
        """Pull only when the client can also be told to pull again after settings change; a client that
        cannot would show stale diagnostics until the next edit, so it is better served by push."""
        return self.capability("text_document", "diagnostic") is not None and self.supports_refresh

    @property
    def hover_markdown(self) -> bool:
        formats = self.capability("text_document", "hover", "content_format")
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
        return DocumentSettings(editor.overrides.apply(project), editor)

    async def fetch_configuration(self) -> None:
        """Ask the client for the `chrisStyle` section of every folder and of the window."""
        if not self.capability("workspace", "configuration"):
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
        client_log.set_level(LOG_LEVELS[self.editor_settings.log_level()])

    def settings_changed(self) -> None:
        """Settings or a pyproject.toml changed: every open document is linted again."""
        self.apply_log_level()
        self.scheduler.invalidate()
        if self.pull:
            self.refresh()
            # Notebooks' diagnostics are pushed whatever the client: lint them again now.
            for notebook in self.notebooks:
                document = self.documents.get(notebook.uri)
                if document is not None:
                    self.scheduler.schedule(document, 0)
            return
        for document in self.documents:
            if document.is_python:
                self.scheduler.schedule(document, 0)

    # -- linting ------------------------------------------------------------------------------------------

    def make_job(self, document: Document, generation: int) -> LintJob:
        return LintJob(
            document.uri, document.version, generation, document.text, document.path,
            self.settings_for(document.path), self.rule_set,
            functools.partial(render_diagnostics, encoding=self.encoding, baselines=self.baselines),
            document.parsed,
        )

    def disk_job_factory(self, path: Path, uri: str) -> Callable[[str], LintJob]:
        """A job for a file that is not open, given its text (read in the background worker)."""
        settings = self.settings_for(path)
        generation = self.scheduler.generation
        render = functools.partial(render_diagnostics, encoding=self.encoding, baselines=self.baselines)
        return lambda text: LintJob(uri, 0, generation, text, path, settings, self.rule_set, render)

    async def shown_lint(self, document: Document) -> Optional[Linted]:
        """What a pull reports: the current version's lint when linting as you type, else the last one run."""
        if self.settings_for(document.path).editor.run == RUN_ON_TYPE:
            return await self.scheduler.current(document)
        return await self.scheduler.latest(document)

    def on_linted(self, document: Document, linted: Linted) -> None:
        """Show a current result: push its diagnostics, or ask a pull client to pull again after a save. A
        document too large to lint is said once, until it is linted again."""
        self.documents.keep_tree(document)
        if linted.skipped is not None and not document.skip_reported:
            self.report_problem(types.MessageType.Warning, f"{document.path or document.uri}: {linted.skipped}")
        document.skip_reported = linted.skipped is not None
        if self.notebooks.publish(document, linted, self.encoding, self.text_document_publish_diagnostics):
            return
        if not self.pull:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=document.uri, diagnostics=linted.diagnostics, version=linted.version)
            )
        elif linted.settings.editor.run == RUN_ON_SAVE:
            self.refresh()

    def refresh(self) -> None:
        if self.pull and self.supports_refresh:
            self.workspace_diagnostic_refresh(None)

    def path_of(self, uri: str) -> Optional[Path]:
        """The file a document URI names, or None for an untitled buffer or another scheme."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(path) if path else None
