"""`chris-style check --diff-from REV`, run as a real subprocess in a scratch git repository: only the findings on
lines changed since the revision are reported; clear errors outside a repository and for a bad revision."""

import json
import subprocess
from pathlib import Path
from typing import List, Tuple

import pytest

from chris_style.adoption.changed_lines import parse_diff
from tests.conftest import run_cli

MODULE = "def run(command):\n    return command\n\n\ndef stop(code):\n    return code\n"
GIT_IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false")
# A git command in a scratch repository takes milliseconds; a hung one must not hang the suite.
GIT_TIMEOUT_SECONDS = 60


def _git(repository: Path, *arguments: str) -> None:
    subprocess.run(["git", *GIT_IDENTITY, *arguments], cwd=repository, check=True, capture_output=True,
                   timeout=GIT_TIMEOUT_SECONDS)


@pytest.fixture
def repository(project: Path) -> Path:
    (project / "module.py").write_text(MODULE, encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "first")
    return project


def _reported(repository: Path, *options: str) -> Tuple[int, List[Tuple[str, int, str]]]:
    result = run_cli("check", ".", "--output-format", "json", "--no-cache", *options, cwd=repository)
    assert "" == result.stderr
    return result.exit_code, [(item["path"], item["line"], item["code"]) for item in json.loads(result.stdout)]


def test_WHEN_one_function_changed_since_revision_THEN_only_its_findings_reported(repository: Path) -> None:
    changed = MODULE.replace("def stop(code):\n    return code\n", "def stop(code, force):\n    return code\n")
    (repository / "module.py").write_text(changed, encoding="utf-8")
    expected = [("module.py", 5, "CS202"), ("module.py", 5, "CS201"), ("module.py", 5, "CS201")]
    assert (1, expected) == _reported(repository, "--diff-from", "HEAD")


def test_WHEN_untracked_file_THEN_all_its_findings_reported(repository: Path) -> None:
    (repository / "new.py").write_text("def go(target):\n    return target\n", encoding="utf-8")
    assert (1, [("new.py", 1, "CS202"), ("new.py", 1, "CS201")]) == _reported(repository, "--diff-from", "HEAD")


def test_WHEN_nothing_changed_THEN_nothing_reported_and_the_summary_says_why(repository: Path) -> None:
    result = run_cli("check", "--diff-from", "main", "--no-cache", cwd=repository)
    assert (0, True) == (result.exit_code, "4 findings on lines unchanged since main not reported" in result.stdout)


def test_WHEN_revision_moved_on_since_the_branch_left_it_THEN_its_changes_are_not_this_branchs(
    repository: Path,
) -> None:
    _git(repository, "checkout", "-q", "-b", "topic")
    _git(repository, "checkout", "-q", "main")
    (repository / "module.py").write_text(MODULE.replace("run(command)", "run(command, verbose)"), encoding="utf-8")
    _git(repository, "commit", "-q", "-am", "main moves on")
    _git(repository, "checkout", "-q", "topic")
    assert (0, []) == _reported(repository, "--diff-from", "main")


def test_WHEN_revision_unknown_THEN_exit_2_naming_it(repository: Path) -> None:
    result = run_cli("check", "--diff-from", "no-such-branch", cwd=repository)
    assert (2, "") == (result.exit_code, result.stdout)
    assert True == result.stderr.startswith("chris-style: error: --diff-from: unknown revision 'no-such-branch'")


def test_WHEN_not_in_a_repository_THEN_exit_2_saying_so(project: Path) -> None:
    (project / "module.py").write_text(MODULE, encoding="utf-8")
    result = run_cli("check", "--diff-from", "HEAD", cwd=project)
    assert (2, True) == (result.exit_code, "is not in a git repository" in result.stderr)


def test_WHEN_diff_has_hunks_THEN_added_lines_counted_and_deletions_not() -> None:
    diff = (
        "diff --git a/pkg/a.py b/pkg/a.py\n--- a/pkg/a.py\n+++ b/pkg/a.py\n"
        "@@ -3,0 +4,2 @@ def f():\n+x\n+y\n@@ -10 +12 @@\n-old\n+new\n@@ -20,2 +21,0 @@\n-gone\n-gone\n"
        "diff --git a/old.py b/old.py\n--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
    )
    assert {"pkg/a.py": {3, 4, 11}} == parse_diff(diff)
