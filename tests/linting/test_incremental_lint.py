"""Linting an edited buffer from the previous version's tree and positions must find exactly what a fresh
lint finds: every violation, range, message and fix."""

from pathlib import Path, PurePosixPath
from typing import List, Optional

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.reparse import split_lines
from chris_style.linting.runner import lint, lint_edit
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY
from tests.linting.test_reparse import EDITS

ROOT = Path(__file__).resolve().parents[2]
MODULE_PATH = PurePosixPath("package/module.py")
# Modules with findings of many rules (the positions of their violations are what gets reused), each linted
# under a path that makes it library code or a test module.
EDITED_MODULES = [
    (ROOT / "benchmarks" / "data" / "click_types.py.txt", MODULE_PATH),
    (ROOT / "examples" / "inventory" / "planner.py", MODULE_PATH),
    (ROOT / "examples" / "tests" / "test_planner.py", PurePosixPath("tests/test_planner.py")),
]
# Where the edits go, as fractions of the module's length.
EDIT_FRACTIONS = (0.05, 0.5, 0.95)


def _edits(text: str) -> List[str]:
    """Successive versions of the text, each one edit away from the one before."""
    versions = []
    for fraction in EDIT_FRACTIONS:
        for edit in EDITS.values():
            lines = split_lines(versions[-1] if versions else text)
            versions.append("".join(edit(lines, int(fraction * len(lines)))))
    return versions


@pytest.mark.parametrize(("path", "lint_path"), EDITED_MODULES, ids=[path.name for path, _ in EDITED_MODULES])
def test_WHEN_module_edited_many_times_THEN_each_lint_edit_equals_a_fresh_lint(
    path: Path, lint_path: PurePosixPath
) -> None:
    text = path.read_text(encoding="utf-8")
    _, previous = lint_edit(SourceFile(text, lint_path), Settings(), REGISTRY)
    mismatches = []
    reused = 0
    for number, version in enumerate(_edits(text)):
        incremental, parsed = lint_edit(SourceFile(version, lint_path), Settings(), REGISTRY, previous=previous)
        fresh = lint(SourceFile(version, lint_path), Settings(), REGISTRY)
        if fresh.violations != incremental.violations:
            mismatches.append(number)
        reused += parsed is not None and previous is not None and parsed.module.body[0] is previous.module.body[0]
        previous = parsed if parsed is not None else previous
    assert [] == mismatches
    assert True == (reused > 0)


def test_WHEN_statement_above_findings_grows_THEN_reused_positions_move_with_it() -> None:
    text = "def first(a):\n    return a\n\n\ndef second(b):\n    return b\n"
    _, previous = lint_edit(SourceFile(text, MODULE_PATH), Settings(), REGISTRY)
    edited = text.replace("    return a\n", "    a = a + 1\n    return a\n")
    result, _ = lint_edit(SourceFile(edited, MODULE_PATH), Settings(), REGISTRY, previous=previous)
    fresh = lint(SourceFile(edited, MODULE_PATH), Settings(), REGISTRY)
    expected_lines: List[Optional[int]] = [0, 0, 5, 5]
    assert (fresh.violations, expected_lines) == (
        result.violations, [violation.range.start.line for violation in result.violations]
    )
