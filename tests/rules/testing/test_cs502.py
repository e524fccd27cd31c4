"""Edge cases of CS502 assert-actual-first beyond its embedded examples."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import violations
from tests.rules.testing.snippets import TEST_PATH, fixed_and_compiled, fixes_offered, in_test

CS502 = "CS502"
# Only CS502 runs, as `fix --select CS502` would.
SETTINGS = Settings(select=(CS502,))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("assert (a == 1), 'msg'", "assert (1 == a), 'msg'"),
        ("assert (a) == (1)", "assert (1) == (a)"),
        ("assert ( a.b ) != [ 1 ]", "assert [ 1 ] != ( a.b )"),
        ("assert data['k'] == 'it\\'s \"x\"'", "assert 'it\\'s \"x\"' == data['k']"),
        ("assert f(x)[0] == f\"{'a'}b\"", "assert f\"{'a'}b\" == f(x)[0]"),
        ("assert x.y == -1.5", "assert -1.5 == x.y"),
        ("assert (a if b else c) == 1", "assert 1 == (a if b else c)"),
        ("assert actual == EXPECTED_ITEMS  # compare", "assert EXPECTED_ITEMS == actual  # compare"),
        ("assert result \\\n    == 1", "assert 1 \\\n    == result"),
    ],
)
def test_WHEN_assert_swapped_THEN_operands_exchange_with_their_parentheses(before: str, after: str) -> None:
    actual = fixed_and_compiled(in_test(before), CS502)

    assert in_test(after) == actual


def test_WHEN_operand_multi_line_with_comments_THEN_swap_keeps_them_valid() -> None:
    before = "assert parse(  # the call\n    'a',\n) == [\n    1,  # one\n    2,\n]"
    after = "assert [\n    1,  # one\n    2,\n] == parse(  # the call\n    'a',\n)"

    actual = fixed_and_compiled(in_test(before), CS502)

    assert in_test(after) == actual


def test_WHEN_file_uses_crlf_and_tabs_THEN_swap_keeps_them() -> None:
    text = "def test_WHEN_x_THEN_y():\r\n\tassert len(\r\n\t\titems) == 3\r\n"

    actual = fixed_and_compiled(text, CS502)

    assert "def test_WHEN_x_THEN_y():\r\n\tassert 3 == len(\r\n\t\titems)\r\n" == actual


@pytest.mark.parametrize(
    "line",
    [
        "assert a == b == 3",
        "assert a if b else c == 1",
        "assert a == 1 != b",
        "assert 1 == a",
        "assert not a == 1",
        "assert a == b",
        "assert a == 1 and b == 2",
        "assert a is 1",
        "assert a == str(1)",
        "assert a == [b, 1]",
        "assert a == expected.value",
        "assert expected_a == EXPECTED_B",
        "assert f'{a}' == 'x'",
        "assert m.call_args == mock.call(1)",
    ],
)
def test_WHEN_assert_not_actual_first_THEN_not_reported(line: str) -> None:
    actual = violations(in_test(line), CS502, TEST_PATH, SETTINGS)

    assert [] == actual


def test_WHEN_operand_assigns_with_walrus_THEN_reported_without_fix() -> None:
    actual = fixes_offered(in_test("assert (n := count()) == 3"), CS502)

    assert [] == actual
