"""`--output-format github`: GitHub Actions workflow commands, one annotation per diagnostic."""

from typing import Dict, List, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.guide import Priority
from chris_style.linting.catalog import RuleCatalog

LEVELS: Dict[Priority, str] = {Priority.CRITICAL: "error", Priority.PREFERRED: "warning", Priority.OBSERVED: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    """One `::error`/`::warning`/`::notice` line per diagnostic, escaped as the workflow-command syntax asks."""
    lines: List[str] = []
    for report in reports:
        for violation in report.violations:
            start, end = violation.range.start, violation.range.end
            properties = ",".join(
                [
                    f"file={_escape_property(report.display_path)}",
                    f"line={start.line + 1}",
                    f"col={start.column + 1}",
                    f"endLine={end.line + 1}",
                    f"endColumn={end.column + 1}",
                    f"title={_escape_property(f'{violation.code} [{violation.priority.name}] {violation.name}')}",
                ]
            )
            message = _escape_data(f"{violation.code} [{violation.priority.name}] {violation.message}")
            lines.append(f"::{LEVELS[violation.priority]} {properties}::{message}")
    return "\n".join(lines)
