"""`--output-format grouped`: the findings under their file's path, one `line:col CODE [*] [PRIORITY] message` each
(`[*]` a safe fix, `[-]` one that needs `--unsafe-fixes`), as Ruff's `grouped`."""

import logging
from typing import List, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.cli.reporting.text import fix_mark
from chris_style.linting.catalog import RuleCatalog

logger = logging.getLogger(__name__)


def format_grouped(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    """A block per file with findings: its path, then one indented line per finding; blank lines between."""
    blocks: List[str] = []
    for report in reports:
        if not report.violations:
            continue
        lines = [f"{report.display_path}:"]
        for violation in report.violations:
            start = violation.range.start
            lines.append(
                f"  {start.line + 1}:{start.column + 1} {violation.code} {fix_mark([violation])} "
                f"[{violation.priority.name}] {violation.message}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
