"""`check --diff-from REV`: only the findings on lines changed since a git revision (adoption/changed_lines.py)
are reported; the others are counted in the closing line."""

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Set

from chris_style.adoption.changed_lines import changed_lines, touches
from chris_style.cli.jobs import FileReport
from chris_style.cli.summary import plural
from chris_style.linting.findings import Violation

logger = logging.getLogger(__name__)


@dataclass
class ChangedLinesFilter:
    """The changed lines of each file since a revision, and how many findings were left out for being elsewhere."""

    revision: str
    lines: Dict[Path, Set[int]]
    hidden: int = field(default=0)

    @classmethod
    def since(cls, revision: str, directory: Path) -> "ChangedLinesFilter":
        """Ask git; raises GitError outside a repository or for a bad revision."""
        return cls(revision, changed_lines(revision, directory))

    def _on_changed_lines(self, report: FileReport, violations: List[Violation]) -> List[Violation]:
        lines = self.lines.get(report.path.resolve(), set())
        return [v for v in violations if touches(lines, v.range.start.line, v.range.end.line)]

    def apply(self, report: FileReport) -> None:
        """Keep the report's findings (and baselined findings) that are on changed lines."""
        kept = self._on_changed_lines(report, report.violations)
        self.hidden += len(report.violations) - len(kept)
        report.violations = kept
        if report.baselined is not None:
            report.baselined = self._on_changed_lines(report, report.baselined)

    def summary_note(self) -> str:
        if not self.hidden:
            return ""
        return f" {plural(self.hidden, 'finding')} on lines unchanged since {self.revision} not reported."
