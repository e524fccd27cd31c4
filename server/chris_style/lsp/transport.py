"""Reading the client's messages, over standard input/output or TCP: no message can take the server down, and
every request gets an answer.

pygls' own loop drops what it cannot read without a word and dies on an absurd header; this one, which feeds
the same pygls protocol, answers as JSON-RPC and LSP say:

- a body that is not JSON: Parse Error (-32700), id null;
- a request whose params do not fit the method: Invalid Params (-32602) with its id;
- a request before `initialize`: Server Not Initialized (-32002); after `shutdown`: Invalid Request (-32600);
  notifications then are dropped, except `exit`;
- a message larger than MAX_MESSAGE_BYTES: skipped, never held in memory, with one logged warning; a header
  line longer than MAX_HEADER_BYTES too;
- `exit` ends the process with status 0 after `shutdown`, 1 without (pygls' status was lost on the way out).
"""

import asyncio
import contextlib
import json
import logging
import queue
import sys
import threading
from typing import Any, BinaryIO, Callable, Dict, Optional, Protocol, Tuple

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.io_ import StdoutWriter
from pygls.protocol import JsonRPCProtocol
from pygls.server import JsonRPCServer

logger = logging.getLogger(__name__)

# A message larger than this is skipped: a document at the largest checked file size, every character escaped by
# JSON (six bytes for one), stays well under it.
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
# Header lines are short (`Content-Length: 123`); a longer one is not a header.
MAX_HEADER_BYTES = 1024
# Skipped bodies are read and dropped in pieces of this size.
SKIP_CHUNK_BYTES = 1024 * 1024
CONTENT_LENGTH = b"content-length:"


class Reader(Protocol):
    async def readline(self) -> bytes: ...

    async def read(self, size: int) -> bytes: ...


class StdinReader:
    """Standard input, read by one daemon thread so that the event loop goes on meanwhile and a process told to
    exit never waits for input that is not coming; lines are cut at MAX_HEADER_BYTES."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._calls: "queue.Queue[Tuple[Callable[[int], bytes], int, asyncio.Future]]" = queue.Queue()
        threading.Thread(target=self._serve, name="chris-style-stdin", daemon=True).start()

    def _serve(self) -> None:
        while True:
            function, size, future = self._calls.get()
            try:
                data = function(size)
            except (OSError, ValueError):
                data = b""  # a closed or broken input ends the session like its end does
            loop = future.get_loop()
            with contextlib.suppress(RuntimeError):  # the loop is gone: the server is exiting
                loop.call_soon_threadsafe(_resolve, future, data)

    def _call(self, function: Callable[[int], bytes], size: int) -> "asyncio.Future[bytes]":
        future: "asyncio.Future[bytes]" = asyncio.get_running_loop().create_future()
        self._calls.put((function, size, future))
        return future

    async def readline(self) -> bytes:
        return await self._call(self._stream.readline, MAX_HEADER_BYTES)

    async def read(self, size: int) -> bytes:
        return await self._call(self._stream.read, size)


def _resolve(future: "asyncio.Future[bytes]", data: bytes) -> None:
    if not future.done():
        future.set_result(data)


class StreamReader:
    """A TCP connection's reader, with the same cut lines."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._stream = stream

    async def readline(self) -> bytes:
        line = b""
        while not line.endswith(b"\n") and len(line) < MAX_HEADER_BYTES:
            byte = await self._stream.read(1)
            if not byte:
                break
            line += byte
        return line

    async def read(self, size: int) -> bytes:
        try:
            return await self._stream.readexactly(size)
        except asyncio.IncompleteReadError as error:
            return error.partial


class Session:
    """Where the session stands (initialized, shut down), and the answers pygls would not give."""

    def __init__(self, protocol: JsonRPCProtocol) -> None:
        self.protocol = protocol
        self.initialized = False

    def handle(self, body: bytes) -> None:
        """Hand one message's body to pygls, or answer it with the JSON-RPC error it deserves."""
        try:
            raw = json.loads(body)
        except ValueError as error:  # not UTF-8, or not JSON
            self._refuse(None, JsonRpcParseError(f"Parse Error: {error}"))
            return
        if not isinstance(raw, dict):
            self._refuse(None, JsonRpcInvalidRequest("Invalid Request: a message is a JSON object"))
            return
        method, request_id = raw.get("method"), raw.get("id")
        is_request = isinstance(method, str) and "id" in raw
        if isinstance(method, str) and not self._accepts(method, request_id, is_request):
            return
        try:
            message = self.protocol.structure_message(raw)
        except JsonRpcException as error:
            if is_request:
                self._refuse(request_id, error)
            else:
                logger.warning("dropped a %s notification whose params do not fit it", method)
            return
        if method == types.INITIALIZE and is_request:
            self.initialized = True
        self.protocol.handle_message(message)

    def _accepts(self, method: str, request_id: Any, is_request: bool) -> bool:
        """Whether a message may be handled now; a request that may not is answered with the reason."""
        if method == types.EXIT:
            return True
        if not self.initialized and method != types.INITIALIZE:
            if is_request:
                self._refuse(request_id, JsonRpcServerNotInitialized(f"{method}: the server is not initialized"))
            return False
        if getattr(self.protocol, "_shutdown", False):
            if is_request:
                self._refuse(request_id, JsonRpcInvalidRequest(f"{method}: the server is shut down"))
            return False
        return True

    def _refuse(self, request_id: Any, error: JsonRpcException) -> None:
        logger.warning("refused a message: %s", error)
        # Sent as a plain object: pygls' own types leave out an id of None, which JSON-RPC wants as `null`.
        self.protocol._send_data({"jsonrpc": JsonRPCProtocol.VERSION, "id": request_id,
                                  "error": {"code": error.code, "message": error.message}})


async def read_messages(reader: Reader, session: Session, stop: threading.Event) -> None:
    """Read framed messages (`Content-Length` headers, an empty line, the body) until the end of the input."""
    while not stop.is_set():
        length = await _read_headers(reader)
        if length is None:
            return
        if length > MAX_MESSAGE_BYTES:
            logger.warning("skipped a message of %d bytes (more than %d)", length, MAX_MESSAGE_BYTES)
            if not await _skip(reader, length):
                return
            continue
        body = await reader.read(length)
        if len(body) < length:
            return
        try:
            session.handle(body)
        except Exception:
            # The server's own fault in handling one message must not end the session.
            logger.exception("handling a message failed")


async def _read_headers(reader: Reader) -> Optional[int]:
    """The Content-Length of the next message (0 when its headers named none), or None at the end of the input."""
    length: Optional[int] = None
    while True:
        line = await reader.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            if length is not None:
                return length
            continue  # a stray blank line between messages
        if line.lower().startswith(CONTENT_LENGTH):
            value = line[len(CONTENT_LENGTH):].strip()
            length = int(value) if value.isdigit() else None
            if length is None:
                logger.warning("ignored a Content-Length that is not a number: %r", value[:40])


async def _skip(reader: Reader, length: int) -> bool:
    """Read and drop `length` bytes; False when the input ends first."""
    remaining = length
    while remaining:
        chunk = await reader.read(min(remaining, SKIP_CHUNK_BYTES))
        if not chunk:
            return False
        remaining -= len(chunk)
    return True


def _exit_status(server: JsonRPCServer, exit_code: Any) -> int:
    server.shutdown()
    return exit_code if isinstance(exit_code, int) else 1


def serve_io(server: JsonRPCServer, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Serve one client over standard input/output; exits with LSP's status when the client says `exit`, 1
    when the input ends without one."""
    server._stop_event = stop = threading.Event()
    server.protocol.set_writer(StdoutWriter(stdout))
    session = Session(server.protocol)
    try:
        asyncio.run(read_messages(StdinReader(stdin), session, stop))
    except SystemExit as exiting:
        sys.exit(_exit_status(server, exiting.code))
    except BrokenPipeError:
        logger.error("the connection to the client is lost; stopping")
    sys.exit(_exit_status(server, 0 if getattr(server.protocol, "_shutdown", False) else 1))


def serve_tcp(server: JsonRPCServer, host: str, port: int) -> None:
    """Serve the first client that connects over TCP, as serve_io() does over standard input/output."""
    server._stop_event = stop = threading.Event()
    outcome: Dict[str, Any] = {}

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server.protocol.set_writer(writer)  # type: ignore[arg-type]
        try:
            await read_messages(StreamReader(reader), Session(server.protocol), stop)
        except SystemExit as exiting:
            outcome["code"] = exiting.code
        listening.close()

    async def main() -> None:
        nonlocal listening
        listening = await asyncio.start_server(connection, host, port)
        logger.info("serving on %s:%s", host, port)
        async with listening:
            try:
                await listening.serve_forever()
            except asyncio.CancelledError:
                pass

    listening: Any = None
    asyncio.run(main())
    sys.exit(_exit_status(server, outcome.get("code", 0 if getattr(server.protocol, "_shutdown", False) else 1)))
