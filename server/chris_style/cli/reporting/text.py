"""`--output-format text`: `path:line:col: CS202 [CRITICAL] message` (colour on terminals), and `--statistics`."""

from typing import Dict, List, Sequence

import click

from chris_style.cli.jobs import FileReport
from chris_style.guide import Priority
from chris_style.linting.findings import FixSafety, Violation

PRIORITY_COLOURS: Dict[Priority, str] = {
    Priority.CRITICAL: "red",
    Priority.PREFERRED: "yellow",
    Priority.OBSERVED: "cyan",
}

# `--statistics`: which rules `fix` repairs, as Ruff marks them.
FIX_MARKS: Dict[FixSafety, str] = {FixSafety.SAFE: "[*]", FixSafety.UNSAFE: "[-]"}
MARK_LEGEND = "[*] fixable with `chris-style fix`; [-] fixable with `chris-style fix --unsafe-fixes`"


def format_violation(display_path: str, violation: Violation) -> str:
    start = violation.range.start
    location = click.style(f"{display_path}:{start.line + 1}:{start.column + 1}:", bold=True)
    code = click.style(violation.code, fg=PRIORITY_COLOURS[violation.priority], bold=True)
    priority = click.style(f"[{violation.priority.name}]", fg=PRIORITY_COLOURS[violation.priority])
    return f"{location} {code} {priority} {violation.message}"


def format_report_lines(report: FileReport) -> List[str]:
    return [format_violation(report.display_path, violation) for violation in report.violations]


def fix_mark(violations: Sequence[Violation]) -> str:
    """Ruff's marks: `[*]` when some finding has a safe fix, `[-]` when the fixes need `--unsafe-fixes`."""
    safeties = {violation.fix.safety for violation in violations if violation.fix is not None}
    for safety, mark in FIX_MARKS.items():
        if safety in safeties:
            return mark
    return " " * len(FIX_MARKS[FixSafety.SAFE])


def format_statistics(reports: Sequence[FileReport]) -> str:
    """One line per rule that fired, most frequent first: count, code, fix mark, priority, name; then what the
    marks mean when any is shown."""
    by_code: Dict[str, List[Violation]] = {}
    for report in reports:
        for violation in report.violations:
            by_code.setdefault(violation.code, []).append(violation)
    ordered = sorted(by_code, key=lambda code: (-len(by_code[code]), code))
    lines = []
    for code in ordered:
        first = by_code[code][0]
        mark = fix_mark(by_code[code])
        lines.append(f"{len(by_code[code]):>6}  {code:<7} {mark} [{first.priority.name}] {first.name}")
    if any(fix_mark(violations).strip() for violations in by_code.values()):
        lines.append(MARK_LEGEND)
    return "\n".join(lines)
