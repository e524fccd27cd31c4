"""Edge cases of the section 2 rules (CS203, CS204) beyond their embedded examples."""

from pathlib import PurePosixPath
from typing import List, Tuple

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits, choose_fixes, fix_text
from chris_style.linting.rule import Violation
from chris_style.linting.runner import lint, lint_text
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

BUILTIN_STYLE = Settings(typing_style="builtin")
TYPING_GENERIC_STYLE = "CS203"
BUILTIN_ANY_AS_TYPE = "CS204"


def _violations(code: str, rule_code: str, settings: Settings = Settings()) -> List[Violation]:
    result = lint(SourceFile(code, PurePosixPath("example.py")), settings, REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _spans(code: str, rule_code: str, settings: Settings = Settings()) -> List[Tuple[int, int, int]]:
    """(line, start column, end column) of each violation, 0-based."""
    return [
        (v.range.start.line, v.range.start.column, v.range.end.column) for v in _violations(code, rule_code, settings)
    ]


def _fixed_once(code: str, rule_code: str, settings: Settings = Settings()) -> str:
    source = SourceFile(code, PurePosixPath("example.py"))
    fixes = choose_fixes(v.fix for v in _violations(code, rule_code, settings) if v.fix is not None)
    return apply_edits(source, (edit for fix in fixes for edit in fix.edits))


def _fixed(code: str, rule_code: str, settings: Settings = Settings()) -> str:
    """Every safe fix of the rule, round after round, as `chris-style fix` applies them."""
    outcome = fix_text(SourceFile(code, PurePosixPath("example.py")), settings, REGISTRY, codes={rule_code})
    assert outcome.error is None
    return outcome.text


# CS203 typing-generic-style


def test_WHEN_nested_builtin_generics_fixed_THEN_all_rewritten_and_both_imports_added() -> None:
    code = "def merge(configs: dict[str, list[int]]) -> None:\n    pass\n"
    expected = "from typing import Dict, List\n\n\ndef merge(configs: Dict[str, List[int]]) -> None:\n    pass\n"
    assert expected == _fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_fixed_twice_THEN_second_fix_changes_nothing() -> None:
    code = "import os\n\n\ndef merge(a: tuple[int, ...], b: type[int] | None = None) -> frozenset[str]:\n    pass\n"
    once = _fixed(code, TYPING_GENERIC_STYLE)
    assert once == _fixed(once, TYPING_GENERIC_STYLE)
    assert [] == _violations(once, TYPING_GENERIC_STYLE)


def test_WHEN_crlf_file_fixed_THEN_import_line_uses_crlf() -> None:
    code = "import os\r\n\r\n\r\ndef merge(configs: list[int]) -> None:\r\n    pass\r\n"
    expected = "import os\r\nfrom typing import List\r\n\r\n\r\ndef merge(configs: List[int]) -> None:\r\n    pass\r\n"
    assert expected == _fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_future_annotations_imported_THEN_still_reported_and_import_added_after_it() -> None:
    code = "from __future__ import annotations\n\n\ndef merge(configs: list[int]) -> None:\n    pass\n"
    expected = (
        "from __future__ import annotations\n\nfrom typing import List\n\n\ndef merge(configs: List[int]) -> None:\n    pass\n"
    )
    assert expected == _fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_nested_quotes_in_string_annotation_THEN_inner_generic_located_exactly() -> None:
    code = "from typing import Dict, List\n\n\ndef merge(configs: \"Dict[str, 'list[int]']\") -> None:\n    pass\n"
    column = code.splitlines()[3].index("list")
    assert [(3, column, column + 4)] == _spans(code, TYPING_GENERIC_STYLE)
    expected = code.replace("'list[int]'", "'List[int]'")
    assert expected == _fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_string_annotation_has_escapes_THEN_not_parsed_nor_reported() -> None:
    code = "def merge(configs: 'list[\\'x\\']') -> None:\n    pass\n"
    assert [] == _violations(code, TYPING_GENERIC_STYLE)


def test_WHEN_multiline_annotation_with_comment_THEN_comment_kept() -> None:
    code = (
        "from typing import Dict\n\n\ndef merge(\n    configs: Dict[\n        str,  # the name\n"
        "        list[int],\n    ],\n) -> None:\n    pass\n"
    )
    expected = code.replace("from typing import Dict", "from typing import Dict, List").replace(
        "list[int]", "List[int]"
    )
    assert expected == _fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_decorated_method_with_tabs_and_continuation_THEN_fixed_in_place() -> None:
    code = (
        "from typing import List\n\n\nclass Plan:\n\t@property\n\tdef sizes(self, \\\n\t\t\tlimit: int) -> list[int]:\n"
        "\t\treturn []\n"
    )
    expected = code.replace("-> list[int]", "-> List[int]")
    assert expected == _fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_builtin_generic_in_runtime_expression_THEN_not_reported() -> None:
    code = "def merge(raw: object) -> None:\n    values = cast(list[int], raw)\n    alias = dict[str, int]\n"
    assert [] == _violations(code, TYPING_GENERIC_STYLE)


def test_WHEN_local_variable_annotation_THEN_reported() -> None:
    code = "def merge() -> None:\n    values: list[int] = []\n"
    assert 1 == len(_violations(code, TYPING_GENERIC_STYLE))


def test_WHEN_builtin_style_and_typing_module_aliased_THEN_attribute_form_reported() -> None:
    code = "import typing as t\n\n\ndef merge(configs: t.Dict[str, t.Any]) -> None:\n    pass\n"
    expected = "import typing as t\n\n\ndef merge(configs: dict[str, t.Any]) -> None:\n    pass\n"
    assert expected == _fixed(code, TYPING_GENERIC_STYLE, BUILTIN_STYLE)


def test_WHEN_builtin_style_and_name_mentioned_in_comment_THEN_import_kept() -> None:
    code = "from typing import List\n\n# List is used below\n\n\ndef merge(configs: List[int]) -> None:\n    pass\n"
    expected = code.replace("configs: List[int]", "configs: list[int]")
    assert expected == _fixed(code, TYPING_GENERIC_STYLE, BUILTIN_STYLE)


def test_WHEN_builtin_style_and_only_use_removed_THEN_whole_import_line_dropped() -> None:
    code = "import os\nfrom typing import Dict\n\n\ndef merge(configs: Dict[str, int]) -> None:\n    pass\n"
    expected = "import os\n\n\ndef merge(configs: dict[str, int]) -> None:\n    pass\n"
    assert expected == _fixed(code, TYPING_GENERIC_STYLE, BUILTIN_STYLE)


def test_WHEN_builtin_style_and_first_of_several_names_dropped_THEN_others_kept() -> None:
    code = "from typing import Dict, Any\n\n\ndef merge(configs: Dict) -> Any:\n    pass\n"
    expected = "from typing import Any\n\n\ndef merge(configs: dict) -> Any:\n    pass\n"
    assert expected == _fixed(code, TYPING_GENERIC_STYLE, BUILTIN_STYLE)


def test_WHEN_builtin_style_and_builtin_rebound_THEN_reported_without_fix() -> None:
    code = "from typing import List\n\nlist = None\n\n\ndef merge(configs: List[int]) -> None:\n    pass\n"
    violations = _violations(code, TYPING_GENERIC_STYLE, BUILTIN_STYLE)
    assert [None] == [violation.fix for violation in violations]


def test_WHEN_typing_style_fix_THEN_message_names_both_spellings() -> None:
    code = "def merge(configs: set[int]) -> None:\n    pass\n"
    expected = ['Annotation uses `set[...]`; typing-style "typing" prefers `Set[...]`']
    assert expected == [violation.message for violation in _violations(code, TYPING_GENERIC_STYLE)]


# CS204 builtin-any-as-type


def test_WHEN_any_in_callable_and_variable_annotation_THEN_each_reported() -> None:
    code = "from typing import Callable\n\n\ndef run(hook: Callable[..., any]) -> None:\n    result: any = hook()\n"
    assert 2 == len(_violations(code, BUILTIN_ANY_AS_TYPE))


def test_WHEN_any_in_string_with_nested_quotes_THEN_fixed_inside_string() -> None:
    code = "from typing import Any, Dict\n\n\ndef run(data: \"Dict[str, 'any']\") -> None:\n    pass\n"
    expected = code.replace("'any'", "'Any'")
    assert expected == _fixed(code, BUILTIN_ANY_AS_TYPE)


def test_WHEN_any_called_in_body_or_default_THEN_not_reported() -> None:
    code = "def run(values: list, check=any) -> bool:\n    return any(values)\n"
    assert [] == _violations(code, BUILTIN_ANY_AS_TYPE)


def test_WHEN_crlf_file_without_imports_THEN_import_inserted_at_top_with_crlf() -> None:
    code = "def run(data) -> any:\r\n    pass\r\n"
    expected = "from typing import Any\r\n\r\n\r\ndef run(data) -> Any:\r\n    pass\r\n"
    assert expected == _fixed_once(code, BUILTIN_ANY_AS_TYPE)


def test_WHEN_any_and_generic_both_fixed_THEN_converges_to_clean_code() -> None:
    code = "def run(data: dict[str, any]) -> None:\n    pass\n"
    source = SourceFile(code, PurePosixPath("example.py"))
    outcome = fix_text(source, Settings(), REGISTRY, codes={TYPING_GENERIC_STYLE, BUILTIN_ANY_AS_TYPE})
    expected = "from typing import Dict, Any\n\n\ndef run(data: Dict[str, Any]) -> None:\n    pass\n"
    assert expected == outcome.text


def test_WHEN_class_defines_method_named_like_builtin_THEN_only_its_signatures_are_skipped() -> None:
    code = (
        "class Cache:\n    def set(self, keys: set[str]) -> None:\n        seen: set[str] = keys\n\n\n"
        "def merge(keys: set[str]) -> None:\n    pass\n"
    )
    assert [2, 5] == [violation.range.start.line for violation in _violations(code, TYPING_GENERIC_STYLE)]


def test_WHEN_a_class_binds_the_typing_name_THEN_no_fix_introduces_it() -> None:
    code = "class Field:\n    Type = 'string'\n    def coerce(self, kind: type[int]) -> None: ...\n"
    violations = lint_text(code, REGISTRY, settings=Settings(select=("CS203",))).violations
    assert [("CS203", ())] == [(violation.code, violation.fixes) for violation in violations]
