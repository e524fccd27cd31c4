"""A buffer being linted: its text, its libcst tree, a line index, and what its path says about it."""

import ast
import bisect
import fnmatch
import logging
import re
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, List, Optional, Tuple

if TYPE_CHECKING:
    import libcst as cst

logger = logging.getLogger(__name__)

# File names the rule catalog counts as test files, besides anything under a `tests`/`test` directory.
TEST_FILE_PATTERNS = ("test_*.py", "*_test.py", "conftest.py")
TEST_DIRECTORY_NAMES = frozenset({"tests", "test"})
# Python's line breaks: CRLF, LF or a lone CR (libcst accepts all three).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# One line with its line break (CRLF, LF or a lone CR, as Python and libcst count them), or a last line without.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


# DEVIATION(CS902): positions are frozen
# Reason: they are compared, sorted and used as dictionary keys; a hash must not change.
@dataclass(frozen=True, order=True)
class Position:
    """A place in a buffer: 0-based line, 0-based column counted in code points."""

    line: int
    column: int


# DEVIATION(CS902): ranges are frozen
# Reason: they are used as dictionary keys and shared by violations, fixes and edits.
@dataclass(frozen=True)
class TextRange:
    start: Position
    end: Position

    @classmethod
    def of(cls, start_line: int, start_column: int, end_line: int, end_column: int) -> "TextRange":
        return cls(Position(start_line, start_column), Position(end_line, end_column))

    def contains_line(self, line: int) -> bool:
        return self.start.line <= line <= self.end.line

    def overlaps(self, other: "TextRange") -> bool:
        """True when the ranges share text, or are both empty insertions at the same point."""
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end


def split_lines(text: str) -> List[str]:
    """The text's lines, each with its line break (the last may have none)."""
    if "\r" in text:
        return LINE.findall(text)
    # Only `\n` breaks (the common case): str.split does the same several times faster than the expression.
    lines = [line + "\n" for line in text.split("\n")]
    last = lines.pop()[:-1]
    if last:
        lines.append(last)
    return lines


def is_test_path(path: Optional[PurePath]) -> bool:
    if path is None:
        return False
    if any(fnmatch.fnmatchcase(path.name, pattern) for pattern in TEST_FILE_PATTERNS):
        return True
    return path.suffix == ".py" and any(part in TEST_DIRECTORY_NAMES for part in path.parts[:-1])


class SourceFile:
    """One buffer's text with a lazily built line index; `parse()` gives its libcst module."""

    def __init__(self, text: str, path: Optional[PurePath] = None) -> None:
        self.text = text
        self.path = path

    @cached_property
    def newline(self) -> str:
        """The buffer's dominant line ending, used for any line a fix inserts."""
        first_break = self.text.find("\n")
        if first_break > 0 and self.text[first_break - 1] == "\r":
            return "\r\n"
        return "\n"

    @cached_property
    def lines(self) -> List[str]:
        """The buffer's lines without their line endings (a trailing empty line if the text ends in one)."""
        return self.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    @cached_property
    def _line_starts(self) -> List[int]:
        return [0] + [match.end() for match in LINE_BREAK.finditer(self.text)]

    @cached_property
    def is_test_file(self) -> bool:
        return is_test_path(self.path)

    @cached_property
    def module_parts(self) -> Tuple[str, ...]:
        """The path's components without the `.py` suffix (empty for an untitled buffer)."""
        if self.path is None:
            return ()
        return tuple(self.path.parts[:-1]) + (self.path.stem,)

    def offset(self, position: Position) -> int:
        """The string index of a position; positions past a line's end clamp to that end."""
        starts = self._line_starts
        if position.line >= len(starts):
            return len(self.text)
        line_start = starts[position.line]
        line_end = starts[position.line + 1] if position.line + 1 < len(starts) else len(self.text)
        return min(line_start + position.column, line_end)

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(line, offset - self._line_starts[line])

    def slice(self, text_range: TextRange) -> str:
        return self.text[self.offset(text_range.start) : self.offset(text_range.end)]

    def line_text(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def parse(self) -> "cst.Module":
        """Parse with libcst's native parser (parsing.py); raises libcst.ParserSyntaxError. (The parser is
        imported here, not at the top: the language server answers `initialize` before it loads the parser and
        the rules.)"""
        from chris_style.linting import parsing

        return parsing.parse_module(self.text)


def first_line(statement: ast.stmt) -> int:
    """The first line of a statement of Python's tree, its decorators included (1-based)."""
    decorators = getattr(statement, "decorator_list", ())
    return min([statement.lineno, *(decorator.lineno for decorator in decorators)])


def python_tree(text: str) -> Optional[ast.Module]:
    """Python's own tree of the text (its warnings silenced); None when Python cannot parse it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
