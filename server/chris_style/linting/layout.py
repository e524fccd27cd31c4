"""Where a module's parts are, in lines: the header, each top-level statement (its leading comment lines
included) and the footer; counted on the tree, without generating code. The re-parse of an edited buffer
and the rules that work line by line (CS605) use it."""

import logging
from dataclasses import dataclass
from typing import List

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.source import LINE_BREAK

logger = logging.getLogger(__name__)

# Leaf nodes whose text may span lines: string pieces and whitespace (a backslash continuation).
_MULTILINE_LEAVES = (cst.SimpleString, cst.FormattedStringText, cst.SimpleWhitespace)
# The node classes whose own text can hold a line break: a Newline and those above.
LINE_BREAK_TYPES = frozenset((cst.Newline, *_MULTILINE_LEAVES))


def own_line_breaks(node: cst.CSTNode) -> int:
    """The line breaks in the node's own text, its children's left out: one for a Newline node, those inside
    a string piece or a backslash continuation."""
    if type(node) is cst.Newline:
        return 1
    if isinstance(node, _MULTILINE_LEAVES):
        value = node.value
        if "\n" in value or "\r" in value:
            return len(LINE_BREAK.findall(value))
    return 0


def line_count(node: cst.CSTNode) -> int:
    """How many lines the node's code spans, counted on the tree (one per Newline node, plus the breaks inside
    strings and backslash continuations), without generating its code."""
    return sum(own_line_breaks(part) for part in tree.walk(node))


@dataclass
class Layout:
    """Where the module's parts are, in lines: the header, each top-level statement (its leading lines
    included), the footer."""

    header: int
    statements: List[int]
    footer: int

    @classmethod
    def of(cls, module: cst.Module) -> "Layout":
        return cls(len(module.header), [line_count(statement) for statement in module.body], len(module.footer))

    def starts(self) -> List[int]:
        """The first line of each statement, then the first line of the footer."""
        starts = [self.header]
        for lines in self.statements:
            starts.append(starts[-1] + lines)
        return starts
