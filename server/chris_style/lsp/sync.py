"""Document synchronization: `didOpen`, `didChange`, `didSave`, `didClose` keep the server's copy of each
document and start its lints (as you type, or on save)."""

import logging

from lsprotocol import types

from chris_style.config.editor import RUN_ON_SAVE, RUN_ON_TYPE
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)


def did_open(ls: ChrisStyleServer, params: types.DidOpenTextDocumentParams) -> None:
    document = ls.documents.open(params.text_document, ls.path_of(params.text_document.uri))
    if document.is_python:
        ls.scheduler.schedule(document, 0)


def did_change(ls: ChrisStyleServer, params: types.DidChangeTextDocumentParams) -> None:
    """Apply the edits (ranges in the client's encoding) and lint as typing pauses (see scheduler.py)."""
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return
    for change in params.content_changes:
        document.apply_change(change, ls.encoding)
    document.version = params.text_document.version
    editor = ls.settings_for(document.path).editor
    if document.is_python and editor.run == RUN_ON_TYPE:
        ls.scheduler.changed(document, editor.debounce / 1000)


def did_save(ls: ChrisStyleServer, params: types.DidSaveTextDocumentParams) -> None:
    document = ls.documents.get(params.text_document.uri)
    if document is not None and document.is_python and ls.settings_for(document.path).editor.run == RUN_ON_SAVE:
        ls.scheduler.schedule(document, 0)


def did_close(ls: ChrisStyleServer, params: types.DidCloseTextDocumentParams) -> None:
    document = ls.documents.close(params.text_document.uri)
    if document is None:
        return
    ls.scheduler.forget(document)
    if not ls.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=document.uri, diagnostics=[]))
