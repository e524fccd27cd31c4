"""Linting the next version of a buffer without running statement-scoped rules where nothing changed.

An editor's edit usually stays inside one function body. The top-level statements it did not touch are the
same node objects in the new tree (reparse.py); a rule whose findings depend only on its own top-level
statement and the module's outline (`Scope.STATEMENT`, see rule.py) would find in them exactly what it found
before, moved by as many lines as the statement moved. So when the outline did not change, those findings are
taken over (`Reuse`) and the rule runs only on the statements the edit touched; rules of `Scope.MODULE` run on
everything, as always. The result equals a full lint's: tests compare the two after many edits of real
modules (tests/linting/test_incremental_lint.py).

The outline of a statement is its code with every function body left out and without its leading comment
lines (nor those between decorators): what other statements' findings can depend on (imports, names bound at module and class level, class
headers and fields, signatures). When the statements the edit replaced and the ones that replaced them have
the same outlines, and the module's header, footer and layout defaults are the same, the outline of the module
did not change. Two outlines that differ only in their comments and in where lines break inside brackets
(`_same_tokens`) count as the same: no finding elsewhere reads them, and a fix whose edits reach into a
replaced statement is never taken over (see `_moved`).
"""

import bisect
import io
import logging
import tokenize
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple, Union

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.linting.findings import Edit, Fix, Violation
from chris_style.linting.source import Position, TextRange

logger = logging.getLogger(__name__)

# Stands in for every function body in an outline: what the body holds never reaches other statements.
_BODY_STUB = cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Expr(cst.Ellipsis())])])
_EMPTY_MODULE = cst.Module(body=[])
# Tokens that say nothing about what an outline means: comments, and line breaks inside brackets or on lines
# without code (Python's own NEWLINE tokens, which end statements, are kept).
_IGNORED_TOKENS = frozenset({tokenize.COMMENT, tokenize.NL})


@dataclass
class LintRecord:
    """What a lint leaves for the lint of the next version: under which settings it ran, which rules ran and
    crashed, and every finding of the statement-scoped rules before suppressions (by rule code)."""

    settings: Settings
    min_priority: Priority
    path: Optional[PurePath]
    rule_codes: FrozenSet[str]
    failed: FrozenSet[str]
    by_rule: Dict[str, List[Violation]] = field(default_factory=dict)
    # The outlines of this version's statements that the plan of its lint computed (by id): when the next edit
    # replaces one of them, its outline is known.
    outlines: Dict[int, str] = field(default_factory=dict)


@dataclass
class Reuse:
    """The top-level statements of the new module that an edit left alone (by `id`), and for each rule that may
    skip them, its findings in them, already moved to their new lines."""

    statements: FrozenSet[int]
    violations: Dict[str, List[Violation]]
    # The outlines of the statements that replaced others (by id), for the record of this lint.
    outlines: Dict[int, str] = field(default_factory=dict)


def outline(statement: cst.CSTNode) -> str:
    """The statement's code without its leading lines and with every function body stubbed out (see above)."""
    return _EMPTY_MODULE.code_for_node(_outlined(statement))


def _bare_decorators(statement: Union[cst.FunctionDef, cst.ClassDef]) -> Dict[str, object]:
    """The changes that drop the comment and blank lines between a definition's decorators."""
    return {
        "decorators": [decorator.with_changes(leading_lines=()) for decorator in statement.decorators],
        "lines_after_decorators": (),
        "leading_lines": (),
    }


def _outlined(statement: cst.CSTNode) -> cst.CSTNode:
    if isinstance(statement, cst.FunctionDef):
        return statement.with_changes(body=_BODY_STUB, **_bare_decorators(statement))
    if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
        body = statement.body.with_changes(body=[_outlined(inner) for inner in statement.body.body])
        return statement.with_changes(body=body, **_bare_decorators(statement))
    if hasattr(statement, "leading_lines"):
        return statement.with_changes(leading_lines=())
    return statement


def _tokens(code: str) -> Optional[List[Tuple[int, str]]]:
    """The code's tokens without its comments and its line breaks inside brackets (None if it does not
    tokenize)."""
    try:
        return [
            (token.type, token.string)
            for token in tokenize.generate_tokens(io.StringIO(code).readline)
            if token.type not in _IGNORED_TOKENS
        ]
    except (tokenize.TokenError, SyntaxError):
        return None


def _same_tokens(first: str, second: str) -> bool:
    tokens = _tokens(first)
    return tokens is not None and tokens == _tokens(second)


def _same_frame(previous: cst.Module, current: cst.Module) -> bool:
    """The module-level parts that are no statement's: header and footer comments, layout defaults."""
    return (
        _EMPTY_MODULE.code_for_node(previous.with_changes(body=[]))
        == _EMPTY_MODULE.code_for_node(current.with_changes(body=[]))
        and previous.default_indent == current.default_indent
        and previous.default_newline == current.default_newline
    )


class _LineMap:
    """Where a line of the previous text is in the current one, for the lines of statements both share."""

    def __init__(self, previous_starts: Sequence[int], shifts: Dict[int, int], footer_shift: int) -> None:
        # Previous first lines of each statement (leading lines included), then of the footer.
        self._starts = previous_starts
        self._shifts = shifts
        self._footer_shift = footer_shift

    def statement_of(self, line: int) -> int:
        """The previous statement holding `line` (-1: the header; the statement count: the footer)."""
        return bisect.bisect_right(self._starts, line) - 1

    def move(self, line: int) -> Optional[int]:
        """The line's number in the current text, or None when it lies in a statement the edit replaced."""
        index = self.statement_of(line)
        if index < 0:
            return line
        if index >= len(self._starts) - 1:
            return line + self._footer_shift
        shift = self._shifts.get(index)
        return None if shift is None else line + shift

    def move_range(self, text_range: TextRange) -> Optional[TextRange]:
        start, end = self.move(text_range.start.line), self.move(text_range.end.line)
        if start is None or end is None:
            return None
        return TextRange(Position(start, text_range.start.column), Position(end, text_range.end.column))


def _moved(violation: Violation, lines: _LineMap) -> Optional[Violation]:
    """The violation and its fixes' edits at their new lines, or None when any of them cannot be moved."""
    moved_range = lines.move_range(violation.range)
    if moved_range is None:
        return None
    fixes = []
    for fix in violation.fixes:
        edits = []
        for edit in fix.edits:
            edit_range = lines.move_range(edit.range)
            if edit_range is None:
                return None
            edits.append(Edit(edit_range, edit.content) if edit_range != edit.range else edit)
        fixes.append(Fix(fix.title, fix.safety, tuple(edits)) if tuple(edits) != fix.edits else fix)
    if moved_range == violation.range and all(new is old for new, old in zip(fixes, violation.fixes)):
        return violation
    return replace(violation, range=moved_range, fixes=tuple(fixes))


def plan_reuse(
    record: Optional[LintRecord],
    previous_module: cst.Module,
    previous_starts: Sequence[int],
    current_module: cst.Module,
    current_starts: Sequence[int],
    settings: Settings,
    min_priority: Priority,
    path: Optional[PurePath],
    rule_codes: FrozenSet[str],
) -> Optional[Reuse]:
    """What the lint of `current_module` may take over from the record of `previous_module`'s; None when the
    settings, the path or the module's outline changed (then every rule runs on everything).

    `previous_starts` and `current_starts` are each module's statement first lines, then its footer's;
    `rule_codes` are the codes of the rules that will run."""
    if record is None:
        return None
    same_run = (
        record.settings == settings and record.min_priority == min_priority and record.path == path
        and record.rule_codes == rule_codes
    )
    if not same_run:
        return None
    if not _same_frame(previous_module, current_module):
        return None
    current_ids = {id(statement) for statement in current_module.body}
    previous_ids = {id(statement) for statement in previous_module.body}
    replaced = [statement for statement in previous_module.body if id(statement) not in current_ids]
    replacing = [statement for statement in current_module.body if id(statement) not in previous_ids]
    if len(replaced) != len(replacing):
        return None
    outlines: Dict[int, str] = {}
    for old, new in zip(replaced, replacing):
        old_outline = record.outlines.get(id(old)) or outline(old)
        new_outline = outlines[id(new)] = outline(new)
        if old_outline != new_outline and not _same_tokens(old_outline, new_outline):
            return None
    previous_numbers = {id(statement): number for number, statement in enumerate(previous_module.body)}
    shifts = {
        previous_numbers[id(statement)]: current_starts[number] - previous_starts[previous_numbers[id(statement)]]
        for number, statement in enumerate(current_module.body)
        if id(statement) in previous_numbers
    }
    # The frame is the same, so the footer's lines are too: they moved with the last statement.
    lines = _LineMap(previous_starts, shifts, current_starts[-1] - previous_starts[-1])
    kept: Dict[str, List[Violation]] = {}
    for code, violations in record.by_rule.items():
        if code in record.failed:
            continue
        moved: List[Violation] = []
        for violation in violations:
            statement = lines.statement_of(violation.range.start.line)
            if not 0 <= statement < len(previous_module.body):
                break  # a finding outside every statement: the rule runs on everything
            if statement not in shifts:
                continue  # in a replaced statement: found again, if it still holds
            moved_violation = _moved(violation, lines)
            if moved_violation is None:
                break  # a fix edits a replaced statement: the rule runs on everything
            moved.append(moved_violation)
        else:
            kept[code] = moved
    reused = frozenset(id(statement) for statement in current_module.body if id(statement) in previous_ids)
    return Reuse(reused, kept, outlines)
