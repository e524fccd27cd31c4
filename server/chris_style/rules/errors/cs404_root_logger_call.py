"""CS404 root-logger-call: `logging.info(...)` and the like, which log through the root logger."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule
from chris_style.rules.errors._shared import LOGGING_MODULE, module_logger_edits

logger = logging.getLogger(__name__)

# The module-level functions that log through the root logger; `fatal` is `critical` under another name.
ROOT_LOGGER_FUNCTIONS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)


class RootLoggerCall(Rule):
    """A direct call of `logging.debug/info/warning/warn/error/exception/critical/fatal/log`.

    These log through the root logger: the record loses the module's name, and the first call configures
    logging behind the application's back (`basicConfig`). The guide (CRITICAL) uses module-level loggers,
    `logger = logging.getLogger(__name__)`, "consistently throughout". Found however `logging` was imported
    (`import logging as log`, `from logging import info`).

    Fix (unsafe): call the module's logger instead: the module-level name bound to `logging.getLogger(...)`, or
    `logger = logging.getLogger(__name__)` inserted after the imports and constants (with `import logging`
    when missing). `warn` becomes `warning` (`warn` is deprecated). Unsafe, because the output changes: the
    record's logger name (`root` becomes `__main__` or the module's name, seen in every `%(name)s` format and by
    filters and levels set on loggers), and `logging.info()` configures logging on its first call when nothing
    did (`basicConfig()`), which `logger.info()` does not, so a script that relied on it logs differently. No
    fix when the call runs at import time above the line that defines the logger, when the enclosing function
    binds that name to something else, or when the module already uses the name `logger` for something else.
    """

    code = "CS404"
    name = "root-logger-call"
    priority = Priority.CRITICAL
    guideline = Guideline.LOGGING_APPROACH
    message = "`logging.{function}()` logs through the root logger; use the module's logger"
    fix_safety = FixSafety.UNSAFE
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
        return [self.fix(f"Use `{name}.{method}()`", FixSafety.UNSAFE, replacement, *edits)]
