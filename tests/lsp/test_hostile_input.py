"""Buffers and project files that once made the server spin: each gets an answer, and the server goes on."""

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import Launcher
from tests.lsp.harness import (
    CONFIG_FILE,
    MISSING_PARAMETER,
    MISSING_RETURN,
    MODULE_FILE,
    PUSH_EDITORS,
    SYNTAX_ERROR,
    TEST_DEBOUNCE_MS,
    EditorClient,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODULE = "def run(command):\n    return None\n"
# A lone surrogate, as an editor's JSON can carry one ("\ud800") though no file can.
SURROGATE_MODULE = 'GREETING = "a\ud800"\n'
# Edits sent at once, faster than any typist: the server must end on the last one's diagnostics.
BURST_EDITS = 200
# Functions enough for several seconds of linting on any machine (about 8 s of checking on a 2-core development
# machine, its parse alone about 2 s): far past a one-second budget, and under the default `max-file-size`.
SLOW_FUNCTIONS = 10000
# How long a code action may take to answer here: far above a normal answer, far below a spinning server.
ANSWER_SECONDS = 10.0


async def test_WHEN_buffer_holds_a_lone_surrogate_THEN_one_syntax_error_AND_requests_are_answered(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    await editor.wait_for_diagnostics(uri, version=1)
    editor.replace(uri, 2, SURROGATE_MODULE)
    diagnostics = await editor.wait_for_diagnostics(uri, version=2)
    actions = await editor.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[]),
    ))
    editor.replace(uri, 3, MODULE)
    repaired = await editor.wait_for_diagnostics(uri, version=3)
    expected = ([(SYNTAX_ERROR, 0, 13)], True, [MISSING_RETURN, MISSING_PARAMETER])
    actual = (
        [(item.code, item.range.start.line, item.range.start.character) for item in diagnostics],
        "U+D800" in diagnostics[0].message and actions is not None,
        [item.code for item in repaired],
    )
    assert expected == actual


@pytest.mark.parametrize("content", [
    pytest.param('[tool.chris-style]\nselect = ["CS202"]\n'.encode("utf-16"), id="utf-16"),
    pytest.param(bytes(range(256)), id="binary"),
])
async def test_WHEN_pyproject_is_not_utf8_THEN_one_message_names_it_AND_defaults_lint_the_file(
    editor: EditorClient, files: Path, content: bytes
) -> None:
    config = files / CONFIG_FILE
    config.write_bytes(content)
    uri = editor.open(files / MODULE_FILE, MODULE)
    diagnostics = await editor.wait_for_diagnostics(uri, version=1)
    expected_message = f"{config}: not valid TOML: not UTF-8"
    shown = [message.message for message in editor.messages if expected_message in message.message]
    assert (1, [MISSING_RETURN, MISSING_PARAMETER]) == (len(shown), [item.code for item in diagnostics])


@pytest.mark.parametrize(("content", "expected"), [
    pytest.param("x = a" + ".b" * 5000 + "\n", "chris-style did not check this file: too deeply nested", id="attribute chain"),
    pytest.param("x = " + "1 + " * 20000 + "1\n", "chris-style did not check this file: too deeply nested", id="long sum"),
    pytest.param("x = " + "-" * 3000 + "1\n", "chris-style did not check this file: too deeply nested", id="unary chain"),
])
async def test_WHEN_code_is_too_deep_to_analyse_THEN_one_information_diagnostic_AND_the_server_goes_on(
    editor: EditorClient, files: Path, content: str, expected: str
) -> None:
    uri = editor.open(files / MODULE_FILE, content)
    deep = await editor.wait_for_diagnostics(uri, version=1)
    editor.replace(uri, 2, MODULE)
    after = await editor.wait_for_diagnostics(uri, version=2)
    actual = ([(item.severity, item.message.startswith(expected)) for item in deep], [item.code for item in after])
    assert ([(types.DiagnosticSeverity.Information, True)], [MISSING_RETURN, MISSING_PARAMETER]) == actual


async def test_WHEN_brackets_nest_deeper_than_python_allows_THEN_syntax_error_from_python(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, "x = " + "[" * 400 + "]" * 400 + "\n")
    diagnostics = await editor.wait_for_diagnostics(uri, version=1)
    expected = [(SYNTAX_ERROR, "[CRITICAL] Syntax error: too many nested parentheses")]
    assert expected == [(item.code, item.message) for item in diagnostics]


async def test_WHEN_a_lint_takes_longer_than_its_budget_THEN_one_information_note_AND_the_next_version_is_linted(
    launch: Launcher, tmp_path: Path
) -> None:
    (tmp_path / CONFIG_FILE).write_text('[tool.chris-style]\nfile-time-budget = 1\n', encoding="utf-8")
    client = await launch(PUSH_EDITORS[0], [tmp_path], {"debounce": TEST_DEBOUNCE_MS})
    slow = "".join(f"def run_{number}(command):\n    return command\n\n\n" for number in range(SLOW_FUNCTIONS))
    uri = client.open(tmp_path / MODULE_FILE, slow)
    over = await client.wait_for_diagnostics(uri, version=1)
    client.replace(uri, 2, MODULE)
    after = await client.wait_for_diagnostics(uri, version=2)
    expected = ([(types.DiagnosticSeverity.Information, "chris-style did not check this file: it took longer than 1 s "
                                                        "(the `file-time-budget` setting)")],
                [MISSING_RETURN, MISSING_PARAMETER])
    assert expected == ([(item.severity, item.message) for item in over], [item.code for item in after])


async def test_WHEN_200_edits_arrive_at_once_THEN_versions_never_go_back_AND_the_last_diagnostics_are_the_last_versions(
    editor: EditorClient, files: Path
) -> None:
    uri = editor.open(files / MODULE_FILE, MODULE)
    for version in range(2, BURST_EDITS + 2):
        editor.edit(uri, version, types.Position(1, 15), types.Position(1, 15), " ")
    last = BURST_EDITS + 1
    await editor.wait_for_diagnostics(uri, version=last)
    versions = editor.versions_published(uri)
    fresh = editor.open(files / "fresh.py", MODULE.replace("return None", "return" + " " * BURST_EDITS + "None"))
    expected = [item.code for item in await editor.wait_for_diagnostics(fresh, version=1)]
    assert (sorted(versions), last) == (versions, versions[-1])
    assert expected == [item.code for item in editor.publications(uri)[-1].diagnostics]
