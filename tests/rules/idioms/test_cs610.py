"""Edge cases of CS610 if-else-assignment beyond its embedded examples: every conversion is executed before and
after on sample values, and branches a conditional expression would change are reported without a fix."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import fixed, violations
from tests.rules.idioms.behaviour import assert_same_behaviour

TERNARY = "CS610"
TERNARY_ONLY = Settings(select=(TERNARY,))


@pytest.mark.parametrize(
    "body",
    [
        "    if c:\n        x = a\n    else:\n        x = b\n    return x\n",
        "    if c:\n        x = a, b\n    else:\n        x = b, a\n    return x\n",
        "    if c and \\\n            a:\n        x = a\n    else:\n        x = b\n    return x\n",
        "    if c: x = [a,\n               b]\n    else: x = {'k': b}\n    return x\n",
        "    if c:\n        x = a if a else b\n    else:\n        x = b if b else a\n    return x\n",
        "    if c:\n        x = lambda: a\n    else:\n        x = lambda: b\n    return x()\n",
        "    data = {}\n    if c:\n        data['k'] = a\n    else:\n        data['k'] = b\n    return data\n",
        "    if not c:\n        x = \"it's\"\n    else:\n        x = 'say \"hi\"'\n    return x\n",
    ],
)
def test_WHEN_if_else_assignment_converted_THEN_conditional_expression_gives_same_value(body: str) -> None:
    before = "def pick(c, a, b):\n" + body
    after = fixed(before, TERNARY, settings=TERNARY_ONLY)
    assert "else:" not in after
    assert_same_behaviour(before, after, "pick", [(True, 1, 2), (False, 1, 2), (0, 0, 3), ("", None, 0)])


def test_WHEN_single_line_would_exceed_limit_THEN_parenthesised_over_several_lines_and_still_equivalent() -> None:
    before = (
        "def pick(c, a, b):\n    if c:\n        result_value = a + 1000\n    else:\n        result_value = b - 1000\n"
        "    return result_value\n"
    )
    expected = (
        "def pick(c, a, b):\n    result_value = (\n        a + 1000\n        if c\n        else b - 1000\n    )\n"
        "    return result_value\n"
    )
    actual = fixed(before, TERNARY, settings=Settings(select=(TERNARY,), line_length=40))
    assert expected == actual
    assert_same_behaviour(before, actual, "pick", [(True, 1, 2), (False, 1, 2)])


def test_WHEN_if_else_assignment_in_decorated_function_with_tabs_THEN_indentation_kept() -> None:
    before = "@decorate\ndef pick(c):\n\tif c:\n\t\tx = 1\n\telse:\n\t\tx = 2\n\treturn x\n"
    assert "@decorate\ndef pick(c):\n\tx = 1 if c else 2\n\treturn x\n" == fixed(before, TERNARY, settings=TERNARY_ONLY)


@pytest.mark.parametrize(
    "body",
    [
        "    if c:\n        x = a\n    else:  # otherwise\n        x = b\n",
        "    if c:\n        # the first\n        x = a\n    else:\n        x = b\n",
        "    if c:\n        x = (yield a)\n    else:\n        x = b\n",
        "    if c:\n        x = (y := a)\n    else:\n        x = b\n",
        "    if c:\n        x: int = a\n    else:\n        x = b\n",
    ],
)
def test_WHEN_fix_would_lose_comment_or_change_scope_THEN_reported_without_fix(body: str) -> None:
    code = "def pick(c, a, b):\n" + body
    actual = [v.fixes for v in violations(code, TERNARY, settings=TERNARY_ONLY)]
    assert [()] == actual
