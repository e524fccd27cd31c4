"""`chris-style fix --diff` prints a patch that `git apply` and `patch` accept, files without a final line break
included, and says on stderr how much it would fix."""

import shutil
import subprocess
from pathlib import Path
from typing import List

import pytest

from tests.conftest import run_cli

# A generous bound for git and patch on a few small files.
TOOL_TIMEOUT_SECONDS = 60
# No final line break: the patch must say so, or the next file's header is glued onto this file's last line.
NO_FINAL_NEWLINE = "import os\n\n\ndef first(command: str):\n    print(command)"
WITH_FINAL_NEWLINE = "def second(command: str):\n    print(command)\n"
CRLF = "def third(command: str):\r\n    print(command)\r\n"


def _tool(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS)


def _write_sources(project: Path) -> None:
    (project / "a_first.py").write_text(NO_FINAL_NEWLINE, encoding="utf-8", newline="")
    (project / "b_second.py").write_text(WITH_FINAL_NEWLINE, encoding="utf-8", newline="")
    (project / "c_third.py").write_bytes(CRLF.encode("utf-8"))


def _fixed_contents(project: Path) -> List[bytes]:
    return [(project / name).read_bytes() for name in ("a_first.py", "b_second.py", "c_third.py")]


def _diff(project: Path) -> str:
    result = run_cli("fix", "--diff", ".", "--select", "CS202", cwd=project)
    assert 1 == result.exit_code, result.stderr
    return result.stdout


def _expected_after_fix(project: Path, tmp_path: Path) -> List[bytes]:
    """What `fix` itself writes, on a copy: the patch must give exactly that."""
    copy = tmp_path / "fixed"
    shutil.copytree(project, copy)
    run_cli("fix", ".", "--select", "CS202", cwd=copy)
    return _fixed_contents(copy)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_WHEN_diff_applied_with_git_THEN_files_become_what_fix_writes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    _write_sources(project)
    expected = _expected_after_fix(project, tmp_path)
    patch_file = tmp_path / "fixes.patch"
    patch_file.write_text(_diff(project), encoding="utf-8", newline="")
    _tool("git", "init", "-q", ".", cwd=project)
    checked = _tool("git", "apply", "--check", str(patch_file), cwd=project)
    applied = _tool("git", "apply", str(patch_file), cwd=project)
    assert (0, 0, "") == (checked.returncode, applied.returncode, checked.stderr)
    assert expected == _fixed_contents(project)


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch is not installed")
def test_WHEN_diff_applied_with_patch_THEN_files_become_what_fix_writes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    _write_sources(project)
    expected = _expected_after_fix(project, tmp_path)
    patch_file = tmp_path / "fixes.patch"
    patch_file.write_text(_diff(project), encoding="utf-8", newline="")
    dry_run = _tool("patch", "-p1", "--dry-run", "--binary", "-i", str(patch_file), cwd=project)
    applied = _tool("patch", "-p1", "--binary", "-i", str(patch_file), cwd=project)
    assert (0, 0) == (dry_run.returncode, applied.returncode), dry_run.stdout + dry_run.stderr
    assert expected == _fixed_contents(project)


def test_WHEN_file_has_no_final_newline_THEN_patch_marks_it(project: Path) -> None:
    (project / "module.py").write_text(NO_FINAL_NEWLINE, encoding="utf-8", newline="")
    lines = _diff(project).splitlines()
    assert ["     print(command)", "\\ No newline at end of file"] == lines[-2:]


def test_WHEN_diff_printed_THEN_stderr_says_what_would_be_fixed(project: Path) -> None:
    _write_sources(project)
    (project / "clean.py").write_text("VALUE = 1  # one\n", encoding="utf-8")
    result = run_cli("fix", "--diff", ".", "--select", "CS202", cwd=project)
    assert "Would fix 3 issues in 3 files." == result.stderr.strip()


def test_WHEN_diff_has_nothing_to_fix_THEN_exit_0_and_empty_patch(project: Path) -> None:
    (project / "clean.py").write_text("VALUE = 1  # one\n", encoding="utf-8")
    result = run_cli("fix", "--diff", ".", cwd=project)
    assert (0, "", "Would fix 0 issues in 0 files.") == (result.exit_code, result.stdout, result.stderr.strip())
