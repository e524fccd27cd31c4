"""Edge cases of CS406 error-log-without-traceback beyond its embedded examples."""

from tests.rules.helpers import ALL_SAFETIES, fixed, lines

TEST_ERROR_WITHOUT_TRACEBACK = "CS406"


def test_WHEN_error_logged_in_nested_try_of_handler_THEN_inner_handler_decides() -> None:
    code = (
        "try:\n    run()\nexcept OSError:\n    try:\n        cleanup()\n    except ValueError:\n"
        "        logger.error('cleanup failed')\n    raise\n"
    )
    assert [7] == lines(code, TEST_ERROR_WITHOUT_TRACEBACK)


def test_WHEN_error_logged_in_lambda_inside_handler_THEN_not_reported() -> None:
    code = "try:\n    run()\nexcept OSError:\n    callbacks.append(lambda: logger.error('later'))\n"
    assert [] == lines(code, TEST_ERROR_WITHOUT_TRACEBACK)


def test_WHEN_receiver_only_contains_log_THEN_not_a_logger() -> None:
    code = "try:\n    run()\nexcept OSError:\n    catalog.error('x')\n    dialog.error('y')\n    self.error('z')\n"
    assert [] == lines(code, TEST_ERROR_WITHOUT_TRACEBACK)


def test_WHEN_error_logged_through_app_logger_with_crlf_THEN_fixed_to_exception() -> None:
    code = "try:\r\n    run()\r\nexcept OSError as error:\r\n    app.logger.error('failed: %s', error)\r\n"
    assert code.replace(".error(", ".exception(") == fixed(code, TEST_ERROR_WITHOUT_TRACEBACK, safeties=ALL_SAFETIES)


def test_WHEN_handler_raises_conditionally_THEN_not_reported() -> None:
    code = "try:\n    run()\nexcept OSError:\n    logger.error('failed')\n    if strict:\n        raise\n"
    assert [] == lines(code, TEST_ERROR_WITHOUT_TRACEBACK)
