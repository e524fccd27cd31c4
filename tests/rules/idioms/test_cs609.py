"""Edge cases of CS609 complex-boolean-condition beyond its embedded examples."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import violations

BOOLEAN_CONDITION = "CS609"
BOOLEAN_CONDITION_ONLY = Settings(select=(BOOLEAN_CONDITION,))


@pytest.mark.parametrize(
    ("test", "expected_count"),
    [
        ("a and b and c", 0),
        ("a and b and c and d", 1),
        ("a or b and c", 1),
        ("not (a or b) and c", 1),
        ("(a and b) == (c or d)", 0),
        ("all([a and b or c])", 0),
        ("a and (b and (c and d))", 1),
        ("a and \\\n        b or c", 1),
    ],
)
def test_WHEN_condition_shapes_checked_THEN_only_complex_ones_reported(test: str, expected_count: int) -> None:
    code = f"def run(a, b, c, d):\n    if {test}:\n        pass\n"
    assert expected_count == len(violations(code, BOOLEAN_CONDITION, settings=BOOLEAN_CONDITION_ONLY))
