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
    refactoring."""
    index = context.facts.classes
    found: Optional[cst.ClassDef] = None
    stack: List[cst.CSTNode] = [context.module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.ClassDef) and index.is_dataclass(node):
            start = context.range_of(node.decorators[0] if node.decorators else node).start
            if start <= position <= context.range_of(node).end:
                found = node
        if isinstance(node, (cst.Module, cst.ClassDef, cst.FunctionDef, cst.IndentedBlock, cst.If, cst.Else, cst.Try)):
            stack.extend(tree.children(node))
    return found
