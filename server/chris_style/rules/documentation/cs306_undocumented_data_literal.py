"""CS306 undocumented-data-literal: a large module-level data literal has no comment saying where the data
came from."""

import logging
from typing import List, Optional

import libcst as cst
import libcst.matchers as m

from chris_style.guide import Guideline, Priority
from chris_style.linting import tree
from chris_style.linting.rule import FixSafety, Invalid, Rule, Scope, Valid
from chris_style.linting.source import Position
from chris_style.rules.documentation._shared import (
    NUMBER_TYPES,
    Assignment,
    _assignment_targets,
    _comment_directly_above,
    _comment_lines,
    _in_main_block,
    _is_dunder,
    _line_indent,
    _simple_names,
    _statement_line,
)

logger = logging.getLogger(__name__)

CONTAINER_TYPES = (cst.List, cst.Dict, cst.Set, cst.Tuple)
# Builtins that only freeze or convert a literal written in place: `frozenset({...})`.
LITERAL_WRAPPERS = frozenset({"frozenset", "tuple", "set", "list", "dict", "OrderedDict"})
LITERAL_NAMES = frozenset({"None", "True", "False"})
COMPUTED_TYPES = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.StarredElement, cst.StarredDictElement)
SOURCE_COMMENT = "# Source: "


def _data_literal(value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    if isinstance(value, CONTAINER_TYPES):
        return value
    wrapped = m.Call(func=m.Name(), args=[m.Arg(value=m.List() | m.Dict() | m.Set() | m.Tuple())])
    if m.matches(value, wrapped) and value.func.value in LITERAL_WRAPPERS:  # type: ignore[attr-defined]
        return value.args[0].value  # type: ignore[attr-defined]
    return None


def _is_data(literal: cst.BaseExpression) -> bool:
    """Data is mostly literal leaves, written out in place; a table of functions or classes
    (`{"a": handle_a}`) or one computed in part (`{**{n: f(n) for n in NAMES}}`) is code."""
    literals = 0
    references = 0
    stack: List[cst.CSTNode] = [literal]
    while stack:
        node = stack.pop()
        if isinstance(node, COMPUTED_TYPES):
            return False
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, *NUMBER_TYPES)):
            literals += 1
        elif isinstance(node, cst.Name):
            if node.value in LITERAL_NAMES:
                literals += 1
            else:
                references += 1
        elif isinstance(node, (cst.Attribute, cst.Call, cst.Lambda)):
            references += 1
        else:
            stack.extend(tree.children(node))
    return literals > 2 * references


class UndocumentedDataLiteral(Rule):
    """A large module-level data literal has no comment saying where the data came from.

    The guide's Inline Comments for Provenance (PREFERRED): "When data is generated or derived from external
    sources (AI, documentation, conversations), include inline comments documenting the source and method",
    as in `# See: https://schema.ocsf.io/1.1.0/` above `OCSF_EVENT_CLASSES = [...]`.

    Reported: a module-level assignment of a list, dict, set or tuple literal (also inside `frozenset(...)`,
    `tuple(...)` and the like) spanning at least `data-literal-min-lines` lines (default 10), with no comment
    line directly above it and no comment on its first line. Whether a comment names a source cannot be
    judged reliably, so any comment counts (tool pragmas such as `# fmt: off` do not). Exempt: dunder names
    (`__all__`), script code under `if __name__ == "__main__":`, and tables that are mostly code rather than
    data (at most twice as many literals as references to names, attributes or calls, like a dispatch table
    of functions).

    Fix (suggestion): insert a `# Source: ` comment line above the assignment, to complete.
    """

    code = "CS306"
    name = "undocumented-data-literal"
    priority = Priority.PREFERRED
    guideline = Guideline.PROVENANCE_COMMENTS
    message = "Data literal `{name}` ({lines} lines) has no comment saying where the data came from"
    fix_safety = FixSafety.SUGGESTION
    scope = Scope.STATEMENT
    VALID = [
        "# See: https://schema.ocsf.io/1.1.0/\nEVENT_CLASSES = [\n" + "    'class',\n" * 10 + "]\n",
        "EVENT_CLASSES = [  # copied from the OCSF 1.1.0 schema\n" + "    'class',\n" * 10 + "]\n",
        "EVENT_CLASSES = [\n" + "    'class',\n" * 7 + "]\n",
        "__all__ = [\n" + "    'name',\n" * 10 + "]\n",
        "HANDLERS = {\n" + "    'name': handle_name,\n" * 10 + "}\n",
        "MEANINGS = {\n    **{name: f'typing.{name}' for name in NAMES},\n" + "    'a': 'b',\n" * 9 + "}\n",
        "def build() -> list:\n    rows = [\n" + "        'row',\n" * 10 + "    ]\n    return rows\n",
        Valid("EVENT_CLASSES = [\n" + "    'class',\n" * 10 + "]\n", settings={"data-literal-min-lines": 20}),
        "if __name__ == '__main__':\n    exchanges = [\n" + "        'SGD',\n" * 10 + "    ]\n",
    ]
    INVALID = [
        Invalid(
            "import json\n\nEVENT_CLASSES = [\n" + "    {'name': 'x', 'uid': 1},\n" * 9 + "]\n",
            fixed="import json\n\n# Source: \nEVENT_CLASSES = [\n" + "    {'name': 'x', 'uid': 1},\n" * 9 + "]\n",
        ),
        Invalid(
            "# fmt: off\r\nCODES: Dict[str, int] = {\r\n" + "    'a': 1,\r\n" * 9 + "}\r\n",
            fixed="# fmt: off\r\n# Source: \r\nCODES: Dict[str, int] = {\r\n" + "    'a': 1,\r\n" * 9 + "}\r\n",
        ),
        Invalid(
            "if FULL:\n\tNAMES = frozenset({\n" + "\t\t'a',\n" * 9 + "\t})\n",
            fixed="if FULL:\n\t# Source: \n\tNAMES = frozenset({\n" + "\t\t'a',\n" * 9 + "\t})\n",
        ),
        Invalid(
            "ROWS = (\n" + "    ('a', 1),  # first\n" * 9 + ")\n",
            fixed="# Source: \nROWS = (\n" + "    ('a', 1),  # first\n" * 9 + ")\n",
        ),
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node)

    def _check(self, node: Assignment) -> None:
        literal = None if node.value is None else _data_literal(node.value)
        if literal is None or not self.context.at_module_level() or _in_main_block(self.context):
            return
        names = _simple_names(node)
        if not names or any(_is_dunder(name) for name in names):
            return
        statement = _statement_line(self)
        if statement is None:
            return
        code = self.context.code_for(literal)
        lines = code.count("\n") + 1
        if lines < self.settings.data_literal_min_lines or not _is_data(literal):
            return
        if _comment_directly_above(self.context, statement) or self._comment_on_first_line(statement):
            return
        start = self.context.range_of(statement).start.line
        indent = _line_indent(self.source.line_text(start))
        edit = self.insert_at(Position(start, 0), f"{indent}{SOURCE_COMMENT}{self.source.newline}")
        self.report(
            _assignment_targets(node)[0],
            fixes=[self.fix("Insert a `# Source: ` comment", FixSafety.SUGGESTION, edit)],
            name=names[0],
            lines=lines,
        )

    def _comment_on_first_line(self, statement: cst.SimpleStatementLine) -> bool:
        code = self.context.code_for(statement.with_changes(leading_lines=()))
        return "#" in code.split("\n", 1)[0] and 1 in _comment_lines(code)
