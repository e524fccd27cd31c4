"""Extracting a literal into a module-level SCREAMING_SNAKE_CASE constant: CS1202's fix (magic-number-in-function)
and the editor's "Extract constant" refactoring, so both produce the same code. The constant goes where the
guide puts constants: after the imports and the module's other constants (edits.add_constant). Numbers get
a `# TODO: why this value?` comment, since the guide wants every hardcoded number explained.
"""

import logging
import re
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import libcst as cst

from chris_style.linting.edits import add_constant, constant_insertion_point
from chris_style.linting.rule import Edit, RuleContext

logger = logging.getLogger(__name__)

NUMBER_COMMENT = "TODO: why this value?"
# Used when nothing around the literal suggests a name.
FALLBACK_NAME = "CONSTANT"
SLEEP_NAME = "SLEEP_SECONDS"
SLEEP_FUNCTIONS = frozenset({"time.sleep", "asyncio.sleep"})
# Comparison operators whose literal is an upper bound when it stands on the right (`x > 50`).
_UPPER_BOUND_OPERATORS = (cst.GreaterThan, cst.GreaterThanEqual)
_LOWER_BOUND_OPERATORS = (cst.LessThan, cst.LessThanEqual)
# The longest identifier derived from a string literal's content before falling back to FALLBACK_NAME.
_MAX_NAME_FROM_CONTENT = 30

Ancestors = Sequence[cst.CSTNode]


@dataclass
class ExtractedConstant:
    """The constant's name and the edits: the constant line inserted (after a blank line below the imports),
    the literal replaced by the name."""

    name: str
    edits: Tuple[Edit, ...]


def is_pure_literal(node: cst.BaseExpression) -> bool:
    """A value with no dependencies and no side effects, the same whenever it is evaluated: numbers (and
    arithmetic of numbers), strings, bytes, True/False/None, and tuples, lists, sets and dicts of those."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, (cst.Minus, cst.Plus)) and is_pure_literal(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _is_arithmetic_operand(node.left) and _is_arithmetic_operand(node.right)
    if isinstance(node, cst.ConcatenatedString):
        return is_pure_literal(node.left) and is_pure_literal(node.right)
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return all(isinstance(element, cst.Element) and is_pure_literal(element.value) for element in node.elements)
    if isinstance(node, cst.Dict):
        return all(_is_pure_entry(element) for element in node.elements)
    return False


def _is_arithmetic_operand(node: cst.BaseExpression) -> bool:
    numeric = (cst.Integer, cst.Float, cst.Imaginary, cst.UnaryOperation, cst.BinaryOperation)
    return isinstance(node, numeric) and is_pure_literal(node)


def _is_pure_entry(element: cst.BaseDictElement) -> bool:
    return isinstance(element, cst.DictElement) and is_pure_literal(element.key) and is_pure_literal(element.value)


def _is_number(node: cst.CSTNode) -> bool:
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
        return True
    return (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, (cst.Minus, cst.Plus))
        and isinstance(node.expression, (cst.Integer, cst.Float, cst.Imaginary))
    )


def _is_string(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.SimpleString):
        return True
    return isinstance(node, cst.ConcatenatedString) and _is_string(node.left) and _is_string(node.right)


def is_extractable_literal(node: cst.CSTNode) -> bool:
    """Numbers (with an optional sign), and strings or bytes that are not f-strings."""
    return _is_number(node) or _is_string(node)


def _screaming(text: str) -> str:
    """`maxRetries` / `max-retries` / `_max_retries` -> `MAX_RETRIES`; '' when nothing usable is left."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    name = re.sub(r"[^0-9A-Za-z]+", "_", words).strip("_").upper()
    if not name or name[0].isdigit():
        return ""
    return name


def _operand_name(node: cst.BaseExpression) -> str:
    """A name for what a literal is compared with: `retries`, `self.retries`, `len(items)` -> `items`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript):
        return _operand_name(node.value)
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Name) and node.func.value == "len" and node.args:
            return _operand_name(node.args[0].value)
        return _operand_name(node.func)
    return ""


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        prefix = _dotted(node.value)
        return f"{prefix}.{node.attr.value}" if prefix else ""
    return ""


def is_sleep_call(call: cst.Call) -> bool:
    return _dotted(call.func) in SLEEP_FUNCTIONS


def compared_operand(literal: cst.CSTNode, ancestors: Ancestors) -> Optional[Tuple[cst.BaseExpression, str]]:
    """When `literal` is an operand of a comparison: the operand it is compared with, and "max", "min" or ""
    for what the literal bounds. A single comparison reads as a guard: "max" when it asks whether the operand
    is above the literal (`if x > 50:`, also written `50 < x`), "min" when below (`x < 5`). In a range check
    (`0 < size <= 4096`) the literal on the small side is the min and the one on the large side the max."""
    if not ancestors:
        return None
    parent = ancestors[-1]
    if isinstance(parent, cst.Comparison) and parent.left is literal and parent.comparisons:
        comparison, literal_first = parent, True
        operand, operator = parent.comparisons[0].comparator, parent.comparisons[0].operator
    elif isinstance(parent, cst.ComparisonTarget) and parent.comparator is literal and len(ancestors) > 1:
        comparison = ancestors[-2]
        if not isinstance(comparison, cst.Comparison):
            return None
        index = next(i for i, target in enumerate(comparison.comparisons) if target is parent)
        operand = comparison.left if index == 0 else comparison.comparisons[index - 1].comparator
        operator, literal_first = parent.operator, False
    else:
        return None
    upper = isinstance(operator, _UPPER_BOUND_OPERATORS)
    lower = isinstance(operator, _LOWER_BOUND_OPERATORS)
    if not (upper or lower):
        return operand, ""
    operand_above = (lower and literal_first) or (upper and not literal_first)
    if len(comparison.comparisons) > 1:
        # A range: the literal below the operand is its min, the one above its max.
        return operand, "min" if operand_above else "max"
    return operand, "max" if operand_above else "min"


def suggest_name(literal: cst.CSTNode, ancestors: Ancestors) -> str:
    """A SCREAMING_SNAKE_CASE name from where the literal sits: the keyword it is passed as (`timeout=30` ->
    `TIMEOUT`), what it is compared with (`retries > 5` -> `MAX_RETRIES`), `SLEEP_SECONDS` for
    `time.sleep(5)`, the name it is assigned to, the parameter it is the default of, its dict key; for a
    string, its own content when that makes an identifier. FALLBACK_NAME otherwise."""
    parent = ancestors[-1] if ancestors else None
    candidate = ""
    if isinstance(parent, cst.Arg):
        if parent.keyword is not None:
            candidate = parent.keyword.value
        elif len(ancestors) > 1 and isinstance(ancestors[-2], cst.Call) and is_sleep_call(ancestors[-2]):
            candidate = SLEEP_NAME
    elif isinstance(parent, (cst.Comparison, cst.ComparisonTarget)):
        compared = compared_operand(literal, ancestors)
        if compared is not None:
            operand, bound = compared
            base = _screaming(_operand_name(operand))
            candidate = f"{bound.upper()}_{base}" if base and bound else base
    elif isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        candidate = _operand_name(parent.targets[0].target)
    elif isinstance(parent, (cst.AnnAssign, cst.AugAssign)):
        candidate = _operand_name(parent.target)
    elif isinstance(parent, cst.Param):
        candidate = parent.name.value
    elif isinstance(parent, cst.DictElement) and parent.value is literal and isinstance(parent.key, cst.SimpleString):
        candidate = parent.key.evaluated_value if isinstance(parent.key.evaluated_value, str) else ""
    name = _screaming(candidate)
    if not name and isinstance(literal, cst.SimpleString) and isinstance(literal.evaluated_value, str):
        content = literal.evaluated_value
        if len(content) <= _MAX_NAME_FROM_CONTENT and re.fullmatch(r"[A-Za-z][\w.\- ]*", content):
            name = _screaming(content)
    return name or FALLBACK_NAME


def unique_name(text: str, base: str) -> str:
    """`base`, or `base_2`, `base_3`... : the first that appears nowhere in the buffer as a word, so it can
    clash with no binding of any scope."""
    candidate = base
    suffix = 2
    # The substring test first: most candidates appear nowhere, and it is far cheaper than the word search.
    while candidate in text and re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", text):
        candidate = f"{base}_{suffix}"
        suffix += 1
    return candidate


def _is_docstring(literal: cst.CSTNode, ancestors: Ancestors) -> bool:
    if len(ancestors) < 2 or not isinstance(ancestors[-1], cst.Expr):
        return False
    line = ancestors[-2]
    return isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1


def refusal(context: RuleContext, literal: cst.CSTNode, ancestors: Ancestors) -> Optional[str]:
    """Why the literal cannot be extracted, or None when it can."""
    if not is_extractable_literal(literal):
        return "not a number or a plain string literal"
    if ancestors and isinstance(ancestors[-1], cst.ConcatenatedString):
        return "part of an implicitly concatenated string; select the whole string"
    if _is_docstring(literal, ancestors):
        return "a docstring"
    for ancestor in ancestors:
        if isinstance(ancestor, cst.Annotation):
            return "inside an annotation"
        if isinstance(ancestor, cst.MatchCase):
            return "inside a match pattern, where a bare name would capture instead of compare"
    if context.range_of(literal).start < constant_insertion_point(context):
        return "above the place where module constants go"
    return None


def _value_code(context: RuleContext, literal: cst.BaseExpression) -> str:
    code = context.code_for(literal.with_changes(lpar=[], rpar=[]))
    spans_lines = "\n" in code or "\r" in code
    if isinstance(literal, cst.ConcatenatedString) and spans_lines:
        # Pieces on several lines only continue inside brackets.
        return f"({code})"
    return code


def extract_constant(
    context: RuleContext,
    literal: cst.BaseExpression,
    ancestors: Ancestors = (),
    name: Optional[str] = None,
) -> Optional[ExtractedConstant]:
    """The edits extracting `literal` into a module constant (named `name`, else suggested from the
    `ancestors` — outermost first, as RuleContext keeps them — and made unique in the buffer). None when the
    literal cannot be extracted without changing meaning (see `refusal`)."""
    if refusal(context, literal, ancestors) is not None:
        return None
    constant = name if name is not None else unique_name(context.source.text, suggest_name(literal, ancestors))
    comment = NUMBER_COMMENT if _is_number(literal) else ""
    inserts = add_constant(context, constant, _value_code(context, literal), comment)
    replace = Edit(context.range_of(literal), constant)
    return ExtractedConstant(constant, (*inserts, replace))
