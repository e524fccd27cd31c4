"""A notebook's Python cells as one module, and the way back: what is linted and where its findings go.

The code cells are joined in order (each ending with a line break), as Ruff's server does, so a name imported in
one cell is known in the next. IPython's syntax is not Python: a line magic (`%matplotlib inline`), a shell escape
(`!ls data`, `files = !ls`) or a help query (`len?`) in a cell that does not parse becomes a placeholder of
the same length (`...#…`, so a block holding one still parses), and a cell magic (`%%bash`) makes its whole cell
comments. Those lines
keep their places, so a line of the module is a line of one cell with the same columns: positions map by a line
offset alone. Nothing found on a placeholder is shown, and no edit touching one is made.
"""

import ast
import bisect
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, FrozenSet, List, Optional, Sequence, Tuple

from chris_style.linting.source import Position, TextRange

if TYPE_CHECKING:
    from chris_style.linting.findings import Edit

logger = logging.getLogger(__name__)

# `%magic`, `!command`, `?name` at the start of a line; `name?` / `name??` (help); `x = !command` / `x = %magic`.
LINE_MAGIC = re.compile(r"^(\s*)([%!?].*)$")
HELP_QUERY = re.compile(r"^(\s*)([\w.]+\?\??)\s*$")
ASSIGNED_MAGIC = re.compile(r"^(\s*[\w.]+\s*=\s*)([%!].*)$")
CELL_MAGIC_PREFIX = "%%"


@dataclass
class Cell:
    """One code cell: its document's URI and version, its text, and its first line in the joined module."""

    uri: str
    version: Optional[int]
    text: str
    first_line: int = 0
    line_count: int = 0
    # A cell magic (`%%bash`) makes the whole cell another language: never edited.
    is_magic: bool = False

    @property
    def ends_with_newline(self) -> bool:
        return self.text.endswith(("\n", "\r"))


def _placeholder(text: str) -> str:
    """A statement of `text`'s length that parses where `text` stood (`...#` then the rest; `0` when shorter)."""
    if len(text) >= 4:
        return "...#" + text[4:]
    return "..." if len(text) == 3 else "0" + "#" * (len(text) - 1)


def _masked(line: str) -> Optional[str]:
    """The line with its IPython syntax replaced, or None when it is plain Python."""
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    for pattern in (LINE_MAGIC, HELP_QUERY, ASSIGNED_MAGIC):
        found = pattern.match(body)
        if found is not None:
            return found.group(1) + _placeholder(found.group(2)) + ending
    return None


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _commented(line: str) -> str:
    body = line.rstrip("\r\n")
    return ("#" + body[1:] if body else body) + line[len(body) :]


@dataclass
class NotebookModule:
    """The joined text of a notebook's code cells, with the cells' places in it."""

    text: str
    cells: List[Cell]
    # Lines (of the joined text) that hold a placeholder for IPython syntax.
    masked: FrozenSet[int] = field(default_factory=frozenset)

    @classmethod
    def join(cls, cells: Sequence[Cell]) -> "NotebookModule":
        """The cells' texts one after the other, each ending with a line break, IPython syntax masked."""
        pieces: List[str] = []
        masked: List[int] = []
        placed: List[Cell] = []
        line = 0
        for cell in cells:
            lines = cell.text.splitlines(keepends=True)
            if lines and not lines[-1].endswith(("\n", "\r")):
                lines[-1] += "\n"
            is_cell_magic = bool(lines) and lines[0].lstrip().startswith(CELL_MAGIC_PREFIX)
            # Only a cell that is not Python as it stands is masked: a `%` line inside a string stays as it is.
            is_python = not is_cell_magic and _parses("".join(lines))
            for number, text in enumerate(lines):
                replaced = None if is_python else (_commented(text) if is_cell_magic else _masked(text))
                if replaced is not None:
                    masked.append(line + number)
                pieces.append(text if replaced is None else replaced)
            placed.append(Cell(cell.uri, cell.version, cell.text, line, len(lines), is_cell_magic))
            line += len(lines)
        return cls("".join(pieces), placed, frozenset(masked))

    def cell_at(self, line: int) -> Optional[Cell]:
        """The cell holding a line of the joined text (the last cell for the line after the text)."""
        starts = [cell.first_line for cell in self.cells if cell.line_count]
        holders = [cell for cell in self.cells if cell.line_count]
        index = bisect.bisect_right(starts, line) - 1
        if index < 0:
            return None
        cell = holders[index]
        return cell if line < cell.first_line + cell.line_count or index == len(holders) - 1 else None

    def cell(self, uri: str) -> Optional[Cell]:
        return next((cell for cell in self.cells if cell.uri == uri), None)

    def to_cell(self, text_range: TextRange) -> Optional[Tuple[Cell, TextRange]]:
        """A range of the joined text as a range of one cell; None when it starts on a placeholder or outside
        every cell. A range running into the next cells ends at the end of its first cell."""
        cell = self.cell_at(text_range.start.line)
        if cell is None or text_range.start.line in self.masked:
            return None
        start = Position(text_range.start.line - cell.first_line, text_range.start.column)
        end_line = text_range.end.line - cell.first_line
        end = Position(end_line, text_range.end.column) if end_line < cell.line_count else self._cell_end(cell)
        return cell, TextRange(start, end)

    def _cell_end(self, cell: Cell) -> Position:
        if cell.ends_with_newline or not cell.line_count:
            return Position(cell.line_count, 0)
        last = cell.text.splitlines()[-1] if cell.text else ""
        return Position(cell.line_count - 1, len(last))

    def _code_cell_before(self, cell: Cell) -> Optional[Cell]:
        index = next(i for i, candidate in enumerate(self.cells) if candidate is cell)
        return next((other for other in reversed(self.cells[:index]) if other.line_count and not other.is_magic), None)

    @staticmethod
    def _ending_for(cell: Cell, content: str) -> str:
        """Text inserted at the end of a cell: a cell without a final line break gets one first, not last."""
        if cell.ends_with_newline or not content.endswith("\n"):
            return content
        return "\n" + content[:-1]

    def from_cell(self, uri: str, position: Position) -> Optional[Position]:
        cell = self.cell(uri)
        return None if cell is None else Position(cell.first_line + position.line, position.column)

    def edit_to_cell(self, edit: "Edit") -> Optional[Tuple[Cell, "Edit"]]:
        """An edit of the joined text as an edit of one cell; None when it touches a placeholder or spans cells
        (the fix is then not offered in a notebook)."""
        from chris_style.linting.rule import Edit  # the engine (and libcst) load after `initialize`

        lines = range(edit.range.start.line, edit.range.end.line + 1)
        if any(line in self.masked for line in lines if line < edit.range.end.line or edit.range.end.column):
            return None
        start_cell = self.cell_at(edit.range.start.line)
        inserts_lines = edit.range.start == edit.range.end and edit.range.start.column == 0
        if start_cell is not None and start_cell.is_magic and inserts_lines:
            # Lines inserted above a cell of another language go to the end of the code before it.
            start_cell = self._code_cell_before(start_cell)
            if start_cell is None:
                return None
            end = self._cell_end(start_cell)
            return start_cell, Edit(TextRange(end, end), self._ending_for(start_cell, edit.content))
        if start_cell is None or start_cell.is_magic:
            return None
        end_line = edit.range.end.line - start_cell.first_line
        content = edit.content
        if end_line < start_cell.line_count:
            end = Position(end_line, edit.range.end.column)
        elif end_line == start_cell.line_count and edit.range.end.column == 0:
            # Up to the start of the next cell: to the end of this one.
            end = self._cell_end(start_cell)
            if not start_cell.ends_with_newline and content.endswith("\n"):
                content = content[:-1]  # the line break the joined text added, which the cell does not have
        else:
            return None
        start_line = edit.range.start.line - start_cell.first_line
        if start_line == start_cell.line_count:
            start = end  # an insertion after the last cell
            content = self._ending_for(start_cell, edit.content)
        else:
            start = Position(start_line, edit.range.start.column)
        return start_cell, Edit(TextRange(start, end), content)
