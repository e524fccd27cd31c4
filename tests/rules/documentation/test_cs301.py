"""Edge cases of the section 3 rule CS301 missing-docstring beyond its embedded examples."""

from chris_style.linting.rule import FixSafety
from tests.rules.documentation.fixes import with_fix
from tests.rules.helpers import configured
from tests.rules.helpers import violations as rule_violations

MISSING_DOCSTRING = "CS301"
INDENT = "    "
# Exactly the default `docstring-min-statements`, so one more statement in a test crosses it.
EIGHT_STATEMENTS = "".join(f"{INDENT}x{index} = {index}\n" for index in range(8))


def _indented(body: str, levels: int) -> str:
    return body.replace(INDENT, INDENT * levels)


def test_WHEN_missing_docstring_checked_AND_first_statement_decorated_def_THEN_skeleton_above_decorator() -> None:
    code = "def outer() -> None:\n    @decorator\n    def inner() -> None:\n        pass\n" + EIGHT_STATEMENTS
    expected = 'def outer() -> None:\n    """\n    """\n    @decorator\n    def inner() -> None:\n        pass\n'

    violations = rule_violations(code, MISSING_DOCSTRING)

    assert 1 == len(violations)
    assert expected + EIGHT_STATEMENTS == with_fix(code, violations[0])


def test_WHEN_missing_docstring_checked_AND_crlf_tabs_and_leading_comment_THEN_skeleton_keeps_style() -> None:
    body = EIGHT_STATEMENTS.replace(INDENT, "\t").replace("\n", "\r\n")
    code = "def load() -> None:\r\n\r\n\t# Warm the cache first.\r\n" + body
    expected = 'def load() -> None:\r\n\t"""\r\n\t"""\r\n\r\n\t# Warm the cache first.\r\n' + body

    violations = rule_violations(code, MISSING_DOCSTRING)

    assert expected == with_fix(code, violations[0])
    assert FixSafety.SUGGESTION == violations[0].fixes[0].safety


def test_WHEN_missing_docstring_checked_AND_body_on_header_line_THEN_reported_without_fix() -> None:
    code = "def pack() -> None: a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8\n"

    violations = rule_violations(code, MISSING_DOCSTRING)

    assert [()] == [violation.fixes for violation in violations]


def test_WHEN_missing_docstring_checked_AND_decisions_in_expressions_THEN_complexity_counted() -> None:
    code = "def pick(a: list) -> object:\n    return [x for x in a if x if x] or (a and a) or (lambda: 1 if a else 2)\n"

    actual = [violation.message for violation in rule_violations(code, MISSING_DOCSTRING)]

    assert ["Public function `pick` is non-trivial (cyclomatic complexity 7) but has no docstring"] == actual


def test_WHEN_missing_docstring_checked_AND_statements_in_nested_function_THEN_counted_for_outer() -> None:
    code = "def outer() -> None:\n    def inner() -> None:\n" + _indented(EIGHT_STATEMENTS, 2)

    actual = [violation.message for violation in rule_violations(code, MISSING_DOCSTRING)]

    assert ["Public function `outer` is non-trivial (9 statements) but has no docstring"] == actual


def test_WHEN_missing_docstring_checked_AND_method_of_nested_class_THEN_reported() -> None:
    code = "class Outer:\n    class Inner:\n        async def run(self) -> None:\n" + _indented(EIGHT_STATEMENTS, 3)

    assert ["run"] == [violation.message.split("`")[1] for violation in rule_violations(code, MISSING_DOCSTRING)]


def test_WHEN_missing_docstring_checked_AND_private_or_overload_THEN_not_reported() -> None:
    code = (
        "class Client:\n    def _run(self) -> None:\n"
        + _indented(EIGHT_STATEMENTS, 2)
        + "\n    @typing.overload\n    def get(self) -> None:\n"
        + _indented(EIGHT_STATEMENTS, 2)
    )

    assert [] == rule_violations(code, MISSING_DOCSTRING)


def test_WHEN_missing_docstring_checked_AND_init_of_undocumented_class_THEN_reported() -> None:
    code = "class Plan:\n    def __init__(self) -> None:\n" + _indented(EIGHT_STATEMENTS, 2)

    assert 1 == len(rule_violations(code, MISSING_DOCSTRING))


def test_WHEN_missing_docstring_checked_AND_complexity_setting_lowered_THEN_small_branching_reported() -> None:
    code = "def pick(a: int) -> int:\n    if a:\n        return 1\n    return 2\n"

    assert 1 == len(rule_violations(code, MISSING_DOCSTRING, settings=configured({"docstring-min-complexity": 2})))
