"""The "Generate to_dict()/from_dict()" refactoring: the generated code is executed to prove the round trip."""

import contextlib
import difflib
import json
import sys
import types
from pathlib import PurePosixPath
from typing import Any, Dict, Iterator, List, Optional, Sequence

import pytest

from chris_style.config.keys import apply_overrides
from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits, choose_fixes
from chris_style.linting.rule import Fix, FixSafety, RuleContext
from chris_style.linting.runner import lint
from chris_style.linting.serialization import (
    FROM_DICT,
    SERIALIZATION_METHODS,
    TO_DICT,
    can_generate,
    generate_serialization,
)
from chris_style.linting.source import Position, SourceFile
from chris_style.refactors.serialization import dataclass_at
from chris_style.rules import REGISTRY

MODULE_NAME = "generated_plans"
TEST_PLAN = "Plan"
# Every kind of field the refactoring converts: nested, optional, recursive, containers of dataclasses,
# enums (also an IntEnum whose member is falsy), defaults, default factories and standard scalars.
PLANS_SOURCE = '''"""Plans for a cluster."""

import datetime
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple, Type, TypeVar


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 0
    HIGH = 1


@dataclass
class Volume:
    size: int
    kind: str = "gp3"


@dataclass
class Node:
    name: str
    volume: Volume
    backup: Optional[Volume] = None
    color: Color = Color.RED
    level: Optional[Level] = None


@dataclass
class Tree:
    label: str
    children: List["Tree"] = field(default_factory=list)
    parent_label: Optional[str] = None
    previous: "Tree" = None


@dataclass
class Empty:
    pass


@dataclass
class Sized:
    count: int

    def __len__(self) -> int:
        return self.count


@dataclass
class Holder:
    empty: Optional[Empty] = None
    sized: Optional[Sized] = None
    level: Level = Level.LOW


@dataclass
class Cluster:
    nodes: List[Node]
    by_zone: Dict[str, Node]
    groups: Dict[str, List[Volume]] = field(default_factory=dict)
    colors: Set[Color] = field(default_factory=set)
    sizes: Tuple[int, ...] = ()
    spares: Tuple[Volume, ...] = ()
    levels: Dict[Level, Optional[Volume]] = field(default_factory=dict)
    created: datetime.datetime = field(default_factory=lambda: datetime.datetime(2024, 1, 1))
    budget: Decimal = Decimal("1.5")
    home: Path = Path("/tmp")
    tags: List[str] = field(default_factory=list)
    metadata: Dict[str, int] = field(default_factory=dict)
'''
GENERATED_CLASSES = ("Volume", "Node", "Tree", "Empty", "Sized", "Holder", "Cluster")
# Instances built in the executed module's namespace; each must survive to_dict() -> from_dict().
INSTANCES = {
    "Volume": ["Volume(3)", "Volume(0, kind='')"],
    "Node": [
        "Node('a', Volume(1))",
        "Node('b', Volume(2), backup=Volume(0, ''), color=Color.BLUE, level=Level.LOW)",
    ],
    "Tree": [
        "Tree('root')",
        "Tree('root', children=[Tree('leaf', parent_label='root')], previous=Tree('old', previous=Tree('older')))",
    ],
    "Empty": ["Empty()"],
    "Sized": ["Sized(0)"],
    "Holder": ["Holder()", "Holder(empty=Empty(), sized=Sized(0), level=Level.HIGH)"],
    "Cluster": [
        "Cluster(nodes=[], by_zone={})",
        "Cluster(nodes=[Node('a', Volume(1))], by_zone={'z1': Node('b', Volume(2), backup=Volume(3))},"
        " groups={'g': [Volume(4), Volume(5)]}, colors={Color.RED, Color.BLUE}, sizes=(1, 2), spares=(Volume(6),),"
        " levels={Level.LOW: None, Level.HIGH: Volume(7)}, created=datetime.datetime(2020, 5, 17, 3, 4),"
        " budget=Decimal('2.25'), home=Path('/srv'), tags=['x'], metadata={'m': 1})",
    ],
}
ROUND_TRIP_CASES = [(name, code) for name, codes in INSTANCES.items() for code in codes]
# Classes whose dicts survive json.dumps/json.loads unchanged (Cluster's enum-valued keys turn into strings).
JSON_CASES = [(name, code) for name, code in ROUND_TRIP_CASES if name != "Cluster"]


def _context(text: str, settings: Settings = Settings()) -> RuleContext:
    source = SourceFile(text, PurePosixPath("plans.py"))
    return RuleContext(source, source.parse(), settings)


def _generated(
    text: str,
    class_names: Sequence[str],
    settings: Settings = Settings(),
    methods: Sequence[str] = SERIALIZATION_METHODS,
) -> str:
    """The text after generating the methods on each named class in turn (one edit set per class)."""
    for class_name in class_names:
        context = _context(text, settings)
        class_def = context.facts.classes.classes[class_name]
        text = apply_edits(context.source, generate_serialization(context, class_def, methods))
    return text


@contextlib.contextmanager
def _executed(text: str) -> Iterator[Dict[str, Any]]:
    """Run the code as a real module (dataclasses look their module up) and give its namespace."""
    module = types.ModuleType(MODULE_NAME)
    sys.modules[MODULE_NAME] = module
    try:
        exec(compile(text, f"{MODULE_NAME}.py", "exec"), module.__dict__)
        yield module.__dict__
    finally:
        del sys.modules[MODULE_NAME]


@pytest.fixture(scope="module")
def plans_code() -> str:
    return _generated(PLANS_SOURCE, GENERATED_CLASSES)


@pytest.fixture
def plans(plans_code: str) -> Iterator[Dict[str, Any]]:
    with _executed(plans_code) as namespace:
        yield namespace


def _new_lines(before: str, after: str) -> List[int]:
    """0-based numbers of the lines of `after` that the generation inserted or changed."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    return [
        line
        for tag, _, _, first, last in matcher.get_opcodes()
        if tag in ("insert", "replace")
        for line in range(first, last)
    ]


def _violations_on(text: str, lines: List[int], settings: Settings = Settings()) -> List[str]:
    result = lint(SourceFile(text, PurePosixPath("plans.py")), settings, REGISTRY)
    assert [] == result.failures
    return [f"{v.range.start.line + 1}: {v.code} {v.message}" for v in result.violations if v.range.start.line in lines]


@pytest.mark.parametrize("case", ROUND_TRIP_CASES, ids=[code for _, code in ROUND_TRIP_CASES])
def test_WHEN_generated_methods_run_THEN_from_dict_of_to_dict_equals_original(case: Any, plans: Dict[str, Any]) -> None:
    class_name, code = case
    expected = eval(code, plans)
    actual = plans[class_name].from_dict(expected.to_dict())
    assert expected == actual


@pytest.mark.parametrize("case", ROUND_TRIP_CASES, ids=[code for _, code in ROUND_TRIP_CASES])
def test_WHEN_to_dict_result_dumped_as_json_THEN_it_serializes(case: Any, plans: Dict[str, Any]) -> None:
    _, code = case
    actual = json.dumps(eval(code, plans).to_dict())
    assert isinstance(actual, str)


@pytest.mark.parametrize("case", JSON_CASES, ids=[code for _, code in JSON_CASES])
def test_WHEN_round_trip_goes_through_json_THEN_instance_equals_original(case: Any, plans: Dict[str, Any]) -> None:
    class_name, code = case
    expected = eval(code, plans)
    actual = plans[class_name].from_dict(json.loads(json.dumps(expected.to_dict())))
    assert expected == actual


def test_WHEN_from_dict_called_AND_defaulted_keys_missing_THEN_defaults_used(plans: Dict[str, Any]) -> None:
    expected = eval("Node('a', Volume(1, 'gp3'))", plans)
    actual = plans["Node"].from_dict({"name": "a", "volume": {"size": 1}})
    assert expected == actual


def test_WHEN_from_dict_called_AND_factory_defaults_missing_THEN_fresh_defaults_used(plans: Dict[str, Any]) -> None:
    first = plans["Cluster"].from_dict({"nodes": [], "by_zone": {}})
    second = plans["Cluster"].from_dict({"nodes": [], "by_zone": {}})
    first.tags.append("x")
    assert [] == second.tags
    assert eval("datetime.datetime(2024, 1, 1)", plans) == second.created


def test_WHEN_from_dict_called_AND_required_key_missing_THEN_key_error(plans: Dict[str, Any]) -> None:
    with pytest.raises(KeyError):
        plans["Node"].from_dict({"name": "a"})


def test_WHEN_generated_module_linted_THEN_generated_code_reports_nothing(plans_code: str) -> None:
    actual = _violations_on(plans_code, _new_lines(PLANS_SOURCE, plans_code))
    assert [] == actual


def test_WHEN_generated_with_builtin_typing_style_THEN_builtin_generics_and_lint_clean() -> None:
    settings = apply_overrides(Settings(), {"typing-style": "builtin"}, "test", REGISTRY.vocabulary)
    source = (
        "from dataclasses import dataclass, field\n\n\n@dataclass\nclass Volume:\n    size: int\n\n\n"
        "@dataclass\nclass Node:\n    volume: Volume\n    spares: list[Volume] = field(default_factory=list)\n"
        "    backup: Volume | None = None\n"
    )
    generated = _generated(source, ["Node"], settings)
    assert "from typing import Any, TypeVar\n" in generated
    assert "    def to_dict(self) -> dict[str, Any]:\n" in generated
    assert "    def from_dict(cls: type[T_Node], input: dict[str, Any]) -> T_Node:\n" in generated
    assert [] == _violations_on(generated, _new_lines(source, generated), settings)
    with _executed(generated) as namespace:
        expected = eval("Node(Volume(1), [Volume(2)], Volume(3))", namespace)
        assert expected == namespace["Node"].from_dict(expected.to_dict())


def test_WHEN_generated_on_guide_example_THEN_guide_shape_written() -> None:
    source = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict, Optional\n\n\n@dataclass\n"
        "class S3Details:\n    bucket: str\n\n    def to_dict(self) -> Dict[str, Any]:\n"
        "        return {'bucket': self.bucket}\n\n    @classmethod\n"
        "    def from_dict(cls, input: Dict[str, Any]) -> 'S3Details':\n        return cls(bucket=input['bucket'])\n\n\n"
        "@dataclass\nclass ConfigDetails:\n    s3: S3Details\n    previous: Optional['ConfigDetails'] = None\n"
    )
    expected = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict, Optional, Type, TypeVar\n\n"
        "T_ConfigDetails = TypeVar('T_ConfigDetails', bound='ConfigDetails')\n"
        + source[source.index("\n\n@dataclass\nclass S3") :]
        + "\n    def to_dict(self) -> Dict[str, Any]:\n        return {\n            's3': self.s3.to_dict(),\n"
        "            'previous': self.previous.to_dict() if self.previous else None\n        }\n\n"
        "    @classmethod\n    def from_dict(cls: Type[T_ConfigDetails], input: Dict[str, Any]) -> T_ConfigDetails:\n"
        "        return cls(\n            s3=S3Details.from_dict(input['s3']),\n"
        "            previous=ConfigDetails.from_dict(input['previous']) if input.get('previous') else None\n"
        "        )\n"
    )
    actual = _generated(source, ["ConfigDetails"])
    assert expected == actual


def test_WHEN_nested_dataclass_lacks_methods_THEN_they_are_generated_too() -> None:
    source = (
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Volume:\n    size: int\n\n\n"
        "@dataclass\nclass Node:\n    volume: Volume\n"
    )
    generated = _generated(source, ["Node"])
    assert 2 == generated.count("def to_dict(self)")
    assert 2 == generated.count("def from_dict(")
    assert 'T_Volume = TypeVar("T_Volume", bound="Volume")\n' in generated
    with _executed(generated) as namespace:
        expected = eval("Node(Volume(5))", namespace)
        assert expected == namespace["Node"].from_dict(expected.to_dict())


def test_WHEN_regenerating_stale_method_THEN_it_is_replaced_and_rest_kept() -> None:
    source = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Plan:\n"
        "    count: int\n    size: int = 2\n\n    # Serialized for the API.\n    def to_dict(self) -> Dict[str, Any]:\n"
        "        '''The plan as JSON.'''\n        return {'count': self.count}\n\n"
        "    def describe(self) -> str:\n        return 'plan'\n"
    )
    expected = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Plan:\n"
        "    count: int\n    size: int = 2\n\n    # Serialized for the API.\n    def to_dict(self) -> Dict[str, Any]:\n"
        "        '''The plan as JSON.'''\n        return {\n            'count': self.count,\n"
        "            'size': self.size\n        }\n\n    def describe(self) -> str:\n        return 'plan'\n"
    )
    actual = _generated(source, [TEST_PLAN], methods=[TO_DICT])
    assert expected == actual


def test_WHEN_regenerating_from_dict_AND_type_var_exists_THEN_not_added_again() -> None:
    source = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
        "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\n@dataclass\nclass Plan:\n    count: int\n\n"
        "    @classmethod\n    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n"
        "        return cls(0)\n"
    )
    actual = _generated(source, [TEST_PLAN], methods=[FROM_DICT])
    assert 1 == actual.count("T_Plan = TypeVar")
    assert "        return cls(\n            count=input['count']\n        )\n" in actual


def test_WHEN_generation_adds_imports_and_type_var_at_one_point_THEN_edits_never_overlap() -> None:
    context = _context("from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    count: int\n")
    edits = generate_serialization(context, context.facts.classes.classes[TEST_PLAN])
    fix = Fix("generate", FixSafety.SUGGESTION, tuple(edits))
    assert [fix] == choose_fixes([fix])


def test_WHEN_long_field_names_THEN_lines_wrapped_within_line_length_and_code_runs() -> None:
    name = "a_really_quite_long_field_name_for_the_capture_nodes_of_it"
    source = (
        "from dataclasses import dataclass\nfrom typing import Any, Dict, List, Optional, Type, TypeVar\n\n\n"
        "@dataclass\nclass CaptureNodesPlanWithAVeryLongName:\n    size: int\n\n\n@dataclass\n"
        "class ClusterPlanWithALongerNameThanItsCaptureNodesPlan:\n"
        f"    {name}: Optional[CaptureNodesPlanWithAVeryLongName] = None\n"
        f"    {name}_list: List[CaptureNodesPlanWithAVeryLongName] = None\n"
    )
    class_name = "ClusterPlanWithALongerNameThanItsCaptureNodesPlan"
    generated = _generated(source, [class_name])
    assert [] == [line for line in generated.splitlines() if len(line) > Settings().line_length]
    with _executed(generated) as namespace:
        nested = namespace["CaptureNodesPlanWithAVeryLongName"]
        expected = namespace[class_name](nested(1), [nested(2)])
        assert expected == namespace[class_name].from_dict(expected.to_dict())


def test_WHEN_buffer_uses_crlf_and_tabs_THEN_generated_lines_follow_them() -> None:
    source = "from dataclasses import dataclass\r\n\r\n\r\n@dataclass\r\nclass Plan:\r\n\tcount: int\r\n"
    actual = _generated(source, [TEST_PLAN])
    assert "\n" not in actual.replace("\r\n", "")
    expected = "\r\n\tdef to_dict(self) -> Dict[str, Any]:\r\n\t\treturn {\r\n\t\t\t\"count\": self.count\r\n\t\t}\r\n"
    assert expected in actual
    with _executed(actual.replace("\r\n", "\n")) as namespace:
        expected = namespace[TEST_PLAN](4)
        assert expected == namespace[TEST_PLAN].from_dict(expected.to_dict())


def test_WHEN_buffer_lacks_final_newline_THEN_methods_start_on_their_own_line() -> None:
    source = "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    count: int"
    actual = _generated(source, [TEST_PLAN])
    assert "    count: int\n\n    def to_dict(self)" in actual
    with _executed(actual) as namespace:
        expected = namespace[TEST_PLAN](4)
        assert expected == namespace[TEST_PLAN].from_dict(expected.to_dict())


def test_WHEN_class_is_nested_in_another_class_THEN_methods_indented_under_it() -> None:
    source = (
        "from dataclasses import dataclass\n\n\nclass Outer:\n    @dataclass\n    class Inner:\n        count: int\n"
    )
    context = _context(source)
    outer = context.facts.classes.classes["Outer"]
    inner = outer.body.body[0]
    actual = apply_edits(context.source, generate_serialization(context, inner))
    assert "\n        def to_dict(self) -> Dict[str, Any]:\n            return {\n" in actual
    with _executed(actual) as namespace:
        expected = namespace["Outer"].Inner(3)
        assert expected == namespace["Outer"].Inner.from_dict(expected.to_dict())


@pytest.mark.parametrize(
    "source",
    [
        "class Plan:\n    count: int\n",
        "from dataclasses import dataclass\n\n\n@dataclass(init=False)\nclass Plan:\n    count: int\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    count: int\n\n"
        "    def __init__(self, *args: Any) -> None:\n        self.count = len(args)\n",
        "from dataclasses import InitVar, dataclass\n\n\n@dataclass\nclass Plan:\n    seed: InitVar[int]\n",
    ],
    ids=["not a dataclass", "init=False", "own __init__", "InitVar without default"],
)
def test_WHEN_class_cannot_round_trip_THEN_nothing_generated(source: str) -> None:
    context = _context(source)
    class_def = context.facts.classes.classes[TEST_PLAN]
    assert False == can_generate(context, class_def)
    assert [] == generate_serialization(context, class_def)


def test_WHEN_cursor_inside_dataclass_THEN_dataclass_at_finds_it() -> None:
    source = "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    count: int\n\n\nclass Other:\n    pass\n"
    context = _context(source)
    found: Optional[Any] = dataclass_at(context, Position(3, 2))
    assert TEST_PLAN == found.name.value
    assert None == dataclass_at(context, Position(9, 4))
