"""Where the editor offers "Add sync wrapper": on the header of a coroutine function (`async def`), at module
level or a method of a module-level class. The wrapper is written by the engine (linting/async_wrappers.py).
"""

import logging
from typing import List, Optional, Tuple

import libcst as cst

from chris_style.linting.async_wrappers import WrapperPlan, plan_wrapper, wrapper_edits
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position
from chris_style.refactors.locate import header_at, range_in

logger = logging.getLogger(__name__)


def _planned(context: RuleContext, position: Position) -> Optional[Tuple[WrapperPlan, List[cst.CSTNode]]]:
    found = header_at(context, position, (cst.FunctionDef,))
    if found is None:
        return None
    function, ancestors = found
    assert isinstance(function, cst.FunctionDef)
    plan = plan_wrapper(context, function, ancestors)
    return (plan, ancestors) if plan is not None else None


def offer(context: RuleContext, position: Position) -> Optional[str]:
    planned = _planned(context, position)
    return f"Add sync wrapper `{planned[0].name}()`" if planned is not None else None


def edits(context: RuleContext, position: Position) -> List[Edit]:
    """The wrapper below the coroutine under the cursor, at its indentation."""
    planned = _planned(context, position)
    if planned is None:
        return []
    plan, ancestors = planned
    function_range = range_in(context, plan.function, ancestors)
    if function_range is None:
        return []
    first_line = context.source.line_text(function_range.start.line)
    indent = first_line[: len(first_line) - len(first_line.lstrip())]
    return wrapper_edits(context, plan, function_range, indent)
