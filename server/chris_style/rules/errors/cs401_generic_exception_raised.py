"""CS401 generic-exception-raised: `raise Exception(...)` where a specific exception class belongs."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.exceptions import generic_raise_class
from chris_style.linting.facts.names import UNBOUND
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule, Scope
from chris_style.rules.errors._shared import GENERIC_EXCEPTIONS

logger = logging.getLogger(__name__)


class GenericExceptionRaised(Rule):
    """`raise Exception(...)` or `raise BaseException(...)`, with or without arguments.

    The guide's custom exception hierarchy: "Custom exceptions inherit from base Exception with descriptive
    names"; they make exception handling easier (a caller can catch exactly this failure) and stack traces and
    logs clearer. Not reported when the module binds `Exception` to something of its own.

    Fix (unsafe): define a module-level exception class named after the enclosing function
    (`get_bucket_status` -> `GetBucketStatusFailed`; a dunder method adds its class, `__init__` of `Client` ->
    `ClientInitFailed`; a test drops its `test_` prefix so that pytest does not collect the class), deriving
    from the class that was raised so every `except` still catches it, and raise it instead. The class is
    written as the guide's `TooMuchTraffic`: when the function has this one generic raise and it passes a
    string or an f-string whose placeholders read the function's names, the message moves into `__init__`,
    each such name becomes a parameter (typed as in the function's signature, else `object`) and the raise
    passes the values (`raise GetBucketStatusFailed(name)`); otherwise the class body is `pass` and the raises
    keep their arguments. It goes where the module keeps its exceptions: after its last exception class, else
    above its first top-level definition (and its decorators and comments). When the module already defines
    that name as an exception class without an `__init__` of its own, the raise reuses it. No fix when the
    name is taken by something else, or when the raise runs at module or class level (there is no function to
    name the class after). Unsafe because it adds a public name you should review. The editor's "Extract
    exception class" refactoring writes the same class (see the fixes page).
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
            fixed="import boto3\n\n\nclass GetBucketStatusFailed(Exception):\n"
            "    def __init__(self, name: str) -> None:\n        super().__init__(f'Bucket {name} not found')\n\n\n"
            "def get_bucket_status(name: str) -> str:\n    raise GetBucketStatusFailed(name)\n",
        ),
        Invalid(
            "import os\n\n# Loads the settings.\n@cache\ndef load_settings() -> dict:\n    raise BaseException\n",
            fixed="import os\n\nclass LoadSettingsFailed(BaseException):\n    pass\n\n\n"
            "# Loads the settings.\n@cache\ndef load_settings() -> dict:\n    raise LoadSettingsFailed\n",
        ),
        Invalid(
            "class Client:\n    def __init__(self, region: str) -> None:\n"
            "        if not region:\n            raise Exception('no region') from None\n",
            fixed="class ClientInitFailed(Exception):\n    def __init__(self) -> None:\n"
            "        super().__init__('no region')\n\n\n"
            "class Client:\n    def __init__(self, region: str) -> None:\n"
            "        if not region:\n            raise ClientInitFailed() from None\n",
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
        self.report(raised, fixes=self._fixes(node), name=target.value)

    def _fixes(self, node: cst.Raise) -> List[Fix]:
        found = generic_raise_class(self.context, node, self.context.ancestors)
        return [self.fix(found.title, FixSafety.UNSAFE, *found.edits)] if found is not None else []
