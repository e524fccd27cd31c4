"""The docs pages of the rules are generated from the rule classes and must be committed up to date."""

from chris_style.rule_docs import generated_pages
from chris_style.rules import REGISTRY
from tests.conftest import REPOSITORY_ROOT

RULE_DOCS = REPOSITORY_ROOT / "docs" / "rules"


def test_WHEN_rule_docs_generated_THEN_committed_pages_match() -> None:
    expected = generated_pages(list(REGISTRY))
    actual = {path.name: path.read_bytes().decode("utf-8") for path in RULE_DOCS.glob("*.md")}
    stale = sorted(name for name in set(expected) | set(actual) if expected.get(name) != actual.get(name))
    assert [] == stale, "run: python -m chris_style.rule_docs docs/rules"


def test_WHEN_readme_read_THEN_quick_start_has_exactly_two_commands() -> None:
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert 2 == len(commands)
