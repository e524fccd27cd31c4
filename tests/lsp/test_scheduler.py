"""The lint scheduler with jobs the test controls: debounce, superseded versions, waiting for the current one."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import AsyncIterator, List, Tuple

import pytest
import pytest_asyncio

from chris_style.config.editor import EditorSettings
from chris_style.config.settings import Settings
from chris_style.linting.source import SourceFile
from chris_style.lsp.documents import Document, Linted
from chris_style.lsp.scheduler import LintScheduler, NewestFirstSlots
from chris_style.lsp.settings import DocumentSettings

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Long enough never to fire during a test: a lint scheduled with it can only end by being replaced.
NEVER_SECONDS = 60.0
# How long a blocked job waits for the test to release it before giving up (a hung test, not a slow one).
RELEASE_TIMEOUT_SECONDS = 30.0
# Long enough for the event loop to act on a finished job (and start any lint that was due).
SETTLE_SECONDS = 0.2
SETTINGS = DocumentSettings(Settings(), EditorSettings())
# Lints at once, as many as the executor's threads.
CONCURRENCY = 2


def new_document(name: str = "m", version: int = 1) -> Document:
    return Document(f"file:///{name}.py", None, "python", "x = 1\n", version)


class Jobs:
    """Hands out jobs whose `run()` blocks until the test releases it, and records what was published."""

    def __init__(self) -> None:
        self.started: List[int] = []
        self.published: List[int] = []
        self.gates: List[threading.Event] = []
        # Versions whose jobs raise instead of returning a result.
        self.failing: List[int] = []

    def make_job(self, document: Document, generation: int) -> "Jobs.Job":
        return Jobs.Job(self, document.version, generation)

    def on_linted(self, document: Document, linted: Linted) -> None:
        self.published.append(linted.version)

    class Job:
        def __init__(self, jobs: "Jobs", version: int, generation: int) -> None:
            self.version = version
            self.generation = generation
            self.gate = threading.Event()
            self.fails = version in jobs.failing
            jobs.gates.append(self.gate)
            jobs.started.append(version)

        def run(self) -> Linted:
            self.gate.wait(RELEASE_TIMEOUT_SECONDS)
            if self.fails:
                raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
            return Linted(self.version, self.generation, SourceFile(""), SETTINGS, None, [], 0.0)


@pytest_asyncio.fixture(loop_scope="session")
async def scheduler() -> AsyncIterator[Tuple[LintScheduler, Jobs]]:
    jobs = Jobs()
    ready = asyncio.Event()
    ready.set()
    with ThreadPoolExecutor(2) as executor:
        yield LintScheduler(executor, jobs.make_job, jobs.on_linted, ready, CONCURRENCY), jobs
        for gate in jobs.gates:
            gate.set()


async def wait_for(condition: object) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0)

    await asyncio.wait_for(poll(), RELEASE_TIMEOUT_SECONDS)


async def test_WHEN_newer_version_arrives_during_debounce_THEN_older_one_never_starts(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    document = new_document()
    lints.schedule(document, NEVER_SECONDS)
    document.version = 2
    lints.schedule(document, 0)
    await wait_for(lambda: jobs.started)
    jobs.gates[0].set()
    linted = await lints.current(document)
    assert ([2], [2], 2) == (jobs.started, jobs.published, linted.version)


async def test_WHEN_newer_version_arrives_while_older_one_runs_THEN_older_result_is_dropped(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    document = new_document()
    lints.schedule(document, 0)
    await wait_for(lambda: jobs.started == [1])
    document.version = 2
    lints.schedule(document, 0)
    jobs.gates[0].set()
    await wait_for(lambda: jobs.started == [1, 2])
    jobs.gates[1].set()
    linted = await lints.current(document)
    assert ([1, 2], [2], 2) == (jobs.started, jobs.published, linted.version)


async def test_WHEN_settings_change_during_a_lint_THEN_its_result_is_dropped_and_linted_again(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    document = new_document()
    lints.schedule(document, 0)
    await wait_for(lambda: jobs.started == [1])
    lints.invalidate()
    waiting = asyncio.ensure_future(lints.current(document))
    jobs.gates[0].set()
    await wait_for(lambda: len(jobs.started) == 2)
    jobs.gates[1].set()
    linted = await waiting
    assert ([1, 1], [1], 1) == (jobs.started, jobs.published, linted.generation)


async def test_WHEN_document_closes_while_waited_for_THEN_waiter_gets_nothing(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    document = new_document()
    waiting = asyncio.ensure_future(lints.current(document))
    await wait_for(lambda: jobs.started == [1])
    document.closed = True
    lints.forget(document)
    jobs.gates[0].set()
    assert (None, []) == (await waiting, jobs.published)


async def test_WHEN_first_change_after_a_quiet_spell_THEN_it_is_linted_at_once(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    document = new_document()
    lints.changed(document, NEVER_SECONDS)
    await wait_for(lambda: jobs.started)
    jobs.gates[0].set()
    linted = await lints.current(document)
    assert ([1], [1], 1) == (jobs.started, jobs.published, linted.version)


async def test_WHEN_changes_come_within_the_debounce_THEN_the_later_ones_wait_for_typing_to_pause(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    document = new_document()
    lints.changed(document, NEVER_SECONDS)
    await wait_for(lambda: jobs.started)
    document.version = 2
    lints.changed(document, NEVER_SECONDS)
    jobs.gates[0].set()
    await asyncio.sleep(SETTLE_SECONDS)
    assert ([1], []) == (jobs.started, jobs.published)


async def test_WHEN_a_lint_raises_THEN_its_version_gets_a_failure_result_AND_is_not_linted_again(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    jobs.failing.append(1)
    document = new_document()
    waiting = asyncio.ensure_future(lints.current(document))
    await wait_for(lambda: jobs.started)
    jobs.gates[0].set()
    linted = await asyncio.wait_for(waiting, RELEASE_TIMEOUT_SECONDS)
    again = await lints.current(document)
    await asyncio.sleep(SETTLE_SECONDS)
    expected = ([1], [1], "UnicodeEncodeError", True)
    assert expected == (jobs.started, jobs.published, (linted.failure or "").split(":")[0], again is linted)


async def test_WHEN_a_failing_version_is_edited_THEN_the_new_version_is_linted(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    jobs.failing.append(1)
    document = new_document()
    lints.schedule(document, 0)
    await wait_for(lambda: jobs.started)
    jobs.gates[0].set()
    await wait_for(lambda: jobs.published == [1])
    document.version = 2
    waiting = asyncio.ensure_future(lints.current(document))
    await wait_for(lambda: len(jobs.started) == 2)
    jobs.gates[1].set()
    linted = await waiting
    assert ([1, 2], [1, 2], None) == (jobs.started, jobs.published, linted.failure)


async def test_WHEN_a_slot_frees_THEN_the_newest_waiter_gets_it() -> None:
    slots = NewestFirstSlots(1)
    await slots.acquire()
    order: List[str] = []

    async def wait(name: str) -> None:
        await slots.acquire()
        order.append(name)

    waiters = []
    for name in ("first", "second", "third"):
        waiters.append(asyncio.ensure_future(wait(name)))
        await asyncio.sleep(0)
    for _ in waiters:
        slots.release()
        await asyncio.sleep(0)
    await asyncio.gather(*waiters)
    assert ["third", "second", "first"] == order


async def test_WHEN_a_waiter_is_cancelled_THEN_the_slot_goes_to_the_next_one() -> None:
    slots = NewestFirstSlots(1)
    await slots.acquire()
    older = asyncio.ensure_future(slots.acquire())
    newer = asyncio.ensure_future(slots.acquire())
    await asyncio.sleep(0)
    newer.cancel()
    await asyncio.sleep(0)
    slots.release()
    await asyncio.wait_for(older, RELEASE_TIMEOUT_SECONDS)
    assert (True, True) == (older.done() and not older.cancelled(), newer.cancelled())


async def test_WHEN_many_documents_wait_for_a_lint_THEN_the_one_scheduled_last_goes_next(
    scheduler: Tuple[LintScheduler, Jobs]
) -> None:
    lints, jobs = scheduler
    # Distinct versions tell the documents' jobs apart.
    documents = [new_document(f"opened_{index}", version=10 + index) for index in range(4)]
    for document in documents:
        lints.schedule(document, 0)
    await wait_for(lambda: len(jobs.started) == CONCURRENCY)
    jobs.gates[0].set()
    await wait_for(lambda: len(jobs.started) == CONCURRENCY + 1)

    def all_released_and_published() -> bool:
        for gate in jobs.gates:  # jobs that started since get their gate opened too
            gate.set()
        return len(jobs.published) == len(documents)

    await wait_for(all_released_and_published)
    assert [10, 11, 13, 12] == jobs.started
