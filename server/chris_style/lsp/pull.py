"""Pull diagnostics: `textDocument/diagnostic` for one open document and `workspace/diagnostic` for every file
of every folder (workspace.py), registered at `initialize` when the client can pull them."""

import logging

from lsprotocol import types

from chris_style.lsp import workspace
from chris_style.lsp.server import ChrisStyleServer
from chris_style.lsp.workspace import document_result_id

logger = logging.getLogger(__name__)


async def document_diagnostic(
    ls: ChrisStyleServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    """The open document's diagnostics, or "unchanged" when the client already has this version's."""
    document = ls.documents.get(params.text_document.uri)
    # A notebook's diagnostics are pushed to its cells (notebooks.py).
    if document is None or not document.is_python or ls.notebooks.get(document.uri) is not None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    linted = await ls.shown_lint(document)
    if linted is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    result_id = document_result_id(linted)
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=linted.diagnostics, result_id=result_id)


async def workspace_diagnostic(
    ls: ChrisStyleServer, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    return await workspace.workspace_diagnostic(ls, params, ls.background_executor)
