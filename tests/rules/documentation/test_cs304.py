"""Edge cases of the section 3 rule CS304 undocumented-magic-number beyond its embedded examples."""

from chris_style.linting.rule import FixSafety
from tests.rules.documentation.fixes import with_fix
from tests.rules.helpers import violations

MAGIC_NUMBER = "CS304"
UNUSED_SUPPRESSION = "CS002"


def test_WHEN_magic_number_checked_THEN_two_suggestions_offered_in_order() -> None:
    code = "RETRIES = 3\r\n"

    violation = violations(code, MAGIC_NUMBER)[0]

    assert [FixSafety.SUGGESTION, FixSafety.SUGGESTION] == [fix.safety for fix in violation.fixes]
    assert "RETRIES = 3  # Arbitrarily chosen\r\n" == with_fix(code, violation, 0)
    assert "RETRIES = 3  # TODO: why this value?\r\n" == with_fix(code, violation, 1)


def test_WHEN_magic_number_checked_AND_trailing_pragma_only_THEN_reported() -> None:
    assert 1 == len(violations("TIMEOUT = 30  # type: int\n", MAGIC_NUMBER))


def test_WHEN_magic_number_checked_AND_noqa_names_rule_THEN_silenced_without_unused_suppression() -> None:
    code = "TIMEOUT = 30  # noqa: CS304\n"

    assert [] == violations(code, MAGIC_NUMBER) + violations(code, UNUSED_SUPPRESSION)


def test_WHEN_magic_number_checked_AND_various_values_THEN_only_non_trivial_numbers_reported() -> None:
    code = "A = -1.0\nB = +0\nC = 1e3\nD = 2j\nE = (1, 2)\nF = True\nG = 0x1\nH = 2 ** 10\n"

    assert ["C", "D", "H"] == [violation.message.split("`")[1] for violation in violations(code, MAGIC_NUMBER)]


def test_WHEN_magic_number_checked_AND_class_inside_function_THEN_not_reported() -> None:
    code = "def build() -> None:\n    class Local:\n        LIMIT = 5\n"

    assert [] == violations(code, MAGIC_NUMBER)


def test_WHEN_magic_number_checked_AND_comment_above_attribute_run_THEN_run_documented_until_other_code() -> None:
    code = (
        "class Limits:\n    # Per the API docs\n    MAX_PAGE = 100\n    name: str = 'limits'\n    MAX_ITEMS = 1000\n"
        "    self_check()\n    MAX_BYTES = 4096\n"
    )

    assert ["MAX_BYTES"] == [violation.message.split("`")[1] for violation in violations(code, MAGIC_NUMBER)]


def test_WHEN_magic_number_checked_AND_run_starts_at_module_header_comment_THEN_documented() -> None:
    code = "# Values from the capacity planning sheet\nMAX_TRAFFIC = 100\nMIN_TRAFFIC = 0.01\n"

    assert [] == violations(code, MAGIC_NUMBER)
