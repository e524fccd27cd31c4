"""Analyses of one buffer that several rules (and the fixes and refactorings) need, built on first use and at
most once per lint: name resolution and scopes, the names a module binds (typing names), the class index
with dataclass fields, and which functions of a test module are tests.

A rule reaches them through its context (`self.context.facts.names`); it never builds its own copy.
"""

import logging
from functools import cached_property
from typing import TYPE_CHECKING

from chris_style.linting.facts.classes import ClassIndex
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.facts.names import NameResolver
from chris_style.linting.facts.test_layout import PytestLayout

if TYPE_CHECKING:
    from chris_style.linting.rule import RuleContext

logger = logging.getLogger(__name__)


class Facts:
    """The shared analyses of one lint run, each computed when first asked for."""

    def __init__(self, context: "RuleContext") -> None:
        self._context = context

    @cached_property
    def names(self) -> NameResolver:
        """Which imported thing a name stands for, seen from the node being visited."""
        return NameResolver(self._context)

    @cached_property
    def module_names(self) -> ModuleNames:
        """The names bound outside function bodies: shadowed builtins, local names of `typing.X`."""
        return ModuleNames(self._context.module)

    @cached_property
    def classes(self) -> ClassIndex:
        """The module-level classes: dataclasses and their fields, enums, methods and bases."""
        return ClassIndex(self._context)

    @cached_property
    def test_layout(self) -> PytestLayout:
        """Which classes and functions pytest collects from this module."""
        return PytestLayout.of(self._context.module, self._context.source.path)
