"""Name resolution for one buffer: which imported thing a name stands for, seen from the node being visited.

Shared by every rule that asks "is this call `time.sleep`?" (logging, blocking calls, CLI builders, the class
index): the module's bindings are collected once per lint, each function's scope once.
"""

import logging
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple, Union

import libcst as cst

from chris_style.linting.syntax import dotted_name, function_statements, parameter_names, scope_statements, target_names

logger = logging.getLogger(__name__)


class _Unbound:
    """The resolver's answer for a name that nothing in the buffer binds (a builtin, or a missing import)."""


UNBOUND = _Unbound()
Binding = Union[str, None, _Unbound]


def import_bindings(node: Union[cst.Import, cst.ImportFrom]) -> Iterator[Tuple[str, str]]:
    """(local name, dotted origin) for each name an import statement binds; relative origins keep their dots."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            origin = dotted_name(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                yield alias.asname.name.value, origin
            else:
                head = origin.split(".")[0]
                yield head, head
        return
    if isinstance(node.names, cst.ImportStar):
        return
    module = dotted_name(node.module) if node.module is not None else None
    prefix = "." * len(node.relative) + (f"{module}." if module else "")
    for alias in node.names:
        imported = dotted_name(alias.name) or ""
        local = imported
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            local = alias.asname.name.value
        yield local, f"{prefix}{imported}"


def collect_bindings(statements: Iterable[cst.BaseStatement]) -> Dict[str, Optional[str]]:
    """Names bound in one scope by its statements: imports map to their origin, anything else to None.

    Only statements are walked (never expressions, so a large module stays cheap): assignments, `for`/`with`/
    `except` targets, imports, defs and classes (whose bodies are scopes of their own). An import wins over
    other bindings of the same name (`try: import x` / `except ImportError: x = None`)."""
    imports: Dict[str, str] = {}
    others: Set[str] = set()
    declared_global: Set[str] = set()
    for statement in scope_statements(statements):
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            others.add(statement.name.value)
            continue
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    for local, origin in import_bindings(small):
                        imports.setdefault(local, origin)
                elif isinstance(small, cst.Global):
                    declared_global.update(item.name.value for item in small.names)
                elif isinstance(small, cst.Assign):
                    for target in small.targets:
                        others.update(target_names(target.target))
                elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                    others.update(target_names(small.target))
            continue
        if isinstance(statement, cst.For):
            others.update(target_names(statement.target))
        elif isinstance(statement, cst.With):
            for item in statement.items:
                if item.asname is not None:
                    others.update(target_names(item.asname.name))
        elif isinstance(statement, (cst.Try, cst.TryStar)):
            for handler in statement.handlers:
                if handler.name is not None:
                    others.update(target_names(handler.name.name))
    bindings: Dict[str, Optional[str]] = {name: None for name in others}
    bindings.update(imports)
    for name in declared_global:
        bindings.pop(name, None)
    return bindings


class NameResolver:
    """Which imported thing a name stands for, seen from the node a rule is visiting.

    `resolve(time.sleep)` gives `time.sleep` after `import time`, `from time import sleep` + `sleep`, or
    `import time as t` + `t.sleep`. A name bound by anything but an import (a parameter, an assignment, a
    def) resolves to None; a name nothing binds resolves to itself (builtins, snippets without imports).
    Scopes are the enclosing functions (parameters and own body) and the module; each is scanned once.
    """

    def __init__(self, module: cst.Module, ancestors: List[cst.CSTNode]) -> None:
        # `ancestors` is the traversal's own list (outermost first), kept current as it walks.
        self._tree = module
        self._ancestors = ancestors
        self._module: Optional[Dict[str, Optional[str]]] = None
        self._scopes: Dict[int, Dict[str, Optional[str]]] = {}

    def module_bindings(self) -> Dict[str, Optional[str]]:
        if self._module is None:
            self._module = collect_bindings(self._tree.body)
        return self._module

    def _scope(self, function: Union[cst.FunctionDef, cst.Lambda]) -> Dict[str, Optional[str]]:
        key = id(function)
        if key not in self._scopes:
            body: Iterable[cst.BaseStatement] = ()
            if isinstance(function, cst.FunctionDef):
                body = function_statements(function)
            scope = collect_bindings(body)
            for name in parameter_names(function.params):
                scope.setdefault(name, None)
            self._scopes[key] = scope
        return self._scopes[key]

    def lookup(self, name: str) -> Binding:
        """The origin of `name` in the innermost scope binding it: a dotted origin, None, or UNBOUND."""
        for ancestor in reversed(self._ancestors):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
                scope = self._scope(ancestor)
                if name in scope:
                    return scope[name]
        return self.module_bindings().get(name, UNBOUND)

    def bound_locally(self, name: str) -> bool:
        """True when an enclosing function (parameters or own body) binds `name`."""
        return any(
            isinstance(ancestor, (cst.FunctionDef, cst.Lambda)) and name in self._scope(ancestor)
            for ancestor in self._ancestors
        )

    def resolve(self, expression: cst.BaseExpression) -> Optional[str]:
        """The dotted name `expression` stands for through the imports in scope (`t.sleep` -> `time.sleep`),
        itself when its head is unbound, None when it is not a dotted name or its head is a local value."""
        dotted = dotted_name(expression)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        origin = self.lookup(head)
        if isinstance(origin, _Unbound):
            return dotted
        if origin is None:
            return None
        return f"{origin}{dot}{rest}"

    def imported_last_name(self, func: cst.BaseExpression) -> Optional[str]:
        """A cheap first filter on a called expression: the last part of its name, seen through a module-level
        import alias (`from time import sleep as nap` + `nap` -> `sleep`)."""
        if isinstance(func, cst.Attribute):
            return func.attr.value
        if not isinstance(func, cst.Name):
            return None
        origin = self.module_bindings().get(func.value)
        return origin.rsplit(".", 1)[-1] if origin else func.value
