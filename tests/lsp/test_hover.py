"""Hover: the rule's documentation over its diagnostic, and over its code in `# noqa:` and `# DEVIATION(…)`."""

from pathlib import Path
from typing import Optional

import pytest
from lsprotocol import types

from tests.lsp.harness import ENCODINGS, MISSING_PARAMETER, MODULE_FILE, EditorClient

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODULE = "def run(command):\n    return None\n"
# The emoji before the comment makes the code's column differ in every encoding.
NOQA_LINE = 'def run(command, note="\U0001F600"):  # noqa: CS201, E501'
DEVIATION_MODULE = "# DEVIATION(CS202): the framework calls it without annotations\ndef run(command: str):\n    return 1\n"
CODEC = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}
UNIT_BYTES = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


def client_column(line: str, code_points: int, encoding: str) -> int:
    """Counted independently of the server: encode the prefix, divide by the unit size."""
    return len(line[:code_points].encode(CODEC[encoding])) // UNIT_BYTES[encoding]


async def hover_at(client: EditorClient, uri: str, line: int, character: int) -> Optional[types.Hover]:
    return await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )


async def test_WHEN_hovering_a_diagnostic_THEN_rule_documentation_over_its_range(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    hover = await hover_at(editor, uri, 0, 5)
    expected_range = types.Range(types.Position(0, 4), types.Position(0, 7))
    assert (types.MarkupKind.Markdown, expected_range) == (hover.contents.kind, hover.range)
    assert True == hover.contents.value.startswith("**CS202 missing-return-annotation** `[CRITICAL]`")
    assert True == ("- **Fix**: safe" in hover.contents.value)


async def test_WHEN_hovering_a_code_in_noqa_THEN_that_rules_documentation(editor: EditorClient, files: Path) -> None:
    uri = editor.open(files / MODULE_FILE, NOQA_LINE + "\n    return None\n")
    await editor.wait_for_diagnostics(uri, version=1)
    encoding = ENCODINGS[editor.editor]
    start = NOQA_LINE.index(MISSING_PARAMETER)
    hover = await hover_at(editor, uri, 0, client_column(NOQA_LINE, start + 2, encoding))
    expected_range = types.Range(
        types.Position(0, client_column(NOQA_LINE, start, encoding)),
        types.Position(0, client_column(NOQA_LINE, start + 5, encoding)),
    )
    assert expected_range == hover.range
    assert True == hover.contents.value.startswith("**CS201 missing-parameter-annotation**")


async def test_WHEN_hovering_another_tools_code_in_noqa_THEN_no_hover(editor: EditorClient, files: Path) -> None:
    uri = editor.open(files / MODULE_FILE, NOQA_LINE + "\n    return None\n")
    await editor.wait_for_diagnostics(uri, version=1)
    column = client_column(NOQA_LINE, NOQA_LINE.index("E501") + 1, ENCODINGS[editor.editor])
    assert None == await hover_at(editor, uri, 0, column)


async def test_WHEN_hovering_a_code_in_deviation_THEN_that_rules_documentation(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, DEVIATION_MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    hover = await hover_at(editor, uri, 0, 14)
    expected_range = types.Range(types.Position(0, 12), types.Position(0, 17))
    assert expected_range == hover.range
    assert True == hover.contents.value.startswith("**CS202 missing-return-annotation**")


async def test_WHEN_hovering_code_without_diagnostic_THEN_no_hover(editor: EditorClient, files: Path) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    assert None == await hover_at(editor, uri, 1, 6)
