"""CS802 dataclass-serialized-without-to-dict: a dataclass of the module is serialized with `asdict()`,
`vars()` or `__dict__` while it has no `to_dict()`."""

import logging
from dataclasses import dataclass
from typing import Dict, List, Optional

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.facts.classes import ClassIndex, unquoted_annotation
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule
from chris_style.linting.serialization import SERIALIZATION_METHODS, TO_DICT, generate_serialization
from chris_style.linting.syntax import dotted_name
from chris_style.rules.design._shared import DICT_PRODUCER_NAMES, _decorator_names

logger = logging.getLogger(__name__)

# CS802: annotations whose element type is what a loop over the annotated name yields.
COLLECTION_TYPES = frozenset({"list", "set", "frozenset", "sequence", "iterable", "tuple", "collection"})
# CS802: methods of `x.__dict__` that enumerate the whole object state (serializing it); item access,
# `.update()` and `.copy()` (cloning) do not.
DICT_STATE_METHODS = frozenset({"items"})
# CS802: what a module must spell for anything to be reported in it: a dataclass decorator, and a way to take an
# object's fields. A module without them is not tracked at all (most modules: the tracking costs more than
# reading the text).
DATACLASS_WORD = "dataclass"
FIELD_ACCESS_WORDS = ("asdict", "vars", "__dict__")


@dataclass
class _Known:
    """What the CS802 scope tracking knows of a name: an instance of `class_name`, or a collection of them."""

    class_name: str
    collection: bool = False


@dataclass
class _Site:
    node: cst.CSTNode
    class_name: str
    how: str


class DataclassSerializedWithoutToDict(Rule):
    """A dataclass of this module is serialized with `dataclasses.asdict(x)`, `vars(x)` or `x.__dict__` while
    the class has no `to_dict()`.

    The guide's dataclasses carry their own `to_dict()`/`from_dict()` (Serialization Patterns): the class then
    decides its dict shape (enum values, nested dicts, optional fields), and `from_dict()` can read it back.
    The object's class is known when `x` is `self` in one of its methods, a parameter or variable annotated with
    the class (or a list of it, for loop variables), a variable assigned `Cls(...)`, or the call `Cls(...)`
    itself; a name that nothing else describes holds the class its name spells (`cluster_plan` a
    `ClusterPlan`: `asdict()` only accepts dataclass instances). `x.__dict__` counts when its whole value is
    handed on (returned, assigned, passed, iterated with
    `.items()`), not for item access, `update()`, `.copy()` or cloning (`other.__dict__ = self.__dict__`).
    Not reported inside dunder methods other than `__json__` (`__post_init__` checking its fields, `__repr__`,
    `__eq__`: the object's own protocol), nor for classes with a base from another module (that base may
    provide `to_dict()`).

    Fix (suggestion): generate `to_dict()`/`from_dict()` on the dataclass (the "Generate to_dict()/from_dict()"
    refactoring); the call site is left for you to switch to `x.to_dict()`.
    """

    code = "CS802"
    name = "dataclass-serialized-without-to-dict"
    priority = Priority.PREFERRED
    guideline = Guideline.SERIALIZATION_PATTERNS
    message = "Dataclass `{class_name}` is serialized with `{how}`: give it a `to_dict()` method (and `from_dict()`)"
    fix_safety = FixSafety.SUGGESTION
    VALID = [
        "from dataclasses import asdict, dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n"
        "    def to_dict(self) -> dict:\n        return {'size': self.size}\n\n\n"
        "def dump(plan: Plan) -> dict:\n    return asdict(plan)\n",
        "from dataclasses import asdict\n\nfrom vendor import Plan\n\n\ndef dump(plan: Plan) -> dict:\n"
        "    return asdict(plan)\n",
        "from dataclasses import asdict\n\n\ndef dump(result) -> dict:\n    return asdict(result)\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n\n"
        "def dump(plan: dict) -> dict:\n    return vars(plan)\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n"
        "    def reset(self) -> None:\n        self.__dict__.update(size=0)\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n"
        "    def get(self, name: str) -> int:\n        return self.__dict__[name]\n",
        "class Plan:\n    def __init__(self, size: int) -> None:\n        self.size = size\n\n"
        "    def dump(self) -> dict:\n        return vars(self)\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Options:\n    width: int\n\n"
        "    def copy(self) -> 'Options':\n        options: Options = Options.__new__(Options)\n"
        "        options.__dict__ = self.__dict__.copy()\n        return options\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Options:\n    width: int\n\n"
        "    def clone(self, other: 'Options') -> None:\n        other.__dict__ = self.__dict__\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Options:\n    width: int\n\n"
        "    def __post_init__(self) -> None:\n        for name, value in vars(self).items():\n"
        "            check(name, value)\n",
        "from dataclasses import dataclass\n\nfrom vendor import Serializable\n\n\n@dataclass\n"
        "class Plan(Serializable):\n    size: int\n\n    def dump(self) -> dict:\n        return vars(self)\n",
    ]
    INVALID = [
        Invalid(
            "from dataclasses import asdict, dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n\n"
            "def dump(plan: Plan) -> dict:\n    return asdict(plan)\n",
            fixed="from dataclasses import asdict, dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar(\"T_Plan\", bound=\"Plan\")\n\n\n@dataclass\nclass Plan:\n    size: int\n\n"
            "    def to_dict(self) -> Dict[str, Any]:\n        return {\n            \"size\": self.size\n        }\n\n"
            "    @classmethod\n    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n"
            "        return cls(\n            size=input[\"size\"]\n        )\n\n\n"
            "def dump(plan: Plan) -> dict:\n    return asdict(plan)\n",
        ),
        Invalid(
            "import dataclasses\nimport json\n\n\n@dataclasses.dataclass\nclass Plan:\n    size: int\n\n"
            "    def to_json(self) -> str:\n        return json.dumps(self.__dict__)\n",
            fixed="import dataclasses\nimport json\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar(\"T_Plan\", bound=\"Plan\")\n\n\n@dataclasses.dataclass\nclass Plan:\n"
            "    size: int\n\n    def to_json(self) -> str:\n        return json.dumps(self.__dict__)\n\n"
            "    def to_dict(self) -> Dict[str, Any]:\n        return {\n            \"size\": self.size\n"
            "        }\n\n    @classmethod\n"
            "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(\n"
            "            size=input[\"size\"]\n        )\n",
        ),
        Invalid(
            "import dataclasses\n\n\n@dataclasses.dataclass\nclass ClusterPlan:\n    size: int\n\n\n"
            "def save(cluster_plan) -> None:\n    store(dataclasses.asdict(cluster_plan))\n",
            fixed="import dataclasses\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_ClusterPlan = TypeVar(\"T_ClusterPlan\", bound=\"ClusterPlan\")\n\n\n@dataclasses.dataclass\n"
            "class ClusterPlan:\n    size: int\n\n    def to_dict(self) -> Dict[str, Any]:\n"
            "        return {\n            \"size\": self.size\n        }\n\n    @classmethod\n"
            "    def from_dict(cls: Type[T_ClusterPlan], input: Dict[str, Any]) -> T_ClusterPlan:\n"
            "        return cls(\n            size=input[\"size\"]\n        )\n\n\n"
            "def save(cluster_plan) -> None:\n    store(dataclasses.asdict(cluster_plan))\n",
        ),
        Invalid(
            "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n\n"
            "def dump_all(plans: List[Plan]) -> list:\n    return [vars(plan) for plan in plans]\n",
            fixed="from dataclasses import dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar(\"T_Plan\", bound=\"Plan\")\n\n\n@dataclass\nclass Plan:\n    size: int\n\n"
            "    def to_dict(self) -> Dict[str, Any]:\n        return {\n            \"size\": self.size\n"
            "        }\n\n    @classmethod\n"
            "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(\n"
            "            size=input[\"size\"]\n        )\n\n\ndef dump_all(plans: List[Plan]) -> list:\n"
            "    return [vars(plan) for plan in plans]\n",
        ),
        Invalid(
            "from dataclasses import asdict, dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n\n\n"
            "def main() -> None:\n    plan = Plan(3)\n    save(asdict(plan))\n    save(asdict(Plan(4)))\n",
            fixed="from dataclasses import asdict, dataclass\nfrom typing import Any, Dict, Type, TypeVar\n\n"
            "T_Plan = TypeVar(\"T_Plan\", bound=\"Plan\")\n\n\n@dataclass\nclass Plan:\n    size: int\n\n"
            "    def to_dict(self) -> Dict[str, Any]:\n        return {\n            \"size\": self.size\n"
            "        }\n\n    @classmethod\n"
            "    def from_dict(cls: Type[T_Plan], input: Dict[str, Any]) -> T_Plan:\n        return cls(\n"
            "            size=input[\"size\"]\n        )\n\n\ndef main() -> None:\n    plan = Plan(3)\n"
            "    save(asdict(plan))\n    save(asdict(Plan(4)))\n",
            count=2,
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._scopes: List[Dict[str, Optional[_Known]]] = [{}]
        self._sites: List[_Site] = []
        text = self.source.text
        self._tracking = DATACLASS_WORD in text and any(word in text for word in FIELD_ACCESS_WORDS)

    @property
    def index(self) -> ClassIndex:
        return self.context.facts.classes

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self._tracking:
            return
        # Every parameter shadows outer names; only annotated ones (and `self`) say what they hold.
        scope: Dict[str, Optional[_Known]] = {
            param.name.value: None
            for param in [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        }
        owner = self.context.enclosing_class()
        params = [*node.params.posonly_params, *node.params.params]
        takes_instance = not {"staticmethod", "classmethod"} & set(_decorator_names(node))
        if owner is not None and params and takes_instance:
            scope[params[0].name.value] = _Known(owner.name.value)
        for param in [*params, *node.params.kwonly_params]:
            if param.annotation is not None:
                scope[param.name.value] = self._annotated(param.annotation.annotation)
        self._scopes.append(scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        if not self._tracking:
            return
        self._scopes.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self._tracking or self.context.enclosing_class() is not None or len(node.targets) != 1:
            return
        target = node.targets[0].target
        if isinstance(target, cst.Name):
            self._scopes[-1][target.value] = _constructed(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self._tracking and self.context.enclosing_class() is None and isinstance(node.target, cst.Name):
            self._scopes[-1][node.target.value] = self._annotated(node.annotation.annotation)

    def visit_For(self, node: cst.For) -> None:
        self._bind_loop_target(node.target, node.iter)

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._bind_comprehension(node.for_in)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._bind_comprehension(node.for_in)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._bind_comprehension(node.for_in)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._bind_comprehension(node.for_in)

    def _bind_comprehension(self, for_in: Optional[cst.CompFor]) -> None:
        """Comprehension targets, bound before the element (which the traversal visits first) is seen."""
        while for_in is not None:
            self._bind_loop_target(for_in.target, for_in.iter)
            for_in = for_in.inner_for_in

    def _bind_loop_target(self, target: cst.BaseExpression, iterable: cst.BaseExpression) -> None:
        if not self._tracking or not isinstance(target, cst.Name):
            return
        known = self._type_of(iterable)
        if known is not None and known.collection:
            self._scopes[-1][target.value] = _Known(known.class_name)

    def visit_Call(self, node: cst.Call) -> None:
        if not self._tracking or len(node.args) != 1:
            return
        positional = [argument for argument in node.args if argument.keyword is None and not argument.star]
        if len(positional) != 1:
            return
        qualified = self.index.qualified(node.func)
        if qualified == "dataclasses.asdict":
            how = f"{dotted_name(node.func)}()"
        elif qualified == "vars":
            how = "vars()"
        else:
            return
        known = self._type_of(positional[0].value)
        if known is not None and not known.collection and not self._in_object_protocol():
            self._sites.append(_Site(node, known.class_name, how))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self._tracking or node.attr.value != "__dict__" or not self._hands_on_state(node):
            return
        known = self._type_of(node.value)
        if known is not None and not known.collection and not self._in_object_protocol():
            self._sites.append(_Site(node, known.class_name, ".__dict__"))

    def _in_object_protocol(self) -> bool:
        """Inside a dunder method (`__post_init__` validating fields, `__repr__`, `__eq__`...): the fields are
        enumerated for the object's own protocol, not serialized. `__json__` is serialization."""
        function = self.context.enclosing_function()
        if function is None:
            return False
        name = function.name.value
        return name.startswith("__") and name.endswith("__") and name not in DICT_PRODUCER_NAMES

    def _hands_on_state(self, node: cst.Attribute) -> bool:
        parent = self.context.ancestors[-1] if self.context.ancestors else None
        if isinstance(parent, (cst.Arg, cst.Return, cst.StarredDictElement)):
            return True
        if isinstance(parent, cst.Assign):
            # `copy.__dict__ = self.__dict__` clones the object; it does not serialize it.
            cloning = any(
                isinstance(target.target, cst.Attribute) and target.target.attr.value == "__dict__"
                for target in parent.targets
            )
            return parent.value is node and not cloning
        if isinstance(parent, cst.AnnAssign):
            return parent.value is node
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return parent.attr.value in DICT_STATE_METHODS
        return False

    def leave_Module(self, original_node: cst.Module) -> None:
        fixes: Dict[str, List[Fix]] = {}
        for site in self._sites:
            class_def = self.index.classes.get(site.class_name)
            if class_def is None or self.index.local_class(cst.Name(site.class_name)) is None:
                continue
            if not self.index.is_dataclass(class_def) or self.index.has_unknown_ancestry(class_def):
                continue
            if self.index.find_method(class_def, TO_DICT) is not None:
                continue
            if site.class_name not in fixes:
                fixes[site.class_name] = self._fixes(class_def)
            self.report(site.node, fixes=fixes[site.class_name], class_name=site.class_name, how=site.how)

    def _fixes(self, class_def: cst.ClassDef) -> List[Fix]:
        missing = [method for method in SERIALIZATION_METHODS if self.index.find_method(class_def, method) is None]
        edits = generate_serialization(self.context, class_def, missing)
        if not edits:
            return []
        title = " and ".join(f"`{method}()`" for method in missing)
        return [self.fix(f"Generate {title} on `{class_def.name.value}`", FixSafety.SUGGESTION, *edits)]

    def _annotated(self, annotation: cst.BaseExpression) -> _Known:
        """What an annotation says a name holds; an empty class name when it is something else."""
        parsed = unquoted_annotation(annotation)
        if isinstance(parsed, cst.Name):
            return _Known(parsed.value)
        if isinstance(parsed, cst.Subscript):
            origin = self.index.qualified(parsed.value) or ""
            arguments = [element.slice.value for element in parsed.slice if isinstance(element.slice, cst.Index)]
            if origin == "typing.Optional" and len(arguments) == 1:
                return self._annotated(arguments[0])
            element = unquoted_annotation(arguments[0]) if arguments else None
            if origin.split(".")[-1].lower() in COLLECTION_TYPES and isinstance(element, cst.Name):
                return _Known(element.value, collection=True)
        return _Known("")

    def _type_of(self, expression: cst.BaseExpression) -> Optional[_Known]:
        """What `expression` holds: from annotations, `self`, `Cls(...)` and loops; for a name nothing tells,
        the class its name spells (`cluster_plan` holds a `ClusterPlan`)."""
        if isinstance(expression, cst.Name):
            for scope in reversed(self._scopes):
                known = scope.get(expression.value)
                if known is not None:
                    return known
                if expression.value in scope:
                    break
            return _Known(_pascal_case(expression.value))
        return _constructed(expression)


def _constructed(expression: cst.BaseExpression) -> Optional[_Known]:
    """`Cls(...)`: a call of a capitalized name makes an instance of that class."""
    is_name_call = isinstance(expression, cst.Call) and isinstance(expression.func, cst.Name)
    if is_name_call and expression.func.value[:1].isupper():
        return _Known(expression.func.value)
    return None


def _pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)
