"""Walking type expressions, string annotations included: the nodes of an annotation that are types (for
CS203 and CS204), with their buffer ranges, and the class namespace an annotation is evaluated in."""

import logging
from dataclasses import dataclass
from typing import Iterator, List, Mapping, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from chris_style.linting import tree
from chris_style.linting.rule import RuleContext
from chris_style.linting.source import Position, TextRange

logger = logging.getLogger(__name__)


class StringAnnotation:
    """A forward reference such as `"List[int]"` parsed into its own expression, with positions mapped back
    into the buffer. Only single-line strings without escapes are parsed, so every column maps 1:1."""

    def __init__(
        self,
        string: cst.SimpleString,
        expression: cst.BaseExpression,
        inner: cst.Module,
        offset: int,
        outer: Optional["StringAnnotation"],
    ) -> None:
        self.string = string
        self.expression = expression
        self._inner = inner
        self._offset = offset
        self._outer = outer
        self._positions: Optional[Mapping[cst.CSTNode, CodeRange]] = None

    @classmethod
    def parse(cls, string: cst.SimpleString, outer: Optional["StringAnnotation"]) -> Optional["StringAnnotation"]:
        """The string's content parsed as one expression; None for strings whose columns would not map 1:1
        (escapes, line breaks, byte or f-strings) and for content that is not a single expression."""
        raw = string.raw_value
        has_escapes = "\\" in raw or "\n" in raw or "\r" in raw
        content = raw.strip()
        if has_escapes or string.prefix.lower() not in ("", "r", "u") or not content:
            return None
        try:
            inner = cst.parse_module(content)
        except cst.ParserSyntaxError:
            return None
        statement = inner.body[0] if len(inner.body) == 1 else None
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return None
        expression = statement.body[0]
        if not isinstance(expression, cst.Expr):
            return None
        offset = len(string.prefix) + len(string.quote) + len(raw) - len(raw.lstrip())
        return cls(string, expression.value, inner, offset, outer)

    def range_of(self, context: RuleContext, node: cst.CSTNode) -> TextRange:
        """The buffer range of a node of the parsed expression."""
        if self._positions is None:
            self._positions = MetadataWrapper(self._inner, unsafe_skip_copy=True).resolve(PositionProvider)
        inner = self._positions[node]
        outer = self._outer
        string_range = context.range_of(self.string) if outer is None else outer.range_of(context, self.string)
        line = string_range.start.line
        column = string_range.start.column + self._offset
        return TextRange(Position(line, column + inner.start.column), Position(line, column + inner.end.column))


@dataclass
class TypeNode:
    """A node of a type expression, its parent, and the string annotation it was parsed from (if any)."""

    node: cst.CSTNode
    parent: Optional[cst.CSTNode]
    string: Optional[StringAnnotation]

    def range(self, context: RuleContext, node: Optional[cst.CSTNode] = None) -> TextRange:
        target = self.node if node is None else node
        return context.range_of(target) if self.string is None else self.string.range_of(context, target)


def annotation_scope(ancestors: Sequence[cst.CSTNode]) -> Optional[cst.ClassDef]:
    """The class whose namespace an annotation is evaluated in: a method's parameter and return annotations
    and a class-level variable annotation see the class body's names; a function body does not."""
    index = len(ancestors) - 1
    while index >= 0:
        ancestor = ancestors[index]
        child = ancestors[index + 1] if index + 1 < len(ancestors) else None
        if isinstance(ancestor, cst.FunctionDef) and child is ancestor.body:
            return None
        if isinstance(ancestor, cst.ClassDef) and child is ancestor.body:
            return ancestor
        index -= 1
    return None


def _subscript_head(node: cst.Subscript) -> str:
    value = node.value
    if isinstance(value, cst.Attribute):
        return value.attr.value
    return value.value if isinstance(value, cst.Name) else ""


def type_expression_nodes(expression: cst.BaseExpression) -> Iterator[TypeNode]:
    """Every node of a type expression, parsing string forward references. What is not a type is skipped:
    the contents of `Literal[...]`, the metadata of `Annotated[...]` and the arguments of calls."""
    stack: List[Tuple[cst.CSTNode, Optional[cst.CSTNode], Optional[StringAnnotation]]] = [(expression, None, None)]
    while stack:
        node, parent, string = stack.pop()
        yield TypeNode(node, parent, string)
        children: Sequence[cst.CSTNode] = tree.children(node)
        if isinstance(node, cst.Subscript):
            head = _subscript_head(node)
            if head == "Literal":
                children = [node.value]
            elif head == "Annotated":
                children = [node.value, *node.slice[:1]]
        elif isinstance(node, cst.Call):
            children = [node.func]
        elif isinstance(node, cst.SimpleString):
            parsed = StringAnnotation.parse(node, string)
            if parsed is not None:
                stack.append((parsed.expression, node, parsed))
            continue
        stack.extend((child, node, string) for child in reversed(children))


def _is_attribute_name(located: TypeNode) -> bool:
    """True for the `List` of `typing.List`: a name that is an attribute, not a variable."""
    return isinstance(located.parent, cst.Attribute) and located.parent.attr is located.node
