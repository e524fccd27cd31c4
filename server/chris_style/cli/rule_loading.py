"""The product's rules, loaded by the command line only when a file has to be linted.

A run whose files are all in the result cache needs no rule and no parser. What it needs to know of the rules
(the selectors of the command line and of `pyproject.toml`, the codes a baseline looks for) is in their catalog
(linting/catalog.py), which the cache keeps under the tool's own key, so it always describes the rules
installed. Without one (the first run of this build of the tool, `--no-cache`, a cache that cannot be written)
the rules are loaded, and their catalog stored for the next run.
"""

import functools
import logging
from typing import TYPE_CHECKING, Optional

from chris_style import collector
from chris_style.cli.cache import ResultCache
from chris_style.linting.catalog import RuleCatalog, RuleEntry

if TYPE_CHECKING:
    from chris_style.linting.registry import RuleSet

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=None)
def product_rules() -> "RuleSet":
    """The product's rule set (rules/), imported on first use with the parser; what is loaded then is frozen
    for the garbage collector (collector.py)."""
    from chris_style.rules import REGISTRY

    collector.settle()
    return REGISTRY


def product_catalog(cache: Optional[ResultCache]) -> RuleCatalog[RuleEntry]:
    """The catalog of the product's rules: the cache's when it has one for this build of the tool, else read off
    the rules (and stored in the cache)."""
    stored = cache.load_catalog() if cache is not None else None
    if stored is not None:
        return stored
    catalog = product_rules().entries()
    if cache is not None:
        cache.store_catalog(catalog)
    return catalog
