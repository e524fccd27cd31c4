"""The editor's "Extract constant" on a selected literal: finds the literal under the selection and extracts it
as CS1202's fix does (linting/constants.py).
"""

import logging
from typing import List, Optional, Tuple

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.constants import Ancestors, ExtractedConstant, extract_constant, is_extractable_literal
from chris_style.linting.rule import RuleContext
from chris_style.linting.source import Position, TextRange

logger = logging.getLogger(__name__)


def find_literal(context: RuleContext, selection: TextRange) -> Optional[Tuple[cst.BaseExpression, Ancestors]]:
    """The literal under a selection (or a cursor: an empty selection), with its ancestors (outermost first).
    A piece of an implicitly concatenated string selects the whole string.

    Only nodes that cover the selection are descended into, in libcst's order, and each literal met on the way
    is remembered, so the innermost one wins (a whole implicitly concatenated string, a whole signed number).
    A literal lies in one top-level statement: only the one whose lines hold the selection's start is looked
    at, and only its positions are computed."""
    located = context.positions.top_level_ranges(selection.start.line)
    if located is None:
        return None
    statement, ranges = located
    found: Optional[Tuple[cst.BaseExpression, Ancestors]] = None
    pending: List[Tuple[cst.CSTNode, Ancestors]] = [(statement, (context.module,))]
    while pending:
        node, ancestors = pending.pop()
        code_range = ranges.get(node)
        if code_range is None:  # a node without a position of its own (whitespace)
            continue
        start = Position(code_range.start.line - 1, code_range.start.column)
        end = Position(code_range.end.line - 1, code_range.end.column)
        if not (start <= selection.start and selection.end <= end):
            continue
        if is_extractable_literal(node):
            found = (node, ancestors)  # type: ignore[assignment]
            if isinstance(node, (cst.ConcatenatedString, cst.UnaryOperation)):
                continue  # the whole string, the signed number
        inner = (*ancestors, node)
        pending.extend((child, inner) for child in reversed(tree.children(node)))
    return found


def extract_constant_at(
    context: RuleContext, selection: TextRange, name: Optional[str] = None
) -> Optional[ExtractedConstant]:
    """The editor's "Extract constant" on a selection: None when no extractable literal is selected."""
    found = find_literal(context, selection)
    if found is None:
        return None
    literal, ancestors = found
    return extract_constant(context, literal, ancestors, name)
