"""CS804 interface-without-abc: a class declares methods that only raise NotImplementedError without deriving
from `ABC`."""

import logging
from typing import Iterator, List, Sequence, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.facts.classes import ClassIndex, own_methods
from chris_style.linting.rule import Edit, FixSafety, Invalid, Rule
from chris_style.linting.serialization import from_import_edits
from chris_style.linting.source import Position
from chris_style.linting.syntax import is_docstring, is_name
from chris_style.rules.design._shared import EXCEPTION_NAME_SUFFIXES, _decorator_names

logger = logging.getLogger(__name__)

# CS804: dunder methods that raise NotImplementedError to refuse an operation, not to declare an interface.
REFUSING_DUNDERS = frozenset(
    {"__init__", "__new__", "__init_subclass__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__",
     "__copy__", "__deepcopy__", "__hash__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
     "__bool__", "__setattr__", "__delattr__", "__setitem__", "__delitem__", "__get__", "__set__", "__delete__",
     "__class_getitem__", "__fspath__", "__index__", "__int__", "__float__"}
)
ABC_NAMES = frozenset({"abc.ABC"})
PROTOCOL_NAMES = frozenset({"typing.Protocol"})
ABC_MODULE = "abc"


def _function_statements(function: cst.FunctionDef) -> Sequence[cst.BaseStatement]:
    body = function.body
    return body.body if isinstance(body, cst.IndentedBlock) else ()


class InterfaceWithoutAbc(Rule):
    """A class declares interface methods (bodies that only `raise NotImplementedError`) without deriving from
    `ABC`.

    The guide defines interfaces with `ABC` and `@abstractmethod` (Abstract Base Classes): a subclass that
    forgets a method then fails when it is created, not when the method is first called in production. A
    method counts when its body is only `raise NotImplementedError` (with or without arguments, after an
    optional docstring). Not reported: classes that already use `ABC`/`ABCMeta` (also through a base of this
    module), `Protocol` classes, exception classes, classes with another metaclass or with a base from another
    module (it may be abstract already, or have a metaclass that `ABC` would conflict with), classes that the
    module itself instantiates (they are concrete: the method refuses an operation), dunder methods that raise
    NotImplementedError to refuse an operation (`__eq__`, `__hash__`, `__setitem__`, ...), and methods that
    override a concrete method of a base to refuse it.

    Fix (unsafe): derive from `ABC` (replacing an explicit `object` base) and mark those methods
    `@abstractmethod`, adding `from abc import ABC, abstractmethod`. Unsafe because the class (and any subclass
    that does not implement every such method) can no longer be instantiated.
    """

    code = "CS804"
    name = "interface-without-abc"
    priority = Priority.PREFERRED
    guideline = Guideline.ABSTRACT_BASE_CLASSES
    message = "`{class_name}` declares interface method(s) {methods} but does not derive from `ABC`"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        "from abc import ABC, abstractmethod\n\n\nclass PlaygroundTask(ABC):\n    @abstractmethod\n"
        "    def get_work_item(self) -> Any:\n        raise NotImplementedError()\n",
        "import abc\n\n\nclass Task(metaclass=abc.ABCMeta):\n    def run(self) -> None:\n"
        "        raise NotImplementedError\n",
        "from abc import ABC\n\n\nclass Base(ABC):\n    pass\n\n\nclass Task(Base):\n    def run(self) -> None:\n"
        "        raise NotImplementedError\n",
        "from typing import Protocol\n\n\nclass Runner(Protocol):\n    def run(self) -> None:\n"
        "        raise NotImplementedError\n",
        "class Task:\n    def run(self) -> None:\n        if self.ready:\n            raise NotImplementedError\n"
        "        self.go()\n",
        "class Frozen:\n    def __setitem__(self, key: str, value: str) -> None:\n        raise NotImplementedError\n",
        "from vendor import BaseHandler\n\n\nclass Handler(BaseHandler):\n    def handle(self) -> None:\n"
        "        raise NotImplementedError\n",
        "class Base:\n    def save(self) -> None:\n        self.store.write(self)\n\n\nclass ReadOnly(Base):\n"
        "    def save(self) -> None:\n        raise NotImplementedError('read-only')\n",
        "class UnsupportedError(Exception):\n    def explain(self) -> str:\n        raise NotImplementedError\n",
        "class MockRequest:\n    def get_host(self) -> str:\n        return self.host\n\n"
        "    def add_header(self, key: str, value: str) -> None:\n        raise NotImplementedError('not used')\n\n\n"
        "def cookie_header(request: Request) -> str:\n    return jar.header(MockRequest(request))\n",
    ]
    INVALID = [
        Invalid(
            "class PlaygroundTask:\n    def get_work_item(self) -> Any:\n"
            "        raise NotImplementedError()\n\n    def describe(self) -> str:\n        return 'task'\n",
            fixed="from abc import ABC, abstractmethod\n\n\nclass PlaygroundTask(ABC):\n    @abstractmethod\n"
            "    def get_work_item(self) -> Any:\n        raise NotImplementedError()\n\n"
            "    def describe(self) -> str:\n        return 'task'\n",
        ),
        Invalid(
            "from abc import abstractmethod\n\n\nclass Transport(object):\n    @property\n"
            "    def name(self) -> str:\n        '''The transport's name.'''\n        raise NotImplementedError\n\n"
            "    @abstractmethod\n    async def send(self, data: bytes) -> None:\n"
            "        raise NotImplementedError('subclasses send')\n",
            fixed="from abc import ABC, abstractmethod\n\n\nclass Transport(ABC):\n    @property\n"
            "    @abstractmethod\n    def name(self) -> str:\n        '''The transport's name.'''\n"
            "        raise NotImplementedError\n\n"
            "    @abstractmethod\n    async def send(self, data: bytes) -> None:\n"
            "        raise NotImplementedError('subclasses send')\n",
        ),
        Invalid(
            "import logging\nfrom typing import Generic, TypeVar\n\nT = TypeVar('T')\n\n\n"
            "class Store(Generic[T], metaclass=type):\n    pass\n\n\nclass Reader(Generic[T]):\n"
            "    def read(self) -> T:\n        raise NotImplementedError\n",
            fixed=(
                    'import logging\n'
                    'from abc import ABC, abstractmethod\n'
                    'from typing import Generic, TypeVar\n'
                    '\n'
                    "T = TypeVar('T')\n"
                    '\n'
                    '\n'
                    'class Store(Generic[T], metaclass=type):\n'
                    '    pass\n'
                    '\n'
                    '\n'
                    'class Reader(Generic[T], ABC):\n'
                    '    @abstractmethod\n'
                    '    def read(self) -> T:\n'
                    '        raise NotImplementedError\n'
                ),
        ),
        Invalid(
            "class Base:\n    pass\n\n\nclass Plugin(Base):\n    def load(self) -> None:\n        raise NotImplementedError\n",
            fixed="from abc import ABC, abstractmethod\n\n\nclass Base:\n    pass\n\n\nclass Plugin(Base, ABC):\n"
            "    @abstractmethod\n    def load(self) -> None:\n        raise NotImplementedError\n",
        ),
        Invalid(
            "class Shape():\n    def area(self) -> float:\n        raise NotImplementedError\n",
            fixed="from abc import ABC, abstractmethod\n\n\nclass Shape(ABC):\n    @abstractmethod\n"
            "    def area(self) -> float:\n        raise NotImplementedError\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._pending: List[Tuple[cst.ClassDef, List[cst.FunctionDef]]] = []
        # Names called in the module: a class created here is concrete, whatever its methods raise.
        self._instantiated: Set[str] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not isinstance(node.body, cst.IndentedBlock):
            return
        candidates = [
            statement
            for statement in node.body.body
            if isinstance(statement, cst.FunctionDef) and _only_raises_not_implemented(statement)
        ]
        if not candidates:
            return
        index = self.context.facts.classes
        if not self._may_become_abstract(index, node):
            return
        ancestors = index.ancestors(node)
        interface = [
            function
            for function in candidates
            if function.name.value not in REFUSING_DUNDERS and not _overrides_concrete(ancestors, function.name.value)
        ]
        if not interface:
            return
        self._pending.append((node, interface))

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name):
            self._instantiated.add(node.func.value)

    def leave_Module(self, original_node: cst.Module) -> None:
        for node, interface in self._pending:
            if node.name.value in self._instantiated:
                continue
            names = ", ".join(f"`{function.name.value}`" for function in interface)
            edits = list(self._edits(node, interface))
            fix = self.fix("Derive from `ABC` and mark the methods `@abstractmethod`", FixSafety.UNSAFE, *edits)
            self.report(node.name, fixes=[fix], class_name=node.name.value, methods=names)

    def _may_become_abstract(self, index: ClassIndex, node: cst.ClassDef) -> bool:
        """Neither abstract already, nor a protocol, exception, or class whose ancestry is not all known."""
        if index.has_unknown_ancestry(node):
            return False
        for current in [node, *index.ancestors(node)]:
            if current.name.value.endswith(EXCEPTION_NAME_SUFFIXES):
                return False
            if _has_metaclass(current):
                return False
            if any(index.qualified(argument.value) in ABC_NAMES | PROTOCOL_NAMES for argument in current.bases):
                return False
        return True

    def _edits(self, node: cst.ClassDef, interface: List[cst.FunctionDef]) -> Iterator[Edit]:
        yield from from_import_edits(self.context, ABC_MODULE, ["ABC", "abstractmethod"])
        yield self._base_edit(node)
        newline = self.source.newline
        for function in interface:
            if "abstractmethod" in [name.split(".")[-1] for name in _decorator_names(function)]:
                continue
            line = self.context.range_of(function).start.line
            text = self.source.line_text(line)
            indent = text[: len(text) - len(text.lstrip())]
            yield self.insert_at(Position(line, 0), f"{indent}@abstractmethod{newline}")

    def _base_edit(self, node: cst.ClassDef) -> Edit:
        positional = [argument for argument in node.bases if argument.keyword is None and not argument.star]
        for argument in positional:
            if is_name(argument.value, "object"):
                return self.replace(argument.value, "ABC")
        if positional:
            end = self.context.range_of(positional[-1].value).end
            return self.insert_at(end, ", ABC")
        if isinstance(node.rpar, cst.RightParen) and not node.bases:
            return self.insert_at(self.context.range_of(node.rpar).start, "ABC")
        return self.insert_at(self.context.range_of(node.name).end, "(ABC)")


def _has_metaclass(class_def: cst.ClassDef) -> bool:
    return any(keyword.keyword is not None and keyword.keyword.value == "metaclass" for keyword in class_def.keywords)


def _only_raises_not_implemented(function: cst.FunctionDef) -> bool:
    statements = list(_function_statements(function))
    if statements and is_docstring(statements[0]):
        statements = statements[1:]
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return False
    small = statements[0].body
    if len(small) != 1 or not isinstance(small[0], cst.Raise) or small[0].exc is None:
        return False
    raised = small[0].exc
    if isinstance(raised, cst.Call):
        raised = raised.func
    return is_name(raised, "NotImplementedError")


def _overrides_concrete(ancestors: List[cst.ClassDef], name: str) -> bool:
    for ancestor in ancestors:
        method = own_methods(ancestor).get(name)
        if method is not None:
            return not _only_raises_not_implemented(method)
    return False
