"""Jupyter notebooks through LSP 3.17's notebookDocument sync, as VS Code syncs them (a client announcing the
`notebookDocument` capability): diagnostics per Python cell at their places in the cell, IPython syntax left alone,
the rules of `notebook-ignore` left out, quick fixes that edit the cell, and cells following the notebook's
changes. Pushed per cell to a client that pulls diagnostics for files too."""

from pathlib import Path
from typing import AsyncIterator, Dict, List, Optional, Sequence, Tuple

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.lsp.harness import PULL_EDITOR, EditorClient, capabilities_of, initialize_params, server_config
from tests.lsp.test_code_actions import apply_text_edits, edits_of, resolved, titled

pytestmark = pytest.mark.asyncio(loop_scope="session")

NOTEBOOK_CONFIG = '[tool.chris-style]\nselect = ["CS000", "CS201", "CS202", "CS304", "CS405"]\n'
DEFINITION = "import os\n\n\ndef run(command):\n    print(command)\n    return os.sep\n"
MAGIC = "%matplotlib inline\nresult = run('ls')\n!echo done\n"
SETTINGS = "LIMIT = 100\nprint(LIMIT)"
MARKDOWN = "# A title with `code`"
NOTEBOOK = "analysis.ipynb"
# A cell's kind, as `_open` takes them.
CODE = "code"
FIXABLE = "def show(command):\n    print(command)\n"


def _capabilities(editor: str) -> types.ClientCapabilities:
    """The editor's capabilities with notebook sync, as VS Code announces it."""
    capabilities = capabilities_of(editor)
    capabilities.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities(execution_summary_support=True)
    )
    return capabilities


async def _start(root: Path, editor: str = "visual-studio-code") -> EditorClient:
    client = await server_config().start()
    params = initialize_params(editor, [root], {"debounce": 10})
    params.capabilities = _capabilities(editor)
    client.initialize_result = await client.initialize_session(params)  # type: ignore[attr-defined]
    return client


@pytest.fixture(scope="module")
def notebook_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("notebooks")
    (root / "pyproject.toml").write_text(NOTEBOOK_CONFIG, encoding="utf-8")
    return root


@pytest_asyncio.fixture(loop_scope="session", scope="module", params=["visual-studio-code", PULL_EDITOR])
async def notebook_client(notebook_root: Path, request: pytest.FixtureRequest) -> AsyncIterator[EditorClient]:
    client = await _start(notebook_root, request.param)
    client.editor = request.param
    yield client
    await client.shutdown_session()
    await client.stop()


@pytest.fixture
def notebook_dir(notebook_root: Path, request: pytest.FixtureRequest) -> Path:
    directory = notebook_root / f"n{abs(hash(request.node.nodeid))}"
    directory.mkdir()
    return directory


def _cells(
    directory: Path, texts: Sequence[Tuple[str, str]]
) -> Tuple[str, List[types.NotebookCell], List[types.TextDocumentItem]]:
    """The notebook's URI, its cells and their documents: (kind, text) each, `code` or `markdown`."""
    uri = from_fs_path(str(directory / NOTEBOOK))
    cells, documents = [], []
    for index, (kind, text) in enumerate(texts):
        cell_uri = f"vscode-notebook-cell:{directory / NOTEBOOK}#cell{index}"
        is_code = kind == CODE
        cells.append(types.NotebookCell(
            kind=types.NotebookCellKind.Code if is_code else types.NotebookCellKind.Markup, document=cell_uri
        ))
        documents.append(types.TextDocumentItem(
            uri=cell_uri, language_id="python" if is_code else "markdown", version=1, text=text
        ))
    return uri, cells, documents


def _open(client: EditorClient, directory: Path, texts: Sequence[Tuple[str, str]]) -> Tuple[str, List[str]]:
    uri, cells, documents = _cells(directory, texts)
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(uri=uri, notebook_type="jupyter-notebook", version=1, cells=cells),
        cell_text_documents=documents,
    ))
    return uri, [document.uri for document in documents]


def _summary(diagnostics: Sequence[types.Diagnostic]) -> List[str]:
    return [f"{d.code} {d.range.start.line}:{d.range.start.character}" for d in diagnostics]


async def _published(client: EditorClient, uris: Sequence[str], version: Optional[int] = None) -> Dict[str, List[str]]:
    return {uri: _summary(await client.wait_for_diagnostics(uri, version)) for uri in uris}


async def test_WHEN_initialized_with_notebook_sync_THEN_python_cells_of_any_notebook_are_synced(
    notebook_root: Path,
) -> None:
    client = await _start(notebook_root)
    try:
        sync = client.initialize_result.capabilities.notebook_document_sync  # type: ignore[attr-defined]
        expected = (["python"], "*", True)
        actual = ([cell.language for cell in sync.notebook_selector[0].cells], sync.notebook_selector[0].notebook,
                  sync.save)
        assert expected == actual
    finally:
        await client.shutdown_session()
        await client.stop()


async def test_WHEN_notebook_opened_THEN_each_code_cell_gets_its_findings_at_its_own_lines(
    notebook_client: EditorClient, notebook_dir: Path
) -> None:
    _, cells = _open(notebook_client, notebook_dir,
                     [(CODE, DEFINITION), ("markdown", MARKDOWN), (CODE, MAGIC), (CODE, SETTINGS)])
    expected = {
        cells[0]: ["CS202 3:4", "CS201 3:8"],
        cells[2]: [],
        cells[3]: [],
    }
    assert expected == await _published(notebook_client, [cells[0], cells[2], cells[3]])
    assert [] == notebook_client.publications(cells[1])


async def test_WHEN_notebook_ignore_is_empty_THEN_the_notebook_rules_run_too(notebook_dir: Path) -> None:
    (notebook_dir / "pyproject.toml").write_text(NOTEBOOK_CONFIG + "notebook-ignore = []\n", encoding="utf-8")
    client = await _start(notebook_dir)
    try:
        _, cells = _open(client, notebook_dir, [(CODE, SETTINGS)])
        expected = {cells[0]: ["CS304 0:0", "CS405 1:0"]}
        assert expected == await _published(client, cells)
    finally:
        await client.shutdown_session()
        await client.stop()


async def test_WHEN_quick_fix_asked_in_a_cell_THEN_its_edit_is_in_that_cell_at_the_cells_version(
    notebook_client: EditorClient, notebook_dir: Path
) -> None:
    _, cells = _open(notebook_client, notebook_dir, [(CODE, SETTINGS), (CODE, FIXABLE)])
    diagnostics = await notebook_client.wait_for_diagnostics(cells[1])
    diagnostic = next(d for d in diagnostics if d.code == "CS202")
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(cells[1]), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]),
    )
    actions = await notebook_client.text_document_code_action_async(params)
    action = await resolved(notebook_client, titled(actions, "Add `-> None`"))
    [change] = action.edit.document_changes
    actual = (
        [d.range for d in action.diagnostics], change.text_document.uri, change.text_document.version,
        apply_text_edits(FIXABLE, edits_of(action.edit, cells[1])),
    )
    fixed = FIXABLE.replace("def show(command):", "def show(command) -> None:")
    assert ([diagnostic.range], cells[1], 1, fixed) == actual


async def test_WHEN_a_cell_is_edited_and_another_removed_THEN_findings_follow_and_the_removed_cell_is_cleared(
    notebook_client: EditorClient, notebook_dir: Path
) -> None:
    uri, cells = _open(notebook_client, notebook_dir, [(CODE, "x = 1\n"), (CODE, DEFINITION)])
    await _published(notebook_client, cells)
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)), text="def first(value):\n    return value\n"
    )
    removed = types.NotebookCellArrayChange(start=1, delete_count=1)
    notebook_client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=2),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(
            structure=types.NotebookDocumentCellChangeStructure(
                array=removed, did_close=[types.TextDocumentIdentifier(cells[1])]
            ),
            text_content=[types.NotebookDocumentCellContentChanges(
                document=types.VersionedTextDocumentIdentifier(uri=cells[0], version=2), changes=[edit]
            )],
        )),
    ))
    expected = {cells[0]: ["CS202 0:4", "CS201 0:10"], cells[1]: []}
    actual = {
        cells[0]: _summary(await notebook_client.wait_for_diagnostics(cells[0], version=2)),
        cells[1]: _summary((await notebook_client.next_publication(cells[1], 1)).diagnostics),
    }
    assert expected == actual


async def test_WHEN_notebook_closed_THEN_its_cells_diagnostics_are_cleared(
    notebook_client: EditorClient, notebook_dir: Path
) -> None:
    uri, cells = _open(notebook_client, notebook_dir, [(CODE, DEFINITION)])
    await _published(notebook_client, cells)
    seen = len(notebook_client.publications(cells[0]))
    notebook_client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(
        notebook_document=types.NotebookDocumentIdentifier(uri=uri),
        cell_text_documents=[types.TextDocumentIdentifier(cells[0])],
    ))
    assert [] == list((await notebook_client.next_publication(cells[0], seen)).diagnostics)
