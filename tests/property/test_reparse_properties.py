"""Property-based: for random valid programs (hypothesmith) and random line edits, re-parsing only the edited
statements gives the full parse's tree or gives up, never a different tree; and the incremental lint of the
edited program finds exactly what a fresh lint finds."""

from pathlib import PurePosixPath

import hypothesmith
import libcst as cst
from hypothesis import assume, given
from hypothesis import strategies as st

from chris_style.config.settings import Settings
from chris_style.linting.reparse import ParsedBuffer
from chris_style.linting.runner import lint, lint_edit
from chris_style.linting.source import LINE, SourceFile, split_lines
from chris_style.rules import REGISTRY
from tests.linting.test_reparse import EDITS, check_reparse
from tests.property.test_fix_properties import PROPERTY_SETTINGS


@PROPERTY_SETTINGS
@given(hypothesmith.from_node(), st.sampled_from(sorted(EDITS)), st.floats(min_value=0.0, max_value=1.0))
def test_WHEN_random_program_edited_THEN_reparse_equals_full_parse_or_gives_up(
    code: str, edit_name: str, where: float
) -> None:
    try:
        module = cst.parse_module(code)
    except (cst.ParserSyntaxError, RecursionError):
        assume(False)
        return
    lines = split_lines(code)
    edited = "".join(EDITS[edit_name](lines, int(where * len(lines))))
    check_reparse(ParsedBuffer(code, module), edited)


@PROPERTY_SETTINGS
@given(hypothesmith.from_node(), st.sampled_from(sorted(EDITS)), st.floats(min_value=0.0, max_value=1.0))
def test_WHEN_random_program_edited_THEN_the_incremental_lint_equals_a_fresh_lint(
    code: str, edit_name: str, where: float
) -> None:
    path = PurePosixPath("tests/test_module.py")
    try:
        cst.parse_module(code)
    except (cst.ParserSyntaxError, RecursionError):
        assume(False)
        return
    lines = split_lines(code)
    edited = "".join(EDITS[edit_name](lines, int(where * len(lines))))
    _, previous = lint_edit(SourceFile(code, path), Settings(), REGISTRY)
    incremental, _ = lint_edit(SourceFile(edited, path), Settings(), REGISTRY, previous=previous)
    assert lint(SourceFile(edited, path), Settings(), REGISTRY).violations == incremental.violations


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(["a", " ", "#", "\n", "\r", "\r\n", "\t", "\x0c"]), max_size=40).map("".join))
def test_WHEN_any_text_is_split_into_lines_THEN_each_keeps_its_break_as_the_line_pattern_finds_them(text: str) -> None:
    assert LINE.findall(text) == split_lines(text)
