"""The code blocks of the docs that tests run: each follows a `<!-- tested: NAME -->` line, so a page says which
of its configs are tested and the test runs exactly what the page shows."""

import logging
import re
from pathlib import Path
from typing import Dict

from tests.conftest import REPOSITORY_ROOT

logger = logging.getLogger(__name__)

DOCS = REPOSITORY_ROOT / "docs"
TESTED_BLOCK = re.compile(r"^<!-- tested: (?P<name>[\w-]+) -->\n```[\w-]*\n(?P<code>.*?)^```$", re.S | re.M)


def page_snippets(page: Path) -> Dict[str, str]:
    """Name -> code of every tested block of a docs page."""
    text = page.read_text(encoding="utf-8")
    return {match.group("name"): match.group("code") for match in TESTED_BLOCK.finditer(text)}


def doc_snippet(relative_page: str, name: str) -> str:
    """One tested block; a KeyError names the page and the block when the page lost it."""
    snippets = page_snippets(DOCS / relative_page)
    if name not in snippets:
        raise KeyError(f"docs/{relative_page} has no `<!-- tested: {name} -->` block (it has: {sorted(snippets)})")
    return snippets[name]
