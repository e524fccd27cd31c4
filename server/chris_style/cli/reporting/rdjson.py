"""`--output-format rdjson`: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`), which comments on pull
requests and turns safe fixes into suggested changes.

Columns are UTF-8 byte counts, as the format defines them (the other formats count code points): each file with
a finding past a non-ASCII character is read once more to convert them."""

import json
import logging
from typing import Any, Dict, List, Optional, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.files import UnreadableFile, decode_source, read_bytes
from chris_style.guide import Priority
from chris_style.linting.catalog import RuleCatalog
from chris_style.linting.findings import FixSafety, Violation
from chris_style.linting.source import Position, split_lines

logger = logging.getLogger(__name__)

SOURCE = {"name": "chris-style"}
SEVERITIES: Dict[Priority, str] = {Priority.CRITICAL: "ERROR", Priority.PREFERRED: "WARNING", Priority.OBSERVED: "INFO"}


def _lines(report: FileReport) -> Optional[List[str]]:
    if report.original_text is not None:
        return split_lines(report.original_text)
    try:
        return split_lines(decode_source(read_bytes(report.path)).text)
    except UnreadableFile:
        return None


class _Columns:
    """Code-point positions as reviewdog's 1-based line and UTF-8 byte column; the file is read on first need."""

    def __init__(self, report: FileReport) -> None:
        self.report = report
        self.lines: Optional[List[str]] = None
        self.read = False

    def position(self, position: Position) -> Dict[str, int]:
        if not self.read:
            self.lines, self.read = _lines(self.report), True
        column = position.column
        if self.lines is not None and position.line < len(self.lines):
            column = len(self.lines[position.line][: position.column].encode("utf-8"))
        return {"line": position.line + 1, "column": column + 1}


def _diagnostic(violation: Violation, path: str, columns: _Columns) -> Dict[str, Any]:
    start, end = violation.range.start, violation.range.end
    diagnostic: Dict[str, Any] = {
        "message": violation.message,
        "location": {"path": path, "range": {"start": columns.position(start), "end": columns.position(end)}},
        "severity": SEVERITIES[violation.priority],
        "source": SOURCE,
        "code": {"value": violation.code},
    }
    fix = violation.fix
    if fix is not None and fix.safety is FixSafety.SAFE:
        diagnostic["suggestions"] = [
            {
                "range": {"start": columns.position(edit.range.start), "end": columns.position(edit.range.end)},
                "text": edit.content,
            }
            for edit in fix.edits
        ]
    return diagnostic


def format_rdjson(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    diagnostics = []
    for report in reports:
        columns = _Columns(report)
        diagnostics.extend(_diagnostic(violation, report.display_path, columns) for violation in report.violations)
    return json.dumps({"source": SOURCE, "diagnostics": diagnostics}, indent=2, ensure_ascii=False)
