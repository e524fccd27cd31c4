"""CS901 data-model-not-dataclass: a data model is a NamedTuple, TypedDict, attrs class or pydantic model
instead of a `@dataclass`."""

import logging
import re
from typing import List, Optional, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.classes import ClassIndex
from chris_style.linting.imports import ImportGroup, classify
from chris_style.linting.rule import Invalid, Rule, Valid

logger = logging.getLogger(__name__)

NAMED_TUPLE_CLASSES = frozenset({"typing.NamedTuple"})
TYPED_DICT_CLASSES = frozenset({"typing.TypedDict"})
# pydantic's model base under the names it is imported by (v2, and the v1 compatibility package).
PYDANTIC_MODELS = frozenset(
    {"pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.v1.BaseModel", "pydantic.v1.main.BaseModel"}
)
ATTRS_DECORATORS = frozenset(
    {"attr.s", "attr.attrs", "attr.define", "attr.frozen", "attr.mutable", "attr.dataclass", "attrs.define",
     "attrs.frozen", "attrs.mutable"}
)
# Functional forms: `namedtuple("Point", "x y")`, `NamedTuple("Point", [...])`, `TypedDict("Movie", {...})`.
FACTORY_KINDS = {
    "collections.namedtuple": "namedtuple",
    "typing.NamedTuple": "NamedTuple",
    "typing.TypedDict": "TypedDict",
}
# A call resolves to a factory only through a name or import that spells the factory's own name: a module
# spelling none has no call worth resolving.
FACTORY_NAMES = tuple(qualified.rsplit(".", 1)[-1] for qualified in FACTORY_KINDS)
# The guide keeps pydantic for LangChain tool schemas: a module importing langchain (or one of its
# `langchain_*` packages) may define BaseModel subclasses.
LANGCHAIN_PREFIX = "langchain"
KWARGS_SUFFIX = "kwargs"


class DataModelNotDataclass(Rule):
    """A data model is written as a NamedTuple, TypedDict, attrs class or pydantic model instead of a
    `@dataclass`.

    The guide uses `@dataclass` from the standard library for data models, and pydantic `BaseModel` only for
    LangChain tool schemas (Dataclasses vs NamedTuples vs Pydantic): one kind of data model across the code,
    mutable by default, with no third-party dependency. Reported: classes deriving from `NamedTuple` or
    `TypedDict` (also through a TypedDict of this module), the functional forms `namedtuple(...)`,
    `NamedTuple(...)` and `TypedDict(...)`, classes decorated with attrs (`@attr.s`, `@attr.attrs`,
    `@attr.define`, `@define`, `@attrs.define`, `@attrs.frozen`, ...), and subclasses of pydantic's `BaseModel`
    (also through a model of this module) unless the module imports `langchain` or a `langchain_*` package.
    `pydantic.dataclasses.dataclass` is a dataclass and is not reported, nor is pydantic-settings'
    `BaseSettings` (settings loading, not a data model), nor a TypedDict that types `**kwargs` (used in
    `Unpack[...]` in the module, or named `...Kwargs`), nor an attrs class or pydantic model in the project that
    is attrs or pydantic itself (the library is the project's own package, found as CS606 finds first-party
    packages): there, using it is not a choice between data-class libraries.
    """

    code = "CS901"
    name = "data-model-not-dataclass"
    priority = Priority.PREFERRED
    guideline = Guideline.DATACLASSES_VS_NAMEDTUPLES
    message = "`{model}` is {kind}: the guide uses `@dataclass` for data models"
    VALID = [
        "from dataclasses import dataclass\n\n\n@dataclass\nclass CaptureNodesPlan:\n    instanceType: str\n",
        "from langchain_core.tools import tool\nfrom pydantic import BaseModel\n\n\n"
        "class SearchInput(BaseModel):\n    query: str\n",
        "from pydantic.dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n",
        "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    region: str\n",
        "from myapp.models import BaseModel\n\n\nclass Plan(BaseModel):\n    size: int\n",
        "from typing import Dict, List\n\n\ndef plan(sizes: List[int]) -> Dict[str, int]:\n    return {}\n",
        "from typing import TypedDict\n\n\nclass GetKwargs(TypedDict, total=False):\n    timeout: float\n",
        "from typing import TypedDict, Unpack\n\n\nclass Options(TypedDict):\n    timeout: float\n\n\n"
        "def get(url: str, **options: Unpack[Options]) -> None:\n    pass\n",
        # attrs' own tests: the project is the library.
        Valid(
            "import attr\n\n\n@attr.s\nclass C:\n    x = attr.ib()\n",
            path="tests/test_make.py",
            settings={"known-first-party": ["attr"]},
        ),
    ]
    INVALID = [
        Invalid("from typing import NamedTuple\n\n\nclass Point(NamedTuple):\n    x: int\n    y: int\n"),
        Invalid("import collections\n\nPoint = collections.namedtuple('Point', ['x', 'y'])\n"),
        Invalid("from collections import namedtuple\n\n\nclass Point(namedtuple('Point', 'x y')):\n    pass\n"),
        Invalid("from typing_extensions import TypedDict\n\n\nclass Movie(TypedDict, total=False):\n    title: str\n"),
        Invalid("from typing import TypedDict\n\nMovie = TypedDict('Movie', {'title': str})\n"),
        Invalid("import attr\n\n\n@attr.s(auto_attribs=True)\nclass Plan:\n    size: int\n"),
        Invalid("from attrs import define, frozen\n\n\n@define\nclass Plan:\n    size: int\n\n\n"
                "@frozen\nclass Point:\n    x: int\n", count=2),
        Invalid("import attrs\n\n\n@attrs.define\nclass Plan:\n    size: int\n"),
        Invalid("from pydantic import BaseModel\n\n\nclass Plan(BaseModel):\n    size: int\n\n\n"
                "class BigPlan(Plan):\n    extra: int\n", count=2),
        Invalid("from pydantic import BaseModel\nfrom typing import NamedTuple\nimport langchain\n\n\n"
                "class Point(NamedTuple):\n    x: int\n"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._langchain: Optional[bool] = None
        self._may_call_factory = any(name in self.source.text for name in FACTORY_NAMES)

    @property
    def index(self) -> ClassIndex:
        return self.context.facts.classes

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.bases and not node.decorators:
            return
        kind = self._class_kind(node, set())
        if kind is not None:
            self.report(node.name, model=node.name.value, kind=kind)

    def visit_Call(self, node: cst.Call) -> None:
        if not self._may_call_factory or not isinstance(node.func, (cst.Name, cst.Attribute)):
            return
        kind = FACTORY_KINDS.get(self.index.qualified(node.func) or "")
        if kind is None or not node.args:
            return
        first = node.args[0].value
        name = first.evaluated_value if isinstance(first, cst.SimpleString) else None
        self.report(node, model=name if isinstance(name, str) else kind, kind=f"a `{kind}`")

    def _class_kind(self, node: cst.ClassDef, seen: Set[int]) -> Optional[str]:
        """What kind of non-dataclass model the class is, if any (following this module's bases)."""
        index = self.index
        seen.add(id(node))
        for decorator in node.decorators:
            name = index.decorator_name(decorator)
            if name in ATTRS_DECORATORS and not self._is_own_package(name):
                return "an attrs class"
        for argument in node.bases:
            if argument.keyword is not None:
                continue
            qualified = index.qualified(argument.value)
            if qualified in NAMED_TUPLE_CLASSES:
                return "a `NamedTuple`"
            if qualified in TYPED_DICT_CLASSES:
                return None if self._types_keyword_arguments(node) else "a `TypedDict`"
            if qualified in PYDANTIC_MODELS and not self._imports_langchain() and not self._is_own_package(qualified):
                return "a pydantic `BaseModel`"
            base = index.local_class(argument.value)
            if base is not None and id(base) not in seen:
                inherited = self._class_kind_of_base(base, seen)
                if inherited is not None:
                    return inherited
        return None

    def _class_kind_of_base(self, base: cst.ClassDef, seen: Set[int]) -> Optional[str]:
        """A subclass of this module's TypedDict or pydantic model is one too (an attrs base is not: the
        subclass is a plain class unless decorated itself)."""
        kind = self._class_kind(base, seen)
        return kind if kind in ("a `TypedDict`", "a pydantic `BaseModel`") else None

    def _types_keyword_arguments(self, node: cst.ClassDef) -> bool:
        """A TypedDict that types `**kwargs` (`Unpack[...]`, or named `...Kwargs`): no dataclass can do that."""
        name = node.name.value
        if name.lower().endswith(KWARGS_SUFFIX):
            return True
        return re.search(rf"Unpack\[\s*['\"]?{re.escape(name)}\b", self.source.text) is not None

    def _is_own_package(self, qualified: Optional[str]) -> bool:
        """True when the dotted name comes from the project's own package (attrs' tests using `attr.s`)."""
        return qualified is not None and classify(qualified, self.settings, self.source.path) is ImportGroup.LOCAL

    def _imports_langchain(self) -> bool:
        if self._langchain is None:
            self._langchain = any(
                isinstance(origin, str) and origin.split(".")[0].startswith(LANGCHAIN_PREFIX)
                for origin in _module_import_origins(self.context.module)
            )
        return self._langchain


def _module_import_origins(module: cst.Module) -> List[str]:
    origins: List[str] = []
    stack: List[cst.CSTNode] = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Import):
            origins.extend(cst.Module(body=[]).code_for_node(alias.name) for alias in node.names)
        elif isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
            origins.append(cst.Module(body=[]).code_for_node(node.module))
        elif not isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            stack.extend(tree.children(node))
    return origins
