"""Edge cases of CS802 dataclass-serialized-without-to-dict beyond its embedded examples."""

import pytest

from chris_style.linting.rule import FixSafety
from tests.rules.helpers import execute, fixed_once, messages
from tests.rules.helpers import violations as rule_violations

EXECUTED_MODULE = "design_rule_fixed"
TEST_CS802 = "CS802"
DATACLASS_PLAN = (
    "from dataclasses import asdict, dataclass\nfrom typing import Optional\n\n\n@dataclass\nclass Plan:\n    size: int\n"
)


@pytest.mark.parametrize(
    "usage",
    [
        "def dump(plan: Optional[Plan]) -> dict:\n    return asdict(plan)\n",
        "def dump(plan: 'Plan') -> dict:\n    return asdict(plan)\n",
        "def dump() -> dict:\n    plan: Plan = load()\n    return vars(plan)\n",
        "def dump(plans: List[Plan]) -> list:\n    out = []\n    for plan in plans:\n        out.append(plan.__dict__)\n"
        "    return out\n",
        "def dump(plan: Plan) -> list:\n    return list(plan.__dict__.items())\n",
        "def dump(plan) -> dict:\n    plan = load()\n    return vars(plan)\n",
    ],
    ids=["optional parameter", "string annotation", "annotated variable", "loop variable", "items", "named after it"],
)
def test_WHEN_known_dataclass_serialized_THEN_reported(usage: str) -> None:
    assert 1 == len(messages(DATACLASS_PLAN + "\n\n" + usage, TEST_CS802))


@pytest.mark.parametrize(
    "usage",
    [
        "def dump(plan: Plan) -> dict:\n    plan = Other()\n    return asdict(plan)\n",
        "def dump(plan: Plan) -> None:\n    def inner(plan: Other) -> dict:\n        return asdict(plan)\n    inner(1)\n",
        "def dump(plan: Plan) -> bool:\n    return 'size' in plan.__dict__\n",
        "def dump(plan: Plan) -> int:\n    return plan.__dict__.get('size')\n",
        "def dump(plan: Plan) -> None:\n    plan.__dict__.update(size=1)\n",
    ],
    ids=["rebound", "shadowed in nested function", "membership test", "single key read", "update"],
)
def test_WHEN_object_is_not_known_to_be_serialized_dataclass_THEN_not_reported(usage: str) -> None:
    assert [] == messages(DATACLASS_PLAN + "\n\n" + usage, TEST_CS802)


def test_WHEN_dataclass_defined_after_use_THEN_still_reported() -> None:
    code = (
        "from dataclasses import asdict, dataclass\n\n\ndef dump(plan: 'Plan') -> dict:\n    return asdict(plan)\n\n\n"
        "@dataclass\nclass Plan:\n    size: int\n"
    )
    assert 1 == len(messages(code, TEST_CS802))


def test_WHEN_to_dict_inherited_from_module_base_THEN_not_reported() -> None:
    code = (
        "from dataclasses import asdict, dataclass\n\n\n@dataclass\nclass Base:\n    size: int\n\n"
        "    def to_dict(self) -> dict:\n        return {'size': self.size}\n\n\n@dataclass\nclass Plan(Base):\n"
        "    name: str\n\n\ndef dump(plan: Plan) -> dict:\n    return asdict(plan)\n"
    )
    assert [] == messages(code, TEST_CS802)


def test_WHEN_serialized_dataclass_fixed_THEN_generated_methods_round_trip() -> None:
    code = DATACLASS_PLAN + "\n\ndef dump(plan: Plan) -> dict:\n    return asdict(plan)\n"
    violations = rule_violations(code, TEST_CS802)
    assert [FixSafety.SUGGESTION] == [violation.fix.safety for violation in violations if violation.fix]
    namespace = execute(fixed_once(code, TEST_CS802), EXECUTED_MODULE)
    expected = namespace["Plan"](3)
    assert expected == namespace["Plan"].from_dict(expected.to_dict())


@pytest.mark.parametrize(
    "code",
    [
        "import dataclasses as dc\n\n\n@dc.dataclass\nclass Plan:\n    size: int\n\n\n"
        "def dump(plan: Plan) -> dict:\n    return dc.asdict(plan)\n",
        "from pydantic.dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n\n"
        "def dump(plan: Plan) -> dict:\n    return dict(plan.__dict__)\n",
    ],
)
def test_WHEN_module_spells_only_the_words_the_rule_needs_THEN_still_reported(code: str) -> None:
    assert 1 == len(rule_violations(code, TEST_CS802))


def test_WHEN_module_has_no_dataclass_THEN_vars_of_a_class_instance_not_reported() -> None:
    code = "class Plan:\n    size: int\n\n\ndef dump(plan: Plan) -> dict:\n    return vars(plan)\n"
    assert [] == rule_violations(code, TEST_CS802)
