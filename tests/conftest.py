"""Shared test helpers: the repository root, and running the real `chris-style` command as a subprocess."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional
from unittest import mock

import pytest
from hypothesis import settings

from chris_style.cli.cache import CACHE_DIR_VARIABLE

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# Hypothesis profiles for the tests that leave the number of examples to them (tests/fuzz): "suite", the
# default, is small and the same from run to run; "fuzz" is the long run by hand, random each time:
# `pytest tests/fuzz --hypothesis-profile=fuzz` (docs/reliability.md).
SUITE_EXAMPLES = 12
FUZZ_EXAMPLES = 2000
settings.register_profile("suite", max_examples=SUITE_EXAMPLES, deadline=None, derandomize=True, database=None)
settings.register_profile("fuzz", max_examples=FUZZ_EXAMPLES, deadline=None)
settings.load_profile("suite")
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


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The CLI's result cache of this test session: tests never read or fill the user's own."""
    directory = tmp_path_factory.mktemp("cache")
    with mock.patch.dict(os.environ, {CACHE_DIR_VARIABLE: str(directory)}):
        yield directory


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project directory with its own pyproject.toml, so the repository's settings do not apply."""
    (tmp_path / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    return tmp_path
