"""The CLI's job runner: checking and fixing files on disk, each with its own settings, in a process pool.

Only the main process writes files: a worker computes a fixed text and hands it back, so a run whose main
process is killed writes nothing more, whatever its workers are doing (see writing.py for how a file is
written). Front-end neutral: returns FileReports; reporting/ turns them into text, JSON, SARIF or annotations.

The result cache is read before anything is linted, and the engine (the parser, the rules) is imported only
when a file has to be linted: a run over unchanged files loads neither (see rule_loading.py).
"""

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, List, Optional, Sequence, Tuple

from chris_style.cli.cache import ResultCache
from chris_style.cli.rule_loading import product_rules
from chris_style.config.settings import Settings
from chris_style.files import DecodedFile, UnreadableFile, decode_source, read_bytes, size_problem
from chris_style.guide import Priority
from chris_style.linting.budget import OverBudget, time_budget
from chris_style.linting.findings import AppliedFix, FixSafety, RuleFailure, Violation
from chris_style.linting.source import SourceFile
from chris_style.writing import NotWritten, write_fixed

if TYPE_CHECKING:
    from chris_style.linting.registry import RuleSet

logger = logging.getLogger(__name__)

# Files per task handed to a worker process: large enough to amortise pickling, small enough to balance.
CHUNK_SIZE = 8
# How often a worker looks whether the main process is still there.
PARENT_CHECK_SECONDS = 0.2


@dataclass
class FileReport:
    """What checking or fixing one file found. `error` is set when the file could not be read or decoded."""

    path: Path
    display_path: str
    violations: List[Violation] = field(default_factory=list)
    failures: List[RuleFailure] = field(default_factory=list)
    error: Optional[str] = None
    # None: `fail-on = "never"`.
    fail_on: Optional[Priority] = Priority.CRITICAL
    # For `fix`: the fixes applied, the fixed text (for --diff/stdin), and a dropped round. `original_text` is
    # also kept for standard input, whose text cannot be read again.
    applied_fixes: List[AppliedFix] = field(default_factory=list)
    original_text: Optional[str] = None
    fixed_text: Optional[str] = None
    fix_error: Optional[str] = None
    # True when the violations came from the result cache (the file was not linted).
    cached: bool = False
    # With a baseline in use for the file: the findings it records, taken out of `violations` (cli/baseline.py).
    baselined: Optional[List[Violation]] = None
    # For `--verbose`: the config file the settings came from, and how long the file took (CPU of its worker).
    config_file: Optional[Path] = None
    seconds: float = 0.0
    # For a fix to write back: the bytes read and their encoding (the main process writes, see write_back).
    original_data: Optional[bytes] = None
    encoding: str = "utf-8"
    # For `fix -`: the bytes read from standard input, given back as they are when they cannot be fixed.
    stdin_data: Optional[bytes] = None

    @property
    def fixes_applied(self) -> int:
        return len(self.applied_fixes)


@dataclass
class Job:
    path: Path
    display_path: str
    settings: Settings
    # None: the product's rules, loaded only if the file has to be linted (rule_loading.py).
    rule_set: Optional["RuleSet"]
    min_priority: Priority
    # For fix jobs: which safeties to apply, and whether to write the result.
    fix_safeties: Optional[Tuple[FixSafety, ...]] = None
    write: bool = False
    stdin_text: Optional[bytes] = None
    # Results of earlier runs (None: `--no-cache`, or standard input).
    cache: Optional[ResultCache] = None


def _from_cache(job: Job, report: FileReport, data: bytes, text: str) -> Optional[FileReport]:
    """The report of a file whose result is stored, when nothing has to be linted: a check, or a fix whose stored
    result has no fix of the safeties asked for."""
    if job.cache is None or job.stdin_text is not None:
        return None
    cached = job.cache.load(job.cache.key(job.path, data, job.settings, job.min_priority))
    safeties = frozenset(job.fix_safeties or ())
    if cached is None or any(violation.fix and violation.fix.safety in safeties for violation in cached):
        return None
    report.violations = cached
    report.cached = True
    if job.fix_safeties is not None:
        report.original_text = report.fixed_text = text
    return report


def cached_report(job: Job) -> Optional[FileReport]:
    """The job's report straight from the cache, or None when the file must be linted (or cannot be read)."""
    if job.cache is None or job.stdin_text is not None:
        return None
    try:
        data = read_bytes(job.path, job.settings.max_file_size)
        text = decode_source(data).text
    except UnreadableFile:
        return None
    return _from_cache(job, new_report(job), data, text)


def new_report(job: Job) -> FileReport:
    return FileReport(job.path, job.display_path, fail_on=job.settings.fail_on, config_file=job.settings.config_file)


def run_job(job: Job) -> FileReport:
    """Read and lint (or fix and lint again) one file; never raises for a bad file, reports it instead. A fixed
    file is not written here: write_back() does that in the main process. A file whose result is in the cache is
    not linted; a fix job whose cached result has no fix to apply neither."""
    started = time.process_time()
    report = _run_job(job)
    report.seconds = time.process_time() - started
    return report


def _run_job(job: Job) -> FileReport:
    report = new_report(job)
    report.stdin_data = job.stdin_text
    try:
        data = job.stdin_text if job.stdin_text is not None else read_bytes(job.path, job.settings.max_file_size)
        decoded = decode_source(data)
        too_large = size_problem(decoded.text, job.settings.max_file_size)
        if too_large is not None:
            raise UnreadableFile(too_large)
    except UnreadableFile as error:
        report.error = str(error)
        return report
    try:
        with time_budget(job.settings.file_time_budget):
            return _lint_or_fix(job, report, data, decoded)
    except OverBudget as error:
        report.error = f"not checked: {error}"
        report.violations, report.failures, report.fixed_text, report.applied_fixes = [], [], None, []
        return report


def _rules_of(job: Job) -> "RuleSet":
    return job.rule_set if job.rule_set is not None else product_rules()


def _lint_or_fix(job: Job, report: FileReport, data: bytes, decoded: DecodedFile) -> FileReport:
    hit = _from_cache(job, report, data, decoded.text)
    if hit is not None:
        return hit
    from chris_style.linting.fixes import fix_text  # the engine: loaded once a file has to be linted
    from chris_style.linting.runner import lint

    rule_set = _rules_of(job)
    if job.stdin_text is not None:
        report.original_text = decoded.text
    cache = job.cache if job.stdin_text is None else None
    key = cache.key(job.path, data, job.settings, job.min_priority) if cache is not None else None
    source = SourceFile(decoded.text, job.path)
    if job.fix_safeties is None:
        result = lint(source, job.settings, rule_set, job.min_priority)
        report.violations = result.violations
        report.failures = result.failures
        if result.not_analysed is not None:
            report.error = f"not checked: {result.not_analysed}"
        elif cache is not None and key is not None and not result.failures:
            cache.store(key, result.violations)
        return report
    outcome = fix_text(source, job.settings, rule_set, frozenset(job.fix_safeties), job.min_priority)
    report.applied_fixes = list(outcome.applied_fixes)
    report.fix_error = outcome.error
    report.original_text = decoded.text
    report.fixed_text = outcome.text
    report.encoding = decoded.encoding
    final = lint(SourceFile(outcome.text, job.path), job.settings, rule_set, job.min_priority)
    report.violations = final.violations
    report.failures = final.failures
    if final.not_analysed is not None:
        report.error = f"not checked: {final.not_analysed}"
        return report
    if job.write and outcome.changed:
        # Written by the main process (write_back), which then stores the result.
        report.original_data = data
        return report
    if cache is not None and key is not None and not final.failures and not outcome.changed:
        cache.store(key, final.violations)
    return report


def write_back(job: Job, report: FileReport) -> None:
    """Write a fixed file (in the main process only) and store its result; a file that cannot or must not be
    written is left as it was, and its report says why and shows what the file on disk still holds."""
    if report.original_data is None or report.fixed_text is None:
        return
    original, report.original_data = report.original_data, None
    try:
        data = report.fixed_text.encode(report.encoding)
        write_fixed(job.path, original, data)
    except UnicodeEncodeError as error:
        _not_written(job, report, f"not written: the fixed text holds {error.object[error.start]!r}, which the "
                                  f"file's encoding ({report.encoding}) cannot hold")
    except NotWritten as error:
        _not_written(job, report, f"not written: {error}")
    except OSError as error:
        _not_written(job, report, f"cannot write: {error.strerror or error}")
    else:
        if job.cache is not None and not report.failures:
            # What is on disk now: the next run finds this file's result.
            job.cache.store(job.cache.key(job.path, data, job.settings, job.min_priority), report.violations)


def _not_written(job: Job, report: FileReport, reason: str) -> None:
    report.error = reason
    report.applied_fixes = []
    if report.original_text is not None:
        from chris_style.linting.runner import lint  # loaded already: the file was fixed

        source = SourceFile(report.original_text, job.path)
        unfixed = lint(source, job.settings, _rules_of(job), job.min_priority)
        report.violations, report.failures = unfixed.violations, unfixed.failures
        report.fixed_text = report.original_text


def _run_chunk(jobs: Sequence[Job]) -> List[FileReport]:
    return [run_job(job) for job in jobs]


def _exit_with_parent(parent: int) -> None:
    """In each worker: exit as soon as the main process is gone (killed), rather than finish work nobody will
    read. A worker blocked on the task queue would otherwise wait forever: the other workers hold it open."""

    # Ctrl-C is the main process's to handle (it reaches the whole process group): a worker just ends with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="chris-style-parent-watch", daemon=True).start()


def _run_all(jobs: Sequence[Job], processes: int) -> Iterator[FileReport]:
    """The jobs' reports in order: in this process, or with `processes` > 1 and more than one chunk, in a pool.
    On an error the pool's queued work is dropped at once; Ctrl-C ends the process (see cli.interrupted)."""
    if processes <= 1 or len(jobs) <= CHUNK_SIZE:
        yield from (run_job(job) for job in jobs)
        return
    chunks = [jobs[index : index + CHUNK_SIZE] for index in range(0, len(jobs), CHUNK_SIZE)]
    if any(job.rule_set is None for job in jobs):
        product_rules()  # loaded once here, for the worker processes to inherit rather than each load them
    # Imported here: a run that lints in one process (or lints nothing) has no use for it.
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=min(processes, len(chunks)), initializer=_exit_with_parent, initargs=(os.getpid(),)
    )
    try:
        for chunk_reports in pool.map(_run_chunk, chunks):
            yield from chunk_reports
    except Exception:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def run_jobs(
    jobs: Sequence[Job], processes: int, on_report: Callable[[FileReport], None] = lambda report: None
) -> List[FileReport]:
    """Run jobs, writing fixed files back and reporting each in order as it is ready. The cache is read here
    first, so that only the files that must be linted go to the worker processes (a run over unchanged files
    starts none)."""
    hits = [cached_report(job) for job in jobs]
    linted = _run_all([job for job, hit in zip(jobs, hits) if hit is None], processes)
    reports = []
    for job, hit in zip(jobs, hits):
        report = hit
        if report is None:
            report = next(linted)
            write_back(job, report)
        on_report(report)
        reports.append(report)
    # Run the pool's generator to its end (it has no report left), so the pool is shut down now, not when the
    # generator is collected, perhaps as the interpreter exits.
    for _ in linted:
        pass
    return reports


def default_jobs() -> int:
    return os.cpu_count() or 1


def is_failing(violation: Violation, fail_on: Optional[Priority]) -> bool:
    return fail_on is not None and violation.priority >= fail_on


def safeties_for(unsafe: bool) -> Tuple[FixSafety, ...]:
    return (FixSafety.SAFE, FixSafety.UNSAFE) if unsafe else (FixSafety.SAFE,)
