"""Re-parsing only the edited statements must give exactly the tree a full parse gives, or give up."""

from pathlib import Path
from typing import Callable, List, Optional, Tuple

import libcst as cst
import pytest

from chris_style.linting.layout import Layout
from chris_style.linting.reparse import ParsedBuffer, reparse
from chris_style.linting.source import split_lines

# Every fifth module of our own sources: real code of every shape, few enough for a quick run.
SOURCE_SAMPLE_STRIDE = 5
SERVER_SOURCES = sorted((Path(__file__).resolve().parents[2] / "server" / "chris_style").rglob("*.py"))[
    ::SOURCE_SAMPLE_STRIDE
]
# Where in a module the line edits below are made: spread over it, both ends included.
EDIT_FRACTIONS = (0.0, 0.3, 0.7, 1.0)
Edit = Callable[[List[str], int], List[str]]


def _insert(text: str) -> Edit:
    return lambda lines, at: [*lines[:at], text, *lines[at:]]


def _delete(lines: List[str], at: int) -> List[str]:
    return [*lines[:at], *lines[at + 1 :]]


def _append_comment(lines: List[str], at: int) -> List[str]:
    if at >= len(lines):
        return lines
    line = lines[at]
    stripped = line.rstrip("\r\n")
    return [*lines[:at], f"{stripped}  # edited{line[len(stripped):]}", *lines[at + 1 :]]


def _join(lines: List[str], at: int) -> List[str]:
    if at + 1 >= len(lines):
        return lines
    return [*lines[:at], lines[at].rstrip("\r\n") + lines[at + 1], *lines[at + 2 :]]


def _indent(lines: List[str], at: int) -> List[str]:
    return lines if at >= len(lines) else [*lines[:at], "    " + lines[at], *lines[at + 1 :]]


# Edits a typist makes: a character, a line, a blank or comment line at either indentation, a new function,
# joined lines and re-indented ones (both may break the code or move statements between blocks).
EDITS = {
    "append comment": _append_comment,
    "delete line": _delete,
    "join lines": _join,
    "indent line": _indent,
    "insert statement": _insert("value = 1\n"),
    "insert body line": _insert("    return None\n"),
    "insert blank line": _insert("\n"),
    "insert comment": _insert("# note\n"),
    "insert indented comment": _insert("    # note\n"),
    "insert decorator": _insert("@decorator\n"),
    "insert function": _insert("\n\ndef added(value):\n    return value\n"),
    "insert open bracket": _insert("values = [\n"),
}


def _full_parse(text: str) -> Optional[cst.Module]:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError:
        return None


def _codegen_layout(module: cst.Module) -> Layout:
    """The layout counted on generated code, independently of the tree-based count."""
    return Layout(
        len(module.header),
        [len(split_lines(module.code_for_node(statement))) for statement in module.body],
        len(module.footer),
    )


def _facts(module: cst.Module, layout: Layout, full: cst.Module) -> Tuple[object, ...]:
    return (
        module.deep_equals(full),
        module.default_indent,
        module.default_newline,
        module.has_trailing_newline,
        module.encoding,
        layout,
    )


def check_reparse(previous: ParsedBuffer, text: str) -> Optional[ParsedBuffer]:
    """Reparse; when it gives a tree, it must be the full parse's in every respect."""
    full = _full_parse(text)
    reparsed = reparse(previous, text)
    if reparsed is None:
        return None
    assert full is not None
    expected = (True, full.default_indent, full.default_newline, full.has_trailing_newline, full.encoding,
                _codegen_layout(full))
    assert expected == _facts(reparsed.module, reparsed.layout, full)
    return reparsed


@pytest.mark.parametrize("path", SERVER_SOURCES, ids=[path.name for path in SERVER_SOURCES])
def test_WHEN_real_module_edited_THEN_reparse_equals_full_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    previous = ParsedBuffer(text, cst.parse_module(text))
    lines = split_lines(text)
    for fraction in EDIT_FRACTIONS:
        for edit in EDITS.values():
            check_reparse(previous, "".join(edit(lines, int(fraction * len(lines)))))


@pytest.mark.parametrize(
    "before, after",
    [
        ("def run(a):\n    return a\n", "def run(a):\n    return a\nx = 1\n"),
        ("x = 1\n", "x = 2"),
        ("# header\nx = 1\ny = 2\n", "# header changed\nx = 1\ny = 2\n"),
        ("x = 1\n\n\ndef f():\n    pass\n", "x = 1\n\n\ndef f():\n    pass\n# trailing\n"),
        ("def f():\n    pass\n\n\nx = 1\n", "def f():\n    pass\n    # claimed by f\n\n\nx = 1\n"),
        ("x = 1\r\ny = 2\r\n", "x = 1\r\ny = 3\r\n"),
        ("def f():\n\treturn 1\nx = 1\ny = 2\n", "def f():\n\treturn 1\nx = 1\ny = 3\n"),
        ("def f():\n  return 1\n\n\ndef g():\n    return 2\n", "x = 0\n\n\ndef g():\n    return 2\n"),
        ("x = 1\ny = 2\n", "x = 1\n  # indented\ny = 2\n"),
        ("x = 1\ny = 2\nz = 3\n", "x = 1\ny = '''\nz = 3\n"),
    ],
    ids=[
        "statement after the last", "trailing newline removed", "header comment", "footer comment",
        "indented comment after a block", "CRLF", "tabs", "first block deleted", "indented comment line",
        "unclosed string",
    ],
)
def test_WHEN_boundary_edit_reparsed_THEN_result_equals_full_parse_or_gives_up(before: str, after: str) -> None:
    check_reparse(ParsedBuffer(before, cst.parse_module(before)), after)


def test_WHEN_line_inside_a_function_edited_THEN_other_statements_are_reused_unchanged() -> None:
    functions = [f"def function_{index}(value):\n    return value\n\n\n" for index in range(5)]
    before = "".join(functions)
    after = before.replace("def function_2(value):\n    return value", "def function_2(value):\n    return 2")
    previous = ParsedBuffer(before, cst.parse_module(before))
    reparsed = check_reparse(previous, after)
    assert reparsed is not None
    reused = [new is old for new, old in zip(reparsed.module.body, previous.module.body)]
    assert [True, True, False, True, True] == reused


def test_WHEN_edit_breaks_the_code_THEN_reparse_gives_up() -> None:
    before = "x = 1\ny = 2\n"
    assert None is reparse(ParsedBuffer(before, cst.parse_module(before)), "x = 1\ny = (2\n")
