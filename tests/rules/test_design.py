"""Edge cases of the section 8 rules (CS801-CS805) beyond their embedded examples."""

import sys
import types
from pathlib import PurePosixPath
from typing import Any, Dict, List

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits, choose_fixes
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import Position, SourceFile, TextRange
from chris_style.rules import REGISTRY

EXECUTED_MODULE = "design_rule_fixed"
TEST_CS801 = "CS801"
TEST_CS802 = "CS802"
TEST_CS803 = "CS803"
TEST_CS804 = "CS804"
TEST_CS805 = "CS805"
DATACLASS_PLAN = (
    "from dataclasses import asdict, dataclass\nfrom typing import Optional\n\n\n@dataclass\nclass Plan:\n    size: int\n"
)
STALE_PLAN = (
    "from dataclasses import dataclass, field\nfrom enum import Enum\nfrom typing import Any, Dict, List, Type, TypeVar\n\n"
    "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\nclass Color(Enum):\n    RED = 'red'\n\n\n@dataclass\nclass Plan:\n"
    "    count: int\n    color: Color = Color.RED\n    tags: List[str] = field(default_factory=list)\n\n"
    "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count}\n\n    @classmethod\n"
    "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(input['count'])\n"
)


def _violations(code: str, rule_code: str, path: str = "example.py") -> List[Violation]:
    result = lint(SourceFile(code, PurePosixPath(path)), Settings(), REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _messages(code: str, rule_code: str, path: str = "example.py") -> List[str]:
    return [violation.message for violation in _violations(code, rule_code, path)]


def _fixed(code: str, rule_code: str) -> str:
    source = SourceFile(code, PurePosixPath("example.py"))
    violations = _violations(code, rule_code)
    fixes = choose_fixes(violation.fix for violation in violations if violation.fix is not None)
    return apply_edits(source, (edit for fix in fixes for edit in fix.edits))


def _execute(code: str) -> Dict[str, Any]:
    module = types.ModuleType(EXECUTED_MODULE)
    sys.modules[EXECUTED_MODULE] = module
    try:
        exec(compile(code, f"{EXECUTED_MODULE}.py", "exec"), module.__dict__)
    finally:
        del sys.modules[EXECUTED_MODULE]
    return module.__dict__


# CS801 dict-as-record


def test_WHEN_dict_record_returned_THEN_report_covers_return_keyword() -> None:
    code = "def plan() -> dict:\n    return {'a': 1, 'b': 2, 'c': 3}\n"
    actual = [violation.range for violation in _violations(code, TEST_CS801)]
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
    assert 1 == len(_messages(code, TEST_CS801))


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
    assert [] == _messages(code, TEST_CS801)


def test_WHEN_record_has_many_keys_THEN_message_shows_first_three() -> None:
    code = "def plan() -> dict:\n    return {'a': 1, 'b': 2, 'c': 3, 'd': 4}\n"
    expected = ["`plan` returns a dict with keys `a`, `b`, `c`, ...: a record like this reads better as a `@dataclass`"]
    assert expected == _messages(code, TEST_CS801)


# CS802 dataclass-serialized-without-to-dict


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
    assert 1 == len(_messages(DATACLASS_PLAN + "\n\n" + usage, TEST_CS802))


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
    assert [] == _messages(DATACLASS_PLAN + "\n\n" + usage, TEST_CS802)


def test_WHEN_dataclass_defined_after_use_THEN_still_reported() -> None:
    code = (
        "from dataclasses import asdict, dataclass\n\n\ndef dump(plan: 'Plan') -> dict:\n    return asdict(plan)\n\n\n"
        "@dataclass\nclass Plan:\n    size: int\n"
    )
    assert 1 == len(_messages(code, TEST_CS802))


def test_WHEN_to_dict_inherited_from_module_base_THEN_not_reported() -> None:
    code = (
        "from dataclasses import asdict, dataclass\n\n\n@dataclass\nclass Base:\n    size: int\n\n"
        "    def to_dict(self) -> dict:\n        return {'size': self.size}\n\n\n@dataclass\nclass Plan(Base):\n"
        "    name: str\n\n\ndef dump(plan: Plan) -> dict:\n    return asdict(plan)\n"
    )
    assert [] == _messages(code, TEST_CS802)


def test_WHEN_serialized_dataclass_fixed_THEN_generated_methods_round_trip() -> None:
    code = DATACLASS_PLAN + "\n\ndef dump(plan: Plan) -> dict:\n    return asdict(plan)\n"
    violations = _violations(code, TEST_CS802)
    assert [FixSafety.SUGGESTION] == [violation.fix.safety for violation in violations if violation.fix]
    namespace = _execute(_fixed(code, TEST_CS802))
    expected = namespace["Plan"](3)
    assert expected == namespace["Plan"].from_dict(expected.to_dict())


# CS803 to-dict-out-of-sync


def test_WHEN_methods_stale_THEN_each_reported_with_missing_fields() -> None:
    expected = [
        "`to_dict()` of dataclass `Plan` does not mention field(s) `color`, `tags`",
        "`from_dict()` of dataclass `Plan` does not mention field(s) `color`, `tags`",
    ]
    assert expected == _messages(STALE_PLAN, TEST_CS803)


def test_WHEN_stale_methods_regenerated_THEN_round_trip_holds_and_relint_clean() -> None:
    fixed = _fixed(STALE_PLAN, TEST_CS803)
    assert [] == _messages(fixed, TEST_CS803)
    namespace = _execute(fixed)
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
    assert [] == _messages(code, TEST_CS803)


def test_WHEN_dataclass_has_unknown_base_THEN_only_known_fields_checked() -> None:
    code = (
        "from vendor import Base\n\n\n@dataclass\nclass Plan(Base):\n    count: int\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return {**super().to_dict(), 'count': self.count}\n"
    )
    assert [] == _messages(code, TEST_CS803)


# CS804 interface-without-abc


def test_WHEN_interface_fixed_THEN_class_abstract_and_implementations_work() -> None:
    code = (
        "class Provider:\n    def get_client(self) -> str:\n        raise NotImplementedError\n\n\n"
        "class Ec2Provider(Provider):\n    def get_client(self) -> str:\n        return 'ec2'\n"
    )
    namespace = _execute(_fixed(code, TEST_CS804))
    with pytest.raises(TypeError):
        namespace["Provider"]()
    assert "ec2" == namespace["Ec2Provider"]().get_client()


def test_WHEN_interface_method_has_other_decorators_THEN_abstractmethod_goes_innermost() -> None:
    code = (
        "from abc import ABC, abstractmethod\r\n\r\n\r\nclass Base:\r\n\t@staticmethod\r\n\tdef build() -> 'Base':\r\n"
        "\t\traise NotImplementedError\r\n"
    )
    expected = (
        "from abc import ABC, abstractmethod\r\n\r\n\r\nclass Base(ABC):\r\n\t@staticmethod\r\n\t@abstractmethod\r\n"
        "\tdef build() -> 'Base':\r\n\t\traise NotImplementedError\r\n"
    )
    assert expected == _fixed(code, TEST_CS804)


@pytest.mark.parametrize(
    "code",
    [
        "class Money:\n    def __eq__(self, other: object) -> bool:\n        raise NotImplementedError\n",
        "class Task:\n    def run(self) -> None:\n        raise NotImplementedError\n\n\ntask = Task()\n",
        "class Task(Base):\n    def run(self) -> None:\n        raise NotImplementedError\n",
        "class Task:\n    def run(self) -> None:\n        raise ValueError\n",
        "class Task:\n    def run(self) -> None:\n        '''Run.'''\n        pass\n",
    ],
    ids=["refusing dunder", "instantiated here", "unknown base", "other exception", "pass body"],
)
def test_WHEN_class_is_not_an_interface_without_abc_THEN_not_reported(code: str) -> None:
    assert [] == _messages(code, TEST_CS804)


# CS805 deep-inheritance


def test_WHEN_hierarchy_is_a_diamond_THEN_longest_chain_counts_once_per_class() -> None:
    code = (
        "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(A):\n    pass\n\n\nclass D(B, C):\n    pass\n\n\n"
        "class E(D):\n    pass\n"
    )
    expected = ["`E` inherits through 3 levels of this module's classes (E → D → B → A): prefer composition"]
    assert expected == _messages(code, TEST_CS805)


def test_WHEN_class_name_reused_as_its_own_base_THEN_no_endless_chain() -> None:
    code = "from vendor import Node\n\n\nclass Node(Node):\n    pass\n\n\nclass Leaf(Node):\n    pass\n"
    assert [] == _messages(code, TEST_CS805)


def test_WHEN_deep_hierarchy_in_test_file_THEN_still_reported() -> None:
    code = "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n\n\nclass D(C):\n    pass\n"
    assert 1 == len(_messages(code, TEST_CS805, path="tests/test_tree.py"))

