"""The "Add __str__ from to_dict()" refactoring (the guide's String Representations)."""

import pytest

from chris_style.refactors import string_representation
from tests.refactors.helpers import findings, offered, refactored
from tests.rules.helpers import execute

EXECUTED_MODULE = "string_representation_sample"
# A dataclass with the guide's to_dict(), clean at every priority.
PLAN = '''"""Capture plans."""

from dataclasses import dataclass
from typing import Any, Dict


@dataclass
class CaptureNodesPlan:
    instance_type: str
    desired_count: int

    def to_dict(self) -> Dict[str, Any]:
        return {
            "instanceType": self.instance_type,
            "desiredCount": self.desired_count,
        }
'''


def test_WHEN_cursor_on_a_class_with_to_dict_THEN_str_dumps_it_AND_module_is_clean() -> None:
    expected = PLAN.replace('"""Capture plans."""\n\n', '"""Capture plans."""\n\nimport json\n') + (
        "\n    def __str__(self) -> str:\n        return json.dumps(self.to_dict())\n"
    )
    code = refactored(string_representation.edits, PLAN, "class CaptureNodesPlan")
    plan = execute(code, EXECUTED_MODULE)["CaptureNodesPlan"]("m5.large", 2)
    actual = (offered(string_representation.offer, PLAN, "@dataclass"), code, findings(code), str(plan))
    expected_text = '{"instanceType": "m5.large", "desiredCount": 2}'
    assert ("Add __str__ from to_dict()", expected, [], expected_text) == actual
    assert [] == findings(PLAN)


@pytest.mark.parametrize(
    "code",
    [
        "class Plan:\n    count: int\n",
        "class Plan:\n    def to_dict(self) -> dict:\n        return {}\n\n    def __str__(self) -> str:\n"
        "        return 'plan'\n",
        "class Plan:\n    def to_dict(self, keys: list) -> dict:\n        return {}\n",
        "json = None\n\n\nclass Plan:\n    def to_dict(self) -> dict:\n        return {}\n",
    ],
    ids=["no to_dict", "has __str__", "to_dict takes arguments", "json rebound"],
)
def test_WHEN_str_does_not_apply_THEN_not_offered(code: str) -> None:
    assert None is offered(string_representation.offer, code, "class Plan")


def test_WHEN_cursor_in_the_class_body_THEN_not_offered_there() -> None:
    assert None is offered(string_representation.offer, PLAN, "desired_count: int")
