"""CS1002 sequential-await-in-loop: a loop that awaits one call per item instead of gathering the calls."""

import logging
from typing import List, Optional, Set, Tuple

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.edits import add_import
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Scope
from chris_style.linting.syntax import dotted_name, name_assignment, only_positional_argument, own_nodes, target_names
from chris_style.rules.concurrency._shared import ASYNCIO_MODULE, _asyncio_name, _in_async_function

logger = logging.getLogger(__name__)

COLLECTING_METHODS = frozenset({"append", "add"})
# Iterables that need parentheses once they move into a comprehension's `for … in <iterable>`.
UNPARENTHESIZED_IN_COMPREHENSION = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield, cst.Tuple)


def _small_statements(body: cst.BaseSuite) -> Optional[List[cst.BaseSmallStatement]]:
    """The loop body's simple statements, or None when it holds a compound statement."""
    if isinstance(body, cst.SimpleStatementSuite):
        return list(body.body)
    smalls: List[cst.BaseSmallStatement] = []
    for statement in body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            return None
        smalls.extend(statement.body)
    return smalls


def _names_in(node: cst.CSTNode) -> Set[str]:
    found = {child.value for child in own_nodes(node) if isinstance(child, cst.Name)}
    if isinstance(node, cst.Name):
        found.add(node.value)
    return found


def _mentions(node: cst.CSTNode, dotted: str) -> bool:
    """True when `node` reads the name or attribute chain `dotted` (`results`, `self.results`)."""
    return any(
        isinstance(child, (cst.Name, cst.Attribute)) and dotted_name(child) == dotted
        for child in [node, *own_nodes(node)]
    )


def _first_awaited_call(node: cst.CSTNode) -> Optional[cst.Await]:
    for child in [node, *own_nodes(node)]:
        if isinstance(child, cst.Await) and isinstance(child.expression, cst.Call):
            return child
    return None


def _collection(small: cst.BaseSmallStatement) -> Optional[Tuple[cst.BaseExpression, cst.BaseExpression, str]]:
    """For `xs.append(E)` / `xs.add(E)` / `xs[k] = E`: (the collection, E, how it collects)."""
    call = small.value if isinstance(small, cst.Expr) else None
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
        # `<name or attribute>.append(E)`: E passed alone, positionally.
        collection, method = call.func.value, call.func.attr.value
        collected = only_positional_argument(call)
        if isinstance(collection, (cst.Name, cst.Attribute)) and collected is not None and method in COLLECTING_METHODS:
            return collection, collected, method
    if (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Subscript)
    ):
        return small.targets[0].target.value, small.value, "subscript"
    return None


class SequentialAwaitInLoop(Rule):
    """A `for` loop that awaits a call for each item and collects the results one at a time.

    The guide gathers independent coroutines concurrently: `responses = await asyncio.gather(*async_responses)`.
    Reported shapes, where the awaited call uses the loop variable and not the collection being built:
    `xs.append(await f(v))` (also `.add`, `xs[k] = await f(v)`, and an `await` nested in the collected value),
    `r = await f(v)` followed by collecting `r`, and the comprehension form `[await f(v) for v in it]`.
    Not reported: `async for` loops, loops with `else`, `break` or any other statement (an ordering or rate
    limit may be intended), calls that do not depend on the loop variable (`await queue.get()`), calls that
    read the collection being built (each result depends on the previous ones), and sleeps.

    Fix (suggestion): for exactly `for v in it: xs.append(await f(v))`, rewrite as
    `xs.extend(await asyncio.gather(*[f(v) for v in it]))` (adding `import asyncio`), which keeps the order
    of the results but runs the calls concurrently; no fix when the loop holds comments or the module uses
    trio/anyio/curio. `[await f(v) for v in it]` becomes `await asyncio.gather(*[f(v) for v in it])`.
    """

    code = "CS1002"
    name = "sequential-await-in-loop"
    priority = Priority.PREFERRED
    guideline = Guideline.ASYNC_AWAIT_USAGE
    message = "Loop awaits `{call}()` one item at a time; gather the calls concurrently with `asyncio.gather`"
    fix_safety = FixSafety.SUGGESTION
    scope = Scope.STATEMENT
    VALID = [
        "import asyncio\n\n\nasync def fetch_all(urls: List[str]) -> List[str]:\n"
        "    return await asyncio.gather(*[fetch(url) for url in urls])\n",
        "async def drain(queue: Queue) -> List[str]:\n    items = []\n    for _ in range(3):\n"
        "        items.append(await queue.get())\n    return items\n",
        "async def first_ok(urls: List[str]) -> str:\n    for url in urls:\n        response = await fetch(url)\n"
        "        if response.ok:\n            return response\n",
        "async def chain(steps: List[Step]) -> List[str]:\n    results = []\n    for step in steps:\n"
        "        results.append(await step.run(results))\n    return results\n",
        "class Chain:\n    async def run(self, steps: List[Step]) -> None:\n        for step in steps:\n"
        "            self.results.append(await step.run(self.results[-1]))\n",
        "async def read(stream: Stream) -> List[str]:\n    lines = []\n    async for line in stream:\n"
        "        lines.append(await parse(line))\n    return lines\n",
        "async def slow(urls: List[str]) -> None:\n    for url in urls:\n        await asyncio.sleep(1)\n",
        "async def drain(queue: Queue) -> List[str]:\n    return [await queue.get() for _ in range(3)]\n",
        "async def read(streams: List[Stream]) -> List[str]:\n"
        "    return [await s.read() async for s in aiter(streams)]\n",
    ]
    INVALID = [
        Invalid(
            "import asyncio\n\n\nasync def fetch_all(urls: List[str]) -> List[str]:\n    pages = []\n"
            "    for url in urls:\n        pages.append(await fetch(url))\n    return pages\n",
            fixed="import asyncio\n\n\nasync def fetch_all(urls: List[str]) -> List[str]:\n    pages = []\n"
            "    pages.extend(await asyncio.gather(*[fetch(url) for url in urls]))\n    return pages\n",
        ),
        Invalid(
            "import os\n\n\nasync def sizes(urls: List[str]) -> List[int]:\n    out = []\n"
            "    for i, url in urls if urls else []:\n        out.append(await size(url, i))\n",
            fixed=(
                    'import asyncio\n'
                    'import os\n'
                    '\n'
                    '\n'
                    'async def sizes(urls: List[str]) -> List[int]:\n'
                    '    out = []\n'
                    '    out.extend(await asyncio.gather(*[size(url, i) for i, url in (urls if urls else [])]))\n'
                ),
        ),
        Invalid(
            "async def load(ids: List[int]) -> Dict[int, Row]:\n    rows = {}\n    for row_id in ids:\n"
            "        rows[row_id] = await db.get(row_id)\n    return rows\n"
        ),
        Invalid(
            "async def load(ids: List[int]) -> List[str]:\n    names = []\n    for row_id in ids:\n"
            "        row = await db.get(row_id)\n        names.append(row.name)\n    return names\n"
        ),
        Invalid(
            "async def load(ids: List[int]) -> List[str]:\n    names = []\n    for row_id in ids:\n"
            "        names.append((await db.get(row_id)).name)\n    return names\n"
        ),
        Invalid(
            "import asyncio\n\n\nclass Crawler:\n    async def crawl(self, urls: List[str]) -> None:\n"
            "        for url in urls:\n            self.pages.append(await self.fetch(url))\n",
            fixed="import asyncio\n\n\nclass Crawler:\n    async def crawl(self, urls: List[str]) -> None:\n"
            "        self.pages.extend(await asyncio.gather(*[self.fetch(url) for url in urls]))\n",
        ),
        Invalid(
            "import asyncio\n\n\nasync def load(ids: List[int]) -> List[Row]:\n"
            "    return [await db.get(row_id) for row_id in ids if row_id]\n",
            fixed="import asyncio\n\n\nasync def load(ids: List[int]) -> List[Row]:\n"
            "    return await asyncio.gather(*[db.get(row_id) for row_id in ids if row_id])\n",
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names

    def visit_ListComp(self, node: cst.ListComp) -> None:
        awaited = node.elt
        comp = node.for_in
        if not (isinstance(awaited, cst.Await) and isinstance(awaited.expression, cst.Call)):
            return
        if comp.asynchronous is not None or comp.inner_for_in is not None:
            return
        if _in_async_function(self.context.ancestors) is None or not self._depends_on(awaited.expression, comp.target):
            return
        fixes: List[Fix] = []
        parent = self.context.ancestors[-1] if self.context.ancestors else None
        asyncio_name = _asyncio_name(self._resolver)
        if asyncio_name is not None and not isinstance(parent, (cst.Attribute, cst.Subscript, cst.Call)):
            call = self.context.code_for(awaited.expression)
            loop = self.context.code_for(comp)
            rewritten = f"await {asyncio_name}.gather(*[{call}{loop}])"
            fixes = [self._gather_fix(asyncio_name, self.replace(node, rewritten))]
        self.report(awaited, fixes=fixes, call=self.context.code_for(awaited.expression.func))

    def _depends_on(self, call: cst.Call, target: cst.BaseExpression) -> bool:
        """The call uses the loop variable and is not a pause (`asyncio.sleep`)."""
        if not set(target_names(target)) & _names_in(call):
            return False
        resolved = self._resolver.resolve(call.func) or ""
        return resolved.rsplit(".", 1)[-1] != "sleep"

    def _gather_fix(self, asyncio_name: str, rewrite: Edit) -> Fix:
        edits: List[Edit] = [rewrite]
        import_edit = add_import(self.context, ASYNCIO_MODULE) if asyncio_name == ASYNCIO_MODULE else None
        if import_edit is not None:
            edits.append(import_edit)
        return self.fix("Gather the calls with `asyncio.gather`", FixSafety.SUGGESTION, *edits)

    def visit_For(self, node: cst.For) -> None:
        if node.asynchronous is not None or node.orelse is not None:
            return
        smalls = _small_statements(node.body)
        if smalls is None or not 1 <= len(smalls) <= 2:
            return
        if _in_async_function(self.context.ancestors) is None:
            return
        found = self._collected_await(smalls)
        if found is None:
            return
        awaited, collection = found
        call = awaited.expression
        collection_name = dotted_name(collection)
        if not self._depends_on(call, node.target) or collection_name is None:
            return
        if _mentions(call, collection_name):
            return
        fixes = self._gather_fixes(node, smalls, awaited, collection_name)
        self.report(awaited, fixes=fixes, call=self.context.code_for(call.func))

    def _collected_await(self, smalls: List[cst.BaseSmallStatement]) -> Optional[Tuple[cst.Await, cst.BaseExpression]]:
        last = _collection(smalls[-1])
        if last is None:
            return None
        collection, value, _ = last
        if len(smalls) == 1:
            awaited = _first_awaited_call(value)
            return (awaited, collection) if awaited is not None else None
        assignment = name_assignment(smalls[0])
        if assignment is None:
            return None
        result, awaiting = assignment
        awaited = _first_awaited_call(awaiting)
        if awaited is None or result not in _names_in(value):
            return None
        return awaited, collection

    def _gather_fixes(
        self, node: cst.For, smalls: List[cst.BaseSmallStatement], awaited: cst.Await, collection: str
    ) -> List[Fix]:
        collected = _collection(smalls[0]) if len(smalls) == 1 else None
        if collected is None or collected[2] != "append" or collected[1] is not awaited:
            return []
        asyncio_name = _asyncio_name(self._resolver)
        if asyncio_name is None or "#" in self.source.slice(self.context.range_of(node)):
            return []
        iterable = self.context.code_for(node.iter)
        if isinstance(node.iter, UNPARENTHESIZED_IN_COMPREHENSION) and not node.iter.lpar:
            iterable = f"({iterable})"
        call = self.context.code_for(awaited.expression)
        target = self.context.code_for(node.target)
        rewritten = f"{collection}.extend(await {asyncio_name}.gather(*[{call} for {target} in {iterable}]))"
        return [self._gather_fix(asyncio_name, self.replace(node, rewritten))]
