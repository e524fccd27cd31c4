"""Edge cases of CS501 test-name-not-when-then beyond its embedded examples."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import SAFE_AND_UNSAFE, violations
from tests.rules.testing.snippets import TEST_PATH, fixed_and_compiled

CS501 = "CS501"
# Only CS501 runs, as `fix --select CS501` would.
SETTINGS = Settings(select=(CS501,))


def test_WHEN_test_renamed_in_crlf_file_THEN_only_the_name_changes() -> None:
    text = "import pytest\r\n\r\n@pytest.mark.slow\r\ndef test_deploy():\r\n    assert 1 == run()\r\n"

    actual = fixed_and_compiled(text, CS501, SAFE_AND_UNSAFE)

    assert text.replace("test_deploy", "test_WHEN_deploy_called_THEN_as_expected") == actual


@pytest.mark.parametrize(
    "name",
    [
        "test_WHEN_deploy_called_AND_not_bootstrapped_AND_dry_run_THEN_executes_command",
        "test_WHEN_x_THEN_y_AND_z",
        "test_WHEN_should_proceed_with_operation_AND_abort_usage_THEN_as_expected",
    ],
)
def test_WHEN_name_follows_convention_THEN_not_reported(name: str) -> None:
    actual = violations(f"def {name}():\n    assert 1 == run()\n", CS501, TEST_PATH, SETTINGS)

    assert [] == actual


@pytest.mark.parametrize("name", ["test_when_x_then_y", "test_WHEN_x", "test_x_THEN_y", "test", "testWHEN_x_THEN_y"])
def test_WHEN_name_breaks_convention_THEN_reported(name: str) -> None:
    actual = violations(f"def {name}():\n    assert 1 == run()\n", CS501, TEST_PATH, SETTINGS)

    assert 1 == len(actual)


def test_WHEN_test_classes_vary_THEN_only_collected_methods_reported() -> None:
    text = (
        "import unittest\n\n"
        "class Base(unittest.TestCase):\n    def test_base(self):\n        pass\n\n"
        "class Derived(Base):\n    def test_derived(self):\n        pass\n\n"
        "class Helper:\n    def test_helper(self):\n        pass\n\n"
        "class TestSkipped:\n    __test__ = False\n\n    def test_skipped(self):\n        pass\n\n"
        "if True:\n    def test_conditional():\n        pass\n"
    )

    actual = [violation.message.split("`")[1] for violation in violations(text, CS501, TEST_PATH, SETTINGS)]

    assert ["test_base", "test_derived", "test_conditional"] == actual
