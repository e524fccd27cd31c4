"""CS801 dict-as-record: a function returns a dict display that reads like a record."""

import logging
import re
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.classes import unquoted_annotation
from chris_style.linting.rule import Files, Invalid, Rule, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import dotted_name, name_assignment
from chris_style.rules.design._shared import DICT_PRODUCER_NAMES, _decorator_names

logger = logging.getLogger(__name__)

# CS801: the catalog's threshold; two keys are as often a pair as a record.
DICT_RECORD_MIN_KEYS = 3
# CS801: the name prefixes of such functions (DICT_PRODUCER_NAMES holds whole names)...
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
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# CS801: methods a framework calls and requires to return a dict (Django REST framework's serializer hooks,
# Django's template context).
FRAMEWORK_DICT_METHODS = frozenset({"to_internal_value", "to_representation", "get_context_data"})
# CS801: decorators of web handlers, whose returned dicts are JSON responses (dicts for JSON interop).
ROUTE_DECORATORS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket", "errorhandler",
     "context_processor", "app_context_processor"}
)


def _plain_string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _results_read(expression: cst.BaseExpression) -> Set[str]:
    """The last names of the calls (`f()`, `plan.to_payload()`) and attributes (`self.details`) an expression
    reads: the functions and properties whose results it holds."""
    found: Set[str] = set()
    for node in tree.walk(expression):
        if isinstance(node, cst.Call):
            called = dotted_name(node.func)
            if called is not None:
                found.add(called.split(".")[-1])
        elif isinstance(node, cst.Attribute):
            found.add(node.attr.value)
    return found


def _is_protocol_tag(value: Optional[str]) -> bool:
    return value is not None and (
        any(character in value for character in PROTOCOL_TAG_CHARACTERS) or value in JSON_SCHEMA_TYPES
    )


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
    `*_options`); methods a framework calls for a dict (`to_internal_value`, `to_representation`,
    `get_context_data`); dicts passed straight to `json.dumps`/`json.dump`, and functions or properties whose
    result the module puts in what it passes to them (`json.dumps(f())`, or aws-aio's event classes: their
    `details` property goes into `event = {..., "details": self.details}` then `json.dumps(event)`: a JSON
    payload, the guide's "dicts for JSON interop"); keys that are not identifiers (`"Content-Type"`, `"$ref"`) and dicts
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
        # aws-aio's events_interactions.py: the property is the payload of a JSON event.
        "import json\n\n\nclass ArkimeEvent:\n    def __str__(self) -> str:\n"
        "        event = {'source': self.source, 'detail_type': self.detail_type, 'details': self.details}\n"
        "        return json.dumps(event)\n\n\nclass ConfigureIsmEvent(ArkimeEvent):\n    @property\n"
        "    def details(self) -> Dict[str, any]:\n"
        "        return {'history_days': self.history_days, 'spi_days': self.spi_days, 'replicas': self.replicas}\n",
        # ocsf-playground's serializers: Django REST framework wants a dict back.
        "class MappingField(serializers.Field):\n    def to_internal_value(self, data: dict) -> dict:\n"
        "        return {'id': data['id'], 'entities': data['entities'], 'ocsf_path': data['ocsf_path']}\n",
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
        if self.context.facts.classes.qualified(node.func) not in {f"json.{writer}" for writer in JSON_WRITERS}:
            return
        argument = node.args[0].value
        function = self.context.enclosing_function()
        if isinstance(argument, cst.Name) and function is not None:
            self._dumped.setdefault(id(function), set()).add(argument.value)
            for node in tree.walk(function):
                assignment = name_assignment(node)
                if assignment is not None and assignment[0] == argument.value:
                    self._dumped_results.update(_results_read(assignment[1]))
        self._dumped_results.update(_results_read(argument))

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
        if function.name.value in FRAMEWORK_DICT_METHODS:
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
