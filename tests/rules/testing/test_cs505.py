"""Edge cases of CS505 exception-test-without-pytest-raises beyond its embedded examples."""

from pathlib import PurePosixPath

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_single_fix
from chris_style.linting.source import SourceFile
from tests.rules.helpers import SAFE_AND_UNSAFE, violations
from tests.rules.testing.snippets import TEST_PATH, fixed_and_compiled, fixes_offered, in_method, in_test

CS505 = "CS505"
# Only CS505 runs, as `fix --select CS505` would.
SETTINGS = Settings(select=(CS505,))


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

    actual = fixed_and_compiled(in_method(before, header=header), CS505, SAFE_AND_UNSAFE)

    assert in_method(after, header=header) == actual


def test_WHEN_crlf_tab_indented_assert_raises_fixed_THEN_newline_and_indent_kept() -> None:
    text = (
        "import pytest\r\n\r\nclass TestX(TestCase):\r\n\tdef test_WHEN_x_THEN_y(self):\r\n"
        "\t\tself.assertRaises(E, f)\r\n"
    )

    actual = fixed_and_compiled(text, CS505)

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
    actual = fixes_offered(in_method(line, header="import pytest\n\n"), CS505)

    assert [] == actual


def test_WHEN_try_form_suggested_THEN_with_block_replaces_try_and_handler() -> None:
    text = in_test(
        "try:\n    parse('x')  # bad\n    pytest.fail('no error')\nexcept (ValueError, TypeError):\n    pass\n"
        "assert 1 == run()"
    )
    violation = violations(text, CS505, TEST_PATH, SETTINGS)[0]
    source = SourceFile(text, PurePosixPath(TEST_PATH))

    actual = apply_single_fix(source, violation.fixes[0])

    assert "suggestion" == violation.fixes[0].safety.value
    assert (
        "import pytest\n\n\n"
        + in_test("with pytest.raises((ValueError, TypeError)):\n    parse('x')  # bad\nassert 1 == run()")
        == actual
    )


def test_WHEN_try_has_several_handlers_THEN_reported_without_fix() -> None:
    text = in_test("try:\n    parse('x')\n    assert False\nexcept ValueError:\n    pass\nexcept TypeError:\n    raise")

    actual = fixes_offered(text, CS505)

    assert [] == actual


@pytest.mark.parametrize(
    ("line", "header", "safety"),
    [
        ("self.assertRaises(ValueError, parse, 'x', strict)", "import pytest\n\n", "safe"),
        ("self.assertRaises(ValueError, lambda: parse('x'))", "import pytest\n\n", "safe"),
        # Evaluated before assertRaises starts watching, inside the `with` once rewritten.
        ("self.assertRaises(AttributeError, client.missing)", "import pytest\n\n", "unsafe"),
        ("self.assertRaises(KeyError, parse, data['key'])", "import pytest\n\n", "unsafe"),
        ("self.assertRaises(Exception, parse, value)", "import pytest\n\n", "unsafe"),
        ("self.assertRaises(ValueError, lambda: (found := parse('x')))", "import pytest\n\n", "unsafe"),
        ("self.assertRaises(ValueError, parse, *args)", "import pytest\n\n", "unsafe"),
        ("self.assertRaises(ValueError, parse, 'x')", "", "unsafe"),
        ("try:\n    self.assertRaises(ValueError, parse, 'x')\nexcept Exception:\n    pass", "import pytest\n\n", "unsafe"),
    ],
)
def test_WHEN_rewrite_could_run_differently_THEN_fix_unsafe(line: str, header: str, safety: str) -> None:
    offered = fixes_offered(in_method(line, header=header), CS505)

    actual = [found for found, _ in offered if found != "suggestion"]
    assert [safety] == actual
