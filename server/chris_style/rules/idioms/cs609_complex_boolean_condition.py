"""CS609 complex-boolean-condition: `if`/`while` conditions stay simple enough to read at a glance."""

import logging
from typing import List, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Scope

logger = logging.getLogger(__name__)

# CS609's thresholds, from the catalog.
MAX_BOOLEAN_OPERANDS = 3
MIXED_MIN_OPERANDS = 3


def _boolean_shape(test: cst.BaseExpression) -> Tuple[int, Set[type]]:
    """(number of boolean operands, set of operator types) of an expression's `and`/`or`/`not` tree."""
    operands = 0
    operators: Set[type] = set()
    stack: List[cst.BaseExpression] = [test]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.BooleanOperation):
            operators.add(type(node.operator))
            stack.extend((node.left, node.right))
        elif (
            isinstance(node, cst.UnaryOperation)
            and isinstance(node.operator, cst.Not)
            and isinstance(node.expression, cst.BooleanOperation)
        ):
            stack.append(node.expression)
        else:
            operands += 1
    return operands, operators


class ComplexBooleanCondition(Rule):
    """An `if`/`elif`/`while` condition with 4 or more boolean operands, or mixing `and` and `or`.

    The guide (Boolean Expressions for Control Flow, PREFERRED): "Break complex boolean logic into simpler
    expressions with clear variable names for intermediate results", as in
    `one_component_specified = (capture or viewer) and not (capture and viewer)` before the `if`. Operands
    are the leaves of the `and`/`or`/`not` tree (a comparison or a call is one operand, parentheses are
    looked through); mixing `and` with `or` nests them at depth 2 or more with at least 3 operands, which is
    reported too. Conditional expressions, comprehension filters and assignments are not judged: naming
    the parts there is exactly what the guide recommends.
    """

    code = "CS609"
    name = "complex-boolean-condition"
    priority = Priority.PREFERRED
    guideline = Guideline.BOOLEAN_EXPRESSIONS
    message = "Complex condition ({detail}): name its parts in variables first"
    scope = Scope.STATEMENT
    VALID = [
        "def run(config_version, one_component_specified):\n"
        "    if config_version and (not one_component_specified):\n        pass\n",
        "def run(a, b, c):\n    if a and b and c:\n        pass\n",
        "def run(capture, viewer):\n    one = (capture or viewer) and not (capture and viewer)\n",
        "def run(a, b, c, d):\n    return a if (a and b) or (c and d) else None\n",
        "def run(a, b):\n    if f(a and b or c):\n        pass\n",
    ]
    INVALID = [
        Invalid("def run(a, b, c, d):\n    if a and b and c and d:\n        pass\n"),
        Invalid("def run(a, b, c):\n    if a and (b or c):\n        pass\n"),
        Invalid("def run(a, b, c):\n    while a or b and c:\n        pass\n"),
        Invalid("def run(a, b, c):\n    if a:\n        pass\n    elif not (a or b) and c:\n        pass\n"),
        Invalid("def run(a, b, c, d):\n    if (a or\n            b or\n            c or  # comment\n            d):\n        pass\n"),
    ]

    def visit_If(self, node: cst.If) -> None:
        self._check(node.test)

    def visit_While(self, node: cst.While) -> None:
        self._check(node.test)

    def _check(self, test: cst.BaseExpression) -> None:
        if not isinstance(test, (cst.BooleanOperation, cst.UnaryOperation)):
            return
        operands, operators = _boolean_shape(test)
        mixed = len(operators) > 1
        too_complex = operands > MAX_BOOLEAN_OPERANDS or (mixed and operands >= MIXED_MIN_OPERANDS)
        if too_complex:
            detail = f"{operands} operands" + (", `and` mixed with `or`" if mixed else "")
            self.report(test, detail=detail)
