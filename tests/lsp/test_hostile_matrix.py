"""The hostile corpus through the language server, one document after another on one server: open, edit,
hover, quick fixes and fix-all are all answered, the diagnostics follow the last version, no lint fails, and the
server is still up at the end."""

from pathlib import Path
from typing import Any, Dict, List

import pytest
import pytest_asyncio
from lsprotocol import types

from chris_style.files import UnreadableFile, decode_source
from tests.hostile.corpus import Case, hostile_cases
from tests.lsp.conftest import Launcher
from tests.lsp.harness import PUSH_EDITORS, TEST_DEBOUNCE_MS, EditorClient

pytestmark = pytest.mark.asyncio(loop_scope="session")

CASES = hostile_cases()
# What a lint that raised shows (lsp/diagnostics.py): the server's own fault, which no input may cause.
FAILED_LINT = "chris-style could not check this file"
EDIT = "\n# edited\n"


def _text(case: Case) -> str:
    """What an editor holds for the file: its decoded text, or, for bytes that do not decode, the bytes with
    the undecodable ones as lone surrogates (the harshest thing a client can send)."""
    try:
        return decode_source(case.data).text
    except UnreadableFile:
        return case.data.decode("utf-8", "surrogateescape")


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def server(launch_shared: Launcher, tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile-server")
    (root / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")  # every rule
    client = await launch_shared(PUSH_EDITORS[0], [root], {"debounce": TEST_DEBOUNCE_MS})
    return {"client": client, "root": root}


def _whole(text: str) -> types.Range:
    lines = text.split("\n")
    return types.Range(types.Position(0, 0), types.Position(len(lines), 0))


async def _actions(client: EditorClient, uri: str, text: str, diagnostics: List[types.Diagnostic],
                   only: Any = None) -> Any:
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=_whole(text),
        context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
    ))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_WHEN_a_hostile_document_is_opened_edited_and_acted_on_THEN_every_request_is_answered(
    server: Dict[str, Any], case: Case
) -> None:
    client: EditorClient = server["client"]
    text = _text(case)
    path = server["root"] / case.file_name
    path.write_bytes(case.data)
    uri = client.open(path, text)
    opened = await client.wait_for_diagnostics(uri, version=1)
    client.edit(uri, 2, types.Position(len(text.split("\n")) + 5, 0), types.Position(len(text.split("\n")) + 5, 0),
                EDIT)
    edited = await client.wait_for_diagnostics(uri, version=2)
    at = edited[0].range.start if edited else types.Position(0, 0)
    await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), at))
    quick_fixes = await _actions(client, uri, text + EDIT, edited)
    fix_all = await _actions(client, uri, text + EDIT, [], [types.CodeActionKind.SourceFixAll])
    client.close(uri)
    failed = [item.message for item in [*opened, *edited] if item.message.startswith(FAILED_LINT)]
    # Every request above was answered (pytest-lsp raises on an error response or a timeout); no lint failed.
    answers = [answer for answer in (quick_fixes, fix_all) if answer is None or isinstance(answer, (list, tuple))]
    assert ([], 2) == (failed, len(answers))


async def test_WHEN_the_corpus_has_gone_through_THEN_the_server_still_lints(server: Dict[str, Any]) -> None:
    client: EditorClient = server["client"]
    uri = client.open(server["root"] / "after.py", "import yaml\nimport os\n")
    diagnostics = await client.wait_for_diagnostics(uri, version=1)
    assert True == ("CS606" in [item.code for item in diagnostics])
