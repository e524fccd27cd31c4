"""CS1203 resource-without-context-manager: a file, archive or socket opened into a local outside `with`."""

import logging
from typing import Dict, List, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import Invalid, Rule, RuleContext
from chris_style.rules.meta._shared import _call_name, _in_function_body

logger = logging.getLogger(__name__)

# The calls that return a resource to close, by qualified name (the catalog's list, plus `io.open`, which
# is the builtin `open`).
RESOURCE_CALLS = frozenset(
    {"open", "io.open", "tarfile.open", "zipfile.ZipFile", "tempfile.NamedTemporaryFile", "socket.socket"}
)
# Callees that take ownership of a resource passed to them (they close it, or keep it for later).
_OWNERSHIP_CALLS = frozenset(
    {
        "enter_context", "closing", "push", "callback", "register", "append", "appendleft", "add", "extend",
        "insert", "put", "put_nowait", "setdefault", "update", "finalize", "addCleanup", "setattr",
        "wrap_socket", "add_done_callback", "partial",
    }
)


class _ResourceUses:
    """How a function body uses a local that holds a resource: whether the resource escapes the function
    (returned, yielded, stored, handed to an owner, used by a nested function, managed by `with`) and
    whether a `finally` closes it."""

    def __init__(self, body: cst.BaseSuite, name: str) -> None:
        self.name = name
        self.escapes = False
        self.closed_in_finally = False
        self._walk(body)

    def _walk(self, body: cst.BaseSuite) -> None:
        stack: List[Tuple[cst.CSTNode, Tuple[cst.CSTNode, ...]]] = [(body, ())]
        while stack and not self.escapes:
            node, ancestors = stack.pop()
            if isinstance(node, cst.Name) and node.value == self.name:
                self._use(node, ancestors)
            elif isinstance(node, (cst.Global, cst.Nonlocal)):
                if any(item.name.value == self.name for item in node.names):
                    self.escapes = True
            inner = ancestors + (node,)
            stack.extend((child, inner) for child in tree.children(node))

    def _use(self, node: cst.Name, ancestors: Tuple[cst.CSTNode, ...]) -> None:
        scopes = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
        nested = [ancestor for ancestor in ancestors if isinstance(ancestor, scopes)]
        if nested:
            if not any(_binds_parameter(function, self.name) for function in nested):
                self.escapes = True  # a closure keeps it
            return
        parent = ancestors[-1]
        if isinstance(parent, cst.Attribute) and parent.value is node:
            grandparent = ancestors[-2] if len(ancestors) > 1 else None
            if parent.attr.value == "close":
                if isinstance(grandparent, cst.Call) and any(isinstance(a, cst.Finally) for a in ancestors):
                    self.closed_in_finally = True
                elif isinstance(grandparent, cst.Arg):
                    self.escapes = True  # `atexit.register(f.close)`, `stack.callback(f.close)`
            return
        if isinstance(parent, (cst.Subscript, cst.Comparison, cst.ComparisonTarget, cst.Del, cst.AssignTarget)):
            return
        if isinstance(parent, cst.Arg):
            call = ancestors[-2] if len(ancestors) > 1 else None
            if isinstance(call, cst.Call) and _takes_ownership(call):
                self.escapes = True
            elif any(isinstance(ancestor, (cst.Return, cst.Yield)) for ancestor in ancestors):
                self.escapes = True  # returned inside whatever the call builds (`return csv.reader(f)`)
            return
        if isinstance(parent, (cst.Return, cst.Yield, cst.From, cst.Element, cst.DictElement, cst.Assign, cst.AnnAssign,
                               cst.NamedExpr, cst.WithItem, cst.StarredElement, cst.IfExp, cst.BooleanOperation)):
            self.escapes = True


def _takes_ownership(call: cst.Call) -> bool:
    name = _call_name(call)
    return name in _OWNERSHIP_CALLS or name.lstrip("_")[:1].isupper()


def _binds_parameter(function: cst.CSTNode, name: str) -> bool:
    """True for a nested function or lambda with a parameter called `name` (a different variable)."""
    params = getattr(function, "params", None)
    if not isinstance(params, cst.Parameters):
        return False
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    for extra in (params.star_arg, params.star_kwarg):
        if isinstance(extra, cst.Param):
            every.append(extra)
    return any(param.name.value == name for param in every)


class ResourceWithoutContextManager(Rule):
    """A file, archive, temporary file or socket is opened into a local variable outside a `with` block.

    The guide (Context Management): "Uses context managers (with statements) appropriately", as in
    `with tarfile.open(path, "w:gz") as tar:`. Without `with`, an exception between opening and `close()`
    leaks the resource. Reported: `open(...)`, `io.open`, `tarfile.open`, `zipfile.ZipFile`,
    `tempfile.NamedTemporaryFile` and `socket.socket` assigned to a local name in a function.

    Precision first, it is not reported when the function hands the object on, since its lifetime then
    ends elsewhere: returned or yielded (also inside a tuple or a wrapper), stored (on `self`, in another
    variable or a container), passed to something that takes ownership (`stack.enter_context(f)`,
    `closing(f)`, a class such as `TextIOWrapper(f)`, `files.append(f)`), used by a nested function, or
    managed by a later `with f:`. Nor when a `finally` block calls `f.close()`: that is exception-safe.
    Module-level and class-level code is not checked, nor an `open` the module defines or imports itself.
    """

    code = "CS1203"
    name = "resource-without-context-manager"
    priority = Priority.PREFERRED
    guideline = Guideline.CONTEXT_MANAGEMENT
    message = "`{name} = {call}(...)` is not closed by a `with` block: use `with {call}(...) as {name}:`"
    VALID = [
        "import tarfile\n\n\ndef pack(path: str) -> None:\n    with tarfile.open(path, 'w:gz') as tar:\n        tar.add('.')\n",
        "def load(path: str) -> IO[str]:\n    handle = open(path)\n    return handle\n",
        "def load(self, path: str) -> None:\n    handle = open(path)\n    self._handle = handle\n",
        "def read(path: str) -> str:\n    handle = open(path)\n    try:\n        return handle.read()\n    finally:\n        handle.close()\n",
        "def lines(path: str) -> Iterator[str]:\n    handle = open(path)\n    yield from handle\n",
        "def stream(path: str, stack: ExitStack) -> None:\n    handle = open(path)\n    stack.enter_context(handle)\n",
        "def wrap(path: str) -> TextIO:\n    raw = open(path, 'rb')\n    return io.TextIOWrapper(raw)\n",
        "def pair(path: str) -> Tuple[IO[str], int]:\n    handle = open(path)\n    return handle, 1\n",
        "def later(path: str) -> None:\n    handle = open(path)\n    atexit.register(handle.close)\n",
        "from gzip import open\n\n\ndef load(path: str) -> bytes:\n    handle = open(path)\n    return handle.read()\n",
        "handle = open('settings.txt')\n",
        "def track(path: str) -> Reader:\n    handle = io.open(path, 'rb')\n    return _Reader(handle, close_handle=True)\n",
        "def output(path: str) -> IO[str]:\n    handle = sys.stdout if path == '-' else open(path, 'w')\n    return handle\n",
    ]
    INVALID = [
        Invalid(
            "def read(path: str) -> str:\n    handle = open(path)\n    data = handle.read()\n    handle.close()\n"
            "    return data\n"
        ),
        Invalid(
            "import json\n\n\ndef save(path: str, data: dict) -> None:\n    out = open(path, 'w')\n    json.dump(data, out)\n"
        ),
        Invalid(
            "import tarfile\n\n\ndef pack(path: str) -> None:\n    tar = tarfile.open(path, 'w:gz')\n    tar.add('.')\n"
            "    tar.close()\n"
        ),
        Invalid(
            "from zipfile import ZipFile\n\n\ndef names(path: str) -> List[str]:\n    archive = ZipFile(path)\n"
            "    return archive.namelist()\n"
        ),
        Invalid("import socket\n\n\ndef ping(host: str) -> None:\n    sock = socket.socket()\n    sock.connect((host, 80))\n"),
        # The nested function's `sock` parameter is another variable.
        Invalid(
            "import socket\n\n\ndef ping(host: str) -> None:\n    def handler(sock):\n        sock.recv(10)\n\n"
            "    sock = socket.socket()\n    sock.connect((host, 80))\n    sock.close()\n"
        ),
        Invalid(
            "import tempfile\n\n\ndef scratch() -> str:\n    tmp = tempfile.NamedTemporaryFile(delete=False)\n"
            "    tmp.write(b'x')\n    tmp.close()\n    return tmp.name\n"
        ),
    ]

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self._imports: Dict[str, str] = {}

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._imports[alias.asname.name.value] = alias.evaluated_name

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = self.context.code_for(node.module)
        for alias in node.names:
            local = alias.evaluated_alias or alias.evaluated_name
            self._imports[local] = f"{module}.{alias.evaluated_name}"

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._check(node.targets[0].target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._check(node.target.value, node.value)

    def _qualified(self, func: cst.BaseExpression) -> str:
        parts: List[str] = []
        while isinstance(func, cst.Attribute):
            parts.append(func.attr.value)
            func = func.value
        if not isinstance(func, cst.Name):
            return ""
        head = self._imports.get(func.value, func.value)
        return ".".join([head, *reversed(parts)])

    def _check(self, name: str, value: cst.BaseExpression) -> None:
        if not isinstance(value, cst.Call):
            return
        qualified = self._qualified(value.func)
        if qualified not in RESOURCE_CALLS:
            return
        function = self.context.enclosing_function()
        if function is None or not _in_function_body(self.context.ancestors):
            return
        if qualified == "open" and self._open_is_shadowed(function):
            return
        uses = _ResourceUses(function.body, name)
        if uses.escapes or uses.closed_in_finally:
            return
        self.report(value, name=name, call=self.context.code_for(value.func))

    def _open_is_shadowed(self, function: cst.FunctionDef) -> bool:
        params = function.params
        parameters = [*params.posonly_params, *params.params, *params.kwonly_params]
        return self.context.facts.module_names.binds("open") or any(param.name.value == "open" for param in parameters)
