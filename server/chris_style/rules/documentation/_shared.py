"""Helpers of two or more section 3 rules: the comments that document a statement (CS304, CS306), the
assignments they judge and where those stand (CS304-CS306), docstrings (CS301, CS302), indentation
(CS301, CS303, CS306) and enum classes (CS303, CS304)."""

import logging
import re
from typing import List, Optional, Sequence, Set, Union

import libcst as cst

from chris_style.linting import provenance
from chris_style.linting.provenance import NUMBER_TYPES  # noqa: F401 (the section's rules read it here)
from chris_style.linting.rule import Rule, RuleContext
from chris_style.linting.syntax import is_name

logger = logging.getLogger(__name__)

Assignment = Union[cst.Assign, cst.AnnAssign]
# A pragma after a comment's own words (`# Execute the command.  # noqa: CS303`).
TRAILING_PRAGMA_PATTERN = re.compile(r"\s#" + provenance.PRAGMA_PATTERN.pattern.removeprefix("^#"), re.I)
ENUM_BASE_SUFFIXES = ("Enum", "Flag")


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _documents(comment_text: str) -> bool:
    """True when a comment says something to a reader (the engine's `provenance.documents`)."""
    return provenance.documents(comment_text)


def words_before_pragmas(comment_text: str) -> str:
    """A comment's words for a reader, without the `#` and the tool pragmas after them: `# Execute the command.  #
    noqa: CS303` is `Execute the command.` (so that suppressing the comment's finding does not change it)."""
    match = TRAILING_PRAGMA_PATTERN.search(comment_text)
    text = comment_text[: match.start()] if match is not None else comment_text
    return text.lstrip("#").strip()


def _documenting_comment(comment: Optional[cst.Comment]) -> bool:
    return provenance.documenting_comment(comment)


def _leading_lines(context: RuleContext, statement: cst.BaseStatement) -> Sequence[cst.EmptyLine]:
    """The lines above a statement; libcst keeps those above the module's first statement in its header."""
    return provenance.leading_lines(context.module, statement)


def _comment_directly_above(context: RuleContext, statement: cst.BaseStatement) -> bool:
    """True when the comment lines right above the statement (no blank line between) say something to a
    reader; a pragma such as `# fmt: off` alone does not."""
    return provenance.comment_directly_above(context.module, statement)


def _comment_lines(code: str) -> Set[int]:
    """The 1-based rows of `code` (one complete statement) that hold a documenting comment."""
    return provenance.comment_lines(code)


def _assignment_targets(node: Assignment) -> List[cst.BaseAssignTargetExpression]:
    if isinstance(node, cst.Assign):
        return [target.target for target in node.targets]
    return [node.target]


def _simple_names(node: Assignment) -> Optional[List[str]]:
    """The assigned names when every target is a plain name, else None."""
    names = []
    for target in _assignment_targets(node):
        if not isinstance(target, cst.Name):
            return None
        names.append(target.value)
    return names


def _statement_line(rule: Rule) -> Optional[cst.SimpleStatementLine]:
    """The statement line holding the small statement being visited."""
    ancestors = rule.context.ancestors
    if ancestors and isinstance(ancestors[-1], cst.SimpleStatementLine):
        return ancestors[-1]
    return None


def _in_main_block(context: RuleContext) -> bool:
    """True under `if __name__ == "__main__":`, where module-level code is a script's, not the module's."""
    return any(isinstance(ancestor, cst.If) and _is_main_test(ancestor.test) for ancestor in context.ancestors)


def _is_main_test(test: cst.BaseExpression) -> bool:
    """`__name__ == "__main__"`, either way round (any string literal: what it says is not read)."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    comparison = test.comparisons[0]
    if not isinstance(comparison.operator, cst.Equal):
        return False
    left, right = test.left, comparison.comparator
    return (is_name(left, "__name__") and isinstance(right, cst.SimpleString)) or (
        isinstance(left, cst.SimpleString) and is_name(right, "__name__")
    )


def _line_indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _docstring_string(body: Union[cst.BaseSuite, cst.Module]) -> Optional[cst.BaseExpression]:
    """The string expression that opens a module, class or function body, if any."""
    statements: Sequence[cst.CSTNode] = body.body
    if not statements:
        return None
    first = statements[0]
    if isinstance(first, cst.SimpleStatementLine):
        if not first.body:
            return None
        first = first.body[0]
    if isinstance(first, cst.Expr) and isinstance(
        first.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
    ):
        return first.value
    return None


def _is_enum_class(node: cst.ClassDef) -> bool:
    for base in node.bases:
        value = base.value
        name = (
            value.attr.value if isinstance(value, cst.Attribute) else value.value if isinstance(value, cst.Name) else ""
        )
        if name.endswith(ENUM_BASE_SUFFIXES):
            return True
    return False
