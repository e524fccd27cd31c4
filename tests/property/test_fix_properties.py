"""Property-based: random valid programs (hypothesmith) through lint and fix-all never crash a rule, always
give code that parses, and fix-all converges (applying it twice equals once)."""

from pathlib import PurePosixPath

import hypothesmith
import libcst as cst
from hypothesis import HealthCheck, given, settings

from chris_style.config.settings import Settings
from chris_style.linting.fixes import BULK_UNSAFE_SAFETIES, fix_text
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

# Enough random programs to exercise every rule's visitors on odd syntax, few enough for a 2-core CI run.
EXAMPLES_PER_PROPERTY = 30
MODULE_PATH = PurePosixPath("package/module.py")
TEST_PATH = PurePosixPath("tests/test_module.py")
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES_PER_PROPERTY,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _parses(code: str) -> bool:
    try:
        cst.parse_module(code)
    except (cst.ParserSyntaxError, RecursionError):
        return False
    return True


@PROPERTY_SETTINGS
@given(hypothesmith.from_node())
def test_WHEN_random_program_linted_THEN_no_rule_crashes(code: str) -> None:
    for path in (MODULE_PATH, TEST_PATH):
        result = lint(SourceFile(code, path), Settings(), REGISTRY)
        assert [] == [(failure.code, failure.error) for failure in result.failures]


@PROPERTY_SETTINGS
@given(hypothesmith.from_node())
def test_WHEN_random_program_fixed_THEN_result_parses_and_converges(code: str) -> None:
    for path in (MODULE_PATH, TEST_PATH):
        once = fix_text(SourceFile(code, path), Settings(), REGISTRY, BULK_UNSAFE_SAFETIES)
        twice = fix_text(SourceFile(once.text, path), Settings(), REGISTRY, BULK_UNSAFE_SAFETIES)
        assert (True, None) == (_parses(once.text), once.error)
        assert once.text == twice.text
