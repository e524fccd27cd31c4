"""Edge cases of the testing rules (CS501-CS508) beyond their embedded examples."""

import unittest
from pathlib import PurePosixPath
from typing import Callable, Collection, List, Tuple

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_single_fix, fix_text
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY
from chris_style.rules.testing import constant_name_for

TEST_PATH = "tests/test_example.py"
SAFE_ONLY = frozenset({FixSafety.SAFE})
SAFE_AND_UNSAFE = frozenset({FixSafety.SAFE, FixSafety.UNSAFE})
CS501 = "CS501"
CS502 = "CS502"
CS503 = "CS503"
CS504 = "CS504"
CS505 = "CS505"
CS506 = "CS506"
CS507 = "CS507"
CS508 = "CS508"
# CS504's fixes as (safety, title).
SAFE_CALL_ARGS_FIX = ("safe", "Assert on `call_args_list`")
UNSAFE_CALL_ARGS_FIX = ("unsafe", "Assert on `call_args_list`")
SAFE_CALL_COUNT_FIX = ("safe", "Assert on `call_count`")
MOCK_IMPORT = "from unittest import mock\n"


def _violations(code: str, text: str, path: str = TEST_PATH) -> List[Violation]:
    result = lint(SourceFile(text, PurePosixPath(path)), Settings(select=(code,)), REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == code]


def _fixed(code: str, text: str, safeties: Collection[FixSafety] = SAFE_ONLY) -> str:
    outcome = fix_text(SourceFile(text, PurePosixPath(TEST_PATH)), Settings(select=(code,)), REGISTRY, safeties=safeties)
    assert None is outcome.error
    compile(outcome.text, TEST_PATH, "exec", dont_inherit=True)
    return outcome.text


def _fix_safeties(code: str, text: str) -> List[Tuple[str, str]]:
    return [(fix.safety.value, fix.title) for violation in _violations(code, text) for fix in violation.fixes]


def _test(body: str) -> str:
    return "def test_WHEN_x_THEN_y():\n" + "".join(f"    {line}\n" for line in body.splitlines())


def _method(body: str, header: str = "") -> str:
    lines = "".join(f"        {line}\n" for line in body.splitlines())
    return f"{header}class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n{lines}"


# --- CS501 ---------------------------------------------------------------------------------------------------


def test_WHEN_test_renamed_in_crlf_file_THEN_only_the_name_changes() -> None:
    text = "import pytest\r\n\r\n@pytest.mark.slow\r\ndef test_deploy():\r\n    assert 1 == run()\r\n"

    actual = _fixed(CS501, text, SAFE_AND_UNSAFE)

    assert text.replace("test_deploy", "test_WHEN_deploy_called_THEN_as_expected") == actual


@pytest.mark.parametrize(
    "name",
    [
        "test_WHEN_deploy_called_AND_not_bootstrapped_AND_dry_run_THEN_executes_command",
        "test_WHEN_x_THEN_y_AND_z",
        "test_WHEN_should_proceed_with_operation_AND_abort_usage_THEN_as_expected",
    ],
)
def test_WHEN_name_follows_convention_THEN_not_reported(name: str) -> None:
    actual = _violations(CS501, f"def {name}():\n    assert 1 == run()\n")

    assert [] == actual


@pytest.mark.parametrize("name", ["test_when_x_then_y", "test_WHEN_x", "test_x_THEN_y", "test", "testWHEN_x_THEN_y"])
def test_WHEN_name_breaks_convention_THEN_reported(name: str) -> None:
    actual = _violations(CS501, f"def {name}():\n    assert 1 == run()\n")

    assert 1 == len(actual)


def test_WHEN_test_classes_vary_THEN_only_collected_methods_reported() -> None:
    text = (
        "import unittest\n\n"
        "class Base(unittest.TestCase):\n    def test_base(self):\n        pass\n\n"
        "class Derived(Base):\n    def test_derived(self):\n        pass\n\n"
        "class Helper:\n    def test_helper(self):\n        pass\n\n"
        "class TestSkipped:\n    __test__ = False\n\n    def test_skipped(self):\n        pass\n\n"
        "if True:\n    def test_conditional():\n        pass\n"
    )

    actual = [violation.message.split("`")[1] for violation in _violations(CS501, text)]

    assert ["test_base", "test_derived", "test_conditional"] == actual


# --- CS502 ---------------------------------------------------------------------------------------------------


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
    actual = _fixed(CS502, _test(before))

    assert _test(after) == actual


def test_WHEN_operand_multi_line_with_comments_THEN_swap_keeps_them_valid() -> None:
    before = "assert parse(  # the call\n    'a',\n) == [\n    1,  # one\n    2,\n]"
    after = "assert [\n    1,  # one\n    2,\n] == parse(  # the call\n    'a',\n)"

    actual = _fixed(CS502, _test(before))

    assert _test(after) == actual


def test_WHEN_file_uses_crlf_and_tabs_THEN_swap_keeps_them() -> None:
    text = "def test_WHEN_x_THEN_y():\r\n\tassert len(\r\n\t\titems) == 3\r\n"

    actual = _fixed(CS502, text)

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
    actual = _violations(CS502, _test(line))

    assert [] == actual


def test_WHEN_operand_assigns_with_walrus_THEN_reported_without_fix() -> None:
    actual = _fix_safeties(CS502, _test("assert (n := count()) == 3"))

    assert [] == actual


# --- CS503 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("self.assertEqual(first=a, second=1)", "assert 1 == a"),
        ("self.assertEqual(1, a, 'why')", "assert 1 == a, 'why'"),
        ("self.assertNotEqual(a == b, c)", "assert (a == b) != c"),
        ("self.assertTrue(x := f())", "assert (x := f())"),
        ("self.assertTrue(x for x in y)", "assert (x for x in y)"),
        ("self.assertTrue(a or b, msg=f'{a!r}')", "assert a or b, f'{a!r}'"),
        ("self.assertFalse(not x)", "assert not not x"),
        ("self.assertFalse(a == b)", "assert not a == b"),
        ("self.assertFalse(lambda: 1)", "assert not (lambda: 1)"),
        ("self.assertIsNone(a if b else c)", "assert (a if b else c) is None"),
        ("self.assertIsNotNone(d['it\\'s'])", "assert d['it\\'s'] is not None"),
        ("self.assertIn(a, b or c)", "assert a in (b or c)"),
        ("self.assertNotIn(not a, b)", "assert (not a) not in b"),
        ("self.assertIs(a, None)", "assert a is None"),
        ("self.assertEquals(result, 'x')", "assert 'x' == result"),
        ("self.assertEqual(a, b); x = 1", "assert a == b; x = 1"),
        ("if ok: self.assertTrue(x)", "if ok: assert x"),
        ("self.assertEqual(\n    '''one\ntwo''', text)", "assert '''one\ntwo''' == text"),
        ("self.assertEqual(\n    parse(\n        'a'), b)", "assert parse(\n        'a') == b"),
        ("self.assertEqual(\n    a\n    + 1, b)", "assert (a\n    + 1) == b"),
    ],
)
def test_WHEN_unittest_assertion_fixed_THEN_plain_assert_with_needed_parentheses(before: str, after: str) -> None:
    actual = _fixed(CS503, _method(before))

    assert _method(after) == actual


@pytest.mark.parametrize(
    "line",
    [
        "self.assertEqual(*pair)",
        "self.assertEqual(a, b, msg='x', extra=1)",
        "self.assertEqual(\n    a,  # actual\n    b,\n)",
        "check = lambda: self.assertTrue(x)",
        "value = self.assertTrue(x)",
        "self.assertTrue()",
    ],
)
def test_WHEN_rewrite_would_lose_meaning_or_comments_THEN_reported_without_fix(line: str) -> None:
    actual = _fix_safeties(CS503, _method(line))

    assert [] == actual


def test_WHEN_assert_raises_fixed_in_crlf_file_with_pytest_alias_THEN_alias_used() -> None:
    text = _method("with self.assertRaises(ValueError), open(p):\n    parse('x')", header="import pytest as pt\n\n")
    text = text.replace("\n", "\r\n")

    actual = _fixed(CS503, text)

    assert text.replace("self.assertRaises", "pt.raises") == actual


def test_WHEN_assert_raises_fixed_without_imports_THEN_import_pytest_added_once() -> None:
    text = '"""Tests."""\n' + _method(
        "with self.assertRaises(ValueError):\n    parse('x')\nwith self.assertRaises(KeyError):\n    load()"
    )

    actual = _fixed(CS503, text)

    expected = '"""Tests."""\nimport pytest\n' + _method(
        "with pytest.raises(ValueError):\n    parse('x')\nwith pytest.raises(KeyError):\n    load()"
    )
    assert expected == actual


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("assertEqual", (1, 1)),
        ("assertEqual", ([1], [2])),
        ("assertNotEqual", ("a", "a")),
        ("assertTrue", ([],)),
        ("assertFalse", (0,)),
        ("assertIsNone", (None,)),
        ("assertIsNotNone", (None,)),
        ("assertIn", (1, [1, 2])),
        ("assertNotIn", (3, [1, 3])),
        ("assertIs", (True, True)),
        ("assertIsNot", (None, None)),
    ],
)
def test_WHEN_fixed_assertion_runs_THEN_it_passes_and_fails_like_unittest(method: str, args: tuple) -> None:
    names = [f"v{index}" for index in range(len(args))]
    original = _method(f"self.{method}({', '.join(names)})")
    fixed = _fixed(CS503, original)
    namespace: dict = {"TestCase": unittest.TestCase}
    exec(compile(fixed.replace("(self):", f"(self, {', '.join(names)}):"), "fixed", "exec"), namespace)
    case = unittest.TestCase()

    expected_pass = _passes(lambda: getattr(case, method)(*args))
    actual_pass = _passes(lambda: namespace["TestX"].test_WHEN_x_THEN_y(None, *args))

    assert expected_pass == actual_pass


def _passes(check: Callable[[], object]) -> bool:
    try:
        check()
    except AssertionError:
        return False
    return True


# --- CS504 ---------------------------------------------------------------------------------------------------


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
    text = header + _test("m.assert_called_once_with('it\\'s', key=\"v\")")

    actual = _fixed(CS504, text, SAFE_AND_UNSAFE)

    assert header + _test(f"assert [{call}('it\\'s', key=\"v\")] == m.call_args_list") == actual


def test_WHEN_mock_name_is_shadowed_THEN_no_fix() -> None:
    text = _test("mock = Mock()\nrun(mock)\nother.assert_called_once_with(1)")

    actual = _fix_safeties(CS504, text)

    assert [] == actual


def test_WHEN_file_mentions_autospec_or_receiver_is_a_call_THEN_fix_unsafe() -> None:
    autospec = "from unittest import mock\n" + _test("m = mock.create_autospec(f)\nm.assert_called_once_with(1)")
    receiver_call = "from unittest import mock\n" + _test("get().assert_not_called()")

    actual = _fix_safeties(CS504, autospec) + _fix_safeties(CS504, receiver_call)

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
    text = MOCK_IMPORT + _test(f"{made}\nm.run.assert_called_once_with(1)")

    actual = _fix_safeties(CS504, text)

    assert [SAFE_CALL_ARGS_FIX] == actual


def test_WHEN_mock_is_patched_in_by_decorator_or_with_THEN_argument_fix_safe() -> None:
    decorated = MOCK_IMPORT + (
        "\n@mock.patch('app.cache', new=None)\n@mock.patch('app.client')\n"
        "def test_WHEN_x_THEN_y(client):\n    client.assert_called_once_with(1)\n"
    )
    with_block = MOCK_IMPORT + _test("with mock.patch('a.b') as m:\n    run()\nm.assert_called_once_with(1)")

    actual = _fix_safeties(CS504, decorated) + _fix_safeties(CS504, with_block)

    assert [SAFE_CALL_ARGS_FIX] * 2 == actual


def test_WHEN_mock_comes_from_a_fixture_THEN_argument_fix_unsafe_and_count_fixes_safe() -> None:
    text = MOCK_IMPORT + (
        "\ndef test_WHEN_x_THEN_y(client):\n    client.assert_called_once_with(1)\n"
        "    client.close.assert_not_called()\n    client.open.assert_called_once()\n"
    )

    actual = _fix_safeties(CS504, text)

    assert [UNSAFE_CALL_ARGS_FIX, SAFE_CALL_ARGS_FIX, SAFE_CALL_COUNT_FIX] == actual


def test_WHEN_crlf_multi_line_call_fixed_THEN_arguments_and_comments_kept() -> None:
    text = (
        "from unittest import mock\r\n\r\ndef test_WHEN_x_THEN_y(m):\r\n    m.run.assert_called_once_with(\r\n"
        "        1,  # one\r\n    )\r\n"
    )

    actual = _fixed(CS504, text, SAFE_AND_UNSAFE)

    expected = (
        "from unittest import mock\r\n\r\ndef test_WHEN_x_THEN_y(m):\r\n    assert [mock.call(\r\n"
        "        1,  # one\r\n    )] == m.run.call_args_list\r\n"
    )
    assert expected == actual


def test_WHEN_suggestions_offered_THEN_never_applied_in_bulk() -> None:
    text = _test("m.assert_called_with(1)\nm.assert_any_call(2)\nm.assert_has_calls([mock.call(1)])\nm.assert_called()")

    actual = _fix_safeties(CS504, text)

    assert ["suggestion"] * 4 == [safety for safety, _ in actual]
    assert text == _fixed(CS504, text, SAFE_AND_UNSAFE)


# --- CS505 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "self.assertRaises((KeyError, ValueError), d.get, 'k')",
            "with pytest.raises((KeyError, ValueError)):\n    d.get('k')",
        ),
        ("self.assertRaises(E, lambda x: x / 0, 1)", "with pytest.raises(E):\n    (lambda x: x / 0)(1)"),
        ("self.assertRaises(E, lambda: a +\n    b)", "with pytest.raises(E):\n    (a +\n    b)"),
        ("self.assertRaises(E, f, *args, **kwargs)", "with pytest.raises(E):\n    f(*args, **kwargs)"),
        ("self.assertRaises(E, f, 'it\\'s \"q\"')", "with pytest.raises(E):\n    f('it\\'s \"q\"')"),
        ("self.assertRaises(\n    E,\n    f,\n    1,\n)", "with pytest.raises(E):\n    f(1)"),
        ("self.assertRaises(E, f)  # why", "with pytest.raises(E):\n    f()  # why"),
    ],
)
def test_WHEN_callable_assert_raises_fixed_THEN_with_block_calls_it(before: str, after: str) -> None:
    header = "import pytest\n\n"

    actual = _fixed(CS505, _method(before, header=header))

    assert _method(after, header=header) == actual


def test_WHEN_crlf_tab_indented_assert_raises_fixed_THEN_newline_and_indent_kept() -> None:
    text = (
        "import pytest\r\n\r\nclass TestX(TestCase):\r\n\tdef test_WHEN_x_THEN_y(self):\r\n"
        "\t\tself.assertRaises(E, f)\r\n"
    )

    actual = _fixed(CS505, text)

    expected = (
        "import pytest\r\n\r\nclass TestX(TestCase):\r\n\tdef test_WHEN_x_THEN_y(self):\r\n"
        "\t\twith pytest.raises(E):\r\n\t\t\tf()\r\n"
    )
    assert expected == actual


@pytest.mark.parametrize(
    "line",
    ["if ok: self.assertRaises(E, f)", "x = 1; self.assertRaises(E, f)", "self.assertRaises(E, f,  # why\n    1)"],
)
def test_WHEN_assert_raises_not_alone_on_its_line_THEN_reported_without_fix(line: str) -> None:
    actual = _fix_safeties(CS505, _method(line, header="import pytest\n\n"))

    assert [] == actual


def test_WHEN_try_form_suggested_THEN_with_block_replaces_try_and_handler() -> None:
    text = _test(
        "try:\n    parse('x')  # bad\n    pytest.fail('no error')\nexcept (ValueError, TypeError):\n    pass\n"
        "assert 1 == run()"
    )
    violation = _violations(CS505, text)[0]
    source = SourceFile(text, PurePosixPath(TEST_PATH))

    actual = apply_single_fix(source, violation.fixes[0])

    assert "suggestion" == violation.fixes[0].safety.value
    assert (
        "import pytest\n\n\n"
        + _test("with pytest.raises((ValueError, TypeError)):\n    parse('x')  # bad\nassert 1 == run()")
        == actual
    )


def test_WHEN_try_has_several_handlers_THEN_reported_without_fix() -> None:
    text = _test("try:\n    parse('x')\n    assert False\nexcept ValueError:\n    pass\nexcept TypeError:\n    raise")

    actual = _fix_safeties(CS505, text)

    assert [] == actual


# --- CS506 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("import os, mock\n", 1),
        ("try:\n    import mock\nexcept ImportError:\n    from unittest import mock\n", 1),
        ("import pytest\n\n@pytest.fixture(scope='module')\ndef client(module_mocker):\n    return 1\n", 1),
        ("def helper(mocker):\n    return mocker\n", 0),
        ("from unittest.mock import mock_open\n", 0),
        ("import mockito.matchers\n", 1),
    ],
)
def test_WHEN_mock_libraries_imported_THEN_counted(text: str, count: int) -> None:
    actual = _violations(CS506, text)

    assert count == len(actual)


def test_WHEN_import_mock_fixed_in_crlf_file_THEN_line_replaced_and_comment_kept() -> None:
    actual = _fixed(CS506, "import os\r\nimport mock  # backport\r\n")

    assert "import os\r\nfrom unittest import mock  # backport\r\n" == actual


# --- CS507 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "assert_that(run()).is_equal_to(1)",
        "self.assertLogs()",
        "obj.assert_called_once()",
        "verifyNoMoreInteractions(m)",
        "with pytest.raises(E):\n    run()",
        "raise AssertionError",
        "for x in xs:\n    if x:\n        assert x",
        "pytest.fail('not yet')",
    ],
)
def test_WHEN_test_checks_something_THEN_not_reported(body: str) -> None:
    actual = _violations(CS507, _test(body))

    assert [] == actual


def test_WHEN_helpers_assert_through_chains_THEN_test_not_reported() -> None:
    text = (
        "class Base:\n    def _verify(self, x):\n        assert x\n\n"
        "class TestX(Base):\n    def _run(self):\n        self._verify(1)\n\n    def test_WHEN_x_THEN_y(self):\n"
        "        self._run()\n"
    )

    actual = _violations(CS507, text)

    assert [] == actual


def test_WHEN_helpers_recurse_without_asserting_THEN_test_reported() -> None:
    text = "def a():\n    b()\n\ndef b():\n    a()\n\ndef test_WHEN_x_THEN_y():\n    a()\n"

    actual = _violations(CS507, text)

    assert 1 == len(actual)


# --- CS508 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "taken", "expected"),
    [
        ("my-cluster", frozenset(), "TEST_MY_CLUSTER"),
        ("test-user", frozenset(), "TEST_USER"),
        ("--help", frozenset(), "TEST_HELP"),
        ("!!!!", frozenset(), "TEST_VALUE"),
        ("http://x.org", frozenset({"TEST_HTTP_X_ORG", "TEST_HTTP_X_ORG_2"}), "TEST_HTTP_X_ORG_3"),
        (
            "a very long sentence that goes on and on forever and ever",
            frozenset(),
            "TEST_A_VERY_LONG_SENTENCE_THAT_GOES_ON_AND",
        ),
    ],
)
def test_WHEN_constant_named_THEN_upper_snake_deduplicated(value: str, taken: frozenset, expected: str) -> None:
    actual = constant_name_for(value, taken)

    assert expected == actual


def test_WHEN_literal_extracted_in_crlf_file_with_nested_quotes_THEN_all_uses_replaced() -> None:
    tests = "".join(
        f"def test_WHEN_{index}_THEN_ok():\r\n    assert 1 == run('it\\'s \"x\"', f\"{{d['k']}}\")\r\n\r\n"
        for index in range(3)
    )
    text = "import os\r\n\r\n" + tests

    actual = _fixed(CS508, text, SAFE_AND_UNSAFE)

    expected = "import os\r\n\r\nTEST_IT_S_X = 'it\\'s \"x\"'\r\n\r\n" + tests.replace("'it\\'s \"x\"'", "TEST_IT_S_X")
    assert expected == actual


def test_WHEN_strings_are_not_test_data_THEN_not_counted() -> None:
    uses = (
        "match v:\n    case 'abcd':\n        pass\nx: 'Abcd' = 1\n'''abcd'''\ny = 'ab' 'cd'\nz = b'abcd'\nw = f'abcd'"
    )
    text = "".join(
        f"def test_WHEN_{index}_THEN_ok():\n" + "".join(f"    {line}\n" for line in uses.splitlines())
        for index in range(3)
    )

    actual = _violations(CS508, text)

    assert [] == actual
