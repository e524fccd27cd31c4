"""CS504 mock-assert-method: mocks are checked by asserting on `call_args_list`, not with `assert_*` methods."""

import logging
import re
from dataclasses import dataclass
from typing import List, Optional, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import edits, tree
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Valid
from chris_style.linting.source import TextRange
from chris_style.linting.syntax import attribute_chain, is_name, last_attribute
from chris_style.rules.testing._shared import (
    EXAMPLE_PATH,
    MOCK_MODULE,
    _alias_name,
    _call_args,
    _fits_anywhere,
    _has_comment_outside,
    _statement_call,
    _TestFileRule,
    _top_level_imports,
)

logger = logging.getLogger(__name__)

UNITTEST_MODULE = "unittest"
UNITTEST_MOCK_MODULE = "unittest.mock"

# The mock assertion methods. A spec'd mock (`autospec=True`, `create_autospec`, `spec=`) matches
# assert_* arguments against the signature, which `call_args_list` comparisons do not: where a file
# mentions a spec, the rewrite is no longer exactly equivalent.
MOCK_ASSERT_METHODS = frozenset(
    {
        "assert_called_once_with",
        "assert_called_with",
        "assert_has_calls",
        "assert_any_call",
        "assert_called_once",
        "assert_called",
        "assert_not_called",
    }
)
SPEC_MENTION = re.compile(r"\b(?:autospec|create_autospec|spec|spec_set)\b")
# Calls that make a plain (unspecced) mock, by their last one or two names: `Mock()`, `mock.MagicMock()`,
# `patch("x")` and `patch.object(...)` (also as `mocker.patch`, pytest-mock's). A mock from anywhere else (a
# fixture, `setUp`, another module) may have been made with a spec this file cannot see.
PLAIN_MOCK_FACTORIES = frozenset(
    {"Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock", "patch", "patch.object"}
)


@dataclass
class _MockCallName:
    """How the module spells `mock.call`, and the import to add when it cannot yet."""

    expression: str
    import_edit: Optional[Edit] = None

    @property
    def root(self) -> str:
        return self.expression.split(".", 1)[0]


class MockAssertMethod(_TestFileRule):
    """A mock is checked with an `assert_*` method instead of an assertion on `call_args_list`.

    The guide verifies mocks with `assert expected_calls == mock.call_args_list`: the failure shows every
    call, and a misspelled `assert_*` method can never silently pass. Reported: `assert_called_once_with`,
    `assert_called_with`, `assert_has_calls`, `assert_any_call`, `assert_called_once`, `assert_called`,
    `assert_not_called` on any object.

    Fix (safe, only where exactly equivalent): `m.assert_called_once_with(a, b=c)` →
    `assert [mock.call(a, b=c)] == m.call_args_list` (one call, with those arguments);
    `m.assert_not_called()` → `assert [] == m.call_args_list`; `m.assert_called_once()` →
    `assert 1 == m.call_count`. Uses the module's existing name for `mock`/`call`, adding
    `from unittest import mock` if needed. The fix is unsafe when the mock is not a plain name/attribute
    chain, and, for expected arguments, unless the test makes the mock itself without a spec (`m = Mock()`,
    `m = mocker.patch(...)`, `with patch(...) as m`, a `@patch(...)` parameter) and the file mentions no
    `spec`/`autospec`: a spec'd mock matches arguments by signature, `call_args_list` does not, and a mock
    from a fixture may have been made with one in another file. A suggestion for the others:
    `assert_called_with` → `assert mock.call(...) == m.call_args`, `assert_any_call` →
    `assert mock.call(...) in m.call_args_list`, `assert_has_calls(calls)` → `assert calls == m.call_args_list`
    (stricter: every call, in order), `assert_called` → `assert m.called`.
    """

    code = "CS504"
    name = "mock-assert-method"
    priority = Priority.CRITICAL
    guideline = Guideline.MOCK_VERIFICATION
    message = "`{method}` checks a mock indirectly: assert on `{attribute}` instead"
    fix_safety = FixSafety.SAFE
    VALID = [
        Valid(
            "from unittest import mock\n\ndef test_WHEN_x_THEN_y():\n    assert [mock.call(1)] == m.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Valid("def test_WHEN_x_THEN_y():\n    assert 1 == m.call_count\n", path=EXAMPLE_PATH),
        Valid("def test_WHEN_x_THEN_y():\n    m.assert_awaited_once()\n    m.reset_mock()\n", path=EXAMPLE_PATH),
        Valid("def run():\n    m.assert_called_once_with(1)\n", path="src/example.py"),
    ]
    INVALID = [
        Invalid(
            "from unittest import mock\n\ndef test_WHEN_x_THEN_y(mock_client):\n"
            "    mock_client.deploy.assert_called_once_with(['a'], context={'k': 1})\n",
            fixed="from unittest import mock\n\ndef test_WHEN_x_THEN_y(mock_client):\n"
            "    assert [mock.call(['a'], context={'k': 1})] == mock_client.deploy.call_args_list\n",
            path=EXAMPLE_PATH,
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "import os\n\ndef test_WHEN_x_THEN_y(mock_client):\n    mock_client.assert_called_once_with(1)\n",
            fixed="import os\nfrom unittest import mock\n\ndef test_WHEN_x_THEN_y(mock_client):\n"
            "    assert [mock.call(1)] == mock_client.call_args_list\n",
            path=EXAMPLE_PATH,
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y(mock_client):\n    mock_client.assert_not_called()\n",
            fixed="def test_WHEN_x_THEN_y(mock_client):\n    assert [] == mock_client.call_args_list\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y(mock_client):\n    mock_client.assert_called_once()\n",
            fixed="def test_WHEN_x_THEN_y(mock_client):\n    assert 1 == mock_client.call_count\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "from unittest.mock import call, patch\n\ndef test_WHEN_x_THEN_y(m):\n    m.assert_called_once_with(\n"
            "        1,  # first\n        2,\n    )\n",
            fixed="from unittest.mock import call, patch\n\ndef test_WHEN_x_THEN_y(m):\n    assert [call(\n"
            "        1,  # first\n        2,\n    )] == m.call_args_list\n",
            path=EXAMPLE_PATH,
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_called_with(1)\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_has_calls([call(1), call(2)])\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_any_call(1)\n", path=EXAMPLE_PATH),
        Invalid("def test_WHEN_x_THEN_y(m):\n    m.assert_called()\n", path=EXAMPLE_PATH),
    ]

    _spec_mentioned: Optional[bool] = None

    def visit_Call(self, node: cst.Call) -> None:
        """Report mock `assert_*` method calls, with the `call_args_list`/`call_count` rewrite where one exists."""
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in MOCK_ASSERT_METHODS:
            return
        method = func.attr.value
        attribute = "call_count" if method == "assert_called_once" else "call_args_list"
        fixes: List[Fix] = []
        if _statement_call(self.context.ancestors, node):
            fix = self._fix(node, func, method)
            if fix is not None:
                fixes.append(fix)
        self.report(func.attr, fixes=fixes, method=method, attribute=attribute)

    def _fix(self, node: cst.Call, func: cst.Attribute, method: str) -> Optional[Fix]:
        receiver = self.text(func.value)
        if not _fits_anywhere(receiver):
            receiver = f"({receiver})"
        equivalent = self._exactly_equivalent(func.value, with_arguments=bool(node.args))
        safety = FixSafety.SAFE if equivalent else FixSafety.UNSAFE
        if method == "assert_not_called" and not node.args:
            return self.fix(
                "Assert on `call_args_list`", safety, self._statement(node, f"assert [] == {receiver}.call_args_list")
            )
        if method == "assert_called_once" and not node.args:
            return self.fix(
                "Assert on `call_count`", safety, self._statement(node, f"assert 1 == {receiver}.call_count")
            )
        if method == "assert_called" and not node.args:
            return self.fix("Assert `called`", FixSafety.SUGGESTION, self._statement(node, f"assert {receiver}.called"))
        if method == "assert_has_calls":
            bound = _call_args(node, ("calls", "any_order"))
            if bound is None or "any_order" in bound:
                return None
            calls_arg = bound.get("calls")
            if calls_arg is None or _has_comment_outside(node, [calls_arg.value]):
                return None
            calls = self.text(calls_arg.value)
            text = f"assert {calls if _fits_anywhere(calls) else f'({calls})'} == {receiver}.call_args_list"
            return self.fix("Assert on `call_args_list`", FixSafety.SUGGESTION, self._statement(node, text))
        call_name = self._call_name(func.value)
        if call_name is None:
            return None
        expected_call = f"{call_name.expression}({self._arguments_text(node)})"
        extra = [call_name.import_edit] if call_name.import_edit is not None else []
        if method == "assert_called_once_with":
            text = f"assert [{expected_call}] == {receiver}.call_args_list"
            return self.fix("Assert on `call_args_list`", safety, self._statement(node, text), *extra)
        if method == "assert_called_with":
            text = f"assert {expected_call} == {receiver}.call_args"
            return self.fix("Assert on `call_args`", FixSafety.SUGGESTION, self._statement(node, text), *extra)
        if method == "assert_any_call":
            text = f"assert {expected_call} in {receiver}.call_args_list"
            return self.fix("Assert on `call_args_list`", FixSafety.SUGGESTION, self._statement(node, text), *extra)
        return None

    def _statement(self, node: cst.Call, text: str) -> Edit:
        return Edit(self.outer_range(node), text)

    def _arguments_text(self, node: cst.Call) -> str:
        """Everything between the call's parentheses, comments and line breaks included."""
        inner = self.source.slice(TextRange(self.outer_range(node.func).end, self.context.range_of(node).end))
        return inner[inner.index("(") + 1 : inner.rindex(")")]

    def _exactly_equivalent(self, receiver: cst.BaseExpression, with_arguments: bool) -> bool:
        """True when the rewrite checks exactly what the `assert_*` call checks. Call counts are the same for
        every mock; expected arguments compare the same only on a mock without a spec, so the mock must be
        made in this test by a plain factory and the file must not mention a spec anywhere."""
        if not _is_plain_reference(receiver):
            return False
        if not with_arguments:
            return True
        if self._spec_mentioned is None:
            self._spec_mentioned = SPEC_MENTION.search(self.source.text) is not None
        function = self.context.enclosing_function()
        root = attribute_chain(receiver).split(".", 1)[0] if not isinstance(receiver, cst.Subscript) else ""
        return not self._spec_mentioned and function is not None and root in _plain_mocks_made_in(function)

    def _call_name(self, receiver: cst.BaseExpression) -> Optional[_MockCallName]:
        """The module's spelling of `mock.call`; None when the needed name is shadowed where it is used."""
        found = _mock_call_spelling(self.context.module)
        if found is None:
            found = _MockCallName(
                f"{MOCK_MODULE}.call", edits.add_from_import(self.context, UNITTEST_MODULE, MOCK_MODULE)
            )
            if _binds_at_module_level(self.context.module, MOCK_MODULE):
                return None
        if attribute_chain(receiver).split(".", 1)[0] == found.root:
            return None
        function = self.context.enclosing_function()
        if function is not None and found.root in _names_bound_in(function):
            return None
        return found


def _is_plain_reference(node: cst.BaseExpression) -> bool:
    """A name, attribute chain or simple subscript: reading it twice or later has no side effects."""
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return _is_plain_reference(node.value)
    if isinstance(node, cst.Subscript):
        return _is_plain_reference(node.value) and all(
            isinstance(element.slice, cst.Index)
            and isinstance(element.slice.value, (cst.Name, cst.Integer, cst.SimpleString))
            for element in node.slice
        )
    return False


def _mock_call_spelling(module: cst.Module) -> Optional[_MockCallName]:
    """`mock.call` through the module's own import of unittest.mock (or the mock backport), else `call`."""
    bare_call: Optional[str] = None
    unittest_mock = False
    for statement in _top_level_imports(module):
        if isinstance(statement, cst.ImportFrom):
            if statement.relative or statement.module is None or isinstance(statement.names, cst.ImportStar):
                continue
            source = attribute_chain(statement.module)
            for alias in statement.names:
                if source == UNITTEST_MODULE and attribute_chain(alias.name) == MOCK_MODULE:
                    return _MockCallName(f"{_alias_name(alias)}.call")
                if source in (UNITTEST_MOCK_MODULE, MOCK_MODULE) and attribute_chain(alias.name) == "call":
                    bare_call = _alias_name(alias)
        else:
            for alias in statement.names:
                name = attribute_chain(alias.name)
                binds_module = alias.asname is not None or name == MOCK_MODULE
                if binds_module and name in (UNITTEST_MOCK_MODULE, MOCK_MODULE):
                    return _MockCallName(f"{_alias_name(alias)}.call")
                if name == UNITTEST_MOCK_MODULE:
                    unittest_mock = True
    if bare_call is not None:
        return _MockCallName(bare_call)
    if unittest_mock:
        return _MockCallName(f"{UNITTEST_MOCK_MODULE}.call")
    return None


def _binds_at_module_level(module: cst.Module, name: str) -> bool:
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value == name:
            return True
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(is_name(t.target, name) for t in small.targets):
                    return True
    return False


def _names_bound_in(function: cst.FunctionDef) -> Set[str]:
    """Names a function binds: parameters, assignment/for/with/except targets, walrus, nested defs, imports."""
    bound: Set[str] = set()
    stack: List[cst.CSTNode] = [function.params, function.body]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Param):
            bound.add(current.name.value)
        elif isinstance(current, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.NamedExpr, cst.AsName)):
            target = getattr(current, "target", None) or getattr(current, "name", None)
            if target is not None:
                bound.update(node.value for node in tree.walk(target) if isinstance(node, cst.Name))
        elif isinstance(current, (cst.FunctionDef, cst.ClassDef)):
            bound.add(current.name.value)
            continue
        elif isinstance(current, cst.ImportAlias) and current.asname is None:
            bound.add(attribute_chain(current.name).split(".", 1)[0])
        stack.extend(tree.children(current))
    return bound


def _is_plain_mock_factory(call: cst.BaseExpression) -> bool:
    if not isinstance(call, cst.Call):
        return False
    dotted = attribute_chain(call.func)
    return ".".join(dotted.rsplit(".", 2)[-2:]) in PLAIN_MOCK_FACTORIES or last_attribute(call.func) in (
        PLAIN_MOCK_FACTORIES
    )


def _plain_mocks_made_in(function: cst.FunctionDef) -> Set[str]:
    """Names the test binds to a mock it makes itself: `m = Mock()`, `with patch("x") as m:`, and the
    parameters a `@patch(...)` decorator passes in (the first ones after `self`, one per decorator)."""
    made: Set[str] = set()
    for node in tree.walk(function.body):
        if isinstance(node, cst.Assign) and _is_plain_mock_factory(node.value):
            made.update(target.target.value for target in node.targets if isinstance(target.target, cst.Name))
        elif isinstance(node, cst.WithItem) and _is_plain_mock_factory(node.item) and node.asname is not None:
            if isinstance(node.asname.name, cst.Name):
                made.add(node.asname.name.value)
    # A `@patch(..., new=value)` passes nothing in.
    passing_mocks = [
        decorator.decorator
        for decorator in function.decorators
        if isinstance(decorator.decorator, cst.Call)
        and _is_plain_mock_factory(decorator.decorator)
        and not any(
            argument.keyword is not None and argument.keyword.value == "new" for argument in decorator.decorator.args
        )
    ]
    parameters = [param.name.value for param in function.params.params if param.name.value not in ("self", "cls")]
    made.update(parameters[: len(passing_mocks)])
    return made
