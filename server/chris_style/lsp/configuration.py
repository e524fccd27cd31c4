"""Configuration changes: editor settings (`didChangeConfiguration`), `pyproject.toml` files and the other tools'
files a line length is read from (watched with `didChangeWatchedFiles` where the client can register a watcher)
and workspace folders; each re-lints."""

import logging

from lsprotocol import types

from chris_style.config.formatters import DECLARING_FILES
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)

# One watcher per file name (pyproject.toml is among those that may declare a line length): not every client
# expands `{a,b}` in a glob.
CONFIG_FILE_GLOBS = tuple(f"**/{name}" for name in DECLARING_FILES)
WATCHER_REGISTRATION_ID = "chris-style-pyproject-watcher"
CONFIGURATION_REGISTRATION_ID = "chris-style-configuration"


async def did_change_configuration(ls: ChrisStyleServer, params: types.DidChangeConfigurationParams) -> None:
    if ls.capability("workspace", "configuration"):
        await ls.fetch_configuration()
    else:
        ls.editor_settings.set_live(None, params.settings)
    ls.settings_changed()


def did_change_watched_files(ls: ChrisStyleServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(change.uri.rsplit("/", 1)[-1] in DECLARING_FILES for change in params.changes):
        ls.project_settings.forget()
        ls.settings_changed()


async def did_change_workspace_folders(ls: ChrisStyleServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    await ls.fetch_configuration()
    ls.settings_changed()


async def register_watchers(server: ChrisStyleServer) -> None:
    """Ask the client to report pyproject.toml changes, when it supports registering that dynamically."""
    registrations = []
    if server.supports_dynamic_registration("did_change_watched_files"):
        registrations.append(types.Registration(
            id=WATCHER_REGISTRATION_ID,
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in CONFIG_FILE_GLOBS]
            ),
        ))
    if server.supports_dynamic_registration("did_change_configuration"):
        registrations.append(types.Registration(
            id=CONFIGURATION_REGISTRATION_ID, method=types.WORKSPACE_DID_CHANGE_CONFIGURATION
        ))
    if not registrations:
        return
    try:
        await server.client_register_capability_async(types.RegistrationParams(registrations=registrations))
    except Exception as error:
        # Without watchers, config changes still apply at each file's next lint.
        logger.warning("the client did not accept the file watcher registration: %s", error)
