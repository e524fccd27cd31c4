"""CS501 test-name-not-when-then: tests are named `test_WHEN_<action>_THEN_<result>`."""

import logging
import re

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import FixSafety, Invalid, Scope, Valid
from chris_style.rules.testing._shared import EXAMPLE_PATH, _TestFileRule

logger = logging.getLogger(__name__)

# pytest's default `python_functions` / `python_classes` prefixes; unittest's `testMethodPrefix` is the same.
TEST_FUNCTION_PREFIX = "test"

# The convention, and what the rename drops from an old name (`test_`, `tests_`, a bare `test`).
WHEN_THEN_NAME = re.compile(r"^test_WHEN_.+_THEN_.+$")
OLD_TEST_PREFIX = re.compile(r"^tests?_*")


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
    scope = Scope.STATEMENT
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
