"""Finding what the editor's cursor is on: the innermost node of some kinds whose text holds a position, with its
ancestors. Only the top-level statement whose lines hold the position is walked, and only the positions of the
nodes on the way down (and their siblings) are computed."""

import bisect
import logging
from typing import List, Optional, Sequence, Tuple, Type

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.rule import RuleContext
from chris_style.linting.source import Position, TextRange

logger = logging.getLogger(__name__)

Located = Tuple[cst.CSTNode, List[cst.CSTNode]]


def statement_at(context: RuleContext, line: int) -> Optional[cst.BaseStatement]:
    """The top-level statement whose lines (its leading comments included) hold `line` (0-based)."""
    starts = context.facts.statement_starts
    index = bisect.bisect_right(starts, line) - 1
    body = context.module.body
    return body[index] if 0 <= index < len(body) else None


def range_in(context: RuleContext, node: cst.CSTNode, ancestors: Sequence[cst.CSTNode]) -> Optional[TextRange]:
    """The node's range (0-based lines), found from its ancestors (the module first); None for a node without a
    position of its own (whitespace)."""
    try:
        code_range = context.positions.range(node, list(ancestors))
    except KeyError:
        return None
    return TextRange(
        Position(code_range.start.line - 1, code_range.start.column),
        Position(code_range.end.line - 1, code_range.end.column),
    )


def node_at(context: RuleContext, position: Position, kinds: Tuple[Type[cst.CSTNode], ...]) -> Optional[Located]:
    """The innermost node of `kinds` whose range holds `position`, and its ancestors (the module first). A
    definition's range starts at its first decorator."""
    statement = statement_at(context, position.line)
    if statement is None:
        return None
    found: Optional[Located] = None
    path: List[cst.CSTNode] = [context.module]
    candidates: List[cst.CSTNode] = [statement]
    while candidates:
        holder = next((node for node in candidates if _holds(context, node, path, position)), None)
        if holder is None:
            break
        if isinstance(holder, kinds):
            found = (holder, list(path))
        path.append(holder)
        candidates = tree.children(holder)
    return found


def _holds(context: RuleContext, node: cst.CSTNode, ancestors: Sequence[cst.CSTNode], position: Position) -> bool:
    node_range = range_in(context, node, ancestors)
    if node_range is None:
        return False
    start = node_range.start
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.decorators:
        decorator_range = range_in(context, node.decorators[0], [*ancestors, node])
        if decorator_range is not None:
            start = min(start, decorator_range.start)
    return start <= position <= node_range.end


def header_at(
    context: RuleContext, position: Position, kinds: Tuple[Type[cst.CSTNode], ...]
) -> Optional[Located]:
    """The innermost definition of `kinds` (functions, classes) whose header holds `position`: its decorators,
    the `def`/`class` line up to its body. Refactorings of a whole definition are offered there, not all over
    its body."""
    found = node_at(context, position, kinds)
    if found is None:
        return None
    node, ancestors = found
    assert isinstance(node, (cst.FunctionDef, cst.ClassDef))
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    first = body[0] if body else node.body
    body_range = range_in(context, first, [*ancestors, node, node.body] if body else [*ancestors, node])
    return found if body_range is not None and position < body_range.start else None
