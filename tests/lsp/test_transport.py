"""Transports: `chris-style lsp --tcp` serves the same protocol over a socket."""

import asyncio
import socket
import subprocess
from pathlib import Path

import pytest

from tests.lsp.conftest import SHARED_CONFIG
from tests.lsp.harness import (
    CONFIG_FILE,
    MISSING_PARAMETER,
    MISSING_RETURN,
    MODULE_FILE,
    PUSH_EDITORS,
    SERVER_COMMAND,
    TEST_DEBOUNCE_MS,
    WAIT_SECONDS,
    EditorClient,
    initialize_params,
    make_client,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

HOST = "127.0.0.1"
# How often to retry connecting while the server starts: the port opens once its imports are done.
CONNECT_RETRY_SECONDS = 0.1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


async def connect(client: EditorClient, port: int) -> None:
    """Connect once the port opens. The server serves the first connection it accepts, so the client itself
    must be the one that tries (a probe would use the server up)."""

    async def attempt() -> None:
        while True:
            try:
                await client.start_tcp(HOST, port)
                return
            except OSError:
                await asyncio.sleep(CONNECT_RETRY_SECONDS)

    await asyncio.wait_for(attempt(), WAIT_SECONDS)


async def test_WHEN_served_over_tcp_THEN_client_gets_diagnostics(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text(SHARED_CONFIG, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([*SERVER_COMMAND, "--tcp", "--host", HOST, "--port", str(port)])
    client = make_client()
    try:
        await connect(client, port)
        await client.initialize_session(initialize_params(PUSH_EDITORS[0], [tmp_path], {"debounce": TEST_DEBOUNCE_MS}))
        uri = client.open(tmp_path / MODULE_FILE, "def run(command):\n    return None\n")
        diagnostics = await client.wait_for_diagnostics(uri, version=1)
        await client.shutdown_session()
        await client.stop()
        exit_code = await asyncio.get_running_loop().run_in_executor(None, server.wait, WAIT_SECONDS)
    finally:
        if server.poll() is None:
            server.terminate()
    assert ([MISSING_RETURN, MISSING_PARAMETER], 0) == ([item.code for item in diagnostics], exit_code)
