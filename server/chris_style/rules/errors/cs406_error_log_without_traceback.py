"""CS406 error-log-without-traceback: `logger.error(...)` in an `except` block that drops the traceback."""

import builtins
import logging
import re
from typing import Dict, Optional, Sequence, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import FixSafety, Invalid, Rule
from chris_style.linting.syntax import called_method, dotted_name, is_name, own_nodes, target_names

logger = logging.getLogger(__name__)

# A receiver that names a logger: `logger`, `log`, `_logger`, `LOGGER`, `app_log`, `self.logger`, `logging`.
LOGGER_RECEIVER_PATTERN = re.compile(r"^_*(?:[a-z0-9]+_)*(?:log|logger|logging)$", re.IGNORECASE)
# Calls whose result carries the traceback text, so an `error()` logging it does not lose the traceback.
TRACEBACK_FORMATTERS = frozenset({"traceback.format_exc", "traceback.format_exception", "traceback.format_tb"})
# Python's own exception classes: a handler of any of them may be catching a bug.
BUILTIN_EXCEPTIONS = frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
)


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
    traceback itself (`traceback.format_exc()`). Nor when the handler catches only specific exceptions of the
    project or a library (`except VniPoolExhausted:`, `except (compat.CliClusterVersionMismatch, ...) as e:`,
    `except ClientError:`): a named domain error is an expected outcome that its name and message describe,
    which is why the guide defines them (Custom Exception Hierarchy: they "make stack traces/logs clearer"), and
    the guide's author logs them with `logger.error(e)` alone while keeping `logger.exception(e)` for the
    catch-all `except Exception`. Reported: a bare `except:` and handlers of Python's own exceptions
    (`Exception`, `ValueError`, `OSError`, ...), which may be catching a bug whose traceback is then lost. A logger is a receiver named like one (`logger`, `log`,
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
        # aws-aio's commands: the project's own exceptions, logged by message.
        "try:\n    next_vni = vni_provider.get_next_vni()\nexcept VniPoolExhausted:\n"
        "    logger.error('There are no remaining VNIs to assign for this cluster')\n    logger.warning('Aborting...')\n",
        "try:\n    check(name)\nexcept (compat.CliClusterVersionMismatch, compat.UnableToRetrieveClusterVersion) as e:\n"
        "    logger.error(e)\n    return\n",
        "from botocore.exceptions import ClientError\n\ntry:\n    run()\nexcept ClientError as error:\n"
        "    logger.error(f'run failed: {error}')\n",
        "class NoPreviousConfig(Exception):\n    pass\n\n\ndef roll_back() -> None:\n    try:\n        revert()\n"
        "    except NoPreviousConfig:\n        logger.error('Unable to roll back to previous config; exiting')\n",
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
        # ocsf-playground's views: the catch-all handler without the `logger.exception(e)` the author adds.
        Invalid(
            "try:\n    run()\nexcept Exception as e:\n    logger.error(f'Transform creation failed: {str(e)}')\n",
            fixed="try:\n    run()\nexcept Exception as e:\n    logger.exception(f'Transform creation failed: {str(e)}')\n",
        ),
        Invalid(
            "try:\n    run()\nexcept:\n    logger.error('failed')\n",
            fixed="try:\n    run()\nexcept:\n    logger.exception('failed')\n",
        ),
        # One of the caught exceptions is Python's own.
        Invalid("try:\n    run()\nexcept (VniPoolExhausted, KeyError):\n    logger.error('failed')\n"),
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
        if any(is_name(arg.keyword, "exc_info") for arg in node.args):
            return
        if any(self._formats_traceback(arg.value) for arg in node.args):
            return
        if id(handler) not in self._handlers:
            self._handlers[id(handler)] = self._handler_keeps_traceback(handler) or self._catches_only_named(handler)
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

    def _catches_only_named(self, handler: cst.CSTNode) -> bool:
        """True when every exception the handler catches is a named class of the project or a library, none of
        Python's own (whose handler may be catching a bug)."""
        caught = getattr(handler, "type", None)
        if caught is None:
            return False
        types = [element.value for element in caught.elements] if isinstance(caught, cst.Tuple) else [caught]
        for expression in types:
            dotted = dotted_name(expression)
            if dotted is None:
                return False
            # None: a name bound in this module (its own exception class).
            resolved = self._resolver.resolve(expression) or dotted
            if resolved in BUILTIN_EXCEPTIONS or resolved.startswith("builtins."):
                return False
        return True

    @staticmethod
    def _handler_keeps_traceback(handler: cst.CSTNode) -> bool:
        """True when the block re-raises or also logs with `.exception()`."""
        for node in own_nodes(handler):
            if isinstance(node, cst.Raise):
                return True
            if called_method(node) == "exception":
                return True
        return False
