"""CS507 test-without-assertion: every test checks something."""

import logging
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Valid
from chris_style.linting.syntax import attribute_chain
from chris_style.rules.testing._shared import EXAMPLE_PATH, _TestFileRule

logger = logging.getLogger(__name__)

# Call prefixes that check something (`assert_*` helpers and mock methods, `check_*`, `verify_*`);
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
# The names a method's own object goes by.
SELF_NAMES = ("self", "cls")


def _is_name(node: Optional[cst.CSTNode], names: Tuple[str, ...]) -> bool:
    """A bare name, one of `names` (a plain check: this runs for every call and attribute of a test module)."""
    return isinstance(node, cst.Name) and node.value in names


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
        if self._stack and node.attr.value.startswith("assert") and _is_name(node.value, SELF_NAMES[:1]):
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
            elif name == "pytest.mark.xfail" and any(_is_name(arg.keyword, ("raises",)) for arg in node.args):
                self._mark_asserting()
            elif _is_name(func.value, SELF_NAMES):
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
