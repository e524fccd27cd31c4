"""The code action kinds the server offers, advertised at `initialize` (before the code behind them is loaded)."""

import logging

from lsprotocol import types

logger = logging.getLogger(__name__)

# The diagnostics' `source`, which also names the server's own code action kinds.
SOURCE = "chris-style"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
ORGANIZE_IMPORTS_KIND = f"{types.CodeActionKind.SourceOrganizeImports.value}.{SOURCE}"
QUICK_FIX_KIND = types.CodeActionKind.QuickFix.value
REWRITE_KIND = types.CodeActionKind.RefactorRewrite.value
EXTRACT_KIND = types.CodeActionKind.RefactorExtract.value
# What the server advertises in `codeActionProvider.codeActionKinds`.
CODE_ACTION_KINDS = [
    types.CodeActionKind.QuickFix,
    types.CodeActionKind.RefactorRewrite,
    types.CodeActionKind.RefactorExtract,
    FIX_ALL_KIND,
    ORGANIZE_IMPORTS_KIND,
]
