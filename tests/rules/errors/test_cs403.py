"""Edge cases of CS403 logger-not-module-level beyond its embedded examples."""

from tests.rules.helpers import lines

TEST_LOGGER_IN_FUNCTION = "CS403"


def test_WHEN_getlogger_in_lambda_THEN_reported() -> None:
    code = "import logging\n\nget = lambda: logging.getLogger('x')\n"
    assert [3] == lines(code, TEST_LOGGER_IN_FUNCTION)


def test_WHEN_nested_helper_of_configuring_function_fetches_logger_THEN_not_reported() -> None:
    code = (
        "import logging\n\n\ndef setup() -> None:\n    def named(name: str) -> logging.Logger:\n"
        "        return logging.getLogger(name)\n    named('app').setLevel(logging.INFO)\n"
    )
    assert [] == lines(code, TEST_LOGGER_IN_FUNCTION)


def test_WHEN_handlers_patched_with_setattr_THEN_not_reported() -> None:
    code = (
        "import logging\n\n\ndef test_x(monkeypatch) -> None:\n"
        "    monkeypatch.setattr(logging.getLogger('app'), 'handlers', [])\n    assert True\n"
    )
    assert [] == lines(code, TEST_LOGGER_IN_FUNCTION, path="tests/test_x.py")


def test_WHEN_getlogger_through_module_alias_in_method_THEN_reported() -> None:
    code = (
        "import logging as lg\n\n\nclass Job:\n    def run(self) -> None:\n"
        "        lg.getLogger(__name__).info('x')\n"
    )
    assert [6] == lines(code, TEST_LOGGER_IN_FUNCTION)
