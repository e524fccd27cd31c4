"""The module-level classes of one buffer: which are dataclasses or enums, a dataclass's fields (inherited ones
included), which class a method comes from, and what a name in a class header stands for. Asked by the design
and data rules and by the to_dict()/from_dict() generator; built once per lint.
"""

import logging
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.facts.names import UNBOUND, NameResolver
from chris_style.linting.syntax import dotted_name

logger = logging.getLogger(__name__)

DATACLASS_DECORATORS = frozenset({"dataclasses.dataclass", "pydantic.dataclasses.dataclass"})
FIELD_FUNCTIONS = frozenset({"dataclasses.field"})
ENUM_BASES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag", "enum.ReprEnum"})
# Bases that add no fields and no truthiness of their own.
NEUTRAL_BASES = frozenset({"object", "typing.Generic", "abc.ABC", "typing.Protocol"})
# Methods that can make an instance falsy, which would break the guide's `x.to_dict() if x else None`.
# Names of the standard library that a snippet may use without importing them (the guide's own examples do).
TYPING_NAMES = (
    "Any", "Annotated", "ClassVar", "Dict", "DefaultDict", "FrozenSet", "Generic", "Iterable", "List", "Mapping",
    "MutableMapping", "MutableSequence", "MutableSet", "NamedTuple", "Optional", "OrderedDict", "Protocol",
    "Sequence", "Set", "AbstractSet", "Collection", "Tuple", "Type", "TypedDict", "TypeVar", "Union",
)
UNBOUND_MEANINGS: Dict[str, str] = {
    **{name: f"typing.{name}" for name in TYPING_NAMES},
    "dataclass": "dataclasses.dataclass",
    "field": "dataclasses.field",
    "asdict": "dataclasses.asdict",
    "InitVar": "dataclasses.InitVar",
    "KW_ONLY": "dataclasses.KW_ONLY",
    "Enum": "enum.Enum",
    "IntEnum": "enum.IntEnum",
    "StrEnum": "enum.StrEnum",
    "Flag": "enum.Flag",
    "IntFlag": "enum.IntFlag",
    "ABC": "abc.ABC",
    "ABCMeta": "abc.ABCMeta",
    "abstractmethod": "abc.abstractmethod",
    "namedtuple": "collections.namedtuple",
    "BaseModel": "pydantic.BaseModel",
    "define": "attrs.define",
}
# Modules whose names mean the same as another's for what this module asks.
MODULE_ALIASES = (("typing_extensions.", "typing."), ("collections.abc.", "typing."))


def _normalized(qualified: str) -> str:
    for prefix, replacement in MODULE_ALIASES:
        if qualified.startswith(prefix):
            return replacement + qualified[len(prefix) :]
    return qualified


def unquoted_annotation(annotation: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """A string annotation (`'Node'`) parsed as the expression it holds; other annotations as they are."""
    if isinstance(annotation, (cst.SimpleString, cst.ConcatenatedString)):
        value = annotation.evaluated_value
        if not isinstance(value, str):
            return None
        try:
            return cst.parse_expression(value.strip())
        except cst.ParserSyntaxError:
            return None
    return annotation


def call_keyword(call: cst.Call, name: str) -> Optional[cst.BaseExpression]:
    for argument in call.args:
        if argument.keyword is not None and argument.keyword.value == name:
            return argument.value
    return None


def is_false(node: Optional[cst.BaseExpression]) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"


def is_none(node: Optional[cst.BaseExpression]) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


@dataclass
class DataclassField:
    """One field of a dataclass as written in its class body."""

    name: str
    annotation: cst.BaseExpression
    default: Optional[cst.BaseExpression] = None
    default_factory: Optional[cst.BaseExpression] = None
    init: bool = True
    # An `InitVar[...]` pseudo-field: passed to `__init__`, never stored.
    init_only: bool = False

    @property
    def has_default(self) -> bool:
        return self.default is not None or self.default_factory is not None


def class_body_statements(class_def: cst.ClassDef) -> Sequence[cst.BaseStatement]:
    body = class_def.body
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def own_methods(class_def: cst.ClassDef) -> Dict[str, cst.FunctionDef]:
    """The functions defined directly in the class body, by name (the last definition wins, as at runtime)."""
    return {
        statement.name.value: statement
        for statement in class_body_statements(class_def)
        if isinstance(statement, cst.FunctionDef)
    }


class ClassIndex:
    """The module-level classes of one buffer and what the design and data rules ask about them."""

    def __init__(self, module: cst.Module, names: NameResolver) -> None:
        self._resolver = names
        self._unbound = UNBOUND
        self.classes: Dict[str, cst.ClassDef] = {}
        for class_def in _module_level_classes(module.body):
            self.classes[class_def.name.value] = class_def

    def _module_binding(self, name: str) -> object:
        """What binds `name` at module level: an import's dotted origin, None for any other binding, or the
        resolver's UNBOUND marker."""
        return self._resolver.module_bindings().get(name, self._unbound)

    def qualified(self, expression: cst.BaseExpression) -> Optional[str]:
        """The dotted name an expression stands for (`dataclasses.dataclass` for `dataclass` after `from
        dataclasses import dataclass`); well-known names that nothing binds keep their usual meaning; None for
        a name bound by the module itself (a class, a function, a variable) or anything that is not a name."""
        dotted = dotted_name(expression)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        origin = self._module_binding(head)
        if origin is self._unbound:
            base = UNBOUND_MEANINGS.get(head, head)
        elif origin is None:
            return None
        else:
            base = str(origin)
        return _normalized(f"{base}{dot}{rest}")

    def local_class(self, expression: Optional[cst.BaseExpression]) -> Optional[cst.ClassDef]:
        """The module-level class a name (or a string annotation holding one) refers to."""
        if expression is None:
            return None
        expression = unquoted_annotation(expression)
        if not isinstance(expression, cst.Name) or expression.value not in self.classes:
            return None
        if self._module_binding(expression.value) is not None:
            return None
        return self.classes[expression.value]

    def is_imported(self, expression: cst.BaseExpression) -> bool:
        """True when the name's head is bound by an import."""
        head = (dotted_name(expression) or "").partition(".")[0]
        return isinstance(self._module_binding(head), str)

    def decorator_name(self, decorator: cst.Decorator) -> Optional[str]:
        expression = decorator.decorator
        if isinstance(expression, cst.Call):
            expression = expression.func
        return self.qualified(expression)

    def dataclass_decorator(self, class_def: cst.ClassDef) -> Optional[cst.Decorator]:
        for decorator in class_def.decorators:
            if self.decorator_name(decorator) in DATACLASS_DECORATORS:
                return decorator
        return None

    def is_dataclass(self, class_def: cst.ClassDef) -> bool:
        return self.dataclass_decorator(class_def) is not None

    def bases(self, class_def: cst.ClassDef) -> Tuple[List[cst.ClassDef], bool]:
        """The module-level classes among the class's bases, and whether any other base is unknown."""
        local: List[cst.ClassDef] = []
        unknown = False
        for argument in class_def.bases:
            if argument.keyword is not None or argument.star:
                continue
            expression = argument.value
            if isinstance(expression, cst.Subscript):
                expression = expression.value
            base = self.local_class(expression)
            if base is not None and base is not class_def:
                local.append(base)
            elif self.qualified(expression) not in NEUTRAL_BASES:
                unknown = True
        return local, unknown

    def ancestors(self, class_def: cst.ClassDef) -> List[cst.ClassDef]:
        """Module-level ancestors in a depth-first, left-to-right order (an approximation of the MRO)."""
        found: List[cst.ClassDef] = []
        stack = list(reversed(self.bases(class_def)[0]))
        while stack:
            current = stack.pop()
            if current is class_def or any(current is seen for seen in found):
                continue
            found.append(current)
            stack.extend(reversed(self.bases(current)[0]))
        return found

    def has_unknown_ancestry(self, class_def: cst.ClassDef) -> bool:
        return any(self.bases(current)[1] for current in [class_def, *self.ancestors(class_def)])

    def is_enum(self, class_def: cst.ClassDef) -> bool:
        """True when the class or one of its module-level ancestors derives from an `enum` base."""
        for current in [class_def, *self.ancestors(class_def)]:
            for argument in current.bases:
                if argument.keyword is None and self.qualified(argument.value) in ENUM_BASES:
                    return True
        return False

    def find_method(self, class_def: cst.ClassDef, name: str) -> Optional[Tuple[cst.ClassDef, cst.FunctionDef]]:
        """The class (itself or a module-level ancestor) that defines method `name`, and the method."""
        for current in [class_def, *self.ancestors(class_def)]:
            method = own_methods(current).get(name)
            if method is not None:
                return current, method
        return None

    def own_fields(self, class_def: cst.ClassDef) -> List[DataclassField]:
        """The fields written in the class body itself (annotated names, not ClassVar or KW_ONLY)."""
        fields: List[DataclassField] = []
        for statement in class_body_statements(class_def):
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    found = self._field(small)
                    if found is not None:
                        fields.append(found)
        return fields

    def fields(self, class_def: cst.ClassDef) -> List[DataclassField]:
        """The dataclass's fields in `__init__` order: those of module-level dataclass bases first."""
        merged: Dict[str, DataclassField] = {}
        self._collect_fields(class_def, merged, set())
        return list(merged.values())

    def _collect_fields(self, class_def: cst.ClassDef, merged: Dict[str, DataclassField], seen: Set[int]) -> None:
        if id(class_def) in seen:
            return
        seen.add(id(class_def))
        for base in reversed(self.bases(class_def)[0]):
            if self.is_dataclass(base):
                self._collect_fields(base, merged, seen)
        for own in self.own_fields(class_def):
            merged[own.name] = own

    def _field(self, statement: cst.AnnAssign) -> Optional[DataclassField]:
        assert isinstance(statement.target, cst.Name)
        annotation = statement.annotation.annotation
        parsed = unquoted_annotation(annotation) or annotation
        origin = self.qualified(parsed.value if isinstance(parsed, cst.Subscript) else parsed)
        if origin in ("typing.ClassVar", "dataclasses.KW_ONLY"):
            return None
        found = DataclassField(statement.target.value, annotation, init_only=origin == "dataclasses.InitVar")
        value = statement.value
        if isinstance(value, cst.Call) and self.qualified(value.func) in FIELD_FUNCTIONS:
            found.default = call_keyword(value, "default")
            found.default_factory = call_keyword(value, "default_factory")
            found.init = not is_false(call_keyword(value, "init"))
        else:
            found.default = value
        return found


def _module_level_classes(statements: Sequence[cst.CSTNode]) -> Iterator[cst.ClassDef]:
    """Classes at module level, also inside module-level `if`/`try` blocks (version switches)."""
    for statement in statements:
        if isinstance(statement, cst.ClassDef):
            yield statement
        elif isinstance(statement, (cst.If, cst.Try, cst.Else, cst.ExceptHandler, cst.Finally)):
            for child in tree.children(statement):
                if isinstance(child, cst.IndentedBlock):
                    yield from _module_level_classes(child.body)
                elif isinstance(child, (cst.If, cst.Else, cst.ExceptHandler, cst.Finally)):
                    yield from _module_level_classes([child])
