"""The server's name, the code action kinds it offers and the notebook cells it syncs, advertised at `initialize`
before the protocol types and the code behind them are loaded (see fast_start.py), hence plain strings: LSP's
own names."""

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
# Python documents and notebook cells (LSP's language identifier).
PYTHON_LANGUAGE_ID = "python"
# Every notebook (LSP: the notebook type "*" matches every notebook), with its Python cells. (The filter without a
# notebook means the same, but lsprotocol's converter cannot read it back, so pygls-based clients would fail.)
ANY_NOTEBOOK = "*"
