"""What the section's rules share about the code they read: the name a call calls (CS1201, CS1203), and
whether a node sits in a function's body (CS1202, CS1203)."""

import logging
from typing import Sequence

import libcst as cst

logger = logging.getLogger(__name__)


def _call_name(call: cst.Call) -> str:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return ""


def _in_function_body(ancestors: Sequence[cst.CSTNode]) -> bool:
    """True when the node sits in the body of a function (not in its decorators, defaults or annotations)."""
    for index, ancestor in enumerate(ancestors[:-1]):
        if isinstance(ancestor, cst.FunctionDef) and ancestors[index + 1] is ancestor.body:
            return True
    return False
