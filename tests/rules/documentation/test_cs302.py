"""Edge cases of the section 3 rule CS302 structured-docstring beyond its embedded examples."""

from typing import Optional, Tuple

import pytest

from chris_style.linting.source import TextRange
from chris_style.rules.documentation.cs302_structured_docstring import structured_form
from tests.rules.helpers import violations

STRUCTURED_DOCSTRING = "CS302"


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

    assert 1 == len(violations(code, STRUCTURED_DOCSTRING))


def test_WHEN_structured_docstring_checked_AND_string_not_first_statement_THEN_not_reported() -> None:
    code = 'def plan() -> None:\n    x = 1\n    """:param x: y"""\n'

    assert [] == violations(code, STRUCTURED_DOCSTRING)


def test_WHEN_structured_docstring_checked_AND_one_line_def_THEN_reported_at_string() -> None:
    code = "def plan() -> None: ''':returns: nothing'''\n"

    assert [TextRange.of(0, 20, 0, 43)] == [violation.range for violation in violations(code, STRUCTURED_DOCSTRING)]
