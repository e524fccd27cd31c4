"""Applying fixes: text edits, overlap resolution, rounds until nothing changes, and a re-parse guard.

Shared by the CLI's `fix` and the editor's fix-all so that both produce the same code.
"""

import ast
import logging
from dataclasses import dataclass, field
from typing import Callable, Collection, Dict, FrozenSet, Iterable, List, Optional, Sequence

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.linting import budget
from chris_style.linting.findings import AppliedFix, Edit, Fix, FixSafety, Violation
from chris_style.linting.registry import RuleSet
from chris_style.linting.runner import LintResult, lint
from chris_style.linting.source import SourceFile, TextRange

logger = logging.getLogger(__name__)

# Rounds of fix -> re-parse -> re-lint before giving up on convergence; fixes rarely chain more than twice.
MAX_FIX_ROUNDS = 10
BULK_SAFETIES = frozenset({FixSafety.SAFE})
BULK_UNSAFE_SAFETIES = frozenset({FixSafety.SAFE, FixSafety.UNSAFE})


def apply_edits(source: SourceFile, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to the source text (later edits first, so offsets stay valid). Insertions
    at the same point keep their order; an edit given twice is applied once (see merge_insertions)."""
    text = source.text
    spans = sorted(
        (
            (source.offset(edit.range.start), source.offset(edit.range.end), edit.content)
            for edit in merge_insertions(edits)
        ),
        key=lambda span: (span[0], span[1]),
        reverse=True,
    )
    for start, end, content in spans:
        text = text[:start] + content + text[end:]
    return text


def merge_insertions(edits: Iterable[Edit]) -> List[Edit]:
    """The edits with each group of insertions at one point made one edit, in their order, and repeated edits
    dropped: what apply_edits applies, and what a client gets, which may not keep the order of equal
    positions."""
    merged: List[Edit] = []
    insertion_at: Dict[TextRange, int] = {}
    for edit in dict.fromkeys(edits):
        if edit.range.start != edit.range.end:
            merged.append(edit)
        elif edit.range in insertion_at:
            index = insertion_at[edit.range]
            merged[index] = Edit(edit.range, merged[index].content + edit.content)
        else:
            insertion_at[edit.range] = len(merged)
            merged.append(edit)
    return merged


def _is_line_insertion(edit: Edit) -> bool:
    """An edit that inserts whole lines at the start of a line: several of them at one point can all be made,
    one after the other (extracted constants, added imports)."""
    text_range = edit.range
    is_insertion = text_range.start == text_range.end and text_range.start.column == 0
    return is_insertion and edit.content.endswith(("\n", "\r"))


@dataclass
class _Inserted:
    """What inserted lines do: the names they bind, the modules they import from, whether they only import."""

    names: FrozenSet[str]
    from_modules: FrozenSet[str]
    only_imports: bool


def _inserted(code: str) -> Optional[_Inserted]:
    """None when the inserted lines are not whole statements."""
    try:
        statements = ast.parse(code).body
    except (SyntaxError, ValueError):
        return None
    names = set()
    for node in ast.walk(ast.Module(body=statements, type_ignores=[])):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    from_modules = {f"{'.' * node.level}{node.module or ''}" for node in statements if isinstance(node, ast.ImportFrom)}
    only_imports = all(isinstance(statement, (ast.Import, ast.ImportFrom)) for statement in statements)
    return _Inserted(frozenset(names), frozenset(from_modules), only_imports)


def _conflict(first: Edit, second: Edit) -> bool:
    """True when two edits cannot both be made in one round. Line insertions at one point can, unless they
    bind the same name (two fixes naming different constants alike, or one value twice, which is better kept
    apart: the second waits a round and picks a free name) or import from the same module (the second then
    joins the first's import line). The same import, or a blank line, is made once."""
    if not first.range.overlaps(second.range):
        return False
    if not (_is_line_insertion(first) and _is_line_insertion(second)):
        return first != second
    one, other = _inserted(first.content), _inserted(second.content)
    if one is None or other is None:
        return True
    if first == second:
        return not one.only_imports
    return bool(one.names & other.names or one.from_modules & other.from_modules)


def choose_fixes(fixes: Iterable[Fix]) -> List[Fix]:
    """A set of fixes whose edits do not overlap, in document order; the rest wait for the next round."""
    chosen: List[Fix] = []
    taken: List[Edit] = []
    for fix in sorted(fixes, key=lambda fix: min((edit.range.start for edit in fix.edits), default=None) or 0):
        edits = list(fix.edits)
        if any(_conflict(candidate, existing) for candidate in edits for existing in taken):
            continue
        if any(_conflict(first, second) for i, first in enumerate(edits) for second in edits[i + 1 :]):
            continue
        chosen.append(fix)
        taken.extend(edits)
    return chosen


@dataclass
class FixOutcome:
    text: str
    applied: int = 0
    # Every fix applied, in the order of the rounds and of the document (`--show-fixes` lists them).
    applied_fixes: List[AppliedFix] = field(default_factory=list)
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
    rule_set: RuleSet,
    safeties: Collection[FixSafety] = BULK_SAFETIES,
    min_priority: Priority = Priority.OBSERVED,
    codes: Optional[Collection[str]] = None,
    choose: Callable[[Violation], Optional[Fix]] = lambda violation: violation.fix,
    first: Optional[LintResult] = None,
) -> FixOutcome:
    """Apply every fix of the allowed safeties (optionally only for `codes`), re-linting after each round
    until nothing changes; never returns code that does not parse. `first` is a lint of `source` with the
    same settings, when the caller has one: the first round's. Raises budget.OverBudget when the file's time
    budget runs out (see budget.py)."""
    outcome = FixOutcome(source.text)
    current = source
    for round_number in range(1, MAX_FIX_ROUNDS + 1):
        budget.check()
        if round_number == 1 and first is not None:
            result = first
        else:
            result = lint(current, settings, rule_set, min_priority)
        outcome.remaining = result.violations
        if result.syntax_error is not None:
            break
        candidates = []
        codes_of: Dict[Fix, List[str]] = {}
        for violation in result.violations:
            if codes is not None and violation.code not in codes:
                continue
            fix = choose(violation)
            if fix is not None and fix.safety in safeties:
                candidates.append(fix)
                codes_of.setdefault(fix, []).append(violation.code)
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
        outcome.applied_fixes.extend(AppliedFix(codes_of[fix].pop(0), fix.title) for fix in fixes)
        outcome.rounds = round_number
        current = SourceFile(new_text, source.path)
        outcome.text = new_text
    return outcome


def apply_single_fix(source: SourceFile, fix: Fix) -> str:
    return apply_edits(source, fix.edits)


def first_fixes(violations: Sequence[Violation]) -> List[Fix]:
    return [violation.fix for violation in violations if violation.fix is not None]
