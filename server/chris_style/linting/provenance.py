"""Comments that document a statement, and data literals documented by one: the guide's Inline Comments for
Provenance (CS306 asks for the comment; CS605 lets the lines of such pasted data run long) and its Hardcoded
Values Documentation (CS304 asks for a comment on a number)."""

import io
import logging
import re
import tokenize
from typing import List, Optional, Sequence, Set

import libcst as cst
import libcst.matchers as m

from chris_style.linting import tree
from chris_style.linting.suppressions import DEVIATION_PATTERN, REASON_PATTERN

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
    wrapped = m.Call(func=m.Name(), args=[m.Arg(value=m.List() | m.Dict() | m.Set() | m.Tuple())])
    if m.matches(value, wrapped) and value.func.value in LITERAL_WRAPPERS:  # type: ignore[attr-defined]
        return value.args[0].value  # type: ignore[attr-defined]
    return None


def is_data(literal: cst.BaseExpression) -> bool:
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


def assigned_data(statement: cst.BaseStatement) -> Optional[cst.BaseExpression]:
    """The data literal a statement line assigns (`NAME = [...]`, `NAME: T = {...}`), else None."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, (cst.Assign, cst.AnnAssign)) or small.value is None:
        return None
    literal = data_literal(small.value)
    return literal if literal is not None and is_data(literal) else None


def documented_at_its_top(module: cst.Module, statement: cst.SimpleStatementLine, literal: cst.BaseExpression) -> bool:
    """True when the assignment of a data literal carries a comment where a reader looks for its source: the
    lines right above it, its first line, or the first line inside the literal when that comment names a source
    (`PRICES = {` then `# https://aws.amazon.com/.../pricing/`; a heading such as `# Informational.` opening
    the first section of a table does not)."""
    if comment_directly_above(module, statement):
        return True
    code = module.code_for_node(statement.with_changes(leading_lines=()))
    if 1 in comment_lines(code):
        return True
    opens_alone = module.code_for_node(literal).split("\n", 1)[0].rstrip().endswith(("[", "{", "("))
    lines = code.splitlines()
    first_inside = lines[1].strip() if opens_alone and len(lines) > 1 else ""
    return first_inside.startswith("#") and documents(first_inside) and SOURCE_HINT.search(first_inside) is not None
