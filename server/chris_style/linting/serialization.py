"""Writing `to_dict()`/`from_dict()` for a dataclass: what the "Generate to_dict()/from_dict()" refactoring and the
fixes of CS802 and CS803 insert.

The guide gives dataclasses a `to_dict()` instance method returning a dict literal keyed by field name and a
`from_dict()` class method typed with a module-level TypeVar (section 8, Serialization Patterns; section 9,
Nested Dataclass Deserialization). `generate_serialization()` writes both from the class's fields so that
`C.from_dict(c.to_dict()) == c`: nested dataclasses go through their own methods (generated too when they lack
them), enums through `.value`, lists, tuples, sets and dicts of them through comprehensions, and the standard
scalars that `json.dumps` cannot write (datetime, date, time, Decimal, UUID, paths) through strings.

What the generator knows about the module's classes comes from the lint's class index (facts/classes.py).
"""

import enum
import functools
import logging
from dataclasses import dataclass, field
from typing import Callable, Iterator, List, Optional, Sequence, Tuple

import libcst as cst

from chris_style.linting.edits import (
    add_from_import,
    constant_insertion_point,
    constant_line,
    import_insertion_point,
    top_of_code,
)
from chris_style.linting.facts.classes import (
    ClassIndex,
    DataclassField,
    call_keyword,
    class_body_statements,
    is_false,
    is_none,
    own_methods,
    unquoted_annotation,
)
from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import is_docstring

logger = logging.getLogger(__name__)

TO_DICT = "to_dict"
FROM_DICT = "from_dict"
SERIALIZATION_METHODS = (TO_DICT, FROM_DICT)
TYPING_MODULE = "typing"
TYPING_STYLE_BUILTIN = "builtin"
TRUTHINESS_METHODS = ("__bool__", "__len__")
SEQUENCE_ORIGINS = {
    "list": "list", "typing.List": "list", "typing.Sequence": "list", "typing.MutableSequence": "list",
    "typing.Iterable": "list", "typing.Collection": "list",
    "set": "set", "typing.Set": "set", "typing.AbstractSet": "set", "typing.MutableSet": "set",
    "frozenset": "frozenset", "typing.FrozenSet": "frozenset",
}
TUPLE_ORIGINS = frozenset({"tuple", "typing.Tuple"})
MAPPING_ORIGINS = frozenset(
    {"dict", "typing.Dict", "typing.Mapping", "typing.MutableMapping", "typing.DefaultDict", "typing.OrderedDict",
     "collections.OrderedDict", "collections.defaultdict"}
)
# Scalars that json.dumps cannot write: these go out as `.isoformat()` and come back with `fromisoformat()`,
ISO_SCALARS = frozenset({"datetime.datetime", "datetime.date", "datetime.time"})
# and these go out as `str(x)` and come back through their constructor.
STRING_SCALARS = frozenset(
    {"decimal.Decimal", "uuid.UUID", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath",
     "pathlib.PurePosixPath", "pathlib.PureWindowsPath"}
)
# default_factory callables whose result has a literal spelling.
FACTORY_LITERALS = {"list": "[]", "dict": "{}", "tuple": "()"}
# Empty defaults that convert to themselves, by the container (or shape kind) they belong to.
EMPTY_CONTAINERS = {"[]": "list", "()": "tuple", "set()": "set", "frozenset()": "frozenset", "{}": "mapping"}
# Annotations nest rarely more than a few levels; deeper ones are left as they are.
MAX_SHAPE_DEPTH = 8
SPLIT_KEYWORDS = (" if ", " else ", " for ")
# What CS301 counts as branches in an expression (it asks for a docstring from `docstring-min-complexity`).
BRANCH_KEYWORDS = (" if ", " and ", " or ")
# The docstrings of the generated methods.
_DOCSTRINGS = {
    TO_DICT: "The fields as plain values for JSON: nested dataclasses as dicts, enums as their values.",
    FROM_DICT: "An instance from a dict made by to_dict(); missing keys of fields with defaults take the default.",
}


class _Kind(enum.Enum):
    PLAIN = "plain"
    NESTED = "nested"
    ENUM = "enum"
    ISO_SCALAR = "iso scalar"
    STRING_SCALAR = "string scalar"
    OPTIONAL = "optional"
    SEQUENCE = "sequence"
    MAPPING = "mapping"


@dataclass
class _Shape:
    """How a field's value is written to and read from a dict."""

    kind: _Kind
    # NESTED, ENUM and the scalars: the class as written in the annotation; SEQUENCE: list/tuple/set/frozenset.
    name: str = ""
    items: Tuple["_Shape", ...] = ()
    # NESTED: an instance is always truthy and its to_dict() never empty, so the guide's `if x` test is exact.
    truthy: bool = False
    nested_class: Optional[cst.ClassDef] = None


PLAIN = _Shape(_Kind.PLAIN)
_Converter = Callable[..., Optional[str]]


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _variable(name: str, depth: int) -> str:
    return name if depth == 0 else f"{name}_{depth}"


def _is_conditional(code: str) -> bool:
    return any(part.startswith("if ") for part in _split_top_level(code)[1:])


def _parenthesized_if_conditional(code: str) -> str:
    return f"({code})" if _is_conditional(code) else code


def _split_top_level(code: str) -> List[str]:
    """`code` cut before each `if`/`else`/`for` keyword that is outside brackets and strings."""
    parts: List[str] = []
    depth = 0
    start = 0
    quote: Optional[str] = None
    index = 0
    while index < len(code):
        character = code[index]
        if quote is not None:
            if character == "\\":
                index += 2
                continue
            if character == quote:
                quote = None
        elif character in "'\"":
            quote = character
        elif character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
        elif depth == 0 and any(code.startswith(keyword, index) for keyword in SPLIT_KEYWORDS):
            parts.append(code[start:index])
            start = index + 1
        index += 1
    parts.append(code[start:])
    return parts


def _enclosing_bracket(code: str) -> Optional[int]:
    """The index of the first bracket when its match is the last character (`f(x)`, `[a for a in b]`)."""
    opening = next((index for index, character in enumerate(code) if character in "([{"), None)
    if opening is None or code[-1] not in ")]}":
        return None
    depth = 0
    quote: Optional[str] = None
    escaped = False
    for index in range(opening, len(code)):
        character = code[index]
        if quote is not None:
            if not escaped and character == quote:
                quote = None
            escaped = not escaped and character == "\\"
        elif character in "'\"":
            quote = character
        elif character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
            if depth == 0:
                return opening if index == len(code) - 1 else None
    return None


class _Writer:
    """Builds the methods' text for one buffer: quotes, indentation, typing style and line length."""

    def __init__(self, context: RuleContext, index: ClassIndex) -> None:
        self.context = context
        self.index = index
        self.settings = context.settings
        self.unit = context.module.default_indent
        self.builtin_generics = context.settings.typing_style == TYPING_STYLE_BUILTIN

    @functools.cached_property
    def quote(self) -> str:
        return _preferred_quote(self.context.module)

    # -- which classes can be generated, and what their fields look like -------------------------------------

    def generatable(self, class_def: cst.ClassDef) -> bool:
        """A dataclass whose `__init__` takes every stored field: no own `__init__`, no `init=False`, no
        InitVar that `to_dict()` could not give back."""
        decorator = self.index.dataclass_decorator(class_def)
        if decorator is None or not isinstance(class_def.body, cst.IndentedBlock):
            return False
        if isinstance(decorator.decorator, cst.Call) and is_false(call_keyword(decorator.decorator, "init")):
            return False
        if "__init__" in own_methods(class_def):
            return False
        return not any(found.init_only and not found.has_default for found in self.index.fields(class_def))

    def serializable(self, class_def: cst.ClassDef) -> bool:
        return all(
            self.index.find_method(class_def, method) is not None or self.generatable(class_def)
            for method in SERIALIZATION_METHODS
        )

    def shape(self, annotation: Optional[cst.BaseExpression], depth: int = 0) -> _Shape:
        """How a value annotated `annotation` is converted: this module's dataclasses and enums, the standard
        scalars, and the generic containers and optionals around them; anything else goes as it is."""
        if annotation is None or depth > MAX_SHAPE_DEPTH:
            return PLAIN
        parsed = unquoted_annotation(annotation)
        if parsed is None:
            return PLAIN
        if isinstance(parsed, cst.BinaryOperation) and isinstance(parsed.operator, cst.BitOr):
            return self._union(list(_union_members(parsed)), depth)
        if isinstance(parsed, cst.Subscript):
            return self._generic(parsed, depth)
        local = self.index.local_class(parsed)
        if local is not None:
            if self.index.is_enum(local):
                return _Shape(_Kind.ENUM, _code(parsed))
            if self.serializable(local):
                return _Shape(_Kind.NESTED, _code(parsed), truthy=self._always_truthy(local), nested_class=local)
            return PLAIN
        origin = self.index.qualified(parsed)
        if origin in ISO_SCALARS and self.index.is_imported(parsed):
            return _Shape(_Kind.ISO_SCALAR, _code(parsed))
        if origin in STRING_SCALARS and self.index.is_imported(parsed):
            return _Shape(_Kind.STRING_SCALAR, _code(parsed))
        if origin in TUPLE_ORIGINS:
            return _Shape(_Kind.SEQUENCE, "tuple", (PLAIN,))
        if origin is not None and SEQUENCE_ORIGINS.get(origin) in ("set", "frozenset"):
            return _Shape(_Kind.SEQUENCE, SEQUENCE_ORIGINS[origin], (PLAIN,))
        return PLAIN

    def _generic(self, annotation: cst.Subscript, depth: int) -> _Shape:
        origin = self.index.qualified(annotation.value)
        arguments = [element.slice.value for element in annotation.slice if isinstance(element.slice, cst.Index)]
        if origin == "typing.Optional" and len(arguments) == 1:
            return _optional(self.shape(arguments[0], depth + 1))
        if origin == "typing.Union":
            return self._union(arguments, depth)
        if origin == "typing.Annotated" and arguments:
            return self.shape(arguments[0], depth + 1)
        if origin in TUPLE_ORIGINS:
            if len(arguments) == 2 and isinstance(arguments[1], cst.Ellipsis):
                return _Shape(_Kind.SEQUENCE, "tuple", (self.shape(arguments[0], depth + 1),))
            return _Shape(_Kind.SEQUENCE, "tuple", (PLAIN,))
        if origin in SEQUENCE_ORIGINS and len(arguments) == 1:
            return _Shape(_Kind.SEQUENCE, SEQUENCE_ORIGINS[origin], (self.shape(arguments[0], depth + 1),))
        if origin in MAPPING_ORIGINS and len(arguments) == 2:
            return _Shape(
                _Kind.MAPPING, items=(self.shape(arguments[0], depth + 1), self.shape(arguments[1], depth + 1))
            )
        return PLAIN

    def _union(self, members: List[cst.BaseExpression], depth: int) -> _Shape:
        others = [member for member in members if not is_none(member)]
        if len(others) != 1:
            return PLAIN
        inner = self.shape(others[0], depth + 1)
        return _optional(inner) if len(others) < len(members) else inner

    def _always_truthy(self, class_def: cst.ClassDef) -> bool:
        """Every instance is truthy and its to_dict() is a non-empty dict: the guide's `if x` is then exact."""
        if self.index.has_unknown_ancestry(class_def):
            return False
        for current in [class_def, *self.index.ancestors(class_def)]:
            if any(name in own_methods(current) for name in TRUTHINESS_METHODS):
                return False
        if not [found for found in self.index.fields(class_def) if not found.init_only]:
            return False
        existing = self.index.find_method(class_def, TO_DICT)
        return existing is None or _returns_non_empty_dict(existing[1])

    # -- writing values ---------------------------------------------------------------------------------------

    def to_value(self, shape: _Shape, value: str, depth: int = 0) -> Optional[str]:
        """The expression writing `value` into the dict, or None when it goes in as it is."""
        if shape.kind is _Kind.NESTED:
            return f"{value}.{TO_DICT}()"
        if shape.kind is _Kind.ENUM:
            return f"{value}.value"
        if shape.kind is _Kind.ISO_SCALAR:
            return f"{value}.isoformat()"
        if shape.kind is _Kind.STRING_SCALAR:
            return f"str({value})"
        if shape.kind is _Kind.OPTIONAL:
            inner = self.to_value(shape.items[0], value, depth)
            if inner is None:
                return None
            test = value if shape.items[0].truthy else f"{value} is not None"
            return f"{inner} if {test} else None"
        if shape.kind is _Kind.SEQUENCE:
            item = _variable("item", depth)
            inner = self.to_value(shape.items[0], item, depth + 1)
            if inner is None:
                return f"list({value})" if shape.name in ("set", "frozenset") else None
            return f"[{inner} for {item} in {value}]"
        if shape.kind is _Kind.MAPPING:
            return self._mapping(shape, value, depth, self.to_value)
        return None

    def from_value(self, shape: _Shape, value: str, depth: int = 0, presence: Optional[str] = None) -> Optional[str]:
        """The expression reading `value` back from the dict, or None when it is used as it is. `presence` is
        the guide's `input.get('x')` test for an optional field at the top level."""
        if shape.kind is _Kind.NESTED:
            return f"{shape.name}.{FROM_DICT}({value})"
        if shape.kind in (_Kind.ENUM, _Kind.STRING_SCALAR):
            return f"{shape.name}({value})"
        if shape.kind is _Kind.ISO_SCALAR:
            return f"{shape.name}.fromisoformat({value})"
        if shape.kind is _Kind.OPTIONAL:
            inner = self.from_value(shape.items[0], value, depth)
            if inner is None:
                return None
            tested = presence or value
            test = tested if shape.items[0].truthy else f"{tested} is not None"
            return f"{inner} if {test} else None"
        if shape.kind is _Kind.SEQUENCE:
            item = _variable("item", depth)
            inner = self.from_value(shape.items[0], item, depth + 1)
            if shape.name == "list":
                return None if inner is None else f"[{inner} for {item} in {value}]"
            if inner is None:
                return f"{shape.name}({value})"
            if shape.name == "set":
                return f"{{{inner} for {item} in {value}}}"
            return f"{shape.name}({inner} for {item} in {value})"
        if shape.kind is _Kind.MAPPING:
            return self._mapping(shape, value, depth, self.from_value)
        return None

    def _mapping(self, shape: _Shape, value: str, depth: int, convert: _Converter) -> Optional[str]:
        key, item = _variable("key", depth), _variable("value", depth)
        key_code = convert(shape.items[0], key, depth + 1)
        item_code = convert(shape.items[1], item, depth + 1)
        if key_code is None and item_code is None:
            return None
        return f"{{{key_code or key}: {item_code or item} for {key}, {item} in {value}.items()}}"

    # -- the methods ------------------------------------------------------------------------------------------

    def string(self, text: str) -> str:
        return f"{self.quote}{text}{self.quote}"

    def generic(self, typing_name: str) -> str:
        return typing_name.lower() if self.builtin_generics else typing_name

    def field_shape(self, found: DataclassField) -> _Shape:
        shape = self.shape(found.annotation)
        if is_none(found.default) and shape.kind is not _Kind.OPTIONAL:
            # `previous: ConfigDetails = None` (the guide's recursive structures): optional in all but name.
            return _optional(shape)
        return shape

    def to_dict_lines(self, class_def: cst.ClassDef, indent: str) -> Tuple[List[str], List[str]]:
        """The method's header lines and body lines."""
        body = indent + self.unit
        entries: List[Tuple[str, str]] = []
        for found in self.index.fields(class_def):
            if found.init_only:
                continue
            attribute = f"self.{found.name}"
            value = self.to_value(self.field_shape(found), attribute) or attribute
            entries.append((f"{self.string(found.name)}: ", value))
        header = [f"{indent}def {TO_DICT}(self) -> {self.generic('Dict')}[str, Any]:"]
        if not entries:
            return header, [f"{body}return {{}}"]
        return header, [f"{body}return {{", *self._entries(entries, body + self.unit), f"{body}}}"]

    def from_dict_lines(self, class_def: cst.ClassDef, indent: str) -> Tuple[List[str], List[str]]:
        """The method's header lines (decorator and signature) and body lines."""
        body = indent + self.unit
        type_var = type_var_name(class_def)
        entries = [
            (f"{found.name}=", self._read(found))
            for found in self.index.fields(class_def)
            if found.init and not found.init_only
        ]
        parameters = f"cls: {self.generic('Type')}[{type_var}], input: {self.generic('Dict')}[str, Any]"
        signature = f"{indent}def {FROM_DICT}({parameters}) -> {type_var}:"
        header = [f"{indent}@classmethod"]
        if len(signature) > self.settings.line_length:
            header.extend([f"{indent}def {FROM_DICT}(", f"{body}{parameters}", f"{indent}) -> {type_var}:"])
        else:
            header.append(signature)
        if not entries:
            return header, [f"{body}return cls()"]
        return header, [f"{body}return cls(", *self._entries(entries, body + self.unit), f"{body})"]

    def _entries(self, entries: List[Tuple[str, str]], indent: str) -> List[str]:
        lines: List[str] = []
        for position, (prefix, value) in enumerate(entries):
            suffix = "," if position + 1 < len(entries) else ""
            lines.extend(self.wrapped(prefix, value, suffix, indent))
        return lines

    def _read(self, found: DataclassField) -> str:
        key = self.string(found.name)
        item = f"input[{key}]"
        shape = self.field_shape(found)
        converted = self.from_value(shape, item, presence=f"input.get({key})")
        if not found.has_default:
            return converted or item
        default = self._default_code(found)
        if converted is None:
            return f"input.get({key}, {default})"
        if EMPTY_CONTAINERS.get(default) == (shape.name if shape.kind is _Kind.SEQUENCE else shape.kind.value):
            # Converting an empty default gives it back: read through `input.get()` as the guide does.
            return self.from_value(shape, f"input.get({key}, {default})") or converted
        if shape.kind is _Kind.OPTIONAL and is_none(found.default):
            # The presence test already answers None for a missing key, which is the default.
            return converted
        return f"{_parenthesized_if_conditional(converted)} if {key} in input else {default}"

    def _default_code(self, found: DataclassField) -> str:
        if found.default is not None:
            return _code(found.default)
        factory = found.default_factory
        assert factory is not None
        if isinstance(factory, cst.Name) and factory.value in FACTORY_LITERALS:
            return FACTORY_LITERALS[factory.value]
        if isinstance(factory, cst.Lambda) and not _has_parameters(factory.params):
            return _code(factory.body)
        return f"{_code(factory)}()"

    def wrapped(self, prefix: str, value: str, suffix: str, indent: str) -> List[str]:
        """`prefix value suffix` on one line when it fits in line-length, else broken inside parentheses at
        the top-level `if`/`else`/`for` keywords, or inside the value's own brackets, as deep as needed."""
        line = f"{indent}{prefix}{value}{suffix}"
        if len(line) <= self.settings.line_length:
            return [line]
        inner = indent + self.unit
        parts = [part.strip() for part in _split_top_level(value)]
        if len(parts) > 1:
            lines = [f"{indent}{prefix}("]
            for part in parts:
                lines.extend(self.wrapped("", part, "", inner))
            return [*lines, f"{indent}){suffix}"]
        opening = _enclosing_bracket(value)
        if opening is None:
            return [line]
        head, content, closing = value[: opening + 1], value[opening + 1 : -1], value[-1]
        lines = [f"{indent}{prefix}{head}"]
        for piece in _split_top_level(content):
            lines.extend(self.wrapped("", piece.strip(), "", inner))
        return [*lines, f"{indent}{closing}{suffix}"]

    def method_text(self, class_def: cst.ClassDef, method: str, indent: str, docstring: Optional[str]) -> List[str]:
        """The method's lines at `indent`; `docstring` (code) is kept, or one is written when CS301 would ask."""
        lines_of = self.to_dict_lines if method == TO_DICT else self.from_dict_lines
        header, body = lines_of(class_def, indent)
        if docstring is None and self._needs_docstring(body):
            docstring = f'"""{_DOCSTRINGS[method]}"""'
        if docstring is not None:
            body.insert(0, f"{indent}{self.unit}{docstring}")
        return header + body

    def _needs_docstring(self, lines: List[str]) -> bool:
        """CS301 asks for a docstring once a body branches enough: conditional expressions and `and`/`or`
        count (comprehension loops do not)."""
        text = "\n".join(lines)
        branches = sum(text.count(keyword) for keyword in BRANCH_KEYWORDS)
        return 1 + branches >= self.settings.docstring_min_complexity


def _has_parameters(params: cst.Parameters) -> bool:
    return bool(params.params or params.posonly_params or params.kwonly_params or params.star_kwarg) or isinstance(
        params.star_arg, cst.Param
    )


def _optional(inner: _Shape) -> _Shape:
    return PLAIN if inner.kind is _Kind.PLAIN else _Shape(_Kind.OPTIONAL, items=(inner,))


def _union_members(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        yield from _union_members(node.left)
        yield from _union_members(node.right)
    else:
        yield node


def _returns_non_empty_dict(method: cst.FunctionDef) -> bool:
    statements = [
        statement
        for statement in (method.body.body if isinstance(method.body, cst.IndentedBlock) else ())
        if not is_docstring(statement)
    ]
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return False
    small = statements[0].body[0]
    return (
        isinstance(small, cst.Return)
        and isinstance(small.value, cst.Dict)
        and any(isinstance(element, cst.DictElement) for element in small.value.elements)
    )


class _QuoteCounter(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.single = 0
        self.double = 0

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        quote = node.quote
        if len(quote) == 1:
            if quote == "'":
                self.single += 1
            else:
                self.double += 1


def _preferred_quote(module: cst.Module) -> str:
    """The quote most of the module's one-line strings use (double quotes when there is no majority)."""
    counter = _QuoteCounter()
    module.visit(counter)
    return "'" if counter.single > counter.double else '"'


def type_var_name(class_def: cst.ClassDef) -> str:
    return f"T_{class_def.name.value}"


def _module_binds(module: cst.Module, name: str) -> bool:
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                targets: List[cst.BaseExpression] = []
                if isinstance(small, cst.Assign):
                    targets = [target.target for target in small.targets]
                elif isinstance(small, cst.AnnAssign):
                    targets = [small.target]
                if any(isinstance(target, cst.Name) and target.value == name for target in targets):
                    return True
    return False


@dataclass
class _Plan:
    """The methods to write on one class (an existing method of the same name is replaced)."""

    class_def: cst.ClassDef
    methods: List[str] = field(default_factory=list)


def _nested_classes(shape: _Shape) -> Iterator[cst.ClassDef]:
    if shape.nested_class is not None:
        yield shape.nested_class
    for item in shape.items:
        yield from _nested_classes(item)


def _plans(writer: _Writer, target: cst.ClassDef, methods: Sequence[str]) -> List[_Plan]:
    """The target's methods, plus the missing ones of the module's dataclasses its fields nest (transitively)."""
    plans = [_Plan(target, list(methods))]
    seen = {id(target)}
    queue = [plans[0]]
    while queue:
        plan = queue.pop()
        for found in writer.index.fields(plan.class_def):
            for nested in _nested_classes(writer.field_shape(found)):
                if id(nested) in seen:
                    continue
                missing = [method for method in methods if writer.index.find_method(nested, method) is None]
                if missing and writer.generatable(nested):
                    seen.add(id(nested))
                    nested_plan = _Plan(nested, missing)
                    plans.append(nested_plan)
                    queue.append(nested_plan)
    return plans


def can_generate(context: RuleContext, class_def: cst.ClassDef) -> bool:
    """True when the refactoring applies: a dataclass whose `__init__` takes its stored fields."""
    return _Writer(context, context.facts.classes).generatable(class_def)


def generate_serialization(
    context: RuleContext,
    class_def: cst.ClassDef,
    methods: Sequence[str] = SERIALIZATION_METHODS,
) -> List[Edit]:
    """Text edits giving the dataclass `class_def` the requested methods (`to_dict`, `from_dict`) in the guide's
    shape. A method of that name already in the class body is replaced (keeping its docstring); the module's
    dataclasses that the fields nest get the methods they lack; the `typing` imports and the `T_<Class>`
    TypeVar are added. Empty when the class cannot be generated for (see `can_generate`)."""
    writer = _Writer(context, context.facts.classes)
    if not writer.generatable(class_def):
        return []
    edits: List[Edit] = []
    needs_from_dict: List[cst.ClassDef] = []
    for plan in _plans(writer, class_def, methods):
        edits.extend(_class_edits(writer, plan))
        if FROM_DICT in plan.methods:
            needs_from_dict.append(plan.class_def)
    edits.extend(_module_edits(writer, needs_from_dict))
    return _merged(edits)


def _class_edits(writer: _Writer, plan: _Plan) -> List[Edit]:
    context = writer.context
    statements = class_body_statements(plan.class_def)
    first_line = context.range_of(statements[0]).start.line
    first_text = context.source.line_text(first_line)
    indent = first_text[: len(first_text) - len(first_text.lstrip())]
    newline = context.source.newline
    existing = own_methods(plan.class_def)
    edits: List[Edit] = []
    added: List[str] = []
    for method in plan.methods:
        current = existing.get(method)
        if current is None:
            added.extend(["", *writer.method_text(plan.class_def, method, indent, None)])
            continue
        docstring = None
        body = current.body
        if isinstance(body, cst.IndentedBlock) and body.body and is_docstring(body.body[0]):
            docstring = context.code_for(body.body[0].body[0]).strip()
        lines = writer.method_text(plan.class_def, method, indent, docstring)
        start_node: cst.CSTNode = current.decorators[0] if current.decorators else current
        start = context.range_of(start_node).start
        text = newline.join(lines)[len(indent) :]
        edits.append(Edit(TextRange(start, context.range_of(current).end), text))
    if added:
        last_line = context.range_of(statements[-1]).end.line
        position = Position(last_line + 1, 0)
        content = newline.join(added) + newline
        text = context.source.text
        if context.source.offset(position) == len(text) and not text.endswith(("\n", "\r")):
            content = newline + content
        edits.append(Edit(TextRange(position, position), content))
    return edits


def _module_edits(writer: _Writer, needs_from_dict: List[cst.ClassDef]) -> List[Edit]:
    context = writer.context
    names = ["Any"]
    if not writer.builtin_generics:
        names.append("Dict")
    if needs_from_dict:
        names.append("TypeVar")
        if not writer.builtin_generics:
            names.append("Type")
    edits = from_import_edits(context, TYPING_MODULE, sorted(names))
    type_vars = ""
    newline = context.source.newline
    for class_def in needs_from_dict:
        name = type_var_name(class_def)
        if _module_binds(context.module, name):
            continue
        arguments = f"{writer.string(name)}, bound={writer.string(class_def.name.value)}"
        value = f"TypeVar({arguments})"
        if len(f"{name} = {value}") > writer.settings.line_length:
            value = f"TypeVar({newline}{writer.unit}{arguments}{newline})"
        type_vars += constant_line(context, name, value)
    if type_vars:
        position = constant_insertion_point(context)
        imports_end = import_insertion_point(context)
        if position == imports_end and position != top_of_code(context):
            # Right below the imports: keep the blank line that separates them from code.
            type_vars = newline + type_vars
        edits.append(Edit(TextRange(position, position), type_vars))
    return edits


def from_import_edits(context: RuleContext, module_name: str, names: Sequence[str]) -> List[Edit]:
    """One edit importing every missing name of `names` from `module_name`: the shared helper adds one name at a
    time, and two of its edits at one point would overlap inside a single fix."""
    missing = [name for name in names if add_from_import(context, module_name, name) is not None]
    if not missing:
        return []
    first = add_from_import(context, module_name, missing[0])
    assert first is not None
    head, _, tail = first.content.rpartition(missing[0])
    return [Edit(first.range, head + ", ".join(missing) + tail)]


def _merged(edits: List[Edit]) -> List[Edit]:
    """Insertions at one point become one edit (in order), so that the fix's own edits never overlap."""
    merged: List[Edit] = []
    for edit in edits:
        same = next(
            (
                index
                for index, earlier in enumerate(merged)
                if earlier.range == edit.range and edit.range.start == edit.range.end
            ),
            None,
        )
        if same is None:
            merged.append(edit)
        else:
            merged[same] = Edit(edit.range, merged[same].content + edit.content)
    return merged


def generated_entries(
    context: RuleContext, class_def: cst.ClassDef, method: str, names: Sequence[str]
) -> List[Tuple[str, str, str]]:
    """The entries the generator writes for the fields `names`, in field order, as (field, prefix, value):
    `"name": value` of `to_dict()`, `name=value` of `from_dict()` (serialization_update.py merges them into a
    stale method)."""
    writer = _Writer(context, context.facts.classes)
    wanted = set(names)
    entries: List[Tuple[str, str, str]] = []
    for found in writer.index.fields(class_def):
        if found.name not in wanted or found.init_only:
            continue
        if method == TO_DICT:
            attribute = f"self.{found.name}"
            value = writer.to_value(writer.field_shape(found), attribute) or attribute
            entries.append((found.name, f"{writer.string(found.name)}: ", value))
        elif found.init:
            entries.append((found.name, f"{found.name}=", writer._read(found)))
    return entries


def wrapped_entry(context: RuleContext, prefix: str, value: str, suffix: str, indent: str) -> List[str]:
    """One generated entry's lines at `indent`, broken as the generator breaks them to fit `line-length`."""
    return _Writer(context, context.facts.classes).wrapped(prefix, value, suffix, indent)


def nested_serialization(context: RuleContext, class_def: cst.ClassDef, methods: Sequence[str]) -> List[Edit]:
    """Edits giving the module's dataclasses that `class_def`'s fields nest (transitively) the `methods` they
    lack, with their TypeVars and `typing` imports: what entries generated for `class_def` call."""
    writer = _Writer(context, context.facts.classes)
    plans = _plans(writer, class_def, methods)[1:]
    if not plans:
        return []
    edits: List[Edit] = []
    for plan in plans:
        edits.extend(_class_edits(writer, plan))
    edits.extend(_module_edits(writer, [plan.class_def for plan in plans if FROM_DICT in plan.methods]))
    return _merged(edits)
