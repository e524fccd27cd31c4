"""CS403 logger-not-module-level: `logging.getLogger(...)` called inside a function instead of at module level."""

import logging
import re
from typing import Dict, List, Set, Union

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import Invalid, Rule, Scope
from chris_style.linting.syntax import function_statements, target_names

logger = logging.getLogger(__name__)

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


def _names_logger_configuration(attribute: cst.BaseExpression) -> bool:
    """A string literal naming a logger attribute that configures it (`setattr(log, "propagate", False)`)."""
    return isinstance(attribute, cst.SimpleString) and attribute.evaluated_value in LOGGER_CONFIGURATION_ATTRIBUTES


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
            if called == "setattr" and len(node.args) > 1 and _names_logger_configuration(node.args[1].value):
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
    scope = Scope.STATEMENT
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
