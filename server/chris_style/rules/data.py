"""Section 9 of the guide: Data Handling (which data model to use, and immutability)."""

import re
from typing import List, Optional, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.classes import DATACLASS_DECORATORS, ClassIndex
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule
from chris_style.linting.source import Position

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
# The guide keeps pydantic for LangChain tool schemas: a module importing langchain (or one of its
# `langchain_*` packages) may define BaseModel subclasses.
LANGCHAIN_PREFIX = "langchain"
KWARGS_SUFFIX = "kwargs"
DEVIATION_CODE = "CS902"


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
    `Unpack[...]` in the module, or named `...Kwargs`).
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
        self._index: Optional[ClassIndex] = None
        self._langchain: Optional[bool] = None

    @property
    def index(self) -> ClassIndex:
        if self._index is None:
            self._index = self.context.facts.classes
        return self._index

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.bases and not node.decorators:
            return
        kind = self._class_kind(node, set())
        if kind is not None:
            self.report(node.name, model=node.name.value, kind=kind)

    def visit_Call(self, node: cst.Call) -> None:
        if not isinstance(node.func, (cst.Name, cst.Attribute)):
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
            if index.decorator_name(decorator) in ATTRS_DECORATORS:
                return "an attrs class"
        for argument in node.bases:
            if argument.keyword is not None:
                continue
            qualified = index.qualified(argument.value)
            if qualified in NAMED_TUPLE_CLASSES:
                return "a `NamedTuple`"
            if qualified in TYPED_DICT_CLASSES:
                return None if self._types_keyword_arguments(node) else "a `TypedDict`"
            if qualified in PYDANTIC_MODELS and not self._imports_langchain():
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


class FrozenDataclass(Rule):
    """A dataclass is declared `@dataclass(frozen=True)`.

    The guide keeps dataclasses mutable by default and avoids `frozen=True` except for critical code sections
    (Immutability). Where immutability is deliberate, say so with the guide's deviation protocol: a
    `# DEVIATION(CS902): <what>` comment with a `# Reason: <why>` line right above the decorators silences this
    rule for that class.

    Fix (suggestion): insert the `# DEVIATION(CS902): ` and `# Reason: ` lines above the decorators, for you to
    complete.
    """

    code = "CS902"
    name = "frozen-dataclass"
    priority = Priority.PREFERRED
    guideline = Guideline.IMMUTABILITY
    message = "Dataclass `{class_name}` is frozen: the guide keeps dataclasses mutable unless a deviation says why"
    fix_safety = FixSafety.SUGGESTION
    VALID = [
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n",
        "from dataclasses import dataclass\n\n\n@dataclass(frozen=False, order=True)\nclass Plan:\n    size: int\n",
        "from dataclasses import dataclass\n\n\n# DEVIATION(CS902): Using frozen dataclass for immutability guarantee\n"
        "# Reason: This config is shared across threads and must be immutable\n"
        "@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
        "import attr\n\n\n@attr.s(frozen=True)\nclass Plan:\n    size: int\n",
        "from dataclasses import dataclass\n\nFROZEN = True\n\n\n@dataclass(frozen=FROZEN)\nclass Plan:\n    size: int\n",
    ]
    INVALID = [
        Invalid(
            "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
            fixed="from dataclasses import dataclass\n\n\n# DEVIATION(CS902): \n# Reason: \n"
            "@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
        ),
        Invalid(
            "import dataclasses\n\n\nclass Outer:\n    # Cached per process.\n    @functools.total_ordering\n"
            "    @dataclasses.dataclass(eq=True, frozen=True)\n    class Key:\n        name: str\n",
            fixed="import dataclasses\n\n\nclass Outer:\n    # Cached per process.\n    # DEVIATION(CS902): \n"
            "    # Reason: \n    @functools.total_ordering\n    @dataclasses.dataclass(eq=True, frozen=True)\n"
            "    class Key:\n        name: str\n",
        ),
        Invalid(
            "from dataclasses import dataclass\r\n\r\n\r\n@dataclass(frozen=True)\r\nclass Config:\r\n    retries: int\r\n",
            fixed="from dataclasses import dataclass\r\n\r\n\r\n# DEVIATION(CS902): \r\n# Reason: \r\n"
            "@dataclass(frozen=True)\r\nclass Config:\r\n    retries: int\r\n",
        ),
        Invalid(
            "from pydantic.dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
            fixed="from pydantic.dataclasses import dataclass\n\n\n# DEVIATION(CS902): \n# Reason: \n"
            "@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._index: Optional[ClassIndex] = None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.decorators:
            return
        for decorator in node.decorators:
            call = decorator.decorator
            if not isinstance(call, cst.Call):
                continue
            frozen = next(
                (
                    argument
                    for argument in call.args
                    if argument.keyword is not None
                    and argument.keyword.value == "frozen"
                    and isinstance(argument.value, cst.Name)
                    and argument.value.value == "True"
                ),
                None,
            )
            if frozen is None:
                continue
            if self._index is None:
                self._index = self.context.facts.classes
            if self._index.decorator_name(decorator) in DATACLASS_DECORATORS:
                self.report(frozen, fixes=[self._deviation_fix(node)], class_name=node.name.value)
                return

    def _deviation_fix(self, node: cst.ClassDef) -> Fix:
        line = self.context.range_of(node.decorators[0]).start.line
        text = self.source.line_text(line)
        indent = text[: len(text) - len(text.lstrip())]
        newline = self.source.newline
        content = f"{indent}# DEVIATION({DEVIATION_CODE}): {newline}{indent}# Reason: {newline}"
        return self.fix(
            f"Document the frozen dataclass as a deviation ({DEVIATION_CODE})",
            FixSafety.SUGGESTION,
            self.insert_at(Position(line, 0), content),
        )
