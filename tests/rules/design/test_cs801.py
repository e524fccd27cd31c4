"""Edge cases of CS801 dict-as-record beyond its embedded examples."""

import pytest

from chris_style.linting.source import Position, TextRange
from tests.rules.helpers import messages, violations

TEST_CS801 = "CS801"


def test_WHEN_dict_record_returned_THEN_report_covers_return_keyword() -> None:
    code = "def plan() -> dict:\n    return {'a': 1, 'b': 2, 'c': 3}\n"
    actual = [violation.range for violation in violations(code, TEST_CS801)]
    assert [TextRange(Position(1, 4), Position(1, 10))] == actual


@pytest.mark.parametrize(
    "code",
    [
        "async def fetch() -> dict:\n    return {'a': 1, 'b': 2, 'c': 3}\n",
        "def outer() -> None:\n    def inner() -> dict:\n        return {'a': 1, 'b': 2, 'c': 3}\n    use(inner)\n",
        "def plan(x: int) -> dict:\n    if x:\n        return {'a': 1, 'b': 2, 'c': 3}\n    return {}\n",
    ],
    ids=["async", "nested function", "one branch"],
)
def test_WHEN_record_returned_from_any_function_shape_THEN_reported(code: str) -> None:
    assert 1 == len(messages(code, TEST_CS801))


@pytest.mark.parametrize(
    "code",
    [
        "def plan() -> dict:\n    data = {'a': 1, 'b': 2, 'c': 3}\n    data = {}\n    return data\n",
        "def plan() -> dict:\n    data = {'a': 1, 'b': 2, 'c': 3}\n    send(json.dumps(data))\n    return data\n",
        "def plan() -> dict:\n    return {'a': 1, 'b': 2, f'{KEY}': 3}\n",
        "def plan() -> Plan:\n    return {'a': 1, 'b': 2, 'c': 3}\n",
        "def to_summary_json(self) -> dict:\n    return {'a': 1, 'b': 2, 'c': 3}\n",
        "def schema() -> dict:\n    return {'type': 'object', 'title': 'Plan', 'required': []}\n",
    ],
    ids=["rebound variable", "variable dumped", "two literal keys", "named return type", "to_x_json", "tagged"],
)
def test_WHEN_dict_is_not_a_record_THEN_not_reported(code: str) -> None:
    assert [] == messages(code, TEST_CS801)


def test_WHEN_record_has_many_keys_THEN_message_shows_first_three() -> None:
    code = "def plan() -> dict:\n    return {'a': 1, 'b': 2, 'c': 3, 'd': 4}\n"
    expected = ["`plan` returns a dict with keys `a`, `b`, `c`, ...: a record like this reads better as a `@dataclass`"]
    assert expected == messages(code, TEST_CS801)
