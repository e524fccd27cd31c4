"""`chris-style check --watch` as a subprocess: it checks, then checks again when a file changes, reads the settings
anew when pyproject.toml changes, and stops cleanly on Ctrl-C (SIGINT). Every wait is bounded."""

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Iterator

import pytest

from tests.conftest import REPOSITORY_ROOT

# Bounds, not expectations: a re-check takes well under a second; a hang fails the test instead of stalling it.
WAIT_SECONDS = 60
UNANNOTATED = "def run(command):\n    print(command)\n"
CLEAN = "def run(command: str) -> None:\n    return None\n"


class Lines:
    """A stream's lines, read by a thread so the test can wait for one with a bound."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def until(self, starts: str) -> str:
        """The next line that starts with `starts` (lines before it are skipped); fails after WAIT_SECONDS."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                pytest.fail(f"no line starting with {starts!r} within {WAIT_SECONDS} s")
            if line.startswith(starts):
                return line


@pytest.fixture
def watching(project: Path) -> Iterator[subprocess.Popen]:
    (project / "module.py").write_text(CLEAN, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "chris_style", "check", ".", "--watch", "--jobs", "1"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY_ROOT / "server")},
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=WAIT_SECONDS)


def test_WHEN_files_and_config_change_THEN_checked_again_and_ctrl_c_stops(
    watching: subprocess.Popen, project: Path
) -> None:
    stdout, stderr = Lines(watching.stdout), Lines(watching.stderr)
    first = stdout.until(("All checks passed", "Found"))
    stderr.until("chris-style: Watching for changes")
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    changed = stderr.until("chris-style: 1 file changed")
    second = stdout.until("Found")
    stderr.until("chris-style: Watching for changes")
    (project / "pyproject.toml").write_text('[tool.chris-style]\nselect = ["CS202"]\n', encoding="utf-8")
    config_changed = stderr.until("chris-style: 1 file changed")
    third = stdout.until("Found")
    watching.send_signal(signal.SIGINT)
    assert 0 == watching.wait(timeout=WAIT_SECONDS)
    assert "All checks passed." == first
    assert ("chris-style: 1 file changed; checking again.", True) == (changed, second.startswith("Found 3 "))
    assert "chris-style: 1 file changed; checking again with the settings read anew." == config_changed
    assert "Found 1 diagnostic (1 CRITICAL). 1 fixable with `chris-style fix`." == third
