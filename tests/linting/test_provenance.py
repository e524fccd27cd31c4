"""Data literals read from the buffer where their statement's positions say they are (provenance.py) must be
judged as reading their generated code judges them."""

from pathlib import PurePosixPath
from typing import List, Optional, Tuple

import libcst as cst
import pytest

from chris_style.config.settings import Settings
from chris_style.guide import Guideline, Priority
from chris_style.linting.provenance import (
    code_line_count,
    comment_directly_above,
    comment_lines,
    data_literal,
    documented_at_its_top,
    documents,
    SOURCE_HINT,
)
from chris_style.linting.rule import Rule
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

ROWS = "".join(f"    'row {index}',\n" for index in range(3))
# Assignments of data literals with their comments in every place the rules look, parenthesized, wrapped, on one
# line, nested in a block, with CRLF line breaks.
SNIPPETS = [
    f"NAMES = [\n{ROWS}]\n",
    f"NAMES = [  # https://example.com/names\n{ROWS}]\n",
    f"NAMES = [  # fmt: off\n{ROWS}]\n",
    f"NAMES = [\n    # Source: the registry\n{ROWS}]\n",
    f"NAMES = [\n    # Informational.\n{ROWS}]\n",
    f"# From the registry\nNAMES = [\n{ROWS}]\n",
    f"NAMES = ([\n{ROWS}])\n",
    f"NAMES = (\n    [\n{ROWS}    ]\n)\n",
    f"NAMES = frozenset({{\n    # see the registry\n{ROWS}}})\n",
    f"NAMES = frozenset(\n    {{\n    # see the registry\n{ROWS}}})\n",
    "NAMES = ['a', 'b']  # from the registry\n",
    "NAMES = ['a', 'b']\n",
    "NAMES = 'x # not a comment', [\n    # from the registry\n    'a',\n]\n",
    f"if FULL:\n    NAMES: List[str] = [\n        # copied from the registry\n{ROWS}    ]\n",
    f"if FULL:\n\tNAMES = [  # see\n{ROWS}\t]\n",
    f"NAMES = [\r\n    # Source: the registry\r\n{ROWS.replace(chr(10), chr(13) + chr(10))}]\r\n",
    f'NAMES = ["""\n# not a comment\n""",\n{ROWS}]\n',
    f"NAMES = [ \\\n    # https://example.com\n{ROWS}]\n",
]


def _by_generated_code(module: cst.Module, statement: cst.SimpleStatementLine, literal: cst.BaseExpression) -> bool:
    """The earlier reading, from the statement's and the literal's generated code: the reference."""
    if comment_directly_above(module, statement):
        return True
    code = module.code_for_node(statement.with_changes(leading_lines=()))
    if 1 in comment_lines(code):
        return True
    opens_alone = module.code_for_node(literal).split("\n", 1)[0].rstrip().endswith(("[", "{", "("))
    lines = code.splitlines()
    first_inside = lines[1].strip() if opens_alone and len(lines) > 1 else ""
    return first_inside.startswith("#") and documents(first_inside) and SOURCE_HINT.search(first_inside) is not None


class _Recorder(Rule):
    """Notes, for each data-literal assignment, what the buffer-based and the code-based readings say."""

    code = "CS9990"
    name = "provenance-recorder"
    priority = Priority.OBSERVED
    guideline = Guideline.PROVENANCE_COMMENTS
    message = "never reported"
    seen: List[Tuple[Tuple[int, bool], Tuple[int, bool]]] = []

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        small = node.body[0]
        value = getattr(small, "value", None)
        literal: Optional[cst.BaseExpression] = data_literal(value) if isinstance(value, cst.BaseExpression) else None
        if literal is None:
            return
        module = self.context.module
        expected = (module.code_for_node(literal).count("\n") + 1, _by_generated_code(module, node, literal))
        actual = (code_line_count(self.context, literal), documented_at_its_top(self.context, node, literal))
        type(self).seen.append((expected, actual))


@pytest.mark.parametrize("code", SNIPPETS)
def test_WHEN_a_data_literal_is_read_from_the_buffer_THEN_it_is_judged_as_from_its_code(code: str) -> None:
    _Recorder.seen = []
    lint(SourceFile(code, PurePosixPath("package/data.py")), Settings(), REGISTRY.with_rules(_Recorder))
    expected = [pair[0] for pair in _Recorder.seen]
    actual = [pair[1] for pair in _Recorder.seen]
    assert (expected, 1) == (actual, len(actual))
