"""Diagnostics after astral characters, in the encoding each editor negotiates, before and after its edits."""

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.harness import ENCODINGS, MISSING_PARAMETER, MODULE_FILE, EditorClient
from tests.lsp.test_positions import ASTRAL_MODULE, B_COLUMNS

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_WHEN_diagnostic_follows_astral_character_THEN_range_is_in_client_encoding(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, ASTRAL_MODULE)
    diagnostics = await editor.wait_for_diagnostics(uri, version=1)
    column = B_COLUMNS[ENCODINGS[editor.editor]]
    expected = [(MISSING_PARAMETER, types.Range(types.Position(0, column), types.Position(0, column + 1)))]
    assert expected == [(item.code, item.range) for item in diagnostics]


async def test_WHEN_client_edits_after_astral_character_THEN_diagnostics_follow_the_edit(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, ASTRAL_MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    column = B_COLUMNS[ENCODINGS[editor.editor]]
    editor.edit(uri, 2, types.Position(0, column), types.Position(0, column), "c=0, ")
    diagnostics = await editor.wait_for_diagnostics(uri, version=2)
    expected = [
        (MISSING_PARAMETER, types.Range(types.Position(0, column), types.Position(0, column + 1))),
        (MISSING_PARAMETER, types.Range(types.Position(0, column + 5), types.Position(0, column + 6))),
    ]
    assert expected == [(item.code, item.range) for item in diagnostics]
