"""CS506 non-unittest-mock-library: mocks come from `unittest.mock` only."""

import logging
from typing import List, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.facts.test_layout import is_fixture
from chris_style.linting.rule import Fix, FixSafety, Invalid, Scope, Valid
from chris_style.linting.syntax import attribute_chain, is_name, last_attribute
from chris_style.rules.testing._shared import EXAMPLE_PATH, MOCK_MODULE, _exception_names, _TestFileRule

logger = logging.getLogger(__name__)

# Mock libraries other than unittest.mock (`mock` is its PyPI backport), pytest-mock's fixtures
# (`mocker` and its wider-scoped twins), and the errors an import fallback catches.
OTHER_MOCK_LIBRARIES = frozenset({"mock", "flexmock", "mockito", "doublex"})
MOCKER_FIXTURES = frozenset({"mocker", "class_mocker", "module_mocker", "package_mocker", "session_mocker"})
IMPORT_FALLBACK_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
# What `unittest.mock` has offered since Python 3.8, under the names the `mock` backport uses for it: a module
# that uses only these gets the same objects from either. The backport has more (`ThreadingMock`, `mock.mock`)
# on older interpreters.
SHARED_MOCK_API = frozenset(
    {"Mock", "MagicMock", "NonCallableMock", "NonCallableMagicMock", "AsyncMock", "PropertyMock", "patch", "call",
     "ANY", "DEFAULT", "sentinel", "create_autospec", "mock_open", "seal", "FILTER_DIR"}
)


def _uses_shared_api_only(module: cst.Module) -> bool:
    """True when every use of the name `mock` is `mock.<name>` with a name unittest.mock has too."""
    # The `mock` names read as `mock.<name>` and those an import statement holds, by id: any other `mock` is the
    # module itself passed around.
    explained: Set[int] = set()
    names: List[cst.Name] = []
    for node in tree.walk(module):
        if isinstance(node, cst.Attribute) and is_name(node.value, MOCK_MODULE):
            if node.attr.value not in SHARED_MOCK_API:
                return False
            explained.add(id(node.value))
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            explained.update(id(found) for found in tree.walk(node) if is_name(found, MOCK_MODULE))
        elif isinstance(node, cst.Name) and node.value == MOCK_MODULE:
            names.append(node)
    return all(id(name) in explained for name in names)


class NonUnittestMockLibrary(_TestFileRule):
    """A mock library other than `unittest.mock` is used.

    The guide mocks with `unittest.mock` only (`@mock.patch`, `mock.Mock`, `side_effect`), so every test
    reads the same way and needs no extra dependency. Reported: the pytest-mock `mocker` fixture (and its
    `class_mocker`/`module_mocker`/`package_mocker`/`session_mocker` twins) as a parameter of a test function
    or a fixture, `import mock` / `from mock import ...` (the PyPI backport), and imports of `flexmock`,
    `mockito` and `doublex`. An `import mock` that is only the fallback inside `except ImportError:` is left
    alone: the module prefers unittest.mock.

    Fix (safe with the shared API, else unsafe): `import mock` → `from unittest import mock` (same name). Safe when
    the module uses `mock` only through names `unittest.mock` has offered since Python 3.8 (`mock.patch`,
    `mock.Mock`, `mock.call`, `mock.ANY`...): the backport can have more on an older interpreter
    (`mock.ThreadingMock`, `mock.mock`), and a module that passes `mock` itself around may rely on it. Unsafe
    otherwise. None for the rest: moving off another library means rewriting its calls.
    """

    code = "CS506"
    name = "non-unittest-mock-library"
    priority = Priority.CRITICAL
    guideline = Guideline.MOCKING_STRATEGY
    message = "{what} is not `unittest.mock`: mock with `unittest.mock` only"
    fix_safety = FixSafety.SAFE
    # The fix's safety depends on how the whole module uses `mock`.
    scope = Scope.MODULE
    VALID = [
        Valid(
            "from unittest import mock\n\n@mock.patch('a.b')\ndef test_WHEN_x_THEN_y(mock_b):\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid("import unittest.mock as mock\nfrom unittest.mock import patch\n", path=EXAMPLE_PATH),
        Valid("try:\n    from unittest import mock\nexcept ImportError:\n    import mock\n", path=EXAMPLE_PATH),
        Valid("def helper(mocker):\n    return mocker\n", path=EXAMPLE_PATH),
        Valid("from . import mock\nfrom .mock import thing\n", path=EXAMPLE_PATH),
        Valid("import mock\n", path="src/example.py"),
    ]
    INVALID = [
        Invalid("import mock\n", fixed="from unittest import mock\n", path=EXAMPLE_PATH),
        Invalid(
            "import mock\n\n@mock.patch('a.b')\ndef test_WHEN_x_THEN_y(mock_b):\n    assert mock.ANY == run()\n",
            fixed="from unittest import mock\n\n@mock.patch('a.b')\ndef test_WHEN_x_THEN_y(mock_b):\n"
            "    assert mock.ANY == run()\n",
            path=EXAMPLE_PATH,
        ),
        Invalid("import mock as m\n", path=EXAMPLE_PATH),
        Invalid("from mock import patch, Mock\n", path=EXAMPLE_PATH),
        Invalid("import mock.mock\n", path=EXAMPLE_PATH),
        Invalid("from flexmock import flexmock\nimport mockito\nfrom doublex import Spy\n", path=EXAMPLE_PATH, count=3),
        Invalid("def test_WHEN_x_THEN_y(mocker):\n    mocker.patch('a.b')\n    assert 1 == run()\n", path=EXAMPLE_PATH),
        Invalid(
            "import pytest\n\n@pytest.fixture\ndef client(session_mocker):\n    return session_mocker.Mock()\n",
            path="tests/conftest.py",
        ),
        Invalid(
            "class TestX:\n    def test_WHEN_x_THEN_y(self, mocker):\n        assert 1 == run(mocker)\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Import(self, node: cst.Import) -> None:
        """Report `import mock` (fixable), `import flexmock`, `import mockito`, `import doublex`."""
        for alias in node.names:
            name = attribute_chain(alias.name)
            if name.split(".", 1)[0] not in OTHER_MOCK_LIBRARIES or self._is_import_fallback():
                continue
            fixes: List[Fix] = []
            if name == MOCK_MODULE and alias.asname is None and len(node.names) == 1:
                safety = FixSafety.SAFE if _uses_shared_api_only(self.context.module) else FixSafety.UNSAFE
                fixes.append(
                    self.fix("Use `from unittest import mock`", safety, self.replace(node, "from unittest import mock"))
                )
            self.report(alias, fixes=fixes, what=f"`import {name}`")

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        """Report `from mock import ...` and imports from the other mock libraries."""
        if node.relative or node.module is None:
            return
        name = attribute_chain(node.module)
        if name.split(".", 1)[0] in OTHER_MOCK_LIBRARIES and not self._is_import_fallback():
            self.report(node.module, what=f"`from {name} import ...`")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        """Report pytest-mock fixtures among the parameters of a test function or a fixture."""
        params = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        mockers = [param for param in params if param.name.value in MOCKER_FIXTURES]
        if not mockers or not (is_fixture(node) or self.is_test_function(node)):
            return
        for param in mockers:
            self.report(param.name, what=f"The pytest-mock `{param.name.value}` fixture")

    def _is_import_fallback(self) -> bool:
        for ancestor in reversed(self.context.ancestors):
            if isinstance(ancestor, cst.ExceptHandler) and ancestor.type is not None:
                return bool({last_attribute(name) for name in _exception_names(ancestor.type)} & IMPORT_FALLBACK_ERRORS)
        return False
