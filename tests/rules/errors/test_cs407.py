"""Edge cases of CS407 swallowed-exception beyond its embedded examples."""

from tests.rules.helpers import lines, violations

TEST_SWALLOWED = "CS407"


def test_WHEN_generic_except_swallows_THEN_range_covers_the_except_clause_only() -> None:
    code = "try:\n    run()\nexcept Exception as error:  # noqa: BLE001\n    pass\n"
    violation = violations(code, TEST_SWALLOWED)[0]
    assert (2, 0, 2, 25) == (
        violation.range.start.line,
        violation.range.start.column,
        violation.range.end.line,
        violation.range.end.column,
    )


def test_WHEN_except_star_swallows_exception_THEN_reported() -> None:
    code = "try:\n    run()\nexcept* Exception:\n    pass\n"
    assert [3] == lines(code, TEST_SWALLOWED)


def test_WHEN_swallowing_block_also_does_something_THEN_not_reported() -> None:
    code = "try:\n    run()\nexcept Exception:\n    'ignored'\n    pass\n"
    assert [] == lines(code, TEST_SWALLOWED)


def test_WHEN_bare_except_in_tab_indented_loop_THEN_reported() -> None:
    code = "for item in items:\n\ttry:\n\t\trun(item)\n\texcept:\n\t\tcontinue\n"
    assert [4] == lines(code, TEST_SWALLOWED)
