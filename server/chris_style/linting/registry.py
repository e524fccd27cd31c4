"""A set of rules the engine is handed: every lint, fix and example run names the rules it may run.

The engine discovers nothing by itself (rules/ builds the product's set), so a front end, a test or a plugin
can lint with any set of rules. Every set holds the engine's own diagnostics (own_rules.py). What a set says of
its rules without running them (codes, names, which ones settings select) is its catalog's (catalog.py).
"""

import logging
from typing import Dict, Iterable, Type

from chris_style.linting.catalog import RuleCatalog
from chris_style.linting.own_rules import ENGINE_RULES
from chris_style.linting.rule import Rule

logger = logging.getLogger(__name__)


class RuleSet(RuleCatalog[Type[Rule]]):
    """Rule classes by code, in code order (CS2xx before CS10xx), with the engine's own diagnostics."""

    def __init__(self, rules: Iterable[Type[Rule]]) -> None:
        unique: Dict[str, Type[Rule]] = {}
        for rule in (*ENGINE_RULES, *rules):
            existing = unique.get(rule.code)
            if existing is not None and existing is not rule:
                raise ValueError(f"two rules share the code {rule.code}: {existing.__name__} and {rule.__name__}")
            unique[rule.code] = rule
        super().__init__(unique.values())

    def with_rules(self, *rules: Type[Rule]) -> "RuleSet":
        """This set and some more rules (a plugin's, a test's)."""
        return RuleSet((*self.rules, *rules))
