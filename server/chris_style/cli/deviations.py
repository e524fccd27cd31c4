"""`chris-style deviations`: the audit of every suppression in the files (adoption/audit.py), as text for people,
JSON for scripts, or Markdown for a pull request or a review page; each with a summary by code and priority."""

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from chris_style.adoption.audit import (
    DEVIATION,
    IGNORE_FILE,
    NOQA,
    SILENCES,
    STATES,
    UNUSED,
    AuditEntry,
    CodeSummary,
    CodeUse,
    audit_source,
    summary_by_code,
)
from chris_style.cli.jobs import Job
from chris_style.cli.parallel import map_files
from chris_style.cli.summary import plural
from chris_style.files import UnreadableFile, read_source
from chris_style.guide import Priority
from chris_style.linting.registry import RuleSet
from chris_style.linting.source import SourceFile

logger = logging.getLogger(__name__)

# How each kind of comment is written in the code, for the listings.
KIND_LABELS = {NOQA: "# noqa", DEVIATION: "# DEVIATION", IGNORE_FILE: "# chris-style: ignore-file"}


@dataclass
class FileAudit:
    """A file's suppressions, or why it could not be read."""

    display_path: str
    entries: List[AuditEntry] = field(default_factory=list)
    error: Optional[str] = None


def audit_file(job: Job) -> FileAudit:
    """Read and audit one file (in a worker process)."""
    try:
        text = read_source(job.path).text
    except UnreadableFile as error:
        return FileAudit(job.display_path, error=str(error))
    entries = audit_source(SourceFile(text, job.path), job.display_path, job.settings, job.rule_set)
    return FileAudit(job.display_path, entries)


def audit_files(jobs: Sequence[Job], processes: int) -> List[FileAudit]:
    return list(map_files(audit_file, jobs, processes))


def _priority(priority: Optional[Priority]) -> str:
    return priority.name if priority is not None else "-"


def _codes_text(entry: AuditEntry) -> str:
    if not entry.codes:
        return f"(every code) {entry.state}"
    return ", ".join(f"{use.code} [{_priority(use.priority)}] {use.state}" for use in entry.codes)


def _entry_line(entry: AuditEntry) -> str:
    details = "; ".join(part for part in (entry.what, f"Reason: {entry.reason}" if entry.reason else "") if part)
    line = f"{entry.path}:{entry.line}: {KIND_LABELS[entry.kind]} {_codes_text(entry)}"
    return f"{line} — {details}" if details else line


def _counts(row: CodeSummary) -> str:
    return ", ".join(f"{row.states[state]} {state}" for state in STATES if row.states.get(state))


def _totals(entries: Sequence[AuditEntry]) -> str:
    kinds = Counter(entry.kind for entry in entries)
    files = len({entry.path for entry in entries})
    parts = ", ".join(f"{count} {KIND_LABELS[kind]}" for kind, count in sorted(kinds.items()))
    states = Counter(entry.state for entry in entries)
    line = f"{plural(len(entries), 'suppression')} in {plural(files, 'file')}" + (f" ({parts})" if parts else "")
    line += f": {states[SILENCES]} silence something"
    if states[UNUSED]:
        line += f", {states[UNUSED]} silence nothing (`chris-style fix --select CS002` removes them)"
    others = len(entries) - states[SILENCES] - states[UNUSED]
    not_judged = f", {others} not judged (rule not run, unknown or another tool's code, no statement)" if others else ""
    return line + not_judged + "."


def _by_priority(rows: Sequence[CodeSummary]) -> List[Tuple[str, int, str]]:
    """Per priority: how many code mentions, and what they do."""
    grouped: Dict[str, Counter] = {}
    for row in rows:
        counter = grouped.setdefault(_priority(row.priority), Counter())
        counter.update(row.states)
    order = [priority.name for priority in sorted(Priority, reverse=True)] + ["-"]
    return [
        (name, sum(grouped[name].values()), ", ".join(f"{grouped[name][s]} {s}" for s in STATES if grouped[name][s]))
        for name in order
        if name in grouped
    ]


def format_text(audits: Sequence[FileAudit], rule_set: RuleSet) -> str:
    """One line per suppression, then the counts by code and by priority, then the totals."""
    entries = [entry for audit in audits for entry in audit.entries]
    lines = [_entry_line(entry) for entry in entries]
    rows = summary_by_code(entries, rule_set)
    if rows:
        lines += ["", "By code:"]
        lines += [f"  {row.code:<7} {_priority(row.priority):<9} {row.name:<38} {_counts(row)}" for row in rows]
        lines += ["By priority:"]
        lines += [f"  {name:<9} {total:>5}  ({counts})" for name, total, counts in _by_priority(rows)]
    lines.append(_totals(entries) if entries else "No suppressions.")
    return "\n".join(lines)


def _use_json(use: CodeUse) -> Dict[str, Any]:
    return {"code": use.code, "priority": _priority(use.priority) if use.priority else None, "state": use.state}


def format_json(audits: Sequence[FileAudit], rule_set: RuleSet) -> str:
    """`{"suppressions": [...], "by_code": [...]}`: each suppression with its path, 1-based line, kind, state,
    codes (each with its priority and state), what and reason; each code with its counts by state."""
    entries = [entry for audit in audits for entry in audit.entries]
    document = {
        "suppressions": [
            {
                "path": entry.path,
                "line": entry.line,
                "kind": entry.kind,
                "state": entry.state,
                "codes": [_use_json(use) for use in entry.codes],
                "what": entry.what,
                "reason": entry.reason,
            }
            for entry in entries
        ],
        "by_code": [
            {"code": row.code, "priority": _priority(row.priority) if row.priority else None, "name": row.name,
             "total": row.total, "states": row.states}
            for row in summary_by_code(entries, rule_set)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(audits: Sequence[FileAudit], rule_set: RuleSet) -> str:
    """A review page: the summary tables first, then every suppression."""
    entries = [entry for audit in audits for entry in audit.entries]
    if not entries:
        return "# Suppressions\n\nNo suppressions.\n"
    rows = summary_by_code(entries, rule_set)
    lines = ["# Suppressions", "", _totals(entries), "", "## By code", "", "| Code | Priority | Rule | Suppressions |",
             "|---|---|---|---|"]
    lines += [f"| {row.code} | {_priority(row.priority)} | {row.name} | {_counts(row)} |" for row in rows]
    lines += ["", "## By priority", "", "| Priority | Codes named | What they do |", "|---|---|---|"]
    lines += [f"| {name} | {total} | {counts} |" for name, total, counts in _by_priority(rows)]
    lines += ["", "## Every suppression", "", "| Where | Kind | Codes | Deviation | Reason |", "|---|---|---|---|---|"]
    for entry in entries:
        where = f"`{_cell(entry.path)}:{entry.line}`"
        kind = f"`{KIND_LABELS[entry.kind]}`"
        lines.append(f"| {where} | {kind} | {_cell(_codes_text(entry))} | {_cell(entry.what)} | {_cell(entry.reason)} |")
    return "\n".join(lines) + "\n"


AUDIT_FORMATTERS = {"text": format_text, "json": format_json, "markdown": format_markdown}
