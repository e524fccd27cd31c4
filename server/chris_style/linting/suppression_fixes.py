"""The two suppressions any diagnostic can be given from the editor: `# noqa: CODE` on its line, and the
guide's `# DEVIATION(CODE): ` / `# Reason: ` block above its statement. Front-end neutral text edits."""

from typing import List, Optional

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.linting.rule import Edit, Fix, FixSafety, RuleContext, Violation
from chris_style.linting.source import Position, SourceFile, TextRange
from chris_style.linting.suppressions import CODE_PATTERN, NOQA_PATTERN

STRING_TYPES = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.TemplatedString)
STATEMENT_TYPES = (cst.SimpleStatementLine, cst.BaseCompoundStatement)


class _Collector(cst.CSTVisitor):
    """Finds multi-line strings (a comment cannot go inside one) and the statements that contain a line."""

    def __init__(self) -> None:
        super().__init__()
        self.multiline_strings: List[cst.CSTNode] = []
        self.statements: List[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        """Record strings and statements; strings are leaves for this purpose (f-string parts are skipped)."""
        if isinstance(node, STRING_TYPES):
            if isinstance(node, cst.SimpleString) and "\n" not in node.value:
                return False
            self.multiline_strings.append(node)
            return False
        if isinstance(node, STATEMENT_TYPES):
            self.statements.append(node)
        return True


def _context(source: SourceFile, module: cst.Module) -> RuleContext:
    return RuleContext(source, module, Settings())


def _line_can_take_comment(context: RuleContext, collector: _Collector, line: int) -> bool:
    text = context.source.line_text(line).rstrip()
    if text.endswith("\\"):
        return False
    line_end = Position(line, len(context.source.line_text(line)))
    for node in collector.multiline_strings:
        node_range = context.range_of(node)
        if node_range.start < line_end < node_range.end:
            return False
    return True


def noqa_fix(source: SourceFile, module: cst.Module, violation: Violation) -> Optional[Fix]:
    """`# noqa: CODE` on the diagnostic's first line, extending an existing `# noqa: …` list. None where a
    comment cannot go (the line ends inside a string or with a backslash) or a bare `# noqa` is there."""
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
    context = _context(source, module)
    collector = _Collector()
    module.visit(collector)
    if not _line_can_take_comment(context, collector, line):
        return None
    stripped_end = len(text.rstrip())
    edit = Edit(TextRange(Position(line, stripped_end), Position(line, len(text))), f"  # noqa: {violation.code}")
    return Fix(title, FixSafety.SUGGESTION, (edit,))


def deviation_fix(source: SourceFile, module: cst.Module, violation: Violation) -> Optional[Fix]:
    """The guide's deviation block above the innermost statement holding the diagnostic (above its
    decorators), at the statement's indentation; the reason is left for the author to write."""
    context = _context(source, module)
    collector = _Collector()
    module.visit(collector)
    start = violation.range.start
    innermost: Optional[cst.CSTNode] = None
    innermost_line = -1
    for statement in collector.statements:
        statement_range = context.range_of(statement)
        first_line = statement_range.start.line
        decorators = getattr(statement, "decorators", ())
        if decorators:
            first_line = context.range_of(decorators[0]).start.line
        if first_line <= start.line <= statement_range.end.line and first_line >= innermost_line:
            innermost, innermost_line = statement, first_line
    if innermost is None:
        return None
    line_text = source.line_text(innermost_line)
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    newline = source.newline
    content = f"{indent}# DEVIATION({violation.code}): {newline}{indent}# Reason: {newline}"
    position = Position(innermost_line, 0)
    edit = Edit(TextRange(position, position), content)
    return Fix(f"Record a deviation from {violation.code}", FixSafety.SUGGESTION, (edit,))
