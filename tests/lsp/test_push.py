"""Pushed diagnostics as VS Code, Neovim and Emacs receive them: content, versions, syntax errors, close."""

from pathlib import Path
from typing import List

import pytest
from lsprotocol import types

from tests.lsp.harness import (
    EXTERNAL_CLIENT,
    MISSING_PARAMETER,
    MISSING_RETURN,
    MODULE_FILE,
    PRINT_CALL,
    SYNTAX_ERROR,
    UNUSED_SUPPRESSION,
    EditorClient,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODULE = "import requests\n\n\ndef run(command):\n    print(command)\n"
WARNING = types.DiagnosticSeverity.Warning
INFORMATION = types.DiagnosticSeverity.Information
HINT = types.DiagnosticSeverity.Hint
ERROR = types.DiagnosticSeverity.Error

# A module of several top-level statements.
STATEMENTS_MODULE = (
    "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef first(value):\n    return value\n\n\n"
    "def second(value: int) -> int:\n    return value\n\n\nclass Third:\n    def run(self):\n        print(self)\n"
)
# Line edits (line, new text) written for STATEMENTS_MODULE: each touches one statement or the boundary
# between two; one breaks the code and the next mends it.
LINE_EDITS = [
    (6, "    return value + 1\n"),
    (10, "    # a comment in the body\n"),
    (14, "    def run(self, count):\n"),
    (16, "\n\ndef fourth(items):\n    return [item for item in items]\n"),
    (5, "def first(value: int) -> int:\n"),
    (10, "    return (value\n"),
    (10, "    return value\n"),
    (0, "import os\nimport logging\n"),
]


async def test_WHEN_python_file_opened_THEN_diagnostics_pushed_with_severity_from_priority(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    diagnostics = await editor.wait_for_diagnostics(uri, version=1)
    expected = [
        (EXTERNAL_CLIENT, HINT,
         "[OBSERVED] Module imports external-system client `requests` outside an `*_interactions` package", 0),
        (MISSING_RETURN, WARNING, "[CRITICAL] Public function `run` has no return type annotation", 3),
        (MISSING_PARAMETER, WARNING,
         "[CRITICAL] Parameter `command` of public function `run` has no type annotation", 3),
        (PRINT_CALL, INFORMATION, "[PREFERRED] `print()` in library code; log through the module's logger instead", 4),
    ]
    assert expected == [(item.code, item.severity, item.message, item.range.start.line) for item in diagnostics]
    assert {"chris-style"} == {item.source for item in diagnostics}


async def test_WHEN_diagnostic_has_fix_THEN_data_carries_priority_section_guideline_and_fix(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    diagnostics = await editor.wait_for_diagnostics(uri, version=1)
    by_code = {item.code: item for item in diagnostics}
    expected_cs202 = {
        "name": "missing-return-annotation",
        "priority": "CRITICAL",
        "section": "Type System & Annotations",
        "guideline": "Type Hints Usage",
        "fix": {"title": "Add `-> None`", "safety": "safe"},
    }
    assert expected_cs202 == by_code[MISSING_RETURN].data
    assert None == by_code[MISSING_PARAMETER].data["fix"]
    assert [None, None] == [by_code[MISSING_RETURN].code_description, by_code[MISSING_RETURN].tags]


async def test_WHEN_suppression_is_unused_THEN_diagnostic_tagged_unnecessary(editor: EditorClient, files: Path) -> None:
    uri = editor.open(files / MODULE_FILE, "def run(command: str) -> None:  # noqa: CS202\n    return None\n")
    diagnostics = await editor.wait_for_diagnostics(uri, version=1)
    expected = [(UNUSED_SUPPRESSION, INFORMATION, [types.DiagnosticTag.Unnecessary], types.Range(
        types.Position(0, 40), types.Position(0, 45)))]
    assert expected == [(item.code, item.severity, list(item.tags), item.range) for item in diagnostics]


async def test_WHEN_document_edited_THEN_diagnostics_of_new_version_pushed(editor: EditorClient, files: Path) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    editor.edit(uri, 2, types.Position(3, 15), types.Position(3, 15), ": str")
    diagnostics = await editor.wait_for_diagnostics(uri, version=2)
    assert [EXTERNAL_CLIENT, MISSING_RETURN, PRINT_CALL] == [item.code for item in diagnostics]


async def test_WHEN_edits_arrive_quickly_THEN_published_versions_only_increase_and_end_with_the_last(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    for version in range(2, 12):
        editor.edit(uri, version, types.Position(4, 18 + version - 2), types.Position(4, 18 + version - 2), "#")
    diagnostics = await editor.wait_for_diagnostics(uri, version=11)
    versions = editor.versions_published(uri)
    assert sorted(set(versions)) == versions
    assert [EXTERNAL_CLIENT, MISSING_RETURN, MISSING_PARAMETER, PRINT_CALL] == [item.code for item in diagnostics]


async def test_WHEN_code_stops_parsing_THEN_one_error_at_parser_location_and_no_rule_diagnostics(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    editor.edit(uri, 2, types.Position(3, 8), types.Position(3, 8), "(")
    diagnostics = await editor.wait_for_diagnostics(uri, version=2)
    expected = [(SYNTAX_ERROR, ERROR, 3)]
    assert expected == [(item.code, item.severity, item.range.start.line) for item in diagnostics]
    assert True == diagnostics[0].message.startswith("[CRITICAL] Syntax error: ")
    editor.edit(uri, 3, types.Position(3, 8), types.Position(3, 9), "")
    repaired = await editor.wait_for_diagnostics(uri, version=3)
    assert [EXTERNAL_CLIENT, MISSING_RETURN, MISSING_PARAMETER, PRINT_CALL] == [item.code for item in repaired]


async def test_WHEN_document_closed_THEN_its_diagnostics_are_cleared(editor: EditorClient, files: Path) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    count = len(editor.publications(uri))
    editor.close(uri)
    cleared = await editor.next_publication(uri, after=count)
    assert [] == list(cleared.diagnostics)


async def test_WHEN_document_is_not_python_THEN_nothing_is_published(editor: EditorClient, files: Path) -> None:
    notes = files / "notes.txt"
    notes.write_text("def run(command):\n", encoding="utf-8")
    notes_uri = notes.as_uri()
    editor.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=notes_uri, language_id="plaintext", version=1, text="def run(command):\n")
    ))
    python_uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(python_uri, version=1)
    assert [] == editor.publications(notes_uri)


def _replace_line(lines: List[str], line: int, text: str) -> List[str]:
    """The lines after replacing line `line` (or appending, past the end) with `text`."""
    return [*lines[:line], *text.splitlines(keepends=True), *lines[line + 1 :]]


async def test_WHEN_module_edited_line_by_line_THEN_each_version_shows_what_a_fresh_open_shows(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / "edited.py", STATEMENTS_MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    lines = STATEMENTS_MODULE.splitlines(keepends=True)
    seen, fresh = [], []
    for version, (line, text) in enumerate(LINE_EDITS, start=2):
        editor.edit(uri, version, types.Position(line, 0), types.Position(min(line + 1, len(lines)), 0), text)
        lines = _replace_line(lines, line, text)
        edited = await editor.wait_for_diagnostics(uri, version=version)
        fresh_uri = editor.open(files / f"fresh_{version}.py", "".join(lines))
        opened = await editor.wait_for_diagnostics(fresh_uri, version=1)
        seen.append([(item.code, item.range, item.message) for item in edited])
        fresh.append([(item.code, item.range, item.message) for item in opened])
    assert fresh == seen
    assert SYNTAX_ERROR in [code for codes in seen for code, _, _ in codes]

