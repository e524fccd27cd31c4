"""CS407 swallowed-exception: `except:` / `except Exception:` whose body only passes."""

import logging
from typing import List, Optional, Union

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Scope
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import dotted_name, is_ellipsis_statement
from chris_style.rules.errors._shared import GENERIC_EXCEPTIONS

logger = logging.getLogger(__name__)


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
    return all(isinstance(small, (cst.Pass, cst.Continue)) or is_ellipsis_statement(small) for small in smalls)


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
    scope = Scope.STATEMENT
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
