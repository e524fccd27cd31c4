"""CS101 module-name-not-snake-case: a module file or package directory name is not snake_case."""

import functools
import logging
import re
from pathlib import Path, PurePath
from typing import Optional, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Valid
from chris_style.linting.source import TextRange

logger = logging.getLogger(__name__)

SNAKE_CASE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
# Files in these directories are commands run by name, not modules imported: `gen-release-notes.py`.
COMMAND_DIRECTORIES = frozenset({"scripts", "bin"})
COMMAND_NAME_PATTERN = re.compile(r"^[a-z_][a-z0-9_\-]*$")
# Module stems the import system gives a fixed meaning to; they are not named by the author.
EXEMPT_MODULE_STEMS = frozenset({"__init__", "__main__"})
# Django and Alembic generate their migration files (`0001_initial.py`); nobody names them by hand.
MIGRATIONS_DIRECTORY = "migrations"
# Suffixes of files Python imports as modules; anything else opened as Python (a script without an
# extension) has no module name to judge.
MODULE_SUFFIXES = frozenset({".py", ".pyi", ".pyw"})
# The start of the buffer: a file-name finding has no better place to stand.
FILE_START = TextRange.of(0, 0, 0, 0)


def _project_directories(path: PurePath, root: Optional[Path]) -> Tuple[str, ...]:
    """The directory components of `path` that belong to the project: those below the project root when
    the path lies under it, none when it does not (names above the root are not the author's to choose).
    With no known root, a relative path is taken as relative to the project."""
    if root is None:
        return () if path.is_absolute() else tuple(path.parts[:-1])
    if path.is_absolute():
        try:
            return tuple(path.relative_to(root).parts[:-1])
        except ValueError:
            pass
    try:
        return tuple(Path(path).resolve().relative_to(_resolved(root)).parts[:-1])
    except (OSError, ValueError):
        return ()


@functools.lru_cache(maxsize=16)
def _resolved(root: Path) -> Path:
    """The project root with its links resolved: the same for every file of a run, so looked up once."""
    return root.resolve()


def _could_be_package(directory: str) -> bool:
    """Only a directory whose name is an identifier can be imported as a package; `.github`, `my-project`
    or `2024` hold files but are not packages, so their names are not judged."""
    return directory.isidentifier()


class ModuleNameNotSnakeCase(Rule):
    """A module file or package directory name is not snake_case (`^[a-z_][a-z0-9_]*$`).

    The guide's Package Naming guideline (CRITICAL): "`snake_case` for packages/modules", as in
    `aws_interactions` or `capacity_planning`. The name is judged from the document's path, so the finding
    stands at the start of the file.

    What is checked: the file's stem (for `.py`, `.pyi` and `.pyw` files), and the directories between the
    project root (the folder of the `pyproject.toml` that configures chris-style) and the file. Only
    directory names that are Python identifiers are judged, since a directory such as `.github` or
    `my-project` cannot be imported and so is not a package. For a file outside the project only its own
    name is checked; when no project root is known, a relative path is taken as relative to the project.

    Exempt: `__init__` and `__main__`, anything under a `migrations` directory (generated files such as
    `0001_initial.py`), files without a Python suffix, and untitled buffers (they have no name yet). A file
    directly in a `scripts` or `bin` directory is a command run by its name, so dashes are accepted there
    (`scripts/gen-release-notes.py`); capitals are not.
    """

    code = "CS101"
    name = "module-name-not-snake-case"
    priority = Priority.CRITICAL
    guideline = Guideline.PACKAGE_NAMING
    message = "{kind} name `{name}` is not snake_case"
    VALID = [
        Valid("import os\n", path="aws_interactions/s3_client.py"),
        Valid("import os\n", path="capacity_planning/__init__.py"),
        Valid("import os\n", path="config_wrangling/__main__.py"),
        Valid("import os\n", path="shop/migrations/0001_initial.py"),
        Valid("import os\n", path="shop/migrations/Legacy/0002-Auto.py"),
        Valid("import os\n", path=".github/scripts/release_notes.py"),
        Valid("import os\n", path="my-project/src/my_project/core.py"),
        Valid("import os\n", path="bin/run-server"),
        Valid("import os\n", path="tests/test_user_service.py"),
        Valid("import os\n", path="stubs/_private.pyi"),
        Valid("import os\n", path="scripts/gen-release-notes.py"),
    ]
    INVALID = [
        Invalid("import os\n", path="awsInteractions.py"),
        Invalid("import os\n", path="capacity-planning.py"),
        Invalid("import os\n", path="2fa_tokens.py"),
        Invalid("import os\n", path="EntitiesExpert/__init__.py"),
        Invalid("import os\n", path="Backend/Core/Utils.py", count=3),
        Invalid("", path="tests/TestClient.py"),
        Invalid("import os\n", path="scripts/GenNotes.py"),
        Invalid("import os\n", path="tools/gen-release-notes.py"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        """Everything is judged from the path, once per buffer: the project directories that could be
        packages, then the file's own name."""
        path = self.source.path
        if path is None or path.suffix not in MODULE_SUFFIXES:
            return
        if MIGRATIONS_DIRECTORY in path.parts[:-1]:
            return
        directories = _project_directories(path, self.settings.root)
        for directory in directories:
            if _could_be_package(directory) and not SNAKE_CASE_PATTERN.match(directory):
                self.report(FILE_START, kind="Package directory", name=directory)
        stem = path.stem
        is_command = bool(path.parent.name) and path.parent.name in COMMAND_DIRECTORIES
        pattern = COMMAND_NAME_PATTERN if is_command else SNAKE_CASE_PATTERN
        if stem not in EXEMPT_MODULE_STEMS and not pattern.match(stem):
            self.report(FILE_START, kind="Module", name=stem)
