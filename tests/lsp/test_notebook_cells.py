"""A notebook's code cells joined into one module (lsp/notebook_cells.py): IPython syntax masked in place, and
ranges and edits mapped back to the cells."""

import ast

import pytest

from chris_style.linting.rule import Edit
from chris_style.linting.source import Position, TextRange
from chris_style.lsp.notebook_cells import Cell, NotebookModule

CELLS = [
    Cell("c0", 1, "import os\n%matplotlib inline\nx = 1"),
    Cell("c1", 1, ""),
    Cell("c2", 1, "%%bash\n  echo hi\n"),
    Cell("c3", 1, "files = !ls\nfor name in files:\n    !echo name\nlen?\n"),
    Cell("c4", 1, 'text = """\n%d of them\n""" % 3\n'),
]


@pytest.fixture
def module() -> NotebookModule:
    return NotebookModule.join(CELLS)


def test_WHEN_cells_joined_THEN_ipython_lines_are_placeholders_of_their_length_AND_the_module_parses(
    module: NotebookModule,
) -> None:
    expected = (
        "import os\n...#plotlib inline\nx = 1\n#%bash\n# echo hi\nfiles = ...\nfor name in files:\n"
        "    ...#o name\n...#\ntext = \"\"\"\n%d of them\n\"\"\" % 3\n"
    )
    lines = [(cell.uri, cell.first_line, cell.line_count) for cell in module.cells]
    assert (expected, [1, 3, 4, 5, 7, 8]) == (module.text, sorted(module.masked))
    assert [("c0", 0, 3), ("c1", 3, 0), ("c2", 3, 2), ("c3", 5, 4), ("c4", 9, 3)] == lines
    ast.parse(module.text)


@pytest.mark.parametrize(
    ("joined", "expected"),
    [
        (TextRange.of(2, 0, 2, 5), ("c0", TextRange.of(2, 0, 2, 5))),
        (TextRange.of(6, 4, 7, 2), ("c3", TextRange.of(1, 4, 2, 2))),
        (TextRange.of(2, 0, 6, 0), ("c0", TextRange.of(2, 0, 2, 5))),
        (TextRange.of(1, 0, 1, 3), None),
    ],
    ids=["in a cell", "later cell", "running into the next cells", "on a placeholder"],
)
def test_WHEN_a_range_of_the_module_is_mapped_THEN_it_is_in_its_cell(
    module: NotebookModule, joined: TextRange, expected: object
) -> None:
    placed = module.to_cell(joined)
    assert expected == (None if placed is None else (placed[0].uri, placed[1]))


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (Edit(TextRange.of(2, 0, 3, 0), "y = 2\n"), ("c0", Edit(TextRange.of(2, 0, 2, 5), "y = 2"))),
        (Edit(TextRange.of(3, 0, 3, 0), "import json\n"), ("c0", Edit(TextRange.of(2, 5, 2, 5), "\nimport json"))),
        (Edit(TextRange.of(12, 0, 12, 0), "z = 3\n"), ("c4", Edit(TextRange.of(3, 0, 3, 0), "z = 3\n"))),
        (Edit(TextRange.of(5, 0, 5, 11), "files = []"), None),
        (Edit(TextRange.of(2, 0, 6, 0), ""), None),
    ],
    ids=["up to the cell's end", "above a cell magic", "after the last cell", "on a placeholder", "across cells"],
)
def test_WHEN_an_edit_of_the_module_is_mapped_THEN_it_is_made_in_one_cell_or_not_at_all(
    module: NotebookModule, edit: Edit, expected: object
) -> None:
    placed = module.edit_to_cell(edit)
    assert expected == (None if placed is None else (placed[0].uri, placed[1]))


def test_WHEN_position_of_a_cell_THEN_position_of_the_module() -> None:
    module = NotebookModule.join(CELLS)
    assert (Position(7, 4), None) == (module.from_cell("c3", Position(2, 4)), module.from_cell("other", Position(0, 0)))
