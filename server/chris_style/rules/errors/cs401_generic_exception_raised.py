"""CS401 generic-exception-raised: `raise Exception(...)` where a specific exception class belongs."""

import logging
from typing import List, Optional, Sequence

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.facts.names import UNBOUND
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule, Scope
from chris_style.linting.source import Position
from chris_style.linting.syntax import BUILTIN_EXCEPTIONS
from chris_style.rules.errors._shared import GENERIC_EXCEPTIONS

logger = logging.getLogger(__name__)

SUFFIX_FAILED = "Failed"
TEST_PREFIX = "test_"


def _method_class(ancestors: Sequence[cst.CSTNode], function: cst.FunctionDef) -> Optional[cst.ClassDef]:
    """The class whose body defines `function` directly, if it is a method."""
    index = max(i for i, ancestor in enumerate(ancestors) if ancestor is function)
    for ancestor in reversed(ancestors[:index]):
        if isinstance(ancestor, cst.ClassDef):
            return ancestor
        if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
            return None
    return None


def _pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def exception_class_name(function: cst.FunctionDef, method_of: Optional[cst.ClassDef]) -> Optional[str]:
    """`get_bucket_status` -> `GetBucketStatusFailed`; a dunder method adds its class (`ClientInitFailed`); a
    test drops its `test_` prefix (`test_upload` -> `UploadFailed`)."""
    name = function.name.value
    # pytest would try to collect a `Test…` class: a test's exception is named after what it exercises.
    stem = _pascal_case(name[len(TEST_PREFIX) :] if name.startswith(TEST_PREFIX) else name)
    if name.startswith("__") and name.endswith("__") and method_of is not None:
        stem = _pascal_case(method_of.name.value) + stem
    return f"{stem}{SUFFIX_FAILED}" if stem else None


def _trailing_comment_count(lines: Sequence[cst.EmptyLine], is_file_header: bool) -> int:
    """How many comment lines sit directly above a statement (no blank line between). A comment block that
    starts the file is its header and stays on top."""
    count = 0
    for line in reversed(lines):
        if line.comment is None:
            return count
        count += 1
    return 0 if is_file_header else count


class GenericExceptionRaised(Rule):
    """`raise Exception(...)` or `raise BaseException(...)`, with or without arguments.

    The guide's custom exception hierarchy: "Custom exceptions inherit from base Exception with descriptive
    names"; they make exception handling easier (a caller can catch exactly this failure) and stack traces and
    logs clearer. Not reported when the module binds `Exception` to something of its own.

    Fix (unsafe): define a module-level exception class named after the enclosing function
    (`get_bucket_status` -> `GetBucketStatusFailed`; a dunder method adds its class, `__init__` of `Client` ->
    `ClientInitFailed`; a test drops its `test_` prefix so that pytest does not collect the class), deriving
    from the class that was raised so every `except` still catches it, right above the top-level statement
    holding the function (above its decorators and comments), and raise it instead. When the module already
    defines that name as an exception class, the raise reuses it. No fix when the name is taken by something
    else, or when the raise runs at module or class level (there is no function to name the class after).
    Unsafe because it adds a public name you should review.
    """

    code = "CS401"
    name = "generic-exception-raised"
    priority = Priority.PREFERRED
    guideline = Guideline.CUSTOM_EXCEPTION_HIERARCHY
    message = "Generic `{name}` raised; raise a specific exception class that names the problem"
    fix_safety = FixSafety.UNSAFE
    scope = Scope.STATEMENT
    VALID = [
        "class TooMuchTraffic(Exception):\n    pass\n\n\ndef plan(traffic: int) -> None:\n"
        "    if traffic > 10:\n        raise TooMuchTraffic(traffic)\n",
        "def parse(text: str) -> int:\n    try:\n        return int(text)\n    except ValueError:\n        raise\n",
        "def check(value: int) -> None:\n    raise ValueError(value)\n",
        # The module binds `Exception` itself (a compatibility shim): not the builtin.
        "from compat import Exception\n\n\ndef run() -> None:\n    raise Exception('boom')\n",
        # Catching and re-raising a generic exception is not raising one.
        "def run() -> None:\n    try:\n        work()\n    except Exception as error:\n        raise error\n",
    ]
    INVALID = [
        Invalid(
            "import boto3\n\n\ndef get_bucket_status(name: str) -> str:\n"
            "    raise Exception(f'Bucket {name} not found')\n",
            fixed="import boto3\n\n\nclass GetBucketStatusFailed(Exception):\n    pass\n\n\n"
            "def get_bucket_status(name: str) -> str:\n    raise GetBucketStatusFailed(f'Bucket {name} not found')\n",
        ),
        Invalid(
            "import os\n\n# Loads the settings.\n@cache\ndef load_settings() -> dict:\n    raise BaseException\n",
            fixed="import os\n\nclass LoadSettingsFailed(BaseException):\n    pass\n\n\n"
            "# Loads the settings.\n@cache\ndef load_settings() -> dict:\n    raise LoadSettingsFailed\n",
        ),
        Invalid(
            "class Client:\n    def __init__(self, region: str) -> None:\n"
            "        if not region:\n            raise Exception('no region') from None\n",
            fixed="class ClientInitFailed(Exception):\n    pass\n\n\n"
            "class Client:\n    def __init__(self, region: str) -> None:\n"
            "        if not region:\n            raise ClientInitFailed('no region') from None\n",
        ),
        Invalid(
            "class FetchFailed(Exception):\n    pass\n\n\ndef fetch() -> None:\n    raise Exception()\n",
            fixed="class FetchFailed(Exception):\n    pass\n\n\ndef fetch() -> None:\n    raise FetchFailed()\n",
        ),
        # At module level there is no function to name the class after: reported without a fix.
        Invalid("import sys\n\nif sys.version_info < (3, 8):\n    raise Exception('Python 3.8+ required')\n"),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names

    def visit_Raise(self, node: cst.Raise) -> None:
        raised = node.exc
        if raised is None:
            return
        target = raised.func if isinstance(raised, cst.Call) else raised
        if not isinstance(target, cst.Name) or target.value not in GENERIC_EXCEPTIONS:
            return
        if self._resolver.lookup(target.value) is not UNBOUND:
            return
        self.report(raised, fixes=self._fixes(target), name=target.value)

    def _fixes(self, raised: cst.Name) -> List[Fix]:
        ancestors = self.context.ancestors
        function = self.context.enclosing_function()
        if function is None or len(ancestors) < 2:
            return []
        class_name = exception_class_name(function, _method_class(ancestors, function))
        if class_name is None or self._resolver.bound_locally(class_name):
            return []
        rewrite = self.replace(raised, class_name)
        title = f"Raise a new `{class_name}` exception"
        bound = self._resolver.module_bindings()
        if class_name in bound:
            if not self._is_module_exception_class(class_name):
                return []
            return [self.fix(f"Raise the existing `{class_name}`", FixSafety.UNSAFE, rewrite)]
        newline = self.source.newline
        indent = self.context.module.default_indent
        definition = f"class {class_name}({raised.value}):{newline}{indent}pass{newline}{newline}{newline}"
        insertion = self.insert_at(self._insertion_point(ancestors[1]), definition)
        return [self.fix(title, FixSafety.UNSAFE, insertion, rewrite)]

    def _is_module_exception_class(self, name: str) -> bool:
        for statement in self.context.module.body:
            if isinstance(statement, cst.ClassDef) and statement.name.value == name:
                return any(
                    isinstance(base.value, cst.Name) and base.value.value in BUILTIN_EXCEPTIONS
                    for base in statement.bases
                )
        return False

    def _insertion_point(self, statement: cst.CSTNode) -> Position:
        """The start of the line above which a new top-level class goes: before the statement's decorators
        and the comment block directly above it."""
        first: cst.CSTNode = statement
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.decorators:
            first = statement.decorators[0]
        line = self.context.range_of(first).start.line
        module = self.context.module
        is_first = bool(module.body) and statement is module.body[0]
        # The first statement's comments are the module's header; the others keep theirs as leading lines.
        leading = module.header if is_first else getattr(statement, "leading_lines", ())
        return Position(line - _trailing_comment_count(leading, is_file_header=is_first), 0)
