"""CS608 loop-append-comprehension: a list filled by a loop of `append` is built by a comprehension."""

import logging
from typing import Iterator, List, Optional, Sequence

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule
from chris_style.linting.source import Position, TextRange
from chris_style.linting.syntax import dotted_name, is_name, only_positional_argument
from chris_style.rules.idioms._shared import (
    _has_comment,
    _original_code,
    _single_statement,
    _target_names,
    _wrapped,
)

logger = logging.getLogger(__name__)

# Calls that, without arguments, read the scope they run in: a comprehension's own scope before Python 3.12.
SCOPE_READING_CALLS = frozenset({"super", "locals"})


def _variable_names(node: cst.CSTNode) -> Iterator[cst.Name]:
    """The `Name` nodes under `node` that name variables (not attribute names or keyword-argument names)."""
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            yield current
        elif isinstance(current, (cst.Attribute, cst.Arg)):
            stack.append(current.value)
        else:
            stack.extend(tree.children(current))


def _is_empty_list(node: cst.BaseExpression) -> bool:
    """`[]` or `list()`."""
    if isinstance(node, cst.List):
        return not node.elements
    return isinstance(node, cst.Call) and is_name(node.func, "list") and not node.args


def _is_scope_sensitive(node: cst.CSTNode) -> bool:
    """A walrus, a `yield`, or a zero-argument `super()` or `locals()`: each sees the scope it runs in."""
    if isinstance(node, (cst.NamedExpr, cst.Yield)):
        return True
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in SCOPE_READING_CALLS
        and not node.args
    )


def _declares(node: cst.CSTNode, name: str) -> bool:
    """`global name` or `nonlocal name` (among other names or alone)."""
    return isinstance(node, (cst.Global, cst.Nonlocal)) and any(item.name.value == name for item in node.names)


class LoopAppendComprehension(Rule):
    """An empty list immediately filled by a `for` loop whose whole body is one `append`.

    The guide (Comprehensions vs Loops, PREFERRED): "Prefer list comprehensions for simple
    transformations", as in `[pattern.to_json() for pattern in result.patterns]`. Reported: `xs = []` (or
    `xs: T = []`, or `xs = list()`) directly followed by a `for` loop (no `else:`) whose body is only
    `xs.append(expr)`, optionally under one `if` without `elif`/`else`. Not reported when the loop reads
    `xs` anywhere else (`if v not in xs: xs.append(v)` cannot be a comprehension).

    Fix (safe when nothing can tell the difference, else unsafe): `xs = [expr for v in it]` (`… if cond]`),
    keeping the assignment's own trailing comment; one clause per line inside the brackets when one line would
    pass `line-length`. Not offered when a comment would be lost (inside the loop or between the two
    statements), in a class body (a comprehension there cannot see the class's names), when the loop holds a
    walrus, a `yield`, a zero-argument `super()` or `locals()` (a comprehension is a scope of its own before
    Python 3.12), or when the loop variable is used anywhere else in the function or module (a comprehension
    does not leave it bound after the loop). The loop fills `xs` as it goes, the comprehension binds it once
    at the end, so the fix is unsafe where the partly filled list can be seen: when the loop stands inside a
    `try` or a `with` of its function (an exception from the loop may be caught or suppressed, and `xs` read
    after it: more-itertools' `with suppress(StopIteration):` around such a loop relies on the partial list),
    when a nested function or lambda of the function reads `xs` or the function declares it `global` or
    `nonlocal`, and at module level (any function called by the loop may read the global).
    """

    code = "CS608"
    name = "loop-append-comprehension"
    priority = Priority.PREFERRED
    guideline = Guideline.COMPREHENSIONS
    message = "Build `{name}` with a list comprehension instead of a loop of `append`"
    fix_safety = FixSafety.SAFE
    VALID = [
        "def run(result):\n    return [pattern.to_json() for pattern in result.patterns]\n",
        "def run(items):\n    unique = []\n    for item in items:\n        if item not in unique:\n"
        "            unique.append(item)\n    return unique\n",
        "def run(items):\n    out = []\n    for item in items:\n        out.append(item)\n        log(item)\n",
        "def run(items):\n    out = []\n    log(items)\n    for item in items:\n        out.append(item)\n",
        "def run(items):\n    out = []\n    for item in items:\n        out.append(item)\n    else:\n        pass\n",
        "def run(items):\n    out = []\n    for item in items:\n        if item:\n            out.append(item)\n"
        "        else:\n            out.append(0)\n",
        "def run(items, other):\n    out = []\n    for item in items:\n        other.append(item)\n",
        "def run(items):\n    out = [0]\n    for item in items:\n        out.append(item)\n",
    ]
    INVALID = [
        Invalid(
            "def run(result):\n    patterns = []  # the JSON payloads\n    for pattern in result.patterns:\n"
            "        patterns.append(pattern.to_json())\n    return patterns\n",
            fixed="def run(result):\n    patterns = [pattern.to_json() for pattern in result.patterns]  # the JSON payloads\n"
            "    return patterns\n",
        ),
        Invalid(
            "def run(items):\n    names: List[str] = []\n    for index, item in enumerate(items):\n"
            "        if item.enabled and index:\n            names.append(item.name)\n    return names\n",
            fixed="def run(items):\n    names: List[str] = [item.name for index, item in enumerate(items) "
            "if item.enabled and index]\n    return names\n",
        ),
        Invalid(
            "def run(a, b):\n    out = []\n    for v in a, b:\n        out.append(v if v else 0)\n    return out\n",
            fixed="def run(a, b):\n    out = [v if v else 0 for v in (a, b)]\n    return out\n",
        ),
        Invalid(
            "def run(items):\n    out = list()\n\n    for item in items: out.append(item)\n    return out\n",
            fixed="def run(items):\n    out = [item for item in items]\n\n    return out\n",
        ),
        Invalid(
            "def run(items):\n    out = []\n    # copy them\n    for item in items:\n        out.append(item)\n"
        ),
        Invalid(
            "def run(items):\n    out = []\n    for item in items:\n        out.append(item)  # keep\n"
        ),
        Invalid(
            "def run(items):\n    out = []\n    for item in items:\n        out.append(item)\n    return item\n"
        ),
        Invalid("class Table:\n    rows = []\n    for index in range(3):\n        rows.append(index)\n"),
        # more-itertools' sample(): `feed` raising StopIteration ends the loop and the partial list is kept.
        Invalid(
            "def sample(feed, k):\n    with suppress(StopIteration):\n        reservoir = []\n"
            "        for _ in range(k):\n            reservoir.append(feed(0))\n    return reservoir\n",
            fixed="def sample(feed, k):\n    with suppress(StopIteration):\n"
            "        reservoir = [feed(0) for _ in range(k)]\n    return reservoir\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "def run(items):\n    try:\n        out = []\n        for item in items:\n            out.append(parse(item))\n"
            "    except ValueError:\n        pass\n    return out\n",
            fixed="def run(items):\n    try:\n        out = [parse(item) for item in items]\n"
            "    except ValueError:\n        pass\n    return out\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        # A closure reads the list while the loop fills it.
        Invalid(
            "def run(items):\n    count = lambda: len(out)\n    out = []\n    for item in items:\n"
            "        out.append(count())\n    return out\n",
            fixed="def run(items):\n    count = lambda: len(out)\n    out = [count() for item in items]\n    return out\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        # At module level the list is a global: a function the loop calls may read it.
        Invalid(
            "ROWS = []\nfor index in range(3):\n    ROWS.append(make(index))\n",
            fixed="ROWS = [make(index) for index in range(3)]\n",
            fix_safety=FixSafety.UNSAFE,
        ),
        Invalid(
            "async def run(items):\n    out = []\n    async for item in items:\n        out.append(item)\n"
            "    return out\n",
            fixed="async def run(items):\n    out = [item async for item in items]\n    return out\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._scan(node.body)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._scan(node.body)

    def _scan(self, statements: Sequence[cst.BaseStatement]) -> None:
        for first, second in zip(statements, statements[1:]):
            if isinstance(second, cst.For) and isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1:
                self._check(first, first.body[0], second)

    def _check(self, line: cst.SimpleStatementLine, small: cst.BaseSmallStatement, loop: cst.For) -> None:
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target, value = small.targets[0].target, small.value
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            target, value = small.target, small.value
        else:
            return
        if not isinstance(target, cst.Name) or not _is_empty_list(value) or loop.orelse is not None:
            return
        name = target.value
        statement = _single_statement(loop.body)
        condition: Optional[cst.BaseExpression] = None
        if isinstance(statement, cst.If) and statement.orelse is None:
            condition = statement.test
            statement = _single_statement(statement.body)
        appended = self._appended(statement, name)
        if appended is None or sum(1 for found in _variable_names(loop) if found.value == name) != 1:
            return
        fixes: List[Fix] = []
        if self._fix_allowed(loop):
            safety = FixSafety.SAFE if self._partial_list_unseen(name) else FixSafety.UNSAFE
            comprehension = self._comprehension(loop, appended, condition, value)
            start = self.context.range_of(loop).start
            end = self.context.range_of(loop).end
            fixes.append(
                self.fix(
                    "Use a list comprehension",
                    safety,
                    self.replace(value, comprehension),
                    Edit(TextRange(Position(start.line, 0), Position(end.line + 1, 0)), ""),
                )
            )
        header_end = self.context.range_of(loop.target).end
        self.report(TextRange(self.context.range_of(line).start, header_end), fixes=fixes, name=name)

    @staticmethod
    def _appended(statement: Optional[cst.CSTNode], name: str) -> Optional[cst.BaseExpression]:
        if not isinstance(statement, cst.Expr):
            return None
        call = statement.value
        if not (isinstance(call, cst.Call) and dotted_name(call.func) == f"{name}.append"):
            return None
        return only_positional_argument(call)

    def _fix_allowed(self, loop: cst.For) -> bool:
        scope = self._scope()
        if isinstance(scope, cst.ClassDef):
            return False
        if any(line.comment is not None for line in loop.leading_lines):
            return False
        if _has_comment(loop.with_changes(leading_lines=())):
            return False
        # A comprehension is a function of its own before Python 3.12: a walrus, `yield`, zero-argument
        # `super()` or `locals()` would see a different scope there.
        if any(_is_scope_sensitive(node) for node in tree.walk(loop)):
            return False

        loop_names = {name.value for name in _target_names(loop.target)}
        inside = {id(node) for node in _variable_names(loop)}
        root = scope if scope is not None else self.context.module
        return not any(node.value in loop_names and id(node) not in inside for node in _variable_names(root))

    def _partial_list_unseen(self, name: str) -> bool:
        """True when nothing can read the list while the loop fills it, nor after an exception stops the loop:
        the loop is in a function, under no `try`/`with` of that function, and no nested function or lambda
        reads the list, nor does the function make it `global` or `nonlocal`."""
        scope = self._scope()
        if not isinstance(scope, cst.FunctionDef):
            return False
        for ancestor in reversed(self.context.ancestors):
            if ancestor is scope:
                break
            if isinstance(ancestor, (cst.Try, cst.TryStar, cst.With)):
                return False
        for node in tree.walk(scope.body):
            if _declares(node, name):
                return False
            nested_scope = isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef))
            if nested_scope and any(found.value == name for found in _variable_names(node)):
                return False
        return True

    def _scope(self) -> Optional[cst.CSTNode]:
        for ancestor in reversed(self.context.ancestors):
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)):
                return ancestor
        return None

    def _comprehension(
        self,
        loop: cst.For,
        appended: cst.BaseExpression,
        condition: Optional[cst.BaseExpression],
        empty: cst.BaseExpression,
    ) -> str:
        """The comprehension replacing `empty` (the `[]`): on one line when the assignment then fits
        `line-length`, otherwise one clause per line inside the brackets."""

        def code_for(node: cst.BaseExpression) -> str:
            return _original_code(self, node)

        element = _wrapped(appended, code_for(appended)) if isinstance(appended, cst.Tuple) else code_for(appended)
        keyword = "async for" if loop.asynchronous is not None else "for"
        clauses = [element, f"{keyword} {code_for(loop.target)} in {_wrapped(loop.iter, code_for(loop.iter))}"]
        if condition is not None:
            clauses.append(f"if {_wrapped(condition, code_for(condition))}")
        text = "[" + " ".join(clauses) + "]"
        empty_range = self.context.range_of(empty)
        line = self.source.line_text(empty_range.start.line)
        length = len(line) - (empty_range.end.column - empty_range.start.column) + len(text)
        if "\n" in text or "\r" in text or empty_range.end.line != empty_range.start.line:
            return text
        if length <= self.settings.line_length:
            return text
        newline = self.source.newline
        indent = line[: len(line) - len(line.lstrip())]
        inner = indent + self.context.module.default_indent
        return "[" + "".join(newline + inner + clause for clause in clauses) + newline + indent + "]"
