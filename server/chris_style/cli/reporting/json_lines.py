"""`--output-format json-lines`: one JSON object per line and diagnostic, the fields of `json` (json_format.py)."""

import json
import logging
from typing import Sequence

from chris_style.cli.jobs import FileReport
from chris_style.cli.reporting.json_format import violation_to_dict
from chris_style.linting.catalog import RuleCatalog

logger = logging.getLogger(__name__)


def format_json_lines(reports: Sequence[FileReport], rule_set: RuleCatalog) -> str:
    return "\n".join(
        json.dumps(violation_to_dict(violation, report.display_path), ensure_ascii=False)
        for report in reports
        for violation in report.violations
    )
