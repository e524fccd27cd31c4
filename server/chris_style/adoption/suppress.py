"""`chris-style suppress`: a suppression comment for every current finding of a buffer, so that a project can turn
the guide on at once and pay its debt down where it stands, visibly, one comment at a time.

Each round lints the buffer and writes, for every finding, a `# noqa: CODE` (merged into the line's existing
`# noqa: …`; after a multi-line string or a continuation where Python allows no comment on the finding's own
line) or the guide's `# DEVIATION(CODE): …` / `# Reason: …` block above its statement. A second round
suppresses what the comments themselves caused (a line that a `# noqa` made too long). Only comments are
written: the buffer's syntax tree before and after must be the same (its tokens but comments, for syntax newer
than the running Python), or nothing is written. The engine's own
findings are left alone: code that does not parse (CS000), a deviation without a reason (CS001: write it) and a
suppression that silences nothing (CS002: `chris-style fix` removes it).
"""

import ast
import io
import logging
import tokenize
import warnings
from dataclasses import dataclass, field
from typing import List, Optional

from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.linting.findings import Violation
from chris_style.linting.fixes import apply_edits
from chris_style.linting.own_codes import DEVIATION_WITHOUT_REASON_CODE, SYNTAX_ERROR_CODE, UNUSED_SUPPRESSION_CODE
from chris_style.linting.registry import RuleSet
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.linting.suppression_fixes import CommentPlaces, deviation_edits, noqa_edits

logger = logging.getLogger(__name__)

UNSUPPRESSED_CODES = frozenset({SYNTAX_ERROR_CODE, DEVIATION_WITHOUT_REASON_CODE, UNUSED_SUPPRESSION_CODE})
COMMENT_TOKENS = frozenset({tokenize.COMMENT, tokenize.NL})
# Rounds of lint -> suppress: the second catches what the comments caused (a line made too long); a third is spare.
MAX_ROUNDS = 3


@dataclass
class Suppression:
    """How to suppress: `# noqa` (the reason, if any, follows it) or a deviation block (the reason is required)."""

    deviation: bool = False
    reason: str = ""


@dataclass
class SuppressOutcome:
    """The buffer's new text, how many findings its comments suppress, and the findings left as they were."""

    text: str
    suppressed: int = 0
    left: List[Violation] = field(default_factory=list)
    # Why nothing was written (the comments would have changed the code); None when all went well.
    error: Optional[str] = None

    def changed(self, original: str) -> bool:
        return self.text != original


def _code_of(text: str) -> Optional[str]:
    """What the comments must leave alone: the buffer's syntax tree without positions (comments are not in it);
    for code this Python cannot parse (syntax newer than it), its tokens without comments and blank lines, which
    this Python's tokenizer reads the same way before and after; None when neither can be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.dump(ast.parse(text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    try:
        tokens = tokenize.generate_tokens(io.StringIO(text).readline)
        return repr([(token.type, token.string) for token in tokens if token.type not in COMMENT_TOKENS])
    except (tokenize.TokenError, SyntaxError):
        return None


def suppress_text(
    source: SourceFile,
    settings: Settings,
    rule_set: RuleSet,
    how: Suppression,
    min_priority: Priority = Priority.OBSERVED,
) -> SuppressOutcome:
    """Suppress every finding of the rules the settings enable, in rounds (see the module's docstring)."""
    outcome = SuppressOutcome(source.text)
    original_code = _code_of(source.text)
    current = source
    for round_number in range(MAX_ROUNDS):
        result = lint(current, settings, rule_set, min_priority)
        outcome.left = result.violations
        targets = [violation for violation in result.violations if violation.code not in UNSUPPRESSED_CODES]
        if result.module is None or not targets:
            break
        if original_code is None:
            outcome.error = "this Python cannot read the file, so it cannot prove the comments leave the code alone"
            return outcome
        if round_number == 0:
            outcome.suppressed = len(targets)
        places = CommentPlaces.of(current, result.module)
        if how.deviation:
            edits = deviation_edits(places, targets, how.reason, settings.line_length)
        else:
            edits = noqa_edits(places, targets, how.reason)
        new_text = apply_edits(current, edits)
        if new_text == current.text:
            break
        if _code_of(new_text) != original_code:
            outcome.error = "writing the comments would change the code; nothing was written (please report it)"
            outcome.text, outcome.suppressed = source.text, 0
            outcome.left = lint(source, settings, rule_set, min_priority).violations
            return outcome
        current = SourceFile(new_text, source.path)
        outcome.text = new_text
    # What could not be suppressed in the rounds given (none has been seen) is left, not counted.
    outcome.suppressed = max(0, outcome.suppressed - sum(v.code not in UNSUPPRESSED_CODES for v in outcome.left))
    return outcome
