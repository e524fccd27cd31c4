"""CS605 line-too-long: lines stay within `line-length` characters."""

import io
import logging
import re
import tokenize
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.provenance import assigned_data, code_line_count, documented_at_its_top
from chris_style.linting.rule import Invalid, Rule, Scope, Valid
from chris_style.linting.source import TextRange

logger = logging.getLogger(__name__)

OPENING_BRACKETS = "([{"
CLOSING_PUNCTUATION = ")]},;:\\"
# The tokens that open and close an f-string, on Pythons that tokenize its parts (3.12 and later); else None.
FSTRING_START = getattr(tokenize, "FSTRING_START", None)
FSTRING_END = getattr(tokenize, "FSTRING_END", None)


@dataclass
class _Span:
    start: Tuple[int, int]
    end: Tuple[int, int]

    def holds(self, line: int, start_column: int, end_column: int) -> bool:
        return self.start <= (line, start_column) and (line, end_column) <= self.end


class _StringsAndComments:
    """Where the string literals and comments of a text are (1-based lines, as tokenize gives them), read from
    its tokens only as far as the lines asked about: tokenizing costs most of this rule's time, and the lines
    of a statement after its last overflowing one need no tokens."""

    def __init__(self, text: str) -> None:
        self._tokens: Optional[Iterator[tokenize.TokenInfo]] = tokenize.generate_tokens(io.StringIO(text).readline)
        self._spans: List[_Span] = []
        self._fstring_starts: List[Tuple[int, int]] = []
        # The line of the last token read: every token starting on an earlier line has been read.
        self._last_line = 0

    def holds(self, line: int, start_column: int, end_column: int) -> bool:
        """True when one string or comment holds the columns of the line."""
        self._read_through(line)
        return any(span.holds(line, start_column, end_column) for span in self._spans)

    def _read_through(self, line: int) -> None:
        """Read tokens until one starts after `line` with no f-string open (an f-string's span is known at its
        end): no span read later can hold a column of `line`."""
        while self._tokens is not None and (self._last_line <= line or self._fstring_starts):
            try:
                token = next(self._tokens)
            except (StopIteration, tokenize.TokenError, SyntaxError):
                self._tokens = None
                return
            self._last_line = token.start[0]
            self._note(token)

    def _note(self, token: tokenize.TokenInfo) -> None:
        if token.type in (tokenize.STRING, tokenize.COMMENT):
            self._spans.append(_Span(token.start, token.end))
        elif FSTRING_START is not None and token.type == FSTRING_START:
            self._fstring_starts.append(token.start)
        elif FSTRING_END is not None and token.type == FSTRING_END and self._fstring_starts:
            self._spans.append(_Span(self._fstring_starts.pop(), token.end))


class LineTooLong(Rule):
    """A line is longer than `line-length` characters (default 120).

    The guide (Line Length, PREFERRED): code "generally stays under 120 characters" and "breaks long strings
    and method chains". Length is counted in characters (code points, a tab counting as one), without the
    line ending.

    The limit is the setting `line-length`; when `[tool.chris-style]` does not set it, the line length the
    project already declares for its formatter or linter (ruff's `line-length` or `max-line-length`, black's
    `line-length`, flake8's or pycodestyle's `max-line-length`, in `pyproject.toml`, `ruff.toml`, `setup.cfg`,
    `tox.ini` or `.flake8`, the nearest to the file), as the guide's "follow the existing style" asks ("88-char
    line length from Black"); else 120.

    Long strings and comments are reported like code: the guide "breaks long strings", and its own comment
    examples are wrapped. Exempt: a line whose overflow is one unbreakable token in a comment or a string, such
    as a URL or a path: when the line would fit once its last whitespace-free token is removed, and that token
    lies within one comment or one string literal. Opening brackets before the token and closing brackets,
    commas or colons after it are looked through (`    "…url…",` in a list, `f(x, "…url…")` pass), code glued
    to it is not (`call("…url…")` is reported: the argument can go on a line of its own). A long string
    whose last word alone overflows is exempt by the same test; breaking such a string is left to judgement.
    Also exempt: the lines of a large module-level data literal (at least `data-literal-min-lines` lines)
    whose source is named in a comment above it or opening it, the guide's pasted data (Inline Comments for
    Provenance: "This JSON blob was created with ... manually pasting portions of the OCSF documentation"):
    such data is kept as it was pasted, to compare with its source.
    """

    code = "CS605"
    name = "line-too-long"
    priority = Priority.PREFERRED
    guideline = Guideline.LINE_LENGTH
    message = "Line is {length} characters long (limit {limit})"
    scope = Scope.STATEMENT
    VALID = [
        "x = 1\n",
        "# See https://example.com/" + "a" * 120 + "\n",
        "DOCS_URL = 'https://example.com/" + "a" * 120 + "'\n",
        "def f():\n    '''Docs.\n\n    https://example.com/" + "b" * 120 + "\n    '''\n",
        "URLS = [\n    'https://example.com/" + "c" * 120 + "',\n]\n",
        Valid("value = compute(first_argument, second_argument)\n", settings={"line-length": 50}),
        # ocsf-playground's OCSF_EVENT_CLASSES: pasted data under its provenance comment.
        "# This JSON blob was made by pasting the OCSF documentation into a GenAI prompt.\n"
        "# See: https://schema.ocsf.io/1.1.0/\nOCSF_EVENT_CLASSES = [\n"
        + ("    {'event_name': 'File System Activity', 'event_details': '" + "covers file events, " * 6 + "'},\n") * 10
        + "]\n",
    ]
    INVALID = [
        Invalid("result = compute(" + ", ".join(f"argument_{index}" for index in range(12)) + ")\n"),
        Invalid("call('https://example.com/" + "d" * 120 + "')\n"),
        Invalid("x = 'a long sentence with many words " + "word " * 25 + "'\n"),
        Invalid("value = compute(first_argument, second_argument)\n", settings={"line-length": 40}),
        Invalid("# " + "word " * 30 + "\n"),
        Invalid("def f():\n\tvalue = 'tab'" + " + 'more'" * 12 + "\n", settings={"line-length": 100}),
        # A long string in code: the guide breaks long strings (a pydantic field of ocsf-playground).
        Invalid("class EntityInput(BaseModel):\n    value: str = Field(description='" + "The raw value. " * 8 + "')\n"),
        # The same data without a comment saying where it came from.
        Invalid(
            "OCSF_EVENT_CLASSES = [\n"
            + ("    {'event_name': 'File System Activity', 'event_details': '" + "covers file events, " * 6 + "'},\n") * 10
            + "]\n",
            count=10,
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        # A file with no long line has nothing to report: its statements' lines (statement_starts) are not needed.
        self._has_long_line_anywhere = max(map(len, self.source.lines), default=0) > self.settings.line_length
        self._numbers = (
            {id(statement): number for number, statement in enumerate(node.body)}
            if self._has_long_line_anywhere
            else {}
        )

    def _visit_statement(self, node: cst.CSTNode) -> None:
        """The lines of one top-level statement (its leading comment lines included): they are judged on their
        own, so an edit elsewhere does not make the rule look at them again."""
        number = self._numbers.get(id(node))
        if number is not None and len(self.context.ancestors) == 1:
            starts = self.context.facts.statement_starts
            end = starts[number + 1]
            if not self._has_long_line(starts[number], end):
                return
            if self._is_documented_data(node):
                # Its own lines are exempt; the comment lines above it are not.
                end = self.context.range_of(node).start.line
            self._check_lines(starts[number], end)

    def _has_long_line(self, first: int, end: int) -> bool:
        """True when a line from `first` to `end` (0-based, end excluded) is over the limit: only then is there
        anything to report, or to exempt."""
        limit = self.settings.line_length
        return any(len(line) > limit for line in self.source.lines[first:end])

    def _is_documented_data(self, node: cst.CSTNode) -> bool:
        if not isinstance(node, cst.SimpleStatementLine):
            return False
        literal = assigned_data(node)
        if literal is None:
            return False
        lines = code_line_count(self.context, literal)
        return lines >= self.settings.data_literal_min_lines and documented_at_its_top(self.context, node, literal)

    visit_SimpleStatementLine = visit_FunctionDef = visit_ClassDef = visit_If = visit_For = _visit_statement
    visit_While = visit_With = visit_Try = visit_TryStar = visit_Match = _visit_statement

    def leave_Module(self, original_node: cst.Module) -> None:
        """The header and footer lines, which belong to no statement (comments only)."""
        if not self._has_long_line_anywhere:
            return
        starts = self.context.facts.statement_starts
        self._check_lines(0, starts[0])
        self._check_lines(starts[-1], len(self.source.lines))

    def _check_lines(self, first: int, end: int) -> None:
        """Report the long lines from `first` to `end` (0-based, end excluded); a line's string and comment
        spans come from tokenizing just these lines, a whole statement, from its start up to the line, only when
        a line needs them."""
        limit = self.settings.line_length
        lines = self.source.lines
        spans: Optional[_StringsAndComments] = None
        for index in range(first, min(end, len(lines))):
            line = lines[index]
            if len(line) <= limit:
                continue
            token = self._overflow_token(line, limit)
            if token is not None:
                if spans is None:
                    spans = _StringsAndComments("\n".join(lines[first:end]) + "\n")
                if spans.holds(index - first + 1, token[0], token[1]):
                    continue
            self.report(TextRange.of(index, limit, index, len(line)), length=len(line), limit=limit)

    @staticmethod
    def _overflow_token(line: str, limit: int) -> Optional[Tuple[int, int]]:
        """The columns of the last whitespace-free token, bare of brackets and punctuation, when the line
        fits without it; None when it does not."""
        stripped = line.rstrip()
        match = re.search(r"\S+$", stripped)
        if match is None or len(stripped[: match.start()].rstrip()) > limit:
            return None
        start, end = match.start(), match.end()
        while start < end and stripped[start] in OPENING_BRACKETS:
            start += 1
        while end > start and stripped[end - 1] in CLOSING_PUNCTUATION:
            end -= 1
        return (start, end) if start < end else None
