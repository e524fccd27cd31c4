"""CS1001 blocking-call-in-async: a blocking call (`time.sleep`, `requests.get`, ...) inside an `async def`."""

import logging
from typing import FrozenSet, List

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.edits import add_import
from chris_style.linting.rule import Edit, Fix, FixSafety, Invalid, Rule, Scope
from chris_style.rules.concurrency._shared import ASYNCIO_MODULE, _asyncio_name, _in_async_function

logger = logging.getLogger(__name__)

TIME_SLEEP = "time.sleep"


class BlockingCallInAsync(Rule):
    """A blocking call inside an `async def`: `time.sleep`, `requests.<verb>`, `urllib.request.urlopen`,
    `subprocess.run/call/check_call/check_output`, plain `open(...)`.

    The guide uses async/await for I/O-bound work; one blocking call stalls every coroutine on the event loop.
    The list is the `blocking-calls` setting (dotted names, as imported): a call is matched however the module
    imported it (`import time` + `time.sleep`, `from time import sleep` + `sleep`, `import time as t`), and a
    name the module binds to something else is not matched (`from aiofiles import open`). Calls inside a
    sync `def` or `lambda` nested in the `async def` are not reported: they run elsewhere (an executor, a
    thread).

    Fix (unsafe): `time.sleep(x)` -> `await asyncio.sleep(x)` (adding `import asyncio`) when the call is a
    statement of its own and the module does not use trio/anyio/curio. Unsafe because other coroutines now
    run during the pause.
    """

    code = "CS1001"
    name = "blocking-call-in-async"
    priority = Priority.PREFERRED
    guideline = Guideline.ASYNC_AWAIT_USAGE
    message = "Blocking call `{call}()` inside `async def {function}` stalls the event loop"
    fix_safety = FixSafety.UNSAFE
    scope = Scope.STATEMENT
    VALID = [
        "import asyncio\n\n\nasync def wait() -> None:\n    await asyncio.sleep(1)\n",
        "import time\n\n\ndef wait() -> None:\n    time.sleep(1)\n",
        "import time\n\n\nasync def wait() -> None:\n    def pause() -> None:\n        time.sleep(1)\n"
        "    await asyncio.to_thread(pause)\n",
        "import time\n"
        "\n\nasync def wait(loop: Loop) -> None:\n    await loop.run_in_executor(None, lambda: time.sleep(1))\n",
        "from aiofiles import open\n\n\nasync def read(path: str) -> str:\n    async with open(path) as f:\n"
        "        return await f.read()\n",
        "import requests\n\n\nasync def fetch(session: Session) -> None:\n    await session.get('https://x')\n",
        "async def wait(time: Clock) -> None:\n    time.sleep(1)\n",
    ]
    INVALID = [
        Invalid(
            "import time\n\n\nasync def poll() -> None:\n    time.sleep(0.5)  # back off\n",
            fixed=(
                    'import asyncio\n'
                    'import time\n'
                    '\n'
                    '\n'
                    'async def poll() -> None:\n'
                    '    await asyncio.sleep(0.5)  # back off\n'
                ),
        ),
        Invalid(
            "import asyncio as aio\nfrom time import sleep as nap\n\n\nasync def poll() -> None:\n    nap(1)\n",
            fixed="import asyncio as aio\nfrom time import sleep as nap\n\n\nasync def poll() -> None:\n"
            "    await aio.sleep(1)\n",
        ),
        Invalid("import requests\n\n\nasync def fetch(url: str) -> str:\n    return requests.get(url).text\n"),
        Invalid(
            "import subprocess\nimport urllib.request\n\n\nasync def run() -> None:\n"
            "    subprocess.run(['ls'], check=True)\n    urllib.request.urlopen('https://x')\n",
            count=2,
        ),
        Invalid("async def load(path: str) -> str:\n    with open(path) as f:\n        return f.read()\n"),
        Invalid(
            "from subprocess import check_output\n\n\nclass Runner:\n    async def run(self) -> bytes:\n"
            "        return check_output(['ls'])\n"
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = self.context.facts.names
        self._blocking: FrozenSet[str] = frozenset(self.settings.blocking_calls)
        self._last_names: FrozenSet[str] = frozenset(call.rsplit(".", 1)[-1] for call in self._blocking)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if self._resolver.imported_last_name(func) not in self._last_names:
            return
        function = _in_async_function(self.context.ancestors)
        if function is None:
            return
        resolved = self._resolver.resolve(func)
        if resolved not in self._blocking:
            return
        fixes = self._sleep_fixes(node) if resolved == TIME_SLEEP else []
        self.report(node, fixes=fixes, call=resolved, function=function.name.value)

    def _sleep_fixes(self, node: cst.Call) -> List[Fix]:
        parent = self.context.ancestors[-1] if self.context.ancestors else None
        if not isinstance(parent, cst.Expr) or len(node.args) != 1:
            return []
        if node.args[0].keyword is not None or node.args[0].star:
            return []
        asyncio_name = _asyncio_name(self._resolver)
        if asyncio_name is None:
            return []
        edits: List[Edit] = [self.replace(node.func, f"await {asyncio_name}.sleep")]
        import_edit = add_import(self.context, ASYNCIO_MODULE) if asyncio_name == ASYNCIO_MODULE else None
        if import_edit is not None:
            edits.append(import_edit)
        return [self.fix(f"Use `await {asyncio_name}.sleep()`", FixSafety.UNSAFE, *edits)]
