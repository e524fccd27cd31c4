"""The rule registry: every rule class, by code. One module per guide section; see rule-catalog.md."""

import importlib
from types import ModuleType
from typing import Dict, List, Type

from chris_style.linting.rule import Rule

# One module per guide section, plus the linter's own diagnostics.
RULE_MODULES = (
    "linter", "organization", "types", "documentation", "errors", "testing", "idioms", "dependencies",
    "design", "data", "concurrency", "api", "meta",
)


def _rules_of(module: ModuleType) -> List[Type[Rule]]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and "code" in vars(value)
    ]


def _collect() -> List[Type[Rule]]:
    collected: List[Type[Rule]] = []
    for name in RULE_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            continue
        collected.extend(_rules_of(module))
    return sorted(collected, key=lambda rule: (len(rule.code), rule.code))


ALL_RULES: List[Type[Rule]] = _collect()
RULES_BY_CODE: Dict[str, Type[Rule]] = {rule.code: rule for rule in ALL_RULES}
