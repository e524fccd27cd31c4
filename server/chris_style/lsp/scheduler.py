"""When documents are linted: debounced, superseding lints in worker threads, newest first.

Scheduling, per document: a change (re)starts a debounce timer; when it fires, the lint runs in a worker thread
while the event loop keeps answering requests. The debounce only batches a burst of typing: the first change
after a quiet spell (no change for the debounce time) is linted at once, so a single edit is never made to wait
for keystrokes that are not coming. At most one lint of a document runs at a time: a newer version
cancels a pending lint outright and waits for a running one, whose result is then dropped as stale. A result is
kept and shown only if it belongs to the document's current version and the current settings generation.

Across documents: at most `concurrency` lints run at once, and when one ends, the lint scheduled last starts
next. So the document being edited is never stuck behind the lints of the many files an editor opened before
(their lints are handed to the executor only as threads come free).
"""

import asyncio
import logging
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from chris_style.lsp.documents import Document, Linted, LintJob

logger = logging.getLogger(__name__)


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


class NewestFirstSlots:
    """At most `count` holders at once; a freed slot goes to the newest waiter (last in, first out)."""

    def __init__(self, count: int) -> None:
        self._free = count
        self._waiting: List[asyncio.Future] = []

    async def acquire(self) -> None:
        """Take a slot, waiting behind nobody who came later; a waiter cancelled leaves no slot taken."""
        if self._free > 0:
            self._free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter in self._waiting:
                self._waiting.remove(waiter)
            elif waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot just as it was cancelled: pass it on
            raise

    def release(self) -> None:
        """Hand the slot to the newest waiter still waiting, or free it."""
        while self._waiting:
            waiter = self._waiting.pop()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1


class LintScheduler:
    """Debounced, superseding lints in an executor. `make_job` snapshots a document (on the event loop);
    `on_linted` receives each current result; `ready` gates the first lints until settings have arrived."""

    def __init__(
        self,
        executor: Executor,
        make_job: Callable[[Document, int], LintJob],
        on_linted: Callable[[Document, Linted], None],
        ready: asyncio.Event,
        concurrency: int,
    ) -> None:
        self._executor = executor
        self._slots = NewestFirstSlots(concurrency)
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
            await self._slots.acquire()
            try:
                # From here on a newer version no longer cancels this lint: it waits for it and drops its result.
                state.pending = None
                version, generation = document.version, self.generation
                job = self._make_job(document, generation)
                state.running = asyncio.get_running_loop().run_in_executor(self._executor, job.run)
                try:
                    linted = await state.running
                finally:
                    state.running = None
            finally:
                self._slots.release()
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
