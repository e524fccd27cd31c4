"""The two suppressions any diagnostic can be given from the editor: `# noqa: CODE` on its line, and the
guide's `# DEVIATION(CODE): ` / `# Reason: ` block above its statement. Front-end neutral text edits."""

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import libcst as cst
from libcst._position import CodeRange

from chris_style.config.settings import Settings
from chris_style.linting import tree
from chris_style.linting.rule import Edit, Fix, FixSafety, RuleContext, Violation
from chris_style.linting.source import Position, SourceFile, TextRange
from chris_style.linting.suppressions import CODE_PATTERN, NOQA_PATTERN

STRING_TYPES = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.TemplatedString)
STATEMENT_TYPES = (cst.SimpleStatementLine, cst.BaseCompoundStatement)


@dataclass
class _Surroundings:
    """What holds a line, within the top-level statement whose lines hold it: the multi-line strings (a comment
    cannot go inside one) and the statements, each with its range (0-based lines)."""

    multiline_strings: List[TextRange] = field(default_factory=list)
    # (first line, decorators included; the statement's range)
    statements: List[Tuple[int, TextRange]] = field(default_factory=list)


def _text_range(code_range: CodeRange) -> TextRange:
    return TextRange.of(code_range.start.line - 1, code_range.start.column, code_range.end.line - 1, code_range.end.column)


def _surroundings(context: RuleContext, line: int) -> _Surroundings:
    """Strings are leaves here (f-string parts are skipped); only the top-level statement holding the line is
    looked at, since neither a string nor a statement reaches past its top-level statement."""
    found = _Surroundings()
    located = context.positions.top_level_ranges(line)
    if located is None:
        return found
    top, ranges = located
    stack: List[cst.CSTNode] = [top]
    while stack:
        node = stack.pop()
        if isinstance(node, STRING_TYPES):
            if not isinstance(node, cst.SimpleString) or "\n" in node.value:
                found.multiline_strings.append(_text_range(ranges[node]))
            continue
        if isinstance(node, STATEMENT_TYPES):
            statement_range = _text_range(ranges[node])
            decorators = getattr(node, "decorators", ())
            first_line = ranges[decorators[0]].start.line - 1 if decorators else statement_range.start.line
            found.statements.append((first_line, statement_range))
        stack.extend(reversed(tree.children(node)))
    return found


def _context(source: SourceFile, module: cst.Module) -> RuleContext:
    return RuleContext(source, module, Settings())


def _line_can_take_comment(source: SourceFile, surroundings: _Surroundings, line: int) -> bool:
    text = source.line_text(line).rstrip()
    if text.endswith("\\"):
        return False
    line_end = Position(line, len(source.line_text(line)))
    return not any(string.start < line_end < string.end for string in surroundings.multiline_strings)


def noqa_fix(
    source: SourceFile, module: cst.Module, violation: Violation, context: Optional[RuleContext] = None
) -> Optional[Fix]:
    """`# noqa: CODE` on the diagnostic's first line, extending an existing `# noqa: …` list. None where a
    comment cannot go (the line ends inside a string or with a backslash) or a bare `# noqa` is there. A
    `context` of the same module may be passed to share the positions it computed."""
    line = violation.range.start.line
    text = source.line_text(line)
    title = f"Ignore {violation.code} on this line"
    match = NOQA_PATTERN.search(text)
    if match is not None:
        if match.group("codes") is None:
            return None
        codes = [code.upper() for code in CODE_PATTERN.findall(match.group("codes"))]
        if violation.code in codes:
            return None
        end = Position(line, match.end("codes"))
        return Fix(title, FixSafety.SUGGESTION, (Edit(TextRange(end, end), f", {violation.code}"),))
    surroundings = _surroundings(context or _context(source, module), line)
    if not _line_can_take_comment(source, surroundings, line):
        return None
    stripped_end = len(text.rstrip())
    edit = Edit(TextRange(Position(line, stripped_end), Position(line, len(text))), f"  # noqa: {violation.code}")
    return Fix(title, FixSafety.SUGGESTION, (edit,))


def deviation_fix(
    source: SourceFile, module: cst.Module, violation: Violation, context: Optional[RuleContext] = None
) -> Optional[Fix]:
    """The guide's deviation block above the innermost statement holding the diagnostic (above its
    decorators), at the statement's indentation; the reason is left for the author to write. A `context` of
    the same module may be passed to share the positions it computed."""
    start = violation.range.start
    surroundings = _surroundings(context or _context(source, module), start.line)
    innermost_line = -1
    for first_line, statement_range in surroundings.statements:
        if first_line <= start.line <= statement_range.end.line and first_line >= innermost_line:
            innermost_line = first_line
    if innermost_line < 0:
        return None
    line_text = source.line_text(innermost_line)
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    newline = source.newline
    content = f"{indent}# DEVIATION({violation.code}): {newline}{indent}# Reason: {newline}"
    position = Position(innermost_line, 0)
    edit = Edit(TextRange(position, position), content)
    return Fix(f"Record a deviation from {violation.code}", FixSafety.SUGGESTION, (edit,))
