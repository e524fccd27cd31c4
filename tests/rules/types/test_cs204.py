"""Edge cases of CS204 builtin-any-as-type beyond its embedded examples."""

import pytest

from chris_style.linting.rule import FixSafety
from tests.rules.helpers import fix_safeties, fixed, fixed_once, violations

BUILTIN_ANY_AS_TYPE = "CS204"


def test_WHEN_any_in_callable_and_variable_annotation_THEN_each_reported() -> None:
    code = "from typing import Callable\n\n\ndef run(hook: Callable[..., any]) -> None:\n    result: any = hook()\n"
    assert 2 == len(violations(code, BUILTIN_ANY_AS_TYPE))


def test_WHEN_any_in_string_with_nested_quotes_THEN_fixed_inside_string() -> None:
    code = "from typing import Any, Dict\n\n\ndef run(data: \"Dict[str, 'any']\") -> None:\n    pass\n"
    expected = code.replace("'any'", "'Any'")
    assert expected == fixed(code, BUILTIN_ANY_AS_TYPE)


def test_WHEN_any_called_in_body_or_default_THEN_not_reported() -> None:
    code = "def run(values: list, check=any) -> bool:\n    return any(values)\n"
    assert [] == violations(code, BUILTIN_ANY_AS_TYPE)


def test_WHEN_crlf_file_without_imports_THEN_import_inserted_at_top_with_crlf() -> None:
    code = "def run(data) -> any:\r\n    pass\r\n"
    expected = "from typing import Any\r\n\r\n\r\ndef run(data) -> Any:\r\n    pass\r\n"
    assert expected == fixed_once(code, BUILTIN_ANY_AS_TYPE)


@pytest.mark.parametrize(
    ("code", "safety"),
    [
        ("def load(data: Dict[str, any]) -> None:\n    pass\n", FixSafety.SAFE),
        ("class Plan:\n    @classmethod\n    def build(cls, data: any) -> 'Plan':\n        pass\n", FixSafety.SAFE),
        ("def load() -> None:\n    data: any = None\n", FixSafety.SAFE),
        ("CACHE: 'dict[str, any]' = {}\n", FixSafety.SAFE),
        ("@dataclass\nclass Plan:\n    data: any = None\n", FixSafety.SAFE),
        # pydantic, validate_call and their kin interpret annotations: `any` and `Any` may differ to them.
        ("class Plan(BaseModel):\n    data: any = None\n", FixSafety.UNSAFE),
        ("@validate_call\ndef load(data: any) -> None:\n    pass\n", FixSafety.UNSAFE),
    ],
)
def test_WHEN_any_fixed_THEN_safe_only_where_no_one_reads_the_annotation(code: str, safety: FixSafety) -> None:
    actual = fix_safeties(code, "CS204")

    assert [safety] == actual
