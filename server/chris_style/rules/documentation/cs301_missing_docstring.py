"""CS301 missing-docstring: a public function or method with a non-trivial body has no docstring."""

import fnmatch
import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Files, Fix, FixSafety, Invalid, Rule, RuleContext, Scope, Valid
from chris_style.linting.source import Position
from chris_style.rules.documentation._shared import _docstring_string, _line_indent

logger = logging.getLogger(__name__)

# Decorators saying the function's documentation lives elsewhere: on the overridden method, or on the
# implementation that follows the typing overloads.
DOCUMENTED_ELSEWHERE_DECORATORS = frozenset({"override", "overload"})
DOCSTRING_QUOTES = '"""'
# A class docstring documents how to construct the class (PEP 257), so `__init__` needs none of its own then.
CONSTRUCTOR_NAME = "__init__"


def _decorator_name(decorator: cst.Decorator) -> str:
    expression = decorator.decorator
    if isinstance(expression, cst.Call):
        expression = expression.func
    if isinstance(expression, cst.Attribute):
        return expression.attr.value
    if isinstance(expression, cst.Name):
        return expression.value
    return ""


class MissingDocstring(Rule):
    """A public function or method with a non-trivial body has no docstring.

    The guide (When to Add Docstrings, CRITICAL) asks for a docstring when "function complexity is
    non-trivial (multiple steps, complex logic)" and lets self-documenting one-liners and getters go
    without. Non-trivial means either:

    - at least `docstring-min-statements` statements (default 8), counting the statements nested in
      `if`/`for`/`while`/`with`/`try`/`match` blocks and in nested functions (each compound statement
      counts itself too, an `elif` included), or
    - a cyclomatic complexity of at least `docstring-min-complexity` (default 5): 1, plus one for each
      `if`/`elif`, `for`, `while`, `except` clause, `case` of a `match`, `if` of a comprehension,
      conditional expression (`a if c else b`) and `and`/`or` operator.

    A string literal as the first statement counts as a docstring, however short. Exempt: private and
    nested functions, test files, functions decorated with `@override` or `@overload` (their
    documentation is the overridden method's, or the implementation's), and, in a class that has a
    docstring, `__init__` (the class docstring documents construction, as PEP 257 suggests; long
    constructors are mostly attribute assignments) and framework hooks named in the `framework-names`
    setting (`visit_Call`, `leave_Module`, `setUp`...: the framework says when they run, the class says
    what they are for).

    Fix (suggestion): insert an empty `\"\"\"` docstring skeleton as the function's first statement, for you to
    fill in with what the function does and why.
    """

    code = "CS301"
    name = "missing-docstring"
    priority = Priority.CRITICAL
    guideline = Guideline.WHEN_TO_ADD_DOCSTRINGS
    message = "Public function `{name}` is non-trivial ({reason}) but has no docstring"
    files = Files.NOT_TESTS
    fix_safety = FixSafety.SUGGESTION
    scope = Scope.STATEMENT
    VALID = [
        "def get_cluster_name(self) -> str:\n    return self._cluster_name\n",
        "def plan(a: int) -> int:\n"
        '    """Plans the capacity."""\n'
        "    if a:\n        a += 1\n    if a > 2:\n        a += 2\n    if a > 3:\n        a += 3\n"
        "    if a > 4:\n        a += 4\n    return a\n",
        # Seven statements and complexity 4 stay under both thresholds.
        "def build(a: int) -> int:\n"
        "    b = a\n    c = b\n    if c:\n        e = c\n    for x in range(e):\n        f = x\n"
        "    return f or e\n",
        "def _helper(a: int) -> int:\n" + "    a += 1\n" * 10 + "    return a\n",
        "def outer() -> None:\n    '''Builds things.'''\n\n    def inner(a: int) -> int:\n"
        + "        a += 1\n" * 10
        + "        return a\n",
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n" + "    a = 1\n" * 10 + "    assert 1 == a\n", path="tests/test_x.py"
        ),
        "class Visitor(Base):\n    @override\n    def visit(self, a: int) -> int:\n"
        + "        a += 1\n" * 10
        + "        return a\n",
        Valid(
            "def total(a: int) -> int:\n" + "    a += 1\n" * 10 + "    return a\n",
            settings={"docstring-min-statements": 20},
        ),
        'class NoPrint(Rule):\n    "No print calls."\n\n    def visit_Call(self, node: cst.Call) -> None:\n'
        + "        node = node.func\n" * 10,
        'class Session:\n    "A connection to AWS; `profile` picks the credentials."\n\n'
        "    def __init__(self, profile: str) -> None:\n" + "        self.profile = profile\n" * 10,
    ]
    INVALID = [
        Invalid(
            "class Session:\n    def __init__(self, profile: str) -> None:\n" + "        self.profile = profile\n" * 10,
            fixed='class Session:\n    def __init__(self, profile: str) -> None:\n        """\n        """\n'
            + "        self.profile = profile\n" * 10,
        ),
        Invalid(
            "def total(a: int) -> int:\n" + "    a += 1\n" * 7 + "    return a\n",
            fixed='def total(a: int) -> int:\n    """\n    """\n' + "    a += 1\n" * 7 + "    return a\n",
        ),
        Invalid(
            "def pick(a: int, b: int) -> int:\n"
            "    if a and b:\n        return 1\n    elif a or b:\n        return 2\n    return 3 if a > b else 4\n",
            fixed='def pick(a: int, b: int) -> int:\n    """\n    """\n'
            "    if a and b:\n        return 1\n    elif a or b:\n        return 2\n    return 3 if a > b else 4\n",
        ),
        Invalid(
            "class Planner:\n    # Plans capacity.\n    async def plan(self, items: List[int]) -> int:\n"
            "        # Count the usable ones.\n"
            "        if not items:\n            return 0\n"
            "        total = 0\n        for item in items:\n            try:\n                total += check(item)\n"
            "            except ValueError:\n                continue\n"
            "            except KeyError:\n                break\n"
            "        return total\n",
            fixed="class Planner:\n    # Plans capacity.\n    async def plan(self, items: List[int]) -> int:\n"
            '        """\n        """\n'
            "        # Count the usable ones.\n"
            "        if not items:\n            return 0\n"
            "        total = 0\n        for item in items:\n            try:\n                total += check(item)\n"
            "            except ValueError:\n                continue\n"
            "            except KeyError:\n                break\n"
            "        return total\n",
        ),
        Invalid(
            "def route(a: str) -> int:\n    match a:\n        case 'x':\n            return 1\n"
            "        case 'y':\n            return 2\n        case _:\n            return [v for v in a if v]\n",
            settings={"docstring-min-statements": 20},
        ),
    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        # One [statements, decisions] pair per function being traversed, innermost last.
        self._counts: List[List[int]] = []

    def _count(self, statements: int, decisions: int) -> None:
        if self._counts:
            counts = self._counts[-1]
            counts[0] += statements
            counts[1] += decisions

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._count(1, 0)
        self._counts.append([0, 0])

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        """Judge the function from the counts gathered while its body was traversed, then add them to the
        enclosing function's, since nested statements count for it too."""
        statements, decisions = self._counts.pop()
        self._count(statements, decisions)
        complexity = decisions + 1
        too_long = statements >= self.settings.docstring_min_statements
        too_complex = complexity >= self.settings.docstring_min_complexity
        if not (too_long or too_complex):
            return
        if _docstring_string(original_node.body) is not None or not self.context.is_public(original_node):
            return
        if any(_decorator_name(d) in DOCUMENTED_ELSEWHERE_DECORATORS for d in original_node.decorators):
            return
        if self._documented_by_class(original_node.name.value):
            return
        reason = f"{statements} statements" if too_long else f"cyclomatic complexity {complexity}"
        fixes = (
            [] if not isinstance(original_node.body, cst.IndentedBlock) else [self._skeleton_fix(original_node.body)]
        )
        self.report(original_node.name, fixes=fixes, name=original_node.name.value, reason=reason)

    def _documented_by_class(self, name: str) -> bool:
        """`__init__` and framework hooks (`visit_Call`, `setUp`: the `framework-names` setting) are documented
        by their class's docstring, when it has one."""
        is_hook = name == CONSTRUCTOR_NAME or any(
            fnmatch.fnmatchcase(name, pattern) for pattern in self.settings.framework_names
        )
        if not is_hook:
            return False
        enclosing = self.context.enclosing_class()
        return enclosing is not None and _docstring_string(enclosing.body) is not None

    def _skeleton_fix(self, body: cst.IndentedBlock) -> Fix:
        first = body.body[0]
        anchor: cst.CSTNode = first
        if isinstance(first, (cst.FunctionDef, cst.ClassDef)) and first.decorators:
            anchor = first.decorators[0]
        line = self.context.range_of(anchor).start.line - len(first.leading_lines)
        indent = _line_indent(self.source.line_text(self.context.range_of(anchor).start.line))
        newline = self.source.newline
        skeleton = f"{indent}{DOCSTRING_QUOTES}{newline}{indent}{DOCSTRING_QUOTES}{newline}"
        return self.fix(
            "Insert a docstring skeleton", FixSafety.SUGGESTION, self.insert_at(Position(line, 0), skeleton)
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._count(1, 0)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._count(len(node.body), 0)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._count(len(node.body), 0)

    def visit_If(self, node: cst.If) -> None:
        self._count(1, 1)

    def visit_For(self, node: cst.For) -> None:
        self._count(1, 1)

    def visit_While(self, node: cst.While) -> None:
        self._count(1, 1)

    def visit_With(self, node: cst.With) -> None:
        self._count(1, 0)

    def visit_Try(self, node: cst.Try) -> None:
        self._count(1, 0)

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self._count(1, 0)

    def visit_Match(self, node: cst.Match) -> None:
        self._count(1, 0)

    def visit_MatchCase(self, node: cst.MatchCase) -> None:
        self._count(0, 1)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._count(0, 1)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._count(0, 1)

    def visit_CompIf(self, node: cst.CompIf) -> None:
        self._count(0, 1)

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self._count(0, 1)

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        self._count(0, 1)
