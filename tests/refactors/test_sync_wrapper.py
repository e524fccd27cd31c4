"""The "Add sync wrapper" refactoring (the guide's Async Wrapper Pattern): the wrapper has the coroutine's
signature and docstring, passes every rule, and returns what the coroutine returns."""

import pytest

from chris_style.refactors import sync_wrapper
from tests.refactors.helpers import findings, offered, refactored
from tests.rules.helpers import execute

EXECUTED_MODULE = "sync_wrapper_sample"
# The guide's inference example, reduced to the standard library; clean at every priority.
INFERENCE = '''"""Inference over batches."""

import asyncio
from dataclasses import dataclass
from typing import List


@dataclass
class InferenceResult:
    task_id: int
    response: str


async def _answer(task_id: int) -> str:
    await asyncio.sleep(0)
    return f"answer {task_id}"


async def _perform_async_inference(batched_tasks: List[int], *, prefix: str = "") -> List[InferenceResult]:
    """Answers every task at once."""
    responses = await asyncio.gather(*(_answer(task) for task in batched_tasks))
    return [InferenceResult(task, prefix + response) for task, response in zip(batched_tasks, responses)]


class Client:
    def __init__(self, name: str) -> None:
        self.name = name

    async def fetch(self, path: str) -> str:
        await asyncio.sleep(0)
        return f"{self.name}/{path}"

    @classmethod
    async def _create_async(cls, name: str) -> "Client":
        await asyncio.sleep(0)
        return cls(name)
'''
WRAPPER = '''


def perform_inference(batched_tasks: List[int], *, prefix: str = "") -> List[InferenceResult]:
    """Answers every task at once."""
    return asyncio.run(_perform_async_inference(batched_tasks, prefix=prefix))
'''


def test_WHEN_sample_module_checked_THEN_clean_before_the_refactoring() -> None:
    assert [] == findings(INFERENCE)


def test_WHEN_cursor_on_the_guides_private_coroutine_THEN_public_wrapper_below_it() -> None:
    marker = "\n\n\nclass Client:"
    expected = INFERENCE.replace(marker, WRAPPER.rstrip("\n") + marker)
    actual = (
        offered(sync_wrapper.offer, INFERENCE, "_perform_async_inference("),
        refactored(sync_wrapper.edits, INFERENCE, "_perform_async_inference("),
    )
    assert ("Add sync wrapper `perform_inference()`", expected) == actual


@pytest.mark.parametrize(
    ("marker", "call"),
    [
        ("_perform_async_inference(", "perform_inference([1, 2], prefix='> ')"),
        ("fetch(", "Client('api').fetch_sync('items')"),
        ("_create_async(", "Client.create('db').name"),
    ],
    ids=["function", "method", "classmethod"],
)
def test_WHEN_wrapper_added_THEN_module_is_clean_AND_wrapper_returns_the_coroutines_result(
    marker: str, call: str
) -> None:
    code = refactored(sync_wrapper.edits, INFERENCE, marker)
    namespace = execute(code, EXECUTED_MODULE)
    expected = {
        "function": "[InferenceResult(task_id=1, response='> answer 1'), "
        "InferenceResult(task_id=2, response='> answer 2')]",
        "method": "'api/items'",
        "classmethod": "'db'",
    }
    kind = {"_perform_async_inference(": "function", "fetch(": "method", "_create_async(": "classmethod"}[marker]
    assert ([], expected[kind]) == (findings(code), repr(eval(call, namespace)))


def test_WHEN_module_lacks_asyncio_import_THEN_it_is_added() -> None:
    code = "async def _fetch_async(url: str) -> str:\n    return url\n"
    expected = (
        "import asyncio\n\n\nasync def _fetch_async(url: str) -> str:\n    return url\n\n\n"
        "def fetch(url: str) -> str:\n    return asyncio.run(_fetch_async(url))\n"
    )
    assert expected == refactored(sync_wrapper.edits, code, "_fetch_async")


@pytest.mark.parametrize(
    "code",
    [
        "def fetch(url: str) -> str:\n    return url\n",
        "async def _stream(url: str):\n    yield url\n",
        "async def _fetch(url: str) -> str:\n    return url\n\n\ndef fetch(url: str) -> str:\n    return url\n\n\n"
        "def fetch_sync() -> None:\n    pass\n",
        "def outer() -> None:\n    async def _fetch(url: str) -> str:\n        return url\n",
        "asyncio = None\n\n\nasync def _fetch(url: str) -> str:\n    return url\n",
    ],
    ids=["not a coroutine", "async generator", "names taken", "nested", "asyncio rebound"],
)
def test_WHEN_no_wrapper_fits_THEN_not_offered(code: str) -> None:
    assert None is offered(sync_wrapper.offer, code, "_fetch" if "_fetch" in code else "(url")
