"""The command-line half of the benchmark: a whole-project check by each tool, cold and warm, in CPU seconds.

CPU time is user + system time of the tool's process and of every child it waited for (its worker processes),
so a tool that spreads its work over several cores is charged for all of it; wall time is shown beside it.
A cold run starts from an empty cache directory, the warm run that follows reuses it over unchanged files.
"""

import logging
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Sequence

logger = logging.getLogger(__name__)

# Outside the repository: its .gitignore would hide the corpus from the linters being measured.
CORPUS_DIR = Path(tempfile.gettempdir()) / "chris-style-benchmark-corpus"
# Popular pure-Python projects of different styles; pinned so that numbers compare across runs.
CORPUS_PACKAGES = ("click==8.1.8", "attrs==25.3.0", "requests==2.32.3", "rich==13.9.4")
# Directories no tool lints by default (virtualenvs, caches, VCS data, JavaScript dependencies).
SKIPPED_DIRS = frozenset({".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
                          "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
# Whole-project checks of a few 10,000 lines take seconds to minutes; an hour means a hung tool.
RUN_TIMEOUT_SECONDS = 3600
# Exit statuses that mean "checked, and found something" or "found nothing" for all three tools.
OK_EXIT_CODES = (0, 1)


@dataclass
class Run:
    """One run of one tool over one directory."""

    wall_seconds: float
    cpu_seconds: float
    exit_code: int

    @property
    def ok(self) -> bool:
        return self.exit_code in OK_EXIT_CODES


@dataclass
class ToolRuns:
    """A tool's cold run and the warm run after it, on one directory."""

    tool: str
    directory: Path
    cold: Optional[Run] = None
    warm: Optional[Run] = None


def ensure_corpus() -> Path:
    """Download and unpack the corpus once (PyPI sdists only)."""
    if CORPUS_DIR.is_dir() and any(CORPUS_DIR.iterdir()):
        return CORPUS_DIR
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as download_dir:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             "--dest", download_dir, *CORPUS_PACKAGES],
            check=True,
        )
        for archive in Path(download_dir).glob("*.tar.gz"):
            with tarfile.open(archive) as tar:
                tar.extractall(CORPUS_DIR, filter="data")
    return CORPUS_DIR


def python_files(directory: Path) -> Iterator[Path]:
    """The .py files under `directory`, without the directories every tool skips by default."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(name for name in dirs if name not in SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(root) / name


def count_lines(directory: Path) -> int:
    return sum(len(path.read_bytes().splitlines()) for path in python_files(directory))


def run_timed(command: Sequence[str], environment: Optional[dict] = None) -> Run:
    """Run a command to completion, output discarded; its wall time and its (and its children's) CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=environment, timeout=RUN_TIMEOUT_SECONDS, check=False)
        exit_code = completed.returncode
    except subprocess.TimeoutExpired:
        exit_code = -1
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, exit_code)


def chris_style_command(directory: Path, cache_dir: Path, jobs: int) -> List[str]:
    """Every rule (`--min-priority OBSERVED`), the result cache in `cache_dir`."""
    return [sys.executable, "-m", "chris_style", "check", str(directory), "--jobs", str(jobs),
            "--min-priority", "OBSERVED", "--output-format", "json", "--cache-dir", str(cache_dir)]


def fixit_command(fixit: Path, directory: Path) -> List[str]:
    """Fixit's default rules; it has no result cache and lints on a process pool of every core."""
    return [str(fixit), "lint", str(directory)]


def ruff_command(ruff: Path, directory: Path, cache_dir: Path) -> List[str]:
    """Every Ruff rule, as it comes otherwise: its cache (moved out of the project into `cache_dir`, so the
    benchmark writes nothing into the directory it measures) and its threads on every core."""
    return [str(ruff), "check", "--select", "ALL", "--no-fix", "--quiet", "--cache-dir", str(cache_dir), str(directory)]


def measure(tool: str, directory: Path, make_command: Callable[[Path], List[str]]) -> ToolRuns:
    """A cold run with a fresh cache directory, then a warm run with the same one."""
    runs = ToolRuns(tool, directory)
    with tempfile.TemporaryDirectory(prefix="chris-style-benchmark-cache-") as cache_dir:
        command = make_command(Path(cache_dir))
        sys.stderr.write(f"  {tool} on {directory}: cold ...\n")
        runs.cold = run_timed(command)
        sys.stderr.write(f"  {tool} on {directory}: warm ...\n")
        runs.warm = run_timed(command)
    return runs
