"""The open notebooks (notebooks.py keeps them in sync) and their diagnostics, pushed to their cells: what the
server's shared state holds of them (server.py), without the handlers."""

import logging
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Set

from lsprotocol import types

from chris_style.linting.source import SourceFile
from chris_style.lsp.diagnostics import to_diagnostic
from chris_style.lsp.action_kinds import ANY_NOTEBOOK, PYTHON_LANGUAGE_ID
from chris_style.lsp.documents import Document, Linted
from chris_style.lsp.notebook_cells import NotebookModule
from chris_style.lsp.positions import to_lsp_range

logger = logging.getLogger(__name__)

Publisher = Callable[[types.PublishDiagnosticsParams], None]

NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithNotebook(
            notebook=ANY_NOTEBOOK, cells=[types.NotebookCellLanguage(PYTHON_LANGUAGE_ID)]
        )
    ],
    save=True,
)
# Joined modules kept per notebook, for the lints and actions of recent versions still in flight.
KEPT_VERSIONS = 8


@dataclass
class Notebook:
    """One open notebook: its joined module per recent version, and the cells last shown diagnostics."""

    uri: str
    modules: Dict[int, NotebookModule] = field(default_factory=dict)
    published: Set[str] = field(default_factory=set)

    def keep(self, version: int, module: NotebookModule) -> None:
        self.modules[version] = module
        for old in sorted(self.modules)[:-KEPT_VERSIONS]:
            del self.modules[old]

    def clear(self, cells: Set[str], send: Publisher) -> None:
        """Empty the diagnostics of cells (gone from the notebook, or the notebook closed)."""
        for cell in cells:
            send(types.PublishDiagnosticsParams(uri=cell, diagnostics=[]))
        self.published -= cells


class NotebookStore:
    """The open notebooks, and which notebook each cell belongs to."""

    def __init__(self) -> None:
        self._notebooks: Dict[str, Notebook] = {}
        self._cells: Dict[str, str] = {}

    def get(self, uri: str) -> Optional[Notebook]:
        return self._notebooks.get(uri)

    def of_cell(self, uri: str) -> Optional[Notebook]:
        notebook_uri = self._cells.get(uri)
        return self._notebooks.get(notebook_uri) if notebook_uri is not None else None

    def add(self, notebook: Notebook) -> None:
        self._notebooks[notebook.uri] = notebook

    def remove(self, uri: str) -> Optional[Notebook]:
        notebook = self._notebooks.pop(uri, None)
        self._cells = {cell: owner for cell, owner in self._cells.items() if owner != uri}
        return notebook

    def set_cells(self, notebook: Notebook, cells: Iterable[str]) -> None:
        self._cells = {cell: owner for cell, owner in self._cells.items() if owner != notebook.uri}
        self._cells.update({cell: notebook.uri for cell in cells})

    def __iter__(self) -> Iterator[Notebook]:
        return iter(list(self._notebooks.values()))

    def publish(self, document: Document, linted: Linted, encoding: str, send: Publisher) -> bool:
        """Push a notebook's lint to its cells (whether or not the client pulls diagnostics of files, as Ruff's
        server does: clients pull none for cells); False when the document is not a notebook."""
        notebook = self.get(document.uri)
        if notebook is None:
            return False
        module = notebook.modules.get(linted.version)
        if module is None:
            return True
        by_cell = cell_diagnostics(module, linted, encoding)
        for cell in module.cells:
            send(types.PublishDiagnosticsParams(uri=cell.uri, diagnostics=by_cell[cell.uri], version=cell.version))
        notebook.published = set(by_cell)
        return True


def cell_diagnostics(module: NotebookModule, linted: Linted, encoding: str) -> Dict[str, List[types.Diagnostic]]:
    """The lint's findings as diagnostics of the cells they are in (every cell present, maybe with none)."""
    found: Dict[str, List[types.Diagnostic]] = {cell.uri: [] for cell in module.cells}
    if linted.result is None:
        for note in linted.diagnostics:  # a file-level note (not analysed, the lint failed): on the first cell
            if module.cells:
                found[module.cells[0].uri].append(note)
        return found
    engine = linted.settings.engine
    overrides = engine.severity_map()
    for violation in linted.result.violations:
        placed = module.to_cell(violation.range)
        if placed is None:
            continue
        cell, cell_range = placed
        lines = SourceFile(cell.text).lines
        diagnostic = to_diagnostic(violation, lines, encoding, engine, overrides)
        diagnostic.range = to_lsp_range(lines, cell_range, encoding)
        found[cell.uri].append(diagnostic)
    return found
