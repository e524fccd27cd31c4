"""CS601 name-not-snake-case: function, method, parameter and local variable names are snake_case."""

import builtins
import fnmatch
import keyword
import logging
import re
from typing import Dict, FrozenSet, Iterator, Optional, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import Invalid, Rule, RuleContext, Valid
from chris_style.linting.syntax import SCOPE_TYPES, block_statements, is_name, target_names
from chris_style.rules.idioms._shared import _all_params, _last_name, _recased, _target_names

logger = logging.getLogger(__name__)

# The upper-case words the guide's test names are built from (`test_WHEN_x_AND_y_THEN_z`).
TEST_NAME_WORDS = frozenset({"WHEN", "THEN", "AND"})
TEST_NAME_PREFIX = "test"
# A name in the guide's test convention: its words are CS501's business, wherever the function is.
WHEN_THEN_NAME = re.compile(r"^test_WHEN_.+_THEN_.+$")
CONSTRUCTOR_NAME = "__init__"
# Classes whose own methods are all snake_case: a camelCase method of their subclass cannot be an override.
SNAKE_CASE_BASES = frozenset(
    {"ABC", "Protocol", "Generic", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum", "NamedTuple",
     "TypedDict", "Exception"}
) | frozenset(name for name, value in vars(builtins).items() if isinstance(value, type))
# unittest.TestCase is known too: beyond the configurable framework names (setUp, tearDown, ...) these are
# the camelCase methods of its API that a subclass may override.
TEST_CASE_BASES = frozenset({"TestCase", "IsolatedAsyncioTestCase"})
TEST_CASE_OVERRIDABLE = frozenset({"shortDescription", "defaultTestResult", "countTestCases", "doCleanups"})
OVERRIDE_DECORATORS = frozenset({"override"})
# Calls that create classes or typing constructs: a local bound to one holds a type, and types are named in
# PascalCase (`User = namedtuple("User", "name")`, `T = TypeVar("T")`).
TYPE_FACTORY_NAMES = frozenset(
    {"TypeVar", "ParamSpec", "TypeVarTuple", "NewType", "namedtuple", "NamedTuple", "TypedDict",
     "TypeAliasType", "make_dataclass", "type", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "create_model"}
)
TYPE_ANNOTATION_NAMES = frozenset({"type", "Type"})


def _has_upper(name: str) -> bool:
    if name.isascii():
        # The same answer without a generator, for nearly every name: in ASCII only A-Z have a lower case.
        return name.lower() != name
    return any(character.isupper() for character in name)


def _snake_suggestion(name: str) -> str:
    if name.startswith(TEST_NAME_PREFIX):
        return "_".join(
            part if part in TEST_NAME_WORDS else _recased(part, upper=False) for part in name.split("_")
        )
    suggestion = _recased(name, upper=False)
    return suggestion + "_" if keyword.iskeyword(suggestion) else suggestion


def _is_pascal(name: str) -> bool:
    return name[:1].isupper() and any(character.islower() for character in name)


def _looks_like_type(name: str, value: cst.BaseExpression) -> bool:
    """True when a value bound to a capitalized local evidently is a class or a typing construct: a
    capitalized name or attribute (`Error = SystemExit`), a subscript of one (`Alias = Annotated[int, x]`), a
    union of those, a call of a class factory (`namedtuple`, `TypeVar`, `make_class`, ...), a call naming
    itself (`PC = make("PC", ...)`) or decorating the class it rebinds (`C = attr.s(C)`)."""
    if isinstance(value, (cst.Name, cst.Attribute)):
        return _is_pascal(_last_name(value))
    if isinstance(value, cst.Subscript):
        index = value.slice[0].slice if len(value.slice) == 1 else None
        names_itself = (
            isinstance(index, cst.Index)
            and isinstance(index.value, cst.SimpleString)
            and index.value.evaluated_value == name
        )
        return names_itself or _is_pascal(_last_name(value.value))
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.BitOr):
        return _looks_like_type(name, value.left) and _looks_like_type(name, value.right)
    if isinstance(value, cst.Call):
        callee = _last_name(value.func)
        if callee in TYPE_FACTORY_NAMES or "class" in callee.lower():
            return True
        positional = [arg.value for arg in value.args if arg.keyword is None and not arg.star]
        if positional and isinstance(positional[0], cst.SimpleString) and positional[0].evaluated_value == name:
            return True
        if any(is_name(arg, name) for arg in positional):
            return True
        # A PascalCase local built from a class (`Slotted = attr.s(slots=True)(Base)`) is a class too.
        return _is_pascal(name) and any(
            isinstance(arg, (cst.Name, cst.Attribute)) and _is_pascal(_last_name(arg)) for arg in positional
        )
    return False


def _is_type_annotation(annotation: Optional[cst.Annotation]) -> bool:
    """`type[X]`, `Type[X]`, or a union or optional holding one: the parameter receives a class."""
    if annotation is None:
        return False
    return any(
        isinstance(found, cst.Subscript) and _last_name(found.value) in TYPE_ANNOTATION_NAMES
        for found in tree.walk(annotation)
    )


def _field_parameters(class_node: cst.ClassDef, function: cst.FunctionDef) -> FrozenSet[str]:
    """The parameters of a constructor that carry a field of its class: named like a class-level (annotated or
    assigned) attribute, or stored under their own name (`self.spiDays = spiDays`)."""
    if function.name.value != CONSTRUCTOR_NAME:
        return frozenset()
    names: Set[str] = set()
    for statement in block_statements(class_node.body):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign):
                    names.update(target_names(small.target))
                elif isinstance(small, cst.Assign):
                    for target in small.targets:
                        names.update(target_names(target.target))
    for found in tree.walk(function.body):
        stored = _stored_under_own_name(found)
        if stored is not None:
            names.add(stored)
    return frozenset(names)


def _stored_under_own_name(node: cst.CSTNode) -> Optional[str]:
    """`x` for `self.x = x` (one target), None for any other node."""
    if not (isinstance(node, cst.Assign) and len(node.targets) == 1):
        return None
    target = node.targets[0].target
    if isinstance(target, cst.Attribute) and is_name(target.value, "self") and is_name(node.value, target.attr.value):
        return target.attr.value
    return None


class NameNotSnakeCase(Rule):
    """A function or method name, a parameter, or a local variable is not snake_case.

    The guide (Variables & Functions, CRITICAL): "`snake_case` for variables and functions", as in
    `expected_traffic` or `get_capture_node_capacity_plan`. A name is snake_case when it has no upper-case
    letter. Checked: every `def` (functions, methods, nested functions), every parameter (lambdas included),
    and every local variable: names bound inside a function by assignment (plain, annotated, augmented,
    unpacking), `for` targets, `with ... as`, `except ... as`, the walrus operator, and comprehension
    variables (which are local to their comprehension wherever it stands). Each name is reported once per
    scope, at its first binding.

    Exempt: the names of test functions (what pytest collects in a test file, and any `test_WHEN_..._THEN_...`
    name): the guide's own convention for them is CS501's business, and their words name what is tested, classes included
    (`test_WHEN_ConfigDetails_to_dict_called_THEN_as_expected`, from the guide author's aws-aio tests); the
    upper-case `WHEN`/`THEN`/`AND` words of any other `test_WHEN_x_AND_y_THEN_z` name; names
    required by frameworks (setting `framework-names`, shell-style patterns; default `setUp`, `tearDown`,
    `setUpClass`, `tearDownClass`, `asyncSetUp`, `asyncTearDown`, `maxDiff`, `setUpModule`,
    `tearDownModule`, `visit_*`, `leave_*`, `do_*`); class attributes and dataclass fields (the guide keeps
    camelCase fields for JSON interop), and the constructor parameters that carry them: a parameter of
    `__init__` named like a field or class attribute of its class, or stored under its own name
    (`self.expectedTraffic = expectedTraffic`), must keep that name for `Cls(**fields)` to work (aws-aio's
    `UserConfig`); module-level variables (constants are CS603's business); names a
    function declares `global` or `nonlocal`; imports.

    Methods that may override a base class: a camelCase method in a class deriving from a class this module
    does not define (say `def visitNode(self)` in a subclass of an imported visitor) may be a name the base
    class dictates, which cannot be judged from one file, so it is not reported (precision first). Classes
    deriving only from `object`, builtins, `ABC`, `Protocol`, `Generic`, enums, `NamedTuple`, `TypedDict` or
    classes of this module are judged; so are `unittest.TestCase` subclasses, apart from the camelCase hooks
    of its API. A method decorated with `@override` is never reported. Parameters and local variables are
    judged in every class.

    Upper-case locals such as `N = len(items)` or `MAX_RETRIES = 3` inside a function are reported: the
    guide wants snake_case variables, and constants at module level. A capitalized local that evidently
    holds a class or a typing construct is not, since classes are PascalCase: one bound to a class factory
    (`User = namedtuple("User", ...)`, `T = TypeVar("T")`, `make_dataclass`, `make_class`, `type(...)`), to a
    call naming itself (`PC = make("PC", ...)`), to a PascalCase name or attribute (`Error = SystemExit`), to
    a subscript of one (`Alias = Annotated[int, ...]`), to a union of those, a class rebound through a call
    (`C = attr.s(C)`) or defined by `class` in the function; likewise a capitalized parameter annotated
    `type[...]`/`Type[...]`.
    """

    code = "CS601"
    name = "name-not-snake-case"
    priority = Priority.CRITICAL
    guideline = Guideline.NAMING_VARIABLES_FUNCTIONS
    message = "{kind} `{name}` is not snake_case (`{suggestion}`)"
    VALID = [
        "def get_capture_node_capacity_plan(expected_traffic: float) -> None:\n    cluster_name = 'a'\n",
        "def test_WHEN_deploy_called_AND_not_bootstrapped_THEN_executes_command():\n    assert True\n",
        "import unittest\n\nclass TestPlan(unittest.TestCase):\n    maxDiff = None\n\n"
        "    def setUp(self):\n        self.plan = 1\n\n    @classmethod\n    def setUpClass(cls):\n        pass\n",
        "import ast\n\nclass Finder(ast.NodeVisitor):\n    def visit_FunctionDef(self, node):\n        pass\n",
        "class Handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        pass\n",
        "@dataclass\nclass Response:\n    statusCode: int\n    requestId: str = ''\n",
        "class Config:\n    defaultRegion = 'us-east-1'\n",
        "defaultRegion = get_region()\n",
        "import xml.sax\n\nclass Parser(xml.sax.ContentHandler):\n    def startElement(self, name, attrs):\n"
        "        pass\n",
        "from typing import override\n\nclass Child(Base):\n    @override\n    def runTask(self) -> None:\n"
        "        pass\n",
        "counter = 0\n\ndef bump():\n    global counter, lastValue\n    lastValue = counter\n",
        "for Item in range(3):\n    pass\n",
        "def run(_, __):\n    _ = 1\n",
        Valid("def helperFn():\n    pass\n", settings={"framework-names": ["helper*"]}),
        "def make():\n    User = namedtuple('User', 'name')\n    T = TypeVar('T')\n    Alias = Annotated[int, 'x']\n"
        "    Error = SystemExit\n    PC = make_class('PC', [])\n    Pair = Left | Right\n    class C:\n        pass\n"
        "    C = decorate(C)\n    Slotted = attr.s(slots=True)(Base)\n",
        "def build(Response: Optional[Type[BaseResponse]] = None) -> None:\n    pass\n",
        # aws-aio tests: class names in the WHEN part of a test name (CS501 judges test names).
        Valid(
            "def test_WHEN_ConfigDetails_self_to_dict_called_THEN_as_expected():\n    assert 1 == run()\n\n\n"
            "def test_WHEN_call_AND_I_want_100_percent_coverage_THEN_I_do_this():\n    assert 1 == run()\n",
            path="tests/test_config_wrangling.py",
        ),
        Valid("def test_WHEN_Deploy_called_THEN_ok():\n    assert True\n", path="tests/test_deploy.py"),
        "def test_WHEN_PriceReport_get_report_THEN_as_expected():\n    assert 1 == run()\n",
        # aws-aio user_config.py: constructor parameters that must match the camelCase dataclass fields.
        "@dataclass\nclass UserConfig:\n    expectedTraffic: float\n    spiDays: int\n\n"
        "    def __init__(self, expectedTraffic: float, spiDays: int):\n"
        "        self.expectedTraffic = expectedTraffic\n        self.spiDays = spiDays\n",
        "class Response:\n    def __init__(self, statusCode: int):\n        self.statusCode = statusCode\n",
    ]
    INVALID = [
        Invalid("def getValue() -> int:\n    return 1\n"),
        Invalid("class Client:\n    def fetchAll(self, pageSize: int) -> None:\n        pass\n", count=2),
        Invalid("def run(*Args, **KwArgs):\n    pass\n", count=2),
        Invalid("def run():\n    totalCount = 0\n    totalCount += 1\n    return totalCount\n"),
        Invalid(
            "def run(items):\n    for itemName in items:\n        pass\n    with open('f') as fileHandle:\n"
            "        pass\n    try:\n        pass\n    except ValueError as valueError:\n        pass\n",
            count=3,
        ),
        Invalid("def run(items):\n    return [itemName for itemName in items]\n"),
        Invalid("names = [itemName for itemName in range(3)]\n"),
        Invalid("def run(data):\n    if (matchResult := data.get('x')):\n        return matchResult\n"),
        Invalid("def run(pairs):\n    firstKey, (secondKey, *restKeys) = pairs\n", count=3),
        Invalid("def run():\n    N = 10\n    MAX_RETRIES = 3\n    return N * MAX_RETRIES\n", count=2),
        Invalid("square = lambda Value: Value * Value\n"),
        Invalid("def check_Deploy() -> None:\n    assert True\n", path="tests/test_deploy.py"),
        Invalid("def test_Deploy() -> None:\n    assert True\n"),
        Invalid("class UserConfig:\n    def __init__(self, expectedTraffic: float):\n        self.traffic = expectedTraffic\n"),
        Invalid("class Base:\n    pass\n\nclass Child(Base):\n    def runTask(self) -> None:\n        pass\n"),
        Invalid("class Color(Enum):\n    RED = 1\n\n    def toHex(self) -> str:\n        return ''\n"),
        Invalid("def outer():\n    def innerHelper():\n        pass\n"),
        Invalid("def run(settings):\n    Result = compute()\n    LIMIT = settings.MAX_LIMIT\n", count=2),
        Invalid("def run():\n    SPACE, CONTINUE = range(2)\n", count=2),

    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._seen: Set[Tuple[int, str]] = set()
        self._declared: Dict[int, Set[str]] = {}
        self._module_classes: Dict[str, cst.ClassDef] = {}

    def visit_Module(self, node: cst.Module) -> None:
        self._module_classes = {
            statement.name.value: statement for statement in node.body if isinstance(statement, cst.ClassDef)
        }

    def _allowed(self, name: str) -> bool:
        if not _has_upper(name):
            return True
        if name.startswith(TEST_NAME_PREFIX) and not any(
            _has_upper(part) for part in name.split("_") if part not in TEST_NAME_WORDS
        ):
            return True
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.settings.framework_names)

    def _check(self, scope_key: int, name_node: cst.Name, kind: str) -> None:
        name = name_node.value
        if (scope_key, name) in self._seen:
            return
        self._seen.add((scope_key, name))
        if not self._allowed(name):
            self.report(name_node, kind=kind, name=name, suggestion=_snake_suggestion(name))

    def _nearest_scope(self) -> Optional[cst.CSTNode]:
        for ancestor in reversed(self.context.ancestors):
            if type(ancestor) in SCOPE_TYPES:
                return ancestor
        return None

    def _bases_are_known(self, class_node: cst.ClassDef, visiting: FrozenSet[str] = frozenset()) -> bool:
        """True when every base class is one whose methods are known not to dictate camelCase names."""
        for base in class_node.bases:
            name = _last_name(base.value)
            if name in SNAKE_CASE_BASES or name in TEST_CASE_BASES:
                continue
            local = self._module_classes.get(name) if isinstance(base.value, (cst.Name, cst.Subscript)) else None
            if local is None or name in visiting or not self._bases_are_known(local, visiting | {name}):
                return False
        return True

    def _may_override(self, class_node: cst.ClassDef, function: cst.FunctionDef) -> bool:
        name = function.name.value
        if any(_last_name(decorator.decorator) in OVERRIDE_DECORATORS for decorator in function.decorators):
            return True
        if not self._bases_are_known(class_node):
            return True
        has_test_case_base = any(_last_name(base.value) in TEST_CASE_BASES for base in class_node.bases)
        return has_test_case_base and name in TEST_CASE_OVERRIDABLE

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        owner = self._nearest_scope()
        is_method = isinstance(owner, cst.ClassDef)
        is_test = WHEN_THEN_NAME.match(node.name.value) is not None or (
            self.source.is_test_file and self.context.facts.test_layout.is_test_function(node, self.context.ancestors)
        )
        if not is_test and not (is_method and self._may_override(owner, node)):  # type: ignore[arg-type]
            self._check(id(owner), node.name, "Method" if is_method else "Function")
        params = list(_all_params(node.params))
        # Only a parameter that is not snake_case can be exempted as carrying a field (the others are never
        # reported), and finding the fields searches the whole constructor: skipped when there is none.
        exemptable = is_method and any(not self._allowed(param.name.value) for param in params)
        carried = _field_parameters(owner, node) if exemptable else frozenset()  # type: ignore[arg-type]
        for param in params:
            if param.name.value[:1].isupper() and _is_type_annotation(param.annotation):
                self._seen.add((id(node), param.name.value))
            if param.name.value in carried:
                self._seen.add((id(node), param.name.value))
            self._check(id(node), param.name, "Parameter")

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        """A class defined in a function binds a local that CS602 judges; later rebindings of that name
        (`C = attr.s(C)`) keep holding a class."""
        scope = self._nearest_scope()
        if isinstance(scope, cst.FunctionDef):
            self._seen.add((id(scope), node.name.value))

    def visit_Lambda(self, node: cst.Lambda) -> None:
        for param in _all_params(node.params):
            self._check(id(node), param.name, "Parameter")

    def visit_Global(self, node: cst.Global) -> None:
        self._declare(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self._declare(item.name.value for item in node.names)

    def _declare(self, names: Iterator[str]) -> None:
        scope = self._nearest_scope()
        if scope is not None:
            self._declared.setdefault(id(scope), set()).update(names)

    def _check_local(self, target: Optional[cst.BaseExpression], value: Optional[cst.BaseExpression] = None) -> None:
        if target is None:
            return
        scope = self._nearest_scope()
        if not isinstance(scope, (cst.FunctionDef, cst.Lambda)):
            return
        declared = self._declared.get(id(scope), ())
        for name_node in _target_names(target):
            name = name_node.value
            if name in declared:
                continue
            if value is not None and name.lstrip("_")[:1].isupper() and _looks_like_type(name, value):
                self._seen.add((id(scope), name))
                continue
            self._check(id(scope), name_node, "Local variable")

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._check_local(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check_local(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._check_local(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._check_local(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._check_local(node.asname.name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._check_local(node.name.name)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        if node.name is not None:
            self._check_local(node.name.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._check_local(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        for name_node in _target_names(node.target):
            self._check(id(node), name_node, "Comprehension variable")
