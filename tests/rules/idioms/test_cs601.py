"""Edge cases of CS601 name-not-snake-case beyond its embedded examples."""

from pathlib import PurePosixPath

from chris_style.config.settings import Settings
from tests.rules.helpers import violations

NAMING = "CS601"
NAMING_ONLY = Settings(select=(NAMING,))


def test_WHEN_global_and_nonlocal_names_assigned_THEN_not_reported_as_locals() -> None:
    code = (
        "def outer():\n    counterValue = 0\n\n    def inner():\n        nonlocal counterValue\n"
        "        counterValue = 1\n\n    return inner\n"
    )
    actual = [v.message for v in violations(code, NAMING, settings=NAMING_ONLY)]
    assert ["Local variable `counterValue` is not snake_case (`counter_value`)"] == actual


def test_WHEN_camel_case_method_overrides_imported_base_THEN_not_reported_but_parameters_are() -> None:
    code = "import logging\n\nclass Handler(logging.Handler):\n    def handleError(self, badRecord):\n        pass\n"
    actual = [v.message for v in violations(code, NAMING, settings=NAMING_ONLY)]
    assert ["Parameter `badRecord` is not snake_case (`bad_record`)"] == actual


def test_WHEN_base_defined_in_module_derives_from_imported_class_THEN_method_not_judged() -> None:
    code = "class Base(Imported):\n    pass\n\nclass Child(Base):\n    def runTask(self):\n        pass\n"
    assert [] == violations(code, NAMING, settings=NAMING_ONLY)


def test_WHEN_test_case_api_hook_overridden_THEN_not_reported() -> None:
    code = (
        "import unittest\n\nclass TestX(unittest.TestCase):\n    def shortDescription(self):\n        return ''\n\n"
        "    def helperCheck(self):\n        pass\n"
    )
    actual = [v.message for v in violations(code, NAMING, path=PurePosixPath("tests/test_x.py"), settings=NAMING_ONLY)]
    assert ["Method `helperCheck` is not snake_case (`helper_check`)"] == actual


def test_WHEN_same_camel_case_local_bound_twice_THEN_reported_once_at_first_binding() -> None:
    code = "def run(items):\n    lastItem = None\n    for lastItem in items:\n        pass\n    return lastItem\n"
    actual = [(v.range.start.line, v.message) for v in violations(code, NAMING, settings=NAMING_ONLY)]
    assert [(1, "Local variable `lastItem` is not snake_case (`last_item`)")] == actual


def test_WHEN_decorated_property_setter_pair_camel_case_THEN_reported_once() -> None:
    code = (
        "class Box:\n    @property\n    def sizeValue(self):\n        return 1\n\n    @sizeValue.setter\n"
        "    def sizeValue(self, value):\n        pass\n"
    )
    assert 1 == len(violations(code, NAMING, settings=NAMING_ONLY))


def test_WHEN_walrus_in_comprehension_inside_function_THEN_reported_as_local() -> None:
    code = "def run(items):\n    return [lastSeen for item in items if (lastSeen := item)]\n"
    actual = [v.message for v in violations(code, NAMING, settings=NAMING_ONLY)]
    assert ["Local variable `lastSeen` is not snake_case (`last_seen`)"] == actual


def test_WHEN_snake_case_suggestion_would_be_keyword_THEN_trailing_underscore_added() -> None:
    code = "def run():\n    CONTINUE = 1\n"
    actual = [v.message for v in violations(code, NAMING, settings=NAMING_ONLY)]
    assert ["Local variable `CONTINUE` is not snake_case (`continue_`)"] == actual


def test_WHEN_names_have_upper_case_letters_inside_or_outside_ascii_THEN_only_those_reported() -> None:
    code = "def compute(δvalue, _1, ΔValue, xY) -> None:\n    pass\n"
    actual = [violation.message.split("`")[1] for violation in violations(code, NAMING, settings=NAMING_ONLY)]
    assert ["ΔValue", "xY"] == actual
