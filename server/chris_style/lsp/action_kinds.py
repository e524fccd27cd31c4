"""The server's name and the code action kinds it offers, advertised at `initialize` before the protocol types
and the code behind them are loaded (see fast_start.py), hence plain strings: LSP's own kind names."""

import logging

logger = logging.getLogger(__name__)

# The name in `serverInfo`.
SERVER_NAME = "chris-style"
# The diagnostics' `source`, which also names the server's own code action kinds.
SOURCE = "chris-style"
FIX_ALL_KIND = f"source.fixAll.{SOURCE}"
ORGANIZE_IMPORTS_KIND = f"source.organizeImports.{SOURCE}"
QUICK_FIX_KIND = "quickfix"
REWRITE_KIND = "refactor.rewrite"
EXTRACT_KIND = "refactor.extract"
# What the server advertises in `codeActionProvider.codeActionKinds`.
CODE_ACTION_KINDS = [QUICK_FIX_KIND, REWRITE_KIND, EXTRACT_KIND, FIX_ALL_KIND, ORGANIZE_IMPORTS_KIND]
