"""CS803 to-dict-out-of-sync: a dataclass's `to_dict()` or `from_dict()` does not mention every field."""

import logging
from dataclasses import dataclass, field
from typing import List, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.classes import DataclassField
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule
from chris_style.linting.serialization import FROM_DICT, SERIALIZATION_METHODS, TO_DICT, generate_serialization
from chris_style.linting.serialization_update import update_stale_method
from chris_style.linting.syntax import dotted_name

logger = logging.getLogger(__name__)

# CS803: calls and attributes that reach every field at once, so the method cannot go stale.
DYNAMIC_FIELD_ACCESS = frozenset(
    {"asdict", "astuple", "vars", "fields", "getattr", "setattr", "__dict__", "__dataclass_fields__",
     "__annotations__", "__slots__", "replace"}
)


@dataclass
class _Mentions:
    """What a serialization method's body names: fields by attribute, key or keyword, or all of them at once."""

    names: Set[str] = field(default_factory=set)
    dynamic: bool = False
    calls_super: bool = False
    positional: int = 0


def _mentions(function: cst.FunctionDef, class_name: str) -> _Mentions:
    found = _Mentions()
    params = [*function.params.posonly_params, *function.params.params]
    first = params[0].name.value if params else None
    constructors = {class_name, *([first] if first else [])}
    stack: List[cst.CSTNode] = [function.body]
    while stack:
        node = stack.pop()
        stack.extend(tree.children(node))
        if isinstance(node, cst.Attribute):
            if isinstance(node.value, cst.Name) and node.value.value == first:
                found.names.add(node.attr.value)
            if node.attr.value in DYNAMIC_FIELD_ACCESS:
                found.dynamic = True
        elif isinstance(node, cst.SimpleString):
            value = node.evaluated_value
            if isinstance(value, str):
                found.names.add(value)
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            found.names.add(node.keyword.value)
        elif isinstance(node, cst.Name) and node.value in DYNAMIC_FIELD_ACCESS:
            found.dynamic = True
        elif isinstance(node, cst.StarredDictElement):
            found.dynamic = True
        elif isinstance(node, cst.Call):
            callee = dotted_name(node.func)
            if callee == "super":
                found.calls_super = True
            if callee in constructors:
                if any(argument.star == "**" for argument in node.args):
                    found.dynamic = True
                positional = [argument for argument in node.args if argument.keyword is None and not argument.star]
                found.positional = max(found.positional, len(positional))
    return found


class ToDictOutOfSync(Rule):
    """A dataclass's `to_dict()` or `from_dict()` does not mention every field.

    The guide's serialization methods list the fields one by one (Serialization Patterns), so a field added
    later is easily forgotten: it is then silently dropped by `to_dict()`, or left at its default by
    `from_dict()`. A field is mentioned by `self.<field>`, by a string equal to its name (a key), by a keyword
    argument of that name, or by position in a `cls(...)` call. Not checked: methods that reach all fields at
    once (`asdict`, `vars`, `fields`, `__dict__`, `getattr`, `**` unpacking into the class), a `to_dict()`
    taking parameters besides `self` (a filtering serializer, as in the guide's printable wrappers), fields
    whose name starts with an underscore, and `init=False` fields for `from_dict()`. When the method calls
    `super()`, the fields of the module's dataclass bases count as handled there. A subclass that adds fields
    and inherits a base's explicit `to_dict()`/`from_dict()` is reported too.

    Fix (unsafe): update the stale method, keeping what was written by hand: in a `to_dict()` that returns a
    dict display, or a `from_dict()` that returns `cls(...)` with keyword arguments, the entries of existing
    fields keep their keys and expressions, entries reading a field the class no longer has go, computed extras
    and `**` entries stay, and the missing fields' entries are generated in the guide's shape. Any other method
    (and one inherited from a base) is regenerated whole, like the "Generate to_dict()/from_dict()" refactoring,
    keeping its docstring.
    """

    code = "CS803"
    name = "to-dict-out-of-sync"
    priority = Priority.PREFERRED
    guideline = Guideline.SERIALIZATION_PATTERNS
    message = "`{method}()` of dataclass `{class_name}` does not mention field(s) {fields}"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "@dataclass\nclass Plan:\n    count: int\n    size: int\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count, 'size': self.size}\n\n"
        "    @classmethod\n    def from_dict(cls, input: Dict[str, Any]) -> 'Plan':\n"
        "        return cls(count=input['count'], size=input['size'])\n",
        "@dataclass\nclass Plan:\n    count: int\n    size: int\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return asdict(self)\n\n"
        "    @classmethod\n    def from_dict(cls, input: Dict[str, Any]) -> 'Plan':\n        return cls(**input)\n",
        "@dataclass\nclass Plan:\n    count: int\n    size: int\n\n"
        "    @classmethod\n    def from_dict(cls, input: Dict[str, Any]) -> 'Plan':\n"
        "        return cls(input['a'], input['b'])\n",
        "@dataclass\nclass Plan:\n    count: int\n    _cache: dict = field(default_factory=dict)\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count}\n",
        "@dataclass\nclass Wrapper:\n    caption: str\n    include_all_attrs: bool = False\n\n"
        "    def to_dict(self, filter_attributes: bool = False) -> Dict[str, Any]:\n"
        "        return {'caption': self.caption}\n",
        "@dataclass\nclass Plan:\n    count: int\n    total: int = field(init=False)\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count, 'total': self.total}\n\n"
        "    @classmethod\n    def from_dict(cls, input: Dict[str, Any]) -> 'Plan':\n"
        "        return cls(count=input['count'])\n",
        "class Plan:\n    count: int\n    size: int\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count}\n",
        "@dataclass\nclass Base:\n    count: int\n\n    def to_dict(self) -> Dict[str, Any]:\n"
        "        return {'count': self.count}\n\n\n@dataclass\nclass Child(Base):\n    size: int\n\n"
        "    def to_dict(self) -> Dict[str, Any]:\n        return {**super().to_dict(), 'size': self.size}\n",
        "@dataclass\nclass ConfigDetails:\n    s3: S3Details\n    version: VersionInfo\n"
        "    previous: ConfigDetails = None\n\n    @classmethod\n"
        "    def from_dict(cls, input: Dict[str, any]) -> 'ConfigDetails':\n"
        "        previous_config = ConfigDetails.from_dict(input['previous']) if input.get('previous') else None\n"
        "        return cls(\n            s3=S3Details(**input['s3']),\n"
        "            version=VersionInfo(**input['version']),\n            previous=previous_config\n        )\n",
    ]
    INVALID = [
        Invalid(
            "from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Plan:\n"
            "    count: int\n    size: int\n\n    def to_dict(self) -> Dict[str, Any]:\n"
            "        return {\"count\": self.count}\n",
            fixed="from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Plan:\n"
            "    count: int\n    size: int\n\n    def to_dict(self) -> Dict[str, Any]:\n        return {\n"
            "            \"count\": self.count,\n            \"size\": self.size\n        }\n",
        ),
        Invalid(
            "from dataclasses import dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\n@dataclass\nclass Plan:\n"
            "    count: int\n    size: int = 3\n\n    @classmethod\n"
            "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n"
            "        '''Read a plan.'''\n        return cls(count=input['count'])\n",
            fixed="from dataclasses import dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\n@dataclass\nclass Plan:\n"
            "    count: int\n    size: int = 3\n\n    @classmethod\n"
            "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n"
            "        '''Read a plan.'''\n        return cls(\n            count=input['count'],\n"
            "            size=input.get('size', 3)\n        )\n",
        ),
        Invalid(
            "from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\nclass Base:\n"
            "    count: int\n\n    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count}\n\n\n"
            "@dataclass\nclass Child(Base):\n    size: int\n",
            fixed="from dataclasses import dataclass\nfrom typing import Any, Dict\n\n\n@dataclass\n"
            "class Base:\n    count: int\n\n    def to_dict(self) -> Dict[str, Any]:\n"
            "        return {'count': self.count}\n\n\n@dataclass\nclass Child(Base):\n    size: int\n\n"
            "    def to_dict(self) -> Dict[str, Any]:\n        return {\n"
            "            'count': self.count,\n            'size': self.size\n        }\n",
        ),
        Invalid(
            "from dataclasses import dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\n@dataclass\nclass Plan:\n"
            "    count: int\n    size: int\n    name: str\n\n"
            "    def to_dict(self) -> Dict[str, Any]:\n        return {'count': self.count}\n\n"
            "    @classmethod\n    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n"
            "        return cls(count=input['count'])\n",
            fixed="from dataclasses import dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar('T_Plan', bound='Plan')\n\n\n@dataclass\nclass Plan:\n    count: int\n"
            "    size: int\n    name: str\n\n    def to_dict(self) -> Dict[str, Any]:\n        return {\n"
            "            'count': self.count,\n            'size': self.size,\n"
            "            'name': self.name\n        }\n\n    @classmethod\n"
            "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(\n"
            "            count=input['count'],\n            size=input['size'],\n"
            "            name=input['name']\n        )\n",
            count=2,
        ),
    ]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.decorators:
            return
        index = self.context.facts.classes
        if not index.is_dataclass(node):
            return
        fields = [found for found in index.fields(node) if not found.name.startswith("_")]
        own = {found.name for found in index.own_fields(node)}
        for method in SERIALIZATION_METHODS:
            found_method = index.find_method(node, method)
            if found_method is None:
                continue
            owner, function = found_method
            missing = self._missing(node, owner, function, method, fields, own)
            if not missing:
                continue
            target: cst.CSTNode = function.name if owner is node else node.name
            fixes = self._fixes(node, owner, method, missing)
            shown = ", ".join(f"`{name}`" for name in missing)
            message = None
            if owner is not node:
                message = (
                    f"Dataclass `{node.name.value}` inherits `{method}()` from `{owner.name.value}`, which does not "
                    f"mention field(s) {shown}"
                )
            self.report(target, fixes=fixes, message=message, method=method, class_name=node.name.value, fields=shown)

    def _fixes(self, node: cst.ClassDef, owner: cst.ClassDef, method: str, missing: List[str]) -> List[Fix]:
        update = update_stale_method(self.context, node, method, missing) if owner is node else None
        if update is not None:
            return [self.fix(update.title(method), FixSafety.UNSAFE, *update.edits)]
        edits = generate_serialization(self.context, node, [method])
        return [self.fix(f"Regenerate `{method}()`", FixSafety.UNSAFE, *edits)] if edits else []

    def _missing(
        self,
        node: cst.ClassDef,
        owner: cst.ClassDef,
        function: cst.FunctionDef,
        method: str,
        fields: List[DataclassField],
        own: Set[str],
    ) -> List[str]:
        params = [*function.params.posonly_params, *function.params.params, *function.params.kwonly_params]
        if method == TO_DICT:
            if len(params) > 1 or isinstance(function.params.star_arg, cst.Param) or function.params.star_kwarg:
                return []
            required = [found for found in fields if not found.init_only]
        else:
            required = [found for found in fields if found.init]
        mentions = _mentions(function, owner.name.value)
        if mentions.dynamic:
            return []
        if mentions.calls_super and owner is node:
            required = [found for found in required if found.name in own]
        init_order = [found.name for found in self.context.facts.classes.fields(node) if found.init]
        by_position = set(init_order[: mentions.positional]) if method == FROM_DICT else set()
        return [found.name for found in required if found.name not in mentions.names and found.name not in by_position]
