"""`--output-format json`: a list of objects, one per diagnostic, 1-based lines and code-point columns."""

import json
from typing import Any, Dict, List, Optional, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.linting.catalog import RuleCatalog
from chris_style.linting.findings import Edit, Fix, Violation

# SARIF's names for a finding a baseline does not record, and for one it does.
BASELINE_NEW = "new"
BASELINE_UNCHANGED = "unchanged"


def edit_to_dict(edit: Edit) -> Dict[str, Any]:
    return {
        "line": edit.range.start.line + 1,
        "column": edit.range.start.column + 1,
        "end_line": edit.range.end.line + 1,
        "end_column": edit.range.end.column + 1,
        "content": edit.content,
    }


def fix_to_dict(fix: Optional[Fix]) -> Optional[Dict[str, Any]]:
    if fix is None:
        return None
    return {"title": fix.title, "safety": fix.safety.value, "edits": [edit_to_dict(edit) for edit in fix.edits]}


def violation_to_dict(violation: Violation, path: str) -> Dict[str, Any]:
    return {
        "code": violation.code,
        "name": violation.name,
        "priority": violation.priority.name,
        "section": violation.section.title,
        "guideline": violation.guideline.title,
        "message": violation.message,
        "path": path,
        "line": violation.range.start.line + 1,
        "column": violation.range.start.column + 1,
        "end_line": violation.range.end.line + 1,
        "end_column": violation.range.end.column + 1,
        "fix": fix_to_dict(violation.fix),
    }


def format_json(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    """Every finding. With a baseline in use, the ones it records are listed too, and each item says which it is:
    `"baseline": "new"` (reported, counted in the exit status) or `"unchanged"` (recorded in the baseline)."""
    items: List[Dict[str, Any]] = []
    for report in reports:
        for violation in report.violations:
            item = violation_to_dict(violation, report.display_path)
            if report.baselined is not None:
                item["baseline"] = BASELINE_NEW
            items.append(item)
        for violation in report.baselined or ():
            items.append({**violation_to_dict(violation, report.display_path), "baseline": BASELINE_UNCHANGED})
    return json.dumps(items, indent=2, ensure_ascii=False)
