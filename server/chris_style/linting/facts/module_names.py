"""The names a module binds outside function bodies and where each comes from: whether a builtin such as `list`
or `any` is shadowed, and which local name means `typing.X`. Shared by the typing, API and meta rules and by
the fixes that add a `typing` import.
"""

import logging
from typing import Dict, List, Optional, Sequence, Set

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.syntax import block_statements, import_name, target_names

logger = logging.getLogger(__name__)

TYPING_MODULE = "typing"
# Origins recorded by ModuleNames: `from typing import X` records "typing.X", `import typing` "module:typing".
_OTHER_ORIGIN = "other"
_TYPING_MODULE_ORIGIN = f"module:{TYPING_MODULE}"


def _asname(alias: cst.ImportAlias) -> Optional[str]:
    """The local name of `import x as name` / `from x import y as name`, else None."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


class ModuleNames:
    """The names a module binds outside function bodies, and where each comes from: enough to tell whether
    a builtin such as `list` or `any` is shadowed and which local name means `typing.X`. Module-level names
    and each class body's names are kept apart (a method called `set` shadows `set` only in its class).
    Built from the statements outside function bodies only, so it stays cheap."""

    def __init__(self, module: cst.Module) -> None:
        self._origins: Dict[str, Set[str]] = {}
        self._class_names: Dict[cst.ClassDef, Set[str]] = {}
        self._class: Optional[cst.ClassDef] = None
        # `from typing import X [as y]` written directly in the module body: local name -> X.
        self._top_typing_imports: Dict[str, str] = {}
        self._collect(module.body, top=True)

    def _bind(self, name: str, origin: str) -> None:
        if self._class is None:
            self._origins.setdefault(name, set()).add(origin)
        else:
            self._class_names.setdefault(self._class, set()).add(name)

    def _collect(self, statements: Sequence[cst.BaseStatement], top: bool) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._collect_small(small, top)
            elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                self._bind(statement.name.value, _OTHER_ORIGIN)
                if isinstance(statement, cst.ClassDef):
                    outer, self._class = self._class, statement
                    self._collect(block_statements(statement.body), top=False)
                    self._class = outer
            else:
                self._collect_compound(statement)

    def _collect_compound(self, statement: cst.BaseStatement) -> None:
        if isinstance(statement, cst.For):
            for name in target_names(statement.target):
                self._bind(name, _OTHER_ORIGIN)
        if isinstance(statement, cst.With):
            for item in statement.items:
                if item.asname is not None:
                    for name in target_names(item.asname.name):
                        self._bind(name, _OTHER_ORIGIN)
        if isinstance(statement, (cst.Try, cst.TryStar)):
            for handler in statement.handlers:
                if handler.name is not None and isinstance(handler.name.name, cst.Name):
                    self._bind(handler.name.name.value, _OTHER_ORIGIN)
        for child in tree.children(statement):
            if isinstance(child, (cst.IndentedBlock, cst.SimpleStatementSuite)):
                self._collect(block_statements(child), top=False)
            elif isinstance(child, (cst.Else, cst.If, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally)):
                self._collect_compound(child)

    def _collect_small(self, small: cst.BaseSmallStatement, top: bool) -> None:
        if isinstance(small, cst.Import):
            for alias in small.names:
                dotted = import_name(alias.name)
                local = _asname(alias) or dotted.split(".")[0]
                self._bind(local, _TYPING_MODULE_ORIGIN if dotted == TYPING_MODULE else _OTHER_ORIGIN)
        elif isinstance(small, cst.ImportFrom):
            if isinstance(small.names, cst.ImportStar):
                return
            module = import_name(small.module) if small.module is not None else ""
            from_typing = not small.relative and module == TYPING_MODULE
            for alias in small.names:
                imported = import_name(alias.name)
                local = _asname(alias) or imported
                self._bind(local, f"{TYPING_MODULE}.{imported}" if from_typing else _OTHER_ORIGIN)
                if from_typing and top:
                    self._top_typing_imports[local] = imported
        elif isinstance(small, cst.Assign):
            for target in small.targets:
                for name in target_names(target.target):
                    self._bind(name, _OTHER_ORIGIN)
        elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
            for name in target_names(small.target):
                self._bind(name, _OTHER_ORIGIN)

    def binds(self, name: str) -> bool:
        """True when the module binds `name` at module level (so a builtin of that name is shadowed)."""
        return name in self._origins

    def bound_in_a_class(self, name: str) -> bool:
        """True when some class body binds `name` (it then hides a module-level name in its methods' annotations)."""
        return any(name in class_names for class_names in self._class_names.values())

    def shadows(self, name: str, scope: Optional[cst.ClassDef]) -> bool:
        """True when `name` is bound at module level or in the body of the class `scope`."""
        return name in self._origins or (scope is not None and name in self._class_names.get(scope, ()))

    def typing_name_of(self, local: str) -> Optional[str]:
        """`X` when every binding of `local` is `from typing import X [as local]`."""
        origins = self._origins.get(local, set())
        if len(origins) != 1:
            return None
        (origin,) = origins
        prefix = f"{TYPING_MODULE}."
        return origin[len(prefix) :] if origin.startswith(prefix) else None

    def typing_modules(self) -> List[str]:
        """The local names bound only to the `typing` module (`import typing`, `import typing as t`)."""
        return sorted(name for name, origins in self._origins.items() if origins == {_TYPING_MODULE_ORIGIN})

    def has_top_typing_from_import(self) -> bool:
        return bool(self._top_typing_imports)

    def local_for_typing(self, typing_name: str) -> Optional[str]:
        """The local name that a top-level `from typing import typing_name [as local]` binds, if unshadowed."""
        for local, imported in self._top_typing_imports.items():
            if imported == typing_name and self.typing_name_of(local) == typing_name:
                return local
        return None
