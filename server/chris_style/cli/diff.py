"""`fix --diff`: one patch for every file a fix would change, which `git apply` and `patch -p1` accept."""

import difflib
import logging
from typing import Iterable, List

from chris_style.cli.jobs import FileReport
from chris_style.linting.source import split_lines

logger = logging.getLogger(__name__)

# What `diff` and git write after a line that has no line break, so the next line of the patch starts a line.
NO_NEWLINE_MARKER = "\\ No newline at end of file"


def file_patch(report: FileReport) -> str:
    """The unified diff of one file's fixes (empty when nothing changes), paths as `a/<path>` and `b/<path>`. Lines
    are split at the line breaks Python counts (CRLF, LF, CR) only, never at a form feed or U+2028 inside a line."""
    original, fixed = report.original_text, report.fixed_text
    if original is None or fixed is None or original == fixed:
        return ""
    lines: List[str] = []
    path = report.display_path
    diff = difflib.unified_diff(split_lines(original), split_lines(fixed), fromfile=f"a/{path}", tofile=f"b/{path}")
    for line in diff:
        if line.endswith("\n"):
            lines.append(line)
        else:
            # The last line of a file without a final line break: terminate it in the patch and say so.
            lines.append(f"{line}\n{NO_NEWLINE_MARKER}\n")
    return "".join(lines)


def patch(reports: Iterable[FileReport]) -> str:
    """The patches of every report, one after the other."""
    return "".join(file_patch(report) for report in reports)
