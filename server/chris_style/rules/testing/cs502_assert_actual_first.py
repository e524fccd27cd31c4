"""CS502 assert-actual-first: equality assertions put the expected value first."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Scope, Valid
from chris_style.linting.syntax import contains, dotted_name, is_name
from chris_style.rules.testing._shared import (
    EXAMPLE_PATH,
    _call_args,
    _shorten,
    _TestFileRule,
    is_pure_literal,
    looks_expected,
)

logger = logging.getLogger(__name__)


# Names that declare themselves the value under test: the guide's own `actual_value`.
ACTUAL_PREFIX = "actual"
RESULT_PREFIX = "result"
# What a mock records: the actual side of an assertion about it.
MOCK_RECORDS = frozenset({"call_args", "call_args_list", "call_count", "called", "mock_calls", "method_calls"})
# unittest's equality assertions, by the operator their plain form uses.
UNITTEST_EQUALITY = {"assertEqual": "==", "assertEquals": "==", "assertNotEqual": "!=", "assertNotEquals": "!="}


def _named_actual(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value.lower().startswith(ACTUAL_PREFIX)


def _may_be_expected(node: cst.BaseExpression) -> bool:
    """A name or attribute chain that does not say it is the actual value or a mock's record of calls."""
    dotted = dotted_name(node)
    if dotted is None:
        return False
    parts = dotted.lower().split(".")
    return not parts[0].startswith((ACTUAL_PREFIX, RESULT_PREFIX)) and parts[-1] not in MOCK_RECORDS


def actual_first(actual: cst.BaseExpression, expected: cst.BaseExpression) -> bool:
    """True when the first operand is the actual value and the second the expected one: the second looks
    expected and the first does not, or the first is named `actual...` and the second is a plain name that
    does not say it is actual (`assert actual_value == return_val`)."""
    if looks_expected(expected) and not looks_expected(actual):
        return True
    return _named_actual(actual) and _may_be_expected(expected) and not looks_expected(actual)


class AssertActualFirst(_TestFileRule):
    """An equality assertion puts the actual value first: `assert actual == expected`.

    The guide asks for `assert expected == actual`, always in that order, so a failure message reads the
    same way in every test. Reported for `assert A == B` and `assert A != B` (a single comparison, optionally
    parenthesised, with or without a message), and for `self.assertEqual(A, B)`/`assertNotEqual(A, B)` (the
    same order, in unittest's words), when A is the actual value and B the expected one:

    - B looks expected and A does not. Looks expected: a literal or a container of literals,
      `None`/`True`/`False`, a name starting with `expected`, a SCREAMING_SNAKE_CASE name, a constant or
      enum member reached through a module or class (`s3.BucketStatus.EXISTS_HAVE_ACCESS`,
      `status.HTTP_200_OK`: the last name is SCREAMING_SNAKE_CASE), a list of `mock.call(...)`;
    - or A is a name starting with `actual` (the guide's own word for it) and B a name or attribute chain that
      neither starts with `actual`/`result` nor is a mock's record (`call_args_list`, `call_count`...), as in
      aws-aio's `assert actual_value == return_val`.

    Anything else, including calls, subscripts and other plain names on both sides, is left alone: which
    side is expected cannot be told. Chained comparisons (`a == b == c`), `is`, `in` and `<` are left alone.

    Fix (safe for a literal expected value, else unsafe): swap the two operands (arguments), each with its own
    parentheses and any comments inside it; comments between the operands stay where they are. Safe when the
    expected operand is a literal without code in it (a number, a string, `None`/`True`/`False`, a container of
    those; not an f-string with expressions): nothing runs when it is evaluated, and Python's `==` gives the same
    answer from either side of such a literal. Unsafe otherwise: evaluating a name or attribute first, and asking
    its class's `__eq__` first, can differ when the other side has side effects or an asymmetric `__eq__`. Not
    offered when an operand assigns with `:=`.
    """

    code = "CS502"
    name = "assert-actual-first"
    priority = Priority.CRITICAL
    guideline = Guideline.ASSERTION_STYLE
    message = "Expected value `{expected}` comes second: write `{form}`"
    fix_safety = FixSafety.SAFE
    scope = Scope.STATEMENT
    VALID = [
        Valid("def test_WHEN_x_THEN_y():\n    assert 3 == len(items)\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert expected_value == actual_value\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert result == value\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert a == b == 3\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert result is None\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert len(items) > 3\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert 'a' == 'a'\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert result == expected.value\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert mock_get.call_args == mock.call(1)\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert response.status == str(200)\n", path=EXAMPLE_PATH),
        Valid("def check():\n    assert result == 3\n", path="src/example.py"),
        # The guide's Mock Verification example, and aws-aio test_s3_interactions.py: expected first.
        Valid(
            "def test_WHEN_x_THEN_y():\n    assert create_bucket_calls == mock_s3_client.create_bucket.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_WHEN_x_THEN_y():\n    assert s3.BucketStatus.EXISTS == actual_value\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert actual_value == actual_other\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert actual_value == mock_get.call_args_list\n", path=EXAMPLE_PATH),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(3, len(items))\n",
            path=EXAMPLE_PATH,
        ),
    ]
    INVALID = [
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert len(items) == 3\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert 3 == len(items)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert (actual_value != EXPECTED_VALUE), 'differs'\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert (EXPECTED_VALUE != actual_value), 'differs'\n",
            path=EXAMPLE_PATH,
        fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert client.calls == [mock.call('a'), mock.call(b=1)]\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert [mock.call('a'), mock.call(b=1)] == client.calls\n",
            path=EXAMPLE_PATH,
        fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert (x if flag else y) == {'key': [1, -2.5, None]}\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert {'key': [1, -2.5, None]} == (x if flag else y)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert (\n        result  # what we got\n        == expected_result\n"
            "    )\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert (\n        expected_result  # what we got\n"
            "        == result\n    )\n",
            path=EXAMPLE_PATH,
        fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert value == None\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert None == value\n",
            path=EXAMPLE_PATH,
        ),
        Invalid("def test_WHEN_x_THEN_y():\n    assert (found := lookup()) == EXPECTED\n", path=EXAMPLE_PATH),
        # aws-aio test_s3_interactions.py: an enum member is the expected value.
        Invalid(
            "def test_WHEN_x_THEN_y():\n    actual_value = s3.get_bucket_status('bucket', mock_provider)\n"
            "    assert actual_value == s3.BucketStatus.EXISTS_HAVE_ACCESS\n",
            fixed="def test_WHEN_x_THEN_y():\n    actual_value = s3.get_bucket_status('bucket', mock_provider)\n"
            "    assert s3.BucketStatus.EXISTS_HAVE_ACCESS == actual_value\n",
            path=EXAMPLE_PATH,
        fix_safety=FixSafety.UNSAFE,
        ),
        # aws-aio test_ssm_operations.py: the mock's return value is what the function must give back.
        Invalid(
            "def test_WHEN_x_THEN_y(mock_client):\n    return_val = {'Parameter': {'Value': 'v'}}\n"
            "    actual_value = get_ssm_param('name', mock_client)\n    assert actual_value == return_val\n",
            fixed="def test_WHEN_x_THEN_y(mock_client):\n    return_val = {'Parameter': {'Value': 'v'}}\n"
            "    actual_value = get_ssm_param('name', mock_client)\n    assert return_val == actual_value\n",
            path=EXAMPLE_PATH,
        fix_safety=FixSafety.UNSAFE,
        ),
        # ocsf-playground test_views.py / test_rest_client.py: unittest's assertEqual, actual first.
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertEqual(response.status_code, status.HTTP_200_OK)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertEqual(response, {'key': 'value'})\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Assert(self, node: cst.Assert) -> None:
        """Report `assert A == B` / `A != B` where A is actual and B expected, with the operand swap."""
        test = node.test
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return
        target = test.comparisons[0]
        if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return
        operator = "==" if isinstance(target.operator, cst.Equal) else "!="
        self._check(test, test.left, target.comparator, f"assert <expected> {operator} <actual>")

    def visit_Call(self, node: cst.Call) -> None:
        """Report `self.assertEqual(A, B)` / `assertNotEqual(A, B)` where A is actual and B expected."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and is_name(func.value, "self")):
            return
        method = func.attr.value
        if method not in UNITTEST_EQUALITY:
            return
        bound = _call_args(node, ("first", "second", "msg"))
        if bound is None or "first" not in bound or "second" not in bound:
            return
        self._check(node, bound["first"].value, bound["second"].value, f"self.{method}(<expected>, <actual>)")

    def _check(self, node: cst.CSTNode, actual: cst.BaseExpression, expected: cst.BaseExpression, form: str) -> None:
        if not actual_first(actual, expected):
            return
        fixes: List[Fix] = []
        if not any(contains(operand, cst.NamedExpr) for operand in (actual, expected)):
            actual_text, expected_text = self.text(actual), self.text(expected)
            safety = FixSafety.SAFE if is_pure_literal(expected) else FixSafety.UNSAFE
            fixes.append(
                self.fix(
                    "Swap the operands (expected first)",
                    safety,
                    Edit(self.outer_range(actual), expected_text),
                    Edit(self.outer_range(expected), actual_text),
                )
            )
        shown = self.context.code_for(expected)
        self.report(node, fixes=fixes, expected=_shorten(shown), form=form)
