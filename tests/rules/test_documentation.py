"""Edge cases of CS301-CS306 that the rules' embedded examples do not pin."""

from pathlib import PurePosixPath
from typing import List, Mapping, Optional, Tuple

import libcst as cst
import pytest

from chris_style.config.keys import apply_overrides
from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile, TextRange
from chris_style.rules import REGISTRY
from chris_style.rules.documentation import restates, structured_form

MISSING_DOCSTRING = "CS301"
STRUCTURED_DOCSTRING = "CS302"
COMMENT_RESTATES_CODE = "CS303"
MAGIC_NUMBER = "CS304"
PROMPT_TEMPLATE = "CS305"
DATA_LITERAL = "CS306"
UNUSED_SUPPRESSION = "CS002"
INDENT = "    "
# Exactly the default `docstring-min-statements`, so one more statement in a test crosses it.
EIGHT_STATEMENTS = "".join(f"{INDENT}x{index} = {index}\n" for index in range(8))


def _violations(
    code: str, rule_code: str, path: str = "example.py", settings: Optional[Mapping[str, object]] = None
) -> List[Violation]:
    applied = apply_overrides(Settings(), settings or {}, "test", REGISTRY.vocabulary)
    result = lint(SourceFile(code, PurePosixPath(path)), applied, REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _indented(body: str, levels: int) -> str:
    return body.replace(INDENT, INDENT * levels)


def _fixed(code: str, violation: Violation, fix_index: int = 0) -> str:
    return apply_edits(SourceFile(code), violation.fixes[fix_index].edits)


# --- CS301 ---------------------------------------------------------------------------------------------


def test_WHEN_missing_docstring_checked_AND_first_statement_decorated_def_THEN_skeleton_above_decorator() -> None:
    code = "def outer() -> None:\n    @decorator\n    def inner() -> None:\n        pass\n" + EIGHT_STATEMENTS
    expected = 'def outer() -> None:\n    """\n    """\n    @decorator\n    def inner() -> None:\n        pass\n'

    violations = _violations(code, MISSING_DOCSTRING)

    assert 1 == len(violations)
    assert expected + EIGHT_STATEMENTS == _fixed(code, violations[0])


def test_WHEN_missing_docstring_checked_AND_crlf_tabs_and_leading_comment_THEN_skeleton_keeps_style() -> None:
    body = EIGHT_STATEMENTS.replace(INDENT, "\t").replace("\n", "\r\n")
    code = "def load() -> None:\r\n\r\n\t# Warm the cache first.\r\n" + body
    expected = 'def load() -> None:\r\n\t"""\r\n\t"""\r\n\r\n\t# Warm the cache first.\r\n' + body

    violations = _violations(code, MISSING_DOCSTRING)

    assert expected == _fixed(code, violations[0])
    assert FixSafety.SUGGESTION == violations[0].fixes[0].safety


def test_WHEN_missing_docstring_checked_AND_body_on_header_line_THEN_reported_without_fix() -> None:
    code = "def pack() -> None: a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8\n"

    violations = _violations(code, MISSING_DOCSTRING)

    assert [()] == [violation.fixes for violation in violations]


def test_WHEN_missing_docstring_checked_AND_decisions_in_expressions_THEN_complexity_counted() -> None:
    code = "def pick(a: list) -> object:\n    return [x for x in a if x if x] or (a and a) or (lambda: 1 if a else 2)\n"

    actual = [violation.message for violation in _violations(code, MISSING_DOCSTRING)]

    assert ["Public function `pick` is non-trivial (cyclomatic complexity 7) but has no docstring"] == actual


def test_WHEN_missing_docstring_checked_AND_statements_in_nested_function_THEN_counted_for_outer() -> None:
    code = "def outer() -> None:\n    def inner() -> None:\n" + _indented(EIGHT_STATEMENTS, 2)

    actual = [violation.message for violation in _violations(code, MISSING_DOCSTRING)]

    assert ["Public function `outer` is non-trivial (9 statements) but has no docstring"] == actual


def test_WHEN_missing_docstring_checked_AND_method_of_nested_class_THEN_reported() -> None:
    code = "class Outer:\n    class Inner:\n        async def run(self) -> None:\n" + _indented(EIGHT_STATEMENTS, 3)

    assert ["run"] == [violation.message.split("`")[1] for violation in _violations(code, MISSING_DOCSTRING)]


def test_WHEN_missing_docstring_checked_AND_private_or_overload_THEN_not_reported() -> None:
    code = (
        "class Client:\n    def _run(self) -> None:\n"
        + _indented(EIGHT_STATEMENTS, 2)
        + "\n    @typing.overload\n    def get(self) -> None:\n"
        + _indented(EIGHT_STATEMENTS, 2)
    )

    assert [] == _violations(code, MISSING_DOCSTRING)


def test_WHEN_missing_docstring_checked_AND_init_of_undocumented_class_THEN_reported() -> None:
    code = "class Plan:\n    def __init__(self) -> None:\n" + _indented(EIGHT_STATEMENTS, 2)

    assert 1 == len(_violations(code, MISSING_DOCSTRING))


def test_WHEN_missing_docstring_checked_AND_complexity_setting_lowered_THEN_small_branching_reported() -> None:
    code = "def pick(a: int) -> int:\n    if a:\n        return 1\n    return 2\n"

    assert 1 == len(_violations(code, MISSING_DOCSTRING, settings={"docstring-min-complexity": 2}))


# --- CS302 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "docstring, expected",
    [
        ("Plan.\n\n:param traffic: Gbps\n", ("Sphinx", ":param traffic:")),
        ("Plan.\n\n:rtype: Plan\n", ("Sphinx", ":rtype:")),
        ("Plan.\n\n    Yields:\n        plans\n", ("Google", "Yields:")),
        ("Plan.\n\nReturns\n-------\nPlan\n", ("NumPy", "Returns ---")),
        ("Plan.\n\nArgs:\nnot indented, so prose\n", None),
        ("Plan.\n\nSee :param: in the Sphinx docs.\n", None),
        ("Plan.\n\nNotes\n-----\nprose\n", None),
    ],
)
def test_WHEN_structured_form_detected_THEN_style_and_marker_as_expected(
    docstring: str, expected: Optional[Tuple[str, str]]
) -> None:
    assert expected == structured_form(docstring)


def test_WHEN_structured_docstring_checked_AND_concatenated_module_docstring_THEN_reported() -> None:
    code = '"Plans." "\\n\\n:param x: y\\n"\nimport os\n'

    assert 1 == len(_violations(code, STRUCTURED_DOCSTRING))


def test_WHEN_structured_docstring_checked_AND_string_not_first_statement_THEN_not_reported() -> None:
    code = 'def plan() -> None:\n    x = 1\n    """:param x: y"""\n'

    assert [] == _violations(code, STRUCTURED_DOCSTRING)


def test_WHEN_structured_docstring_checked_AND_one_line_def_THEN_reported_at_string() -> None:
    code = "def plan() -> None: ''':returns: nothing'''\n"

    assert [TextRange.of(0, 20, 0, 43)] == [violation.range for violation in _violations(code, STRUCTURED_DOCSTRING)]


# --- CS303 ---------------------------------------------------------------------------------------------


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

    actual = [violation.range for violation in _violations(code, COMMENT_RESTATES_CODE)]

    assert [TextRange.of(2, 1, 2, 28)] == actual


def test_WHEN_restating_comment_checked_AND_comment_not_aligned_THEN_not_reported() -> None:
    code = "def run() -> None:\n    value = 1\n  # Increment the retry count\n    retry_count += 1\n"

    assert [] == _violations(code, COMMENT_RESTATES_CODE)


def test_WHEN_restating_comment_checked_AND_two_statements_on_line_THEN_not_reported() -> None:
    code = "# Increment the retry count\nretry_count += 1; total += 1\n"

    assert [] == _violations(code, COMMENT_RESTATES_CODE)


def test_WHEN_restating_comment_checked_AND_statement_not_first_in_module_THEN_reported_on_comment_line() -> None:
    code = "x = 1\n# Increment the retry count\nretry_count += 1\n"

    assert [1] == [violation.range.start.line for violation in _violations(code, COMMENT_RESTATES_CODE)]


def test_WHEN_restating_comment_checked_AND_test_file_label_THEN_not_reported() -> None:
    code = "def test_WHEN_a_THEN_b() -> None:\n    # Call the function\n    actual = function()\n"

    assert [] == _violations(code, COMMENT_RESTATES_CODE, path="tests/test_plan.py")


# --- CS304 ---------------------------------------------------------------------------------------------


def test_WHEN_magic_number_checked_THEN_two_suggestions_offered_in_order() -> None:
    code = "RETRIES = 3\r\n"

    violation = _violations(code, MAGIC_NUMBER)[0]

    assert [FixSafety.SUGGESTION, FixSafety.SUGGESTION] == [fix.safety for fix in violation.fixes]
    assert "RETRIES = 3  # Arbitrarily chosen\r\n" == _fixed(code, violation, 0)
    assert "RETRIES = 3  # TODO: why this value?\r\n" == _fixed(code, violation, 1)


def test_WHEN_magic_number_checked_AND_trailing_pragma_only_THEN_reported() -> None:
    assert 1 == len(_violations("TIMEOUT = 30  # type: int\n", MAGIC_NUMBER))


def test_WHEN_magic_number_checked_AND_noqa_names_rule_THEN_silenced_without_unused_suppression() -> None:
    code = "TIMEOUT = 30  # noqa: CS304\n"

    assert [] == _violations(code, MAGIC_NUMBER) + _violations(code, UNUSED_SUPPRESSION)


def test_WHEN_magic_number_checked_AND_various_values_THEN_only_non_trivial_numbers_reported() -> None:
    code = "A = -1.0\nB = +0\nC = 1e3\nD = 2j\nE = (1, 2)\nF = True\nG = 0x1\nH = 2 ** 10\n"

    assert ["C", "D", "H"] == [violation.message.split("`")[1] for violation in _violations(code, MAGIC_NUMBER)]


def test_WHEN_magic_number_checked_AND_class_inside_function_THEN_not_reported() -> None:
    code = "def build() -> None:\n    class Local:\n        LIMIT = 5\n"

    assert [] == _violations(code, MAGIC_NUMBER)


def test_WHEN_magic_number_checked_AND_comment_above_attribute_run_THEN_run_documented_until_other_code() -> None:
    code = (
        "class Limits:\n    # Per the API docs\n    MAX_PAGE = 100\n    name: str = 'limits'\n    MAX_ITEMS = 1000\n"
        "    self_check()\n    MAX_BYTES = 4096\n"
    )

    assert ["MAX_BYTES"] == [violation.message.split("`")[1] for violation in _violations(code, MAGIC_NUMBER)]


def test_WHEN_magic_number_checked_AND_run_starts_at_module_header_comment_THEN_documented() -> None:
    code = "# Values from the capacity planning sheet\nMAX_TRAFFIC = 100\nMIN_TRAFFIC = 0.01\n"

    assert [] == _violations(code, MAGIC_NUMBER)


# --- CS305 ---------------------------------------------------------------------------------------------


def test_WHEN_prompt_checked_AND_name_in_camel_case_THEN_suffix_matched_case_insensitively() -> None:
    code = 'SystemPrompt = """\none\ntwo\nthree\nfour\n"""\n'

    assert 1 == len(_violations(code, PROMPT_TEMPLATE))


def test_WHEN_prompt_checked_AND_single_line_string_with_escapes_THEN_not_reported() -> None:
    code = 'SYSTEM_PROMPT = "one\\ntwo\\nthree\\nfour\\nfive"\n'

    assert [] == _violations(code, PROMPT_TEMPLATE)


def test_WHEN_prompt_checked_AND_tag_with_attributes_THEN_not_reported() -> None:
    code = 'REVIEW_PROMPT = """\nReview.\n<rules strict="yes">\n- be brief\n</rules>\n"""\n'

    assert [] == _violations(code, PROMPT_TEMPLATE)


# --- CS306 ---------------------------------------------------------------------------------------------


def test_WHEN_data_literal_checked_AND_comment_separated_by_blank_line_THEN_reported() -> None:
    code = "# From the OCSF schema\n\nCLASSES = [\n" + "    'a',\n" * 9 + "]\n"

    assert 1 == len(_violations(code, DATA_LITERAL))


def test_WHEN_data_literal_checked_AND_hash_inside_first_line_string_THEN_not_taken_for_comment() -> None:
    code = "COLORS = {'#fff': 'white',\n" + "    'a': 'b',\n" * 9 + "}\n"

    assert 1 == len(_violations(code, DATA_LITERAL))


def test_WHEN_data_literal_checked_AND_crlf_file_THEN_source_line_uses_crlf() -> None:
    code = "import os\r\n\r\nROWS = [\r\n" + "    1,\r\n" * 9 + "]\r\n"

    violation = _violations(code, DATA_LITERAL)[0]

    assert "import os\r\n\r\n# Source: \r\nROWS = [\r\n" + "    1,\r\n" * 9 + "]\r\n" == _fixed(code, violation)


def test_WHEN_data_literal_checked_AND_class_level_literal_THEN_not_reported() -> None:
    code = "class Table:\n    ROWS = [\n" + "        1,\n" * 10 + "    ]\n"

    assert [] == _violations(code, DATA_LITERAL)
