"""Edge cases of CS1002 sequential-await-in-loop beyond its embedded examples."""

from tests.rules.helpers import ALL_SAFETIES, fix_safeties, fixed, lines

TEST_SEQUENTIAL_AWAIT = "CS1002"


def test_WHEN_gather_suggested_AND_file_uses_crlf_THEN_import_uses_crlf() -> None:
    code = (
        "import os\r\n\r\n\r\nasync def run(ids):\r\n    out = []\r\n    for i in ids:\r\n"
        "        out.append(await get(i))\r\n"
    )
    expected = (
        "import asyncio\r\nimport os\r\n\r\n\r\nasync def run(ids):\r\n    out = []\r\n"
        "    out.extend(await asyncio.gather(*[get(i) for i in ids]))\r\n"
    )
    assert expected == fixed(code, TEST_SEQUENTIAL_AWAIT, safeties=ALL_SAFETIES)


def test_WHEN_loop_body_on_header_line_AND_asyncio_aliased_THEN_alias_used() -> None:
    code = "import asyncio as aio\n\n\nasync def run(ids):\n    for i in ids: self.out.append(await get(i))\n"
    expected = (
        "import asyncio as aio\n\n\nasync def run(ids):\n"
        "    self.out.extend(await aio.gather(*[get(i) for i in ids]))\n"
    )
    assert expected == fixed(code, TEST_SEQUENTIAL_AWAIT, safeties=ALL_SAFETIES)


def test_WHEN_loop_iterates_a_bare_tuple_THEN_fix_parenthesizes_it() -> None:
    code = (
        "import asyncio\n\n\nasync def run(a, b):\n    out = []\n    for i in a, b:\n"
        "        out.append(await get(i))\n"
    )
    assert "await asyncio.gather(*[get(i) for i in (a, b)])" in fixed(
        code, TEST_SEQUENTIAL_AWAIT, safeties=ALL_SAFETIES
    )


def test_WHEN_loop_holds_a_comment_THEN_reported_without_fix() -> None:
    code = (
        "async def run(ids):\n    out = []\n    for i in ids:\n        # one at a time\n"
        "        out.append(await get(i))\n"
    )
    assert [None] == fix_safeties(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_has_more_work_or_break_THEN_not_reported() -> None:
    code = (
        "async def run(ids):\n    out = []\n    for i in ids:\n        out.append(await get(i))\n"
        "        if len(out) > 3:\n            break\n"
    )
    assert [] == lines(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_is_in_sync_function_nested_in_async_THEN_not_reported() -> None:
    code = "async def run(ids):\n    def collect(out):\n        for i in ids:\n            out.append(compute(i))\n"
    assert [] == lines(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_awaited_comprehension_is_method_receiver_THEN_reported_without_fix() -> None:
    code = "async def run(ids):\n    return [await get(i) for i in ids].copy()\n"
    assert [None] == fix_safeties(code, TEST_SEQUENTIAL_AWAIT)


def test_WHEN_loop_has_else_clause_THEN_not_reported() -> None:
    code = (
        "async def run(ids):\n    out = []\n    for i in ids:\n        out.append(await get(i))\n"
        "    else:\n        done()\n"
    )
    assert [] == lines(code, TEST_SEQUENTIAL_AWAIT)
