"""Suppressions: `# noqa: CSxxx`, the guide's `# DEVIATION(CSxxx): …` / `# Reason: …` blocks, and
`# chris-style: ignore-file`. Also produces the meta diagnostics CS001 (no reason) and CS002 (unused)."""

import re
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.guide import Priority
from chris_style.linting.rule import Edit, Fix, FixSafety, RuleContext, Violation
from chris_style.linting.source import Position, SourceFile, TextRange

NOQA_PATTERN = re.compile(r"#\s*noqa(?::[ \t]*(?P<codes>[A-Za-z]+[0-9]+(?:[ \t]*,?[ \t]*[A-Za-z]+[0-9]+)*))?", re.I)
CODE_PATTERN = re.compile(r"[A-Za-z]+[0-9]+")
DEVIATION_PATTERN = re.compile(r"^#\s*DEVIATION\b(?:\((?P<codes>[^)]*)\))?\s*:?(?P<text>.*)$")
REASON_PATTERN = re.compile(r"^#\s*Reason:")
IGNORE_FILE_PATTERN = re.compile(r"#\s*chris-style:\s*ignore-file(?:\s*\[(?P<codes>[^\]]*)\])?")
# The catalog: `ignore-file` counts only in the first lines of a file.
IGNORE_FILE_MAX_LINE = 10
OWN_CODE_PREFIX = "CS"
STATEMENT_TYPES = (
    cst.SimpleStatementLine, cst.FunctionDef, cst.ClassDef, cst.If, cst.For, cst.While, cst.With, cst.Try,
    cst.TryStar, cst.Match,
)
# The string nodes one token of Python source is made of (a ConcatenatedString is several tokens).
STRING_TOKEN_TYPES = (cst.SimpleString, cst.FormattedString, cst.TemplatedString)
# A line holding one of these may close a string that began on an earlier line.
TRIPLE_QUOTES = ('"""', "'''")
LINE_CONTINUATION = "\\"


@dataclass
class FileIgnore:
    """`# chris-style: ignore-file`: every code when `codes` is None, else only those."""

    codes: Optional[FrozenSet[str]]


def find_file_ignore(source: SourceFile) -> Optional[FileIgnore]:
    for line in source.lines[:IGNORE_FILE_MAX_LINE]:
        match = IGNORE_FILE_PATTERN.search(line)
        if match:
            codes = match.group("codes")
            if codes is None:
                return FileIgnore(None)
            return FileIgnore(frozenset(code.upper() for code in CODE_PATTERN.findall(codes)))
    return None


def might_have_suppressions(source: SourceFile) -> bool:
    """A cheap text test so that files without any suppression skip the comment scan entirely."""
    text = source.text
    return "DEVIATION" in text or "noqa" in text or "NOQA" in text


@dataclass
class CodeMention:
    """One code named by a suppression comment, where it stands, and whether it silenced anything."""

    code: str
    range: TextRange
    used: bool = False


@dataclass
class Noqa:
    line: int
    # None for a bare `# noqa`, which silences every code on the line.
    codes: Optional[List[CodeMention]]
    directive: TextRange
    # Whether it silenced anything (for a bare `# noqa`, which has no mention to mark).
    used: bool = False


@dataclass
class Deviation:
    comment_line: int
    codes: List[CodeMention]
    has_reason: bool
    reason_line: Optional[int]
    indent: str
    statement: Optional[Tuple[int, int]] = None
    # Whether it silenced anything (for a `# DEVIATION:` without codes, which has no mention to mark).
    used: bool = False

    def covers(self, violation: Violation) -> bool:
        if self.statement is None or not (self.statement[0] <= violation.range.start.line <= self.statement[1]):
            return False
        if not self.codes:
            return violation.priority < Priority.CRITICAL
        return any(mention.code == violation.code for mention in self.codes)


@dataclass
class Found:
    """A buffer's suppressions after a lint: what each silenced, and which rules ran (a suppression naming a rule
    that did not run cannot be judged)."""

    noqas: List[Noqa]
    deviations: List[Deviation]
    ran_codes: FrozenSet[str]


class SuppressionScanner:
    """Joins the rules' traversal to learn which `#` texts are real comments and where statements start."""

    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.comments: Set[str] = set()
        self.statements: List[cst.CSTNode] = []
        self.multiline_strings: List[cst.CSTNode] = []

    def visit_Comment(self, node: cst.Comment) -> None:
        self.comments.add(node.value.rstrip())

    def visit_statement(self, node: cst.CSTNode) -> None:
        self.statements.append(node)

    def visit_string(self, node: cst.CSTNode) -> None:
        if may_span_lines(node):
            self.multiline_strings.append(node)

    def handlers(self) -> Dict[type, object]:
        table: Dict[type, object] = {cst.Comment: self.visit_Comment}
        for statement_type in STATEMENT_TYPES:
            table[statement_type] = self.visit_statement
        for string_type in STRING_TOKEN_TYPES:
            table[string_type] = self.visit_string
        return table

    def _comment_start(self, line: str) -> Optional[int]:
        return comment_start(line, self.comments)

    def comment_lines(self, noqas: Sequence[Noqa]) -> Callable[[int], int]:
        """Where the `# noqa` of each line is read (see comment_line). The strings' positions are looked up only
        when some `# noqa` could stand after a multi-line string or a continuation."""
        lines = self.context.source.lines
        if not any(_may_close_continuation(lines, noqa.line) for noqa in noqas):
            return lambda line: line
        ends = string_ends(self.context.range_of(node) for node in self.multiline_strings)

        def commented(line: int) -> bool:
            return self._comment_start(lines[line]) is not None

        return lambda line: comment_line(line, lines, ends, commented)

    def noqa_comments(self) -> List[Noqa]:
        found = []
        for line_number, line in enumerate(self.context.source.lines):
            if "noqa" not in line.lower():
                continue
            start = self._comment_start(line)
            if start is None:
                continue
            match = NOQA_PATTERN.search(line, start)
            if match is None:
                continue
            directive = TextRange.of(line_number, match.start(), line_number, match.end())
            codes_text = match.group("codes")
            if codes_text is None:
                found.append(Noqa(line_number, None, directive))
                continue
            mentions = [
                CodeMention(code.group().upper(), TextRange.of(line_number, code.start(), line_number, code.end()))
                for code in CODE_PATTERN.finditer(line, match.start("codes"), match.end("codes"))
            ]
            found.append(Noqa(line_number, mentions, directive))
        return found

    def deviations(self) -> List[Deviation]:
        lines = self.context.source.lines
        found = []
        for line_number, line in enumerate(lines):
            if "DEVIATION" not in line:
                continue
            stripped = line.strip()
            if not stripped.startswith("#") or stripped not in self.comments:
                continue
            match = DEVIATION_PATTERN.match(stripped)
            if match is None:
                continue
            indent = line[: len(line) - len(line.lstrip())]
            mentions = []
            if match.group("codes"):
                offset = line.index("(") + 1
                for code in CODE_PATTERN.finditer(match.group("codes")):
                    mentions.append(
                        CodeMention(
                            code.group().upper(),
                            TextRange.of(line_number, offset + code.start(), line_number, offset + code.end()),
                        )
                    )
            next_line = lines[line_number + 1].strip() if line_number + 1 < len(lines) else ""
            has_reason_line = bool(REASON_PATTERN.match(next_line))
            found.append(
                Deviation(
                    comment_line=line_number,
                    codes=mentions,
                    has_reason=has_reason_line or bool(match.group("text").strip()),
                    reason_line=line_number + 1 if has_reason_line else None,
                    indent=indent,
                )
            )
        if found:
            self._attach_statements(found)
        return found

    def _attach_statements(self, deviations: List[Deviation]) -> None:
        """Each deviation covers the statement that follows its comment block, decorators included."""
        spans: Dict[int, Tuple[int, int]] = {}
        for statement in self.statements:
            statement_range = self.context.range_of(statement)
            start = statement_range.start.line
            decorators = getattr(statement, "decorators", ())
            if decorators:
                start = self.context.range_of(decorators[0]).start.line
            span = spans.get(start)
            if span is None or statement_range.end.line > span[1]:
                spans[start] = (start, statement_range.end.line)
        lines = self.context.source.lines
        for deviation in deviations:
            line_number = deviation.comment_line + 1
            while line_number < len(lines) and (not lines[line_number].strip() or lines[line_number].lstrip().startswith("#")):
                line_number += 1
            deviation.statement = spans.get(line_number)


def apply_suppressions(
    violations: Iterable[Violation],
    noqas: List[Noqa],
    deviations: List[Deviation],
    noqa_line: Callable[[int], int] = lambda line: line,
) -> List[Violation]:
    """The violations no suppression silences. A `# noqa` counts for the diagnostics that start on its line, or
    on a line `noqa_line` leads to it from (the lines of a multi-line string or of a continuation)."""
    by_line: Dict[int, Noqa] = {noqa.line: noqa for noqa in noqas}
    kept = []
    for violation in violations:
        line = violation.range.start.line
        noqa = by_line.get(line)
        if noqa is None and by_line:
            noqa = by_line.get(noqa_line(line))
        if _silenced_by_noqa(violation, noqa):
            continue
        covering = [deviation for deviation in deviations if deviation.covers(violation)]
        if covering:
            for deviation in covering:
                deviation.used = True
                for mention in deviation.codes:
                    if mention.code == violation.code:
                        mention.used = True
            continue
        kept.append(violation)
    return kept


def _silenced_by_noqa(violation: Violation, noqa: Optional[Noqa]) -> bool:
    if noqa is None:
        return False
    if noqa.codes is None:
        noqa.used = True
        return True
    silenced = False
    for mention in noqa.codes:
        if mention.code == violation.code:
            mention.used = True
            silenced = True
    noqa.used = noqa.used or silenced
    return silenced


def unused_mentions(
    source: SourceFile, noqas: List[Noqa], deviations: List[Deviation], ran_codes: FrozenSet[str]
) -> List[Tuple[CodeMention, Fix]]:
    """Codes named by a suppression whose rule ran and reported nothing there, each with its removal fix."""
    unused = []
    for noqa in noqas:
        for mention in noqa.codes or []:
            if mention.code.startswith(OWN_CODE_PREFIX) and mention.code in ran_codes and not mention.used:
                unused.append((mention, _remove_from_noqa(source, noqa, mention)))
    for deviation in deviations:
        if deviation.statement is None:
            continue
        for mention in deviation.codes:
            if mention.code in ran_codes and not mention.used:
                unused.append((mention, _remove_from_deviation(source, deviation, mention)))
    return unused


def _remove_code_from_list(source: SourceFile, mentions: List[CodeMention], mention: CodeMention) -> Edit:
    """Remove one code and the separator next to it from a comma-separated list."""
    index = mentions.index(mention)
    if index + 1 < len(mentions):
        return Edit(TextRange(mention.range.start, mentions[index + 1].range.start), "")
    return Edit(TextRange(mentions[index - 1].range.end, mention.range.end), "")


def _remove_from_noqa(source: SourceFile, noqa: Noqa, mention: CodeMention) -> Fix:
    assert noqa.codes is not None
    if len(noqa.codes) > 1:
        edit = _remove_code_from_list(source, noqa.codes, mention)
        return Fix(f"Remove unused `{mention.code}` from `# noqa`", FixSafety.SAFE, (edit,))
    line = source.line_text(noqa.line)
    end = noqa.directive.end.column
    rest = line[end:].strip()
    if rest and not rest.startswith("#"):
        # The comment goes on after the directive (`# noqa:CS201 because ...`): keep it a comment.
        edit = Edit(TextRange.of(noqa.line, noqa.directive.start.column, noqa.line, end), "#")
        return Fix("Remove unused `# noqa` directive", FixSafety.SAFE, (edit,))
    start = noqa.directive.start.column
    while start > 0 and line[start - 1] in " \t":
        start -= 1
    edit = Edit(TextRange.of(noqa.line, start, noqa.line, end), "")
    return Fix("Remove unused `# noqa` comment", FixSafety.SAFE, (edit,))


def _remove_from_deviation(source: SourceFile, deviation: Deviation, mention: CodeMention) -> Fix:
    if len(deviation.codes) > 1:
        edit = _remove_code_from_list(source, deviation.codes, mention)
        return Fix(f"Remove unused `{mention.code}` from the deviation", FixSafety.SAFE, (edit,))
    last_line = deviation.reason_line if deviation.reason_line is not None else deviation.comment_line
    edit = Edit(TextRange(Position(deviation.comment_line, 0), Position(last_line + 1, 0)), "")
    return Fix("Remove the unused deviation comment", FixSafety.SAFE, (edit,))


def reason_fix(source: SourceFile, deviation: Deviation) -> Fix:
    """CS001's suggestion: a `# Reason: ` line right below the deviation, at its indentation."""
    position = Position(deviation.comment_line + 1, 0)
    edit = Edit(TextRange(position, position), f"{deviation.indent}# Reason: {source.newline}")
    return Fix("Add a `# Reason: ` line", FixSafety.SUGGESTION, (edit,))


def comment_start(line: str, comments: Set[str]) -> Optional[int]:
    """The column where the line's comment starts (`comments`: the texts of the module's real comments, so a
    `#` inside a string is not taken for one), or None."""
    index = line.find("#")
    while index != -1:
        if line[index:].rstrip() in comments:
            return index
        index = line.find("#", index + 1)
    return None


def may_span_lines(node: cst.CSTNode) -> bool:
    """Whether a string token may cover more than one line: it holds a line break, or is a triple-quoted f- or
    t-string (whose replacement fields may hold one)."""
    if isinstance(node, cst.SimpleString):
        return "\n" in node.value
    start = getattr(node, "start", "")
    return start.endswith(TRIPLE_QUOTES) or any("\n" in getattr(part, "value", "") for part in node.parts)


def string_ends(ranges: Iterable[TextRange]) -> Dict[int, int]:
    """Each line that ends inside a multi-line string token, mapped to the token's last line."""
    ends: Dict[int, int] = {}
    for text_range in ranges:
        for line in range(text_range.start.line, text_range.end.line):
            ends[line] = max(ends.get(line, 0), text_range.end.line)
    return ends


def comment_line(line: int, lines: Sequence[str], ends: Mapping[int, int], commented: Callable[[int], bool]) -> int:
    """The line whose end can hold a comment about `line`: the line itself, or, when it ends inside a
    multi-line string or with a backslash continuation (where Python allows no comment), the first line after
    it that can (the string's last line, the continuation's). As in Ruff, a `# noqa` there counts for them all."""
    last = len(lines) - 1
    while line < last:
        if line in ends:
            line = ends[line]
        elif not commented(line) and lines[line].rstrip().endswith(LINE_CONTINUATION):
            line += 1
        else:
            break
    return line


def _may_close_continuation(lines: Sequence[str], line: int) -> bool:
    """A cheap test of a `# noqa` line: could a string or a continuation of an earlier line end on it?"""
    text = lines[line]
    return any(quotes in text for quotes in TRIPLE_QUOTES) or (
        line > 0 and lines[line - 1].rstrip().endswith(LINE_CONTINUATION)
    )
