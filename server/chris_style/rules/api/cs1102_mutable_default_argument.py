"""CS1102 mutable-default-argument: a parameter defaulting to a mutable container, fixed with a `None`
default and the container built in the body."""

import logging
from typing import List, Optional

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.constants import is_pure_literal
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Scope
from chris_style.linting.source import Position
from chris_style.linting.syntax import is_docstring
from chris_style.rules.api._shared import _parameters, _SignatureRule, accepts_none

logger = logging.getLogger(__name__)

# Builtin constructors that build a fresh mutable container.
_MUTABLE_FACTORIES = frozenset({"list", "dict", "set"})


class MutableDefaultArgument(_SignatureRule):
    """A parameter default is a mutable container: `[]`, `{}`, `set()`, `list()`, `dict()` (or a list, dict
    or set display with items).

    The default is built once, when the `def` runs, and shared by every call: appending to it in one call
    changes the default of the next. The guide asks for "defaults for optional params", and its own
    `request_response_pairs: List[Tuple[str, str]] = []` example shows the hazard. Lambdas are not checked.
    A builtin `list`/`dict`/`set` that the module rebinds is not the builtin, so its calls are not reported.

    Fix (unsafe): the default becomes `None`, the annotation (if any, and unless it already admits None) becomes
    `Optional[...]` (or `... | None` with `typing-style = "builtin"`) with the import it needs, and
    `if name is None:` / `name = <the old default>` goes at the top of the body, after the docstring. Unsafe,
    because it changes what the function does in two cases no linter can rule out: a default shared on purpose
    (a cache, `def fib(n, memo={})`, loses what earlier calls stored), and callers, anywhere, that pass `None`
    explicitly (the function saw `None` and now sees an empty container). No fix when the body is on the `def`
    line (`def f(x=[]): return x`), or when the default holds more than literals (building it on each call could
    then see different values), or spans several lines.
    """

    code = "CS1102"
    name = "mutable-default-argument"
    priority = Priority.PREFERRED
    guideline = Guideline.PARAMETER_PATTERNS
    message = "Parameter `{parameter}` has a mutable default `{default}`, shared by every call"
    fix_safety = FixSafety.UNSAFE
    scope = Scope.STATEMENT
    VALID = [
        "def run(command: str, pairs: Optional[List[str]] = None) -> None:\n    pass\n",
        "def run(command: str, pairs: Tuple[str, ...] = ()) -> None:\n    pass\n",
        "def run(flags: FrozenSet[str] = frozenset()) -> None:\n    pass\n",
        "handler = lambda event, seen=[]: seen.append(event)\n",
        "def list(values=()):\n    return values\n\n\ndef run(values=list()):\n    return values\n",
    ]
    INVALID = [
        # A cache shared on purpose: after the fix every call starts from an empty dict (why the fix is unsafe).
        Invalid(
            "def fib(n, memo={}):\n    if n not in memo:\n        memo[n] = n if n < 2 else fib(n - 1) + fib(n - 2)\n"
            "    return memo[n]\n",
            fixed="def fib(n, memo=None):\n    if memo is None:\n        memo = {}\n    if n not in memo:\n"
            "        memo[n] = n if n < 2 else fib(n - 1) + fib(n - 2)\n    return memo[n]\n",
        ),
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
        return self.fix(f"Default `{name}` to None and build the value in the body", FixSafety.UNSAFE, *edits)

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
