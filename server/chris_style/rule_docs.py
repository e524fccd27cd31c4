"""A rule's documentation as Markdown, from its class: used by `explain`, the docs pages and the editor hover."""

import inspect
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Type

from chris_style.linting.rule import Invalid, Rule, Valid



def rule_title(rule: Type[Rule]) -> str:
    return f"{rule.code} {rule.name}"


def rule_facts(rule: Type[Rule]) -> List[str]:
    """One line per fact a user needs before the prose: priority, guideline, files, fix."""
    guideline = rule.guideline
    fix = rule.fix_safety.value if rule.fix_safety is not None else "none"
    facts = [
        f"- **Priority**: {rule.priority.name}",
        f"- **Guideline**: {guideline.title} ({guideline.section.heading}; guideline priority {guideline.priority.name})",
        f"- **Files**: {rule.files.value}",
        f"- **Fix**: {fix}",
    ]
    if rule.priority_note:
        facts.append(f"- **Note on priority**: {rule.priority_note}")
    return facts


def rule_description(rule: Type[Rule]) -> str:
    return inspect.cleandoc(rule.__doc__ or "")


def _code_block(code: str) -> str:
    return "```python\n" + code.rstrip("\n") + "\n```"


def rule_markdown(rule: Type[Rule], include_examples: bool = True) -> str:
    """The rule's whole page: facts, documentation, and its reported and not-reported examples."""
    parts = [f"# {rule_title(rule)}", "\n".join(rule_facts(rule)), rule_description(rule)]
    if include_examples:
        examples = rule.examples()
        invalid = [example for example in examples if isinstance(example, Invalid)]
        valid = [example for example in examples if isinstance(example, Valid)]
        if invalid:
            parts.append("## Reported")
            for example in invalid:
                parts.append(_code_block(example.code))
                if example.fixed is not None:
                    parts.append("Fixed:\n\n" + _code_block(example.fixed))
        if valid:
            parts.append("## Not reported")
            parts.extend(_code_block(example.code) for example in valid)
    return "\n\n".join(parts) + "\n"


def hover_markdown(rule: Type[Rule]) -> str:
    """A shorter text for editor hovers: facts, the documentation, and the first reported example."""
    parts = [f"**{rule_title(rule)}** `[{rule.priority.name}]`", "\n".join(rule_facts(rule)), rule_description(rule)]
    first_invalid = next((example for example in rule.examples() if isinstance(example, Invalid)), None)
    if first_invalid is not None:
        parts.append("Example:\n\n" + _code_block(first_invalid.code))
        if first_invalid.fixed is not None:
            parts.append("Fixed:\n\n" + _code_block(first_invalid.fixed))
    return "\n\n".join(parts)


def rule_index_markdown(rules: Sequence[Type[Rule]]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rule classes by `python -m chris_style.rule_docs docs/rules`; do not edit by hand.",
        "`chris-style rules` lists the same, `chris-style explain CODE` prints a page.",
        "",
        "| Code | Name | Priority | Guideline | Fix |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        fix = rule.fix_safety.value if rule.fix_safety else "—"
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.priority.name} | {rule.guideline.title} | {fix} |"
        )
    return "\n".join(lines) + "\n"


def generated_pages(rules: Sequence[Type[Rule]]) -> Dict[str, str]:
    """File name -> content of every generated docs page."""
    pages = {f"{rule.code}.md": rule_markdown(rule) for rule in rules}
    pages["README.md"] = rule_index_markdown(rules)
    return pages


def write_pages(directory: Path, rules: Sequence[Type[Rule]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    pages = generated_pages(rules)
    for stale in directory.glob("CS*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, content in pages.items():
        (directory / name).write_bytes(content.encode("utf-8"))


if __name__ == "__main__":
    from chris_style.rules import REGISTRY

    write_pages(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules"), list(REGISTRY))
