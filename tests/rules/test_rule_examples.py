"""Every rule's embedded VALID/INVALID examples run as tests, so the catalog, docs and code cannot drift."""

from pathlib import PurePosixPath
from typing import List, Tuple, Type

import pytest

from chris_style.linting.examples import example_settings, parses, run_example
from chris_style.linting.rule import Example, Invalid, Rule, Valid
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY


def _cases(kind: type) -> List[Tuple[Type[Rule], Example]]:
    return [(rule, example) for rule in REGISTRY for example in rule.examples() if isinstance(example, kind)]


def _case_id(case: Tuple[Type[Rule], Example]) -> str:
    rule, example = case
    return f"{rule.code}-{rule.examples().index(example)}"


VALID_CASES = _cases(Valid)
INVALID_CASES = _cases(Invalid)
FIXED_CASES = [case for case in INVALID_CASES if case[1].fixed is not None]


@pytest.mark.parametrize("case", VALID_CASES, ids=[_case_id(case) for case in VALID_CASES])
def test_WHEN_valid_example_linted_THEN_rule_reports_nothing(case: Tuple[Type[Rule], Example]) -> None:
    rule, example = case
    actual = run_example(rule, example, REGISTRY).violations
    assert [] == [(v.range.start.line + 1, v.message) for v in actual]


@pytest.mark.parametrize("case", INVALID_CASES, ids=[_case_id(case) for case in INVALID_CASES])
def test_WHEN_invalid_example_linted_THEN_rule_reports_expected_count(case: Tuple[Type[Rule], Example]) -> None:
    rule, example = case
    actual = run_example(rule, example, REGISTRY).violations
    assert example.count == len(actual), [(v.range.start.line + 1, v.message) for v in actual]


@pytest.mark.parametrize("case", FIXED_CASES, ids=[_case_id(case) for case in FIXED_CASES])
def test_WHEN_invalid_example_fixed_THEN_code_matches_parses_and_relints_clean(
    case: Tuple[Type[Rule], Example],
) -> None:
    rule, example = case
    actual_fixed = run_example(rule, example, REGISTRY).fixed
    assert example.fixed == actual_fixed
    assert True == parses(actual_fixed)
    settings = example_settings(example, REGISTRY)
    relinted = lint(SourceFile(actual_fixed, PurePosixPath(example.path)), settings, REGISTRY)
    assert [] == [v.message for v in relinted.violations if v.code == rule.code]


@pytest.mark.parametrize("case", FIXED_CASES, ids=[_case_id(case) for case in FIXED_CASES])
def test_WHEN_invalid_example_fixed_THEN_fix_has_the_example_safety(case: Tuple[Type[Rule], Example]) -> None:
    rule, example = case
    assert isinstance(example, Invalid)
    expected = example.fix_safety or rule.fix_safety
    actual = run_example(rule, example, REGISTRY).fix_safeties
    assert True == bool(actual)
    assert [expected] * len(actual) == actual


ALL_CASES = VALID_CASES + INVALID_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[_case_id(case) for case in ALL_CASES])
def test_WHEN_example_linted_THEN_no_rule_raises(case: Tuple[Type[Rule], Example]) -> None:
    rule, example = case
    assert [] == run_example(rule, example, REGISTRY).failed_codes


def test_WHEN_rules_collected_THEN_every_rule_has_examples_and_docs() -> None:
    missing = [
        rule.code
        for rule in REGISTRY
        if not rule.INVALID or not rule.VALID or not (rule.__doc__ or "").strip() or not rule.message
    ]
    assert [] == missing
