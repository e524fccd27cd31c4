"""Violation -> Diagnostic: severity by priority and overrides, docs links, tags, message and data."""

from typing import Dict

import pytest
from lsprotocol import types

from chris_style.config.editor import EditorSettings
from chris_style.config.keys import apply_overrides
from chris_style.config.settings import ConfigError, Settings
from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile, TextRange
from chris_style.lsp.diagnostics import rule_url, severity_for, to_diagnostic
from chris_style.lsp.documents import Document, Linted
from chris_style.lsp.hover import hover
from chris_style.lsp.settings import DocumentSettings
from chris_style.rules import REGISTRY
from tests.lsp.harness import MISSING_PARAMETER, MISSING_RETURN

RANGE = TextRange.of(0, 4, 0, 7)


def violation(code: str, priority: Priority) -> Violation:
    return Violation(code, "some-rule", priority, Guideline.TYPE_HINTS_USAGE, "Something is off", RANGE)


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        (Priority.CRITICAL, types.DiagnosticSeverity.Warning),
        (Priority.PREFERRED, types.DiagnosticSeverity.Information),
        (Priority.OBSERVED, types.DiagnosticSeverity.Hint),
    ],
)
def test_WHEN_no_severity_configured_THEN_priority_decides(
    priority: Priority, expected: types.DiagnosticSeverity
) -> None:
    assert expected == severity_for(violation(MISSING_PARAMETER, priority), {})


def test_WHEN_code_and_its_priority_both_configured_THEN_code_wins() -> None:
    overrides: Dict[str, str] = {"CRITICAL": "error", MISSING_PARAMETER: "hint"}
    codes = (MISSING_PARAMETER, MISSING_RETURN)
    actual = [severity_for(violation(code, Priority.CRITICAL), overrides) for code in codes]
    assert [types.DiagnosticSeverity.Hint, types.DiagnosticSeverity.Error] == actual


def test_WHEN_syntax_error_THEN_error_whatever_the_settings() -> None:
    assert types.DiagnosticSeverity.Error == severity_for(violation("CS000", Priority.CRITICAL), {"CS000": "hint"})


def test_WHEN_docs_url_has_trailing_slash_THEN_rule_link_has_one_slash() -> None:
    assert "https://example.com/docs/rules/CS201.md" == rule_url("https://example.com/docs/", MISSING_PARAMETER)


def test_WHEN_docs_url_configured_THEN_diagnostic_links_to_rule_page() -> None:
    diagnostic = to_diagnostic(violation(MISSING_PARAMETER, Priority.CRITICAL), ["def run(command):"], "utf-16",
                               Settings(docs_url="https://example.com/docs"), {})
    expected = ("[CRITICAL] Something is off", "https://example.com/docs/rules/CS201.md", None)
    assert expected == (diagnostic.message, diagnostic.code_description.href, diagnostic.tags)


def test_WHEN_docs_url_holds_characters_that_end_a_link_THEN_they_are_percent_encoded() -> None:
    url = rule_url('https://example.com/a b<c>"d\n', MISSING_PARAMETER)
    assert "https://example.com/a%20b%3Cc%3E%22d%0A/rules/CS201.md" == url


def test_WHEN_hover_links_a_rule_page_THEN_the_destination_cannot_end_the_markdown_link() -> None:
    document = Document("file:///m.py", None, "python", "def run(command: str):\n    return None\n", 1)
    source = SourceFile(document.text)
    settings = DocumentSettings(Settings(docs_url="https://example.com/x)[y](https://evil.example"), EditorSettings())
    result = lint(source, settings.engine, REGISTRY)
    document.linted = Linted(1, 0, source, settings, result, [], 0.0)
    shown = hover(document, types.Position(0, 4), "utf-16", REGISTRY)
    assert "[Documentation of CS202](<https://example.com/x)[y](https://evil.example/rules/CS202.md>)" == (
        shown.contents.value.rsplit("\n\n", 1)[-1] if shown is not None else None
    )


@pytest.mark.parametrize("value", ["javascript:alert(1)", "docs/rules", "https://example.com/a b", "ftp://x/y",
                                   "https://example.com/<script>", 42])
def test_WHEN_docs_url_is_not_an_http_url_THEN_config_error_names_the_key(value: object) -> None:
    with pytest.raises(ConfigError, match="`docs-url` must be an http"):
        apply_overrides(Settings(), {"docs-url": value}, "pyproject.toml", REGISTRY.vocabulary)
