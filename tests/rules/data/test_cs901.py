"""Edge cases of CS901 data-model-not-dataclass beyond its embedded examples."""

import pytest

from tests.rules.helpers import messages

TEST_CS901 = "CS901"


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
    assert 0 < len(messages(code, TEST_CS901))


def test_WHEN_typed_dict_subclassed_in_module_THEN_both_reported_with_names() -> None:
    code = "from typing import TypedDict\n\n\nclass Base(TypedDict):\n    a: int\n\n\nclass Movie(Base):\n    title: str\n"
    expected = [
        "`Base` is a `TypedDict`: the guide uses `@dataclass` for data models",
        "`Movie` is a `TypedDict`: the guide uses `@dataclass` for data models",
    ]
    assert expected == messages(code, TEST_CS901)


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
    assert [] == messages(code, TEST_CS901)


def test_WHEN_langchain_imported_THEN_named_tuples_still_reported() -> None:
    code = "import langchain\nfrom collections import namedtuple\n\nPoint = namedtuple('Point', 'x y')\n"
    expected = ["`Point` is a `namedtuple`: the guide uses `@dataclass` for data models"]
    assert expected == messages(code, TEST_CS901)


def test_WHEN_factory_called_through_an_alias_THEN_reported_under_its_model_name() -> None:
    code = "from collections import namedtuple as record\n\nPoint = record('Point', 'x y')\n"
    expected = ["`Point` is a `namedtuple`: the guide uses `@dataclass` for data models"]
    assert expected == messages(code, TEST_CS901)
