"""Output formats of `chris-style check`. Positions become 1-based here."""

from typing import Callable, Dict, Sequence

from chris_style.cli.jobs import FileReport
from chris_style.cli.reporting.github import format_github
from chris_style.cli.reporting.gitlab import format_gitlab
from chris_style.cli.reporting.grouped import format_grouped
from chris_style.cli.reporting.json_format import format_json
from chris_style.cli.reporting.json_lines import format_json_lines
from chris_style.cli.reporting.junit import format_junit
from chris_style.cli.reporting.pylint import format_pylint
from chris_style.cli.reporting.rdjson import format_rdjson
from chris_style.cli.reporting.sarif import format_sarif
from chris_style.linting.catalog import RuleCatalog

# Every formatter is handed the rules the run used: their catalog, or the rule set itself for the formats that
# describe every rule with its documentation (RULE_DOCUMENTING_FORMATS), for which the rules are loaded.
Formatter = Callable[[Sequence[FileReport], RuleCatalog], str]
RULE_DOCUMENTING_FORMATS = frozenset({"sarif"})

# Formats rendered from the whole run at once; `text` streams (see text.py).
DOCUMENT_FORMATTERS: Dict[str, Formatter] = {
    "json": format_json,
    "json-lines": format_json_lines,
    "sarif": format_sarif,
    "github": format_github,
    "gitlab": format_gitlab,
    "junit": format_junit,
    "rdjson": format_rdjson,
    "grouped": format_grouped,
    "pylint": format_pylint,
}
OUTPUT_FORMATS = ("text", *DOCUMENT_FORMATTERS)
# What each format is for: the `--output-format` help and docs/cli.md.
FORMAT_DESCRIPTIONS: Dict[str, str] = {
    "text": "`path:line:col: CODE [PRIORITY] message` lines and a closing count (colour on a terminal)",
    "json": "a JSON list of findings with their fixes",
    "json-lines": "one JSON object per line and finding (the fields of `json`)",
    "sarif": "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
    "github": "GitHub Actions workflow commands: annotations on the pull request",
    "gitlab": "a GitLab Code Quality report (merge request widget)",
    "junit": "JUnit XML: one test suite per file, a failed test case per finding",
    "rdjson": "reviewdog's Diagnostic Format, safe fixes as suggestions",
    "grouped": "findings grouped under their file, fix marks as `--statistics`",
    "pylint": "Pylint's parseable `path:line: [CODE(name), ] message` lines",
}
