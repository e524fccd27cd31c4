"""CS402 vague-exception-name: an exception class named `Error`, `CustomException` or the like."""

import logging
from typing import Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule, Valid
from chris_style.linting.syntax import BUILTIN_EXCEPTIONS, is_name

logger = logging.getLogger(__name__)


class VagueExceptionName(Rule):
    """An exception class with a vague name such as `Error`, `CustomException` or `Failure`.

    The guide (CRITICAL): "Descriptive, specific exception names that indicate the problem", like
    `TooMuchTraffic`, `InvalidCidr` or `FileNotGenerated`. A class is an exception class when it derives from
    a builtin exception, or from a class of the same module that does (transitively). Classes deriving only
    from imported classes are not judged: their nature cannot be known from the file. The list of vague names
    is the `vague-exception-names` setting; names are matched exactly.
    """

    code = "CS402"
    name = "vague-exception-name"
    priority = Priority.CRITICAL
    guideline = Guideline.EXCEPTION_NAMING
    message = "Exception class `{name}` has a vague name; name the problem it signals (e.g. `TooMuchTraffic`)"
    VALID = [
        "class TooMuchTraffic(Exception):\n    pass\n",
        "class InvalidCidr(ValueError):\n    pass\n",
        # Not an exception class: a plain class or an enum may be called `Failure`.
        "class Failure:\n    reason: str\n",
        "class Failure(Enum):\n    TIMEOUT = 'timeout'\n",
        # The base is imported: whether it is an exception cannot be told from this file.
        "from pydantic import BaseModel\n\n\nclass Error(BaseModel):\n    message: str\n",
        # The names are matched exactly.
        "class ConfigError(Exception):\n    pass\n",
        Valid("class Failure(Exception):\n    pass\n", settings={"vague-exception-names": ["Error"]}),
    ]
    INVALID = [
        Invalid("class Error(Exception):\n    pass\n"),
        Invalid("class CustomException(RuntimeError):\n    pass\n"),
        Invalid(
            "class StorageProblem(Exception):\n    pass\n\n\nclass Mid(StorageProblem):\n    pass\n\n\n"
            "class MyError(Mid):\n    pass\n"
        ),
        Invalid("class Failure(Mixin, builtins.OSError):\n    pass\n"),
        Invalid("class Oops(Exception):\n    pass\n", settings={"vague-exception-names": ["Oops"]}),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._exception_classes: Set[str] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not any(self._is_exception(base.value) for base in node.bases):
            return
        name = node.name.value
        self._exception_classes.add(name)
        if name in self.settings.vague_exception_names:
            self.report(node.name, name=name)

    def _is_exception(self, base: cst.BaseExpression) -> bool:
        if isinstance(base, cst.Name):
            return base.value in self._exception_classes or base.value in BUILTIN_EXCEPTIONS
        return (
            isinstance(base, cst.Attribute)
            and is_name(base.value, "builtins")
            and base.attr.value in BUILTIN_EXCEPTIONS
        )
