"""Section 8 of the guide: Design Patterns & Principles (dataclasses, serialization, ABCs, inheritance)."""

import re
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.classes import ClassIndex, DataclassField, own_methods, unquoted_annotation
from chris_style.linting.rule import Edit, Files, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.serialization import (
    FROM_DICT,
    SERIALIZATION_METHODS,
    TO_DICT,
    from_import_edits,
    generate_serialization,
)
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import BUILTIN_EXCEPTIONS, dotted_name, is_docstring

# CS801: the catalog's threshold; two keys are as often a pair as a record.
DICT_RECORD_MIN_KEYS = 3
# CS801: functions whose job is to produce a dict (the catalog's list, plus the stdlib's and the
# frameworks' spellings of the same job: pickling state, `_asdict`, model dumps, JSON hooks).
DICT_PRODUCER_NAMES = frozenset(
    {"to_dict", "to_json", "as_dict", "asdict", "__json__", "dict", "json", "to_json_dict", "__getstate__",
     "model_dump", "dump", "dumps", "to_primitive", "to_jsonable"}
)
DICT_PRODUCER_PREFIXES = ("serialize", "to_dict_", "to_json_", "as_dict_")
# ... and any name that says it makes one: `to_info_dict`, `edit_to_dict`, `region_json`.
DICT_PRODUCER_PATTERN = re.compile(r"(?:^|_)(?:dict|json)$")
# CS801: functions that build a mapping for another API (keyword arguments, template variables, headers).
MAPPING_FOR_API_SUFFIXES = (
    "_kwargs", "_params", "_vars", "_variables", "_context", "_headers", "_env", "_environ", "_options"
)
# CS801: under one of these keys, a dotted or slashed literal (`"http.request"`, `"text/plain"`) or a JSON
# schema type tags a protocol message or a schema: a wire format, not a record.
MESSAGE_TAG_KEYS = frozenset({"type", "Type"})
PROTOCOL_TAG_CHARACTERS = (".", "/", ":")
JSON_SCHEMA_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})
# CS801: return annotations that say "a dict" rather than name a record type.
GENERIC_DICT_TYPES = frozenset({"dict", "Dict", "Mapping", "MutableMapping", "Any", "object", "OrderedDict"})
JSON_WRITERS = ("dumps", "dump")
# CS802: annotations whose element type is what a loop over the annotated name yields.
COLLECTION_TYPES = frozenset({"list", "set", "frozenset", "sequence", "iterable", "tuple", "collection"})
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# CS801: decorators of web handlers, whose returned dicts are JSON responses (dicts for JSON interop).
ROUTE_DECORATORS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket", "errorhandler",
     "context_processor", "app_context_processor"}
)
# CS802: methods of `x.__dict__` that enumerate the whole object state (serializing it); item access,
# `.update()` and `.copy()` (cloning) do not.
DICT_STATE_METHODS = frozenset({"items"})
# CS803: calls and attributes that reach every field at once, so the method cannot go stale.
DYNAMIC_FIELD_ACCESS = frozenset(
    {"asdict", "astuple", "vars", "fields", "getattr", "setattr", "__dict__", "__dataclass_fields__",
     "__annotations__", "__slots__", "replace"}
)
# CS804: dunder methods that raise NotImplementedError to refuse an operation, not to declare an interface.
REFUSING_DUNDERS = frozenset(
    {"__init__", "__new__", "__init_subclass__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__",
     "__copy__", "__deepcopy__", "__hash__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
     "__bool__", "__setattr__", "__delattr__", "__setitem__", "__delitem__", "__get__", "__set__", "__delete__",
     "__class_getitem__", "__fspath__", "__index__", "__int__", "__float__"}
)
ABC_NAMES = frozenset({"abc.ABC"})
PROTOCOL_NAMES = frozenset({"typing.Protocol"})
ABC_MODULE = "abc"
# CS805: the catalog's depth (bases of the same module, the class itself not counted).
DEEP_INHERITANCE_DEPTH = 3
EXCEPTION_NAME_SUFFIXES = ("Error", "Exception", "Warning", "Exit", "Interrupt")


def _plain_string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _is_protocol_tag(value: Optional[str]) -> bool:
    return value is not None and (
        any(character in value for character in PROTOCOL_TAG_CHARACTERS) or value in JSON_SCHEMA_TYPES
    )


def _function_statements(function: cst.FunctionDef) -> Sequence[cst.BaseStatement]:
    body = function.body
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def _decorator_names(function: cst.FunctionDef) -> List[str]:
    names = []
    for decorator in function.decorators:
        expression = decorator.decorator
        if isinstance(expression, cst.Call):
            expression = expression.func
        names.append(dotted_name(expression) or "")
    return names


class DictAsRecord(Rule):
    """A function returns a dict display with three or more string keys: a record that wants a dataclass.

    The guide prefers dataclasses over plain dicts for structured data and keeps dicts for JSON interop
    (Dataclass Usage; Data Structure Choices): a dataclass names and types its fields, and a typo in a key
    becomes an error instead of a silent `KeyError` far away. A heuristic: it looks only at `return {...}` with
    at least three string-literal keys, directly or through a local variable assigned the dict once and
    returned. Not in tests (the guide's test data and mock return values are dicts on purpose).

    Not reported, because the dict is the point there: functions whose job is to make a dict (`to_dict`,
    `to_json`, `as_dict`, `serialize*`, `__json__`, `__getstate__`, `to_<x>_dict`, `as_<x>_json`, ...) or a
    mapping for another API (`*_kwargs`, `*_params`, `*_vars`, `*_context`, `*_headers`, `*_env`,
    `*_options`); dicts passed straight to `json.dumps`/`json.dump` (also the function's result, when the
    module does `json.dumps(f())`); keys that are not identifiers (`"Content-Type"`, `"$ref"`) and dicts
    whose `"type"` is a protocol tag (`"http.request"`) or a JSON schema type: wire formats, not records; dicts with `**`
    unpacking (merged options); functions annotated to return a named type (a TypedDict: CS901's business);
    web handlers (`@app.route`, `@router.get`, ...) whose dicts are JSON responses; lambdas.
    """

    code = "CS801"
    name = "dict-as-record"
    priority = Priority.PREFERRED
    guideline = Guideline.DATACLASS_USAGE
    message = "`{function}` returns a dict with keys {keys}: a record like this reads better as a `@dataclass`"
    files = Files.NOT_TESTS
    VALID = [
        "def to_dict(self) -> Dict[str, Any]:\n    return {'count': self.count, 'type': self.type, 'size': self.size}\n",
        "def serialize_plan(plan: Plan) -> Dict[str, Any]:\n    return {'a': plan.a, 'b': plan.b, 'c': plan.c}\n",
        "def as_dict(self) -> dict:\n    return {'a': 1, 'b': 2, 'c': 3}\n",
        "def to_info_dict(self) -> dict:\n    return {'name': self.name, 'help': self.help, 'hidden': False}\n",
        "def __json__(self) -> dict:\n    return {'a': 1, 'b': 2, 'c': 3}\n",
        "def render(plan: Plan) -> str:\n    return json.dumps({'a': plan.a, 'b': plan.b, 'c': plan.c})\n",
        "def save(plan: Plan) -> dict:\n    data = {'a': plan.a, 'b': plan.b, 'c': plan.c}\n"
        "    json.dump(data, STORE)\n    return data\n",
        "import json\n\n\ndef info() -> dict:\n    return {'platform': 'x', 'system': 'y', 'version': 3}\n\n\n"
        "def main() -> None:\n    print(json.dumps(info(), indent=2))\n",
        "def pair(a: int, b: int) -> dict:\n    return {'a': a, 'b': b}\n",
        "def headers(token: str) -> dict:\n"
        "    return {'Content-Type': 'application/json', 'Accept': 'text/plain', 'Authorization': token}\n",
        "def request_kwargs(self) -> dict:\n    return {'timeout': self.timeout, 'verify': True, 'stream': False}\n",
        "async def receive() -> dict:\n    return {'type': 'http.request', 'body': b'', 'more_body': False}\n",
        "def options(base: dict) -> dict:\n    return {**base, 'a': 1, 'b': 2, 'c': 3}\n",
        "def by_code(codes: List[int]) -> dict:\n    return {1: 'one', 2: 'two', 3: 'three'}\n",
        "def source_vars(self) -> _SourceVarsDict:\n    return {'complete_func': 'f', 'complete_var': 'v', 'prog_name': 'p'}\n",
        "@app.route('/status')\ndef status() -> dict:\n    return {'state': 'ok', 'version': VERSION, 'uptime': 3}\n",
        "def __getstate__(self) -> dict:\n    return {'a': self.a, 'b': self.b, 'c': self.c}\n",
        "make = lambda: {'a': 1, 'b': 2, 'c': 3}\n",
        "def build() -> dict:\n    data = {'a': 1, 'b': 2, 'c': 3}\n    data = normalize(data)\n    return data\n",
        Valid("def user():\n    return {'id': 1, 'name': 'x', 'email': 'x@example.com'}\n", path="tests/conftest.py"),
    ]
    INVALID = [
        Invalid(
            "def get_plan(traffic: float) -> Dict[str, Any]:\n"
            "    return {'instanceType': 'm5.xlarge', 'desiredCount': 2, 'maxCount': 4}\n"
        ),
        Invalid(
            "class Client:\n    def status(self) -> dict:\n"
            "        result = {\n            'name': self.name,\n            'region': self.region,\n"
            "            'healthy': True,\n        }\n        return result\n"
        ),
        Invalid(
            "def merge_environment_settings(url: str, stream: bool) -> dict:\n"
            "    return {'proxies': PROXIES, 'stream': stream, 'verify': True, 'cert': None}\n"
        ),
        Invalid("def user_record(name: str) -> dict:\n    return {'type': 'user', 'name': name, 'active': True}\n"),
        Invalid("import json\n\n\ndef get_expression(self) -> dict:\n"
                "    return {'format': self.format, 'operator': self.operator, 'values': self.values}\n"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        # Local names assigned a dict display once, per function (None once the name is rebound).
        self._assigned: Dict[int, Dict[str, Optional[cst.Dict]]] = {}
        # Names passed straight to json.dumps/json.dump, per function; and functions whose result is.
        self._dumped: Dict[int, Set[str]] = {}
        self._dumped_results: Set[str] = set()
        self._pending: List[Tuple[str, TextRange, str]] = []
        self._index: Optional[ClassIndex] = None

    def visit_Assign(self, node: cst.Assign) -> None:
        function = self.context.enclosing_function()
        if function is None or self.context.enclosing_class() is not None:
            return
        names = self._assigned.setdefault(id(function), {})
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                name = target.target.value
                value = node.value if isinstance(node.value, cst.Dict) and len(node.targets) == 1 else None
                names[name] = None if name in names else value

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or not isinstance(node.func, cst.Attribute) or node.func.attr.value not in JSON_WRITERS:
            return
        if self._index is None:
            self._index = self.context.facts.classes
        if self._index.qualified(node.func) not in {f"json.{writer}" for writer in JSON_WRITERS}:
            return
        argument = node.args[0].value
        function = self.context.enclosing_function()
        if isinstance(argument, cst.Name) and function is not None:
            self._dumped.setdefault(id(function), set()).add(argument.value)
        elif isinstance(argument, cst.Call):
            called = dotted_name(argument.func)
            if called is not None:
                self._dumped_results.add(called.split(".")[-1])

    def visit_Return(self, node: cst.Return) -> None:
        value = node.value
        function = self.context.enclosing_function()
        if value is None or function is None or self._inside_lambda():
            return
        if isinstance(value, cst.Name):
            if value.value in self._dumped.get(id(function), set()):
                return
            value = self._assigned.get(id(function), {}).get(value.value)
        if not isinstance(value, cst.Dict):
            return
        keys = self._record_keys(value)
        if keys is None or len(keys) < DICT_RECORD_MIN_KEYS or self._produces_dicts(function):
            return
        start = self.context.range_of(node).start
        shown = ", ".join(f"`{key}`" for key in keys[:DICT_RECORD_MIN_KEYS])
        if len(keys) > DICT_RECORD_MIN_KEYS:
            shown += ", ..."
        self._pending.append((function.name.value, TextRange(start, Position(start.line, start.column + 6)), shown))

    def leave_Module(self, original_node: cst.Module) -> None:
        for function, where, keys in self._pending:
            if function not in self._dumped_results:
                self.report(where, function=function, keys=keys)

    def _inside_lambda(self) -> bool:
        for ancestor in reversed(self.context.ancestors):
            if isinstance(ancestor, cst.FunctionDef):
                return False
            if isinstance(ancestor, cst.Lambda):
                return True
        return False

    def _record_keys(self, value: cst.Dict) -> Optional[List[str]]:
        """The dict's string keys when it reads like a record; None for a wire format or merged options."""
        keys: List[str] = []
        for element in value.elements:
            if isinstance(element, cst.StarredDictElement):
                return None
            key = _plain_string(element.key)
            if key is None:
                continue
            if not IDENTIFIER.match(key):
                return None
            if key in MESSAGE_TAG_KEYS and _is_protocol_tag(_plain_string(element.value)):
                return None
            keys.append(key)
        return keys

    def _produces_dicts(self, function: cst.FunctionDef) -> bool:
        name = function.name.value.lstrip("_")
        if function.name.value in DICT_PRODUCER_NAMES or name in DICT_PRODUCER_NAMES:
            return True
        if name.startswith(DICT_PRODUCER_PREFIXES) or DICT_PRODUCER_PATTERN.search(name):
            return True
        if name.endswith(MAPPING_FOR_API_SUFFIXES) or name in {suffix[1:] for suffix in MAPPING_FOR_API_SUFFIXES}:
            return True
        returns = function.returns.annotation if function.returns is not None else None
        returns = unquoted_annotation(returns) if returns is not None else None
        if isinstance(returns, (cst.Name, cst.Attribute)) and (dotted_name(returns) or "").split(".")[-1] not in (
            GENERIC_DICT_TYPES
        ):
            return True
        return any(decorator.split(".")[-1] in ROUTE_DECORATORS for decorator in _decorator_names(function))


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
        self._index: Optional[ClassIndex] = None
        self._scopes: List[Dict[str, Optional[_Known]]] = [{}]
        self._sites: List[_Site] = []

    @property
    def index(self) -> ClassIndex:
        if self._index is None:
            self._index = self.context.facts.classes
        return self._index

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
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
        self._scopes.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.context.enclosing_class() is not None or len(node.targets) != 1:
            return
        target = node.targets[0].target
        if isinstance(target, cst.Name):
            self._scopes[-1][target.value] = _constructed(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.context.enclosing_class() is None and isinstance(node.target, cst.Name):
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
        if not isinstance(target, cst.Name):
            return
        known = self._type_of(iterable)
        if known is not None and known.collection:
            self._scopes[-1][target.value] = _Known(known.class_name)

    def visit_Call(self, node: cst.Call) -> None:
        positional = [argument for argument in node.args if argument.keyword is None and not argument.star]
        if len(node.args) != 1 or len(positional) != 1:
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
        if node.attr.value != "__dict__" or not self._hands_on_state(node):
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
            cloning = any(m.matches(target.target, m.Attribute(attr=m.Name("__dict__"))) for target in parent.targets)
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

    Fix (unsafe): regenerate the stale method in the guide's shape (the "Generate to_dict()/from_dict()"
    refactoring); any custom key names or extra logic in it are replaced.
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

    def visit_Module(self, node: cst.Module) -> None:
        self._index: Optional[ClassIndex] = None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.decorators:
            return
        if self._index is None:
            self._index = self.context.facts.classes
        index = self._index
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
            edits = generate_serialization(self.context, node, [method])
            fixes = [self.fix(f"Regenerate `{method}()`", FixSafety.UNSAFE, *edits)] if edits else []
            shown = ", ".join(f"`{name}`" for name in missing)
            message = None
            if owner is not node:
                message = (
                    f"Dataclass `{node.name.value}` inherits `{method}()` from `{owner.name.value}`, which does not "
                    f"mention field(s) {shown}"
                )
            self.report(target, fixes=fixes, message=message, method=method, class_name=node.name.value, fields=shown)

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
        init_order = [found.name for found in self._index.fields(node) if found.init] if self._index else []
        by_position = set(init_order[: mentions.positional]) if method == FROM_DICT else set()
        return [found.name for found in required if found.name not in mentions.names and found.name not in by_position]


class InterfaceWithoutAbc(Rule):
    """A class declares interface methods (bodies that only `raise NotImplementedError`) without deriving from
    `ABC`.

    The guide defines interfaces with `ABC` and `@abstractmethod` (Abstract Base Classes): a subclass that
    forgets a method then fails when it is created, not when the method is first called in production. A
    method counts when its body is only `raise NotImplementedError` (with or without arguments, after an
    optional docstring). Not reported: classes that already use `ABC`/`ABCMeta` (also through a base of this
    module), `Protocol` classes, exception classes, classes with another metaclass or with a base from another
    module (it may be abstract already, or have a metaclass that `ABC` would conflict with), classes that the
    module itself instantiates (they are concrete: the method refuses an operation), dunder methods that raise
    NotImplementedError to refuse an operation (`__eq__`, `__hash__`, `__setitem__`, ...), and methods that
    override a concrete method of a base to refuse it.

    Fix (unsafe): derive from `ABC` (replacing an explicit `object` base) and mark those methods
    `@abstractmethod`, adding `from abc import ABC, abstractmethod`. Unsafe because the class (and any subclass
    that does not implement every such method) can no longer be instantiated.
    """

    code = "CS804"
    name = "interface-without-abc"
    priority = Priority.PREFERRED
    guideline = Guideline.ABSTRACT_BASE_CLASSES
    message = "`{class_name}` declares interface method(s) {methods} but does not derive from `ABC`"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "from abc import ABC, abstractmethod\n\n\nclass PlaygroundTask(ABC):\n    @abstractmethod\n"
        "    def get_work_item(self) -> Any:\n        raise NotImplementedError()\n",
        "import abc\n\n\nclass Task(metaclass=abc.ABCMeta):\n    def run(self) -> None:\n"
        "        raise NotImplementedError\n",
        "from abc import ABC\n\n\nclass Base(ABC):\n    pass\n\n\nclass Task(Base):\n    def run(self) -> None:\n"
        "        raise NotImplementedError\n",
        "from typing import Protocol\n\n\nclass Runner(Protocol):\n    def run(self) -> None:\n"
        "        raise NotImplementedError\n",
        "class Task:\n    def run(self) -> None:\n        if self.ready:\n            raise NotImplementedError\n"
        "        self.go()\n",
        "class Frozen:\n    def __setitem__(self, key: str, value: str) -> None:\n        raise NotImplementedError\n",
        "from vendor import BaseHandler\n\n\nclass Handler(BaseHandler):\n    def handle(self) -> None:\n"
        "        raise NotImplementedError\n",
        "class Base:\n    def save(self) -> None:\n        self.store.write(self)\n\n\nclass ReadOnly(Base):\n"
        "    def save(self) -> None:\n        raise NotImplementedError('read-only')\n",
        "class UnsupportedError(Exception):\n    def explain(self) -> str:\n        raise NotImplementedError\n",
        "class MockRequest:\n    def get_host(self) -> str:\n        return self.host\n\n"
        "    def add_header(self, key: str, value: str) -> None:\n        raise NotImplementedError('not used')\n\n\n"
        "def cookie_header(request: Request) -> str:\n    return jar.header(MockRequest(request))\n",
    ]
    INVALID = [
        Invalid(
            "class PlaygroundTask:\n    def get_work_item(self) -> Any:\n"
            "        raise NotImplementedError()\n\n    def describe(self) -> str:\n        return 'task'\n",
            fixed="from abc import ABC, abstractmethod\n\n\nclass PlaygroundTask(ABC):\n    @abstractmethod\n"
            "    def get_work_item(self) -> Any:\n        raise NotImplementedError()\n\n"
            "    def describe(self) -> str:\n        return 'task'\n",
        ),
        Invalid(
            "from abc import abstractmethod\n\n\nclass Transport(object):\n    @property\n"
            "    def name(self) -> str:\n        '''The transport's name.'''\n        raise NotImplementedError\n\n"
            "    @abstractmethod\n    async def send(self, data: bytes) -> None:\n"
            "        raise NotImplementedError('subclasses send')\n",
            fixed="from abc import abstractmethod, ABC\n\n\nclass Transport(ABC):\n    @property\n"
            "    @abstractmethod\n    def name(self) -> str:\n        '''The transport's name.'''\n"
            "        raise NotImplementedError\n\n"
            "    @abstractmethod\n    async def send(self, data: bytes) -> None:\n"
            "        raise NotImplementedError('subclasses send')\n",
        ),
        Invalid(
            "import logging\nfrom typing import Generic, TypeVar\n\nT = TypeVar('T')\n\n\n"
            "class Store(Generic[T], metaclass=type):\n    pass\n\n\nclass Reader(Generic[T]):\n"
            "    def read(self) -> T:\n        raise NotImplementedError\n",
            fixed=(
                    'import logging\n'
                    'from abc import ABC, abstractmethod\n'
                    'from typing import Generic, TypeVar\n'
                    '\n'
                    "T = TypeVar('T')\n"
                    '\n'
                    '\n'
                    'class Store(Generic[T], metaclass=type):\n'
                    '    pass\n'
                    '\n'
                    '\n'
                    'class Reader(Generic[T], ABC):\n'
                    '    @abstractmethod\n'
                    '    def read(self) -> T:\n'
                    '        raise NotImplementedError\n'
                ),
        ),
        Invalid(
            "class Base:\n    pass\n\n\nclass Plugin(Base):\n    def load(self) -> None:\n        raise NotImplementedError\n",
            fixed="from abc import ABC, abstractmethod\n\n\nclass Base:\n    pass\n\n\nclass Plugin(Base, ABC):\n"
            "    @abstractmethod\n    def load(self) -> None:\n        raise NotImplementedError\n",
        ),
        Invalid(
            "class Shape():\n    def area(self) -> float:\n        raise NotImplementedError\n",
            fixed="from abc import ABC, abstractmethod\n\n\nclass Shape(ABC):\n    @abstractmethod\n"
            "    def area(self) -> float:\n        raise NotImplementedError\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._index: Optional[ClassIndex] = None
        self._pending: List[Tuple[cst.ClassDef, List[cst.FunctionDef]]] = []
        # Names called in the module: a class created here is concrete, whatever its methods raise.
        self._instantiated: Set[str] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not isinstance(node.body, cst.IndentedBlock):
            return
        candidates = [
            statement
            for statement in node.body.body
            if isinstance(statement, cst.FunctionDef) and _only_raises_not_implemented(statement)
        ]
        if not candidates:
            return
        if self._index is None:
            self._index = self.context.facts.classes
        index = self._index
        if not self._may_become_abstract(index, node):
            return
        ancestors = index.ancestors(node)
        interface = [
            function
            for function in candidates
            if function.name.value not in REFUSING_DUNDERS and not _overrides_concrete(ancestors, function.name.value)
        ]
        if not interface:
            return
        self._pending.append((node, interface))

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name):
            self._instantiated.add(node.func.value)

    def leave_Module(self, original_node: cst.Module) -> None:
        for node, interface in self._pending:
            if node.name.value in self._instantiated:
                continue
            names = ", ".join(f"`{function.name.value}`" for function in interface)
            edits = list(self._edits(node, interface))
            fix = self.fix("Derive from `ABC` and mark the methods `@abstractmethod`", FixSafety.UNSAFE, *edits)
            self.report(node.name, fixes=[fix], class_name=node.name.value, methods=names)

    def _may_become_abstract(self, index: ClassIndex, node: cst.ClassDef) -> bool:
        """Neither abstract already, nor a protocol, exception, or class whose ancestry is not all known."""
        if index.has_unknown_ancestry(node):
            return False
        for current in [node, *index.ancestors(node)]:
            if current.name.value.endswith(EXCEPTION_NAME_SUFFIXES):
                return False
            if _has_metaclass(current):
                return False
            if any(index.qualified(argument.value) in ABC_NAMES | PROTOCOL_NAMES for argument in current.bases):
                return False
        return True

    def _edits(self, node: cst.ClassDef, interface: List[cst.FunctionDef]) -> Iterator[Edit]:
        yield from from_import_edits(self.context, ABC_MODULE, ["ABC", "abstractmethod"])
        yield self._base_edit(node)
        newline = self.source.newline
        for function in interface:
            if "abstractmethod" in [name.split(".")[-1] for name in _decorator_names(function)]:
                continue
            line = self.context.range_of(function).start.line
            text = self.source.line_text(line)
            indent = text[: len(text) - len(text.lstrip())]
            yield self.insert_at(Position(line, 0), f"{indent}@abstractmethod{newline}")

    def _base_edit(self, node: cst.ClassDef) -> Edit:
        positional = [argument for argument in node.bases if argument.keyword is None and not argument.star]
        for argument in positional:
            if m.matches(argument.value, m.Name("object")):
                return self.replace(argument.value, "ABC")
        if positional:
            end = self.context.range_of(positional[-1].value).end
            return self.insert_at(end, ", ABC")
        if isinstance(node.rpar, cst.RightParen) and not node.bases:
            return self.insert_at(self.context.range_of(node.rpar).start, "ABC")
        return self.insert_at(self.context.range_of(node.name).end, "(ABC)")


def _has_metaclass(class_def: cst.ClassDef) -> bool:
    return any(keyword.keyword is not None and keyword.keyword.value == "metaclass" for keyword in class_def.keywords)


def _only_raises_not_implemented(function: cst.FunctionDef) -> bool:
    statements = list(_function_statements(function))
    if statements and is_docstring(statements[0]):
        statements = statements[1:]
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return False
    small = statements[0].body
    if len(small) != 1 or not isinstance(small[0], cst.Raise) or small[0].exc is None:
        return False
    raised = small[0].exc
    if isinstance(raised, cst.Call):
        raised = raised.func
    return m.matches(raised, m.Name("NotImplementedError"))


def _overrides_concrete(ancestors: List[cst.ClassDef], name: str) -> bool:
    for ancestor in ancestors:
        method = own_methods(ancestor).get(name)
        if method is not None:
            return not _only_raises_not_implemented(method)
    return False


class DeepInheritance(Rule):
    """A class sits at the end of a chain of three or more base classes defined in the same module.

    The guide prefers composition over inheritance (Composition Over Inheritance: dataclasses composed of other
    dataclasses rather than deep inheritance): behaviour spread over many levels is hard to follow and to
    change. Depth counts bases of this module only, the class itself not included: `class D(C)` with
    `C(B)`, `B(A)` is three deep. Bases imported from elsewhere (frameworks) do not count; exception hierarchies
    are exempt (the guide builds those on purpose).
    """

    code = "CS805"
    name = "deep-inheritance"
    priority = Priority.PREFERRED
    guideline = Guideline.COMPOSITION_OVER_INHERITANCE
    message = "`{class_name}` inherits through {depth} levels of this module's classes ({chain}): prefer composition"
    VALID = [
        "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n",
        "class PlanError(Exception):\n    pass\n\n\nclass CapacityError(PlanError):\n    pass\n\n\n"
        "class DiskError(CapacityError):\n    pass\n\n\nclass VolumeError(DiskError):\n    pass\n",
        "class Base(ValueError):\n    pass\n\n\nclass One(Base):\n    pass\n\n\nclass Two(One):\n    pass\n\n\n"
        "class Three(Two):\n    pass\n",
        "from vendor import A\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n",
        "@dataclass\nclass ClusterPlan:\n    captureNodes: CaptureNodesPlan\n    captureVpc: VpcPlan\n",
    ]
    INVALID = [
        Invalid("class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n\n\nclass D(C):\n    pass\n"),
        Invalid(
            "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n\n\nclass D(C):\n    pass\n\n\n"
            "class E(D, A):\n    pass\n",
            count=2,
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._index: Optional[ClassIndex] = None
        self._chains: Dict[int, List[cst.ClassDef]] = {}

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.bases:
            return
        if self._index is None:
            self._index = self.context.facts.classes
        chain = self._chain(node, set())
        if len(chain) < DEEP_INHERITANCE_DEPTH or self._is_exception(node):
            return
        shown = " → ".join(current.name.value for current in [node, *chain])
        self.report(node.name, class_name=node.name.value, depth=len(chain), chain=shown)

    def _chain(self, node: cst.ClassDef, visiting: Set[int]) -> List[cst.ClassDef]:
        """The longest chain of this module's base classes above `node`, nearest first."""
        if id(node) in self._chains:
            return self._chains[id(node)]
        assert self._index is not None
        visiting = visiting | {id(node)}
        longest: List[cst.ClassDef] = []
        for base in self._index.bases(node)[0]:
            if id(base) in visiting:
                continue
            candidate = [base, *self._chain(base, visiting)]
            if len(candidate) > len(longest):
                longest = candidate
        self._chains[id(node)] = longest
        return longest

    def _is_exception(self, node: cst.ClassDef) -> bool:
        assert self._index is not None
        for current in [node, *self._index.ancestors(node)]:
            if current.name.value.endswith(EXCEPTION_NAME_SUFFIXES):
                return True
            for argument in current.bases:
                name = dotted_name(argument.value) or ""
                last = name.split(".")[-1]
                if last in BUILTIN_EXCEPTIONS or last.endswith(EXCEPTION_NAME_SUFFIXES):
                    return True
        return False

