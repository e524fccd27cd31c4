"""The language server as a program: `create_server()` registers every handler, `serve()` runs it over
standard input/output or TCP. `chris-style lsp` and `python -m chris_style.lsp` start it."""

import logging
import sys

from lsprotocol import types

from chris_style.linting.registry import RuleSet
from chris_style.lsp import client_log, code_actions, configuration, hover, lifecycle, sync
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)


def create_server(rule_set: RuleSet) -> ChrisStyleServer:
    """A server linting with `rule_set`, every handler registered (pull diagnostics are added at `initialize`
    when the client can use them)."""
    server = ChrisStyleServer(rule_set)
    server.feature(types.INITIALIZE)(lifecycle.initialize)
    server.feature(types.INITIALIZED)(lifecycle.initialized)
    server.feature(types.SHUTDOWN)(lifecycle.shutdown)
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(sync.did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(sync.did_change)
    server.feature(types.TEXT_DOCUMENT_DID_SAVE)(sync.did_save)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(sync.did_close)
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover.on_hover)
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=code_actions.CODE_ACTION_KINDS, resolve_provider=True),
    )(code_actions.on_code_action)
    server.feature(types.CODE_ACTION_RESOLVE)(code_actions.on_code_action_resolve)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(configuration.did_change_configuration)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(configuration.did_change_watched_files)
    server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)(configuration.did_change_workspace_folders)
    return server


def serve(rule_set: RuleSet, tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> None:
    """Run the language server over standard input/output, or over TCP."""
    server = create_server(rule_set)
    client_log.install(server.log_handler, logging.INFO)
    if tcp:
        server.start_tcp(host, port)
        return
    protocol_output = sys.stdout.buffer
    # Anything a rule or library prints would corrupt the protocol stream: send it to stderr instead.
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, protocol_output)
