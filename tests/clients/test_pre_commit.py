"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by pre-commit itself (PyPI `pre-commit`).

pre-commit installs a hook repository from a git commit. The hooks under test are this working tree's, which
may not be committed yet, and the repository's own git state is never touched: the test snapshots the files a
hook install needs (pyproject.toml, README.md, server/, .pre-commit-hooks.yaml) into a scratch git repository
and commits them there. A second scratch repository, the "user's project", names that one in its
`.pre-commit-config.yaml`, as a user names this repository. pre-commit then builds the hook's virtualenv (pip
installs chris-style and its dependencies from PyPI) once per test module.
"""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import yaml

from tests.conftest import REPOSITORY_ROOT

logger = logging.getLogger(__name__)

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
HOOK_IDS = ("chris-style-fix", "chris-style")
# What `pip install` of the hook repository needs from the working tree.
SNAPSHOT = ("pyproject.toml", "README.md", "server", ".pre-commit-hooks.yaml")
# The first run builds the hook's virtualenv from PyPI (about 30 s here); later runs take a second or two.
PRE_COMMIT_TIMEOUT_SECONDS = 600
GIT_TIMEOUT_SECONDS = 60
CONFIG = '[tool.chris-style]\nselect = ["CS201", "CS202"]\n'
FIXABLE = "def run(command: str):\n    pass\n"
FIXED = "def run(command: str) -> None:\n    pass\n"
UNFIXABLE = "def run(command) -> None:\n    pass\n"
MODULE = "module.py"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")]


def git(cwd: Path, *arguments: str) -> str:
    """Run git in a scratch repository of this test (never in the repository under test)."""
    assert REPOSITORY_ROOT.resolve() not in (cwd.resolve(), *cwd.resolve().parents)
    completed = subprocess.run(
        ["git", *arguments], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_SECONDS, check=True,
        env=git_environment(),
    )
    return completed.stdout.strip()


def git_environment() -> Dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "chris-style tests", "GIT_AUTHOR_EMAIL": "tests@chris-style.invalid",
        "GIT_COMMITTER_NAME": "chris-style tests", "GIT_COMMITTER_EMAIL": "tests@chris-style.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    """A scratch git repository holding a snapshot of this working tree's hook files; its path and commit."""
    repository = tmp_path_factory.mktemp("hook-repository")
    for name in SNAPSHOT:
        source = REPOSITORY_ROOT / name
        if source.is_dir():
            shutil.copytree(source, repository / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
        else:
            shutil.copy2(source, repository / name)
    git(repository, "init", "--quiet")
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "--message", "snapshot of the working tree")
    return {"repo": str(repository), "rev": git(repository, "rev-parse", "HEAD")}


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """pre-commit's cache of hook environments, shared by this module's tests so the virtualenv is built once."""
    yield tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path, hook_repository: Dict[str, str]) -> Path:
    """The user's project: a git repository whose .pre-commit-config.yaml uses both hooks."""
    config = {"repos": [{**hook_repository, "hooks": [{"id": hook_id} for hook_id in HOOK_IDS]}]}
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    git(tmp_path, "init", "--quiet")
    return tmp_path


def pre_commit(project: Path, home: Path, *arguments: str) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [PRE_COMMIT, *arguments], cwd=project, capture_output=True, text=True, timeout=PRE_COMMIT_TIMEOUT_SECONDS,
        env={**git_environment(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}, check=False,
    )
    logger.info("pre-commit %s -> %s\n%s%s", " ".join(arguments), completed.returncode, completed.stdout,
                completed.stderr)
    return completed


def hook_lines(output: str) -> List[str]:
    """pre-commit's one status line per hook, dots removed: `chris-style fix Failed`."""
    return [" ".join(line.replace(".", " ").split()) for line in output.splitlines()
            if line.startswith("chris-style ")]


def add(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")
    git(project, "add", "--all")


def test_WHEN_the_hooks_yaml_is_read_THEN_it_has_a_check_and_a_fix_hook_running_chris_style() -> None:
    hooks = yaml.safe_load((REPOSITORY_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    expected = [("chris-style", "chris-style check", "python"), ("chris-style-fix", "chris-style fix", "python")]
    assert expected == [(hook["id"], hook["entry"], hook["language"]) for hook in hooks]


def test_WHEN_a_staged_file_has_a_fixable_problem_THEN_the_fix_hook_fixes_it_and_the_next_run_passes(
    project: Path, pre_commit_home: Path
) -> None:
    add(project, MODULE, FIXABLE)
    first = pre_commit(project, pre_commit_home, "run", "--all-files")
    fixed = (project / MODULE).read_text(encoding="utf-8")
    git(project, "add", "--all")
    second = pre_commit(project, pre_commit_home, "run", "--all-files")
    observed = (first.returncode, hook_lines(first.stdout), fixed, second.returncode, hook_lines(second.stdout))
    expected = (1, ["chris-style fix Failed", "chris-style check Passed"], FIXED, 0,
                ["chris-style fix Passed", "chris-style check Passed"])
    assert expected == observed, first.stdout + first.stderr


def test_WHEN_a_problem_has_no_fix_THEN_both_hooks_fail_and_name_it(project: Path, pre_commit_home: Path) -> None:
    add(project, MODULE, UNFIXABLE)
    completed = pre_commit(project, pre_commit_home, "run", "--all-files")
    expected = (1, ["chris-style fix Failed", "chris-style check Failed"], True, UNFIXABLE)
    observed = (completed.returncode, hook_lines(completed.stdout),
                "module.py:1:9: CS201 [CRITICAL]" in completed.stdout,
                (project / MODULE).read_text(encoding="utf-8"))
    assert expected == observed, completed.stdout + completed.stderr


def test_WHEN_the_hooks_are_installed_THEN_git_commit_is_refused_until_the_problem_is_fixed(
    project: Path, pre_commit_home: Path
) -> None:
    installed = pre_commit(project, pre_commit_home, "install")
    add(project, MODULE, UNFIXABLE)
    refused = subprocess.run(["git", "commit", "--quiet", "--message", "bad"], cwd=project, capture_output=True,
                             text=True, timeout=PRE_COMMIT_TIMEOUT_SECONDS, check=False,
                             env={**git_environment(), "PRE_COMMIT_HOME": str(pre_commit_home)})
    add(project, MODULE, FIXED)
    accepted = subprocess.run(["git", "commit", "--quiet", "--message", "good"], cwd=project, capture_output=True,
                              text=True, timeout=PRE_COMMIT_TIMEOUT_SECONDS, check=False,
                              env={**git_environment(), "PRE_COMMIT_HOME": str(pre_commit_home)})
    observed = (installed.returncode, refused.returncode, accepted.returncode)
    assert (0, 1, 0) == observed, refused.stdout + accepted.stdout
