"""The read-only tree access must see exactly what libcst's own traversal sees, in the same order."""

from pathlib import Path
from typing import List, Tuple

import libcst as cst
import pytest

from chris_style.linting import tree

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
