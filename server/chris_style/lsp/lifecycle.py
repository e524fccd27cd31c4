"""The session: `initialize` (position encoding, settings, push or pull), `initialized` (the editor's settings,
the watchers) and `shutdown`."""

import asyncio
import logging

from lsprotocol import types

from chris_style import __version__
from chris_style.lsp import pull
from chris_style.lsp.configuration import register_watchers
from chris_style.lsp.diagnostics import SOURCE
from chris_style.lsp.positions import encoding_name
from chris_style.lsp.server import ChrisStyleServer

logger = logging.getLogger(__name__)


def initialize(ls: ChrisStyleServer, params: types.InitializeParams) -> None:
    """Settle what the session uses: the position encoding, the settings sent at start, push or pull."""
    ls.log_handler.attach(asyncio.get_running_loop())
    ls.encoding = encoding_name(ls.workspace.position_encoding)
    ls.editor_settings.set_initialization_options(params.initialization_options)
    ls.apply_log_level()
    ls.pull = ls.can_pull
    if ls.pull:
        ls.feature(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=True),
        )(pull.document_diagnostic)
        ls.feature(types.WORKSPACE_DIAGNOSTIC)(pull.workspace_diagnostic)
    logger.info("chris-style %s: %s diagnostics, %s positions", __version__, "pull" if ls.pull else "push", ls.encoding)


async def initialized(ls: ChrisStyleServer, params: types.InitializedParams) -> None:
    # The rules load in the background while the editor asks for its settings and opens its files.
    asyncio.get_running_loop().run_in_executor(ls.lint_executor, lambda: ls.rule_set)
    await ls.fetch_configuration()
    ls.apply_log_level()
    ls.settings_ready.set()
    await register_watchers(ls)


def shutdown(ls: ChrisStyleServer, params: None) -> None:
    for executor in (ls.lint_executor, ls.request_executor, ls.background_executor):
        executor.shutdown(wait=False, cancel_futures=True)
