"""Section 6 of the guide: Code Style & Idioms (naming, line length, imports, f-strings, comprehensions,
boolean conditions and conditional assignment)."""

import builtins
import fnmatch
import io
import keyword
import re
import string
import tokenize
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.imports import block_region, find_import_block
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, RuleContext, Valid
from chris_style.linting.source import Position, TextRange

# The upper-case words the guide's test names are built from (`test_WHEN_x_AND_y_THEN_z`).
TEST_NAME_WORDS = frozenset({"WHEN", "THEN", "AND"})
TEST_NAME_PREFIX = "test"
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
PASCAL_CASE_PATTERN = re.compile(r"^_?[A-Z][A-Za-z0-9]*$")
# Module-level names a tool reads by their lowercase name: they are not the author's to rename.
TOOL_MODULE_NAMES = frozenset({"pytest_plugins", "default_app_config", "app_name", "collect_ignore"})
# Configuration modules whose lowercase module variables are the tool's settings (Sphinx's `conf.py`,
# gunicorn's `gunicorn.conf.py`).
TOOL_CONFIG_FILE_PATTERNS = ("conf.py", "*.conf.py", "*_conf.py")
TYPE_ALIAS_NAMES = frozenset({"TypeAlias"})
# Calls of these names turn a module's `globals` into something the rename fix cannot follow.
DYNAMIC_NAME_CALLS = frozenset({"globals", "eval", "exec", "vars"})
ALL_NAME = "__all__"
# Characters that may not appear in an expression moved into an f-string that must also run on Python
# 3.10/3.11: quotes and backslashes are not allowed there, `#` would start a comment, braces and newlines
# would change the field.
FSTRING_UNSAFE_CHARACTERS = frozenset("'\"\\#{}\n\r")
PRINTF_PATTERN = re.compile(
    r"%(?:\((?P<key>[^()]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
    r"(?P<length>[hlL])?(?P<type>[diouxXeEfFgGcrsa%])"
)
FORMAT_FIELD_PATTERN = re.compile(r"(?P<first>\d*|[A-Za-z_]\w*)(?P<rest>(?:\.[A-Za-z_]\w*)*)")
# Tests whose if-statement form type checkers rely on (they understand `if TYPE_CHECKING:` and version or
# platform checks, not the same tests inside a conditional expression).
TYPE_CHECKING_NAME = "TYPE_CHECKING"
SYS_CONDITION_ATTRIBUTES = frozenset({"version_info", "platform"})
OPENING_BRACKETS = "([{"
CLOSING_PUNCTUATION = ")]},;:\\"
# Expressions that must be parenthesized to stand as a comprehension's iterable or condition, or as a
# branch of a conditional expression.
NEEDS_PARENS = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield)
# CS609's thresholds, from the catalog.
MAX_BOOLEAN_OPERANDS = 3
MIXED_MIN_OPERANDS = 3


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _has_upper(name: str) -> bool:
    return any(character.isupper() for character in name)


def _split_words(core: str) -> str:
    core = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", core)
    core = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", core)
    return re.sub(r"_+", "_", core)


def _recased(name: str, upper: bool) -> str:
    """`getValue` -> `get_value` (or `GET_VALUE`), keeping leading and trailing underscores."""
    core = name.strip("_")
    leading = name[: len(name) - len(name.lstrip("_"))]
    trailing = name[len(name.rstrip("_")) :] if core else ""
    words = _split_words(core)
    return leading + (words.upper() if upper else words.lower()) + trailing


def _snake_suggestion(name: str) -> str:
    if name.startswith(TEST_NAME_PREFIX):
        return "_".join(
            part if part in TEST_NAME_WORDS else _recased(part, upper=False) for part in name.split("_")
        )
    suggestion = _recased(name, upper=False)
    return suggestion + "_" if keyword.iskeyword(suggestion) else suggestion


def _target_names(target: cst.BaseExpression) -> Iterator[cst.Name]:
    """The names an assignment target binds (`a`, `a, (b, *c)`); attributes and subscripts bind none."""
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


def _last_name(node: cst.BaseExpression) -> str:
    """`ABC` for `ABC`, `abc.ABC` and `Generic[T]`'s `Generic`."""
    if isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""


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
        if any(m.matches(arg, m.Name(name)) for arg in positional):
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
        _last_name(found.value) in TYPE_ANNOTATION_NAMES  # type: ignore[union-attr]
        for found in m.findall(annotation, m.Subscript())
    )


def _original_code(rule: Rule, node: cst.BaseExpression) -> str:
    """The node's text as written, with its own parentheses. Unlike libcst's `code_for_node`, which drops
    the block's indentation from continuation lines, this keeps a multi-line expression's layout."""
    text = rule.source.slice(rule.context.range_of(node))
    return "(" * len(node.lpar) + text + ")" * len(node.rpar)


def _indented_continuation(text: str, node: cst.CSTNode, extra: str) -> str:
    """`text` with `extra` added before each continuation line, for an expression moved one level deeper;
    unchanged when it holds a multi-line string, whose lines are part of its value."""
    if "\n" not in text or any("\n" in found.value for found in m.findall(node, m.SimpleString())):  # type: ignore[union-attr]
        return text
    if m.findall(node, m.FormattedString()):
        return text
    first, *rest = text.split("\n")
    return "\n".join([first] + [extra + line if line.strip() else line for line in rest])


def _has_comment(node: cst.CSTNode) -> bool:
    return bool(m.findall(node, m.Comment()))


def _variable_names(node: cst.CSTNode) -> Iterator[cst.Name]:
    """The `Name` nodes under `node` that name variables (not attribute names or keyword-argument names)."""
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            yield current
        elif isinstance(current, (cst.Attribute, cst.Arg)):
            stack.append(current.value)
        else:
            stack.extend(tree.children(current))


class NameNotSnakeCase(Rule):
    """A function or method name, a parameter, or a local variable is not snake_case.

    The guide (Variables & Functions, CRITICAL): "`snake_case` for variables and functions", as in
    `expected_traffic` or `get_capture_node_capacity_plan`. A name is snake_case when it has no upper-case
    letter. Checked: every `def` (functions, methods, nested functions), every parameter (lambdas included),
    and every local variable: names bound inside a function by assignment (plain, annotated, augmented,
    unpacking), `for` targets, `with ... as`, `except ... as`, the walrus operator, and comprehension
    variables (which are local to their comprehension wherever it stands). Each name is reported once per
    scope, at its first binding.

    Exempt: the upper-case `WHEN`/`THEN`/`AND` words of test names (`test_WHEN_x_AND_y_THEN_z`); names
    required by frameworks (setting `framework-names`, shell-style patterns; default `setUp`, `tearDown`,
    `setUpClass`, `tearDownClass`, `asyncSetUp`, `asyncTearDown`, `maxDiff`, `setUpModule`,
    `tearDownModule`, `visit_*`, `leave_*`, `do_*`); class attributes and dataclass fields (the guide keeps
    camelCase fields for JSON interop); module-level variables (constants are CS603's business); names a
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
        Invalid("def test_WHEN_Deploy_called_THEN_ok():\n    assert True\n", path="tests/test_deploy.py"),
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
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
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
        if not (is_method and self._may_override(owner, node)):  # type: ignore[arg-type]
            self._check(id(owner), node.name, "Method" if is_method else "Function")
        for param in _all_params(node.params):
            if param.name.value[:1].isupper() and _is_type_annotation(param.annotation):
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


class ClassNameNotPascalCase(Rule):
    """A class name is not PascalCase (`^_?[A-Z][A-Za-z0-9]*$`).

    The guide (Classes, CRITICAL): "`PascalCase` for classes", as in `CaptureNodesPlan` or
    `AwsClientProvider`. Acronyms stay upper-case (`RESTPath`, `RESTClient` are fine); one leading
    underscore marks a private class. Underscores inside the name and lower-case initials are reported,
    whatever the class is for (lower-case decorator classes such as `class cached_property` included).
    """

    code = "CS602"
    name = "class-name-not-pascal-case"
    priority = Priority.CRITICAL
    guideline = Guideline.NAMING_CLASSES
    message = "Class `{name}` is not PascalCase"
    VALID = [
        "class CaptureNodesPlan:\n    pass\n",
        "class RESTPath:\n    pass\n",
        "class _Internal:\n    pass\n",
        "class S3Client:\n    pass\n",
        "def make():\n    class Local:\n        pass\n",
    ]
    INVALID = [
        Invalid("class capture_plan:\n    pass\n"),
        Invalid("class Capture_Plan:\n    pass\n"),
        Invalid("class awsClient:\n    pass\n"),
        Invalid("def make():\n    class local_thing:\n        pass\n"),
        Invalid("class __Hidden:\n    pass\n"),
    ]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not PASCAL_CASE_PATTERN.match(node.name.value):
            self.report(node.name, name=node.name.value)


def _is_literal(node: cst.BaseExpression) -> bool:
    """A number, string or bytes literal, or a tuple/frozenset of literals (what CS603 calls a constant)."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _is_literal(node.left) and _is_literal(node.right)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return isinstance(node.expression, (cst.Integer, cst.Float, cst.Imaginary))
    if isinstance(node, cst.Tuple):
        return all(isinstance(element, cst.Element) and _is_literal(element.value) for element in node.elements)
    if m.matches(node, m.Call(func=m.Name("frozenset"))):
        call: cst.Call = node  # type: ignore[assignment]
        if not call.args:
            return True
        if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
            return False
        value = call.args[0].value
        return isinstance(value, (cst.Set, cst.Tuple, cst.List)) and all(
            isinstance(element, cst.Element) and _is_literal(element.value) for element in value.elements
        )
    return False


def _is_multiline_string(node: cst.BaseExpression, code: str) -> bool:
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString)) and "\n" in code


def _is_screaming(name: str) -> bool:
    return name.upper() == name and any(character.isalpha() for character in name)


def _binding_names(node: cst.CSTNode) -> Iterator[str]:
    """The names one node binds in the scope it stands in (not counting nested scopes)."""
    if isinstance(node, cst.AssignTarget):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, cst.For):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, cst.NamedExpr):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, cst.AsName):
        yield from (name.value for name in _target_names(node.name))  # type: ignore[arg-type]
    elif isinstance(node, cst.Del):
        yield from (name.value for name in _target_names(node.target))
    elif isinstance(node, (cst.Import, cst.ImportFrom)):
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if alias.asname is None:
                    name = alias.name
                    while isinstance(name, cst.Attribute):
                        name = name.value
                    if isinstance(name, cst.Name):
                        yield name.value
    elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        yield node.name.value
    elif isinstance(node, (cst.MatchAs, cst.MatchStar)) and node.name is not None:
        yield node.name.value
    elif isinstance(node, cst.MatchMapping) and node.rest is not None:
        yield node.rest.value


def _scope_bindings(roots: Sequence[cst.CSTNode]) -> List[str]:
    """Every binding made in the scope these nodes belong to, nested functions, classes, lambdas and
    comprehension variables excluded (a walrus inside a comprehension does bind here)."""
    found: List[str] = []
    stack: List[cst.CSTNode] = list(roots)
    while stack:
        node = stack.pop()
        found.extend(_binding_names(node))
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            stack.extend(decorator.decorator for decorator in node.decorators)
            continue
        if isinstance(node, cst.Lambda):
            continue
        if isinstance(node, cst.CompFor):
            stack.extend(node.ifs)
            stack.append(node.iter)
            if node.inner_for_in is not None:
                stack.append(node.inner_for_in)
            continue
        stack.extend(tree.children(node))
    return found


@dataclass
class _Frame:
    """One scope seen by `_GlobalUses`: the candidate names it binds and the uses found in it so far."""

    kind: str
    bound: Set[str] = field(default_factory=set)
    uses: Dict[str, List[cst.Name]] = field(default_factory=dict)


class _GlobalUses(cst.CSTVisitor):
    """One pass over the module finding, for each name, the `Name` nodes that refer to its module-level
    binding (the binding itself included).

    Uses inside a function, lambda or comprehension that binds the name itself refer to that local, and so
    do those of the functions nested in it (closures); decorators, defaults, annotations and a
    comprehension's first iterable belong to the enclosing scope. A class body binding the name, or a
    module reaching its globals dynamically (`globals()`, `eval`, `exec`, `vars`), makes the answer unsafe.
    """

    def __init__(self, names: FrozenSet[str]) -> None:
        super().__init__()
        self.names = names
        self.frames: List[_Frame] = [_Frame("module")]
        self.unsafe: Set[str] = set()
        self.dynamic = False

    def uses(self, name: str) -> Optional[List[cst.Name]]:
        if self.dynamic or name in self.unsafe:
            return None
        return self.frames[0].uses.get(name, [])

    def _bind(self, target: Optional[cst.CSTNode], frame: Optional[_Frame] = None) -> None:
        if isinstance(target, cst.BaseExpression):
            names = {found.value for found in _target_names(target)} & self.names
            (frame or self.frames[-1]).bound.update(names)

    def _visit_all(self, nodes: Sequence[Optional[cst.CSTNode]]) -> None:
        for node in nodes:
            if node is not None:
                node.visit(self)

    def _in_scope(self, kind: str, bound: Set[str], nodes: Sequence[Optional[cst.CSTNode]]) -> None:
        self.frames.append(_Frame(kind, bound & self.names))
        self._visit_all(nodes)
        frame = self.frames.pop()
        if frame.kind == "class" and frame.bound:
            self.unsafe.update(frame.bound)
        parent = self.frames[-1]
        for name, found in frame.uses.items():
            if name not in frame.bound or frame.kind == "class":
                parent.uses.setdefault(name, []).extend(found)

    def visit_Name(self, node: cst.Name) -> bool:
        if node.value in self.names:
            self.frames[-1].uses.setdefault(node.value, []).append(node)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        self.frames[-1].bound.update(set(_binding_names(node)) & self.names)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.frames[-1].bound.update(set(_binding_names(node)) & self.names)
        return False

    def visit_Global(self, node: cst.Global) -> bool:
        return False

    def visit_Nonlocal(self, node: cst.Nonlocal) -> bool:
        return False

    def visit_Call(self, node: cst.Call) -> bool:
        if isinstance(node.func, cst.Name) and node.func.value in DYNAMIC_NAME_CALLS:
            self.dynamic = True
        return True

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        self._bind(node.target)
        return True

    def visit_AnnAssign(self, node: cst.AnnAssign) -> bool:
        self._bind(node.target)
        return True

    def visit_AugAssign(self, node: cst.AugAssign) -> bool:
        self._bind(node.target)
        return True

    def visit_For(self, node: cst.For) -> bool:
        self._bind(node.target)
        return True

    def visit_AsName(self, node: cst.AsName) -> bool:
        self._bind(node.name)
        return True

    def visit_Del(self, node: cst.Del) -> bool:
        self._bind(node.target)
        return True

    def visit_NamedExpr(self, node: cst.NamedExpr) -> bool:
        scope = next(frame for frame in reversed(self.frames) if frame.kind != "comprehension")
        self._bind(node.target, scope)
        return True

    def visit_MatchAs(self, node: cst.MatchAs) -> bool:
        self._bind(node.name)
        return True

    def visit_MatchStar(self, node: cst.MatchStar) -> bool:
        self._bind(node.name)
        return True

    def visit_MatchMapping(self, node: cst.MatchMapping) -> bool:
        self._bind(node.rest)
        return True

    def _parameters(self, params: cst.Parameters) -> Set[str]:
        for param in _all_params(params):
            self._visit_all([param.default, param.annotation.annotation if param.annotation else None])
        return {param.name.value for param in _all_params(params)}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._bind(node.name)
        self._visit_all([decorator.decorator for decorator in node.decorators])
        bound = self._parameters(node.params)
        self._visit_all([node.returns.annotation if node.returns else None])
        self._in_scope("function", bound, [node.body])
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self._in_scope("function", self._parameters(node.params), [node.body])
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._bind(node.name)
        self._visit_all([decorator.decorator for decorator in node.decorators])
        self._visit_all([*node.bases, *node.keywords])
        self._in_scope("class", set(), [node.body])
        return False

    def _comprehension(self, node: Union[cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp]) -> bool:
        first = node.for_in
        first.iter.visit(self)
        bound: Set[str] = set()
        parts: List[Optional[cst.CSTNode]] = []
        comp_for: Optional[cst.CompFor] = first
        while comp_for is not None:
            bound.update(found.value for found in _target_names(comp_for.target))
            parts.append(comp_for.target)
            parts.append(None if comp_for is first else comp_for.iter)
            parts.extend(condition.test for condition in comp_for.ifs)
            comp_for = comp_for.inner_for_in
        parts.extend([node.key, node.value] if isinstance(node, cst.DictComp) else [node.elt])
        self._in_scope("comprehension", bound, parts)
        return False

    def visit_ListComp(self, node: cst.ListComp) -> bool:
        return self._comprehension(node)

    def visit_SetComp(self, node: cst.SetComp) -> bool:
        return self._comprehension(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> bool:
        return self._comprehension(node)

    def visit_DictComp(self, node: cst.DictComp) -> bool:
        return self._comprehension(node)


class ConstantNameNotScreamingSnake(Rule):
    """A module-level constant is not named in SCREAMING_SNAKE_CASE.

    The guide (Constants, CRITICAL): "`SCREAMING_SNAKE_CASE` for module-level constants", as in
    `MAX_TRAFFIC` or `DEFAULT_SPI_DAYS`. A constant here is a name bound exactly once at module level, by a
    statement of the module body itself, to a literal value: a number (a sign allowed), a string or bytes
    literal, or a tuple or `frozenset(...)` of literals, and never rebound anywhere in the module (a second
    assignment, `+=`, a `for` or `with` target, an import, a `def`, `del`, or a `global` declaration in some
    function all mean it is a variable). A leading underscore is kept (`_DEFAULT_TIMEOUT`).

    Exempt: dunder names (`__version__`); names bound to anything else, calls included
    (`logger = logging.getLogger(__name__)`); booleans and `None` (flags and caches rebound at run time);
    type aliases (`X: TypeAlias = ...`); multi-line string literals (the guide names its prompt templates
    in lowercase); names a tool reads by their lowercase name (`pytest_plugins`, `default_app_config`,
    `app_name`, `collect_ignore`, and the setting `framework-names`); the settings modules of Sphinx and
    gunicorn (`conf.py`, `*.conf.py`, `*_conf.py`); bindings inside `if`/`try` blocks at module level.

    Fix (unsafe): rename the binding and every use of it in the file, `__all__` entries included. Uses
    inside a function, lambda or comprehension that binds the same name itself are left alone, since they
    refer to that local. Unsafe because other modules may import the old name. No fix when the new name is
    already used in the file, when a class body binds the same name, or when the module reaches its
    globals dynamically (`globals()`, `eval`, `exec`, `vars`).
    """

    code = "CS603"
    name = "constant-name-not-screaming-snake"
    priority = Priority.CRITICAL
    guideline = Guideline.NAMING_CONSTANTS
    message = "Module constant `{name}` is not SCREAMING_SNAKE_CASE (`{suggestion}`)"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "MAX_TRAFFIC = 100  # the cluster's limit\n",
        "_DEFAULT_TIMEOUT = 30.0  # seconds\n",
        "__version__ = '1.0'\n",
        "logger = logging.getLogger(__name__)\n",
        "prompt_template = '''\nYou are an expert.\n'''\n",
        "help_text = (\n    'first part '\n    'second part'\n)\n",
        "counter = 0\n\ndef bump():\n    global counter\n    counter += 1\n",
        "retries = 3\nretries = 4\n",
        "total = 0\nfor value in range(3):\n    total += value\n",
        "debug = False\ncache = None\n",
        "from typing import TypeAlias\n\nJsonText: TypeAlias = 'str'\n",
        "try:\n    import ujson as json\nexcept ImportError:\n    json_module = 'json'\n",
        "names = ['a', 'b']\n",
        "pytest_plugins = ('pytester',)\n",
        Valid("project = 'Flask'\nhtml_theme = 'pallets'\n", path="docs/conf.py"),
        "mode = 'fast'\n\ndef mode():\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "max_traffic = 100  # the cluster's limit\n\n\ndef plan(traffic: int) -> bool:\n"
            "    return traffic > max_traffic\n",
            fixed="MAX_TRAFFIC = 100  # the cluster's limit\n\n\ndef plan(traffic: int) -> bool:\n"
            "    return traffic > MAX_TRAFFIC\n",
        ),
        Invalid(
            "defaultRegion = 'us-east-1'\n__all__ = ['defaultRegion']\n\n\ndef region(defaultRegion=None):\n"
            "    return defaultRegion or 'x'\n\n\ndef other():\n    return defaultRegion\n",
            fixed="DEFAULT_REGION = 'us-east-1'\n__all__ = ['DEFAULT_REGION']\n\n\ndef region(defaultRegion=None):\n"
            "    return defaultRegion or 'x'\n\n\ndef other():\n    return DEFAULT_REGION\n",
        ),
        Invalid("_timeout = -2.5\n", fixed="_TIMEOUT = -2.5\n"),
        Invalid("valid_states = ('on', 'off')\n", fixed="VALID_STATES = ('on', 'off')\n"),
        Invalid("units = frozenset({'s', 'ms'})\n", fixed="UNITS = frozenset({'s', 'ms'})\n"),
        Invalid("magic = b'\\x00'\n", fixed="MAGIC = b'\\x00'\n"),
        Invalid("limit: int = 10\n", fixed="LIMIT: int = 10\n"),
        Invalid(
            "size = 3\n\ndef grid():\n    return [size for size in range(size)]\n",
            fixed="SIZE = 3\n\ndef grid():\n    return [size for size in range(SIZE)]\n",
        ),
        Invalid("limit = 3\nLIMIT_VALUE = 4\n\nclass Box:\n    limit = 5\n"),
        Invalid("limit = 3\nLIMIT = 4\n", count=1),
    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._declared_global: Set[str] = set()

    def visit_Global(self, node: cst.Global) -> None:
        self._declared_global.update(item.name.value for item in node.names)

    def _is_exempt_file(self) -> bool:
        path = self.source.path
        return path is not None and any(
            fnmatch.fnmatchcase(path.name, pattern) for pattern in TOOL_CONFIG_FILE_PATTERNS
        )

    def _candidate(self, statement: cst.BaseStatement) -> Optional[Tuple[cst.Name, cst.BaseExpression]]:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        small = statement.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target, value = small.targets[0].target, small.value
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            if _last_name(small.annotation.annotation) in TYPE_ALIAS_NAMES:
                return None
            target, value = small.target, small.value
        else:
            return None
        if not isinstance(target, cst.Name):
            return None
        name = target.value
        if _is_screaming(name) or _is_dunder(name) or not any(character.isalpha() for character in name):
            return None
        if name in TOOL_MODULE_NAMES or any(fnmatch.fnmatchcase(name, p) for p in self.settings.framework_names):
            return None
        if not _is_literal(value) or _is_multiline_string(value, self.context.code_for(value)):
            return None
        return target, value

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._is_exempt_file():
            return
        candidates = [found for found in map(self._candidate, original_node.body) if found is not None]
        if not candidates:
            return
        counts: Dict[str, int] = {}
        for name in _scope_bindings(list(original_node.body)):
            counts[name] = counts.get(name, 0) + 1
        constants = [
            target
            for target, _ in candidates
            if counts.get(target.value) == 1 and target.value not in self._declared_global
        ]
        if not constants:
            return
        collector = _GlobalUses(frozenset(target.value for target in constants))
        original_node.visit(collector)
        for target in constants:
            name = target.value
            suggestion = _recased(name, upper=True)
            fixes = self._rename_fix(original_node, name, suggestion, collector.uses(name))
            self.report(target, fixes=fixes, name=name, suggestion=suggestion)

    def _rename_fix(
        self, module: cst.Module, name: str, new_name: str, uses: Optional[List[cst.Name]]
    ) -> List[Fix]:
        if uses is None or not new_name.isidentifier() or re.search(rf"\b{re.escape(new_name)}\b", self.source.text):
            return []
        edits = [self.replace(use, new_name) for use in uses]
        edits.extend(self._all_entry_edits(module, name, new_name))
        return [self.fix(f"Rename `{name}` to `{new_name}`", FixSafety.UNSAFE, *edits)]

    def _all_entry_edits(self, module: cst.Module, name: str, new_name: str) -> Iterator[Edit]:
        for statement in module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(m.matches(t.target, m.Name(ALL_NAME)) for t in small.targets):
                    value = small.value
                elif isinstance(small, (cst.AugAssign, cst.AnnAssign)) and m.matches(small.target, m.Name(ALL_NAME)):
                    value = small.value
                else:
                    continue
                if not isinstance(value, (cst.List, cst.Tuple)):
                    continue
                for element in value.elements:
                    entry = element.value
                    if isinstance(entry, cst.SimpleString) and entry.evaluated_value == name:
                        yield self.replace(entry, f"{entry.prefix}{entry.quote}{new_name}{entry.quote}")


@dataclass
class _Span:
    start: Tuple[int, int]
    end: Tuple[int, int]

    def holds(self, line: int, start_column: int, end_column: int) -> bool:
        return self.start <= (line, start_column) and (line, end_column) <= self.end


def _string_and_comment_spans(text: str) -> List[_Span]:
    """Where the string literals and comments are (1-based lines, as tokenize gives them)."""
    spans: List[_Span] = []
    fstring_starts: List[Tuple[int, int]] = []
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in (tokenize.STRING, tokenize.COMMENT):
                spans.append(_Span(token.start, token.end))
            elif fstring_start is not None and token.type == fstring_start:
                fstring_starts.append(token.start)
            elif fstring_end is not None and token.type == fstring_end and fstring_starts:
                spans.append(_Span(fstring_starts.pop(), token.end))
    except (tokenize.TokenError, SyntaxError):
        pass
    return spans


class LineTooLong(Rule):
    """A line is longer than `line-length` characters (default 120).

    The guide (Line Length, PREFERRED): code "generally stays under 120 characters" and "breaks long strings
    and method chains". Length is counted in characters (code points, a tab counting as one), without the
    line ending.

    Exempt: a line whose overflow is one unbreakable token in a comment or a string, such as a URL or a
    path: when the line would fit once its last whitespace-free token is removed, and that token lies
    within one comment or one string literal. Opening brackets before the token and closing brackets,
    commas or colons after it are looked through (`    "…url…",` in a list, `f(x, "…url…")` pass), code glued
    to it is not (`call("…url…")` is reported: the argument can go on a line of its own). A long string
    whose last word alone overflows is exempt by the same test; breaking such a string is left to judgement.
    """

    code = "CS605"
    name = "line-too-long"
    priority = Priority.PREFERRED
    guideline = Guideline.LINE_LENGTH
    message = "Line is {length} characters long (limit {limit})"
    VALID = [
        "x = 1\n",
        "# See https://example.com/" + "a" * 120 + "\n",
        "DOCS_URL = 'https://example.com/" + "a" * 120 + "'\n",
        "def f():\n    '''Docs.\n\n    https://example.com/" + "b" * 120 + "\n    '''\n",
        "URLS = [\n    'https://example.com/" + "c" * 120 + "',\n]\n",
        Valid("value = compute(first_argument, second_argument)\n", settings={"line-length": 50}),
    ]
    INVALID = [
        Invalid("result = compute(" + ", ".join(f"argument_{index}" for index in range(12)) + ")\n"),
        Invalid("call('https://example.com/" + "d" * 120 + "')\n"),
        Invalid("x = 'a long sentence with many words " + "word " * 25 + "'\n"),
        Invalid("value = compute(first_argument, second_argument)\n", settings={"line-length": 40}),
        Invalid("# " + "word " * 30 + "\n"),
        Invalid("def f():\n\tvalue = 'tab'" + " + 'more'" * 12 + "\n", settings={"line-length": 100}),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        limit = self.settings.line_length
        lines = self.source.lines
        spans: Optional[List[_Span]] = None
        for index, line in enumerate(lines):
            if len(line) <= limit:
                continue
            token = self._overflow_token(line, limit)
            if token is not None:
                if spans is None:
                    spans = _string_and_comment_spans(self.source.text)
                if any(span.holds(index + 1, token[0], token[1]) for span in spans):
                    continue
            self.report(TextRange.of(index, limit, index, len(line)), length=len(line), limit=limit)

    @staticmethod
    def _overflow_token(line: str, limit: int) -> Optional[Tuple[int, int]]:
        """The columns of the last whitespace-free token, bare of brackets and punctuation, when the line
        fits without it; None when it does not."""
        stripped = line.rstrip()
        match = re.search(r"\S+$", stripped)
        if match is None or len(stripped[: match.start()].rstrip()) > limit:
            return None
        start, end = match.start(), match.end()
        while start < end and stripped[start] in OPENING_BRACKETS:
            start += 1
        while end > start and stripped[end - 1] in CLOSING_PUNCTUATION:
            end -= 1
        return (start, end) if start < end else None


class ImportOrder(Rule):
    """The top-of-module import block is not grouped and sorted.

    The guide (Import Organization, CRITICAL): imports grouped stdlib → third-party → local, with blank
    lines between the groups. The block is the run of import statements at the top of the module, after
    its docstring and leading comments; it ends at the first other statement (an `if TYPE_CHECKING:` or a
    `try:` import included), and imports below other code are left alone. Expected layout (isort's defaults,
    `force_sort_within_sections = false`): `from __future__` imports first; then the standard library
    (Python's own `sys.stdlib_module_names`); then third-party packages; then local code: first-party
    packages (setting `known-first-party`, or a package or module of that name in the project root, its
    `src` or its `server` directory) followed by relative imports. Exactly one blank line between groups,
    none inside a group. Within a group every `import x` comes first, then every `from x import y`, each
    sorted by module name case-insensitively, numbers in natural order (`..` before `.`).

    Unknown packages are third-party, unless the block's own layout shows them to be first-party: a
    paragraph (imports between blank lines) that follows one holding third-party imports and holds only
    local imports and packages other than well-known third-party ones (`requests`, `django`, `boto3`, ...)
    is the local group, as in the guide's own example with `from backend.core ... import ...` last.

    Blank lines inside a group that common isort configurations produce are accepted when the source uses
    them, and the fix keeps them: between first-party and relative imports (isort's separate local-folder
    section), between the `import` and the `from` statements of a group (`lines_between_types = 1`), and
    above an import that carries its own comment lines (a commented sub-section, as ruff accepts).

    Left alone: blocks with an `# isort: skip`/`off` comment, and lines holding several statements
    (`import os; import sys`). `import os, sys` is placed by its first module; the names inside one
    statement are not re-sorted.

    Fix (safe): organize the block. Statements move as they are, with the comment lines directly above them
    and their trailing comments; comments separated from the first import by a blank line (a licence
    header) stay in place, as does the module docstring. The same organizer runs the editor's "organize
    imports" action (`chris_style.linting.imports.organize_imports`).
    """

    code = "CS606"
    name = "import-order"
    priority = Priority.CRITICAL
    guideline = Guideline.IMPORT_ORGANIZATION
    message = "Imports are not grouped and sorted: {reason}"
    fix_safety = FixSafety.SAFE
    VALID = [
        "import json\nimport logging\nfrom typing import List\n\nfrom django.views.decorators.csrf import csrf_exempt\n"
        "from langchain_core.messages import HumanMessage\nfrom rest_framework.views import APIView\n\n"
        "from backend.categorization_expert.expert_def import get_categorization_expert\n"
        "from backend.core.ocsf.ocsf_versions import OcsfVersion\n",
        "import json\nimport logging\nfrom typing import List\n\nfrom django.views.decorators.csrf import csrf_exempt\n"
        "from langchain_core.messages import HumanMessage\n\nfrom . import expert_def\nfrom .core import ocsf\n",
        "from __future__ import annotations\n\nimport os\n",
        Valid("import os\n\nimport requests\n\nfrom backend.core import x\n", settings={"known-first-party": ["backend"]}),
        Valid(
            "import os\n\nfrom backend.core import x\n\nfrom .sibling import y\n",
            settings={"known-first-party": ["backend"]},
        ),
        "import requests\n\nx = 1\n\nimport os\n",
        "import os\n\nif TYPE_CHECKING:\n    import requests\n",
        "import sys  # isort: skip\nimport os\n",
        "import module2\nimport module10\n",
        "import bar\nimport Foo\n",
    ]
    INVALID = [
        Invalid(
            "import requests\nimport os\n",
            fixed="import os\n\nimport requests\n",
        ),
        Invalid(
            '"""Docstring."""\n\n# Licence header.\n\nimport sys\nimport os  # the os\n\nx = 1\n',
            fixed='"""Docstring."""\n\n# Licence header.\n\nimport os  # the os\nimport sys\n\nx = 1\n',
        ),
        Invalid("from typing import List\nimport os\n", fixed="import os\nfrom typing import List\n"),
        Invalid("import os\nimport requests\n", fixed="import os\n\nimport requests\n"),
        Invalid("import os\n\n\nimport requests\n", fixed="import os\n\nimport requests\n"),
        Invalid("import os\n\nimport sys\n", fixed="import os\nimport sys\n"),
        Invalid(
            "import os\n\nfrom backend import x\n\nimport requests\n",
            fixed="import os\n\nimport requests\nfrom backend import x\n",
        ),
        Invalid(
            "import os\n\nimport requests\n\nfrom backend import x\nimport sys\n",
            fixed="import os\nimport sys\n\nimport requests\n\nfrom backend import x\n",
        ),
        Invalid(
            "import os\nfrom __future__ import annotations\n",
            fixed="from __future__ import annotations\n\nimport os\n",
        ),
        Invalid(
            "from .sibling import y\nimport requests\n# why json\nimport json\n",
            fixed="# why json\nimport json\n\nimport requests\n\nfrom .sibling import y\n",
        ),
        Invalid(
            "from . import b\nfrom .. import a\n",
            fixed="from .. import a\nfrom . import b\n",
        ),
        Invalid(
            "from backend import x\nimport requests\n",
            fixed="import requests\n\nfrom backend import x\n",
            settings={"known-first-party": ["backend"]},
        ),
        Invalid(
            "import requests\nfrom os import (\n    path,  # paths\n    sep,\n)\n",
            fixed="from os import (\n    path,  # paths\n    sep,\n)\n\nimport requests\n",
        ),
        Invalid("import requests\r\nimport os\r\n", fixed="import os\r\n\r\nimport requests\r\n"),
        Invalid("import requests\nimport os", fixed="import os\n\nimport requests"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        block = find_import_block(node, self.settings)
        if block is None or block.is_organized:
            return
        unit, reason = block.problem()
        fixes: List[Fix] = []
        region = block_region(self.source.text, block)
        if region is not None:
            start, end, replacement = region
            edit = Edit(TextRange(self.source.position(start), self.source.position(end)), replacement)
            fixes.append(self.fix("Organize imports", FixSafety.SAFE, edit))
        self.report(unit.statement.body[0], fixes=fixes, reason=reason)


def _simple_expression(node: cst.BaseExpression) -> bool:
    """A name, an attribute chain, or a subscript by a name, number or attribute."""
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return _simple_expression(node.value)
    if isinstance(node, cst.Subscript):
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return False
        index = node.slice[0].slice.value
        is_number = isinstance(index, cst.Integer) or (
            isinstance(index, cst.UnaryOperation)
            and isinstance(index.operator, cst.Minus)
            and isinstance(index.expression, cst.Integer)
        )
        return _simple_expression(node.value) and (is_number or _simple_expression(index))
    return False


@dataclass
class _Literal:
    """A string literal taken apart: prefix (without `u`), quote, and the text between the quotes."""

    prefix: str
    quote: str
    body: str


def _literal_parts(node: cst.SimpleString) -> Optional[_Literal]:
    prefix = node.prefix
    if any(character in prefix.lower() for character in "bf"):
        return None
    quote = node.quote
    body = node.value[len(prefix) + len(quote) : len(node.value) - len(quote)]
    try:
        evaluated = node.evaluated_value
    except (SyntaxError, ValueError):
        return None
    # Escapes such as `\x25` or `\N{...}` would make the source text and the value disagree on `%` and braces.
    if not isinstance(evaluated, str) or any(body.count(c) != evaluated.count(c) for c in "%{}"):
        return None
    return _Literal("".join(c for c in prefix if c.lower() != "u"), quote, body)


def _escape_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _printf_field(expression: str, spec: "re.Match[str]") -> Optional[Tuple[str, bool]]:
    """The f-string field for one `%` conversion and whether it is exactly equivalent for every value."""
    flags, width, precision, kind = spec["flags"], spec["width"], spec["precision"], spec["type"]
    # `%.s` means precision 0, as in C.
    precision = "0" if precision == "" else precision

    if width == "*" or precision == "*" or spec["length"]:
        return None
    if kind in "sra":
        if set(flags) - {"-"}:
            return None
        format_spec = (("<" if "-" in flags else ">") + width if width else "") + (
            "." + precision if precision is not None else ""
        )
        # A bare `%s` keeps its `!s`: `%` calls str(), an f-string calls format(), and the two differ for
        # types with their own __format__ (str-mixin enums before Python 3.12, for one).
        return "{" + expression + "!" + kind + (":" + format_spec if format_spec else "") + "}", True
    if kind == "c":
        return None
    kind = "d" if kind in "iu" else kind
    if precision is not None and kind in "doxX":
        return None
    format_spec = "<" if "-" in flags else ""
    format_spec += "+" if "+" in flags else (" " if " " in flags else "")
    format_spec += "#" if "#" in flags else ""
    format_spec += "0" if "0" in flags and "-" not in flags else ""
    format_spec += (width or "") + ("." + precision if precision is not None else "") + kind
    # `%d` truncates floats and `%f` converts Decimals to float first; format() does neither.
    return "{" + expression + ":" + format_spec + "}", False


class PrintfOrFormatCall(Rule):
    """`"..." % args` or `"...".format(...)` called directly on a string literal inside a function.

    The guide (F-Strings, PREFERRED) uses f-strings for formatting: `f"Received request: {request.data}"`.
    Only literals are judged: `.format()` on a module-level template constant (the guide's own template
    pattern), logging's lazy `%s` arguments (`logger.info("x %s", y)`), bytes and code outside functions
    are left alone.

    Fix (safe, unsafe where said): convert to an f-string when every argument is a simple name, attribute
    or subscript (by a name or number), so that no quotes, backslashes or comments would land inside the
    f-string (it must run on Python 3.10 too); literal braces are doubled, `%%` becomes `%`. Safe when the
    result is the same for every value: `.format()` with its fields, conversions (`!r`) and format specs
    (`{:>10}`, `{0}`, `{name}`, `{0.attr}`), and `%` with a tuple or dict display of arguments using `%s`, `%r`, `%a` (with
    width or precision: `%-10s` becomes `{x!s:<10}`; a bare `%s` becomes `{x!s}`, since `%` calls str() and an
    f-string calls format(), which differ for str-mixin enums before Python 3.12). Unsafe: numeric conversions
    (`%d` truncates floats,
    `%.2f` converts a Decimal to float, format() does neither) and `"..." % x` with a single bare operand
    (if `x` held a tuple, `%` would unpack it). No fix for `*` widths, `%c`, precision on integers,
    implicitly concatenated literals, `*args`/`**kwargs`, `{0[key]}` or nested fields, unused arguments,
    mixed automatic and manual numbering, or when a comment would be lost.
    """

    code = "CS607"
    name = "printf-or-format-call"
    priority = Priority.PREFERRED
    guideline = Guideline.F_STRINGS
    message = "Use an f-string instead of {kind} on a string literal"
    fix_safety = FixSafety.SAFE
    VALID = [
        "def show(request):\n    logger.info(f'Received heuristic creation request: {request.data}')\n",
        "PROMPT = 'Summarize {text}'\n\ndef build(text):\n    return PROMPT.format(text=text)\n",
        "def show(name):\n    logger.info('Hello %s', name)\n",
        "message = 'Hello %s' % 'world'\n",
        "def pack(value):\n    return b'%d' % value\n",
        "def translate(count):\n    return _('%d items') % count\n",
        "def build(template, value):\n    return template % value\n",
    ]
    INVALID = [
        Invalid("def greet(name):\n    return 'Hello %s' % (name,)\n", fixed=(
                    'def greet(name):\n'
                    "    return f'Hello {name!s}'\n"
                )),
        Invalid(
            "def greet(user):\n    return 'Hello {}, you are {}'.format(user.name, user.age)\n",
            fixed="def greet(user):\n    return f'Hello {user.name}, you are {user.age}'\n",
        ),
        Invalid(
            "def row(item):\n    return '{0:>10} | {0!r} | {{literal}}'.format(item)\n",
            fixed="def row(item):\n    return f'{item:>10} | {item!r} | {{literal}}'\n",
        ),
        Invalid(
            "def row(data, i):\n    return \"{name}: {value.real}\".format(name=data[i], value=data[0])\n",
            fixed="def row(data, i):\n    return f\"{data[i]}: {data[0].real}\"\n",
        ),
        Invalid(
            "def ratio(part, label):\n    return '%r is 100%% {done} %-6s' % (part, label)\n",
            fixed="def ratio(part, label):\n    return f'{part!r} is 100% {{done}} {label!s:<6}'\n",
        ),
        Invalid(
            "def show(values):\n    return '%(first)s and %(second)r' % {'first': values.a, 'second': values.b}\n",
            fixed=(
                    'def show(values):\n'
                    "    return f'{values.a!s} and {values.b!r}'\n"
                ),
        ),
        Invalid("def count(total):\n    return '%d items' % total\n"),
        Invalid("def key(data):\n    return '{}'.format(data['key'])\n"),
        Invalid("def show(args):\n    return '%s %s' % args\n"),
        Invalid("def show(first, *rest):\n    return '{} {}'.format(first, *rest)\n"),
        Invalid("def show(name):\n    return ('Hello %s'  # greeting\n            % (name,))\n"),
        Invalid("def show(name):\n    return 'Hello ' 'there %s' % (name,)\n"),
        Invalid("def show(a, b):\n    return '{}'.format(a, b)\n"),
        Invalid("square = lambda value: '%s squared' % (value,)\n", fixed="square = lambda value: f'{value!s} squared'\n"),
    ]

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if not isinstance(node.operator, cst.Modulo):
            return
        literal = node.left
        if not isinstance(literal, (cst.SimpleString, cst.ConcatenatedString)) or _is_bytes(literal):
            return
        if not self.context.in_function():
            return
        fixes: List[Fix] = []
        if isinstance(literal, cst.SimpleString) and not _has_comment(node):
            converted = self._from_printf(literal, node.right)
            if converted is not None:
                text, safety = converted
                fixes.append(self.fix("Convert to an f-string", safety, self.replace(node, text)))
        self.report(node, fixes=fixes, kind="`%` formatting")

    def visit_Call(self, node: cst.Call) -> None:
        function = node.func
        if not (isinstance(function, cst.Attribute) and function.attr.value == "format"):
            return
        literal = function.value
        if not isinstance(literal, (cst.SimpleString, cst.ConcatenatedString)) or _is_bytes(literal):
            return
        if not self.context.in_function():
            return
        fixes: List[Fix] = []
        if isinstance(literal, cst.SimpleString) and not _has_comment(node):
            text = self._from_format(literal, node.args)
            if text is not None:
                fixes.append(self.fix("Convert to an f-string", FixSafety.SAFE, self.replace(node, text)))
        self.report(node, fixes=fixes, kind="`.format()`")

    def _expression(self, node: cst.BaseExpression) -> Optional[str]:
        if not _simple_expression(node):
            return None
        code = self.context.code_for(node)
        return None if any(character in FSTRING_UNSAFE_CHARACTERS for character in code) else code

    def _from_printf(self, literal: cst.SimpleString, right: cst.BaseExpression) -> Optional[Tuple[str, FixSafety]]:
        parts = _literal_parts(literal)
        if parts is None:
            return None
        exact = True
        positional: Optional[List[cst.BaseExpression]] = None
        mapping: Optional[Dict[str, cst.BaseExpression]] = None
        if isinstance(right, cst.Tuple):
            if not all(isinstance(element, cst.Element) for element in right.elements):
                return None
            positional = [element.value for element in right.elements]
        elif isinstance(right, cst.Dict):
            mapping = {}
            for element in right.elements:
                if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
                    return None
                key = element.key.evaluated_value
                if not isinstance(key, str):
                    return None
                mapping[key] = element.value
        else:
            positional = [right]
            exact = False
        pieces: List[str] = []
        used_positions = 0
        used_keys: Set[str] = set()
        body = parts.body
        index = 0
        while True:
            percent = body.find("%", index)
            pieces.append(_escape_braces(body[index : percent if percent != -1 else len(body)]))
            if percent == -1:
                break
            spec = PRINTF_PATTERN.match(body, percent)
            if spec is None:
                return None
            index = spec.end()
            if spec["type"] == "%":
                if spec.group(0) != "%%":
                    return None
                pieces.append("%")
                continue
            key = spec["key"]
            if key is not None:
                if mapping is None or key not in mapping:
                    return None
                argument = mapping[key]
                used_keys.add(key)
            else:
                if positional is None or used_positions >= len(positional):
                    return None
                argument = positional[used_positions]
                used_positions += 1
            expression = self._expression(argument)
            field = _printf_field(expression, spec) if expression is not None else None
            if field is None:
                return None
            pieces.append(field[0])
            exact = exact and field[1]
        if positional is not None and used_positions != len(positional):
            return None
        if mapping is not None and used_keys != set(mapping):
            return None
        if used_positions == 0 and not used_keys:
            return None
        text = f"{parts.prefix}f{parts.quote}{''.join(pieces)}{parts.quote}"
        return text, FixSafety.SAFE if exact else FixSafety.UNSAFE

    def _from_format(self, literal: cst.SimpleString, args: Sequence[cst.Arg]) -> Optional[str]:
        parts = _literal_parts(literal)
        if parts is None:
            return None
        positional: List[cst.BaseExpression] = []
        keywords: Dict[str, cst.BaseExpression] = {}
        for arg in args:
            if arg.star:
                return None
            if arg.keyword is not None:
                keywords[arg.keyword.value] = arg.value
            else:
                positional.append(arg.value)
        try:
            parsed = list(string.Formatter().parse(parts.body))
        except ValueError:
            return None
        pieces: List[str] = []
        automatic: Optional[bool] = None
        next_index = 0
        used: Set[Union[int, str]] = set()
        for literal_text, field_name, format_spec, conversion in parsed:
            pieces.append(_escape_braces(literal_text))
            if field_name is None:
                continue
            field = FORMAT_FIELD_PATTERN.fullmatch(field_name)
            format_spec = format_spec or ""
            if field is None or any(character in format_spec for character in "{}\\"):
                return None
            first = field["first"]
            key: Union[int, str]
            if first == "" or first.isdigit():
                is_automatic = first == ""
                if automatic is not None and automatic != is_automatic:
                    return None
                automatic = is_automatic
                key = next_index if is_automatic else int(first)
                next_index += 1 if is_automatic else 0
                argument = positional[key] if key < len(positional) else None
            else:
                key = first
                argument = keywords.get(first)
            if argument is None:
                return None
            expression = self._expression(argument)
            if expression is None:
                return None
            used.add(key)
            pieces.append(
                "{" + expression + field["rest"] + ("!" + conversion if conversion else "")
                + (":" + format_spec if format_spec else "") + "}"
            )
        if not used or used != set(range(len(positional))) | set(keywords):
            return None
        return f"{parts.prefix}f{parts.quote}{''.join(pieces)}{parts.quote}"


def _is_bytes(literal: Union[cst.SimpleString, cst.ConcatenatedString]) -> bool:
    while isinstance(literal, cst.ConcatenatedString):
        literal = literal.left  # type: ignore[assignment]
    return isinstance(literal, cst.SimpleString) and "b" in literal.prefix.lower()


def _wrapped(node: cst.BaseExpression, code: str) -> str:
    bare_tuple = isinstance(node, cst.Tuple) and not node.lpar
    return f"({code})" if isinstance(node, NEEDS_PARENS) or bare_tuple else code


def _single_statement(body: cst.BaseSuite) -> Optional[Union[cst.BaseSmallStatement, cst.BaseCompoundStatement]]:
    """The one statement of a block (`if x:` + one line, or `if x: stmt`), None for anything else."""
    if isinstance(body, cst.SimpleStatementSuite):
        return body.body[0] if len(body.body) == 1 else None
    if isinstance(body, cst.IndentedBlock) and len(body.body) == 1:
        statement = body.body[0]
        if isinstance(statement, cst.SimpleStatementLine):
            return statement.body[0] if len(statement.body) == 1 else None
        return statement
    return None


def _is_empty_list(node: cst.BaseExpression) -> bool:
    return (isinstance(node, cst.List) and not node.elements) or m.matches(node, m.Call(func=m.Name("list"), args=()))


class LoopAppendComprehension(Rule):
    """An empty list immediately filled by a `for` loop whose whole body is one `append`.

    The guide (Comprehensions vs Loops, PREFERRED): "Prefer list comprehensions for simple
    transformations", as in `[pattern.to_json() for pattern in result.patterns]`. Reported: `xs = []` (or
    `xs: T = []`, or `xs = list()`) directly followed by a `for` loop (no `else:`) whose body is only
    `xs.append(expr)`, optionally under one `if` without `elif`/`else`. Not reported when the loop reads
    `xs` anywhere else (`if v not in xs: xs.append(v)` cannot be a comprehension).

    Fix (safe): `xs = [expr for v in it]` (`… if cond]`), keeping the assignment's own trailing comment;
    one clause per line inside the brackets when one line would pass `line-length`. Not offered when a
    comment would be lost (inside the loop or between the two statements), in a class body (a
    comprehension there cannot see the class's names), when the loop holds a walrus, a `yield`, a
    zero-argument `super()` or `locals()` (a comprehension is a scope of its own before Python 3.12), or
    when the loop variable is used anywhere else in the function or module (a comprehension does not leave
    it bound after the loop).
    """

    code = "CS608"
    name = "loop-append-comprehension"
    priority = Priority.PREFERRED
    guideline = Guideline.COMPREHENSIONS
    message = "Build `{name}` with a list comprehension instead of a loop of `append`"
    fix_safety = FixSafety.SAFE
    VALID = [
        "def run(result):\n    return [pattern.to_json() for pattern in result.patterns]\n",
        "def run(items):\n    unique = []\n    for item in items:\n        if item not in unique:\n"
        "            unique.append(item)\n    return unique\n",
        "def run(items):\n    out = []\n    for item in items:\n        out.append(item)\n        log(item)\n",
        "def run(items):\n    out = []\n    log(items)\n    for item in items:\n        out.append(item)\n",
        "def run(items):\n    out = []\n    for item in items:\n        out.append(item)\n    else:\n        pass\n",
        "def run(items):\n    out = []\n    for item in items:\n        if item:\n            out.append(item)\n"
        "        else:\n            out.append(0)\n",
        "def run(items, other):\n    out = []\n    for item in items:\n        other.append(item)\n",
        "def run(items):\n    out = [0]\n    for item in items:\n        out.append(item)\n",
    ]
    INVALID = [
        Invalid(
            "def run(result):\n    patterns = []  # the JSON payloads\n    for pattern in result.patterns:\n"
            "        patterns.append(pattern.to_json())\n    return patterns\n",
            fixed="def run(result):\n    patterns = [pattern.to_json() for pattern in result.patterns]  # the JSON payloads\n"
            "    return patterns\n",
        ),
        Invalid(
            "def run(items):\n    names: List[str] = []\n    for index, item in enumerate(items):\n"
            "        if item.enabled and index:\n            names.append(item.name)\n    return names\n",
            fixed="def run(items):\n    names: List[str] = [item.name for index, item in enumerate(items) "
            "if item.enabled and index]\n    return names\n",
        ),
        Invalid(
            "def run(a, b):\n    out = []\n    for v in a, b:\n        out.append(v if v else 0)\n    return out\n",
            fixed="def run(a, b):\n    out = [v if v else 0 for v in (a, b)]\n    return out\n",
        ),
        Invalid(
            "def run(items):\n    out = list()\n\n    for item in items: out.append(item)\n    return out\n",
            fixed="def run(items):\n    out = [item for item in items]\n\n    return out\n",
        ),
        Invalid(
            "def run(items):\n    out = []\n    # copy them\n    for item in items:\n        out.append(item)\n"
        ),
        Invalid(
            "def run(items):\n    out = []\n    for item in items:\n        out.append(item)  # keep\n"
        ),
        Invalid(
            "def run(items):\n    out = []\n    for item in items:\n        out.append(item)\n    return item\n"
        ),
        Invalid("class Table:\n    rows = []\n    for index in range(3):\n        rows.append(index)\n"),
        Invalid(
            "async def run(items):\n    out = []\n    async for item in items:\n        out.append(item)\n"
            "    return out\n",
            fixed="async def run(items):\n    out = [item async for item in items]\n    return out\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._scan(node.body)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._scan(node.body)

    def _scan(self, statements: Sequence[cst.BaseStatement]) -> None:
        for first, second in zip(statements, statements[1:]):
            if isinstance(second, cst.For) and isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1:
                self._check(first, first.body[0], second)

    def _check(self, line: cst.SimpleStatementLine, small: cst.BaseSmallStatement, loop: cst.For) -> None:
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target, value = small.targets[0].target, small.value
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            target, value = small.target, small.value
        else:
            return
        if not isinstance(target, cst.Name) or not _is_empty_list(value) or loop.orelse is not None:
            return
        name = target.value
        statement = _single_statement(loop.body)
        condition: Optional[cst.BaseExpression] = None
        if isinstance(statement, cst.If) and statement.orelse is None:
            condition = statement.test
            statement = _single_statement(statement.body)
        appended = self._appended(statement, name)
        if appended is None or sum(1 for found in _variable_names(loop) if found.value == name) != 1:
            return
        fixes: List[Fix] = []
        if self._fix_allowed(loop):
            comprehension = self._comprehension(loop, appended, condition, value)
            start = self.context.range_of(loop).start
            end = self.context.range_of(loop).end
            fixes.append(
                self.fix(
                    "Use a list comprehension",
                    FixSafety.SAFE,
                    self.replace(value, comprehension),
                    Edit(TextRange(Position(start.line, 0), Position(end.line + 1, 0)), ""),
                )
            )
        header_end = self.context.range_of(loop.target).end
        self.report(TextRange(self.context.range_of(line).start, header_end), fixes=fixes, name=name)

    @staticmethod
    def _appended(statement: Optional[cst.CSTNode], name: str) -> Optional[cst.BaseExpression]:
        if not isinstance(statement, cst.Expr):
            return None
        call = statement.value
        one_positional_append = m.Call(
            func=m.Attribute(value=m.Name(name), attr=m.Name("append")), args=[m.Arg(keyword=None, star="")]
        )
        return call.args[0].value if m.matches(call, one_positional_append) else None  # type: ignore[union-attr]

    def _fix_allowed(self, loop: cst.For) -> bool:
        scope = self._scope()
        if isinstance(scope, cst.ClassDef):
            return False
        if any(line.comment is not None for line in loop.leading_lines):
            return False
        if _has_comment(loop.with_changes(leading_lines=())):
            return False
        # A comprehension is a function of its own before Python 3.12: a walrus, `yield`, zero-argument
        # `super()` or `locals()` would see a different scope there.
        scope_sensitive = m.NamedExpr() | m.Yield() | m.Call(func=m.Name("super") | m.Name("locals"), args=())
        if m.findall(loop, scope_sensitive):
            return False

        loop_names = {name.value for name in _target_names(loop.target)}
        inside = {id(node) for node in _variable_names(loop)}
        root = scope if scope is not None else self.context.module
        return not any(node.value in loop_names and id(node) not in inside for node in _variable_names(root))

    def _scope(self) -> Optional[cst.CSTNode]:
        for ancestor in reversed(self.context.ancestors):
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)):
                return ancestor
        return None

    def _comprehension(
        self,
        loop: cst.For,
        appended: cst.BaseExpression,
        condition: Optional[cst.BaseExpression],
        empty: cst.BaseExpression,
    ) -> str:
        """The comprehension replacing `empty` (the `[]`): on one line when the assignment then fits
        `line-length`, otherwise one clause per line inside the brackets."""

        def code_for(node: cst.BaseExpression) -> str:
            return _original_code(self, node)

        element = _wrapped(appended, code_for(appended)) if isinstance(appended, cst.Tuple) else code_for(appended)
        keyword = "async for" if loop.asynchronous is not None else "for"
        clauses = [element, f"{keyword} {code_for(loop.target)} in {_wrapped(loop.iter, code_for(loop.iter))}"]
        if condition is not None:
            clauses.append(f"if {_wrapped(condition, code_for(condition))}")
        text = "[" + " ".join(clauses) + "]"
        empty_range = self.context.range_of(empty)
        line = self.source.line_text(empty_range.start.line)
        length = len(line) - (empty_range.end.column - empty_range.start.column) + len(text)
        if "\n" in text or "\r" in text or empty_range.end.line != empty_range.start.line:
            return text
        if length <= self.settings.line_length:
            return text
        newline = self.source.newline
        indent = line[: len(line) - len(line.lstrip())]
        inner = indent + self.context.module.default_indent
        return "[" + "".join(newline + inner + clause for clause in clauses) + newline + indent + "]"



def _boolean_shape(test: cst.BaseExpression) -> Tuple[int, Set[type]]:
    """(number of boolean operands, set of operator types) of an expression's `and`/`or`/`not` tree."""
    operands = 0
    operators: Set[type] = set()
    stack: List[cst.BaseExpression] = [test]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.BooleanOperation):
            operators.add(type(node.operator))
            stack.extend((node.left, node.right))
        elif (
            isinstance(node, cst.UnaryOperation)
            and isinstance(node.operator, cst.Not)
            and isinstance(node.expression, cst.BooleanOperation)
        ):
            stack.append(node.expression)
        else:
            operands += 1
    return operands, operators


class ComplexBooleanCondition(Rule):
    """An `if`/`elif`/`while` condition with 4 or more boolean operands, or mixing `and` and `or`.

    The guide (Boolean Expressions for Control Flow, PREFERRED): "Break complex boolean logic into simpler
    expressions with clear variable names for intermediate results", as in
    `one_component_specified = (capture or viewer) and not (capture and viewer)` before the `if`. Operands
    are the leaves of the `and`/`or`/`not` tree (a comparison or a call is one operand, parentheses are
    looked through); mixing `and` with `or` nests them at depth 2 or more with at least 3 operands, which is
    reported too. Conditional expressions, comprehension filters and assignments are not judged: naming
    the parts there is exactly what the guide recommends.
    """

    code = "CS609"
    name = "complex-boolean-condition"
    priority = Priority.PREFERRED
    guideline = Guideline.BOOLEAN_EXPRESSIONS
    message = "Complex condition ({detail}): name its parts in variables first"
    VALID = [
        "def run(config_version, one_component_specified):\n"
        "    if config_version and (not one_component_specified):\n        pass\n",
        "def run(a, b, c):\n    if a and b and c:\n        pass\n",
        "def run(capture, viewer):\n    one = (capture or viewer) and not (capture and viewer)\n",
        "def run(a, b, c, d):\n    return a if (a and b) or (c and d) else None\n",
        "def run(a, b):\n    if f(a and b or c):\n        pass\n",
    ]
    INVALID = [
        Invalid("def run(a, b, c, d):\n    if a and b and c and d:\n        pass\n"),
        Invalid("def run(a, b, c):\n    if a and (b or c):\n        pass\n"),
        Invalid("def run(a, b, c):\n    while a or b and c:\n        pass\n"),
        Invalid("def run(a, b, c):\n    if a:\n        pass\n    elif not (a or b) and c:\n        pass\n"),
        Invalid("def run(a, b, c, d):\n    if (a or\n            b or\n            c or  # comment\n            d):\n        pass\n"),
    ]

    def visit_If(self, node: cst.If) -> None:
        self._check(node.test)

    def visit_While(self, node: cst.While) -> None:
        self._check(node.test)

    def _check(self, test: cst.BaseExpression) -> None:
        if not isinstance(test, (cst.BooleanOperation, cst.UnaryOperation)):
            return
        operands, operators = _boolean_shape(test)
        mixed = len(operators) > 1
        too_complex = operands > MAX_BOOLEAN_OPERANDS or (mixed and operands >= MIXED_MIN_OPERANDS)
        if too_complex:
            detail = f"{operands} operands" + (", `and` mixed with `or`" if mixed else "")
            self.report(test, detail=detail)


def _is_static_condition(test: cst.BaseExpression) -> bool:
    """`TYPE_CHECKING` (bare or `typing.TYPE_CHECKING`), `sys.version_info` or `sys.platform` in the test."""
    for found in m.findall(test, m.Name(TYPE_CHECKING_NAME) | m.Attribute()):
        if isinstance(found, cst.Name):
            return True
        if isinstance(found, cst.Attribute):
            attribute = found.attr.value
            if attribute == TYPE_CHECKING_NAME:
                return True
            if attribute in SYS_CONDITION_ATTRIBUTES and m.matches(found.value, m.Name("sys")):
                return True
    return False


class IfElseAssignment(Rule):
    """`if c:` / `else:` whose branches each assign the same target once: a conditional expression.

    The guide (Conditional Assignment Patterns, PREFERRED): "Use ternary expressions for conditional
    assignments", parenthesised over several lines when long. Reported: an `if` with an `else:` (no `elif`)
    where each branch is one assignment (`x = a`, or annotated `x: T = a`) to the same target, written
    identically (a name, an attribute, a subscript, a tuple). Augmented assignments (`x += a`) are not
    reported. Also left alone: tests on `TYPE_CHECKING`, `sys.version_info` or `sys.platform`, which type
    checkers understand in an `if` statement only.

    Fix (safe): `x = a if c else b`, on one line when it fits `line-length`, otherwise in the guide's
    parenthesised form (one line each for the value, `if c` and `else b`). Not offered when a comment would
    be lost, for annotated assignments, or when a walrus or a `yield` is involved.
    """

    code = "CS610"
    name = "if-else-assignment"
    priority = Priority.PREFERRED
    guideline = Guideline.CONDITIONAL_ASSIGNMENT
    message = "Assign `{assigned}` with a conditional expression (`… if … else …`)"
    fix_safety = FixSafety.SAFE
    VALID = [
        "def run(c):\n    x = 1 if c else 2\n",
        "def run(c):\n    if c:\n        x = 1\n    elif d:\n        x = 2\n    else:\n        x = 3\n",
        "def run(c):\n    if c:\n        x = 1\n    else:\n        y = 2\n",
        "def run(c):\n    if c:\n        x = 1\n        log(x)\n    else:\n        x = 2\n",
        "def run(c):\n    if c:\n        x += 1\n    else:\n        x += 2\n",
        "def run(c):\n    if c:\n        x = 1\n",
        "if TYPE_CHECKING:\n    Json = dict\nelse:\n    Json = object\n",
        "if sys.version_info >= (3, 11):\n    tomllib = a\nelse:\n    tomllib = b\n",
        "def run(c):\n    if c:\n        x = y = 1\n    else:\n        x = y = 2\n",
    ]
    INVALID = [
        Invalid(
            "def run(c):\n    if c:\n        x = 1\n    else:\n        x = 2\n    return x\n",
            fixed="def run(c):\n    x = 1 if c else 2\n    return x\n",
        ),
        Invalid(
            "def run(switch_to_version, details):\n    if switch_to_version:\n"
            "        next_config_version = str(switch_to_version)\n    else:\n"
            "        next_config_version = str(int(details.cloud_config_details.version.config_version) + 1000000)\n",
            fixed="def run(switch_to_version, details):\n    next_config_version = (\n        str(switch_to_version)\n"
            "        if switch_to_version\n"
            "        else str(int(details.cloud_config_details.version.config_version) + 1000000)\n    )\n",
        ),
        Invalid(
            "class A:\n    def run(self, c):\n        if c: self.value = 1, 2\n        else: self.value = lambda: 0\n",
            fixed="class A:\n    def run(self, c):\n        self.value = (1, 2) if c else (lambda: 0)\n",
        ),
        Invalid("def run(c):\n    if c:\n        x = 1  # one\n    else:\n        x = 2\n"),
        Invalid("def run(c):\n    if c:\n        x = 1\n    # otherwise\n    else:\n        x = 2\n"),
        Invalid("def run(c):\n    if c:\n        x: int = 1\n    else:\n        x: int = 2\n"),
        Invalid("def run(d):\n    if (m := d.get('k')):\n        x = m\n    else:\n        x = 0\n"),
        Invalid(
            "def run(c):\n    if c:\n        x = a if b else 1\n    else:\n        x = 2\n",
            fixed="def run(c):\n    x = (a if b else 1) if c else 2\n",
        ),
        Invalid(
            "def run(c):\r\n\tif c:\r\n\t\tx = 1\r\n\telse:\r\n\t\tx = 2\r\n",
            fixed="def run(c):\r\n\tx = 1 if c else 2\r\n",
        ),
    ]

    def visit_If(self, node: cst.If) -> None:
        parent = self.context.ancestors[-1] if self.context.ancestors else None
        if isinstance(parent, cst.If) and parent.orelse is node:
            return
        if not isinstance(node.orelse, cst.Else):
            return
        first = _single_statement(node.body)
        second = _single_statement(node.orelse.body)
        targets = [self._assignment_target(statement) for statement in (first, second)]
        if targets[0] is None or targets[1] is None:
            return
        target_code = self.context.code_for(targets[0])
        if target_code != self.context.code_for(targets[1]):
            return
        if _is_static_condition(node.test):
            return
        fixes: List[Fix] = []
        if self._fix_allowed(node, first, second):
            fixes.append(self._fix(node, _original_code(self, targets[0]), first, second))  # type: ignore[arg-type]
        span = TextRange(self.context.range_of(node).start, self.context.range_of(node.test).end)
        self.report(span, fixes=fixes, assigned=target_code)


    @staticmethod
    def _assignment_target(statement: Optional[cst.CSTNode]) -> Optional[cst.BaseExpression]:
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            return statement.targets[0].target
        if isinstance(statement, cst.AnnAssign) and statement.value is not None:
            return statement.target
        return None

    @staticmethod
    def _fix_allowed(node: cst.If, first: cst.CSTNode, second: cst.CSTNode) -> bool:
        if not (isinstance(first, cst.Assign) and isinstance(second, cst.Assign)):
            return False
        if _has_comment(node.with_changes(leading_lines=())):
            return False
        return not m.findall(node, m.NamedExpr() | m.Yield())

    def _fix(self, node: cst.If, target: str, first: cst.Assign, second: cst.Assign) -> Fix:
        true_code = _wrapped(first.value, _original_code(self, first.value))
        false_code = _wrapped(second.value, _original_code(self, second.value))
        test_code = _wrapped(node.test, _original_code(self, node.test))
        node_range = self.context.range_of(node)
        indent = self.source.line_text(node_range.start.line)[: node_range.start.column]
        single = f"{target} = {true_code} if {test_code} else {false_code}"
        if "\n" in single or "\r" in single or len(indent) + len(single) > self.settings.line_length:
            newline = self.source.newline
            unit = self.context.module.default_indent
            inner = indent + unit
            # The branch values keep their depth; the test moves one level in from the `if` line.
            test_code = _indented_continuation(test_code, node.test, unit)
            single = (
                f"{target} = ({newline}{inner}{true_code}{newline}{inner}if {test_code}{newline}"
                f"{inner}else {false_code}{newline}{indent})"
            )

        return self.fix("Use a conditional expression", FixSafety.SAFE, Edit(node_range, single))

