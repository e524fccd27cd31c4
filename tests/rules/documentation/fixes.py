"""What the tests of the documentation rules (CS301-CS306) share beyond tests/rules/helpers.py: the text after
one chosen fix of one violation (these rules offer suggestions, and CS304 two of them), which the shared
`fixed_once`, applying every violation's primary fix, does not cover."""

from chris_style.linting.fixes import apply_edits
from chris_style.linting.rule import Violation
from chris_style.linting.source import SourceFile


def with_fix(code: str, violation: Violation, fix_index: int = 0) -> str:
    """`code` after the edits of the violation's fix at `fix_index` (0: its primary fix)."""
    return apply_edits(SourceFile(code), violation.fixes[fix_index].edits)
