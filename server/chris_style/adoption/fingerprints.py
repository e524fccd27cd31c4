"""What identifies a finding across edits, for the baseline (baseline.py): the qualified name of the definition it
is in, a fingerprint of the code it flags, and a hash of that definition's code, by which a renamed definition
is recognised. No line numbers: lines inserted above a finding, or its function moved, change none of them.

- The scope is the innermost function or class whose lines (decorators included) hold the finding's first
  line, named as Python nests it: `Class.method`, `outer.inner`; empty at module level.
- The fingerprint hashes the first logical line of the flagged code (the whole line when the flagged range cuts
  it at a column, as a line too long is flagged from the limit on) read as Python tokens: comments, line
  breaks and indentation left out, one space between tokens, a trailing comma before a closing bracket
  dropped, each plain string literal written as Python's repr of its value (`'a'` and `"a"` are one), and the
  names of the enclosing definitions replaced by a placeholder. So reformatting (Black, Ruff's formatter,
  quotes, wrapping) leaves it alone, and so does renaming the function it is in.
- The definition's hash covers its syntax tree (not its layout or comments) with the same names replaced: a
  definition renamed or moved into another class, and otherwise unchanged, keeps it.

Files that Python's own parser cannot read (newer syntax than the running Python) have no scopes: every finding
is then at module level.
"""

import ast
import hashlib
import io
import logging
import tokenize
from dataclasses import dataclass
from typing import Collection, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from chris_style.linting.findings import Violation
from chris_style.linting.source import SourceFile, python_tree

logger = logging.getLogger(__name__)

# Hex digits kept of a SHA-256: 64 bits, far beyond the findings of one code in one scope.
HASH_DIGITS = 16
# What the names of the enclosing definitions become in fingerprints and definition hashes.
PLACEHOLDER = "<def>"
# Characters of the normalized flagged code kept beside its hash, for a reviewer of the baseline file.
SNIPPET_LENGTH = 60
SKIPPED_TOKENS = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER})
CLOSING_BRACKETS = frozenset({")", "]", "}"})
# Fields of syntax nodes that hold a definition's or a name's identifier.
NAME_FIELDS = frozenset({"id", "name", "attr"})
DEFINITION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass
class Scope:
    """A function or class: its lines (0-based, decorators included), its qualified name, the names on the way
    to it (outermost first) and its node."""

    first_line: int
    last_line: int
    qualified_name: str
    names: Tuple[str, ...]
    node: ast.AST


@dataclass
class Fingerprinted:
    """A violation with what the baseline knows it by."""

    violation: Violation
    scope: str
    fingerprint: str
    # The hash of the enclosing definition ("" at module level), to follow a rename.
    definition: str
    snippet: str


def scopes_of(text: str) -> List[Scope]:
    """Every function and class of a module, outer ones before the ones nested in them."""
    tree = python_tree(text)
    if tree is None:
        return []
    found: List[Scope] = []

    def visit(node: ast.AST, names: Tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, DEFINITION_TYPES):
                inner = (*names, child.name)
                first = min([child.lineno, *(decorator.lineno for decorator in child.decorator_list)]) - 1
                last = (child.end_lineno or child.lineno) - 1
                found.append(Scope(first, last, ".".join(inner), inner, child))
                visit(child, inner)
            else:
                visit(child, names)

    visit(tree, ())
    return found


def enclosing(scopes: Sequence[Scope], line: int) -> Optional[Scope]:
    """The innermost scope holding a 0-based line."""
    best: Optional[Scope] = None
    for scope in scopes:
        if scope.first_line <= line <= scope.last_line and (best is None or scope.first_line >= best.first_line):
            best = scope
    return best


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_DIGITS]


def _canonical(value: object, names: Collection[str], field_name: str = "") -> str:
    """A syntax tree as text, without positions, None fields or empty lists (so every Python version writes the
    same), the names of `names` replaced by the placeholder."""
    if isinstance(value, ast.AST):
        fields = [
            f"{name}={_canonical(item, names, name)}"
            for name, item in ast.iter_fields(value)
            if item is not None and item != []
        ]
        return f"{type(value).__name__}({' '.join(fields)})"
    if isinstance(value, list):
        return "[" + ", ".join(_canonical(item, names) for item in value) + "]"
    if field_name in NAME_FIELDS and value in names:
        return PLACEHOLDER
    return repr(value)


def definition_hash(scope: Scope) -> str:
    return short_hash(_canonical(scope.node, frozenset(scope.names)))


def _string_value(token: str) -> str:
    """A plain string literal as Python's repr of its value; anything else (f-strings) as written."""
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return token
    return repr(value) if isinstance(value, (str, bytes)) else token


def _is_fstring_boundary(token: tokenize.TokenInfo, suffix: str) -> bool:
    """FSTRING_START/END (Python 3.12+), TSTRING_START/END (3.14+)."""
    return tokenize.tok_name.get(token.type, "").endswith(f"STRING_{suffix}")


def normalize(text: str, names: Collection[str] = ()) -> str:
    """The first logical line of `text` as tokens joined by one space (see the module's docstring)."""
    lines = text.lstrip().splitlines(keepends=True)
    tokens: List[str] = []
    fstring_start: Optional[Tuple[int, int]] = None
    depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
            if token.type == tokenize.NEWLINE:
                break
            if _is_fstring_boundary(token, "START"):
                depth += 1
                fstring_start = fstring_start or token.start
                continue
            if depth:
                if _is_fstring_boundary(token, "END"):
                    depth -= 1
                    if not depth and fstring_start is not None:
                        tokens.append(_slice(lines, fstring_start, token.end))
                        fstring_start = None
                continue
            if token.type in SKIPPED_TOKENS:
                continue
            if token.string in CLOSING_BRACKETS and tokens and tokens[-1] == ",":
                tokens.pop()
            if token.type == tokenize.NAME and token.string in names:
                tokens.append(PLACEHOLDER)
            elif token.type == tokenize.STRING:
                tokens.append(_string_value(token.string))
            else:
                tokens.append(token.string)
    except (tokenize.TokenError, SyntaxError):
        pass  # the flagged code is part of a statement (an open bracket): its tokens so far are kept
    return " ".join(tokens) if tokens else " ".join(text.split())


def _slice(lines: Sequence[str], start: Tuple[int, int], end: Tuple[int, int]) -> str:
    """The text between two tokenize positions (1-based rows)."""
    if start[0] == end[0]:
        return lines[start[0] - 1][start[1] : end[1]]
    middle = "".join(lines[start[0] : end[0] - 1])
    return lines[start[0] - 1][start[1] :] + middle + lines[end[0] - 1][: end[1]]


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def _cuts_a_line(line: str, start: int, end: int) -> bool:
    """Whether a range of one line starts where no code does: inside a word, or at a column from which it runs
    to the end of the line (a line too long is flagged from the limit on)."""
    if start <= len(line) - len(line.lstrip()) or start > len(line) or line[start - 1].isspace():
        return False
    inside_word = start < len(line) and _is_word(line[start - 1]) and _is_word(line[start])
    return inside_word or end >= len(line.rstrip())


def flagged_text(source: SourceFile, violation: Violation) -> str:
    """The code a violation's range covers; its whole line for an empty range, or for a range that cuts its line
    at a column (see _cuts_a_line) and so would change with any edit of the line before it."""
    text_range = violation.range
    line = source.line_text(text_range.start.line)
    if text_range.start >= text_range.end:
        return line
    single_line = text_range.start.line == text_range.end.line
    if single_line and _cuts_a_line(line, text_range.start.column, text_range.end.column):
        return line
    return source.slice(text_range)


@dataclass
class FileFingerprints:
    """A file's violations fingerprinted, and the qualified names of its definitions (a baseline entry whose
    scope is not among them was renamed or removed)."""

    findings: List[Fingerprinted]
    scope_names: Set[str]


def fingerprint_file(source: SourceFile, violations: Iterable[Violation]) -> FileFingerprints:
    """Each violation with its scope, fingerprint and definition hash; the text is parsed once, and only when
    there is a violation."""
    violations = list(violations)
    if not violations:
        return FileFingerprints([], set())
    scopes = scopes_of(source.text)
    hashes: Dict[int, str] = {}
    found = []
    for violation in violations:
        scope = enclosing(scopes, violation.range.start.line)
        names: Set[str] = set(scope.names) if scope is not None else set()
        normalized = normalize(flagged_text(source, violation), names)
        definition = ""
        if scope is not None:
            if id(scope.node) not in hashes:
                hashes[id(scope.node)] = definition_hash(scope)
            definition = hashes[id(scope.node)]
        qualified_name = scope.qualified_name if scope is not None else ""
        found.append(
            Fingerprinted(violation, qualified_name, short_hash(normalized), definition, normalized[:SNIPPET_LENGTH])
        )
    return FileFingerprints(found, {scope.qualified_name for scope in scopes})
