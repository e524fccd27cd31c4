"""The product's rules: one package per section of the guide, one module per rule (see rule-catalog.md).

`REGISTRY` is found, not listed: every module below this package is imported once and every Rule class it
defines with a `code` joins the set, so a new rule file is picked up without editing a list that could drift.
"""

import importlib
import logging
import pkgutil
from typing import List, Type

from chris_style.linting.registry import RuleSet
from chris_style.linting.rule import Rule

logger = logging.getLogger(__name__)


def discover() -> List[Type[Rule]]:
    """Every rule class defined in a module of this package (helpers and bases without a `code` are not)."""
    found: List[Type[Rule]] = []
    for module_info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            is_rule = isinstance(value, type) and issubclass(value, Rule) and "code" in vars(value)
            if is_rule and value.__module__ == module.__name__:
                found.append(value)
    return found


REGISTRY = RuleSet(discover())
