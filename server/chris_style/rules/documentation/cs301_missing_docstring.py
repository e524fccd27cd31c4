"""CS301 missing-docstring: a public function or method with a non-trivial body has no docstring."""

import fnmatch
import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Files, Fix, FixSafety, Invalid, Rule, RuleContext, Scope, Valid
from chris_style.linting.source import Position
from chris_style.linting.syntax import dotted_name, innermost_function, is_docstring, is_name
from chris_style.rules.documentation._shared import _docstring_string, _line_indent

logger = logging.getLogger(__name__)

# Decorators saying the function's documentation lives elsewhere: on the overridden method, or on the
# implementation that follows the typing overloads.
DOCUMENTED_ELSEWHERE_DECORATORS = frozenset({"override", "overload"})
DOCSTRING_QUOTES = '"""'
# A class docstring documents how to construct the class (PEP 257), so `__init__` needs none of its own then.
CONSTRUCTOR_NAME = "__init__"
# Values an attribute store needs no computing for (a name, a literal, a container display is computed).
PLAIN_VALUES = (cst.Name, cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)
# Dunder methods whose meaning Python's data model defines (comparison, hashing, text, truth, size, numeric
# conversion): the name says what they do, as the guide's own `__eq__` and `__str__` examples show.
DATA_MODEL_DUNDERS = frozenset(
    {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__str__", "__repr__", "__format__",
     "__bytes__", "__bool__", "__len__", "__int__", "__float__", "__index__", "__complex__"}
)


def _decorator_name(decorator: cst.Decorator) -> str:
    expression = decorator.decorator
    if isinstance(expression, cst.Call):
        expression = expression.func
    if isinstance(expression, cst.Attribute):
        return expression.attr.value
    if isinstance(expression, cst.Name):
        return expression.value
    return ""


def _stores_plain_value(small: cst.BaseSmallStatement) -> bool:
    """`self.x = name`, `self.x = 0`, `self.x: T = other.y`: an attribute of `self` set to what needs no
    computing (a name, a literal, an attribute, `None`)."""
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target, value = small.targets[0].target, small.value
    elif isinstance(small, cst.AnnAssign) and small.value is not None:
        target, value = small.target, small.value
    else:
        return False
    is_self_attribute = isinstance(target, cst.Attribute) and is_name(target.value, "self")
    plain = isinstance(value, PLAIN_VALUES) or (
        isinstance(value, cst.UnaryOperation) and isinstance(value.expression, (cst.Integer, cst.Float))
    )
    return is_self_attribute and (plain or (isinstance(value, cst.Attribute) and dotted_name(value) is not None))


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

    In `__init__`, a statement that only stores a name, a literal or an attribute on `self`
    (`self.profile = profile`, `self._exists = False`) is not counted: it repeats what the signature says,
    and the guide lets self-documenting code go without ("Function name and type signature are
    self-documenting"). Setting attributes from calls or under conditions still counts.

    A string literal as the first statement counts as a docstring, however short; so does a string
    statement standing directly above the `def` (or its decorators), a convention of the guide's own
    aws-aio code (a triple-quoted `Get the next available VNI` above `def get_next_vni`): the function is documented,
    only in an unusual place. Exempt: private and nested functions, test files, functions decorated with
    `@override` or `@overload` (their documentation is the overridden method's, or the implementation's),
    the data-model dunders whose meaning Python defines (`__eq__`, `__hash__`, `__str__`, `__repr__`,
    comparisons, `__bool__`, `__len__`, numeric conversions: the guide's own `__eq__` comparing every field
    has no docstring), and, in a class that has a docstring, `__init__` (the class docstring documents
    construction, as PEP 257 suggests) and framework hooks named in the `framework-names` setting
    (`visit_Call`, `leave_Module`, `setUp`...: the framework says when they run, the class says what they
    are for).

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
        # aws-aio events_interactions.py: a constructor that stores its arguments.
        "class CreateEniMirrorEvent(ArkimeEvent):\n"
        "    def __init__(self, cluster_name: str, vpc_id: str, subnet_id: str, eni_id: str, vni: int):\n"
        "        super().__init__()\n\n        self.cluster_name = cluster_name\n        self.vpc_id = vpc_id\n"
        "        self.subnet_id = subnet_id\n        self.eni_id = eni_id\n        self.vni = vni\n"
        "        self.value_success = 0\n        self.value_failure = 0\n        self.event_type = constants.EVENT\n",
        # aws-aio config_wrangling.py: the guide's Equality Methods pattern, one comparison per field.
        "class ViewerDetails:\n    def __eq__(self, other: object) -> bool:\n"
        "        if not isinstance(other, ViewerDetails):\n            return False\n"
        "        return (self.dns == other.dns and self.cluster == other.cluster and self.service == other.service\n"
        "                and self.password == other.password and self.user == other.user)\n",
        # aws-aio vni_provider.py: documented by a string right above the def.
        "class SsmVniProvider:\n    def __init__(self, name: str):\n        self.name = name\n\n"
        "    \"\"\"\n    Get the next available VNI that's not already assigned\n    \"\"\"\n"
        "    def get_next_vni(self) -> int:\n" + "        vni = self._next(vni)\n" * 10 + "        return vni\n",
    ]
    INVALID = [
        Invalid(
            "class Session:\n    def __init__(self, profile: str) -> None:\n"
            + "        self.client = connect(profile)\n" * 8,
            fixed='class Session:\n    def __init__(self, profile: str) -> None:\n        """\n        """\n'
            + "        self.client = connect(profile)\n" * 8,
        ),
        # aws-aio user_config.py: defaults filled in for unset values are behaviour the signature hides.
        Invalid(
            "class UserConfig:\n    def __init__(self, spiDays: int, historyDays: int, replicas: int, pcapDays: int,"
            " expectedTraffic: float):\n"
            "        self.spiDays = spiDays\n"
            "        if expectedTraffic is None:\n            self.expectedTraffic = MINIMUM_TRAFFIC\n"
            "        if spiDays is None:\n            self.spiDays = DEFAULT_SPI_DAYS\n"
            "        if historyDays is None:\n            self.historyDays = DEFAULT_HISTORY_DAYS\n"
            "        if replicas is None:\n            self.replicas = DEFAULT_REPLICAS\n"
            "        if pcapDays is None:\n            self.pcapDays = DEFAULT_S3_STORAGE_DAYS\n"
        ),
        # A string above a def that is the class's own docstring documents the class, not the method.
        Invalid(
            'class Planner:\n    """Plans capacity."""\n    def plan(self, a: int) -> int:\n'
            + "        a += 1\n" * 8
            + "        return a\n"
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
        name = original_node.name.value
        if self.context.enclosing_class() is not None and name in DATA_MODEL_DUNDERS:
            return
        if self._documented_above(original_node):
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

    def _documented_above(self, function: cst.FunctionDef) -> bool:
        """True when a string statement stands directly above the def in its block and is not the block's own
        docstring (a class's or a module's)."""
        parent = self.context.ancestors[-1] if self.context.ancestors else None
        statements = parent.body if isinstance(parent, (cst.IndentedBlock, cst.Module)) else ()
        for index, statement in enumerate(statements):
            if statement is function:
                return index > 1 and is_docstring(statements[index - 1]) and not function.leading_lines
        return False

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
        if self._in_constructor():
            self._count(sum(1 for small in node.body if not _stores_plain_value(small)), 0)
        else:
            self._count(len(node.body), 0)

    def _in_constructor(self) -> bool:
        function = innermost_function(self.context.ancestors)
        return isinstance(function, cst.FunctionDef) and function.name.value == CONSTRUCTOR_NAME

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
