"""CS203 typing-generic-style: generics spelled `list[...]` or `List[...]`, as the `typing-style` setting
chooses."""

import logging
import re
from typing import List, Optional

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.edits import typing_reference
from chris_style.linting.facts.module_names import TYPING_MODULE, ModuleNames
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import import_name
from chris_style.rules.types._shared import TypeNode, _is_attribute_name, annotation_scope, type_expression_nodes

logger = logging.getLogger(__name__)

# The PEP 585 builtin generics the catalog names, each with the `typing` alias the guide prefers.
TYPING_ALIASES = {
    "list": "List",
    "dict": "Dict",
    "set": "Set",
    "tuple": "Tuple",
    "type": "Type",
    "frozenset": "FrozenSet",
}
BUILTIN_GENERICS = {alias: builtin for builtin, alias in TYPING_ALIASES.items()}
# Example settings of the rules that honour `typing-style`.
_BUILTIN_STYLE = {"typing-style": "builtin"}
# A word of the buffer, as a whole identifier (used to prove an import is no longer used).
_WORD_TEMPLATE = r"(?<![\w.]){}(?!\w)"


class TypingGenericStyle(Rule):
    """An annotation spells a generic in the style the project did not choose.

    With `typing-style = "typing"` (the default, as the guide prefers "explicit imports from typing module
    rather than PEP 585 built-in generics"), a subscripted builtin `list[...]`, `dict[...]`, `set[...]`,
    `tuple[...]`, `type[...]` or `frozenset[...]` is reported. With `typing-style = "builtin"`, the `typing`
    aliases `List`, `Dict`, `Set`, `Tuple`, `Type` and `FrozenSet` are reported instead (subscripted or
    bare, imported with `from typing import` or written `typing.List`).

    Only annotations are checked: parameter, return and variable annotations, string forward references
    included (`"list[int]"`). Runtime expressions such as type aliases, `cast()` or `isinstance()` are left
    alone, as are the contents of `Literal[...]` and the metadata of `Annotated[...]`. A builtin name that the
    module rebinds (a class attribute or function called `list`) is not the builtin, so it is not reported.

    Fix (safe): rewrite the name (`list` → `List`, or `List` → `list`), adding `from typing import List` when
    needed. A module that writes `t.Any` after `import typing as t` (and has no `from typing import`) gets
    `t.List`, as does one where `List` means something else. In `builtin` style, the `typing` import is
    dropped when the rewritten use was the name's only other mention in the file; otherwise the now-unused
    import is left for the user.
    """

    code = "CS203"
    name = "typing-generic-style"
    priority = Priority.PREFERRED
    guideline = Guideline.TYPING_MODULE_CONSTRUCTS
    message = "Annotation uses `{found}`; typing-style \"{style}\" prefers `{preferred}`"
    fix_safety = FixSafety.SAFE
    VALID = [
        "from typing import Dict, List\n\n\ndef merge(configs: List[Dict[str, int]]) -> Dict[str, int]:\n"
        "    return {}\n",
        # Runtime expressions are not annotations.
        "Alias = list[int]\nvalues = cast(dict[str, int], raw)\nok = isinstance(values, list)\n",
        "def count(values: list) -> int:\n    return len(values)\n",
        "from typing import Literal\n\n\ndef kind(value: Literal['list[int]']) -> None:\n    pass\n",
        # In the class body, `list` is the method: it is not the builtin.
        "class Api:\n    def list(self) -> None:\n        pass\n\n"
        "    def first(self, ids: list[int]) -> int:\n        return ids[0]\n",
        "list = []\n\n\ndef first(ids: list[int]) -> int:\n    return ids[0]\n",
        Valid("def merge(configs: list[dict[str, int]]) -> dict[str, int]:\n    return {}\n", settings=_BUILTIN_STYLE),
        Valid(
            "import typing\n\n\ndef size(values: typing.Sequence[int]) -> int:\n    return len(values)\n",
            settings=_BUILTIN_STYLE,
        ),
        # `List` from another module is not `typing.List`.
        Valid(
            "from mylib import List\n\n\ndef size(values: List[int]) -> int:\n    return len(values)\n",
            settings=_BUILTIN_STYLE,
        ),
    ]
    INVALID = [
        Invalid(
            "def merge(configs: list[int]) -> None:\n    pass\n",
            fixed="from typing import List\n\n\ndef merge(configs: List[int]) -> None:\n    pass\n",
        ),
        Invalid(
            "from typing import Any\n\n\ndef merge(configs: dict[str, Any]) -> None:\n    pass\n",
            fixed="from typing import Any, Dict\n\n\ndef merge(configs: Dict[str, Any]) -> None:\n    pass\n",
        ),
        Invalid(
            "from typing import Tuple\n\nPAIR: tuple[int, int] = (1, 2)\n",
            fixed="from typing import Tuple\n\nPAIR: Tuple[int, int] = (1, 2)\n",
        ),
        Invalid(
            "from typing import Type\n\n\ndef build(cls: 'type[Plan]') -> 'Plan':\n    return cls()\n",
            fixed="from typing import Type\n\n\ndef build(cls: 'Type[Plan]') -> 'Plan':\n    return cls()\n",
        ),
        Invalid("def merge(configs: dict[str, list[int]]) -> frozenset[str]:\n    pass\n", count=3),
        # A field called `type` shadows the builtin in its class body only.
        Invalid(
            "class Event:\n    type: str\n\n\ndef build(cls: type[Event]) -> Event:\n    return cls()\n",
            fixed="from typing import Type\n\n\nclass Event:\n    type: str\n\n\ndef build(cls: Type[Event]) -> Event:\n"
            "    return cls()\n",
        ),
        Invalid(
            "import typing as t\n\n\ndef merge(configs: list[t.Any]) -> None:\n    pass\n",
            fixed="import typing as t\n\n\ndef merge(configs: t.List[t.Any]) -> None:\n    pass\n",
        ),
        Invalid(
            "import typing\n\nList = []\n\n\ndef merge(configs: list[int]) -> None:\n    pass\n",
            fixed="import typing\n\nList = []\n\n\ndef merge(configs: typing.List[int]) -> None:\n    pass\n",
        ),
        Invalid(
            "from typing import Any, List\n\n\ndef merge(configs: List[int]) -> Any:\n    return {}\n",
            fixed="from typing import Any\n\n\ndef merge(configs: list[int]) -> Any:\n    return {}\n",
            settings=_BUILTIN_STYLE,
        ),
        Invalid(
            "import typing\n\n\ndef merge(configs: typing.Set[int]) -> None:\n    pass\n",
            fixed="import typing\n\n\ndef merge(configs: set[int]) -> None:\n    pass\n",
            settings=_BUILTIN_STYLE,
        ),
        Invalid(
            "from typing import List\n\n\ndef merge(a: List[int], b: List) -> None:\n    pass\n",
            count=2,
            settings=_BUILTIN_STYLE,
        ),
    ]

    @property
    def names(self) -> ModuleNames:
        return self.context.facts.module_names

    def visit_Annotation(self, node: cst.Annotation) -> None:
        builtin_style = self.settings.typing_style == "builtin"
        scope = annotation_scope(self.context.ancestors)
        for located in type_expression_nodes(node.annotation):
            if builtin_style:
                self._check_typing_alias(located, scope)
            else:
                self._check_builtin_generic(located, scope)

    def _check_builtin_generic(self, located: TypeNode, scope: Optional[cst.ClassDef]) -> None:
        node = located.node
        if not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name)):
            return
        builtin = node.value.value
        alias = TYPING_ALIASES.get(builtin)
        if alias is None or self.names.shadows(builtin, scope):
            return
        text_range = located.range(self.context, node.value)
        fixes: List[Fix] = []
        reference = typing_reference(self.context, alias)
        if reference is not None:
            text, import_edit = reference
            edits = [Edit(text_range, text)] + ([import_edit] if import_edit is not None else [])
            fixes.append(self.fix(f"Use `{text}`", FixSafety.SAFE, *edits))
        self.report(text_range, fixes=fixes, found=f"{builtin}[...]", style="typing", preferred=f"{alias}[...]")

    def _check_typing_alias(self, located: TypeNode, scope: Optional[cst.ClassDef]) -> None:
        node = located.node
        typing_name: Optional[str] = None
        local: Optional[str] = None
        if isinstance(node, cst.Name) and not _is_attribute_name(located):
            typing_name = self.names.typing_name_of(node.value)
            local = node.value
        elif isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            if node.value.value in self.names.typing_modules():
                typing_name = node.attr.value
        builtin = BUILTIN_GENERICS.get(typing_name or "")
        if builtin is None:
            return
        text_range = located.range(self.context)
        fixes: List[Fix] = []
        if not self.names.shadows(builtin, scope):
            edits = [Edit(text_range, builtin)]
            drop = self._drop_import_edit(local) if local is not None else None
            if drop is not None:
                edits.append(drop)
            fixes.append(self.fix(f"Use `{builtin}`", FixSafety.SAFE, *edits))
        found = self.context.code_for(node) if isinstance(node, cst.Attribute) else node.value
        self.report(text_range, fixes=fixes, found=found, style="builtin", preferred=builtin)

    def _drop_import_edit(self, local: str) -> Optional[Edit]:
        """Removes `local` from its `from typing import` when the use being rewritten is the only other
        mention of the word in the whole buffer (strings and comments included), so it is certainly unused."""
        if len(re.findall(_WORD_TEMPLATE.format(re.escape(local)), self.source.text)) != 2:
            return None
        for statement in self.context.module.body:
            if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
                continue
            small = statement.body[0]
            if not (isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None):
                continue
            if import_name(small.module) != TYPING_MODULE or isinstance(small.names, cst.ImportStar):
                continue
            names = list(small.names)
            unaliased = [alias.asname is None and import_name(alias.name) == local for alias in names]
            index = unaliased.index(True) if True in unaliased else None
            if index is None:
                continue
            if "#" in self.context.code_for(statement.with_changes(leading_lines=())):
                return None
            if len(names) == 1:
                lines = self.context.range_of(statement)
                return Edit(TextRange(Position(lines.start.line, 0), Position(lines.end.line + 1, 0)), "")
            if index + 1 < len(names):
                start = self.context.range_of(names[index].name).start
                end = self.context.range_of(names[index + 1].name).start
            else:
                start = self.context.range_of(names[index - 1].name).end
                end = self.context.range_of(names[index].name).end
            return Edit(TextRange(start, end), "")
        return None
