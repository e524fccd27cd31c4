"""What a lint finds, as plain values: violations with their fixes and edits, a rule that failed, a fix applied.

Kept apart from the Rule class (rule.py) and the traversal (runner.py), which stand on libcst: the command line
reads cached results back into these values, and reports them, without loading the parser or a single rule.
"""

import enum
import logging
from dataclasses import dataclass
from pathlib import PurePath
from typing import Optional, Tuple

from chris_style.guide import Guideline, Priority, Section
from chris_style.linting.source import TextRange

logger = logging.getLogger(__name__)


class FixSafety(enum.Enum):
    """How much a fix may be trusted: `safe` preserves meaning and is applied in bulk; `unsafe` only on
    request (`--unsafe-fixes`); a `suggestion` is offered in the editor only."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    SUGGESTION = "suggestion"


# DEVIATION(CS902): frozen value type
# Reason: edits are collected in sets and shared between a violation and every front end.
@dataclass(frozen=True)
class Edit:
    """Replace the text in `range` with `content` (an empty range inserts)."""

    range: TextRange
    content: str


# DEVIATION(CS902): frozen value type
# Reason: a fix travels from worker threads to the editor and must not change in between.
@dataclass(frozen=True)
class Fix:
    title: str
    safety: FixSafety
    edits: Tuple[Edit, ...]


# DEVIATION(CS902): frozen value type
# Reason: violations are cached per document version and read by several threads.
@dataclass(frozen=True)
class Violation:
    code: str
    name: str
    priority: Priority
    guideline: Guideline
    message: str
    range: TextRange
    fixes: Tuple[Fix, ...] = ()

    @property
    def section(self) -> Section:
        return self.guideline.section

    @property
    def fix(self) -> Optional[Fix]:
        """The primary fix: what `fix`, the JSON output and the preferred quick fix use."""
        return self.fixes[0] if self.fixes else None


@dataclass
class RuleFailure:
    """A rule raised while checking a file; reported with the rule code and the file, never fatal."""

    code: str
    path: Optional[PurePath]
    error: str
    details: str


# DEVIATION(CS902): frozen value type
# Reason: what a fix round applied is reported by every front end and never changes afterwards.
@dataclass(frozen=True)
class AppliedFix:
    """One fix that was applied: the code of the violation it repaired and the fix's title."""

    code: str
    title: str
