"""CS610 if-else-assignment: an `if`/`else` assigning one target in each branch is a conditional expression."""

import logging
from typing import List, Optional

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Scope
from chris_style.linting.source import TextRange
from chris_style.linting.syntax import contains, is_name
from chris_style.rules.idioms._shared import _has_comment, _original_code, _single_statement, _wrapped

logger = logging.getLogger(__name__)

# Tests whose if-statement form type checkers rely on (they understand `if TYPE_CHECKING:` and version or
# platform checks, not the same tests inside a conditional expression).
TYPE_CHECKING_NAME = "TYPE_CHECKING"
SYS_CONDITION_ATTRIBUTES = frozenset({"version_info", "platform"})


def _indented_continuation(text: str, node: cst.CSTNode, extra: str) -> str:
    """`text` with `extra` added before each continuation line, for an expression moved one level deeper;
    unchanged when it holds a multi-line string, whose lines are part of its value."""
    if "\n" not in text or contains(node, cst.FormattedString):
        return text
    if any(isinstance(found, cst.SimpleString) and "\n" in found.value for found in tree.walk(node)):
        return text
    first, *rest = text.split("\n")
    return "\n".join([first] + [extra + line if line.strip() else line for line in rest])


def _is_static_condition(test: cst.BaseExpression) -> bool:
    """`TYPE_CHECKING` (bare or `typing.TYPE_CHECKING`), `sys.version_info` or `sys.platform` in the test."""
    for found in tree.walk(test):
        if is_name(found, TYPE_CHECKING_NAME):
            return True
        if isinstance(found, cst.Attribute):
            attribute = found.attr.value
            if attribute == TYPE_CHECKING_NAME:
                return True
            if attribute in SYS_CONDITION_ATTRIBUTES and is_name(found.value, "sys"):
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
    scope = Scope.STATEMENT
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
        return not contains(node, (cst.NamedExpr, cst.Yield))

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
