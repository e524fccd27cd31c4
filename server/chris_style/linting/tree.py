"""Read-only access to a libcst tree's children, in libcst's own order, without rebuilding nodes.

libcst reaches a node's children through `_visit_and_replace_children`, which constructs (and validates) a new
copy of every node it passes, even for a visitor that changes nothing: `node.children` and `module.visit()` pay
that on every call. Linting only reads the tree, so this module reads the child attributes directly. Their
order is libcst's: it is learned once per node class by letting the class's own `_visit_and_replace_children`
announce its attributes (`on_visit_attribute` is called for every attribute, present or not, in order), so it
follows whatever libcst version is installed. Tests compare `children()` and `walk()` with libcst's traversal
on real code.
"""

import dataclasses
import logging
import typing
from typing import Callable, Dict, Iterator, List, Sequence, Tuple, Type

import libcst as cst

logger = logging.getLogger(__name__)

# Attribute names holding child nodes, per node class, in libcst's visiting order.
_CHILD_FIELDS: Dict[Type[cst.CSTNode], Tuple[str, ...]] = {}
# What a value of each type is, learned once per type: `isinstance` against libcst's abstract node class
# is slow, and the walk asks it for every attribute of every node.
_NODE, _SEQUENCE, _OTHER = 1, 2, 3
_KINDS: Dict[type, int] = {}


class _AttributeRecorder(cst.CSTVisitor):
    """Notes the attribute names a node's `_visit_and_replace_children` visits, without descending."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: List[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if attribute not in self.attributes:
            self.attributes.append(attribute)


def _may_hold_nodes(annotation: object) -> bool:
    """True when a field of this type can hold a node or a sequence of nodes."""
    if isinstance(annotation, type):
        return issubclass(annotation, cst.CSTNode)
    return any(_may_hold_nodes(argument) for argument in typing.get_args(annotation))


def _learn_fields(node: cst.CSTNode) -> Tuple[str, ...]:
    recorder = _AttributeRecorder()
    node._visit_and_replace_children(recorder)
    # An attribute libcst skips when it is empty (an f-string expression's missing format spec) is still a
    # field that can hold nodes in another instance; such fields come last in libcst's order as well. Plain
    # values (a name's text, a string's quotes) are left out, since reading them for nothing costs time.
    try:
        hints = typing.get_type_hints(type(node))
    except (NameError, TypeError):
        hints = {}
    remaining = [
        field.name
        for field in dataclasses.fields(node)
        if field.name not in recorder.attributes and _may_hold_nodes(hints.get(field.name, cst.CSTNode))
    ]
    return (*recorder.attributes, *remaining)


def child_fields(node: cst.CSTNode) -> Tuple[str, ...]:
    """The attributes of `node`'s class that may hold child nodes, in libcst's visiting order."""
    node_type = type(node)
    fields = _CHILD_FIELDS.get(node_type)
    if fields is None:
        fields = _CHILD_FIELDS[node_type] = _learn_fields(node)
    return fields


def _kind(value_type: type) -> int:
    kind = _NODE if issubclass(value_type, cst.CSTNode) else _SEQUENCE if value_type in (tuple, list) else _OTHER
    _KINDS[value_type] = kind
    return kind


def children(node: cst.CSTNode) -> List[cst.CSTNode]:
    """The node's direct children in source order: the same list as libcst's `node.children`, built without
    copying the node."""
    found: List[cst.CSTNode] = []
    kinds = _KINDS
    for name in _CHILD_FIELDS.get(type(node)) or child_fields(node):
        value = getattr(node, name)
        kind = kinds.get(type(value)) or _kind(type(value))
        if kind == _NODE:
            found.append(value)
        elif kind == _SEQUENCE:
            found.extend(item for item in value if (kinds.get(type(item)) or _kind(type(item))) == _NODE)
    return found


def walk(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under `root` (included), in pre-order: libcst's visiting order."""
    stack: List[cst.CSTNode] = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def traverse(
    root: cst.CSTNode,
    enter: Callable[[cst.CSTNode], None],
    leave: Callable[[cst.CSTNode], None],
) -> None:
    """Call `enter(node)` before a node's children and `leave(node)` after them, for every node under `root`
    in libcst's order. Iterative, so deeply nested expressions do not exhaust Python's recursion limit."""
    # Entries are (node, leaving); a node is pushed again as leaving before its children are pushed.
    stack: List[Tuple[cst.CSTNode, bool]] = [(root, False)]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node, leaving = pop()
        if leaving:
            leave(node)
            continue
        enter(node)
        push((node, True))
        kids: Sequence[cst.CSTNode] = children(node)
        if kids:
            extend([(kid, False) for kid in reversed(kids)])
