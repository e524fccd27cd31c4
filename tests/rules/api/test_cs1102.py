"""Edge cases of CS1102 mutable-default-argument beyond its embedded examples."""

from chris_style.config.settings import Settings
from chris_style.linting.rule import FixSafety
from tests.rules import helpers

BUILTIN_STYLE = Settings(typing_style="builtin")

MUTABLE_DEFAULT = "CS1102"


def test_WHEN_fixed_function_called_twice_THEN_each_call_gets_a_fresh_list() -> None:
    code = "def collect(item, seen=[]):\n    seen.append(item)\n    return seen\n"
    namespace = helpers.execute(helpers.fixed(code, [MUTABLE_DEFAULT], safeties=helpers.SAFE_AND_UNSAFE))
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
    assert expected == helpers.fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_crlf_file_with_decorator_and_continuation_THEN_crlf_lines_inserted() -> None:
    code = "@cache\r\ndef run(a, \\\r\n        b=[]):\r\n    return b\r\n"
    expected = "@cache\r\ndef run(a, \\\r\n        b=None):\r\n    if b is None:\r\n        b = []\r\n    return b\r\n"
    assert expected == helpers.fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_method_in_tab_indented_class_THEN_indentation_copied() -> None:
    code = "class Plan:\n\tdef add(self, items=set()):\n\t\tself.items = items\n"
    expected = "class Plan:\n\tdef add(self, items=None):\n\t\tif items is None:\n\t\t\titems = set()\n\t\tself.items = items\n"
    assert expected == helpers.fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_several_mutable_defaults_THEN_fix_converges_and_code_runs() -> None:
    code = "def run(a: list = [], *, b: dict = {}) -> int:\n    \"\"\"Doc.\"\"\"\n    return len(a) + len(b)\n"
    fixed = helpers.fixed(code, [MUTABLE_DEFAULT], safeties=helpers.SAFE_AND_UNSAFE)
    assert [] == helpers.violations(fixed, MUTABLE_DEFAULT)
    assert fixed == helpers.fixed(fixed, [MUTABLE_DEFAULT], safeties=helpers.SAFE_AND_UNSAFE)
    assert 0 == helpers.execute(fixed)["run"]()


def test_WHEN_builtin_style_string_annotation_THEN_none_added_inside_the_string() -> None:
    code = "def run(items: 'List[\"Plan\"]' = []) -> None:\n    pass\n"
    expected = "def run(items: 'List[\"Plan\"] | None' = None) -> None:\n    if items is None:\n        items = []\n    pass\n"
    assert expected == helpers.fixed_once(code, MUTABLE_DEFAULT, settings=BUILTIN_STYLE)


def test_WHEN_default_is_a_comprehension_THEN_reported_without_fix() -> None:
    violations = helpers.violations("def run(items=[i for i in range(3)]):\n    return items\n", MUTABLE_DEFAULT)
    assert [None] == [violation.fix for violation in violations]


def test_WHEN_nested_function_has_mutable_default_THEN_reported() -> None:
    code = "def outer() -> None:\n    def inner(cache={}):\n        return cache\n    return inner\n"
    assert 1 == len(helpers.violations(code, MUTABLE_DEFAULT))


def test_WHEN_async_function_fixed_THEN_body_gets_the_check() -> None:
    code = "async def run(items=list()):\n    await send(items)\n"
    expected = "async def run(items=None):\n    if items is None:\n        items = list()\n    await send(items)\n"
    assert expected == helpers.fixed_once(code, MUTABLE_DEFAULT)


def test_WHEN_fix_offered_THEN_it_is_unsafe() -> None:
    # A caller passing None explicitly, or a default shared on purpose, would see the change.
    violations = helpers.violations("def run(items=[]):\n    return items\n", MUTABLE_DEFAULT)
    assert [FixSafety.UNSAFE] == [violation.fix.safety for violation in violations if violation.fix is not None]


def test_WHEN_safe_fixes_applied_THEN_mutable_default_left_alone() -> None:
    code = "def run(items=[]):\n    return items\n"
    assert code == helpers.fixed(code, [MUTABLE_DEFAULT])
