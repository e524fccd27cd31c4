"""Output formats of `chris-style check`: text, json, sarif, github. Positions become 1-based here."""

from typing import Callable, Dict, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.cli.reporting.github import format_github
from chris_style.cli.reporting.json_format import format_json
from chris_style.cli.reporting.sarif import format_sarif
from chris_style.linting.registry import RuleSet

# Every formatter is handed the rule set the run used (SARIF describes its rules).
Formatter = Callable[[Sequence[FileReport], RuleSet], str]

# Machine-readable formats render the whole run at once; `text` streams (see text.py).
DOCUMENT_FORMATTERS: Dict[str, Formatter] = {"json": format_json, "sarif": format_sarif, "github": format_github}
OUTPUT_FORMATS = ("text", *DOCUMENT_FORMATTERS)
