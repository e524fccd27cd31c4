"""CS1103 implicit-optional: a parameter defaulting to None whose annotation does not admit None."""

import logging
from typing import FrozenSet, List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Fix, FixSafety, Invalid, Scope
from chris_style.linting.syntax import decorators_may_read_annotations
from chris_style.rules.api._shared import _head, _is_none, _parameters, _SignatureRule, accepts_none

logger = logging.getLogger(__name__)

# Name endings that mark a type alias defined in another module (whose definition cannot be seen).
_ALIAS_SUFFIXES = ("Type", "Types", "Alias")
# Annotations that are values, not types: `Optional[...]` of them raises when the `def` runs.
_NOT_TYPES = (
    cst.Integer, cst.Float, cst.Imaginary, cst.List, cst.Tuple, cst.Set, cst.Dict, cst.FormattedString,
    cst.ConcatenatedString, cst.Lambda,
)
# The longest annotation quoted in a message before it is shortened.
_MESSAGE_ANNOTATION_LENGTH = 40


def _looks_like_alias(annotation: cst.BaseExpression, classes: FrozenSet[str]) -> bool:
    """`_t.TimeoutType`, `StrOrBytesAlias`: names that by convention are type aliases defined elsewhere, which
    may well include None (requests' `TimeoutType = float | tuple[...] | None`). Classes of this module are
    not aliases."""
    name = _head(annotation)
    if not name or name in classes or name in ("Type", "TypeAlias"):
        return False
    return name.endswith(_ALIAS_SUFFIXES)


def _is_type_expression(annotation: cst.BaseExpression) -> bool:
    """False for what `Optional[...]` rejects when the `def` runs: numbers, containers, byte strings, f-strings,
    and strings that do not hold an expression (`'not a type'`)."""
    if isinstance(annotation, _NOT_TYPES):
        return False
    if isinstance(annotation, cst.SimpleString):
        value = annotation.evaluated_value
        if not isinstance(value, str):
            return False
        try:
            cst.parse_expression(value.strip())
        except cst.ParserSyntaxError:
            return False
    return True


class ImplicitOptional(_SignatureRule):
    """A parameter defaults to `None` but its annotation does not admit None (`cwd: str = None`).

    The guide's own example (`aws_region: str = None`) relies on the implicit Optional that PEP 484 dropped:
    type checkers now reject it, and readers cannot tell from the annotation that None is expected. The
    annotation is left alone when it already admits None: `Optional[...]`, `Union[..., None]`, `X | None`,
    `Any`, `object`, `None`, `Annotated[Optional[...], ...]`, a module-level alias of one of those, or a
    string annotation that mentions `Optional`, `None`, `Any` or `object`. Precision first, a name whose
    definition is in another module and that is named like a type alias (`_t.TimeoutType`, `PathTypes`,
    `JsonAlias`) is not reported either: such aliases often include None already.

    Fix (safe without annotation-reading decorators, else unsafe): `Optional[str] = None` (or `str | None = None`
    with `typing-style = "builtin"`), adding `from typing import Optional` when needed, under the name the module
    already uses for it (`Opt[str]` after `from typing import Optional as Opt`, which then counts as optional: the
    fix converges). A string annotation becomes `Optional["T"]`, or `"T | None"` in builtin style. Offered only for
    annotations that are types (names, attributes, subscripts, unions, forward references that parse):
    `Optional[...]` of anything else fails when the `def` runs. Safe when no decorator may read the annotation at
    run time (only `staticmethod`, `classmethod`, `property`, `abstractmethod`, `override`... decorate the
    function): nothing else looks at annotations of parameters. Unsafe under any other decorator (pydantic's
    `validate_call`, typeguard, `singledispatch`, a web route), which may accept or reject `None` differently once
    it is in the annotation.
    """

    code = "CS1103"
    name = "implicit-optional"
    priority = Priority.PREFERRED
    guideline = Guideline.PARAMETER_PATTERNS
    message = "Parameter `{parameter}` defaults to None but is annotated `{annotation}`: make it Optional"
    fix_safety = FixSafety.SAFE
    scope = Scope.STATEMENT
    VALID = [
        "def run(command: str, cwd: Optional[str] = None) -> None:\n    pass\n",
        "def run(cwd: Union[str, None] = None, env: 'Optional[Env]' = None) -> None:\n    pass\n",
        "def run(cwd: str | None = None, extra: Any = None, marker: object = None) -> None:\n    pass\n",
        "def run(cwd: typing.Optional[str] = None, env: Annotated[Optional[str], 'doc'] = None) -> None:\n    pass\n",
        "OptStr = Optional[str]\n\n\ndef run(cwd: OptStr = None) -> None:\n    pass\n",
        "def run(cwd=None, retries: int = 0) -> None:\n    pass\n",
        "if TYPE_CHECKING:\n    from . import _types as _t\n\n\n"
        "def get(timeout: _t.TimeoutType = None, cert: CertType = None) -> None:\n    pass\n",
        "if TYPE_CHECKING:\n    JSON = Union[Dict[str, Any], None]\n\n\ndef get(data: JSON = None) -> None:\n    pass\n",
        "from typing import Optional as Opt, Union as U\n\n\ndef run(cwd: Opt[str] = None, env: U[str, None] = None) -> None:\n"
        "    pass\n",
    ]
    INVALID = [
        Invalid(
            "from typing import Dict\n\n\ndef call(command: str, cwd: str = None) -> None:\n    pass\n",
            fixed="from typing import Dict, Optional\n\n\ndef call(command: str, cwd: Optional[str] = None) -> None:\n    pass\n",
        ),
        Invalid(
            "class Client:\n    def __init__(self, aws_region: str=None) -> None:\n        pass\n",
            fixed="from typing import Optional\n\n\nclass Client:\n"
            "    def __init__(self, aws_region: Optional[str]=None) -> None:\n        pass\n",
        ),
        Invalid(
            "def call(env: Dict[str, str] = None) -> None:\n    pass\n",
            fixed="def call(env: Dict[str, str] | None = None) -> None:\n    pass\n",
            settings={"typing-style": "builtin"},
        ),
        Invalid(
            "def call(plan: 'Plan' = None) -> None:\n    pass\n",
            fixed="def call(plan: 'Plan | None' = None) -> None:\n    pass\n",
            settings={"typing-style": "builtin"},
        ),
        Invalid(
            "from typing import Optional\n\n\ndef call(plan: 'Plan' = None, *, mode: int | str = None) -> None:\n    pass\n",
            count=2,
        ),
        Invalid("class EventType(Enum):\n    A = 1\n\n\ndef on(kind: EventType = None) -> None:\n    pass\n"),
        # The module's own name for Optional is used, and then recognised: a second run changes nothing.
        Invalid(
            "from typing import Optional as Opt\n\n\ndef call(cwd: str = None) -> None:\n    pass\n",
            fixed="from typing import Optional as Opt\n\n\ndef call(cwd: Opt[str] = None) -> None:\n    pass\n",
        ),
        Invalid("def call(cwd: 'not a type' = None) -> None:\n    pass\n"),
        Invalid(
            "import typing\n\nOptional = None\n\n\ndef call(cwd: str = None) -> None:\n    pass\n",
            fixed="import typing\n\nOptional = None\n\n\ndef call(cwd: typing.Optional[str] = None) -> None:\n    pass\n",
        ),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for param in _parameters(node):
            if param.annotation is None or param.default is None or not _is_none(param.default):
                continue
            annotation = param.annotation.annotation
            if accepts_none(annotation, self.aliases, names=self.names):
                continue
            if _looks_like_alias(annotation, self.classes):
                continue
            fixes: List[Fix] = []
            edits = self.optional_edits(annotation) if _is_type_expression(annotation) else None
            if edits is not None:
                read = decorators_may_read_annotations(node.decorators)
                fixes.append(
                    self.fix("Make the annotation Optional", FixSafety.UNSAFE if read else FixSafety.SAFE, *edits)
                )
            shown = " ".join(self.context.code_for(annotation).split())
            if len(shown) > _MESSAGE_ANNOTATION_LENGTH:
                shown = shown[: _MESSAGE_ANNOTATION_LENGTH - 3] + "..."
            self.report(annotation, fixes=fixes, parameter=param.name.value, annotation=shown)
