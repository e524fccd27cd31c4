"""Helpers of two or more section-6 rules: recasing names, the names a target or a parameter list binds,
an expression's text as written, and the one-statement blocks CS608 and CS610 rewrite."""

import logging
import re
from typing import Iterator, Optional, Union

import libcst as cst

from chris_style.linting.rule import Rule
from chris_style.linting.syntax import contains

logger = logging.getLogger(__name__)

# Expressions that must be parenthesized to stand as a comprehension's iterable or condition, or as a
# branch of a conditional expression.
NEEDS_PARENS = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield)


def _split_words(core: str) -> str:
    core = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", core)
    core = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", core)
    return re.sub(r"_+", "_", core)


def _recased(name: str, upper: bool) -> str:
    """`getValue` -> `get_value` (or `GET_VALUE`), keeping leading and trailing underscores."""
    core = name.strip("_")
    leading = name[: len(name) - len(name.lstrip("_"))]
    trailing = name[len(name.rstrip("_")) :] if core else ""
    words = _split_words(core)
    return leading + (words.upper() if upper else words.lower()) + trailing


def _target_names(target: cst.BaseExpression) -> Iterator[cst.Name]:
    """The names an assignment target binds (`a`, `a, (b, *c)`); attributes and subscripts bind none."""
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


def _last_name(node: cst.BaseExpression) -> str:
    """`ABC` for `ABC`, `abc.ABC` and `Generic[T]`'s `Generic`."""
    if isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""


def _original_code(rule: Rule, node: cst.BaseExpression) -> str:
    """The node's text as written, with its own parentheses. Unlike libcst's `code_for_node`, which drops
    the block's indentation from continuation lines, this keeps a multi-line expression's layout."""
    text = rule.source.slice(rule.context.range_of(node))
    return "(" * len(node.lpar) + text + ")" * len(node.rpar)


def _has_comment(node: cst.CSTNode) -> bool:
    return contains(node, cst.Comment)


def _wrapped(node: cst.BaseExpression, code: str) -> str:
    bare_tuple = isinstance(node, cst.Tuple) and not node.lpar
    return f"({code})" if isinstance(node, NEEDS_PARENS) or bare_tuple else code


def _single_statement(body: cst.BaseSuite) -> Optional[Union[cst.BaseSmallStatement, cst.BaseCompoundStatement]]:
    """The one statement of a block (`if x:` + one line, or `if x: stmt`), None for anything else."""
    if isinstance(body, cst.SimpleStatementSuite):
        return body.body[0] if len(body.body) == 1 else None
    if isinstance(body, cst.IndentedBlock) and len(body.body) == 1:
        statement = body.body[0]
        if isinstance(statement, cst.SimpleStatementLine):
            return statement.body[0] if len(statement.body) == 1 else None
        return statement
    return None
