"""The language server as a program: `create_server()` registers every handler, `serve()` runs it over
standard input/output or TCP. `chris-style lsp` and `python -m chris_style.lsp` start it, through
fast_start.py, which answers `initialize` before this module and pygls are even imported.

The parser, the rules and the code behind hover and code actions are imported when first needed;
`initialized` starts loading the rules in the background, so they are ready by the time the editor opens a
file.
"""

import logging
import sys
from typing import TYPE_CHECKING, BinaryIO, Callable, List, Optional, Tuple

from lsprotocol import types

from chris_style.lsp import client_log, configuration, lifecycle, notebooks, sync, transport
from chris_style.lsp.action_kinds import CODE_ACTION_KINDS
from chris_style.lsp.server import SWITCH_INTERVAL_SECONDS, ChrisStyleServer

if TYPE_CHECKING:
    from chris_style.linting.registry import RuleSet

logger = logging.getLogger(__name__)


def _product_rules() -> "RuleSet":
    """The product's rules, loaded in the background after `initialize` (lifecycle.py), with what the first hover
    and code action need: loaded by the first request instead, that cost it up to 200 ms while lints ran (measured
    with two lint threads; about 60 ms alone)."""
    from chris_style.rules import REGISTRY  # every rule module and libcst: the slow part of starting
    from chris_style.lsp import code_actions
    from chris_style.rule_docs import hover_markdown

    for rule in REGISTRY:
        hover_markdown(rule)  # built once, each hover then only looks it up
    logger.debug("loaded %d rules, their hover texts and %s", len(REGISTRY), code_actions.__name__)
    return REGISTRY


def on_hover(ls: ChrisStyleServer, params: types.HoverParams) -> Optional[types.Hover]:
    from chris_style.lsp import hover

    return hover.on_hover(ls, params)


async def on_code_action(ls: ChrisStyleServer, params: types.CodeActionParams) -> Optional[List[types.CodeAction]]:
    from chris_style.lsp import code_actions

    if notebooks.owns(ls, params.text_document.uri):
        from chris_style.lsp import notebook_actions

        return await notebook_actions.on_code_action(ls, params)
    return await code_actions.on_code_action(ls, params)


async def on_code_action_resolve(ls: ChrisStyleServer, params: types.CodeAction) -> types.CodeAction:
    from chris_style.lsp import code_actions

    data = params.data if isinstance(params.data, dict) else {}
    if notebooks.owns(ls, str(data.get("uri"))):
        from chris_style.lsp import notebook_actions

        return await notebook_actions.on_code_action_resolve(ls, params)
    return await code_actions.on_code_action_resolve(ls, params)


def create_server(rule_set: Optional["RuleSet"] = None) -> ChrisStyleServer:
    """A server linting with `rule_set` (the product's rules when None, loaded on first use), every handler
    registered (pull diagnostics are added at `initialize` when the client can use them)."""
    rules: Callable[[], "RuleSet"] = (lambda: rule_set) if rule_set is not None else _product_rules
    server = ChrisStyleServer(rules)
    server.feature(types.INITIALIZE)(lifecycle.initialize)
    server.feature(types.INITIALIZED)(lifecycle.initialized)
    server.feature(types.SHUTDOWN)(lifecycle.shutdown)
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(sync.did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(sync.did_change)
    server.feature(types.TEXT_DOCUMENT_DID_SAVE)(sync.did_save)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(sync.did_close)
    server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)(notebooks.did_open)
    server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)(notebooks.did_change)
    server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)(notebooks.did_save)
    server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)(notebooks.did_close)
    server.feature(types.TEXT_DOCUMENT_HOVER)(on_hover)
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=CODE_ACTION_KINDS, resolve_provider=True),
    )(on_code_action)
    server.feature(types.CODE_ACTION_RESOLVE)(on_code_action_resolve)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(configuration.did_change_configuration)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(configuration.did_change_watched_files)
    server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)(configuration.did_change_workspace_folders)
    return server


def serve(
    rule_set: Optional["RuleSet"] = None,
    tcp: bool = False,
    host: str = "127.0.0.1",
    port: int = 2087,
    streams: Optional[Tuple[BinaryIO, BinaryIO]] = None,
) -> None:
    """Run the language server over standard input/output (or the input and output `streams`), or over TCP (see
    transport.py), until the client says `exit` or goes away; the process then exits with LSP's status."""
    server = create_server(rule_set)
    client_log.install(server.log_handler, logging.INFO)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)  # requests answered between lints' turns: see server.py
    if tcp:
        transport.serve_tcp(server, host, port)
        return
    if streams is None:
        streams = (sys.stdin.buffer, sys.stdout.buffer)
        # Anything a rule or library prints would corrupt the protocol stream: send it to stderr instead.
        sys.stdout = sys.stderr
    transport.serve_io(server, *streams)
