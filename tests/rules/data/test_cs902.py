"""Edge cases of CS902 frozen-dataclass beyond its embedded examples."""

from pathlib import PurePosixPath

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.rule import FixSafety
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY
from tests.rules.helpers import fixed_once, messages, violations

META_CODES = ("CS001", "CS002")
TEST_CS902 = "CS902"
FROZEN = (
    "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    retries: int\n"
)


def test_WHEN_frozen_dataclass_fixed_THEN_deviation_silences_it_without_meta_diagnostics() -> None:
    fixed = fixed_once(FROZEN, TEST_CS902)
    result = lint(SourceFile(fixed, PurePosixPath("example.py")), Settings(), REGISTRY)
    assert [] == [violation.code for violation in result.violations if violation.code in (TEST_CS902, *META_CODES)]


def test_WHEN_frozen_dataclass_reported_THEN_fix_is_a_suggestion_at_the_frozen_argument() -> None:
    violation = violations(FROZEN, TEST_CS902)[0]
    assert FixSafety.SUGGESTION == violation.fix.safety
    assert "frozen=True" == SourceFile(FROZEN).slice(violation.range)


def test_WHEN_deviation_names_another_code_THEN_frozen_still_reported() -> None:
    code = FROZEN.replace("@dataclass", "# DEVIATION(CS605): long line\n# Reason: a URL\n@dataclass")
    assert 1 == len(messages(code, TEST_CS902))


def test_WHEN_general_deviation_above_THEN_frozen_silenced() -> None:
    code = FROZEN.replace("@dataclass", "# DEVIATION: immutable on purpose\n# Reason: shared across threads\n@dataclass")
    assert [] == messages(code, TEST_CS902)


def test_WHEN_frozen_dataclass_indented_with_tabs_THEN_deviation_uses_the_same_indent() -> None:
    code = (
        "import dataclasses\n\n\nclass Outer:\n\t@dataclasses.dataclass(frozen=True, order=True)\n"
        "\tclass Key:\n\t\tname: str\n"
    )
    expected = (
        "import dataclasses\n\n\nclass Outer:\n\t# DEVIATION(CS902): \n\t# Reason: \n"
        "\t@dataclasses.dataclass(frozen=True, order=True)\n\tclass Key:\n\t\tname: str\n"
    )
    assert expected == fixed_once(code, TEST_CS902)


@pytest.mark.parametrize(
    "code",
    [
        "from attr import dataclass\n\n\n@dataclass(frozen=True)\nclass Plan:\n    size: int\n",
        "from dataclasses import dataclass\n\n\n@dataclass(frozen='yes')\nclass Plan:\n    size: int\n",
        "from pydantic import ConfigDict\n\n\nclass Plan:\n    model_config = ConfigDict(frozen=True)\n",
    ],
    ids=["attrs dataclass", "non-literal True", "pydantic config"],
)
def test_WHEN_not_a_stdlib_frozen_dataclass_THEN_not_reported(code: str) -> None:
    assert [] == messages(code, TEST_CS902)
