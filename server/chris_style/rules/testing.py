"""Section 5 of the guide: Testing Approach. Every rule here runs on test files only."""

import ast
import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting import edits, tree
from chris_style.linting.facts.test_layout import PytestLayout, indented_statements, is_fixture
from chris_style.linting.rule import Edit, Files, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import attribute_chain, last_attribute

# The examples must sit in a test file: every rule of this module runs only there.
EXAMPLE_PATH = "tests/test_example.py"
# pytest's default `python_functions` / `python_classes` prefixes; unittest's `testMethodPrefix` is the same.
TEST_FUNCTION_PREFIX = "test"

PYTEST_MODULE = "pytest"
MOCK_MODULE = "mock"
UNITTEST_MODULE = "unittest"
UNITTEST_MOCK_MODULE = "unittest.mock"

# What "looks expected" (CS502, CS503): literals, singletons, SCREAMING_SNAKE_CASE names, lists of mock.call.
LITERAL_NODES = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
)
SINGLETON_NAMES = frozenset({"None", "True", "False"})
SCREAMING_SNAKE_CASE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
MOCK_CALL_NAMES = frozenset({"call", "mock.call", "unittest.mock.call"})
# Expressions that need parentheses to be an operand of a comparison (`==`, `in`, `is`), of `not`, or to
# stand alone as an assert's test or message.
COMPARISON_OPERAND_PARENS = (
    cst.Comparison,
    cst.BooleanOperation,
    cst.IfExp,
    cst.Lambda,
    cst.NamedExpr,
    cst.Yield,
    cst.GeneratorExp,
)
NOT_OPERAND_PARENS = (cst.BooleanOperation, cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield, cst.GeneratorExp)
STANDALONE_PARENS = (cst.NamedExpr, cst.Yield, cst.GeneratorExp)
# Longest operand text quoted in a message before it is cut short: messages stay one readable line.
MESSAGE_SNIPPET_LENGTH = 40

# CS501: the convention, and what the rename drops from an old name (`test_`, `tests_`, a bare `test`).
WHEN_THEN_NAME = re.compile(r"^test_WHEN_.+_THEN_.+$")
OLD_TEST_PREFIX = re.compile(r"^tests?_*")

# CS503: unittest assertion methods and their plain `assert` form (parameters, operator); the expected
# operand goes first for the equality operators, as CS502 asks.
UNITTEST_ASSERTS: Dict[str, Tuple[Tuple[str, ...], str]] = {
    "assertEqual": (("first", "second", "msg"), "=="),
    "assertEquals": (("first", "second", "msg"), "=="),
    "assertNotEqual": (("first", "second", "msg"), "!="),
    "assertNotEquals": (("first", "second", "msg"), "!="),
    "assertTrue": (("expr", "msg"), ""),
    "assertFalse": (("expr", "msg"), "not"),
    "assertIsNone": (("obj", "msg"), "is None"),
    "assertIsNotNone": (("obj", "msg"), "is not None"),
    "assertIn": (("member", "container", "msg"), "in"),
    "assertNotIn": (("member", "container", "msg"), "not in"),
    "assertIs": (("expr1", "expr2", "msg"), "is"),
    "assertIsNot": (("expr1", "expr2", "msg"), "is not"),
}
EQUALITY_OPERATORS = frozenset({"==", "!="})
ASSERT_RAISES = "assertRaises"

# CS504: the mock assertion methods. A spec'd mock (`autospec=True`, `create_autospec`, `spec=`) matches
# assert_* arguments against the signature, which `call_args_list` comparisons do not: where a file
# mentions a spec, the rewrite is no longer exactly equivalent.
MOCK_ASSERT_METHODS = frozenset(
    {
        "assert_called_once_with",
        "assert_called_with",
        "assert_has_calls",
        "assert_any_call",
        "assert_called_once",
        "assert_called",
        "assert_not_called",
    }
)
SPEC_MENTION = re.compile(r"\b(?:autospec|create_autospec|spec|spec_set)\b")
# Calls that make a plain (unspecced) mock, by their last one or two names: `Mock()`, `mock.MagicMock()`,
# `patch("x")` and `patch.object(...)` (also as `mocker.patch`, pytest-mock's). A mock from anywhere else (a
# fixture, `setUp`, another module) may have been made with a spec this file cannot see.
PLAIN_MOCK_FACTORIES = frozenset(
    {"Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock", "patch", "patch.object"}
)

# CS505: statements saying "this should have raised", and the exceptions a test swallows to cope with its
# environment (optional dependencies, platform differences, cleanup of files) rather than to test a raise.
FAIL_CALLS = frozenset({"pytest.fail", "self.fail", "fail"})
# Python's own environment-related exceptions: a missing module, file or attribute, an encoding the
# platform lacks, an interrupted run.
ENVIRONMENT_EXCEPTIONS = frozenset(
    {"ImportError", "ModuleNotFoundError", "OSError", "IOError", "FileNotFoundError", "PermissionError",
     "FileExistsError", "NotADirectoryError", "IsADirectoryError", "AttributeError", "KeyboardInterrupt",
     "UnicodeError", "UnicodeEncodeError", "UnicodeDecodeError"}
)
BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException"})

# CS506: mock libraries other than unittest.mock (`mock` is its PyPI backport), pytest-mock's fixtures
# (`mocker` and its wider-scoped twins), and the errors an import fallback catches.
OTHER_MOCK_LIBRARIES = frozenset({"mock", "flexmock", "mockito", "doublex"})
MOCKER_FIXTURES = frozenset({"mocker", "class_mocker", "module_mocker", "package_mocker", "session_mocker"})
IMPORT_FALLBACK_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})

# CS507: call prefixes that check something (`assert_*` helpers and mock methods, `check_*`, `verify_*`);
# pytest/unittest calls that assert or end the test without running it (skip/xfail); the methods of
# pytest's own `pytester`/`testdir` results that assert on a run's output.
CHECKING_PREFIXES = ("assert", "check", "verify")
# From pytest's API (raises, warns, deprecated_call, fail, skip, xfail) and unittest's `self.fail`.
ASSERTING_CALLS = frozenset(
    {"pytest.raises", "pytest.fail", "pytest.warns", "pytest.deprecated_call", "pytest.skip", "pytest.xfail",
     "raises", "warns", "deprecated_call", "fail", "self.fail"}
)
CHECKING_METHODS = frozenset({"fnmatch_lines", "re_match_lines", "no_fnmatch_line", "no_re_match_line"})
# How deep CS507 follows calls into helpers of the module: real suites nest helpers two or three deep.
MAX_HELPER_DEPTH = 4

# CS508: the catalog's thresholds; shorter strings ("id", "foo") are too ordinary to be worth a name.
MIN_REPEATED_LITERAL_LENGTH = 4
# Three tests repeating a value make it shared test data (the catalog's threshold).
MIN_REPEATING_TESTS = 3
# Longest derived constant name before it is cut at a word boundary: long sentences make unreadable names.
MAX_CONSTANT_NAME_LENGTH = 40
CONSTANT_PREFIX = "TEST_"
# Calls whose string argument names an attribute or a codec rather than carrying test data.
ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "hasattr", "setattr", "delattr"})
CODEC_METHODS = frozenset({"encode", "decode"})
CODEC_KEYWORDS = frozenset({"encoding", "errors"})


# --- Shared: which functions are tests --------------------------------------------------------------------


class _TestFileRule(Rule):
    """Base of the rules that need to know which functions of the module are tests (not registered: no code)."""

    files = Files.TESTS_ONLY
    @property
    def layout(self) -> PytestLayout:
        return self.context.facts.test_layout

    def is_test_function(self, node: cst.FunctionDef) -> bool:
        return self.layout.is_test_function(node, self.context.ancestors)

    # --- text helpers for fixes (only called once a violation is being reported) ---

    def outer_range(self, node: cst.CSTNode) -> TextRange:
        """The node's range including its own parentheses (libcst positions leave them out)."""
        inner = self.context.range_of(node)
        lpar = getattr(node, "lpar", None)
        rpar = getattr(node, "rpar", None)
        start = self.context.range_of(lpar[0]).start if lpar else inner.start
        end = self.context.range_of(rpar[-1]).end if rpar else inner.end
        return TextRange(start, end)

    def text(self, node: cst.CSTNode) -> str:
        """The node's exact source text with its parentheses (libcst's own code drops block indentation)."""
        return self.source.slice(self.outer_range(node))

    def statement_indent(self, line: int) -> str:
        text = self.source.line_text(line)
        return text[: len(text) - len(text.lstrip(" \t"))]

    def exception_text(self, node: cst.BaseExpression) -> str:
        """An exception (or tuple of them) as the argument of `pytest.raises(...)`."""
        text = self.text(node)
        bare_tuple = isinstance(node, cst.Tuple) and not node.lpar
        return f"({text})" if bare_tuple or not _fits_anywhere(text) else text

    def pytest_name(self) -> Tuple[str, Optional[Edit]]:
        """The module's name for pytest, and the edit adding `import pytest` when it has none."""
        alias = _module_alias(self.context.module, PYTEST_MODULE)
        if alias is not None:
            return alias, None
        return PYTEST_MODULE, edits.add_import(self.context, PYTEST_MODULE)


# --- Shared: expression classification and fix text -----------------------------------------------------------


def _is_literal(node: cst.BaseExpression) -> bool:
    """A literal, `None`/`True`/`False`, a signed number, or a container of those."""
    if isinstance(node, LITERAL_NODES):
        return True
    if isinstance(node, cst.Name):
        return node.value in SINGLETON_NAMES
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return isinstance(node.expression, (cst.Integer, cst.Float, cst.Imaginary))
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(element, cst.Element) and _is_literal(element.value) for element in node.elements)
    if isinstance(node, cst.Dict):
        return all(
            isinstance(element, cst.DictElement) and _is_literal(element.key) and _is_literal(element.value)
            for element in node.elements
        )
    return False


def _is_mock_call(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and attribute_chain(node.func) in MOCK_CALL_NAMES


def looks_expected(node: cst.BaseExpression) -> bool:
    """The catalog's "looks expected": a literal or a container of literals, `None`/`True`/`False`, a name
    starting with `expected`, a SCREAMING_SNAKE_CASE name, or a list of `mock.call(...)`."""
    if _is_literal(node):
        return True
    if isinstance(node, cst.Name):
        name = node.value
        return name.lower().startswith("expected") or (len(name) > 1 and SCREAMING_SNAKE_CASE.match(name) is not None)
    if isinstance(node, cst.List) and node.elements:
        return all(isinstance(element, cst.Element) and _is_mock_call(element.value) for element in node.elements)
    return False


def _fits_anywhere(text: str) -> bool:
    """True when an expression's text stays valid away from the brackets it came from: one line, or its
    line breaks sit inside its own brackets or strings."""
    if "\n" not in text and "\r" not in text:
        return True
    try:
        ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    return True


def _needs_parens(node: cst.BaseExpression, kinds: Tuple[type, ...]) -> bool:
    if getattr(node, "lpar", None):
        return False
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        return cst.Comparison in kinds
    return isinstance(node, kinds)


def _parses_as_statement(text: str) -> bool:
    try:
        cst.parse_module(text.strip() + "\n")
    except cst.ParserSyntaxError:
        return False
    return True


def _has_comment_outside(node: cst.CSTNode, kept: Sequence[cst.CSTNode]) -> bool:
    """True when a comment sits in `node` outside the kept subtrees: rebuilding the code would lose it."""
    kept_ids = {id(child) for child in kept}
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if id(current) in kept_ids:
            continue
        if isinstance(current, cst.Comment):
            return True
        stack.extend(tree.children(current))
    return False


def _statement_call(ancestors: Sequence[cst.CSTNode], node: cst.Call, alone_on_line: bool = False) -> bool:
    """True when the call is a whole expression statement (`self.assertTrue(x)`, also after `if c:`), or,
    with `alone_on_line`, the only statement of its own line (where a block can replace it)."""
    parent = ancestors[-1] if ancestors else None
    if not isinstance(parent, cst.Expr) or parent.value is not node:
        return False
    line = ancestors[-2]
    if alone_on_line:
        return isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
    return isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite))


def _top_level_imports(module: cst.Module) -> Iterator[Union[cst.Import, cst.ImportFrom]]:
    """Import statements at module level, including those inside top-level `try`/`if` blocks."""
    pending: List[cst.CSTNode] = list(module.body)
    while pending:
        statement = pending.pop(0)
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    yield small
        elif isinstance(statement, (cst.Try, cst.If)):
            pending.extend(indented_statements(statement))


def _module_alias(module: cst.Module, module_name: str) -> Optional[str]:
    """The name `import module_name [as alias]` binds at the top of the module, if any."""
    for statement in _top_level_imports(module):
        if isinstance(statement, cst.Import):
            for alias in statement.names:
                if attribute_chain(alias.name) == module_name:
                    return _alias_name(alias) if alias.asname is not None else module_name
    return None


def _alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return attribute_chain(alias.name)


def _call_args(call: cst.Call, names: Sequence[str]) -> Optional[Dict[str, cst.Arg]]:
    """Bind a call's arguments to parameter names (positional, then by keyword); None when starred,
    unknown or repeated arguments make that impossible."""
    bound: Dict[str, cst.Arg] = {}
    position = 0
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            if position >= len(names):
                return None
            key = names[position]
            position += 1
        else:
            key = arg.keyword.value
            if key not in names:
                return None
        if key in bound:
            return None
        bound[key] = arg
    return bound


# --- CS501 ----------------------------------------------------------------------------------------------------


class WhenThenTestName(_TestFileRule):
    """A test function or method is not named `test_WHEN_<action>_THEN_<result>`.

    The guide's naming convention makes a test's purpose clear without reading its body:
    `test_WHEN_<action>_<conditions>_THEN_<expected_result>`, with `_AND_<condition>` parts allowed in the
    WHEN part (`test_WHEN_deploy_called_AND_not_bootstrapped_THEN_executes_command`). `WHEN` and `THEN` are
    upper case, and both parts must say something.

    Only functions pytest collects are checked: module-level `test*` functions, and `test*` methods of
    `Test*` classes or `unittest.TestCase` subclasses. Helpers, fixtures (even named `test_*`), nested
    functions, methods of other classes, and files pytest or unittest do not collect by default (only
    `test*.py` and `*_test.py` are: a `conftest.py` or a helper module under tests/ holds no tests) are left
    alone.

    Fix (unsafe): rename to `test_WHEN_<old name without test_>_called_THEN_as_expected`, a placeholder to
    edit; references to the old name (rare for tests) are not renamed.
    """

    code = "CS501"
    name = "test-name-not-when-then"
    priority = Priority.CRITICAL
    guideline = Guideline.TEST_NAMING
    message = "Test `{name}` is not named `test_WHEN_<action>_THEN_<result>`"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        Valid(
            "def test_WHEN_deploy_called_AND_not_bootstrapped_THEN_executes_command():\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "class TestDeploy:\n    def test_WHEN_deploy_called_THEN_ok(self):\n        assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def helper_for_tests():\n    return 1\n", path=EXAMPLE_PATH),
        Valid("class Helper:\n    def test_connection(self):\n        return True\n", path=EXAMPLE_PATH),
        Valid(
            "def test_WHEN_x_THEN_y():\n    def test_inner():\n        pass\n    assert 1 == run(test_inner)\n",
            path=EXAMPLE_PATH,
        ),
        Valid("import pytest\n\n@pytest.fixture\ndef test_data():\n    return {'a': 1}\n", path=EXAMPLE_PATH),
        Valid("def test_something():\n    assert 1 == run()\n", path="tests/conftest.py"),
        Valid(
            "class TestWithInit:\n    def __init__(self):\n        self.x = 1\n\n    def test_x(self):\n        pass\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_something():\n    pass\n", path="src/example.py"),
        Valid(
            "def test_length_is_int() -> None:\n    assert_type(bar.length, int)\n",
            path="tests/typing/typing_progressbar.py",
        ),
    ]
    INVALID = [
        Invalid(
            "def test_deploy():\n    assert 1 == run()\n",
            fixed="def test_WHEN_deploy_called_THEN_as_expected():\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "import unittest\n\nclass DeployTests(unittest.TestCase):\n    def testDeploy(self):\n"
            "        self.assertTrue(run())\n",
            fixed="import unittest\n\nclass DeployTests(unittest.TestCase):\n"
            "    def test_WHEN_Deploy_called_THEN_as_expected(self):\n        self.assertTrue(run())\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestDeploy:\n    async def test_when_deploy_then_ok(self):\n        assert 1 == await run()\n",
            fixed="class TestDeploy:\n    async def test_WHEN_when_deploy_then_ok_called_THEN_as_expected(self):\n"
            "        assert 1 == await run()\n",
            path=EXAMPLE_PATH,
        ),
        Invalid("def test_WHEN_THEN_ok():\n    assert 1 == run()\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_deploy_called():\n    assert 1 == run()\n", path=EXAMPLE_PATH),
        Invalid(
            "import unittest\n\nclass Base(unittest.TestCase):\n    pass\n\nclass Deploy(Base):\n"
            "    def test_it(self):\n        self.assertTrue(run())\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestOuter:\n    class TestInner:\n        def test_it(self):\n            assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "import unittest\n\nclass Checks:\n    def test_it(self):\n        self.assertTrue(run())\n\n"
            "class PyChecks(Checks, unittest.TestCase):\n    pass\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def tests_weakref():\n    assert 1 == run()\n",
            fixed="def test_WHEN_weakref_called_THEN_as_expected():\n    assert 1 == run()\n",
            path="tests/deploy_test.py",
        ),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        """Report a collected test whose name breaks the convention, with the placeholder rename."""
        name = node.name.value
        if not name.startswith(TEST_FUNCTION_PREFIX) or WHEN_THEN_NAME.match(name) or not self.is_test_function(node):
            return
        rest = OLD_TEST_PREFIX.sub("", name)
        new_name = f"test_WHEN_{rest}_called_THEN_as_expected" if rest else "test_WHEN_called_THEN_as_expected"
        fix = self.fix(f"Rename to `{new_name}`", FixSafety.UNSAFE, self.replace(node.name, new_name))
        self.report(node.name, fixes=[fix], name=name)


# --- CS502 ----------------------------------------------------------------------------------------------------


class AssertActualFirst(_TestFileRule):
    """An equality assertion puts the actual value first: `assert actual == expected`.

    The guide asks for `assert expected == actual`, always in that order, so a failure message reads the
    same way in every test. Reported for `assert A == B` and `assert A != B` (a single comparison, optionally
    parenthesised, with or without a message) when B looks expected and A does not. Looks expected: a literal
    or a container of literals, `None`/`True`/`False`, a name starting with `expected`, a SCREAMING_SNAKE_CASE
    name, a list of `mock.call(...)`. Anything else, including calls, attributes and subscripts (what looks
    actual), does not. Chained comparisons (`a == b == c`), `is`, `in` and `<` are left alone.

    Fix (safe): swap the two operands, each with its own parentheses and any comments inside it; comments
    between the operands stay where they are. Not offered when an operand assigns with `:=`, since the swap
    would change the evaluation order of that assignment.
    """

    code = "CS502"
    name = "assert-actual-first"
    priority = Priority.CRITICAL
    guideline = Guideline.ASSERTION_STYLE
    message = "Expected value `{expected}` comes second: write `assert <expected> {operator} <actual>`"
    fix_safety = FixSafety.SAFE
    VALID = [
        Valid("def test_WHEN_x_THEN_y():\n    assert 3 == len(items)\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert expected_value == actual_value\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert result == value\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert a == b == 3\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert result is None\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert len(items) > 3\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert 'a' == 'a'\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert result == expected.value\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert mock_get.call_args == mock.call(1)\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    assert response.status == str(200)\n", path=EXAMPLE_PATH),
        Valid("def check():\n    assert result == 3\n", path="src/example.py"),
    ]
    INVALID = [
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert len(items) == 3\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert 3 == len(items)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert (actual_value != EXPECTED_VALUE), 'differs'\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert (EXPECTED_VALUE != actual_value), 'differs'\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert client.calls == [mock.call('a'), mock.call(b=1)]\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert [mock.call('a'), mock.call(b=1)] == client.calls\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert (x if flag else y) == {'key': [1, -2.5, None]}\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert {'key': [1, -2.5, None]} == (x if flag else y)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert (\n        result  # what we got\n        == expected_result\n"
            "    )\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert (\n        expected_result  # what we got\n"
            "        == result\n    )\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    assert value == None\n",
            fixed="def test_WHEN_x_THEN_y():\n    assert None == value\n",
            path=EXAMPLE_PATH,
        ),
        Invalid("def test_WHEN_x_THEN_y():\n    assert (found := lookup()) == EXPECTED\n", path=EXAMPLE_PATH),
    ]

    def visit_Assert(self, node: cst.Assert) -> None:
        """Report `assert A == B` / `A != B` where only B looks expected, with the operand swap."""
        test = node.test
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return
        target = test.comparisons[0]
        if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return
        actual, expected = test.left, target.comparator
        if not looks_expected(expected) or looks_expected(actual):
            return
        fixes: List[Fix] = []
        if not any(m.findall(operand, m.NamedExpr()) for operand in (actual, expected)):
            actual_text, expected_text = self.text(actual), self.text(expected)
            fixes.append(
                self.fix(
                    "Swap the operands (expected first)",
                    FixSafety.SAFE,
                    Edit(self.outer_range(actual), expected_text),
                    Edit(self.outer_range(expected), actual_text),
                )
            )
        operator = "==" if isinstance(target.operator, cst.Equal) else "!="
        shown = self.context.code_for(expected)
        self.report(test, fixes=fixes, expected=_shorten(shown), operator=operator)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_SNIPPET_LENGTH else text[: MESSAGE_SNIPPET_LENGTH - 1] + "…"


# --- CS503 ----------------------------------------------------------------------------------------------------


class UnittestAssertion(_TestFileRule):
    """A unittest assertion method where a plain `assert` would do.

    The guide prefers pytest, whose plain `assert` shows both values on failure. Reported:
    `self.assertEqual/assertNotEqual/assertTrue/assertFalse/assertIsNone/assertIsNotNone/assertIn/
    assertNotIn/assertIs/assertIsNot` (and the deprecated `assertEquals`/`assertNotEquals`), and
    `self.assertRaises(E)` used as a context manager. Other unittest methods (`assertAlmostEqual`,
    `assertRaisesRegex`, ...) have no one-line plain form and are left alone; the callable form
    `self.assertRaises(E, fn, ...)` is CS505's.

    Fix (safe), when the call is a statement of its own: the plain `assert` form, e.g.
    `self.assertEqual(result, 3)` → `assert 3 == result` (the expected operand goes first when one looks
    expected, as CS502 asks), `self.assertFalse(a or b)` → `assert not (a or b)`; operands get parentheses
    where precedence needs them or where a line break would otherwise end the statement, and a `msg`
    argument becomes the assert message. `with self.assertRaises(E):` → `with pytest.raises(E):`, adding
    `import pytest` when missing (not offered with `as cm`, whose `cm.exception` has no pytest twin). No fix
    when a comment between the arguments would be lost, or for starred arguments.
    """

    code = "CS503"
    name = "unittest-assertion"
    priority = Priority.PREFERRED
    guideline = Guideline.TEST_FRAMEWORK
    message = "`self.{method}` is unittest style: use {replacement}"
    fix_safety = FixSafety.SAFE
    VALID = [
        Valid("def test_WHEN_x_THEN_y():\n    assert 3 == result\n", path=EXAMPLE_PATH),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertAlmostEqual(0.3, total, places=2)\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertRaises(ValueError, parse, 'x')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with self.assertRaisesRegex(ValueError, 'bad'):\n            parse('x')\n",
            path=EXAMPLE_PATH,
        ),
        Valid("class Checker:\n    def check(self):\n        self.assertEqual(1, self.value)\n", path="src/example.py"),
    ]
    INVALID = [
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(result, 3)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert 3 == result\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertEqual(expected, parse(a), msg='parsed')\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        assert expected == parse(a), 'parsed'\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertFalse(a or b)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert not (a or b)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertIsNone(a == b, 'no')\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert (a == b) is None, 'no'\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertTrue(x)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert x\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertNotIn('key', data)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert 'key' not in data\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertIsNot(a, b)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert a is not b\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(\n"
            "            total +\n            1, 3)\n",
            fixed="class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        assert 3 == (total +\n"
            "            1)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "import os\nfrom unittest import TestCase\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with self.assertRaises(ValueError):\n            parse('x')\n",
            fixed=(
                    'import os\n'
                    'from unittest import TestCase\n'
                    '\n'
                    'import pytest\n'
                    '\n'
                    'class TestX(TestCase):\n'
                    '    def test_WHEN_x_THEN_y(self):\n'
                    '        with pytest.raises(ValueError):\n'
                    "            parse('x')\n"
                ),
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with self.assertRaises(ValueError) as cm:\n            parse('x')\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(\n"
            "            result,  # parsed\n            3,\n        )\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        """Report `self.assert*` calls with a plain form, and `with self.assertRaises(E):`."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and m.matches(func.value, m.Name("self"))):
            return
        method = func.attr.value
        if method == ASSERT_RAISES:
            self._check_assert_raises(node, func)
            return
        spec = UNITTEST_ASSERTS.get(method)
        if spec is None:
            return
        fixes: List[Fix] = []
        if _statement_call(self.context.ancestors, node):
            replacement = self._assert_text(node, spec)
            if replacement is not None:
                fixes.append(
                    self.fix("Use a plain `assert`", FixSafety.SAFE, Edit(self.outer_range(node), replacement))
                )
        self.report(func, fixes=fixes, method=method, replacement="a plain `assert`")

    def _check_assert_raises(self, node: cst.Call, func: cst.Attribute) -> None:
        parent = self.context.ancestors[-1] if self.context.ancestors else None
        if not (isinstance(parent, cst.WithItem) and parent.item is node):
            return
        fixes: List[Fix] = []
        simple = len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star
        if simple and parent.asname is None:
            name, import_edit = self.pytest_name()
            fix_edits = [self.replace(func, f"{name}.raises")]
            if import_edit is not None:
                fix_edits.append(import_edit)
            fixes.append(self.fix("Use `pytest.raises`", FixSafety.SAFE, *fix_edits))
        self.report(func, fixes=fixes, method=ASSERT_RAISES, replacement="`with pytest.raises(...)`")

    def _assert_text(self, node: cst.Call, spec: Tuple[Tuple[str, ...], str]) -> Optional[str]:
        params, operator = spec
        bound = _call_args(node, params)
        operands = params[:-1]
        if bound is None or any(name not in bound for name in operands):
            return None
        kept = [arg.value for arg in bound.values()]
        if _has_comment_outside(node, kept):
            return None
        values = [bound[name].value for name in operands]
        if operator in EQUALITY_OPERATORS and looks_expected(values[1]) and not looks_expected(values[0]):
            values.reverse()
        if len(values) == 2:
            left, right = (self._operand(value, COMPARISON_OPERAND_PARENS) for value in values)
            test = f"{left} {operator} {right}"
        elif operator == "not":
            test = f"not {self._operand(values[0], NOT_OPERAND_PARENS)}"
        elif operator:
            test = f"{self._operand(values[0], COMPARISON_OPERAND_PARENS)} {operator}"
        else:
            test = self._operand(values[0], STANDALONE_PARENS)
        message = bound.get("msg")
        text = f"assert {test}"
        if message is not None:
            text += f", {self._operand(message.value, STANDALONE_PARENS)}"
        return text if _parses_as_statement(text) else None

    def _operand(self, node: cst.BaseExpression, kinds: Tuple[type, ...]) -> str:
        text = self.text(node)
        if _needs_parens(node, kinds) or not _fits_anywhere(text):
            return f"({text})"
        return text


# --- CS504 ----------------------------------------------------------------------------------------------------


@dataclass
class _MockCallName:
    """How the module spells `mock.call`, and the import to add when it cannot yet."""

    expression: str
    import_edit: Optional[Edit] = None

    @property
    def root(self) -> str:
        return self.expression.split(".", 1)[0]


class MockAssertMethod(_TestFileRule):
    """A mock is checked with an `assert_*` method instead of an assertion on `call_args_list`.

    The guide verifies mocks with `assert expected_calls == mock.call_args_list`: the failure shows every
    call, and a misspelled `assert_*` method can never silently pass. Reported: `assert_called_once_with`,
    `assert_called_with`, `assert_has_calls`, `assert_any_call`, `assert_called_once`, `assert_called`,
    `assert_not_called` on any object.

    Fix (safe, only where exactly equivalent): `m.assert_called_once_with(a, b=c)` →
    `assert [mock.call(a, b=c)] == m.call_args_list` (one call, with those arguments);
    `m.assert_not_called()` → `assert [] == m.call_args_list`; `m.assert_called_once()` →
    `assert 1 == m.call_count`. Uses the module's existing name for `mock`/`call`, adding
    `from unittest import mock` if needed. The fix is unsafe when the mock is not a plain name/attribute
    chain, and, for expected arguments, unless the test makes the mock itself without a spec (`m = Mock()`,
    `m = mocker.patch(...)`, `with patch(...) as m`, a `@patch(...)` parameter) and the file mentions no
    `spec`/`autospec`: a spec'd mock matches arguments by signature, `call_args_list` does not, and a mock
    from a fixture may have been made with one in another file. A suggestion for the others:
    `assert_called_with` → `assert mock.call(...) == m.call_args`, `assert_any_call` →
    `assert mock.call(...) in m.call_args_list`, `assert_has_calls(calls)` → `assert calls == m.call_args_list`
    (stricter: every call, in order), `assert_called` → `assert m.called`.
    """

    code = "CS504"
    name = "mock-assert-method"
    priority = Priority.CRITICAL
    guideline = Guideline.MOCK_VERIFICATION
    message = "`{method}` checks a mock indirectly: assert on `{attribute}` instead"
    fix_safety = FixSafety.SAFE
    VALID = [
        Valid(
            "from unittest import mock\n\ndef test_WHEN_x_THEN_y():\n    assert [mock.call(1)] == m.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_WHEN_x_THEN_y():\n    assert 1 == m.call_count\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    m.assert_awaited_once()\n    m.reset_mock()\n", path=EXAMPLE_PATH),
        Valid("def run():\n    m.assert_called_once_with(1)\n", path="src/example.py"),
    ]
    INVALID = [
        Invalid(
            "from unittest import mock\n\ndef test_WHEN_x_THEN_y(mock_client):\n"
            "    mock_client.deploy.assert_called_once_with(['a'], context={'k': 1})\n",
            fixed="from unittest import mock\n\ndef test_WHEN_x_THEN_y(mock_client):\n"
            "    assert [mock.call(['a'], context={'k': 1})] == mock_client.deploy.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "import os\n\ndef test_WHEN_x_THEN_y(mock_client):\n    mock_client.assert_called_once_with(1)\n",
            fixed="import os\nfrom unittest import mock\n\ndef test_WHEN_x_THEN_y(mock_client):\n"
            "    assert [mock.call(1)] == mock_client.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y(mock_client):\n    mock_client.assert_not_called()\n",
            fixed="def test_WHEN_x_THEN_y(mock_client):\n    assert [] == mock_client.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y(mock_client):\n    mock_client.assert_called_once()\n",
            fixed="def test_WHEN_x_THEN_y(mock_client):\n    assert 1 == mock_client.call_count\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "from unittest.mock import call, patch\n\ndef test_WHEN_x_THEN_y(m):\n    m.assert_called_once_with(\n"
            "        1,  # first\n        2,\n    )\n",
            fixed="from unittest.mock import call, patch\n\ndef test_WHEN_x_THEN_y(m):\n    assert [call(\n"
            "        1,  # first\n        2,\n    )] == m.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_called_with(1)\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_has_calls([call(1), call(2)])\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_any_call(1)\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_called()\n", path=EXAMPLE_PATH),
    ]

    _spec_mentioned: Optional[bool] = None

    def visit_Call(self, node: cst.Call) -> None:
        """Report mock `assert_*` method calls, with the `call_args_list`/`call_count` rewrite where one exists."""
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in MOCK_ASSERT_METHODS:
            return
        method = func.attr.value
        attribute = "call_count" if method == "assert_called_once" else "call_args_list"
        fixes: List[Fix] = []
        if _statement_call(self.context.ancestors, node):
            fix = self._fix(node, func, method)
            if fix is not None:
                fixes.append(fix)
        self.report(func.attr, fixes=fixes, method=method, attribute=attribute)

    def _fix(self, node: cst.Call, func: cst.Attribute, method: str) -> Optional[Fix]:
        receiver = self.text(func.value)
        if not _fits_anywhere(receiver):
            receiver = f"({receiver})"
        equivalent = self._exactly_equivalent(func.value, with_arguments=bool(node.args))
        safety = FixSafety.SAFE if equivalent else FixSafety.UNSAFE
        if method == "assert_not_called" and not node.args:
            return self.fix(
                "Assert on `call_args_list`", safety, self._statement(node, f"assert [] == {receiver}.call_args_list")
            )
        if method == "assert_called_once" and not node.args:
            return self.fix(
                "Assert on `call_count`", safety, self._statement(node, f"assert 1 == {receiver}.call_count")
            )
        if method == "assert_called" and not node.args:
            return self.fix("Assert `called`", FixSafety.SUGGESTION, self._statement(node, f"assert {receiver}.called"))
        if method == "assert_has_calls":
            bound = _call_args(node, ("calls", "any_order"))
            if bound is None or "any_order" in bound:
                return None
            calls_arg = bound.get("calls")
            if calls_arg is None or _has_comment_outside(node, [calls_arg.value]):
                return None
            calls = self.text(calls_arg.value)
            text = f"assert {calls if _fits_anywhere(calls) else f'({calls})'} == {receiver}.call_args_list"
            return self.fix("Assert on `call_args_list`", FixSafety.SUGGESTION, self._statement(node, text))
        call_name = self._call_name(func.value)
        if call_name is None:
            return None
        expected_call = f"{call_name.expression}({self._arguments_text(node)})"
        extra = [call_name.import_edit] if call_name.import_edit is not None else []
        if method == "assert_called_once_with":
            text = f"assert [{expected_call}] == {receiver}.call_args_list"
            return self.fix("Assert on `call_args_list`", safety, self._statement(node, text), *extra)
        if method == "assert_called_with":
            text = f"assert {expected_call} == {receiver}.call_args"
            return self.fix("Assert on `call_args`", FixSafety.SUGGESTION, self._statement(node, text), *extra)
        if method == "assert_any_call":
            text = f"assert {expected_call} in {receiver}.call_args_list"
            return self.fix("Assert on `call_args_list`", FixSafety.SUGGESTION, self._statement(node, text), *extra)
        return None

    def _statement(self, node: cst.Call, text: str) -> Edit:
        return Edit(self.outer_range(node), text)

    def _arguments_text(self, node: cst.Call) -> str:
        """Everything between the call's parentheses, comments and line breaks included."""
        inner = self.source.slice(TextRange(self.outer_range(node.func).end, self.context.range_of(node).end))
        return inner[inner.index("(") + 1 : inner.rindex(")")]

    def _exactly_equivalent(self, receiver: cst.BaseExpression, with_arguments: bool) -> bool:
        """True when the rewrite checks exactly what the `assert_*` call checks. Call counts are the same for
        every mock; expected arguments compare the same only on a mock without a spec, so the mock must be
        made in this test by a plain factory and the file must not mention a spec anywhere."""
        if not _is_plain_reference(receiver):
            return False
        if not with_arguments:
            return True
        if self._spec_mentioned is None:
            self._spec_mentioned = SPEC_MENTION.search(self.source.text) is not None
        function = self.context.enclosing_function()
        root = attribute_chain(receiver).split(".", 1)[0] if not isinstance(receiver, cst.Subscript) else ""
        return not self._spec_mentioned and function is not None and root in _plain_mocks_made_in(function)

    def _call_name(self, receiver: cst.BaseExpression) -> Optional[_MockCallName]:
        """The module's spelling of `mock.call`; None when the needed name is shadowed where it is used."""
        found = _mock_call_spelling(self.context.module)
        if found is None:
            found = _MockCallName(
                f"{MOCK_MODULE}.call", edits.add_from_import(self.context, UNITTEST_MODULE, MOCK_MODULE)
            )
            if _binds_at_module_level(self.context.module, MOCK_MODULE):
                return None
        if attribute_chain(receiver).split(".", 1)[0] == found.root:
            return None
        function = self.context.enclosing_function()
        if function is not None and found.root in _names_bound_in(function):
            return None
        return found


def _is_plain_reference(node: cst.BaseExpression) -> bool:
    """A name, attribute chain or simple subscript: reading it twice or later has no side effects."""
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return _is_plain_reference(node.value)
    if isinstance(node, cst.Subscript):
        return _is_plain_reference(node.value) and all(
            isinstance(element.slice, cst.Index)
            and isinstance(element.slice.value, (cst.Name, cst.Integer, cst.SimpleString))
            for element in node.slice
        )
    return False


def _mock_call_spelling(module: cst.Module) -> Optional[_MockCallName]:
    """`mock.call` through the module's own import of unittest.mock (or the mock backport), else `call`."""
    bare_call: Optional[str] = None
    unittest_mock = False
    for statement in _top_level_imports(module):
        if isinstance(statement, cst.ImportFrom):
            if statement.relative or statement.module is None or isinstance(statement.names, cst.ImportStar):
                continue
            source = attribute_chain(statement.module)
            for alias in statement.names:
                if source == UNITTEST_MODULE and attribute_chain(alias.name) == MOCK_MODULE:
                    return _MockCallName(f"{_alias_name(alias)}.call")
                if source in (UNITTEST_MOCK_MODULE, MOCK_MODULE) and attribute_chain(alias.name) == "call":
                    bare_call = _alias_name(alias)
        else:
            for alias in statement.names:
                name = attribute_chain(alias.name)
                binds_module = alias.asname is not None or name == MOCK_MODULE
                if binds_module and name in (UNITTEST_MOCK_MODULE, MOCK_MODULE):
                    return _MockCallName(f"{_alias_name(alias)}.call")
                if name == UNITTEST_MOCK_MODULE:
                    unittest_mock = True
    if bare_call is not None:
        return _MockCallName(bare_call)
    if unittest_mock:
        return _MockCallName(f"{UNITTEST_MOCK_MODULE}.call")
    return None


def _binds_at_module_level(module: cst.Module, name: str) -> bool:
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value == name:
            return True
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(m.matches(t.target, m.Name(name)) for t in small.targets):
                    return True
    return False


def _names_bound_in(function: cst.FunctionDef) -> Set[str]:
    """Names a function binds: parameters, assignment/for/with/except targets, walrus, nested defs, imports."""
    bound: Set[str] = set()
    stack: List[cst.CSTNode] = [function.params, function.body]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Param):
            bound.add(current.name.value)
        elif isinstance(current, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.NamedExpr, cst.AsName)):
            target = getattr(current, "target", None) or getattr(current, "name", None)
            for name in m.findall(target, m.Name()) if target is not None else ():
                bound.add(name.value)
        elif isinstance(current, (cst.FunctionDef, cst.ClassDef)):
            bound.add(current.name.value)
            continue
        elif isinstance(current, cst.ImportAlias) and current.asname is None:
            bound.add(attribute_chain(current.name).split(".", 1)[0])
        stack.extend(tree.children(current))
    return bound


def _is_plain_mock_factory(call: cst.BaseExpression) -> bool:
    if not isinstance(call, cst.Call):
        return False
    dotted = attribute_chain(call.func)
    return ".".join(dotted.rsplit(".", 2)[-2:]) in PLAIN_MOCK_FACTORIES or last_attribute(call.func) in (
        PLAIN_MOCK_FACTORIES
    )


def _plain_mocks_made_in(function: cst.FunctionDef) -> Set[str]:
    """Names the test binds to a mock it makes itself: `m = Mock()`, `with patch("x") as m:`, and the
    parameters a `@patch(...)` decorator passes in (the first ones after `self`, one per decorator)."""
    made: Set[str] = set()
    for node in tree.walk(function.body):
        if isinstance(node, cst.Assign) and _is_plain_mock_factory(node.value):
            made.update(target.target.value for target in node.targets if isinstance(target.target, cst.Name))
        elif isinstance(node, cst.WithItem) and _is_plain_mock_factory(node.item) and node.asname is not None:
            if isinstance(node.asname.name, cst.Name):
                made.add(node.asname.name.value)
    # A `@patch(..., new=value)` passes nothing in.
    passing_mocks = [
        decorator.decorator
        for decorator in function.decorators
        if isinstance(decorator.decorator, cst.Call)
        and _is_plain_mock_factory(decorator.decorator)
        and not any(
            argument.keyword is not None and argument.keyword.value == "new" for argument in decorator.decorator.args
        )
    ]
    parameters = [param.name.value for param in function.params.params if param.name.value not in ("self", "cls")]
    made.update(parameters[: len(passing_mocks)])
    return made


# --- CS505 ----------------------------------------------------------------------------------------------------


def _is_fail_marker(statement: cst.BaseStatement) -> bool:
    """`assert False`, `pytest.fail(...)`, `self.fail(...)` or `raise AssertionError...` as a statement."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Assert):
        return m.matches(small.test, m.Name("False") | m.Integer("0"))
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        return attribute_chain(small.value.func) in FAIL_CALLS
    if isinstance(small, cst.Raise) and small.exc is not None:
        exc = small.exc.func if isinstance(small.exc, cst.Call) else small.exc
        return attribute_chain(exc) == "AssertionError"
    return False


def _is_swallowing_body(block: cst.BaseSuite) -> bool:
    """An except body that is only `pass`, `...` or `assert True`."""
    if isinstance(block, cst.SimpleStatementSuite):
        smalls: List[cst.BaseSmallStatement] = list(block.body)
    else:
        smalls = []
        for statement in block.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                return False
            smalls.extend(statement.body)
    return bool(smalls) and all(
        isinstance(small, cst.Pass)
        or m.matches(small, m.Expr(m.Ellipsis()))
        or (isinstance(small, cst.Assert) and m.matches(small.test, m.Name("True")) and small.msg is None)
        for small in smalls
    )


class ExceptionTestWithoutPytestRaises(_TestFileRule):
    """An exception is tested without `pytest.raises`.

    The guide tests exceptions with the `pytest.raises` context manager. Reported:
    `self.assertRaises(E, fn, ...)` calls (the callable form), and `try:` blocks in a function whose
    `except E:` body is only `pass`/`...`/`assert True`, optionally with a trailing `assert False`,
    `pytest.fail(...)` or `self.fail(...)` in the `try` body or an `else:` holding one. Without such a failure
    marker, a `try` is only reported in a test function, and not when it swallows an exception of the
    environment (`ImportError`, `OSError` and its kin, `AttributeError`, the `Unicode*Error`s,
    `KeyboardInterrupt`): such a block copes with a missing module, file or encoding rather than testing a
    raise. In a test function, `except Exception: pass` counts too: whether the test means "this raises" or
    "ignore whatever happens", `pytest.raises` says it precisely.

    Fix (safe): `self.assertRaises(E, fn, *args, **kwargs)` as a statement of its own →
    `with pytest.raises(E):` and `fn(*args, **kwargs)` in its body (a lambda without parameters becomes its
    body), adding `import pytest` when missing. Suggestion for the `try` form, when it has one handler and no
    `finally`: `with pytest.raises(E):` around the `try` body, dropping the failure marker and the handler.
    """

    code = "CS505"
    name = "exception-test-without-pytest-raises"
    priority = Priority.CRITICAL
    guideline = Guideline.EXCEPTION_TESTING
    message = "Test the exception with `with pytest.raises(...)`"
    fix_safety = FixSafety.SAFE
    VALID = [
        Valid(
            "import pytest\n\ndef test_WHEN_x_THEN_y():\n    with pytest.raises(ValueError):\n        parse('x')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y():\n    try:\n        import numpy\n    except ImportError:\n        pass\n"
            "    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y(path):\n    try:\n        path.unlink()\n    except OSError:\n        pass\n"
            "    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid("try:\n    import numpy\nexcept ValueError:\n    pass\n", path=EXAMPLE_PATH),
        Valid(
            "def test_WHEN_x_THEN_y(paths):\n    try:\n        paths.append(paths[0].encode('utf8'))\n"
            "    except UnicodeEncodeError:\n        pass  # this platform cannot\n    assert 1 == run(paths)\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except ValueError:\n        handled = True\n"
            "    assert handled\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def cleanup(server):\n    try:\n        server.stop()\n    except RuntimeError:\n        pass\n",
            path=EXAMPLE_PATH,
        ),
    ]
    INVALID = [
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except Exception:\n        pass\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "import pytest\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertRaises(ValueError, parse, 'x', strict=True)  # bad\n",
            fixed="import pytest\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with pytest.raises(ValueError):\n"
            "            parse('x', strict=True)  # bad\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "from unittest import TestCase\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertRaises(KeyError, lambda: data['x'])\n",
            fixed=(
                    'from unittest import TestCase\n'
                    '\n'
                    'import pytest\n'
                    '\n'
                    'class TestX(TestCase):\n'
                    '    def test_WHEN_x_THEN_y(self):\n'
                    '        with pytest.raises(KeyError):\n'
                    "            data['x']\n"
                ),
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        result = self.assertRaises(KeyError, load)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n        assert False\n    except ValueError:\n"
            "        pass\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except ValueError:\n        assert True\n"
            "    else:\n        pytest.fail('no error')\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except ValueError:\n        pass\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def check_parse_fails():\n    try:\n        parse('x')\n        self.fail('parsed')\n"
            "    except (ValueError, TypeError):\n        pass\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        """Report the callable form `self.assertRaises(E, fn, ...)`, with the `with pytest.raises` rewrite."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == ASSERT_RAISES):
            return
        if not m.matches(func.value, m.Name("self")):
            return
        positional = [arg for arg in node.args if arg.keyword is None]
        if len(positional) < 2 or node.args[0].keyword is not None or node.args[1].keyword is not None:
            return
        fixes: List[Fix] = []
        ancestors = self.context.ancestors
        if _statement_call(ancestors, node, alone_on_line=True):
            fix = self._with_fix(node)
            if fix is not None:
                fixes.append(fix)
        self.report(func, fixes=fixes)

    def _with_fix(self, node: cst.Call) -> Optional[Fix]:
        exception, function, *rest = node.args
        if exception.star or function.star:
            return None
        if _has_comment_outside(node, [exception.value, function.value, *(arg.value for arg in rest)]):
            return None
        call = self._call_text(function.value, rest)
        raised = self.exception_text(exception.value)
        name, import_edit = self.pytest_name()
        start = self.outer_range(node).start
        indent = self.statement_indent(start.line)
        newline = self.source.newline
        body_indent = indent + self.context.module.default_indent
        text = f"with {name}.raises({raised}):{newline}{body_indent}{call}"
        if not _parses_as_statement(f"with {name}.raises({raised}):{newline}    {call}"):
            return None
        fix_edits = [Edit(self.outer_range(node), text)]
        if import_edit is not None:
            fix_edits.append(import_edit)
        return self.fix("Use `with pytest.raises(...)`", FixSafety.SAFE, *fix_edits)

    def _call_text(self, function: cst.BaseExpression, rest: Sequence[cst.Arg]) -> str:
        """The call `self.assertRaises(E, fn, *rest)` makes, as a statement: `fn(*rest)`, or the body of a
        lambda without parameters."""
        bare_lambda = isinstance(function, cst.Lambda) and not function.lpar and not _lambda_has_params(function)
        if bare_lambda and not rest:
            body = self.text(function.body)
            return body if _fits_anywhere(body) and not _needs_parens(function.body, STANDALONE_PARENS) else f"({body})"
        callee = self.text(function)
        callable_atom = isinstance(function, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or function.lpar
        if not callable_atom or not _fits_anywhere(callee):
            callee = f"({callee})"
        if not rest:
            return f"{callee}()"
        arguments = self.source.slice(
            TextRange(self.context.range_of(rest[0]).start, self.context.range_of(rest[-1]).end)
        )
        return f"{callee}({arguments})"

    def visit_Try(self, node: cst.Try) -> None:
        """Report a `try` whose handler swallows the exception a test expects (see the class documentation)."""
        if not self.context.in_function():
            return
        handler = next(
            (handler for handler in node.handlers if handler.type is not None and _is_swallowing_body(handler.body)),
            None,
        )
        if handler is None:
            return
        marker = self._failure_marker(node)
        if marker is None:
            caught = {last_attribute(element) for element in _exception_names(handler.type)}
            function = self.context.enclosing_function()
            in_test = function is not None and self.layout.is_test_function(function, self._ancestors_of(function))
            if not in_test or caught & ENVIRONMENT_EXCEPTIONS:
                return
        fixes: List[Fix] = []
        fix = self._try_fix(node, handler, marker)
        if fix is not None:
            fixes.append(fix)
        start = self.context.range_of(node).start
        self.report(TextRange(start, Position(start.line, start.column + len("try"))), fixes=fixes)

    def _ancestors_of(self, function: cst.FunctionDef) -> Sequence[cst.CSTNode]:
        ancestors = self.context.ancestors
        return ancestors[: ancestors.index(function)]

    def _failure_marker(self, node: cst.Try) -> Optional[cst.BaseStatement]:
        """The statement saying "this should have raised": last in the `try` body, or the `else` body."""
        if isinstance(node.body, cst.IndentedBlock) and node.body.body and _is_fail_marker(node.body.body[-1]):
            return node.body.body[-1]
        if node.orelse is not None and isinstance(node.orelse.body, cst.IndentedBlock):
            statements = node.orelse.body.body
            if statements and all(_is_fail_marker(statement) for statement in statements):
                return statements[-1]
        return None

    def _try_fix(self, node: cst.Try, handler: cst.ExceptHandler, marker: Optional[cst.BaseStatement]) -> Optional[Fix]:
        if len(node.handlers) != 1 or node.finalbody is not None or not isinstance(node.body, cst.IndentedBlock):
            return None
        orelse = node.orelse
        if orelse is not None and not (isinstance(orelse.body, cst.IndentedBlock) and marker in orelse.body.body):
            return None
        body = list(node.body.body)
        if marker is not None and marker in body:
            body.remove(marker)
        if not body or handler.type is None:
            return None
        raised = self.exception_text(handler.type)
        name, import_edit = self.pytest_name()
        try_start = self.context.range_of(node).start
        header_end = Position(
            try_start.line, try_start.column + len("try") + len(node.whitespace_before_colon.value) + 1
        )
        fix_edits = [Edit(TextRange(try_start, header_end), f"with {name}.raises({raised}):")]
        if marker is not None and marker in node.body.body:
            marker_range = self.context.range_of(marker)
            fix_edits.append(
                Edit(TextRange(Position(marker_range.start.line, 0), Position(marker_range.end.line + 1, 0)), "")
            )
        handler_line = self.context.range_of(handler).start.line
        try_end = self.context.range_of(node).end
        fix_edits.append(Edit(TextRange(Position(handler_line, 0), Position(try_end.line + 1, 0)), ""))
        if import_edit is not None:
            fix_edits.append(import_edit)
        return self.fix("Use `with pytest.raises(...)`", FixSafety.SUGGESTION, *fix_edits)


def _lambda_has_params(node: cst.Lambda) -> bool:
    params = node.params
    return (
        bool(params.params or params.posonly_params or params.kwonly_params)
        or not isinstance(params.star_arg, cst.MaybeSentinel)
        or params.star_kwarg is not None
    )


def _exception_names(node: cst.BaseExpression) -> List[cst.BaseExpression]:
    if isinstance(node, cst.Tuple):
        return [element.value for element in node.elements]
    return [node]


# --- CS506 ----------------------------------------------------------------------------------------------------


class NonUnittestMockLibrary(_TestFileRule):
    """A mock library other than `unittest.mock` is used.

    The guide mocks with `unittest.mock` only (`@mock.patch`, `mock.Mock`, `side_effect`), so every test
    reads the same way and needs no extra dependency. Reported: the pytest-mock `mocker` fixture (and its
    `class_mocker`/`module_mocker`/`package_mocker`/`session_mocker` twins) as a parameter of a test function
    or a fixture, `import mock` / `from mock import ...` (the PyPI backport), and imports of `flexmock`,
    `mockito` and `doublex`. An `import mock` that is only the fallback inside `except ImportError:` is left
    alone: the module prefers unittest.mock.

    Fix (safe): `import mock` → `from unittest import mock` (same name, same API). None for the rest: moving
    off another library means rewriting its calls.
    """

    code = "CS506"
    name = "non-unittest-mock-library"
    priority = Priority.CRITICAL
    guideline = Guideline.MOCKING_STRATEGY
    message = "{what} is not `unittest.mock`: mock with `unittest.mock` only"
    fix_safety = FixSafety.SAFE
    VALID = [
        Valid(
            "from unittest import mock\n\n@mock.patch('a.b')\ndef test_WHEN_x_THEN_y(mock_b):\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid("import unittest.mock as mock\nfrom unittest.mock import patch\n", path=EXAMPLE_PATH),
        Valid("try:\n    from unittest import mock\nexcept ImportError:\n    import mock\n", path=EXAMPLE_PATH),
        Valid("def helper(mocker):\n    return mocker\n", path=EXAMPLE_PATH),
        Valid("from . import mock\nfrom .mock import thing\n", path=EXAMPLE_PATH),
        Valid("import mock\n", path="src/example.py"),
    ]
    INVALID = [
        Invalid("import mock\n", fixed="from unittest import mock\n", path=EXAMPLE_PATH),
        Invalid("import mock as m\n", path=EXAMPLE_PATH),
        Invalid("from mock import patch, Mock\n", path=EXAMPLE_PATH),
        Invalid("import mock.mock\n", path=EXAMPLE_PATH),
        Invalid("from flexmock import flexmock\nimport mockito\nfrom doublex import Spy\n", path=EXAMPLE_PATH, count=3),
        Invalid("def test_WHEN_x_THEN_y(mocker):\n    mocker.patch('a.b')\n    assert 1 == run()\n", path=EXAMPLE_PATH),
        Invalid(
            "import pytest\n\n@pytest.fixture\ndef client(session_mocker):\n    return session_mocker.Mock()\n",
            path="tests/conftest.py",
        ),
        Invalid(
            "class TestX:\n    def test_WHEN_x_THEN_y(self, mocker):\n        assert 1 == run(mocker)\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Import(self, node: cst.Import) -> None:
        """Report `import mock` (fixable), `import flexmock`, `import mockito`, `import doublex`."""
        for alias in node.names:
            name = attribute_chain(alias.name)
            if name.split(".", 1)[0] not in OTHER_MOCK_LIBRARIES or self._is_import_fallback():
                continue
            fixes: List[Fix] = []
            if name == MOCK_MODULE and alias.asname is None and len(node.names) == 1:
                fixes.append(
                    self.fix(
                        "Use `from unittest import mock`",
                        FixSafety.SAFE,
                        self.replace(node, "from unittest import mock"),
                    )
                )
            self.report(alias, fixes=fixes, what=f"`import {name}`")

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        """Report `from mock import ...` and imports from the other mock libraries."""
        if node.relative or node.module is None:
            return
        name = attribute_chain(node.module)
        if name.split(".", 1)[0] in OTHER_MOCK_LIBRARIES and not self._is_import_fallback():
            self.report(node.module, what=f"`from {name} import ...`")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        """Report pytest-mock fixtures among the parameters of a test function or a fixture."""
        params = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        mockers = [param for param in params if param.name.value in MOCKER_FIXTURES]
        if not mockers or not (is_fixture(node) or self.is_test_function(node)):
            return
        for param in mockers:
            self.report(param.name, what=f"The pytest-mock `{param.name.value}` fixture")

    def _is_import_fallback(self) -> bool:
        for ancestor in reversed(self.context.ancestors):
            if isinstance(ancestor, cst.ExceptHandler) and ancestor.type is not None:
                return bool({last_attribute(name) for name in _exception_names(ancestor.type)} & IMPORT_FALLBACK_ERRORS)
        return False


# --- CS507 ----------------------------------------------------------------------------------------------------


@dataclass
class _FunctionFacts:
    """What CS507 learned about one function: does it assert, and which module-local helpers does it call."""

    node: cst.FunctionDef
    owner: Optional[str]
    is_test: bool
    asserts: bool = False
    calls: Set[Tuple[str, str]] = field(default_factory=set)


class MissingTestAssertion(_TestFileRule):
    """A test function asserts nothing.

    The guide asks every test to check its results; a test that only runs code passes whatever that code
    returns. Accepted as checking something: an `assert` statement, `pytest.raises`/`pytest.warns`/
    `pytest.deprecated_call`/`pytest.fail`, `self.assert*`/`self.fail`, any `assert*` method
    (`m.assert_called_once_with(...)`), a call of a helper (function or method) whose name starts with
    `assert`, `check` or `verify`, pytester's `result.stdout.fnmatch_lines(...)` and its kin, a
    `raise AssertionError`, `pytest.skip`/`pytest.xfail`, an `@pytest.mark.xfail(raises=...)` decorator,
    a reference to `self.assert*` handed on (`eq = self.assertEqual`), and a call of a function or method of
    this module (`helper()`, `self.helper()`, a method of a base class of this module) that does any of
    those.
    Assertions inside nested functions count. Only collected tests are checked (see CS501).
    """

    code = "CS507"
    name = "test-without-assertion"
    priority = Priority.CRITICAL
    guideline = Guideline.TEST_COVERAGE
    message = "Test `{name}` asserts nothing"
    VALID = [
        Valid("def test_WHEN_x_THEN_y():\n    assert 1 == run()\n", path=EXAMPLE_PATH),
        Valid(
            "import pytest\n\ndef test_WHEN_x_THEN_y():\n    with pytest.raises(ValueError):\n        run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_WHEN_x_THEN_y():\n    with pytest.warns(UserWarning):\n        run()\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    with pytest.deprecated_call():\n        run()\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y(m):\n    run()\n    m.assert_called_once_with(1)\n", path=EXAMPLE_PATH),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        self.assertEqual(1, run())\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_WHEN_x_THEN_y():\n    check_output(run())\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    helpers.verify_state()\n", path=EXAMPLE_PATH),
        Valid(
            "def test_WHEN_x_THEN_y():\n    if run() != 1:\n        raise AssertionError('bad')\n", path=EXAMPLE_PATH
        ),
        Valid(
            "def _run_case(value):\n    assert value == run()\n\ndef test_WHEN_x_THEN_y():\n    _run_case(1)\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "class TestX:\n    def _check(self, value):\n        assert 1 == value\n\n"
            "    def test_WHEN_x_THEN_y(self):\n        self._check(run())\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y():\n    def callback(value):\n        assert 1 == value\n    run(callback)\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_WHEN_x_THEN_y():\n    pytest.skip('not on this platform')\n", path=EXAMPLE_PATH),
        Valid("@pytest.mark.xfail(raises=ValueError)\ndef test_WHEN_x_THEN_y():\n    run()\n", path=EXAMPLE_PATH),
        Valid("def helper():\n    run()\n", path=EXAMPLE_PATH),
        Valid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n        eq = self.assertEqual\n"
            "        eq(1, run())\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y(testdir):\n    result = testdir.runpytest()\n"
            "    result.stdout.fnmatch_lines(['*1 passed*'])\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_x():\n    run()\n", path="tests/conftest.py"),
    ]
    INVALID = [
        Invalid("def test_WHEN_x_THEN_y():\n    run()\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_x_THEN_y():\n    pass\n", path=EXAMPLE_PATH),
        Invalid(
            "class TestX:\n    def test_WHEN_x_THEN_y(self):\n        self.run()\n\n    def run(self):\n"
            "        return 1\n",
            path=EXAMPLE_PATH,
        ),
        Invalid("def test_WHEN_x_THEN_y(mock_run):\n    mock_run.return_value = 1\n    run()\n", path=EXAMPLE_PATH),
        Invalid("def test_a():\n    run()\n\ndef test_b():\n    run()\n", path=EXAMPLE_PATH, count=2),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._stack: List[_FunctionFacts] = []
        self._functions: Dict[Tuple[Optional[str], str], _FunctionFacts] = {}
        self._tests: List[_FunctionFacts] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        """Start collecting facts about a function; tests are judged once the whole module is seen."""
        owner_class = self.context.enclosing_class()
        owner = owner_class.name.value if owner_class is not None else None
        facts = _FunctionFacts(node, owner, self.is_test_function(node))
        if not self.context.in_function():
            self._functions.setdefault((owner, node.name.value), facts)
        if facts.is_test:
            self._tests.append(facts)
        self._stack.append(facts)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._stack.pop()

    def _mark_asserting(self) -> None:
        for facts in self._stack:
            facts.asserts = True

    def visit_Assert(self, node: cst.Assert) -> None:
        self._mark_asserting()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        """`eq = self.assertEqual` or `run(check=self.assertTrue)` hands an assertion on: it counts."""
        if self._stack and m.matches(node.value, m.Name("self")) and node.attr.value.startswith("assert"):
            self._mark_asserting()

    def visit_Raise(self, node: cst.Raise) -> None:
        exc = node.exc.func if isinstance(node.exc, cst.Call) else node.exc
        if exc is not None and attribute_chain(exc) in ("AssertionError", "self.failureException"):
            self._mark_asserting()

    def visit_Call(self, node: cst.Call) -> None:
        """Note calls that check something, and calls of module-local helpers to follow later."""
        if not self._stack:
            return
        func = node.func
        name = attribute_chain(func)
        if isinstance(func, cst.Name):
            if name in ASSERTING_CALLS or name.lower().startswith(CHECKING_PREFIXES):
                self._mark_asserting()
            else:
                self._record_call(("function", name))
        elif isinstance(func, cst.Attribute):
            attribute = func.attr.value
            if (
                attribute.lower().startswith(CHECKING_PREFIXES)
                or attribute in CHECKING_METHODS
                or name in ASSERTING_CALLS
            ):
                self._mark_asserting()
            elif name == "pytest.mark.xfail" and any(m.matches(arg.keyword, m.Name("raises")) for arg in node.args):
                self._mark_asserting()
            elif m.matches(func.value, m.Name("self") | m.Name("cls")):
                self._record_call(("method", attribute))

    def _record_call(self, call: Tuple[str, str]) -> None:
        for facts in self._stack:
            facts.calls.add(call)

    def leave_Module(self, original_node: cst.Module) -> None:
        """Report the tests that neither assert themselves nor call a helper of this module that does."""
        for facts in self._tests:
            if not self._checks_something(facts, 0, set()):
                self.report(facts.node.name, name=facts.node.name.value)

    def _checks_something(self, facts: _FunctionFacts, depth: int, seen: Set[int]) -> bool:
        if facts.asserts:
            return True
        if depth >= MAX_HELPER_DEPTH or id(facts) in seen:
            return False
        seen.add(id(facts))
        for kind, name in facts.calls:
            helper = self._functions.get((None, name)) if kind == "function" else self._method(facts.owner, name)
            if helper is not None and self._checks_something(helper, depth + 1, seen):
                return True
        return False

    def _method(self, owner: Optional[str], name: str) -> Optional[_FunctionFacts]:
        """A method of the class or of its base classes defined in this module."""
        pending = [owner] if owner is not None else []
        visited: Set[str] = set()
        while pending:
            current = pending.pop(0)
            if current in visited:
                continue
            visited.add(current)
            found = self._functions.get((current, name))
            if found is not None:
                return found
            pending.extend(base.rsplit(".", 1)[-1] for base in self.layout.class_bases.get(current, []))
        return None


# --- CS508 ----------------------------------------------------------------------------------------------------


@dataclass
class _LiteralUses:
    value: str
    nodes: List[cst.SimpleString] = field(default_factory=list)
    tests: Set[int] = field(default_factory=set)


def constant_name_for(value: str, taken: FrozenSet[str]) -> str:
    """`TEST_<NAME>` from a literal's text: upper case, runs of non-identifier characters as one `_`, cut at
    a word boundary when long, and numbered (`_2`, `_3`...) when the name is taken."""
    words = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper()
    if len(words) > MAX_CONSTANT_NAME_LENGTH:
        cut = words[:MAX_CONSTANT_NAME_LENGTH]
        words = cut[: cut.rfind("_")] if "_" in cut else cut
    if not words:
        words = "VALUE"
    base = words if words.startswith(CONSTANT_PREFIX) else CONSTANT_PREFIX + words
    name, number = base, 2
    while name in taken:
        name = f"{base}_{number}"
        number += 1
    return name


def _names_something(node: cst.SimpleString, parent: cst.CSTNode, grandparent: cst.CSTNode) -> bool:
    """True for a string that is not test data: a bare string statement (docstring or comment), part of an
    implicit concatenation, a forward-reference annotation, a key (`data["name"]`, `{"name": ...}`), an
    attribute name (`getattr(obj, "name")`) or a codec (`.decode("utf-8")`, `encoding="utf-8"`)."""
    if isinstance(parent, (cst.Expr, cst.ConcatenatedString, cst.Annotation, cst.Index)):
        return True
    if isinstance(parent, cst.DictElement):
        return parent.key is node
    if isinstance(parent, cst.Arg) and isinstance(grandparent, cst.Call):
        if parent.keyword is not None:
            return parent.keyword.value in CODEC_KEYWORDS
        function = grandparent.func
        if isinstance(function, cst.Attribute) and function.attr.value in CODEC_METHODS:
            return True
        return attribute_chain(function) in ATTRIBUTE_FUNCTIONS and len(grandparent.args) > 1 and grandparent.args[1] is parent
    return False


class RepeatedTestLiteral(_TestFileRule):
    """The same string literal is repeated across the tests of a module.

    The guide defines test data used by several tests once, as a module-level constant (`TEST_CLUSTER =
    "my-cluster"`), so related tests stay consistent. Reported once per string (at its first use) when the
    same string value of 4 or more characters appears in the bodies of 3 or more test functions of the module.
    Not counted, as they are not test data: docstrings and other bare string statements, byte strings,
    f-strings and implicitly concatenated strings, strings in decorators, defaults, annotations or `match`
    patterns, keys (`data["name"]`, `{"name": ...}`), attribute names (`getattr(obj, "name")`) and codecs
    (`.decode("utf-8")`, `encoding="utf-8"`).

    Fix (unsafe): add `TEST_<NAME> = "..."` after the imports and module constants (the name derived from the
    text, numbered when taken) and use it in those tests; when a module constant already holds that string,
    use it instead.
    """

    code = "CS508"
    name = "repeated-test-literal"
    priority = Priority.PREFERRED
    guideline = Guideline.MODULE_LEVEL_TEST_CONSTANTS
    message = "String {literal} is repeated in {count} tests: make it a module-level `{constant}` constant"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        Valid(
            "def test_WHEN_a_THEN_b():\n    assert 1 == run('my-cluster')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run('my-cluster')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_a_THEN_b():\n    assert 1 == run('abc')\n\ndef test_WHEN_c_THEN_d():\n"
            "    assert 1 == run('abc')\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run('abc')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_a_THEN_b():\n    '''Deploys it.'''\n    assert 1 == run()\n\n"
            "def test_WHEN_c_THEN_d():\n    '''Deploys it.'''\n    assert 1 == run()\n\n"
            "def test_WHEN_e_THEN_f():\n    '''Deploys it.'''\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "@mock.patch('pkg.client')\ndef test_WHEN_a_THEN_b(c):\n    assert 1 == run()\n\n"
            "@mock.patch('pkg.client')\ndef test_WHEN_c_THEN_d(c):\n    assert 1 == run()\n\n"
            "@mock.patch('pkg.client')\ndef test_WHEN_e_THEN_f(c):\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def helper_a():\n    return 'my-cluster'\n\ndef helper_b():\n    return 'my-cluster'\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 'my-cluster' == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_a_THEN_b():\n    assert 1 == data['name'] and getattr(obj, 'name')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert {'name': 1} == run(raw.decode('utf-8'))\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run('name', encoding='utf-8')\n",
            path=EXAMPLE_PATH,
        ),
    ]
    INVALID = [
        Invalid(
            "import os\n\n\ndef test_WHEN_a_THEN_b():\n    assert 1 == run('my-cluster')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run(\"my-cluster\", 'my-cluster')\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 'my-cluster' == name()\n",
            fixed="import os\n\nTEST_MY_CLUSTER = 'my-cluster'\n\n\ndef test_WHEN_a_THEN_b():\n"
            "    assert 1 == run(TEST_MY_CLUSTER)\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run(TEST_MY_CLUSTER, TEST_MY_CLUSTER)\n\n"
            "def test_WHEN_e_THEN_f():\n    assert TEST_MY_CLUSTER == name()\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "TEST_MY_CLUSTER = 'other'\nCLUSTER = 'my-cluster'\n\n"
            "class TestX:\n    def test_WHEN_a_THEN_b(self):\n        assert 1 == run('my-cluster')\n\n"
            "    def test_WHEN_c_THEN_d(self):\n        assert 1 == run('my-cluster')\n\n"
            "    def test_WHEN_e_THEN_f(self):\n        assert 1 == run('my-cluster')\n",
            fixed="TEST_MY_CLUSTER = 'other'\nCLUSTER = 'my-cluster'\n\n"
            "class TestX:\n    def test_WHEN_a_THEN_b(self):\n        assert 1 == run(CLUSTER)\n\n"
            "    def test_WHEN_c_THEN_d(self):\n        assert 1 == run(CLUSTER)\n\n"
            "    def test_WHEN_e_THEN_f(self):\n        assert 1 == run(CLUSTER)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "TEST_MY_CLUSTER = 'other'\n\n"
            "def test_WHEN_a_THEN_b():\n    assert 1 == run('my cluster!')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run('my cluster!')\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run('my cluster!')\n",
            fixed="TEST_MY_CLUSTER = 'other'\nTEST_MY_CLUSTER_2 = 'my cluster!'\n\n"
            "def test_WHEN_a_THEN_b():\n    assert 1 == run(TEST_MY_CLUSTER_2)\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run(TEST_MY_CLUSTER_2)\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run(TEST_MY_CLUSTER_2)\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        """Reset the per-module state and note module constants that already hold a string."""
        self._uses: Dict[str, _LiteralUses] = {}
        self._names: Set[str] = set()
        self._constants: Dict[str, str] = {}
        for statement in node.body:
            if edits.is_constant_assignment(statement):
                small = statement.body[0]  # type: ignore[attr-defined]
                target = small.targets[0].target if isinstance(small, cst.Assign) else small.target
                value = small.value
                if isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str):
                    self._constants.setdefault(value.evaluated_value, target.value)

    def visit_Name(self, node: cst.Name) -> None:
        self._names.add(node.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        """Count a string of 4+ characters in the body of a test, unless it is not test data."""
        if "b" in node.prefix.lower():
            return
        value = node.evaluated_value
        if not isinstance(value, str) or len(value) < MIN_REPEATED_LITERAL_LENGTH:
            return
        test = self._enclosing_test_body(node)
        if test is None:
            return
        uses = self._uses.setdefault(value, _LiteralUses(value))
        uses.nodes.append(node)
        uses.tests.add(id(test))

    def _enclosing_test_body(self, node: cst.SimpleString) -> Optional[cst.FunctionDef]:
        """The test whose body holds the current string, or None when the string is not counted."""
        ancestors = self.context.ancestors
        if len(ancestors) < 2 or _names_something(node, ancestors[-1], ancestors[-2]):
            return None
        test: Optional[cst.FunctionDef] = None
        for index, ancestor in enumerate(ancestors):
            if isinstance(ancestor, (cst.MatchCase, cst.Annotation)):
                return None
            if test is None and isinstance(ancestor, cst.FunctionDef):
                in_body = index + 1 < len(ancestors) and ancestors[index + 1] is ancestor.body
                if not in_body or not self.layout.is_test_function(ancestor, ancestors[:index]):
                    return None
                test = ancestor
        return test

    def leave_Module(self, original_node: cst.Module) -> None:
        """Report each string repeated in enough tests, with the extract-constant fix."""
        taken = set(self._names)
        for uses in self._uses.values():
            if len(uses.tests) < MIN_REPEATING_TESTS:
                continue
            first = uses.nodes[0]
            constant = self._constants.get(uses.value)
            fix_edits: List[Edit] = []
            if constant is None:
                constant = constant_name_for(uses.value, frozenset(taken))
                taken.add(constant)
                fix_edits.extend(edits.add_constant(self.context, constant, self.context.code_for(first)))
            fix_edits.extend(self.replace(node, constant) for node in uses.nodes)
            fix = self.fix(f"Extract constant `{constant}`", FixSafety.UNSAFE, *fix_edits)
            self.report(first, fixes=[fix], literal=_shorten(first.value), count=len(uses.tests), constant=constant)
