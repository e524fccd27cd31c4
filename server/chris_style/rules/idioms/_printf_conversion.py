"""The text CS607's fix builds: string literals taken apart, the arguments an f-string field may hold, and
the f-string field equivalent to one `%` conversion."""

import logging
import re
from dataclasses import dataclass
from typing import Optional, Tuple, Union

import libcst as cst

logger = logging.getLogger(__name__)


def _simple_expression(node: cst.BaseExpression) -> bool:
    """A name, an attribute chain, or a subscript by a name, number or attribute."""
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return _simple_expression(node.value)
    if isinstance(node, cst.Subscript):
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return False
        index = node.slice[0].slice.value
        is_number = isinstance(index, cst.Integer) or (
            isinstance(index, cst.UnaryOperation)
            and isinstance(index.operator, cst.Minus)
            and isinstance(index.expression, cst.Integer)
        )
        return _simple_expression(node.value) and (is_number or _simple_expression(index))
    return False


@dataclass
class _Literal:
    """A string literal taken apart: prefix (without `u`), quote, and the text between the quotes."""

    prefix: str
    quote: str
    body: str


def _literal_parts(node: cst.SimpleString) -> Optional[_Literal]:
    prefix = node.prefix
    if any(character in prefix.lower() for character in "bf"):
        return None
    quote = node.quote
    body = node.value[len(prefix) + len(quote) : len(node.value) - len(quote)]
    try:
        evaluated = node.evaluated_value
    except (SyntaxError, ValueError):
        return None
    # Escapes such as `\x25` or `\N{...}` would make the source text and the value disagree on `%` and braces.
    if not isinstance(evaluated, str) or any(body.count(c) != evaluated.count(c) for c in "%{}"):
        return None
    return _Literal("".join(c for c in prefix if c.lower() != "u"), quote, body)


def _escape_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _printf_field(expression: str, spec: "re.Match[str]") -> Optional[Tuple[str, bool]]:
    """The f-string field for one `%` conversion and whether it is exactly equivalent for every value."""
    flags, width, precision, kind = spec["flags"], spec["width"], spec["precision"], spec["type"]
    # `%.s` means precision 0, as in C.
    precision = "0" if precision == "" else precision

    if width == "*" or precision == "*" or spec["length"]:
        return None
    if kind in "sra":
        if set(flags) - {"-"}:
            return None
        format_spec = (("<" if "-" in flags else ">") + width if width else "") + (
            "." + precision if precision is not None else ""
        )
        # A bare `%s` keeps its `!s`: `%` calls str(), an f-string calls format(), and the two differ for
        # types with their own __format__ (str-mixin enums before Python 3.12, for one).
        return "{" + expression + "!" + kind + (":" + format_spec if format_spec else "") + "}", True
    if kind == "c":
        return None
    kind = "d" if kind in "iu" else kind
    if precision is not None and kind in "doxX":
        return None
    format_spec = "<" if "-" in flags else ""
    format_spec += "+" if "+" in flags else (" " if " " in flags else "")
    format_spec += "#" if "#" in flags else ""
    format_spec += "0" if "0" in flags and "-" not in flags else ""
    format_spec += (width or "") + ("." + precision if precision is not None else "") + kind
    # `%d` truncates floats and `%f` converts Decimals to float first; format() does neither.
    return "{" + expression + ":" + format_spec + "}", False


def _is_bytes(literal: Union[cst.SimpleString, cst.ConcatenatedString]) -> bool:
    while isinstance(literal, cst.ConcatenatedString):
        literal = literal.left  # type: ignore[assignment]
    return isinstance(literal, cst.SimpleString) and "b" in literal.prefix.lower()
