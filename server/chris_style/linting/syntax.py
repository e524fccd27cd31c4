"""Small questions about libcst nodes that many rules, the engine's edits and the refactorings ask: dotted
names, the statements of a block or a scope, the nodes that run with a function, the names a target binds.

Pure functions of the nodes they are given: nothing here depends on a lint run (see facts/ for analyses of a
whole buffer, built once per lint).
"""

import builtins
import functools
import logging
from typing import Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst
from libcst.helpers import get_full_name_for_node

from chris_style.linting import tree

logger = logging.getLogger(__name__)

Function = Union[cst.FunctionDef, cst.Lambda]
# The builtin exception classes, by name.
BUILTIN_EXCEPTIONS = frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
)
# Nodes that open a scope of their own: what runs inside them does not run with the code around them.
SCOPE_NODES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
# The same, and the functions among them, for a lookup by exact class (none has subclasses): cheaper than
# isinstance through libcst's ABCMeta when asked of every ancestor of a node.
SCOPE_TYPES = frozenset(SCOPE_NODES)
FUNCTION_TYPES = frozenset((cst.FunctionDef, cst.Lambda))
# libcst statement classes that correspond one-to-one with `ast.stmt` nodes (a simple line counts once per
# small statement it holds; `if x: a; b` is one If and two small statements in both trees).
COMPOUND_STATEMENTS = (
    cst.FunctionDef, cst.ClassDef, cst.If, cst.For, cst.While, cst.With, cst.Try, cst.TryStar, cst.Match,
)
COMPOUND_TYPES = frozenset(COMPOUND_STATEMENTS)
SIMPLE_LINE_TYPES = frozenset((cst.SimpleStatementLine, cst.SimpleStatementSuite))
# Decorators known not to interpret the annotations of what they decorate; others may (pydantic's
# `validate_call`, typeguard, beartype, `singledispatch`'s `register`, web frameworks' routes), so an edit to an
# annotation could change what they do.
ANNOTATION_BLIND_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "property", "setter", "getter", "deleter", "cached_property", "abstractmethod",
     "override", "overload", "final", "wraps", "lru_cache", "cache", "contextmanager", "asynccontextmanager",
     "dataclass", "total_ordering"}
)


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` for a Name or a chain of Attributes on a Name; None for anything else."""
    parts: List[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def is_name(node: object, name: str) -> bool:
    """True when `node` is the bare name `name` (`x`, not `a.x` nor `"x"`)."""
    return isinstance(node, cst.Name) and node.value == name


def called_method(node: cst.CSTNode) -> Optional[str]:
    """`name` for a call of an attribute (`x.name(...)`, `"...".name(...)`), None for any other node."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.attr.value
    return None


def only_positional_argument(call: cst.Call) -> Optional[cst.BaseExpression]:
    """The value of a call's one argument when it is positional (`f(x)`, not `f(k=x)` nor `f(*x)`); None when
    the call has another number of arguments."""
    if len(call.args) != 1:
        return None
    arg = call.args[0]
    return arg.value if arg.keyword is None and not arg.star else None


def name_assignment(node: cst.CSTNode) -> Optional[Tuple[str, cst.BaseExpression]]:
    """(name, value) for `name = value`, an assignment to one plain name; None for any other node (`a = b = v`,
    `a.b = v`, `a, b = v`, `a: int = v`)."""
    if isinstance(node, cst.Assign) and len(node.targets) == 1:
        target = node.targets[0].target
        if isinstance(target, cst.Name):
            return target.value, node.value
    return None


def contains(root: cst.CSTNode, types: Union[type, Tuple[type, ...]]) -> bool:
    """True when `root` or any node under it (nested functions and classes included) is one of `types`. Only
    the subtrees that can hold one are entered (tree.Reach)."""
    if isinstance(root, types):
        return True
    reach = _reach_of(types if isinstance(types, tuple) else (types,))
    pending = reach.children(root)
    while pending:
        node = pending.pop()
        if isinstance(node, types):
            return True
        pending.extend(reach.children(node))
    return False


@functools.lru_cache(maxsize=None)
def _reach_of(types: Tuple[type, ...]) -> tree.Reach:
    """The reach of `types` and their subclasses: a reach enters nodes by their exact class, and a tree holds
    only concrete ones (`cst.BaseSmallStatement` is found as a `cst.Pass`, ...)."""
    wanted: Set[type] = set()
    pending = list(types)
    while pending:
        node_class = pending.pop()
        if node_class not in wanted:
            wanted.add(node_class)
            pending.extend(node_class.__subclasses__())
    return tree.Reach.of(frozenset(wanted))


def import_name(node: cst.BaseExpression) -> str:
    """The dotted name of an import's module or alias (`os.path`); always a Name/Attribute chain there."""
    return dotted_name(node) or ""


def attribute_chain(node: cst.CSTNode) -> str:
    """`a.b.c` for a Name/Attribute chain, "" for anything else. Unlike dotted_name, calls and subscripts inside
    the chain are read through (`a().b` is `a.b`), as libcst's `get_full_name_for_node` reads them."""
    if isinstance(node, (cst.Name, cst.Attribute)):
        return get_full_name_for_node(node) or ""
    return ""


def last_attribute(node: cst.CSTNode) -> str:
    """The last name of an attribute chain (`b` for `a.b`), "" for anything else."""
    return attribute_chain(node).rsplit(".", 1)[-1]


def string_value(node: cst.SimpleString) -> Union[str, bytes]:
    """What a string literal evaluates to, as libcst's `evaluated_value`, without its parse by CPython for the
    common literal that holds no backslash and no carriage return: its text between the quotes is its value."""
    raw = node.raw_value
    if "b" not in node.prefix.lower() and "\\" not in raw and "\r" not in raw:
        return raw
    return node.evaluated_value


def target_names(target: cst.BaseExpression) -> Iterator[str]:
    """The names an assignment target binds (`a`, `a, (b, *c)`); attributes and subscripts bind none."""
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from target_names(target.value)


def is_docstring(statement: cst.BaseStatement) -> bool:
    """A statement that is only a string: a module's, class's or function's docstring when it comes first."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def is_ellipsis_statement(statement: cst.CSTNode) -> bool:
    """A small statement that is only `...` (a stub's body, a placeholder)."""
    return isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Ellipsis)


def block_statements(block: cst.BaseSuite) -> Sequence[cst.BaseStatement]:
    """The statements of an indented block, or of a one-line suite as one statement line."""
    if isinstance(block, cst.IndentedBlock):
        return block.body
    if isinstance(block, cst.SimpleStatementSuite):
        return [cst.SimpleStatementLine(body=block.body)]
    return []


def nested_statements(statement: cst.BaseCompoundStatement) -> Iterator[cst.BaseStatement]:
    """The statements directly inside a compound statement's blocks (`else`, handlers, `finally` included)."""
    blocks: List[cst.CSTNode] = [statement.body] if hasattr(statement, "body") else []
    for attribute in ("orelse", "finalbody"):
        block = getattr(statement, attribute, None)
        while isinstance(block, cst.If):  # `elif` chains
            blocks.append(block.body)
            block = block.orelse
        if block is not None:
            blocks.append(block.body)
    blocks.extend(handler.body for handler in getattr(statement, "handlers", ()))
    blocks.extend(case.body for case in getattr(statement, "cases", ()))
    for block in blocks:
        if isinstance(block, cst.IndentedBlock):
            yield from block.body
        elif isinstance(block, cst.SimpleStatementSuite):
            yield cst.SimpleStatementLine(body=block.body)


def scope_statements(statements: Iterable[cst.BaseStatement]) -> Iterator[cst.BaseStatement]:
    """Every statement of one scope, nested blocks included; the bodies of defs and classes (scopes of their
    own) are not entered."""
    stack: List[cst.BaseStatement] = list(statements)
    while stack:
        statement = stack.pop()
        yield statement
        if isinstance(statement, cst.BaseCompoundStatement) and not isinstance(
            statement, (cst.FunctionDef, cst.ClassDef)
        ):
            stack.extend(nested_statements(statement))


def function_statements(function: cst.FunctionDef) -> Iterator[cst.BaseStatement]:
    """Every statement of a function's own scope (see scope_statements)."""
    block = function.body
    body = block.body if isinstance(block, cst.IndentedBlock) else [cst.SimpleStatementLine(body=block.body)]
    return scope_statements(body)


def own_nodes(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under `root` that runs with it: nested functions, lambdas and classes are not entered."""
    stack: List[cst.CSTNode] = list(tree.children(root))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, SCOPE_NODES):
            stack.extend(tree.children(node))


def decorators_may_read_annotations(decorators: Sequence[cst.Decorator]) -> bool:
    """True when a decorator other than the known annotation-blind ones (`staticmethod`, `property`,
    `abstractmethod`, `dataclass`...) decorates the function or class: it may read its annotations at run time."""
    for decorator in decorators:
        expression = decorator.decorator
        if isinstance(expression, cst.Call):
            expression = expression.func
        if last_attribute(expression) not in ANNOTATION_BLIND_DECORATORS:
            return True
    return False


def innermost_function(ancestors: Sequence[cst.CSTNode]) -> Optional[Function]:
    """The nearest enclosing def or lambda among a node's ancestors (outermost first)."""
    for ancestor in reversed(ancestors):
        if type(ancestor) in FUNCTION_TYPES:
            return ancestor  # type: ignore[return-value]
    return None


def parameter_names(params: cst.Parameters) -> Iterator[str]:
    """Every name a parameter list binds, `*args` and `**kwargs` included."""
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        yield param.name.value
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            yield star.name.value
