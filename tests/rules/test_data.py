"""Edge cases of the section 9 rules (CS901, CS902) beyond their embedded examples."""

from pathlib import PurePosixPath
from typing import List

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits, choose_fixes
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

META_CODES = ("CS001", "CS002")
TEST_CS901 = "CS901"
TEST_CS902 = "CS902"
FROZEN = (
    "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    retries: int\n"
)


def _violations(code: str, rule_code: str) -> List[Violation]:
    result = lint(SourceFile(code, PurePosixPath("example.py")), Settings(), REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _messages(code: str, rule_code: str) -> List[str]:
    return [violation.message for violation in _violations(code, rule_code)]


def _fixed(code: str, rule_code: str) -> str:
    fixes = choose_fixes(violation.fix for violation in _violations(code, rule_code) if violation.fix is not None)
    return apply_edits(SourceFile(code), (edit for fix in fixes for edit in fix.edits))


# CS901 data-model-not-dataclass


@pytest.mark.parametrize(
    "code",
    [
        "import typing as t\n\n\nclass Point(t.NamedTuple):\n    x: int\n",
        "from typing import NamedTuple\n\nPoint = NamedTuple('Point', [('x', int)])\n",
        "import attr\n\n\n@attr.s\nclass Plan:\n    size = attr.ib()\n",
        "from attr import attrs\n\n\n@attrs(slots=True)\nclass Plan:\n    pass\n",
        "from pydantic.v1 import BaseModel\n\n\nclass Plan(BaseModel):\n    size: int\n",
        "import pydantic\n\n\nclass Plan(pydantic.BaseModel):\n    size: int\n",
        "from typing import TypedDict\n\n\nclass Base(TypedDict):\n    a: int\n\n\nclass Movie(Base):\n    title: str\n",
    ],
    ids=["aliased typing", "functional NamedTuple", "attr.s", "attrs alias", "pydantic v1", "pydantic attribute",
         "TypedDict subclass"],
)
def test_WHEN_non_dataclass_model_THEN_reported(code: str) -> None:
    assert 0 < len(_messages(code, TEST_CS901))


def test_WHEN_typed_dict_subclassed_in_module_THEN_both_reported_with_names() -> None:
    code = "from typing import TypedDict\n\n\nclass Base(TypedDict):\n    a: int\n\n\nclass Movie(Base):\n    title: str\n"
    expected = [
        "`Base` is a `TypedDict`: the guide uses `@dataclass` for data models",
        "`Movie` is a `TypedDict`: the guide uses `@dataclass` for data models",
    ]
    assert expected == _messages(code, TEST_CS901)


@pytest.mark.parametrize(
    "code",
    [
        "from langchain_core.tools import BaseTool\nfrom pydantic import BaseModel\n\n\nclass Args(BaseModel):\n"
        "    query: str\n",
        "import langchain\nfrom pydantic import BaseModel\n\n\nclass Args(BaseModel):\n    query: str\n",
        "def define(cls: type) -> type:\n    return cls\n\n\n@define\nclass Plan:\n    size: int\n",
        "from attrs import define\n\n\nclass Plan:\n    size: int\n\n\nplan_class = define(Plan)\n",
        "class BaseModel:\n    pass\n\n\nclass Plan(BaseModel):\n    size: int\n",
        "from enum import Enum\n\n\nclass Color(Enum):\n    RED = 1\n",
    ],
    ids=["langchain_core", "langchain", "local define", "define called not decorating", "local BaseModel", "enum"],
)
def test_WHEN_not_a_data_model_the_guide_replaces_THEN_not_reported(code: str) -> None:
    assert [] == _messages(code, TEST_CS901)


def test_WHEN_langchain_imported_THEN_named_tuples_still_reported() -> None:
    code = "import langchain\nfrom collections import namedtuple\n\nPoint = namedtuple('Point', 'x y')\n"
    expected = ["`Point` is a `namedtuple`: the guide uses `@dataclass` for data models"]
    assert expected == _messages(code, TEST_CS901)


# CS902 frozen-dataclass


def test_WHEN_frozen_dataclass_fixed_THEN_deviation_silences_it_without_meta_diagnostics() -> None:
    fixed = _fixed(FROZEN, TEST_CS902)
    result = lint(SourceFile(fixed, PurePosixPath("example.py")), Settings(), REGISTRY)
    assert [] == [violation.code for violation in result.violations if violation.code in (TEST_CS902, *META_CODES)]


def test_WHEN_frozen_dataclass_reported_THEN_fix_is_a_suggestion_at_the_frozen_argument() -> None:
    violation = _violations(FROZEN, TEST_CS902)[0]
    assert FixSafety.SUGGESTION == violation.fix.safety
    assert "frozen=True" == SourceFile(FROZEN).slice(violation.range)


def test_WHEN_deviation_names_another_code_THEN_frozen_still_reported() -> None:
    code = FROZEN.replace("@dataclass", "# DEVIATION(CS605): long line\n# Reason: a URL\n@dataclass")
    assert 1 == len(_messages(code, TEST_CS902))


def test_WHEN_general_deviation_above_THEN_frozen_silenced() -> None:
    code = FROZEN.replace("@dataclass", "# DEVIATION: immutable on purpose\n# Reason: shared across threads\n@dataclass")
    assert [] == _messages(code, TEST_CS902)


def test_WHEN_frozen_dataclass_indented_with_tabs_THEN_deviation_uses_the_same_indent() -> None:
    code = (
        "import dataclasses\n\n\nclass Outer:\n\t@dataclasses.dataclass(frozen=True, order=True)\n"
        "\tclass Key:\n\t\tname: str\n"
    )
    expected = (
        "import dataclasses\n\n\nclass Outer:\n\t# DEVIATION(CS902): \n\t# Reason: \n"
        "\t@dataclasses.dataclass(frozen=True, order=True)\n\tclass Key:\n\t\tname: str\n"
    )
    assert expected == _fixed(code, TEST_CS902)


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
    assert [] == _messages(code, TEST_CS902)
