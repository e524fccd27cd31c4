"""The deviation audit (`chris-style deviations`): every `# noqa`, `# DEVIATION` and `# chris-style: ignore-file`
of a buffer, with the codes it names, its reason, where it is and whether it still silences anything, judged by
a lint of the buffer with every rule its settings select (the guide's protocol made reviewable)."""

import logging
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.linting.registry import RuleSet
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.linting.suppressions import (
    CODE_PATTERN,
    IGNORE_FILE_MAX_LINE,
    IGNORE_FILE_PATTERN,
    OWN_CODE_PREFIX,
    REASON_PATTERN,
    CodeMention,
    Deviation,
    Found,
    Noqa,
    might_have_suppressions,
)

logger = logging.getLogger(__name__)

NOQA = "noqa"
DEVIATION = "deviation"
IGNORE_FILE = "ignore-file"
# What a suppression (or one code it names) does, from the lint of its buffer:
SILENCES = "silences"  # it silenced at least one finding
UNUSED = "unused"  # its rule ran and found nothing there: CS002 reports it, `fix` removes it
NOT_CHECKED = "not checked"  # its rule did not run (not selected, or ignored for the whole file)
OTHER_TOOL = "other tool"  # not a chris-style code (flake8's E501, Ruff's, mypy's)
UNKNOWN_CODE = "unknown code"  # a chris-style code no rule has (a typo, or a rule that is gone)
NO_STATEMENT = "no statement"  # a deviation with no statement below it: it silences nothing
STATES = (SILENCES, UNUSED, NOT_CHECKED, UNKNOWN_CODE, OTHER_TOOL, NO_STATEMENT)
# Characters that separate a `# noqa: CODES` from the reason written after it.
REASON_SEPARATORS = " \t#-—:;"


@dataclass
class CodeUse:
    """One code a suppression names, its rule's priority (None for another tool's code) and what it does."""

    code: str
    priority: Optional[Priority]
    state: str


@dataclass
class AuditEntry:
    """One suppression comment. `line` is 1-based; `codes` is empty for a bare `# noqa`, a `# DEVIATION:`
    without codes or an `ignore-file` of every rule (then `state` says what the whole comment does)."""

    path: str
    line: int
    kind: str
    state: str
    codes: List[CodeUse] = field(default_factory=list)
    # A deviation's "what" (the text after `# DEVIATION(CODES):`).
    what: str = ""
    reason: str = ""


def _use(mention: CodeMention, found: Found, rule_set: RuleSet) -> CodeUse:
    rule = rule_set.get(mention.code)
    if rule is None:
        return CodeUse(mention.code, None, UNKNOWN_CODE if mention.code.startswith(OWN_CODE_PREFIX) else OTHER_TOOL)
    if mention.code not in found.ran_codes:
        return CodeUse(mention.code, rule.priority, NOT_CHECKED)
    return CodeUse(mention.code, rule.priority, SILENCES if mention.used else UNUSED)


def _overall(uses: Sequence[CodeUse]) -> str:
    """What a comment naming several codes does: it silences something if one of them does."""
    states = {use.state for use in uses}
    return next(state for state in STATES if state in states)


def _noqa_reason(line: str, noqa: Noqa) -> str:
    """The text after `# noqa: CODES` (`# noqa: CS605 - a URL`), else the comment before it on the line."""
    after = line[noqa.directive.end.column :].strip(REASON_SEPARATORS)
    if after:
        return after
    before = line[: noqa.directive.start.column]
    comment = before[before.find("#") :] if "#" in before else ""
    return comment.strip(REASON_SEPARATORS)


def _noqa_entry(path: str, source: SourceFile, noqa: Noqa, found: Found, rule_set: RuleSet) -> AuditEntry:
    reason = _noqa_reason(source.line_text(noqa.line), noqa)
    if noqa.codes is None:
        return AuditEntry(path, noqa.line + 1, NOQA, SILENCES if noqa.used else UNUSED, reason=reason)
    uses = [_use(mention, found, rule_set) for mention in noqa.codes]
    return AuditEntry(path, noqa.line + 1, NOQA, _overall(uses), uses, reason=reason)


def _deviation_entry(
    path: str, source: SourceFile, deviation: Deviation, found: Found, rule_set: RuleSet
) -> AuditEntry:
    comment = source.line_text(deviation.comment_line).strip()
    what = comment.split(":", 1)[1].strip() if ":" in comment else ""
    reason = ""
    if deviation.reason_line is not None:
        reason = REASON_PATTERN.sub("", source.line_text(deviation.reason_line).strip(), count=1).strip()
    uses = [_use(mention, found, rule_set) for mention in deviation.codes]
    if deviation.statement is None:
        uses = [CodeUse(use.code, use.priority, NO_STATEMENT) for use in uses]
        state = NO_STATEMENT
    elif uses:
        state = _overall(uses)
    else:
        state = SILENCES if deviation.used else UNUSED
    return AuditEntry(path, deviation.comment_line + 1, DEVIATION, state, uses, what, reason)


def _ignore_file_entry(path: str, source: SourceFile, rule_set: RuleSet) -> Optional[AuditEntry]:
    """`# chris-style: ignore-file[...]`: it skips rules instead of silencing findings, so it is not judged."""
    for number, line in enumerate(source.lines[:IGNORE_FILE_MAX_LINE]):
        match = IGNORE_FILE_PATTERN.search(line)
        if match is None:
            continue
        codes = CODE_PATTERN.findall(match.group("codes") or "")
        uses = []
        for code in (code.upper() for code in codes):
            rule = rule_set.get(code)
            state = NOT_CHECKED if rule else UNKNOWN_CODE if code.startswith(OWN_CODE_PREFIX) else OTHER_TOOL
            uses.append(CodeUse(code, rule.priority if rule else None, state))
        return AuditEntry(path, number + 1, IGNORE_FILE, NOT_CHECKED, uses)
    return None


def audit_source(source: SourceFile, path: str, settings: Settings, rule_set: RuleSet) -> List[AuditEntry]:
    """Every suppression of a buffer, in the order of its lines; a buffer without any is not linted."""
    entries: List[AuditEntry] = []
    ignore_file = _ignore_file_entry(path, source, rule_set)
    if ignore_file is not None:
        entries.append(ignore_file)
    if not might_have_suppressions(source):
        return entries
    found = lint(source, settings, rule_set, Priority.OBSERVED).suppressions_found
    if found is None:
        return entries
    entries.extend(_noqa_entry(path, source, noqa, found, rule_set) for noqa in found.noqas)
    entries.extend(_deviation_entry(path, source, deviation, found, rule_set) for deviation in found.deviations)
    return sorted(entries, key=lambda entry: entry.line)


@dataclass
class CodeSummary:
    """How many suppressions name a code, by what they do."""

    code: str
    priority: Optional[Priority]
    name: str
    states: Dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.states.values())


# The row of suppressions that name no code (a bare `# noqa`, a `# DEVIATION:`, an `ignore-file` of every rule).
ANY_CODE = "(any)"


def summary_by_code(entries: Sequence[AuditEntry], rule_set: RuleSet) -> List[CodeSummary]:
    """One row per code named (and one for suppressions that name none), CRITICAL codes first, then by code."""
    rows: Dict[str, CodeSummary] = {}
    for entry in entries:
        for code, priority, state in [(use.code, use.priority, use.state) for use in entry.codes] or [
            (ANY_CODE, None, entry.state)
        ]:
            rule = rule_set.get(code)
            row = rows.setdefault(code, CodeSummary(code, priority, rule.name if rule is not None else ""))
            row.states[state] = row.states.get(state, 0) + 1
    return sorted(
        rows.values(),
        key=lambda row: (-(row.priority or 0), row.code == ANY_CODE, len(row.code), row.code),
    )
