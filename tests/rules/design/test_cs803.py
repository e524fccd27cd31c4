"""Edge cases of CS803 to-dict-out-of-sync beyond its embedded examples."""

import pytest

from tests.rules.helpers import execute, fixed_once, messages

EXECUTED_MODULE = "design_rule_fixed"
TEST_CS803 = "CS803"
STALE_PLAN = (
    "from dataclasses import dataclass, field\nfrom enum import Enum\nfrom typing import Any, Dict, List, Type, TypeVar\n\n"
    "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\nclass Color(Enum):\n    RED = 'red'\n\n\n@dataclass\nclass Plan:\n"
    "    count: int\n    color: Color = Color.RED\n    tags: List[str] = field(default_factory=list)\n\n"
    "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count}\n\n    @classmethod\n"
    "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(input['count'])\n"
)


def test_WHEN_methods_stale_THEN_each_reported_with_missing_fields() -> None:
    expected = [
        "`to_dict()` of dataclass `Plan` does not mention field(s) `color`, `tags`",
        "`from_dict()` of dataclass `Plan` does not mention field(s) `color`, `tags`",
    ]
    assert expected == messages(STALE_PLAN, TEST_CS803)


def test_WHEN_stale_methods_regenerated_THEN_round_trip_holds_and_relint_clean() -> None:
    fixed = fixed_once(STALE_PLAN, TEST_CS803)
    assert [] == messages(fixed, TEST_CS803)
    namespace = execute(fixed, EXECUTED_MODULE)
    expected = namespace["Plan"](2, namespace["Color"].RED, ["a"])
    assert expected == namespace["Plan"].from_dict(expected.to_dict())


@pytest.mark.parametrize(
    "method",
    [
        "    def to_dict(self) -> Dict[str, Any]:\n        return {name: getattr(self, name) for name in NAMES}\n",
        "    def to_dict(self) -> Dict[str, Any]:\n        return {f.name: 1 for f in fields(self)}\n",
        "    @classmethod\n    def from_dict(cls, input: Dict[str, Any]) -> 'Plan':\n        return Plan(**input)\n",
        "    @classmethod\n    def from_dict(cls, input: Dict[str, Any]) -> 'Plan':\n"
        "        return cls(input['a'], input['b'], input['c'])\n",
    ],
    ids=["getattr", "fields", "class unpacking", "positional"],
)
def test_WHEN_method_reaches_every_field_THEN_not_reported(method: str) -> None:
    code = "@dataclass\nclass Plan:\n    count: int\n    size: int\n    name: str\n\n" + method
    assert [] == messages(code, TEST_CS803)


def test_WHEN_dataclass_has_unknown_base_THEN_only_known_fields_checked() -> None:
    code = (
        "from vendor import Base\n\n\n@dataclass\nclass Plan(Base):\n    count: int\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return {**super().to_dict(), 'count': self.count}\n"
    )
    assert [] == messages(code, TEST_CS803)
