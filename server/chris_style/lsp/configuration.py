"""Configuration changes: editor settings (`didChangeConfiguration`), `pyproject.toml` files, the other tools'
files a line length is read from and baseline files (watched with `didChangeWatchedFiles` where the client can
register a watcher) and workspace folders; each re-lints."""

import logging

from lsprotocol import types

from chris_style.config.formatters import DECLARING_FILES
from chris_style.config.keys import DEFAULT_BASELINE_NAME
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)

# One watcher per file name (pyproject.toml is among those that may declare a line length): not every client
# expands `{a,b}` in a glob. The default baseline file too (a `baseline` setting naming another is read again at
# the next lint of a file).
CONFIG_FILE_GLOBS = tuple(f"**/{name}" for name in DECLARING_FILES)
BASELINE_GLOB = f"**/{DEFAULT_BASELINE_NAME}"
WATCHER_REGISTRATION_ID = "chris-style-pyproject-watcher"
CONFIGURATION_REGISTRATION_ID = "chris-style-configuration"


async def did_change_configuration(ls: ChrisStyleServer, params: types.DidChangeConfigurationParams) -> None:
    if ls.capability("workspace", "configuration"):
        await ls.fetch_configuration()
    else:
        ls.editor_settings.set_live(None, params.settings)
    ls.settings_changed()


def did_change_watched_files(ls: ChrisStyleServer, params: types.DidChangeWatchedFilesParams) -> None:
    """A file settings are read from, or a baseline file, changed: read it again and lint the open documents again."""
    config_changed = any(change.uri.rsplit("/", 1)[-1] in DECLARING_FILES for change in params.changes)
    baseline_changed = any(change.uri.rsplit("/", 1)[-1] == DEFAULT_BASELINE_NAME for change in params.changes)
    if config_changed:
        ls.project_settings.forget()
    if baseline_changed:
        ls.baselines.forget()
    if config_changed or baseline_changed:
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
                watchers=[
                    *(types.FileSystemWatcher(glob_pattern=glob) for glob in CONFIG_FILE_GLOBS),
                    types.FileSystemWatcher(glob_pattern=BASELINE_GLOB),
                ]
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
