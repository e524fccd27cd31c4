"""Output formats of `chris-style check`: text, json, sarif, github. Positions become 1-based here."""

from typing import Callable, Dict, Sequence

from chris_style.checking import FileReport
from chris_style.reporting.github import format_github
from chris_style.reporting.json_format import format_json
from chris_style.reporting.sarif import format_sarif

Formatter = Callable[[Sequence[FileReport]], str]

# Machine-readable formats render the whole run at once; `text` streams (see text.py).
DOCUMENT_FORMATTERS: Dict[str, Formatter] = {"json": format_json, "sarif": format_sarif, "github": format_github}
OUTPUT_FORMATS = ("text", *DOCUMENT_FORMATTERS)
