"""Linting an edited buffer from the previous version's tree and positions must find exactly what a fresh
lint finds: every violation, range, message and fix."""

from pathlib import Path, PurePosixPath
from typing import List, Optional, Tuple
from unittest import mock

import libcst as cst
import pytest

from chris_style.config.settings import Settings
from chris_style.guide import Guideline, Priority
from chris_style.linting import runner
from chris_style.linting.registry import RuleSet
from chris_style.linting.rule import Rule
from chris_style.linting.runner import lint, lint_edit
from chris_style.linting.source import SourceFile, split_lines
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
# Edits that a rule keeping to one statement would get wrong, each for a rule whose findings in a statement
# depend on other statements (which is why those rules are of Scope.MODULE): (path, text, edited text).
_BASE_DOCSTRING = '"""Mod.\n\n:param x: y\n"""\n\n\ndef f(a):\n    return a\n'
_BASE_REDEFINED = "def getValue(a):\n    return a\n\n\ndef getValue(a):\n    return a\n"
_BASE_CYCLE = (
    "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n\n\nclass D(C):\n    pass\n\n\n"
    "class A(D):\n    def m(self):\n        return 1\n"
)
_BASE_LOGGERS = (
    "import logging\n\nAUDIT = logging.getLogger('audit')\n\n\n"
    "def f(logging):\n    try:\n        run()\n    except OSError:\n        parser.error('x')\n\n\n"
    "def g():\n    try:\n        run()\n    except OSError:\n        AUDIT.error('failed')\n"
)
_BASE_GROUP_COMMENT = "import os\n\n# Timeouts, from the balancer.\nCONNECT = 10\nREAD = 30\n"
_BASE_EXCEPTIONS = "class Base(Exception):\n    def m(self):\n        return 1\n\n\nclass Error(Base):\n    def m(self):\n        return 1\n"
# Edits whose findings depend on another statement than the one edited, one per rule that has such findings.
CROSS_STATEMENT_EDITS = [
    pytest.param("module.py", _BASE_DOCSTRING, _BASE_DOCSTRING.replace("return a", "return a + 1"), id="CS302"),
    pytest.param("module.py", _BASE_REDEFINED, _BASE_REDEFINED[::-1].replace("a nruter", "1 + a nruter", 1)[::-1],
                 id="CS601"),
    pytest.param("module.py", _BASE_CYCLE, _BASE_CYCLE.replace("return 1", "return 2"), id="CS805"),
    pytest.param("module.py", _BASE_LOGGERS, _BASE_LOGGERS.replace("'failed'", "'failed!'"), id="CS406"),
    pytest.param("module.py", _BASE_GROUP_COMMENT, _BASE_GROUP_COMMENT.replace("# Timeouts, from the balancer.\n", ""),
                 id="CS304"),
    pytest.param("module.py", _BASE_EXCEPTIONS, _BASE_EXCEPTIONS[::-1].replace("1 nruter", "2 nruter", 1)[::-1],
                 id="CS402"),
    pytest.param("pkg/BadName.py", "def f(a):\n    return a\n\n\ndef g(b):\n    return b\n",
                 "def f(a):\n    return a\n\n\ndef g(b):\n    return b + 1\n", id="CS101"),
]

# Edits that change a statement's outline only in its comments or its line breaks inside brackets: the other
# statements' findings are taken over (the outline did not change) and still equal a fresh lint's.
_BASE_SIGNATURE = (
    "import os\nfrom typing import (\n    Dict,\n    List,\n)\n\n\nclass Plan:\n    LIMIT = 5\n\n"
    "    def run(\n        self,\n        # the names to run\n        names: List[str],\n    ) -> Dict[str, int]:\n"
    "        return {name: len(name) for name in names}\n\n\ndef helper(value):\n    print(value)\n    return os.sep\n"
)
COMMENT_EDITS = [
    pytest.param(_BASE_SIGNATURE.replace("# the names to run", "# the names to run, in order"), id="signature comment"),
    pytest.param(_BASE_SIGNATURE.replace("        # the names to run\n", ""), id="signature comment line"),
    pytest.param(_BASE_SIGNATURE.replace("LIMIT = 5\n", "LIMIT = 5  # runs at most\n"), id="class-level comment"),
    pytest.param(_BASE_SIGNATURE.replace("(\n    Dict,\n    List,\n)", "(Dict, List,)"), id="imports reflowed"),
    pytest.param(_BASE_SIGNATURE.replace("    List,\n", "    List,  # lists\n"), id="import comment"),
]
# An import whose meaning changes: a statement-scoped rule's finding elsewhere (CS902's frozen dataclass) goes.
_BASE_FROZEN = "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Point:\n    x: int\n"


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


@pytest.mark.parametrize(("path", "text", "edited"), CROSS_STATEMENT_EDITS)
def test_WHEN_a_finding_depends_on_another_statement_THEN_lint_edit_still_equals_a_fresh_lint(
    path: str, text: str, edited: str
) -> None:
    _, previous = lint_edit(SourceFile(text, PurePosixPath(path)), Settings(), REGISTRY)
    incremental, _ = lint_edit(SourceFile(edited, PurePosixPath(path)), Settings(), REGISTRY, previous=previous)
    fresh = lint(SourceFile(edited, PurePosixPath(path)), Settings(), REGISTRY)
    assert fresh.violations == incremental.violations


class _Probe(Rule):
    """Records every call the traversal makes to it: which handler, the node, and the ancestors at that moment."""

    code = "CS9999"
    name = "probe"
    priority = Priority.OBSERVED
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "probe"
    calls: List[Tuple[str, str, Tuple[str, ...]]] = []

    def _record(self, kind: str, node: cst.CSTNode) -> None:
        code = self.context.module.code_for_node
        _Probe.calls.append((kind, code(node), tuple(type(ancestor).__name__ for ancestor in self.context.ancestors)))

    def visit_Name(self, node: cst.Name) -> None:
        self._record("visit", node)

    def leave_Call(self, original_node: cst.Call) -> None:
        self._record("leave", original_node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._record("visit", node)

    def leave_Attribute(self, original_node: cst.Attribute) -> None:
        self._record("leave", original_node)


def test_WHEN_statements_are_replayed_from_their_walks_THEN_a_rule_gets_the_calls_and_ancestors_of_a_full_walk() -> None:
    text = (ROOT / "benchmarks" / "data" / "click_types.py.txt").read_text(encoding="utf-8")
    rules = RuleSet([_Probe])
    lines = split_lines(text)
    middle = len(lines) // 2
    edited = "".join([*lines[:middle], "# an edit\n", *lines[middle:]])
    _, parsed = lint_edit(SourceFile(text, MODULE_PATH), Settings(), rules)
    _Probe.calls = []
    lint_edit(SourceFile(edited, MODULE_PATH), Settings(), rules, previous=parsed)
    incremental, _Probe.calls = _Probe.calls, []
    lint(SourceFile(edited, MODULE_PATH), Settings(), rules)
    assert (_Probe.calls, True) == (incremental, len(incremental) > 100)


@pytest.mark.parametrize("edited", COMMENT_EDITS)
def test_WHEN_only_comments_or_line_breaks_of_an_outline_change_THEN_findings_are_taken_over_and_equal_a_fresh_lint(
    edited: str,
) -> None:
    path = PurePosixPath("package/module.py")
    _, previous = lint_edit(SourceFile(_BASE_SIGNATURE, path), Settings(), REGISTRY)
    plans = []
    original = runner.plan_reuse

    def recorded(*args: object) -> object:
        plans.append(original(*args))
        return plans[-1]

    with mock.patch.object(runner, "plan_reuse", recorded):
        incremental, _ = lint_edit(SourceFile(edited, path), Settings(), REGISTRY, previous=previous)
    fresh = lint(SourceFile(edited, path), Settings(), REGISTRY)
    assert (fresh.violations, [True]) == (incremental.violations, [plan is not None for plan in plans])


def test_WHEN_an_outline_changes_in_meaning_THEN_nothing_is_taken_over_and_the_result_equals_a_fresh_lint() -> None:
    path = PurePosixPath("package/module.py")
    edited = _BASE_FROZEN.replace("from dataclasses import", "from attr import")
    first, previous = lint_edit(SourceFile(_BASE_FROZEN, path), Settings(), REGISTRY)
    incremental, _ = lint_edit(SourceFile(edited, path), Settings(), REGISTRY, previous=previous)
    fresh = lint(SourceFile(edited, path), Settings(), REGISTRY)
    frozen = [[violation.code for violation in result.violations if violation.code == "CS902"]
              for result in (first, incremental)]
    assert (fresh.violations, [["CS902"], []]) == (incremental.violations, frozen)
