"""What the tests of the testing rules (CS501-CS508) share beyond tests/rules/helpers.py: the test file their
snippets are linted as, snippets wrapped in a test function or a unittest method, and two fix helpers the
shared ones do not cover (one also compiles the result, one lists every fix of every violation)."""

from typing import Collection, List, Tuple

from chris_style.config.settings import Settings
from chris_style.linting.rule import FixSafety
from tests.rules.helpers import SAFE_ONLY, fixed, violations

# Every testing rule runs on test files only.
TEST_PATH = "tests/test_example.py"


def fixed_and_compiled(text: str, rule_code: str, safeties: Collection[FixSafety] = SAFE_ONLY) -> str:
    """`text` after the rule's fixes with only that rule selected, checked to compile."""
    result = fixed(text, rule_code, TEST_PATH, Settings(select=(rule_code,)), safeties)
    compile(result, TEST_PATH, "exec", dont_inherit=True)
    return result


def fixes_offered(text: str, rule_code: str) -> List[Tuple[str, str]]:
    """(safety, title) of every fix of every violation of the rule, with only that rule selected."""
    found = violations(text, rule_code, TEST_PATH, Settings(select=(rule_code,)))
    return [(fix.safety.value, fix.title) for violation in found for fix in violation.fixes]


def in_test(body: str) -> str:
    """`body` as the body of a module-level test function."""
    return "def test_WHEN_x_THEN_y():\n" + "".join(f"    {line}\n" for line in body.splitlines())


def in_method(body: str, header: str = "") -> str:
    """`body` as the body of a test method of a `TestCase` subclass, after `header`."""
    lines = "".join(f"        {line}\n" for line in body.splitlines())
    return f"{header}class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n{lines}"
