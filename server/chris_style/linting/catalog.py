"""What can be known of a set of rules without loading them: each rule's code, name, priority and guideline, and
which of them a file's settings select.

A RuleSet (registry.py) is such a catalog of the rule classes themselves. A catalog of plain entries holds the
same facts without a rule's code, so it loads neither the rules nor libcst: the command line keeps one beside
its cached results (cli/rule_loading.py), and a run whose files are all cached reads its selectors, resolves its
settings and reports with it alone.
"""

import logging
from dataclasses import dataclass
from pathlib import PurePath
from typing import Dict, FrozenSet, Generic, Iterable, Iterator, List, Optional, Protocol, Sequence, Tuple, TypeVar

from chris_style.config.keys import CODE_PREFIX, Vocabulary
from chris_style.config.settings import SELECT_ALL, Settings
from chris_style.guide import Guideline, Priority

logger = logging.getLogger(__name__)


class DescribedRule(Protocol):
    """What a selector and the settings read of a rule: a rule class, or its catalog entry."""

    code: str
    name: str
    priority: Priority
    guideline: Guideline


# DEVIATION(CS902): frozen value type
# Reason: entries are shared by every file of a run and stored in the result cache as they are.
@dataclass(frozen=True)
class RuleEntry:
    """One rule as a catalog knows it."""

    code: str
    name: str
    priority: Priority
    guideline: Guideline


Described = TypeVar("Described", bound=DescribedRule)


def selector_matches(selector: str, rule: DescribedRule) -> bool:
    """True when a `select`/`ignore` entry (a code or code prefix, a priority, a section or ALL) names the rule.
    Entries are normalized (config/keys.py): a rule's name is its code by then."""
    return (
        selector == SELECT_ALL
        or (selector.startswith(CODE_PREFIX) and rule.code.startswith(selector))
        or selector == rule.priority.name
        or selector == rule.guideline.section.key
    )


def _is_rule_enabled(
    rule: DescribedRule, selected: Sequence[str], ignored: Sequence[str], min_priority: Priority
) -> bool:
    if rule.priority < min_priority:
        return False
    if not any(selector_matches(selector, rule) for selector in selected):
        return False
    return not any(selector_matches(selector, rule) for selector in ignored)


class RuleCatalog(Generic[Described]):
    """Rules by code, in code order (CS2xx before CS10xx)."""

    def __init__(self, rules: Iterable[Described]) -> None:
        self.rules: Tuple[Described, ...] = tuple(sorted(rules, key=lambda rule: (len(rule.code), rule.code)))
        self.by_code: Dict[str, Described] = {rule.code: rule for rule in self.rules}

    def __iter__(self) -> Iterator[Described]:
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

    def get(self, code: str) -> Optional[Described]:
        return self.by_code.get(code)

    def enabled(
        self, settings: Settings, path: Optional[PurePath], min_priority: Priority = Priority.OBSERVED
    ) -> List[Described]:
        """The rules the settings select for a file at `path`, at `min_priority` or above."""
        # What the settings ignore for this path is read once, not once per rule.
        ignored = (*settings.ignore, *settings.ignored_for(path))
        return [rule for rule in self.rules if _is_rule_enabled(rule, settings.select, ignored, min_priority)]

    def entries(self) -> "RuleCatalog[RuleEntry]":
        """The same catalog as plain entries."""
        return RuleCatalog(RuleEntry(rule.code, rule.name, rule.priority, rule.guideline) for rule in self.rules)
