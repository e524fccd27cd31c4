"""The editor half of the benchmark: a language client that drives a server as an editor would, and times it.

One `Session` is one server process in a fresh temporary project, spoken to over stdio in plain JSON-RPC (no
client library: each message is timed the moment it is read, and no library's types can reject a server's
answer). It measures the time from spawning the server to the `initialize` answer (start-up), from `didOpen`
to the first diagnostics, from each `didChange` to the `publishDiagnostics` of that document version (edit
latency), from a hover or code-action request to its answer, and the server's resident memory. Every server
runs with its default settings, debounce included. docs/performance.md says what each measurement means.
"""

import ast
import asyncio
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

logger = logging.getLogger(__name__)

# A server that takes longer than this for one answer is reported as failed rather than waited for.
TIMEOUT_SECONDS = 120.0
# The memory scenario waits for the lints of all its documents, which take minutes one after another, and the
# newest first: the first document opened or edited is linted last.
STAGE_TIMEOUT_SECONDS = 900.0
# A typist's pause before each measured edit: longer than chris-style's 150 ms debounce (Fixit debounces every
# change by 0.5 s anyway), so that no measured edit falls into the previous one's debounce.
EDIT_PAUSE_SECONDS = 0.3
# A burst: a fluent typist's keystrokes, 80 ms apart, timed from the last one.
BURST_KEYSTROKES = 5
KEYSTROKE_GAP_SECONDS = 0.08
# The comment line that the line-insertion edits add and remove.
INSERTED_COMMENT = "# benchmark: a comment line typed in the middle of the file"
# Statement kinds that can be deleted without changing what any other line means (they bind no name).
DELETABLE_STATEMENTS = (ast.Assert, ast.Expr, ast.Pass)
# The last lines of a server's stderr, kept to explain a failure.
STDERR_TAIL_LINES = 20
# Hovers and code actions asked of one document while many others lint (the memory scenario).
BUSY_REQUESTS = 10
# Edits of that document in the meantime (pairs: a line inserted, then removed again).
BUSY_EDITS = 6
# /proc/<pid>/status reports VmRSS in kB.
KIB = 1024
# The edit kinds, in the order they are measured and shown.
EDIT_KINDS = ("character", "comment line", "code line", "burst")
# LSP's TextDocumentSyncKind.Incremental: the server takes range edits rather than the whole text.
SYNC_INCREMENTAL = 2
# Seconds allowed for `shutdown` and for the process to exit before it is killed.
SHUTDOWN_SECONDS = 10.0
# What the client says it can do: versioned diagnostics, Markdown hovers, code-action literals that it resolves
# as VS Code and Neovim do (an action may come without its edit, which `codeAction/resolve` fills in). Nothing
# else, so every server runs as it does by default (no configuration requests, no pulled diagnostics).
CLIENT_CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": True},
        "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
                "quickfix", "refactor", "refactor.extract", "refactor.rewrite", "source", "source.organizeImports",
                "source.fixAll",
            ]}},
            "isPreferredSupport": True,
            "dataSupport": True,
            "resolveSupport": {"properties": ["edit"]},
        },
    },
}

Json = Dict[str, Any]


class ServerFailure(RuntimeError):
    """A server did not answer in time, exited, or answered an error."""


@dataclass
class Arrival:
    """One publishDiagnostics notification, stamped when the client read it."""

    seconds: float
    version: Optional[int]
    diagnostics: List[Json]


class Published:
    """Every publishDiagnostics notification per document, with a wake-up for waiters."""

    def __init__(self) -> None:
        self.arrivals: Dict[str, List[Arrival]] = {}
        self.changed = asyncio.Event()

    def record(self, seconds: float, params: Json) -> None:
        self.arrivals.setdefault(params["uri"], []).append(
            Arrival(seconds, params.get("version"), list(params.get("diagnostics", [])))
        )
        self.changed.set()

    def find(self, uri: str, version: Optional[int], after: float) -> Optional[Arrival]:
        """The diagnostics of `version` (a server that sends no version: the first to arrive after `after`)."""
        for arrival in self.arrivals.get(uri, ()):
            if version is not None and arrival.version == version:
                return arrival
            unversioned = arrival.version is None or version is None
            if unversioned and arrival.seconds >= after:
                return arrival
        return None

    async def wait_for(self, uri: str, version: Optional[int], after: float,
                       timeout: float = TIMEOUT_SECONDS) -> Arrival:
        deadline = time.perf_counter() + timeout
        while True:
            found = self.find(uri, version, after)
            if found is not None:
                return found
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(0.0, deadline - time.perf_counter()))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(line: int, character: int) -> Json:
    return {"line": line, "character": character}


def file_uri(path: Path) -> str:
    return path.resolve().as_uri()


class Buffer:
    """The client's copy of a document: its text and version, and the change events that edit it."""

    def __init__(self, uri: str, text: str) -> None:
        self.uri = uri
        self.lines = text.splitlines(keepends=True)
        self.version = 1

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def replace_lines(self, start: int, end: int, new_lines: Sequence[str]) -> Json:
        """Replace lines [start, end) with `new_lines`; the change as a range edit."""
        self.lines[start:end] = list(new_lines)
        self.version += 1
        return {"range": {"start": position(start, 0), "end": position(end, 0)}, "text": "".join(new_lines)}

    def replace_in_line(self, line: int, start: int, end: int, new: str) -> Json:
        """Replace characters [start, end) of one line (code points, the line ending excluded)."""
        content = self.lines[line]
        body = content.rstrip("\r\n")
        self.lines[line] = body[:start] + new + body[end:] + content[len(body):]
        self.version += 1
        return {
            "range": {"start": position(line, utf16_length(body[:start])),
                      "end": position(line, utf16_length(body[:end]))},
            "text": new,
        }

    def line_length(self, line: int) -> int:
        return len(self.lines[line].rstrip("\r\n"))


@dataclass
class EditSites:
    """Where in a module the edits go: all near its middle, inside a statement rather than the header."""

    comment_line: Optional[int]  # a comment line to type at the end of (the character edits and the bursts)
    insert_before: int  # the first line of a statement: a comment line goes above it
    insert_indent: str
    delete_line: Optional[int]  # a one-line statement whose removal leaves valid code


def find_edit_sites(text: str) -> EditSites:
    """Pick the lines the edits go to; raises SyntaxError for a module that does not parse."""
    tree = ast.parse(text)
    lines = text.splitlines()
    middle = len(lines) // 2
    comments = [number for number, line in enumerate(lines) if line.lstrip().startswith("#")]
    comment_line = min(comments, key=lambda number: abs(number - middle)) if comments else None
    first_lines = sorted({node.lineno - 1 for node in ast.walk(tree) if isinstance(node, ast.stmt)})
    insert_before = min(first_lines, key=lambda number: abs(number - middle)) if first_lines else 0
    indent_source = lines[insert_before] if insert_before < len(lines) else ""
    indent = indent_source[: len(indent_source) - len(indent_source.lstrip())]
    return EditSites(comment_line, insert_before, indent, find_deletable_line(tree, lines, middle))


def find_deletable_line(tree: ast.Module, lines: Sequence[str], middle: int) -> Optional[int]:
    """The one-line statement nearest the middle that binds nothing and is not alone in its block, so that
    deleting its line leaves a module that still compiles."""
    candidates = []
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if not isinstance(block, list) or len(block) < 2:
                continue
            for index, statement in enumerate(block):
                is_docstring = index == 0 and isinstance(statement, ast.Expr) and isinstance(
                    statement.value, ast.Constant) and isinstance(statement.value.value, str)
                if isinstance(statement, DELETABLE_STATEMENTS) and statement.lineno == statement.end_lineno \
                        and not is_docstring:
                    candidates.append(statement.lineno - 1)
    for number in sorted(candidates, key=lambda number: abs(number - middle)):
        try:
            compile("\n".join(lines[:number] + lines[number + 1:]), "<benchmark>", "exec")
        except SyntaxError:
            continue
        return number
    return None


@dataclass
class EditorResult:
    """What one session measured."""

    server: str
    file: str
    startup_seconds: Optional[float] = None
    first_lint_seconds: Optional[float] = None
    # From spawning the server to the first diagnostics of the module, opened as soon as `initialize` is answered.
    ready_seconds: Optional[float] = None
    diagnostics: Optional[int] = None
    latencies: Dict[str, List[float]] = field(default_factory=dict)
    notes: Dict[str, str] = field(default_factory=dict)
    error: Optional[str] = None


@dataclass
class RequestResult:
    """The answer times of hovers and code actions on one file."""

    hover_seconds: List[float] = field(default_factory=list)
    hover_answered: int = 0
    code_action_seconds: List[float] = field(default_factory=list)
    code_actions: int = 0
    quick_fix_seconds: List[float] = field(default_factory=list)
    quick_fixes: int = 0
    # `codeAction/resolve` of every action of the last every-kind answer that came without its edit, by title.
    resolve_seconds: Dict[str, float] = field(default_factory=dict)
    hover_at: str = ""  # e.g. "CS606, line 2": what the hovers pointed at
    actions_at: str = ""


@dataclass
class MemoryResult:
    """The server's resident memory at each stage of the many-documents scenario, in bytes."""

    documents: int = 0
    lines_each: int = 0
    stages: List[Tuple[str, int]] = field(default_factory=list)
    open_seconds: float = 0.0
    edit_seconds: float = 0.0
    # Hovers and every-kind code actions on the first document, asked while the others are still being linted.
    busy_requests: Optional[RequestResult] = None
    # Edits of the first document (a comment line inserted, then removed), linted while the others still wait.
    busy_edit_seconds: List[float] = field(default_factory=list)
    error: Optional[str] = None


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in bytes; 0 where /proc is missing."""
    total, pending, seen = 0, [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            status = Path(f"/proc/{current}/status").read_text(encoding="ascii")
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        total += sum(int(line.split()[1]) * KIB for line in status.splitlines() if line.startswith("VmRSS:"))
        for task in tasks:
            try:
                pending.extend(int(child) for child in (task / "children").read_text(encoding="ascii").split())
            except OSError:
                continue
    return total


class Session:
    """One language server process, started in `project`, driven over stdio."""

    def __init__(self, name: str, command: Sequence[str], project: Path) -> None:
        self.name = name
        self.command = list(command)
        self.project = project
        self.published = Published()
        self.stderr_tail: List[str] = []
        self.capabilities: Json = {}
        self.process: Optional[asyncio.subprocess.Process] = None
        self.spawned = 0.0
        self._pending: Dict[int, asyncio.Future] = {}
        self._next_id = 0
        self._tasks: List[asyncio.Task] = []

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    @property
    def incremental(self) -> bool:
        sync = self.capabilities.get("textDocumentSync")
        kind = sync.get("change") if isinstance(sync, dict) else sync
        return kind == SYNC_INCREMENTAL

    async def start(self) -> float:
        """Spawn the server and initialize it; returns the seconds from the spawn to the `initialize` answer."""
        spawned = self.spawned = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            *self.command, cwd=str(self.project), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._drain_stderr())]
        root = file_uri(self.project)
        result = await self.request("initialize", {
            "processId": os.getpid(), "rootUri": root, "capabilities": CLIENT_CAPABILITIES,
            "workspaceFolders": [{"uri": root, "name": self.project.name}],
            "clientInfo": {"name": "chris-style-benchmark"},
        })
        answered = time.perf_counter()
        self.capabilities = result.get("capabilities", {})
        self.notify("initialized", {})
        return answered - spawned

    def _send(self, message: Json) -> None:
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> float:
        """Send a notification; returns when it was sent."""
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return sent

    async def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = future
        self._send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        try:
            return await asyncio.wait_for(future, TIMEOUT_SECONDS)
        except asyncio.TimeoutError as error:
            raise ServerFailure(f"no answer to {method} within {TIMEOUT_SECONDS:.0f} s") from error

    async def _read(self) -> None:
        """Read messages until the server's stdout closes: answers resolve requests, diagnostics are recorded,
        requests from the server get the answer of a client that has no settings to give."""
        stream = self.process.stdout
        try:
            while True:
                length = None
                while True:
                    header = await stream.readline()
                    if not header:
                        raise ServerFailure(f"exited with status {await self.process.wait()}")
                    if header in (b"\r\n", b"\n"):
                        break
                    name, _, value = header.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                message = json.loads(await stream.readexactly(length))
                arrived = time.perf_counter()
                self._dispatch(message, arrived)
        except (ServerFailure, asyncio.IncompleteReadError, ValueError) as error:
            failure = error if isinstance(error, ServerFailure) else ServerFailure(f"broken stream: {error}")
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(failure)

    def _dispatch(self, message: Json, arrived: float) -> None:
        if "method" not in message:
            future = self._pending.pop(message.get("id"), None)
            if future is not None and not future.done():
                if "error" in message:
                    future.set_exception(ServerFailure(f"error answer: {message['error'].get('message')}"))
                else:
                    future.set_result(message.get("result"))
        elif message["method"] == "textDocument/publishDiagnostics":
            self.published.record(arrived, message["params"])
        elif "id" in message:
            items = (message.get("params") or {}).get("items")
            answer = [None] * len(items) if message["method"] == "workspace/configuration" and items else None
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": answer})

    async def _drain_stderr(self) -> None:
        while True:
            line = await self.process.stderr.readline()
            if not line:
                return
            self.stderr_tail = (self.stderr_tail + [line.decode("utf-8", "replace").rstrip()])[-STDERR_TAIL_LINES:]

    def open(self, buffer: Buffer) -> float:
        return self.notify("textDocument/didOpen", {"textDocument": {
            "uri": buffer.uri, "languageId": "python", "version": buffer.version, "text": buffer.text}})

    def change(self, buffer: Buffer, change: Json) -> float:
        """Send one change as the server asked for it (a range edit, or the whole text); returns when it was sent."""
        content = change if self.incremental else {"text": buffer.text}
        return self.notify("textDocument/didChange", {
            "textDocument": {"uri": buffer.uri, "version": buffer.version}, "contentChanges": [content]})

    async def diagnostics(self, buffer: Buffer, sent: float, timeout: float = TIMEOUT_SECONDS) -> Arrival:
        """Wait for the diagnostics of the buffer's current version."""
        try:
            return await self.published.wait_for(buffer.uri, buffer.version, sent, timeout)
        except asyncio.TimeoutError as error:
            raise ServerFailure(f"no diagnostics for version {buffer.version} within {timeout:.0f} s") from error

    async def stop(self) -> None:
        """Shut the server down politely, then make sure its process is gone."""
        if self.process is None:
            return
        if self.process.returncode is None:
            try:
                await asyncio.wait_for(self.request("shutdown", None), SHUTDOWN_SECONDS)
                self.notify("exit", None)
                self.process.stdin.close()
                await asyncio.wait_for(self.process.wait(), SHUTDOWN_SECONDS)
            except (asyncio.TimeoutError, ServerFailure, OSError) as error:
                logger.debug("%s did not shut down cleanly: %s", self.name, error)
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def failure_text(self, error: BaseException) -> str:
        tail = f" (last stderr line: {self.stderr_tail[-1]})" if self.stderr_tail else ""
        return f"{type(error).__name__}: {error}{tail}"


def make_project(directory: Path, files: Dict[Path, str]) -> None:
    """A project as the servers see it: a pyproject.toml with an empty chris-style table (its defaults, all
    rules on) and no configuration for the others, and the files to edit."""
    (directory / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    for relative, text in files.items():
        (directory / relative).parent.mkdir(parents=True, exist_ok=True)
        (directory / relative).write_text(text, encoding="utf-8")


async def timed_edit(session: Session, buffer: Buffer, make_change: Callable[[Buffer], Json]) -> float:
    """Pause like a typist, apply one edit, and return the seconds until its version's diagnostics arrived."""
    await asyncio.sleep(EDIT_PAUSE_SECONDS)
    sent = session.change(buffer, make_change(buffer))
    arrival = await session.diagnostics(buffer, sent)
    return arrival.seconds - sent


async def measure_edits(session: Session, buffer: Buffer, sites: EditSites, rounds: int, bursts: int,
                        result: EditorResult) -> None:
    """Each kind of edit `rounds` times (rounded up to pairs, the second undoing the first), then the bursts."""
    pairs = (rounds + 1) // 2
    if pairs and sites.comment_line is None:
        result.notes["character"] = "no comment line to type in"
    elif pairs:
        line = sites.comment_line
        samples = result.latencies.setdefault("character", [])
        for _ in range(pairs):
            end = buffer.line_length(line)
            samples.append(await timed_edit(session, buffer, lambda b: b.replace_in_line(line, end, end, "x")))
            samples.append(await timed_edit(session, buffer, lambda b: b.replace_in_line(line, end, end + 1, "")))
    comment = [f"{sites.insert_indent}{INSERTED_COMMENT}\n"]
    at = sites.insert_before
    for _ in range(pairs):
        samples = result.latencies.setdefault("comment line", [])
        samples.append(await timed_edit(session, buffer, lambda b: b.replace_lines(at, at, comment)))
        samples.append(await timed_edit(session, buffer, lambda b: b.replace_lines(at, at + 1, [])))
    if pairs and sites.delete_line is None:
        result.notes["code line"] = "no one-line statement that can go"
    elif pairs:
        samples = result.latencies.setdefault("code line", [])
        gone = sites.delete_line
        original = [buffer.lines[gone]]
        for _ in range(pairs):
            samples.append(await timed_edit(session, buffer, lambda b: b.replace_lines(gone, gone + 1, [])))
            samples.append(await timed_edit(session, buffer, lambda b: b.replace_lines(gone, gone, original)))
    if bursts and sites.comment_line is not None:
        samples = result.latencies.setdefault("burst", [])
        line = sites.comment_line
        for burst in range(bursts):
            await asyncio.sleep(EDIT_PAUSE_SECONDS)
            for keystroke in range(BURST_KEYSTROKES):
                if keystroke:
                    await asyncio.sleep(KEYSTROKE_GAP_SECONDS)
                end = buffer.line_length(line)
                # Type five characters, then (next burst) delete them again, so the file ends as it began.
                change = buffer.replace_in_line(line, end, end, "x") if burst % 2 == 0 else \
                    buffer.replace_in_line(line, end - 1, end, "")
                sent = session.change(buffer, change)
            arrival = await session.diagnostics(buffer, sent)
            samples.append(arrival.seconds - sent)


def hover_position(session: Session, buffer: Buffer, last: Arrival) -> Json:
    """Where the server has something to say. Ruff's hover documents the rule codes of `# noqa` comments and
    nothing else: the first such code. The others: the start of their first diagnostic."""
    if session.name == "ruff":
        for number, line in enumerate(buffer.text.splitlines()):
            if "# noqa: " in line:
                return position(number, utf16_length(line[: line.index("# noqa: ") + len("# noqa: ")]))
    if last.diagnostics:
        return last.diagnostics[0]["range"]["start"]
    return position(0, 0)


async def measure_requests(session: Session, buffer: Buffer, last: Arrival, count: int) -> Optional[RequestResult]:
    """`count` hovers, then `count` code-action requests at the first diagnostic with it in the context: first
    for every kind of action (what an editor asks to show its light bulb when the cursor lands there), then for
    quick fixes only (`only: ["quickfix"]`). One at a time, on the file as the last lint left it. None for a
    server that offers neither."""
    offers_hover = bool(session.capabilities.get("hoverProvider"))
    offers_actions = bool(session.capabilities.get("codeActionProvider"))
    if not offers_hover and not offers_actions:
        return None
    result = RequestResult()
    document = {"uri": buffer.uri}
    first = last.diagnostics[:1]
    if first:
        result.actions_at = f"{first[0].get('code', '?')}, line {first[0]['range']['start']['line'] + 1}"
    if offers_hover:
        at = hover_position(session, buffer, last)
        result.hover_at = f"line {at['line'] + 1}" + next(
            (f", {d.get('code', '?')}" for d in last.diagnostics if d["range"]["start"] == at), ", a `# noqa` code")
        for _ in range(count):
            sent = time.perf_counter()
            answer = await session.request("textDocument/hover", {"textDocument": document, "position": at})
            result.hover_seconds.append(time.perf_counter() - sent)
            result.hover_answered += answer is not None
    if offers_actions:
        where = first[0]["range"] if first else {"start": position(0, 0), "end": position(0, 0)}
        answer = None
        for _ in range(count):
            sent = time.perf_counter()
            answer = await session.request("textDocument/codeAction", {
                "textDocument": document, "range": where, "context": {"diagnostics": first, "triggerKind": 1}})
            result.code_action_seconds.append(time.perf_counter() - sent)
            result.code_actions = len(answer or [])
        for action in answer or []:
            if isinstance(action, dict) and "edit" not in action and "data" in action:
                sent = time.perf_counter()
                await session.request("codeAction/resolve", action)
                result.resolve_seconds[action.get("title", "?")] = time.perf_counter() - sent
        for _ in range(count):
            sent = time.perf_counter()
            answer = await session.request("textDocument/codeAction", {
                "textDocument": document, "range": where,
                "context": {"diagnostics": first, "only": ["quickfix"], "triggerKind": 1}})
            result.quick_fix_seconds.append(time.perf_counter() - sent)
            result.quick_fixes = len(answer or [])
    return result


async def run_file(name: str, command: Sequence[str], relative: Path, text: str, rounds: int, bursts: int,
                   requests: int) -> Tuple[EditorResult, Optional[RequestResult]]:
    """One server on one file: start-up, first lint, every kind of edit, then (if `requests`) hovers and code
    actions. A failure is recorded in the result, never raised."""
    result = EditorResult(name, relative.name)
    request_result = None
    with tempfile.TemporaryDirectory(prefix="chris-style-benchmark-") as directory:
        project = Path(directory)
        make_project(project, {relative: text})
        session = Session(name, command, project)
        try:
            result.startup_seconds = await session.start()
            buffer = Buffer(file_uri(project / relative), text)
            sent = session.open(buffer)
            arrival = await session.diagnostics(buffer, sent)
            result.first_lint_seconds = arrival.seconds - sent
            result.ready_seconds = arrival.seconds - session.spawned
            result.diagnostics = len(arrival.diagnostics)
            await measure_edits(session, buffer, find_edit_sites(text), rounds, bursts, result)
            if requests:
                last = await session.diagnostics(buffer, 0.0)
                request_result = await measure_requests(session, buffer, last, requests)
        except (ServerFailure, asyncio.TimeoutError, OSError, SyntaxError) as error:
            result.error = session.failure_text(error)
        finally:
            await session.stop()
    return result, request_result


async def run_startup(name: str, command: Sequence[str]) -> Tuple[Optional[float], str]:
    """Spawn the server in an empty project and time the `initialize` answer: (seconds, "") or (None, why)."""
    with tempfile.TemporaryDirectory(prefix="chris-style-benchmark-") as directory:
        make_project(Path(directory), {})
        session = Session(name, command, Path(directory))
        try:
            return await session.start(), ""
        except (ServerFailure, asyncio.TimeoutError, OSError) as error:
            return None, session.failure_text(error)
        finally:
            await session.stop()


async def run_memory(name: str, command: Sequence[str], text: str, copies: int) -> MemoryResult:
    """Open `copies` copies of a module at once, then edit each, then close them all, and read the server's RSS
    after each stage, once every document's diagnostics for it have arrived."""
    result = MemoryResult(copies, len(text.splitlines()))
    relatives = [Path("pkg") / f"module_{index:03d}.py" for index in range(copies)]
    with tempfile.TemporaryDirectory(prefix="chris-style-benchmark-") as directory:
        project = Path(directory)
        make_project(project, dict.fromkeys(relatives, text))
        session = Session(name, command, project)
        try:
            await session.start()
            await asyncio.sleep(EDIT_PAUSE_SECONDS)
            result.stages.append(("started", tree_rss(session.pid)))
            buffers = [Buffer(file_uri(project / relative), text) for relative in relatives]
            started = time.perf_counter()
            for buffer in buffers:
                session.open(buffer)
            first = await session.diagnostics(buffers[0], started, STAGE_TIMEOUT_SECONDS)
            # The other documents lint for many seconds yet: how long does the one being read wait for answers?
            result.busy_requests = await measure_requests(session, buffers[0], first, BUSY_REQUESTS)
            sites = find_edit_sites(text)
            line = sites.insert_before
            comment = [f"{sites.insert_indent}{INSERTED_COMMENT}\n"]
            for _ in range(BUSY_EDITS // 2):
                for change in (lambda buffer: buffer.replace_lines(line, line, comment),
                               lambda buffer: buffer.replace_lines(line, line + 1, [])):
                    result.busy_edit_seconds.append(await timed_edit(session, buffers[0], change))
            for buffer in buffers[1:]:
                await session.diagnostics(buffer, started, STAGE_TIMEOUT_SECONDS)
            result.open_seconds = time.perf_counter() - started
            result.stages.append((f"{copies} open", tree_rss(session.pid)))
            sites = find_edit_sites(text)
            comment = [f"{sites.insert_indent}{INSERTED_COMMENT}\n"]
            started = time.perf_counter()
            for buffer in buffers:
                session.change(buffer, buffer.replace_lines(sites.insert_before, sites.insert_before, comment))
            for buffer in buffers:
                await session.diagnostics(buffer, started, STAGE_TIMEOUT_SECONDS)
            result.edit_seconds = time.perf_counter() - started
            result.stages.append(("edited", tree_rss(session.pid)))
            started = time.perf_counter()
            for buffer in buffers:
                session.notify("textDocument/didClose", {"textDocument": {"uri": buffer.uri}})
            # Closing clears a document's diagnostics: the empty publication says the server is done with it.
            for buffer in buffers:
                await session.published.wait_for(buffer.uri, None, started, STAGE_TIMEOUT_SECONDS)
            await asyncio.sleep(1.0)
            result.stages.append(("all closed", tree_rss(session.pid)))
        except (ServerFailure, asyncio.TimeoutError, OSError, SyntaxError) as error:
            result.error = session.failure_text(error)
        finally:
            await session.stop()
    return result
