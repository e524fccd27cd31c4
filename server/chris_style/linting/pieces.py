"""Parsing a whole buffer a piece at a time, so that no single call into libcst's parser runs for long.

libcst's native parser holds Python's interpreter lock while it tokenizes and parses: a 1,000-line module
keeps every other thread of the process waiting for up to 80 ms. In the language server, that thread is the
one answering hovers and code actions while other documents lint. Parsed in pieces of about `PIECE_LINES`
lines, the longest wait is a few milliseconds, and the parse is no slower (docs/performance.md).

The pieces are cut where Python's own parser (whose tree the caller already has) says one top-level statement
ends and the next begins, with only unindented blank and comment lines between them, and the cut goes right
after the first statement's code. A full parse gives those in-between lines to the next statement, as its
leading lines; a piece parsed alone makes them its module header; so they are moved there. Each piece's
module must agree with the first on the defaults a full parse infers once for the whole text (indentation,
line ending), and every piece but the last must end with its statement. Where anything does not hold,
`parse_in_pieces` gives up and the caller parses the whole text, which also reports any syntax error. Tests
compare the result with a full parse, node for node, on real modules and random programs.
"""

import ast
import logging
from typing import List, Optional, Sequence, Tuple

import libcst as cst

from chris_style.linting import parsing
from chris_style.linting.source import SourceFile, first_line, python_tree, split_lines

logger = logging.getLogger(__name__)

# Lines per piece, at least. Pieces of 50 lines of a dense 1,062-line test module kept the lock for at most
# 7 ms at a time (100 lines: 10 ms; the whole module at once: 77 ms).
PIECE_LINES = 50


def parse(source: SourceFile, python: Optional[ast.Module] = None) -> Tuple[cst.Module, Optional[ast.Module]]:
    """The buffer's module, in pieces where Python's parser can cut it (a buffer of `2 * PIECE_LINES` lines or
    more), else whole, with Python's tree of the text when it was parsed for the cuts or given as `python` (the
    positions use it again; None when it was not parsed, or Python could not parse it); raises
    libcst.ParserSyntaxError as SourceFile.parse does."""
    long_enough = source.text.count("\n") >= 2 * PIECE_LINES
    tree = python_tree(source.text) if python is None and long_enough else python
    module = parse_in_pieces(source.text, tree) if tree is not None and long_enough else None
    return (module if module is not None else source.parse()), tree


def cuts(tree: ast.Module, lines: Sequence[str], piece_lines: int = PIECE_LINES) -> List[int]:
    """The 0-based lines where the pieces after the first start: right after a top-level statement's code,
    when only unindented blank and comment lines come before the next statement; pieces at least `piece_lines`
    long, the last one too."""
    found: List[int] = []
    last = 0
    for before, after in zip(tree.body, tree.body[1:]):
        cut = before.end_lineno or before.lineno  # 1-based last line of `before` = 0-based line after it
        next_start = first_line(after) - 1
        if cut - last < piece_lines or len(lines) - cut < piece_lines or next_start < cut:
            continue
        if all(_unindented_blank_or_comment(line) for line in lines[cut:next_start]):
            found.append(cut)
            last = cut
    return found


def _unindented_blank_or_comment(line: str) -> bool:
    return line.startswith("#") or not line.strip("\r\n")


def parse_in_pieces(text: str, tree: ast.Module, piece_lines: int = PIECE_LINES) -> Optional[cst.Module]:
    """The text's libcst module, parsed a piece at a time; `tree` is Python's own tree of the same text. None
    when the text is too short to cut, or the pieces do not make the module a full parse gives for certain."""
    lines = split_lines(text)
    starts = cuts(tree, lines, piece_lines)
    if not starts:
        return None
    bounds = [0, *starts, len(lines)]
    modules = []
    for start, end in zip(bounds, bounds[1:]):
        try:
            modules.append(parsing.parse_module("".join(lines[start:end])))
        except (cst.ParserSyntaxError, RecursionError):
            return None
    return _joined(modules)


def _joined(modules: Sequence[cst.Module]) -> Optional[cst.Module]:
    """The pieces' modules as one, or None when a full parse could give something else."""
    first, last = modules[0], modules[-1]
    body: List[cst.BaseStatement] = []
    for number, module in enumerate(modules):
        if not module.body or module.default_newline != first.default_newline:
            return None
        if module.default_indent != first.default_indent:
            return None
        ends_with_its_statement = not module.footer and module.has_trailing_newline
        if module is not last and not ends_with_its_statement:
            return None
        statements = list(module.body)
        if number > 0 and module.header:
            leading = [*module.header, *statements[0].leading_lines]
            statements[0] = statements[0].with_changes(leading_lines=leading)
        body.extend(statements)
    return first.with_changes(body=body, footer=last.footer, has_trailing_newline=last.has_trailing_newline)
