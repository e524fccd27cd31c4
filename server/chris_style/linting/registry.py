"""A set of rules the engine is handed: every lint, fix and example run names the rules it may run.

The engine discovers nothing by itself (rules/ builds the product's set), so a front end, a test or a plugin
can lint with any set of rules. Every set holds the engine's own diagnostics (own_rules.py).
"""

import logging
from pathlib import PurePath
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Tuple, Type

from chris_style.config.keys import CODE_PREFIX, Vocabulary
from chris_style.config.settings import SELECT_ALL, Settings
from chris_style.guide import Priority
from chris_style.linting.own_rules import ENGINE_RULES
from chris_style.linting.rule import Rule

logger = logging.getLogger(__name__)


def selector_matches(selector: str, rule: Type[Rule]) -> bool:
    """True when a `select`/`ignore` entry (a code or code prefix, a priority, a section or ALL) names the rule.
    Entries are normalized (config/keys.py): a rule's name is its code by then."""
    return (
        selector == SELECT_ALL
        or (selector.startswith(CODE_PREFIX) and rule.code.startswith(selector))
        or selector == rule.priority.name
        or selector == rule.guideline.section.key
    )


def is_rule_enabled(
    rule: Type[Rule], settings: Settings, path: Optional[PurePath], min_priority: Priority = Priority.OBSERVED
) -> bool:
    if rule.priority < min_priority:
        return False
    if not any(selector_matches(selector, rule) for selector in settings.select):
        return False
    ignored = tuple(settings.ignore) + tuple(settings.ignored_for(path))
    return not any(selector_matches(selector, rule) for selector in ignored)


class RuleSet:
    """Rule classes by code, in code order (CS2xx before CS10xx), with the engine's own diagnostics."""

    def __init__(self, rules: Iterable[Type[Rule]]) -> None:
        unique: Dict[str, Type[Rule]] = {}
        for rule in (*ENGINE_RULES, *rules):
            existing = unique.get(rule.code)
            if existing is not None and existing is not rule:
                raise ValueError(f"two rules share the code {rule.code}: {existing.__name__} and {rule.__name__}")
            unique[rule.code] = rule
        ordered = sorted(unique.values(), key=lambda rule: (len(rule.code), rule.code))
        self.rules: Tuple[Type[Rule], ...] = tuple(ordered)
        self.by_code: Dict[str, Type[Rule]] = {rule.code: rule for rule in self.rules}

    def __iter__(self) -> Iterator[Type[Rule]]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def codes(self) -> FrozenSet[str]:
        return frozenset(self.by_code)

    @property
    def vocabulary(self) -> Vocabulary:
        """What `select`, `ignore` and `severity` may name of these rules."""
        return Vocabulary(self.codes, tuple((rule.name, rule.code) for rule in self.rules))

    def get(self, code: str) -> Optional[Type[Rule]]:
        return self.by_code.get(code)

    def with_rules(self, *rules: Type[Rule]) -> "RuleSet":
        """This set and some more rules (a plugin's, a test's)."""
        return RuleSet((*self.rules, *rules))

    def enabled(
        self, settings: Settings, path: Optional[PurePath], min_priority: Priority = Priority.OBSERVED
    ) -> List[Type[Rule]]:
        """The rules the settings select for a file at `path`, at `min_priority` or above."""
        return [rule for rule in self.rules if is_rule_enabled(rule, settings, path, min_priority)]
