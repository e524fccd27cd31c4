"""What CS603 needs to know of a module's names: the bindings one scope makes, and the uses of each
module-level binding (`_GlobalUses`), so that a constant is renamed everywhere it is meant and nowhere else."""

import logging
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Union

import libcst as cst

from chris_style.linting import tree
from chris_style.rules.idioms._shared import _all_params, _target_names

logger = logging.getLogger(__name__)

# Calls of these names turn a module's `globals` into something the rename fix cannot follow.
DYNAMIC_NAME_CALLS = frozenset({"globals", "eval", "exec", "vars"})


def _binding_names(node: cst.CSTNode) -> Iterator[str]:
    """The names one node binds in the scope it stands in (not counting nested scopes)."""
    if isinstance(node, cst.AssignTarget):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, cst.For):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, cst.NamedExpr):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, cst.AsName):
        yield from (name.value for name in _target_names(node.name))  # type: ignore[arg-type]
    elif isinstance(node, cst.Del):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, (cst.Import, cst.ImportFrom)):
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if alias.asname is None:
                    name = alias.name
                    while isinstance(name, cst.Attribute):
                        name = name.value
                    if isinstance(name, cst.Name):
                        yield name.value
    elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        yield node.name.value
    elif isinstance(node, (cst.MatchAs, cst.MatchStar)) and node.name is not None:
        yield node.name.value
    elif isinstance(node, cst.MatchMapping) and node.rest is not None:
        yield node.rest.value


def _scope_bindings(roots: Sequence[cst.CSTNode]) -> List[str]:
    """Every binding made in the scope these nodes belong to, nested functions, classes, lambdas and
    comprehension variables excluded (a walrus inside a comprehension does bind here)."""
    found: List[str] = []
    stack: List[cst.CSTNode] = list(roots)
    while stack:
        node = stack.pop()
        found.extend(_binding_names(node))
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            stack.extend(decorator.decorator for decorator in node.decorators)
            continue
        if isinstance(node, cst.Lambda):
            continue
        if isinstance(node, cst.CompFor):
            stack.extend(node.ifs)
            stack.append(node.iter)
            if node.inner_for_in is not None:
                stack.append(node.inner_for_in)
            continue
        stack.extend(tree.children(node))
    return found


@dataclass
class _Frame:
    """One scope seen by `_GlobalUses`: the candidate names it binds and the uses found in it so far."""

    kind: str
    bound: Set[str] = field(default_factory=set)
    uses: Dict[str, List[cst.Name]] = field(default_factory=dict)


class _GlobalUses(tree.ReadingVisitor):
    """One pass over the module finding, for each name, the `Name` nodes that refer to its module-level
    binding (the binding itself included).

    Uses inside a function, lambda or comprehension that binds the name itself refer to that local, and so
    do those of the functions nested in it (closures); decorators, defaults, annotations and a
    comprehension's first iterable belong to the enclosing scope. A class body binding the name, or a
    module reaching its globals dynamically (`globals()`, `eval`, `exec`, `vars`), makes the answer unsafe.
    """

    def __init__(self, names: FrozenSet[str]) -> None:
        self.names = names
        self.frames: List[_Frame] = [_Frame("module")]
        self.unsafe: Set[str] = set()
        self.dynamic = False

    def uses(self, name: str) -> Optional[List[cst.Name]]:
        if self.dynamic or name in self.unsafe:
            return None
        return self.frames[0].uses.get(name, [])

    def _bind(self, target: Optional[cst.CSTNode], frame: Optional[_Frame] = None) -> None:
        if isinstance(target, cst.BaseExpression):
            names = {found.value for found in _target_names(target)} & self.names
            (frame or self.frames[-1]).bound.update(names)

    def _visit_all(self, nodes: Sequence[Optional[cst.CSTNode]]) -> None:
        for node in nodes:
            if node is not None:
                self.walk(node)

    def _in_scope(self, kind: str, bound: Set[str], nodes: Sequence[Optional[cst.CSTNode]]) -> None:
        self.frames.append(_Frame(kind, bound & self.names))
        self._visit_all(nodes)
        frame = self.frames.pop()
        if frame.kind == "class" and frame.bound:
            self.unsafe.update(frame.bound)
        parent = self.frames[-1]
        for name, found in frame.uses.items():
            if name not in frame.bound or frame.kind == "class":
                parent.uses.setdefault(name, []).extend(found)

    def visit_Name(self, node: cst.Name) -> bool:
        if node.value in self.names:
            self.frames[-1].uses.setdefault(node.value, []).append(node)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.walk(node.value)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        self.walk(node.value)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        self.frames[-1].bound.update(set(_binding_names(node)) & self.names)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.frames[-1].bound.update(set(_binding_names(node)) & self.names)
        return False

    def visit_Global(self, node: cst.Global) -> bool:
        return False

    def visit_Nonlocal(self, node: cst.Nonlocal) -> bool:
        return False

    def visit_Call(self, node: cst.Call) -> bool:
        if isinstance(node.func, cst.Name) and node.func.value in DYNAMIC_NAME_CALLS:
            self.dynamic = True
        return True

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        self._bind(node.target)
        return True

    def visit_AnnAssign(self, node: cst.AnnAssign) -> bool:
        self._bind(node.target)
        return True

    def visit_AugAssign(self, node: cst.AugAssign) -> bool:
        self._bind(node.target)
        return True

    def visit_For(self, node: cst.For) -> bool:
        self._bind(node.target)
        return True

    def visit_AsName(self, node: cst.AsName) -> bool:
        self._bind(node.name)
        return True

    def visit_Del(self, node: cst.Del) -> bool:
        self._bind(node.target)
        return True

    def visit_NamedExpr(self, node: cst.NamedExpr) -> bool:
        scope = next(frame for frame in reversed(self.frames) if frame.kind != "comprehension")
        self._bind(node.target, scope)
        return True

    def visit_MatchAs(self, node: cst.MatchAs) -> bool:
        self._bind(node.name)
        return True

    def visit_MatchStar(self, node: cst.MatchStar) -> bool:
        self._bind(node.name)
        return True

    def visit_MatchMapping(self, node: cst.MatchMapping) -> bool:
        self._bind(node.rest)
        return True

    def _parameters(self, params: cst.Parameters) -> Set[str]:
        for param in _all_params(params):
            self._visit_all([param.default, param.annotation.annotation if param.annotation else None])
        return {param.name.value for param in _all_params(params)}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._bind(node.name)
        self._visit_all([decorator.decorator for decorator in node.decorators])
        bound = self._parameters(node.params)
        self._visit_all([node.returns.annotation if node.returns else None])
        self._in_scope("function", bound, [node.body])
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self._in_scope("function", self._parameters(node.params), [node.body])
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._bind(node.name)
        self._visit_all([decorator.decorator for decorator in node.decorators])
        self._visit_all([*node.bases, *node.keywords])
        self._in_scope("class", set(), [node.body])
        return False

    def _comprehension(self, node: Union[cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp]) -> bool:
        first = node.for_in
        self.walk(first.iter)
        bound: Set[str] = set()
        parts: List[Optional[cst.CSTNode]] = []
        comp_for: Optional[cst.CompFor] = first
        while comp_for is not None:
            bound.update(found.value for found in _target_names(comp_for.target))
            parts.append(comp_for.target)
            parts.append(None if comp_for is first else comp_for.iter)
            parts.extend(condition.test for condition in comp_for.ifs)
            comp_for = comp_for.inner_for_in
        parts.extend([node.key, node.value] if isinstance(node, cst.DictComp) else [node.elt])
        self._in_scope("comprehension", bound, parts)
        return False

    def visit_ListComp(self, node: cst.ListComp) -> bool:
        return self._comprehension(node)

    def visit_SetComp(self, node: cst.SetComp) -> bool:
        return self._comprehension(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> bool:
        return self._comprehension(node)

    def visit_DictComp(self, node: cst.DictComp) -> bool:
        return self._comprehension(node)
