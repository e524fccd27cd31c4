"""Logging to the client: a crashing rule is logged with its code and file, once, and hides nothing else."""

import sys
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import Launcher
from tests.lsp.crashing_server import CRASHING_CODE
from tests.lsp.harness import CONFIG_FILE, MISSING_PARAMETER, MISSING_RETURN, MODULE_FILE, TEST_DEBOUNCE_MS

pytestmark = pytest.mark.asyncio(loop_scope="session")

CRASHING_SERVER = [sys.executable, str(Path(__file__).with_name("crashing_server.py"))]
MODULE = "def run(command):\n    return None\n"


async def test_WHEN_rule_crashes_THEN_logged_once_with_code_and_file_and_other_diagnostics_shown(
    launch: Launcher, tmp_path: Path
) -> None:
    (tmp_path / CONFIG_FILE).write_text('[tool.chris-style]\nselect = ["CS201", "CS202", "CS999"]\n',
                                             encoding="utf-8")
    path = tmp_path / MODULE_FILE
    client = await launch("visual-studio-code", [tmp_path], {"debounce": TEST_DEBOUNCE_MS}, command=CRASHING_SERVER)
    uri = client.open(path, MODULE)
    first = await client.wait_for_diagnostics(uri, version=1)
    client.edit(uri, 2, types.Position(1, 15), types.Position(1, 15), "  # again")
    await client.wait_for_diagnostics(uri, version=2)
    crashes = [
        (message.type, message.message) for message in client.log_messages
        if f"rule {CRASHING_CODE} crashed" in message.message
    ]
    expected = [(types.MessageType.Error, f"rule {CRASHING_CODE} crashed on {path}: "
                                          "ValueError: boom (its findings are left out; the other rules still report)")]
    assert expected == crashes
    assert [MISSING_RETURN, MISSING_PARAMETER] == [item.code for item in first]
