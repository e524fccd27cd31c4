"""Edge cases of CS1201 constant-after-definitions beyond its embedded examples."""

from tests.rules import helpers

CONSTANT_AFTER_DEFINITIONS = "CS1201"


def test_WHEN_two_constants_moved_THEN_order_kept_and_code_runs_the_same() -> None:
    code = (
        "import os\n\n\ndef total() -> int:\n    return FIRST + SECOND\n\n\nFIRST = 1  # one\n\n"
        "# Why two.\nSECOND = 2\n"
    )
    expected = (
        "import os\n\nFIRST = 1  # one\n# Why two.\nSECOND = 2\n\n\ndef total() -> int:\n    return FIRST + SECOND\n"
    )
    fixed = helpers.fixed(code, CONSTANT_AFTER_DEFINITIONS)
    assert expected == fixed
    assert helpers.execute(code)["total"]() == helpers.execute(fixed)["total"]()
    assert fixed == helpers.fixed(fixed, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_comment_separated_by_blank_line_THEN_comment_stays() -> None:
    code = "def plan() -> None:\n    pass\n\n# About what follows.\n\nLIMIT = 5\n\n\ndef other() -> None:\n    pass\n"
    expected = "LIMIT = 5\ndef plan() -> None:\n    pass\n\n# About what follows.\n\ndef other() -> None:\n    pass\n"
    assert expected == helpers.fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_shebang_and_license_header_THEN_constant_goes_below_them() -> None:
    code = "#!/usr/bin/env python\n# Licensed under MIT.\n\ndef plan() -> int:\n    return LIMIT\n\n\nLIMIT = 5\n"
    expected = "#!/usr/bin/env python\n# Licensed under MIT.\n\nLIMIT = 5\ndef plan() -> int:\n    return LIMIT\n"
    assert expected == helpers.fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_used_in_class_body_before_definition_THEN_reported_without_fix() -> None:
    code = "class Plan:\n    try:\n        size = LIMIT\n    except NameError:\n        size = 0\n\n\nLIMIT = 5\n"
    assert [None] == [violation.fix for violation in helpers.violations(code, CONSTANT_AFTER_DEFINITIONS)]


def test_WHEN_namespace_inspected_before_definition_THEN_reported_without_fix() -> None:
    code = "def plan() -> None:\n    pass\n\n\nnames = sorted(globals())\nLIMIT = 5\n"
    violations = helpers.violations(code, CONSTANT_AFTER_DEFINITIONS)
    assert [("LIMIT", None)] == [(v.message.split("`")[1], v.fix) for v in violations]


def test_WHEN_bound_by_for_loop_elsewhere_THEN_not_reported() -> None:
    code = "def plan() -> None:\n    pass\n\n\nfor LIMIT in range(3):\n    pass\nLIMIT = 5\n"
    assert [] == helpers.violations(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_annotation_uses_module_class_THEN_reported_without_fix() -> None:
    code = "class Size(int):\n    pass\n\n\nLIMIT: Size = 5\n"
    assert [None] == [violation.fix for violation in helpers.violations(code, CONSTANT_AFTER_DEFINITIONS)]


def test_WHEN_constant_spans_lines_with_continuation_THEN_moved_whole() -> None:
    code = "import os\n\n\ndef plan() -> str:\n    return GREETING\n\n\nGREETING = 'hello ' \\\n    'world'\n"
    expected = "import os\n\nGREETING = 'hello ' \\\n    'world'\n\n\ndef plan() -> str:\n    return GREETING\n"
    assert expected == helpers.fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_crlf_last_line_without_newline_THEN_moved_line_gets_one_and_file_end_kept() -> None:
    code = "import os\r\n\r\n\r\ndef plan() -> int:\r\n    return LIMIT\r\n\r\n\r\nLIMIT = 5"
    expected = "import os\r\n\r\nLIMIT = 5\r\n\r\n\r\ndef plan() -> int:\r\n    return LIMIT"
    assert expected == helpers.fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_constant_in_test_file_THEN_still_reported() -> None:
    code = "def test_WHEN_x_THEN_y() -> None:\n    assert 1 == LIMIT\n\n\nLIMIT = 1\n"
    assert 1 == len(helpers.violations(code, CONSTANT_AFTER_DEFINITIONS, path="tests/test_plan.py"))
