"""A rule's documentation as Markdown, from its class: used by `explain`, the docs pages and the editor hover."""

import inspect
from typing import List, Type

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
