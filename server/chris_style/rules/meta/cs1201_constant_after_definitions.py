"""CS1201 constant-after-definitions: a module-level constant assigned after the first function or class,
fixed by moving a pure literal up to the module's constants."""

import logging
import re
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.constants import is_pure_literal
from chris_style.linting.edits import constant_insertion_point, follows_import, is_constant_assignment, lines_to_move
from chris_style.linting.provenance import data_literal
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import block_statements, target_names
from chris_style.rules.meta._shared import _call_name

logger = logging.getLogger(__name__)

# SCREAMING_SNAKE_CASE, optionally private (`_MAX_SIZE`).
_SCREAMING = re.compile(r"_*[A-Z][A-Z0-9_]*")
# Module-level names whose use before a constant means the module inspects its own namespace.
_NAMESPACE_INTROSPECTION = frozenset({"globals", "vars", "locals", "dir", "eval", "exec"})
# Calls whose result is a type-system object rather than a value (kept next to what they describe).
_TYPING_FACTORIES = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple", "NewType"})


def _module_scope_bindings(statement: cst.BaseStatement) -> Iterator[Tuple[str, bool]]:
    """(name, is_import) for every module-scope binding a top-level statement makes (function and class
    bodies are other scopes; the blocks of `if`/`try`/`for`/`with`/`while` are not)."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        yield statement.name.value, False
        return
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            yield from _small_bindings(small)
        return
    if isinstance(statement, cst.For):
        yield from ((name, False) for name in target_names(statement.target))
    if isinstance(statement, cst.With):
        for item in statement.items:
            if item.asname is not None:
                yield from ((name, False) for name in target_names(item.asname.name))
    for child in tree.children(statement):
        if isinstance(child, (cst.IndentedBlock, cst.SimpleStatementSuite)):
            for inner in block_statements(child):
                yield from _module_scope_bindings(inner)
        elif isinstance(child, (cst.If, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally)):
            if isinstance(child, (cst.ExceptHandler, cst.ExceptStarHandler)) and child.name is not None:
                yield from ((name, False) for name in target_names(child.name.name))
            yield from _module_scope_bindings(child)  # type: ignore[arg-type]


def _small_bindings(small: cst.BaseSmallStatement) -> Iterator[Tuple[str, bool]]:
    if isinstance(small, cst.Import):
        for alias in small.names:
            if alias.asname is not None:
                yield from ((name, True) for name in target_names(alias.asname.name))
            else:
                yield alias.evaluated_name.split(".")[0], True
    elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
        for alias in small.names:
            if alias.asname is not None:
                yield from ((name, True) for name in target_names(alias.asname.name))
            else:
                yield alias.evaluated_name, True
    elif isinstance(small, cst.Assign):
        for target in small.targets:
            yield from ((name, False) for name in target_names(target.target))
    elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
        yield from ((name, False) for name in target_names(small.target))
    elif isinstance(small, cst.Del):
        yield from ((name, False) for name in target_names(small.target))


def _names_in(node: cst.CSTNode) -> Set[str]:
    """Every variable name an expression reads (attribute names and keyword names excluded)."""
    found: Set[str] = set()
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            found.add(current.value)
        elif isinstance(current, cst.Attribute):
            stack.append(current.value)
        elif isinstance(current, cst.Arg):
            stack.append(current.value)
        else:
            stack.extend(tree.children(current))
    return found


class _EagerNames(tree.ReadingVisitor):
    """Names read by code that runs at import time: module statements and class bodies, decorators,
    defaults and annotations of functions, but not function bodies; and among them, the names that code
    calls (decorators and base classes included), through which a function body may run at import time."""

    def __init__(self) -> None:
        self.names: Set[str] = set()
        self.calls: Set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name):
            self.calls.add(node.func.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for base in (*node.bases, *node.keywords):
            if isinstance(base.value, cst.Name):
                self.calls.add(base.value.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        for decorator in node.decorators:
            self.walk(decorator)
            if isinstance(decorator.decorator, cst.Name):
                self.calls.add(decorator.decorator.value)
        self.walk(node.params)
        if node.returns is not None:
            self.walk(node.returns)
        return False


def _movable_names(constants: Iterable[cst.SimpleStatementLine], bound_later: Set[str]) -> Set[str]:
    """The names of the constants that could all move above the module's first definition together: each reads
    only names bound before it (imports and constants at the top), builtins, or other such constants. A constant
    that reads a function, a class, a variable or a constant that cannot move, cannot move either."""
    reads = {}
    for statement in constants:
        targets, value, _ = _assignment_parts(statement)
        for target in targets:
            reads[target.value] = _names_in(value)
    movable = set(reads)
    changed = True
    while changed:
        blocked = {name for name in movable if reads[name] & (bound_later - movable)}
        movable -= blocked
        changed = bool(blocked)
    return movable


def _assignment_parts(
    statement: cst.SimpleStatementLine,
) -> Tuple[List[cst.Name], cst.BaseExpression, Optional[cst.Annotation]]:
    """The target names, value and annotation of a constant assignment (see edits.is_constant_assignment)."""
    small = statement.body[0]
    if isinstance(small, cst.Assign):
        return [cst.ensure_type(target.target, cst.Name) for target in small.targets], small.value, None
    assert isinstance(small, cst.AnnAssign) and small.value is not None
    return [cst.ensure_type(small.target, cst.Name)], small.value, small.annotation


class ConstantAfterDefinitions(Rule):
    """A module-level SCREAMING_SNAKE_CASE constant is assigned after the module's first function or class.

    The guide (Module-Level Constants, CRITICAL): "Constants defined at module top, right after imports", so
    a reader finds every tunable value in one place. Only assignments written directly in the module body
    count. Not reported: `__all__`; a constant whose value reads a name that cannot move above the first
    definition (a function, a class, a variable, or a constant that itself reads one): it depends on that
    definition. A constant that reads only imports, the constants at the top, builtins or other constants that
    could all move up together (`LIMIT = BASE * 2` under a misplaced `BASE = 10`) is reported. Not reported
    either: a `TypeVar`/`NewType`/`ParamSpec`, which belongs next to what it types; a name the module binds
    more than once or declares `global` in a function (a variable, not a constant); in a test file, a data
    literal after the last function or class, the guide's "Module-level test events (at end of file)" (Test
    Data Organization).

    Fix (safe): only when the value is a pure literal (numbers, strings, bytes, True/False/None, containers
    of those), the assignment moves, with its trailing comment, the comment lines directly above it and a
    banner comment that introduces it (set apart by blank lines), to the end of the import/constant block. A
    pure literal depends on nothing, so evaluating it earlier is the
    same; the move is offered only when nothing could see the difference: the name has no other binding in
    the module, is not `global` in any function, and no code that runs at import time before the old place
    reads it (module statements, class bodies, decorators, defaults, annotations); nor does that code inspect
    the namespace (`globals()`, `vars()`, `dir()`, `eval`, `exec`). Uses inside function bodies run later and
    do not matter, unless code before the old place calls a function or class of the module at import time
    (a call, a decorator, a base class): that function may read the constant and saw it unbound, so the move is
    unsafe then. The annotation, if any, must read only names that stay above it.
    """

    code = "CS1201"
    name = "constant-after-definitions"
    priority = Priority.CRITICAL
    guideline = Guideline.MODULE_LEVEL_CONSTANTS
    message = "Constant `{name}` is defined after the first function or class; put it with the constants after the imports"
    fix_safety = FixSafety.SAFE
    VALID = [
        "import os\n\nMAX_TRAFFIC = 100  # Gbps\n\n\ndef plan() -> int:\n    return MAX_TRAFFIC\n",
        "def plan() -> int:\n    return 1\n\n\n__all__ = ['plan']\n",
        # Depends on a definition of the module.
        "class Plan:\n    pass\n\n\nDEFAULT_PLAN = Plan()\nPLANS = {'default': DEFAULT_PLAN}\n",
        "from typing import TypeVar\n\n\nclass Plan:\n    pass\n\n\nT = TypeVar('T', bound=Plan)\nU = TypeVar('U')\n",
        # Rebound: a variable, not a constant.
        "DEBUG = False\n\n\ndef run() -> None:\n    pass\n\n\nDEBUG = True\n",
        "def enable() -> None:\n    global VERBOSE\n    VERBOSE = True\n\n\nVERBOSE = False\n",
        "if True:\n    def plan() -> None:\n        pass\n\n    LIMIT = 5\n",
        # Depends on a constant that itself reads a definition of the module.
        "class Plan:\n    pass\n\n\nDEFAULT_PLAN = Plan()\nDEFAULT_NAME = DEFAULT_PLAN.name\n",
        # aws-aio's test events at the end of a test module (the guide's Test Data Organization).
        Valid(
            "def test_WHEN_event_received_THEN_handled() -> None:\n    handle(TEST_EVENT_EC2_RUNNING)\n\n\n"
            "TEST_EVENT_EC2_RUNNING = {\n    'version': '0',\n    'detail-type': 'EC2 Instance State-change',\n}\n",
            path="test_manage_arkime/test_handler.py",
        ),
    ]
    INVALID = [
        Invalid(
            "import os\n\nMAX_TRAFFIC = 100  # Gbps\n\n\ndef plan() -> int:\n    return MINIMUM\n\n\n"
            "# Gbps; arbitrarily chosen\nMINIMUM = 0.01  # the floor\n\n\ndef other() -> None:\n    pass\n",
            fixed="import os\n\nMAX_TRAFFIC = 100  # Gbps\n# Gbps; arbitrarily chosen\nMINIMUM = 0.01  # the floor\n\n\n"
            "def plan() -> int:\n    return MINIMUM\n\n\ndef other() -> None:\n    pass\n",
        ),
        Invalid(
            "import os\n\n\ndef plan() -> int:\n    return LIMITS[0]\n\n\nLIMITS = (\n    1,  # low\n    5,\n)\n",
            fixed="import os\n\nLIMITS = (\n    1,  # low\n    5,\n)\n\n\ndef plan() -> int:\n    return LIMITS[0]\n",
        ),
        Invalid(
            '"""Plans."""\r\n\r\n\r\nclass Plan:\r\n    pass\r\n\r\n\r\nNAME: str = "plan"\r\n',
            fixed='"""Plans."""\r\nNAME: str = "plan"\r\n\r\n\r\nclass Plan:\r\n    pass\r\n',
        ),
        # Not a pure literal: reported, not moved.
        Invalid("import os\n\n\ndef plan() -> None:\n    pass\n\n\nHOME = os.environ['HOME']\n"),
        # Read at import time before its definition: moving would change what that code sees.
        Invalid("def plan(limit=LIMIT) -> None:\n    pass\n\n\nLIMIT = 5\n"),
        Invalid("@decorate\nclass Plan:\n    pass\n\n\nA = B = 1\n", count=1),
        # Depends only on another misplaced constant: both can move up (only the pure literal by the fix).
        Invalid("def plan() -> int:\n    return LIMIT\n\n\nBASE = 10  # Gbps\nLIMIT = BASE * 2\n", count=2),
        # Depends on a constant that stays at the top.
        Invalid("import os\n\nBASE = 10  # Gbps\n\n\ndef plan() -> None:\n    pass\n\n\nLIMIT = BASE * 2\n"),
        # `plan()` runs at import time before the old place and reads LIMIT: moving it changes what it sees.
        Invalid(
            "def plan() -> int:\n    return LIMIT\n\n\nDEFAULT = plan() if False else 0\nLIMIT = 5\n",
            fixed="LIMIT = 5\ndef plan() -> int:\n    return LIMIT\n\n\nDEFAULT = plan() if False else 0\n",
            fix_safety=FixSafety.UNSAFE,
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        body = node.body
        definitions = [
            index for index, statement in enumerate(body) if isinstance(statement, (cst.FunctionDef, cst.ClassDef))
        ]
        if not definitions:
            return
        first_definition, last_definition = definitions[0], definitions[-1]
        candidates = [
            (index, cst.ensure_type(statement, cst.SimpleStatementLine))
            for index, statement in enumerate(body)
            if index > first_definition and is_constant_assignment(statement) and self._is_screaming(statement)
        ]
        if not candidates:
            return
        binding_counts: Dict[str, int] = {}
        bound_later: Set[str] = set()
        for index, statement in enumerate(body):
            for bound, _ in _module_scope_bindings(statement):
                binding_counts[bound] = binding_counts.get(bound, 0) + 1
                if index >= first_definition:
                    bound_later.add(bound)
        constants = {
            index: statement
            for index, statement in candidates
            if self._is_constant(statement, binding_counts) and not self._is_test_data_at_end(statement, index, last_definition)
        }
        immovable = bound_later - _movable_names(constants.values(), bound_later)
        for index, statement in constants.items():
            self._check(index, statement, immovable)

    @staticmethod
    def _is_screaming(statement: cst.BaseStatement) -> bool:
        targets, _, _ = _assignment_parts(cst.ensure_type(statement, cst.SimpleStatementLine))
        return all(_SCREAMING.fullmatch(target.value) for target in targets)

    def _is_constant(self, statement: cst.SimpleStatementLine, binding_counts: Dict[str, int]) -> bool:
        """Bound once, never `global` in a function, not a type-system object (those stay by what they type)."""
        targets, value, _ = _assignment_parts(statement)
        names = [target.value for target in targets]
        if any(binding_counts.get(name, 0) > 1 for name in names) or self._declared_global(names):
            return False
        return not (isinstance(value, cst.Call) and _call_name(value) in _TYPING_FACTORIES)

    def _is_test_data_at_end(self, statement: cst.SimpleStatementLine, index: int, last_definition: int) -> bool:
        """The guide's large test data: "Module-level test events (at end of file)" (Test Data Organization)."""
        _, value, _ = _assignment_parts(statement)
        return self.source.is_test_file and index > last_definition and data_literal(value) is not None

    def _check(self, index: int, statement: cst.SimpleStatementLine, immovable: Set[str]) -> None:
        targets, value, annotation = _assignment_parts(statement)
        names = [target.value for target in targets]
        if _names_in(value) & immovable:
            return
        fixes: List[Fix] = []
        if is_pure_literal(value) and not (annotation is not None and _names_in(annotation) & immovable):
            fix = self._move_fix(index, statement, set(names))
            if fix is not None:
                fixes.append(fix)
        self.report(targets[0], fixes=fixes, name=names[0])

    def _declared_global(self, names: Sequence[str]) -> bool:
        text = self.source.text
        if "global" not in text:
            return False
        return any(re.search(rf"^\s*global\b[^\n#]*\b{re.escape(name)}\b", text, re.MULTILINE) for name in names)

    def _move_fix(self, index: int, statement: cst.SimpleStatementLine, names: Set[str]) -> Optional[Fix]:
        module = self.context.module
        eager = _EagerNames()
        for earlier in module.body[:index]:
            eager.walk(earlier)
        if eager.names & (names | _NAMESPACE_INTROSPECTION):
            return None
        # A function that reads the constant, called at import time before the old place, saw it unbound.
        defined_before = {
            earlier.name.value for earlier in module.body[:index] if isinstance(earlier, (cst.FunctionDef, cst.ClassDef))
        }
        read_before = set().union(*(_names_in(earlier) for earlier in module.body[:index]))
        may_run_early = bool(names & read_before) and bool(eager.calls & defined_before)
        safety = FixSafety.UNSAFE if may_run_early else FixSafety.SAFE
        insertion = constant_insertion_point(self.context)
        lines = lines_to_move(self.context, statement)
        moved = lines.text
        if follows_import(self.context, insertion) or lines.banner:
            moved = self.source.newline + moved
        removal = self._removal_range(lines.first_line, lines.last_line)
        return self.fix(
            "Move the constant up to the module's constants",
            safety,
            self.insert_at(insertion, moved),
            Edit(removal, ""),
        )

    def _removal_range(self, first_line: int, last_line: int) -> TextRange:
        """The moved lines, plus the blank lines that would otherwise pile up: those after them when blank
        lines precede them, or those before them at the end of the file."""
        lines = self.source.lines
        blank = [not line.strip() for line in lines]
        following = last_line + 1
        while following < len(lines) and blank[following]:
            following += 1
        at_end = following >= len(lines) or (following == len(lines) - 1 and not lines[following])
        if at_end:
            start = first_line
            while start > 0 and blank[start - 1]:
                start -= 1
            end = self.source.position(len(self.source.text))
            if start == first_line:
                return TextRange(Position(first_line, 0), end)
            previous = start - 1
            return TextRange(Position(previous, len(lines[previous])), Position(last_line, len(lines[last_line])))
        if first_line == 0 or blank[first_line - 1]:
            return TextRange(Position(first_line, 0), Position(following, 0))
        return TextRange(Position(first_line, 0), Position(last_line + 1, 0))
