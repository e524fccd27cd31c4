"""The runner isolates crashing rules; the fix machinery resolves overlaps, converges and never breaks code."""

from pathlib import PurePosixPath
from typing import List

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.guide import Guideline, Priority
from chris_style.linting.fixes import BULK_UNSAFE_SAFETIES, apply_edits, choose_fixes, fix_text, merge_insertions
from chris_style.linting.registry import RuleSet
from chris_style.linting.rule import Edit, Fix, FixSafety, Rule
from chris_style.linting.runner import lint_text
from chris_style.linting.source import SourceFile, TextRange
from chris_style.rules import REGISTRY


class ExplodingRule(Rule):
    """Raises on every function, to prove isolation."""

    code = "CS999"
    name = "exploding"
    priority = Priority.CRITICAL
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "never"

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        raise RuntimeError("boom")


class BreakingFixRule(Rule):
    """Reports every module with a safe fix that would not parse."""

    code = "CS998"
    name = "breaking-fix"
    priority = Priority.CRITICAL
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "module"
    fix_safety = FixSafety.SAFE

    def visit_Module(self, node: cst.Module) -> None:
        edit = self.insert_at(self.source.position(0), "def (:\n")
        self.report(TextRange.of(0, 0, 0, 0), fixes=[self.fix("break it", FixSafety.SAFE, edit)])


def test_WHEN_rule_raises_THEN_failure_reported_and_other_rules_still_report() -> None:
    rules = REGISTRY.with_rules(ExplodingRule)
    result = lint_text("def run(command):\n    pass\n", rules, PurePosixPath("module.py"))
    assert [("CS999", "RuntimeError: boom")] == [(f.code, f.error) for f in result.failures]
    assert True == ("CS202" in {violation.code for violation in result.violations})


class ExplodingOnceRule(Rule):
    """Fails on the first function it sees; counts every call it gets."""

    code = "CS997"
    name = "exploding-once"
    priority = Priority.CRITICAL
    guideline = Guideline.TYPE_HINTS_USAGE
    message = "never"

    calls: List[str] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.calls.append(node.name.value)
        raise RuntimeError("boom")

    def leave_Module(self, original_node: cst.Module) -> None:
        self.calls.append("module")


def test_WHEN_rule_raises_THEN_it_is_not_called_again_and_the_rules_after_it_still_run_on_every_node() -> None:
    ExplodingOnceRule.calls = []
    rules = REGISTRY.with_rules(ExplodingOnceRule)
    result = lint_text("def run(command):\n    pass\n\n\ndef stop(command):\n    pass\n", rules, PurePosixPath("module.py"))
    missing_annotations = [violation.range.start.line for violation in result.violations if violation.code == "CS202"]
    assert (["run"], ["CS997"], [0, 4]) == (
        ExplodingOnceRule.calls, [failure.code for failure in result.failures], missing_annotations
    )


def test_WHEN_fix_round_does_not_parse_THEN_round_dropped_and_reported() -> None:
    code = "x = 1\n"
    outcome = fix_text(SourceFile(code), Settings(), RuleSet([BreakingFixRule]))
    assert (code, 0) == (outcome.text, outcome.applied)
    assert True == ("does not parse" in (outcome.error or ""))


def test_WHEN_fixes_overlap_THEN_later_one_waits() -> None:
    first = Fix("a", FixSafety.SAFE, (Edit(TextRange.of(0, 0, 0, 5), "x"),))
    second = Fix("b", FixSafety.SAFE, (Edit(TextRange.of(0, 3, 0, 8), "y"),))
    third = Fix("c", FixSafety.SAFE, (Edit(TextRange.of(1, 0, 1, 1), "z"),))
    assert [first, third] == choose_fixes([second, third, first])


def _insert(line: int, text: str) -> Edit:
    return Edit(TextRange.of(line, 0, line, 0), text)


def test_WHEN_fixes_insert_lines_at_one_point_THEN_all_are_made_unless_they_bind_the_same_name() -> None:
    blank = _insert(1, "\n")
    constant_a = Fix("a", FixSafety.SAFE, (blank, _insert(1, "A = 1\n")))
    constant_b = Fix("b", FixSafety.SAFE, (blank, _insert(1, "B = 2\n")))
    another_a = Fix("c", FixSafety.SAFE, (_insert(1, "A = 3\n"),))
    same_import = Fix("d", FixSafety.SAFE, (_insert(1, "import os\n"),))
    same_import_again = Fix("e", FixSafety.SAFE, (_insert(1, "import os\n"),))
    typing_list = Fix("f", FixSafety.SAFE, (_insert(1, "from typing import List\n"),))
    typing_dict = Fix("g", FixSafety.SAFE, (_insert(1, "from typing import Dict\n"),))
    fixes = [constant_a, constant_b, another_a, same_import, same_import_again, typing_list, typing_dict]
    assert [constant_a, constant_b, same_import, same_import_again, typing_list] == choose_fixes(fixes)


def test_WHEN_edits_share_an_insertion_point_THEN_applied_in_order_and_repeats_once() -> None:
    source = SourceFile("import os\nrun()\n")
    edits = [_insert(1, "\n"), _insert(1, "A = 1\n"), _insert(1, "\n"), _insert(1, "B = 2\n")]
    expected = "import os\n\nA = 1\nB = 2\nrun()\n"
    assert expected == apply_edits(source, edits)
    assert expected == apply_edits(source, merge_insertions(edits))
    assert [_insert(1, "\nA = 1\nB = 2\n")] == merge_insertions(edits)


def test_WHEN_many_constants_extracted_THEN_one_fix_run_converges_with_one_blank_line() -> None:
    tests = "".join(
        f"def test_WHEN_{index}_THEN_ok():\n    assert 'value{index % 15}' == run()\n\n\n" for index in range(45)
    )
    outcome = fix_text(
        SourceFile("import os\n\n\n" + tests, PurePosixPath("tests/test_values.py")),
        Settings(select=("CS508",)),
        REGISTRY, BULK_UNSAFE_SAFETIES,
    )
    constants = "".join(f"TEST_VALUE{index} = 'value{index}'\n" for index in range(15))
    assert (1, [], True) == (outcome.rounds, outcome.remaining, outcome.text.startswith(f"import os\n\n{constants}\n\n"))


def test_WHEN_fix_text_run_twice_THEN_same_as_once() -> None:
    code = "def run(command: str):\n    print(command)\n\ndef stop(command: str):\n    print(command)\n"
    once = fix_text(SourceFile(code), Settings(), REGISTRY)
    twice = fix_text(SourceFile(once.text), Settings(), REGISTRY)
    assert (once.text, 0) == (twice.text, twice.applied)


def test_WHEN_code_uses_python_312_syntax_THEN_it_parses() -> None:
    code = "type Pair[T] = tuple[T, T]\n\ndef first[T](items: list[T]) -> T:\n    return items[0]\n"
    assert None == lint_text(code, REGISTRY).syntax_error


def test_WHEN_module_starts_with_shebang_and_encoding_THEN_added_import_goes_below_them() -> None:
    header = "#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n"
    code = header + "def load(data) -> any:\n    return data\n"
    outcome = fix_text(SourceFile(code, PurePosixPath("scripts/load.py")), Settings(select=("CS204",)), REGISTRY)
    expected = header + "from typing import Any\n\n\ndef load(data) -> Any:\n    return data\n"
    assert expected == outcome.text
