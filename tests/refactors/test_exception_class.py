"""The "Extract exception class" refactoring: on `raise Exception(...)` (CS401's fix, shared) and on a raise of a
name nothing defines; the class it writes passes every rule and the raise still says what it said."""

import pytest

from chris_style.refactors import exception_class
from tests.refactors.helpers import findings, offered, refactored
from tests.rules.helpers import execute

EXECUTED_MODULE = "exception_class_sample"
# Where the cursor goes: on the `raise` keyword.
TEST_RAISE = "raise"
# A module in the guide's layout, clean at every priority; `deploy` raises a class nobody wrote yet.
STACKS = '''"""Deploying stacks."""

import logging

logger = logging.getLogger(__name__)

MAX_STACKS = 3  # what one account may hold


class CdkError(Exception):
    pass


class CdkNotBootstrapped(CdkError):
    pass


def deploy(stacks: list, region: str) -> None:
    if len(stacks) > MAX_STACKS:
        raise TooManyStacks(f"{len(stacks)} stacks in {region}; at most {MAX_STACKS}")
    logger.info("deploying %s", stacks)
'''
GENERIC = '''"""Loading settings."""

from typing import Optional


def load_settings(name: str, region: Optional[str]) -> dict:
    if region is None:
        raise Exception(f"Settings {name} have no region")
    return {"name": name}
'''


def test_WHEN_sample_modules_checked_THEN_clean_before_the_refactoring_but_for_the_generic_raise() -> None:
    expected = ([], ["8: CS401 Generic `Exception` raised; raise a specific exception class that names the problem"])
    assert expected == (findings(STACKS), findings(GENERIC))


def test_WHEN_cursor_on_a_raise_of_an_undefined_name_THEN_class_derives_from_the_module_base() -> None:
    expected = STACKS.replace(
        "class CdkNotBootstrapped(CdkError):\n    pass\n",
        "class CdkNotBootstrapped(CdkError):\n    pass\n\n\nclass TooManyStacks(CdkError):\n    pass\n",
    )
    actual = (offered(exception_class.offer, STACKS, TEST_RAISE), refactored(exception_class.edits, STACKS, TEST_RAISE))
    assert ("Extract exception class `TooManyStacks`", expected) == actual


def test_WHEN_undefined_class_written_THEN_module_is_clean_AND_raise_runs() -> None:
    code = refactored(exception_class.edits, STACKS, TEST_RAISE)
    namespace = execute(code, EXECUTED_MODULE)
    with pytest.raises(namespace["CdkError"]) as raised:
        namespace["deploy"]([1, 2, 3, 4], "us-east-1")
    assert ([], "4 stacks in us-east-1; at most 3") == (findings(code), str(raised.value))


def test_WHEN_cursor_on_a_generic_raise_THEN_message_moves_into_init_AND_module_is_clean() -> None:
    expected = GENERIC.replace(
        "\n\ndef load_settings",
        '\n\nclass LoadSettingsFailed(Exception):\n    def __init__(self, name: str) -> None:\n'
        '        super().__init__(f"Settings {name} have no region")\n\n\ndef load_settings',
    ).replace('raise Exception(f"Settings {name} have no region")', "raise LoadSettingsFailed(name)")
    code = refactored(exception_class.edits, GENERIC, TEST_RAISE)
    namespace = execute(code, EXECUTED_MODULE)
    with pytest.raises(namespace["LoadSettingsFailed"]) as raised:
        namespace["load_settings"]("prod", None)
    actual = (offered(exception_class.offer, GENERIC, "Exception("), code, findings(code), str(raised.value))
    assert ("Extract exception class `LoadSettingsFailed`", expected, [], "Settings prod have no region") == actual


@pytest.mark.parametrize(
    "code",
    [
        "def run() -> None:\n    raise ValueError('x')\n",
        "from errors import Missing\n\n\ndef run() -> None:\n    raise Missing('x')\n",
        "def run(error: Exception) -> None:\n    raise error\n",
        "def run() -> None:\n    try:\n        work()\n    except OSError:\n        raise\n",
        "def run(Missing: type) -> None:\n    raise Missing('x')\n",
    ],
    ids=["builtin", "imported", "variable", "bare re-raise", "parameter"],
)
def test_WHEN_raise_names_something_defined_THEN_not_offered(code: str) -> None:
    assert None is offered(exception_class.offer, code, TEST_RAISE)


def test_WHEN_cursor_is_not_on_a_raise_THEN_not_offered() -> None:
    assert None is offered(exception_class.offer, STACKS, "logger.info")
