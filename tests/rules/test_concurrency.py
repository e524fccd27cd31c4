"""Edge cases of the section 10 rules (rules/concurrency.py) beyond their embedded examples."""

from pathlib import PurePosixPath
from typing import List, Optional

from chris_style.config.keys import apply_overrides
from chris_style.config.settings import Settings
from chris_style.linting.fixes import fix_text
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

ALL_SAFETIES = frozenset({FixSafety.SAFE, FixSafety.UNSAFE, FixSafety.SUGGESTION})
TEST_BLOCKING_CALL = "CS1001"
TEST_SEQUENTIAL_AWAIT = "CS1002"


def _violations(code: str, rule_code: str, settings: Settings = Settings()) -> List[Violation]:
    result = lint(SourceFile(code, PurePosixPath("example.py")), settings, REGISTRY)
    assert [] == result.failures
    return [violation for violation in result.violations if violation.code == rule_code]


def _lines(code: str, rule_code: str, settings: Settings = Settings()) -> List[int]:
    """1-based lines of the rule's violations."""
    return [violation.range.start.line + 1 for violation in _violations(code, rule_code, settings)]


def _fix_safety(code: str, rule_code: str) -> List[Optional[FixSafety]]:
    return [violation.fix.safety if violation.fix else None for violation in _violations(code, rule_code)]


def _fixed(code: str, rule_code: str) -> str:
    """Every fix of the rule, round after round, suggestions included."""
    source = SourceFile(code, PurePosixPath("example.py"))
    outcome = fix_text(source, Settings(), REGISTRY, safeties=ALL_SAFETIES, codes={rule_code})
    assert outcome.error is None
    return outcome.text


# CS1001 blocking-call-in-async


def test_WHEN_sleep_fixed_AND_file_uses_crlf_AND_tabs_THEN_import_uses_crlf_AND_indentation_kept() -> None:
    code = "import time\r\n\r\n\r\nasync def poll():\r\n\tif ready:\r\n\t\ttime.sleep(1)\r\n"
    expected = (
        "import asyncio\r\nimport time\r\n\r\n\r\nasync def poll():\r\n\tif ready:\r\n"
        "\t\tawait asyncio.sleep(1)\r\n"
    )
    assert expected == _fixed(code, TEST_BLOCKING_CALL)


def test_WHEN_sleep_call_spans_lines_with_comment_THEN_fix_keeps_the_arguments() -> None:
    code = "import asyncio\nimport time\n\n\nasync def poll():\n    time.sleep(  # back off\n        DELAY)\n"
    expected = (
        "import asyncio\nimport time\n\n\nasync def poll():\n    await asyncio.sleep(  # back off\n"
        "        DELAY)\n"
    )
    assert expected == _fixed(code, TEST_BLOCKING_CALL)


def test_WHEN_sleep_result_is_used_THEN_reported_without_fix() -> None:
    code = "import time\n\n\nasync def poll():\n    value = time.sleep(1)\n"
    assert [None] == _fix_safety(code, TEST_BLOCKING_CALL)


def test_WHEN_module_runs_on_trio_THEN_sleep_reported_without_asyncio_fix() -> None:
    code = "import time\nimport trio\n\n\nasync def poll():\n    time.sleep(1)\n"
    assert [None] == _fix_safety(code, TEST_BLOCKING_CALL)


def test_WHEN_async_def_nested_in_sync_def_in_async_def_THEN_only_innermost_async_reported() -> None:
    code = (
        "import time\n\n\nasync def outer():\n    def middle():\n        time.sleep(1)\n\n"
        "        async def inner():\n            time.sleep(2)\n"
    )
    assert [9] == _lines(code, TEST_BLOCKING_CALL)


def test_WHEN_blocking_module_imported_inside_async_function_THEN_reported() -> None:
    code = "async def run():\n    import subprocess as sp\n    sp.check_call(['ls'])\n"
    assert [3] == _lines(code, TEST_BLOCKING_CALL)


def test_WHEN_open_is_a_parameter_or_method_THEN_not_reported() -> None:
    code = "async def run(open, path):\n    open(path)\n    path.open()\n    await aiofiles.open(path)\n"
    assert [] == _lines(code, TEST_BLOCKING_CALL)


def test_WHEN_blocking_calls_setting_lists_other_calls_THEN_only_those_reported() -> None:
    settings = apply_overrides(Settings(), {"blocking-calls": ["os.system"]}, "test", REGISTRY.vocabulary)
    code = "import os\nimport time\n\n\nasync def run():\n    time.sleep(1)\n    os.system('ls')\n"
    assert [7] == _lines(code, TEST_BLOCKING_CALL, settings)


def test_WHEN_requests_imported_under_alias_THEN_verb_calls_reported() -> None:
    code = "import requests as rq\n\n\nclass Api:\n    async def get(self):\n        return rq.post('u').json()\n"
    assert [6] == _lines(code, TEST_BLOCKING_CALL)


# CS1002 sequential-await-in-loop


def test_WHEN_gather_suggested_AND_file_uses_crlf_THEN_import_uses_crlf() -> None:
    code = (
        "import os\r\n\r\n\r\nasync def run(ids):\r\n    out = []\r\n    for i in ids:\r\n"
        "        out.append(await get(i))\r\n"
    )
    expected = (
        "import asyncio\r\nimport os\r\n\r\n\r\nasync def run(ids):\r\n    out = []\r\n"
        "    out.extend(await asyncio.gather(*[get(i) for i in ids]))\r\n"
    )
    assert expected == _fixed(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_body_on_header_line_AND_asyncio_aliased_THEN_alias_used() -> None:
    code = "import asyncio as aio\n\n\nasync def run(ids):\n    for i in ids: self.out.append(await get(i))\n"
    expected = (
        "import asyncio as aio\n\n\nasync def run(ids):\n"
        "    self.out.extend(await aio.gather(*[get(i) for i in ids]))\n"
    )
    assert expected == _fixed(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_iterates_a_bare_tuple_THEN_fix_parenthesizes_it() -> None:
    code = (
        "import asyncio\n\n\nasync def run(a, b):\n    out = []\n    for i in a, b:\n"
        "        out.append(await get(i))\n"
    )
    assert "await asyncio.gather(*[get(i) for i in (a, b)])" in _fixed(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_holds_a_comment_THEN_reported_without_fix() -> None:
    code = (
        "async def run(ids):\n    out = []\n    for i in ids:\n        # one at a time\n"
        "        out.append(await get(i))\n"
    )
    assert [None] == _fix_safety(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_has_more_work_or_break_THEN_not_reported() -> None:
    code = (
        "async def run(ids):\n    out = []\n    for i in ids:\n        out.append(await get(i))\n"
        "        if len(out) > 3:\n            break\n"
    )
    assert [] == _lines(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_is_in_sync_function_nested_in_async_THEN_not_reported() -> None:
    code = "async def run(ids):\n    def collect(out):\n        for i in ids:\n            out.append(compute(i))\n"
    assert [] == _lines(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_awaited_comprehension_is_method_receiver_THEN_reported_without_fix() -> None:
    code = "async def run(ids):\n    return [await get(i) for i in ids].copy()\n"
    assert [None] == _fix_safety(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_has_else_clause_THEN_not_reported() -> None:
    code = (
        "async def run(ids):\n    out = []\n    for i in ids:\n        out.append(await get(i))\n"
        "    else:\n        done()\n"
    )
    assert [] == _lines(code, TEST_SEQUENTIAL_AWAIT)
