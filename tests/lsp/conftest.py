"""Language-server fixtures: servers shared by the tests that leave settings alone, and a launcher for the rest.

Starting a server costs about a second (importing libcst and lsprotocol), so the editors' servers live for the
whole session and every test works on files of its own. Test modules share the session's event loop, where
the shared clients live: `pytestmark = pytest.mark.asyncio(loop_scope="session")`.
"""

import hashlib
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, List, Optional, Sequence

import pytest
import pytest_asyncio
import pytest_lsp

from tests.lsp.harness import (
    PULL_EDITOR,
    PUSH_EDITORS,
    SERVER_COMMAND,
    TEST_DEBOUNCE_MS,
    EditorClient,
    initialize_params,
    server_config,
)

# The shared servers run a fixed set of rules, one or more of each priority, so that rules landing elsewhere
# in the meantime do not change what these tests see.
SHARED_CONFIG = '[tool.chris-style]\nselect = ["CS000", "CS001", "CS002", "CS102", "CS201", "CS202", "CS405"]\n'

Launcher = Callable[..., Awaitable[EditorClient]]


@pytest.fixture(scope="session")
def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace folder of the shared servers, with its own config so the repository's does not apply."""
    root = tmp_path_factory.mktemp("workspace")
    (root / "pyproject.toml").write_text(SHARED_CONFIG, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def module_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace folder of a test module's own server, configured like the shared one."""
    root = tmp_path_factory.mktemp("module")
    (root / "pyproject.toml").write_text(SHARED_CONFIG, encoding="utf-8")
    return root


def _own_directory(root: Path, request: pytest.FixtureRequest) -> Path:
    digest = hashlib.sha1(request.node.nodeid.encode("utf-8")).hexdigest()[:12]
    directory = root / f"t{digest}"
    directory.mkdir()
    return directory


@pytest.fixture
def files(shared_root: Path, request: pytest.FixtureRequest) -> Path:
    """A directory of the shared workspace that belongs to this test alone."""
    return _own_directory(shared_root, request)


@pytest.fixture
def module_files(module_root: Path, request: pytest.FixtureRequest) -> Path:
    """A directory of the module's workspace that belongs to this test alone."""
    return _own_directory(module_root, request)


@pytest_lsp.fixture(config=server_config(), scope="session", params=PUSH_EDITORS)
async def editor(lsp_client: EditorClient, request: pytest.FixtureRequest, shared_root: Path) -> AsyncIterator[None]:
    """A server as VS Code 1.65, Neovim 0.11 and Emacs 29 (eglot) connect to it: all of them get pushed
    diagnostics, in UTF-16, UTF-8 and UTF-32 columns respectively."""
    lsp_client.editor = request.param
    await lsp_client.initialize_session(initialize_params(request.param, [shared_root], {"debounce": TEST_DEBOUNCE_MS}))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=server_config(), scope="session")
async def pull_client(lsp_client: EditorClient, shared_root: Path) -> AsyncIterator[None]:
    """A server as current VS Code connects to it: pull diagnostics with refresh support."""
    await lsp_client.initialize_session(initialize_params(PULL_EDITOR, [shared_root], {"debounce": TEST_DEBOUNCE_MS}))
    yield
    await lsp_client.shutdown_session()


async def _launcher() -> AsyncIterator[Launcher]:
    started: List[EditorClient] = []

    async def start(
        editor: str,
        folders: Sequence[Path],
        initialization_options: Optional[Dict[str, Any]] = None,
        configuration: Optional[Dict[str, Any]] = None,
        command: Sequence[str] = SERVER_COMMAND,
    ) -> EditorClient:
        client = await server_config(command).start()
        started.append(client)
        for scope, values in (configuration or {}).items():
            client.set_configuration(values, section="chrisStyle", scope_uri=scope or None)
        await client.initialize_session(initialize_params(editor, folders, initialization_options))
        return client

    yield start
    for client in started:
        await client.shutdown_session()
        await client.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def launch() -> AsyncIterator[Launcher]:
    """Start a server of one's own: for settings, workspaces or server commands that others must not share."""
    async for start in _launcher():
        yield start


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def launch_shared() -> AsyncIterator[Launcher]:
    """Start a server that the tests of one module share."""
    async for start in _launcher():
        yield start
