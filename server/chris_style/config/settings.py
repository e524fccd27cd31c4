"""The Settings type: everything that changes what the engine reports for a file, with the catalog's defaults,
and the path globs of `exclude` and `per-file-ignores`."""

import fnmatch
import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Dict, FrozenSet, List, Optional, Tuple

from chris_style.guide import Priority

logger = logging.getLogger(__name__)

SELECT_ALL = "ALL"

# Catalog defaults for the configurable lists (rule-catalog.md gives each list).
DEFAULT_EXTERNAL_MODULES = (
    "boto3", "botocore", "requests", "httpx", "urllib3", "pexpect", "subprocess", "paramiko", "opensearchpy",
)
DEFAULT_VAGUE_EXCEPTION_NAMES = (
    "Error", "Exception", "CustomError", "CustomException", "MyError", "MyException", "GenericError",
    "GeneralError", "BaseError", "AppError", "ApplicationError", "Failure",
)
DEFAULT_FRAMEWORK_NAMES = (
    "setUp", "tearDown", "setUpClass", "tearDownClass", "asyncSetUp", "asyncTearDown", "maxDiff",
    "setUpModule", "tearDownModule", "visit_*", "leave_*", "do_*",
)
DEFAULT_BLOCKING_CALLS = (
    "time.sleep", "requests.get", "requests.post", "requests.put", "requests.patch", "requests.delete",
    "requests.head", "requests.options", "requests.request", "urllib.request.urlopen", "subprocess.run",
    "subprocess.call", "subprocess.check_call", "subprocess.check_output", "open",
)

# Rules that do not fit a notebook: its file name is a title (CS101), it is a script of calls (CS102) that shows
# values with print (CS405), and its cells set parameters as plain numbers and names (CS304, CS306, CS603) below
# the functions they feed (CS1201).
DEFAULT_NOTEBOOK_IGNORE = ("CS101", "CS102", "CS304", "CS306", "CS405", "CS603", "CS1201")
NOTEBOOK_SUFFIX = ".ipynb"


# Files larger than this are not checked (`max-file-size`, in bytes). The engine took about a minute and 400 MB
# for 1 MB of ordinary code on a shared 2-core machine (docs/reliability.md); no hand-written module comes
# near 1 MiB.
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
# How long checking or fixing one file may take (`file-time-budget`, in seconds) before it is given up with one
# message for that file: twice what the largest file allowed takes.
DEFAULT_FILE_TIME_BUDGET = 60
# Where a project keeps its own top-level packages, relative to its root (the `src` layout, and the `server`
# layout this project uses): the import rules look there for first-party packages.
PROJECT_SOURCE_DIRECTORIES = ("", "src", "server")


class ConfigError(Exception):
    """A configuration value that cannot be used; the message names the file and the key."""


# DEVIATION(CS902): Settings are frozen
# Reason: one Settings object is shared by the language server's lint threads and cached per config file;
# a mutation would leak into every document that uses it.
@dataclass(frozen=True)
class Settings:
    """Everything that changes what the engine reports. Field names are the config keys in snake_case."""

    select: Tuple[str, ...] = (SELECT_ALL,)
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = ()
    # None: `fail-on = "never"`, no finding makes `check` fail.
    fail_on: Optional[Priority] = Priority.CRITICAL
    # The guide: "Generally stays under 120 characters"; a project's own formatter length wins (formatters.py).
    line_length: int = 120
    typing_style: str = "typing"
    docstring_style: str = "plain"
    docstring_min_statements: int = 8  # catalog default for CS301
    docstring_min_complexity: int = 5  # catalog default for CS301
    data_literal_min_lines: int = 10  # catalog default for CS306
    known_first_party: Tuple[str, ...] = ()
    import_sorting: str = "groups"  # the guide asks for grouping only (Import Organization)
    severity: Tuple[Tuple[str, str], ...] = ()
    external_modules: Tuple[str, ...] = DEFAULT_EXTERNAL_MODULES
    vague_exception_names: Tuple[str, ...] = DEFAULT_VAGUE_EXCEPTION_NAMES
    framework_names: Tuple[str, ...] = DEFAULT_FRAMEWORK_NAMES
    blocking_calls: Tuple[str, ...] = DEFAULT_BLOCKING_CALLS
    notebook_ignore: Tuple[str, ...] = DEFAULT_NOTEBOOK_IGNORE
    docs_url: Optional[str] = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_time_budget: int = DEFAULT_FILE_TIME_BUDGET
    # The baseline file, relative to `root`; None: `.chris-style-baseline.json` there (adoption/baseline.py).
    baseline: Optional[str] = None
    # Where the settings came from: relative globs (exclude, per-file-ignores) are matched against it.
    root: Optional[Path] = field(default=None, compare=False)
    config_file: Optional[Path] = field(default=None, compare=False)
    # The file that sets `line_length`: the pyproject.toml whose table has `line-length`, or the project's
    # formatter or linter configuration (config/formatters.py); None while it is the default.
    line_length_declared_in: Optional[Path] = field(default=None, compare=False)

    def severity_map(self) -> Dict[str, str]:
        return dict(self.severity)

    def ignored_for(self, path: Optional[PurePath]) -> FrozenSet[str]:
        """The selectors `per-file-ignores` adds for this path, and `notebook-ignore` for a notebook."""
        if path is None:
            return frozenset()
        selectors: List[str] = list(self.notebook_ignore) if PurePath(path).suffix == NOTEBOOK_SUFFIX else []
        if not self.per_file_ignores:
            return frozenset(selectors)
        relative = _relative_posix(path, self.root)
        for pattern, codes in self.per_file_ignores:
            if path_matches(relative, pattern):
                selectors.extend(codes)
        return frozenset(selectors)

    def is_excluded(self, path: PurePath) -> bool:
        """For directory walks, asked of each entry as it is reached: a pattern without `/` matches the
        entry's name, one with `/` its path from the root. A path named on the command line is never asked,
        so `check examples` checks an excluded `examples` directory when asked to explicitly."""
        relative = _relative_posix(path, self.root)
        name = PurePath(path).name
        for pattern in self.exclude:
            pattern = pattern.strip().rstrip("/")
            if "/" in pattern:
                if fnmatch.fnmatchcase(relative, pattern.lstrip("/")):
                    return True
            elif fnmatch.fnmatchcase(name, pattern):
                return True
        return False


def _relative_posix(path: PurePath, root: Optional[Path]) -> str:
    if root is not None:
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            pass
    return PurePath(path).as_posix()


def path_matches(relative_posix: str, pattern: str) -> bool:
    """Gitignore-like glob matching: a pattern without `/` matches any path component or the file name;
    one with `/` matches the path from the root; `**` spans directories; a directory matches all below it."""
    pattern = pattern.strip().rstrip("/")
    parts = relative_posix.split("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    pattern = pattern.lstrip("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    return any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes) or fnmatch.fnmatchcase(
        relative_posix, pattern.replace("**/", "*")
    )
