"""Parsing a buffer in pieces must give exactly the module a full parse gives, or give up."""

import ast
from pathlib import Path
from typing import Optional, Tuple

import libcst as cst
import pytest

from chris_style.linting import pieces
from chris_style.linting.pieces import cuts, parse_in_pieces
from chris_style.linting.source import SourceFile, python_tree, split_lines

REPO = Path(__file__).resolve().parents[2]
# Every third module of our own sources and tests, and the bundled examples: real code of every shape.
SOURCE_SAMPLE_STRIDE = 3
REAL_MODULES = sorted(
    path for folder in ("server/chris_style", "tests", "examples") for path in (REPO / folder).rglob("*.py")
)[::SOURCE_SAMPLE_STRIDE]
# Small pieces, so that even short modules are cut in many places.
SMALL_PIECE_LINES = 3


def _module_facts(module: cst.Module) -> Tuple[object, ...]:
    return (module.default_indent, module.default_newline, module.has_trailing_newline, module.encoding)


def check_pieces(text: str, piece_lines: int = SMALL_PIECE_LINES) -> Optional[cst.Module]:
    """Parse in pieces; when that gives a module, it must be the full parse's in every respect."""
    tree = python_tree(text)
    assert tree is not None
    joined = parse_in_pieces(text, tree, piece_lines)
    if joined is None:
        return None
    full = cst.parse_module(text)
    assert (True, _module_facts(full)) == (joined.deep_equals(full), _module_facts(joined))
    return joined


def _functions(count: int, between: str = "\n\n", indent: str = "    ") -> str:
    return between.join(f"def function_{index}(value):\n{indent}return value + {index}\n" for index in range(count))


@pytest.mark.parametrize("path", REAL_MODULES, ids=[str(path.relative_to(REPO)) for path in REAL_MODULES])
def test_WHEN_real_module_parsed_in_pieces_THEN_it_equals_the_full_parse(path: Path) -> None:
    check_pieces(path.read_text(encoding="utf-8"))


def test_WHEN_real_modules_parsed_in_pieces_THEN_most_are_cut() -> None:
    """The equality above is not vacuous: most modules are put together from pieces, not given up on."""
    joined = [check_pieces(path.read_text(encoding="utf-8")) is not None for path in REAL_MODULES]

    assert sum(joined) > len(joined) * 0.8


@pytest.mark.parametrize(
    "text",
    [
        _functions(6),
        _functions(6, between="\n\n# a comment for the next function\n\n"),
        _functions(6, between="\n\n@decorator\n"),
        _functions(6).replace("\n", "\r\n"),
        _functions(6, indent="\t"),
        _functions(6, indent="  "),
        "# -*- coding: latin-1 -*-\n" + _functions(6),
        '"""Docstring."""\n\nimport os\n' + _functions(6),
        "x = 1\ny = 2\nz = 3\n" + _functions(6, indent="  "),
        _functions(6, between="\n    # indented: the block before claims it\n"),
        _functions(6, between="\n  \n"),
        _functions(6).rstrip("\n"),
        _functions(6) + "\n\n# trailing comment\n",
        "class A:\n    x = 1\n\n\nclass B:\n\tx = 1\n\n\nclass C:\n    x = 1\n",
        "if x:\n    a = 1\nelse:\n    a = 2\n" * 4,
        "a = 1; b = 2\n" * 8,
        "x = 1 + \\\n    2\n" * 6,
    ],
    ids=[
        "functions", "comments between", "decorators", "CRLF", "tabs", "two spaces", "coding cookie", "docstring",
        "blocks after simple statements", "indented comment between", "blank line with spaces", "no final newline",
        "trailing comment", "mixed indentation", "if-else", "semicolons", "backslash continuations",
    ],
)
def test_WHEN_shape_parsed_in_pieces_THEN_it_equals_the_full_parse_or_gives_up(text: str) -> None:
    check_pieces(text)


def test_WHEN_functions_parsed_in_pieces_THEN_each_piece_holds_whole_statements() -> None:
    text = _functions(6)
    tree = python_tree(text)
    assert tree is not None

    assert [6, 10, 14, 18] == cuts(tree, split_lines(text), piece_lines=SMALL_PIECE_LINES)
    assert check_pieces(text) is not None


def test_WHEN_comment_lines_lead_into_a_statement_THEN_they_are_its_leading_lines() -> None:
    joined = check_pieces(_functions(6, between="\n\n# a comment for the next function\n\n"))

    assert joined is not None
    assert ["", "", "# a comment for the next function", ""] == [
        line.comment.value if line.comment else "" for line in joined.body[1].leading_lines
    ]


def test_WHEN_an_indented_comment_is_between_statements_THEN_no_cut_is_made_there() -> None:
    text = _functions(2, between="\n    # claimed by function_0\n")
    tree = python_tree(text)
    assert tree is not None

    assert [] == cuts(tree, split_lines(text), piece_lines=1)


def test_WHEN_indentation_differs_between_pieces_THEN_parse_in_pieces_gives_up() -> None:
    assert None is check_pieces("def a():\n  return 1\n\n\ndef b():\n    return 2\n", piece_lines=1)


def test_WHEN_source_is_long_THEN_pieces_parse_gives_the_full_parse() -> None:
    text = _functions(2 * pieces.PIECE_LINES)
    tree = python_tree(text)
    assert tree is not None

    module, python = pieces.parse(SourceFile(text))

    assert len(cuts(tree, split_lines(text))) > 1
    assert module.deep_equals(cst.parse_module(text))
    assert python is not None and ast.dump(tree) == ast.dump(python)


def test_WHEN_source_does_not_parse_THEN_pieces_parse_raises_the_full_parse_error() -> None:
    text = _functions(2 * pieces.PIECE_LINES) + "def broken(:\n"

    with pytest.raises(cst.ParserSyntaxError) as raised:
        pieces.parse(SourceFile(text))

    assert len(split_lines(text)) == raised.value.raw_line
