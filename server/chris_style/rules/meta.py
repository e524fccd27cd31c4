"""Section 12 of the guide: Meta Patterns."""

import re
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.constants import compared_operand, extract_constant, is_pure_literal, is_sleep_call
from chris_style.linting.edits import constant_insertion_point, follows_import, has_from_import, is_constant_assignment
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.rule import Edit, Files, Fix, FixSafety, Invalid, Rule, RuleContext, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import block_statements, target_names

# SCREAMING_SNAKE_CASE, optionally private (`_MAX_SIZE`).
_SCREAMING = re.compile(r"_*[A-Z][A-Z0-9_]*")
# Module-level names whose use before a constant means the module inspects its own namespace.
_NAMESPACE_INTROSPECTION = frozenset({"globals", "vars", "locals", "dir", "eval", "exec"})
# Calls whose result is a type-system object rather than a value (kept next to what they describe).
_TYPING_FACTORIES = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple", "NewType"})
# `from time import sleep` / `from asyncio import sleep` make a bare `sleep(5)` the sleep of CS1202.
_SLEEP_MODULES = ("time", "asyncio")
# Values that are not magic: identities, the first counts, halving/doubling.
_PLAIN_NUMBERS = frozenset({0, 1, -1, 2})
# Keywords whose numbers describe code structure, not tunable values: `warnings.warn(..., stacklevel=3)`,
# `text.split(",", maxsplit=3)`, `int(text, base=16)`.
_STRUCTURAL_KEYWORDS = frozenset({"stacklevel", "maxsplit", "base"})
# `len(parts) == 3` below this bound is an arity check (a tuple's shape), not a threshold such as 512.
_ARITY_LIMIT = 10
# A variable holding a length (`len_rv`, `parts_length`), compared like `len(...)`.
_LENGTH_WORD = re.compile(r"(^|_)(len|length)(_|$)")
# HTTP status codes compared with a status (`response.status_code == 404`) are names already.
_HTTP_STATUS_RANGE = range(100, 600)
# Well-known ports compared with a port (`port == 443`) say what they are.
_WELL_KNOWN_PORTS = frozenset({21, 22, 25, 53, 80, 443, 8080, 8443})
# Version parts compared in compatibility checks (`minor >= 21`, `win_version.build >= 15063`).
_VERSION_PARTS = frozenset({"major", "minor", "micro", "patch", "releaselevel"})
# The calls that return a resource to close, by qualified name (the catalog's list, plus `io.open`, which
# is the builtin `open`).
RESOURCE_CALLS = frozenset(
    {"open", "io.open", "tarfile.open", "zipfile.ZipFile", "tempfile.NamedTemporaryFile", "socket.socket"}
)
# Callees that take ownership of a resource passed to them (they close it, or keep it for later).
_OWNERSHIP_CALLS = frozenset(
    {
        "enter_context", "closing", "push", "callback", "register", "append", "appendleft", "add", "extend",
        "insert", "put", "put_nowait", "setdefault", "update", "finalize", "addCleanup", "setattr",
        "wrap_socket", "add_done_callback", "partial",
    }
)


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


class _EagerNames(cst.CSTVisitor):
    """Names read by code that runs at import time: module statements and class bodies, decorators,
    defaults and annotations of functions, but not function bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.names: Set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        for decorator in node.decorators:
            decorator.visit(self)
        node.params.visit(self)
        if node.returns is not None:
            node.returns.visit(self)
        return False


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
    count. Not reported: `__all__`; a constant whose value reads a name the module defines itself (a
    function, a class, another assignment: it depends on that definition and cannot move above it); a
    `TypeVar`/`NewType`/`ParamSpec`, which belongs next to what it types; a name the module binds more than
    once or declares `global` in a function (a variable, not a constant).

    Fix (safe): only when the value is a pure literal (numbers, strings, bytes, True/False/None, containers
    of those), the assignment moves, with its trailing comment and the comment lines directly above it, to
    the end of the import/constant block. A pure literal depends on nothing, so evaluating it earlier is the
    same; the move is offered only when nothing could see the difference: the name has no other binding in
    the module, is not `global` in any function, and no code that runs at import time before the old place
    reads it (module statements, class bodies, decorators, defaults, annotations); nor does that code inspect
    the namespace (`globals()`, `vars()`, `dir()`, `eval`, `exec`). Uses inside function bodies run later and
    do not matter. The annotation, if any, must read only imported names.
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
    ]

    def visit_Module(self, node: cst.Module) -> None:
        body = node.body
        first_definition = next(
            (index for index, statement in enumerate(body) if isinstance(statement, (cst.FunctionDef, cst.ClassDef))),
            None,
        )
        if first_definition is None:
            return
        candidates = [
            (index, statement)
            for index, statement in enumerate(body)
            if index > first_definition and is_constant_assignment(statement) and self._is_screaming(statement)
        ]
        if not candidates:
            return
        binding_counts: Dict[str, int] = {}
        defined: Set[str] = set()
        for statement in body:
            for bound, is_import in _module_scope_bindings(statement):
                binding_counts[bound] = binding_counts.get(bound, 0) + 1
                if not is_import:
                    defined.add(bound)
        for index, statement in candidates:
            self._check(index, cst.ensure_type(statement, cst.SimpleStatementLine), binding_counts, defined)

    @staticmethod
    def _is_screaming(statement: cst.BaseStatement) -> bool:
        targets, _, _ = _assignment_parts(cst.ensure_type(statement, cst.SimpleStatementLine))
        return all(_SCREAMING.fullmatch(target.value) for target in targets)

    def _check(
        self, index: int, statement: cst.SimpleStatementLine, binding_counts: Dict[str, int], defined: Set[str]
    ) -> None:
        targets, value, annotation = _assignment_parts(statement)
        names = [target.value for target in targets]
        if any(binding_counts.get(name, 0) > 1 for name in names) or self._declared_global(names):
            return
        if isinstance(value, cst.Call) and _call_name(value) in _TYPING_FACTORIES:
            return
        if _names_in(value) & defined:
            return
        fixes: List[Fix] = []
        if is_pure_literal(value) and not (annotation is not None and _names_in(annotation) & defined):
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
            earlier.visit(eager)
        if eager.names & (names | _NAMESPACE_INTROSPECTION):
            return None
        insertion = constant_insertion_point(self.context)
        statement_range = self.context.range_of(statement)
        comments = 0
        for line in reversed(statement.leading_lines):
            if line.comment is None:
                break
            comments += 1
        first_line = statement_range.start.line - comments
        last_line = statement_range.end.line
        moved = self.source.slice(TextRange(Position(first_line, 0), Position(last_line + 1, 0)))
        if not moved.endswith(("\n", "\r")):
            moved += self.source.newline
        if follows_import(self.context, insertion):
            moved = self.source.newline + moved
        removal = self._removal_range(first_line, last_line)
        return self.fix(
            "Move the constant up to the module's constants",
            FixSafety.SAFE,
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


def _call_name(call: cst.Call) -> str:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return ""


def _in_function_body(ancestors: Sequence[cst.CSTNode]) -> bool:
    """True when the node sits in the body of a function (not in its decorators, defaults or annotations)."""
    for index, ancestor in enumerate(ancestors[:-1]):
        if isinstance(ancestor, cst.FunctionDef) and ancestors[index + 1] is ancestor.body:
            return True
    return False


class MagicNumberInFunction(Rule):
    """A number inside a function that should be a named module-level constant.

    Reported inside a function body, for a numeric literal other than 0, 1, -1 and 2 that is compared against
    (`if retries > 5:`), passed as a keyword argument (`timeout=30`), or passed to `time.sleep`/`asyncio.sleep`.
    The guide wants tunable values as SCREAMING_SNAKE_CASE constants after the imports, with a comment saying
    why that value (Module-Level Constants, Hardcoded Values Documentation). It is a heuristic, so it sits one
    priority below its CRITICAL guideline. Test files are not checked; nor are default values of parameters
    (they already have a name), decorators, and code outside functions.

    Fix (unsafe, the name being a guess): extract the number to a constant named from the keyword
    (`TIMEOUT`), from what it is compared with (`retries > 5` → `MAX_RETRIES`) or `SLEEP_SECONDS`, placed
    with the other constants and commented `# TODO: why this value?`; the literal becomes the name. A name
    already used anywhere in the file gets a `_2` suffix. The editor's "Extract constant" refactoring does
    the same on any literal.
    """

    code = "CS1202"
    name = "magic-number-in-function"
    priority = Priority.PREFERRED
    priority_note = "A heuristic under the CRITICAL Module-Level Constants guideline: one level lower so it never cries wolf."
    guideline = Guideline.MODULE_LEVEL_CONSTANTS
    message = "Magic number {value} {context}: name it as a module-level constant"
    files = Files.NOT_TESTS
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "MAX_RETRIES = 5  # the service recovers within five attempts\n\n\n"
        "def run(retries: int) -> bool:\n    return retries > MAX_RETRIES\n",
        "def run(values: List[int]) -> bool:\n    return len(values) > 2 and values[0] == 0 and values[-1] != -1\n",
        "def run(timeout: int = 30) -> None:\n    pass\n",
        "def run(values: List[int]) -> int:\n    return values[3] * 60\n",
        "LIMIT = 50\nok = LIMIT > 10\n",
        "class Plan:\n    size = compute(width=80)\n",
        "@retry(times=5)\ndef run() -> None:\n    pass\n",
        "def warn() -> None:\n    warnings.warn('old', DeprecationWarning, stacklevel=3)\n",
        "def parse(parts: List[str]) -> bool:\n    return len(parts) == 3 or len(parts) < 4\n",
        "def parse(rv: tuple) -> bool:\n    len_rv = len(rv)\n    return len_rv == 3\n",
        "def check(response: Response) -> bool:\n    return response.status_code == 404 or 400 <= response.status_code < 500\n",
        "def secure(url: URL) -> bool:\n    return url.port == 443\n",
        "def compatible(major: int, minor: int) -> None:\n    assert minor >= 21\n    assert sys.version_info.minor > 7\n",
        Valid("def test_WHEN_run_THEN_retries() -> None:\n    assert 5 == run(timeout=30)\n", path="tests/test_run.py"),
    ]
    INVALID = [
        Invalid(
            "import time\n\n\ndef poll() -> None:\n    time.sleep(5)\n",
            fixed="import time\n\nSLEEP_SECONDS = 5  # TODO: why this value?\n\n\ndef poll() -> None:\n    time.sleep(SLEEP_SECONDS)\n",
        ),
        Invalid(
            "import requests\n\nTIMEOUT = 10  # seconds\n\n\ndef get(url: str) -> None:\n    requests.get(url, timeout=30)\n",
            fixed="import requests\n\nTIMEOUT = 10  # seconds\nTIMEOUT_2 = 30  # TODO: why this value?\n\n\n"
            "def get(url: str) -> None:\n    requests.get(url, timeout=TIMEOUT_2)\n",
        ),
        Invalid(
            "def check(retries: int) -> None:\n    if retries > 5:\n        raise RuntimeError()\n",
            fixed="MAX_RETRIES = 5  # TODO: why this value?\ndef check(retries: int) -> None:\n"
            "    if retries > MAX_RETRIES:\n        raise RuntimeError()\n",
        ),
        Invalid(
            "def check(self) -> bool:\n    return -3 <= self.offset < 3.5\n",
            count=2,
        ),
        Invalid(
            "async def poll() -> None:\n    await asyncio.sleep(0.5)\n",
            fixed="SLEEP_SECONDS = 0.5  # TODO: why this value?\nasync def poll() -> None:\n    await asyncio.sleep(SLEEP_SECONDS)\n",
        ),
        Invalid(
            "def outer() -> None:\n    def inner(items: List[int]) -> bool:\n        return len(items) >= 512\n",
            fixed="MAX_ITEMS = 512  # TODO: why this value?\ndef outer() -> None:\n"
            "    def inner(items: List[int]) -> bool:\n        return len(items) >= MAX_ITEMS\n",
        ),
        Invalid("def show(data: dict) -> str:\n    return json.dumps(data, indent=4)\n"),
    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._sleep_names: Optional[Set[str]] = None

    def visit_Integer(self, node: cst.Integer) -> None:
        self._check(node)

    def visit_Float(self, node: cst.Float) -> None:
        self._check(node)

    def _check(self, node: cst.BaseNumber) -> None:
        ancestors = self.context.ancestors
        if not ancestors:
            return
        literal: cst.BaseExpression = node
        value = node.evaluated_value
        parent = ancestors[-1]
        if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, (cst.Minus, cst.Plus)):
            literal = parent
            value = -value if isinstance(parent.operator, cst.Minus) else value
            ancestors = ancestors[:-1]
        if value in _PLAIN_NUMBERS:
            return
        where = self._context_of(literal, ancestors)
        if where is None or not _in_function_body(ancestors) or self._self_explanatory(literal, ancestors, value):
            return
        fixes: List[Fix] = []
        extracted = extract_constant(self.context, literal, ancestors)
        if extracted is not None:
            fixes.append(self.fix(f"Extract constant `{extracted.name}`", FixSafety.UNSAFE, *extracted.edits))
        self.report(literal, fixes=fixes, value=self.context.code_for(literal).strip(), context=where)

    def _self_explanatory(self, literal: cst.BaseExpression, ancestors: Sequence[cst.CSTNode], value: float) -> bool:
        """Numbers whose role is plain from where they stand (see the constants above)."""
        parent = ancestors[-1]
        if isinstance(parent, cst.Arg):
            return parent.keyword is not None and parent.keyword.value in _STRUCTURAL_KEYWORDS
        compared = compared_operand(literal, ancestors)
        if compared is None:
            return False
        operand = compared[0]
        text = self.context.code_for(operand).lower()
        last = re.split(r"\W+", text.strip())[-1] if text.strip() else ""
        is_length = isinstance(operand, cst.Call) and isinstance(operand.func, cst.Name) and operand.func.value == "len"
        if is_length or _LENGTH_WORD.search(last):
            return abs(value) < _ARITY_LIMIT
        if "status" in text and value in _HTTP_STATUS_RANGE:
            return True
        if "port" in text and value in _WELL_KNOWN_PORTS:
            return True
        return "version" in text or last in _VERSION_PARTS

    def _context_of(self, literal: cst.BaseExpression, ancestors: Sequence[cst.CSTNode]) -> Optional[str]:
        parent = ancestors[-1]
        if isinstance(parent, cst.Arg) and parent.value is literal:
            if parent.keyword is not None:
                return f"passed as `{parent.keyword.value}=`"
            call = ancestors[-2] if len(ancestors) > 1 else None
            is_first_argument = isinstance(call, cst.Call) and call.args[0] is parent
            if is_first_argument and self._is_sleep(cst.ensure_type(call, cst.Call)):
                return "passed to sleep()"
            return None
        if isinstance(parent, cst.Comparison) and parent.left is literal:
            return "in a comparison"
        if isinstance(parent, cst.ComparisonTarget) and parent.comparator is literal:
            return "in a comparison"
        return None

    def _is_sleep(self, call: cst.Call) -> bool:
        if is_sleep_call(call):
            return True
        if not (isinstance(call.func, cst.Name) and call.func.value == "sleep"):
            return False
        module = self.context.module
        return any(has_from_import(module, owner, "sleep") for owner in _SLEEP_MODULES)


class _ResourceUses:
    """How a function body uses a local that holds a resource: whether the resource escapes the function
    (returned, yielded, stored, handed to an owner, used by a nested function, managed by `with`) and
    whether a `finally` closes it."""

    def __init__(self, body: cst.BaseSuite, name: str) -> None:
        self.name = name
        self.escapes = False
        self.closed_in_finally = False
        self._walk(body)

    def _walk(self, body: cst.BaseSuite) -> None:
        stack: List[Tuple[cst.CSTNode, Tuple[cst.CSTNode, ...]]] = [(body, ())]
        while stack and not self.escapes:
            node, ancestors = stack.pop()
            if isinstance(node, cst.Name) and node.value == self.name:
                self._use(node, ancestors)
            elif isinstance(node, (cst.Global, cst.Nonlocal)):
                if any(item.name.value == self.name for item in node.names):
                    self.escapes = True
            inner = ancestors + (node,)
            stack.extend((child, inner) for child in tree.children(node))

    def _use(self, node: cst.Name, ancestors: Tuple[cst.CSTNode, ...]) -> None:
        scopes = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
        nested = [ancestor for ancestor in ancestors if isinstance(ancestor, scopes)]
        if nested:
            if not any(_binds_parameter(function, self.name) for function in nested):
                self.escapes = True  # a closure keeps it
            return
        parent = ancestors[-1]
        if isinstance(parent, cst.Attribute) and parent.value is node:
            grandparent = ancestors[-2] if len(ancestors) > 1 else None
            if parent.attr.value == "close":
                if isinstance(grandparent, cst.Call) and any(isinstance(a, cst.Finally) for a in ancestors):
                    self.closed_in_finally = True
                elif isinstance(grandparent, cst.Arg):
                    self.escapes = True  # `atexit.register(f.close)`, `stack.callback(f.close)`
            return
        if isinstance(parent, (cst.Subscript, cst.Comparison, cst.ComparisonTarget, cst.Del, cst.AssignTarget)):
            return
        if isinstance(parent, cst.Arg):
            call = ancestors[-2] if len(ancestors) > 1 else None
            if isinstance(call, cst.Call) and _takes_ownership(call):
                self.escapes = True
            elif any(isinstance(ancestor, (cst.Return, cst.Yield)) for ancestor in ancestors):
                self.escapes = True  # returned inside whatever the call builds (`return csv.reader(f)`)
            return
        if isinstance(parent, (cst.Return, cst.Yield, cst.From, cst.Element, cst.DictElement, cst.Assign, cst.AnnAssign,
                               cst.NamedExpr, cst.WithItem, cst.StarredElement, cst.IfExp, cst.BooleanOperation)):
            self.escapes = True


def _takes_ownership(call: cst.Call) -> bool:
    name = _call_name(call)
    return name in _OWNERSHIP_CALLS or name.lstrip("_")[:1].isupper()


def _binds_parameter(function: cst.CSTNode, name: str) -> bool:
    """True for a nested function or lambda with a parameter called `name` (a different variable)."""
    params = getattr(function, "params", None)
    if not isinstance(params, cst.Parameters):
        return False
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    for extra in (params.star_arg, params.star_kwarg):
        if isinstance(extra, cst.Param):
            every.append(extra)
    return any(param.name.value == name for param in every)


class ResourceWithoutContextManager(Rule):
    """A file, archive, temporary file or socket is opened into a local variable outside a `with` block.

    The guide (Context Management): "Uses context managers (with statements) appropriately", as in
    `with tarfile.open(path, "w:gz") as tar:`. Without `with`, an exception between opening and `close()`
    leaks the resource. Reported: `open(...)`, `io.open`, `tarfile.open`, `zipfile.ZipFile`,
    `tempfile.NamedTemporaryFile` and `socket.socket` assigned to a local name in a function.

    Precision first, it is not reported when the function hands the object on, since its lifetime then
    ends elsewhere: returned or yielded (also inside a tuple or a wrapper), stored (on `self`, in another
    variable or a container), passed to something that takes ownership (`stack.enter_context(f)`,
    `closing(f)`, a class such as `TextIOWrapper(f)`, `files.append(f)`), used by a nested function, or
    managed by a later `with f:`. Nor when a `finally` block calls `f.close()`: that is exception-safe.
    Module-level and class-level code is not checked, nor an `open` the module defines or imports itself.
    """

    code = "CS1203"
    name = "resource-without-context-manager"
    priority = Priority.PREFERRED
    guideline = Guideline.CONTEXT_MANAGEMENT
    message = "`{name} = {call}(...)` is not closed by a `with` block: use `with {call}(...) as {name}:`"
    VALID = [
        "import tarfile\n\n\ndef pack(path: str) -> None:\n    with tarfile.open(path, 'w:gz') as tar:\n        tar.add('.')\n",
        "def load(path: str) -> IO[str]:\n    handle = open(path)\n    return handle\n",
        "def load(self, path: str) -> None:\n    handle = open(path)\n    self._handle = handle\n",
        "def read(path: str) -> str:\n    handle = open(path)\n    try:\n        return handle.read()\n    finally:\n        handle.close()\n",
        "def lines(path: str) -> Iterator[str]:\n    handle = open(path)\n    yield from handle\n",
        "def stream(path: str, stack: ExitStack) -> None:\n    handle = open(path)\n    stack.enter_context(handle)\n",
        "def wrap(path: str) -> TextIO:\n    raw = open(path, 'rb')\n    return io.TextIOWrapper(raw)\n",
        "def pair(path: str) -> Tuple[IO[str], int]:\n    handle = open(path)\n    return handle, 1\n",
        "def later(path: str) -> None:\n    handle = open(path)\n    atexit.register(handle.close)\n",
        "from gzip import open\n\n\ndef load(path: str) -> bytes:\n    handle = open(path)\n    return handle.read()\n",
        "handle = open('settings.txt')\n",
        "def track(path: str) -> Reader:\n    handle = io.open(path, 'rb')\n    return _Reader(handle, close_handle=True)\n",
        "def output(path: str) -> IO[str]:\n    handle = sys.stdout if path == '-' else open(path, 'w')\n    return handle\n",
    ]
    INVALID = [
        Invalid(
            "def read(path: str) -> str:\n    handle = open(path)\n    data = handle.read()\n    handle.close()\n"
            "    return data\n"
        ),
        Invalid(
            "import json\n\n\ndef save(path: str, data: dict) -> None:\n    out = open(path, 'w')\n    json.dump(data, out)\n"
        ),
        Invalid(
            "import tarfile\n\n\ndef pack(path: str) -> None:\n    tar = tarfile.open(path, 'w:gz')\n    tar.add('.')\n"
            "    tar.close()\n"
        ),
        Invalid(
            "from zipfile import ZipFile\n\n\ndef names(path: str) -> List[str]:\n    archive = ZipFile(path)\n"
            "    return archive.namelist()\n"
        ),
        Invalid("import socket\n\n\ndef ping(host: str) -> None:\n    sock = socket.socket()\n    sock.connect((host, 80))\n"),
        # The nested function's `sock` parameter is another variable.
        Invalid(
            "import socket\n\n\ndef ping(host: str) -> None:\n    def handler(sock):\n        sock.recv(10)\n\n"
            "    sock = socket.socket()\n    sock.connect((host, 80))\n    sock.close()\n"
        ),
        Invalid(
            "import tempfile\n\n\ndef scratch() -> str:\n    tmp = tempfile.NamedTemporaryFile(delete=False)\n"
            "    tmp.write(b'x')\n    tmp.close()\n    return tmp.name\n"
        ),
    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._imports: Dict[str, str] = {}
        self._names: Optional[ModuleNames] = None

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._imports[alias.asname.name.value] = alias.evaluated_name

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = self.context.code_for(node.module)
        for alias in node.names:
            local = alias.evaluated_alias or alias.evaluated_name
            self._imports[local] = f"{module}.{alias.evaluated_name}"

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._check(node.targets[0].target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._check(node.target.value, node.value)

    def _qualified(self, func: cst.BaseExpression) -> str:
        parts: List[str] = []
        while isinstance(func, cst.Attribute):
            parts.append(func.attr.value)
            func = func.value
        if not isinstance(func, cst.Name):
            return ""
        head = self._imports.get(func.value, func.value)
        return ".".join([head, *reversed(parts)])

    def _check(self, name: str, value: cst.BaseExpression) -> None:
        if not isinstance(value, cst.Call):
            return
        qualified = self._qualified(value.func)
        if qualified not in RESOURCE_CALLS:
            return
        function = self.context.enclosing_function()
        if function is None or not _in_function_body(self.context.ancestors):
            return
        if qualified == "open" and self._open_is_shadowed(function):
            return
        uses = _ResourceUses(function.body, name)
        if uses.escapes or uses.closed_in_finally:
            return
        self.report(value, name=name, call=self.context.code_for(value.func))

    def _open_is_shadowed(self, function: cst.FunctionDef) -> bool:
        if self._names is None:
            self._names = self.context.facts.module_names
        params = function.params
        parameters = [*params.posonly_params, *params.params, *params.kwonly_params]
        return self._names.binds("open") or any(param.name.value == "open" for param in parameters)
