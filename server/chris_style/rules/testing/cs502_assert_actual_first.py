"""CS502 assert-actual-first: equality assertions put the expected value first."""

import logging
from typing import List

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Scope, Valid
from chris_style.rules.testing._shared import EXAMPLE_PATH, _shorten, _TestFileRule, looks_expected

logger = logging.getLogger(__name__)


class AssertActualFirst(_TestFileRule):
    """An equality assertion puts the actual value first: `assert actual == expected`.

    The guide asks for `assert expected == actual`, always in that order, so a failure message reads the
    same way in every test. Reported for `assert A == B` and `assert A != B` (a single comparison, optionally
    parenthesised, with or without a message) when B looks expected and A does not. Looks expected: a literal
    or a container of literals, `None`/`True`/`False`, a name starting with `expected`, a SCREAMING_SNAKE_CASE
    name, a list of `mock.call(...)`. Anything else, including calls, attributes and subscripts (what looks
    actual), does not. Chained comparisons (`a == b == c`), `is`, `in` and `<` are left alone.

    Fix (safe): swap the two operands, each with its own parentheses and any comments inside it; comments
    between the operands stay where they are. Not offered when an operand assigns with `:=`, since the swap
    would change the evaluation order of that assignment.
    """

    code = "CS502"
    name = "assert-actual-first"
    priority = Priority.CRITICAL
    guideline = Guideline.ASSERTION_STYLE
    message = "Expected value `{expected}` comes second: write `assert <expected> {operator} <actual>`"
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
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert client.calls == [mock.call('a'), mock.call(b=1)]\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert [mock.call('a'), mock.call(b=1)] == client.calls\n",
            path=EXAMPLE_PATH,
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
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert value == None\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert None == value\n",
            path=EXAMPLE_PATH,
        ),
        Invalid("def test_WHEN_x_THEN_y():\n    assert (found := lookup()) == EXPECTED\n", path=EXAMPLE_PATH),
    ]

    def visit_Assert(self, node: cst.Assert) -> None:
        """Report `assert A == B` / `A != B` where only B looks expected, with the operand swap."""
        test = node.test
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return
        target = test.comparisons[0]
        if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return
        actual, expected = test.left, target.comparator
        if not looks_expected(expected) or looks_expected(actual):
            return
        fixes: List[Fix] = []
        if not any(m.findall(operand, m.NamedExpr()) for operand in (actual, expected)):
            actual_text, expected_text = self.text(actual), self.text(expected)
            fixes.append(
                self.fix(
                    "Swap the operands (expected first)",
                    FixSafety.SAFE,
                    Edit(self.outer_range(actual), expected_text),
                    Edit(self.outer_range(expected), actual_text),
                )
            )
        operator = "==" if isinstance(target.operator, cst.Equal) else "!="
        shown = self.context.code_for(expected)
        self.report(test, fixes=fixes, expected=_shorten(shown), operator=operator)
