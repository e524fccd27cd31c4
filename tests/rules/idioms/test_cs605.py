"""Edge cases of CS605 line-too-long beyond its embedded examples."""

from chris_style.config.settings import Settings
from tests.rules.helpers import violations

LINE_LENGTH = "CS605"
LINE_LENGTH_ONLY = Settings(select=(LINE_LENGTH,))


def test_WHEN_line_has_non_ascii_characters_THEN_length_counted_in_code_points() -> None:
    fits = "x = '" + "é" * 114 + "'\n"
    too_long = "x = (" + " + ".join(["'😀'"] * 21) + ")\n"
    actual = [
        (v.range.start.column, v.message)
        for v in violations(fits + too_long, LINE_LENGTH, settings=LINE_LENGTH_ONLY)
    ]
    assert [(120, "Line is 129 characters long (limit 120)")] == actual


def test_WHEN_crlf_file_has_long_url_comment_and_long_code_line_THEN_only_code_line_reported() -> None:
    code = "# https://example.com/" + "a" * 120 + "\r\nvalue = [" + ", ".join(["1"] * 60) + "]\r\n"
    actual = [
        (v.range.start.line, v.range.start.column) for v in violations(code, LINE_LENGTH, settings=LINE_LENGTH_ONLY)
    ]
    assert [(1, 120)] == actual


def test_WHEN_long_url_is_last_argument_with_closing_brackets_THEN_exempt_but_glued_to_call_reported() -> None:
    separate = "download(target, 'https://example.com/" + "a" * 120 + "')\n"
    glued = "download('https://example.com/" + "a" * 120 + "')\n"
    actual = [v.range.start.line for v in violations(separate + glued, LINE_LENGTH, settings=LINE_LENGTH_ONLY)]
    assert [1] == actual


def test_WHEN_overflow_is_in_code_after_string_THEN_reported() -> None:
    code = "value = 'short' + compute_" + "a" * 120 + "\n"
    assert 1 == len(violations(code, LINE_LENGTH, settings=LINE_LENGTH_ONLY))


def test_WHEN_statement_has_long_lines_before_and_after_a_string_with_a_long_url_THEN_only_code_lines_reported() -> None:
    url = "https://example.com/" + "a" * 120
    code = (
        "def fetch():\n"
        "    download(" + ", ".join(["argument"] * 14) + ", last)\n"
        "    note = '''\n"
        "    " + url + "\n"
        "    '''\n"
        "    # " + url + "\n"
        "    download(" + ", ".join(["argument"] * 14) + ", last)\n"
    )
    assert [2, 7] == [v.range.start.line + 1 for v in violations(code, LINE_LENGTH, settings=LINE_LENGTH_ONLY)]


def test_WHEN_longest_line_is_one_over_the_limit_THEN_reported_AND_at_the_limit_nothing() -> None:
    at_limit = "x = 1\nv = " + "1 + " * 28 + "1111\n"
    over = "x = 1\nv = " + "1 + " * 28 + "11111\n"
    assert [] == violations(at_limit, LINE_LENGTH, settings=LINE_LENGTH_ONLY)
    assert [1] == [v.range.start.line for v in violations(over, LINE_LENGTH, settings=LINE_LENGTH_ONLY)]


def test_WHEN_module_holds_only_a_long_comment_THEN_reported() -> None:
    code = "# " + "word " * 30 + "\n"
    assert [0] == [v.range.start.line for v in violations(code, LINE_LENGTH, settings=LINE_LENGTH_ONLY)]
