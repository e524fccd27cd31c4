"""Edge cases of CS803 to-dict-out-of-sync beyond its embedded examples."""

import pytest

from tests.refactors.helpers import findings
from tests.rules.helpers import SAFE_AND_UNSAFE, execute, fixed, fixed_once, messages, violations

EXECUTED_MODULE = "design_rule_fixed"
TEST_CS803 = "CS803"
STALE_PLAN = (
    "from dataclasses import dataclass, field\nfrom enum import Enum\nfrom typing import Any, Dict, List, Type, TypeVar\n\n"
    "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\nclass Color(Enum):\n    RED = 'red'\n\n\n@dataclass\nclass Plan:\n"
    "    count: int\n    color: Color = Color.RED\n    tags: List[str] = field(default_factory=list)\n\n"
    "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count}\n\n    @classmethod\n"
    "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(input['count'])\n"
)
# The fix keeps what was written by hand (linting/serialization_update.py): a custom key, a comment, an extra
# entry; the entry of a removed field (`zone`) and the assignment only it used go.
HAND_WRITTEN = (
    "from dataclasses import dataclass\nfrom typing import Any, Dict, Optional, Type, TypeVar\n\n"
    "T_Plan = TypeVar('T_Plan', bound='Plan')\nVERSION = 2  # of the plan format\n\n\n@dataclass\nclass Volume:\n"
    "    size: int\n\n\n@dataclass\nclass Plan:\n    instance_type: str\n    count: int\n"
    "    volume: Optional[Volume] = None\n\n    def to_dict(self) -> Dict[str, Any]:\n"
    "        '''The plan as the API wants it.'''\n        return {\n"
    "            # camelCase for the API\n            'instanceType': self.instance_type,  # renamed\n"
    "            'zone': self.zone,\n            'version': VERSION,\n        }\n\n    @classmethod\n"
    "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n"
    "        zone = input['zone'].lower()\n        return cls(\n            instance_type=input['instanceType'],\n"
    "            zone=zone,\n        )\n"
)
UPDATED = (
    "from dataclasses import dataclass\nfrom typing import Any, Dict, Optional, Type, TypeVar\n\n"
    "T_Volume = TypeVar('T_Volume', bound='Volume')\n\nT_Plan = TypeVar('T_Plan', bound='Plan')\n"
    "VERSION = 2  # of the plan format\n\n\n@dataclass\nclass Volume:\n    size: int\n\n    @classmethod\n"
    "    def from_dict(cls: Type[T_Volume], input: Dict[str, Any]) -> T_Volume:\n        return cls(\n"
    "            size=input['size']\n        )\n\n    def to_dict(self) -> Dict[str, Any]:\n        return {\n"
    "            'size': self.size\n        }\n\n\n@dataclass\nclass Plan:\n    instance_type: str\n    count: int\n"
    "    volume: Optional[Volume] = None\n\n    def to_dict(self) -> Dict[str, Any]:\n"
    "        '''The plan as the API wants it.'''\n        return {\n"
    "            # camelCase for the API\n            'instanceType': self.instance_type,  # renamed\n"
    "            'count': self.count,\n            'volume': self.volume.to_dict() if self.volume else None,\n"
    "            'version': VERSION\n        }\n\n    @classmethod\n"
    "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(\n"
    "            instance_type=input['instanceType'],\n            count=input['count'],\n"
    "            volume=Volume.from_dict(input['volume']) if input.get('volume') else None\n        )\n"
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


# -- the fix keeps what was written by hand ----------------------------------------------------------------------


def test_WHEN_stale_methods_updated_THEN_custom_keys_extras_and_comments_stay_and_removed_field_goes() -> None:
    assert UPDATED == fixed(HAND_WRITTEN, TEST_CS803, safeties=SAFE_AND_UNSAFE)


def test_WHEN_stale_methods_updated_THEN_clean_at_every_priority_AND_round_trip_holds() -> None:
    updated = fixed(HAND_WRITTEN, TEST_CS803, safeties=SAFE_AND_UNSAFE)
    assert [] == findings(updated)
    namespace = execute(updated, EXECUTED_MODULE)
    plan = namespace["Plan"]("m5.large", 3, namespace["Volume"](20))
    expected = {"instanceType": "m5.large", "count": 3, "volume": {"size": 20}, "version": 2}
    assert (expected, plan) == (plan.to_dict(), namespace["Plan"].from_dict(plan.to_dict()))


def test_WHEN_update_titled_THEN_it_names_added_and_dropped_entries() -> None:
    found = violations(HAND_WRITTEN, TEST_CS803)
    expected = [
        "Update `to_dict()`: add `count`, `volume`; drop `'zone'`",
        "Update `from_dict()`: add `count`, `volume`; drop `zone`",
    ]
    assert expected == [violation.fix.title for violation in found]


def test_WHEN_to_dict_builds_its_dict_in_statements_THEN_regenerated_whole() -> None:
    code = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Plan:\n"
        "    count: int\n    size: int\n\n    def to_dict(self) -> Dict[str, Any]:\n"
        "        result = {'count': self.count}\n        return result\n"
    )
    expected = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Plan:\n"
        "    count: int\n    size: int\n\n    def to_dict(self) -> Dict[str, Any]:\n        return {\n"
        "            'count': self.count,\n            'size': self.size\n        }\n"
    )
    assert expected == fixed_once(code, TEST_CS803)
