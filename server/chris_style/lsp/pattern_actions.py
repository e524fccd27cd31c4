"""The guide's patterns as code actions at the cursor: "Extract exception class", "Add sync wrapper", "Add __str__
from to_dict()" (edits of the document itself) and "Generate tests" (edits of another file, created when missing).
code_actions.py offers them with its other refactorings and asks here for their edits; what they write comes
from refactors/ and the engine.

An action's id is `<name>:<line>:<column>` (the cursor), so its edit is computed again from the same lint when the
client resolves it. The tests action writes the test module: a new module through `CreateFile` then its text,
where the client supports the `create` resource operation (VS Code, Neovim); a client that does not (Emacs'
eglot) gets the text as an edit of the new file's URI, which it opens as a new buffer to save (the packages'
`__init__.py` files are then not created). An existing test module is edited at the version the editor has, when
it is open, else as it is on disk.
"""

import logging
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple, Union

from lsprotocol import types
from pygls.uris import from_fs_path

from chris_style.linting.rule import Edit, RuleContext
from chris_style.linting.source import Position
from chris_style.lsp.action_kinds import EXTRACT_KIND, REWRITE_KIND
from chris_style.lsp.documents import DocumentStore
from chris_style.lsp.positions import to_lsp_range
from chris_style.refactors import exception_class, generate_tests, string_representation, sync_wrapper

logger = logging.getLogger(__name__)

ID_SEPARATOR = ":"
TESTS_ACTION = "tests"
Offer = Callable[[RuleContext, Position], Optional[str]]
Edits = Callable[[RuleContext, Position], List[Edit]]
# The refactorings that edit the document itself: name -> (kind, offer, edits).
SAME_DOCUMENT: Dict[str, Tuple[str, Offer, Edits]] = {
    "exception": (EXTRACT_KIND, exception_class.offer, exception_class.edits),
    "wrapper": (REWRITE_KIND, sync_wrapper.offer, sync_wrapper.edits),
    "str": (REWRITE_KIND, string_representation.offer, string_representation.edits),
}
TESTS_KIND = EXTRACT_KIND


class UnreadableFile(Exception):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists but cannot be read as text")


def _action_id(name: str, position: Position) -> str:
    return ID_SEPARATOR.join((name, str(position.line), str(position.column)))


def _position(arguments: List[str]) -> Optional[Position]:
    if len(arguments) != 2 or not all(argument.isdigit() for argument in arguments):
        return None
    return Position(int(arguments[0]), int(arguments[1]))


def pattern_offers(
    context: RuleContext, position: Position, wanted: Callable[[str], bool]
) -> List[Tuple[str, str, str]]:
    """(title, kind, action id) of each pattern that applies at the cursor, of the kinds `wanted`."""
    offers = []
    for name, (kind, offer, _) in SAME_DOCUMENT.items():
        title = offer(context, position) if wanted(kind) else None
        if title is not None:
            offers.append((title, kind, _action_id(name, position)))
    if wanted(TESTS_KIND):
        title = generate_tests.offer(context, position)
        if title is not None:
            offers.append((title, TESTS_KIND, _action_id(TESTS_ACTION, position)))
    return offers


def pattern_edits(context: RuleContext, action_id: str) -> Optional[List[Edit]]:
    """The edits of this document of a same-document pattern action; None when the id is not one of them."""
    name, *arguments = action_id.split(ID_SEPARATOR)
    position = _position(arguments)
    if name not in SAME_DOCUMENT or position is None:
        return None
    return SAME_DOCUMENT[name][2](context, position)


def is_other_file_action(action_id: str) -> bool:
    return action_id.split(ID_SEPARATOR, 1)[0] == TESTS_ACTION


def _reader(documents: Optional[DocumentStore]) -> generate_tests.Reader:
    def read(path: Path) -> Optional[str]:
        document = documents.get(from_fs_path(str(path))) if documents is not None else None
        if document is not None:
            return document.text
        if not path.is_file():
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise UnreadableFile(path) from None

    return read


def _open_version(documents: Optional[DocumentStore], uri: str) -> Optional[int]:
    document = documents.get(uri) if documents is not None else None
    return document.version if document is not None else None


def tests_workspace_edit(
    context: RuleContext,
    action_id: str,
    encoding: str,
    document_changes: bool,
    create_files: bool,
    documents: Optional[DocumentStore],
) -> Optional[types.WorkspaceEdit]:
    """The "Generate tests" action's edit of the test module (None when there is nothing to write)."""
    position = _position(action_id.split(ID_SEPARATOR)[1:])
    if position is None:
        return None
    try:
        change = generate_tests.change(context, position, _reader(documents))
    except UnreadableFile as error:
        logger.warning("no tests generated: %s", error)
        return None
    if change is None:
        return None
    changes: List[Union[types.TextDocumentEdit, types.CreateFile]] = []
    if change.new_text is not None:
        created = change.new_files if create_files else change.new_files[-1:]
        for path, text in created:
            uri = from_fs_path(str(path))
            if create_files:
                changes.append(types.CreateFile(uri=uri))
            if text:
                identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None)
                start = types.Position(0, 0)
                edit = types.TextEdit(range=types.Range(start, start), new_text=text)
                changes.append(types.TextDocumentEdit(text_document=identifier, edits=[edit]))
    elif change.existing is not None and change.edits:
        uri = from_fs_path(str(change.location.path))
        lines = change.existing.lines
        edits = [types.TextEdit(range=to_lsp_range(lines, edit.range, encoding), new_text=edit.content)
                 for edit in change.edits]
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=_open_version(documents, uri))
        changes.append(types.TextDocumentEdit(text_document=identifier, edits=edits))
    if not changes:
        return None
    # Resource operations exist only in documentChanges: a client creating files reads them (Neovim does).
    if document_changes or any(isinstance(change, types.CreateFile) for change in changes):
        return types.WorkspaceEdit(document_changes=changes)
    plain = {change.text_document.uri: change.edits for change in changes if isinstance(change, types.TextDocumentEdit)}
    return types.WorkspaceEdit(changes=plain)  # type: ignore[arg-type]
