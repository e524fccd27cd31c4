"""Code actions in a notebook's cells: asked of a cell, answered from the joined module the notebook is linted as
(notebooks.py), with the code actions of any file (code_actions.py), their edits written back into the cells. An
edit spanning two cells, or touching IPython syntax, cannot be written so: its action is not offered.
"""

import asyncio
import logging
from typing import Dict, Iterable, List, Optional

import attrs
from lsprotocol import types

from chris_style.linting.findings import Edit
from chris_style.linting.source import SourceFile
from chris_style.lsp import code_actions
from chris_style.lsp.code_actions import ClientOptions
from chris_style.lsp.notebook_cells import NotebookModule
from chris_style.lsp.positions import to_lsp_range
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)


class CellEditWriter:
    """Writes edits of the joined module as edits of the cells (the EditWriter of code_actions for a notebook)."""

    def __init__(self, module: NotebookModule, encoding: str, document_changes: bool) -> None:
        self.module = module
        self.encoding = encoding
        self.document_changes = document_changes
        self.snippets = False

    def workspace_edit(
        self, uri: str, version: int, source: SourceFile, edits: Iterable[Edit]
    ) -> Optional[types.WorkspaceEdit]:
        """The edits per cell; None when one of them cannot be made in a cell (then the action is dropped)."""
        by_cell: Dict[str, List[types.TextEdit]] = {}
        versions: Dict[str, Optional[int]] = {}
        for edit in edits:
            placed = self.module.edit_to_cell(edit)
            if placed is None:
                return None
            cell, cell_edit = placed
            lines = SourceFile(cell.text).lines
            by_cell.setdefault(cell.uri, []).append(
                types.TextEdit(range=to_lsp_range(lines, cell_edit.range, self.encoding), new_text=cell_edit.content)
            )
            versions[cell.uri] = cell.version
        if not by_cell:
            return None
        if not self.document_changes:
            return types.WorkspaceEdit(changes=by_cell)
        return types.WorkspaceEdit(document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=cell, version=versions[cell]),
                edits=cell_edits,
            )
            for cell, cell_edits in by_cell.items()
        ])


def _to_module_range(module: NotebookModule, cell_uri: str, lsp_range: types.Range) -> types.Range:
    """A cell's range as a range of the joined module: the same columns, lines moved by the cell's place."""
    cell = module.cell(cell_uri)
    offset = cell.first_line if cell is not None else 0
    return types.Range(
        types.Position(lsp_range.start.line + offset, lsp_range.start.character),
        types.Position(lsp_range.end.line + offset, lsp_range.end.character),
    )


async def on_code_action(
    ls: ChrisStyleServer, params: types.CodeActionParams
) -> Optional[List[types.CodeAction]]:
    """`textDocument/codeAction` of a cell: the actions of the joined module at that place, edits in cells."""
    cell_uri = params.text_document.uri
    notebook = ls.notebooks.of_cell(cell_uri)
    document = ls.documents.get(notebook.uri) if notebook is not None else None
    if notebook is None or document is None:
        return None
    linted = await ls.scheduler.current(document)
    module = notebook.modules.get(linted.version) if linted is not None else None
    if linted is None or linted.result is None or module is None:
        return None
    originals = {}
    mapped = []
    for diagnostic in params.context.diagnostics:
        copy = attrs.evolve(diagnostic, range=_to_module_range(module, cell_uri, diagnostic.range))
        originals[id(copy)] = diagnostic
        mapped.append(copy)
    module_params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(notebook.uri),
        range=_to_module_range(module, cell_uri, params.range),
        context=types.CodeActionContext(diagnostics=mapped, only=params.context.only,
                                        trigger_kind=params.context.trigger_kind),
    )
    options = _options(ls, module)
    actions = await asyncio.get_running_loop().run_in_executor(
        ls.request_executor, code_actions.code_actions, notebook.uri, linted, module_params, options, ls.rule_set
    )
    if not code_actions.is_current(linted, document.version, ls.scheduler.generation):
        return None
    for action in actions:
        if action.diagnostics:
            action.diagnostics = [originals.get(id(diagnostic), diagnostic) for diagnostic in action.diagnostics]
    return actions


def _options(ls: ChrisStyleServer, module: NotebookModule) -> ClientOptions:
    options = code_actions.client_options(ls.client_capabilities, ls.encoding)
    options.writer = CellEditWriter(module, ls.encoding, options.writer.document_changes)  # type: ignore[assignment]
    return options


async def on_code_action_resolve(ls: ChrisStyleServer, params: types.CodeAction) -> types.CodeAction:
    """`codeAction/resolve` of a notebook's action: its edit in cells, only for the version it was offered for."""
    data = params.data if isinstance(params.data, dict) else {}
    notebook = ls.notebooks.get(str(data.get("uri")))
    document = ls.documents.get(notebook.uri) if notebook is not None else None
    linted = document.linted if document is not None else None
    if notebook is None or document is None or linted is None:
        return params
    if data.get("version") != document.version:
        return params
    module = notebook.modules.get(linted.version)
    if module is None or not code_actions.is_current(linted, document.version, ls.scheduler.generation):
        return params
    resolved = await asyncio.get_running_loop().run_in_executor(
        ls.request_executor, code_actions.resolve, params, linted, _options(ls, module), ls.rule_set
    )
    if not code_actions.is_current(linted, document.version, ls.scheduler.generation):
        resolved.edit = None
    return resolved
