"""CS505 exception-test-without-pytest-raises: exceptions are tested with `pytest.raises`."""

import logging
from typing import List, Optional, Sequence

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Scope, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import attribute_chain, contains, is_ellipsis_statement, is_name, last_attribute
from chris_style.rules.testing._shared import (
    ASSERT_RAISES,
    EXAMPLE_PATH,
    STANDALONE_PARENS,
    _exception_names,
    _fits_anywhere,
    _has_comment_outside,
    _needs_parens,
    _parses_as_statement,
    _statement_call,
    _TestFileRule,
    is_pure_literal,
)

logger = logging.getLogger(__name__)

# Statements saying "this should have raised", and the exceptions a test swallows to cope with its
# environment (optional dependencies, platform differences, cleanup of files) rather than to test a raise.
FAIL_CALLS = frozenset({"pytest.fail", "self.fail", "fail"})
# Python's own environment-related exceptions: a missing module, file or attribute, an encoding the
# platform lacks, an interrupted run.
ENVIRONMENT_EXCEPTIONS = frozenset(
    {"ImportError", "ModuleNotFoundError", "OSError", "IOError", "FileNotFoundError", "PermissionError",
     "FileExistsError", "NotADirectoryError", "IsADirectoryError", "AttributeError", "KeyboardInterrupt",
     "UnicodeError", "UnicodeEncodeError", "UnicodeDecodeError"}
)
BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException"})
# What looking up a name can raise, with its bases: an expected exception among these could catch a failed
# lookup that the rewrite moves inside the `with` block.
NAME_LOOKUP_ERRORS = frozenset({"NameError", "UnboundLocalError"}) | BROAD_EXCEPTIONS


def _is_fail_marker(statement: cst.BaseStatement) -> bool:
    """`assert False`, `pytest.fail(...)`, `self.fail(...)` or `raise AssertionError...` as a statement."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Assert):
        return _is_false_literal(small.test)
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        return attribute_chain(small.value.func) in FAIL_CALLS
    if isinstance(small, cst.Raise) and small.exc is not None:
        exc = small.exc.func if isinstance(small.exc, cst.Call) else small.exc
        return attribute_chain(exc) == "AssertionError"
    return False


def _is_false_literal(test: cst.BaseExpression) -> bool:
    """`False` or `0` (as written: `0x0` or `00` are not this), the tests of `assert False`."""
    return is_name(test, "False") or (isinstance(test, cst.Integer) and test.value == "0")


def _is_swallowing_body(block: cst.BaseSuite) -> bool:
    """An except body that is only `pass`, `...` or `assert True`."""
    if isinstance(block, cst.SimpleStatementSuite):
        smalls: List[cst.BaseSmallStatement] = list(block.body)
    else:
        smalls = []
        for statement in block.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                return False
            smalls.extend(statement.body)
    return bool(smalls) and all(
        isinstance(small, cst.Pass)
        or is_ellipsis_statement(small)
        or (isinstance(small, cst.Assert) and is_name(small.test, "True") and small.msg is None)
        for small in smalls
    )


class ExceptionTestWithoutPytestRaises(_TestFileRule):
    """An exception is tested without `pytest.raises`.

    The guide tests exceptions with the `pytest.raises` context manager. Reported:
    `self.assertRaises(E, fn, ...)` calls (the callable form), and `try:` blocks in a function whose
    `except E:` body is only `pass`/`...`/`assert True`, optionally with a trailing `assert False`,
    `pytest.fail(...)` or `self.fail(...)` in the `try` body or an `else:` holding one. Without such a failure
    marker, a `try` is only reported in a test function, and not when it swallows an exception of the
    environment (`ImportError`, `OSError` and its kin, `AttributeError`, the `Unicode*Error`s,
    `KeyboardInterrupt`): such a block copes with a missing module, file or encoding rather than testing a
    raise. In a test function, `except Exception: pass` counts too: whether the test means "this raises" or
    "ignore whatever happens", `pytest.raises` says it precisely.

    Fix (safe where nothing moves, else unsafe): `self.assertRaises(E, fn, *args, **kwargs)` as a statement of its
    own → `with pytest.raises(E):` and `fn(*args, **kwargs)` in its body (a lambda without parameters becomes its
    body), adding `import pytest` when missing. Safe only where nothing changes but the spelling: `fn` is a name (or
    such a lambda, without `:=`, whose names would otherwise leak into the test) and every argument a literal or a
    name, `E` cannot catch a failed name lookup (`NameError`, `Exception`, `BaseException`), the module already
    imports pytest (a unittest-only project may not have it) and the call is not inside a `try` (pytest's failure is
    not an `Exception`). Otherwise unsafe: `assertRaises` evaluates `fn` and the arguments before it starts
    watching, the `with` block evaluates them inside, so an attribute, a call or a subscript that raises `E` would
    turn an erroring test into a passing one. Suggestion for the `try` form, when it has one handler and no
    `finally`: `with pytest.raises(E):` around the `try` body, dropping the failure marker and the handler.
    """

    code = "CS505"
    name = "exception-test-without-pytest-raises"
    priority = Priority.CRITICAL
    guideline = Guideline.EXCEPTION_TESTING
    message = "Test the exception with `with pytest.raises(...)`"
    fix_safety = FixSafety.SAFE
    scope = Scope.STATEMENT
    VALID = [
        Valid(
            "import pytest\n\ndef test_WHEN_x_THEN_y():\n    with pytest.raises(ValueError):\n        parse('x')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y():\n    try:\n        import numpy\n    except ImportError:\n        pass\n"
            "    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y(path):\n    try:\n        path.unlink()\n    except OSError:\n        pass\n"
            "    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid("try:\n    import numpy\nexcept ValueError:\n    pass\n", path=EXAMPLE_PATH),
        Valid(
            "def test_WHEN_x_THEN_y(paths):\n    try:\n        paths.append(paths[0].encode('utf8'))\n"
            "    except UnicodeEncodeError:\n        pass  # this platform cannot\n    assert 1 == run(paths)\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except ValueError:\n        handled = True\n"
            "    assert handled\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def cleanup(server):\n    try:\n        server.stop()\n    except RuntimeError:\n        pass\n",
            path=EXAMPLE_PATH,
        ),
    ]
    INVALID = [
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except Exception:\n        pass\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "import pytest\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertRaises(ValueError, parse, 'x', strict=True)  # bad\n",
            fixed="import pytest\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        with pytest.raises(ValueError):\n"
            "            parse('x', strict=True)  # bad\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "from unittest import TestCase\n\nclass TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        self.assertRaises(KeyError, lambda: data['x'])\n",
            fixed=(
                    'from unittest import TestCase\n'
                    '\n'
                    'import pytest\n'
                    '\n'
                    'class TestX(TestCase):\n'
                    '    def test_WHEN_x_THEN_y(self):\n'
                    '        with pytest.raises(KeyError):\n'
                    "            data['x']\n"
                ),
            path=EXAMPLE_PATH,
        fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "class TestX(TestCase):\n    def test_WHEN_x_THEN_y(self):\n"
            "        result = self.assertRaises(KeyError, load)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n        assert False\n    except ValueError:\n"
            "        pass\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except ValueError:\n        assert True\n"
            "    else:\n        pytest.fail('no error')\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def test_WHEN_x_THEN_y():\n    try:\n        parse('x')\n    except ValueError:\n        pass\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "def check_parse_fails():\n    try:\n        parse('x')\n        self.fail('parsed')\n"
            "    except (ValueError, TypeError):\n        pass\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        """Report the callable form `self.assertRaises(E, fn, ...)`, with the `with pytest.raises` rewrite."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == ASSERT_RAISES):
            return
        if not is_name(func.value, "self"):
            return
        positional = [arg for arg in node.args if arg.keyword is None]
        if len(positional) < 2 or node.args[0].keyword is not None or node.args[1].keyword is not None:
            return
        fixes: List[Fix] = []
        ancestors = self.context.ancestors
        if _statement_call(ancestors, node, alone_on_line=True):
            fix = self._with_fix(node)
            if fix is not None:
                fixes.append(fix)
        self.report(func, fixes=fixes)

    def _with_fix(self, node: cst.Call) -> Optional[Fix]:
        exception, function, *rest = node.args
        if exception.star or function.star:
            return None
        if _has_comment_outside(node, [exception.value, function.value, *(arg.value for arg in rest)]):
            return None
        call = self._call_text(function.value, rest)
        raised = self.exception_text(exception.value)
        name, import_edit = self.pytest_name()
        start = self.outer_range(node).start
        indent = self.statement_indent(start.line)
        newline = self.source.newline
        body_indent = indent + self.context.module.default_indent
        text = f"with {name}.raises({raised}):{newline}{body_indent}{call}"
        if not _parses_as_statement(f"with {name}.raises({raised}):{newline}    {call}"):
            return None
        fix_edits = [Edit(self.outer_range(node), text)]
        if import_edit is not None:
            fix_edits.append(import_edit)
        safe = import_edit is None and not self.inside_try() and _evaluated_alike(exception.value, function.value, rest)
        return self.fix("Use `with pytest.raises(...)`", FixSafety.SAFE if safe else FixSafety.UNSAFE, *fix_edits)

    def _call_text(self, function: cst.BaseExpression, rest: Sequence[cst.Arg]) -> str:
        """The call `self.assertRaises(E, fn, *rest)` makes, as a statement: `fn(*rest)`, or the body of a
        lambda without parameters."""
        bare_lambda = isinstance(function, cst.Lambda) and not function.lpar and not _lambda_has_params(function)
        if bare_lambda and not rest:
            body = self.text(function.body)
            return body if _fits_anywhere(body) and not _needs_parens(function.body, STANDALONE_PARENS) else f"({body})"
        callee = self.text(function)
        callable_atom = isinstance(function, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or function.lpar
        if not callable_atom or not _fits_anywhere(callee):
            callee = f"({callee})"
        if not rest:
            return f"{callee}()"
        arguments = self.source.slice(
            TextRange(self.context.range_of(rest[0]).start, self.context.range_of(rest[-1]).end)
        )
        return f"{callee}({arguments})"

    def visit_Try(self, node: cst.Try) -> None:
        """Report a `try` whose handler swallows the exception a test expects (see the class documentation)."""
        if not self.context.in_function():
            return
        handler = next(
            (handler for handler in node.handlers if handler.type is not None and _is_swallowing_body(handler.body)),
            None,
        )
        if handler is None:
            return
        marker = self._failure_marker(node)
        if marker is None:
            caught = {last_attribute(element) for element in _exception_names(handler.type)}
            function = self.context.enclosing_function()
            in_test = function is not None and self.layout.is_test_function(function, self._ancestors_of(function))
            if not in_test or caught & ENVIRONMENT_EXCEPTIONS:
                return
        fixes: List[Fix] = []
        fix = self._try_fix(node, handler, marker)
        if fix is not None:
            fixes.append(fix)
        start = self.context.range_of(node).start
        self.report(TextRange(start, Position(start.line, start.column + len("try"))), fixes=fixes)

    def _ancestors_of(self, function: cst.FunctionDef) -> Sequence[cst.CSTNode]:
        ancestors = self.context.ancestors
        return ancestors[: ancestors.index(function)]

    def _failure_marker(self, node: cst.Try) -> Optional[cst.BaseStatement]:
        """The statement saying "this should have raised": last in the `try` body, or the `else` body."""
        if isinstance(node.body, cst.IndentedBlock) and node.body.body and _is_fail_marker(node.body.body[-1]):
            return node.body.body[-1]
        if node.orelse is not None and isinstance(node.orelse.body, cst.IndentedBlock):
            statements = node.orelse.body.body
            if statements and all(_is_fail_marker(statement) for statement in statements):
                return statements[-1]
        return None

    def _try_fix(self, node: cst.Try, handler: cst.ExceptHandler, marker: Optional[cst.BaseStatement]) -> Optional[Fix]:
        if len(node.handlers) != 1 or node.finalbody is not None or not isinstance(node.body, cst.IndentedBlock):
            return None
        orelse = node.orelse
        if orelse is not None and not (isinstance(orelse.body, cst.IndentedBlock) and marker in orelse.body.body):
            return None
        body = list(node.body.body)
        if marker is not None and marker in body:
            body.remove(marker)
        if not body or handler.type is None:
            return None
        raised = self.exception_text(handler.type)
        name, import_edit = self.pytest_name()
        try_start = self.context.range_of(node).start
        header_end = Position(
            try_start.line, try_start.column + len("try") + len(node.whitespace_before_colon.value) + 1
        )
        fix_edits = [Edit(TextRange(try_start, header_end), f"with {name}.raises({raised}):")]
        if marker is not None and marker in node.body.body:
            marker_range = self.context.range_of(marker)
            fix_edits.append(
                Edit(TextRange(Position(marker_range.start.line, 0), Position(marker_range.end.line + 1, 0)), "")
            )
        handler_line = self.context.range_of(handler).start.line
        try_end = self.context.range_of(node).end
        fix_edits.append(Edit(TextRange(Position(handler_line, 0), Position(try_end.line + 1, 0)), ""))
        if import_edit is not None:
            fix_edits.append(import_edit)
        return self.fix("Use `with pytest.raises(...)`", FixSafety.SUGGESTION, *fix_edits)


def _evaluated_alike(exception: cst.BaseExpression, function: cst.BaseExpression, rest: Sequence[cst.Arg]) -> bool:
    """True when evaluating `fn` and its arguments inside `pytest.raises(E)` instead of before `assertRaises`
    changes nothing: they are names or literals (a lambda without parameters and without `:=`), and `E`
    cannot catch the `NameError` of a missing name."""
    if {last_attribute(name) for name in _exception_names(exception)} & NAME_LOOKUP_ERRORS:
        return False
    if isinstance(function, cst.Lambda):
        if _lambda_has_params(function) or contains(function.body, cst.NamedExpr):
            return False
    elif not isinstance(function, cst.Name):
        return False
    return all(
        not arg.star and (isinstance(arg.value, cst.Name) or is_pure_literal(arg.value)) for arg in rest
    )


def _lambda_has_params(node: cst.Lambda) -> bool:
    params = node.params
    return (
        bool(params.params or params.posonly_params or params.kwonly_params)
        or not isinstance(params.star_arg, cst.MaybeSentinel)
        or params.star_kwarg is not None
    )
