"""Where the editor offers "Extract exception class": the `raise` under the cursor, when it raises `Exception` /
`BaseException` (as CS401 reports) or a class-like name that nothing defines. The class and the rewritten raise
come from the engine (linting/exceptions.py), which CS401's fix uses too.
"""

import logging
from typing import List, Optional, Tuple

import libcst as cst

from chris_style.linting.exceptions import (
    GENERIC_EXCEPTIONS,
    ExceptionClass,
    generic_raise_class,
    is_undefined_exception,
    raised_name,
    undefined_raise_class,
)
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position
from chris_style.refactors.locate import node_at

logger = logging.getLogger(__name__)


def raise_at(context: RuleContext, position: Position) -> Optional[Tuple[cst.Raise, List[cst.CSTNode]]]:
    """The raise statement under the cursor and its ancestors (the module first)."""
    found = node_at(context, position, (cst.Raise,))
    if found is None:
        return None
    node, ancestors = found
    assert isinstance(node, cst.Raise)
    return node, ancestors


def exception_class_at(context: RuleContext, position: Position) -> Optional[ExceptionClass]:
    """The class to write for the raise under the cursor (None when there is none to write)."""
    found = raise_at(context, position)
    if found is None:
        return None
    node, ancestors = found
    raised = raised_name(node)
    if raised is None:
        return None
    if raised.value in GENERIC_EXCEPTIONS:
        # The builtin, not a name the module binds (as CS401 decides).
        if raised.value in context.facts.names.module_bindings():
            return None
        return generic_raise_class(context, node, ancestors)
    if is_undefined_exception(context, node, ancestors):
        return undefined_raise_class(context, node, ancestors)
    return None


def offer(context: RuleContext, position: Position) -> Optional[str]:
    found = exception_class_at(context, position)
    if found is None:
        return None
    if len(found.edits) == 1:
        return found.title
    return f"Extract exception class `{found.name}`"


def edits(context: RuleContext, position: Position) -> List[Edit]:
    found = exception_class_at(context, position)
    return list(found.edits) if found is not None else []
