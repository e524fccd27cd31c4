"""Shared test helpers: the repository root, and running the real `chris-style` command as a subprocess."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# A generous bound: one CLI run over the examples takes well under a second; a hang must not stall CI.
CLI_TIMEOUT_SECONDS = 120


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*arguments: str, cwd: Optional[Path] = None, stdin: Optional[bytes] = None) -> CliResult:
    completed = subprocess.run(
        [sys.executable, "-m", "chris_style", *arguments],
        cwd=cwd or REPOSITORY_ROOT,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )
    return CliResult(completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project directory with its own pyproject.toml, so the repository's settings do not apply."""
    (tmp_path / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    return tmp_path
