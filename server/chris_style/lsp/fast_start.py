"""Answering `initialize` before pygls is loaded: the language server's start-up in tens of milliseconds.

An editor waits for the answer to `initialize` before it sends anything else, and importing pygls and the
protocol types alone costs about half a second of CPU. The answer does not need them: what the server can do
is fixed, save for two choices made from the client's capabilities (the position encoding, and whether
diagnostics are pulled). So `serve_stdio` reads the first message with the standard library only, answers an
`initialize` request with the capabilities pygls would compute (`initialize_result`; tests compare the two
for many clients' capabilities), then loads the server and hands it the stream from the start: pygls handles
that `initialize` as it always does (its settings, its workspace, the handlers it registers), and its own
answer, which the client already has, is dropped (`_AnsweredOnce`). A first message that is not an
`initialize` request is left to pygls, as is everything after it.
"""

import json
import logging
import sys
from typing import Any, BinaryIO, Dict, List, Optional, Tuple

from chris_style import __version__
from chris_style.lsp.action_kinds import ANY_NOTEBOOK, CODE_ACTION_KINDS, PYTHON_LANGUAGE_ID, SERVER_NAME, SOURCE

logger = logging.getLogger(__name__)

CONTENT_LENGTH = b"content-length"
HEADER_END = b"\r\n\r\n"
# The position encodings the server can count in (pygls' choice: the client's first of these, else UTF-16).
POSITION_ENCODINGS = ("utf-8", "utf-16", "utf-32")
DEFAULT_POSITION_ENCODING = "utf-16"
# LSP's TextDocumentSyncKind.Incremental: the client sends range edits.
INCREMENTAL_SYNC = 2

Json = Dict[str, Any]


def _get(value: Any, *names: str) -> Any:
    for name in names:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def position_encoding(capabilities: Json) -> str:
    """The client's first encoding the server supports, UTF-16 when it names none (pygls'
    `choose_position_encoding`)."""
    for encoding in _get(capabilities, "general", "positionEncodings") or ():
        if encoding in POSITION_ENCODINGS:
            return str(encoding)
    return DEFAULT_POSITION_ENCODING


def can_pull(capabilities: Json) -> bool:
    """The server's `can_pull` (server.py): the client pulls diagnostics and can be asked to pull again."""
    return _get(capabilities, "textDocument", "diagnostic") is not None and bool(
        _get(capabilities, "workspace", "diagnostics", "refreshSupport")
    )


def server_capabilities(capabilities: Json) -> Json:
    """What pygls answers for the handlers app.py and lifecycle.py register, given the client's capabilities."""
    synchronization: Json = {"openClose": True, "change": INCREMENTAL_SYNC}
    for name in ("willSave", "willSaveWaitUntil"):
        # No handler for either: false, or left out as the client left it out (pygls' `client_value and False`).
        if _get(capabilities, "textDocument", "synchronization", name) is not None:
            synchronization[name] = False
    synchronization["save"] = True
    answer: Json = {
        "positionEncoding": position_encoding(capabilities),
        "textDocumentSync": synchronization,
        "hoverProvider": True,
        "codeActionProvider": {"codeActionKinds": list(CODE_ACTION_KINDS), "resolveProvider": True},
        "executeCommandProvider": {"commands": []},
        "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True}, "fileOperations": {}},
    }
    if _get(capabilities, "notebookDocument") is not None:
        # The notebooks' Python cells (notebook_store.NOTEBOOK_SYNC): pygls advertises them to clients that sync
        # notebooks.
        answer["notebookDocumentSync"] = {
            "notebookSelector": [{"notebook": ANY_NOTEBOOK, "cells": [{"language": PYTHON_LANGUAGE_ID}]}],
            "save": True,
        }
    if can_pull(capabilities):
        answer["diagnosticProvider"] = {
            "identifier": SOURCE, "interFileDependencies": False, "workspaceDiagnostics": True,
        }
    return answer


def initialize_result(params: Json) -> Json:
    """The `result` of the answer to an `initialize` request with these params."""
    capabilities = params.get("capabilities") if isinstance(params, dict) else None
    return {
        "capabilities": server_capabilities(capabilities if isinstance(capabilities, dict) else {}),
        "serverInfo": {"name": SERVER_NAME, "version": __version__},
    }


def read_message(stream: BinaryIO) -> Tuple[bytes, Optional[Json]]:
    """The bytes of the first message (headers and body, as read) and its JSON object, or None when it is not
    a complete JSON object."""
    raw: List[bytes] = []
    length: Optional[int] = None
    while True:
        line = stream.readline()
        raw.append(line)
        if not line:
            return b"".join(raw), None
        name, _, value = line.partition(b":")
        if name.strip().lower() == CONTENT_LENGTH and value.strip().isdigit():
            length = int(value.strip())
        if not line.strip():
            break
    if length is None:
        return b"".join(raw), None
    body = stream.read(length)
    raw.append(body)
    try:
        message = json.loads(body)
    except ValueError:
        return b"".join(raw), None
    return b"".join(raw), message if isinstance(message, dict) else None


def write_message(stream: BinaryIO, message: Json) -> None:
    body = json.dumps(message).encode("utf-8")
    stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    stream.flush()


class _Replayed:
    """The input stream with the bytes already read put back in front, so pygls reads it from the start."""

    def __init__(self, consumed: bytes, stream: BinaryIO) -> None:
        self._consumed = consumed
        self._stream = stream

    def readline(self, size: int = -1) -> bytes:
        """A line (at most `size` bytes when `size` is not negative), as BinaryIO.readline gives it."""
        if not self._consumed:
            return self._stream.readline(size)
        end = self._consumed.find(b"\n") + 1 or len(self._consumed)
        if 0 <= size < end:
            end = size
        taken, self._consumed = self._consumed[:end], self._consumed[end:]
        if taken.endswith(b"\n") or self._consumed or (0 <= size <= len(taken)):
            return taken
        # The bytes put back end in the middle of a line: the rest of it is still in the stream.
        return taken + self._stream.readline(size - len(taken) if size >= 0 else -1)

    def read(self, size: int = -1) -> bytes:
        if not self._consumed:
            return self._stream.read(size)
        if size < 0:
            taken, self._consumed = self._consumed, b""
            return taken + self._stream.read()
        taken, self._consumed = self._consumed[:size], self._consumed[size:]
        return taken + (self._stream.read(size - len(taken)) if len(taken) < size else b"")


class _AnsweredOnce:
    """The output stream, without pygls' answer to the request answered already (compared with it first)."""

    def __init__(self, stream: BinaryIO, request_id: Any, answered: Json) -> None:
        self._stream = stream
        self._request_id = request_id
        self._answered: Optional[Json] = answered

    def write(self, data: bytes) -> None:
        """Write one message (pygls writes each whole), unless it is the answer already given."""
        if self._answered is not None:
            try:
                message = json.loads(data.partition(HEADER_END)[2])
            except ValueError:
                message = None
            is_answer = isinstance(message, dict) and "method" not in message and message.get("id") == self._request_id
            if is_answer:
                if message.get("result") != self._answered:
                    logger.warning("pygls answered initialize with %s, not %s", message.get("result"), self._answered)
                self._answered = None
                return
        self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()


def serve_stdio() -> None:
    """Run the language server over standard input/output, answering `initialize` before loading it."""
    server_input, server_output = sys.stdin.buffer, sys.stdout.buffer
    # Anything a rule or library prints would corrupt the protocol stream: send it to stderr instead.
    sys.stdout = sys.stderr
    consumed, message = read_message(server_input)
    output: BinaryIO = server_output
    if message is not None and message.get("method") == "initialize" and "id" in message:
        result = initialize_result(message.get("params"))
        write_message(server_output, {"jsonrpc": "2.0", "id": message["id"], "result": result})
        output = _AnsweredOnce(server_output, message["id"], result)  # type: ignore[assignment]
    from chris_style.lsp.app import serve  # pygls, the protocol types and the handlers: the slow part

    serve(streams=(_Replayed(consumed, server_input), output))  # type: ignore[arg-type]
