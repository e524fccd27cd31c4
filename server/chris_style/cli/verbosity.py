"""`-q/--quiet` and `-v/--verbose`: how much `check` and `fix` say besides their findings.

Quiet prints the findings (or the patch) and errors only: no closing count, no warnings. Verbose adds, on
standard error, each file's settings source and whether its result came from the cache or how long it took, and
the run's totals; it also turns on the library's debug log."""

import enum
import logging
from pathlib import Path
from typing import Optional, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.cli.summary import plural

logger = logging.getLogger(__name__)

# The log format of the whole tool on standard error.
LOG_FORMAT = "chris-style: %(levelname)s: %(message)s"
MILLISECONDS_PER_SECOND = 1000


class Verbosity(enum.IntEnum):
    QUIET = 0
    NORMAL = 1
    VERBOSE = 2

    @classmethod
    def of(cls, verbose: bool, quiet: bool) -> "Verbosity":
        """Quiet wins when both are given: a script that asks for silence gets it."""
        if quiet:
            return cls.QUIET
        return cls.VERBOSE if verbose else cls.NORMAL


def configure_logging(verbose: bool) -> None:
    """Errors only, or everything with `--verbose`; set once per process (a later call only lowers the level)."""
    logging.basicConfig(level=logging.ERROR, format=LOG_FORMAT)
    if verbose:
        logging.getLogger().setLevel(logging.DEBUG)


def _config_name(config_file: Optional[Path]) -> str:
    return str(config_file) if config_file is not None else "defaults (no pyproject.toml with [tool.chris-style])"


def file_line(report: FileReport) -> str:
    """`module.py: settings from pyproject.toml; from the cache` or `...; linted in 12 ms`."""
    if report.error:
        how = "not read"
    elif report.cached:
        how = "from the cache"
    else:
        how = f"linted in {report.seconds * MILLISECONDS_PER_SECOND:.0f} ms (CPU)"
    return f"chris-style: {report.display_path}: settings from {_config_name(report.config_file)}; {how}"


def run_line(reports: Sequence[FileReport], seconds: float) -> str:
    """`12 files in 0.84 s: 10 from the cache, 2 linted (0.31 s CPU in linting).`"""
    cached = sum(1 for report in reports if report.cached)
    unread = sum(1 for report in reports if report.error)
    linted = len(reports) - cached - unread
    cpu = sum(report.seconds for report in reports if not report.cached)
    return (
        f"chris-style: {plural(len(reports), 'file')} in {seconds:.2f} s: {cached} from the cache, {linted} linted "
        f"({cpu:.2f} s CPU in linting), {unread} not read."
    )
