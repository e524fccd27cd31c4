"""The read-only tree access must see exactly what libcst's own traversal sees, in the same order."""

from pathlib import Path
from typing import List, Tuple

import libcst as cst
import pytest

from chris_style.linting import tree
from chris_style.linting.syntax import contains

SERVER_SOURCES = sorted((Path(__file__).resolve().parents[2] / "server" / "chris_style").rglob("*.py"))
# Syntax whose child attributes libcst visits conditionally or rarely: f-strings with and without a format
# spec (the spec is skipped when absent), match statements, type parameters, star expressions, decorators.
ODD_MODULES = [
    'a = f"{x}"\nb = f"{x!r:>{width}}"\nc = f"{x=}"\n',
    "match command:\n    case [Point(x=0, y=0), *rest] if rest:\n        pass\n    case {'k': v, **kw} | None:\n"
    "        pass\n",
    "type Pair[T] = tuple[T, T]\ndef first[T: int, *Ts, **P](items: list[T]) -> T:\n    return items[0]\n",
    "@dec(1)\n@other\nasync def run(a, /, b=2, *args, c, d=3, **kwargs) -> None:\n    async with x as (y, z):\n"
    "        await y\n    return [i async for i in z if i]\n",
    "from . import (a as b, c)\nfrom .m import *\nimport x.y as z\ntry:\n    pass\nexcept* (A, B) as e:\n    raise\n",
    "x = (  # comment\n    1,\n    2,\n)\ny = lambda *a, **k: a[1:2, ::3]\n",
]

# Node classes a traversal may want: what the rules handle most, leaves inside whitespace (comments), statements.
WANTED_SETS = [
    frozenset({cst.Name}),
    frozenset({cst.Comment}),
    frozenset({cst.SimpleString, cst.FormattedStringExpression, cst.Integer}),
    frozenset({cst.Call, cst.Lambda, cst.MatchAs, cst.TypeParam}),
    frozenset({cst.SimpleStatementLine, cst.IndentedBlock, cst.ExceptStarHandler, cst.Param}),
    frozenset({cst.EmptyLine, cst.Comma, cst.AssignEqual}),
]
# What `syntax.contains` is asked for: the rules' node classes, and an abstract base, which stands for its subclasses.
CONTAINS_TYPES = [cst.NamedExpr, cst.Comment, cst.FormattedString, (cst.NamedExpr, cst.Yield), cst.BaseSmallStatement]
REACH_SOURCES = [*SERVER_SOURCES[::6], *(Path(__file__).resolve().parents[2] / "examples").rglob("*.py")]


class _Recorder(cst.CSTVisitor):
    """libcst's own traversal: the nodes entered and left, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.events: List[Tuple[str, cst.CSTNode]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("enter", node))
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.events.append(("leave", original_node))


def _libcst_events(module: cst.Module) -> List[Tuple[str, int]]:
    recorder = _Recorder()
    module.visit(recorder)
    return [(kind, id(node)) for kind, node in recorder.events]


def _our_events(module: cst.Module) -> List[Tuple[str, int]]:
    events: List[Tuple[str, int]] = []
    tree.traverse(
        module, lambda node: events.append(("enter", id(node))), lambda node: events.append(("leave", id(node)))
    )
    return events



@pytest.mark.parametrize("code", ODD_MODULES)
def test_WHEN_odd_syntax_traversed_THEN_nodes_are_entered_and_left_in_libcst_order(code: str) -> None:
    module = cst.parse_module(code)
    assert _libcst_events(module) == _our_events(module)


@pytest.mark.parametrize("path", SERVER_SOURCES, ids=[path.name for path in SERVER_SOURCES])
def test_WHEN_real_module_traversed_THEN_nodes_are_entered_and_left_in_libcst_order(path: Path) -> None:
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    assert _libcst_events(module) == _our_events(module)


@pytest.mark.parametrize("code", ODD_MODULES)
def test_WHEN_children_asked_THEN_they_are_libcst_children(code: str) -> None:
    module = cst.parse_module(code)
    nodes = list(tree.walk(module))
    assert [[id(child) for child in node.children] for node in nodes] == [
        [id(child) for child in tree.children(node)] for node in nodes
    ]


def test_WHEN_expression_nested_deeper_than_the_recursion_limit_THEN_traversal_still_visits_every_node() -> None:
    terms = 3000
    module = cst.parse_module("total = " + " + ".join(["1"] * terms) + "\n")
    integers = [node for node in tree.walk(module) if isinstance(node, cst.Integer)]
    assert terms == len(integers)



def _entered(root: cst.CSTNode, reach: "tree.Reach | None") -> List[cst.CSTNode]:
    found: List[cst.CSTNode] = []
    tree.traverse(root, found.append, lambda node: None, reach)
    return found


@pytest.mark.parametrize("wanted", WANTED_SETS, ids=[",".join(sorted(t.__name__ for t in w)) for w in WANTED_SETS])
@pytest.mark.parametrize("code", ODD_MODULES)
def test_WHEN_odd_syntax_is_traversed_for_some_classes_THEN_every_node_of_them_is_reached_in_order(
    code: str, wanted: frozenset
) -> None:
    module = cst.parse_module(code)
    expected = [node for node in _entered(module, None) if type(node) in wanted]
    entered = _entered(module, tree.Reach.of(wanted))
    actual = [node for node in entered if type(node) in wanted]
    assert expected == actual


@pytest.mark.parametrize("path", REACH_SOURCES, ids=[path.name for path in REACH_SOURCES])
def test_WHEN_a_module_is_traversed_for_some_classes_THEN_every_node_of_them_is_reached_in_order(path: Path) -> None:
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    everything = _entered(module, None)
    expected = [[node for node in everything if type(node) in wanted] for wanted in WANTED_SETS]
    actual = []
    for wanted in WANTED_SETS:
        actual.append([node for node in _entered(module, tree.Reach.of(wanted)) if type(node) in wanted])
    assert expected == actual


def test_WHEN_modules_are_traversed_for_the_names_in_them_THEN_most_nodes_are_passed_over() -> None:
    """The pruning is not vacuous: to reach every name, whitespace, commas, operators and brackets are skipped."""
    modules = [cst.parse_module(path.read_text(encoding="utf-8")) for path in REACH_SOURCES]
    everything = sum(len(_entered(module, None)) for module in modules)
    entered = sum(len(_entered(module, tree.Reach.of(frozenset({cst.Name})))) for module in modules)
    assert (True, True) == (entered < everything * 0.6, entered > 0)


class _VisitRecorder(tree.ReadingVisitor, cst.CSTVisitor):
    """Calls that libcst's `node.visit(recorder)` and `recorder.walk(node)` must make alike: a handler that
    keeps the walk out of a subtree (functions' bodies), one that walks part of it itself (calls' callees), and
    ones that let it go on (None)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: List[Tuple[str, int]] = []
        self.by_libcst = False

    def _go_into(self, node: cst.CSTNode) -> None:
        if self.by_libcst:
            node.visit(self)
        else:
            self.walk(node)

    def visit_Name(self, node: cst.Name) -> None:
        self.calls.append(("name", id(node)))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.calls.append(("function", id(node)))
        self._go_into(node.params)
        return False

    def visit_Call(self, node: cst.Call) -> bool:
        self.calls.append(("call", id(node)))
        self._go_into(node.func)
        return False

    def visit_SimpleString(self, node: cst.SimpleString) -> bool:
        self.calls.append(("string", id(node)))
        return True


@pytest.mark.parametrize("path", REACH_SOURCES, ids=[path.name for path in REACH_SOURCES])
def test_WHEN_a_reading_visitor_walks_a_module_THEN_its_handlers_are_called_as_libcst_visit_calls_them(
    path: Path,
) -> None:
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    by_libcst, walked = _VisitRecorder(), _VisitRecorder()
    by_libcst.by_libcst = True
    module.visit(by_libcst)
    walked.walk(module)
    assert by_libcst.calls == walked.calls


@pytest.mark.parametrize("code", [*ODD_MODULES, "def g():\n    if (n := 1):  # why\n        yield f'{n}'\n"])
def test_WHEN_contains_skips_what_cannot_hold_the_types_THEN_it_answers_as_a_full_walk(code: str) -> None:
    module = cst.parse_module(code)
    for types in CONTAINS_TYPES:
        expected = [any(isinstance(node, types) for node in tree.walk(root)) for root in [module, *module.body]]
        actual = [contains(root, types) for root in [module, *module.body]]
        assert expected == actual
