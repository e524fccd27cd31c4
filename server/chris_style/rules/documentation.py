"""Section 3 of the guide: Documentation Philosophy."""

import fnmatch
import io
import re
import tokenize
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import Files, Fix, FixSafety, Invalid, Rule, RuleContext, Valid
from chris_style.linting.source import Position, TextRange

Assignment = Union[cst.Assign, cst.AnnAssign]
# `if __name__ == "__main__":`, either way round.
MAIN_TEST = m.Comparison(
    left=m.Name("__name__"), comparisons=[m.ComparisonTarget(operator=m.Equal(), comparator=m.SimpleString())]
) | m.Comparison(
    left=m.SimpleString(), comparisons=[m.ComparisonTarget(operator=m.Equal(), comparator=m.Name("__name__"))]
)
# Comments that talk to tools, not to readers: they document nothing.
PRAGMA_PATTERN = re.compile(
    r"^#\s*(noqa\b|type:|pragma\b|pylint:|fmt:|isort:|mypy:|pyright:|ruff:|nosec\b|flake8\b|-\*-|!)", re.I
)

# CS301 missing-docstring.
# Decorators saying the function's documentation lives elsewhere: on the overridden method, or on the
# implementation that follows the typing overloads.
DOCUMENTED_ELSEWHERE_DECORATORS = frozenset({"override", "overload"})
DOCSTRING_QUOTES = '"""'
# A class docstring documents how to construct the class (PEP 257), so `__init__` needs none of its own then.
CONSTRUCTOR_NAME = "__init__"

# CS302 structured-docstring.
SPHINX_FIELD_PATTERN = re.compile(
    r"^[ \t]*(:(?:param|parameter|arg|argument|key|keyword|type|raises?|except|exception|returns?|rtype|"
    r"yields?|ytype|ivar|cvar|var|vartype)\b[^:\n]*:)",
    re.M,
)
GOOGLE_SECTION_PATTERN = re.compile(
    r"^([ \t]*)(Args|Arguments|Keyword Args|Keyword Arguments|Parameters|Returns|Return|Raises|Yields|Yield|"
    r"Attributes):[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]*)\S",
    re.M,
)
NUMPY_SECTION_PATTERN = re.compile(
    r"^[ \t]*(Parameters|Other Parameters|Returns|Yields|Receives|Raises|Warns)[ \t]*\r?\n[ \t]*-{3,}[ \t]*$",
    re.M,
)

# CS303 comment-restates-code: its vocabulary.
# Beyond this many meaningful words a comment says more than the statement can restate.
MAX_RESTATING_WORDS = 6
# "Nearly all" distinct meaningful words must restate the statement: all of up to four, all but one of five
# or six.
RESTATING_SHARE = 0.8
# A single word above a statement is a heading (`# Identifiers`, `# head_row`), not a restatement.
MIN_RESTATING_TOKENS = 2
# Shorter stems than this match only exactly: `add` must not match `address`.
MIN_PREFIX_MATCH = 4
POSSESSIVE_PATTERN = re.compile(r"['’]s\b")
WORD_PATTERN = re.compile(r"[A-Za-z]+|[0-9]+(?:\.[0-9]+)?")
IDENTIFIER_PART_PATTERN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# Comments that explain intent, mark work to do or point elsewhere are never restatements.
EXPLAINS_PATTERN = re.compile(
    r"\b(because|since|why|so that|todo|note|fixme|xxx|hack|otherwise|in case|workaround|e\.g|i\.e)\b|https?://|www\.",
    re.I,
)
# Characters that make a comment code-like (commented-out code) or a label (`# TEST: ...`, `# Step 1: ...`).
CODE_OR_LABEL_CHARACTERS = frozenset("=()[]{}<>:;@")
STOPWORDS = frozenset(
    "a an the to of for in on at by with from into onto and or is are be been it its this that these those "
    "we our us my your you then now here there do does just new value values variable some all each every "
    "up simply also finally again".split()
)
# The guide's test step labels speak of "our" mock, test and results (`# Set up our mock`).
TEST_LABEL_PRONOUN = "our"
# In tests, comments starting with these words label the arrange/act/assert steps (`# Set up our mock`,
# `# Run our test`, `# Check our results`): structure, not restatement.
TEST_LABEL_WORDS = frozenset(
    "set setup arrange given prepare create build mock mocks act run runs execute call invoke when trigger do "
    "check checks verify assert then validate expect confirm ensure test tests make".split()
)
# What a comment says for a statement's operations: verbs count only as the comment's first meaningful word
# (the imperative of `# Set the timeout`), so that `# A frozen set of ...` does not read as an assignment;
# nouns count anywhere.
ASSIGN_VERBS = frozenset("set assign store save define initialize initialise init declare update".split())
STATEMENT_VERBS: Dict[type, FrozenSet[str]] = {
    cst.Assign: ASSIGN_VERBS,
    cst.AnnAssign: ASSIGN_VERBS,
    cst.Return: frozenset("return give output".split()),
    cst.Import: frozenset("import load".split()),
    cst.ImportFrom: frozenset("import load".split()),
    cst.Del: frozenset("delete remove del clear drop".split()),
    cst.Raise: frozenset("raise throw fail".split()),
    cst.Assert: frozenset("assert check ensure verify validate confirm".split()),
    cst.Pass: frozenset("pass ignore".split()),
    cst.Break: frozenset("break stop exit leave end quit".split()),
    cst.Continue: frozenset("continue skip".split()),
    cst.Global: frozenset("global".split()),
    cst.Nonlocal: frozenset("nonlocal".split()),
}
STATEMENT_NOUNS: Dict[type, FrozenSet[str]] = {
    cst.Import: frozenset("module library package".split()),
    cst.ImportFrom: frozenset("module library package".split()),
    cst.Raise: frozenset("error exception".split()),
    cst.Pass: frozenset("nothing noop".split()),
    cst.Break: frozenset("loop".split()),
    cst.Continue: frozenset("next loop iteration".split()),
}
AUGMENTED_VERBS: Dict[type, FrozenSet[str]] = {
    cst.AddAssign: frozenset("increment increase add bump accumulate update".split()),
    cst.SubtractAssign: frozenset("decrement decrease subtract reduce update".split()),
    cst.MultiplyAssign: frozenset("multiply scale update".split()),
    cst.DivideAssign: frozenset("divide update".split()),
}
BINARY_VERBS: Dict[type, FrozenSet[str]] = {
    cst.Add: frozenset("add concatenate combine".split()),
    cst.Subtract: frozenset("subtract".split()),
    cst.Multiply: frozenset("multiply".split()),
    cst.Divide: frozenset("divide".split()),
}
BINARY_NOUNS: Dict[type, FrozenSet[str]] = {
    cst.Add: frozenset("plus sum".split()),
    cst.Subtract: frozenset("minus difference".split()),
    cst.Multiply: frozenset("times product".split()),
    cst.Divide: frozenset("ratio".split()),
}
CONTAINER_VERBS = frozenset("create make build initialize init".split())
EXPRESSION_VERBS: Dict[type, FrozenSet[str]] = {
    cst.Call: frozenset("call invoke run execute perform".split()),
    cst.Await: frozenset("await wait".split()),
    cst.Yield: frozenset("yield generate produce".split()),
    cst.List: CONTAINER_VERBS,
    cst.Dict: CONTAINER_VERBS,
    cst.Set: CONTAINER_VERBS,
    cst.Comparison: frozenset("compare check".split()),
}
EXPRESSION_NOUNS: Dict[type, FrozenSet[str]] = {
    cst.Call: frozenset("function method".split()),
    cst.List: frozenset("list array".split()),
    cst.Dict: frozenset("dict dictionary map mapping".split()),
    cst.Set: frozenset("set".split()),
    cst.Tuple: frozenset("tuple pair".split()),
    cst.Comparison: frozenset("equal equals".split()),
}
# Verbs for computing a value: when the statement stores or returns a call's result (`# Compute the total`
# over `total = sum(values)`).
RESULT_VERBS = frozenset("get compute calculate obtain fetch retrieve".split())
# Verbs for reading a value: when the statement just stores or returns an attribute or an item
# (`# Get the user's name` over `name = user.name`).
LOOKUP_VERBS = frozenset("get fetch retrieve read access lookup look".split())
CONSTRUCTOR_VERBS = frozenset("create instantiate construct build make".split())
CONSTRUCTOR_NOUNS = frozenset("instance object".split())
# How a comment spells the small numbers a statement holds (`# Initialize the counter to zero`).
NUMBER_WORDS = {"0": "zero", "1": "one", "2": "two", "3": "three", "10": "ten", "100": "hundred"}
EMPTY_WORDS = frozenset("empty blank".split())
NAME_WORDS: Dict[str, FrozenSet[str]] = {
    "None": frozenset("none null nothing empty".split()),
    "True": frozenset("true enable enabled on yes".split()),
    "False": frozenset("false disable disabled off no".split()),
}
# Words of a called name and the verbs a comment would use for them.
IDENTIFIER_SYNONYMS: Dict[str, FrozenSet[str]] = {
    "append": frozenset("add list".split()),
    "open": frozenset("file".split()),
    "read": frozenset("file".split()),
    "write": frozenset("file".split()),
    "sleep": frozenset("wait second seconds".split()),
    "extend": frozenset("add".split()),
    "insert": frozenset("add".split()),
    "get": frozenset("fetch retrieve read obtain grab".split()),
    "pop": frozenset("remove take".split()),
    "remove": frozenset("delete".split()),
    "len": frozenset("length count size number".split()),
    "str": frozenset("string convert".split()),
    "int": frozenset("integer convert".split()),
    "print": frozenset("log output display show".split()),
    "sort": frozenset("order".split()),
    "sorted": frozenset("sort order".split()),
    "join": frozenset("combine concatenate".split()),
    "strip": frozenset("trim clean".split()),
    "lower": frozenset("lowercase".split()),
    "upper": frozenset("uppercase".split()),
    "info": frozenset("log".split()),
    "debug": frozenset("log".split()),
    "warning": frozenset("log warn".split()),
    "error": frozenset("log".split()),
    "exception": frozenset("log".split()),
    "os": frozenset("operating system".split()),
    "env": frozenset("environment".split()),
    "environ": frozenset("environment variable".split()),
    "config": frozenset("configuration".split()),
    "cfg": frozenset("config configuration".split()),
    "args": frozenset("arguments".split()),
    "argv": frozenset("arguments".split()),
    "dir": frozenset("directory folder".split()),
    "tmp": frozenset("temporary temp".split()),
    "init": frozenset("initialize initialise".split()),
}

# CS304 undocumented-magic-number.
NUMBER_TYPES = (cst.Integer, cst.Float, cst.Imaginary)
TRIVIAL_NUMBERS = frozenset({0, 1, -1})
ARBITRARY_COMMENT = "# Arbitrarily chosen"
TODO_COMMENT = "# TODO: why this value?"
ENUM_BASE_SUFFIXES = ("Enum", "Flag")
# A unit's size is its definition, not a choice: `KB = 1024`, `HOUR = 60 * 60`, `SECONDS_PER_DAY = 86400`.
UNIT_NAME_PATTERN = re.compile(
    r"^_?(ONE_)?([KMGTP]I?B|BYTES?|(KILO|MEGA|GIGA|TERA|PETA|KIBI|MEBI|GIBI|TEBI)BYTES?|"
    r"(MILLI|MICRO|NANO)?SECONDS?|MS|MINUTES?|HOURS?|DAYS?|WEEKS?|[A-Z]+_(PER|IN)_[A-Z]+)$",
    re.I,
)

# CS305 prompt-template-structure.
PROMPT_NAME_SUFFIXES = ("prompt", "template")
# The guide's prompts are multi-paragraph; below this a string is a one-liner, not a prompt worth sections.
PROMPT_MIN_LINES = 5
# A template-engine source (`{% block %}`) has the engine's structure; it is not an LLM prompt.
JINJA_BLOCK_MARKER = "{%"
XML_SECTION_PATTERN = re.compile(r"<([A-Za-z_][\w.\-]*)(?:\s[^<>]*)?>.*?</\1\s*>", re.S)
STRING_TYPES = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)

# CS306 undocumented-data-literal.
CONTAINER_TYPES = (cst.List, cst.Dict, cst.Set, cst.Tuple)
# Builtins that only freeze or convert a literal written in place: `frozenset({...})`.
LITERAL_WRAPPERS = frozenset({"frozenset", "tuple", "set", "list", "dict", "OrderedDict"})
LITERAL_NAMES = frozenset({"None", "True", "False"})
COMPUTED_TYPES = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.StarredElement, cst.StarredDictElement)
SOURCE_COMMENT = "# Source: "


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _documents(comment_text: str) -> bool:
    """True when a comment says something to a reader: `# noqa: E501  # seconds` does, `# fmt: off` does not."""
    return any(part.strip() and not PRAGMA_PATTERN.match(f"#{part}") for part in comment_text.split("#")[1:])


def _documenting_comment(comment: Optional[cst.Comment]) -> bool:
    return comment is not None and _documents(comment.value)


def _leading_lines(context: RuleContext, statement: cst.BaseStatement) -> Sequence[cst.EmptyLine]:
    """The lines above a statement; libcst keeps those above the module's first statement in its header."""
    if not statement.leading_lines and context.module.body and context.module.body[0] is statement:
        return context.module.header
    return statement.leading_lines


def _comment_directly_above(context: RuleContext, statement: cst.SimpleStatementLine) -> bool:
    """True when the comment lines right above the statement (no blank line between) say something to a
    reader; a pragma such as `# fmt: off` alone does not."""
    for line in reversed(_leading_lines(context, statement)):
        if line.comment is None:
            return False
        if _documenting_comment(line.comment):
            return True
    return False


def _comment_lines(code: str) -> Set[int]:
    """The 1-based rows of `code` (one complete statement) that hold a documenting comment."""
    rows: Set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT and _documents(token.string):
                rows.add(token.start[0])
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return rows
    return rows


def _assignment_targets(node: Assignment) -> List[cst.BaseAssignTargetExpression]:
    if isinstance(node, cst.Assign):
        return [target.target for target in node.targets]
    return [node.target]


def _simple_names(node: Assignment) -> Optional[List[str]]:
    """The assigned names when every target is a plain name, else None."""
    names = []
    for target in _assignment_targets(node):
        if not isinstance(target, cst.Name):
            return None
        names.append(target.value)
    return names


def _statement_line(rule: Rule) -> Optional[cst.SimpleStatementLine]:
    """The statement line holding the small statement being visited."""
    ancestors = rule.context.ancestors
    if ancestors and isinstance(ancestors[-1], cst.SimpleStatementLine):
        return ancestors[-1]
    return None


def _in_main_block(context: RuleContext) -> bool:
    """True under `if __name__ == "__main__":`, where module-level code is a script's, not the module's."""
    return any(isinstance(ancestor, cst.If) and m.matches(ancestor.test, MAIN_TEST) for ancestor in context.ancestors)


def _line_indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _docstring_string(body: Union[cst.BaseSuite, cst.Module]) -> Optional[cst.BaseExpression]:
    """The string expression that opens a module, class or function body, if any."""
    statements: Sequence[cst.CSTNode] = body.body
    if not statements:
        return None
    first = statements[0]
    if isinstance(first, cst.SimpleStatementLine):
        if not first.body:
            return None
        first = first.body[0]
    if isinstance(first, cst.Expr) and isinstance(
        first.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
    ):
        return first.value
    return None


# --- CS301 ----------------------------------------------------------------------------------------------


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


# --- CS302 ----------------------------------------------------------------------------------------------


def structured_form(docstring: str) -> Optional[Tuple[str, str]]:
    """The structured docstring convention a docstring follows, as (style, marker), or None for prose.

    A Google section counts only when its header stands alone on a line and the next text is indented
    deeper, so prose such as "Returns: the plan" stays prose."""
    sphinx = SPHINX_FIELD_PATTERN.search(docstring)
    if sphinx:
        return "Sphinx", sphinx.group(1)
    for google in GOOGLE_SECTION_PATTERN.finditer(docstring):
        if len(google.group(3).expandtabs()) > len(google.group(1).expandtabs()):
            return "Google", f"{google.group(2)}:"
    numpy = NUMPY_SECTION_PATTERN.search(docstring)
    if numpy:
        return "NumPy", f"{numpy.group(1)} ---"
    return None


def _string_text(context: RuleContext, string: cst.BaseExpression) -> str:
    """A docstring's value (escapes resolved, pieces joined), or its source when it cannot be evaluated."""
    value = None
    if isinstance(string, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = string.evaluated_value
        except (ValueError, SyntaxError, UnicodeDecodeError):
            value = None
    return value if isinstance(value, str) else context.code_for(string)


class StructuredDocstring(Rule):
    """A docstring is written in a structured convention: Sphinx, Google or NumPy.

    The guide's Docstring Style (PREFERRED): "Simple triple-quoted explanatory comments, not structured
    docstrings (no Sphinx/Google/NumPy format)". Recognised forms: Sphinx fields at the start of a line
    (`:param x:`, `:returns:`, `:raises E:`, `:rtype:`...), Google sections (`Args:`, `Returns:`, `Raises:`,
    `Yields:`, `Attributes:`... alone on a line, followed by indented text) and NumPy sections (`Parameters`,
    `Returns`, `Raises`... underlined with dashes). Module, class and function docstrings are checked.

    Off when `docstring-style = "structured"` (a project whose published API docs need them, the guide's own
    example of a justified deviation).
    """

    code = "CS302"
    name = "structured-docstring"
    priority = Priority.PREFERRED
    guideline = Guideline.DOCSTRING_STYLE
    message = "{style}-style docstring (`{marker}`): the guide prefers plain explanatory prose"
    VALID = [
        'def plan(traffic: float) -> Plan:\n    """\n    Creates a capacity plan for the indicated traffic.\n'
        '    traffic: the expected traffic in Gbps\n    """\n',
        'def plan() -> Plan:\n    """Returns: the plan, freshly built."""\n',
        'def plan() -> Plan:\n    """Builds the plan. For example:\n        plan()\n    """\n',
        'def plan() -> Plan:\n    """Builds the plan.\n\n    Examples\n    --------\n    plan()\n    """\n',
        'def plan() -> Plan:\n    """Uses :class:`Plan` and :func:`build` to do it."""\n',
        Valid(
            'def plan() -> Plan:\n    """\n    :returns: a plan\n    """\n', settings={"docstring-style": "structured"}
        ),
        "TEMPLATE = '''\n:param x: not a docstring\n'''\n",
    ]
    INVALID = [
        Invalid(
            'def plan(a: int) -> Plan:\n    """Plans.\n\n    :param a: the traffic\n    :returns: the plan\n    """\n'
        ),
        Invalid('def plan(a: int) -> Plan:\n    """Plans.\n\n    Args:\n        a: the traffic\n    """\n'),
        Invalid('def plan(a: int) -> Plan:\n    """Plans.\n\n    Returns:\n        The plan.\n    """\n'),
        Invalid('class Plan:\n    """A plan.\n\n    Parameters\n    ----------\n    a : int\n    """\n'),
        Invalid('"""Plans.\n\n:raises ValueError: when empty\n"""\n'),
        Invalid(
            "def plan(a: int) -> Plan:\r\n    '''Plans.\r\n\r\n    Raises:\r\n        ValueError: never\r\n    '''\r\n"
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._check(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._check(node.body)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._check(node.body)

    def _check(self, body: Union[cst.BaseSuite, cst.Module]) -> None:
        if self.settings.docstring_style == "structured":
            return
        string = _docstring_string(body)
        if string is None:
            return
        form = structured_form(_string_text(self.context, string))
        if form is not None:
            self.report(string, style=form[0], marker=form[1])


# --- CS303 ----------------------------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A crude stem so that `users`/`user`, `creating`/`create`, `parsed`/`parse` compare equal."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def _identifier_words(name: str) -> Iterator[str]:
    for part in name.split("_"):
        for word in IDENTIFIER_PART_PATTERN.findall(part):
            yield word.lower()


def _statement_words(statement: cst.BaseSmallStatement) -> Tuple[Set[str], Set[str]]:
    """Stems of everything a comment could restate about a statement, as (nouns, verbs): its names split into
    words and its literals are nouns; the words for its operations are verbs or nouns as the tables say."""
    nouns: Set[str] = set(STATEMENT_NOUNS.get(type(statement), ()))
    verbs: Set[str] = set(STATEMENT_VERBS.get(type(statement), ()))
    value = statement.value if isinstance(statement, (cst.Assign, cst.AnnAssign, cst.Return)) else None
    if isinstance(value, (cst.Attribute, cst.Subscript)):
        verbs.update(LOOKUP_VERBS)
    elif isinstance(value, (cst.Call, cst.Await)):
        verbs.update(RESULT_VERBS)
    # What is assigned to is not read: `# Store value for access` does not restate `cache[key] = value`.
    targets = {id(target) for target in _small_statement_targets(statement)}
    stack: List[cst.CSTNode] = [statement]
    while stack:
        node = stack.pop()
        stack.extend(tree.children(node))
        kind = type(node)
        if kind is cst.Name:
            name = node.value  # type: ignore[attr-defined]
            nouns.update(NAME_WORDS.get(name, ()))
            for word in _identifier_words(name):
                nouns.add(word)
                nouns.update(IDENTIFIER_SYNONYMS.get(word, ()))
        elif kind is cst.SimpleString:
            nouns.update(WORD_PATTERN.findall(node.value.lower()))  # type: ignore[attr-defined]
        elif kind in (cst.Integer, cst.Float):
            number = node.value.replace("_", "")  # type: ignore[attr-defined]
            nouns.add(number)
            if number in NUMBER_WORDS:
                nouns.add(NUMBER_WORDS[number])
        elif kind is cst.AugAssign:
            verbs.update(AUGMENTED_VERBS.get(type(node.operator), ()))  # type: ignore[attr-defined]
        elif kind is cst.BinaryOperation:
            verbs.update(BINARY_VERBS.get(type(node.operator), ()))  # type: ignore[attr-defined]
            nouns.update(BINARY_NOUNS.get(type(node.operator), ()))  # type: ignore[attr-defined]
        elif id(node) not in targets:
            verbs.update(EXPRESSION_VERBS.get(kind, ()))
            nouns.update(EXPRESSION_NOUNS.get(kind, ()))
            if kind is cst.Call and _is_constructor_call(node):  # type: ignore[arg-type]
                verbs.update(CONSTRUCTOR_VERBS)
                nouns.update(CONSTRUCTOR_NOUNS)
            if kind in (cst.List, cst.Dict, cst.Set, cst.Tuple) and not node.elements:  # type: ignore[attr-defined]
                nouns.update(EMPTY_WORDS)
    return {_stem(word) for word in nouns}, {_stem(word) for word in verbs}


def _is_constructor_call(call: cst.Call) -> bool:
    """A call of a PascalCase name: `S3Client()`, `models.Request(...)`."""
    func = call.func
    called = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
    return called[:1].isupper()


def _small_statement_targets(statement: cst.BaseSmallStatement) -> List[cst.CSTNode]:
    if isinstance(statement, cst.Assign):
        return [target.target for target in statement.targets]
    if isinstance(statement, (cst.AnnAssign, cst.AugAssign)):
        return [statement.target]
    return []


def _meaningful_words(comment: str) -> List[str]:
    text = POSSESSIVE_PATTERN.sub("", comment.lower())
    return [word for word in WORD_PATTERN.findall(text) if word not in STOPWORDS]


def restates(comment_text: str, statement: cst.BaseSmallStatement) -> bool:
    """True when nearly every meaningful word of a short comment restates the statement below it.

    A one-word comment (`# Identifiers`, `# head_row`) is a heading for what follows, not a restatement."""
    if len(comment_text.split()) < MIN_RESTATING_TOKENS:
        return False
    words = _meaningful_words(comment_text)
    if len(set(words)) < MIN_RESTATING_TOKENS or len(words) > MAX_RESTATING_WORDS:
        return False
    nouns, verbs = _statement_words(statement)
    stems = list(dict.fromkeys(_stem(word) for word in words))
    matched = sum(1 for index, stem in enumerate(stems) if (index == 0 and stem in verbs) or _matches(stem, nouns))
    return matched / len(stems) >= RESTATING_SHARE


def _matches(stem: str, nouns: Set[str]) -> bool:
    """Equal stems, or one a prefix of the other (`count`/`counter`, `config`/`configuration`)."""
    if stem in nouns:
        return True
    if len(stem) < MIN_PREFIX_MATCH:
        return False
    return any(len(word) >= MIN_PREFIX_MATCH and (word.startswith(stem) or stem.startswith(word)) for word in nouns)


class CommentRestatesCode(Rule):
    """A short comment only restates the statement right below it.

    The guide's Comment Style (CRITICAL): "Inline comments explain 'why' not 'what'". A comment such as
    `# Increment the retry count` above `retry_count += 1` repeats the code and goes stale with it; say why
    the statement is there, or drop the comment.

    Heuristic: a single full-line comment (not part of a comment block), aligned with and directly above one
    simple statement, with at most 6 meaningful words, nearly all of which restate the statement: its names
    split on `_` and case (a prefix counts: `count`/`counter`), its literals, and words for its operations:
    verbs such as `set` for an assignment, `increment` for `+=`, `return`, `call`, `import`, `create` for a
    constructor call, which count only as the comment's first word (its imperative, so that `# A frozen set
    of cells` is not read as an assignment), and nouns such as `list` for `[]`. Never reported: comments with
    `because`, `since`, `so that`, `why`, `TODO`, `NOTE`, `FIXME`, a URL, or a colon (labels such as
    `# TEST: both specified`, pragmas), comments that look like code, comments of one meaningful word
    (headings such as `# Identifiers` or `# Just a test.`), headings of enum members (`# server errors`), and in tests
    the arrange/act/assert labels (`# Set up our mock`, `# Run our test`, `# Check our results`) and any
    comment above an `assert` (it names what is checked).
    """

    code = "CS303"
    name = "comment-restates-code"
    priority = Priority.PREFERRED
    priority_note = (
        "A heuristic under a CRITICAL guideline: one level lower so that a wrong guess never reads as a must-fix."
    )
    guideline = Guideline.COMMENT_STYLE
    message = "Comment `{comment}` restates the code below it: say why, not what"
    VALID = [
        "# Bedrock throttles aggressively, so retry\nretry_count += 1\n",
        "# Increment the retry count because the first call always fails\nretry_count += 1\n",
        "# TODO: increment retry count\nretry_count += 1\n",
        "# See https://example.com/retry\nretry_count += 1\n",
        "# Increment the retry count\n\nretry_count += 1\n",
        "# Retries are counted per region.\n# Increment the retry count\nretry_count += 1\n",
        "# Increment the retry count\nif retry:\n    retry_count += 1\n",
        "# retry_count = retry_count + 1\nretry_count += 1\n",
        "# Gbps; arbitrarily chosen\nMINIMUM_TRAFFIC = 0.01\n",
        "# Using side_effect for sequences\nmock_call.side_effect = [1, 2]\n",
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    # Set up our mock\n    mock_client = mock.Mock()\n"
            "    # Run our test\n    run_test(mock_client)\n    # Check our results\n"
            "    assert [] == mock_client.call_args_list\n",
            path="tests/test_x.py",
        ),
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    # TEST: Both specified\n    actual = overlap(a, b)\n",
            path="tests/test_x.py",
        ),
        "def run() -> None:\n    # Call the region API once per account\n    call_api(region)\n",
        "class Box:\n    def __init__(self) -> None:\n        # head_row\n        self.head_row_left = row[0]\n",
        "def run() -> None:\n    # Identifiers\n    load_identifiers(attrs)\n",
        "class Status(IntEnum):\n    # server errors\n    INTERNAL_SERVER_ERROR = 500\n",
        "def cache(key: str, value: str) -> None:\n    # Store value for access\n    secrets[key] = value\n",
        "def run() -> None:\n    # Attributes that get auto-loaded\n    self._load_attributes(attrs)\n",
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    # Now, mysh is finally in available shells\n"
            "    assert 'mysh' in click.available_shells\n",
            path="tests/test_x.py",
        ),
        Valid(
            "def test_WHEN_x_THEN_y() -> None:\n    def handler() -> str:\n        # Just a test.\n"
            "        return '/test_handler/'\n",
            path="tests/test_x.py",
        ),
        "def run() -> None:\n    # Wait for the lock holder to finish\n    time.sleep(5)\n",
        "# A frozen set of characters that are a single cell wide\n_SINGLE_CELLS = frozenset(CELLS)\n",
        "def run() -> None:\n    # template globals overlay env globals\n    tmpl = env.get_template('main', g)\n",
    ]
    INVALID = [
        Invalid("# Increment the retry count\nretry_count += 1\n"),
        Invalid("def run() -> None:\n    # Create the S3 client\n    s3_client = S3Client()\n"),
        Invalid("# Import os\nimport os\n"),
        Invalid("def name(self) -> str:\n    # Return the cluster name\n    return self._cluster_name\n"),
        Invalid("# Set timeout to 30\nTIMEOUT = 30\n"),
        Invalid("def run() -> None:\r\n\t# Add user to users\r\n\tusers.append(user)\r\n"),
        Invalid("# Initialize the logger\nlogger = logging.getLogger(__name__)\n"),
        Invalid("def run() -> None:\n    # Increment the counter\n    count += 1\n"),
        Invalid("def run() -> None:\n    # Create an empty list\n    names = []\n"),
        Invalid("def run(user: User) -> str:\n    # Get the user's name\n    name = user.name\n"),
        Invalid("def run() -> None:\n    # Open the file\n    handle = open(path)\n"),
        Invalid("def run() -> None:\n    # Initialize the counter to zero\n    counter = 0\n"),
        Invalid("def run() -> None:\n    # Compute the total\n    total = sum(values)\n"),
        Invalid("# Import the json module\nimport json\n"),
    ]

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        """Cheap structural checks first (one statement, a lone aligned comment right above it), then the
        wording filters, and only then the comparison of words with the statement."""
        if len(node.body) != 1:
            return
        leading = _leading_lines(self.context, node)
        if not leading:
            return
        last = leading[-1]
        if last.comment is None or not last.indent or last.whitespace.value:
            return
        if len(leading) > 1 and leading[-2].comment is not None:
            return
        statement = node.body[0]
        if isinstance(statement, cst.Expr) and isinstance(
            statement.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
        ):
            return
        if isinstance(statement, cst.Assert) and self.source.is_test_file:
            return
        enclosing = self.context.enclosing_class()
        if enclosing is not None and not self.context.in_function() and _is_enum_class(enclosing):
            return
        text = last.comment.value.lstrip("#").strip()
        if not text or not self._may_restate(text) or not restates(text, statement):
            return
        line = self.context.range_of(node).start.line - 1
        line_text = self.source.line_text(line)
        start = len(_line_indent(line_text))
        self.report(TextRange.of(line, start, line, len(line_text.rstrip())), comment=last.comment.value)

    def _may_restate(self, text: str) -> bool:
        if any(character in CODE_OR_LABEL_CHARACTERS for character in text) or EXPLAINS_PATTERN.search(text):
            return False
        if self.source.is_test_file:
            words = WORD_PATTERN.findall(text.lower())
            is_step_label = bool(words) and words[0] in TEST_LABEL_WORDS
            if is_step_label or TEST_LABEL_PRONOUN in words:
                return False
        return True


# --- CS304 ----------------------------------------------------------------------------------------------


def _is_numeric_expression(node: cst.BaseExpression) -> bool:
    if isinstance(node, NUMBER_TYPES):
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return _is_numeric_expression(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _is_numeric_expression(node.left) and _is_numeric_expression(node.right)
    return False


def _literal_number(node: cst.BaseExpression) -> Optional[complex]:
    """The value of a plain number or a signed one, else None."""
    sign = 1
    while isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        sign = -sign if isinstance(node.operator, cst.Minus) else sign
        node = node.expression
    if isinstance(node, cst.Integer):
        return sign * int(node.value.replace("_", ""), 0)
    if isinstance(node, cst.Float):
        return sign * float(node.value.replace("_", ""))
    return None


def _is_assignment_line(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], (cst.Assign, cst.AnnAssign))
    )


def _is_enum_class(node: cst.ClassDef) -> bool:
    for base in node.bases:
        value = base.value
        name = (
            value.attr.value if isinstance(value, cst.Attribute) else value.value if isinstance(value, cst.Name) else ""
        )
        if name.endswith(ENUM_BASE_SUFFIXES):
            return True
    return False


class UndocumentedMagicNumber(Rule):
    """A module- or class-level number is assigned without a comment saying why that value.

    The guide's Hardcoded Values Documentation (CRITICAL): "Inline comments explain magic numbers and why
    values are chosen", as in `CAPACITY_BUFFER_FACTOR = 1.25 # Arbitrarily chosen` or
    `MASTER_NODE_COUNT = 3 # Recommended number in docs`.

    Reported: an assignment to plain names at module or class level (dataclass field defaults included)
    whose value is a number, a signed number, or arithmetic of numbers (`5 * 60`), other than 0, 1 and -1,
    with no comment at the end of the statement (or inside it, for a value spread over several lines) and
    no comment line directly above. A comment directly above a run of assignments (no blank line between
    them) documents the whole run, as in `# CS609's thresholds, from the catalog.` over two constants. Tool
    pragmas (`# noqa`, `# type: ...`) are not documentation.
    Exempt: dunder names (`__version__`), the members of enum classes (their values are identifiers, not
    tuned quantities), units whose value is their definition (`KB = 1024`, `HOUR = 60 * 60`,
    `SECONDS_PER_DAY = 86400`), and script code under `if __name__ == "__main__":`.

    Fix (suggestion): append a trailing comment, either `# Arbitrarily chosen` or a
    `# TODO: why this value?` placeholder to replace with the reason.
    """

    code = "CS304"
    name = "undocumented-magic-number"

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        # Per statement list (module or block body): each statement's index, to find the one above it.
        self._indexes: Dict[int, Dict[int, int]] = {}

    priority = Priority.CRITICAL
    guideline = Guideline.HARDCODED_VALUES
    message = "Value of `{name}` is a magic number with no comment saying why it was chosen"
    fix_safety = FixSafety.SUGGESTION
    VALID = [
        "MINIMUM_TRAFFIC = 0.01 # Gbps; arbitrarily chosen, but will yield a minimal cluster\n",
        "# Recommended number in the docs\nMASTER_NODE_COUNT = 3\n",
        "RETRIES = 0\nENABLED = 1\nMISSING = -1\nRATIO = 1.0\n",
        "__version__ = 2\n",
        "class Color(Enum):\n    RED = 1\n    GREEN = 2\n    BLUE = 3\n",
        "class Level(enum.IntFlag):\n    LOW = 4\n",
        "def plan() -> None:\n    buffer = 1.25\n",
        "TIMEOUT = (\n    30  # seconds, the load balancer's idle timeout\n)\n",
        "NAME = 'cluster'\nLIMIT = compute(5)\n",
        "config.retries = 5\n",
        "KB = 1024\nMB = KB * KB\nHOUR = 60 * 60\nSECONDS_PER_DAY = 86400\nONE_MINUTE = 60\n",
        "if __name__ == '__main__':\n    WORKERS = 8\n    main(WORKERS)\n",
        "# CS609's thresholds, from the catalog.\nMAX_BOOLEAN_OPERANDS = 3\nMIXED_MIN_OPERANDS = 3\n",
    ]
    INVALID = [
        Invalid("CAPACITY_BUFFER_FACTOR = 1.25\n", fixed="CAPACITY_BUFFER_FACTOR = 1.25  # Arbitrarily chosen\n"),
        Invalid("IDLE_TIMEOUT = 5 * 60\n", fixed="IDLE_TIMEOUT = 5 * 60  # Arbitrarily chosen\n"),
        Invalid("OFFSET = -5\r\n", fixed="OFFSET = -5  # Arbitrarily chosen\r\n"),
        Invalid(
            "@dataclass\nclass Plan:\n\tretries: int = 3\n",
            fixed="@dataclass\nclass Plan:\n\tretries: int = 3  # Arbitrarily chosen\n",
        ),
        Invalid(
            "# Timeouts\n\nTIMEOUT = (\n    60 *\n    60\n)\n",
            fixed="# Timeouts\n\nTIMEOUT = (\n    60 *\n    60\n)  # Arbitrarily chosen\n",
        ),
        Invalid("LIMIT = 100  # noqa: E501\n", fixed="LIMIT = 100  # noqa: E501  # Arbitrarily chosen\n"),
        Invalid("if FAST:\n    WORKERS = 8\n", fixed="if FAST:\n    WORKERS = 8  # Arbitrarily chosen\n"),
        Invalid("A = B = 0x10\n", fixed="A = B = 0x10  # Arbitrarily chosen\n"),
        Invalid(
            "# Timeouts, from the load balancer\nCONNECT = 10\n\nREAD = 30\n",
            fixed="# Timeouts, from the load balancer\nCONNECT = 10\n\nREAD = 30  # Arbitrarily chosen\n",
        ),
        Invalid(
            "LIMIT = 10  # the API's page size\nRETRIES = 3\n",
            fixed="LIMIT = 10  # the API's page size\nRETRIES = 3  # Arbitrarily chosen\n",
        ),
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node)

    def _check(self, node: Assignment) -> None:
        value = node.value
        if value is None or not _is_numeric_expression(value) or _literal_number(value) in TRIVIAL_NUMBERS:
            return
        names = _simple_names(node)
        if not names or any(_is_dunder(name) or UNIT_NAME_PATTERN.match(name) for name in names):
            return
        statement = _statement_line(self)
        if statement is None or not self._at_module_or_class_level() or _in_main_block(self.context):
            return
        if _documenting_comment(statement.trailing_whitespace.comment) or _comment_directly_above(
            self.context, statement
        ):
            return
        if "#" in self.context.code_for(node) and _comment_lines(self.context.code_for(node)):
            return
        if self._documented_by_group_comment(statement):
            return
        line = self.context.range_of(node).end.line
        end = Position(line, len(self.source.line_text(line).rstrip()))
        fixes = [
            self.fix(
                "Comment: arbitrarily chosen", FixSafety.SUGGESTION, self.insert_at(end, f"  {ARBITRARY_COMMENT}")
            ),
            self.fix(
                "Comment: TODO say why this value", FixSafety.SUGGESTION, self.insert_at(end, f"  {TODO_COMMENT}")
            ),
        ]
        self.report(node, fixes=fixes, name=names[0])

    def _documented_by_group_comment(self, statement: cst.SimpleStatementLine) -> bool:
        """True when the statement ends a run of assignments (no blank or comment line between them) whose
        first one has a documenting comment directly above: `# CS609's thresholds, from the catalog.` over
        two constants documents both."""
        ancestors = self.context.ancestors
        if len(ancestors) < 2 or not isinstance(ancestors[-2], (cst.Module, cst.IndentedBlock)):
            return False
        body = ancestors[-2].body
        indexes = self._indexes.get(id(body))
        if indexes is None:
            indexes = {id(sibling): index for index, sibling in enumerate(body)}
            self._indexes[id(body)] = indexes
        index = indexes[id(statement)]
        while index > 0 and not _leading_lines(self.context, body[index]):
            previous = body[index - 1]
            if not _is_assignment_line(previous):
                return False
            if _comment_directly_above(self.context, previous):
                return True
            index -= 1
        return False

    def _at_module_or_class_level(self) -> bool:
        if self.context.at_module_level():
            return True
        if self.context.in_function():
            return False
        enclosing = self.context.enclosing_class()
        return enclosing is not None and not _is_enum_class(enclosing)


# --- CS305 ----------------------------------------------------------------------------------------------


def _template_string(value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """The string of `"..."` or of the guide's `"...".format(...)` template pattern."""
    if isinstance(value, STRING_TYPES):
        return value
    if m.matches(value, m.Call(func=m.Attribute(attr=m.Name("format")))):
        inner = value.func.value  # type: ignore[attr-defined]
        if isinstance(inner, STRING_TYPES):
            return inner
    return None


class PromptTemplateStructure(Rule):
    """A multi-line prompt template has no XML-tagged sections.

    The guide's Prompt Engineering for LLMs (OBSERVED): "Multi-paragraph prompt templates with XML-tagged
    sections for structured guidance", such as `<guidelines>`…`</guidelines>` and
    `<input_entry>{input_entry}</input_entry>`.

    Reported: a module-level string (plain, f-string, or the `\"\"\"…\"\"\".format(...)` template pattern) of at
    least 5 lines assigned to a name ending in `prompt` or `template` (any case), with no `<tag>`…`</tag>`
    pair in it. Not reported: template-engine sources with `{% … %}` blocks (a Jinja template's structure is
    the engine's, and it is no LLM prompt).
    """

    code = "CS305"
    name = "prompt-template-structure"
    priority = Priority.OBSERVED
    guideline = Guideline.PROMPT_ENGINEERING
    message = "Prompt template `{name}` has no XML-tagged `<section>`…`</section>`"
    VALID = [
        'analyze_prompt_template = """\nYou are an AI assistant.\n<guidelines>\n- Be direct.\n</guidelines>\n'
        '<input_entry>{input_entry}</input_entry>\n"""\n',
        'SYSTEM_PROMPT = """You are an AI assistant.\nBe direct."""\n',
        'summary = """\none\ntwo\nthree\nfour\nfive\n"""\n',
        'def build() -> str:\n    prompt = """\n    one\n    two\n    three\n    four\n    """\n    return prompt\n',
        'EMAIL_TEMPLATE = """\n<p>\nHello {name},\nwelcome.\n</p>\n"""\n',
        'LAYOUT_TEMPLATE = """\\\n{% block one %}1{% endblock %}\n{% block two %}\n2\n{% endblock %}\n"""\n',
    ]
    INVALID = [
        Invalid('SYSTEM_PROMPT = """\nYou are an AI assistant.\nBe direct.\nBe brief.\nAnswer in JSON.\n"""\n'),
        Invalid(
            'analyze_prompt_template = """\nYou are an AI assistant.\nFollow <these> rules.\nBe brief.\n'
            '{input_entry}\n""".format(input_entry=ENTRY)\n'
        ),
        Invalid('review_prompt: str = f"""\nReview {code}.\nBe direct.\nBe brief.\nAnswer in JSON.\n"""\n'),
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node)

    def _check(self, node: Assignment) -> None:
        if node.value is None:
            return
        names = _simple_names(node)
        if not names or not any(name.lower().endswith(PROMPT_NAME_SUFFIXES) for name in names):
            return
        string = _template_string(node.value)
        if string is None or not self.context.at_module_level():
            return
        code = self.context.code_for(string)
        if code.count("\n") + 1 < PROMPT_MIN_LINES or JINJA_BLOCK_MARKER in code or XML_SECTION_PATTERN.search(code):
            return
        name = next(name for name in names if name.lower().endswith(PROMPT_NAME_SUFFIXES))
        self.report(_assignment_targets(node)[names.index(name)], name=name)


# --- CS306 ----------------------------------------------------------------------------------------------


def _data_literal(value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    if isinstance(value, CONTAINER_TYPES):
        return value
    wrapped = m.Call(func=m.Name(), args=[m.Arg(value=m.List() | m.Dict() | m.Set() | m.Tuple())])
    if m.matches(value, wrapped) and value.func.value in LITERAL_WRAPPERS:  # type: ignore[attr-defined]
        return value.args[0].value  # type: ignore[attr-defined]
    return None


def _is_data(literal: cst.BaseExpression) -> bool:
    """Data is mostly literal leaves, written out in place; a table of functions or classes
    (`{"a": handle_a}`) or one computed in part (`{**{n: f(n) for n in NAMES}}`) is code."""
    literals = 0
    references = 0
    stack: List[cst.CSTNode] = [literal]
    while stack:
        node = stack.pop()
        if isinstance(node, COMPUTED_TYPES):
            return False
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, *NUMBER_TYPES)):
            literals += 1
        elif isinstance(node, cst.Name):
            if node.value in LITERAL_NAMES:
                literals += 1
            else:
                references += 1
        elif isinstance(node, (cst.Attribute, cst.Call, cst.Lambda)):
            references += 1
        else:
            stack.extend(tree.children(node))
    return literals > 2 * references


class UndocumentedDataLiteral(Rule):
    """A large module-level data literal has no comment saying where the data came from.

    The guide's Inline Comments for Provenance (PREFERRED): "When data is generated or derived from external
    sources (AI, documentation, conversations), include inline comments documenting the source and method",
    as in `# See: https://schema.ocsf.io/1.1.0/` above `OCSF_EVENT_CLASSES = [...]`.

    Reported: a module-level assignment of a list, dict, set or tuple literal (also inside `frozenset(...)`,
    `tuple(...)` and the like) spanning at least `data-literal-min-lines` lines (default 10), with no comment
    line directly above it and no comment on its first line. Whether a comment names a source cannot be
    judged reliably, so any comment counts (tool pragmas such as `# fmt: off` do not). Exempt: dunder names
    (`__all__`), script code under `if __name__ == "__main__":`, and tables that are mostly code rather than
    data (at most twice as many literals as references to names, attributes or calls, like a dispatch table
    of functions).

    Fix (suggestion): insert a `# Source: ` comment line above the assignment, to complete.
    """

    code = "CS306"
    name = "undocumented-data-literal"
    priority = Priority.PREFERRED
    guideline = Guideline.PROVENANCE_COMMENTS
    message = "Data literal `{name}` ({lines} lines) has no comment saying where the data came from"
    fix_safety = FixSafety.SUGGESTION
    VALID = [
        "# See: https://schema.ocsf.io/1.1.0/\nEVENT_CLASSES = [\n" + "    'class',\n" * 10 + "]\n",
        "EVENT_CLASSES = [  # copied from the OCSF 1.1.0 schema\n" + "    'class',\n" * 10 + "]\n",
        "EVENT_CLASSES = [\n" + "    'class',\n" * 7 + "]\n",
        "__all__ = [\n" + "    'name',\n" * 10 + "]\n",
        "HANDLERS = {\n" + "    'name': handle_name,\n" * 10 + "}\n",
        "MEANINGS = {\n    **{name: f'typing.{name}' for name in NAMES},\n" + "    'a': 'b',\n" * 9 + "}\n",
        "def build() -> list:\n    rows = [\n" + "        'row',\n" * 10 + "    ]\n    return rows\n",
        Valid("EVENT_CLASSES = [\n" + "    'class',\n" * 10 + "]\n", settings={"data-literal-min-lines": 20}),
        "if __name__ == '__main__':\n    exchanges = [\n" + "        'SGD',\n" * 10 + "    ]\n",
    ]
    INVALID = [
        Invalid(
            "import json\n\nEVENT_CLASSES = [\n" + "    {'name': 'x', 'uid': 1},\n" * 9 + "]\n",
            fixed="import json\n\n# Source: \nEVENT_CLASSES = [\n" + "    {'name': 'x', 'uid': 1},\n" * 9 + "]\n",
        ),
        Invalid(
            "# fmt: off\r\nCODES: Dict[str, int] = {\r\n" + "    'a': 1,\r\n" * 9 + "}\r\n",
            fixed="# fmt: off\r\n# Source: \r\nCODES: Dict[str, int] = {\r\n" + "    'a': 1,\r\n" * 9 + "}\r\n",
        ),
        Invalid(
            "if FULL:\n\tNAMES = frozenset({\n" + "\t\t'a',\n" * 9 + "\t})\n",
            fixed="if FULL:\n\t# Source: \n\tNAMES = frozenset({\n" + "\t\t'a',\n" * 9 + "\t})\n",
        ),
        Invalid(
            "ROWS = (\n" + "    ('a', 1),  # first\n" * 9 + ")\n",
            fixed="# Source: \nROWS = (\n" + "    ('a', 1),  # first\n" * 9 + ")\n",
        ),
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node)

    def _check(self, node: Assignment) -> None:
        literal = None if node.value is None else _data_literal(node.value)
        if literal is None or not self.context.at_module_level() or _in_main_block(self.context):
            return
        names = _simple_names(node)
        if not names or any(_is_dunder(name) for name in names):
            return
        statement = _statement_line(self)
        if statement is None:
            return
        code = self.context.code_for(literal)
        lines = code.count("\n") + 1
        if lines < self.settings.data_literal_min_lines or not _is_data(literal):
            return
        if _comment_directly_above(self.context, statement) or self._comment_on_first_line(statement):
            return
        start = self.context.range_of(statement).start.line
        indent = _line_indent(self.source.line_text(start))
        edit = self.insert_at(Position(start, 0), f"{indent}{SOURCE_COMMENT}{self.source.newline}")
        self.report(
            _assignment_targets(node)[0],
            fixes=[self.fix("Insert a `# Source: ` comment", FixSafety.SUGGESTION, edit)],
            name=names[0],
            lines=lines,
        )

    def _comment_on_first_line(self, statement: cst.SimpleStatementLine) -> bool:
        code = self.context.code_for(statement.with_changes(leading_lines=()))
        return "#" in code.split("\n", 1)[0] and 1 in _comment_lines(code)
