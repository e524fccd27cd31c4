"""CS503 unittest-assertion: a plain `assert` (and `pytest.raises`) instead of unittest's assertion methods."""

import logging
from typing import Dict, List, Optional, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.classes import own_methods
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Scope, Valid
from chris_style.linting.syntax import is_name
from chris_style.rules.testing._shared import (
    ASSERT_RAISES,
    EXAMPLE_PATH,
    STANDALONE_PARENS,
    _call_args,
    _fits_anywhere,
    _has_comment_outside,
    _needs_parens,
    _parses_as_statement,
    _statement_call,
    _TestFileRule,
    is_pure_literal,
    looks_expected,
)

logger = logging.getLogger(__name__)

# Expressions that need parentheses to be an operand of a comparison (`==`, `in`, `is`) or of `not`.
COMPARISON_OPERAND_PARENS = (
    cst.Comparison,
    cst.BooleanOperation,
    cst.IfExp,
    cst.Lambda,
    cst.NamedExpr,
    cst.Yield,
    cst.GeneratorExp,
)
NOT_OPERAND_PARENS = (cst.BooleanOperation, cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield, cst.GeneratorExp)

# unittest assertion methods and their plain `assert` form (parameters, operator); the expected operand goes
# first for the equality operators, as CS502 asks.
UNITTEST_ASSERTS: Dict[str, Tuple[Tuple[str, ...], str]] = {
    "assertEqual": (("first", "second", "msg"), "=="),
    "assertEquals": (("first", "second", "msg"), "=="),
    "assertNotEqual": (("first", "second", "msg"), "!="),
    "assertNotEquals": (("first", "second", "msg"), "!="),
    "assertTrue": (("expr", "msg"), ""),
    "assertFalse": (("expr", "msg"), "not"),
    "assertIsNone": (("obj", "msg"), "is None"),
    "assertIsNotNone": (("obj", "msg"), "is not None"),
    "assertIn": (("member", "container", "msg"), "in"),
    "assertNotIn": (("member", "container", "msg"), "not in"),
    "assertIs": (("expr1", "expr2", "msg"), "is"),
    "assertIsNot": (("expr1", "expr2", "msg"), "is not"),
}
EQUALITY_OPERATORS = frozenset({"==", "!="})
# unittest compares with a function registered for the operands' type when a test registers one: `==` then
# no longer says what `assertEqual` says.
TYPE_EQUALITY_REGISTRATION = "addTypeEqualityFunc"


def _expected_literal_second(first: cst.BaseExpression, second: cst.BaseExpression) -> bool:
    """True when the second operand is the expected value and a literal that can safely go first."""
    return looks_expected(second) and not looks_expected(first) and is_pure_literal(second)


class UnittestAssertion(_TestFileRule):
    """A unittest assertion method where a plain `assert` would do.

    The guide prefers pytest, whose plain `assert` shows both values on failure. Reported:
    `self.assertEqual/assertNotEqual/assertTrue/assertFalse/assertIsNone/assertIsNotNone/assertIn/
    assertNotIn/assertIs/assertIsNot` (and the deprecated `assertEquals`/`assertNotEquals`), and
    `self.assertRaises(E)` used as a context manager. Other unittest methods (`assertAlmostEqual`,
    `assertRaisesRegex`, ...) have no one-line plain form and are left alone; the callable form
    `self.assertRaises(E, fn, ...)` is CS505's.

    Fix (safe where exactly equivalent, else unsafe), when the call is a statement of its own: the plain `assert`
    form, e.g. `self.assertEqual(result, 3)` → `assert 3 == result`, `self.assertFalse(a or b)` → `assert not (a or
    b)`; operands get parentheses where precedence needs them or where a line break would otherwise end the
    statement, and a `msg` argument becomes the assert message. The expected operand goes first (as CS502 asks) only
    when it is a literal without code in it, which Python compares the same from either side and evaluates without
    running anything; otherwise the order is kept and CS502 offers its own swap. `with self.assertRaises(E):` →
    `with pytest.raises(E):` (not offered with `as cm`, whose `cm.exception` has no pytest twin). No fix when a
    comment between the arguments would be lost, or for starred arguments.

    Fix (safety): safe where the plain form checks exactly what the method checks, unsafe where it may not: when the
    `msg` is more than a literal or a name (the method evaluates it every time, an `assert` only when it fails, so
    its side effects or errors would move); for `assertEqual`/`assertNotEqual` in a test class (or function)
    that calls `addTypeEqualityFunc` (unittest then compares with that function, not `==`), or for a method the
    test class redefines itself; and for `pytest.raises` when the module does not import pytest yet (a unittest-only project
    may not have it installed) or when the `with` sits inside a `try` (pytest's failure is not an `Exception`,
    unittest's is, so an enclosing `except Exception:` would no longer catch it). Like every plain `assert`, the
    result is skipped under `python -O`.
    """

    code = "CS503"
    name = "unittest-assertion"
    priority = Priority.PREFERRED
    guideline = Guideline.TEST_FRAMEWORK
    message = "`self.{method}` is unittest style: use {replacement}"
    fix_safety = FixSafety.SAFE
    scope = Scope.STATEMENT
    VALID = [
        Valid("def test_WHEN_x_THEN_y():\n    assert 3 == result\n", path=EXAMPLE_PATH),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertAlmostEqual(0.3, total, places=2)\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertRaises(ValueError, parse, 'x')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with self.assertRaisesRegex(ValueError, 'bad'):\n            parse('x')\n",
            path=EXAMPLE_PATH,
        ),
        Valid("class Checker:\n    def check(self):\n        self.assertEqual(1, self.value)\n", path="src/example.py"),
    ]
    INVALID = [
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(result, 3)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert 3 == result\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertEqual(expected, parse(a), msg='parsed')\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        assert expected == parse(a), 'parsed'\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertFalse(a or b)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert not (a or b)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertIsNone(a == b, 'no')\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert (a == b) is None, 'no'\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertTrue(x)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert x\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertNotIn('key', data)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert 'key' not in data\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertIsNot(a, b)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert a is not b\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(\n"
            "            total +\n            1, 3)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert 3 == (total +\n"
            "            1)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "import os\nfrom unittest import TestCase\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with self.assertRaises(ValueError):\n            parse('x')\n",
            fixed=(
                    'import os\n'
                    'from unittest import TestCase\n'
                    '\n'
                    'import pytest\n'
                    '\n'
                    'class TestX(TestCase):\n'
                    '    def test_WHEN_x_THEN_y(self):\n'
                    '        with pytest.raises(ValueError):\n'
                    "            parse('x')\n"
                ),
            path=EXAMPLE_PATH,
        fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with self.assertRaises(ValueError) as cm:\n            parse('x')\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(\n"
            "            result,  # parsed\n            3,\n        )\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        """Report `self.assert*` calls with a plain form, and `with self.assertRaises(E):`."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and is_name(func.value, "self")):
            return
        method = func.attr.value
        if method == ASSERT_RAISES:
            self._check_assert_raises(node, func)
            return
        spec = UNITTEST_ASSERTS.get(method)
        if spec is None:
            return
        fixes: List[Fix] = []
        if _statement_call(self.context.ancestors, node):
            replacement = self._assert_text(node, spec)
            if replacement is not None:
                safety = FixSafety.SAFE if self._exactly_equivalent(node, method, spec) else FixSafety.UNSAFE
                fixes.append(self.fix("Use a plain `assert`", safety, Edit(self.outer_range(node), replacement)))
        self.report(func, fixes=fixes, method=method, replacement="a plain `assert`")

    def _registers_type_equality(self) -> bool:
        """True when the top-level statement holding the call (the test class or function) registers a type
        equality function: unittest then compares those types with it, not with `==`."""
        top = self.context.ancestors[1] if len(self.context.ancestors) > 1 else None
        return top is not None and any(
            isinstance(node, cst.Attribute) and node.attr.value == TYPE_EQUALITY_REGISTRATION for node in tree.walk(top)
        )

    def _exactly_equivalent(self, node: cst.Call, method: str, spec: Tuple[Tuple[str, ...], str]) -> bool:
        """True when the plain `assert` passes and fails exactly when the method does, running the same code."""
        bound = _call_args(node, spec[0]) or {}
        message = bound.get("msg")
        if message is not None and not (isinstance(message.value, cst.Name) or is_pure_literal(message.value)):
            return False
        if spec[1] in EQUALITY_OPERATORS and self._registers_type_equality():
            return False
        classes = [ancestor for ancestor in self.context.ancestors if isinstance(ancestor, cst.ClassDef)]
        return not classes or method not in own_methods(classes[-1])

    def _check_assert_raises(self, node: cst.Call, func: cst.Attribute) -> None:
        parent = self.context.ancestors[-1] if self.context.ancestors else None
        if not (isinstance(parent, cst.WithItem) and parent.item is node):
            return
        fixes: List[Fix] = []
        simple = len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star
        if simple and parent.asname is None:
            name, import_edit = self.pytest_name()
            fix_edits = [self.replace(func, f"{name}.raises")]
            if import_edit is not None:
                fix_edits.append(import_edit)
            safe = import_edit is None and not self.inside_try()
            fixes.append(self.fix("Use `pytest.raises`", FixSafety.SAFE if safe else FixSafety.UNSAFE, *fix_edits))
        self.report(func, fixes=fixes, method=ASSERT_RAISES, replacement="`with pytest.raises(...)`")

    def _assert_text(self, node: cst.Call, spec: Tuple[Tuple[str, ...], str]) -> Optional[str]:
        params, operator = spec
        bound = _call_args(node, params)
        operands = params[:-1]
        if bound is None or any(name not in bound for name in operands):
            return None
        kept = [arg.value for arg in bound.values()]
        if _has_comment_outside(node, kept):
            return None
        values = [bound[name].value for name in operands]
        if operator in EQUALITY_OPERATORS and _expected_literal_second(values[0], values[1]):
            values.reverse()
        if len(values) == 2:
            left, right = (self._operand(value, COMPARISON_OPERAND_PARENS) for value in values)
            test = f"{left} {operator} {right}"
        elif operator == "not":
            test = f"not {self._operand(values[0], NOT_OPERAND_PARENS)}"
        elif operator:
            test = f"{self._operand(values[0], COMPARISON_OPERAND_PARENS)} {operator}"
        else:
            test = self._operand(values[0], STANDALONE_PARENS)
        message = bound.get("msg")
        text = f"assert {test}"
        if message is not None:
            text += f", {self._operand(message.value, STANDALONE_PARENS)}"
        return text if _parses_as_statement(text) else None

    def _operand(self, node: cst.BaseExpression, kinds: Tuple[type, ...]) -> str:
        text = self.text(node)
        if _needs_parens(node, kinds) or not _fits_anywhere(text):
            return f"({text})"
        return text
