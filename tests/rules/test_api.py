"""Edge cases of the section 11 rules (CS1101-CS1103) beyond their embedded examples."""

from pathlib import PurePosixPath
from typing import Any, Dict, List

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits, choose_fixes, fix_text
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

BUILTIN_STYLE = Settings(typing_style="builtin")
IMPORT_STAR = "CS1101"
MUTABLE_DEFAULT = "CS1102"
IMPLICIT_OPTIONAL = "CS1103"


def _violations(code: str, rule_code: str, settings: Settings = Settings()) -> List[Violation]:
    result = lint(SourceFile(code, PurePosixPath("example.py")), settings, REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _fixed_once(code: str, rule_code: str, settings: Settings = Settings()) -> str:
    source = SourceFile(code, PurePosixPath("example.py"))
    fixes = choose_fixes(v.fix for v in _violations(code, rule_code, settings) if v.fix is not None)
    return apply_edits(source, (edit for fix in fixes for edit in fix.edits))


def _fixed(code: str, codes: List[str], settings: Settings = Settings()) -> str:
    outcome = fix_text(SourceFile(code, PurePosixPath("example.py")), settings, REGISTRY, codes=set(codes))
    assert outcome.error is None
    return outcome.text


def _execute(code: str) -> Dict[str, Any]:
    namespace: Dict[str, Any] = {}
    exec(compile(code, "example.py", "exec"), namespace)
    return namespace


# CS1101 import-star


def test_WHEN_relative_star_import_THEN_message_keeps_the_dots() -> None:
    expected = ["`from ..models import *`: import the names this module uses explicitly"]
    assert expected == [v.message for v in _violations("from ..models import *\n", IMPORT_STAR)]


def test_WHEN_star_import_inside_function_THEN_reported() -> None:
    # Python rejects `import *` inside functions; libcst parses it, and the rule still reports it.
    assert 1 == len(_violations("def load() -> None:\n    from os import *\n", IMPORT_STAR))


# CS1102 mutable-default-argument


def test_WHEN_fixed_function_called_twice_THEN_each_call_gets_a_fresh_list() -> None:
    code = "def collect(item, seen=[]):\n    seen.append(item)\n    return seen\n"
    namespace = _execute(_fixed(code, [MUTABLE_DEFAULT]))
    namespace["collect"](1)
    assert [2] == namespace["collect"](2)


def test_WHEN_multiline_docstring_and_comments_THEN_check_goes_after_docstring() -> None:
    code = (
        "def run(options={}) -> dict:\n    '''Run it.\n\n    Longer text.\n    '''\n\n    # The caller wins.\n"
        "    return options\n"
    )
    expected = (
        "def run(options=None) -> dict:\n    '''Run it.\n\n    Longer text.\n    '''\n    if options is None:\n"
        "        options = {}\n\n    # The caller wins.\n    return options\n"
    )
    assert expected == _fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_crlf_file_with_decorator_and_continuation_THEN_crlf_lines_inserted() -> None:
    code = "@cache\r\ndef run(a, \\\r\n        b=[]):\r\n    return b\r\n"
    expected = "@cache\r\ndef run(a, \\\r\n        b=None):\r\n    if b is None:\r\n        b = []\r\n    return b\r\n"
    assert expected == _fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_method_in_tab_indented_class_THEN_indentation_copied() -> None:
    code = "class Plan:\n\tdef add(self, items=set()):\n\t\tself.items = items\n"
    expected = "class Plan:\n\tdef add(self, items=None):\n\t\tif items is None:\n\t\t\titems = set()\n\t\tself.items = items\n"
    assert expected == _fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_several_mutable_defaults_THEN_fix_converges_and_code_runs() -> None:
    code = "def run(a: list = [], *, b: dict = {}) -> int:\n    \"\"\"Doc.\"\"\"\n    return len(a) + len(b)\n"
    fixed = _fixed(code, [MUTABLE_DEFAULT])
    assert [] == _violations(fixed, MUTABLE_DEFAULT)
    assert fixed == _fixed(fixed, [MUTABLE_DEFAULT])
    assert 0 == _execute(fixed)["run"]()


def test_WHEN_builtin_style_string_annotation_THEN_none_added_inside_the_string() -> None:
    code = "def run(items: 'List[\"Plan\"]' = []) -> None:\n    pass\n"
    expected = "def run(items: 'List[\"Plan\"] | None' = None) -> None:\n    if items is None:\n        items = []\n    pass\n"
    assert expected == _fixed_once(code, MUTABLE_DEFAULT, BUILTIN_STYLE)


def test_WHEN_default_is_a_comprehension_THEN_reported_without_fix() -> None:
    violations = _violations("def run(items=[i for i in range(3)]):\n    return items\n", MUTABLE_DEFAULT)
    assert [None] == [violation.fix for violation in violations]


def test_WHEN_nested_function_has_mutable_default_THEN_reported() -> None:
    code = "def outer() -> None:\n    def inner(cache={}):\n        return cache\n    return inner\n"
    assert 1 == len(_violations(code, MUTABLE_DEFAULT))


def test_WHEN_async_function_fixed_THEN_body_gets_the_check() -> None:
    code = "async def run(items=list()):\n    await send(items)\n"
    expected = "async def run(items=None):\n    if items is None:\n        items = list()\n    await send(items)\n"
    assert expected == _fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_fix_offered_THEN_it_is_safe() -> None:
    violations = _violations("def run(items=[]):\n    return items\n", MUTABLE_DEFAULT)
    assert [FixSafety.SAFE] == [violation.fix.safety for violation in violations if violation.fix is not None]


# CS1103 implicit-optional


def test_WHEN_multiline_annotation_with_comment_THEN_wrapped_around_it() -> None:
    code = "def run(\n    env: Dict[\n        str,  # name\n        str,\n    ] = None,\n) -> None:\n    pass\n"
    expected = (
        "from typing import Optional\n\n\ndef run(\n    env: Optional[Dict[\n        str,  # name\n        str,\n"
        "    ]] = None,\n) -> None:\n    pass\n"
    )
    assert expected == _fixed_once(code, IMPLICIT_OPTIONAL)


def test_WHEN_builtin_style_and_low_precedence_annotation_THEN_parenthesized() -> None:
    code = "def run(mode: (int if FAST else str) = None) -> None:\n    pass\n"
    expected = "def run(mode: ((int if FAST else str) | None) = None) -> None:\n    pass\n"
    fixed = _fixed_once(code, IMPLICIT_OPTIONAL, BUILTIN_STYLE)
    assert expected == fixed
    assert [] == _violations(fixed, IMPLICIT_OPTIONAL, BUILTIN_STYLE)


def test_WHEN_string_annotation_with_nested_quotes_THEN_wrapped_in_optional() -> None:
    code = "from typing import Optional\n\n\ndef run(plan: 'Dict[str, \"Plan\"]' = None) -> None:\n    pass\n"
    expected = "from typing import Optional\n\n\ndef run(plan: Optional['Dict[str, \"Plan\"]'] = None) -> None:\n    pass\n"
    assert expected == _fixed_once(code, IMPLICIT_OPTIONAL)


def test_WHEN_optional_imported_under_alias_THEN_alias_used() -> None:
    code = "from typing import Optional as Opt\n\n\ndef run(cwd: str = None) -> None:\n    pass\n"
    expected = "from typing import Optional as Opt\n\n\ndef run(cwd: Opt[str] = None) -> None:\n    pass\n"
    assert expected == _fixed_once(code, IMPLICIT_OPTIONAL)


def test_WHEN_positional_only_and_keyword_only_THEN_both_reported() -> None:
    code = "def run(a: int = None, /, *, b: str = None) -> None:\n    pass\n"
    assert 2 == len(_violations(code, IMPLICIT_OPTIONAL))


def test_WHEN_both_rules_fix_one_signature_THEN_converges_and_code_runs() -> None:
    code = "from typing import List\n\n\ndef run(items: List[int] = [], cwd: str = None) -> int:\n    return len(items)\n"
    fixed = _fixed(code, [MUTABLE_DEFAULT, IMPLICIT_OPTIONAL])
    expected = (
        "from typing import List, Optional\n\n\ndef run(items: Optional[List[int]] = None, cwd: Optional[str] = None) -> int:\n"
        "    if items is None:\n        items = []\n    return len(items)\n"
    )
    assert expected == fixed
    assert 0 == _execute(fixed)["run"]()


def test_WHEN_future_annotations_and_builtin_style_THEN_union_appended() -> None:
    code = "from __future__ import annotations\n\n\ndef run(cwd: Path = None) -> None:\n    pass\n"
    expected = "from __future__ import annotations\n\n\ndef run(cwd: Path | None = None) -> None:\n    pass\n"
    assert expected == _fixed_once(code, IMPLICIT_OPTIONAL, BUILTIN_STYLE)


def test_WHEN_annotation_long_THEN_message_shortens_it() -> None:
    code = "def run(env: Dict[str, Tuple[SomeVeryLongClassName, AnotherVeryLongClassName]] = None) -> None:\n    pass\n"
    (violation,) = _violations(code, IMPLICIT_OPTIONAL)
    assert "`Dict[str, Tuple[SomeVeryLongClassName...`" in violation.message
