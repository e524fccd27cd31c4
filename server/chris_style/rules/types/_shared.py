"""Walking type expressions, string annotations included: the nodes of an annotation that are types (for
CS203 and CS204), with their buffer ranges, and the class namespace an annotation is evaluated in; and the
signatures a module does not own (framework callbacks, overrides, fixed dunders) that CS201 and CS202 leave
alone."""

import functools
import logging
from dataclasses import dataclass
from typing import Iterator, List, Mapping, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from chris_style.linting import tree
from chris_style.linting.facts.classes import own_methods
from chris_style.linting.rule import RuleContext
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import BUILTIN_EXCEPTIONS, is_name, last_attribute, own_nodes

logger = logging.getLogger(__name__)

# What `type_expression_nodes` gives: the nodes a type is named by, strings (forward references, parsed) and calls
# (whose callee is looked into); whitespace, brackets and commas are passed over.
TYPE_EXPRESSION_CLASSES = frozenset((cst.Name, cst.Attribute, cst.Subscript, cst.SimpleString, cst.Call))

# How many distinct string annotation texts keep their parsed expression (see _parse_content): far more than a
# project's forward references, and each entry is a tree of a few nodes.
PARSED_ANNOTATION_CACHE_SIZE = 2048
# Dunder methods whose return type Python itself enforces (anything else raises `TypeError`): an annotation there
# restates the language. The guide's own `__init__(self, expected_traffic: int):` and `__str__(self):` omit it.
FIXED_RETURN_DUNDERS = frozenset(
    {"__init__", "__str__", "__repr__", "__bytes__", "__format__", "__hash__", "__bool__", "__len__",
     "__length_hint__", "__index__", "__int__", "__float__", "__complex__"}
)
# Parameters (after `self`) whose type the data model fixes: `__eq__`/`__ne__` compare with any object (the
# guide writes `def __eq__(self, other) -> bool:`), `__exit__` receives the exception triple.
FIXED_PARAMETER_COUNTS = {"__eq__": 1, "__ne__": 1, "__exit__": 3, "__aexit__": 3}
# Constructors: each class designs its own, so they are never taken for a framework's override.
CONSTRUCTORS = frozenset({"__init__", "__new__"})
OVERRIDE_DECORATOR = "override"
# click builds a `click.Command` from the decorated function; its parameters' types come from the decorators.
CLICK_MODULE = "click"
CLICK_BUILDER_METHODS = frozenset({"command", "group"})
# Bases whose own methods a subclass does not override by accident: methods of their subclasses are new.
NEUTRAL_BASES = frozenset(
    {"object", "abc.ABC", "typing.Generic", "typing.Protocol", "typing.NamedTuple", "typing.TypedDict",
     "enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"}
) | BUILTIN_EXCEPTIONS


class StringAnnotation:
    """A forward reference such as `"List[int]"` parsed into its own expression, with positions mapped back
    into the buffer. Only single-line strings without escapes are parsed, so every column maps 1:1."""

    def __init__(
        self,
        string: cst.SimpleString,
        parsed: "_ParsedContent",
        offset: int,
        outer: Optional["StringAnnotation"],
    ) -> None:
        self.string = string
        self.expression = parsed.expression
        self._parsed = parsed
        self._offset = offset
        self._outer = outer

    @classmethod
    def parse(cls, string: cst.SimpleString, outer: Optional["StringAnnotation"]) -> Optional["StringAnnotation"]:
        """The string's content parsed as one expression; None for strings whose columns would not map 1:1
        (escapes, line breaks, byte or f-strings) and for content that is not a single expression."""
        raw = string.raw_value
        has_escapes = "\\" in raw or "\n" in raw or "\r" in raw
        content = raw.strip()
        if has_escapes or string.prefix.lower() not in ("", "r", "u") or not content:
            return None
        parsed = _parse_content(content)
        if parsed is None:
            return None
        offset = len(string.prefix) + len(string.quote) + len(raw) - len(raw.lstrip())
        return cls(string, parsed, offset, outer)

    def range_of(self, context: RuleContext, node: cst.CSTNode) -> TextRange:
        """The buffer range of a node of the parsed expression."""
        inner = self._parsed.positions()[node]
        outer = self._outer
        string_range = context.range_of(self.string) if outer is None else outer.range_of(context, self.string)
        line = string_range.start.line
        column = string_range.start.column + self._offset
        return TextRange(Position(line, column + inner.start.column), Position(line, column + inner.end.column))


class _ParsedContent:
    """A forward reference's text parsed as one expression, with the positions of its nodes in that text
    (computed when first asked for). It depends on the text alone, so every string holding the same text
    shares it."""

    def __init__(self, inner: cst.Module, expression: cst.BaseExpression) -> None:
        self.inner = inner
        self.expression = expression
        self._positions: Optional[Mapping[cst.CSTNode, CodeRange]] = None

    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        if self._positions is None:
            self._positions = MetadataWrapper(self.inner, unsafe_skip_copy=True).resolve(PositionProvider)
        return self._positions


@functools.lru_cache(maxsize=PARSED_ANNOTATION_CACHE_SIZE)
def _parse_content(content: str) -> Optional[_ParsedContent]:
    """The text of a string annotation parsed as one expression; None when it is not a single expression.
    Cached: a project repeats the same few forward references, and CS203 and CS204 both read every one
    (parsing is most of what these rules cost)."""
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
    return _ParsedContent(inner, expression.value)


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
    """The names, attributes and subscripts of a type expression (and the nodes on the way to them), parsing
    string forward references. What is not a type is skipped: the contents of `Literal[...]`, the metadata of
    `Annotated[...]` and the arguments of calls."""
    reach = tree.Reach.of(TYPE_EXPRESSION_CLASSES)
    stack: List[Tuple[cst.CSTNode, Optional[cst.CSTNode], Optional[StringAnnotation]]] = [(expression, None, None)]
    pop, push = stack.pop, stack.append
    while stack:
        node, parent, string = pop()
        yield TypeNode(node, parent, string)
        children: Sequence[cst.CSTNode]
        # Exact classes, not isinstance (slow through libcst's ABCMeta; none of these has subclasses): every node of
        # every annotation passes here, for CS203 and CS204 each.
        if type(node) is cst.Subscript:
            head = _subscript_head(node)
            if head == "Literal":
                children = [node.value]
            elif head == "Annotated":
                children = [node.value, *node.slice[:1]]
            else:
                children = reach.children(node)
        elif type(node) is cst.Call:
            children = [node.func]
        elif type(node) is cst.SimpleString:
            parsed = StringAnnotation.parse(node, string)
            if parsed is not None:
                push((parsed.expression, node, parsed))
            continue
        else:
            children = reach.children(node)
        for child in reversed(children):
            push((child, node, string))


def _is_attribute_name(located: TypeNode) -> bool:
    """True for the `List` of `typing.List`: a name that is an attribute, not a variable."""
    return isinstance(located.parent, cst.Attribute) and located.parent.attr is located.node


# --- Signatures the module does not own (CS201, CS202) ---------------------------------------------------------

def _decorator_expression(decorator: cst.Decorator) -> cst.BaseExpression:
    expression = decorator.decorator
    return expression.func if isinstance(expression, cst.Call) else expression


def is_click_callback(context: RuleContext, function: cst.FunctionDef) -> bool:
    """A function click turns into a command: decorated by something from `click` (`@click.command()`,
    `@click.option(...)`, `@click.pass_context`), or by `@<group>.command()`/`@<group>.group()` in a module that
    imports click."""
    names = context.facts.names
    imports_click = any(
        origin == CLICK_MODULE or origin.startswith(f"{CLICK_MODULE}.")
        for origin in names.module_bindings().values()
        if origin is not None
    )
    if not imports_click:
        return False
    for decorator in function.decorators:
        expression = _decorator_expression(decorator)
        resolved = names.resolve(expression) or ""
        if resolved.split(".", 1)[0] == CLICK_MODULE:
            return True
        if isinstance(expression, cst.Attribute) and expression.attr.value in CLICK_BUILDER_METHODS:
            return True
    return False


def _external_base(context: RuleContext, class_def: cst.ClassDef) -> bool:
    """True when the class, or a class of this module it derives from, has a base this module does not define
    and whose methods are not known (not `object`, `ABC`, `Protocol`, `Generic`, enums, builtin exceptions)."""
    classes = context.facts.classes
    for current in [class_def, *classes.ancestors(class_def)]:
        for argument in current.bases:
            if argument.keyword is not None or argument.star:
                continue
            expression = argument.value.value if isinstance(argument.value, cst.Subscript) else argument.value
            if classes.local_class(expression) is not None:
                continue
            if classes.qualified(expression) not in NEUTRAL_BASES:
                return True
    return False


def _is_unannotated(function: cst.FunctionDef, is_method: bool) -> bool:
    params = function.params
    ordered = [*params.posonly_params, *params.params]
    if is_method and ordered:
        ordered = ordered[1:]
    stars = [star for star in (params.star_arg, params.star_kwarg) if isinstance(star, cst.Param)]
    everything = [*ordered, *stars, *params.kwonly_params]
    return function.returns is None and all(param.annotation is None for param in everything)


def overrides_base_method(context: RuleContext, function: cst.FunctionDef) -> bool:
    """A method whose signature its base class dictates: marked `@override`; defined by a base class of this
    module too; or, in a class deriving from a base this file cannot see (a framework's view, serializer or
    formatter), written with no annotation at all, as the framework's hooks are (the guide's own
    `LoggingFormatter.formatTime(self, record, datefmt=None)`). Constructors are the class's own."""
    if any(last_attribute(_decorator_expression(d)) == OVERRIDE_DECORATOR for d in function.decorators):
        return True
    class_def = context.enclosing_class()
    name = function.name.value
    if class_def is None or name in CONSTRUCTORS:
        return False
    classes = context.facts.classes
    if any(name in own_methods(ancestor) for ancestor in classes.ancestors(class_def)):
        return True
    return _is_unannotated(function, is_method=True) and _external_base(context, class_def)


def owns_signature(context: RuleContext, function: cst.FunctionDef) -> bool:
    """False when the signature belongs to a framework or a base class rather than to this module: click
    command callbacks and overriding methods (see above)."""
    return not (is_click_callback(context, function) or overrides_base_method(context, function))


def forwarded_to_super(function: cst.FunctionDef, param: cst.Param, star: str) -> bool:
    """True when `*args`/`**kwargs` is passed on unchanged to a `super()` call: the base declares its types."""
    for node in own_nodes(function.body):
        if not isinstance(node, cst.Call):
            continue
        target = node.func
        if not (isinstance(target, cst.Attribute) and _is_super_call(target.value)):
            continue
        if any(arg.star == star and is_name(arg.value, param.name.value) for arg in node.args):
            return True
    return False


def _is_super_call(node: cst.BaseExpression) -> bool:
    """`super(...)`, with or without arguments."""
    return isinstance(node, cst.Call) and is_name(node.func, "super")
