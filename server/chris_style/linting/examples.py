"""Running a rule's embedded VALID/INVALID examples; used by the test suite and the docs generator."""

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import List, Optional, Type

import libcst as cst

from chris_style.config.keys import apply_overrides
from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits, choose_fixes
from chris_style.linting.registry import RuleSet
from chris_style.linting.rule import Example, FixSafety, Invalid, Rule, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile


@dataclass
class ExampleOutcome:
    violations: List[Violation]
    fixed: Optional[str]
    # The safety of each primary fix applied to make `fixed`, in the order of the violations.
    fix_safeties: List[FixSafety]
    # The codes of the rules that raised on the example (their findings are lost).
    failed_codes: List[str]


def example_settings(example: Example, rule_set: RuleSet) -> Settings:
    """The example's `[tool.chris-style]` keys over the defaults, validated against the rules of `rule_set`."""
    origin = f"example settings {dict(example.settings)!r}"
    return apply_overrides(Settings(), example.settings, origin, rule_set.vocabulary)


def run_example(rule: Type[Rule], example: Example, rule_set: RuleSet) -> ExampleOutcome:
    """Lint the example with every rule of `rule_set` and, for an INVALID one with `fixed`, apply each reported
    primary fix of `rule`."""
    source = SourceFile(example.code, PurePosixPath(example.path))
    result = lint(source, example_settings(example, rule_set), rule_set)
    violations = [violation for violation in result.violations if violation.code == rule.code]
    fixed = None
    safeties: List[FixSafety] = []
    if isinstance(example, Invalid) and example.fixed is not None:
        fixes = choose_fixes(violation.fix for violation in violations if violation.fix is not None)
        fixed = apply_edits(source, (edit for fix in fixes for edit in fix.edits))
        safeties = [fix.safety for fix in fixes]
    return ExampleOutcome(violations, fixed, safeties, [failure.code for failure in result.failures])


def parses(code: str) -> bool:
    try:
        cst.parse_module(code)
    except cst.ParserSyntaxError:
        return False
    return True
