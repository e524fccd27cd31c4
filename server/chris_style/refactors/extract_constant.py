"""The editor's "Extract constant" on a selected literal: finds the literal under the selection and extracts it
as CS1202's fix does (linting/constants.py).
"""

import logging
from typing import List, Optional, Tuple

import libcst as cst

from chris_style.linting.constants import Ancestors, ExtractedConstant, extract_constant, is_extractable_literal
from chris_style.linting.rule import RuleContext
from chris_style.linting.source import TextRange

logger = logging.getLogger(__name__)


class _LiteralFinder(cst.CSTVisitor):
    """Finds the innermost extractable literal whose range covers a selection, with its ancestors."""

    def __init__(self, context: RuleContext, selection: TextRange) -> None:
        super().__init__()
        self.context = context
        self.selection = selection
        self.stack: List[cst.CSTNode] = []
        self.found: Optional[Tuple[cst.BaseExpression, Ancestors]] = None

    def on_visit(self, node: cst.CSTNode) -> bool:
        """Descend only into nodes that cover the selection; remember each literal met on the way, so the
        innermost one wins (a whole implicitly concatenated string, a whole signed number)."""
        if not isinstance(node, cst.Module):
            try:
                node_range = self.context.range_of(node)
            except KeyError:  # a node without a position of its own (whitespace)
                return False
            if not (node_range.start <= self.selection.start and self.selection.end <= node_range.end):
                return False
            if is_extractable_literal(node):
                self.found = (node, tuple(self.stack))  # type: ignore[assignment]
                if isinstance(node, (cst.ConcatenatedString, cst.UnaryOperation)):
                    return False  # the whole string, the signed number
        self.stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self.stack and self.stack[-1] is original_node:
            self.stack.pop()


def find_literal(context: RuleContext, selection: TextRange) -> Optional[Tuple[cst.BaseExpression, Ancestors]]:
    """The literal under a selection (or a cursor: an empty selection), with its ancestors (outermost first).
    A piece of an implicitly concatenated string selects the whole string."""
    finder = _LiteralFinder(context, selection)
    context.module.visit(finder)
    return finder.found


def extract_constant_at(
    context: RuleContext, selection: TextRange, name: Optional[str] = None
) -> Optional[ExtractedConstant]:
    """The editor's "Extract constant" on a selection: None when no extractable literal is selected."""
    found = find_literal(context, selection)
    if found is None:
        return None
    literal, ancestors = found
    return extract_constant(context, literal, ancestors, name)
