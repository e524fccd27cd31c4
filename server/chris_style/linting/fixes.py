"""Applying fixes: text edits, overlap resolution, rounds until nothing changes, and a re-parse guard.

Shared by the CLI's `fix` and the editor's fix-all so that both produce the same code.
"""

import logging
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, List, Optional, Sequence

import libcst as cst

from chris_style.config import Settings
from chris_style.guide import Priority
from chris_style.linting.rule import Edit, Fix, FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile, TextRange

logger = logging.getLogger(__name__)

# Rounds of fix -> re-parse -> re-lint before giving up on convergence; fixes rarely chain more than twice.
MAX_FIX_ROUNDS = 10
BULK_SAFETIES = frozenset({FixSafety.SAFE})
BULK_UNSAFE_SAFETIES = frozenset({FixSafety.SAFE, FixSafety.UNSAFE})


def apply_edits(source: SourceFile, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to the source text (later edits first, so offsets stay valid)."""
    text = source.text
    spans = sorted(
        ((source.offset(edit.range.start), source.offset(edit.range.end), edit.content) for edit in edits),
        key=lambda span: (span[0], span[1]),
        reverse=True,
    )
    for start, end, content in spans:
        text = text[:start] + content + text[end:]
    return text


def choose_fixes(fixes: Iterable[Fix]) -> List[Fix]:
    """A set of fixes whose edits do not overlap, in document order; the rest wait for the next round."""
    chosen: List[Fix] = []
    taken: List[TextRange] = []
    for fix in sorted(fixes, key=lambda fix: min((edit.range.start for edit in fix.edits), default=None) or 0):
        ranges = [edit.range for edit in fix.edits]
        if any(candidate.overlaps(existing) for candidate in ranges for existing in taken):
            continue
        if any(first.overlaps(second) for i, first in enumerate(ranges) for second in ranges[i + 1 :]):
            continue
        chosen.append(fix)
        taken.extend(ranges)
    return chosen


@dataclass
class FixOutcome:
    text: str
    applied: int = 0
    rounds: int = 0
    # Set when a round produced code that does not parse: that round was dropped.
    error: Optional[str] = None
    remaining: List[Violation] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.applied > 0


def fix_text(
    source: SourceFile,
    settings: Settings,
    safeties: Collection[FixSafety] = BULK_SAFETIES,
    min_priority: Priority = Priority.OBSERVED,
    codes: Optional[Collection[str]] = None,
    choose: Callable[[Violation], Optional[Fix]] = lambda violation: violation.fix,
) -> FixOutcome:
    """Apply every fix of the allowed safeties (optionally only for `codes`), re-linting after each round
    until nothing changes; never returns code that does not parse."""
    outcome = FixOutcome(source.text)
    current = source
    for round_number in range(1, MAX_FIX_ROUNDS + 1):
        result = lint(current, settings, min_priority)
        outcome.remaining = result.violations
        if result.syntax_error is not None:
            break
        candidates = []
        for violation in result.violations:
            if codes is not None and violation.code not in codes:
                continue
            fix = choose(violation)
            if fix is not None and fix.safety in safeties:
                candidates.append(fix)
        fixes = choose_fixes(candidates)
        if not fixes:
            break
        new_text = apply_edits(current, (edit for fix in fixes for edit in fix.edits))
        if new_text == current.text:
            break
        try:
            cst.parse_module(new_text)
        except cst.ParserSyntaxError as error:
            titles = ", ".join(sorted({fix.title for fix in fixes}))
            outcome.error = f"fix round {round_number} produced code that does not parse ({titles}): {error.message}"
            logger.warning("%s: %s", source.path or "<buffer>", outcome.error)
            break
        outcome.applied += len(fixes)
        outcome.rounds = round_number
        current = SourceFile(new_text, source.path)
        outcome.text = new_text
    return outcome


def apply_single_fix(source: SourceFile, fix: Fix) -> str:
    return apply_edits(source, fix.edits)


def first_fixes(violations: Sequence[Violation]) -> List[Fix]:
    return [violation.fix for violation in violations if violation.fix is not None]
