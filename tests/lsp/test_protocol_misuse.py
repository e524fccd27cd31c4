"""Protocol misuse, sent byte by byte: every request gets a JSON-RPC answer (an error when it must), nothing
takes the server down, and `exit` ends it with LSP's status."""

import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

from tests.lsp.raw_client import QUIET_SECONDS, RawClient, frame

# The error codes of JSON-RPC 2.0 and LSP (ServerNotInitialized) a client must get.
SERVER_NOT_INITIALIZED = -32002
INVALID_REQUEST = -32600
INTERNAL_ERROR = -32603
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
PARSE_ERROR = -32700
MODULE = "import os\n\n\ndef run(command):\n    return None\n"
# A Content-Length no client could send: reading it as pygls did (all at once) killed the server.
ABSURD_LENGTH = b"Content-Length: 99999999999999\r\n\r\n"
HOVER = "textDocument/hover"
CODE_ACTION = "textDocument/codeAction"
# Far past any line and column of MODULE.
FAR = {"line": 10_000, "character": 10_000}


def _error_code(message: Optional[Dict[str, Any]]) -> Any:
    if message is None:
        return "no answer"
    return message["error"]["code"] if "error" in message else "result"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def client(root: Path) -> Iterator[RawClient]:
    started = RawClient(root)
    yield started
    started.close()


@pytest.fixture
def session(client: RawClient, root: Path) -> RawClient:
    """A server of the test's own, initialized: for the tests that end it."""
    client.initialize(root)
    return client


@pytest.fixture(scope="module")
def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("misuse")
    (root / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def shared(shared_root: Path) -> Iterator[RawClient]:
    """One initialized server for the tests that leave it running: each must find it answering."""
    started = RawClient(shared_root)
    started.initialize(shared_root)
    yield started
    started.close()


def _position(uri: str, position: Dict[str, int]) -> Dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": position}


def _open(client: RawClient, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": text}})
    return uri


def test_WHEN_requests_come_before_initialize_THEN_server_not_initialized_AND_initialize_still_works(
    client: RawClient, root: Path
) -> None:
    before = client.response(client.request(HOVER, _position("file:///x.py", {"line": 0, "character": 0})))
    client.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///x.py", "languageId": "python",
                                                            "version": 1, "text": MODULE}})
    initialized = client.initialize(root)
    assert (SERVER_NOT_INITIALIZED, True) == (_error_code(before), "capabilities" in initialized["result"])


def test_WHEN_messages_are_malformed_THEN_each_request_gets_its_error_AND_the_server_goes_on(shared: RawClient) -> None:
    session = shared
    answers: List[Any] = [_error_code(session.response(session.request("chris-style/no-such-method", {})))]
    answers.append(_error_code(session.response(session.request(HOVER, {"textDocument": 5}))))
    session.send_bytes(frame(b'{"jsonrpc": "2.0", "id": 90, "method": '))
    not_json = session.response(None)
    answers.append((_error_code(not_json), not_json is not None and "id" in not_json))
    session.send_bytes(frame(b"[1, 2, 3]"))
    answers.append(_error_code(session.response(None)))
    session.send_bytes(frame("{\"jsonrpc\": \"2.0\", \"id\": 91, \"method\": \"x\ud800\"}".encode("utf-8", "surrogatepass")))
    answers.append(_error_code(session.response(91)))
    session.send_bytes(b"X-Garbage: yes\r\nnot a header at all\r\n\r\n")
    session.notify("chris-style/no-such-notification", {})
    answers.append(_error_code(session.response(session.request(HOVER, _position("file:///never-opened.py", FAR)))))
    expected = [METHOD_NOT_FOUND, INVALID_PARAMS, (PARSE_ERROR, True), INVALID_REQUEST, INTERNAL_ERROR, "result"]
    assert expected == answers


def test_WHEN_positions_and_documents_do_not_exist_THEN_requests_are_answered(shared: RawClient, shared_root: Path) -> None:
    session, root = shared, shared_root
    uri = _open(session, root / "module.py", MODULE)
    edit_beyond_the_end = {"range": {"start": FAR, "end": FAR}, "text": "\nx = 1\n"}
    session.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                              "contentChanges": [edit_beyond_the_end]})
    session.notify("textDocument/didChange", {"textDocument": {"uri": "file:///never-opened.py", "version": 2},
                                              "contentChanges": [{"text": "x = 1\n"}]})
    whole = {"start": {"line": 0, "character": 0}, "end": FAR}
    requests = [
        (HOVER, _position(uri, FAR)),
        (CODE_ACTION, {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}),
        (CODE_ACTION, {"textDocument": {"uri": uri}, "range": {"start": FAR, "end": {"line": 0, "character": 0}},
                       "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        (HOVER, _position("file:///never-opened.py", {"line": 0, "character": 0})),
    ]
    answers = [_error_code(session.response(session.request(method, params))) for method, params in requests]
    session.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    answers.append(_error_code(session.response(session.request(HOVER, _position(uri, {"line": 0, "character": 0})))))
    answers.append(_error_code(session.response(session.request(
        CODE_ACTION, {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}
    ))))
    assert ["result"] * 6 == answers


def test_WHEN_settings_are_garbage_THEN_the_server_goes_on_linting(shared: RawClient, shared_root: Path) -> None:
    session, root = shared, shared_root
    for settings in (42, "chrisStyle", [None], {"chrisStyle": {"select": 5, "debounce": "soon", "run": None}}):
        session.notify("workspace/didChangeConfiguration", {"settings": settings})
    uri = _open(session, root / "configured.py", MODULE)
    published = _wait_for_publication(session, uri)
    assert True == (published is not None and any(item["code"] == "CS202" for item in published["diagnostics"]))


def _wait_for_publication(client: RawClient, uri: str) -> Optional[Dict[str, Any]]:
    while True:
        message = client.next_message()
        if message is None:
            return None
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            return message["params"]
        if "method" in message and "id" in message:
            client.send({"id": message["id"], "result": None})


def test_WHEN_requests_follow_shutdown_THEN_invalid_request_AND_exit_ends_with_status_0(session: RawClient) -> None:
    shutdown = session.response(session.request("shutdown"))
    after = session.response(session.request(HOVER, _position("file:///x.py", {"line": 0, "character": 0})))
    session.notify("exit")
    assert ("result", INVALID_REQUEST, 0) == (_error_code(shutdown), _error_code(after), session.exit_code())


def test_WHEN_exit_comes_without_shutdown_THEN_status_1(session: RawClient) -> None:
    session.notify("exit")
    assert 1 == session.exit_code()


def test_WHEN_a_content_length_is_absurd_THEN_the_server_stays_up_AND_ends_quietly_with_its_input(
    session: RawClient,
) -> None:
    session.send_bytes(ABSURD_LENGTH + b'{"jsonrpc": "2.0"')
    alive = session.exit_code(QUIET_SECONDS) is None
    assert session.process.stdin is not None
    session.process.stdin.close()
    status = session.exit_code()
    stderr = session.process.stderr.read().decode("utf-8") if session.process.stderr is not None else ""
    assert (True, 1, "") == (alive, status, stderr if "Traceback" in stderr else "")


def test_WHEN_a_notification_gets_no_answer_THEN_none_is_sent(shared: RawClient) -> None:
    session = shared
    session.notify("chris-style/no-such-notification", {"x": 1})
    session.notify("textDocument/didOpen", {"textDocument": 7})
    quiet = session.next_message(QUIET_SECONDS)
    unexpected = [quiet] if quiet is not None and "id" in quiet and "method" not in quiet else []
    assert [] == [json.dumps(message) for message in unexpected]
