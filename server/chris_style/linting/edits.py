"""Edits that many fixes share: adding an import, a module-level constant, or the module's logger.

Each helper returns text edits positioned in the current buffer, so a fix can carry them next to its own
edits. Insertions land at stable points (after the top import block, after the module constants); whole lines
inserted at one point by several fixes of a round are all made, in order (see fixes.py), and an edit several
fixes share is made once.
"""

import re
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple

import libcst as cst

from chris_style.linting.facts.module_names import TYPING_MODULE
from chris_style.linting.imports import ImportGroup, classify, describe_import, is_import_line, natural_key
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import dotted_name, import_name, is_docstring, name_assignment

LOGGING_MODULE = "logging"
DEFAULT_LOGGER_NAME = "logger"
# The call whose result a module binds to its logger.
GET_LOGGER = f"{LOGGING_MODULE}.getLogger"
# Header comments that must stay first in a file: a shebang and an encoding declaration.
_MAGIC_COMMENT = re.compile(r"^#!|coding[:=]")


def top_import_statements(module: cst.Module) -> Sequence[cst.SimpleStatementLine]:
    """The module's leading import statements (after an optional docstring), up to the first other statement."""
    imports = []
    for index, statement in enumerate(module.body):
        if index == 0 and is_docstring(statement):
            continue
        if not is_import_line(statement):
            break
        imports.append(statement)
    return imports


def _first_line_with_comments(context: RuleContext, statement: cst.SimpleStatementLine) -> int:
    """The statement's first line, counting the comment lines directly above it (they belong to it)."""
    line = context.range_of(statement).start.line
    for leading in reversed(statement.leading_lines):
        if leading.comment is None:
            break
        line -= 1
    return line


# DEVIATION(CS902): frozen value type
# Reason: a description of source lines handed from the engine to a rule's fix; nothing changes it.
@dataclass(frozen=True)
class MovedLines:
    """The lines that move with a top-level statement: from `first_line` (its introducing comments) to `last_line`,
    as `text` ending in a line break; `banner` when a comment block set apart by blank lines introduces it."""

    first_line: int
    last_line: int
    text: str
    banner: bool


def _introducing_comment_lines(statement: cst.SimpleStatementLine, banner: bool = True) -> Tuple[int, bool]:
    """How many lines above a statement introduce it, and whether a banner is among them: the comment lines directly
    above it, and a comment block that blank lines set apart from the code above and from the statement (a
    `# Test Events` heading over a block of constants), unless `banner` is False. One banner at most; anything
    further up stays."""
    lines = list(statement.leading_lines)
    index = len(lines)
    while index and lines[index - 1].comment is not None:
        index -= 1
    direct = len(lines) - index
    if not banner:
        return direct, False
    blank_end = index
    while index and lines[index - 1].comment is None:
        index -= 1
    blanks = blank_end - index
    comments_end = index
    while index and lines[index - 1].comment is not None:
        index -= 1
    banner_lines = comments_end - index
    if blanks and banner_lines and index and lines[index - 1].comment is None:
        return direct + blanks + banner_lines, True
    return direct, False


def _heads_only_constants(module: cst.Module, statement: cst.SimpleStatementLine) -> bool:
    """True when the section a banner above `statement` heads holds constants only: every top-level statement from
    it to the next banner (or the end of the module) is a constant assignment. Such a banner belongs to the
    constants and moves with them; one over a function too stays, heading what is left."""
    body = list(module.body)
    index = next(position for position, candidate in enumerate(body) if candidate is statement)
    for following in body[index:]:
        if following is not statement and isinstance(following, cst.SimpleStatementLine):
            if _introducing_comment_lines(following)[1]:
                return True
        if not is_constant_assignment(following):
            return False
    return True


def lines_to_move(context: RuleContext, statement: cst.SimpleStatementLine) -> MovedLines:
    """What moves when a fix moves a top-level statement elsewhere: the statement with its trailing comment and the
    comments that introduce it (see _introducing_comment_lines), so that none is left behind over other code. A
    banner moves only when the section it heads holds constants only (see _heads_only_constants)."""
    statement_range = context.range_of(statement)
    above, banner = _introducing_comment_lines(statement)
    if banner and not _heads_only_constants(context.module, statement):
        above, banner = _introducing_comment_lines(statement, banner=False)
    first_line = statement_range.start.line - above
    last_line = statement_range.end.line
    text = context.source.slice(TextRange(Position(first_line, 0), Position(last_line + 1, 0)))
    if not text.endswith(("\n", "\r")):
        text += context.source.newline
    return MovedLines(first_line, last_line, text, banner)


def _new_import_line(context: RuleContext, module_name: str, is_from: bool, statement_text: str) -> Edit:
    """Insert an import where CS606 wants it: in its group (stdlib, third-party, local), sorted isort-style,
    so that a quick fix does not leave the import block for the next round to reorder."""
    newline = context.source.newline
    imports = top_import_statements(context.module)
    described = [describe_import(statement.body[0], context.settings, context.source.path) for statement in imports]
    if not imports or any(len(statement.body) != 1 for statement in imports) or None in described:
        position = import_insertion_point(context)
        blank_lines = _blank_lines_before_code(context, position)
        return Edit(TextRange(position, position), statement_text + newline + blank_lines)
    group = classify(module_name, context.settings, context.source.path)
    key = (group, False, is_from, natural_key(module_name))
    keys = [(g, relative, from_, natural_key(name)) for g, relative, from_, name in described]  # type: ignore[misc]
    for statement, existing in zip(imports, keys):
        if existing[0] == group and existing > key:
            line = _first_line_with_comments(context, statement)
            return Edit(TextRange.of(line, 0, line, 0), statement_text + newline)
    same_group = [statement for statement, existing in zip(imports, keys) if existing[0] == group]
    if same_group:
        position = _line_after(context, same_group[-1])
        return Edit(TextRange(position, position), statement_text + newline)
    for statement, existing in zip(imports, keys):
        if existing[0] > group:
            line = _first_line_with_comments(context, statement)
            return Edit(TextRange.of(line, 0, line, 0), statement_text + newline + newline)
    position = _line_after(context, imports[-1])
    separator = newline if group != ImportGroup.FUTURE else ""
    return Edit(TextRange(position, position), separator + statement_text + newline)


def _blank_lines_before_code(context: RuleContext, position: Position) -> str:
    """The blank lines a first import needs when it goes right above the module's first statement (no
    docstring, no imports): two above a def or class, one above other code, as PEP 8 lays a module out."""
    body = context.module.body
    if not body or is_docstring(body[0]) or position != top_of_code(context):
        return ""
    blank_lines = 2 if isinstance(body[0], (cst.FunctionDef, cst.ClassDef)) else 1
    return context.source.newline * blank_lines


def _line_after(context: RuleContext, node: cst.CSTNode) -> Position:
    return Position(context.range_of(node).end.line + 1, 0)


def top_of_code(context: RuleContext) -> Position:
    """Where lines go that must come before all code: below the header comments when a blank line ends them
    (a licence block), else below a shebang and an encoding line, which must stay first."""
    header = context.module.header
    blank_lines = [index for index, line in enumerate(header) if line.comment is None]
    if blank_lines:
        return Position(blank_lines[-1] + 1, 0)
    magic = 0
    for line in header[:2]:
        if line.comment is None or not _MAGIC_COMMENT.search(line.comment.value):
            break
        magic += 1
    return Position(magic, 0)


def import_insertion_point(context: RuleContext) -> Position:
    """Where a new import line goes: after the top import block, else after the docstring, else at the top
    of the code (see top_of_code)."""
    module = context.module
    imports = top_import_statements(module)
    if imports:
        return _line_after(context, imports[-1])
    if module.body and is_docstring(module.body[0]):
        return _line_after(context, module.body[0])
    return top_of_code(context)


def is_constant_assignment(statement: cst.BaseStatement) -> bool:
    """A module-level `NAME = ...` / `NAME: T = ...` whose every target is a SCREAMING_SNAKE_CASE name."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Assign):
        targets = [target.target for target in small.targets]
    elif isinstance(small, cst.AnnAssign) and small.value is not None:
        targets = [small.target]
    else:
        return False
    return all(isinstance(target, cst.Name) and target.value.isupper() for target in targets)


def constant_insertion_point(context: RuleContext) -> Position:
    """Where a new module-level constant goes: after the imports and the constants that follow them."""
    module = context.module
    last: Optional[cst.CSTNode] = None
    for index, statement in enumerate(module.body):
        if index == 0 and is_docstring(statement):
            last = statement
            continue
        if is_import_line(statement) or is_constant_assignment(statement):
            last = statement
            continue
        break
    return _line_after(context, last) if last is not None else top_of_code(context)


def _imported_names(module: cst.Module, module_name: str) -> Optional[cst.ImportFrom]:
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            is_absolute_from = isinstance(small, cst.ImportFrom) and small.relative == () and small.module is not None
            if is_absolute_from and import_name(small.module) == module_name:
                if not isinstance(small.names, cst.ImportStar):
                    return small
    return None


def has_from_import(module: cst.Module, module_name: str, name: str) -> bool:
    """True when `from module_name import name` (unaliased) binds `name` at the top level."""
    found = _imported_names(module, module_name)
    if found is None or isinstance(found.names, cst.ImportStar):
        return False
    return any(alias.asname is None and import_name(alias.name) == name for alias in found.names)


def has_import(module: cst.Module, module_name: str) -> bool:
    """True when `import module_name` (unaliased) appears at the module's top level."""
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import) and any(
                    alias.asname is None and import_name(alias.name) == module_name for alias in small.names
                ):
                    return True
    return False


def add_from_import(context: RuleContext, module_name: str, name: str) -> Optional[Edit]:
    """An edit making `name` importable from `module_name`: extends an existing single-line
    `from module_name import …` (in order when its names are sorted, see name_order; else at the end), or inserts
    a new import line. None when the name is already imported."""
    if has_from_import(context.module, module_name, name):
        return None
    existing = _imported_names(context.module, module_name)
    if existing is not None and not isinstance(existing.names, cst.ImportStar) and existing.rpar is None:
        aliases = list(existing.names)
        order = name_order([import_name(alias.name) for alias in aliases])
        following = next((alias for alias in aliases if order and order(import_name(alias.name)) > order(name)), None)
        if following is not None:
            start = context.range_of(following).start
            return Edit(TextRange(start, start), f"{name}, ")
        last_alias = aliases[-1]
        end = context.range_of(last_alias.name if last_alias.asname is None else last_alias.asname).end
        return Edit(TextRange(end, end), f", {name}")
    return _new_import_line(context, module_name, True, f"from {module_name} import {name}")


def _by_type(name: str) -> Tuple[int, str, str]:
    """isort's and Ruff's default order of imported names: CONSTANTS, then Classes, then the rest, each
    alphabetically."""
    if name.isupper() and len(name) > 1:
        rank = 0
    elif name[:1].isupper():
        rank = 1
    else:
        rank = 2
    return rank, name.lower(), name


def _alphabetical(name: str) -> Tuple[str, str]:
    return name.lower(), name


def name_order(names: Sequence[str]) -> Optional[Callable[[str], Any]]:
    """The order an import's names are kept in, so that a name added to it goes where it belongs: isort's default
    (see _by_type), else plain alphabetical; None when the names follow neither (a new name then goes last)."""
    for key in (_by_type, _alphabetical):
        if list(names) == sorted(names, key=key):
            return key
    return None


def add_import(context: RuleContext, module_name: str) -> Optional[Edit]:
    """An edit adding `import module_name`, or None when it is already imported."""
    if has_import(context.module, module_name):
        return None
    return _new_import_line(context, module_name, False, f"import {module_name}")


def module_logger_name(module: cst.Module) -> Optional[str]:
    """The module-level name bound to `logging.getLogger(...)`, if any."""
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            name = _logger_assignment_name(statement.body[0])
            if name is not None:
                return name
    return None


def _logger_assignment_name(statement: cst.BaseSmallStatement) -> Optional[str]:
    """The name of `name = logging.getLogger(...)` (one plain-name target), None for any other statement."""
    assignment = name_assignment(statement)
    if assignment is None:
        return None
    name, value = assignment
    return name if isinstance(value, cst.Call) and dotted_name(value.func) == GET_LOGGER else None


def add_module_logger(context: RuleContext) -> Sequence[Edit]:
    """Edits that define `logger = logging.getLogger(__name__)` after the imports and constants (and
    `import logging` when missing). Empty when the module already has a logger."""
    if module_logger_name(context.module) is not None:
        return []
    newline = context.source.newline
    edits = []
    import_edit = add_import(context, LOGGING_MODULE)
    position = constant_insertion_point(context)
    logger_line = f"{DEFAULT_LOGGER_NAME} = logging.getLogger(__name__){newline}"
    if import_edit is not None and import_edit.range.start == position:
        # Both would land at the same point: one edit keeps their order (import first).
        return [Edit(import_edit.range, import_edit.content + newline + logger_line + newline)]
    if import_edit is not None:
        edits.append(import_edit)
    edits.append(Edit(TextRange(position, position), newline + logger_line))
    return edits


def constant_line(context: RuleContext, name: str, value_code: str, comment: str = "") -> str:
    """`NAME = value  # comment` with the buffer's line ending."""
    trailing = f"  # {comment}" if comment else ""
    return f"{name} = {value_code}{trailing}{context.source.newline}"


def add_constant(context: RuleContext, name: str, value_code: str, comment: str = "") -> List[Edit]:
    """Edits inserting `NAME = value  # comment` after the imports and module constants (see
    constant_insertion_point). Right below the imports a blank line goes first, as its own edit: the constants that
    several fixes add in one round then share one blank line (equal edits are applied once)."""
    position = constant_insertion_point(context)
    at = TextRange(position, position)
    line = Edit(at, constant_line(context, name, value_code, comment))
    if follows_import(context, position):
        return [Edit(at, context.source.newline), line]
    return [line]


def follows_import(context: RuleContext, position: Position) -> bool:
    """True when the line before `position` ends a top-level import statement: a constant inserted there
    gets a blank line first, keeping the import block apart as the guide's layout does."""
    for statement in context.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        if context.range_of(statement).end.line == position.line - 1:
            return all(isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body)
    return False


def typing_reference(context: RuleContext, typing_name: str) -> Optional[Tuple[str, Optional[Edit]]]:
    """How to write `typing.<typing_name>` in this module, and the import edit that makes it available:
    the existing local name of a `from typing import`; `t.<name>` in a module that does `import typing as t`
    and no `from typing import`; else a new `from typing import` when the name is free, else
    `typing.<name>` when the module does `import typing`. None when none of these works."""
    names = context.facts.module_names
    local = names.local_for_typing(typing_name)
    if local is not None:
        return local, None
    modules = names.typing_modules()
    if modules and not names.has_top_typing_from_import():
        # The module writes `typing.X` (or `t.X`) everywhere: follow its convention.
        return f"{modules[0]}.{typing_name}", None
    if not names.binds(typing_name) and not names.bound_in_a_class(typing_name):
        return typing_name, add_from_import(context, TYPING_MODULE, typing_name)
    if modules:
        return f"{modules[0]}.{typing_name}", None
    return None
