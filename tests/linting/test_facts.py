"""The shared analyses (linting/facts/) are built on first use and at most once per lint, whichever rules ask."""

import contextlib
from pathlib import PurePosixPath
from typing import Dict, Iterator
from unittest import mock

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.facts.classes import ClassIndex
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.facts.names import NameResolver
from chris_style.linting.facts.test_layout import PytestLayout
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

FACT_CLASSES = (NameResolver, ModuleNames, ClassIndex, PytestLayout)
# A module that gives every fact's users something to look at: imports, logging, a dataclass, async code,
# annotations, defaults, and (as a test file) tests, fixtures and mocks.
MODULE = '''import asyncio
import logging
import time
from dataclasses import dataclass, asdict
from typing import List, Optional
from unittest import mock

import pytest

logger = logging.getLogger(__name__)


@dataclass
class Plan:
    name: str
    size: int = 3


class Base:
    def plan(self):
        raise NotImplementedError()


async def fetch(url: str, retries: list = []) -> None:
    time.sleep(1)
    logging.info(url)


def describe(plan: Plan, note: str = None) -> dict:
    print(plan)
    return {"name": plan.name, "size": plan.size, "kind": "plan", "data": asdict(plan)}


@pytest.fixture
def plan():
    return Plan("a")


def test_WHEN_planned_THEN_sized(plan):
    runner = mock.Mock()
    runner.run(plan)
    runner.run.assert_called_once_with(plan)
    assert plan.size == 3
'''
TEST_PATH = PurePosixPath("tests/test_plans.py")
LIBRARY_PATH = PurePosixPath("plans.py")


@pytest.fixture
def builds() -> Iterator[Dict[str, mock.Mock]]:
    """Every fact class's constructor, counting its calls (and still building the fact)."""
    names = ("names", "module_names", "classes", "test_layout")
    with contextlib.ExitStack() as stack:
        patched = [
            stack.enter_context(mock.patch.object(fact, "__init__", autospec=True, side_effect=fact.__init__))
            for fact in FACT_CLASSES
        ]
        yield dict(zip(names, patched))


@pytest.mark.parametrize("path", [TEST_PATH, LIBRARY_PATH], ids=["test file", "library file"])
def test_WHEN_every_rule_lints_a_module_THEN_each_fact_is_built_at_most_once(
    builds: Dict[str, mock.Mock], path: PurePosixPath
) -> None:
    result = lint(SourceFile(MODULE, path), Settings(), REGISTRY)
    expected_library = {"names": 1, "module_names": 1, "classes": 1, "test_layout": 0}
    expected = {name: 1 for name in builds} if path == TEST_PATH else expected_library
    actual = {name: constructor.call_count for name, constructor in builds.items()}
    assert ([], expected) == (result.failures, actual)


def test_WHEN_two_lints_run_THEN_each_builds_its_own_facts(builds: Dict[str, mock.Mock]) -> None:
    for _ in range(2):
        lint(SourceFile(MODULE, TEST_PATH), Settings(), REGISTRY)
    assert {name: 2 for name in builds} == {name: constructor.call_count for name, constructor in builds.items()}
