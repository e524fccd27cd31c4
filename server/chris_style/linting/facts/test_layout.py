"""Which classes and functions of a test module pytest (or unittest) collects, so that rules can tell tests
from helpers, fixtures and mixins. Built once per lint of a test file.
"""

import logging
import re
from pathlib import PurePath
from typing import Dict, Iterator, List, Optional, Sequence, Set

import libcst as cst

from chris_style.linting.syntax import attribute_chain, is_name, last_attribute, name_assignment

logger = logging.getLogger(__name__)

TEST_FUNCTION_PREFIX = "test"
TEST_CLASS_PREFIX = "Test"
TEST_CASE_SUFFIX = "TestCase"
# pytest's default `python_files`: modules it collects tests from (conftest.py and helpers it does not).
COLLECTED_FILE_PATTERN = re.compile(r"^(?:test.*|.*_test)\.py$")


def _class_disables_collection(node: cst.ClassDef) -> bool:
    """`__test__ = False` in the class body (pytest and nose skip such classes)."""
    return any(_assigns_test_false(statement) for statement in node.body.body)


def _assigns_test_false(statement: cst.BaseStatement) -> bool:
    """A line that is only `__test__ = False`."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return False
    assignment = name_assignment(statement.body[0])
    return assignment is not None and assignment[0] == "__test__" and is_name(assignment[1], "False")


def _defines_init(node: cst.ClassDef) -> bool:
    return any(
        isinstance(statement, cst.FunctionDef) and statement.name.value == "__init__" for statement in node.body.body
    )


def indented_statements(node: cst.CSTNode) -> Iterator[cst.BaseStatement]:
    """The statements of a compound statement's indented blocks (if/elif/else, try/except/finally/else, with,
    for, while), in that order; one-line suites and `match` cases are not entered."""
    blocks: List[cst.CSTNode] = []
    if isinstance(node, (cst.If, cst.With, cst.For, cst.While, cst.Try, cst.TryStar)):
        blocks.append(node.body)
    if isinstance(node, (cst.Try, cst.TryStar)):
        blocks.extend(handler.body for handler in node.handlers)
        if node.finalbody is not None:
            blocks.append(node.finalbody.body)
    orelse = getattr(node, "orelse", None)
    while orelse is not None:
        blocks.append(orelse.body)
        orelse = getattr(orelse, "orelse", None) if isinstance(orelse, cst.If) else None
    for block in blocks:
        if isinstance(block, cst.IndentedBlock):
            yield from block.body


class PytestLayout:
    """Which classes of a module pytest (or unittest) collects, so rules can tell tests from helpers.

    A test class is a `unittest.TestCase` subclass (any base whose name ends in `TestCase`, or a class of
    this module derived from one), a `Test*` class without `__init__`, or a class of this module that a test
    class inherits from (a mixin whose `test*` methods run through it); a `__test__ = False` class is none.
    Nested `Test*` classes of a test class count, as pytest collects them.
    """

    @classmethod
    def of(cls, module: cst.Module, path: Optional[PurePath]) -> "PytestLayout":
        """The layout of a module at `path`; pytest collects tests only from files named like tests."""
        collects_tests = path is not None and COLLECTED_FILE_PATTERN.match(path.name) is not None
        return cls(module, collects_tests)

    def __init__(self, module: cst.Module, collects_tests: bool) -> None:
        self.collects_tests = collects_tests
        self.test_classes: Set[int] = set()
        self.class_bases: Dict[str, List[str]] = {}
        self._classes: Dict[str, cst.ClassDef] = {}
        self._test_case_names: Set[str] = set()
        # id(function) -> is_test_function's answer: a function's ancestors never change within one tree, and
        # rules ask about the function around every string and call in it.
        self._test_functions: Dict[int, bool] = {}
        self._scan(module.body)
        pending = [node for node in self._classes.values() if id(node) in self.test_classes]
        while pending:
            for base in self.class_bases.get(pending.pop().name.value, []):
                inherited = self._classes.get(base)
                if inherited is not None and id(inherited) not in self.test_classes:
                    self.test_classes.add(id(inherited))
                    pending.append(inherited)

    def _scan(self, statements: Sequence[cst.CSTNode]) -> None:
        for statement in statements:
            if isinstance(statement, cst.ClassDef):
                self._add_class(statement)
            elif not isinstance(statement, cst.FunctionDef):
                self._scan(list(indented_statements(statement)))

    def _add_class(self, node: cst.ClassDef) -> None:
        name = node.name.value
        self._classes[name] = node
        bases = [attribute_chain(base.value) for base in node.bases if base.keyword is None]
        self.class_bases[name] = [base for base in bases if base]
        is_test_case = any(
            base.rsplit(".", 1)[-1].endswith(TEST_CASE_SUFFIX) or base in self._test_case_names for base in bases
        )
        if is_test_case:
            self._test_case_names.add(name)
        collected = is_test_case or (name.startswith(TEST_CLASS_PREFIX) and not _defines_init(node))
        if collected and not _class_disables_collection(node):
            self.test_classes.add(id(node))
            if isinstance(node.body, cst.IndentedBlock):
                self._scan(node.body.body)

    def is_test_function(self, node: cst.FunctionDef, ancestors: Sequence[cst.CSTNode]) -> bool:
        """A `test*` function pytest would collect: at module level, or a method of a test class. `ancestors`
        are the function's own, outermost first."""
        found = self._test_functions.get(id(node))
        if found is None:
            found = self._test_functions[id(node)] = self._is_test_function(node, ancestors)
        return found

    def _is_test_function(self, node: cst.FunctionDef, ancestors: Sequence[cst.CSTNode]) -> bool:
        if not self.collects_tests or not node.name.value.startswith(TEST_FUNCTION_PREFIX) or is_fixture(node):
            return False
        for ancestor in reversed(ancestors):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
                return False
            if isinstance(ancestor, cst.ClassDef):
                return id(ancestor) in self.test_classes
        return True


def is_fixture(node: cst.FunctionDef) -> bool:
    """Decorated with `@pytest.fixture`, `@pytest.fixture(...)`, `@fixture` or another `*fixture` decorator."""
    for decorator in node.decorators:
        target = decorator.decorator
        if isinstance(target, cst.Call):
            target = target.func
        if last_attribute(target).endswith("fixture"):
            return True
    return False
