"""Edge cases of the section 3 rule CS306 undocumented-data-literal beyond its embedded examples."""

from tests.rules.documentation.fixes import with_fix
from tests.rules.helpers import violations

DATA_LITERAL = "CS306"


def test_WHEN_data_literal_checked_AND_comment_separated_by_blank_line_THEN_reported() -> None:
    code = "# From the OCSF schema\n\nCLASSES = [\n" + "    'a',\n" * 9 + "]\n"

    assert 1 == len(violations(code, DATA_LITERAL))


def test_WHEN_data_literal_checked_AND_hash_inside_first_line_string_THEN_not_taken_for_comment() -> None:
    code = "COLORS = {'#fff': 'white',\n" + "    'a': 'b',\n" * 9 + "}\n"

    assert 1 == len(violations(code, DATA_LITERAL))


def test_WHEN_data_literal_checked_AND_crlf_file_THEN_source_line_uses_crlf() -> None:
    code = "import os\r\n\r\nROWS = [\r\n" + "    1,\r\n" * 9 + "]\r\n"

    violation = violations(code, DATA_LITERAL)[0]

    assert "import os\r\n\r\n# Source: \r\nROWS = [\r\n" + "    1,\r\n" * 9 + "]\r\n" == with_fix(code, violation)


def test_WHEN_data_literal_checked_AND_class_level_literal_THEN_not_reported() -> None:
    code = "class Table:\n    ROWS = [\n" + "        1,\n" * 10 + "    ]\n"

    assert [] == violations(code, DATA_LITERAL)
