"""Edge cases of CS503 unittest-assertion beyond its embedded examples."""

import unittest
from typing import Callable

import pytest

from tests.rules.testing.snippets import fixed_and_compiled, fixes_offered, in_method

CS503 = "CS503"


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
    actual = fixed_and_compiled(in_method(before), CS503)

    assert in_method(after) == actual


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
    actual = fixes_offered(in_method(line), CS503)

    assert [] == actual


def test_WHEN_assert_raises_fixed_in_crlf_file_with_pytest_alias_THEN_alias_used() -> None:
    text = in_method("with self.assertRaises(ValueError), open(p):\n    parse('x')", header="import pytest as pt\n\n")
    text = text.replace("\n", "\r\n")

    actual = fixed_and_compiled(text, CS503)

    assert text.replace("self.assertRaises", "pt.raises") == actual


def test_WHEN_assert_raises_fixed_without_imports_THEN_import_pytest_added_once() -> None:
    text = '"""Tests."""\n' + in_method(
        "with self.assertRaises(ValueError):\n    parse('x')\nwith self.assertRaises(KeyError):\n    load()"
    )

    actual = fixed_and_compiled(text, CS503)

    expected = '"""Tests."""\nimport pytest\n' + in_method(
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
    original = in_method(f"self.{method}({', '.join(names)})")
    fixed = fixed_and_compiled(original, CS503)
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
