"""Edge cases of the section 4 rules (rules/errors.py) beyond their embedded examples."""

from pathlib import PurePosixPath
from typing import List, Optional

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.fixes import fix_text
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint, lint_text
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

ALL_SAFETIES = frozenset({FixSafety.SAFE, FixSafety.UNSAFE, FixSafety.SUGGESTION})
TEST_GENERIC_RAISE = "CS401"
TEST_VAGUE_NAME = "CS402"
TEST_LOGGER_IN_FUNCTION = "CS403"
TEST_ROOT_LOGGER = "CS404"
TEST_PRINT = "CS405"
TEST_ERROR_WITHOUT_TRACEBACK = "CS406"
TEST_SWALLOWED = "CS407"


def _violations(code: str, rule_code: str, path: str = "example.py") -> List[Violation]:
    result = lint(SourceFile(code, PurePosixPath(path)), Settings(), REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _lines(code: str, rule_code: str, path: str = "example.py") -> List[int]:
    """1-based lines of the rule's violations."""
    return [violation.range.start.line + 1 for violation in _violations(code, rule_code, path)]


def _fix_safety(code: str, rule_code: str) -> List[Optional[FixSafety]]:
    return [violation.fix.safety if violation.fix else None for violation in _violations(code, rule_code)]


def _fixed(code: str, rule_code: str, path: str = "example.py") -> str:
    """Every fix of the rule, round after round, as `chris-style fix --unsafe-fixes` applies them."""
    outcome = fix_text(SourceFile(code, PurePosixPath(path)), Settings(), REGISTRY, safeties=ALL_SAFETIES, codes={rule_code})
    assert outcome.error is None
    return outcome.text


# CS401 generic-exception-raised


def test_WHEN_generic_raise_fixed_AND_file_uses_crlf_THEN_new_class_uses_crlf() -> None:
    code = "import os\r\n\r\n\r\ndef load() -> None:\r\n    raise Exception('x')\r\n"
    expected = (
        "import os\r\n\r\n\r\nclass LoadFailed(Exception):\r\n    pass\r\n\r\n\r\n"
        "def load() -> None:\r\n    raise LoadFailed('x')\r\n"
    )
    assert expected == _fixed(code, TEST_GENERIC_RAISE)


def test_WHEN_generic_raise_fixed_AND_file_indents_with_tabs_THEN_class_body_uses_a_tab() -> None:
    code = "def load():\n\tif True:\n\t\traise Exception\n"
    expected = "class LoadFailed(Exception):\n\tpass\n\n\ndef load():\n\tif True:\n\t\traise LoadFailed\n"
    assert expected == _fixed(code, TEST_GENERIC_RAISE)


def test_WHEN_function_raises_twice_THEN_fix_defines_one_class_AND_rewrites_both() -> None:
    code = "def load(x: int) -> None:\n    if x:\n        raise Exception('a')\n    raise Exception('b')\n"
    expected = (
        "class LoadFailed(Exception):\n    pass\n\n\n"
        "def load(x: int) -> None:\n    if x:\n        raise LoadFailed('a')\n    raise LoadFailed('b')\n"
    )
    assert expected == _fixed(code, TEST_GENERIC_RAISE)


def test_WHEN_raise_in_nested_function_THEN_class_named_after_inner_AND_placed_above_outer() -> None:
    code = "import os\n\n\ndef outer() -> None:\n    def inner_step() -> None:\n        raise Exception('x')\n"
    expected = (
        "import os\n\n\nclass InnerStepFailed(Exception):\n    pass\n\n\n"
        "def outer() -> None:\n    def inner_step() -> None:\n        raise InnerStepFailed('x')\n"
    )
    assert expected == _fixed(code, TEST_GENERIC_RAISE)


def test_WHEN_raise_in_method_of_decorated_commented_class_THEN_class_goes_above_comment() -> None:
    code = (
        "import os\n\n\n# The client.\n# Second line.\n@dataclass\nclass Client:\n"
        "    def fetch_page(self) -> None:\n        raise Exception('x')  # boom\n"
    )
    expected = (
        "import os\n\n\nclass FetchPageFailed(Exception):\n    pass\n\n\n"
        "# The client.\n# Second line.\n@dataclass\nclass Client:\n"
        "    def fetch_page(self) -> None:\n        raise FetchPageFailed('x')  # boom\n"
    )
    assert expected == _fixed(code, TEST_GENERIC_RAISE)


def test_WHEN_first_statement_follows_file_header_comments_THEN_class_goes_below_header() -> None:
    code = "#!/usr/bin/env python\n# Copyright\ndef load() -> None:\n    raise Exception\n"
    expected = (
        "#!/usr/bin/env python\n# Copyright\nclass LoadFailed(Exception):\n    pass\n\n\n"
        "def load() -> None:\n    raise LoadFailed\n"
    )
    assert expected == _fixed(code, TEST_GENERIC_RAISE)


def test_WHEN_raise_in_test_function_THEN_class_name_drops_test_prefix() -> None:
    code = "def test_upload_fails() -> None:\n    raise Exception('boom')\n"
    expected = (
        "class UploadFailsFailed(Exception):\n    pass\n\n\n"
        "def test_upload_fails() -> None:\n    raise UploadFailsFailed('boom')\n"
    )
    assert expected == _fixed(code, TEST_GENERIC_RAISE, path="tests/test_upload.py")


def test_WHEN_class_name_taken_by_non_exception_THEN_reported_without_fix() -> None:
    code = "LoadFailed = 3\n\n\ndef load() -> None:\n    raise Exception('x')\n"
    assert [None] == _fix_safety(code, TEST_GENERIC_RAISE)


def test_WHEN_raise_in_class_body_THEN_reported_without_fix() -> None:
    code = "class Settings:\n    if missing:\n        raise Exception('no settings')\n"
    assert [None] == _fix_safety(code, TEST_GENERIC_RAISE)


def test_WHEN_exception_is_a_local_name_THEN_not_reported() -> None:
    code = "def run(Exception: type) -> None:\n    raise Exception('x')\n"
    assert [] == _lines(code, TEST_GENERIC_RAISE)


# CS402 vague-exception-name


def test_WHEN_vague_name_derives_from_imported_class_THEN_not_reported() -> None:
    code = "from requests import RequestException\n\n\nclass Error(RequestException):\n    pass\n"
    assert [] == _lines(code, TEST_VAGUE_NAME)


def test_WHEN_vague_name_derives_from_local_exception_chain_THEN_each_vague_one_reported() -> None:
    code = (
        "class BaseError(Exception):\n    pass\n\n\nclass StorageFull(BaseError):\n    pass\n\n\n"
        "class GenericError(StorageFull):\n    pass\n\n\nclass Error(Mixin):\n    pass\n"
    )
    assert [1, 9] == _lines(code, TEST_VAGUE_NAME)


# CS403 logger-not-module-level


def test_WHEN_getlogger_in_lambda_THEN_reported() -> None:
    code = "import logging\n\nget = lambda: logging.getLogger('x')\n"
    assert [3] == _lines(code, TEST_LOGGER_IN_FUNCTION)


def test_WHEN_nested_helper_of_configuring_function_fetches_logger_THEN_not_reported() -> None:
    code = (
        "import logging\n\n\ndef setup() -> None:\n    def named(name: str) -> logging.Logger:\n"
        "        return logging.getLogger(name)\n    named('app').setLevel(logging.INFO)\n"
    )
    assert [] == _lines(code, TEST_LOGGER_IN_FUNCTION)


def test_WHEN_handlers_patched_with_setattr_THEN_not_reported() -> None:
    code = (
        "import logging\n\n\ndef test_x(monkeypatch) -> None:\n"
        "    monkeypatch.setattr(logging.getLogger('app'), 'handlers', [])\n    assert True\n"
    )
    assert [] == _lines(code, TEST_LOGGER_IN_FUNCTION, path="tests/test_x.py")


def test_WHEN_getlogger_through_module_alias_in_method_THEN_reported() -> None:
    code = (
        "import logging as lg\n\n\nclass Job:\n    def run(self) -> None:\n"
        "        lg.getLogger(__name__).info('x')\n"
    )
    assert [6] == _lines(code, TEST_LOGGER_IN_FUNCTION)


# CS404 root-logger-call


def test_WHEN_root_call_fixed_AND_file_uses_crlf_THEN_logger_line_uses_crlf() -> None:
    code = "import logging\r\n\r\n\r\ndef run() -> None:\r\n    logging.info('x')\r\n"
    expected = (
        "import logging\r\n\r\nlogger = logging.getLogger(__name__)\r\n\r\n\r\n"
        "def run() -> None:\r\n    logger.info('x')\r\n"
    )
    assert expected == _fixed(code, TEST_ROOT_LOGGER)


def test_WHEN_several_root_calls_fixed_THEN_one_logger_is_defined_AND_all_calls_use_it() -> None:
    code = "import logging\n\n\ndef run() -> None:\n    logging.info('a')\n    logging.error('b')\n"
    expected = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
        "def run() -> None:\n    logger.info('a')\n    logger.error('b')\n"
    )
    assert expected == _fixed(code, TEST_ROOT_LOGGER)


def test_WHEN_module_level_root_call_after_imports_THEN_safe_fix_defines_logger_above_it() -> None:
    code = "import logging\n\nlogging.basicConfig()\nlogging.info('loaded')\n"
    expected = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\nlogging.basicConfig()\n"
        "logger.info('loaded')\n"
    )
    assert [FixSafety.SAFE] == _fix_safety(code, TEST_ROOT_LOGGER)
    assert expected == _fixed(code, TEST_ROOT_LOGGER)


def test_WHEN_module_level_root_call_in_constant_above_insertion_point_THEN_no_fix() -> None:
    code = "import logging\n\nSTARTED = logging.info('loading')\n"
    assert [None] == _fix_safety(code, TEST_ROOT_LOGGER)


def test_WHEN_module_level_root_call_in_class_body_above_logger_THEN_no_fix() -> None:
    code = "import logging\n\n\nclass A:\n    logging.info('x')\n\n\nlogger = logging.getLogger(__name__)\n"
    assert [None] == _fix_safety(code, TEST_ROOT_LOGGER)


def test_WHEN_function_parameter_is_named_logger_THEN_no_fix() -> None:
    code = "import logging\n\n\ndef run(logger: Sink) -> None:\n    logging.warning('x')\n"
    assert [None] == _fix_safety(code, TEST_ROOT_LOGGER)


def test_WHEN_module_binds_logger_to_something_else_THEN_no_fix() -> None:
    code = (
        "import logging\nimport structlog\n\nlogger = structlog.get_logger()\n\n\ndef run() -> None:\n"
        "    logging.info('x')\n"
    )
    assert [None] == _fix_safety(code, TEST_ROOT_LOGGER)


def test_WHEN_logging_aliased_AND_no_logger_THEN_fix_imports_logging_AND_defines_logger() -> None:
    code = "import logging as lg\n\n\ndef run() -> None:\n    lg.critical('x')\n"
    actual = _fixed(code, TEST_ROOT_LOGGER)
    assert "import logging\n" in actual
    assert "logger = logging.getLogger(__name__)" in actual
    assert actual.endswith("    logger.critical('x')\n")


def test_WHEN_logging_log_called_with_level_THEN_reported_AND_level_argument_kept() -> None:
    code = "import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef run() -> None:\n    logging.log(5, 'x')\n"
    assert code.replace("logging.log(5", "log.log(5") == _fixed(code, TEST_ROOT_LOGGER)


def test_WHEN_other_logging_functions_called_THEN_not_reported() -> None:
    code = "import logging\n\nlogging.basicConfig()\nlogging.getLogger().info('x')\nlogging.disable()\n"
    assert [] == _lines(code, TEST_ROOT_LOGGER)


# CS405 print-instead-of-logger


def test_WHEN_argparse_imported_below_the_print_inside_main_THEN_module_is_exempt() -> None:
    code = "def helper() -> None:\n    print('x')\n\n\ndef run() -> None:\n    import argparse\n"
    assert [] == _lines(code, TEST_PRINT)


def test_WHEN_print_writes_to_stdout_explicitly_THEN_reported_without_fix() -> None:
    code = "import sys\n\n\ndef run() -> None:\n    print('x', file=sys.stdout)\n"
    assert [None] == _fix_safety(code, TEST_PRINT)


def test_WHEN_print_in_method_named_main_THEN_reported() -> None:
    code = "class App:\n    def main(self) -> None:\n        print('x')\n"
    assert [3] == _lines(code, TEST_PRINT)


def test_WHEN_print_without_arguments_THEN_reported_without_fix() -> None:
    code = "def run() -> None:\n    print()\n"
    assert [None] == _fix_safety(code, TEST_PRINT)


def test_WHEN_print_in_module_under_scripts_or_tests_THEN_not_reported() -> None:
    code = "def run() -> None:\n    print('x')\n"
    assert [] == _lines(code, TEST_PRINT, path="tools/scripts/run.py")
    assert [] == _lines(code, TEST_PRINT, path="pkg/test_run.py")


def test_WHEN_print_at_module_top_above_logger_insertion_point_THEN_no_fix() -> None:
    code = "import os\n\nVALUE = print('loading') or 3\n"
    assert [None] == _fix_safety(code, TEST_PRINT)


# CS406 error-log-without-traceback


def test_WHEN_error_logged_in_nested_try_of_handler_THEN_inner_handler_decides() -> None:
    code = (
        "try:\n    run()\nexcept OSError:\n    try:\n        cleanup()\n    except ValueError:\n"
        "        logger.error('cleanup failed')\n    raise\n"
    )
    assert [7] == _lines(code, TEST_ERROR_WITHOUT_TRACEBACK)


def test_WHEN_error_logged_in_lambda_inside_handler_THEN_not_reported() -> None:
    code = "try:\n    run()\nexcept OSError:\n    callbacks.append(lambda: logger.error('later'))\n"
    assert [] == _lines(code, TEST_ERROR_WITHOUT_TRACEBACK)


def test_WHEN_receiver_only_contains_log_THEN_not_a_logger() -> None:
    code = "try:\n    run()\nexcept OSError:\n    catalog.error('x')\n    dialog.error('y')\n    self.error('z')\n"
    assert [] == _lines(code, TEST_ERROR_WITHOUT_TRACEBACK)


def test_WHEN_error_logged_through_app_logger_with_crlf_THEN_fixed_to_exception() -> None:
    code = "try:\r\n    run()\r\nexcept OSError as error:\r\n    app.logger.error('failed: %s', error)\r\n"
    assert code.replace(".error(", ".exception(") == _fixed(code, TEST_ERROR_WITHOUT_TRACEBACK)


def test_WHEN_handler_raises_conditionally_THEN_not_reported() -> None:
    code = "try:\n    run()\nexcept OSError:\n    logger.error('failed')\n    if strict:\n        raise\n"
    assert [] == _lines(code, TEST_ERROR_WITHOUT_TRACEBACK)


# CS407 swallowed-exception


def test_WHEN_generic_except_swallows_THEN_range_covers_the_except_clause_only() -> None:
    code = "try:\n    run()\nexcept Exception as error:  # noqa: BLE001\n    pass\n"
    violation = _violations(code, TEST_SWALLOWED)[0]
    assert (2, 0, 2, 25) == (
        violation.range.start.line,
        violation.range.start.column,
        violation.range.end.line,
        violation.range.end.column,
    )


def test_WHEN_except_star_swallows_exception_THEN_reported() -> None:
    code = "try:\n    run()\nexcept* Exception:\n    pass\n"
    assert [3] == _lines(code, TEST_SWALLOWED)


def test_WHEN_swallowing_block_also_does_something_THEN_not_reported() -> None:
    code = "try:\n    run()\nexcept Exception:\n    'ignored'\n    pass\n"
    assert [] == _lines(code, TEST_SWALLOWED)


def test_WHEN_bare_except_in_tab_indented_loop_THEN_reported() -> None:
    code = "for item in items:\n\ttry:\n\t\trun(item)\n\texcept:\n\t\tcontinue\n"
    assert [4] == _lines(code, TEST_SWALLOWED)


@pytest.mark.parametrize(
    "code",
    [
        "import logging\ndef report(names):\n    return [logging.info(logger) for logger in names]\n",
        "import logging\ndef check(value):\n    if (logger := value):\n        logging.info(logger)\n",
        "import logging\nclass C:\n    logger = 'x'\n    def f(self):\n        logging.info('y')\n",
    ],
)
def test_WHEN_logger_name_bound_elsewhere_THEN_root_logger_call_has_no_fix(code: str) -> None:
    violations = lint_text(code, REGISTRY, settings=Settings(select=("CS404",))).violations
    assert [("CS404", ())] == [(violation.code, violation.fixes) for violation in violations]
