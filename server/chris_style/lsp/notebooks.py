"""Jupyter notebooks: LSP 3.17 `notebookDocument` sync, diagnostics per cell, and code actions per cell.

The server advertises `notebookDocumentSync` for notebooks with Python cells (to clients that sync notebooks:
VS Code, and any client announcing `notebookDocument`). pygls keeps the notebook and its cells' texts
(`ls.workspace`); here the Python code cells are joined into one module (notebook_cells.py), kept as one
document of the store under the notebook's URI and linted like a file whose path is the `.ipynb`: the settings of
its folder and pyproject.toml apply, without the rules of `notebook-ignore` (config/settings.py). Its findings are
published per cell (every client takes pushed diagnostics for cells, whether or not it pulls them for files, as
Ruff's server does), each at its place in its cell; code actions are asked of a cell and answered from the joined
module, their edits written back into the cells (notebook_actions.py). The editor setting `notebooks: false` turns
all of this off for a folder.
"""

import logging
from pathlib import Path
from typing import Optional, Set

from lsprotocol import types
from pygls.uris import to_fs_path

from chris_style.config.editor import RUN_ON_SAVE, RUN_ON_TYPE
from chris_style.lsp.action_kinds import PYTHON_LANGUAGE_ID
from chris_style.lsp.notebook_cells import Cell, NotebookModule
from chris_style.lsp.notebook_store import Notebook
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)


def _joined(ls: ChrisStyleServer, uri: str) -> Optional[NotebookModule]:
    """The notebook's Python code cells, from pygls' copy of the notebook, joined."""
    notebook = ls.workspace.get_notebook_document(notebook_uri=uri)
    if notebook is None:
        return None
    cells = []
    for cell in notebook.cells:
        if cell.kind != types.NotebookCellKind.Code:
            continue
        document = ls.workspace.get_text_document(cell.document)
        if (document.language_id or PYTHON_LANGUAGE_ID) != PYTHON_LANGUAGE_ID:
            continue
        cells.append(Cell(cell.document, document.version, document.source))
    return NotebookModule.join(cells)


def _path(uri: str) -> Optional[Path]:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


def did_open(ls: ChrisStyleServer, params: types.DidOpenNotebookDocumentParams) -> None:
    """Track the notebook (unless the folder's `notebooks` setting is off) and lint its joined cells."""
    uri = params.notebook_document.uri
    path = _path(uri)
    if not ls.settings_for(path).editor.notebooks:
        return
    module = _joined(ls, uri)
    if module is None:
        return
    notebook = Notebook(uri)
    notebook.keep(params.notebook_document.version, module)
    ls.notebooks.add(notebook)
    ls.notebooks.set_cells(notebook, (cell.uri for cell in module.cells))
    item = types.TextDocumentItem(uri=uri, language_id=PYTHON_LANGUAGE_ID, version=params.notebook_document.version,
                                  text=module.text)
    document = ls.documents.open(item, path)
    ls.scheduler.schedule(document, 0)


def did_change(ls: ChrisStyleServer, params: types.DidChangeNotebookDocumentParams) -> None:
    """pygls has applied the change to its copy (cells, their order and texts): join them again, lint as typing
    pauses, and clear the diagnostics of cells that are gone."""
    uri = params.notebook_document.uri
    notebook = ls.notebooks.get(uri)
    document = ls.documents.get(uri)
    module = _joined(ls, uri)
    if notebook is None or document is None or module is None:
        return
    version = params.notebook_document.version
    notebook.keep(version, module)
    ls.notebooks.set_cells(notebook, (cell.uri for cell in module.cells))
    _clear(ls, notebook, notebook.published - {cell.uri for cell in module.cells})
    document.text = module.text
    document.version = version
    editor = ls.settings_for(document.path).editor
    if editor.run == RUN_ON_TYPE:
        ls.scheduler.changed(document, editor.debounce / 1000)


def did_save(ls: ChrisStyleServer, params: types.DidSaveNotebookDocumentParams) -> None:
    document = ls.documents.get(params.notebook_document.uri)
    if document is not None and ls.settings_for(document.path).editor.run == RUN_ON_SAVE:
        ls.scheduler.schedule(document, 0)


def did_close(ls: ChrisStyleServer, params: types.DidCloseNotebookDocumentParams) -> None:
    uri = params.notebook_document.uri
    notebook = ls.notebooks.remove(uri)
    document = ls.documents.close(uri)
    if document is not None:
        ls.scheduler.forget(document)
    if notebook is not None:
        _clear(ls, notebook, set(notebook.published))


def _clear(ls: ChrisStyleServer, notebook: Notebook, cells: Set[str]) -> None:
    notebook.clear(cells, ls.text_document_publish_diagnostics)


def owns(ls: ChrisStyleServer, uri: str) -> bool:
    """True for a notebook's URI (a code action's `data` names the notebook) or one of its cells'."""
    return ls.notebooks.get(uri) is not None or ls.notebooks.of_cell(uri) is not None
