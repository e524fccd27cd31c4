"""The codes of the engine's own diagnostics (own_rules.py), in a module that imports nothing: the language
server names them before it loads the engine."""

import logging

logger = logging.getLogger(__name__)

SYNTAX_ERROR_CODE = "CS000"
DEVIATION_WITHOUT_REASON_CODE = "CS001"
UNUSED_SUPPRESSION_CODE = "CS002"
