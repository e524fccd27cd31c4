"""Analyses of one buffer that several rules (and the fixes and refactorings) need, built on first use and at
most once per lint: name resolution and scopes, the names a module binds (typing names), the class index
with dataclass fields, and which functions of a test module are tests.

A rule reaches them through its context (`self.context.facts.names`); it never builds its own copy.
"""

import logging
from functools import cached_property
from pathlib import PurePath
from typing import Callable, List, Optional

import libcst as cst

from chris_style.linting.facts.classes import ClassIndex
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.facts.names import NameResolver
from chris_style.linting.facts.test_layout import PytestLayout
from chris_style.linting.layout import Layout

logger = logging.getLogger(__name__)


class Facts:
    """The shared analyses of one lint run, each computed when first asked for. `ancestors` is the traversal's
    list of the current node's ancestors, which name resolution reads as it goes."""

    def __init__(
        self,
        module: cst.Module,
        path: Optional[PurePath],
        ancestors: List[cst.CSTNode],
        layout: Optional[Layout] = None,
        layout_of: Optional[Callable[[], Layout]] = None,
    ) -> None:
        self._module = module
        self._path = path
        self._ancestors = ancestors
        # Known already when the module was re-parsed from an earlier version (reparse.py).
        self._layout = layout
        # Where to get it otherwise (the lint's position index: from Python's tree, cheaper than Layout.of).
        self._layout_of = layout_of

    @cached_property
    def names(self) -> NameResolver:
        """Which imported thing a name stands for, seen from the node being visited."""
        return NameResolver(self._module, self._ancestors)

    @cached_property
    def module_names(self) -> ModuleNames:
        """The names bound outside function bodies: shadowed builtins, local names of `typing.X`."""
        return ModuleNames(self._module)

    @cached_property
    def classes(self) -> ClassIndex:
        """The module-level classes: dataclasses and their fields, enums, methods and bases."""
        return ClassIndex(self._module, self.names)

    @cached_property
    def statement_starts(self) -> List[int]:
        """The first line (0-based) of each top-level statement, leading comment lines included, then of the
        footer: the statement holding a line is found by bisecting these."""
        layout = self._layout
        if layout is None:
            layout = self._layout_of() if self._layout_of is not None else Layout.of(self._module)
        return layout.starts()

    @cached_property
    def test_layout(self) -> PytestLayout:
        """Which classes and functions pytest collects from this module."""
        return PytestLayout.of(self._module, self._path)
