"""Edge cases of CS203 typing-generic-style beyond its embedded examples."""

from typing import List, Tuple

from chris_style.config.settings import Settings
from chris_style.linting.runner import lint_text
from chris_style.rules import REGISTRY
from tests.rules import helpers

BUILTIN_STYLE = Settings(typing_style="builtin")
TYPING_GENERIC_STYLE = "CS203"


def _spans(code: str, rule_code: str, settings: Settings = Settings()) -> List[Tuple[int, int, int]]:
    """(line, start column, end column) of each violation, 0-based."""
    return [
        (v.range.start.line, v.range.start.column, v.range.end.column)
        for v in helpers.violations(code, rule_code, settings=settings)
    ]


def test_WHEN_nested_builtin_generics_fixed_THEN_all_rewritten_and_both_imports_added() -> None:
    code = "def merge(configs: dict[str, list[int]]) -> None:\n    pass\n"
    expected = "from typing import Dict, List\n\n\ndef merge(configs: Dict[str, List[int]]) -> None:\n    pass\n"
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_fixed_twice_THEN_second_fix_changes_nothing() -> None:
    code = "import os\n\n\ndef merge(a: tuple[int, ...], b: type[int] | None = None) -> frozenset[str]:\n    pass\n"
    once = helpers.fixed(code, TYPING_GENERIC_STYLE)
    assert once == helpers.fixed(once, TYPING_GENERIC_STYLE)
    assert [] == helpers.violations(once, TYPING_GENERIC_STYLE)


def test_WHEN_crlf_file_fixed_THEN_import_line_uses_crlf() -> None:
    code = "import os\r\n\r\n\r\ndef merge(configs: list[int]) -> None:\r\n    pass\r\n"
    expected = "import os\r\nfrom typing import List\r\n\r\n\r\ndef merge(configs: List[int]) -> None:\r\n    pass\r\n"
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_future_annotations_imported_THEN_still_reported_and_import_added_after_it() -> None:
    code = "from __future__ import annotations\n\n\ndef merge(configs: list[int]) -> None:\n    pass\n"
    expected = (
        "from __future__ import annotations\n\nfrom typing import List\n\n\ndef merge(configs: List[int]) -> None:\n    pass\n"
    )
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_nested_quotes_in_string_annotation_THEN_inner_generic_located_exactly() -> None:
    code = "from typing import Dict, List\n\n\ndef merge(configs: \"Dict[str, 'list[int]']\") -> None:\n    pass\n"
    column = code.splitlines()[3].index("list")
    assert [(3, column, column + 4)] == _spans(code, TYPING_GENERIC_STYLE)
    expected = code.replace("'list[int]'", "'List[int]'")
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_string_annotation_has_escapes_THEN_not_parsed_nor_reported() -> None:
    code = "def merge(configs: 'list[\\'x\\']') -> None:\n    pass\n"
    assert [] == helpers.violations(code, TYPING_GENERIC_STYLE)


def test_WHEN_multiline_annotation_with_comment_THEN_comment_kept() -> None:
    code = (
        "from typing import Dict\n\n\ndef merge(\n    configs: Dict[\n        str,  # the name\n"
        "        list[int],\n    ],\n) -> None:\n    pass\n"
    )
    expected = code.replace("from typing import Dict", "from typing import Dict, List").replace(
        "list[int]", "List[int]"
    )
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_decorated_method_with_tabs_and_continuation_THEN_fixed_in_place() -> None:
    code = (
        "from typing import List\n\n\nclass Plan:\n\t@property\n\tdef sizes(self, \\\n\t\t\tlimit: int) -> list[int]:\n"
        "\t\treturn []\n"
    )
    expected = code.replace("-> list[int]", "-> List[int]")
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE)


def test_WHEN_builtin_generic_in_runtime_expression_THEN_not_reported() -> None:
    code = "def merge(raw: object) -> None:\n    values = cast(list[int], raw)\n    alias = dict[str, int]\n"
    assert [] == helpers.violations(code, TYPING_GENERIC_STYLE)


def test_WHEN_local_variable_annotation_THEN_reported() -> None:
    code = "def merge() -> None:\n    values: list[int] = []\n"
    assert 1 == len(helpers.violations(code, TYPING_GENERIC_STYLE))


def test_WHEN_builtin_style_and_typing_module_aliased_THEN_attribute_form_reported() -> None:
    code = "import typing as t\n\n\ndef merge(configs: t.Dict[str, t.Any]) -> None:\n    pass\n"
    expected = "import typing as t\n\n\ndef merge(configs: dict[str, t.Any]) -> None:\n    pass\n"
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE, settings=BUILTIN_STYLE)


def test_WHEN_builtin_style_and_name_mentioned_in_comment_THEN_import_kept() -> None:
    code = "from typing import List\n\n# List is used below\n\n\ndef merge(configs: List[int]) -> None:\n    pass\n"
    expected = code.replace("configs: List[int]", "configs: list[int]")
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE, settings=BUILTIN_STYLE)


def test_WHEN_builtin_style_and_only_use_removed_THEN_whole_import_line_dropped() -> None:
    code = "import os\nfrom typing import Dict\n\n\ndef merge(configs: Dict[str, int]) -> None:\n    pass\n"
    expected = "import os\n\n\ndef merge(configs: dict[str, int]) -> None:\n    pass\n"
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE, settings=BUILTIN_STYLE)


def test_WHEN_builtin_style_and_first_of_several_names_dropped_THEN_others_kept() -> None:
    code = "from typing import Dict, Any\n\n\ndef merge(configs: Dict) -> Any:\n    pass\n"
    expected = "from typing import Any\n\n\ndef merge(configs: dict) -> Any:\n    pass\n"
    assert expected == helpers.fixed(code, TYPING_GENERIC_STYLE, settings=BUILTIN_STYLE)


def test_WHEN_builtin_style_and_builtin_rebound_THEN_reported_without_fix() -> None:
    code = "from typing import List\n\nlist = None\n\n\ndef merge(configs: List[int]) -> None:\n    pass\n"
    violations = helpers.violations(code, TYPING_GENERIC_STYLE, settings=BUILTIN_STYLE)
    assert [None] == [violation.fix for violation in violations]


def test_WHEN_typing_style_fix_THEN_message_names_both_spellings() -> None:
    code = "def merge(configs: set[int]) -> None:\n    pass\n"
    expected = ['Annotation uses `set[...]`; typing-style "typing" prefers `Set[...]`']
    assert expected == [violation.message for violation in helpers.violations(code, TYPING_GENERIC_STYLE)]


def test_WHEN_class_defines_method_named_like_builtin_THEN_only_its_signatures_are_skipped() -> None:
    code = (
        "class Cache:\n    def set(self, keys: set[str]) -> None:\n        seen: set[str] = keys\n\n\n"
        "def merge(keys: set[str]) -> None:\n    pass\n"
    )
    assert [2, 5] == [violation.range.start.line for violation in helpers.violations(code, TYPING_GENERIC_STYLE)]


def test_WHEN_a_class_binds_the_typing_name_THEN_no_fix_introduces_it() -> None:
    code = "class Field:\n    Type = 'string'\n    def coerce(self, kind: type[int]) -> None: ...\n"
    violations = lint_text(code, REGISTRY, settings=Settings(select=("CS203",))).violations
    assert [("CS203", ())] == [(violation.code, violation.fixes) for violation in violations]


def test_WHEN_same_string_annotation_in_two_places_THEN_each_located_in_its_own_string() -> None:
    code = "def merge(a: 'list[int]', bb: \"  list[int]\") -> 'list[int]':\n    pass\n"
    line = code.splitlines()[0]
    first, second, third = (line.index("list"), line.index("list", line.index("bb")), line.rindex("list"))
    expected = [(0, first, first + 4), (0, second, second + 4), (0, third, third + 4)]
    assert expected == sorted(_spans(code, TYPING_GENERIC_STYLE))
