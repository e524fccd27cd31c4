"""Writing test skeletons for a function or method in the guide's pytest shape: the editor's "Generate tests"
refactoring (refactors/generate_tests.py decides which test file they go to).

What the guide's testing section asks, and what is written:

- pytest functions named `test_WHEN_<action>_<conditions>_THEN_<expected_result>` (Test Naming Convention):
  `test_WHEN_get_bucket_status_called_THEN_as_expected` for the happy path, and one
  `test_WHEN_get_bucket_status_called_AND_bucket_missing_THEN_raises` per exception class the function raises by
  name (Comprehensive Test Coverage), with `pytest.raises` (Exception Testing);
- `@mock.patch("<module>.<name>")` for each module-level dependency the function calls (Mocking Strategy: "Mock
  at the module level to control dependencies"): names the module imports or defines (functions, client
  classes, module-level objects), not the logger, not the standard library's pure and process-level modules
  (see NOT_MOCKED_MODULES), not the module's dataclasses, enums and exception classes (values, not services);
  parameters named `mock_<name>` (`mock_<name>_cls` for a class), in the order pytest passes them;
- the arrange/act/assert comments of the guide's example (`# Set up our mock`, `# Run our test`, `# Check our
  results`) and `assert expected_value == actual_value` (Assertion Style), the expected value named;
- arguments for the required parameters: strings as module-level `TEST_<NAME>` constants (Module-Level Test
  Constants), numbers, empty containers, and `mock.Mock()` for anything else; parameters with defaults keep them.

A skeleton is to be completed: where the function returns a value, `expected_value` is None with a `TODO`, and
each raises test has a `TODO` where its set-up must make the function raise. The skeleton runs as written: its
imports, patches and call are those of the module under test.
"""

import logging
import re
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.linting import tree
from chris_style.linting.edits import add_constant, add_from_import, add_import, module_logger_name
from chris_style.linting.exceptions import module_exception_classes
from chris_style.linting.facts.classes import own_methods
from chris_style.linting.facts.names import collect_bindings
from chris_style.linting.imports import organize_imports
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.serialization import from_import_edits
from chris_style.linting.source import TextRange
from chris_style.linting.syntax import (
    BUILTIN_EXCEPTIONS,
    SCOPE_NODES,
    dotted_name,
    function_statements,
    own_nodes,
    parameter_names,
)

logger = logging.getLogger(__name__)

# Modules whose functions are left real: pure computations and the process itself (mocking `os` or `json`
# would break the code under test rather than isolate it). Clients, files, time and processes are mocked.
NOT_MOCKED_MODULES = frozenset(
    {"abc", "asyncio", "collections", "contextlib", "copy", "dataclasses", "datetime", "decimal", "enum",
     "fractions", "functools", "itertools", "json", "logging", "math", "operator", "os", "pathlib", "re",
     "statistics", "string", "sys", "textwrap", "typing", "typing_extensions"}
)
MOCK_MODULE = "unittest"
MOCK_NAME = "mock"
PYTEST_MODULE = "pytest"
ASYNCIO_MODULE = "asyncio"
TEST_CONSTANT_PREFIX = "TEST_"
# Values for parameters by the name of their annotation (the outermost name of a generic).
SIMPLE_VALUES = {
    "int": "1", "float": "1.0", "bool": "True", "complex": "1j",
    "list": "[]", "List": "[]", "Sequence": "[]", "Iterable": "[]", "Collection": "[]", "MutableSequence": "[]",
    "dict": "{}", "Dict": "{}", "Mapping": "{}", "MutableMapping": "{}",
    "set": "set()", "Set": "set()", "AbstractSet": "set()", "frozenset": "frozenset()", "FrozenSet": "frozenset()",
    "tuple": "()", "Tuple": "()",
}
MOCK_VALUE = "mock.Mock()"
# Words ending an exception's name that say nothing about what happened.
EXCEPTION_SUFFIXES = ("_error", "_exception")


@dataclass
class _Call:
    """How a test calls the subject, `<outer>(<callee>(<arguments>))` (`outer`: `asyncio.run`, `list` or none;
    `arguments` None for a property), and the constants and mocks its arguments need."""

    callee: str = ""
    arguments: Optional[List[str]] = None
    outer: str = ""
    # For a method: the variable holding the instance, and the call that makes it.
    instance: Optional[Tuple[str, "_Call"]] = None
    constants: Dict[str, str] = field(default_factory=dict)
    uses_mock: bool = False

    @property
    def code(self) -> str:
        return self._wrapped(self.callee if self.arguments is None else f"{self.callee}({', '.join(self.arguments)})")

    def _wrapped(self, inner: str) -> str:
        return f"{self.outer}({inner})" if self.outer else inner

    def lines(self, lead: str, indent: str, unit: str, limit: int) -> List[str]:
        """The call after `lead` at `indent`: one line when it fits in `limit`, else its arguments inside the
        brackets, on one line or one per line."""
        line = f"{indent}{lead}{self.code}"
        if len(line) <= limit or not self.arguments:
            return [line]
        opening = f"{indent}{lead}{self.outer + '(' if self.outer else ''}{self.callee}("
        closing = f"{indent}){')' if self.outer else ''}"
        together = f"{indent}{unit}{', '.join(self.arguments)}"
        if len(together) <= limit:
            return [opening, together, closing]
        return [opening, *(f"{indent}{unit}{argument}," for argument in self.arguments), closing]


@dataclass
class SkeletonPlan:
    """Everything about the tests of one function that does not depend on the test file."""

    subject: str
    module_name: str
    imports: List[str]
    patches: List[Tuple[str, str]]
    call: _Call
    raises: List[str]
    returns_value: bool
    is_async: bool
    function_name: str = ""


def snake_case(name: str) -> str:
    """`TooMuchTraffic` -> `too_much_traffic`, `RESTClient` -> `rest_client`, `_helper` -> `helper`."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name))
    return words.strip("_").lower()


def _annotation_name(annotation: Optional[cst.Annotation]) -> str:
    if annotation is None:
        return ""
    expression = annotation.annotation
    if isinstance(expression, cst.Subscript):
        head = dotted_name(expression.value) or ""
        if head.rsplit(".", 1)[-1] == "Optional":
            inner = expression.slice[0].slice
            return _annotation_name(cst.Annotation(inner.value)) if isinstance(inner, cst.Index) else ""
        return head.rsplit(".", 1)[-1]
    return (dotted_name(expression) or "").rsplit(".", 1)[-1]


def _argument(param: cst.Param, call: _Call) -> str:
    """A value for a required parameter: a TEST_ constant for a string, a literal, or a Mock."""
    kind = _annotation_name(param.annotation)
    if kind == "str":
        name = f"{TEST_CONSTANT_PREFIX}{snake_case(param.name.value).upper()}"
        call.constants[name] = '"' + param.name.value.strip("_").replace("_", "-") + '"'
        return name
    if kind == "bytes":
        return 'b"' + param.name.value.strip("_").replace("_", "-") + '"'
    if kind in SIMPLE_VALUES:
        return SIMPLE_VALUES[kind]
    call.uses_mock = True
    return MOCK_VALUE


def _arguments(params: cst.Parameters, skip_first: bool, call: _Call) -> List[str]:
    """The arguments for every required parameter (positional ones in order, keyword-only ones by name)."""
    positional = [*params.posonly_params, *params.params][1 if skip_first else 0 :]
    arguments = [_argument(param, call) for param in positional if param.default is None]
    arguments += [
        f"{param.name.value}={_argument(param, call)}" for param in params.kwonly_params if param.default is None
    ]
    return arguments


def _decorators(function: cst.FunctionDef) -> Set[str]:
    """The last names of the function's decorators (`staticmethod`, `property`, `functools.cache` -> `cache`)."""
    names = set()
    for decorator in function.decorators:
        expression = decorator.decorator
        called = expression.func if isinstance(expression, cst.Call) else expression
        names.add((dotted_name(called) or "").split(".")[-1])
    return names


def _in_order(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The nodes that run with `root`, in the order they are written (nested defs, lambdas, classes not entered)."""
    stack: List[cst.CSTNode] = list(reversed(tree.children(root)))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, SCOPE_NODES):
            stack.extend(reversed(tree.children(node)))


def _constructor(context: RuleContext, owner: cst.ClassDef, call: _Call) -> _Call:
    """`Owner(<arguments>)`: from the class's own `__init__`, or its dataclass fields without defaults (the
    constants and mocks its arguments need are the test's, in `call`)."""
    init = own_methods(owner).get("__init__")
    if init is not None:
        return _Call(owner.name.value, _arguments(init.params, True, call))
    index = context.facts.classes
    if index.is_dataclass(owner):
        required = [found for found in index.fields(owner) if found.init and not found.has_default]
        params = [cst.Param(cst.Name(found.name), cst.Annotation(found.annotation)) for found in required]
        return _Call(owner.name.value, [_argument(param, call) for param in params])
    return _Call(owner.name.value, [])


def _returns_value(function: cst.FunctionDef) -> bool:
    if function.returns is not None:
        annotation = function.returns.annotation
        return not (isinstance(annotation, cst.Name) and annotation.value == "None")
    return any(isinstance(node, cst.Return) and node.value is not None for node in own_nodes(function.body))


def _is_generator(function: cst.FunctionDef) -> bool:
    return any(isinstance(node, cst.Yield) for node in own_nodes(function.body))


def can_test(function: cst.FunctionDef, ancestors: Sequence[cst.CSTNode]) -> bool:
    """A module-level function, or a method of a module-level class; not a dunder method (a test calls it
    through what it implements), not an async generator."""
    name = function.name.value
    if name.startswith("__") and name.endswith("__"):
        return False
    if function.asynchronous is not None and _is_generator(function):
        return False
    if len(ancestors) == 1:
        return True
    return len(ancestors) == 3 and isinstance(ancestors[1], cst.ClassDef)


class _Dependencies:
    """The module-level names a function calls that its tests patch."""

    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.bindings = context.facts.names.module_bindings()
        self.logger = module_logger_name(context.module)
        index = context.facts.classes
        # Values rather than services: the module's exception classes, dataclasses and enums.
        self.values = {class_def.name.value for class_def in module_exception_classes(context.module)}
        for name, class_def in index.classes.items():
            if index.is_dataclass(class_def) or index.is_enum(class_def):
                self.values.add(name)

    def called(self, functions: Sequence[cst.FunctionDef], skip: Set[str]) -> List[str]:
        """The heads of the calls in the functions' bodies (raised classes left out), in the order met."""
        found: List[str] = []
        for function in functions:
            local = set(collect_bindings(function_statements(function))) | set(parameter_names(function.params))
            raised = {id(node.exc) for node in own_nodes(function.body) if isinstance(node, cst.Raise)}
            for node in _in_order(function.body):
                if not isinstance(node, cst.Call) or id(node) in raised:
                    continue
                head = (dotted_name(node.func) or "").split(".")[0]
                if head in local or head in skip or head in found:
                    continue
                if head and self._patched(head):
                    found.append(head)
        return found

    def _patched(self, name: str) -> bool:
        if name not in self.bindings or name == self.logger or name in self.values:
            return False
        origin = self.bindings[name]
        return not (isinstance(origin, str) and origin.lstrip(".").split(".")[0] in NOT_MOCKED_MODULES)


def _raised_classes(context: RuleContext, function: cst.FunctionDef) -> List[str]:
    """The exception classes the function raises by name that a test can import or name: the module's own,
    its imports, and builtins; in the order they are raised."""
    bindings = context.facts.names.module_bindings()
    local = set(collect_bindings(function_statements(function))) | set(parameter_names(function.params))
    found: List[str] = []
    for node in _in_order(function.body):
        if not isinstance(node, cst.Raise) or node.exc is None:
            continue
        raised = node.exc.func if isinstance(node.exc, cst.Call) else node.exc
        if not isinstance(raised, cst.Name) or raised.value in local or raised.value in found:
            continue
        if raised.value in bindings or raised.value in BUILTIN_EXCEPTIONS:
            found.append(raised.value)
    return found


def plan_skeleton(
    context: RuleContext, function: cst.FunctionDef, ancestors: Sequence[cst.CSTNode], module_name: str
) -> SkeletonPlan:
    """The tests of `function` (in the module imported as `module_name`), whatever file they go to."""
    owner = ancestors[1] if len(ancestors) > 1 and isinstance(ancestors[1], cst.ClassDef) else None
    call = _Call()
    decorators = _decorators(function)
    name = function.name.value
    if owner is None:
        subject = name
        call.callee, call.arguments = name, _arguments(function.params, False, call)
        functions = [function]
    else:
        subject = owner.name.value
        static = "staticmethod" in decorators
        through_class = static or "classmethod" in decorators
        receiver = owner.name.value
        if not through_class:
            receiver = snake_case(owner.name.value)
            call.instance = (receiver, _constructor(context, owner, call))
        call.callee = f"{receiver}.{name}"
        call.arguments = None if "property" in decorators else _arguments(function.params, not static, call)
        init = own_methods(owner).get("__init__")
        functions = [function, *([init] if init is not None else [])]
    is_async = function.asynchronous is not None
    if is_async:
        call.outer = f"{ASYNCIO_MODULE}.run"
    elif _is_generator(function):
        call.outer = "list"
    dependencies = _Dependencies(context).called(functions, {subject, name})
    patches = [(f"{module_name}.{dependency}", _mock_parameter(dependency)) for dependency in dependencies]
    raises = _raised_classes(context, function)
    bindings = context.facts.names.module_bindings()
    imports = [subject, *(raised for raised in raises if raised in bindings and raised != subject)]
    return SkeletonPlan(
        subject, module_name, imports, patches, call, raises, _returns_value(function), is_async, function.name.value
    )


def _mock_parameter(name: str) -> str:
    suffix = "_cls" if name[:1].isupper() else ""
    return f"mock_{snake_case(name)}{suffix}"


def subject_stem(function: cst.FunctionDef, owner: Optional[cst.ClassDef]) -> str:
    """What the test names call the subject: `get_bucket_status`, `rest_client_get` for a method."""
    stem = snake_case(function.name.value)
    return f"{snake_case(owner.name.value)}_{stem}" if owner is not None else stem


def skeleton_tests(plan: SkeletonPlan, stem: str, indent: str, existing: Set[str], limit: int) -> List[List[str]]:
    """The lines of each test whose name is not in `existing` (the happy path, then one per raised class),
    kept within `limit` characters a line."""
    tests: List[List[str]] = []
    happy = f"test_WHEN_{stem}_called_THEN_as_expected"
    if happy not in existing:
        arrange = [f"{indent}# Set up our mock", f"{indent}# TODO: set what the mocks return", ""]
        arrange = arrange if plan.patches else []
        expected = f"{indent}expected_value = None"
        if plan.returns_value:
            expected += "  # TODO: the value expected for these arguments"
        act_assert = [
            f"{indent}# Run our test", *_instance_lines(plan, indent, limit),
            *plan.call.lines("actual_value = ", indent, indent, limit), "",
            f"{indent}# Check our results", expected, f"{indent}assert expected_value == actual_value",
        ]
        tests.append(_with_patches(plan, happy, arrange + act_assert, indent, limit))
    for raised in plan.raises:
        name = f"test_WHEN_{stem}_called_AND_{_condition(raised)}_THEN_raises"
        if len(f"def {name}(") > limit:
            # A method's tests name the method alone when naming its class too makes the line too long.
            name = f"test_WHEN_{snake_case(plan.function_name)}_called_AND_{_condition(raised)}_THEN_raises"
        if name in existing:
            continue
        arrange = [f"{indent}# Set up our mock"] if plan.patches else []
        body = [
            *arrange, f"{indent}# TODO: make it raise {raised}", "",
            f"{indent}# Run our test", *_instance_lines(plan, indent, limit), f"{indent}with pytest.raises({raised}):",
            *plan.call.lines("", indent * 2, indent, limit),
        ]
        tests.append(_with_patches(plan, name, body, indent, limit))
    return tests


def _condition(raised: str) -> str:
    """What a raised class says happened: `VniPoolExhausted` -> `vni_pool_exhausted`, `InvalidCidrError` ->
    `invalid_cidr`, `ValueError` -> `value_error` (the guide's `..._AND_pool_exhausted_THEN_raises`)."""
    condition = snake_case(raised)
    for suffix in EXCEPTION_SUFFIXES:
        stem = condition[: -len(suffix)]
        # `ValueError` stays `value_error`: one word would not say what went wrong.
        if condition.endswith(suffix) and "_" in stem:
            return stem
    return condition


def _instance_lines(plan: SkeletonPlan, indent: str, limit: int) -> List[str]:
    """`owner = Owner(...)` before a method's call."""
    if plan.call.instance is None:
        return []
    variable, constructor = plan.call.instance
    return constructor.lines(f"{variable} = ", indent, indent, limit)


def _with_patches(plan: SkeletonPlan, name: str, body: List[str], indent: str, limit: int) -> List[str]:
    """The test with a `@mock.patch` per dependency: the decorator nearest the function gives the first
    parameter, as pytest passes them. Parameters that do not fit on the `def` line go on their own lines."""
    decorators = [f'@mock.patch("{target}")' for target, _ in reversed(plan.patches)]
    parameters = [parameter for _, parameter in plan.patches]
    header = [f"def {name}({', '.join(parameters)}):"]
    if len(header[0]) > limit:
        together = f"{indent}{', '.join(parameters)}"
        lines = [together] if len(together) <= limit else [f"{indent}{parameter}," for parameter in parameters]
        header = [f"def {name}(", *lines, "):"]
    return [*decorators, *header, *body]


def _needs_mock(plan: SkeletonPlan) -> bool:
    return bool(plan.patches) or plan.call.uses_mock


def new_test_file(plan: SkeletonPlan, tests: List[List[str]], settings: Settings) -> str:
    """A test module holding `tests`: imports (organized as CS606 wants them), the TEST_ constants, the tests."""
    imports = []
    if plan.is_async:
        imports.append(f"import {ASYNCIO_MODULE}")
    if _needs_mock(plan):
        imports.append(f"from {MOCK_MODULE} import {MOCK_NAME}")
    if plan.raises:
        imports.append(f"import {PYTEST_MODULE}")
    imports.append(_from_import(plan.module_name, sorted(plan.imports), settings.line_length))
    parts = ["\n".join(imports)]
    if plan.call.constants:
        parts.append("\n".join(f"{name} = {value}" for name, value in sorted(plan.call.constants.items())))
    text = "\n\n".join(parts) + "\n\n\n" + "\n\n\n".join("\n".join(test) for test in tests) + "\n"
    return organize_imports(text, settings)


def _from_import(module_name: str, names: List[str], limit: int) -> str:
    """`from module import a, b`, or parenthesized with one name a line when that is longer than `limit`."""
    line = f"from {module_name} import {', '.join(names)}"
    if len(line) <= limit:
        return line
    return "\n".join([f"from {module_name} import (", *(f"    {name}," for name in names), ")"])


def extend_test_file(context: RuleContext, plan: SkeletonPlan, tests: List[List[str]]) -> List[Edit]:
    """Edits adding `tests` to the test module of `context`: the imports and TEST_ constants it lacks, and the
    tests at its end."""
    bound = context.facts.names.module_bindings()
    edits: List[Edit] = []
    if plan.is_async and ASYNCIO_MODULE not in bound:
        edits.extend(edit for edit in [add_import(context, ASYNCIO_MODULE)] if edit is not None)
    if _needs_mock(plan) and MOCK_NAME not in bound:
        edits.extend(edit for edit in [add_from_import(context, MOCK_MODULE, MOCK_NAME)] if edit is not None)
    if plan.raises and PYTEST_MODULE not in bound:
        edits.extend(edit for edit in [add_import(context, PYTEST_MODULE)] if edit is not None)
    missing = sorted(name for name in plan.imports if name not in bound)
    edits.extend(_sorted_import_edits(context, plan.module_name, missing))
    for name, value in sorted(plan.call.constants.items()):
        if name not in bound:
            edits.extend(add_constant(context, name, value))
    newline = context.source.newline
    text = context.source.text
    end = context.source.position(len(text))
    lead = "" if not text or text.endswith(("\n", "\r")) else newline
    body = (newline * 3).join(newline.join(test) for test in tests)
    edits.append(Edit(TextRange(end, end), f"{lead}{newline * 2}{body}{newline}"))
    return edits


def _sorted_import_edits(context: RuleContext, module_name: str, names: List[str]) -> List[Edit]:
    """Edits importing `names` from `module_name`: into the module's one-line `from module_name import ...` in
    sorted order when its names are sorted, else as the engine adds imports."""
    if not names:
        return []
    for statement in context.module.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if not isinstance(small, cst.ImportFrom) or small.relative or small.module is None:
            continue
        if dotted_name(small.module) != module_name or isinstance(small.names, cst.ImportStar) or small.lpar:
            continue
        aliases = list(small.names)
        present = [dotted_name(alias.name) or "" for alias in aliases]
        if any(alias.asname is not None for alias in aliases) or present != sorted(present):
            break
        merged = sorted({*present, *names})
        return [Edit(context.range_of(small), _from_import(module_name, merged, context.settings.line_length))]
    edits = from_import_edits(context, module_name, names)
    one_line = f"from {module_name} import {', '.join(names)}"
    wrapped = _from_import(module_name, names, context.settings.line_length)
    return [Edit(edit.range, edit.content.replace(one_line, wrapped)) for edit in edits]


def existing_tests(module: cst.Module) -> Set[str]:
    """The names of the module's top-level functions."""
    return {statement.name.value for statement in module.body if isinstance(statement, cst.FunctionDef)}
