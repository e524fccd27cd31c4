"""Statement-scoped rules really keep to their statement: with the text unchanged, running them on one top-level
statement only, and taking their findings in all the others over from a full lint (as the engine does after an
edit), must give exactly the full lint's result. This catches a rule marked `Scope.STATEMENT` whose findings
in a statement depend on what it saw in other statements, or that reports from `visit_Module`/`leave_Module`;
test_incremental_lint.py's edits catch dependence on other statements' content."""

import bisect
import random
from pathlib import Path, PurePosixPath
from typing import Dict, List, Tuple

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.incremental import Reuse
from chris_style.linting.layout import Layout
from chris_style.linting.rule import Scope, Violation
from chris_style.linting.runner import LintResult, lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
# Real modules of several kinds (library code, a click module, tests), each linted under a path that decides
# which rules run on it; modules that ignore themselves (`# chris-style: ignore-file`) have nothing to compare.
CANDIDATES: List[Tuple[Path, PurePosixPath]] = [
    (ROOT / "benchmarks" / "data" / "click_types.py.txt", PurePosixPath("click/types.py")),
    (ROOT / "examples" / "inventory" / "planner.py", PurePosixPath("inventory/planner.py")),
    (ROOT / "examples" / "tests" / "test_planner.py", PurePosixPath("tests/test_planner.py")),
    *[
        (path, PurePosixPath("chris_style") / path.relative_to(ROOT / "server" / "chris_style"))
        for path in sorted((ROOT / "server" / "chris_style").rglob("*.py"))[::6]
    ],
    *[(path, PurePosixPath("tests") / path.name) for path in sorted((ROOT / "tests").rglob("test_*.py"))[::8]],
]
MODULES = [(path, lint_path) for path, lint_path in CANDIDATES if "chris-style: ignore-file" not in path.read_text()]
# Statements of each module run alone; chosen at random with a fixed seed, so a failure can be replayed.
STATEMENTS_PER_MODULE = 6
SEED = 11


def _statement_of(starts: List[int], line: int) -> int:
    return bisect.bisect_right(starts, line) - 1


def _lines_of(violation: Violation) -> List[int]:
    edits = [edit for fix in violation.fixes for edit in fix.edits]
    return [violation.range.start.line, violation.range.end.line, *(e.range.start.line for e in edits),
            *(e.range.end.line for e in edits)]


def _kept_findings(full: LintResult, starts: List[int], alone: int, count: int) -> Dict[str, List[Violation]]:
    """Each statement-scoped rule's findings outside statement `alone`, as the engine would keep them; a rule
    with a finding or an edit outside every statement, or one that reaches into `alone`, runs in full."""
    assert full.record is not None
    kept: Dict[str, List[Violation]] = {}
    for code, violations in full.record.by_rule.items():
        moved = []
        for violation in violations:
            where = {_statement_of(starts, line) for line in _lines_of(violation)}
            own = _statement_of(starts, violation.range.start.line)
            if any(not 0 <= statement < count for statement in where) or (alone in where and own != alone):
                break
            if own != alone:
                moved.append(violation)
        else:
            kept[code] = moved
    return kept


@pytest.mark.parametrize(("path", "lint_path"), MODULES, ids=[str(lint_path) for _, lint_path in MODULES])
def test_WHEN_statement_rules_run_on_one_statement_only_THEN_the_result_equals_a_full_lint(
    path: Path, lint_path: PurePosixPath
) -> None:
    text = path.read_text(encoding="utf-8")
    full = lint(SourceFile(text, lint_path), Settings(), REGISTRY)
    assert full.module is not None and full.record is not None
    body = full.module.body
    starts = Layout.of(full.module).starts()
    choices = random.Random(f"{SEED}:{lint_path}").sample(range(len(body)), min(STATEMENTS_PER_MODULE, len(body)))
    differing = []
    for alone in choices:
        kept = _kept_findings(full, starts, alone, len(body))
        reuse = Reuse(frozenset(id(statement) for index, statement in enumerate(body) if index != alone), kept)
        partial = lint(SourceFile(text, lint_path), Settings(), REGISTRY, module=full.module, reuse=reuse)
        if partial.violations != full.violations:
            differing.append(alone)
    statement_rules = [rule.code for rule in REGISTRY if rule.scope is Scope.STATEMENT]
    assert ([], True) == (differing, len(statement_rules) > 0)
