"""`--output-format pylint`: Pylint's `parseable` lines, `path:line: [CODE(name), ] [PRIORITY] message`, which CI
plugins that read Pylint (Jenkins' Warnings, SonarQube's import) understand."""

import logging
from typing import Sequence

from chris_style.cli.jobs import FileReport
from chris_style.linting.catalog import RuleCatalog

logger = logging.getLogger(__name__)


def format_pylint(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    return "\n".join(
        f"{report.display_path}:{violation.range.start.line + 1}: [{violation.code}({violation.name}), ] "
        f"[{violation.priority.name}] {violation.message}"
        for report in reports
        for violation in report.violations
    )
