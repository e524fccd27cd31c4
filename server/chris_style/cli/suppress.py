"""`chris-style suppress`: a `# noqa` (or, with `--deviation`, a deviation block) for every current finding of the
files (adoption/suppress.py does it to each text, in worker processes). Files are written by the main process,
in one step each, the way `fix` writes them; one that cannot be read, parsed or written is named and left as it
was."""

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

from chris_style.adoption.suppress import Suppression, suppress_text
from chris_style.cli.jobs import Job
from chris_style.cli.parallel import map_files
from chris_style.cli.summary import plural
from chris_style.files import UnreadableFile, decode_source, read_bytes
from chris_style.linting.findings import Violation
from chris_style.linting.source import SourceFile
from chris_style.writing import NotWritten, write_fixed

logger = logging.getLogger(__name__)


@dataclass
class SuppressedFile:
    """One file after `suppress`: its new text (None when unchanged), what its comments suppress, what is left."""

    path: Path
    display_path: str
    encoding: str = "utf-8"
    text: Optional[str] = None
    suppressed: int = 0
    left: List[Violation] = field(default_factory=list)
    error: Optional[str] = None
    # The bytes read: the file is replaced only if it still holds them (see writing.py).
    original_data: bytes = b""


def suppress_file(task: Tuple[Job, Suppression]) -> SuppressedFile:
    """Read a file and compute its suppressed text (in a worker process: nothing is written here)."""
    job, how = task
    result = SuppressedFile(job.path, job.display_path)
    try:
        data = read_bytes(job.path, job.settings.max_file_size)
        decoded = decode_source(data)
    except UnreadableFile as error:
        result.error = str(error)
        return result
    result.original_data = data
    outcome = suppress_text(SourceFile(decoded.text, job.path), job.settings, job.rule_set, how, job.min_priority)
    result.encoding = decoded.encoding
    result.left = outcome.left
    result.error = outcome.error
    if outcome.changed(decoded.text):
        result.text = outcome.text
        result.suppressed = outcome.suppressed
    return result


def write_back(result: SuppressedFile) -> None:
    """Write a suppressed file the way `fix` does (writing.py: whole, through symlinks, not over a change made
    during the run); an error is kept in the result and the file is left as it was."""
    if result.text is None:
        return
    try:
        write_fixed(result.path, result.original_data, result.text.encode(result.encoding))
    except NotWritten as error:
        result.error = f"not written: {error}"
        result.text, result.suppressed = None, 0
    except (OSError, UnicodeEncodeError) as error:
        result.error = f"cannot write: {getattr(error, 'strerror', None) or error}"
        result.text, result.suppressed = None, 0


def suppress_files(
    jobs: Sequence[Job], how: Suppression, processes: int, on_file: Callable[[SuppressedFile], None]
) -> List[SuppressedFile]:
    """Suppress the findings of every job's file and write the files that changed, in order."""
    results = []
    for result in map_files(suppress_file, [(job, how) for job in jobs], processes):
        write_back(result)
        on_file(result)
        results.append(result)
    return results


def suppress_summary(results: Sequence[SuppressedFile], how: Suppression) -> str:
    """`Suppressed 12 findings in 3 files with # noqa comments; 1 finding left (named above).`"""
    suppressed = sum(result.suppressed for result in results)
    files = sum(1 for result in results if result.suppressed)
    left = sum(len(result.left) for result in results)
    kind = "deviation blocks" if how.deviation else "# noqa comments"
    summary = f"Suppressed {plural(suppressed, 'finding')} in {plural(files, 'file')} with {kind}"
    if left:
        summary += f"; {plural(left, 'finding')} left (named above: fix them, or write their comment by hand)"
    errors = sum(1 for result in results if result.error)
    if errors:
        summary += f"; {plural(errors, 'file')} not changed (named above)"
    return summary + "."
