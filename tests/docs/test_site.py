"""The documentation site: `mkdocs build --strict` builds it (broken links and anchors, pages missing from the
navigation and unknown files are errors), it loads nothing from outside the site, and the rule index's filters
work in a real browser opened on file://, as someone reading the built site offline would open it."""

import hashlib
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from chris_style.guide import Priority, Section
from chris_style.rules import REGISTRY
from tests.conftest import REPOSITORY_ROOT

logger = logging.getLogger(__name__)

# mkdocs builds the site in about 3 s here; the bound only stops a hang.
BUILD_TIMEOUT_SECONDS = 300
# Chromium starts and renders a page in about a second; the budget is the page's own time to run its scripts.
BROWSER_TIMEOUT_SECONDS = 120
VIRTUAL_TIME_BUDGET_MS = 3000
CHROMIUM = Path(os.environ.get("CHRIS_STYLE_E2E_CHROMIUM", "/usr/bin/chromium"))
VENDORED_SHIM = REPOSITORY_ROOT / "docs" / "javascripts" / "vendor" / "iframe-worker-shim.js"
# shim/index.js of the npm package iframe-worker 1.0.4, as it was taken (see mkdocs.yml).
VENDORED_SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
# An attribute that makes the browser fetch something: a script, a stylesheet, an image, a frame, a font.
FETCHING_TAG = re.compile(r"<(script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(src|href)=\"([^\"]*)\"", re.I)
EXTERNAL = re.compile(r"^(https?:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?((https?:)?//[^)'\"]*)", re.I)


def build(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPOSITORY_ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    completed = build(directory)
    if completed.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{completed.stderr[-6000:]}", pytrace=False)
    return directory


def test_WHEN_the_site_is_built_strictly_THEN_it_builds_without_a_warning(tmp_path: Path) -> None:
    completed = build(tmp_path / "site")
    warnings = [line for line in completed.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert (0, [], True) == (completed.returncode, warnings, (tmp_path / "site" / "index.html").is_file())


def test_WHEN_the_site_is_built_THEN_it_has_a_page_per_rule_and_every_section_of_the_issue(site: Path) -> None:
    pages = ["index", "getting-started", "rules/index", "configuration", "editor-settings", "suppressions", "fixes",
             "editors/index", "editors/vscode", "editors/neovim", "editors/helix", "editors/emacs",
             "editors/sublime-text", "editors/zed", "ci", "performance", "architecture"]
    pages += [f"rules/{rule.code}" for rule in REGISTRY]
    assert [] == [page for page in pages if not (site / f"{page}.html").is_file()]


def test_WHEN_the_built_site_is_scanned_THEN_nothing_is_fetched_from_outside_it(site: Path) -> None:
    external = []
    for page in site.rglob("*.html"):
        for tag, _, url in FETCHING_TAG.findall(page.read_text(encoding="utf-8")):
            if EXTERNAL.match(url) and tag.lower() != "a":
                external.append(f"{page.relative_to(site)}: <{tag}> {url}")
    for stylesheet in site.rglob("*.css"):
        external += [f"{stylesheet.relative_to(site)}: {url}" for url, _ in
                     CSS_URL.findall(stylesheet.read_text(encoding="utf-8"))]
    assert [] == external


def test_WHEN_the_site_is_built_THEN_the_search_index_is_inlined_for_offline_search(site: Path) -> None:
    # The offline plugin writes the index as a script, which a page opened from file:// can load.
    index = site / "search" / "search_index.js"
    assert (True, True) == (index.is_file(), "missing-return-annotation" in index.read_text(encoding="utf-8"))


def test_WHEN_the_vendored_worker_shim_is_hashed_THEN_it_is_the_file_of_the_npm_package() -> None:
    assert VENDORED_SHIM_SHA256 == hashlib.sha256(VENDORED_SHIM.read_bytes()).hexdigest()


def shown_rows(site: Path, query: str) -> Dict[str, str]:
    """The rule index opened in headless Chromium from file://: the rows left visible and the count it shows."""
    url = (site / "rules" / "index.html").as_uri() + query
    completed = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + str(site.parent / "chrome"),
         f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}", "--dump-dom", url],
        capture_output=True, text=True, timeout=BROWSER_TIMEOUT_SECONDS, check=False,
    )
    dom = completed.stdout
    table = dom.split('class="rule-index"', 1)[1]
    rows = re.findall(r"<tr( hidden=\"\")?>\s*<td><a href=\"(CS\d+)\.html\">", table)
    count = re.search(r'class="rule-count"[^>]*>([^<]*)<', dom)
    return {"visible": ",".join(code for hidden, code in rows if not hidden), "count": count.group(1) if count else ""}


@pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"Chromium is not installed ({CHROMIUM})")
@pytest.mark.parametrize("query", ["?priority=CRITICAL&section=testing", "?fix=unsafe", "?q=logger", ""])
def test_WHEN_the_rule_index_is_opened_filtered_THEN_only_the_matching_rows_are_shown(site: Path, query: str) -> None:
    wanted = dict(item.split("=", 1) for item in query.lstrip("?").split("&") if item)
    priority = Priority[wanted["priority"]] if "priority" in wanted else None
    section = Section.by_key(wanted["section"]) if "section" in wanted else None

    def matches(rule: type) -> bool:
        fix = rule.fix_safety.value if rule.fix_safety else "—"
        text = f"{rule.code} {rule.name} {rule.priority.name} {rule.guideline.section.key} {rule.guideline.title} {fix}"
        return ((priority is None or rule.priority is priority)
                and (section is None or rule.guideline.section is section)
                and wanted.get("fix", fix) == fix
                and wanted.get("q", "").lower() in text.lower())

    expected_codes = [rule.code for rule in REGISTRY if matches(rule)]
    expected = {"visible": ",".join(expected_codes), "count": f"{len(expected_codes)} of {len(REGISTRY)} rules"}
    assert expected == shown_rows(site, query)


def test_WHEN_the_readme_links_to_the_docs_THEN_every_linked_file_exists() -> None:
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    targets = [target.split("#", 1)[0] for target in re.findall(r"\]\(([^)\s]+)\)", readme)
               if not EXTERNAL.match(target) and not target.startswith("#")]
    assert ([], True) == ([target for target in targets if not (REPOSITORY_ROOT / target).exists()],
                          "docs/index.md" in targets)

