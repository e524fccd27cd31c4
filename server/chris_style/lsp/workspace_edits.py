"""Engine edits (code point ranges) as an LSP WorkspaceEdit in the client's position encoding.

Versioned `documentChanges` when the client accepts them, so an edit computed for one version is refused by
the client once the buffer has moved on; plain `changes` otherwise. Where the client accepts snippet edits
(LSP 3.18 `workspace.workspaceEdit.snippetEditSupport`, which lsprotocol 2025 models as `SnippetTextEdit`),
the text the author must replace (`TODO: why this value?`, a deviation's what and reason) becomes a tab stop.
rust-analyzer's older `experimental.snippetTextEdit` (a TextEdit with an extra `insertTextFormat`) cannot be
written with lsprotocol's types and is not used: those clients get plain text.
"""

import re
from typing import Iterable, List, Optional, Union

from lsprotocol import types

from chris_style.linting.constants import NUMBER_COMMENT
from chris_style.linting.findings import Edit
from chris_style.linting.fixes import merge_insertions
from chris_style.linting.source import Position, SourceFile, TextRange
from chris_style.lsp.positions import from_client_column, to_lsp_range

# `# DEVIATION(CS601): ` and `# Reason: ` left empty by the deviation fix: the author's text goes there.
DEVIATION_BLANKS = re.compile(r"(# DEVIATION\(CS\d+\): |# Reason: )(?=\r\n|\r|\n)")
SNIPPET_SPECIALS = re.compile(r"([$}\\])")


def to_engine_position(source: SourceFile, position: types.Position, encoding: str) -> Position:
    """A client position as an engine position (code points); a line past the end clamps to the end."""
    lines = source.lines
    if position.line >= len(lines):
        return Position(len(lines) - 1, len(lines[-1]))
    return Position(position.line, from_client_column(lines[position.line], position.character, encoding))


def to_engine_range(source: SourceFile, lsp_range: types.Range, encoding: str) -> TextRange:
    return TextRange(
        to_engine_position(source, lsp_range.start, encoding), to_engine_position(source, lsp_range.end, encoding)
    )


def text_change(source: SourceFile, new_text: str) -> List[Edit]:
    """The smallest single edit turning the source into `new_text` (none when they are equal): the common
    prefix and suffix stay, so the editor keeps the cursor and folds outside the changed region."""
    old = source.text
    if old == new_text:
        return []
    prefix = 0
    limit = min(len(old), len(new_text))
    while prefix < limit and old[prefix] == new_text[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]:
        suffix += 1
    # Never split a \r\n pair: the engine counts it as one line break.
    while prefix > 0 and old[prefix - 1] == "\r" and old[prefix : prefix + 1] == "\n":
        prefix -= 1
    while suffix > 0 and old[len(old) - suffix] == "\n" and old[len(old) - suffix - 1 : len(old) - suffix] == "\r":
        suffix -= 1
    start = source.position(prefix)
    end = source.position(len(old) - suffix)
    return [Edit(TextRange(start, end), new_text[prefix : len(new_text) - suffix])]


def _escape(text: str) -> str:
    return SNIPPET_SPECIALS.sub(r"\\\1", text)


def snippet_of(content: str) -> Optional[str]:
    """The edit's text with its placeholders as tab stops, or None when it has none."""
    stops = 0
    pieces: List[str] = []
    last = 0
    marks = [(match.start(), match.end(), match.group(0)) for match in re.finditer(re.escape(NUMBER_COMMENT), content)]
    marks += [(match.end(), match.end(), "") for match in DEVIATION_BLANKS.finditer(content)]
    for start, end, placeholder in sorted(marks):
        stops += 1
        pieces.append(_escape(content[last:start]))
        pieces.append(f"${{{stops}:{_escape(placeholder)}}}" if placeholder else f"${stops}")
        last = end
    if not stops:
        return None
    pieces.append(_escape(content[last:]))
    return "".join(pieces)


class EditWriter:
    """Writes edits the way one client accepts them (decided at `initialize`)."""

    def __init__(self, encoding: str, document_changes: bool, snippets: bool) -> None:
        self.encoding = encoding
        self.document_changes = document_changes
        self.snippets = snippets and document_changes

    def workspace_edit(self, uri: str, version: int, source: SourceFile, edits: Iterable[Edit]) -> types.WorkspaceEdit:
        """The edits of one document, in the client's encoding, for the text of `version`."""
        lines = source.lines
        text_edits: List[Union[types.TextEdit, types.SnippetTextEdit]] = []
        for edit in merge_insertions(edits):
            lsp_range = to_lsp_range(lines, edit.range, self.encoding)
            snippet = snippet_of(edit.content) if self.snippets else None
            if snippet is not None:
                text_edits.append(types.SnippetTextEdit(range=lsp_range, snippet=types.StringValue(value=snippet)))
            else:
                text_edits.append(types.TextEdit(range=lsp_range, new_text=edit.content))
        if not self.document_changes:
            # Without document changes there are no snippet edits (see __init__): every edit is a TextEdit.
            return types.WorkspaceEdit(changes={uri: [edit for edit in text_edits if isinstance(edit, types.TextEdit)]})
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=identifier, edits=text_edits)]
        )
