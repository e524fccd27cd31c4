"""Edge cases of CS504 mock-assert-method beyond its embedded examples."""

import pytest

from tests.rules.helpers import SAFE_AND_UNSAFE
from tests.rules.testing.snippets import fixed_and_compiled, fixes_offered, in_test

CS504 = "CS504"
# CS504's fixes as (safety, title).
SAFE_CALL_ARGS_FIX = ("safe", "Assert on `call_args_list`")
UNSAFE_CALL_ARGS_FIX = ("unsafe", "Assert on `call_args_list`")
SAFE_CALL_COUNT_FIX = ("safe", "Assert on `call_count`")
MOCK_IMPORT = "from unittest import mock\n"


@pytest.mark.parametrize(
    ("header", "call"),
    [
        ("from unittest import mock as um\n", "um.call"),
        ("import unittest.mock\n", "unittest.mock.call"),
        ("import unittest.mock as mk\n", "mk.call"),
        ("from unittest.mock import call as c\n", "c"),
        ("import mock\n", "mock.call"),
    ],
)
def test_WHEN_module_imports_mock_its_way_THEN_fix_uses_that_name(header: str, call: str) -> None:
    text = header + in_test("m.assert_called_once_with('it\\'s', key=\"v\")")

    actual = fixed_and_compiled(text, CS504, SAFE_AND_UNSAFE)

    assert header + in_test(f"assert [{call}('it\\'s', key=\"v\")] == m.call_args_list") == actual


def test_WHEN_mock_name_is_shadowed_THEN_no_fix() -> None:
    text = in_test("mock = Mock()\nrun(mock)\nother.assert_called_once_with(1)")

    actual = fixes_offered(text, CS504)

    assert [] == actual


def test_WHEN_file_mentions_autospec_or_receiver_is_a_call_THEN_fix_unsafe() -> None:
    autospec = "from unittest import mock\n" + in_test("m = mock.create_autospec(f)\nm.assert_called_once_with(1)")
    receiver_call = "from unittest import mock\n" + in_test("get().assert_not_called()")

    actual = fixes_offered(autospec, CS504) + fixes_offered(receiver_call, CS504)

    assert [UNSAFE_CALL_ARGS_FIX] * 2 == actual


@pytest.mark.parametrize(
    "made",
    [
        "m = mock.Mock()",
        "m = mock.MagicMock(return_value=1)",
        "m = mocker.patch('app.client')",
        "m = mocker.patch.object(app, 'client')",
    ],
)
def test_WHEN_test_makes_a_plain_mock_THEN_argument_fix_safe(made: str) -> None:
    text = MOCK_IMPORT + in_test(f"{made}\nm.run.assert_called_once_with(1)")

    actual = fixes_offered(text, CS504)

    assert [SAFE_CALL_ARGS_FIX] == actual


def test_WHEN_mock_is_patched_in_by_decorator_or_with_THEN_argument_fix_safe() -> None:
    decorated = MOCK_IMPORT + (
        "\n@mock.patch('app.cache', new=None)\n@mock.patch('app.client')\n"
        "def test_WHEN_x_THEN_y(client):\n    client.assert_called_once_with(1)\n"
    )
    with_block = MOCK_IMPORT + in_test("with mock.patch('a.b') as m:\n    run()\nm.assert_called_once_with(1)")

    actual = fixes_offered(decorated, CS504) + fixes_offered(with_block, CS504)

    assert [SAFE_CALL_ARGS_FIX] * 2 == actual


def test_WHEN_mock_comes_from_a_fixture_THEN_argument_fix_unsafe_and_count_fixes_safe() -> None:
    text = MOCK_IMPORT + (
        "\ndef test_WHEN_x_THEN_y(client):\n    client.assert_called_once_with(1)\n"
        "    client.close.assert_not_called()\n    client.open.assert_called_once()\n"
    )

    actual = fixes_offered(text, CS504)

    assert [UNSAFE_CALL_ARGS_FIX, SAFE_CALL_ARGS_FIX, SAFE_CALL_COUNT_FIX] == actual


def test_WHEN_crlf_multi_line_call_fixed_THEN_arguments_and_comments_kept() -> None:
    text = (
        "from unittest import mock\r\n\r\ndef test_WHEN_x_THEN_y(m):\r\n    m.run.assert_called_once_with(\r\n"
        "        1,  # one\r\n    )\r\n"
    )

    actual = fixed_and_compiled(text, CS504, SAFE_AND_UNSAFE)

    expected = (
        "from unittest import mock\r\n\r\ndef test_WHEN_x_THEN_y(m):\r\n    assert [mock.call(\r\n"
        "        1,  # one\r\n    )] == m.run.call_args_list\r\n"
    )
    assert expected == actual


def test_WHEN_suggestions_offered_THEN_never_applied_in_bulk() -> None:
    text = in_test(
        "m.assert_called_with(1)\nm.assert_any_call(2)\nm.assert_has_calls([mock.call(1)])\nm.assert_called()"
    )

    actual = fixes_offered(text, CS504)

    assert ["suggestion"] * 4 == [safety for safety, _ in actual]
    assert text == fixed_and_compiled(text, CS504, SAFE_AND_UNSAFE)
