"""A pytest-lsp client that records what the server sends and can wait for it, and the editors it imitates."""

import asyncio
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, TypeVar

from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

# The command editors run (`chris-style lsp`), through this interpreter.
SERVER_COMMAND = [sys.executable, "-m", "chris_style", "lsp"]
# Tests lint almost at once; the default debounce is checked where settings are parsed.
TEST_DEBOUNCE_MS = 10
# Generous: the machines running the suite may be busy; a passing wait returns as soon as its event arrives.
WAIT_SECONDS = 30.0
PUSH_EDITORS = ("visual-studio-code", "neovim", "emacs")
PULL_EDITOR = "visual-studio-code-pull"
MODULE_FILE = "module.py"
CONFIG_FILE = "pyproject.toml"
# The rules the tests lean on, one or more per priority, by what they find.
SYNTAX_ERROR = "CS000"
UNUSED_SUPPRESSION = "CS002"
EXTERNAL_CLIENT = "CS102"
MISSING_PARAMETER = "CS201"
MISSING_RETURN = "CS202"
PRINT_CALL = "CS405"
# The position encoding each recorded editor ends up with: its first choice (VS Code names none: UTF-16).
ENCODINGS = {"visual-studio-code": "utf-16", "neovim": "utf-8", "emacs": "utf-32", PULL_EDITOR: "utf-16"}

T = TypeVar("T")


def capabilities_of(editor: str) -> types.ClientCapabilities:
    """pytest-lsp's recorded capabilities; `visual-studio-code-pull` adds what current VS Code sends for pull
    diagnostics (the recording is of 1.65, which predates them)."""
    if editor != PULL_EDITOR:
        return client_capabilities(editor)
    capabilities = client_capabilities("visual-studio-code")
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=True, related_document_support=False
    )
    capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return capabilities


class EditorClient(LanguageClient):
    """Records every published diagnostic, registration, refresh and message, and wakes waiters on each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: List[types.PublishDiagnosticsParams] = []
        self.registrations: List[types.Registration] = []
        self.refreshes = 0
        self.progress: List[Any] = []
        self.editor = ""
        self._changed = asyncio.Event()

    def notify_waiters(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], T], timeout: float = WAIT_SECONDS) -> T:
        """The first truthy value of `predicate`, re-evaluated whenever the server sends something."""

        async def poll() -> T:
            while True:
                event = self._changed
                value = predicate()
                if value:
                    return value
                await event.wait()

        return await asyncio.wait_for(poll(), timeout)

    async def wait_for_diagnostics(self, uri: str, version: Optional[int] = None) -> Sequence[types.Diagnostic]:
        """The diagnostics published for `uri` (at `version` when given), waiting for them."""

        def find() -> Optional[types.PublishDiagnosticsParams]:
            for params in reversed(self.published):
                matches_version = version is None or params.version == version
                if params.uri == uri and matches_version:
                    return params
            return None

        return (await self.wait_until(find)).diagnostics

    def publications(self, uri: str) -> List[types.PublishDiagnosticsParams]:
        return [params for params in self.published if params.uri == uri]

    def versions_published(self, uri: str) -> List[Optional[int]]:
        return [params.version for params in self.publications(uri)]

    async def next_publication(self, uri: str, after: int) -> types.PublishDiagnosticsParams:
        """The first publication for `uri` after the first `after` ones."""
        return await self.wait_until(lambda: self.publications(uri)[after:] and self.publications(uri)[after])

    def open(self, path: Path, text: str, version: int = 1) -> str:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        uri = from_fs_path(str(path))
        self.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)
        ))
        return uri

    def replace(self, uri: str, version: int, text: str) -> None:
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        ))

    def edit(self, uri: str, version: int, start: types.Position, end: types.Position, text: str) -> None:
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangePartial(range=types.Range(start, end), text=text)],
        ))

    def close(self, uri: str) -> None:
        self.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))

    async def pull(self, uri: str, previous_result_id: Optional[str] = None) -> types.DocumentDiagnosticReport:
        return await self.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri), previous_result_id=previous_result_id
        ))


def _recording(
    method: str, record: Callable[[EditorClient, Any], Any], keep_default: bool = True
) -> Callable[[EditorClient, Any], Any]:
    original = DEFAULT_CLIENT_FEATURES.get(method) if keep_default else None

    def handler(client: EditorClient, params: Any) -> Any:
        result = original(client, params) if original is not None else None
        recorded = record(client, params)
        client.notify_waiters()
        return recorded if original is None else result

    return handler


def _record_publish(client: EditorClient, params: types.PublishDiagnosticsParams) -> None:
    client.published.append(params)


def _record_registration(client: EditorClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def _record_refresh(client: EditorClient, params: None) -> None:
    client.refreshes += 1


def _record_progress(client: EditorClient, params: types.ProgressParams) -> None:
    client.progress.append(params.value)


def _ignore(client: EditorClient, params: Any) -> None:
    """pytest-lsp's defaults already recorded it."""


def make_client() -> EditorClient:
    client = EditorClient(converter_factory=default_converter)
    features: Dict[str, Callable[[EditorClient, Any], Any]] = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _recording(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                                                                   _record_publish)
    features[types.CLIENT_REGISTER_CAPABILITY] = _recording(types.CLIENT_REGISTER_CAPABILITY, _record_registration)
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = _recording(types.WORKSPACE_DIAGNOSTIC_REFRESH, _record_refresh)
    # pytest-lsp's own handler warns about tokens the client itself put in a request, which are valid.
    features[types.PROGRESS] = _recording(types.PROGRESS, _record_progress, keep_default=False)
    for method in (types.WINDOW_LOG_MESSAGE, types.WINDOW_SHOW_MESSAGE, types.WINDOW_WORK_DONE_PROGRESS_CREATE):
        features[method] = _recording(method, _ignore)
    register_lsp_features(client, features)
    return client


def server_config(command: Sequence[str] = SERVER_COMMAND) -> ClientServerConfig:
    return ClientServerConfig(server_command=list(command), client_factory=make_client)


def initialize_params(
    editor: str,
    folders: Sequence[Path],
    initialization_options: Optional[Dict[str, Any]] = None,
) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=capabilities_of(editor),
        root_uri=from_fs_path(str(folders[0])) if folders else None,
        workspace_folders=[
            types.WorkspaceFolder(uri=from_fs_path(str(folder)), name=folder.name) for folder in folders
        ],
        initialization_options=initialization_options,
    )
