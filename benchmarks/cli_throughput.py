"""Throughput of a whole-project check, per CPU-second: chris-style, Fixit and Ruff in one run.

Usage: python benchmarks/cli_throughput.py [DIRECTORY] [--repeat N]

DIRECTORY defaults to the source of a few real projects downloaded with pip into $TMPDIR/chris-style-benchmark-corpus (click,
attrs, requests, rich). Each tool checks the same files single-process, without caches; the table reports
wall time, CPU time (user + system of the child), and lines per CPU-second, best of N runs.
"""

import argparse
import logging
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

logger = logging.getLogger(__name__)

BENCHMARK_DIR = Path(__file__).resolve().parent
# Outside the repository: its .gitignore would hide the corpus from the linters being measured.
CORPUS_DIR = Path(tempfile.gettempdir()) / "chris-style-benchmark-corpus"
# Popular pure-Python projects of different styles; pinned so that numbers compare across runs.
CORPUS_PACKAGES = ("click==8.1.8", "attrs==25.3.0", "requests==2.32.3", "rich==13.9.4")
DEFAULT_REPEAT = 3  # best of three absorbs most of the noise of a shared 2-core machine


@dataclass
class Measurement:
    tool: str
    wall_seconds: float
    cpu_seconds: float
    exit_code: int


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


def count_lines(directory: Path) -> int:
    return sum(len(path.read_bytes().splitlines()) for path in directory.rglob("*.py"))


def run_timed(tool: str, command: Sequence[str]) -> Measurement:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measurement(tool, wall, cpu, completed.returncode)


def tool_commands(directory: Path) -> List[tuple]:
    """The command of each tool installed beside this Python, each checking `directory` in one process."""
    bin_dir = Path(sys.executable).parent
    commands = [
        ("chris-style", [sys.executable, "-m", "chris_style", "check", str(directory), "--jobs", "1",
                         "--min-priority", "OBSERVED", "--output-format", "json"]),
    ]
    fixit = shutil.which("fixit", path=str(bin_dir)) or shutil.which("fixit")
    if fixit:
        commands.append(("fixit", [fixit, "lint", str(directory)]))
    ruff = shutil.which("ruff", path=str(bin_dir)) or shutil.which("ruff")
    if ruff:
        # RAYON_NUM_THREADS=1 (set in main) keeps Ruff to one thread like the others.
        ruff_command = [ruff, "check", "--no-cache", "--select", "ALL", "--quiet", str(directory)]
        commands.append(("ruff (ALL rules)", ruff_command))
    return commands


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Measure every tool on the same files and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    arguments = parser.parse_args(argv)
    directory = arguments.directory or ensure_corpus()
    os.environ["RAYON_NUM_THREADS"] = "1"
    lines = count_lines(directory)
    files = sum(1 for _ in directory.rglob("*.py"))
    env_note = f"{files} files, {lines} lines in {directory}; best of {arguments.repeat}; 1 process each"
    sys.stdout.write(env_note + "\n\n")
    sys.stdout.write(f"{'tool':<20} {'wall s':>8} {'cpu s':>8} {'lines/cpu-s':>12} {'exit':>5}\n")
    for tool, command in tool_commands(directory):
        runs = [run_timed(tool, command) for _ in range(arguments.repeat)]
        best = min(runs, key=lambda run: run.cpu_seconds)
        rate = lines / best.cpu_seconds if best.cpu_seconds else float("inf")
        sys.stdout.write(f"{tool:<20} {best.wall_seconds:>8.2f} {best.cpu_seconds:>8.2f} {rate:>12.0f} {best.exit_code:>5}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
