"""A workspace diagnostic over a large tree reports its progress and can be cancelled, by the request
(`$/cancelRequest`) or by its progress (`window/workDoneProgress/cancel`); the server goes on answering."""

from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

from tests.lsp.raw_client import RawClient

# A tree far too large to be checked before the test cancels it.
FILES = 2000
REQUEST_CANCELLED = -32800
# What a client that pulls diagnostics says it can do (VS Code's, cut to what the server reads).
PULL_CAPABILITIES = {
    "textDocument": {"diagnostic": {"dynamicRegistration": True}},
    "workspace": {"diagnostics": {"refreshSupport": True}},
    "window": {"workDoneProgress": True},
}
TOKEN = "client-token"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("large-tree")
    (root / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    for number in range(FILES):
        package = root / f"package_{number // 100:02d}"
        package.mkdir(exist_ok=True)
        (package / f"module_{number:04d}.py").write_text(f"def run_{number}(command):\n    return None\n",
                                                          encoding="utf-8")
    return root


@pytest.fixture
def client(tree: Path) -> Iterator[RawClient]:
    started = RawClient(tree)
    started.initialize(tree, PULL_CAPABILITIES)
    yield started
    started.close()


def _progress_until_report(client: RawClient, token: str) -> List[Dict[str, Any]]:
    """The progress notifications on `token` up to its first report, answering the server's requests."""
    seen: List[Dict[str, Any]] = []
    while True:
        message = client.next_message()
        assert message is not None, "no progress report came"
        if message.get("method") == "$/progress" and message["params"]["token"] == token:
            seen.append(message["params"]["value"])
            if message["params"]["value"]["kind"] == "report":
                return seen
        elif "method" in message and "id" in message:
            client.send({"id": message["id"], "result": None})


def _server_token(client: RawClient) -> str:
    """The token of a progress the server creates (the client gave none), accepted."""
    while True:
        message = client.next_message()
        assert message is not None, "the server created no progress"
        if message.get("method") == "window/workDoneProgress/create":
            client.send({"id": message["id"], "result": None})
            return message["params"]["token"]
        if "method" in message and "id" in message:
            client.send({"id": message["id"], "result": None})


def _answered(client: RawClient) -> Optional[Dict[str, Any]]:
    return client.response(client.request("textDocument/hover", {
        "textDocument": {"uri": "file:///never-opened.py"}, "position": {"line": 0, "character": 0}
    }))


def test_WHEN_a_workspace_diagnostic_is_cancelled_by_its_request_THEN_request_cancelled_AND_the_server_goes_on(
    client: RawClient,
) -> None:
    request = client.request("workspace/diagnostic", {"previousResultIds": [], "workDoneToken": TOKEN})
    progress = _progress_until_report(client, TOKEN)
    client.notify("$/cancelRequest", {"id": request})
    answer = client.response(request)
    assert ("begin", True, REQUEST_CANCELLED, True) == (
        progress[0]["kind"], f"Checking {FILES} files" in progress[0].get("message", ""),
        (answer or {}).get("error", {}).get("code"), _answered(client) is not None,
    )


def test_WHEN_the_server_made_progress_is_cancelled_THEN_the_request_ends_AND_the_server_goes_on(
    client: RawClient,
) -> None:
    request = client.request("workspace/diagnostic", {"previousResultIds": []})
    token = _server_token(client)
    progress = _progress_until_report(client, token)
    client.notify("window/workDoneProgress/cancel", {"token": token})
    answer = client.response(request)
    assert (True, REQUEST_CANCELLED, True) == (
        progress[0].get("cancellable"), (answer or {}).get("error", {}).get("code"), _answered(client) is not None,
    )
