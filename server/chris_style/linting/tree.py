"""Read-only access to a libcst tree's children, in libcst's own order, without rebuilding nodes.

libcst reaches a node's children through `_visit_and_replace_children`, which constructs (and validates) a new
copy of every node it passes, even for a visitor that changes nothing: `node.children` and `module.visit()` pay
that on every call. Linting only reads the tree, so this module reads the child attributes directly. Their
order is libcst's: it is learned once per node class by letting the class's own `_visit_and_replace_children`
announce its attributes (`on_visit_attribute` is called for every attribute, present or not, in order), so it
follows whatever libcst version is installed. Tests compare `children()` and `walk()` with libcst's traversal
on real code.

A traversal that only needs some node types (a lint calls handlers for a few dozen of libcst's two hundred) can
leave out every subtree that cannot hold one (`Reach`): about two thirds of a module's nodes are whitespace,
commas, operators and brackets, which no rule handles. What a node of each class can hold is read off libcst's
type annotations of its fields, which libcst's own validation enforces; tests compare the nodes a pruned
traversal reaches with a full one's on real code.
"""

import dataclasses
import functools
import logging
import typing
from typing import AbstractSet, Callable, Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Type

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


def _learn_fields(node: cst.CSTNode) -> Tuple[str, ...]:
    recorder = _AttributeRecorder()
    node._visit_and_replace_children(recorder)
    # An attribute libcst skips when it is empty (an f-string expression's missing format spec) is still a
    # field that can hold nodes in another instance; such fields come last in libcst's order as well. Plain
    # values (a name's text, a string's quotes) are left out, since reading them for nothing costs time.
    field_classes = _field_classes().get(type(node), {})
    remaining = [
        field.name
        for field in dataclasses.fields(node)
        if field.name not in recorder.attributes and (field.name not in field_classes or field_classes[field.name])
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
    reach: Optional["Reach"] = None,
) -> None:
    """Call `enter(node)` before a node's children and `leave(node)` after them, for every node under `root`
    in libcst's order; with `reach`, only for the nodes on the way to the types it wants. Iterative, so deeply
    nested expressions do not exhaust Python's recursion limit."""
    next_nodes = children if reach is None else reach.children
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
        kids: Sequence[cst.CSTNode] = next_nodes(node)
        if kids:
            extend([(kid, False) for kid in reversed(kids)])


class ReadingVisitor:
    """A visitor written as libcst's are (`visit_<Node>` methods; one that returns False keeps the walk out of
    the node's children) that only reads the tree: `visitor.walk(node)` calls what `node.visit(visitor)` would,
    in the same order, without libcst constructing a copy of every node it passes, which costs more than the
    visitor's own work. There are no leave_ methods. Iterative, like the walks above."""

    def walk(self, root: cst.CSTNode) -> None:
        stack: List[cst.CSTNode] = [root]
        while stack:
            node = stack.pop()
            handler = getattr(self, f"visit_{type(node).__name__}", None)
            if handler is not None and handler(node) is False:
                continue
            stack.extend(reversed(children(node)))


@functools.lru_cache(maxsize=None)
def node_classes() -> Tuple[Type[cst.CSTNode], ...]:
    """Every node class libcst defines (abstract ones included)."""
    found: Set[Type[cst.CSTNode]] = set()
    pending: List[Type[cst.CSTNode]] = [cst.CSTNode]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                pending.append(subclass)
    return tuple(found)


def _classes_in(annotation: object, implementations: Dict[type, Set[type]]) -> Set[type]:
    """The node classes a value of this annotation can be: `Sequence[BaseExpression]` -> every expression."""
    if isinstance(annotation, type):
        return implementations.get(annotation, set())
    found: Set[type] = set()
    for argument in typing.get_args(annotation):
        found |= _classes_in(argument, implementations)
    return found


@functools.lru_cache(maxsize=None)
def _field_classes() -> Dict[type, Dict[str, FrozenSet[type]]]:
    """Node class -> each of its fields -> the node classes a value there can be (per libcst's annotations)."""
    classes = node_classes()
    implementations: Dict[type, Set[type]] = {}
    for node_class in classes:
        for base in node_class.__mro__:
            implementations.setdefault(base, set()).add(node_class)
    table: Dict[type, Dict[str, FrozenSet[type]]] = {}
    for node_class in classes:
        if not dataclasses.is_dataclass(node_class):
            continue
        try:
            hints = typing.get_type_hints(node_class)
        except (NameError, TypeError):
            hints = {}
        # A field without a readable annotation may hold any node.
        table[node_class] = {
            node_field.name: frozenset(_classes_in(hints.get(node_field.name, cst.CSTNode), implementations))
            for node_field in dataclasses.fields(node_class)
        }
    return table


@functools.lru_cache(maxsize=None)
def _holders() -> Dict[type, FrozenSet[type]]:
    """Node class -> the node classes with a field that can hold one."""
    holders: Dict[type, Set[type]] = {}
    for node_class, fields in _field_classes().items():
        for held_classes in fields.values():
            for held in held_classes:
                holders.setdefault(held, set()).add(node_class)
    return {held: frozenset(found) for held, found in holders.items()}


class Reach:
    """The node classes a traversal must enter to reach every node of the wanted classes: those and the classes
    that can hold one, however deep. Built once per set of wanted classes (`Reach.of`)."""

    def __init__(self, wanted: AbstractSet[type]) -> None:
        holders = _holders()
        entered: Set[type] = set(wanted)
        pending = list(wanted)
        while pending:
            for holder in holders.get(pending.pop(), ()):
                if holder not in entered:
                    entered.add(holder)
                    pending.append(holder)
        self.entered: FrozenSet[type] = frozenset(entered)
        # Node class -> its fields that can hold an entered class, in libcst's order.
        self._fields: Dict[type, Tuple[str, ...]] = {}

    @staticmethod
    @functools.lru_cache(maxsize=64)
    def of(wanted: FrozenSet[type]) -> "Reach":
        return Reach(wanted)

    def _fields_of(self, node: cst.CSTNode) -> Tuple[str, ...]:
        node_type = type(node)
        # A class libcst does not define (none in a parsed tree) is taken to hold anything.
        field_classes = _field_classes().get(node_type, {})
        entered = self.entered
        fields = tuple(name for name in child_fields(node) if name not in field_classes or field_classes[name] & entered)
        self._fields[node_type] = fields
        return fields

    def children(self, node: cst.CSTNode) -> List[cst.CSTNode]:
        """The node's children of an entered class, in source order."""
        entered = self.entered
        found: List[cst.CSTNode] = []
        fields = self._fields.get(type(node))
        if fields is None:
            fields = self._fields_of(node)
        for name in fields:
            value = getattr(node, name)
            value_type = type(value)
            if value_type in entered:
                found.append(value)
            elif value_type is tuple or value_type is list:
                found.extend([item for item in value if type(item) in entered])
        return found
