"""What `chris-style fix` writes on shapes seen in a real project: a name added to a sorted import keeps it sorted,
and moving constants up takes the banner comment that heads them along."""

from pathlib import Path

from tests.conftest import run_cli

# The real project's shape: `from typing import Dict, Type, TypeVar` and an `any` annotation (CS204 adds `Any`).
SORTED_TYPING = (
    "from typing import Dict, Type, TypeVar\n\nT = TypeVar('T')\n\n\n"
    "def load(cls: Type[T], data: Dict[str, any]) -> T:\n    return cls(**data)\n"
)
UNSORTED_TYPING = "from typing import Type, Dict\n\n\ndef load(cls: Type, data: Dict[str, any]) -> None:\n    pass\n"
# Test constants under a banner after the tests, as in the real project's test module (CS1201 moves them up).
BANNER = (
    "import json\n\n\ndef test_WHEN_event_read_THEN_kind_known() -> None:\n"
    "    assert 'a' == json.loads(TEST_EVENT_A)['kind']\n\n\n"
    "# =================================\n# Test Events\n# =================================\n\n"
    "TEST_EVENT_A = '{\"kind\": \"a\"}'\n\nTEST_EVENT_B = '{\"kind\": \"b\"}'\n"
)
BANNER_FIXED = (
    "import json\n\n"
    "# =================================\n# Test Events\n# =================================\n\n"
    "TEST_EVENT_A = '{\"kind\": \"a\"}'\nTEST_EVENT_B = '{\"kind\": \"b\"}'\n\n\n"
    "def test_WHEN_event_read_THEN_kind_known() -> None:\n"
    "    assert 'a' == json.loads(TEST_EVENT_A)['kind']\n"
)
# A banner over a constant and a function heads more than the constant: it stays with the function.
SECTION = (
    "def plan() -> int:\n    return LIMIT\n\n\n# Helpers\n\nLIMIT = 5\n\n\n"
    "def helper() -> None:\n    pass\n"
)
SECTION_FIXED = "LIMIT = 5\ndef plan() -> int:\n    return LIMIT\n\n\n# Helpers\n\ndef helper() -> None:\n    pass\n"


def _fixed(project: Path, name: str, code: str, select: str) -> str:
    module = project / name
    module.write_text(code, encoding="utf-8")
    result = run_cli("fix", ".", "--select", select, cwd=project)
    assert "" == "".join(line for line in result.stderr.splitlines() if "error" in line)
    return module.read_text(encoding="utf-8")


def test_WHEN_name_added_to_sorted_typing_import_THEN_it_stays_sorted(project: Path) -> None:
    fixed = _fixed(project, "loader.py", SORTED_TYPING, "CS204")
    assert "from typing import Any, Dict, Type, TypeVar" == fixed.splitlines()[0]


def test_WHEN_name_added_to_unsorted_import_THEN_it_goes_last(project: Path) -> None:
    fixed = _fixed(project, "loader.py", UNSORTED_TYPING, "CS204")
    assert "from typing import Type, Dict, Any" == fixed.splitlines()[0]


def test_WHEN_constants_under_a_banner_moved_THEN_banner_moves_with_them(project: Path) -> None:
    assert BANNER_FIXED == _fixed(project, "test_events.py", BANNER, "CS1201")


def test_WHEN_banner_heads_a_function_too_THEN_it_stays(project: Path) -> None:
    assert SECTION_FIXED == _fixed(project, "planner.py", SECTION, "CS1201")
