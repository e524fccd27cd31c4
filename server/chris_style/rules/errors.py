"""Section 4 of the guide: Error Handling & Robustness (exceptions and logging)."""

import re
from typing import Dict, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.edits import add_module_logger, constant_insertion_point, module_logger_name
from chris_style.linting.facts.names import UNBOUND, NameResolver, import_bindings
from chris_style.linting.rule import Edit, Files, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import BUILTIN_EXCEPTIONS, dotted_name, function_statements, own_nodes, target_names

LOGGING_MODULE = "logging"
# The module-level functions that log through the root logger; `fatal` is `critical` under another name.
ROOT_LOGGER_FUNCTIONS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
# Calls (by their last name) and attribute assignments that show a function configures logging, so the
# logger it fetches is being set up rather than used (CS403).
LOGGING_CONFIGURATION_CALLS = frozenset(
    {"addHandler", "removeHandler", "setLevel", "setFormatter", "basicConfig", "dictConfig", "fileConfig"}
)
LOGGER_CONFIGURATION_ATTRIBUTES = frozenset({"propagate", "handlers", "disabled"})
# Function names that say the function sets logging up (`configure_root`, `setup_logging`, `logging_config`).
CONFIGURING_FUNCTION_PATTERN = re.compile(
    r"configure|(config|set_?up|init|install)\w*log|log\w*(config|set_?up|init)", re.IGNORECASE
)
# Modules whose import marks a command-line entry point, where printing is the interface (CS405).
CLI_MODULES = frozenset({"click", "argparse", "typer", "optparse", "getopt", "docopt", "fire"})
SCRIPTS_DIRECTORY = "scripts"
MAIN_MODULE_FILE = "__main__.py"
# Function names that are command-line entry points by convention (the target of a console script).
ENTRY_POINT_FUNCTIONS = frozenset({"main"})
# A module reading its command line is a script, whatever parses the arguments.
COMMAND_LINE_PATTERN = re.compile(r"\bsys\.argv\b|\bfrom\s+sys\s+import\b[^\n]*\bargv\b")
GENERIC_EXCEPTIONS = frozenset({"Exception", "BaseException"})
# A receiver that names a logger: `logger`, `log`, `_logger`, `LOGGER`, `app_log`, `self.logger`, `logging`.
LOGGER_RECEIVER_PATTERN = re.compile(r"^_*(?:[a-z0-9]+_)*(?:log|logger|logging)$", re.IGNORECASE)
# Calls whose result carries the traceback text, so an `error()` logging it does not lose the traceback.
TRACEBACK_FORMATTERS = frozenset({"traceback.format_exc", "traceback.format_exception", "traceback.format_tb"})
SUFFIX_FAILED = "Failed"
TEST_PREFIX = "test_"


def _module_logger_statement(module: cst.Module, resolver: NameResolver) -> Optional[Tuple[str, cst.CSTNode]]:
    """The module-level `name = logging.getLogger(...)` statement (also via `from logging import getLogger`)."""
    known = module_logger_name(module)
    for statement in module.body:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            continue
        small = statement.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target: cst.BaseExpression = small.targets[0].target
        elif isinstance(small, cst.AnnAssign):
            target = small.target
        else:
            continue
        if not isinstance(target, cst.Name) or not isinstance(small.value, cst.Call):
            continue
        if target.value == known or resolver.resolve(small.value.func) == "logging.getLogger":
            return target.value, statement
    return None


def module_logger_edits(rule: Rule, resolver: NameResolver, call: cst.Call) -> Optional[Tuple[str, Sequence[Edit]]]:
    """The logger name a fix at `call` may use, with the edits that define it when the module has none.

    None when the fix would break the code: the call runs at import time above the place where the logger is
    (or would be) defined, or the enclosing function binds the logger's name to something else."""
    context = rule.context
    existing = _module_logger_statement(context.module, resolver)
    if existing is not None:
        name, statement = existing
        defined_at = context.range_of(statement).start
        edits: Sequence[Edit] = []
    else:
        name = "logger"
        if name in resolver.module_bindings():
            return None
        defined_at = constant_insertion_point(context)
        logging_import = _logging_import_statement(context.module)
        if logging_import is not None and context.range_of(logging_import).start >= defined_at:
            # The logger line would land above `import logging`.
            return None
        edits = add_module_logger(context)
    if not context.in_function() and context.range_of(call).start < defined_at:
        return None
    if resolver.bound_locally(name) or _rebinds(context.module, name, existing[1] if existing else None):
        return None
    return name, edits


def _binding_names(node: cst.CSTNode) -> List[str]:
    """Names a node binds in any scope: assignment, walrus, loop and comprehension targets, parameters."""
    targets: List[cst.CSTNode] = []
    if isinstance(node, cst.AssignTarget):
        targets.append(node.target)
    elif isinstance(node, (cst.AnnAssign, cst.AugAssign, cst.NamedExpr, cst.For, cst.CompFor)):
        targets.append(node.target)
    elif isinstance(node, cst.Param):
        targets.append(node.name)
    elif isinstance(node, (cst.AsName,)):
        targets.append(node.name)
    names = []
    while targets:
        target = targets.pop()
        if isinstance(target, cst.Name):
            names.append(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            targets.extend(element.value for element in target.elements)
        elif isinstance(target, cst.StarredElement):
            targets.append(target.value)
    return names


def _rebinds(module: cst.Module, name: str, definition: Optional[cst.CSTNode]) -> bool:
    """True when `name` is bound anywhere but its module-level logger definition (a comprehension or walrus
    variable, a class attribute, a parameter): rewriting a call there to `name.info(...)` could reach it."""
    stack: List[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if node is definition:
            continue
        if name in _binding_names(node):
            return True
        stack.extend(tree.children(node))
    return False


def _logging_import_statement(module: cst.Module) -> Optional[cst.CSTNode]:
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import) and any(
                    alias.asname is None and dotted_name(alias.name) == LOGGING_MODULE for alias in small.names
                ):
                    return statement
    return None


def _method_class(ancestors: Sequence[cst.CSTNode], function: cst.FunctionDef) -> Optional[cst.ClassDef]:
    """The class whose body defines `function` directly, if it is a method."""
    index = max(i for i, ancestor in enumerate(ancestors) if ancestor is function)
    for ancestor in reversed(ancestors[:index]):
        if isinstance(ancestor, cst.ClassDef):
            return ancestor
        if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
            return None
    return None


def _pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def exception_class_name(function: cst.FunctionDef, method_of: Optional[cst.ClassDef]) -> Optional[str]:
    """`get_bucket_status` -> `GetBucketStatusFailed`; a dunder method adds its class (`ClientInitFailed`); a
    test drops its `test_` prefix (`test_upload` -> `UploadFailed`)."""
    name = function.name.value
    # pytest would try to collect a `Test…` class: a test's exception is named after what it exercises.
    stem = _pascal_case(name[len(TEST_PREFIX) :] if name.startswith(TEST_PREFIX) else name)
    if name.startswith("__") and name.endswith("__") and method_of is not None:
        stem = _pascal_case(method_of.name.value) + stem
    return f"{stem}{SUFFIX_FAILED}" if stem else None


def _trailing_comment_count(lines: Sequence[cst.EmptyLine], is_file_header: bool) -> int:
    """How many comment lines sit directly above a statement (no blank line between). A comment block that
    starts the file is its header and stays on top."""
    count = 0
    for line in reversed(lines):
        if line.comment is None:
            return count
        count += 1
    return 0 if is_file_header else count


class GenericExceptionRaised(Rule):
    """`raise Exception(...)` or `raise BaseException(...)`, with or without arguments.

    The guide's custom exception hierarchy: "Custom exceptions inherit from base Exception with descriptive
    names"; they make exception handling easier (a caller can catch exactly this failure) and stack traces and
    logs clearer. Not reported when the module binds `Exception` to something of its own.

    Fix (unsafe): define a module-level exception class named after the enclosing function
    (`get_bucket_status` -> `GetBucketStatusFailed`; a dunder method adds its class, `__init__` of `Client` ->
    `ClientInitFailed`; a test drops its `test_` prefix so that pytest does not collect the class), deriving
    from the class that was raised so every `except` still catches it, right above the top-level statement
    holding the function (above its decorators and comments), and raise it instead. When the module already
    defines that name as an exception class, the raise reuses it. No fix when the name is taken by something
    else, or when the raise runs at module or class level (there is no function to name the class after).
    Unsafe because it adds a public name you should review.
    """

    code = "CS401"
    name = "generic-exception-raised"
    priority = Priority.PREFERRED
    guideline = Guideline.CUSTOM_EXCEPTION_HIERARCHY
    message = "Generic `{name}` raised; raise a specific exception class that names the problem"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "class TooMuchTraffic(Exception):\n    pass\n\n\ndef plan(traffic: int) -> None:\n"
        "    if traffic > 10:\n        raise TooMuchTraffic(traffic)\n",
        "def parse(text: str) -> int:\n    try:\n        return int(text)\n    except ValueError:\n        raise\n",
        "def check(value: int) -> None:\n    raise ValueError(value)\n",
        # The module binds `Exception` itself (a compatibility shim): not the builtin.
        "from compat import Exception\n\n\ndef run() -> None:\n    raise Exception('boom')\n",
        # Catching and re-raising a generic exception is not raising one.
        "def run() -> None:\n    try:\n        work()\n    except Exception as error:\n        raise error\n",
    ]
    INVALID = [
        Invalid(
            "import boto3\n\n\ndef get_bucket_status(name: str) -> str:\n"
            "    raise Exception(f'Bucket {name} not found')\n",
            fixed="import boto3\n\n\nclass GetBucketStatusFailed(Exception):\n    pass\n\n\n"
            "def get_bucket_status(name: str) -> str:\n    raise GetBucketStatusFailed(f'Bucket {name} not found')\n",
        ),
        Invalid(
            "import os\n\n# Loads the settings.\n@cache\ndef load_settings() -> dict:\n    raise BaseException\n",
            fixed="import os\n\nclass LoadSettingsFailed(BaseException):\n    pass\n\n\n"
            "# Loads the settings.\n@cache\ndef load_settings() -> dict:\n    raise LoadSettingsFailed\n",
        ),
        Invalid(
            "class Client:\n    def __init__(self, region: str) -> None:\n"
            "        if not region:\n            raise Exception('no region') from None\n",
            fixed="class ClientInitFailed(Exception):\n    pass\n\n\n"
            "class Client:\n    def __init__(self, region: str) -> None:\n"
            "        if not region:\n            raise ClientInitFailed('no region') from None\n",
        ),
        Invalid(
            "class FetchFailed(Exception):\n    pass\n\n\ndef fetch() -> None:\n    raise Exception()\n",
            fixed="class FetchFailed(Exception):\n    pass\n\n\ndef fetch() -> None:\n    raise FetchFailed()\n",
        ),
        # At module level there is no function to name the class after: reported without a fix.
        Invalid("import sys\n\nif sys.version_info < (3, 8):\n    raise Exception('Python 3.8+ required')\n"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names

    def visit_Raise(self, node: cst.Raise) -> None:
        raised = node.exc
        if raised is None:
            return
        target = raised.func if isinstance(raised, cst.Call) else raised
        if not isinstance(target, cst.Name) or target.value not in GENERIC_EXCEPTIONS:
            return
        if self._resolver.lookup(target.value) is not UNBOUND:
            return
        self.report(raised, fixes=self._fixes(target), name=target.value)

    def _fixes(self, raised: cst.Name) -> List[Fix]:
        ancestors = self.context.ancestors
        function = self.context.enclosing_function()
        if function is None or len(ancestors) < 2:
            return []
        class_name = exception_class_name(function, _method_class(ancestors, function))
        if class_name is None or self._resolver.bound_locally(class_name):
            return []
        rewrite = self.replace(raised, class_name)
        title = f"Raise a new `{class_name}` exception"
        bound = self._resolver.module_bindings()
        if class_name in bound:
            if not self._is_module_exception_class(class_name):
                return []
            return [self.fix(f"Raise the existing `{class_name}`", FixSafety.UNSAFE, rewrite)]
        newline = self.source.newline
        indent = self.context.module.default_indent
        definition = f"class {class_name}({raised.value}):{newline}{indent}pass{newline}{newline}{newline}"
        insertion = self.insert_at(self._insertion_point(ancestors[1]), definition)
        return [self.fix(title, FixSafety.UNSAFE, insertion, rewrite)]

    def _is_module_exception_class(self, name: str) -> bool:
        for statement in self.context.module.body:
            if isinstance(statement, cst.ClassDef) and statement.name.value == name:
                return any(
                    isinstance(base.value, cst.Name) and base.value.value in BUILTIN_EXCEPTIONS
                    for base in statement.bases
                )
        return False

    def _insertion_point(self, statement: cst.CSTNode) -> Position:
        """The start of the line above which a new top-level class goes: before the statement's decorators
        and the comment block directly above it."""
        first: cst.CSTNode = statement
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.decorators:
            first = statement.decorators[0]
        line = self.context.range_of(first).start.line
        module = self.context.module
        is_first = bool(module.body) and statement is module.body[0]
        # The first statement's comments are the module's header; the others keep theirs as leading lines.
        leading = module.header if is_first else getattr(statement, "leading_lines", ())
        return Position(line - _trailing_comment_count(leading, is_file_header=is_first), 0)


class VagueExceptionName(Rule):
    """An exception class with a vague name such as `Error`, `CustomException` or `Failure`.

    The guide (CRITICAL): "Descriptive, specific exception names that indicate the problem", like
    `TooMuchTraffic`, `InvalidCidr` or `FileNotGenerated`. A class is an exception class when it derives from
    a builtin exception, or from a class of the same module that does (transitively). Classes deriving only
    from imported classes are not judged: their nature cannot be known from the file. The list of vague names
    is the `vague-exception-names` setting; names are matched exactly.
    """

    code = "CS402"
    name = "vague-exception-name"
    priority = Priority.CRITICAL
    guideline = Guideline.EXCEPTION_NAMING
    message = "Exception class `{name}` has a vague name; name the problem it signals (e.g. `TooMuchTraffic`)"
    VALID = [
        "class TooMuchTraffic(Exception):\n    pass\n",
        "class InvalidCidr(ValueError):\n    pass\n",
        # Not an exception class: a plain class or an enum may be called `Failure`.
        "class Failure:\n    reason: str\n",
        "class Failure(Enum):\n    TIMEOUT = 'timeout'\n",
        # The base is imported: whether it is an exception cannot be told from this file.
        "from pydantic import BaseModel\n\n\nclass Error(BaseModel):\n    message: str\n",
        # The names are matched exactly.
        "class ConfigError(Exception):\n    pass\n",
        Valid("class Failure(Exception):\n    pass\n", settings={"vague-exception-names": ["Error"]}),
    ]
    INVALID = [
        Invalid("class Error(Exception):\n    pass\n"),
        Invalid("class CustomException(RuntimeError):\n    pass\n"),
        Invalid(
            "class StorageProblem(Exception):\n    pass\n\n\nclass Mid(StorageProblem):\n    pass\n\n\n"
            "class MyError(Mid):\n    pass\n"
        ),
        Invalid("class Failure(Mixin, builtins.OSError):\n    pass\n"),
        Invalid("class Oops(Exception):\n    pass\n", settings={"vague-exception-names": ["Oops"]}),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._exception_classes: Set[str] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not any(self._is_exception(base.value) for base in node.bases):
            return
        name = node.name.value
        self._exception_classes.add(name)
        if name in self.settings.vague_exception_names:
            self.report(node.name, name=name)

    def _is_exception(self, base: cst.BaseExpression) -> bool:
        if isinstance(base, cst.Name):
            return base.value in self._exception_classes or base.value in BUILTIN_EXCEPTIONS
        return (
            isinstance(base, cst.Attribute)
            and m.matches(base.value, m.Name("builtins"))
            and base.attr.value in BUILTIN_EXCEPTIONS
        )


def _configures_logging(function: cst.CSTNode) -> bool:
    """True when the function calls a logging configuration API or sets a logger's propagation/handlers."""
    stack: List[cst.CSTNode] = [function]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call):
            called = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
            if isinstance(node.func, cst.Name):
                called = node.func.value
            if called in LOGGING_CONFIGURATION_CALLS:
                return True
            if called == "setattr" and len(node.args) > 1 and m.matches(
                node.args[1].value,
                m.SimpleString() & m.MatchIfTrue(lambda s: s.evaluated_value in LOGGER_CONFIGURATION_ATTRIBUTES),
            ):
                return True
        elif (
            isinstance(node, cst.AssignTarget)
            and isinstance(node.target, cst.Attribute)
            and node.target.attr.value in LOGGER_CONFIGURATION_ATTRIBUTES
        ):
            return True
        stack.extend(tree.children(node))
    return False


class LoggerNotModuleLevel(Rule):
    """`logging.getLogger(...)` called inside a function or method instead of once at module level.

    The guide's logging approach (CRITICAL): "Module-level logger instances; consistent use throughout", i.e.
    `logger = logging.getLogger(__name__)` next to the imports. Exempt: a function that configures logging,
    which fetches a logger to set it up: it also calls `addHandler`, `removeHandler`, `setLevel`,
    `setFormatter`, `basicConfig`, `dictConfig` or `fileConfig`, or assigns a logger's `propagate`, `handlers`
    or `disabled` (also through `setattr`), anywhere in the outermost enclosing function; or a function whose
    name says it does (`configure_root`, `setup_logging`, `init_logger`, `logging_config`). Also exempt: a
    module-level logger created lazily (`global logger` then `logger = logging.getLogger(...)`). Class bodies
    are not functions: a class-level logger is not reported.
    """

    code = "CS403"
    name = "logger-not-module-level"
    priority = Priority.CRITICAL
    guideline = Guideline.LOGGING_APPROACH
    message = "`logging.getLogger()` called inside `{function}`; create the logger once at module level"
    VALID = [
        "import logging\n\nlogger = logging.getLogger(__name__)\n",
        "import logging\n\n\ndef set_level(level: int) -> None:\n    root = logging.getLogger()\n"
        "    root.setLevel(level)\n",
        "import logging\n\n\ndef attach(handler: Handler) -> None:\n"
        "    logging.getLogger('app').addHandler(handler)\n",
        "import logging\n\n\ndef quiet(name: str) -> None:\n    logging.getLogger(name).propagate = False\n",
        "import logging\n\n\nclass Worker:\n    log = logging.getLogger('worker')\n",
        "import logging\n\n\ndef configure_root(self, config: dict) -> None:\n    root = logging.getLogger()\n"
        "    self.common_logger_config(root, config)\n",
        "logger = None\n\n\ndef _debug(*args: str) -> None:\n    global logger\n    if not logger:\n"
        "        import logging\n        logger = logging.getLogger('http.cookiejar')\n    logger.debug(*args)\n",
        # A method that is not logging's: `getLogger` of some other object.
        "def run(factory: Factory) -> None:\n    factory.getLogger('x')\n",
    ]
    INVALID = [
        Invalid(
            "import logging\n\n\ndef process(item: str) -> None:\n    logger = logging.getLogger(__name__)\n"
            "    logger.info(item)\n"
        ),
        # Only names that speak of setting logging up exempt a function.
        Invalid(
            "import logging\n\n\ndef load_config(path: str) -> None:\n    logging.getLogger(__name__).info(path)\n"
        ),
        Invalid(
            "import logging\n\n\nclass Client:\n    def __init__(self) -> None:\n"
            "        self.logger = logging.getLogger(self.__class__.__name__)\n"
        ),
        Invalid(
            "from logging import getLogger as get_logger\n\n\ndef run() -> None:\n"
            "    get_logger(__name__).info('running')\n"
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names
        self._configuring: Dict[int, bool] = {}

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if self._resolver.imported_last_name(func) != "getLogger" or not self.context.in_function():
            return
        if self._resolver.resolve(func) != "logging.getLogger":
            return
        functions = [a for a in self.context.ancestors if isinstance(a, (cst.FunctionDef, cst.Lambda))]
        if any(isinstance(f, cst.FunctionDef) and CONFIGURING_FUNCTION_PATTERN.search(f.name.value) for f in functions):
            return
        outermost = functions[0]
        if id(outermost) not in self._configuring:
            self._configuring[id(outermost)] = _configures_logging(outermost)
        if self._configuring[id(outermost)] or self._binds_module_global(node, functions[-1]):
            return
        function = functions[-1]
        label = function.name.value if isinstance(function, cst.FunctionDef) else "a lambda"
        self.report(node, function=label)

    def _binds_module_global(self, node: cst.Call, function: Union[cst.FunctionDef, cst.Lambda]) -> bool:
        """`global logger` + `logger = logging.getLogger(...)`: a module-level logger created lazily."""
        parent = self.context.ancestors[-1]
        if not isinstance(function, cst.FunctionDef) or not isinstance(parent, cst.Assign) or parent.value is not node:
            return False
        assigned = {name for target in parent.targets for name in target_names(target.target)}
        declared: Set[str] = set()
        for statement in function_statements(function):
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Global):
                        declared.update(item.name.value for item in small.names)
        return bool(assigned & declared)


class RootLoggerCall(Rule):
    """A direct call of `logging.debug/info/warning/warn/error/exception/critical/fatal/log`.

    These log through the root logger: the record loses the module's name, and the first call configures
    logging behind the application's back (`basicConfig`). The guide (CRITICAL) uses module-level loggers,
    `logger = logging.getLogger(__name__)`, "consistently throughout". Found however `logging` was imported
    (`import logging as log`, `from logging import info`).

    Fix (safe): call the module's logger instead: the module-level name bound to `logging.getLogger(...)`, or
    `logger = logging.getLogger(__name__)` inserted after the imports and constants (with `import logging`
    when missing). `warn` becomes `warning` (`warn` is deprecated). No fix when the call runs at import time
    above the line that defines the logger, when the enclosing function binds that name to something else,
    or when the module already uses the name `logger` for something else.
    """

    code = "CS404"
    name = "root-logger-call"
    priority = Priority.CRITICAL
    guideline = Guideline.LOGGING_APPROACH
    message = "`logging.{function}()` logs through the root logger; use the module's logger"
    fix_safety = FixSafety.SAFE
    VALID = [
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef run() -> None:\n    logger.info('run')\n",
        "import logging\n\nlogging.basicConfig(level=logging.INFO)\n",
        "import math\n\n\ndef entropy(p: float) -> float:\n    return -p * math.log(p)\n",
        "from math import log\n\n\ndef entropy(p: float) -> float:\n    return -p * log(p)\n",
        # `logging` here is a parameter, not the module.
        "def run(logging: Recorder) -> None:\n    logging.info('run')\n",
    ]
    INVALID = [
        Invalid(
            "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef run() -> None:\n    logging.info('run')\n",
            fixed="import logging\n"
            "\nlogger = logging.getLogger(__name__)\n\n\ndef run() -> None:\n    logger.info('run')\n",
        ),
        Invalid(
            "import logging\n\nTIMEOUT = 3  # seconds, the API's own limit\n\n\ndef run() -> None:\n"
            "    logging.warn('slow')\n",
            fixed="import logging\n"
            "\nTIMEOUT = 3  # seconds, the API's own limit\n\nlogger = logging.getLogger(__name__)\n"
            "\n\ndef run() -> None:\n    logger.warning('slow')\n",
        ),
        Invalid(
            "import os\n\n\ndef run() -> None:\n    logging.log(logging.DEBUG, 'run %s', os.getpid())\n",
            fixed=(
                    'import logging\n'
                    'import os\n'
                    '\n'
                    'logger = logging.getLogger(__name__)\n'
                    '\n'
                    '\n'
                    'def run() -> None:\n'
                    "    logger.log(logging.DEBUG, 'run %s', os.getpid())\n"
                ),
        ),
        Invalid(
            "import logging as log\n\nLOG = log.getLogger('app')\n\n\ndef run() -> None:\n    log.error('failed')\n",
            fixed="import logging as log\n"
            "\nLOG = log.getLogger('app')\n\n\ndef run() -> None:\n    LOG.error('failed')\n",
        ),
        Invalid(
            "from logging import exception, getLogger\n\nlogger = getLogger(__name__)\n\n\ndef run() -> None:\n"
            "    exception('failed')\n",
            fixed="from logging import exception, getLogger\n\nlogger = getLogger(__name__)\n\n\ndef run() -> None:\n"
            "    logger.exception('failed')\n",
        ),
        # At import time, above the module's logger: replacing it would use the logger before it exists.
        Invalid("import logging\n\nlogging.info('loading')\nlogger = logging.getLogger(__name__)\n"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value not in ROOT_LOGGER_FUNCTIONS or not isinstance(func.value, cst.Name):
                return
            function = func.attr.value
        elif isinstance(func, cst.Name) and func.value in self._resolver.module_bindings():
            origin = self._resolver.module_bindings()[func.value]
            if origin is None or not origin.startswith(f"{LOGGING_MODULE}."):
                return
            function = origin.split(".", 1)[1]
        else:
            return
        if function not in ROOT_LOGGER_FUNCTIONS or self._resolver.resolve(func) != f"{LOGGING_MODULE}.{function}":
            return
        self.report(node, fixes=self._fixes(node, function), function=function)

    def _fixes(self, node: cst.Call, function: str) -> List[Fix]:
        logger = module_logger_edits(self, self._resolver, node)
        if logger is None:
            return []
        name, edits = logger
        method = "warning" if function == "warn" else function
        replacement = self.replace(node.func, f"{name}.{method}")
        return [self.fix(f"Use `{name}.{method}()`", FixSafety.SAFE, replacement, *edits)]


def is_main_guard(statement: cst.CSTNode) -> bool:
    """`if __name__ == "__main__":` (either operand order, any quotes, also as one operand of an `and`)."""
    return isinstance(statement, cst.If) and _tests_main(statement.test)


def _tests_main(test: cst.BaseExpression) -> bool:
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _tests_main(test.left) or _tests_main(test.right)
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    if not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    operands = [test.left, test.comparisons[0].comparator]
    names = [o for o in operands if m.matches(o, m.Name("__name__"))]
    strings = [o for o in operands if isinstance(o, cst.SimpleString) and o.evaluated_value == "__main__"]
    return len(names) == 1 and len(strings) == 1


def _called_names(root: cst.CSTNode) -> Set[str]:
    names: Set[str] = set()
    stack: List[cst.CSTNode] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
            names.add(node.func.value)
        stack.extend(tree.children(node))
    return names


class PrintInsteadOfLogger(Rule):
    """A `print(...)` call in a module that is not a command-line entry point.

    The guide logs through module-level loggers "consistently throughout"; `print` output cannot be filtered,
    levelled or routed. Exempt, because printing is their interface: test files, `__main__.py`, files under a
    `scripts` directory, modules that import a CLI library (`click`, `argparse`, `typer`, also `optparse`,
    `getopt`, `docopt`, `fire`) or read `sys.argv`, code under `if __name__ == "__main__":` (also
    `if <cond> and __name__ == "__main__":`), the module-level functions that block calls, and functions
    named `main` (the usual console-script target, also when defined under a `try:`). Also exempt:
    `print(..., file=f)` writing to a file other than `sys.stdout`/`sys.stderr`, and a `print` the module
    binds to something else (`from rich import print`).

    Fix (suggestion): `logger.info(...)` on the module's logger (defined when missing, as for CS404), when
    the call has positional arguments only; several arguments become `logger.info("%s %s", a, b)`.
    """

    code = "CS405"
    name = "print-instead-of-logger"
    priority = Priority.PREFERRED
    guideline = Guideline.LOGGING_APPROACH
    message = "`print()` in library code; log through the module's logger instead"
    files = Files.NOT_TESTS
    fix_safety = FixSafety.SUGGESTION
    VALID = [
        "import click\n\n\n@click.command()\ndef main() -> None:\n    print('done')\n",
        "import argparse\n"
        "\n\ndef main() -> None:\n    parser = argparse.ArgumentParser()\n    print(parser.parse_args())\n",
        "def report() -> None:\n    pass\n\n\nif __name__ == '__main__':\n    print('done')\n",
        "def main() -> None:\n    print('done')\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())\n",
        Valid("print('hello')\n", path="pkg/__main__.py"),
        Valid("print('hello')\n", path="scripts/release.py"),
        Valid("def test_WHEN_run_THEN_prints() -> None:\n    print('debug')\n", path="tests/test_run.py"),
        "import sys\n"
        "\n\ndef write(rows: list, out: TextIO) -> None:\n    for row in rows:\n        print(row, file=out)\n",
        "from rich import print\n\n\ndef show(value: str) -> None:\n    print(value)\n",
        "class Console:\n    def show(self, value: str) -> None:\n        self.print(value)\n",
        "try:\n    from ._main import main\nexcept ImportError:\n\n    def main() -> None:\n"
        "        print('install the [cli] extra')\n        sys.exit(1)\n",
        "if sys.platform != 'win32' and __name__ == '__main__':\n    print(decode(DATA))\n",
        "import sys\n\n\ndef clientside() -> None:\n    print('client side starting')\n    host = sys.argv[1]\n",
    ]
    INVALID = [
        Invalid(
            "import logging\n"
            "\nlogger = logging.getLogger(__name__)\n\n\ndef run(item: str) -> None:\n    print(item)\n",
            fixed="import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef run(item: str) -> None:\n"
            "    logger.info(item)\n",
        ),
        Invalid(
            "import os\n\n\ndef run(item: str) -> None:\n    print('processing', item)\n",
            fixed=(
                    'import logging\n'
                    'import os\n'
                    '\n'
                    'logger = logging.getLogger(__name__)\n'
                    '\n'
                    '\n'
                    'def run(item: str) -> None:\n'
                    '    logger.info("%s %s", \'processing\', item)\n'
                ),
        ),
        Invalid("import sys\n\n\ndef warn(text: str) -> None:\n    print(text, file=sys.stderr)\n"),
        # Only the functions the `__main__` block calls directly are the command line's.
        Invalid(
            "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef helper() -> None:\n    print('x')\n\n\n"
            "def main() -> None:\n    helper()\n\n\nif __name__ == '__main__':\n    main()\n",
            fixed="import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef helper() -> None:\n"
            "    logger.info('x')\n\n\ndef main() -> None:\n    helper()\n\n\nif __name__ == '__main__':\n    main()\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names
        self._candidates: List[Tuple[cst.Call, Optional[str], List[Fix]]] = []
        path = self.source.path
        self._exempt = path is not None and (
            path.name == MAIN_MODULE_FILE or SCRIPTS_DIRECTORY in path.parts[:-1]
        )
        self._exempt = (
            self._exempt
            or any(
                origin is not None and origin.split(".")[0] in CLI_MODULES
                for origin in self._resolver.module_bindings().values()
            )
            or COMMAND_LINE_PATTERN.search(self.source.text) is not None
        )

    def visit_Import(self, node: cst.Import) -> None:
        self._note_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._note_import(node)

    def _note_import(self, node: Union[cst.Import, cst.ImportFrom]) -> None:
        if any(origin.split(".")[0] in CLI_MODULES for _, origin in import_bindings(node)):
            self._exempt = True

    def visit_Call(self, node: cst.Call) -> None:
        if self._exempt or not m.matches(node.func, m.Name("print")):
            return
        if self._resolver.lookup("print") is not UNBOUND:
            return
        if any(is_main_guard(ancestor) for ancestor in self.context.ancestors[1:2]):
            return
        for arg in node.args:
            if m.matches(arg.keyword, m.Name("file")) and not m.matches(
                arg.value, m.Attribute(value=m.Name("sys"), attr=m.Name("stdout") | m.Name("stderr"))
            ):
                return
        outermost = next((a for a in self.context.ancestors if isinstance(a, (cst.FunctionDef, cst.ClassDef))), None)
        top_function = outermost.name.value if isinstance(outermost, cst.FunctionDef) else None
        if top_function in ENTRY_POINT_FUNCTIONS:
            return
        self._candidates.append((node, top_function, self._fixes(node)))

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._exempt or not self._candidates:
            return
        called_from_main: Set[str] = set()
        for statement in original_node.body:
            if is_main_guard(statement):
                called_from_main |= _called_names(statement)
        for call, top_function, fixes in self._candidates:
            if top_function is None or top_function not in called_from_main:
                self.report(call, fixes=fixes)

    def _fixes(self, node: cst.Call) -> List[Fix]:
        args = node.args
        if not args or any(arg.keyword is not None or arg.star for arg in args):
            return []
        logger = module_logger_edits(self, self._resolver, node)
        if logger is None:
            return []
        name, edits = logger
        changes = [self.replace(node.func, f"{name}.info")]
        if len(args) > 1:
            placeholders = " ".join(["%s"] * len(args))
            changes.append(self.insert_at(self.context.range_of(args[0]).start, f'"{placeholders}", '))
        return [self.fix(f"Replace with `{name}.info()`", FixSafety.SUGGESTION, *changes, *edits)]


def _enclosing_handler(ancestors: Sequence[cst.CSTNode]) -> Optional[cst.CSTNode]:
    """The innermost `except` clause around the current node, within the same function."""
    for ancestor in reversed(ancestors):
        if isinstance(ancestor, (cst.ExceptHandler, cst.ExceptStarHandler)):
            return ancestor
        if isinstance(ancestor, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return None
    return None


class ErrorLogWithoutTraceback(Rule):
    """`<logger>.error(...)` inside an `except` block that does not re-raise, without the traceback.

    Once the handler swallows the exception, the log is all that is left of it; the guide logs exceptions with
    `logger.exception(e)  # Includes traceback`. Not reported when the call passes `exc_info=`, when the same
    `except` block also calls `<logger>.exception(...)` or contains a `raise`, or when the message carries the
    traceback itself (`traceback.format_exc()`). A logger is a receiver named like one (`logger`, `log`,
    `_logger`, `LOGGER`, `app_log`, `self.logger`, `logging`) or a module-level name bound to
    `logging.getLogger(...)`; `parser.error(...)` and the like are not loggers.

    Fix (unsafe): `.error(` -> `.exception(`, which logs at the same level and adds the traceback.
    """

    code = "CS406"
    name = "error-log-without-traceback"
    priority = Priority.PREFERRED
    guideline = Guideline.LOG_LEVELS
    message = "`{call}()` in an `except` block loses the traceback; use `.exception()` or pass `exc_info=True`"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "try:\n    run()\nexcept ValueError:\n    logger.exception('run failed')\n",
        "try:\n    run()\nexcept ValueError as e:\n    logger.error(f'Regex creation failed: {str(e)}')\n"
        "    logger.exception(e)\n",
        "try:\n    run()\nexcept ValueError:\n    logger.error('run failed', exc_info=True)\n",
        "try:\n    run()\nexcept ValueError:\n    logger.error('run failed')\n    raise\n",
        "try:\n    run()\nexcept ValueError as error:\n    logger.error('run failed')\n"
        "    raise RunFailed() from error\n",
        "try:\n    run()\nexcept ValueError:\n    logger.error('run failed: %s', traceback.format_exc())\n",
        "try:\n    run()\nexcept ValueError:\n    parser.error('bad value')\n",
        "logger.error('not in an except block')\n",
        # The call belongs to a function defined in the handler, not to the handler.
        "try:\n    run()\nexcept ValueError:\n    def report() -> None:\n        logger.error('later')\n",
    ]
    INVALID = [
        Invalid(
            "try:\n    run()\nexcept ValueError as e:\n    logger.error(f'run failed: {e}')\n",
            fixed="try:\n    run()\nexcept ValueError as e:\n    logger.exception(f'run failed: {e}')\n",
        ),
        Invalid(
            "class Job:\n    def go(self) -> None:\n        try:\n            run()\n        except OSError:\n"
            "            if self.verbose:\n                self._logger.error('failed')  # keep going\n",
            fixed="class Job:\n    def go(self) -> None:\n        try:\n            run()\n        except OSError:\n"
            "            if self.verbose:\n                self._logger.exception('failed')  # keep going\n",
        ),
        Invalid(
            "import logging\n\nAUDIT = logging.getLogger('audit')\n\ntry:\n    run()\nexcept OSError:\n"
            "    AUDIT.error('failed')\n",
            fixed="import logging\n\nAUDIT = logging.getLogger('audit')\n\ntry:\n    run()\nexcept OSError:\n"
            "    AUDIT.exception('failed')\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names
        self._loggers: Optional[Set[str]] = None
        self._handlers: Dict[int, bool] = {}

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "error":
            return
        handler = _enclosing_handler(self.context.ancestors)
        if handler is None or not self._is_logger(func.value):
            return
        if any(m.matches(arg.keyword, m.Name("exc_info")) for arg in node.args):
            return
        if any(self._formats_traceback(arg.value) for arg in node.args):
            return
        if id(handler) not in self._handlers:
            self._handlers[id(handler)] = self._handler_keeps_traceback(handler)
        if self._handlers[id(handler)]:
            return
        fix = self.fix("Use `.exception()`", FixSafety.UNSAFE, self.replace(func.attr, "exception"))
        self.report(node, fixes=[fix], call=self.context.code_for(func))

    def _is_logger(self, receiver: cst.BaseExpression) -> bool:
        if isinstance(receiver, cst.Attribute):
            last = receiver.attr.value
        elif isinstance(receiver, cst.Name):
            last = receiver.value
        else:
            return False
        if LOGGER_RECEIVER_PATTERN.match(last):
            return True
        if self._loggers is None:
            self._loggers = self._module_loggers()
        return isinstance(receiver, cst.Name) and last in self._loggers

    def _module_loggers(self) -> Set[str]:
        names: Set[str] = set()
        for statement in self.context.module.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if (
                        isinstance(small, cst.Assign)
                        and isinstance(small.value, cst.Call)
                        and self._resolver.resolve(small.value.func) == "logging.getLogger"
                    ):
                        for target in small.targets:
                            names.update(target_names(target.target))
        return names

    def _formats_traceback(self, value: cst.BaseExpression) -> bool:
        for node in [value, *own_nodes(value)]:
            if isinstance(node, cst.Call) and self._resolver.resolve(node.func) in TRACEBACK_FORMATTERS:
                return True
        return False

    @staticmethod
    def _handler_keeps_traceback(handler: cst.CSTNode) -> bool:
        """True when the block re-raises or also logs with `.exception()`."""
        for node in own_nodes(handler):
            if isinstance(node, cst.Raise):
                return True
            if m.matches(node, m.Call(func=m.Attribute(attr=m.Name("exception")))):
                return True
        return False


def _is_generic_catch(handler_type: Optional[cst.BaseExpression]) -> bool:
    if handler_type is None:
        return True
    candidates = handler_type.elements if isinstance(handler_type, cst.Tuple) else [handler_type]
    for candidate in candidates:
        value = candidate.value if isinstance(candidate, cst.BaseElement) else candidate
        name = dotted_name(value)
        if name in GENERIC_EXCEPTIONS or name in {f"builtins.{e}" for e in GENERIC_EXCEPTIONS}:
            return True
    return False


def _only_silent_statements(body: cst.BaseSuite) -> bool:
    """True when every statement of the block is `pass`, `...` or `continue`."""
    if isinstance(body, cst.SimpleStatementSuite):
        smalls: List[cst.BaseSmallStatement] = list(body.body)
    else:
        smalls = []
        for statement in body.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                return False
            smalls.extend(statement.body)
    return all(
        isinstance(small, (cst.Pass, cst.Continue)) or m.matches(small, m.Expr(value=m.Ellipsis()))
        for small in smalls
    )


class SwallowedException(Rule):
    """A bare `except:` or `except Exception:` / `except BaseException:` whose body is only `pass`, `...` or
    `continue`.

    Catching everything and doing nothing hides real failures (including typos and, for a bare `except:`,
    `KeyboardInterrupt`). The guide's robustness section names exceptions precisely and logs failures. Also
    reported: a tuple that includes `Exception`/`BaseException`, `except*`, and blocks with a comment above
    the `pass` (an intentional swallow is what the guide's `# DEVIATION(CS407)` comment is for). Catching a
    specific exception and ignoring it is fine.
    """

    code = "CS407"
    name = "swallowed-exception"
    priority = Priority.PREFERRED
    guideline = Guideline.CUSTOM_EXCEPTION_HIERARCHY
    message = "`{clause}` swallows every exception silently; catch a specific exception or handle it"
    VALID = [
        "try:\n    import yaml\nexcept ImportError:\n    pass\n",
        "try:\n    run()\nexcept Exception:\n    logger.exception('run failed')\n",
        "try:\n    run()\nexcept Exception:\n    return None\n",
        "try:\n    run()\nexcept (KeyError, IndexError):\n    pass\n",
        "# DEVIATION(CS407): best effort cleanup\n# Reason: the directory may already be gone\n"
        "try:\n    cleanup()\nexcept Exception:\n    pass\n",
    ]
    INVALID = [
        Invalid("try:\n    run()\nexcept:\n    pass\n"),
        Invalid("try:\n    run()\nexcept Exception as error:\n    ...\n"),
        Invalid("for item in items:\n    try:\n        run(item)\n    except BaseException:\n        continue\n"),
        Invalid("try:\n    run()\nexcept (ValueError, Exception):  # anything\n    # ignore\n    pass\n"),
        Invalid("try:\n    run()\nexcept Exception: pass\n"),
    ]

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._check(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._check(node)

    def _check(self, node: Union[cst.ExceptHandler, cst.ExceptStarHandler]) -> None:
        if not _is_generic_catch(node.type) or not _only_silent_statements(node.body):
            return
        start = self.context.range_of(node).start
        if node.type is not None:
            end = self.context.range_of(node.name if node.name is not None else node.type).end
            clause = f"except {self.context.code_for(node.type).strip()}:"
        else:
            end = Position(start.line, start.column + len("except"))
            clause = "except:"
        self.report(TextRange(start, end), clause=clause)
