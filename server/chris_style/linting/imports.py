"""The top-of-module import block: which group each import belongs to, and the block organized.

Shared by CS606 (import-order), its fix, and the editor's "organize imports" action, so that all three agree
on one canonical layout: `from __future__` imports, then the standard library, then third-party packages,
then local code (first-party packages and relative imports), one blank line between groups. Within a group
every `import x` comes before every `from x import y`, each kind sorted by module name, case-insensitively
and with numbers in natural order (isort's defaults, `force_sort_within_sections = false`).

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
from pathlib import Path
from typing import FrozenSet, List, Optional, Set, Sequence, Tuple, Union

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.linting.syntax import import_name, is_docstring

FUTURE_MODULE = "__future__"
# isort's action comments (`# isort: skip`, `# isort: off`, `# isort: skip_file`): the author has taken the
# block's layout out of the tools' hands, so it is left alone.
ISORT_DIRECTIVE_PATTERN = re.compile(r"#\s*isort\s*:\s*(skip|off|skip_file|dont-add-import)")
# Where a project keeps its own top-level packages, relative to its root (the `src` layout, and the
# `server` layout this project uses).
PROJECT_SOURCE_DIRECTORIES = ("", "src", "server")
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
    # The comment lines directly above the statement (they move with it), as source text.
    comments: str
    # The statement itself from its first token to its line ending, trailing comment included.
    code: str
    # How many blank lines stand between this statement and the previous one in the source.
    blank_lines_before: int

    @property
    def keeps_blank_line(self) -> bool:
        """A statement with its own comment lines may stand one blank line apart inside its group (a
        sub-section with a heading comment, as ruff's isort accepts)."""
        return bool(self.comments) and self.blank_lines_before > 0

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

    `start_offset` is a string index into the module's code; the region ends `len(current)` later.
    """

    units: Tuple[ImportUnit, ...]
    ordered: Tuple[ImportUnit, ...]
    start_offset: int
    current: str
    organized: str
    layout: "Layout"

    @property
    def is_organized(self) -> bool:
        return self.current == self.organized

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
            unit.is_relative and unit.blank_lines_before > 0 and not unit.comments for unit in units[1:]
        )
        separate_types = any(
            unit.is_from
            and not unit.is_relative
            and not previous.is_from
            and previous.group == unit.group
            and unit.blank_lines_before > 0
            and not unit.comments
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
        try:
            if (base / f"{name}.py").is_file():
                return True
            package = base / name
            if package.is_dir() and any(child.suffix == ".py" for child in package.iterdir()):
                return True
        except OSError:
            continue
    return False


def _matches_known(module: str, known: Sequence[str]) -> bool:
    return any(module == entry or module.startswith(entry + ".") for entry in known)


def classify(module: str, settings: Settings) -> ImportGroup:
    """The group of an absolute module name (`os.path`, `requests`, `backend.core`)."""
    top = module.split(".")[0]
    if top == FUTURE_MODULE:
        return ImportGroup.FUTURE
    if _matches_known(module, settings.known_first_party):
        return ImportGroup.LOCAL
    if top in _stdlib_names():
        return ImportGroup.STDLIB
    if settings.root is not None and top.isidentifier() and _is_project_package(settings.root, top):
        return ImportGroup.LOCAL
    return ImportGroup.THIRD_PARTY


def natural_key(text: str) -> Tuple[Union[str, int], ...]:
    """isort's natural ordering: `module2` before `module10`, case ignored."""
    return tuple(int(part) if part.isdigit() else part for part in NATURAL_SPLIT_PATTERN.split(text.lower()))


def describe_import(small: ImportStatement, settings: Settings) -> Optional[Tuple[ImportGroup, bool, bool, str]]:
    """(group, is_relative, is_from, sort name) of one import; None for a form the organizer leaves alone."""
    if isinstance(small, cst.Import):
        module = import_name(small.names[0].name)
        return classify(module, settings), False, False, module
    dots = len(small.relative)
    module = import_name(small.module) if small.module is not None else ""
    if dots:
        # isort joins the dots and the module with `_` so that `..` sorts before `.`, `.` before `.x`.
        return ImportGroup.LOCAL, True, True, "." * dots + "_" + module
    return classify(module, settings), False, True, module


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


def find_import_block(module: cst.Module, settings: Settings) -> Optional[ImportBlock]:
    """The module's top import block (after the docstring and leading comments), or None when there is
    nothing to organize: fewer than two imports, a line holding several statements, or isort directives."""
    index = 1 if module.body and is_docstring(module.body[0]) else 0
    statements: List[cst.SimpleStatementLine] = []
    for statement in module.body[index:]:
        if not is_import_line(statement):
            break
        statements.append(statement)  # type: ignore[arg-type]
    if len(statements) < 2 or any(len(statement.body) != 1 for statement in statements):
        return None
    code_for = module.code_for_node
    units: List[ImportUnit] = []
    kept_lines: Sequence[cst.EmptyLine] = ()
    current_parts: List[str] = []
    for position, statement in enumerate(statements):
        described = describe_import(statement.body[0], settings)  # type: ignore[arg-type]
        if described is None:
            return None
        group, is_relative, is_from, name = described
        kept, moving, blanks = _split_leading_lines(statement.leading_lines, position == 0)
        code = code_for(statement.with_changes(leading_lines=()))
        comments = "".join(code_for(line) for line in moving)
        if position == 0:
            kept_lines = kept
            current_parts.append(comments + code)
        else:
            current_parts.append("".join(code_for(line) for line in statement.leading_lines) + code)
        units.append(
            ImportUnit(
                statement=statement,
                group=group,
                top="" if is_relative else name.split(".")[0],
                is_relative=is_relative,
                is_from=is_from,
                module_key=natural_key(name),
                comments=comments,
                code=code,
                blank_lines_before=blanks,
            )
        )

    current = "".join(current_parts)
    if ISORT_DIRECTIVE_PATTERN.search(current):
        return None
    inferred = _inferred_local(units)
    units = [dataclasses.replace(unit, group=ImportGroup.LOCAL) if unit.top in inferred else unit for unit in units]
    ordered = tuple(sorted(units, key=lambda unit: unit.sort_key))
    layout = Layout.of(units)
    newline = module.default_newline
    organized_parts: List[str] = []
    previous: Optional[ImportUnit] = None
    for unit in ordered:
        if previous is not None:
            organized_parts.append(newline * layout.blank_lines_between(previous, unit))
        organized_parts.append(unit.comments + unit.code)
        previous = unit
    header = "".join(code_for(line) for line in module.header)
    before = "".join(code_for(statement) for statement in module.body[:index])
    start_offset = len(header) + len(before) + sum(len(code_for(line)) for line in kept_lines)
    return ImportBlock(
        units=tuple(units),
        ordered=ordered,
        start_offset=start_offset,
        current=current,
        organized="".join(organized_parts),
        layout=layout,
    )


def block_region(text: str, block: ImportBlock) -> Optional[Tuple[int, int, str]]:
    """(start, end, replacement) string indices of the block in `text`, or None when the text does not hold
    the block where the tree says (a file not ending in a newline is handled: the replacement keeps that)."""
    start = block.start_offset
    end = start + len(block.current)
    if text[start:end] == block.current:
        return start, end, block.organized
    # The file's last line has no line ending: libcst's statement code adds one.
    for newline in ("\r\n", "\n", "\r"):
        if block.current.endswith(newline) and text[start:] == block.current[: -len(newline)]:
            organized = block.organized[: -len(newline)] if block.organized.endswith(newline) else block.organized
            return start, len(text), organized
    return None


def organize_imports(source_text: str, settings: Settings = Settings()) -> str:
    """The text with its top-of-module import block organized (CS606's fix; the editor's "organize imports").

    Returns the text unchanged when it does not parse or has no block to organize. Idempotent.
    """
    try:
        module = cst.parse_module(source_text)
    except cst.ParserSyntaxError:
        return source_text
    block = find_import_block(module, settings)
    if block is None or block.is_organized:
        return source_text
    region = block_region(source_text, block)
    if region is None:
        return source_text
    start, end, replacement = region
    return source_text[:start] + replacement + source_text[end:]
