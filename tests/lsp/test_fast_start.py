"""The answer to `initialize` given before pygls is loaded (lsp/fast_start.py) is pygls' own answer, for the
capabilities of every recorded editor and of made-up clients; the server behind it then works as before, and
the client gets one answer to its `initialize`, not two."""

import asyncio
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import pytest_lsp

from chris_style.lsp import fast_start
from chris_style.lsp.app import create_server

# The capabilities of every editor pytest-lsp recorded, as each sent them.
RECORDED_CLIENTS = sorted((Path(pytest_lsp.__file__).parent / "clients").glob("*.json"))
PULL = {"textDocument": {"diagnostic": {"dynamicRegistration": True}}, "workspace": {"diagnostics": {"refreshSupport": True}}}
MADE_UP_CLIENTS = {
    "no capabilities": {},
    "UTF-32 first": {"general": {"positionEncodings": ["utf-32", "utf-8"]}},
    "UTF-8 only": {"general": {"positionEncodings": ["utf-8"]}},
    "unknown encodings": {"general": {"positionEncodings": ["utf-7", "ebcdic"]}},
    "no encodings": {"general": {"positionEncodings": []}},
    "pulls diagnostics": PULL,
    "pulls, cannot be told to pull again": {"textDocument": {"diagnostic": {}}},
    "told to pull again, does not pull": {"workspace": {"diagnostics": {"refreshSupport": True}}},
    "notebooks": {"notebookDocument": {"synchronization": {"dynamicRegistration": False}}},
    "file operations and will-save": {
        "workspace": {"fileOperations": {"didCreate": True, "willRename": True}},
        "textDocument": {"synchronization": {"willSave": True, "willSaveWaitUntil": True}},
    },
}
# A process that does not answer within this long has hung.
PROCESS_SECONDS = 60


class _Captured:
    """pygls' writer: keeps what the server sends."""

    def __init__(self) -> None:
        self.messages: List[Dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        self.messages.append(json.loads(data.partition(fast_start.HEADER_END)[2]))

    def close(self) -> None:
        pass


def _pygls_result(params: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """What pygls (with every handler of app.py and lifecycle.py) answers to `initialize`."""
    server = create_server()
    captured = _Captured()
    server.protocol.set_writer(captured)
    message = {"jsonrpc": "2.0", "id": 7, "method": "initialize", "params": params}

    async def answer() -> Optional[Dict[str, Any]]:
        server.protocol.handle_message(json.loads(json.dumps(message), object_hook=server.protocol.structure_message))
        while True:
            for sent in captured.messages:
                if sent.get("id") == 7:
                    return sent.get("result")
            await asyncio.sleep(0.01)

    return asyncio.run(asyncio.wait_for(answer(), PROCESS_SECONDS))


def _clients() -> Dict[str, Dict[str, Any]]:
    recorded = {path.stem: json.loads(path.read_text(encoding="utf-8"))["capabilities"] for path in RECORDED_CLIENTS}
    return {**recorded, **MADE_UP_CLIENTS}


@pytest.mark.parametrize("name", list(_clients()))
def test_WHEN_a_client_initializes_THEN_the_fast_answer_equals_pyglss(name: str) -> None:
    params = {"processId": None, "rootUri": None, "capabilities": _clients()[name]}
    assert _pygls_result(params) == fast_start.initialize_result(params)


def test_WHEN_read_again_THEN_the_replayed_stream_gives_the_same_bytes_line_by_line_and_in_pieces() -> None:
    text = b"Content-Length: 5\r\n\r\nhello" + b"Content-Length: 2\r\n\r\n{}"
    consumed, rest = text[:26], io.BytesIO(text[26:])
    replayed = fast_start._Replayed(consumed, rest)
    pieces = [replayed.readline(), replayed.readline(), replayed.read(3), replayed.read(2), replayed.readline(),
              replayed.readline(), replayed.read(5)]
    assert [b"Content-Length: 5\r\n", b"\r\n", b"hel", b"lo", b"Content-Length: 2\r\n", b"\r\n", b"{}"] == pieces


def _frame(message: Dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _session(messages: List[Dict[str, Any]], until_id: int) -> List[Dict[str, Any]]:
    """Run `python -m chris_style lsp`, send the messages, and return what it sends up to the answer to
    `until_id` (then it is told to exit)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "chris_style", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.stdin.write(b"".join(_frame(message) for message in messages))
        process.stdin.flush()
        received: List[Dict[str, Any]] = []
        while not received or received[-1].get("id") != until_id:
            headers = {}
            while True:
                line = process.stdout.readline()
                assert line, "the server closed its output"
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            received.append(json.loads(process.stdout.read(int(headers["content-length"]))))
        process.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        process.stdin.close()
        process.wait(PROCESS_SECONDS)
        return received
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_WHEN_the_server_starts_THEN_initialize_is_answered_once_and_later_requests_by_pygls() -> None:
    params = {"processId": None, "rootUri": None, "capabilities": PULL}
    received = _session([
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
    ], until_id=2)
    answers = [message for message in received if "method" not in message]
    expected = [{"jsonrpc": "2.0", "id": 1, "result": fast_start.initialize_result(params)},
                {"jsonrpc": "2.0", "id": 2, "result": None}]
    assert expected == answers


def test_WHEN_the_first_message_is_not_initialize_THEN_the_server_answers_it_as_lsp_says() -> None:
    received = _session([{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}], until_id=5)
    # A request before `initialize`: ServerNotInitialized (transport.py), not a fast answer.
    expected = [{"jsonrpc": "2.0", "id": 5, "error": {"code": -32002, "message": "shutdown: the server is not initialized"}}]
    assert expected == [message for message in received if "method" not in message]
