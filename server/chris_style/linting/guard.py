"""Refusing what the parser cannot take: code nested or chained so deeply that libcst would crash the process
(a native stack overflow), take minutes (its time grows with the square of a chain's length), or leave the
rules beyond Python's recursion limit.

A cheap scan of the text (brackets, logical line lengths) lets ordinary code straight through. Code that looks
extreme is asked of CPython's own parser, which refuses too-deep code safely: it either raises (too many nested
parentheses is a syntax error there too), or gives a tree whose depth is then measured. Deeper than
MAX_NESTING, the buffer is not analysed, and the caller says so in one message instead of crashing.
"""

import ast
import logging
import re
import warnings
from dataclasses import dataclass
from typing import Optional, Tuple

logger = logging.getLogger(__name__)

# Expressions and blocks nested deeper than this are not analysed. CPython itself refuses more than 200 nested
# brackets; the rules walk a little over one Python frame per level, well inside the recursion limit of 1,000.
MAX_NESTING = 400
# Below these, no code can nest deep enough to matter, so CPython's parser is not even asked.
SUSPICIOUS_BRACKET_DEPTH = 100
SUSPICIOUS_LOGICAL_LINE = 2_000
_TOKENS = re.compile(r"[()\[\]{}]|\\?\n")
# CPython's message for more than 200 nested brackets: a syntax error for every Python, so CS000 reports it.
TOO_MANY_PARENTHESES = "too many nested parentheses"
TOO_DEEP = f"too deeply nested to analyse (more than {MAX_NESTING} levels)"


@dataclass
class Refusal:
    """Why a buffer is not parsed: a syntax error CPython reports (with its place) or too deep a structure."""

    message: str
    # 1-based line and 0-based column of a syntax error; None for a refusal of depth.
    line: Optional[int] = None
    column: int = 0


def _scan(text: str) -> Tuple[int, int]:
    """The deepest bracket nesting and the longest logical line (in characters) of the text; strings and
    comments are not told apart, so a bracket inside one counts too (a false alarm only costs a parse by
    CPython)."""
    depth = deepest = longest = 0
    logical_start = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in ")]}":
            depth = max(depth - 1, 0)
        elif token == "\n" and depth == 0:
            longest = max(longest, match.start() - logical_start)
            logical_start = match.end()
    return deepest, max(longest, len(text) - logical_start)


def _depth(tree: ast.AST) -> int:
    """The deepest nesting of the tree, walked without recursion."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def refusal(text: str) -> Optional[Refusal]:
    """Why `text` must not be handed to libcst, or None (the common case, decided by a scan of the text)."""
    return screen(text)[0]


def screen(text: str) -> Tuple[Optional[Refusal], Optional[ast.Module]]:
    """Why `text` must not be handed to libcst, or None; with Python's tree of the text when CPython's parser
    was asked (code that looked extreme), for the caller to use rather than parse the text again."""
    deepest, longest = _scan(text)
    if deepest <= SUSPICIOUS_BRACKET_DEPTH and longest <= SUSPICIOUS_LOGICAL_LINE:
        return None, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as error:
        if error.msg.startswith(TOO_MANY_PARENTHESES):
            return Refusal(error.msg, error.lineno, max((error.offset or 1) - 1, 0)), None
        # Another syntax error, or syntax newer than this Python: libcst decides, unless it would crash.
        return (Refusal(TOO_DEEP) if deepest > MAX_NESTING else None), None
    except (RecursionError, MemoryError):
        return Refusal(TOO_DEEP), None
    except ValueError:
        return None, None  # a null byte and the like: libcst reports it
    if _depth(tree) > MAX_NESTING:
        return Refusal(TOO_DEEP), None
    return None, tree
