"""`chris-style fix` over real projects from PyPI: the fixed code still compiles, a second `fix` changes nothing,
and the project's own test suite passes exactly as it did before the fixes.

Each project's sdist ships its tests. It is downloaded once into a cache outside the repository (reused by later
runs), unpacked into a temporary directory and fixed through the real command line, as a user would."""

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as element_tree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Tuple

import pytest

from tests.conftest import REPOSITORY_ROOT

pytestmark = pytest.mark.slow

# Overridable so that a machine can keep the downloads elsewhere; the default survives between runs.
CORPUS_CACHE = Path(os.environ.get("CHRIS_STYLE_FIX_CORPUS", Path(tempfile.gettempdir()) / "chris-style-fix-corpus"))
# A whole project takes ~20 s of CPU to fix on an idle 2-core machine; the bound only stops a hang, and must
# survive a machine busy with other work.
FIX_TIMEOUT_SECONDS = 900
# Downloading one sdist (and building its metadata, which pip insists on) takes seconds; a stalled index must
# not stall the suite forever.
DOWNLOAD_TIMEOUT_SECONDS = 600
# The projects' suites take under 15 s each here; the same margin as for a fix.
PROJECT_TESTS_TIMEOUT_SECONDS = 900
PLUGIN_DIRECTORY = Path(__file__).resolve().parent
# The installed pytest deprecates things these older releases do (click 8.1.8 turns every warning into an error);
# that is the environment's doing, not the fixes'.
PROJECT_PYTEST_OPTIONS = ("-q", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestDeprecationWarning")
PASSED = "passed"
FIX_EXIT_CODES_WITHOUT_PROBLEMS = (0, 1)


@dataclass
class RealProject:
    name: str
    version: str
    # The directory, relative to the unpacked sdist, that must be on sys.path for the tests to import the
    # project's (fixed) code rather than any installed copy.
    import_root: str
    extra_pytest_options: Tuple[str, ...] = ()

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


CLICK = RealProject("click", "8.1.8", "src")
ATTRS = RealProject("attrs", "25.3.0", "src", ("-p", "fast_hypothesis"))
# Its `sample()` fills a list by a loop inside `with suppress(StopIteration):` and reads the partial list after:
# the case that showed CS608's comprehension must not be a safe fix there.
MORE_ITERTOOLS = RealProject("more-itertools", "11.2.1", ".")
# All need nothing beyond pytest and hypothesis (installed with the test extra) and run offline in seconds.
PROJECTS = (CLICK, ATTRS, MORE_ITERTOOLS)
# Unsafe fixes may change behaviour by design, so only projects whose suites survive them are held to it (click's
# does not: CS804 turns `ShellComplete` into an ABC, which its tests instantiate; nor does more-itertools': the
# unsafe CS608 fix loses the partial list in `sample()`). Every project's files must still compile after them.
PROJECTS_SURVIVING_UNSAFE_FIXES = (ATTRS,)


@dataclass
class FixRun:
    project: RealProject
    # The unfixed copy to compare with, and the copy `chris-style fix` rewrote.
    pristine: Path
    fixed: Path
    exit_code: int
    stderr: str


def _chris_style(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chris_style", *arguments],
        cwd=REPOSITORY_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=FIX_TIMEOUT_SECONDS,
    )


def _sdist(project: RealProject) -> Path:
    """The project's sdist from the cache, downloaded first if missing. Downloads go to a private directory
    that is renamed into place, so concurrent runs never see half a file."""
    target = CORPUS_CACHE / f"{project.name}-{project.version}"
    if not target.is_dir():
        CORPUS_CACHE.mkdir(parents=True, exist_ok=True)
        download = Path(tempfile.mkdtemp(dir=CORPUS_CACHE, prefix=".download-"))
        try:
            completed = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                 "--dest", str(download), project.requirement],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=DOWNLOAD_TIMEOUT_SECONDS,
            )
            assert 0 == completed.returncode, completed.stderr
            download.rename(target)
        except OSError:
            # Another run put its (identical) copy in place first.
            if not target.is_dir():
                raise
        finally:
            # Still there when the download failed or lost that race.
            shutil.rmtree(download, ignore_errors=True)
    archives = sorted(target.glob("*.tar.gz"))
    assert 1 == len(archives), f"expected one sdist in {target}"
    return archives[0]


def _unpack(archive: Path, destination: Path) -> Path:
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(destination, filter="data")
        else:
            # Python before 3.10.12 has no extraction filters; the archive is a pinned release from PyPI.
            tar.extractall(destination)
    (root,) = [child for child in destination.iterdir() if child.is_dir()]
    return root


def _python_files(root: Path) -> List[Path]:
    return sorted(root.rglob("*.py"))


def _uncompilable(root: Path) -> List[str]:
    failures = []
    for path in _python_files(root):
        try:
            compile(path.read_bytes(), str(path), "exec")
        except SyntaxError as error:
            failures.append(f"{path.relative_to(root)}:{error.lineno}: {error.msg}")
    return failures


def _test_outcomes(project: RealProject, root: Path, report: Path) -> Dict[str, str]:
    """Run the project's own test suite in `root` and return each test's outcome by test id."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    # Only the project's code and our plugin; the plugins installed for chris-style's own tests stay out.
    environment["PYTHONPATH"] = os.pathsep.join([str(root / project.import_root), str(PLUGIN_DIRECTORY)])
    environment["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", *PROJECT_PYTEST_OPTIONS, *project.extra_pytest_options,
         f"--junitxml={report}"],
        cwd=root,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PROJECT_TESTS_TIMEOUT_SECONDS,
    )
    assert report.is_file(), completed.stdout[-4000:] + completed.stderr[-4000:]
    outcomes = {}
    for case in element_tree.parse(report).getroot().iter("testcase"):
        results = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[f"{case.get('classname')}::{case.get('name')}"] = results[0] if results else PASSED
    return outcomes


def _passing(outcomes: Dict[str, str]) -> FrozenSet[str]:
    return frozenset(test for test, outcome in outcomes.items() if outcome == PASSED)


class PristineProjects:
    """The unpacked, unfixed projects and their test outcomes, made once per module and shared by the safe and
    the unsafe variant."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._roots: Dict[str, Path] = {}
        self._outcomes: Dict[str, Dict[str, str]] = {}

    def root(self, project: RealProject) -> Path:
        if project.name not in self._roots:
            self._roots[project.name] = _unpack(_sdist(project), self._factory.mktemp(f"{project.name}-pristine"))
        return self._roots[project.name]

    def test_outcomes(self, project: RealProject) -> Dict[str, str]:
        if project.name not in self._outcomes:
            report = self._factory.mktemp(f"{project.name}-pristine-report") / "report.xml"
            self._outcomes[project.name] = _test_outcomes(project, self.root(project), report)
        return self._outcomes[project.name]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> PristineProjects:
    return PristineProjects(tmp_path_factory)


def _fixed_copy(
    pristine: PristineProjects, project: RealProject, factory: pytest.TempPathFactory, *options: str
) -> FixRun:
    fixed = _unpack(_sdist(project), factory.mktemp(f"{project.name}-fixed"))
    completed = _chris_style("fix", *options, str(fixed))
    return FixRun(project, pristine.root(project), fixed, completed.returncode, completed.stderr)


@pytest.fixture(scope="module", params=PROJECTS, ids=[project.name for project in PROJECTS])
def safely_fixed(
    request: pytest.FixtureRequest, pristine: PristineProjects, tmp_path_factory: pytest.TempPathFactory
) -> FixRun:
    return _fixed_copy(pristine, request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=PROJECTS, ids=[project.name for project in PROJECTS])
def unsafely_fixed(
    request: pytest.FixtureRequest, pristine: PristineProjects, tmp_path_factory: pytest.TempPathFactory
) -> FixRun:
    return _fixed_copy(pristine, request.param, tmp_path_factory, "--unsafe-fixes")


def _problems(run: FixRun) -> List[str]:
    """What went wrong in a fix run: its warnings and errors, and an exit status that says a rule crashed or a
    file could not be handled (0 and 1 only say whether violations remain)."""
    problems = [line for line in run.stderr.splitlines() if line.startswith("chris-style:")]
    if run.exit_code not in FIX_EXIT_CODES_WITHOUT_PROBLEMS:
        problems.append(f"exit status {run.exit_code}")
    return problems


def _changed_files(run: FixRun) -> List[Path]:
    return [
        path for path in _python_files(run.fixed)
        if path.read_bytes() != (run.pristine / path.relative_to(run.fixed)).read_bytes()
    ]


def test_WHEN_safe_fixes_applied_to_real_project_THEN_command_completes_without_problems(
    safely_fixed: FixRun,
) -> None:
    assert [] == _problems(safely_fixed)


def test_WHEN_safe_fixes_applied_to_real_project_THEN_files_changed(safely_fixed: FixRun) -> None:
    # Guards the other tests against passing vacuously (say, if every file were excluded).
    assert True == bool(_changed_files(safely_fixed))


def test_WHEN_safe_fixes_applied_to_real_project_THEN_every_python_file_compiles(safely_fixed: FixRun) -> None:
    assert [] == _uncompilable(safely_fixed.fixed)


def test_WHEN_fix_run_again_on_fixed_project_THEN_nothing_changes(safely_fixed: FixRun) -> None:
    completed = _chris_style("fix", "--diff", str(safely_fixed.fixed))
    assert (0, "") == (completed.returncode, completed.stdout)


def test_WHEN_safe_fixes_applied_to_real_project_THEN_same_project_tests_pass(
    safely_fixed: FixRun, pristine: PristineProjects, tmp_path: Path
) -> None:
    project = safely_fixed.project
    before = _passing(pristine.test_outcomes(project))
    after = _passing(_test_outcomes(project, safely_fixed.fixed, tmp_path / "report.xml"))
    assert True == bool(before)
    assert sorted(before) == sorted(after)


def test_WHEN_unsafe_fixes_applied_to_real_project_THEN_command_completes_without_problems(
    unsafely_fixed: FixRun,
) -> None:
    assert [] == _problems(unsafely_fixed)


def test_WHEN_unsafe_fixes_applied_to_real_project_THEN_every_python_file_compiles(unsafely_fixed: FixRun) -> None:
    assert [] == _uncompilable(unsafely_fixed.fixed)


def test_WHEN_fix_with_unsafe_fixes_run_again_on_fixed_project_THEN_nothing_changes(
    unsafely_fixed: FixRun,
) -> None:
    completed = _chris_style("fix", "--unsafe-fixes", "--diff", str(unsafely_fixed.fixed))
    assert (0, "") == (completed.returncode, completed.stdout)


def test_WHEN_unsafe_fixes_applied_to_real_project_THEN_project_test_outcomes_unchanged(
    unsafely_fixed: FixRun, pristine: PristineProjects, tmp_path: Path
) -> None:
    # Unsafe fixes rename tests (CS501), so outcomes are compared as counts, not test by test.
    project = unsafely_fixed.project
    if project not in PROJECTS_SURVIVING_UNSAFE_FIXES:
        pytest.skip(f"{project.name}'s suite is known not to survive unsafe fixes (see PROJECTS_SURVIVING_UNSAFE_FIXES)")
    before = Counter(pristine.test_outcomes(project).values())
    after = Counter(_test_outcomes(project, unsafely_fixed.fixed, tmp_path / "report.xml").values())
    assert True == (before[PASSED] > 0)
    assert before == after
