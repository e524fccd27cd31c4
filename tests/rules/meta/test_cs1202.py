"""Edge cases of CS1202 magic-number-in-function beyond its embedded examples."""

from tests.rules.helpers import SAFE_AND_UNSAFE, fixed, fixed_once, violations

MAGIC_NUMBER = "CS1202"


def test_WHEN_negative_number_THEN_sign_kept_in_constant() -> None:
    code = "def check(offset: int) -> bool:\n    return offset < -5\n"
    expected = "MIN_OFFSET = -5  # TODO: why this value?\ndef check(offset: int) -> bool:\n    return offset < MIN_OFFSET\n"
    assert expected == fixed_once(code, MAGIC_NUMBER)


def test_WHEN_literal_left_of_comparison_THEN_named_as_for_the_mirrored_comparison() -> None:
    code = "def check(self) -> bool:\n    return 10 < self.count\n"
    expected = "MAX_COUNT = 10  # TODO: why this value?\ndef check(self) -> bool:\n    return MAX_COUNT < self.count\n"
    assert expected == fixed_once(code, MAGIC_NUMBER)


def test_WHEN_sleep_imported_from_time_THEN_reported() -> None:
    code = "from time import sleep\n\n\ndef poll() -> None:\n    sleep(3)\n"
    assert ["Magic number 3 passed to sleep(): name it as a module-level constant"] == [
        violation.message for violation in violations(code, MAGIC_NUMBER)
    ]


def test_WHEN_plain_call_positional_number_THEN_not_reported() -> None:
    code = "def poll() -> None:\n    wait(3)\n    values[5] = 60 * 60\n"
    assert [] == violations(code, MAGIC_NUMBER)


def test_WHEN_same_number_twice_THEN_unsafe_fixes_converge_with_distinct_names() -> None:
    code = "import requests\n\n\ndef get() -> None:\n    requests.get('a', timeout=30)\n    requests.get('b', timeout=30)\n"
    expected = (
        "import requests\n\nTIMEOUT = 30  # TODO: why this value?\nTIMEOUT_2 = 30  # TODO: why this value?\n\n\n"
        "def get() -> None:\n    requests.get('a', timeout=TIMEOUT)\n    requests.get('b', timeout=TIMEOUT_2)\n"
    )
    assert expected == fixed(code, MAGIC_NUMBER, safeties=SAFE_AND_UNSAFE)


def test_WHEN_only_safe_fixes_applied_THEN_magic_number_left_alone() -> None:
    code = "def get() -> None:\n    fetch(timeout=30)\n"
    assert code == fixed(code, MAGIC_NUMBER)


def test_WHEN_number_in_lambda_inside_function_THEN_reported() -> None:
    code = "def pick(values: List[int]) -> List[int]:\n    return list(filter(lambda v: v > 40, values))\n"
    assert 1 == len(violations(code, MAGIC_NUMBER))


def test_WHEN_module_has_shebang_only_THEN_constant_inserted_below_it() -> None:
    code = "#!/usr/bin/env python\ndef poll() -> None:\n    time.sleep(5)\n"
    expected = "#!/usr/bin/env python\nSLEEP_SECONDS = 5  # TODO: why this value?\ndef poll() -> None:\n    time.sleep(SLEEP_SECONDS)\n"
    assert expected == fixed_once(code, MAGIC_NUMBER)


def test_WHEN_in_test_file_THEN_not_reported() -> None:
    assert [] == violations("def helper() -> None:\n    time.sleep(5)\n", MAGIC_NUMBER, path="tests/conftest.py")


def test_WHEN_integer_written_in_another_base_or_with_underscores_THEN_judged_by_its_value() -> None:
    code = (
        "def check(size: int) -> bool:\n    return size < 0x1 or size < 0b10 or size < 0o17 or size < 1_000\n"
    )
    assert ["0o17", "1_000"] == [violation.message.split()[2] for violation in violations(code, MAGIC_NUMBER)]


def test_WHEN_suggested_name_is_only_part_of_a_longer_word_THEN_it_is_used_unchanged() -> None:
    code = "MIN_SIZE_LIMIT = 1\n\n\ndef check(size: int) -> bool:\n    return size < 5\n"
    expected = code.replace("MIN_SIZE_LIMIT = 1\n", "MIN_SIZE_LIMIT = 1\nMIN_SIZE = 5  # TODO: why this value?\n")
    assert expected.replace("size < 5", "size < MIN_SIZE") == fixed_once(code, MAGIC_NUMBER)
