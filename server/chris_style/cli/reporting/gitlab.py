"""`--output-format gitlab`: a GitLab Code Quality report (a subset of the Code Climate issue format), shown in
merge requests: a JSON list of issues with `description`, `check_name`, `fingerprint`, `severity` and
`location` (`path`, `lines.begin`, `lines.end`).

The fingerprint leaves the line out, so a finding keeps its identity when lines are added above it: it hashes
the path, the code, the message and which occurrence of those three it is."""

import hashlib
import json
import logging
from typing import Any, Dict, List, Sequence, Tuple

from chris_style.cli.jobs import FileReport
from chris_style.guide import Priority
from chris_style.linting.catalog import RuleCatalog

logger = logging.getLogger(__name__)

# GitLab's severities are info, minor, major, critical and blocker.
SEVERITIES: Dict[Priority, str] = {Priority.CRITICAL: "critical", Priority.PREFERRED: "minor", Priority.OBSERVED: "info"}


def format_gitlab(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    """Every finding as a Code Quality issue, its fingerprint stable while lines move (see the module)."""
    issues: List[Dict[str, Any]] = []
    occurrences: Dict[Tuple[str, str, str], int] = {}
    for report in reports:
        for violation in report.violations:
            identity = (report.display_path, violation.code, violation.message)
            occurrence = occurrences[identity] = occurrences.get(identity, 0) + 1
            fingerprint = hashlib.sha256("\0".join((*identity, str(occurrence))).encode("utf-8")).hexdigest()
            issues.append(
                {
                    "type": "issue",
                    "description": f"{violation.code} [{violation.priority.name}] {violation.message}",
                    "check_name": violation.code,
                    "fingerprint": fingerprint,
                    "severity": SEVERITIES[violation.priority],
                    "location": {
                        "path": report.display_path,
                        "lines": {"begin": violation.range.start.line + 1, "end": violation.range.end.line + 1},
                    },
                }
            )
    return json.dumps(issues, indent=2, ensure_ascii=False)
