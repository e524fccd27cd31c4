"""Comments that document a statement, and data literals documented by one: the guide's Inline Comments for
Provenance (CS306 asks for the comment; CS605 lets the lines of such pasted data run long) and its Hardcoded
Values Documentation (CS304 asks for a comment on a number)."""

import io
import logging
import re
import tokenize
from typing import TYPE_CHECKING, List, Optional, Sequence, Set, Tuple

import libcst as cst

from chris_style.linting import tree
from chris_style.linting.source import Position
from chris_style.linting.suppressions import DEVIATION_PATTERN, REASON_PATTERN

if TYPE_CHECKING:
    from chris_style.linting.rule import RuleContext

logger = logging.getLogger(__name__)

# Comments that talk to tools, not to readers: they document nothing.
PRAGMA_PATTERN = re.compile(
    r"^#\s*(noqa\b|type:|pragma\b|pylint:|fmt:|isort:|mypy:|pyright:|ruff:|nosec\b|flake8\b|-\*-|!)", re.I
)
NUMBER_TYPES = (cst.Integer, cst.Float, cst.Imaginary)
CONTAINER_TYPES = (cst.List, cst.Dict, cst.Set, cst.Tuple)
# Builtins that only freeze or convert a literal written in place: `frozenset({...})`.
LITERAL_WRAPPERS = frozenset({"frozenset", "tuple", "set", "list", "dict", "OrderedDict"})
LITERAL_NAMES = frozenset({"None", "True", "False"})
COMPUTED_TYPES = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.StarredElement, cst.StarredDictElement)
# What `is_data` counts, by exact class (a parsed tree holds libcst's own classes only; `type(node) in` is much
# cheaper than `isinstance` against libcst's abstract-based classes, and the walk asks it of every node).
_COMPUTED = frozenset(COMPUTED_TYPES)
_LITERAL_LEAVES = frozenset((cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, *NUMBER_TYPES))
_REFERENCES = frozenset((cst.Attribute, cst.Call, cst.Lambda))
# Where `is_data` looks: every node that is, or may hold, one of the classes it counts (whitespace, commas and
# brackets are passed over).
_DATA_REACH = frozenset((*_COMPUTED, *_LITERAL_LEAVES, *_REFERENCES, cst.Name))
_OPENERS = ("[", "{", "(")
# A comment that names where data came from: a link, or words such as "source", "see", "from", "copied".
SOURCE_HINT = re.compile(r"://|\b(source|sources|see|from|copied|generated|taken|based on|via|per|according to)\b", re.I)


def documents(comment_text: str) -> bool:
    """True when a comment says something to a reader: `# noqa: E501  # seconds` does, `# fmt: off` does not."""
    return any(part.strip() and not PRAGMA_PATTERN.match(f"#{part}") for part in comment_text.split("#")[1:])


def documenting_comment(comment: Optional[cst.Comment]) -> bool:
    return comment is not None and documents(comment.value)


def leading_lines(module: cst.Module, statement: cst.BaseStatement) -> Sequence[cst.EmptyLine]:
    """The lines above a statement; libcst keeps those above the module's first statement in its header."""
    if not statement.leading_lines and module.body and module.body[0] is statement:
        return module.header
    return statement.leading_lines


def comment_directly_above(module: cst.Module, statement: cst.BaseStatement) -> bool:
    """True when the comment lines right above the statement (no blank line between) say something to a
    reader; a pragma such as `# fmt: off` alone does not, nor does the guide's deviation record (`# DEVIATION(…)`
    and its `# Reason:`): it says why the guide is not followed, and silences the finding itself (were it taken
    for documentation, the finding would vanish and the deviation be reported unused)."""
    block: List[str] = []
    for line in reversed(leading_lines(module, statement)):
        if line.comment is None:
            break
        block.insert(0, line.comment.value.strip())
    in_deviation = False
    for text in block:
        if DEVIATION_PATTERN.match(text) or (in_deviation and REASON_PATTERN.match(text)):
            in_deviation = True
            continue
        in_deviation = False
        if documents(text):
            return True
    return False


def comment_lines(code: str) -> Set[int]:
    """The 1-based rows of `code` (one complete statement) that hold a documenting comment."""
    rows: Set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT and documents(token.string):
                rows.add(token.start[0])
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return rows
    return rows


def data_literal(value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """The list, dict, set or tuple display a value is, also inside `frozenset(...)` and the like; else None."""
    if isinstance(value, CONTAINER_TYPES):
        return value
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Name) or len(value.args) != 1:
        return None
    argument = value.args[0].value
    if isinstance(argument, CONTAINER_TYPES) and value.func.value in LITERAL_WRAPPERS:
        return argument
    return None


def is_data(literal: cst.BaseExpression) -> bool:
    """Data is mostly literal leaves, written out in place; a table of functions or classes
    (`{"a": handle_a}`) or one computed in part (`{**{n: f(n) for n in NAMES}}`) is code."""
    literals = 0
    references = 0
    reach = tree.Reach.of(_DATA_REACH)
    stack: List[cst.CSTNode] = [literal]
    while stack:
        node = stack.pop()
        node_type = type(node)
        if node_type in _COMPUTED:
            return False
        if node_type in _LITERAL_LEAVES:
            literals += 1
        elif node_type is cst.Name:
            if node.value in LITERAL_NAMES:  # type: ignore[attr-defined]
                literals += 1
            else:
                references += 1
        elif node_type in _REFERENCES:
            references += 1
        else:
            stack.extend(reach.children(node))
    return literals > 2 * references


def code_span(context: "RuleContext", node: cst.BaseExpression) -> Tuple[Position, Position]:
    """Where the node's code starts and ends (0-based lines), its own parentheses included, from the positions
    of the statement holding it: cheaper than generating its code for a data literal thousands of lines long,
    and computed once for every rule that asks."""
    first = node.lpar[0] if node.lpar else node
    last = node.rpar[-1] if node.rpar else node
    return context.range_of(first).start, context.range_of(last).end


def code_line_count(context: "RuleContext", node: cst.BaseExpression) -> int:
    """How many lines the node's code spans, its own parentheses included."""
    start, end = code_span(context, node)
    return end.line - start.line + 1


def assigned_data(statement: cst.BaseStatement) -> Optional[cst.BaseExpression]:
    """The data literal a statement line assigns (`NAME = [...]`, `NAME: T = {...}`), else None."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, (cst.Assign, cst.AnnAssign)) or small.value is None:
        return None
    literal = data_literal(small.value)
    return literal if literal is not None and is_data(literal) else None


def documented_at_its_top(
    context: "RuleContext", statement: cst.SimpleStatementLine, literal: cst.BaseExpression
) -> bool:
    """True when the assignment of a data literal carries a comment where a reader looks for its source: the
    lines right above it, its first line, or the first line inside the literal when that comment names a source
    (`PRICES = {` then `# https://aws.amazon.com/.../pricing/`; a heading such as `# Informational.` opening
    the first section of a table does not). The lines are read from the buffer, where the statement's positions
    say they are."""
    if comment_directly_above(context.module, statement):
        return True
    statement_range = context.range_of(statement)
    start = statement_range.start
    # A comment is whole on its line, so the statement's first line alone tokenizes to the same comments there.
    if 1 in comment_lines(context.source.line_text(start.line)[start.column :]):
        return True
    literal_start, literal_end = code_span(context, literal)
    # The literal's code on its first line: up to its end, or to the end of the line when it goes on.
    first_end = literal_end.column if literal_end.line == literal_start.line else None
    literal_first = context.source.line_text(literal_start.line)[literal_start.column : first_end]
    opens_alone = literal_first.rstrip().endswith(_OPENERS)
    spans_lines = statement_range.end.line > start.line
    first_inside = context.source.line_text(start.line + 1).strip() if opens_alone and spans_lines else ""
    return first_inside.startswith("#") and documents(first_inside) and SOURCE_HINT.search(first_inside) is not None
