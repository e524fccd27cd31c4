"""Edge cases of CS603 constant-name-not-screaming-snake beyond its embedded examples: the rename fix is run on
shadowing scopes and executed before and after, and renames that cannot be proven safe offer no fix."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import SAFE_AND_UNSAFE, fixed, violations
from tests.rules.idioms.behaviour import assert_same_behaviour

CONSTANT_NAMING = "CS603"
CONSTANT_NAMING_ONLY = Settings(select=(CONSTANT_NAMING,))


def test_WHEN_constant_renamed_THEN_shadowing_scopes_keep_their_own_name_and_behaviour_is_kept() -> None:
    before = (
        "base = 10\n\n\ndef use(value):\n    return value + base\n\n\ndef shadow(base):\n    return base * 2\n\n\n"
        "def local():\n    base = 3\n    return base\n\n\ndef closure():\n    base = 4\n\n    def inner():\n"
        "        return base\n\n    return inner()\n\n\ndef comprehension():\n    return [base for base in range(2)] + [base]\n\n\n"
        "square = lambda base: base * base\nuse_default = lambda value=base: value\n\n\n"
        "def run(value):\n    return (use(value), shadow(value), local(), closure(), comprehension(), square(value),"
        " use_default())\n"
    )
    after = fixed(before, CONSTANT_NAMING, settings=CONSTANT_NAMING_ONLY, safeties=SAFE_AND_UNSAFE)
    assert "BASE = 10\n" in after
    assert "def shadow(base):\n    return base * 2\n" in after
    assert "return [base for base in range(2)] + [BASE]" in after
    assert "use_default = lambda value=BASE: value" in after
    assert_same_behaviour(before, after, "run", [(1,), (5,)])


@pytest.mark.parametrize(
    "code",
    [
        "limit = 3\n\nclass Box:\n    limit = 4\n",
        "limit = 3\n\ndef read():\n    return globals()['limit']\n",
        "limit = 3\nLIMIT = 4\n",
    ],
)
def test_WHEN_rename_cannot_be_proven_safe_THEN_reported_without_fix(code: str) -> None:
    actual = violations(code, CONSTANT_NAMING, settings=CONSTANT_NAMING_ONLY)
    assert [()] == [v.fixes for v in actual]


def test_WHEN_constant_rebound_in_loop_or_by_global_THEN_not_reported() -> None:
    code = "total = 0\nfor total in range(3):\n    pass\nlimit = 1\n\ndef grow():\n    global limit\n"
    assert [] == violations(code, CONSTANT_NAMING, settings=CONSTANT_NAMING_ONLY)
