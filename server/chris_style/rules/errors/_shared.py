"""Helpers of two or more section 4 rules: the generic exception names (CS401, CS407) and the module's
logger a fix may call (CS404, CS405): the one the module defines, or one the fix adds."""

import logging
from typing import List, Optional, Sequence, Tuple

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.edits import add_module_logger, constant_insertion_point, module_logger_name
from chris_style.linting.exceptions import GENERIC_EXCEPTIONS  # noqa: F401 (the section's rules read it here)
from chris_style.linting.facts.names import NameResolver
from chris_style.linting.rule import Edit, Rule
from chris_style.linting.syntax import dotted_name

logger = logging.getLogger(__name__)

LOGGING_MODULE = "logging"


def _module_logger_statement(module: cst.Module, resolver: NameResolver) -> Optional[Tuple[str, cst.CSTNode]]:
    """The module-level `name = logging.getLogger(...)` statement (also via `from logging import getLogger`)."""
    known = module_logger_name(module)
    for statement in module.body:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            continue
        small = statement.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target: cst.BaseExpression = small.targets[0].target
        elif isinstance(small, cst.AnnAssign):
            target = small.target
        else:
            continue
        if not isinstance(target, cst.Name) or not isinstance(small.value, cst.Call):
            continue
        if target.value == known or resolver.resolve(small.value.func) == "logging.getLogger":
            return target.value, statement
    return None


def module_logger_edits(rule: Rule, resolver: NameResolver, call: cst.Call) -> Optional[Tuple[str, Sequence[Edit]]]:
    """The logger name a fix at `call` may use, with the edits that define it when the module has none.

    None when the fix would break the code: the call runs at import time above the place where the logger is
    (or would be) defined, or the enclosing function binds the logger's name to something else."""
    context = rule.context
    existing = _module_logger_statement(context.module, resolver)
    if existing is not None:
        name, statement = existing
        defined_at = context.range_of(statement).start
        edits: Sequence[Edit] = []
    else:
        name = "logger"
        if name in resolver.module_bindings():
            return None
        defined_at = constant_insertion_point(context)
        logging_import = _logging_import_statement(context.module)
        if logging_import is not None and context.range_of(logging_import).start >= defined_at:
            # The logger line would land above `import logging`.
            return None
        edits = add_module_logger(context)
    if not context.in_function() and context.range_of(call).start < defined_at:
        return None
    if resolver.bound_locally(name) or _rebinds(context.module, name, existing[1] if existing else None):
        return None
    return name, edits


def _binding_names(node: cst.CSTNode) -> List[str]:
    """Names a node binds in any scope: assignment, walrus, loop and comprehension targets, parameters."""
    targets: List[cst.CSTNode] = []
    if isinstance(node, cst.AssignTarget):
        targets.append(node.target)
    elif isinstance(node, (cst.AnnAssign, cst.AugAssign, cst.NamedExpr, cst.For, cst.CompFor)):
        targets.append(node.target)
    elif isinstance(node, cst.Param):
        targets.append(node.name)
    elif isinstance(node, (cst.AsName,)):
        targets.append(node.name)
    names = []
    while targets:
        target = targets.pop()
        if isinstance(target, cst.Name):
            names.append(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            targets.extend(element.value for element in target.elements)
        elif isinstance(target, cst.StarredElement):
            targets.append(target.value)
    return names


def _rebinds(module: cst.Module, name: str, definition: Optional[cst.CSTNode]) -> bool:
    """True when `name` is bound anywhere but its module-level logger definition (a comprehension or walrus
    variable, a class attribute, a parameter): rewriting a call there to `name.info(...)` could reach it."""
    stack: List[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if node is definition:
            continue
        if name in _binding_names(node):
            return True
        stack.extend(tree.children(node))
    return False


def _logging_import_statement(module: cst.Module) -> Optional[cst.CSTNode]:
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import) and any(
                    alias.asname is None and dotted_name(alias.name) == LOGGING_MODULE for alias in small.names
                ):
                    return statement
    return None
