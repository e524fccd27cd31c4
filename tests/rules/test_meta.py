"""Edge cases of the section 12 rules (CS1201-CS1203) beyond their embedded examples."""

from pathlib import PurePosixPath
from typing import Any, Dict, List

from chris_style.config.settings import Settings
from chris_style.linting.fixes import BULK_UNSAFE_SAFETIES, apply_edits, choose_fixes, fix_text
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY
CONSTANT_AFTER_DEFINITIONS = "CS1201"
MAGIC_NUMBER = "CS1202"
RESOURCE_WITHOUT_WITH = "CS1203"


def _violations(code: str, rule_code: str, path: str = "example.py") -> List[Violation]:
    result = lint(SourceFile(code, PurePosixPath(path)), Settings(), REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _fixed_once(code: str, rule_code: str) -> str:
    source = SourceFile(code, PurePosixPath("example.py"))
    fixes = choose_fixes(v.fix for v in _violations(code, rule_code) if v.fix is not None)
    return apply_edits(source, (edit for fix in fixes for edit in fix.edits))


def _fixed(code: str, rule_code: str, unsafe: bool = False) -> str:
    source = SourceFile(code, PurePosixPath("example.py"))
    safeties = BULK_UNSAFE_SAFETIES if unsafe else {FixSafety.SAFE}
    outcome = fix_text(source, Settings(), REGISTRY, safeties=safeties, codes={rule_code})
    assert outcome.error is None
    return outcome.text


def _execute(code: str) -> Dict[str, Any]:
    namespace: Dict[str, Any] = {"__name__": "example"}
    exec(compile(code, "example.py", "exec"), namespace)
    return namespace


# CS1201 constant-after-definitions


def test_WHEN_two_constants_moved_THEN_order_kept_and_code_runs_the_same() -> None:
    code = (
        "import os\n\n\ndef total() -> int:\n    return FIRST + SECOND\n\n\nFIRST = 1  # one\n\n"
        "# Why two.\nSECOND = 2\n"
    )
    expected = (
        "import os\n\nFIRST = 1  # one\n# Why two.\nSECOND = 2\n\n\ndef total() -> int:\n    return FIRST + SECOND\n"
    )
    fixed = _fixed(code, CONSTANT_AFTER_DEFINITIONS)
    assert expected == fixed
    assert _execute(code)["total"]() == _execute(fixed)["total"]()
    assert fixed == _fixed(fixed, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_comment_separated_by_blank_line_THEN_comment_stays() -> None:
    code = "def plan() -> None:\n    pass\n\n# About what follows.\n\nLIMIT = 5\n\n\ndef other() -> None:\n    pass\n"
    expected = "LIMIT = 5\ndef plan() -> None:\n    pass\n\n# About what follows.\n\ndef other() -> None:\n    pass\n"
    assert expected == _fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_shebang_and_license_header_THEN_constant_goes_below_them() -> None:
    code = "#!/usr/bin/env python\n# Licensed under MIT.\n\ndef plan() -> int:\n    return LIMIT\n\n\nLIMIT = 5\n"
    expected = "#!/usr/bin/env python\n# Licensed under MIT.\n\nLIMIT = 5\ndef plan() -> int:\n    return LIMIT\n"
    assert expected == _fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_used_in_class_body_before_definition_THEN_reported_without_fix() -> None:
    code = "class Plan:\n    try:\n        size = LIMIT\n    except NameError:\n        size = 0\n\n\nLIMIT = 5\n"
    assert [None] == [violation.fix for violation in _violations(code, CONSTANT_AFTER_DEFINITIONS)]


def test_WHEN_namespace_inspected_before_definition_THEN_reported_without_fix() -> None:
    code = "def plan() -> None:\n    pass\n\n\nnames = sorted(globals())\nLIMIT = 5\n"
    violations = _violations(code, CONSTANT_AFTER_DEFINITIONS)
    assert [("LIMIT", None)] == [(v.message.split("`")[1], v.fix) for v in violations]


def test_WHEN_bound_by_for_loop_elsewhere_THEN_not_reported() -> None:
    code = "def plan() -> None:\n    pass\n\n\nfor LIMIT in range(3):\n    pass\nLIMIT = 5\n"
    assert [] == _violations(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_annotation_uses_module_class_THEN_reported_without_fix() -> None:
    code = "class Size(int):\n    pass\n\n\nLIMIT: Size = 5\n"
    assert [None] == [violation.fix for violation in _violations(code, CONSTANT_AFTER_DEFINITIONS)]


def test_WHEN_constant_spans_lines_with_continuation_THEN_moved_whole() -> None:
    code = "import os\n\n\ndef plan() -> str:\n    return GREETING\n\n\nGREETING = 'hello ' \\\n    'world'\n"
    expected = "import os\n\nGREETING = 'hello ' \\\n    'world'\n\n\ndef plan() -> str:\n    return GREETING\n"
    assert expected == _fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_crlf_last_line_without_newline_THEN_moved_line_gets_one_and_file_end_kept() -> None:
    code = "import os\r\n\r\n\r\ndef plan() -> int:\r\n    return LIMIT\r\n\r\n\r\nLIMIT = 5"
    expected = "import os\r\n\r\nLIMIT = 5\r\n\r\n\r\ndef plan() -> int:\r\n    return LIMIT"
    assert expected == _fixed_once(code, CONSTANT_AFTER_DEFINITIONS)


def test_WHEN_constant_in_test_file_THEN_still_reported() -> None:
    code = "def test_WHEN_x_THEN_y() -> None:\n    assert 1 == LIMIT\n\n\nLIMIT = 1\n"
    assert 1 == len(_violations(code, CONSTANT_AFTER_DEFINITIONS, path="tests/test_plan.py"))


# CS1202 magic-number-in-function


def test_WHEN_negative_number_THEN_sign_kept_in_constant() -> None:
    code = "def check(offset: int) -> bool:\n    return offset < -5\n"
    expected = "MIN_OFFSET = -5  # TODO: why this value?\ndef check(offset: int) -> bool:\n    return offset < MIN_OFFSET\n"
    assert expected == _fixed_once(code, MAGIC_NUMBER)


def test_WHEN_literal_left_of_comparison_THEN_named_as_for_the_mirrored_comparison() -> None:
    code = "def check(self) -> bool:\n    return 10 < self.count\n"
    expected = "MAX_COUNT = 10  # TODO: why this value?\ndef check(self) -> bool:\n    return MAX_COUNT < self.count\n"
    assert expected == _fixed_once(code, MAGIC_NUMBER)


def test_WHEN_sleep_imported_from_time_THEN_reported() -> None:
    code = "from time import sleep\n\n\ndef poll() -> None:\n    sleep(3)\n"
    assert ["Magic number 3 passed to sleep(): name it as a module-level constant"] == [
        violation.message for violation in _violations(code, MAGIC_NUMBER)
    ]


def test_WHEN_plain_call_positional_number_THEN_not_reported() -> None:
    code = "def poll() -> None:\n    wait(3)\n    values[5] = 60 * 60\n"
    assert [] == _violations(code, MAGIC_NUMBER)


def test_WHEN_same_number_twice_THEN_unsafe_fixes_converge_with_distinct_names() -> None:
    code = "import requests\n\n\ndef get() -> None:\n    requests.get('a', timeout=30)\n    requests.get('b', timeout=30)\n"
    expected = (
        "import requests\n\nTIMEOUT = 30  # TODO: why this value?\nTIMEOUT_2 = 30  # TODO: why this value?\n\n\n"
        "def get() -> None:\n    requests.get('a', timeout=TIMEOUT)\n    requests.get('b', timeout=TIMEOUT_2)\n"
    )
    assert expected == _fixed(code, MAGIC_NUMBER, unsafe=True)


def test_WHEN_only_safe_fixes_applied_THEN_magic_number_left_alone() -> None:
    code = "def get() -> None:\n    fetch(timeout=30)\n"
    assert code == _fixed(code, MAGIC_NUMBER)


def test_WHEN_number_in_lambda_inside_function_THEN_reported() -> None:
    code = "def pick(values: List[int]) -> List[int]:\n    return list(filter(lambda v: v > 40, values))\n"
    assert 1 == len(_violations(code, MAGIC_NUMBER))


def test_WHEN_module_has_shebang_only_THEN_constant_inserted_below_it() -> None:
    code = "#!/usr/bin/env python\ndef poll() -> None:\n    time.sleep(5)\n"
    expected = "#!/usr/bin/env python\nSLEEP_SECONDS = 5  # TODO: why this value?\ndef poll() -> None:\n    time.sleep(SLEEP_SECONDS)\n"
    assert expected == _fixed_once(code, MAGIC_NUMBER)


def test_WHEN_in_test_file_THEN_not_reported() -> None:
    assert [] == _violations("def helper() -> None:\n    time.sleep(5)\n", MAGIC_NUMBER, path="tests/conftest.py")


# CS1203 resource-without-context-manager


def test_WHEN_closed_in_finally_of_outer_try_THEN_not_reported() -> None:
    code = (
        "def copy(path: str) -> None:\n    handle = open(path)\n    try:\n        process(handle)\n    except OSError:\n"
        "        raise\n    finally:\n        if handle:\n            handle.close()\n"
    )
    assert [] == _violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_closed_only_in_except_THEN_reported() -> None:
    code = (
        "def copy(path: str) -> None:\n    handle = open(path)\n    try:\n        process(handle)\n"
        "    except OSError:\n        handle.close()\n"
    )
    assert 1 == len(_violations(code, RESOURCE_WITHOUT_WITH))


def test_WHEN_managed_by_later_with_THEN_not_reported() -> None:
    code = (
        "def copy(path: str) -> None:\n    try:\n        handle = open(path)\n    except OSError:\n        return\n"
        "    with handle:\n        process(handle)\n"
    )
    assert [] == _violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_declared_global_THEN_not_reported() -> None:
    code = "def start() -> None:\n    global LOG\n    LOG = open('log.txt', 'w')\n"
    assert [] == _violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_open_is_a_parameter_THEN_not_reported() -> None:
    code = "def load(path: str, open=gzip.open) -> bytes:\n    handle = open(path)\n    return handle.read()\n"
    assert [] == _violations(code, RESOURCE_WITHOUT_WITH)


def test_WHEN_module_aliased_THEN_still_recognised() -> None:
    code = "import tarfile as tf\n\n\ndef pack(path: str) -> None:\n    archive = tf.open(path)\n    archive.add('.')\n"
    expected = ["`archive = tf.open(...)` is not closed by a `with` block: use `with tf.open(...) as archive:`"]
    assert expected == [violation.message for violation in _violations(code, RESOURCE_WITHOUT_WITH)]


def test_WHEN_returned_value_only_uses_attribute_THEN_reported() -> None:
    code = "def read(path: str) -> str:\n    handle = open(path)\n    return handle.read()\n"
    assert 1 == len(_violations(code, RESOURCE_WITHOUT_WITH))
