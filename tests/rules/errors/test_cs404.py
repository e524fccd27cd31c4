"""Edge cases of CS404 root-logger-call beyond its embedded examples."""

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.rule import FixSafety
from chris_style.linting.runner import lint_text
from chris_style.rules import REGISTRY
from tests.rules.helpers import ALL_SAFETIES, fix_safeties, fixed, lines

TEST_ROOT_LOGGER = "CS404"


def test_WHEN_root_call_fixed_AND_file_uses_crlf_THEN_logger_line_uses_crlf() -> None:
    code = "import logging\r\n\r\n\r\ndef run() -> None:\r\n    logging.info('x')\r\n"
    expected = (
        "import logging\r\n\r\nlogger = logging.getLogger(__name__)\r\n\r\n\r\n"
        "def run() -> None:\r\n    logger.info('x')\r\n"
    )
    assert expected == fixed(code, TEST_ROOT_LOGGER, safeties=ALL_SAFETIES)


def test_WHEN_several_root_calls_fixed_THEN_one_logger_is_defined_AND_all_calls_use_it() -> None:
    code = "import logging\n\n\ndef run() -> None:\n    logging.info('a')\n    logging.error('b')\n"
    expected = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
        "def run() -> None:\n    logger.info('a')\n    logger.error('b')\n"
    )
    assert expected == fixed(code, TEST_ROOT_LOGGER, safeties=ALL_SAFETIES)


def test_WHEN_module_level_root_call_after_imports_THEN_unsafe_fix_defines_logger_above_it() -> None:
    code = "import logging\n\nlogging.basicConfig()\nlogging.info('loaded')\n"
    expected = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\nlogging.basicConfig()\n"
        "logger.info('loaded')\n"
    )
    assert [FixSafety.UNSAFE] == fix_safeties(code, TEST_ROOT_LOGGER)
    assert expected == fixed(code, TEST_ROOT_LOGGER, safeties=ALL_SAFETIES)


def test_WHEN_module_level_root_call_in_constant_above_insertion_point_THEN_no_fix() -> None:
    code = "import logging\n\nSTARTED = logging.info('loading')\n"
    assert [None] == fix_safeties(code, TEST_ROOT_LOGGER)


def test_WHEN_module_level_root_call_in_class_body_above_logger_THEN_no_fix() -> None:
    code = "import logging\n\n\nclass A:\n    logging.info('x')\n\n\nlogger = logging.getLogger(__name__)\n"
    assert [None] == fix_safeties(code, TEST_ROOT_LOGGER)


def test_WHEN_function_parameter_is_named_logger_THEN_no_fix() -> None:
    code = "import logging\n\n\ndef run(logger: Sink) -> None:\n    logging.warning('x')\n"
    assert [None] == fix_safeties(code, TEST_ROOT_LOGGER)


def test_WHEN_module_binds_logger_to_something_else_THEN_no_fix() -> None:
    code = (
        "import logging\nimport structlog\n\nlogger = structlog.get_logger()\n\n\ndef run() -> None:\n"
        "    logging.info('x')\n"
    )
    assert [None] == fix_safeties(code, TEST_ROOT_LOGGER)


def test_WHEN_logging_aliased_AND_no_logger_THEN_fix_imports_logging_AND_defines_logger() -> None:
    code = "import logging as lg\n\n\ndef run() -> None:\n    lg.critical('x')\n"
    actual = fixed(code, TEST_ROOT_LOGGER, safeties=ALL_SAFETIES)
    assert "import logging\n" in actual
    assert "logger = logging.getLogger(__name__)" in actual
    assert actual.endswith("    logger.critical('x')\n")


def test_WHEN_logging_log_called_with_level_THEN_reported_AND_level_argument_kept() -> None:
    code = "import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef run() -> None:\n    logging.log(5, 'x')\n"
    assert code.replace("logging.log(5", "log.log(5") == fixed(code, TEST_ROOT_LOGGER, safeties=ALL_SAFETIES)


def test_WHEN_other_logging_functions_called_THEN_not_reported() -> None:
    code = "import logging\n\nlogging.basicConfig()\nlogging.getLogger().info('x')\nlogging.disable()\n"
    assert [] == lines(code, TEST_ROOT_LOGGER)


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
