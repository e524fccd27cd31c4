"""Where the editor offers "Generate tests", and which test file they go to: the function or method whose header
is under the cursor gets test skeletons (written by linting/generated_tests.py) in its test module, created when missing.

The test module mirrors the package path, as the guide's projects do:

- an existing `test_<module>.py` is extended: in the module's package (`core/tests/`, as ocsf-playground's Django
  apps keep them, or beside the module), else under the project's test root at the mirrored path;
- else a new one goes into the package's own `tests/` directory when it has one (or, without a test root, when
  the project's packages keep their tests so), else under the test root:
  the nearest `test_<source root>` (aws-aio: `manage_arkime/commands/cluster_destroy.py` ->
  `test_manage_arkime/commands/test_cluster_destroy.py`), `tests` or `test` directory above the source root
  that holds Python tests (up to the repository's or the project's directory), at the deepest existing mirror of
  the package path (this project: `server/chris_style/linting/edits.py` -> `tests/linting/test_edits.py`); new
  directories get an `__init__.py` where the test root's directories have one. Without any test root, the
  project's `tests/` (beside a `src/` source root).

The source root (what `sys.path` holds, so what the tests import the module as) is the directory above the
module's chain of packages, stopping at a directory holding a project file (`setup.py`, `pyproject.toml`,
`setup.cfg`, Django's `manage.py`): aws-aio's `manage_arkime/` (`commands.cluster_destroy`), a `src/` layout's
`src/`, this project's `server/` (`chris_style.linting.edits`).
"""

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import libcst as cst

from chris_style.linting.generated_tests import (
    can_test,
    existing_tests,
    extend_test_file,
    new_test_file,
    plan_skeleton,
    skeleton_tests,
    subject_stem,
)
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position, SourceFile
from chris_style.refactors.locate import header_at

logger = logging.getLogger(__name__)

PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "manage.py")
REPOSITORY_DIRECTORIES = (".git", ".hg", ".svn")
TEST_ROOT_NAMES = ("tests", "test")
PACKAGE_FILE = "__init__.py"
# How far above the source root a test root is looked for, and how many entries a test root's scan for Python
# tests may look at: enough for any project's layout, bounded for a code action answered as the cursor moves.
MAX_LEVELS_UP = 4
MAX_SCANNED_ENTRIES = 500
TEST_FILE_PREFIX = "test_"
# Tests are generated for modules (not for a notebook's cells).
PYTHON_SUFFIX = ".py"

Reader = Callable[[Path], Optional[str]]


@dataclass
class Destination:
    """Where the tests of one module go, and what the tests import it as."""

    path: Path
    module_name: str
    # The directory the path is shown relative to (the project's, or the source root's).
    base: Path
    # Directories to create on the way, each with an `__init__.py` when `packages` says so.
    new_directories: List[Path] = field(default_factory=list)
    packages: bool = False

    @property
    def shown(self) -> str:
        try:
            return self.path.relative_to(self.base).as_posix()
        except ValueError:
            return self.path.as_posix()


@dataclass
class FileChange:
    """The refactoring's change to the test module: a new file's text, or edits of the existing text."""

    location: Destination
    new_text: Optional[str] = None
    existing: Optional[SourceFile] = None
    edits: List[Edit] = field(default_factory=list)

    @property
    def new_files(self) -> List[Tuple[Path, str]]:
        """Files to create, in order: packages' `__init__.py` (empty), then the test module."""
        location = self.location
        packages = location.new_directories if location.packages else []
        created = [(directory / PACKAGE_FILE, "") for directory in packages]
        if self.new_text is not None:
            created.append((self.location.path, self.new_text))
        return created


def _is_project_directory(directory: Path) -> bool:
    return any((directory / name).is_file() for name in PROJECT_FILES)


def import_root(path: Path) -> Tuple[Path, str]:
    """The source root above the module at `path` and the module's dotted name from there."""
    parts = [] if path.stem == "__init__" else [path.stem]
    directory = path.parent
    while not _is_project_directory(directory) and directory.parent != directory:
        is_package = (directory / PACKAGE_FILE).is_file()
        # A directory without `__init__.py` is a namespace package when a project file sits above it, unless it
        # holds packages (`src/`, this project's `server/`): then it is the source root.
        is_namespace_package = not _holds_packages(directory) and _project_above(directory)
        if not (is_package or is_namespace_package):
            break
        parts.insert(0, directory.name)
        directory = directory.parent
    return directory, ".".join(parts)


def _holds_packages(directory: Path) -> bool:
    return any(entry.is_dir() and (Path(entry.path) / PACKAGE_FILE).is_file() for entry in _children(directory))


def _project_above(directory: Path) -> bool:
    current = directory.parent
    for _ in range(MAX_LEVELS_UP):
        if _is_project_directory(current):
            return True
        if _is_repository(current) or current.parent == current:
            return False
        current = current.parent
    return False


def _is_repository(directory: Path) -> bool:
    return any((directory / name).exists() for name in REPOSITORY_DIRECTORIES)


def _holds_python_tests(directory: Path) -> bool:
    """True when a test module or a conftest.py is within a few levels (a `test/` of TypeScript tests is not)."""
    scanned = 0
    pending = [directory]
    while pending and scanned < MAX_SCANNED_ENTRIES:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            scanned += 1
            name = entry.name
            if entry.is_file() and name.endswith(".py"):
                if name.startswith(TEST_FILE_PREFIX) or name.endswith("_test.py") or name == "conftest.py":
                    return True
            elif entry.is_dir() and not name.startswith("."):
                pending.append(Path(entry.path))
    return False


def test_roots(source_root: Path) -> List[Path]:
    """The nearest directories holding the project's tests: `test_<source root name>`, `tests`, `test` (in that
    order of preference), looked for in the source root and the directories above it up to the repository's or
    the project's own (the first above the source root holding a project file)."""
    directory = source_root
    for _ in range(MAX_LEVELS_UP + 1):
        names = [f"{TEST_FILE_PREFIX}{source_root.name}", *TEST_ROOT_NAMES]
        found = [directory / name for name in names if (directory / name).is_dir()]
        found = [root for root in found if _holds_python_tests(root)]
        if found:
            return found
        is_top = _is_repository(directory) or (directory != source_root and _is_project_directory(directory))
        if is_top or directory.parent == directory:
            break
        directory = directory.parent
    return []


def _mirror(root: Path, packages: List[str], source_root: Path) -> Path:
    """The directory under a test root for a module in `packages`: the deepest existing mirror of the package
    path, else the package path without the top package when the test root mirrors packages below it (as this
    project's tests/ mirrors chris_style/), else the whole package path (as aws-aio's tests mirror theirs)."""
    for start in range(len(packages)):
        if (root / packages[start]).is_dir():
            return root.joinpath(*packages[start:])
    mirrors_source_root = any(
        entry.is_dir() and (source_root / entry.name).is_dir() for entry in _children(root)
    )
    start = 0 if mirrors_source_root or not packages else 1
    return root.joinpath(*packages[start:])


def _children(directory: Path) -> List[os.DirEntry]:
    try:
        return list(os.scandir(directory))
    except OSError:
        return []


def locate(path: Path) -> Optional[Destination]:
    """Where the tests of the module at `path` go (see the module's documentation)."""
    source_root, module_name = import_root(path)
    if not module_name:
        return None
    stem = module_name.rsplit(".", 1)[-1]
    # A private module's tests drop its underscore (attrs: `_make.py` -> `test_make.py`).
    file_name = f"{TEST_FILE_PREFIX}{stem.lstrip('_') or stem}.py"
    packages = module_name.split(".")[:-1]
    package_directory = path.parent
    roots = test_roots(source_root)
    candidates = [package_directory / "tests" / file_name, package_directory / file_name]
    for root in roots:
        candidates.extend(root.joinpath(*packages[start:], file_name) for start in range(len(packages) + 1))
    base = roots[0].parent if roots else (source_root if _is_project_directory(source_root) else source_root.parent)
    for candidate in candidates:
        if candidate.is_file():
            shown_from = base if roots and _is_below(candidate, base) else source_root
            return Destination(candidate, module_name, shown_from)
    follows_packages = not roots and _packages_keep_tests(source_root)
    if (package_directory / "tests").is_dir() or follows_packages:
        # The package's own tests/ (Django apps keep theirs so), made a package as its siblings' are.
        tests = package_directory / "tests"
        new_directories = [] if tests.is_dir() else [tests]
        return Destination(tests / file_name, module_name, source_root, new_directories, bool(new_directories))
    # Without a test root: `tests/` in the project, beside the source root when that is `src/` or the like.
    project = source_root if _is_project_directory(source_root) else source_root.parent
    root = roots[0] if roots else project / TEST_ROOT_NAMES[0]
    directory = _mirror(root, packages, source_root) if roots else root.joinpath(*packages[1:])
    new_directories = []
    existing = directory
    while not existing.exists() and existing != root.parent:
        new_directories.insert(0, existing)
        existing = existing.parent
    packages_used = (existing / PACKAGE_FILE).is_file() and existing != root.parent
    return Destination(directory / file_name, module_name, base, new_directories, packages_used)


def _packages_keep_tests(source_root: Path) -> bool:
    """True when the project's packages keep their tests in a `tests/` directory of their own (ocsf-playground's
    `backend/core/tests/`, `playground_api/tests/`): looked for two levels below the source root."""
    for first in _children(source_root):
        if not first.is_dir() or first.name.startswith("."):
            continue
        for second in [first, *_children(Path(first.path))]:
            tests = Path(second.path) / TEST_ROOT_NAMES[0]
            if second.is_dir() and tests.is_dir() and _holds_python_tests(tests):
                return True
    return False


def _is_below(path: Path, directory: Path) -> bool:
    try:
        path.relative_to(directory)
    except ValueError:
        return False
    return True


def function_at(context: RuleContext, position: Position) -> Optional[Tuple[cst.FunctionDef, List[cst.CSTNode]]]:
    """The module-level function or method whose header is under the cursor, when tests can be generated for it."""
    path = context.source.path
    if path is None or path.suffix != PYTHON_SUFFIX or context.source.is_test_file:
        return None
    found = header_at(context, position, (cst.FunctionDef,))
    if found is None:
        return None
    function, ancestors = found
    assert isinstance(function, cst.FunctionDef)
    return (function, ancestors) if can_test(function, ancestors) else None


def offer(context: RuleContext, position: Position) -> Optional[str]:
    found = function_at(context, position)
    if found is None:
        return None
    location = locate(Path(context.source.path))  # type: ignore[arg-type]
    if location is None:
        return None
    return f"Generate tests for `{found[0].name.value}` in {location.shown}"


def change(context: RuleContext, position: Position, read: Reader) -> Optional[FileChange]:
    """The test module's new text, or the edits adding the tests to it (`read` gives a file's current text: the
    editor's when it is open, else the disk's; None when there is no such file)."""
    found = function_at(context, position)
    if found is None:
        return None
    function, ancestors = found
    location = locate(Path(context.source.path))  # type: ignore[arg-type]
    if location is None:
        return None
    plan = plan_skeleton(context, function, ancestors, location.module_name)
    owner = ancestors[1] if len(ancestors) > 1 and isinstance(ancestors[1], cst.ClassDef) else None
    stem = subject_stem(function, owner)
    text = read(location.path)
    if text is None:
        tests = skeleton_tests(plan, stem, "    ", set(), context.settings.line_length)
        return FileChange(location, new_text=new_test_file(plan, tests, context.settings))
    source = SourceFile(text, location.path)
    try:
        module = source.parse()
    except cst.ParserSyntaxError:
        return None
    test_context = RuleContext(source, module, context.settings)
    tests = skeleton_tests(plan, stem, module.default_indent, existing_tests(module), context.settings.line_length)
    if not tests:
        return FileChange(location, existing=source)
    return FileChange(location, existing=source, edits=extend_test_file(test_context, plan, tests))
