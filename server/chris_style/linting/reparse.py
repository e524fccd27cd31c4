"""Parsing an edited buffer again by re-parsing only the top-level statements the edit touched.

An editor sends a new version of a buffer on every keystroke, and most of the new text is the old text. The
top-level statements of a module parse independently of each other, so the statements an edit did not touch
can be taken over from the previous tree, node for node, and only the touched ones parsed: a few
milliseconds instead of a whole-module parse.

The result must be the tree a full parse of the new text gives, exactly. Where libcst's ownership of blank
and comment lines could depend on the statements around the re-parsed region (an indented comment after a
block belongs to the block; the module header only exists at the top), where the module-wide defaults
(indentation, line ending) might change, or where the region does not parse on its own (an unclosed bracket
reaches into the next statement), `reparse` returns None and the caller parses the whole buffer. Tests
compare the result with a full parse for many edits of real modules.
"""

import bisect
import logging
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence

import libcst as cst
from libcst._position import CodeRange

from chris_style.linting import guard, parsing, tree
from chris_style.linting.incremental import LintRecord
from chris_style.linting.layout import Layout, line_count
from chris_style.linting.positions import EarlierPositions
from chris_style.linting.source import split_lines
from chris_style.linting.walks import StatementWalks

logger = logging.getLogger(__name__)

# libcst's indentation for a module without indented blocks.
LIBCST_DEFAULT_INDENT = " " * 4


@dataclass
class ParsedBuffer:
    """A buffer's text and its libcst module, kept so that the next version can be parsed incrementally, with
    the node ranges a lint of it computed (see earlier_positions)."""

    text: str
    module: cst.Module
    _layout: Optional[Layout] = field(default=None, repr=False)
    positions: Mapping[cst.CSTNode, CodeRange] = field(default_factory=dict, repr=False)
    # What the lint of this text leaves for the next version's (see incremental.py).
    record: Optional[LintRecord] = field(default=None, repr=False)
    # The walks of its top-level statements that lints built, for the next version's (see walks.py).
    walks: StatementWalks = field(default_factory=StatementWalks, repr=False)

    @property
    def layout(self) -> Layout:
        if self._layout is None:
            self._layout = Layout.of(self.module)
        return self._layout


def _common_prefix(old: Sequence[str], new: Sequence[str]) -> int:
    limit = min(len(old), len(new))
    index = 0
    while index < limit and old[index] == new[index]:
        index += 1
    return index


def _common_suffix(old: Sequence[str], new: Sequence[str], prefix: int) -> int:
    limit = min(len(old), len(new)) - prefix
    count = 0
    while count < limit and old[-1 - count] == new[-1 - count]:
        count += 1
    return count


def _statement_at(starts: Sequence[int], line: int) -> int:
    """The index of the statement holding `line` (-1 for the header, len(statements) for the footer)."""
    return bisect.bisect_right(starts, line) - 1


def _indented(lines: Sequence[cst.EmptyLine]) -> bool:
    """True when any of these blank or comment lines starts with whitespace: libcst may give such a line to
    the block before it rather than to the statement after it, depending on that block's indentation."""
    return any(line.whitespace.value for line in lines)


def _first_block_indent(statements: Sequence[cst.CSTNode], default: str) -> Optional[str]:
    """The indentation of the first indented block among the statements (`default` standing for libcst's
    None), or None when there is none."""
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            continue
        for node in tree.walk(statement):
            if isinstance(node, cst.IndentedBlock):
                return default if node.indent is None else node.indent
    return None


def reparse(previous: ParsedBuffer, text: str) -> Optional[ParsedBuffer]:
    """The module of `text`, an edited version of `previous.text`, re-parsing only the top-level statements
    the edit touched; None when that cannot be done with certainty (the caller then parses the whole text,
    which also reports any syntax error)."""
    module = previous.module
    if text == previous.text:
        return previous
    if not module.body:
        return None
    old_lines = split_lines(previous.text)
    new_lines = split_lines(text)
    layout = previous.layout
    starts = layout.starts()
    if starts[-1] + layout.footer != len(old_lines):
        logger.debug("layout of %d lines does not match a %d-line buffer", starts[-1] + layout.footer, len(old_lines))
        return None
    prefix = _common_prefix(old_lines, new_lines)
    suffix = _common_suffix(old_lines, new_lines, prefix)
    # The region is the statements holding the changed lines; for a pure insertion, the statements on both
    # sides of it, since new lines at a boundary may belong to either (a new last line of a function). Edits
    # in the header or the footer take the statement next to them along.
    count = len(module.body)
    changed_end = len(old_lines) - suffix
    if changed_end > prefix:
        first = min(_statement_at(starts, prefix), count - 1)
        last = max(_statement_at(starts, changed_end - 1), first, 0)
    else:
        first = min(_statement_at(starts, prefix - 1), count - 1) if prefix > 0 else -1
        last = max(_statement_at(starts, prefix), first, 0)
    # The first statement never has leading lines: what comes before it is the module header.
    at_top = first <= 0
    at_end = last >= count - 1
    first = max(first, 0)
    region_start = 0 if at_top else starts[first]
    region_end_old = len(old_lines) if at_end else starts[last + 1]
    region_end_new = region_end_old + len(new_lines) - len(old_lines)
    if region_end_new < region_start:
        return None
    region_text = "".join(new_lines[region_start:region_end_new])
    if guard.refusal(region_text) is not None:
        return None  # the whole text is looked at again, and refused there
    try:
        region = parsing.parse_module(region_text)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    return _splice(previous, text, len(new_lines), region, region_end_new - region_start, first, last, at_top, at_end)


def _splice(
    previous: ParsedBuffer,
    text: str,
    text_lines: int,
    region: cst.Module,
    region_lines: int,
    first: int,
    last: int,
    at_top: bool,
    at_end: bool,
) -> Optional[ParsedBuffer]:
    """The previous module with statements first..last replaced by the region's, if the result is certainly
    what a full parse gives."""
    module = previous.module
    layout = previous.layout
    statements = list(region.body)
    if not statements:
        return None
    header = list(region.header) if at_top else list(module.header)
    footer = list(region.footer) if at_end else list(module.footer)
    if not at_top and region.header:
        # Lines before the region's first statement are that statement's leading lines after a statement.
        if _indented(region.header):
            return None
        statements[0] = statements[0].with_changes(leading_lines=[*region.header, *statements[0].leading_lines])
    following = list(module.body[last + 1 :])
    if not at_end:
        if _indented(region.footer) or not region.has_trailing_newline:
            return None
        if region.footer:
            # Trailing lines of the region lead into the next statement (a block would claim indented ones).
            following[0] = following[0].with_changes(leading_lines=[*region.footer, *following[0].leading_lines])
        if _indented(following[0].leading_lines):
            return None
    if region.default_newline != module.default_newline and not at_top:
        return None
    body = [*module.body[:first], *statements, *following]
    default_indent = _module_indent(module, region, body, first, len(statements))
    if default_indent is None:
        return None
    spliced = module.with_changes(
        body=body,
        header=header,
        footer=footer,
        default_indent=default_indent,
        default_newline=region.default_newline if at_top else module.default_newline,
        has_trailing_newline=region.has_trailing_newline if at_end else module.has_trailing_newline,
        encoding=region.encoding if at_top else module.encoding,
    )
    # The region's lines are its statements', but for the module header (at the top) and the footer lines (the
    # module's at the end, else the next statement's leading lines); one statement spans all the rest, and
    # several are counted on the tree. The total is checked below.
    if len(statements) == 1:
        counts = [region_lines - (len(region.header) if at_top else 0) - len(region.footer)]
    else:
        counts = [line_count(statement) for statement in statements]
    following_counts = layout.statements[last + 1 :]
    if following and following[0] is not module.body[last + 1]:
        following_counts = [following_counts[0] + len(region.footer), *following_counts[1:]]
    new_layout = Layout(len(header), [*layout.statements[:first], *counts, *following_counts], len(footer))
    if new_layout.starts()[-1] + new_layout.footer != text_lines:
        return None
    logger.debug("re-parsed top-level statements %d-%d of %d", first + 1, last + 1, len(module.body))
    return ParsedBuffer(text, spliced, new_layout)


def _module_indent(
    module: cst.Module, region: cst.Module, body: Sequence[cst.CSTNode], first: int, region_count: int
) -> Optional[str]:
    """The default indentation a full parse of the new text would infer (that of the first indented block),
    provided every block keeps the meaning of its stored indentation; None when that is not certain."""
    before = _first_block_indent(body[:first], module.default_indent)
    in_region = _first_block_indent(body[first : first + region_count], region.default_indent)
    if in_region is not None and region.default_indent != module.default_indent:
        return None
    if before is not None:
        return before if before == module.default_indent else None
    if in_region is not None:
        return in_region if in_region == module.default_indent else None
    after = _first_block_indent(body[first + region_count :], module.default_indent)
    inferred = after if after is not None else LIBCST_DEFAULT_INDENT
    return inferred if inferred == module.default_indent else None


def earlier_positions(previous: ParsedBuffer, current: ParsedBuffer) -> EarlierPositions:
    """The ranges a lint of `previous` computed, for the top-level statements `current` took over from it."""
    previous_numbers = {id(statement): number for number, statement in enumerate(previous.module.body)}
    previous_starts = previous.layout.starts()
    current_starts = current.layout.starts()
    shifts: Dict[int, int] = {}
    for number, statement in enumerate(current.module.body):
        previous_number = previous_numbers.get(id(statement))
        if previous_number is not None:
            shifts[previous_number] = current_starts[number] - previous_starts[previous_number]
    return EarlierPositions(previous.positions, previous_starts, shifts)
