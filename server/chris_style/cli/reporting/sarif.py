"""`--output-format sarif`: SARIF 2.1.0 with rule metadata and fixes (columns in Unicode code points)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Sequence

from chris_style import __version__
from chris_style.cli.jobs import FileReport
from chris_style.cli.reporting.json_format import BASELINE_NEW, BASELINE_UNCHANGED
from chris_style.guide import Priority
from chris_style.linting.findings import Edit, Violation

if TYPE_CHECKING:
    from chris_style.linting.registry import RuleSet

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS: Dict[Priority, str] = {Priority.CRITICAL: "error", Priority.PREFERRED: "warning", Priority.OBSERVED: "note"}
BASELINE_SUPPRESSION = {"kind": "external", "status": "accepted", "justification": "recorded in the chris-style baseline"}


def _region_json(edit_or_violation: Any) -> Dict[str, int]:
    text_range = edit_or_violation.range
    return {
        "startLine": text_range.start.line + 1,
        "startColumn": text_range.start.column + 1,
        "endLine": text_range.end.line + 1,
        "endColumn": text_range.end.column + 1,
    }


def _rule_descriptor_json(rule: Any) -> Dict[str, Any]:
    from chris_style.rule_docs import rule_description, rule_markdown  # reads the rules' classes: loaded by now

    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule_description(rule)},
        # The rule's page, as `chris-style explain` prints it: code scanning shows it as the rule's help.
        "help": {"text": rule_markdown(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.priority]},
        "properties": {
            "priority": rule.priority.name,
            "section": rule.guideline.section.title,
            "guideline": rule.guideline.title,
            "fixSafety": rule.fix_safety.value if rule.fix_safety else None,
        },
    }


def _replacement_json(edit: Edit) -> Dict[str, Any]:
    return {"deletedRegion": _region_json(edit), "insertedContent": {"text": edit.content}}


def _result_json(violation: Violation, uri: str, rule_index: int) -> Dict[str, Any]:
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region_json(violation)}}
    result: Dict[str, Any] = {
        "ruleId": violation.code,
        "ruleIndex": rule_index,
        "level": LEVELS[violation.priority],
        "message": {"text": f"[{violation.priority.name}] {violation.message}"},
        "locations": [location],
        "properties": {"priority": violation.priority.name},
    }
    if violation.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"{violation.fix.title} ({violation.fix.safety.value})"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [_replacement_json(edit) for edit in violation.fix.edits],
                    }
                ],
            }
        ]
    return result


def format_sarif(reports: Sequence[FileReport], rule_set: "RuleSet") -> str:
    """One run: the rules described, then every finding; with a baseline in use, each says its `baselineState`
    (`new`, or `unchanged` and suppressed for the findings the baseline records)."""
    index = {rule.code: position for position, rule in enumerate(rule_set)}
    results: List[Dict[str, Any]] = []
    for report in reports:
        uri = Path(report.display_path).as_posix()
        for violation in report.violations:
            result = _result_json(violation, uri, index[violation.code])
            if report.baselined is not None:
                result["baselineState"] = BASELINE_NEW
            results.append(result)
        for violation in report.baselined or ():
            result = _result_json(violation, uri, index[violation.code])
            result["baselineState"] = BASELINE_UNCHANGED
            # Recorded in the baseline: viewers that honour suppressions do not raise it as an alert.
            result["suppressions"] = [BASELINE_SUPPRESSION]
            results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "chris-style",
                        "version": __version__,
                        "rules": [_rule_descriptor_json(rule) for rule in rule_set],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
