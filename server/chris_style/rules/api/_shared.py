"""What CS1102 and CS1103 share about a signature: whether an annotation already admits None (module-level
aliases followed), the parameters that can have a default, and the base rule that makes an annotation
optional."""

import logging
import re
from typing import Dict, FrozenSet, List, Optional, Sequence

import libcst as cst

from chris_style.linting.edits import typing_reference
from chris_style.linting.facts.module_names import ModuleNames
from chris_style.linting.rule import Edit, Rule, RuleContext
from chris_style.linting.source import Position
from chris_style.linting.syntax import block_statements

logger = logging.getLogger(__name__)

# Annotations that already accept None without saying so: `Any`, `object` and `None` itself.
_ACCEPTS_NONE = frozenset({"Any", "object", "None", "Optional"})
# Words that make a string annotation count as already optional (precision first: no parsing of such strings).
_OPTIONAL_WORDS = frozenset({"Optional", "None", "Any", "object"})
# Annotations `X | None` can extend without parentheses (anything else is wrapped first).
_UNION_SAFE = (cst.Name, cst.Attribute, cst.Subscript, cst.Call, cst.BinaryOperation)
# Alias chains (`A = B`, `B = Optional[C]`) are followed this deep; deeper means a cycle: assume optional.
_MAX_ALIAS_DEPTH = 10
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


def _typing_head(node: cst.BaseExpression, names: Optional[ModuleNames]) -> str:
    """`_head`, seen through `from typing import Optional as Opt`: `Optional` for `Opt`."""
    head = _head(node)
    if names is not None and isinstance(node, cst.Name):
        return names.typing_name_of(head) or head
    return head


def accepts_none(
    annotation: cst.BaseExpression,
    aliases: Optional[Aliases] = None,
    depth: int = 0,
    names: Optional[ModuleNames] = None,
) -> bool:
    """True when an annotation already admits None: `Optional[...]`, `Union[..., None]`, `X | None`,
    `Any`, `object`, `None`, `Annotated[<one of those>, ...]`, `Literal[..., None]`, a string mentioning one of
    those words, or a module-level alias (`OptStr = Optional[str]`) of one of those. With the module's `names`,
    typing names imported under another name count too (`Opt[str]` after `from typing import Optional as
    Opt`), so a fix that writes the module's own name for `Optional` is seen as done."""
    if depth > _MAX_ALIAS_DEPTH:
        return True
    if _is_none(annotation) or _typing_head(annotation, names) in _ACCEPTS_NONE:
        return True
    if isinstance(annotation, cst.Name) and aliases and annotation.value in aliases:
        return accepts_none(aliases[annotation.value], aliases, depth + 1, names)
    words = _string_words(annotation)
    if words is not None:
        return not _OPTIONAL_WORDS.isdisjoint(re.findall(r"\w+", words))
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        return accepts_none(annotation.left, aliases, depth + 1, names) or accepts_none(
            annotation.right, aliases, depth + 1, names
        )
    if isinstance(annotation, cst.Subscript):
        head = _typing_head(annotation.value, names)
        elements = [element.slice.value for element in annotation.slice if isinstance(element.slice, cst.Index)]
        if head == "Optional":
            return True
        if head in ("Union", "Literal"):
            return any(accepts_none(element, aliases, depth + 1, names) for element in elements)
        if head == "Annotated" and elements:
            return accepts_none(elements[0], aliases, depth + 1, names)
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


class _SignatureRule(Rule):
    """Shared by CS1102 and CS1103: the module's names, and the edits that make an annotation optional."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._aliases: Optional[Aliases] = None
        self._classes: Optional[FrozenSet[str]] = None

    @property
    def names(self) -> ModuleNames:
        return self.context.facts.module_names

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
