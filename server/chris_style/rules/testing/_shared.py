"""What the testing rules share: the base class that knows which functions of a test file are tests, what
"looks expected", and the text helpers their fixes are built from."""

import ast
import logging
import re
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import libcst as cst

from chris_style.linting import edits, tree
from chris_style.linting.facts.test_layout import PytestLayout, indented_statements
from chris_style.linting.rule import Edit, Files, Rule
from chris_style.linting.source import TextRange
from chris_style.linting.syntax import attribute_chain, dotted_name

logger = logging.getLogger(__name__)

# The examples must sit in a test file: every rule of this section runs only there.
EXAMPLE_PATH = "tests/test_example.py"

PYTEST_MODULE = "pytest"
MOCK_MODULE = "mock"

# What "looks expected" (CS502, CS503): literals, singletons, SCREAMING_SNAKE_CASE names, lists of mock.call.
LITERAL_NODES = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
)
SINGLETON_NAMES = frozenset({"None", "True", "False"})
SCREAMING_SNAKE_CASE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
MOCK_CALL_NAMES = frozenset({"call", "mock.call", "unittest.mock.call"})
# Expressions that need parentheses to stand alone as an assert's test or message.
STANDALONE_PARENS = (cst.NamedExpr, cst.Yield, cst.GeneratorExp)
# Longest operand text quoted in a message before it is cut short: messages stay one readable line.
MESSAGE_SNIPPET_LENGTH = 40
# unittest's `assertRaises`: a context manager for CS503, the callable form for CS505.
ASSERT_RAISES = "assertRaises"


# --- Shared: which functions are tests --------------------------------------------------------------------


class _TestFileRule(Rule):
    """Base of the rules that need to know which functions of the module are tests (not registered: no code)."""

    files = Files.TESTS_ONLY
    @property
    def layout(self) -> PytestLayout:
        return self.context.facts.test_layout

    def is_test_function(self, node: cst.FunctionDef) -> bool:
        return self.layout.is_test_function(node, self.context.ancestors)

    # --- text helpers for fixes (only called once a violation is being reported) ---

    def outer_range(self, node: cst.CSTNode) -> TextRange:
        """The node's range including its own parentheses (libcst positions leave them out)."""
        inner = self.context.range_of(node)
        lpar = getattr(node, "lpar", None)
        rpar = getattr(node, "rpar", None)
        start = self.context.range_of(lpar[0]).start if lpar else inner.start
        end = self.context.range_of(rpar[-1]).end if rpar else inner.end
        return TextRange(start, end)

    def text(self, node: cst.CSTNode) -> str:
        """The node's exact source text with its parentheses (libcst's own code drops block indentation)."""
        return self.source.slice(self.outer_range(node))

    def statement_indent(self, line: int) -> str:
        text = self.source.line_text(line)
        return text[: len(text) - len(text.lstrip(" \t"))]

    def exception_text(self, node: cst.BaseExpression) -> str:
        """An exception (or tuple of them) as the argument of `pytest.raises(...)`."""
        text = self.text(node)
        bare_tuple = isinstance(node, cst.Tuple) and not node.lpar
        return f"({text})" if bare_tuple or not _fits_anywhere(text) else text

    def inside_try(self) -> bool:
        """True when the node being visited sits in a `try` of its function: an enclosing handler could catch
        an exception the node raises (or no longer raises)."""
        for ancestor in reversed(self.context.ancestors):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                return False
            if isinstance(ancestor, (cst.Try, cst.TryStar)):
                return True
        return False

    def pytest_name(self) -> Tuple[str, Optional[Edit]]:
        """The module's name for pytest, and the edit adding `import pytest` when it has none."""
        alias = _module_alias(self.context.module, PYTEST_MODULE)
        if alias is not None:
            return alias, None
        return PYTEST_MODULE, edits.add_import(self.context, PYTEST_MODULE)


# --- Shared: expression classification and fix text -----------------------------------------------------------


def _is_literal(node: cst.BaseExpression) -> bool:
    """A literal, `None`/`True`/`False`, a signed number, or a container of those."""
    if isinstance(node, LITERAL_NODES):
        return True
    if isinstance(node, cst.Name):
        return node.value in SINGLETON_NAMES
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return isinstance(node.expression, (cst.Integer, cst.Float, cst.Imaginary))
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(element, cst.Element) and _is_literal(element.value) for element in node.elements)
    if isinstance(node, cst.Dict):
        return all(
            isinstance(element, cst.DictElement) and _is_literal(element.key) and _is_literal(element.value)
            for element in node.elements
        )
    return False


def _is_mock_call(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and attribute_chain(node.func) in MOCK_CALL_NAMES


def _is_screaming(name: str) -> bool:
    return len(name) > 1 and SCREAMING_SNAKE_CASE.match(name) is not None


def looks_expected(node: cst.BaseExpression) -> bool:
    """The catalog's "looks expected": a literal or a container of literals, `None`/`True`/`False`, a name
    starting with `expected`, a SCREAMING_SNAKE_CASE name, or a list of `mock.call(...)`; and a constant or an
    enum member reached through a module or class (`s3.BucketStatus.EXISTS`, `status.HTTP_200_OK`), whose last
    name is SCREAMING_SNAKE_CASE."""
    if _is_literal(node):
        return True
    if isinstance(node, cst.Name):
        name = node.value
        return name.lower().startswith("expected") or _is_screaming(name)
    if isinstance(node, cst.Attribute) and dotted_name(node) is not None:
        return _is_screaming(node.attr.value)
    if isinstance(node, cst.List) and node.elements:
        return all(isinstance(element, cst.Element) and _is_mock_call(element.value) for element in node.elements)
    return False


def is_pure_literal(node: cst.BaseExpression) -> bool:
    """A literal whose evaluation runs no code and whose `==` Python answers the same from either side: a
    number, a string (an f-string only without expressions), `None`/`True`/`False`, or a container of those.
    Swapping it with the other operand of `==` changes neither the result nor what runs first."""
    if isinstance(node, cst.FormattedString):
        return all(isinstance(part, cst.FormattedStringText) for part in node.parts)
    if isinstance(node, cst.ConcatenatedString):
        return is_pure_literal(node.left) and is_pure_literal(node.right)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(element, cst.Element) and is_pure_literal(element.value) for element in node.elements)
    if isinstance(node, cst.Dict):
        return all(
            isinstance(element, cst.DictElement) and is_pure_literal(element.key) and is_pure_literal(element.value)
            for element in node.elements
        )
    return _is_literal(node)


def _fits_anywhere(text: str) -> bool:
    """True when an expression's text stays valid away from the brackets it came from: one line, or its
    line breaks sit inside its own brackets or strings."""
    if "\n" not in text and "\r" not in text:
        return True
    try:
        ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    return True


def _needs_parens(node: cst.BaseExpression, kinds: Tuple[type, ...]) -> bool:
    if getattr(node, "lpar", None):
        return False
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        return cst.Comparison in kinds
    return isinstance(node, kinds)


def _parses_as_statement(text: str) -> bool:
    try:
        cst.parse_module(text.strip() + "\n")
    except cst.ParserSyntaxError:
        return False
    return True


def _has_comment_outside(node: cst.CSTNode, kept: Sequence[cst.CSTNode]) -> bool:
    """True when a comment sits in `node` outside the kept subtrees: rebuilding the code would lose it."""
    kept_ids = {id(child) for child in kept}
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if id(current) in kept_ids:
            continue
        if isinstance(current, cst.Comment):
            return True
        stack.extend(tree.children(current))
    return False


def _statement_call(ancestors: Sequence[cst.CSTNode], node: cst.Call, alone_on_line: bool = False) -> bool:
    """True when the call is a whole expression statement (`self.assertTrue(x)`, also after `if c:`), or,
    with `alone_on_line`, the only statement of its own line (where a block can replace it)."""
    parent = ancestors[-1] if ancestors else None
    if not isinstance(parent, cst.Expr) or parent.value is not node:
        return False
    line = ancestors[-2]
    if alone_on_line:
        return isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
    return isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite))


def _top_level_imports(module: cst.Module) -> Iterator[Union[cst.Import, cst.ImportFrom]]:
    """Import statements at module level, including those inside top-level `try`/`if` blocks."""
    pending: List[cst.CSTNode] = list(module.body)
    while pending:
        statement = pending.pop(0)
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    yield small
        elif isinstance(statement, (cst.Try, cst.If)):
            pending.extend(indented_statements(statement))


def _module_alias(module: cst.Module, module_name: str) -> Optional[str]:
    """The name `import module_name [as alias]` binds at the top of the module, if any."""
    for statement in _top_level_imports(module):
        if isinstance(statement, cst.Import):
            for alias in statement.names:
                if attribute_chain(alias.name) == module_name:
                    return _alias_name(alias) if alias.asname is not None else module_name
    return None


def _alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return attribute_chain(alias.name)


def _call_args(call: cst.Call, names: Sequence[str]) -> Optional[Dict[str, cst.Arg]]:
    """Bind a call's arguments to parameter names (positional, then by keyword); None when starred,
    unknown or repeated arguments make that impossible."""
    bound: Dict[str, cst.Arg] = {}
    position = 0
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            if position >= len(names):
                return None
            key = names[position]
            position += 1
        else:
            key = arg.keyword.value
            if key not in names:
                return None
        if key in bound:
            return None
        bound[key] = arg
    return bound


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_SNIPPET_LENGTH else text[: MESSAGE_SNIPPET_LENGTH - 1] + "…"


def _exception_names(node: cst.BaseExpression) -> List[cst.BaseExpression]:
    if isinstance(node, cst.Tuple):
        return [element.value for element in node.elements]
    return [node]
