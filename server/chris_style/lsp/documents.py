"""Open documents and their lints: text kept in sync with the editor, linted off the event loop, newest first.

Scheduling, per document: a change (re)starts a debounce timer; when it fires, the lint runs in a worker thread
while the event loop keeps answering requests. The debounce only batches a burst of typing: the first change
after a quiet spell (no change for the debounce time) is linted at once, so a single edit is never made to wait
for keystrokes that are not coming. At most one lint of a document runs at a time: a newer version
cancels a pending lint outright and waits for a running one, whose result is then dropped as stale. A result is
kept and shown only if it belongs to the document's current version and the current settings generation.

The latest result of each document (`Document.linted`: text, settings, LintResult with every violation and its
fixes) is what hover and code actions read. `Document.parsed` is the newest text of the document that parsed,
with its tree: the next lint re-parses only the top-level statements changed since (linting/reparse.py).
"""

import asyncio
import logging
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Set, Tuple

from lsprotocol import types

from chris_style.config import Settings
from chris_style.files import PYTHON_SUFFIXES, size_problem
from chris_style.linting.reparse import ParsedBuffer
from chris_style.linting.runner import LintResult, lint_edit
from chris_style.linting.source import SourceFile
from chris_style.lsp.diagnostics import failure_diagnostic
from chris_style.lsp.positions import from_client_column, line_starts
from chris_style.lsp.settings import DocumentSettings, EditorSettings

logger = logging.getLogger(__name__)

PYTHON_LANGUAGE_ID = "python"


@dataclass
class Linted:
    """One finished lint: what it ran on and what it found. `result` is None when linting is disabled."""

    version: int
    generation: int
    source: SourceFile
    settings: DocumentSettings
    result: Optional[LintResult]
    diagnostics: List[types.Diagnostic]
    seconds: float
    # The text and its tree when it parsed, for the next lint to build on.
    parsed: Optional[ParsedBuffer] = None
    # Why the document was not linted (too large), if it was not.
    skipped: Optional[str] = None
    # Why the lint failed, if it raised: the result is then None and one diagnostic says so.
    failure: Optional[str] = None

    @classmethod
    def failed(cls, document: "Document", version: int, generation: int, error: Exception) -> "Linted":
        """The result of a lint that raised: it stands for that version like any result, so nobody waits for
        (or starts) another lint of a version that fails every time."""
        failure = f"{type(error).__name__}: {error}"
        settings = DocumentSettings(Settings(), EditorSettings())
        return cls(
            version, generation, SourceFile(document.text, document.path), settings, None,
            [failure_diagnostic(failure)], 0.0, failure=failure,
        )


Renderer = Callable[[SourceFile, Optional[LintResult], DocumentSettings], List[types.Diagnostic]]


# DEVIATION(CS902): frozen dataclass
# Reason: a job is handed to a worker thread while the event loop goes on; it must not change under the worker.
@dataclass(frozen=True)
class LintJob:
    """A snapshot to lint in a worker: plain values only, so a process pool could run it as well."""

    uri: str
    version: int
    generation: int
    text: str
    path: Optional[Path]
    settings: DocumentSettings
    render: Renderer
    # An earlier text of the document that parsed: only the statements changed since are parsed again.
    previous: Optional[ParsedBuffer] = None

    def run(self) -> Linted:
        """Lint the snapshot (in a worker): parse what changed since `previous`, lint, render diagnostics."""
        started = time.perf_counter()
        source = SourceFile(self.text, self.path)
        editor = self.settings.editor
        result: Optional[LintResult] = None
        parsed: Optional[ParsedBuffer] = None
        skipped = size_problem(self.text) if editor.enable else None
        if editor.enable and skipped is None:
            result, parsed = lint_edit(source, self.settings.engine, editor.min_priority, self.previous)
        diagnostics = self.render(source, result, self.settings)
        return Linted(
            self.version, self.generation, source, self.settings, result, diagnostics, time.perf_counter() - started,
            parsed, skipped,
        )


@dataclass
class Document:
    uri: str
    path: Optional[Path]
    language_id: str
    text: str
    version: int
    linted: Optional[Linted] = None
    # The newest text that parsed, with its tree (from any lint, even one whose result came too late to show).
    parsed: Optional[ParsedBuffer] = None
    closed: bool = False
    # (code, error) of the rules that crashed on the latest lint, so each crash is logged once.
    reported_failures: Set[Tuple[str, str]] = field(default_factory=set)
    # Set once the user was told why the document is not linted, until it is linted again.
    skip_reported: bool = False

    @property
    def is_python(self) -> bool:
        return self.language_id == PYTHON_LANGUAGE_ID or self.uri.endswith(PYTHON_SUFFIXES)

    def apply_change(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        """Apply one content change; ranges are in the client's position encoding."""
        if not isinstance(change, types.TextDocumentContentChangePartial):
            self.text = change.text
            return
        starts = line_starts(self.text)
        start = self._offset(starts, change.range.start, encoding)
        end = max(start, self._offset(starts, change.range.end, encoding))
        self.text = self.text[:start] + change.text + self.text[end:]

    def _offset(self, starts: List[int], position: types.Position, encoding: str) -> int:
        if position.line >= len(starts):
            return len(self.text)
        line_start = starts[position.line]
        line_end = starts[position.line + 1] if position.line + 1 < len(starts) else len(self.text)
        line = self.text[line_start:line_end].rstrip("\r\n")
        return line_start + from_client_column(line, position.character, encoding)


class DocumentStore:
    def __init__(self) -> None:
        self._documents: Dict[str, Document] = {}

    def open(self, item: types.TextDocumentItem, path: Optional[Path]) -> Document:
        """Track a document; one opened again without a close replaces the old, whose lints are then stale."""
        self.close(item.uri)
        document = Document(item.uri, path, item.language_id, item.text, item.version)
        self._documents[item.uri] = document
        return document

    def get(self, uri: str) -> Optional[Document]:
        return self._documents.get(uri)

    def close(self, uri: str) -> Optional[Document]:
        document = self._documents.pop(uri, None)
        if document is not None:
            document.closed = True
        return document

    def __iter__(self) -> Iterator[Document]:
        return iter(list(self._documents.values()))


@dataclass
class _State:
    """A document's lint in flight: the debounce task, and the job running in the worker."""

    pending: Optional[asyncio.Task] = None
    running: Optional[asyncio.Future] = None
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    # Event-loop time of the latest change (for the debounce's leading edge); None before the first.
    changed_at: Optional[float] = None

    @property
    def busy(self) -> bool:
        return self.pending is not None or self.running is not None


class LintScheduler:
    """Debounced, superseding lints in an executor. `make_job` snapshots a document (on the event loop);
    `on_linted` receives each current result; `ready` gates the first lints until settings have arrived."""

    def __init__(
        self,
        executor: Executor,
        make_job: Callable[[Document, int], LintJob],
        on_linted: Callable[[Document, Linted], None],
        ready: asyncio.Event,
    ) -> None:
        self._executor = executor
        self._make_job = make_job
        self._on_linted = on_linted
        self._ready = ready
        self._states: Dict[str, _State] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self.generation = 0

    def invalidate(self) -> None:
        """Settings changed: every result so far is stale, including those of lints still running."""
        self.generation += 1

    def schedule(self, document: Document, delay: float) -> None:
        """Lint the document's current version after `delay` seconds, replacing a pending lint."""
        state = self._states.setdefault(document.uri, _State())
        self._start(document, state, delay)

    def changed(self, document: Document, debounce: float) -> None:
        """The document was edited: lint it once typing has paused for `debounce` seconds, or at once when this
        is the first change after such a pause (a burst's later keystrokes then wait for the pause)."""
        state = self._states.setdefault(document.uri, _State())
        now = asyncio.get_running_loop().time()
        quiet = state.changed_at is None or now - state.changed_at >= debounce
        state.changed_at = now
        self._start(document, state, 0 if quiet else debounce)

    def _start(self, document: Document, state: _State, delay: float) -> None:
        if state.pending is not None:
            state.pending.cancel()
        self._idle.clear()
        state.pending = asyncio.ensure_future(self._lint_later(document, state, delay))

    def forget(self, document: Document) -> None:
        """The document closed: drop its pending lint; a running one finishes and is discarded."""
        state = self._states.pop(document.uri, None)
        if state is not None and state.pending is not None:
            state.pending.cancel()
        if state is not None:
            state.finished.set()
        self._update_idle()

    async def current(self, document: Document) -> Optional[Linted]:
        """The result for the document's current version and settings, linting it now if nothing is under
        way; None if the document closes first."""
        while not document.closed:
            linted = document.linted
            if linted is not None and linted.version == document.version and linted.generation == self.generation:
                return linted
            state = self._states.setdefault(document.uri, _State())
            if not state.busy:
                self.schedule(document, 0)
            await state.finished.wait()
        return None

    async def latest(self, document: Document) -> Optional[Linted]:
        """The newest result there is, waiting only when the document has never been linted."""
        if document.linted is not None:
            return document.linted
        return await self.current(document)

    async def idle(self) -> None:
        """Wait until no document lint is pending or running (background work yields to typing)."""
        while not self._idle.is_set():
            await self._idle.wait()

    async def _lint_later(self, document: Document, state: _State, delay: float) -> None:
        version, generation = document.version, self.generation
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await self._ready.wait()
            while state.running is not None:
                await asyncio.wait([state.running])
            # From here on a newer version no longer cancels this lint: it waits for it and drops its result.
            state.pending = None
            version, generation = document.version, self.generation
            job = self._make_job(document, generation)
            state.running = asyncio.get_running_loop().run_in_executor(self._executor, job.run)
            try:
                linted = await state.running
            finally:
                state.running = None
            self._accept(document, job, linted)
        except asyncio.CancelledError:
            pass
        except Exception as error:
            # A failed lint must not stop the scheduler, nor be retried: the same text would fail again.
            logger.exception("linting %s v%s failed", document.uri, version)
            self._accept_failure(document, version, generation, error)
        finally:
            if state.pending is asyncio.current_task():
                state.pending = None
            state.finished.set()
            state.finished = asyncio.Event()
            self._update_idle()

    def _accept(self, document: Document, job: LintJob, linted: Linted) -> None:
        if linted.parsed is not None and not document.closed:
            document.parsed = linted.parsed
        if document.closed or job.version != document.version or job.generation != self.generation:
            logger.debug("dropping the stale lint of %s v%s (now v%s)", document.uri, job.version, document.version)
            return
        document.linted = linted
        logger.debug("linted %s v%s in %.0f ms", document.uri, job.version, linted.seconds * 1000)
        self._log_failures(document, linted)
        self._on_linted(document, linted)

    def _accept_failure(self, document: Document, version: int, generation: int, error: Exception) -> None:
        if document.closed or version != document.version or generation != self.generation:
            return
        linted = Linted.failed(document, version, generation, error)
        document.linted = linted
        self._on_linted(document, linted)

    def _log_failures(self, document: Document, linted: Linted) -> None:
        """Log each crashed rule once while it keeps crashing on the document, not on every keystroke."""
        failures = linted.result.failures if linted.result is not None else []
        seen = {(failure.code, failure.error) for failure in failures}
        for failure in failures:
            if (failure.code, failure.error) not in document.reported_failures:
                logger.error(
                    "rule %s crashed on %s: %s (its findings are left out; the other rules still report)",
                    failure.code, failure.path or document.uri, failure.error,
                )
                logger.debug("rule %s traceback:\n%s", failure.code, failure.details)
        document.reported_failures = seen

    def _update_idle(self) -> None:
        if not any(state.busy for state in self._states.values()):
            self._idle.set()
