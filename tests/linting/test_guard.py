"""Code too deep for the parser is refused with one clear reason instead of crashing or hanging the process;
ordinary code, long data literals and deep-but-sane nesting are linted as usual."""

from pathlib import PurePosixPath
from typing import Optional

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.guard import MAX_NESTING, TOO_DEEP, TOO_MANY_PARENTHESES, refusal
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

# A data literal of the kind test modules hold (one logical line of many thousand characters).
DATA_LITERAL = "EVENT = {\n" + "".join(f'    "key_{index}": [{index}, "value"],\n' for index in range(3000)) + "}\n"
# Nested as deep as the rules can still walk: within the limit, and linted in full.
SANE_NESTING = "x = " + "-" * (MAX_NESTING // 2) + "1\n"


@pytest.mark.parametrize(("code", "expected"), [
    pytest.param("x = a" + ".b" * 10000 + "\n", TOO_DEEP, id="attribute chain (libcst crashed)"),
    pytest.param("x = " + "1+" * 20000 + "1\n", TOO_DEEP, id="long sum (libcst took minutes)"),
    pytest.param("x = (\n" + "    1 +\n" * 20000 + "    1)\n", TOO_DEEP, id="long sum over many lines"),
    pytest.param("x = " + "-" * 5000 + "1\n", TOO_DEEP, id="unary chain"),
    pytest.param("x = " + "[" * 400 + "]" * 400 + "\n", TOO_MANY_PARENTHESES, id="400 nested lists"),
    pytest.param("x = " + "(" * 400 + "1" + ")" * 400 + "\n", TOO_MANY_PARENTHESES, id="400 nested parentheses"),
    pytest.param("def f():\n    return 1\n", None, id="ordinary code"),
    pytest.param(DATA_LITERAL, None, id="long data literal"),
    pytest.param(SANE_NESTING, None, id="sane nesting"),
])
def test_WHEN_code_is_checked_THEN_only_what_is_too_deep_is_refused(code: str, expected: Optional[str]) -> None:
    found = refusal(code)
    assert expected == (found.message if found is not None else None)


def test_WHEN_code_is_too_deep_THEN_the_lint_says_why_and_reports_nothing() -> None:
    result = lint(SourceFile("x = a" + ".b" * 10000 + "\n", PurePosixPath("deep.py")), Settings(), REGISTRY)
    assert ([], TOO_DEEP, []) == (result.violations, result.not_analysed, result.failures)


def test_WHEN_brackets_nest_past_pythons_limit_THEN_syntax_error_at_pythons_place() -> None:
    result = lint(SourceFile("x = " + "[" * 400 + "]" * 400 + "\n"), Settings(), REGISTRY)
    expected = [("CS000", 0, 204, "Syntax error: too many nested parentheses")]
    assert expected == [(v.code, v.range.start.line, v.range.start.column, v.message) for v in result.violations]


def test_WHEN_nesting_is_deep_but_within_the_limit_THEN_every_rule_runs_without_crashing() -> None:
    code = "VALUES = " + "[" * 150 + "]" * 150 + "\n" + SANE_NESTING
    result = lint(SourceFile(code, PurePosixPath("deep.py")), Settings(), REGISTRY)
    assert ([], None) == (result.failures, result.not_analysed)
