"""The line length a project declares for its formatter or linter (ruff, black, flake8, pycodestyle).

The guide asks to follow a project's established conventions ("88-char line length from Black": When to Deviate
From This Guide), so when `[tool.chris-style]` sets no `line-length`, CS605 and the fixes that lay out code use the
length the project already declares. Only a declared value counts (a bare `[tool.black]` table is not a
declaration of 88): the search goes from the file's directory upwards, and the nearest directory holding a
declaration wins; in one directory ruff's comes first, then black's, flake8's and pycodestyle's. A linter
configured to ignore E501 (line too long) declares no limit for lines (attrs: ruff's `line-length = 79` with
`"E501"` ignored, "leave line-length enforcement to ruff format"). The search stops at the top of a repository (a
directory holding `.git` or `.hg`). A file that cannot be read or parsed declares nothing: other tools'
configuration never stops chris-style.
"""

import configparser
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

logger = logging.getLogger(__name__)

# The files other tools read a line length from, in the order one directory's files are asked.
RUFF_FILES = ("ruff.toml", ".ruff.toml")
PYPROJECT = "pyproject.toml"
INI_FILES = ("setup.cfg", "tox.ini", ".flake8")
DECLARING_FILES = (*RUFF_FILES, PYPROJECT, *INI_FILES)
# Sections of INI files with a maximum line length: flake8's, then pycodestyle's (and its old name, pep8).
INI_SECTIONS = ("flake8", "pycodestyle", "pep8")
INI_KEYS = ("max-line-length", "max_line_length")
# A directory holding one of these is the top of a repository: the search goes no higher.
REPOSITORY_MARKERS = (".git", ".hg")
# Selectors that, ignored, turn off pycodestyle's line-too-long check (E501).
LINE_TOO_LONG_SELECTORS = frozenset({"E501", "E50", "E5", "E", "ALL"})
RUFF_IGNORE_KEYS = ("ignore", "extend-ignore")
INI_IGNORE_KEYS = ("ignore", "extend-ignore", "extend_ignore")


@dataclass(frozen=True)
class DeclaredLineLength:
    """A line length and the file that declares it."""

    length: int
    declared_in: Path


def _positive(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value > 0 else None


def _table(data: Dict[str, Any], *keys: str) -> Dict[str, Any]:
    for key in keys:
        data = data.get(key, {}) if isinstance(data, dict) else {}
    return data if isinstance(data, dict) else {}


def _ignores_line_too_long(selectors: Any) -> bool:
    if isinstance(selectors, str):
        selectors = [part.split("#")[0] for part in selectors.replace("\n", ",").split(",")]
    if not isinstance(selectors, list):
        return False
    return any(isinstance(selector, str) and selector.strip().upper() in LINE_TOO_LONG_SELECTORS for selector in selectors)


def _ruff_length(ruff: Dict[str, Any]) -> Optional[int]:
    """ruff's limit for E501: `lint.pycodestyle.max-line-length` (or its older place), else `line-length`; none
    when E501 is ignored."""
    lint = _table(ruff, "lint")
    if any(_ignores_line_too_long(table.get(key)) for table in (ruff, lint) for key in RUFF_IGNORE_KEYS):
        return None
    for table in (_table(ruff, "lint", "pycodestyle"), _table(ruff, "pycodestyle")):
        length = _positive(table.get("max-line-length"))
        if length is not None:
            return length
    return _positive(ruff.get("line-length"))


def _read_toml(path: Path) -> Dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        logger.debug("%s: not read for a line length: %s", path, error)
        return {}


def _pyproject_length(data: Dict[str, Any]) -> Optional[int]:
    tool = _table(data, "tool")
    for length in (
        _ruff_length(_table(tool, "ruff")),
        _positive(_table(tool, "black").get("line-length")),
        _positive(_table(tool, "flake8").get("max-line-length")),
    ):
        if length is not None:
            return length
    return None


def _ini_length(path: Path) -> Optional[int]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as error:
        logger.debug("%s: not read for a line length: %s", path, error)
        return None
    for section in INI_SECTIONS:
        if parser.has_section(section):
            if any(_ignores_line_too_long(parser.get(section, key, fallback=None)) for key in INI_IGNORE_KEYS):
                continue
            for key in INI_KEYS:
                length = _positive(parser.get(section, key, fallback=None))
                if length is not None:
                    return length
    return None


def _declared_in(directory: Path) -> Optional[DeclaredLineLength]:
    """The line length the files of one directory declare, in DECLARING_FILES' order."""
    for name in DECLARING_FILES:
        path = directory / name
        if not path.is_file():
            continue
        if name in RUFF_FILES:
            length = _ruff_length(_read_toml(path))
        elif name == PYPROJECT:
            length = _pyproject_length(_read_toml(path))
        else:
            length = _ini_length(path)
        if length is not None:
            return DeclaredLineLength(length, path)
    return None


def _upwards(directory: Path) -> Iterator[Path]:
    for candidate in (directory, *directory.parents):
        yield candidate
        if any((candidate / marker).exists() for marker in REPOSITORY_MARKERS):
            return


class LineLengthFinder:
    """The declared line length seen from each directory, each directory's files read once (until `clear`)."""

    def __init__(self) -> None:
        self._by_directory: Dict[Path, Optional[DeclaredLineLength]] = {}

    def find(self, directory: Path) -> Optional[DeclaredLineLength]:
        """The declaration nearest to `directory`, at or above it; None when no file declares one."""
        walked: Tuple[Path, ...] = ()
        found: Optional[DeclaredLineLength] = None
        for candidate in _upwards(directory):
            if candidate in self._by_directory:
                found = self._by_directory[candidate]
                break
            walked += (candidate,)
            try:
                found = _declared_in(candidate)
            except OSError as error:
                logger.debug("%s: not searched for a line length: %s", candidate, error)
                found = None
            if found is not None:
                break
        for candidate in walked:
            self._by_directory[candidate] = found
        return found

    def clear(self) -> None:
        self._by_directory.clear()
