"""`--output-format text`: `path:line:col: CS202 [CRITICAL] message`, a closing count, colour on terminals."""

from typing import Dict, List, Sequence

import click

from chris_style.cli.jobs import FileReport
from chris_style.guide import Priority
from chris_style.linting.rule import Violation

PRIORITY_COLOURS: Dict[Priority, str] = {
    Priority.CRITICAL: "red",
    Priority.PREFERRED: "yellow",
    Priority.OBSERVED: "cyan",
}


def format_violation(display_path: str, violation: Violation) -> str:
    start = violation.range.start
    location = click.style(f"{display_path}:{start.line + 1}:{start.column + 1}:", bold=True)
    code = click.style(violation.code, fg=PRIORITY_COLOURS[violation.priority], bold=True)
    priority = click.style(f"[{violation.priority.name}]", fg=PRIORITY_COLOURS[violation.priority])
    return f"{location} {code} {priority} {violation.message}"


def format_report_lines(report: FileReport) -> List[str]:
    return [format_violation(report.display_path, violation) for violation in report.violations]


def format_summary(counts: Dict[Priority, int], fixable: int) -> str:
    """The closing line: the total, the count per priority, and how many `fix` can repair."""
    total = sum(counts.values())
    if total == 0:
        return click.style("All checks passed.", fg="green")
    parts = ", ".join(f"{count} {priority.name}" for priority, count in counts.items() if count)
    noun = "diagnostic" if total == 1 else "diagnostics"
    summary = f"Found {total} {noun} ({parts})."
    if fixable:
        summary += f" {fixable} fixable with `chris-style fix`."
    return summary


def format_statistics(reports: Sequence[FileReport]) -> str:
    """One line per rule that fired, most frequent first: count, code, priority, name."""
    counts: Dict[str, int] = {}
    examples: Dict[str, Violation] = {}
    for report in reports:
        for violation in report.violations:
            counts[violation.code] = counts.get(violation.code, 0) + 1
            examples.setdefault(violation.code, violation)
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return "\n".join(
        f"{counts[code]:>6}  {code:<7} [{examples[code].priority.name}] {examples[code].name}" for code in ordered
    )
