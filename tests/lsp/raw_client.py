"""A client that speaks JSON-RPC byte by byte to `chris-style lsp`, so tests can send what no well-behaved
client library would: invalid JSON, malformed params, requests out of order, absurd headers."""

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from tests.lsp.harness import SERVER_COMMAND, WAIT_SECONDS

# How long to wait for something that must NOT come (a response to a notification): short, since the server
# answers what it answers within milliseconds.
QUIET_SECONDS = 1.0
HEADER_END = b"\r\n\r\n"
CONTENT_LENGTH = b"Content-Length: "


def frame(body: bytes) -> bytes:
    return CONTENT_LENGTH + str(len(body)).encode("ascii") + HEADER_END + body


class RawClient:
    """The server as a subprocess; each message it sends is parsed into `received` by a reader thread."""

    def __init__(self, cwd: Path, command: Sequence[str] = SERVER_COMMAND, env: Optional[Dict[str, str]] = None) -> None:
        self.process = subprocess.Popen(
            list(command), cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        self.received: "queue.Queue[Dict[str, Any]]" = queue.Queue()
        self.messages: List[Dict[str, Any]] = []
        self._next_id = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            header = b""
            while not header.endswith(HEADER_END):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(CONTENT_LENGTH)[1].split(b"\r\n")[0])
            self.received.put(json.loads(stream.read(length)))

    def send_bytes(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message: Dict[str, Any]) -> None:
        self.send_bytes(frame(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")))

    def request(self, method: str, params: Any = None) -> int:
        self._next_id += 1
        self.send({"id": self._next_id, "method": method, **({"params": params} if params is not None else {})})
        return self._next_id

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"method": method, **({"params": params} if params is not None else {})})

    def next_message(self, timeout: float = WAIT_SECONDS) -> Optional[Dict[str, Any]]:
        try:
            message = self.received.get(timeout=timeout)
        except queue.Empty:
            return None
        self.messages.append(message)
        return message

    def response(self, request_id: Optional[int], timeout: float = WAIT_SECONDS) -> Optional[Dict[str, Any]]:
        """The response to a request (id None: to a message without a usable id), answering the server's own
        requests (configuration, registration) on the way with an empty result."""
        while True:
            message = self.next_message(timeout)
            if message is None:
                return None
            if "method" in message and "id" in message:
                self.send({"id": message["id"], "result": None})
                continue
            if "method" not in message and message.get("id") == request_id:
                return message

    def initialize(self, root: Path, capabilities: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        response = self.response(self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(), "capabilities": capabilities or {},
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "initializationOptions": {"debounce": 10},
        }))
        self.notify("initialized", {})
        assert response is not None
        return response

    def exit_code(self, timeout: float = WAIT_SECONDS) -> Optional[int]:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(WAIT_SECONDS)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
