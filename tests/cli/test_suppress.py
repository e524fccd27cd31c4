"""`chris-style suppress` and `chris-style deviations`, run as real subprocesses on a small project that breaks the
guide in the places where a comment is hard to put (multi-line strings, continuations, decorators, an existing
`# noqa`): afterwards `check` finds nothing, every file compiles, only comments were added, a second run changes
nothing, and the audit lists every suppression it wrote."""

import ast
import json
from pathlib import Path
from typing import Dict

from tests.conftest import run_cli

MODULES: Dict[str, str] = {
    "shop/orders.py": '''import logging

logger = logging.getLogger(__name__)


def place(order, quantity=1):  # noqa: E501
    print(order)
    message = """
    An order was placed, and this sentence in a multi-line string goes on and on, far beyond the line length of the guide: on and on.
    """
    total = order.price + \\
        order.tax
    return message, total


class Cart:
    @property
    def size(self):
        return len(self.items)
''',
    "shop/__init__.py": "",
    "tests/test_orders.py": '''from shop.orders import place


def test_place():
    place(None)
''',
}


def _project(project: Path) -> Path:
    for name, text in MODULES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def _texts(project: Path) -> Dict[str, str]:
    return {name: (project / name).read_text(encoding="utf-8") for name in MODULES}


def _code_only(text: str) -> str:
    return ast.dump(ast.parse(text))


def test_WHEN_suppress_run_THEN_check_clean_code_unchanged_and_second_run_changes_nothing(project: Path) -> None:
    _project(project)
    before = run_cli("check", "--no-cache", cwd=project)
    suppressed = run_cli("suppress", cwd=project)
    after_first = _texts(project)
    again = run_cli("suppress", cwd=project)
    after = run_cli("check", "--no-cache", cwd=project)
    assert (1, 0, 0) == (before.exit_code, suppressed.exit_code, after.exit_code)
    assert "All checks passed." == after.stdout.strip()
    assert {name: _code_only(text) for name, text in MODULES.items()} == {
        name: _code_only(text) for name, text in after_first.items()
    }
    assert (after_first, True) == (_texts(project), again.stderr.startswith("Suppressed 0 findings"))


def test_WHEN_suppress_run_THEN_noqa_placed_where_python_allows_it(project: Path) -> None:
    _project(project)
    run_cli("suppress", "--reason", "before the guide", cwd=project)
    lines = (project / "shop/orders.py").read_text(encoding="utf-8").splitlines()
    assert "def place(order, quantity=1):  # noqa: E501, CS201, CS202" == lines[5]
    assert '    """  # noqa: CS605  # before the guide' == lines[9]
    assert "    def size(self):  # noqa: CS202  # before the guide" == lines[17]


def test_WHEN_suppress_with_deviation_THEN_guide_blocks_above_statements_and_check_clean(project: Path) -> None:
    _project(project)
    result = run_cli("suppress", "--deviation", "--reason", "legacy API, typed in #12", cwd=project)
    text = (project / "shop/orders.py").read_text(encoding="utf-8")
    checked = run_cli("check", "--no-cache", cwd=project)
    block = (
        "    # DEVIATION(CS202): missing-return-annotation\n    # Reason: legacy API, typed in #12\n"
        "    @property\n    def size(self):\n"
    )
    assert (0, 0, True) == (result.exit_code, checked.exit_code, block in text)


def test_WHEN_deviation_without_reason_THEN_exit_2_and_nothing_written(project: Path) -> None:
    _project(project)
    result = run_cli("suppress", "--deviation", cwd=project)
    assert (2, MODULES) == (result.exit_code, _texts(project))


def test_WHEN_deviations_after_suppress_THEN_every_suppression_listed_and_silencing(project: Path) -> None:
    _project(project)
    run_cli("suppress", "--reason", "before the guide", cwd=project)
    result = run_cli("deviations", "--output-format", "json", cwd=project)
    document = json.loads(result.stdout)
    found = sorted((item["path"], item["line"], item["state"]) for item in document["suppressions"])
    expected = [
        ("shop/orders.py", 6, "silences"),
        ("shop/orders.py", 7, "silences"),
        ("shop/orders.py", 10, "silences"),
        ("shop/orders.py", 18, "silences"),
        ("tests/test_orders.py", 4, "silences"),
    ]
    assert (0, expected) == (result.exit_code, found)


def test_WHEN_suppression_no_longer_silences_THEN_audit_says_unused(project: Path) -> None:
    (project / "module.py").write_text(
        "# DEVIATION(CS202): old\n# Reason: old\ndef run() -> None:\n    pass  # noqa: CS605 - long URL\n",
        encoding="utf-8",
    )
    result = run_cli("deviations", cwd=project)
    lines = result.stdout.splitlines()
    assert "module.py:1: # DEVIATION CS202 [CRITICAL] unused — old; Reason: old" == lines[0]
    assert "module.py:4: # noqa CS605 [PREFERRED] unused — Reason: long URL" == lines[1]
    assert True == lines[-1].startswith("2 suppressions in 1 file")


def test_WHEN_markdown_audit_THEN_summary_tables_and_every_suppression(project: Path) -> None:
    _project(project)
    run_cli("suppress", cwd=project)
    text = run_cli("deviations", "--output-format", "markdown", cwd=project).stdout
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert (True, True, 5) == ("## By code" in text, "| CRITICAL |" in text, len(rows))
