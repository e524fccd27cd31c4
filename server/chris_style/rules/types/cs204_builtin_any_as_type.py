"""CS204 builtin-any-as-type: the builtin function `any` written as a type in an annotation."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.edits import typing_reference
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Scope
from chris_style.rules.types._shared import _is_attribute_name, annotation_scope, type_expression_nodes

logger = logging.getLogger(__name__)


class BuiltinAnyAsType(Rule):
    """The builtin function `any` is used as a type in an annotation (`Dict[str, any]`).

    `any` is a function, not a type: type checkers reject it and readers are misled. The guide's own
    examples make this slip (`input: Dict[str, any]`), so it is checked on its own. Parameter, return and
    variable annotations are checked, string forward references included; a module that rebinds `any`
    is left alone.

    Fix (safe): write `Any`, adding `from typing import Any` when needed (or `typing.Any` when `Any` means
    something else in the module and it does `import typing`).
    """

    code = "CS204"
    name = "builtin-any-as-type"
    priority = Priority.PREFERRED
    guideline = Guideline.TYPING_MODULE_CONSTRUCTS
    message = "`any` is the builtin function, not a type; use `typing.Any`"
    fix_safety = FixSafety.SAFE
    scope = Scope.STATEMENT
    VALID = [
        "from typing import Any, Dict\n\n\ndef load(data: Dict[str, Any]) -> Any:\n    return any(data)\n",
        "def has_items(values: List[int]) -> bool:\n    return any(values)\n",
        "from typing import Literal\n\n\ndef mode(value: Literal['any', 'all']) -> None:\n    pass\n",
        "from mylib import any\n\n\ndef load(data: any) -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "from typing import Dict, Type\n\n\ndef from_dict(cls: Type[T], input: Dict[str, any]) -> T:\n    pass\n",
            fixed="from typing import Any, Dict, Type\n\n\ndef from_dict(cls: Type[T], input: Dict[str, Any]) -> T:\n"
            "    pass\n",
        ),
        Invalid(
            '"""Loading."""\n\n\ndef load(data) -> any:\n    pass\n',
            fixed='"""Loading."""\nfrom typing import Any\n\n\ndef load(data) -> Any:\n    pass\n',
        ),
        Invalid(
            "from typing import Any\n\nCACHE: 'dict[str, any]' = {}\n",
            fixed="from typing import Any\n\nCACHE: 'dict[str, Any]' = {}\n",
        ),
        Invalid(
            "import typing\n\nAny = object\n\n\ndef load(data: any) -> None:\n    pass\n",
            fixed="import typing\n\nAny = object\n\n\ndef load(data: typing.Any) -> None:\n    pass\n",
        ),
    ]

    @property
    def names(self) -> ModuleNames:
        return self.context.facts.module_names

    def visit_Annotation(self, node: cst.Annotation) -> None:
        scope = annotation_scope(self.context.ancestors)
        for located in type_expression_nodes(node.annotation):
            is_any = isinstance(located.node, cst.Name) and located.node.value == "any"
            if not is_any or _is_attribute_name(located):
                continue
            if self.names.shadows("any", scope):
                return
            text_range = located.range(self.context)
            fixes: List[Fix] = []
            reference = typing_reference(self.context, "Any")
            if reference is not None:
                text, import_edit = reference
                edits = [Edit(text_range, text)] + ([import_edit] if import_edit is not None else [])
                fixes.append(self.fix(f"Use `{text}`", FixSafety.SAFE, *edits))
            self.report(text_range, fixes=fixes)
