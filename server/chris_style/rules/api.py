"""Section 11 of the guide: API Design."""

import re
from typing import Dict, FrozenSet, List, Optional, Sequence

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.constants import is_pure_literal
from chris_style.linting.edits import typing_reference
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, RuleContext
from chris_style.linting.source import Position
from chris_style.linting.syntax import block_statements, is_docstring

# Annotations that already accept None without saying so: `Any`, `object` and `None` itself.
_ACCEPTS_NONE = frozenset({"Any", "object", "None", "Optional"})
# Words that make a string annotation count as already optional (precision first: no parsing of such strings).
_OPTIONAL_WORDS = frozenset({"Optional", "None", "Any", "object"})
# Builtin constructors that build a fresh mutable container.
_MUTABLE_FACTORIES = frozenset({"list", "dict", "set"})
# Annotations `X | None` can extend without parentheses (anything else is wrapped first).
_UNION_SAFE = (cst.Name, cst.Attribute, cst.Subscript, cst.Call, cst.BinaryOperation)
# Alias chains (`A = B`, `B = Optional[C]`) are followed this deep; deeper means a cycle: assume optional.
_MAX_ALIAS_DEPTH = 10
# Name endings that mark a type alias defined in another module (whose definition cannot be seen).
_ALIAS_SUFFIXES = ("Type", "Types", "Alias")
# The longest annotation quoted in a message before it is shortened.
_MESSAGE_ANNOTATION_LENGTH = 40
# Module-level names bound to an expression (candidate type aliases), by name.
Aliases = Dict[str, cst.BaseExpression]


def _head(node: cst.BaseExpression) -> str:
    """The last name of a dotted expression: `Optional` for `typing.Optional`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return ""


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _string_words(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        return node.raw_value
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string_words(node.left), _string_words(node.right)
        return None if left is None or right is None else left + " " + right
    return None


def accepts_none(annotation: cst.BaseExpression, aliases: Optional[Aliases] = None, depth: int = 0) -> bool:
    """True when an annotation already admits None: `Optional[...]`, `Union[..., None]`, `X | None`,
    `Any`, `object`, `None`, `Annotated[<one of those>, ...]`, `Literal[..., None]`, a string mentioning one of
    those words, or a module-level alias (`OptStr = Optional[str]`) of one of those."""
    if depth > _MAX_ALIAS_DEPTH:
        return True
    if _is_none(annotation) or _head(annotation) in _ACCEPTS_NONE:
        return True
    if isinstance(annotation, cst.Name) and aliases and annotation.value in aliases:
        return accepts_none(aliases[annotation.value], aliases, depth + 1)
    words = _string_words(annotation)
    if words is not None:
        return not _OPTIONAL_WORDS.isdisjoint(re.findall(r"\w+", words))
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        return accepts_none(annotation.left, aliases, depth + 1) or accepts_none(annotation.right, aliases, depth + 1)
    if isinstance(annotation, cst.Subscript):
        head = _head(annotation.value)
        elements = [element.slice.value for element in annotation.slice if isinstance(element.slice, cst.Index)]
        if head == "Optional":
            return True
        if head in ("Union", "Literal"):
            return any(accepts_none(element, aliases, depth + 1) for element in elements)
        if head == "Annotated" and elements:
            return accepts_none(elements[0], aliases, depth + 1)
    return False


def _module_aliases(statements: Sequence[cst.BaseStatement], aliases: Optional[Aliases] = None) -> Aliases:
    """Module-level `Name = <expression>` assignments and `type Name = ...` statements (also inside
    `if TYPE_CHECKING:` and `try:` blocks): candidate type aliases, by name."""
    aliases = {} if aliases is None else aliases
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                target: Optional[cst.BaseExpression] = None
                if isinstance(small, cst.Assign) and len(small.targets) == 1:
                    target = small.targets[0].target
                elif isinstance(small, cst.AnnAssign) and small.value is not None:
                    target = small.target
                elif isinstance(small, cst.TypeAlias):
                    target = small.name
                if isinstance(target, cst.Name):
                    aliases[target.value] = small.value  # type: ignore[union-attr]
        elif isinstance(statement, (cst.If, cst.Try)):
            _module_aliases(block_statements(statement.body), aliases)
            orelse = statement.orelse
            if isinstance(orelse, (cst.If, cst.Else)):
                _module_aliases([orelse] if isinstance(orelse, cst.If) else block_statements(orelse.body), aliases)
    return aliases


def _class_names(module: cst.Module) -> FrozenSet[str]:
    return frozenset(statement.name.value for statement in module.body if isinstance(statement, cst.ClassDef))


def _looks_like_alias(annotation: cst.BaseExpression, classes: FrozenSet[str]) -> bool:
    """`_t.TimeoutType`, `StrOrBytesAlias`: names that by convention are type aliases defined elsewhere, which
    may well include None (requests' `TimeoutType = float | tuple[...] | None`). Classes of this module are
    not aliases."""
    name = _head(annotation)
    if not name or name in classes or name in ("Type", "TypeAlias"):
        return False
    return name.endswith(_ALIAS_SUFFIXES)


class _SignatureRule(Rule):
    """Shared by CS1102 and CS1103: the module's names, and the edits that make an annotation optional."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._names: Optional[ModuleNames] = None
        self._aliases: Optional[Aliases] = None
        self._classes: Optional[FrozenSet[str]] = None

    @property
    def names(self) -> ModuleNames:
        if self._names is None:
            self._names = self.context.facts.module_names
        return self._names

    @property
    def aliases(self) -> Aliases:
        if self._aliases is None:
            self._aliases = _module_aliases(self.context.module.body)
        return self._aliases

    @property
    def classes(self) -> FrozenSet[str]:
        if self._classes is None:
            self._classes = _class_names(self.context.module)
        return self._classes

    def optional_edits(self, annotation: cst.BaseExpression) -> Optional[List[Edit]]:
        """Edits turning `T` into `Optional[T]` (typing-style "typing") or `T | None` ("builtin"), with the
        import they need; None when that cannot be written safely. The edits insert around the annotation, so
        comments inside a multi-line annotation stay where they are."""
        text_range = self.context.range_of(annotation)
        if self.settings.typing_style == "builtin":
            if isinstance(annotation, cst.SimpleString):
                # `"T" | None` fails at runtime: extend the forward reference itself.
                raw = annotation.raw_value
                if "\\" in raw or "\n" in raw or len(annotation.quote) != 1:
                    return None
                closing = Position(text_range.end.line, text_range.end.column - len(annotation.quote))
                return [self.insert_at(closing, " | None")]
            if isinstance(annotation, cst.ConcatenatedString):
                return None
            if isinstance(annotation, _UNION_SAFE):
                return [self.insert_at(text_range.end, " | None")]
            return [self.insert_at(text_range.start, "("), self.insert_at(text_range.end, ") | None")]
        reference = typing_reference(self.context, "Optional")
        if reference is None:
            return None
        text, import_edit = reference
        edits = [self.insert_at(text_range.start, f"{text}["), self.insert_at(text_range.end, "]")]
        return edits + ([import_edit] if import_edit is not None else [])


def _parameters(node: cst.FunctionDef) -> Sequence[cst.Param]:
    """The parameters that can have a default (not `*args`/`**kwargs`)."""
    params = node.params
    return [*params.posonly_params, *params.params, *params.kwonly_params]


class ImportStar(Rule):
    """`from x import *` hides which names a module uses and where they come from.

    The guide: "All imports are explicit" (Explicit Over Implicit). A star import also defeats linters and
    editors, which cannot tell which names it binds. Relative star imports (`from . import *`) and star imports
    in `__init__.py` files are reported too.
    """

    code = "CS1101"
    name = "import-star"
    priority = Priority.CRITICAL
    guideline = Guideline.EXPLICIT_OVER_IMPLICIT
    message = "`from {module} import *`: import the names this module uses explicitly"
    VALID = [
        "from os.path import join, splitext\n",
        "import os\n",
        "from . import models\n",
    ]
    INVALID = [
        Invalid("from os.path import *\n"),
        Invalid("from .models import *\n"),
        Invalid("try:\n    from _speedups import *\nexcept ImportError:\n    pass\n"),
        Invalid("def load() -> None:\n    pass\n\n\nfrom . import *\n", path="pkg/__init__.py"),
    ]

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            return
        dots = "." * len(node.relative)
        module = self.context.code_for(node.module) if node.module is not None else ""
        self.report(node, module=f"{dots}{module}")


class MutableDefaultArgument(_SignatureRule):
    """A parameter default is a mutable container: `[]`, `{}`, `set()`, `list()`, `dict()` (or a list, dict
    or set display with items).

    The default is built once, when the `def` runs, and shared by every call: appending to it in one call
    changes the default of the next. The guide asks for "defaults for optional params", and its own
    `request_response_pairs: List[Tuple[str, str]] = []` example shows the hazard. Lambdas are not checked.
    A builtin `list`/`dict`/`set` that the module rebinds is not the builtin, so its calls are not reported.

    Fix (safe): the default becomes `None`, the annotation (if any, and unless it already admits None) becomes
    `Optional[...]` (or `... | None` with `typing-style = "builtin"`) with the import it needs, and
    `if name is None:` / `name = <the old default>` goes at the top of the body, after the docstring. Callers
    that passed `None` explicitly now get the empty container. No fix when the body is on the `def` line
    (`def f(x=[]): return x`), or when the default holds more than literals (building it on each call could
    then see different values), or spans several lines.
    """

    code = "CS1102"
    name = "mutable-default-argument"
    priority = Priority.PREFERRED
    guideline = Guideline.PARAMETER_PATTERNS
    message = "Parameter `{parameter}` has a mutable default `{default}`, shared by every call"
    fix_safety = FixSafety.SAFE
    VALID = [
        "def run(command: str, pairs: Optional[List[str]] = None) -> None:\n    pass\n",
        "def run(command: str, pairs: Tuple[str, ...] = ()) -> None:\n    pass\n",
        "def run(flags: FrozenSet[str] = frozenset()) -> None:\n    pass\n",
        "handler = lambda event, seen=[]: seen.append(event)\n",
        "def list(values=()):\n    return values\n\n\ndef run(values=list()):\n    return values\n",
    ]
    INVALID = [
        Invalid(
            "from typing import List, Optional\n\n\ndef run(command: str, pairs: List[str] = []) -> None:\n"
            '    """Run it."""\n    pairs.append(command)\n',
            fixed="from typing import List, Optional\n\n\ndef run(command: str, pairs: Optional[List[str]] = None) -> None:\n"
            '    """Run it."""\n    if pairs is None:\n        pairs = []\n    pairs.append(command)\n',
        ),
        Invalid(
            "def run(command, options={}):\n    # The caller's options win.\n    return options\n",
            fixed="def run(command, options=None):\n    if options is None:\n        options = {}\n"
            "    # The caller's options win.\n    return options\n",
        ),
        Invalid(
            "def collect(*, seen: set = set()) -> set:\n    return seen\n",
            fixed="from typing import Optional\n\n\ndef collect(*, seen: Optional[set] = None) -> set:\n"
            "    if seen is None:\n        seen = set()\n    return seen\n",
        ),
        Invalid(
            "def collect(seen: Dict[str, int] = dict(), /) -> None:\n\tseen.clear()\n",
            fixed="def collect(seen: Dict[str, int] | None = None, /) -> None:\n\tif seen is None:\n\t\tseen = dict()\n\tseen.clear()\n",
            settings={"typing-style": "builtin"},
        ),
        Invalid(
            "def collect(seen: Optional[list] = [1, 2]) -> None:\n    seen.clear()\n",
            fixed="def collect(seen: Optional[list] = None) -> None:\n    if seen is None:\n        seen = [1, 2]\n    seen.clear()\n",
        ),
        Invalid("def collect(seen=[]): return seen\n"),
        Invalid("def collect(seen=[DEFAULT]):\n    return seen\n"),
        Invalid("class Plan:\n    def add(self, a=[], b={}) -> None:\n        pass\n", count=2),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for param in _parameters(node):
            default = param.default
            if default is None:
                continue
            kind = self._mutable_kind(default)
            if kind is None:
                continue
            fixes: List[Fix] = []
            fix = self._fix(node, param, default)
            if fix is not None:
                fixes.append(fix)
            shown = self.context.code_for(default).strip()
            self.report(default, fixes=fixes, parameter=param.name.value, default=shown)

    def _mutable_kind(self, default: cst.BaseExpression) -> Optional[str]:
        if isinstance(default, (cst.List, cst.ListComp)):
            return "list"
        if isinstance(default, (cst.Dict, cst.DictComp)):
            return "dict"
        if isinstance(default, (cst.Set, cst.SetComp)):
            return "set"
        if isinstance(default, cst.Call) and isinstance(default.func, cst.Name):
            name = default.func.value
            if name in _MUTABLE_FACTORIES and not self.names.shadows(name, self.context.enclosing_class()):
                return name
        return None

    def _fix(self, function: cst.FunctionDef, param: cst.Param, default: cst.BaseExpression) -> Optional[Fix]:
        body = function.body
        if not isinstance(body, cst.IndentedBlock) or not body.body:
            return None
        if isinstance(default, cst.Call):
            if default.args:
                return None
        elif not is_pure_literal(default):
            return None
        value = self.context.code_for(default.with_changes(lpar=[], rpar=[]))
        if "\n" in value or "\r" in value:
            return None
        edits: List[Edit] = [self.replace(default, "None")]
        if param.annotation is not None and not accepts_none(param.annotation.annotation, self.aliases):
            optional = self.optional_edits(param.annotation.annotation)
            if optional is None:
                return None
            edits.extend(optional)
        insertion = self._body_insertion(body, param.name.value, value)
        if insertion is None:
            return None
        edits.append(insertion)
        name = param.name.value
        return self.fix(f"Default `{name}` to None and build the value in the body", FixSafety.SAFE, *edits)

    def _body_insertion(self, body: cst.IndentedBlock, name: str, value: str) -> Optional[Edit]:
        """`if name is None:` + `name = value` as the first lines of the body, after the docstring."""
        first = body.body[0]
        first_range = self.context.range_of(first)
        indent_text = self.source.line_text(first_range.start.line)
        indent = indent_text[: len(indent_text) - len(indent_text.lstrip())]
        if is_docstring(first):
            if len(first.body) != 1:  # type: ignore[attr-defined]
                return None
            line = first_range.end.line + 1
        else:
            line = first_range.start.line - len(first.leading_lines)
        unit = body.indent if body.indent is not None else self.context.module.default_indent
        newline = self.source.newline
        text = f"{indent}if {name} is None:{newline}{indent}{unit}{name} = {value}{newline}"
        return self.insert_at(Position(line, 0), text)


class ImplicitOptional(_SignatureRule):
    """A parameter defaults to `None` but its annotation does not admit None (`cwd: str = None`).

    The guide's own example (`aws_region: str = None`) relies on the implicit Optional that PEP 484 dropped:
    type checkers now reject it, and readers cannot tell from the annotation that None is expected. The
    annotation is left alone when it already admits None: `Optional[...]`, `Union[..., None]`, `X | None`,
    `Any`, `object`, `None`, `Annotated[Optional[...], ...]`, a module-level alias of one of those, or a
    string annotation that mentions `Optional`, `None`, `Any` or `object`. Precision first, a name whose
    definition is in another module and that is named like a type alias (`_t.TimeoutType`, `PathTypes`,
    `JsonAlias`) is not reported either: such aliases often include None already.

    Fix (safe): `Optional[str] = None` (or `str | None = None` with `typing-style = "builtin"`), adding
    `from typing import Optional` when needed. A string annotation becomes `Optional["T"]`, or `"T | None"`
    in builtin style.
    """

    code = "CS1103"
    name = "implicit-optional"
    priority = Priority.PREFERRED
    guideline = Guideline.PARAMETER_PATTERNS
    message = "Parameter `{parameter}` defaults to None but is annotated `{annotation}`: make it Optional"
    fix_safety = FixSafety.SAFE
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
            if accepts_none(annotation, self.aliases) or _looks_like_alias(annotation, self.classes):
                continue
            fixes: List[Fix] = []
            edits = self.optional_edits(annotation)
            if edits is not None:
                fixes.append(self.fix("Make the annotation Optional", FixSafety.SAFE, *edits))
            shown = " ".join(self.context.code_for(annotation).split())
            if len(shown) > _MESSAGE_ANNOTATION_LENGTH:
                shown = shown[: _MESSAGE_ANNOTATION_LENGTH - 3] + "..."
            self.report(annotation, fixes=fixes, parameter=param.name.value, annotation=shown)
