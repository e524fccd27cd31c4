"""The VS Code extension: its unit tests (`npm test`, plain Node) and its end-to-end test in a real VS Code
(code-server + headless Chromium, `vscode-extension/e2e/run-e2e.mjs`), run as subprocesses.

Both need `bash vscode-extension/e2e/setup.sh` first. Without it these tests fail and say so, unless
CHRIS_STYLE_SKIP_VSCODE=1 asks to skip them.
"""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

logger = logging.getLogger(__name__)

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
EXTENSION_DIR = REPOSITORY_ROOT / "vscode-extension"
SETUP_SCRIPT = "vscode-extension/e2e/setup.sh"
SKIP_VARIABLE = "CHRIS_STYLE_SKIP_VSCODE"
CHROMIUM = Path(os.environ.get("CHRIS_STYLE_E2E_CHROMIUM", "/usr/bin/chromium"))
# The unit tests compile and run in about 5 s, packaging in about 10 s; the bound only stops a hang.
NPM_TIMEOUT_SECONDS = 300
# The end-to-end run takes about 2 minutes on 2 cores (two VS Code launches, three windows); a stuck
# browser must still not stall CI.
E2E_TIMEOUT_SECONDS = 900
# Enough of a failing run's output to see which check failed and the extension's log.
OUTPUT_TAIL_CHARACTERS = 12_000
# Checks of the end-to-end run that must have passed, not been skipped: those whose screenshots the docs show
# and that nothing else tests in a real VS Code (the start of each check's name in the run's summary).
REQUIRED_E2E_CHECKS = ("hover: ", "notebook: ")


def missing_setup(extension_dir: Path) -> List[str]:
    """What `setup.sh` installs that is not there, in words a developer can act on."""
    missing = []
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing.append("node and npm are not on PATH")
    if not (extension_dir / "node_modules" / "vscode-languageclient").is_dir():
        missing.append(f"{extension_dir / 'node_modules'} is not installed")
    if not (extension_dir / "e2e" / "node_modules" / "code-server" / "out" / "node" / "entry.js").is_file():
        missing.append("code-server (the VS Code the end-to-end test runs) is not installed")
    if not CHROMIUM.is_file():
        missing.append(f"Chromium is not installed ({CHROMIUM})")
    return missing


def setup_problem(extension_dir: Path) -> str:
    """Empty when everything is installed, else the message a failing test shows."""
    missing = missing_setup(extension_dir)
    if not missing:
        return ""
    return (
        f"The VS Code extension tests need `bash {SETUP_SCRIPT}` first ({'; '.join(missing)}). "
        f"Set {SKIP_VARIABLE}=1 to skip them."
    )


@pytest.fixture(scope="module")
def extension_dir() -> Path:
    """The extension folder, once its set-up is checked: skip only on request, fail loudly otherwise."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"{SKIP_VARIABLE}=1: the VS Code extension tests are skipped")
    problem = setup_problem(EXTENSION_DIR)
    if problem:
        pytest.fail(problem, pytrace=False)
    return EXTENSION_DIR


def run(command: List[str], cwd: Path, timeout: int) -> subprocess.CompletedProcess:
    logger.info("running %s in %s", " ".join(command), cwd)
    return subprocess.run(
        command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, check=False
    )


def tail(completed: subprocess.CompletedProcess) -> str:
    return (completed.stdout + completed.stderr)[-OUTPUT_TAIL_CHARACTERS:]


def passed_checks(summary: str) -> List[str]:
    """The names of the checks an end-to-end run's summary lists as passed."""
    return [line[len("PASSED"):].strip() for line in summary.splitlines() if line.startswith("PASSED ")]


def test_WHEN_a_summary_is_read_THEN_only_the_passed_checks_are_listed() -> None:
    summary = "PASSED  hover: shows CS202\n        a note\nSKIPPED quick fix: no actions\nFAILED  missing: no toast\n"
    assert ["hover: shows CS202"] == passed_checks(summary)


def test_WHEN_setup_has_not_run_THEN_the_message_names_the_setup_script_and_the_skip_variable(tmp_path: Path) -> None:
    problem = setup_problem(tmp_path)
    assert True == problem.startswith(f"The VS Code extension tests need `bash {SETUP_SCRIPT}` first (")
    assert True == problem.endswith(f"Set {SKIP_VARIABLE}=1 to skip them.")
    assert True == ("code-server (the VS Code the end-to-end test runs) is not installed" in problem)


@pytest.mark.editor
def test_WHEN_npm_test_runs_THEN_the_extension_unit_tests_pass(extension_dir: Path) -> None:
    completed = run(["npm", "test"], extension_dir, NPM_TIMEOUT_SECONDS)
    assert 0 == completed.returncode, tail(completed)
    assert True == ("# fail 0" in completed.stdout), tail(completed)


@pytest.mark.editor
@pytest.mark.slow
def test_WHEN_the_packaged_extension_runs_in_vscode_THEN_every_end_to_end_check_passes(extension_dir: Path) -> None:
    packaged = run(["npm", "run", "package"], extension_dir, NPM_TIMEOUT_SECONDS)
    assert 0 == packaged.returncode, tail(packaged)

    completed = run(
        ["node", "e2e/run-e2e.mjs", "--vsix", "chris-style.vsix", "--python", sys.executable],
        extension_dir,
        E2E_TIMEOUT_SECONDS,
    )
    # The run's summary (which checks passed, which were skipped and why) belongs in the test log either way.
    logger.info("end-to-end run:\n%s", completed.stdout[-OUTPUT_TAIL_CHARACTERS:])
    assert 0 == completed.returncode, tail(completed)
    assert True == ("e2e: " in completed.stdout and " 0 failed" in completed.stdout), tail(completed)
    passed = passed_checks(completed.stdout)
    not_passed = [name for name in REQUIRED_E2E_CHECKS if not any(check.startswith(name) for check in passed)]
    assert [] == not_passed, tail(completed)
