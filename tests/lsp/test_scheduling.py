"""Scheduling: the debounce, stale versions that are never published, requests answered during a lint, and
buffers too large to lint."""

import asyncio
from pathlib import Path
from typing import AsyncIterator

import pytest
import pytest_asyncio
from lsprotocol import types

from chris_style.files import MAX_FILE_BYTES
from tests.lsp.conftest import Launcher
from tests.lsp.harness import MISSING_PARAMETER, MISSING_RETURN, MODULE_FILE, EditorClient

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Long enough that ten notifications sent back to back always fall inside one debounce window.
DEBOUNCE_MS = 400
# The longest debounce there is; a lint that waited for it would come after GIVE_UP_SECONDS.
NEVER_MS = 10_000
# Far longer than a small module's lint needs, far shorter than NEVER_MS.
GIVE_UP_SECONDS = 4.0
# Six hundred lines: a lint that takes long compared with a message's trip through the pipe.
BIG_MODULE = "".join(f"def function_{index}(value):\n    return value\n\n\n" for index in range(150))
SMALL_MODULE = "def run(command):\n    return None\n"
# More big modules than the server lints at once, so some of them wait for a lint thread; each one's lint takes
# far longer (about a second) than a code action on a small module.
BIG_MODULES_AT_ONCE = 4
HUGE_MODULE = BIG_MODULE * 12


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def client(launch_shared: Launcher, module_root: Path) -> AsyncIterator[EditorClient]:
    yield await launch_shared("visual-studio-code", [module_root], {"debounce": DEBOUNCE_MS})


async def test_WHEN_edits_arrive_within_the_debounce_THEN_only_the_last_version_is_linted(
    client: EditorClient, module_files: Path
) -> None:
    uri = client.open(module_files / MODULE_FILE, SMALL_MODULE)
    await client.wait_for_diagnostics(uri, version=1)
    for version in range(2, 12):
        column = 17 + version - 2
        client.edit(uri, version, types.Position(0, column), types.Position(0, column), "#")
    await client.wait_for_diagnostics(uri, version=11)
    # Version 2, the first change after a quiet spell, is linted at once; its result is shown only if it was
    # ready before version 3 arrived. Versions 3 to 10 are never linted.
    assert [1, 11] == [version for version in client.versions_published(uri) if version != 2]


async def test_WHEN_one_edit_follows_a_quiet_spell_THEN_it_is_linted_without_waiting_for_the_debounce(
    launch_shared: Launcher, module_root: Path, module_files: Path
) -> None:
    patient = await launch_shared("visual-studio-code", [module_root], {"debounce": NEVER_MS})
    uri = patient.open(module_files / "quiet.py", SMALL_MODULE)
    await patient.wait_for_diagnostics(uri, version=1)
    patient.edit(uri, 2, types.Position(1, 0), types.Position(1, 0), "    # checked\n")
    diagnostics = await asyncio.wait_for(patient.wait_for_diagnostics(uri, version=2), GIVE_UP_SECONDS)
    assert [MISSING_RETURN, MISSING_PARAMETER] == [item.code for item in diagnostics]


async def test_WHEN_new_version_arrives_while_old_one_lints_THEN_old_result_is_never_published(
    client: EditorClient, module_files: Path
) -> None:
    uri = client.open(module_files / "big.py", BIG_MODULE)
    client.replace(uri, 2, SMALL_MODULE)
    diagnostics = await client.wait_for_diagnostics(uri, version=2)
    assert [2] == client.versions_published(uri)
    assert [MISSING_RETURN, MISSING_PARAMETER] == [item.code for item in diagnostics]


async def test_WHEN_big_file_lints_THEN_hover_is_answered_before_its_diagnostics(
    client: EditorClient, module_files: Path
) -> None:
    small_uri = client.open(module_files / "small.py", SMALL_MODULE)
    await client.wait_for_diagnostics(small_uri, version=1)
    big_uri = client.open(module_files / "big.py", BIG_MODULE)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(small_uri), types.Position(0, 5))
    )
    assert ([], True) == (client.versions_published(big_uri), MISSING_RETURN in hover.contents.value)
    await client.wait_for_diagnostics(big_uri, version=1)


async def test_WHEN_many_big_files_lint_THEN_code_actions_are_answered_before_the_queued_lints(
    client: EditorClient, module_files: Path
) -> None:
    small_uri = client.open(module_files / "small_actions.py", SMALL_MODULE)
    [first, *_] = await client.wait_for_diagnostics(small_uri, version=1)
    big_uris = [client.open(module_files / f"big_{index}.py", HUGE_MODULE) for index in range(BIG_MODULES_AT_ONCE)]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(small_uri), range=first.range,
        context=types.CodeActionContext(diagnostics=[first]),
    ))
    still_linting = [uri for uri in big_uris if not client.versions_published(uri)]
    # Code actions run in a thread of their own: queued behind the lints, the answer would come after them.
    assert (True, True) == (bool(actions), len(still_linting) >= BIG_MODULES_AT_ONCE - 1)
    for uri in big_uris:
        await client.wait_for_diagnostics(uri, version=1)


async def test_WHEN_document_is_larger_than_the_file_limit_THEN_user_told_once_and_only_a_note_shown(
    client: EditorClient, module_files: Path
) -> None:
    text = "value = 1\n" * (MAX_FILE_BYTES // len("value = 1\n") + 1)
    uri = client.open(module_files / "huge.py", text)
    diagnostics = await client.wait_for_diagnostics(uri, version=1)
    client.edit(uri, 2, types.Position(0, 0), types.Position(0, 0), "# edited\n")
    await client.wait_for_diagnostics(uri, version=2)
    told = [message.type for message in client.messages if "huge.py: file is too large to check" in message.message]
    shown = [(diagnostic.severity, diagnostic.message.split(":")[0]) for diagnostic in diagnostics]
    expected = (
        [(types.DiagnosticSeverity.Information, "chris-style did not check this file")],
        [types.MessageType.Warning],
    )
    assert expected == (shown, told)
