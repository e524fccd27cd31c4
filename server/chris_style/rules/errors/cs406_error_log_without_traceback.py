"""CS406 error-log-without-traceback: `logger.error(...)` in an `except` block that drops the traceback."""

import logging
import re
from typing import Dict, Optional, Sequence, Set

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import FixSafety, Invalid, Rule
from chris_style.linting.syntax import own_nodes, target_names

logger = logging.getLogger(__name__)

# A receiver that names a logger: `logger`, `log`, `_logger`, `LOGGER`, `app_log`, `self.logger`, `logging`.
LOGGER_RECEIVER_PATTERN = re.compile(r"^_*(?:[a-z0-9]+_)*(?:log|logger|logging)$", re.IGNORECASE)
# Calls whose result carries the traceback text, so an `error()` logging it does not lose the traceback.
TRACEBACK_FORMATTERS = frozenset({"traceback.format_exc", "traceback.format_exception", "traceback.format_tb"})


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
