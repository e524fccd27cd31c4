"""Where the editor offers "Generate to_dict()/from_dict()": the dataclass under the cursor. The code it writes
comes from the engine's generator (linting/serialization.py), which CS802 and CS803 fix with as well.
"""

import logging
from typing import List, Optional

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.rule import RuleContext
from chris_style.linting.source import Position

logger = logging.getLogger(__name__)


def dataclass_at(context: RuleContext, position: Position) -> Optional[cst.ClassDef]:
    """The innermost dataclass whose text (decorators included) holds `position`: where the editor offers the
    refactoring. Only the top-level statement whose lines hold the position is looked at (a class's text never
    reaches past it), and only its positions are computed."""
    located = context.positions.top_level_ranges(position.line)
    if located is None:
        return None
    statement, ranges = located
    index = context.facts.classes
    found: Optional[cst.ClassDef] = None
    stack: List[cst.CSTNode] = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.ClassDef) and index.is_dataclass(node):
            start = ranges[node.decorators[0] if node.decorators else node].start
            end = ranges[node].end
            if Position(start.line - 1, start.column) <= position <= Position(end.line - 1, end.column):
                found = node
        if isinstance(node, (cst.ClassDef, cst.FunctionDef, cst.IndentedBlock, cst.If, cst.Else, cst.Try)):
            stack.extend(tree.children(node))
    return found
