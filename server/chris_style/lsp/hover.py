"""Hover: a rule's documentation over one of its diagnostics, or over its code in `# noqa:` / `# DEVIATION(…)`."""

from typing import Iterator, List, Optional, Tuple, Type

from lsprotocol import types

from chris_style.linting.registry import RuleSet
from chris_style.linting.rule import Rule
from chris_style.linting.source import Position, TextRange
from chris_style.linting.suppressions import CODE_PATTERN, DEVIATION_PATTERN, NOQA_PATTERN
from chris_style.lsp.diagnostics import rule_url
from chris_style.lsp.documents import Document
from chris_style.lsp.positions import from_client_column, split_lines, to_lsp_range
from chris_style.lsp.server import ChrisStyleServer
from chris_style.rule_docs import hover_markdown

SEPARATOR = "\n\n---\n\n"


def _suppression_codes(line: str) -> Iterator[Tuple[str, int, int]]:
    """(code, start column, end column) of every code named by a `# noqa:` or `# DEVIATION(...)` on the line."""
    for match in NOQA_PATTERN.finditer(line):
        if match.group("codes"):
            for code in CODE_PATTERN.finditer(line, match.start("codes"), match.end("codes")):
                yield code.group().upper(), code.start(), code.end()
    stripped = line.lstrip()
    deviation = DEVIATION_PATTERN.match(stripped)
    if deviation is not None and deviation.group("codes"):
        indent = len(line) - len(stripped)
        for code in CODE_PATTERN.finditer(stripped, deviation.start("codes"), deviation.end("codes")):
            yield code.group().upper(), indent + code.start(), indent + code.end()


def _contains(text_range: TextRange, position: Position) -> bool:
    if text_range.start == text_range.end:
        return position == text_range.start
    return text_range.start <= position < text_range.end


def hover(
    document: Document, position: types.Position, encoding: str, rule_set: RuleSet, markdown: bool = True
) -> Optional[types.Hover]:
    """The documentation of the rules of `rule_set` under the cursor, or None when there are none."""
    lines = split_lines(document.text)
    line = lines[position.line] if position.line < len(lines) else ""
    point = Position(position.line, from_client_column(line, position.character, encoding))
    rules: List[Type[Rule]] = []
    hover_range: Optional[TextRange] = None
    for code, start, end in _suppression_codes(line):
        rule = rule_set.get(code)
        if start <= point.column <= end and rule is not None:
            rules.append(rule)
            hover_range = TextRange.of(point.line, start, point.line, end)
    linted = document.linted
    if not rules and linted is not None and linted.result is not None:
        for violation in linted.result.violations:
            rule = rule_set.get(violation.code)
            if _contains(violation.range, point) and rule is not None:
                if rule not in rules:
                    rules.append(rule)
                hover_range = violation.range if hover_range is None else hover_range
    if not rules:
        return None
    docs_url = linted.settings.engine.docs_url if linted is not None else None
    sections = []
    for rule in rules:
        url = rule_url(docs_url, rule.code)
        # The destination in angle brackets: the URL's parentheses cannot end the link (rule_url encoded `<>`).
        sections.append(hover_markdown(rule) + (f"\n\n[Documentation of {rule.code}](<{url}>)" if url else ""))
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText, value=SEPARATOR.join(sections)
        ),
        range=to_lsp_range(lines, hover_range, encoding) if hover_range is not None else None,
    )


def on_hover(ls: ChrisStyleServer, params: types.HoverParams) -> Optional[types.Hover]:
    """`textDocument/hover` for an open Python document."""
    document = ls.documents.get(params.text_document.uri)
    if document is None or not document.is_python:
        return None
    return hover(document, params.position, ls.encoding, ls.rule_set, ls.hover_markdown)
