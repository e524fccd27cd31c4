"""The top-of-module import block: which group each import belongs to, the block grouped, and the block
organized.

Shared by CS606 (import-order), its fix, and the editor's "organize imports" action. Two layouts:
- grouped (what the guide asks, CS606's default): `from __future__` imports, then the standard library, then
  third-party packages, then local code (first-party packages and relative imports), a blank line between
  groups, the order inside each group as the author wrote it;
- organized (isort's defaults, `force_sort_within_sections = false`; CS606 with `import-sorting = "isort"`,
  and the editor's "organize imports"): the same groups, one blank line between them, and within a group every
  `import x` before every `from x import y`, each kind sorted by module name, case-insensitively and with
  numbers in natural order.

Statements move as they are: the names inside one statement are neither re-sorted nor split, so a comment
inside a parenthesized import, a trailing `# noqa` or `# type: ignore` stays on its statement. Comment lines
directly above an import move with it; comments separated from the first import by a blank line (a
licence header, a section comment under the docstring) stay in place.

Optional blank lines that isort configurations produce are kept when the source has them (see `Layout`), so
organizing the output of isort or ruff changes nothing.
"""


import dataclasses
import enum
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import FrozenSet, List, Optional, Set, Sequence, Tuple, Union

import libcst as cst

from chris_style.config.settings import PROJECT_SOURCE_DIRECTORIES, Settings
from chris_style.linting.syntax import import_name, is_docstring

FUTURE_MODULE = "__future__"
# isort's action comments (`# isort: skip`, `# isort: off`, `# isort: skip_file`): the author has taken the
# block's layout out of the tools' hands, so it is left alone.
ISORT_DIRECTIVE_PATTERN = re.compile(r"#\s*isort\s*:\s*(skip|off|skip_file|dont-add-import)")
# What marks the top of a project (or of a package with its own `setup.py` inside a repository): the search
# for the project's own packages, from a file's directory upwards, stops there. `.gitignore` and ruff's files
# stand in for `.git` in a copy of a repository.
PROJECT_MARKERS = (
    "pyproject.toml", "setup.py", "setup.cfg", "tox.ini", "Pipfile", ".git", ".hg", ".gitignore", "ruff.toml",
    ".ruff.toml",
)
# Directories probed once per (root, name) pair; a long-running editor session sees a new package after a
# restart, which is acceptable for a classification that only orders imports.
PROJECT_PACKAGE_CACHE_SIZE = 1024
NATURAL_SPLIT_PATTERN = re.compile(r"(\d+)")
# Widely used third-party import names: never taken for first-party from the block's own layout (see
# `_inferred_local`). Chosen from the guide's examples (Django, REST framework, LangChain, boto3) and the most
# common PyPI packages; a miss only means a misplaced one of the others may go unreported.
WELL_KNOWN_THIRD_PARTY = frozenset(
    {
        "aiohttp", "anthropic", "attr", "attrs", "azure", "boto3", "botocore", "bs4", "celery", "click",
        "cryptography", "cv2", "dateutil", "django", "fastapi", "flask", "freezegun", "google", "httpx",
        "hypothesis", "jinja2", "jsonschema", "jwt", "langchain", "langchain_community", "langchain_core",
        "langchain_openai", "lxml", "marshmallow", "matplotlib", "mock", "moto", "numpy", "openai",
        "opensearchpy", "pandas", "paramiko", "pexpect", "PIL", "psycopg2", "pydantic", "pymysql", "pytest",
        "pytz", "redis", "requests", "rest_framework", "rich", "scipy", "setuptools", "six", "sklearn",
        "sqlalchemy", "starlette", "tensorflow", "toml", "tomli", "torch", "tqdm", "transformers", "typer",
        "typing_extensions", "urllib3", "uvicorn", "werkzeug", "yaml",
    }
)
# Well-known packages whose import can change what another import does, so moving an import across them is
# never taken for harmless (see `ImportUnit.is_inert`): setuptools replaces `distutils`, gevent and eventlet
# patch the standard library, and the native stacks of torch, tensorflow and OpenCV are known to crash or
# misbehave depending on which is loaded first.
ORDER_SENSITIVE_PACKAGES = frozenset({"setuptools", "gevent", "eventlet", "psycogreen", "torch", "tensorflow", "cv2"})
# Standard-library modules whose import does something visible (prints, opens a browser).
NOISY_STDLIB_MODULES = frozenset({"this", "antigravity", "__hello__", "__phello__"})
# Longest statement text quoted in a message before it is cut with an ellipsis.
LABEL_MAX_LENGTH = 60

ImportStatement = Union[cst.Import, cst.ImportFrom]


class ImportGroup(enum.IntEnum):
    """The groups of the block, in the order they must appear."""

    FUTURE = 0
    STDLIB = 1
    THIRD_PARTY = 2
    LOCAL = 3

    @property
    def label(self) -> str:
        return {
            ImportGroup.FUTURE: "`__future__`",
            ImportGroup.STDLIB: "standard-library",
            ImportGroup.THIRD_PARTY: "third-party",
            ImportGroup.LOCAL: "local",
        }[self]


@dataclass
class ImportUnit:
    """One import statement of the block with the comment lines that travel with it."""

    statement: cst.SimpleStatementLine
    group: ImportGroup
    # The top-level package of an absolute import (`os` for `os.path`); empty for a relative one.
    top: str
    is_relative: bool
    is_from: bool
    module_key: Tuple[Union[str, int], ...]
    # The comment lines directly above the statement (they move with it).
    comment_lines: Sequence[cst.EmptyLine]
    # How many blank lines stand between this statement and the previous one in the source.
    blank_lines_before: int
    # The module the statement is in: its text (`comments`, `code`) is generated from it only when asked for, as
    # a block whose grouping is right needs none.
    module: cst.Module = dataclasses.field(repr=False, compare=False)
    # The names the statement binds in the module (`os` for `import os.path`, `p` for `from os import path as p`).
    bound_names: FrozenSet[str] = frozenset()

    @functools.cached_property
    def comments(self) -> str:
        """The comment lines directly above the statement, as source text."""
        return "".join(self.module.code_for_node(line) for line in self.comment_lines)

    @functools.cached_property
    def code(self) -> str:
        """The statement itself from its first token to its line ending, trailing comment included."""
        return self.module.code_for_node(self.statement.with_changes(leading_lines=()))

    @property
    def is_inert(self) -> bool:
        """True when importing this module cannot change what another import does, nor depend on what one did:
        the standard library (minus the modules that print or open a browser) and well-known third-party
        packages (minus those that patch others or clash by load order). A local or unknown module may set up the
        environment, `sys.path` or `sys.modules` for the imports after it."""
        if self.group is ImportGroup.FUTURE:
            return True
        if self.group is ImportGroup.STDLIB:
            return self.top not in NOISY_STDLIB_MODULES
        return (
            self.group is ImportGroup.THIRD_PARTY
            and self.top in WELL_KNOWN_THIRD_PARTY
            and self.top not in ORDER_SENSITIVE_PACKAGES
        )

    @property
    def keeps_blank_line(self) -> bool:
        """A statement with its own comment lines may stand one blank line apart inside its group (a
        sub-section with a heading comment, as ruff's isort accepts)."""
        return bool(self.comment_lines) and self.blank_lines_before > 0

    @property
    def sort_key(self) -> Tuple[object, ...]:
        return (self.group, self.is_relative, self.is_from, self.module_key)

    @property
    def label(self) -> str:
        first_line = self.code.strip().splitlines()[0] if self.code.strip() else ""
        first_line = first_line.split("#")[0].rstrip()
        return first_line if len(first_line) <= LABEL_MAX_LENGTH else first_line[: LABEL_MAX_LENGTH - 1] + "…"


@dataclass
class ImportBlock:
    """The block as it is (`current`) and as it should be (`organized`), with where `current` starts.

    `start_offset` is a string index into the module's code; the region ends `len(current)` later. The texts are
    generated from `module` only when asked for: a block whose grouping is right needs none of them.
    """

    units: Tuple[ImportUnit, ...]
    ordered: Tuple[ImportUnit, ...]
    layout: "Layout"
    grouped_order: Tuple[ImportUnit, ...]
    module: cst.Module = dataclasses.field(repr=False, compare=False)
    # How many statements (the docstring) stand above the block in the module's body.
    body_start: int
    # The first statement's leading lines that stay in place (up to its last blank line).
    kept_lines: Sequence[cst.EmptyLine]

    @functools.cached_property
    def current_parts(self) -> Tuple[str, ...]:
        """Each statement's text as in the source: the first with its moving comment lines, the others with
        every line above them."""
        code_for = self.module.code_for_node
        parts = [self.units[0].comments + self.units[0].code]
        for unit in self.units[1:]:
            parts.append("".join(code_for(line) for line in unit.statement.leading_lines) + unit.code)
        return tuple(parts)

    @functools.cached_property
    def current(self) -> str:
        return "".join(self.current_parts)

    @functools.cached_property
    def organized(self) -> str:
        """The block in isort's layout (`ordered`, with the blank lines `layout` puts between statements)."""
        newline = self.module.default_newline
        organized_parts: List[str] = []
        previous: Optional[ImportUnit] = None
        for unit in self.ordered:
            if previous is not None:
                organized_parts.append(newline * self.layout.blank_lines_between(previous, unit))
            organized_parts.append(unit.comments + unit.code)
            previous = unit
        return "".join(organized_parts)

    @functools.cached_property
    def grouped(self) -> str:
        """The block with only what the guide asks put right: statements moved into their group (keeping their
        order inside it), a blank line added between adjacent groups, everything else as in the source."""
        return _grouped_text(self.units, self.grouped_order, self.current_parts, self.module.default_newline)

    @functools.cached_property
    def start_offset(self) -> int:
        code_for = self.module.code_for_node
        header = "".join(code_for(line) for line in self.module.header)
        before = "".join(code_for(statement) for statement in self.module.body[: self.body_start])
        return len(header) + len(before) + sum(len(code_for(line)) for line in self.kept_lines)

    @property
    def is_organized(self) -> bool:
        return self.current == self.organized

    def group_problem(self) -> Optional[Tuple[ImportUnit, str]]:
        """The first statement that breaks what the guide asks ("Imports grouped by: stdlib → third-party → local
        (with blank lines between)"), with the reason; None when the grouping is right. The order inside a group,
        `import` before `from`, how many blank lines and blank lines inside a group are not the guide's concern;
        `from __future__` imports come first (Python requires it) and need no blank line after them."""
        highest: Optional[ImportUnit] = None
        previous: Optional[ImportUnit] = None
        for unit in self.units:
            if highest is not None and unit.group < highest.group:
                reason = f"{unit.group.label} `{unit.label}` should come before {highest.group.label} `{highest.label}`"
                return unit, reason
            if (
                previous is not None
                and previous.group != unit.group
                and ImportGroup.FUTURE not in (previous.group, unit.group)
                and unit.blank_lines_before == 0
            ):
                reason = f"one blank line expected between the {previous.group.label} and {unit.group.label} groups"
                return unit, reason
            if highest is None or unit.group > highest.group:
                highest = unit
            previous = unit
        return None

    def reorder_is_safe(self, order: Sequence[ImportUnit]) -> bool:
        """True when putting the statements in `order` cannot change what the imports do: every two statements
        whose order changes are both inert (see `ImportUnit.is_inert`) and bind no name in common (the later
        binding wins, so swapping them would change what the name means)."""
        position = {id(unit): index for index, unit in enumerate(order)}
        for index, first in enumerate(self.units):
            for second in self.units[index + 1 :]:
                if position[id(first)] < position[id(second)]:
                    continue
                if not (first.is_inert and second.is_inert) or first.bound_names & second.bound_names:
                    return False
        return True

    def problem(self) -> Tuple[ImportUnit, str]:
        """The first statement that is out of place and a short explanation, for the diagnostic."""
        for actual, expected in zip(self.units, self.ordered):
            if actual is not expected:
                if expected.group != actual.group:
                    reason = (
                        f"{expected.group.label} `{expected.label}` should come before "
                        f"{actual.group.label} `{actual.label}`"
                    )
                elif expected.is_from != actual.is_from and not expected.is_relative:
                    reason = f"`{expected.label}` should come before `{actual.label}` (plain imports first)"
                else:
                    reason = f"`{expected.label}` should be sorted before `{actual.label}`"
                return actual, reason
        previous: Optional[ImportUnit] = None
        for unit in self.ordered:
            if previous is not None:
                expected_blanks = self.layout.blank_lines_between(previous, unit)
                if unit.blank_lines_before != expected_blanks:
                    reason = (
                        f"one blank line expected between the {previous.group.label} and {unit.group.label} groups"
                        if expected_blanks
                        else f"no blank line expected inside the {unit.group.label} group"
                    )
                    return unit, reason
            previous = unit
        return self.units[0], "comments or blank lines around the imports are out of place"


@dataclass
class Layout:
    """The optional blank lines inside a group that isort configurations produce and the source uses:
    between first-party and relative imports (isort's separate local-folder section), and between the
    `import x` and the `from x import y` statements of a group (`lines_between_types = 1`)."""

    separate_relative: bool
    separate_types: bool

    @classmethod
    def of(cls, units: Sequence[ImportUnit]) -> "Layout":
        """The layout the source uses: a blank line above a relative import that follows first-party ones,
        or above a `from` import that follows a plain one of its group (commented imports aside)."""
        has_absolute_local = any(unit.group is ImportGroup.LOCAL and not unit.is_relative for unit in units)
        separate_relative = has_absolute_local and any(
            unit.is_relative and unit.blank_lines_before > 0 and not unit.comment_lines for unit in units[1:]
        )
        separate_types = any(
            unit.is_from
            and not unit.is_relative
            and not previous.is_from
            and previous.group == unit.group
            and unit.blank_lines_before > 0
            and not unit.comment_lines
            for previous, unit in zip(units, units[1:])
        )
        return cls(separate_relative, separate_types)

    def blank_lines_between(self, previous: ImportUnit, unit: ImportUnit) -> int:
        """How many blank lines go between two statements that follow each other in the organized block."""
        if previous.group != unit.group:
            return 1
        if self.separate_relative and unit.is_relative and not previous.is_relative:
            return 1
        if self.separate_types and unit.is_from and not previous.is_from:
            return 1
        return 1 if unit.keeps_blank_line else 0


@functools.lru_cache(maxsize=1)
def _stdlib_names() -> frozenset:
    return frozenset(sys.stdlib_module_names)


@functools.lru_cache(maxsize=PROJECT_PACKAGE_CACHE_SIZE)
def _is_project_package(root: Path, name: str) -> bool:
    """True when `name` is a package directory (one holding Python files) or a module of the project."""
    for directory in PROJECT_SOURCE_DIRECTORIES:
        base = root / directory if directory else root
        if _holds_package(base, name) or _holds_module(base, name):
            return True
    return False


def _holds_package(directory: Path, name: str) -> bool:
    package = directory / name
    try:
        return package.is_dir() and any(child.suffix == ".py" for child in package.iterdir())
    except OSError:
        return False


def _holds_module(directory: Path, name: str) -> bool:
    try:
        return (directory / f"{name}.py").is_file()
    except OSError:
        return False


def _is_package_directory(directory: Path) -> bool:
    try:
        return (directory / "__init__.py").is_file()
    except OSError:
        return False


def _has_marker(directory: Path) -> bool:
    try:
        return any((directory / marker).exists() for marker in PROJECT_MARKERS)
    except OSError:
        return False


@functools.lru_cache(maxsize=PROJECT_PACKAGE_CACHE_SIZE)
def _search_directories(directory: Path) -> Tuple[Path, ...]:
    """Where the project's own top-level packages may sit, seen from a file in `directory`: that directory and
    each one above it up to the first that marks the top of a project (PROJECT_MARKERS), plus that top's
    `src` and `server` directories. Without a marker: the directory, and the ones above it while they are
    packages, up to the first that is not (the entry of `sys.path` Python itself would use)."""
    chain: List[Path] = []
    for candidate in (directory, *directory.parents):
        chain.append(candidate)
        if _has_marker(candidate):
            return tuple(chain) + tuple(candidate / name for name in PROJECT_SOURCE_DIRECTORIES if name)
    chain = [directory]
    for candidate in directory.parents:
        if not _is_package_directory(chain[-1]):
            break
        chain.append(candidate)
    return tuple(chain)


@functools.lru_cache(maxsize=PROJECT_PACKAGE_CACHE_SIZE)
def _is_first_party_near(directory: Path, name: str) -> bool:
    """True when `name` is one of the project's own packages, seen from a file in `directory`: a package (a
    directory holding Python files) in one of `_search_directories`, or a module (`name.py`) in one of them
    that is not itself a package: inside a package, `name.py` is `package.name`, and a bare `import name` is
    another module (often the third-party one it wraps)."""
    for candidate in _search_directories(directory):
        if _holds_package(candidate, name):
            return True
        if not _is_package_directory(candidate) and _holds_module(candidate, name):
            return True
    return False


def _matches_known(module: str, known: Sequence[str]) -> bool:
    return any(module == entry or module.startswith(entry + ".") for entry in known)


def classify(module: str, settings: Settings, path: Optional[PurePath] = None) -> ImportGroup:
    """The group of an absolute module name (`os.path`, `requests`, `backend.core`) imported by the file at
    `path` (None for an untitled buffer)."""
    top = module.split(".")[0]
    if top == FUTURE_MODULE:
        return ImportGroup.FUTURE
    if _matches_known(module, settings.known_first_party):
        return ImportGroup.LOCAL
    if top in _stdlib_names():
        return ImportGroup.STDLIB
    if not top.isidentifier():
        return ImportGroup.THIRD_PARTY
    if settings.root is not None and _is_project_package(settings.root, top):
        return ImportGroup.LOCAL
    if path is not None and _is_first_party_near(Path(path).parent.absolute(), top):
        return ImportGroup.LOCAL
    return ImportGroup.THIRD_PARTY


def natural_key(text: str) -> Tuple[Union[str, int], ...]:
    """isort's natural ordering: `module2` before `module10`, case ignored."""
    return tuple(int(part) if part.isdigit() else part for part in NATURAL_SPLIT_PATTERN.split(text.lower()))


def describe_import(
    small: ImportStatement, settings: Settings, path: Optional[PurePath] = None
) -> Optional[Tuple[ImportGroup, bool, bool, str]]:
    """(group, is_relative, is_from, sort name) of one import; None for a form the organizer leaves alone."""
    if isinstance(small, cst.Import):
        module = import_name(small.names[0].name)
        return classify(module, settings, path), False, False, module
    dots = len(small.relative)
    module = import_name(small.module) if small.module is not None else ""
    if dots:
        # isort joins the dots and the module with `_` so that `..` sorts before `.`, `.` before `.x`.
        return ImportGroup.LOCAL, True, True, "." * dots + "_" + module
    return classify(module, settings, path), False, True, module


def _inferred_local(units: Sequence[ImportUnit]) -> FrozenSet[str]:
    """Top-level names the block's own layout shows to be first-party when nothing else says so.

    Without `known-first-party` or a project root, `from backend.core import x` looks third-party, and the
    guide's own layout (third-party imports, a blank line, then `backend.*`) would seem to split the
    third-party group. So a paragraph (imports between blank lines) that follows one holding third-party
    imports, and holds nothing but local imports and unknown packages, is taken for the local group; well-known
    third-party packages never are.
    """
    paragraphs: List[List[ImportUnit]] = []
    for unit in units:
        if not paragraphs or unit.blank_lines_before > 0:
            paragraphs.append([])
        paragraphs[-1].append(unit)
    inferred: Set[str] = set()
    seen_third_party = False
    for paragraph in paragraphs:
        unknown = [unit for unit in paragraph if unit.group is ImportGroup.THIRD_PARTY]
        looks_local = unknown and all(
            unit.group is ImportGroup.LOCAL
            or (unit.group is ImportGroup.THIRD_PARTY and unit.top not in WELL_KNOWN_THIRD_PARTY)
            for unit in paragraph
        )
        if seen_third_party and looks_local:
            inferred.update(unit.top for unit in unknown)
        elif unknown:
            seen_third_party = True
    return frozenset(inferred)


def is_import_line(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _split_leading_lines(
    lines: Sequence[cst.EmptyLine], is_first: bool
) -> Tuple[Sequence[cst.EmptyLine], List[cst.EmptyLine], int]:
    """(lines that stay in place, comment lines that move with the statement, blank lines before it).

    For the block's first statement only the comments directly above it move; everything up to the last
    blank line stays where it is. For the others every comment line moves and blank lines are recounted.
    """
    if is_first:
        last_blank = max((index for index, line in enumerate(lines) if line.comment is None), default=-1)
        return lines[: last_blank + 1], list(lines[last_blank + 1 :]), 0
    comments = [line for line in lines if line.comment is not None]
    return (), comments, sum(1 for line in lines if line.comment is None)


def _bound_names(small: ImportStatement) -> FrozenSet[str]:
    if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar):
        # Binds names nobody can list here: it shares a name with every other import.
        return frozenset({"*"})
    names: Set[str] = set()
    for alias in small.names:  # type: ignore[union-attr]
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            names.add(alias.asname.name.value)
        else:
            name = import_name(alias.name)
            names.add(name.split(".")[0] if isinstance(small, cst.Import) else name)
    return frozenset(names)


def find_import_block(
    module: cst.Module, settings: Settings, path: Optional[PurePath] = None, text: Optional[str] = None
) -> Optional[ImportBlock]:
    """The module's top import block (after the docstring and leading comments), or None when there is
    nothing to organize: fewer than two imports, a line holding several statements, or isort directives.
    `path` is the file's (None for an untitled buffer): the project's own packages are found near it. `text` is
    the module's source text when the caller has it: a text with no isort directive anywhere spares generating
    the block's text to look for one."""
    index = 1 if module.body and is_docstring(module.body[0]) else 0
    statements: List[cst.SimpleStatementLine] = []
    for statement in module.body[index:]:
        if not is_import_line(statement):
            break
        statements.append(statement)  # type: ignore[arg-type]
    if len(statements) < 2 or any(len(statement.body) != 1 for statement in statements):
        return None
    units: List[ImportUnit] = []
    kept_lines: Sequence[cst.EmptyLine] = ()
    for position, statement in enumerate(statements):
        described = describe_import(statement.body[0], settings, path)  # type: ignore[arg-type]
        if described is None:
            return None
        group, is_relative, is_from, name = described
        kept, moving, blanks = _split_leading_lines(statement.leading_lines, position == 0)
        if position == 0:
            kept_lines = kept
        units.append(
            ImportUnit(
                statement=statement,
                group=group,
                top="" if is_relative else name.split(".")[0],
                is_relative=is_relative,
                is_from=is_from,
                module_key=natural_key(name),
                comment_lines=moving,
                blank_lines_before=blanks,
                module=module,
                bound_names=_bound_names(statement.body[0]),  # type: ignore[arg-type]
            )
        )

    inferred = _inferred_local(units)
    units = [dataclasses.replace(unit, group=ImportGroup.LOCAL) if unit.top in inferred else unit for unit in units]
    block = ImportBlock(
        units=tuple(units),
        ordered=tuple(sorted(units, key=lambda unit: unit.sort_key)),
        layout=Layout.of(units),
        grouped_order=tuple(sorted(units, key=lambda unit: unit.group)),
        module=module,
        body_start=index,
        kept_lines=kept_lines,
    )
    if (text is None or ISORT_DIRECTIVE_PATTERN.search(text)) and ISORT_DIRECTIVE_PATTERN.search(block.current):
        return None
    return block


def _grouped_text(
    units: Sequence[ImportUnit], grouped_order: Sequence[ImportUnit], current_parts: Sequence[str], newline: str
) -> str:
    """The block in `grouped_order`. A statement that still follows the statement it followed in the source keeps
    its text as it was (blank and comment lines above it), plus a blank line where it now starts a group without
    one; a statement that moved brings its comment lines, one blank line above it when it starts a group (or
    stood apart with its own comments), none otherwise."""
    source_index = {id(unit): index for index, unit in enumerate(units)}
    parts: List[str] = []
    for place, unit in enumerate(grouped_order):
        index = source_index[id(unit)]
        if place == 0:
            parts.append(current_parts[0] if index == 0 else unit.comments + unit.code)
            continue
        before = grouped_order[place - 1]
        starts_group = before.group != unit.group and ImportGroup.FUTURE not in (before.group, unit.group)
        if index > 0 and units[index - 1] is before:
            missing_blank = starts_group and unit.blank_lines_before == 0
            parts.append((newline if missing_blank else "") + current_parts[index])
        else:
            blank_lines = 1 if starts_group or unit.keeps_blank_line else 0
            parts.append(newline * blank_lines + unit.comments + unit.code)
    return "".join(parts)


def block_region(text: str, block: ImportBlock, replacement: str) -> Optional[Tuple[int, int, str]]:
    """(start, end, replacement) string indices of the block in `text` and what replaces it (the block's
    `organized` or `grouped` text), or None when the text does not hold the block where the tree says (a file
    not ending in a newline is handled: the replacement keeps that)."""
    start = block.start_offset
    end = start + len(block.current)
    if text[start:end] == block.current:
        return start, end, replacement
    # The file's last line has no line ending: libcst's statement code adds one.
    for newline in ("\r\n", "\n", "\r"):
        if block.current.endswith(newline) and text[start:] == block.current[: -len(newline)]:
            trimmed = replacement[: -len(newline)] if replacement.endswith(newline) else replacement
            return start, len(text), trimmed
    return None


def organize_imports(source_text: str, settings: Settings = Settings(), path: Optional[PurePath] = None) -> str:
    """The text with its top-of-module import block organized (the editor's "organize imports"; CS606's fix with
    `import-sorting = "isort"`).

    Returns the text unchanged when it does not parse or has no block to organize. Idempotent.
    """
    try:
        module = cst.parse_module(source_text)
    except cst.ParserSyntaxError:
        return source_text
    block = find_import_block(module, settings, path, source_text)
    if block is None or block.is_organized:
        return source_text
    region = block_region(source_text, block, block.organized)
    if region is None:
        return source_text
    start, end, replacement = region
    return source_text[:start] + replacement + source_text[end:]
