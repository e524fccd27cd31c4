"""The two suppressions any diagnostic can be given: `# noqa: CODE` at the end of its line, and the guide's
`# DEVIATION(CODE): ` / `# Reason: ` block above its statement. One diagnostic at a time for the editor's code
actions (noqa_fix, deviation_fix), or every diagnostic of a buffer at once for `chris-style suppress`
(noqa_edits, deviation_edits). Front-end neutral text edits.

A `# noqa` goes where Python allows a comment and where the engine reads it (suppressions.comment_line): the
diagnostic's first line, or, when that line ends inside a multi-line string or with a backslash continuation,
the line that string or continuation ends on."""

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.linting import tree
from chris_style.linting.rule import Edit, Fix, FixSafety, RuleContext, Violation
from chris_style.linting.source import Position, SourceFile, TextRange
from chris_style.linting.suppressions import (
    CODE_PATTERN,
    NOQA_PATTERN,
    STRING_TOKEN_TYPES,
    comment_line,
    comment_start,
    may_span_lines,
    string_ends,
)

STATEMENT_TYPES = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
# The longest a deviation's first line is made, by default: the guide's line length.
DEFAULT_WIDTH = Settings().line_length


@dataclass
class _Found:
    """What a walk found: the multi-line string tokens (a comment cannot go inside one), the comments, and the
    statements."""

    multiline_strings: List[cst.CSTNode] = field(default_factory=list)
    statements: List[cst.CSTNode] = field(default_factory=list)
    comments: Set[str] = field(default_factory=set)


def _walk(root: cst.CSTNode) -> _Found:
    """Strings, comments and statements under `root`, read-only (tree.py); a string token is a leaf here (an
    f-string's replacement fields are inside its range anyway)."""
    found = _Found()
    stack: List[cst.CSTNode] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, STRING_TOKEN_TYPES):
            if may_span_lines(node):
                found.multiline_strings.append(node)
            continue
        if isinstance(node, cst.Comment):
            found.comments.add(node.value.rstrip())
        elif isinstance(node, STATEMENT_TYPES):
            found.statements.append(node)
        stack.extend(reversed(tree.children(node)))
    return found


@dataclass
class CommentPlaces:
    """Where a buffer can take a suppression comment: the line a `# noqa` about a line goes on, and the first line
    (decorators included) of the innermost statement holding a line, with that statement's indentation."""

    source: SourceFile
    ends: Dict[int, int]
    comments: Set[str]
    # (first line, last line) of every statement, first lines counted from the decorators.
    statements: List[Tuple[int, int]]

    @classmethod
    def of(cls, source: SourceFile, module: cst.Module) -> "CommentPlaces":
        """Read the whole module once (`chris-style suppress`): its multi-line strings, comments and statements."""
        context = RuleContext(source, module, Settings())
        return cls._from(source, _walk(module), context.range_of)

    @classmethod
    def around(cls, context: RuleContext, line: int) -> "CommentPlaces":
        """Only the top-level statement whose lines hold `line` (one diagnostic's comment in the editor): neither a
        string nor a statement reaches past it, so what it holds is all a comment for `line` depends on, and its
        positions come from that statement alone (PositionIndex.top_level_ranges)."""
        located = context.positions.top_level_ranges(line)
        if located is None:
            return cls(context.source, {}, set(), [])
        top, ranges = located

        def range_of(node: cst.CSTNode) -> TextRange:
            found = ranges[node]
            return TextRange.of(found.start.line - 1, found.start.column, found.end.line - 1, found.end.column)

        return cls._from(context.source, _walk(top), range_of)

    @classmethod
    def _from(cls, source: SourceFile, found: _Found, range_of: Callable[[cst.CSTNode], TextRange]) -> "CommentPlaces":
        statements = []
        for statement in found.statements:
            statement_range = range_of(statement)
            first_line = statement_range.start.line
            decorators = getattr(statement, "decorators", ())
            if decorators:
                first_line = range_of(decorators[0]).start.line
            statements.append((first_line, statement_range.end.line))
        ends = string_ends(range_of(node) for node in found.multiline_strings)
        return cls(source, ends, found.comments, statements)

    def noqa_line(self, line: int) -> int:
        """The line whose `# noqa` counts for a diagnostic starting on `line`."""
        lines = self.source.lines
        return comment_line(line, lines, self.ends, lambda number: self.comment_column(number) is not None)

    def comment_column(self, line: int) -> Optional[int]:
        return comment_start(self.source.line_text(line), self.comments)

    def statement_start(self, line: int) -> Optional[int]:
        """The first line of the innermost statement that holds `line`, or None outside every statement."""
        innermost: Optional[int] = None
        for first_line, last_line in self.statements:
            if first_line <= line <= last_line and (innermost is None or first_line >= innermost):
                innermost = first_line
        return innermost

    def indent(self, line: int) -> str:
        text = self.source.line_text(line)
        return text[: len(text) - len(text.lstrip())]


def _noqa_codes_edit(places: CommentPlaces, line: int, codes: Sequence[str], reason: str = "") -> Optional[Edit]:
    """The edit that makes the `# noqa` of `line` name `codes` too: extending an existing `# noqa: …` list, or a
    new `  # noqa: CODES` (and `  # reason`) at the end of the line. None when the line's `# noqa` names them all
    already, or is bare (it silences everything)."""
    text = places.source.line_text(line)
    start = places.comment_column(line)
    match = NOQA_PATTERN.search(text, start) if start is not None else None
    if match is not None:
        if match.group("codes") is None:
            return None
        present = {code.upper() for code in CODE_PATTERN.findall(match.group("codes"))}
        missing = [code for code in dict.fromkeys(codes) if code not in present]
        if not missing:
            return None
        end = Position(line, match.end("codes"))
        return Edit(TextRange(end, end), "".join(f", {code}" for code in missing))
    comment = f"  # noqa: {', '.join(dict.fromkeys(codes))}" + (f"  # {reason}" if reason else "")
    stripped_end = len(text.rstrip())
    return Edit(TextRange(Position(line, stripped_end), Position(line, len(text))), comment)


def _deviation_block(
    places: CommentPlaces, line: int, violations: Sequence[Violation], reason: str, width: int
) -> Edit:
    """`# DEVIATION(CODES): rule names` and `# Reason: reason` above `line`, at its indentation; the names that
    would take the first line past `width` are left out (the codes are the record)."""
    indent = places.indent(line)
    newline = places.source.newline
    by_code = {violation.code: violation.name for violation in sorted(violations, key=_code_order)}
    head = f"{indent}# DEVIATION({', '.join(by_code)}): "
    names: List[str] = []
    for name in by_code.values():
        if len(head + ", ".join([*names, name])) > width:
            break
        names.append(name)
    content = f"{head}{', '.join(names)}".rstrip() + f"{newline}{indent}# Reason: {reason}{newline}"
    position = Position(line, 0)
    return Edit(TextRange(position, position), content)


def _code_order(violation: Violation) -> Tuple[int, str]:
    """CS202 before CS1001, as the rule list orders codes."""
    return len(violation.code), violation.code


def noqa_fix(
    source: SourceFile, module: cst.Module, violation: Violation, context: Optional[RuleContext] = None
) -> Optional[Fix]:
    """`# noqa: CODE` for one diagnostic, extending an existing `# noqa: …` list; None where a bare `# noqa` is
    there already. A `context` of the same module may be passed to share the positions it computed."""
    places = CommentPlaces.around(context or RuleContext(source, module, Settings()), violation.range.start.line)
    edit = _noqa_codes_edit(places, places.noqa_line(violation.range.start.line), [violation.code])
    if edit is None:
        return None
    return Fix(f"Ignore {violation.code} on this line", FixSafety.SUGGESTION, (edit,))


def deviation_fix(
    source: SourceFile, module: cst.Module, violation: Violation, context: Optional[RuleContext] = None
) -> Optional[Fix]:
    """The guide's deviation block above the innermost statement holding the diagnostic (above its
    decorators), at the statement's indentation; the reason is left for the author to write. A `context` of
    the same module may be passed to share the positions it computed."""
    places = CommentPlaces.around(context or RuleContext(source, module, Settings()), violation.range.start.line)
    line = places.statement_start(violation.range.start.line)
    if line is None:
        return None
    indent = places.indent(line)
    newline = source.newline
    content = f"{indent}# DEVIATION({violation.code}): {newline}{indent}# Reason: {newline}"
    position = Position(line, 0)
    edit = Edit(TextRange(position, position), content)
    return Fix(f"Record a deviation from {violation.code}", FixSafety.SUGGESTION, (edit,))


def noqa_edits(places: CommentPlaces, violations: Sequence[Violation], reason: str = "") -> List[Edit]:
    """`# noqa` for every diagnostic: one comment per line, naming the codes of the diagnostics it counts for
    (merged into the line's `# noqa: …` when there is one), followed by `# reason` when one is given."""
    by_line: Dict[int, List[str]] = {}
    for violation in sorted(violations, key=_code_order):
        by_line.setdefault(places.noqa_line(violation.range.start.line), []).append(violation.code)
    edits = [_noqa_codes_edit(places, line, codes, reason) for line, codes in sorted(by_line.items())]
    return [edit for edit in edits if edit is not None]


def deviation_edits(
    places: CommentPlaces, violations: Sequence[Violation], reason: str, width: int = DEFAULT_WIDTH
) -> List[Edit]:
    """A deviation block above the innermost statement of every diagnostic (one per statement, naming the codes
    of all its diagnostics); a diagnostic outside every statement (a comment between them) gets a `# noqa`."""
    by_statement: Dict[int, List[Violation]] = {}
    outside: List[Violation] = []
    for violation in violations:
        line = places.statement_start(violation.range.start.line)
        if line is None:
            outside.append(violation)
        else:
            by_statement.setdefault(line, []).append(violation)
    edits = [_deviation_block(places, line, group, reason, width) for line, group in sorted(by_statement.items())]
    return edits + noqa_edits(places, outside, reason)
