"""Section 2 of the guide: Type System & Annotations."""

import re
from dataclasses import dataclass
from typing import Iterator, List, Mapping, Optional, Sequence, Tuple

import libcst as cst
import libcst.matchers as m
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.edits import typing_reference
from chris_style.linting.facts.module_names import TYPING_MODULE, ModuleNames
from chris_style.linting.rule import Edit, Files, Fix, FixSafety, Invalid, Rule, RuleContext, Valid
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import import_name

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
# CS202: decorators that mark a signature without an implementation (no `-> None` guess for those).
STUB_DECORATORS = frozenset({"abstractmethod", "overload"})


def _own_body_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node of a function's body that belongs to the function itself (not to nested defs/lambdas)."""
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in tree.children(current):
            if not isinstance(child, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                stack.append(child)


class MissingParameterAnnotation(Rule):
    """A parameter of a public function or method has no type annotation.

    The guide asks for "comprehensive type hints on function signatures". Exempt: the first parameter of a
    method (`self`/`cls`), lambdas, functions nested in other functions, and test files (the guide's own tests
    and fixtures are unannotated). `*args` and `**kwargs` count as parameters.
    """

    code = "CS201"
    name = "missing-parameter-annotation"
    priority = Priority.CRITICAL
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "Parameter `{parameter}` of public function `{function}` has no type annotation"
    files = Files.NOT_TESTS
    VALID = [
        "def plan(expected_traffic: float, azs: List[str]) -> Plan:\n    return Plan()\n",
        "class Client:\n    def get(self, key: str) -> str:\n        return key\n",
        "class Client:\n    @classmethod\n    def build(cls) -> 'Client':\n        return cls()\n",
        "def _helper(value):\n    return value\n",
        "def outer(x: int) -> None:\n    def inner(y):\n        return y\n",
        "square = lambda value: value * value\n",
        Valid("def test_WHEN_x_THEN_y(fixture):\n    assert 1 == fixture\n", path="tests/test_example.py"),
    ]
    INVALID = [
        Invalid("def plan(expected_traffic, azs: List[str]) -> None:\n    pass\n"),
        Invalid("def call(*args, **kwargs) -> None:\n    pass\n", count=2),
        Invalid("class Client:\n    def __init__(self, profile='default') -> None:\n        self.profile = profile\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self.context.is_public(node):
            return
        is_method = self.context.enclosing_class() is not None
        is_static = any(m.matches(d.decorator, m.Name("staticmethod")) for d in node.decorators)
        params = node.params
        ordered: List[cst.Param] = [*params.posonly_params, *params.params]
        if is_method and not is_static and ordered:
            ordered = ordered[1:]
        if isinstance(params.star_arg, cst.Param):
            ordered.append(params.star_arg)
        ordered.extend(params.kwonly_params)
        if params.star_kwarg is not None:
            ordered.append(params.star_kwarg)
        for param in ordered:
            if param.annotation is None:
                self.report(param.name, parameter=param.name.value, function=node.name.value)


class MissingReturnAnnotation(Rule):
    """A public function or method has no return type annotation (`->`), `__init__` included.

    The guide's first CRITICAL typing guideline: signatures say what they return. Test files are exempt.

    Fix (safe): add `-> None` when the body has no `return <value>` and no `yield`; otherwise no fix, since
    the type cannot be known for sure. Stubs get no fix either (`...` or `raise NotImplementedError` bodies,
    `@abstractmethod`, `@overload`): their body says nothing about what implementations return.
    """

    code = "CS202"
    name = "missing-return-annotation"
    priority = Priority.CRITICAL
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "Public function `{name}` has no return type annotation"
    files = Files.NOT_TESTS
    fix_safety = FixSafety.SAFE
    VALID = [
        "def get_cluster_name(self) -> str:\n    return self._cluster_name\n",
        "def _private():\n    pass\n",
        "def outer() -> None:\n    def inner():\n        pass\n",
        Valid("def helper():\n    pass\n", path="tests/conftest.py"),
    ]
    INVALID = [
        Invalid("class Reader(Protocol):\n    def read(self, size: int): ...\n"),
        Invalid("class Base(ABC):\n    @abstractmethod\n    def plan(self):\n        pass\n"),
        Invalid("class Base:\n    def plan(self):\n        raise NotImplementedError()\n"),
        Invalid("def run(command: str):\n    print(command)\n", fixed="def run(command: str) -> None:\n    print(command)\n"),
        Invalid(
            "class Plan:\n    def __init__(self, size: int) :\n        self.size = size\n",
            fixed="class Plan:\n    def __init__(self, size: int) -> None :\n        self.size = size\n",
        ),
        Invalid(
            "def run(\n    command: str,  # the shell command\n):  # run it\n    return None\n",
            fixed="def run(\n    command: str,  # the shell command\n) -> None:  # run it\n    return None\n",
        ),
        Invalid("def size(values: List[int]):\n    return len(values)\n"),
        Invalid("def items(values: List[int]):\n    yield from values\n"),
        Invalid("async def fetch(url: str):\n    await get(url)\n", fixed="async def fetch(url: str) -> None:\n    await get(url)\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.returns is not None or not self.context.is_public(node):
            return
        fixes: List[Fix] = []
        if not _returns_or_yields(node) and not _is_stub(node):
            position = self._closing_paren_end(node)
            if position is not None:
                fixes.append(self.fix("Add `-> None`", FixSafety.SAFE, self.insert_at(position, " -> None")))
        self.report(node.name, fixes=fixes, name=node.name.value)

    def _closing_paren_end(self, node: cst.FunctionDef) -> Optional[Position]:
        """Where `-> None` goes: right after the `)` that closes the parameters (found from the colon back)."""
        body_start = self.context.range_of(node.body).start
        name_end = self.context.range_of(node.name).end
        text = self.source.text
        start_offset = self.source.offset(name_end)
        # The body starts after the colon; search backwards from the colon for the closing parenthesis,
        # skipping the whitespace and comments that libcst keeps between `)` and `:`.
        header = text[start_offset : self.source.offset(body_start)]
        colon = _header_colon(header)
        if colon is None:
            return None
        paren = header.rfind(")", 0, colon)
        if paren == -1:
            return None
        return self.source.position(start_offset + paren + 1)


def _header_colon(header: str) -> Optional[int]:
    """The index of the `:` ending a def header, skipping strings and comments inside the parameters."""
    depth = 0
    index = 0
    quote: Optional[str] = None
    while index < len(header):
        character = header[index]
        if quote is not None:
            if character == "\\":
                index += 2
                continue
            if header.startswith(quote, index):
                index += len(quote)
                quote = None
                continue
        elif character == "#":
            newline = header.find("\n", index)
            index = len(header) if newline == -1 else newline
            continue
        elif character in "\"'":
            quote = header[index : index + 3] if header[index : index + 3] in ('"""', "'''") else character
            index += len(quote)
            continue
        elif character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
        elif character == ":" and depth == 0:
            return index
        index += 1
    return None


def _is_stub(function: cst.FunctionDef) -> bool:
    """A signature whose body says nothing about what it returns: `...`, `raise NotImplementedError`, an
    `@abstractmethod` or `@overload`. `-> None` there would be a wrong type, so no fix is offered."""
    for decorator in function.decorators:
        expression = decorator.decorator
        name = expression.attr.value if isinstance(expression, cst.Attribute) else getattr(expression, "value", "")
        if name in STUB_DECORATORS:
            return True
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else [function.body]
    statements = [s for s in body if not m.matches(s, m.SimpleStatementLine(body=[m.Expr(m.SimpleString())]))]
    if len(statements) != 1:
        return False
    not_implemented = m.Name("NotImplementedError") | m.Call(func=m.Name("NotImplementedError"))
    stub_statement = [m.Expr(m.Ellipsis()) | m.Raise(exc=not_implemented)]
    return m.matches(
        statements[0], m.SimpleStatementLine(body=stub_statement) | m.SimpleStatementSuite(body=stub_statement)
    )


def _returns_or_yields(function: cst.FunctionDef) -> bool:
    for node in _own_body_nodes(function.body):
        if isinstance(node, cst.Yield):
            return True
        if isinstance(node, cst.Return) and node.value is not None and not m.matches(node.value, m.Name("None")):
            return True
    return False


# --- Walking type expressions, string annotations included -----------------------------------------------


class StringAnnotation:
    """A forward reference such as `"List[int]"` parsed into its own expression, with positions mapped back
    into the buffer. Only single-line strings without escapes are parsed, so every column maps 1:1."""

    def __init__(
        self,
        string: cst.SimpleString,
        expression: cst.BaseExpression,
        inner: cst.Module,
        offset: int,
        outer: Optional["StringAnnotation"],
    ) -> None:
        self.string = string
        self.expression = expression
        self._inner = inner
        self._offset = offset
        self._outer = outer
        self._positions: Optional[Mapping[cst.CSTNode, CodeRange]] = None

    @classmethod
    def parse(cls, string: cst.SimpleString, outer: Optional["StringAnnotation"]) -> Optional["StringAnnotation"]:
        """The string's content parsed as one expression; None for strings whose columns would not map 1:1
        (escapes, line breaks, byte or f-strings) and for content that is not a single expression."""
        raw = string.raw_value
        has_escapes = "\\" in raw or "\n" in raw or "\r" in raw
        content = raw.strip()
        if has_escapes or string.prefix.lower() not in ("", "r", "u") or not content:
            return None
        try:
            inner = cst.parse_module(content)
        except cst.ParserSyntaxError:
            return None
        statement = inner.body[0] if len(inner.body) == 1 else None
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return None
        expression = statement.body[0]
        if not isinstance(expression, cst.Expr):
            return None
        offset = len(string.prefix) + len(string.quote) + len(raw) - len(raw.lstrip())
        return cls(string, expression.value, inner, offset, outer)

    def range_of(self, context: RuleContext, node: cst.CSTNode) -> TextRange:
        """The buffer range of a node of the parsed expression."""
        if self._positions is None:
            self._positions = MetadataWrapper(self._inner, unsafe_skip_copy=True).resolve(PositionProvider)
        inner = self._positions[node]
        outer = self._outer
        string_range = context.range_of(self.string) if outer is None else outer.range_of(context, self.string)
        line = string_range.start.line
        column = string_range.start.column + self._offset
        return TextRange(Position(line, column + inner.start.column), Position(line, column + inner.end.column))


@dataclass
class TypeNode:
    """A node of a type expression, its parent, and the string annotation it was parsed from (if any)."""

    node: cst.CSTNode
    parent: Optional[cst.CSTNode]
    string: Optional[StringAnnotation]

    def range(self, context: RuleContext, node: Optional[cst.CSTNode] = None) -> TextRange:
        target = self.node if node is None else node
        return context.range_of(target) if self.string is None else self.string.range_of(context, target)


def annotation_scope(ancestors: Sequence[cst.CSTNode]) -> Optional[cst.ClassDef]:
    """The class whose namespace an annotation is evaluated in: a method's parameter and return annotations
    and a class-level variable annotation see the class body's names; a function body does not."""
    index = len(ancestors) - 1
    while index >= 0:
        ancestor = ancestors[index]
        child = ancestors[index + 1] if index + 1 < len(ancestors) else None
        if isinstance(ancestor, cst.FunctionDef) and child is ancestor.body:
            return None
        if isinstance(ancestor, cst.ClassDef) and child is ancestor.body:
            return ancestor
        index -= 1
    return None


def _subscript_head(node: cst.Subscript) -> str:
    value = node.value
    if isinstance(value, cst.Attribute):
        return value.attr.value
    return value.value if isinstance(value, cst.Name) else ""


def type_expression_nodes(expression: cst.BaseExpression) -> Iterator[TypeNode]:
    """Every node of a type expression, parsing string forward references. What is not a type is skipped:
    the contents of `Literal[...]`, the metadata of `Annotated[...]` and the arguments of calls."""
    stack: List[Tuple[cst.CSTNode, Optional[cst.CSTNode], Optional[StringAnnotation]]] = [(expression, None, None)]
    while stack:
        node, parent, string = stack.pop()
        yield TypeNode(node, parent, string)
        children: Sequence[cst.CSTNode] = tree.children(node)
        if isinstance(node, cst.Subscript):
            head = _subscript_head(node)
            if head == "Literal":
                children = [node.value]
            elif head == "Annotated":
                children = [node.value, *node.slice[:1]]
        elif isinstance(node, cst.Call):
            children = [node.func]
        elif isinstance(node, cst.SimpleString):
            parsed = StringAnnotation.parse(node, string)
            if parsed is not None:
                stack.append((parsed.expression, node, parsed))
            continue
        stack.extend((child, node, string) for child in reversed(children))


def _is_attribute_name(located: TypeNode) -> bool:
    """True for the `List` of `typing.List`: a name that is an attribute, not a variable."""
    return isinstance(located.parent, cst.Attribute) and located.parent.attr is located.node


# --- CS203, CS204 -------------------------------------------------------------------------------------------


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

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._names: Optional[ModuleNames] = None

    @property
    def names(self) -> ModuleNames:
        if self._names is None:
            self._names = self.context.facts.module_names
        return self._names

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
    VALID = [
        "from typing import Any, Dict\n\n\ndef load(data: Dict[str, Any]) -> Any:\n    return any(data)\n",
        "def has_items(values: List[int]) -> bool:\n    return any(values)\n",
        "from typing import Literal\n\n\ndef mode(value: Literal['any', 'all']) -> None:\n    pass\n",
        "from mylib import any\n\n\ndef load(data: any) -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "from typing import Dict, Type\n\n\ndef from_dict(cls: Type[T], input: Dict[str, any]) -> T:\n    pass\n",
            fixed="from typing import Dict, Type, Any\n\n\ndef from_dict(cls: Type[T], input: Dict[str, Any]) -> T:\n"
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

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._names: Optional[ModuleNames] = None

    @property
    def names(self) -> ModuleNames:
        if self._names is None:
            self._names = self.context.facts.module_names
        return self._names

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
