"""Columns in the negotiated encoding: conversions, and incremental edits applied where the client meant them."""

import pytest
from lsprotocol import types

from chris_style.linting.source import TextRange
from chris_style.lsp.documents import Document
from chris_style.lsp.positions import UTF16, from_client_column, split_lines, to_client_column, to_lsp_range

# An astral character (2 UTF-16 units, 4 UTF-8 bytes) and an accented letter (1 unit, 2 bytes) before `b`.
ASTRAL_LINE = 'def f(a: str = "\U0001F600\u00e9", b=1) -> None:'
ASTRAL_MODULE = ASTRAL_LINE + "\n    return None\n"
# The column of `b` in each encoding (code point 21).
B_COLUMNS = {"utf-32": 21, UTF16: 22, "utf-8": 25}


def new_document(text: str) -> Document:
    return Document("file:///m.py", None, "python", text, 1)


@pytest.mark.parametrize(("encoding", "expected"), [("utf-32", 21), (UTF16, 22), ("utf-8", 25)])
def test_WHEN_column_follows_astral_character_THEN_client_column_counts_encoding_units(
    encoding: str, expected: int
) -> None:
    assert expected == to_client_column(ASTRAL_LINE, 21, encoding)


@pytest.mark.parametrize("encoding", ["utf-32", UTF16, "utf-8"])
def test_WHEN_client_column_converted_back_THEN_same_code_point(encoding: str) -> None:
    assert 21 == from_client_column(ASTRAL_LINE, B_COLUMNS[encoding], encoding)


def test_WHEN_client_column_falls_inside_surrogate_pair_THEN_it_moves_to_character_end() -> None:
    assert 17 == from_client_column(ASTRAL_LINE, 17, UTF16)


def test_WHEN_client_column_is_past_line_end_THEN_it_clamps_to_line_end() -> None:
    assert len(ASTRAL_LINE) == from_client_column(ASTRAL_LINE, 500, UTF16)


def test_WHEN_text_has_form_feed_and_lone_carriage_return_THEN_lines_split_as_lsp_does() -> None:
    assert ["a\x0cb", "c", "d", ""] == split_lines("a\x0cb\rc\r\nd\n")


def test_WHEN_range_ends_on_line_after_last_THEN_it_is_kept() -> None:
    expected = types.Range(types.Position(0, 0), types.Position(2, 0))
    assert expected == to_lsp_range(["x = 1", ""], TextRange.of(0, 0, 2, 0), UTF16)


@pytest.mark.parametrize("encoding", ["utf-32", UTF16, "utf-8"])
def test_WHEN_incremental_edit_follows_astral_character_THEN_text_is_edited_at_the_right_place(encoding: str) -> None:
    document = new_document(ASTRAL_MODULE)
    position = types.Position(0, B_COLUMNS[encoding])
    document.apply_change(types.TextDocumentContentChangePartial(range=types.Range(position, position), text="c=0, "),
                          encoding)
    assert 'def f(a: str = "\U0001F600\u00e9", c=0, b=1) -> None:' == split_lines(document.text)[0]


def test_WHEN_edit_follows_form_feed_line_THEN_it_lands_on_the_lsp_line() -> None:
    document = new_document("x = 1\x0c\ny = 2\n")
    position = types.Position(1, 0)
    change = types.TextDocumentContentChangePartial(range=types.Range(position, position), text="#")
    document.apply_change(change, UTF16)
    assert "x = 1\x0c\n#y = 2\n" == document.text


def test_WHEN_edit_spans_crlf_lines_THEN_line_endings_outside_it_are_kept() -> None:
    document = new_document("a = 1\r\nb = 2\r\nc = 3\r\n")
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(0, 4), types.Position(1, 5)), text="10\r\nb = 20"
    )
    document.apply_change(change, UTF16)
    assert "a = 10\r\nb = 20\r\nc = 3\r\n" == document.text
