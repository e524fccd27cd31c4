"""Edge cases of CS405 print-instead-of-logger beyond its embedded examples."""

from tests.rules.helpers import fix_safeties, lines

TEST_PRINT = "CS405"


def test_WHEN_argparse_imported_below_the_print_inside_main_THEN_module_is_exempt() -> None:
    code = "def helper() -> None:\n    print('x')\n\n\ndef run() -> None:\n    import argparse\n"
    assert [] == lines(code, TEST_PRINT)


def test_WHEN_print_writes_to_stdout_explicitly_THEN_reported_without_fix() -> None:
    code = "import sys\n\n\ndef run() -> None:\n    print('x', file=sys.stdout)\n"
    assert [None] == fix_safeties(code, TEST_PRINT)


def test_WHEN_print_in_method_named_main_THEN_reported() -> None:
    code = "class App:\n    def main(self) -> None:\n        print('x')\n"
    assert [3] == lines(code, TEST_PRINT)


def test_WHEN_print_without_arguments_THEN_reported_without_fix() -> None:
    code = "def run() -> None:\n    print()\n"
    assert [None] == fix_safeties(code, TEST_PRINT)


def test_WHEN_print_in_module_under_scripts_or_tests_THEN_not_reported() -> None:
    code = "def run() -> None:\n    print('x')\n"
    assert [] == lines(code, TEST_PRINT, path="tools/scripts/run.py")
    assert [] == lines(code, TEST_PRINT, path="pkg/test_run.py")


def test_WHEN_print_at_module_top_above_logger_insertion_point_THEN_no_fix() -> None:
    code = "import os\n\nVALUE = print('loading') or 3\n"
    assert [None] == fix_safeties(code, TEST_PRINT)
