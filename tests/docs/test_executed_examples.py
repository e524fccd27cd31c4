"""Every code example a rule's documentation shows (its docs page, `explain`, the editor hover) is one of the rule's
VALID/INVALID examples, which tests/rules/test_rule_examples.py runs: nothing un-executed is shown as reported or
not reported. The guideline's own text, quoted from the style guide, is the guide's and is left out here."""

import re
from typing import List, Set, Type

import pytest

from chris_style.linting.rule import Invalid, Rule
from chris_style.rule_docs import hover_markdown, rule_markdown
from chris_style.rules import REGISTRY
from tests.conftest import run_cli

# A fenced Python block at the start of a line; blocks inside the guideline's quote start with "> ".
CODE_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def _shown_code(markdown: str) -> List[str]:
    return [block.rstrip("\n") for block in CODE_BLOCK.findall(markdown)]


def _executed_code(rule: Type[Rule]) -> Set[str]:
    codes = {example.code.rstrip("\n") for example in rule.examples()}
    codes |= {example.fixed.rstrip("\n") for example in rule.examples() if isinstance(example, Invalid) and example.fixed}
    return codes


@pytest.mark.parametrize("rule", list(REGISTRY), ids=[rule.code for rule in REGISTRY])
def test_WHEN_rule_page_and_hover_rendered_THEN_every_example_is_an_executed_one(rule: Type[Rule]) -> None:
    shown = _shown_code(rule_markdown(rule)) + _shown_code(hover_markdown(rule))
    assert [] == [code for code in shown if code not in _executed_code(rule)]


def test_WHEN_explain_printed_THEN_it_is_the_rule_page() -> None:
    rule = REGISTRY.get("CS202")
    assert rule_markdown(rule) == run_cli("explain", "CS202").stdout


def test_WHEN_valid_example_runs_in_a_test_file_THEN_page_says_so() -> None:
    page = rule_markdown(REGISTRY.get("CS202"))
    assert True == ("In a test file, `tests/conftest.py`:\n\n```python\ndef helper():\n    pass\n```" in page)
