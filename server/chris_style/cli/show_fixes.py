"""`--show-fixes`: what `fix` applied, per file and code; or, after `check`, what a fix would do for each finding
that has one, and whether `fix` applies it by itself or only with `--unsafe-fixes`."""

import logging
from collections import Counter
from typing import List, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.cli.summary import plural
from chris_style.linting.catalog import RuleCatalog
from chris_style.linting.findings import FixSafety

logger = logging.getLogger(__name__)

# How each safety is applied, after the fix's title.
APPLIED_BY = {FixSafety.SAFE: "safe: `fix` applies it", FixSafety.UNSAFE: "unsafe: only with `--unsafe-fixes`"}


def applied_fixes_listing(reports: Sequence[FileReport], rule_set: RuleCatalog, would: bool = False) -> str:
    """`Applied 3 fixes:` (`Would apply` with `--diff` or standard input) then each changed file and, under it,
    `2 × CS202 missing-return-annotation`."""
    total = sum(report.fixes_applied for report in reports)
    verb = "Would apply" if would else "Applied"
    if not total:
        return f"{verb} no fixes."
    lines = [f"{verb} {plural(total, 'fix', 'fixes')}:"]
    for report in reports:
        if not report.applied_fixes:
            continue
        lines.append(f"  {report.display_path}:")
        counts = Counter(applied.code for applied in report.applied_fixes)
        for code, count in sorted(counts.items(), key=lambda item: (len(item[0]), item[0])):
            rule = rule_set.get(code)
            lines.append(f"    {count} × {code} {rule.name if rule is not None else ''}".rstrip())
    return "\n".join(lines)


def available_fixes_listing(reports: Sequence[FileReport]) -> str:
    """`Fixes available:` then each file and, under it, `3:5 CS202 Add `-> None` (safe: `fix` applies it)`; the
    editor's suggestions are left out, since `fix` never applies them."""
    lines: List[str] = []
    for report in reports:
        fixable = [v for v in report.violations if v.fix is not None and v.fix.safety in APPLIED_BY]
        if not fixable:
            continue
        lines.append(f"  {report.display_path}:")
        for violation in fixable:
            assert violation.fix is not None
            start = violation.range.start
            how = APPLIED_BY[violation.fix.safety]
            lines.append(f"    {start.line + 1}:{start.column + 1} {violation.code} {violation.fix.title} ({how})")
    if not lines:
        return "No fixes available."
    return "\n".join(["Fixes available:", *lines])
