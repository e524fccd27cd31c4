"""Suppressions: noqa, the guide's DEVIATION blocks, ignore-file, and the CS001/CS002 meta diagnostics."""

from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import List, Optional, Tuple

import libcst as cst
import pytest

from chris_style.config.settings import Settings
from chris_style.linting.fixes import apply_edits
from chris_style.linting.rule import RuleContext, Violation
from chris_style.linting.runner import lint, lint_text
from chris_style.linting.source import SourceFile, TextRange
from chris_style.linting.suppression_fixes import CommentPlaces, deviation_edits, deviation_fix, noqa_edits, noqa_fix
from chris_style.rules import REGISTRY

ONLY_TYPES = Settings(select=("CS201", "CS202", "CS001", "CS002"))
TEST_CS201 = "CS201"

# Code where a comment cannot go everywhere and statements nest: multi-line strings and f-strings, a backslash,
# decorators with comments between them, blocks ending in comments, a class in a function.
AWKWARD_MODULE = '''"""Module."""
import os


@property
# between
@staticmethod
def run(command, value=1):
    text = """one
two"""
    other = f"""{command}
{value}"""
    total = value + \\
        2
    if command:
        print(text)
        # trailing comment of the block
    return other, total


class Outer:
    def method(self, argument):
        class Inner:
            size = 3
        return Inner, "x" "y"
'''
SERVER_MODULES = sorted((Path(__file__).resolve().parents[2] / "server" / "chris_style").rglob("*.py"))[::9]


def _codes(code: str, settings: Settings = ONLY_TYPES) -> List[Tuple[int, str]]:
    result = lint_text(code, REGISTRY, PurePosixPath("module.py"), settings)
    return [(v.range.start.line + 1, v.code) for v in result.violations]


def test_WHEN_noqa_names_code_THEN_only_that_code_silenced() -> None:
    assert [(1, TEST_CS201)] == _codes("def run(command):  # noqa: CS202\n    pass\n")


def test_WHEN_bare_noqa_THEN_every_code_on_line_silenced() -> None:
    assert [] == _codes("def run(command):  # noqa\n    pass\n")


def test_WHEN_noqa_text_inside_string_THEN_not_a_suppression() -> None:
    code = 'def run(command="# noqa: CS201"):\n    pass\n'
    assert [(1, "CS202"), (1, TEST_CS201)] == _codes(code)


def test_WHEN_deviation_names_code_THEN_whole_statement_silenced_including_decorators() -> None:
    code = (
        "# DEVIATION(CS201): legacy signature\n# Reason: callers pass anything\n"
        "@cache\ndef run(\n    command,\n) -> None:\n    pass\n"
    )
    assert [] == _codes(code)


def test_WHEN_deviation_without_codes_THEN_critical_still_reported() -> None:
    code = "import os\n\n# DEVIATION: legacy\n# Reason: callers\ndef run(command) -> None:\n    pass\n"
    assert [(5, TEST_CS201)] == _codes(code)


def test_WHEN_deviation_has_no_reason_THEN_cs001() -> None:
    code = "import os\n\n# DEVIATION(CS201):\ndef run(command) -> None:\n    pass\n"
    assert [(3, "CS001")] == _codes(code)


def test_WHEN_noqa_code_unused_THEN_cs002_with_removal_fix() -> None:
    code = "def run(command: str) -> None:  # noqa: CS202\n    return None\n"
    violation = lint_text(code, REGISTRY, None, ONLY_TYPES).violations[0]
    fixed = apply_edits(SourceFile(code), violation.fix.edits)
    assert ("CS002", "def run(command: str) -> None:\n    return None\n") == (violation.code, fixed)


def test_WHEN_suppressed_rule_not_enabled_THEN_no_cs002() -> None:
    code = "def run(command: str) -> None:  # noqa: CS202\n    return None\n"
    assert [] == _codes(code, Settings(select=("CS002",)))


def test_WHEN_unused_deviation_THEN_cs002_fix_removes_block() -> None:
    code = "x = 1\n# DEVIATION(CS202): old\n# Reason: old\ndef run() -> None:\n    pass\n"
    violation = lint_text(code, REGISTRY, None, ONLY_TYPES).violations[0]
    assert "x = 1\ndef run() -> None:\n    pass\n" == apply_edits(SourceFile(code), violation.fix.edits)


def test_WHEN_ignore_file_THEN_nothing_reported() -> None:
    assert [] == _codes("# chris-style: ignore-file\ndef run(command):\n    pass\n")


def test_WHEN_ignore_file_with_codes_THEN_only_those_skipped() -> None:
    assert [(2, TEST_CS201)] == _codes("# chris-style: ignore-file[CS202]\ndef run(command):\n    pass\n")


def test_WHEN_crlf_file_with_noqa_THEN_silenced() -> None:
    assert [] == _codes("def run(command):  # noqa: CS201, CS202\r\n    pass\r\n")


def _apply(code: str, make_fix) -> str:
    source = SourceFile(code)
    violation = lint_text(code, REGISTRY, None, Settings(select=("CS202",))).violations[0]
    return apply_edits(source, make_fix(source, cst.parse_module(code), violation).edits)


def test_WHEN_noqa_action_on_line_with_noqa_list_THEN_code_appended() -> None:
    assert "def run():  # noqa: CS201, CS202\n    pass\n" == _apply("def run():  # noqa: CS201\n    pass\n", noqa_fix)


def test_WHEN_noqa_action_on_backslash_line_THEN_noqa_where_the_continuation_ends_and_it_silences() -> None:
    code = "def run(a: int = 1 + \\\n        2):\n    pass\n"
    fixed = _apply(code, noqa_fix)
    assert ("def run(a: int = 1 + \\\n        2):  # noqa: CS202\n    pass\n", []) == (
        fixed, _codes(fixed, Settings(select=("CS202", "CS002")))
    )


def test_WHEN_finding_starts_inside_multiline_string_THEN_noqa_after_the_string_silences_it() -> None:
    long_line = "word " * 30
    code = f'TEXT = """\n{long_line}\n"""\n'
    suppressed = f'TEXT = """\n{long_line}\n"""  # noqa: CS605\n'
    settings = Settings(select=("CS605", "CS002"))
    assert ([(2, "CS605")], []) == (_codes(code, settings), _codes(suppressed, settings))


def test_WHEN_comment_ends_with_backslash_THEN_not_a_continuation() -> None:
    code = "def run(command):  # a path: C:\\\n    pass\n"
    source = SourceFile(code)
    places = CommentPlaces.of(source, cst.parse_module(code))
    assert 0 == places.noqa_line(0)


def test_WHEN_noqa_edits_for_several_findings_THEN_one_comment_per_line_merged_into_an_existing_list() -> None:
    code = "def run(a):  # noqa: E501\n    pass\n\n\ndef stop(b):\n    pass\n"
    source = SourceFile(code)
    violations = lint_text(code, REGISTRY, None, ONLY_TYPES).violations
    edits = noqa_edits(CommentPlaces.of(source, cst.parse_module(code)), violations, "legacy")
    expected = "def run(a):  # noqa: E501, CS201, CS202\n    pass\n\n\ndef stop(b):  # noqa: CS201, CS202  # legacy\n    pass\n"
    assert expected == apply_edits(source, edits)


def test_WHEN_deviation_edits_for_findings_in_one_statement_THEN_one_block_naming_every_code() -> None:
    code = "class A:\n    @property\n    def run(self, a):\n        return 1\n"
    source = SourceFile(code)
    violations = lint_text(code, REGISTRY, None, ONLY_TYPES).violations
    fixed = apply_edits(source, deviation_edits(CommentPlaces.of(source, cst.parse_module(code)), violations, "old API"))
    expected = (
        "class A:\n    # DEVIATION(CS201, CS202): missing-parameter-annotation, missing-return-annotation\n"
        "    # Reason: old API\n    @property\n    def run(self, a):\n        return 1\n"
    )
    assert (expected, []) == (fixed, _codes(fixed))


def test_WHEN_deviation_action_on_method_THEN_block_at_method_indent_above_decorators() -> None:
    code = "class A:\n    @property\n    def run(self):\n        return 1\n"
    expected = "class A:\n    # DEVIATION(CS202): \n    # Reason: \n    @property\n    def run(self):\n        return 1\n"
    assert expected == _apply(code, deviation_fix)


def test_WHEN_deviation_action_applied_THEN_diagnostic_gone_and_no_cs001() -> None:
    fixed = _apply("import os\n\ndef run():\n    return 1\n", deviation_fix)
    assert [] == _codes(fixed)


def test_WHEN_comment_finding_suppressed_by_noqa_on_its_own_line_THEN_silenced_not_unused() -> None:
    code = "def run() -> None:\n    # Increment the counter  # noqa: CS303\n    count += 1\n"
    assert [] == _codes(code, Settings(select=("CS303", "CS002")))


def test_WHEN_deviation_records_an_undocumented_value_THEN_it_silences_it_and_is_not_taken_for_documentation() -> None:
    code = "import os\n\n# DEVIATION(CS304): undocumented-magic-number\n# Reason: legacy\nBILLING_PERIOD = 730\n"
    assert [] == _codes(code, Settings(select=("CS304", "CS002")))


def _whole_module_fixes(source: SourceFile, module: cst.Module, violation: Violation) -> Tuple[object, object]:
    """What noqa_fix and deviation_fix must give, found from the whole module (CommentPlaces.of, as `chris-style
    suppress` reads it): the `# noqa` edit, and the line the deviation block goes above."""
    places = CommentPlaces.of(source, module)
    noqa = noqa_edits(places, [violation])
    return (noqa[0] if noqa else None), places.statement_start(violation.range.start.line)


@pytest.mark.parametrize("path", [None, *SERVER_MODULES], ids=["awkward", *(path.name for path in SERVER_MODULES)])
def test_WHEN_suppressions_are_offered_THEN_they_equal_those_found_from_the_whole_module(
    path: Optional[Path],
) -> None:
    code = AWKWARD_MODULE if path is None else path.read_text(encoding="utf-8")
    source = SourceFile(code, PurePosixPath("package/module.py"))
    module = source.parse()
    violations = lint(source, Settings(), REGISTRY).violations
    context = RuleContext(source, module, Settings())
    for violation in violations + [replace(violation, range=TextRange.of(line, 0, line, 0)) for line in range(
        len(source.lines)) for violation in violations[:1]]:
        noqa, deviation = noqa_fix(source, module, violation, context), deviation_fix(source, module, violation)
        expected = _whole_module_fixes(source, module, violation)
        actual = (noqa.edits[0] if noqa else None, deviation.edits[0].range.start.line if deviation else None)
        assert expected == actual
