"""Violations as LSP diagnostics: range in the client's encoding, severity from the priority, the priority in
the message and in `data`, a link to the rule's page, and the Unnecessary tag for unused suppressions."""

import urllib.parse
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence

from lsprotocol import types

from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.linting.own_codes import SYNTAX_ERROR_CODE, UNUSED_SUPPRESSION_CODE
from chris_style.lsp.action_kinds import SOURCE
from chris_style.lsp.positions import to_lsp_range
from chris_style.lsp.settings import DocumentSettings

if TYPE_CHECKING:
    from chris_style.linting.findings import Violation
    from chris_style.lsp.baselines import BaselineStore
    from chris_style.linting.runner import LintResult
    from chris_style.linting.source import SourceFile


# The characters a URL holds as they are (RFC 3986's reserved and unreserved ones, and `%` of what is already
# encoded); quote() encodes the rest, spaces, angle brackets, quotes and line breaks included.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
DEFAULT_SEVERITIES: Dict[Priority, types.DiagnosticSeverity] = {
    Priority.CRITICAL: types.DiagnosticSeverity.Warning,
    Priority.PREFERRED: types.DiagnosticSeverity.Information,
    Priority.OBSERVED: types.DiagnosticSeverity.Hint,
}
# After the message of a finding the baseline records, when `showBaselined` shows it.
BASELINED_NOTE = "(recorded in the baseline)"
SEVERITIES_BY_NAME: Dict[str, types.DiagnosticSeverity] = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def severity_for(violation: "Violation", overrides: Mapping[str, str]) -> types.DiagnosticSeverity:
    """Error for code that does not parse, whatever the settings say; else the setting for the code, then for
    the priority, then the default for the priority."""
    if violation.code == SYNTAX_ERROR_CODE:
        return types.DiagnosticSeverity.Error
    name = overrides.get(violation.code) or overrides.get(violation.priority.name)
    return SEVERITIES_BY_NAME[name] if name else DEFAULT_SEVERITIES[violation.priority]


def rule_url(docs_url: Optional[str], code: str) -> Optional[str]:
    """The rule's documentation page under `docs-url` (docs/rules/<CODE>.md in this repository), with every
    character a URL may not hold percent-encoded: it goes into an `href` and into Markdown as is."""
    if not docs_url:
        return None
    return urllib.parse.quote(f"{docs_url.rstrip('/')}/rules/{code}.md", safe=URL_SAFE)


# DEVIATION(CS801): returns a dict record
# Reason: this is the diagnostic's JSON `data` field, sent as is; a dataclass would only be converted back.
def diagnostic_data(violation: "Violation") -> Dict[str, Any]:
    """What a client (and later a code action) can read without parsing the message."""
    fix = violation.fix
    return {
        "name": violation.name,
        "priority": violation.priority.name,
        "section": violation.section.title,
        "guideline": violation.guideline.title,
        "fix": {"title": fix.title, "safety": fix.safety.value} if fix is not None else None,
    }


def to_diagnostic(
    violation: "Violation", lines: Sequence[str], encoding: str, settings: Settings, overrides: Mapping[str, str]
) -> types.Diagnostic:
    url = rule_url(settings.docs_url, violation.code)
    return types.Diagnostic(
        range=to_lsp_range(lines, violation.range, encoding),
        message=f"[{violation.priority.name}] {violation.message}",
        severity=severity_for(violation, overrides),
        code=violation.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if violation.code == UNUSED_SUPPRESSION_CODE else None,
        data=diagnostic_data(violation),
    )


def _file_note(message: str) -> types.Diagnostic:
    """One Information diagnostic at the top of the file, about the file as a whole."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        message=message,
        severity=types.DiagnosticSeverity.Information,
        source=SOURCE,
    )


def failure_diagnostic(failure: str) -> types.Diagnostic:
    """What a document shows when linting it raised: the server's own fault, said once at the top."""
    return _file_note(f"chris-style could not check this file ({failure}); the server log has the details")


def not_analysed_diagnostic(reason: str) -> types.Diagnostic:
    """What a document shows when it is not analysed at all (too deeply nested, too large)."""
    return _file_note(f"chris-style did not check this file: {reason}")


def baselined_diagnostic(diagnostic: types.Diagnostic) -> types.Diagnostic:
    """A finding the baseline records, shown with `showBaselined`: a hint that says so."""
    diagnostic.severity = types.DiagnosticSeverity.Hint
    diagnostic.message = f"{diagnostic.message} {BASELINED_NOTE}"
    if isinstance(diagnostic.data, dict):
        diagnostic.data["baselined"] = True
    return diagnostic


def render_diagnostics(
    source: "SourceFile",
    result: Optional["LintResult"],
    settings: DocumentSettings,
    encoding: str,
    baselines: Optional["BaselineStore"] = None,
) -> List[types.Diagnostic]:
    """Every violation of a lint as a diagnostic (none when linting is disabled); those the project's baseline
    records are left out, or shown as hints with `showBaselined`."""
    if result is None:
        return []
    if result.not_analysed is not None:
        return [not_analysed_diagnostic(result.not_analysed)]
    overrides = settings.engine.severity_map()
    lines = source.lines
    shown, baselined = result.violations, []
    if baselines is not None:
        shown, baselined = baselines.split(source, result.violations, settings.engine)
    diagnostics = [to_diagnostic(violation, lines, encoding, settings.engine, overrides) for violation in shown]
    if settings.editor.show_baselined:
        diagnostics += [
            baselined_diagnostic(to_diagnostic(violation, lines, encoding, settings.engine, overrides))
            for violation in baselined
        ]
    return diagnostics
