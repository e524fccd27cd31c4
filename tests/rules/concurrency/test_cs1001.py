"""Edge cases of CS1001 blocking-call-in-async beyond its embedded examples."""

from tests.rules.helpers import ALL_SAFETIES, configured, fix_safeties, fixed, lines

TEST_BLOCKING_CALL = "CS1001"


def test_WHEN_sleep_fixed_AND_file_uses_crlf_AND_tabs_THEN_import_uses_crlf_AND_indentation_kept() -> None:
    code = "import time\r\n\r\n\r\nasync def poll():\r\n\tif ready:\r\n\t\ttime.sleep(1)\r\n"
    expected = (
        "import asyncio\r\nimport time\r\n\r\n\r\nasync def poll():\r\n\tif ready:\r\n"
        "\t\tawait asyncio.sleep(1)\r\n"
    )
    assert expected == fixed(code, TEST_BLOCKING_CALL, safeties=ALL_SAFETIES)


def test_WHEN_sleep_call_spans_lines_with_comment_THEN_fix_keeps_the_arguments() -> None:
    code = "import asyncio\nimport time\n\n\nasync def poll():\n    time.sleep(  # back off\n        DELAY)\n"
    expected = (
        "import asyncio\nimport time\n\n\nasync def poll():\n    await asyncio.sleep(  # back off\n"
        "        DELAY)\n"
    )
    assert expected == fixed(code, TEST_BLOCKING_CALL, safeties=ALL_SAFETIES)


def test_WHEN_sleep_result_is_used_THEN_reported_without_fix() -> None:
    code = "import time\n\n\nasync def poll():\n    value = time.sleep(1)\n"
    assert [None] == fix_safeties(code, TEST_BLOCKING_CALL)


def test_WHEN_module_runs_on_trio_THEN_sleep_reported_without_asyncio_fix() -> None:
    code = "import time\nimport trio\n\n\nasync def poll():\n    time.sleep(1)\n"
    assert [None] == fix_safeties(code, TEST_BLOCKING_CALL)


def test_WHEN_async_def_nested_in_sync_def_in_async_def_THEN_only_innermost_async_reported() -> None:
    code = (
        "import time\n\n\nasync def outer():\n    def middle():\n        time.sleep(1)\n\n"
        "        async def inner():\n            time.sleep(2)\n"
    )
    assert [9] == lines(code, TEST_BLOCKING_CALL)


def test_WHEN_blocking_module_imported_inside_async_function_THEN_reported() -> None:
    code = "async def run():\n    import subprocess as sp\n    sp.check_call(['ls'])\n"
    assert [3] == lines(code, TEST_BLOCKING_CALL)


def test_WHEN_open_is_a_parameter_or_method_THEN_not_reported() -> None:
    code = "async def run(open, path):\n    open(path)\n    path.open()\n    await aiofiles.open(path)\n"
    assert [] == lines(code, TEST_BLOCKING_CALL)


def test_WHEN_blocking_calls_setting_lists_other_calls_THEN_only_those_reported() -> None:
    settings = configured({"blocking-calls": ["os.system"]})
    code = "import os\nimport time\n\n\nasync def run():\n    time.sleep(1)\n    os.system('ls')\n"
    assert [7] == lines(code, TEST_BLOCKING_CALL, settings=settings)


def test_WHEN_requests_imported_under_alias_THEN_verb_calls_reported() -> None:
    code = "import requests as rq\n\n\nclass Api:\n    async def get(self):\n        return rq.post('u').json()\n"
    assert [6] == lines(code, TEST_BLOCKING_CALL)
