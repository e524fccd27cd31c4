"""Edge cases of the section 3 rule CS303 comment-restates-code beyond its embedded examples."""

import libcst as cst
import pytest

from chris_style.linting.source import TextRange
from chris_style.rules.documentation._restatement import restates
from tests.rules.helpers import violations

COMMENT_RESTATES_CODE = "CS303"


def _first_statement(code: str) -> cst.BaseSmallStatement:
    statement = cst.parse_module(code).body[0]
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement.body[0]


@pytest.mark.parametrize(
    "comment, code",
    [
        ("Increment the counter", "count += 1\n"),
        ("Decrement retries", "retries -= 1\n"),
        ("Delete the cache entry", "del cache[entry]\n"),
        ("Raise a value error", "raise ValueError(message)\n"),
        ("Print the result", "print(result)\n"),
        ("Convert to string", "text = str(value)\n"),
        ("Sleep for 5 seconds", "time.sleep(5)\n"),
        ("Log the error", "logger.error(message)\n"),
        ("Return the users", "return users\n"),
        ("Increment i", "i += 1\n"),
        ("Add one to the total", "total += 1\n"),
        ("Call the process function", "process(item)\n"),
        ("Get the user", "user = await fetch_user(user_id)\n"),
    ],
)
def test_WHEN_comment_compared_AND_comment_restates_THEN_true(comment: str, code: str) -> None:
    assert True == restates(comment, _first_statement(code))


@pytest.mark.parametrize(
    "comment, code",
    [
        ("Bedrock throttles, retry", "count += 1\n"),
        ("Hashing", "hash(value)\n"),
        ("Just a test.", "return '/test_handler/'\n"),
        ("Wait for the lock holder to finish", "time.sleep(5)\n"),
        ("Add the first item", "address = first_item\n"),
    ],
)
def test_WHEN_comment_compared_AND_comment_explains_THEN_false(comment: str, code: str) -> None:
    assert False == restates(comment, _first_statement(code))


def test_WHEN_restating_comment_checked_AND_crlf_with_tabs_THEN_range_covers_comment() -> None:
    code = "def run() -> None:\r\n\tvalue = 1\r\n\t# Increment the retry count\r\n\tretry_count += 1\r\n"

    actual = [violation.range for violation in violations(code, COMMENT_RESTATES_CODE)]

    assert [TextRange.of(2, 1, 2, 28)] == actual


def test_WHEN_restating_comment_checked_AND_comment_not_aligned_THEN_not_reported() -> None:
    code = "def run() -> None:\n    value = 1\n  # Increment the retry count\n    retry_count += 1\n"

    assert [] == violations(code, COMMENT_RESTATES_CODE)


def test_WHEN_restating_comment_checked_AND_two_statements_on_line_THEN_not_reported() -> None:
    code = "# Increment the retry count\nretry_count += 1; total += 1\n"

    assert [] == violations(code, COMMENT_RESTATES_CODE)


def test_WHEN_restating_comment_checked_AND_statement_not_first_in_module_THEN_reported_on_comment_line() -> None:
    code = "x = 1\n# Increment the retry count\nretry_count += 1\n"

    assert [1] == [violation.range.start.line for violation in violations(code, COMMENT_RESTATES_CODE)]


def test_WHEN_restating_comment_checked_AND_test_file_label_THEN_not_reported() -> None:
    code = "def test_WHEN_a_THEN_b() -> None:\n    # Call the function\n    actual = function()\n"

    assert [] == violations(code, COMMENT_RESTATES_CODE, path="tests/test_plan.py")
