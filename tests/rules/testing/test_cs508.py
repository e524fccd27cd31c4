"""Edge cases of CS508 repeated-test-literal beyond its embedded examples."""

import pytest

from chris_style.config.settings import Settings
from chris_style.rules.testing.cs508_repeated_test_literal import constant_name_for
from tests.rules.helpers import SAFE_AND_UNSAFE, violations
from tests.rules.testing.snippets import TEST_PATH, fixed_and_compiled

CS508 = "CS508"
# Only CS508 runs, as `fix --select CS508` would.
SETTINGS = Settings(select=(CS508,))


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

    actual = fixed_and_compiled(text, CS508, SAFE_AND_UNSAFE)

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

    actual = violations(text, CS508, TEST_PATH, SETTINGS)

    assert [] == actual
