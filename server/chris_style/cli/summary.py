"""The closing lines of `check` and `fix`: what was found or fixed, what `fix` (and `--unsafe-fixes`) could still
repair, and how many files could not be read, so that a count never hides a file that was not checked."""

import logging
from dataclasses import dataclass
from typing import Dict, Sequence

import click

from chris_style.cli.jobs import FileReport
from chris_style.guide import Priority
from chris_style.linting.findings import FixSafety

logger = logging.getLogger(__name__)


@dataclass
class FixCounts:
    """Findings whose primary fix `chris-style fix` applies (safe), or applies with `--unsafe-fixes` (unsafe)."""

    safe: int = 0
    unsafe: int = 0


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`1 file`, `2 files`; `nouns` for a plural that is not the noun and an s (`fixes`)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def fix_counts(reports: Sequence[FileReport]) -> FixCounts:
    """How many findings `fix` repairs by itself, and how many more with `--unsafe-fixes`."""
    counts = FixCounts()
    for report in reports:
        for violation in report.violations:
            fix = violation.fix
            if fix is not None and fix.safety is FixSafety.SAFE:
                counts.safe += 1
            elif fix is not None and fix.safety is FixSafety.UNSAFE:
                counts.unsafe += 1
    return counts


def count_by_priority(reports: Sequence[FileReport]) -> Dict[Priority, int]:
    counts = {priority: 0 for priority in sorted(Priority, reverse=True)}
    for report in reports:
        for violation in report.violations:
            counts[violation.priority] += 1
    return counts


def unreadable_note(reports: Sequence[FileReport]) -> str:
    """` 1 file could not be read.`, or empty when every file was read."""
    unreadable = sum(1 for report in reports if report.error)
    return f" {plural(unreadable, 'file')} could not be read (named above)." if unreadable else ""


def unsafe_note(unsafe: int) -> str:
    """What Ruff says too: fixes that only `--unsafe-fixes` applies are counted, never hidden."""
    return f"{plural(unsafe, 'more fix', 'more fixes')} available with `--unsafe-fixes`" if unsafe else ""


def check_summary(reports: Sequence[FileReport]) -> str:
    """The closing line of `check`: the total, the count per priority, how many `fix` can repair (and how many
    more with `--unsafe-fixes`), and the files that could not be read."""
    counts = count_by_priority(reports)
    total = sum(counts.values())
    unreadable = unreadable_note(reports)
    if total == 0:
        if unreadable:
            return f"No diagnostics in the files that were read.{unreadable}"
        return click.style("All checks passed.", fg="green")
    parts = ", ".join(f"{count} {priority.name}" for priority, count in counts.items() if count)
    summary = f"Found {plural(total, 'diagnostic')} ({parts})."
    fixes = fix_counts(reports)
    if fixes.safe:
        summary += f" {fixes.safe} fixable with `chris-style fix`"
        summary += f" ({unsafe_note(fixes.unsafe)})." if fixes.unsafe else "."
    elif fixes.unsafe:
        summary += f" No safe fixes ({unsafe_note(fixes.unsafe)})."
    return summary + unreadable


def fix_summary(reports: Sequence[FileReport], unsafe_fixes: bool) -> str:
    """`Fixed 3 issues in 2 files; 5 remaining (2 more fixes available with `--unsafe-fixes`).`"""
    applied = sum(report.fixes_applied for report in reports)
    files = sum(1 for report in reports if report.fixes_applied)
    remaining = sum(len(report.violations) for report in reports)
    unsafe = 0 if unsafe_fixes else fix_counts(reports).unsafe
    note = f" ({unsafe_note(unsafe)})" if unsafe else ""
    return f"Fixed {plural(applied, 'issue')} in {plural(files, 'file')}; {remaining} remaining{note}.{unreadable_note(reports)}"


def diff_summary(reports: Sequence[FileReport], unsafe_fixes: bool) -> str:
    """`Would fix 3 issues in 2 files.` after `fix --diff`, with the same notes as fix_summary."""
    applied = sum(report.fixes_applied for report in reports)
    files = sum(1 for report in reports if report.fixed_text is not None and report.fixed_text != report.original_text)
    unsafe = 0 if unsafe_fixes else fix_counts(reports).unsafe
    note = f" ({unsafe_note(unsafe)})" if unsafe else ""
    return f"Would fix {plural(applied, 'issue')} in {plural(files, 'file')}{note}.{unreadable_note(reports)}"
