"""CS204 builtin-any-as-type: the builtin function `any` written as a type in an annotation."""

import logging
from typing import List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.edits import typing_reference
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Scope
from chris_style.linting.syntax import decorators_may_read_annotations, innermost_function, last_attribute
from chris_style.rules.types._shared import _is_attribute_name, annotation_scope, type_expression_nodes

logger = logging.getLogger(__name__)

# Bases that do not interpret their subclasses' annotations beyond telling fields apart.
PLAIN_CLASS_BASES = frozenset(
    {"object", "ABC", "Generic", "Protocol", "NamedTuple", "TypedDict", "Enum", "IntEnum", "StrEnum", "Flag",
     "IntFlag", "Exception"}
)


class BuiltinAnyAsType(Rule):
    """The builtin function `any` is used as a type in an annotation (`Dict[str, any]`).

    `any` is a function, not a type: type checkers reject it and readers are misled. The guide's own
    examples make this slip (`input: Dict[str, any]`), so it is checked on its own. Parameter, return and
    variable annotations are checked, string forward references included; a module that rebinds `any`
    is left alone.

    Fix (safe where nothing reads the annotation, else unsafe): write `Any`, adding `from typing import Any` when
    needed (or `typing.Any` when `Any` means something else in the module and it does `import typing`). Safe where
    nothing interprets the annotation at run time: a variable annotation inside a function (never evaluated), a
    module-level one, a class-level one in a class with no base but `object`, `ABC`, `Generic`, `Protocol`,
    `NamedTuple`, `TypedDict`, an enum or a class of the module, and no decorator but `dataclass`, and a signature
    whose only decorators are `staticmethod`, `classmethod`, `property`, `abstractmethod` and the like. Unsafe
    elsewhere: pydantic models, `validate_call`, typeguard and their kin read annotations, and `any` and `Any` mean
    different things to them.
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

    def _may_be_read(self, annotation: cst.Annotation) -> bool:
        """True when something may interpret this annotation at run time (see the class documentation)."""
        ancestors = self.context.ancestors
        owner = ancestors[-1] if ancestors else None
        if isinstance(owner, (cst.Param, cst.FunctionDef)):
            function = next(a for a in reversed(ancestors) if isinstance(a, cst.FunctionDef))
            return decorators_may_read_annotations(function.decorators)
        if innermost_function(ancestors) is not None:
            return False
        scope = annotation_scope(ancestors)
        if scope is None:
            return False
        classes = self.context.facts.classes
        bases = [argument.value for argument in scope.bases if argument.keyword is None]
        known = all(
            classes.local_class(base) is not None or last_attribute(base) in PLAIN_CLASS_BASES for base in bases
        )
        return not known or decorators_may_read_annotations(scope.decorators)

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
                safety = FixSafety.UNSAFE if self._may_be_read(node) else FixSafety.SAFE
                fixes.append(self.fix(f"Use `{text}`", safety, *edits))
            self.report(text_range, fixes=fixes)
