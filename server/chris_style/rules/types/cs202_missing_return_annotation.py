"""CS202 missing-return-annotation: a public function without a return annotation, fixed with `-> None`
where the body returns nothing."""

import logging
from typing import Iterator, List, Optional

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import Files, Fix, FixSafety, Invalid, Rule, Scope, Valid
from chris_style.linting.source import Position
from chris_style.linting.syntax import is_ellipsis_statement, is_name
from chris_style.rules.types._shared import FIXED_RETURN_DUNDERS, owns_signature

logger = logging.getLogger(__name__)

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


class MissingReturnAnnotation(Rule):
    """A public function or method has no return type annotation (`->`).

    The guide's first CRITICAL typing guideline: "comprehensive type hints on function signatures, including
    return types". Test files are exempt (the guide's own tests and fixtures are unannotated).

    Not reported, because the return type is not the module's to declare:

    - dunder methods whose return type Python itself enforces (any other raises `TypeError`): `__init__`
      (None), `__str__`/`__repr__`/`__format__` (str), `__bytes__`, `__hash__`/`__len__`/`__index__`/`__int__`
      (int), `__bool__`, `__float__`, `__complex__`, `__length_hint__`. The guide's own constructors
      (`TooMuchTraffic.__init__(self, expected_traffic: int):`, `AwsClientProvider.__init__`) and its
      `__str__(self):` leave it out, and type checkers infer it. `__eq__` is still reported: Python does not
      fix what it returns, and the guide writes `def __eq__(self, other) -> bool:`;
    - click command callbacks and methods overriding a base class's method (as CS201 explains): the
      decorators or the base class own the signature.

    Fix (safe): add `-> None` when the body has no `return <value>` and no `yield`; otherwise no fix, since
    the type cannot be known for sure. Stubs get no fix either (`...` or `raise NotImplementedError` bodies,
    `@abstractmethod`, `@overload`): their body says nothing about what implementations return. The fix only
    states what the function already returns: a function without `return <value>` returns None (an `async`
    one returns None when awaited), so nothing that reads the annotation sees a different type.
    """

    code = "CS202"
    name = "missing-return-annotation"
    priority = Priority.CRITICAL
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "Public function `{name}` has no return type annotation"
    files = Files.NOT_TESTS
    fix_safety = FixSafety.SAFE
    scope = Scope.STATEMENT
    VALID = [
        "def get_cluster_name(self) -> str:\n    return self._cluster_name\n",
        "def _private():\n    pass\n",
        "def outer() -> None:\n    def inner():\n        pass\n",
        Valid("def helper():\n    pass\n", path="tests/conftest.py"),
        # The guide's Custom Exception Hierarchy example.
        "class TooMuchTraffic(Exception):\n    def __init__(self, expected_traffic: int):\n"
        "        super().__init__(f'{expected_traffic} Gbps exceeds the limit')\n",
        "class CdkBootstrapFailed(Exception):\n    def __init__(self):\n        super().__init__('Bootstrap failed')\n",
        # The guide's String Representations example.
        "class Plan:\n    def __str__(self):\n        return json.dumps(self.to_dict())\n",
        "import click\n\n@click.command()\n@click.pass_context\ndef clusters_list(ctx):\n    run(ctx.obj)\n",
        "class LoggingFormatter(logging.Formatter):\n    def formatTime(self, record, datefmt=None):\n"
        "        return datetime.utcnow().strftime('%Y-%m-%d')\n",
        "class TransformerView(APIView):\n    def post(self, request):\n        return Response(request.data)\n",
    ]
    INVALID = [
        Invalid("class Reader(Protocol):\n    def read(self, size: int): ...\n"),
        Invalid("class Base(ABC):\n    @abstractmethod\n    def plan(self):\n        pass\n"),
        Invalid("class Base:\n    def plan(self):\n        raise NotImplementedError()\n"),
        Invalid("def run(command: str):\n    print(command)\n", fixed="def run(command: str) -> None:\n    print(command)\n"),
        Invalid(
            "class Plan:\n    def resize(self, size: int) :\n        self.size = size\n",
            fixed="class Plan:\n    def resize(self, size: int) -> None :\n        self.size = size\n",
        ),
        # aws-aio local_file.py: the guide writes `-> bool` on `__eq__`.
        Invalid("class LocalFile:\n    def __eq__(self, other):\n        return self.path == other.path\n"),
        # The guide's Client/Provider example is itself missing one (aws_client_provider.py).
        Invalid("class AwsClientProvider:\n    def get_ec2(self):\n        return self._get_session().client('ec2')\n"),
        # ocsf-playground tasks.py: a new method of a project base class says what it returns.
        Invalid(
            "class PlaygroundTask(ABC):\n    @abstractmethod\n    def set_work_item(self, new_work_item: Any):\n"
            "        pass\n"
        ),
        Invalid(
            "import click\n\n\ndef main():\n    cli()\n",
            fixed="import click\n\n\ndef main() -> None:\n    cli()\n",
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
        is_method = self.context.enclosing_class() is not None
        if is_method and node.name.value in FIXED_RETURN_DUNDERS:
            return
        if not owns_signature(self.context, node):
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
    statements = [statement for statement in body if not _is_plain_string_line(statement)]
    if len(statements) != 1:
        return False
    only = statements[0]
    if not (isinstance(only, (cst.SimpleStatementLine, cst.SimpleStatementSuite)) and len(only.body) == 1):
        return False
    return is_ellipsis_statement(only.body[0]) or _raises_not_implemented(only.body[0])


def _is_plain_string_line(statement: cst.CSTNode) -> bool:
    """A line that is only one plain string literal (a docstring; not a concatenated or f-string)."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString)
    )


def _raises_not_implemented(small: cst.BaseSmallStatement) -> bool:
    """`raise NotImplementedError` or `raise NotImplementedError(...)` (a `from` clause or not)."""
    if not isinstance(small, cst.Raise):
        return False
    exception = small.exc.func if isinstance(small.exc, cst.Call) else small.exc
    return is_name(exception, "NotImplementedError")


def _returns_or_yields(function: cst.FunctionDef) -> bool:
    for node in _own_body_nodes(function.body):
        if isinstance(node, cst.Yield):
            return True
        if isinstance(node, cst.Return) and node.value is not None and not is_name(node.value, "None"):
            return True
    return False
