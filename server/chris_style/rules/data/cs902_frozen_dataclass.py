"""CS902 frozen-dataclass: a dataclass is declared `@dataclass(frozen=True)` without a deviation."""

import logging

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.facts.classes import DATACLASS_DECORATORS
from chris_style.linting.rule import Fix, FixSafety, Invalid, Rule, Scope
from chris_style.linting.source import Position

logger = logging.getLogger(__name__)

DEVIATION_CODE = "CS902"


class FrozenDataclass(Rule):
    """A dataclass is declared `@dataclass(frozen=True)`.

    The guide keeps dataclasses mutable by default and avoids `frozen=True` except for critical code sections
    (Immutability). Where immutability is deliberate, say so with the guide's deviation protocol: a
    `# DEVIATION(CS902): <what>` comment with a `# Reason: <why>` line right above the decorators silences this
    rule for that class.

    Fix (suggestion): insert the `# DEVIATION(CS902): ` and `# Reason: ` lines above the decorators, for you to
    complete.
    """

    code = "CS902"
    name = "frozen-dataclass"
    priority = Priority.PREFERRED
    guideline = Guideline.IMMUTABILITY
    message = "Dataclass `{class_name}` is frozen: the guide keeps dataclasses mutable unless a deviation says why"
    fix_safety = FixSafety.SUGGESTION
    scope = Scope.STATEMENT
    VALID = [
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Plan:\n    size: int\n",
        "from dataclasses import dataclass\n\n\n@dataclass(frozen=False, order=True)\nclass Plan:\n    size: int\n",
        "from dataclasses import dataclass\n\n\n# DEVIATION(CS902): Using frozen dataclass for immutability guarantee\n"
        "# Reason: This config is shared across threads and must be immutable\n"
        "@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
        "import attr\n\n\n@attr.s(frozen=True)\nclass Plan:\n    size: int\n",
        "from dataclasses import dataclass\n\nFROZEN = True\n\n\n@dataclass(frozen=FROZEN)\nclass Plan:\n    size: int\n",
    ]
    INVALID = [
        Invalid(
            "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
            fixed="from dataclasses import dataclass\n\n\n# DEVIATION(CS902): \n# Reason: \n"
            "@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
        ),
        Invalid(
            "import dataclasses\n\n\nclass Outer:\n    # Cached per process.\n    @functools.total_ordering\n"
            "    @dataclasses.dataclass(eq=True, frozen=True)\n    class Key:\n        name: str\n",
            fixed="import dataclasses\n\n\nclass Outer:\n    # Cached per process.\n    # DEVIATION(CS902): \n"
            "    # Reason: \n    @functools.total_ordering\n    @dataclasses.dataclass(eq=True, frozen=True)\n"
            "    class Key:\n        name: str\n",
        ),
        Invalid(
            "from dataclasses import dataclass\r\n\r\n\r\n@dataclass(frozen=True)\r\nclass Config:\r\n    retries: int\r\n",
            fixed="from dataclasses import dataclass\r\n\r\n\r\n# DEVIATION(CS902): \r\n# Reason: \r\n"
            "@dataclass(frozen=True)\r\nclass Config:\r\n    retries: int\r\n",
        ),
        Invalid(
            "from pydantic.dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
            fixed="from pydantic.dataclasses import dataclass\n\n\n# DEVIATION(CS902): \n# Reason: \n"
            "@dataclass(frozen=True)\nclass Config:\n    retries: int\n",
        ),
    ]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.decorators:
            return
        for decorator in node.decorators:
            call = decorator.decorator
            if not isinstance(call, cst.Call):
                continue
            frozen = next(
                (
                    argument
                    for argument in call.args
                    if argument.keyword is not None
                    and argument.keyword.value == "frozen"
                    and isinstance(argument.value, cst.Name)
                    and argument.value.value == "True"
                ),
                None,
            )
            if frozen is None:
                continue
            if self.context.facts.classes.decorator_name(decorator) in DATACLASS_DECORATORS:
                self.report(frozen, fixes=[self._deviation_fix(node)], class_name=node.name.value)
                return

    def _deviation_fix(self, node: cst.ClassDef) -> Fix:
        line = self.context.range_of(node.decorators[0]).start.line
        text = self.source.line_text(line)
        indent = text[: len(text) - len(text.lstrip())]
        newline = self.source.newline
        content = f"{indent}# DEVIATION({DEVIATION_CODE}): {newline}{indent}# Reason: {newline}"
        return self.fix(
            f"Document the frozen dataclass as a deviation ({DEVIATION_CODE})",
            FixSafety.SUGGESTION,
            self.insert_at(Position(line, 0), content),
        )
