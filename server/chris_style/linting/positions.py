"""Node positions, computed lazily one statement at a time.

libcst's PositionProvider generates code for the whole module to place every node, which costs more than
parsing. A diagnostic only needs the nodes it reports, so this index generates code for just the innermost
statement holding the node, starting from the line Python's own `ast` says that statement is on (`ast.parse`
is several times faster than libcst's codegen). Where the two trees cannot be matched with certainty (different
statement counts, syntax only libcst knows on this Python, a node reported outside the current traversal path),
it falls back to positions of the whole module, so results are always exact.

The code is generated with `_RangeRecordingState`, libcst's own position-recording codegen state with its
bookkeeping made cheap: ranges are kept as plain tuples and turned into libcst's `CodeRange` only for the nodes
asked for (a statement's codegen records every node in it, and rules ask for one or two), tokens without a
line break skip the regular expression, and the syntactic ranges are recorded without a generator-based context
manager. Generating a whole module that way takes a third of the time of libcst's PositionProvider; tests
compare the two on real code.
"""

import ast
import bisect
import logging
import re
from types import TracebackType
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Type, Union

import libcst as cst
from libcst._position import CodePosition, CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState

from chris_style.linting import tree
from chris_style.linting.layout import Layout
from chris_style.linting.source import first_line, python_tree, split_lines
from chris_style.linting.syntax import COMPOUND_STATEMENTS, COMPOUND_TYPES as _COMPOUND_TYPES
from chris_style.linting.syntax import SIMPLE_LINE_TYPES as _SIMPLE_TYPES
from chris_style.linting.walks import StatementWalk

logger = logging.getLogger(__name__)

# The statements `ast` counts: a walk over statements alone enters these and what can hold them (tree.Reach).
_STATEMENT_TYPES = frozenset((*_COMPOUND_TYPES, *_SIMPLE_TYPES))
# The `ast` fields that hold statements, or the handlers and match cases that hold them.
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
# Assignments whose data literal's range is read off Python's tree (PositionIndex._data_assignment), the
# literals that can be, their brackets, and Python's node class for each.
_PYTHON_ASSIGNMENTS: Dict[type, type] = {cst.Assign: ast.Assign, cst.AnnAssign: ast.AnnAssign}
_BRACKETS: Dict[type, Tuple[str, str]] = {cst.Dict: ("{", "}"), cst.Set: ("{", "}"), cst.List: ("[", "]")}
_PYTHON_LITERALS: Dict[type, type] = {cst.Dict: ast.Dict, cst.Set: ast.Set, cst.List: ast.List}
# The statements whose name's range is read off their header line (PositionIndex._definition_name).
_NAMED_DEFINITIONS = (cst.FunctionDef, cst.ClassDef)
# Stands in for a compound statement's body when only its header's positions are wanted.
_STUB_BODY = cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Pass()])])
# `ast`'s compound statements and the libcst class of each; any other statement is in a SimpleStatementLine.
_PYTHON_COMPOUND_KINDS: Dict[type, type] = {
    ast.FunctionDef: cst.FunctionDef, ast.AsyncFunctionDef: cst.FunctionDef, ast.ClassDef: cst.ClassDef,
    ast.If: cst.If, ast.For: cst.For, ast.AsyncFor: cst.For, ast.While: cst.While, ast.With: cst.With,
    ast.AsyncWith: cst.With, ast.Try: cst.Try, ast.Match: cst.Match,
    **({ast.TryStar: cst.TryStar} if hasattr(ast, "TryStar") else {}),
}


# Line breaks as libcst's position provider counts them.
_LINE_BREAK = re.compile(r"\r\n?|\n")

# A range as the codegen records it: (start line, start column, end line, end column), lines 1-based.
RawRange = Tuple[int, int, int, int]
RawRanges = Dict[cst.CSTNode, RawRange]


def _is_elif(parent: cst.CSTNode, node: cst.CSTNode) -> bool:
    return isinstance(parent, cst.If) and isinstance(node, cst.If) and parent.orelse is node


def to_code_range(raw: RawRange) -> CodeRange:
    return CodeRange(CodePosition(raw[0], raw[1]), CodePosition(raw[2], raw[3]))


class _Sink:
    """Stands in for the metadata provider: the codegen state records ranges into `_computed`."""

    def __init__(self, computed: RawRanges) -> None:
        self._computed = computed


class _SyntacticRange:
    """What `record_syntactic_position` returns: notes where a node's code starts and records its range when
    the node's code is done, as libcst's context manager of the same name does, but without a generator."""

    __slots__ = ("_state", "_node", "_start_node", "_end_node", "_line", "_column")

    def __init__(
        self,
        state: "_RangeRecordingState",
        node: cst.CSTNode,
        start_node: Optional[cst.CSTNode],
        end_node: Optional[cst.CSTNode],
    ) -> None:
        self._state = state
        self._node = node
        self._start_node = start_node
        self._end_node = end_node
        self._line = state.line
        self._column = state.column

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        error_type: Optional[Type[BaseException]],
        error: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        """Record the node's range; a start or end node given moves that end to the child's (libcst's rule)."""
        state = self._state
        computed: RawRanges = state.provider._computed  # type: ignore[attr-defined]
        line, column = self._line, self._column
        if self._start_node is not None:
            line, column = computed[self._start_node][:2]
        end_line, end_column = state.line, state.column
        if self._end_node is not None:
            end_line, end_column = computed[self._end_node][2:]
        computed[self._node] = (line, column, end_line, end_column)


class _RangeRecordingState(PositionProvidingCodegenState):
    """libcst's PositionProvider codegen state, recording the same ranges as raw tuples (see the module's
    docstring for why)."""

    __slots__ = ()

    def _update_position(self, value: str) -> None:
        if "\n" in value or "\r" in value:
            segments = _LINE_BREAK.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._stack.append((self.line, self.column))  # type: ignore[arg-type]

    def after_codegen(self, node: cst.CSTNode) -> None:
        line, column = self._stack.pop()
        computed: RawRanges = self.provider._computed  # type: ignore[attr-defined]
        # A syntactic range recorded inside the node's code stands (as in libcst).
        if node not in computed:
            computed[node] = (line, column, self.line, self.column)

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ) -> _SyntacticRange:
        return _SyntacticRange(self, node, start_node, end_node)


def generate_ranges(
    node: cst.CSTNode, default_indent: str, default_newline: str, start_line: int = 1, indents: Sequence[str] = ()
) -> RawRanges:
    """The range of every node under `node` (included), its code generated from `start_line` inside the
    given indentation: for a module, what libcst's PositionProvider gives."""
    computed: RawRanges = {}
    state = _RangeRecordingState(
        default_indent=default_indent,
        default_newline=default_newline,
        provider=_Sink(computed),  # type: ignore[arg-type]
    )
    state.line = start_line
    state.indent_tokens = list(indents)
    node._codegen(state)  # type: ignore[arg-type]
    return computed


def _statement_lines(text: str) -> Optional[List[Tuple[int, int]]]:
    """(first line including decorators, first line of the statement itself) of every statement in source
    order, 1-based; None when Python cannot parse the text."""
    tree = python_tree(text)
    return _lines_of_statements(_python_statements(tree)) if tree is not None else None


def layout_from_python_tree(module: cst.Module, tree: ast.Module, line_count: int) -> Optional[Layout]:
    """The module's layout from Python's tree of the same text, `line_count` lines long: each top-level
    statement starts as many lines above its first line (decorators included) as libcst gives it leading
    lines. Cheaper than counting the lines on libcst's tree (Layout.of); None when the two trees do not pair
    off statement for statement (`a; b` on one line is one libcst statement, one `ast` statement per line
    started), or the lines do not add up."""
    firsts: List[int] = []
    kinds: List[type] = []
    previous_simple_line = None
    for statement in tree.body:
        kind = _PYTHON_COMPOUND_KINDS.get(type(statement), cst.SimpleStatementLine)
        if kind is cst.SimpleStatementLine and statement.lineno == previous_simple_line:
            continue
        previous_simple_line = statement.lineno if kind is cst.SimpleStatementLine else None
        firsts.append(first_line(statement))
        kinds.append(kind)
    body = module.body
    if len(firsts) != len(body) or any(type(node) is not kind for node, kind in zip(body, kinds)):
        return None
    starts = []
    for first, statement in zip(firsts, body):
        leading = len(getattr(statement, "leading_lines", ()))
        decorators = getattr(statement, "decorators", ())
        if decorators:
            leading += len(decorators[0].leading_lines)
        starts.append(first - 1 - leading)
    header, footer = len(module.header), len(module.footer)
    ends = [*starts[1:], line_count - footer]
    counts = [end - start for start, end in zip(starts, ends)]
    if (starts[0] if starts else line_count - footer) != header or any(count <= 0 for count in counts):
        return None
    return Layout(header, counts, footer)


def _lines_of_statements(statements: Sequence[ast.stmt]) -> List[Tuple[int, int]]:
    """(first line including decorators, own line) of each statement."""
    return [(first_line(statement), statement.lineno) for statement in statements]


def _python_statements(tree: ast.Module) -> List[ast.stmt]:
    """Every statement of Python's tree, in source order (the order PositionIndex numbers libcst's in)."""
    found = []
    # Statements only ever hold statements in these fields (an expression never holds one), so the walk
    # skips every expression.
    pending: List[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.stmt):
            found.append(node)
        for name in _STATEMENT_FIELDS:
            children = getattr(node, name, None)
            if children:
                pending.extend(children)
    found.sort(key=lambda statement: (statement.lineno, statement.col_offset))
    return found


def _statement_numbers(root: cst.CSTNode) -> Dict[int, int]:
    """id(statement) -> its number among the statements under `root` (itself first, if it is one), in the
    order and the way `ast` counts them (see PositionIndex.note), walking statements only."""
    numbers: Dict[int, int] = {}
    count = 0
    stack: List[cst.CSTNode] = [root]
    # Only the children that are, or can hold, statements: blocks, branches, handlers, cases.
    reach = tree.Reach.of(_STATEMENT_TYPES)
    while stack:
        node = stack.pop()
        node_type = type(node)
        if node_type in _COMPOUND_TYPES:
            numbers[id(node)] = count
            count += 1
        elif node_type in _SIMPLE_TYPES:
            numbers[id(node)] = count
            count += len(node.body)  # type: ignore[attr-defined]
            continue
        stack.extend(reversed(reach.children(node)))
    return numbers


def _assigned_literal(
    value: cst.BaseExpression, python_value: ast.expr
) -> Tuple[Optional[cst.BaseExpression], Optional[ast.expr]]:
    """The bracketed literal an assignment's value is (`{...}`, `[...]`) or wraps as a call's only argument
    (`frozenset({...})`), with Python's node for it; (None, None) when the value is neither, or parenthesized."""
    if type(value) is cst.Call and type(python_value) is ast.Call:
        arguments = value.args  # type: ignore[attr-defined]
        python_arguments = python_value.args  # type: ignore[attr-defined]
        if len(arguments) != 1 or arguments[0].keyword is not None or arguments[0].star:
            return None, None
        if len(python_arguments) != 1 or python_value.keywords:  # type: ignore[attr-defined]
            return None, None
        value, python_value = arguments[0].value, python_arguments[0]
    if type(value) not in _BRACKETS or value.lpar or _PYTHON_LITERALS[type(value)] is not type(python_value):
        return None, None
    return value, python_value


def _characters(line: str, utf8_column: int) -> int:
    """The column in characters of a UTF-8 byte offset into the line (Python's tree counts bytes)."""
    if line.isascii():
        return utf8_column
    return len(line.encode("utf-8")[:utf8_column].decode("utf-8", errors="replace"))


class EarlierPositions:
    """Ranges an earlier lint computed, for the top-level statements this module shares with that one (the
    same node objects, see reparse.py), moved by as many lines as each statement moved."""

    def __init__(
        self, ranges: Mapping[cst.CSTNode, CodeRange], starts: Sequence[int], shifts: Mapping[int, int]
    ) -> None:
        self._ranges = ranges
        # 0-based first line of each top-level statement of the earlier module, then of its footer.
        self._starts = starts
        # Earlier statement number -> lines it moved, for the statements both modules share.
        self._shifts = shifts

    def range(self, node: cst.CSTNode) -> Optional[CodeRange]:
        """The node's range in this module, if the earlier lint computed it in a statement both share."""
        found = self._ranges.get(node)
        if found is None:
            return None
        shift = self._shifts.get(bisect.bisect_right(self._starts, found.start.line - 1) - 1)
        if shift is None:
            return None
        if shift == 0:
            return found
        return CodeRange(
            CodePosition(found.start.line + shift, found.start.column),
            CodePosition(found.end.line + shift, found.end.column),
        )


class PositionIndex:
    """Ranges (libcst CodeRange, 1-based lines) of the nodes a lint run reports."""

    def __init__(
        self,
        text: str,
        module: cst.Module,
        earlier: Optional[EarlierPositions] = None,
        layout: Optional[Layout] = None,
        python: Optional[ast.Module] = None,
    ) -> None:
        self._text = text
        self._module = module
        self._earlier = earlier
        # Where the top-level statements are, when the caller knows (an edited buffer, see reparse.py).
        self._layout = layout
        self._top_numbers: Optional[Dict[int, int]] = None
        self._starts: List[int] = []
        self._text_lines: List[str] = []
        # Top-level statement number -> `ast` lines of the statements in it (as _statement_lines gives them)
        # and their numbers among them.
        self._top_lines: Dict[int, Tuple[List[Tuple[int, int]], Dict[int, int]]] = {}
        # Every range a codegen recorded so far (most of them never asked for, hence raw).
        self._computed: RawRanges = {}
        # The ranges `range` gave: what a lint of the next version asks for again in the statements it shares
        # with this one (the findings of rules that run everywhere), without the many more `_computed` holds.
        self._asked: Dict[cst.CSTNode, CodeRange] = {}
        self._full: Optional[RawRanges] = None
        self._lines: Optional[List[Tuple[int, int]]] = None
        # The statements of Python's tree those lines are read from, numbered the same way.
        self._python_statements: List[ast.stmt] = []
        self._lines_known = False
        # Python's own tree of the text, parsed once for the statements' lines and the layout (or given: the
        # caller parsed it already).
        self._python: Optional[ast.Module] = python
        self._python_known = python is not None
        # id(statement) -> its number in source order, filled in by the traversal.
        self._numbers: Dict[int, int] = {}
        self._count = 0
        # Set once every statement is numbered ahead of the traversal (see _number_all).
        self._all_numbered = False
        # id(node) -> its parent, for every node the traversal has entered: the path from the module to a node
        # that is not on the traversal's current path (one a rule reports from `leave_Module`, say).
        self._parents: Dict[int, Optional[cst.CSTNode]] = {}
        # Top-level statements the traversal replayed from their walks instead of entering each node.
        self._walks: List[StatementWalk] = []
        # Set once `_parents` holds every node of the module: for a node asked for outside any traversal (a code
        # action's context), one walk of the tree is far cheaper than libcst's whole-module positions.
        self._all_parents = False
        # The module's layout for `top_level_ranges`; unlike `_layout`, it is kept when ast and libcst disagree.
        self._line_layout = layout
        # Top-level statement number -> the ranges of every node in it (see top_level_ranges).
        self._top_ranges: Dict[int, Dict[cst.CSTNode, CodeRange]] = {}

    def note(self, node: cst.CSTNode, parent: Optional[cst.CSTNode]) -> None:
        """Called by the traversal for every node in order, so statement numbers match `ast`'s."""
        self._parents[id(node)] = parent
        if self._all_numbered:
            return
        node_type = type(node)
        if node_type in _COMPOUND_TYPES:
            self._numbers[id(node)] = self._count
            self._count += 1
        elif node_type in _SIMPLE_TYPES:
            self._numbers[id(node)] = self._count
            self._count += len(node.body)  # type: ignore[attr-defined]

    def note_walk(self, walk: StatementWalk) -> None:
        """Called by the traversal, in order, for a top-level statement it replays from its walk (runner.py):
        the statements in it are numbered as `note` would have numbered them."""
        self._walks.append(walk)
        if self._all_numbered:
            return
        numbers, count = self._numbers, self._count
        for statement, number in walk.numbered:
            numbers[id(statement)] = count + number
        self._count = count + walk.statement_count

    def range(self, node: cst.CSTNode, path: Sequence[cst.CSTNode]) -> CodeRange:
        """The node's range; `path` is the traversal's current node with its ancestors (outermost first)."""
        found = self._asked.get(node)
        if found is None:
            found = self._asked[node] = self._range(node, path)
        return found

    def _range(self, node: cst.CSTNode, path: Sequence[cst.CSTNode]) -> CodeRange:
        if self._full is not None:
            return to_code_range(self._full[node])
        computed = self._computed.get(node)
        if computed is not None:
            return to_code_range(computed)
        if self._earlier is not None:
            earlier = self._earlier.range(node)
            if earlier is not None:
                return earlier
        own_path = self._path_to(node) or self._search(node, path)
        if own_path is None and not self._all_parents:
            # Reported from outside the traversal, or a node the traversal had no reason to enter (tree.Reach).
            self._index_parents()
            own_path = self._path_to(node)
        if own_path is not None and self._compute_partial(node, own_path):
            computed = self._computed.get(node)
            if computed is not None:
                return to_code_range(computed)
        return to_code_range(self._whole_module()[node])

    def _search(self, node: cst.CSTNode, path: Sequence[cst.CSTNode]) -> Optional[List[cst.CSTNode]]:
        """The node's path from the module when it lies under the last node of `path`, not yet entered by the
        traversal (a rule reports a statement from `visit_Module`, say): found by walking that subtree."""
        if not path:
            return None
        stack: List[Tuple[cst.CSTNode, int]] = [(path[-1], len(path) - 1)]
        found: List[cst.CSTNode] = list(path)
        # Only the subtrees that can hold a node of its class are looked into.
        reach = tree.Reach.of(frozenset((type(node),)))
        while stack:
            current, depth = stack.pop()
            del found[depth:]
            found.append(current)
            if current is node:
                return found
            stack.extend((child, depth + 1) for child in reversed(reach.children(current)))
        return None

    def _index_parents(self) -> None:
        """Note the parent of every node of the module (for nodes reported outside a traversal)."""
        parents = self._parents
        stack: List[Tuple[cst.CSTNode, Optional[cst.CSTNode]]] = [(self._module, None)]
        while stack:
            node, parent = stack.pop()
            parents[id(node)] = parent
            stack.extend([(child, node) for child in tree.children(node)])
        self._all_parents = True

    def _python_tree(self) -> Optional[ast.Module]:
        if not self._python_known:
            self._python = python_tree(self._text)
            self._python_known = True
        return self._python

    def layout(self) -> Layout:
        """The module's layout: the one the index was given, else read off Python's tree of the text (checked
        against libcst's), else counted on libcst's tree."""
        if self._line_layout is None:
            tree = self._python_tree()
            found = layout_from_python_tree(self._module, tree, len(split_lines(self._text))) if tree else None
            self._line_layout = found if found is not None else Layout.of(self._module)
        return self._line_layout

    def top_level_ranges(self, line: int) -> Optional[Tuple[cst.CSTNode, Mapping[cst.CSTNode, CodeRange]]]:
        """The top-level statement whose lines (its leading comment lines included) hold the 0-based `line`, with
        the range of every node in it, generated for that statement alone; None for a line of the module's header
        or footer."""
        starts = self.layout().starts()
        number = bisect.bisect_right(starts, line) - 1
        if not 0 <= number < len(self._module.body):
            return None
        statement = self._module.body[number]
        found = self._top_ranges.get(number)
        if found is None:
            # A top-level statement's code starts at column 0 of its first line, leading lines included.
            generated = self._generate(statement, starts[number] + 1, [])
            self._computed.update(generated)
            found = self._top_ranges[number] = {node: to_code_range(raw) for node, raw in generated.items()}
        return statement, found

    def _path_to(self, node: cst.CSTNode) -> Optional[List[cst.CSTNode]]:
        """The node and its ancestors (outermost first), when the traversal has entered it."""
        parents = self._parents
        if id(node) not in parents:
            return self._path_in_walks(node)
        path = [node]
        parent = parents[id(node)]
        while parent is not None:
            path.append(parent)
            parent = parents.get(id(parent))
        path.reverse()
        return path

    def _path_in_walks(self, node: cst.CSTNode) -> Optional[List[cst.CSTNode]]:
        """The node and its ancestors, when it lies in a statement the traversal replayed."""
        for walk in self._walks:
            index = walk.index_of(node)
            if index is not None:
                return [self._module, *walk.ancestors(index), node]
        return None

    def known(self) -> Mapping[cst.CSTNode, CodeRange]:
        """The ranges asked for so far, for a lint of the next version of the buffer to reuse."""
        return self._asked

    def _generate(self, statement: cst.CSTNode, start_line: int, indents: List[str]) -> RawRanges:
        module = self._module
        return generate_ranges(statement, module.default_indent, module.default_newline, start_line, indents)

    def _header_only(
        self, statement: cst.CSTNode, start_line: int, indents: List[str]
    ) -> Optional[Tuple[RawRanges, int]]:
        """Positions of a compound statement's header, generated with a one-line body in place of its own."""
        stub = statement.with_changes(body=_STUB_BODY)  # type: ignore[attr-defined]
        computed = self._generate(stub, start_line, indents)
        limit = computed[_STUB_BODY][:2]
        kept = {key: value for key, value in computed.items() if value[2:] <= limit}
        return kept, computed[stub][0]

    def _first_body_statement(
        self, statement: cst.CSTNode, start_line: int, indents: List[str]
    ) -> Optional[Tuple[RawRanges, int]]:
        """Positions of the header and the first statement of the body (a docstring, most often): exact, since
        nothing before the body's second statement moves when the rest is left out."""
        body = getattr(statement, "body", None)
        if not isinstance(body, cst.IndentedBlock) or len(body.body) < 2:
            return None
        first = body.body[0]
        truncated_body = body.with_changes(body=[first])
        truncated = statement.with_changes(body=truncated_body)  # type: ignore[attr-defined]
        computed = self._generate(truncated, start_line, indents)
        first_range = computed.get(first)
        if first_range is None:
            return None
        limit = first_range[2:]
        kept = {
            key: value
            for key, value in computed.items()
            if value[2:] <= limit and key is not truncated_body and key is not truncated
        }
        return kept, computed[truncated][0]

    def _whole_module(self) -> RawRanges:
        if self._full is None:
            module = self._module
            self._full = generate_ranges(module, module.default_indent, module.default_newline)
        return self._full

    def _number_all(self) -> None:
        """Number every statement now, in the traversal's order: for a node reported before the traversal
        reached its statement (from `visit_Module`, say)."""
        self._numbers = _statement_numbers(self._module)
        self._all_numbered = True

    def _number_ahead(self, path: Sequence[cst.CSTNode]) -> None:
        """Number the statements under the innermost statement of `path` the traversal has numbered, as it will
        number them (in the same order, from that statement's number on): for a node reported before the
        traversal reached its statement (a docstring, from `visit_FunctionDef`)."""
        numbers = self._numbers
        for holder in reversed(path):
            base = numbers.get(id(holder))
            if base is not None:
                for key, number in _statement_numbers(holder).items():
                    numbers[key] = base + number
                return

    def _compute_partial(self, node: cst.CSTNode, path: Sequence[cst.CSTNode]) -> bool:
        statement_index = None
        for index in range(len(path) - 1, -1, -1):
            node_type = type(path[index])
            if node_type in _COMPOUND_TYPES or node_type is cst.SimpleStatementLine:
                statement_index = index
                break
        if statement_index is None:
            return False
        while statement_index > 0 and _is_elif(path[statement_index - 1], path[statement_index]):
            # Generated alone, an `elif` branch would come out as `if`, two columns short: generate its `if`.
            statement_index -= 1
        statement = path[statement_index]
        located = self._located_in_top_level(statement, path) if self._layout is not None else None
        if located is None:
            located = self._located_in_module(statement, path)
        if located is None:
            return False
        first_line, own_line = located
        leading = len(getattr(statement, "leading_lines", ()))
        decorators = getattr(statement, "decorators", ())
        if decorators:
            leading += len(decorators[0].leading_lines)
        default_indent = self._module.default_indent
        indents = [
            block.indent if block.indent is not None else default_indent
            for block in path[:statement_index]
            if isinstance(block, cst.IndentedBlock)
        ]
        start = first_line - leading
        if isinstance(statement, _NAMED_DEFINITIONS) and node is statement.name:
            raw = self._definition_name(statement, own_line, indents)
            if raw is not None:
                self._computed[node] = raw
                return True
        if type(statement) is cst.SimpleStatementLine and self._layout is None:
            ranges = self._data_assignment(statement, indents)
            if ranges is not None and node in ranges:
                self._computed.update(ranges)
                return True
        computed: Optional[RawRanges] = None
        statement_start = None
        if node is not statement and isinstance(statement, COMPOUND_STATEMENTS):
            # Most findings on a compound statement are in its header (a name, a parameter, a decorator) or its
            # first statement (a docstring): generate only that much first, the whole statement if needed.
            for attempt in (self._header_only, self._first_body_statement):
                partial = attempt(statement, start, indents)
                if partial is not None and node in partial[0]:
                    computed, statement_start = partial
                    break
        if computed is None:
            computed = self._generate(statement, start, indents)
            statement_range = computed.get(statement)
            statement_start = statement_range[0] if statement_range is not None else None
        if statement_start != own_line:
            logger.debug("a statement at line %d did not line up with ast; using whole-module positions", own_line)
            self._lines = None
            self._layout = None
            return False
        self._computed.update(computed)
        return True

    def _definition_name(
        self, statement: Union[cst.FunctionDef, cst.ClassDef], own_line: int, indents: Sequence[str]
    ) -> Optional[RawRange]:
        """The range of a `def` or `class` statement's name, read off its header line without generating any
        code (the most reported node: a test's name, a function's): the line `ast` gives the statement must
        hold, at the statement's indentation, the keywords and whitespace libcst holds before the name, then
        the name; None when it does not, or that whitespace runs onto another line."""
        if isinstance(statement, cst.FunctionDef):
            asynchronous = statement.asynchronous
            keywords = "async" + asynchronous.whitespace_after.value if asynchronous is not None else ""
            keywords += "def" + statement.whitespace_after_def.value
        else:
            keywords = "class" + statement.whitespace_after_class.value
        if "\\" in keywords:
            return None
        lines = self._lines_of_text()
        if not 0 < own_line <= len(lines):
            return None
        line = lines[own_line - 1]
        indent = "".join(indents)
        name = statement.name.value
        column = len(indent) + len(keywords)
        end = column + len(name)
        following = line[end : end + 1]
        if not line.startswith(indent + keywords + name) or (following and (name + following).isidentifier()):
            return None
        return (own_line, column, own_line, end)

    def _data_assignment(self, statement: cst.SimpleStatementLine, indents: Sequence[str]) -> Optional[RawRanges]:
        """The ranges of a data assignment's statement line and of its literal (`NAME = {...}`, `NAME: T =
        frozenset({...})`) and of its first target's name, read off Python's tree instead of generating the
        statement (the literal may run to thousands of lines; CS306 and CS605 ask where it starts and ends, and
        report the name). None for anything else: more
        than one statement on the line, a semicolon, parentheses around the literal, another kind of value; or
        when the text at those places does not hold the target's name and the literal's brackets."""
        if len(statement.body) != 1:
            return None
        small: cst.BaseSmallStatement = statement.body[0]
        small_type = type(small)
        if small_type not in _PYTHON_ASSIGNMENTS or isinstance(small.semicolon, cst.Semicolon):
            return None
        value = small.value  # type: ignore[attr-defined]
        if value is None:
            return None
        number = self._numbers.get(id(statement))
        if number is None or number >= len(self._python_statements):
            return None
        python = self._python_statements[number]
        if type(python) is not _PYTHON_ASSIGNMENTS[small_type]:
            return None
        targets = small.targets if small_type is cst.Assign else [small]  # type: ignore[attr-defined]
        first_target = targets[0].target
        literal, python_literal = _assigned_literal(value, python.value)  # type: ignore[attr-defined]
        if type(first_target) is not cst.Name or literal is None or python_literal is None:
            return None
        statement_range = self._python_range(python)
        literal_range = self._python_range(python_literal)
        if statement_range is None or literal_range is None:
            return None
        lines = self._lines_of_text()
        indent = "".join(indents)
        opening, closing = _BRACKETS[type(literal)]
        start_line, start_column, end_line, end_column = literal_range
        if not (
            statement_range[1] == len(indent)
            and lines[statement_range[0] - 1].startswith(indent + first_target.value)
            and lines[start_line - 1][start_column : start_column + 1] == opening
            and lines[end_line - 1][end_column - 1 : end_column] == closing
        ):
            return None
        found = {statement: statement_range, literal: literal_range}
        if not first_target.lpar:  # the name a finding on the assignment stands on
            line, column = statement_range[:2]
            found[first_target] = (line, column, line, column + len(first_target.value))
        return found

    def _lines_of_text(self) -> List[str]:
        """The buffer's lines, split once."""
        if not self._text_lines:
            self._text_lines = split_lines(self._text)
        return self._text_lines

    def _python_range(self, node: ast.AST) -> Optional[RawRange]:
        """A node of Python's tree as a libcst range: the same lines, its columns in characters (Python's
        count UTF-8 bytes)."""
        end_line, end_column = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
        if end_line is None or end_column is None:
            return None
        lines = self._lines_of_text()
        line, column = node.lineno, node.col_offset  # type: ignore[attr-defined]
        if not (0 < line <= end_line <= len(lines)):
            return None
        return (line, _characters(lines[line - 1], column), end_line, _characters(lines[end_line - 1], end_column))

    def _located_in_module(self, statement: cst.CSTNode, path: Sequence[cst.CSTNode]) -> Optional[Tuple[int, int]]:
        """(first line with decorators, own line) of the statement, from `ast` over the whole text."""
        if not self._lines_known:
            tree = self._python_tree()
            self._python_statements = _python_statements(tree) if tree is not None else []
            self._lines = _lines_of_statements(self._python_statements) if tree is not None else None
            self._lines_known = True
        if self._lines is None:
            return None
        statements = [item for item in path if type(item) in _COMPOUND_TYPES or type(item) in _SIMPLE_TYPES]
        innermost = statements[-1] if statements else None
        if innermost is not None and id(innermost) not in self._numbers and not self._all_numbered:
            self._number_ahead(path)
            if id(innermost) not in self._numbers:
                self._number_all()
        number = self._numbers.get(id(statement))
        if number is None or number >= len(self._lines):
            return None
        return self._lines[number]

    def _located_in_top_level(
        self, statement: cst.CSTNode, path: Sequence[cst.CSTNode]
    ) -> Optional[Tuple[int, int]]:
        """The same from `ast` over the lines of the top-level statement holding it alone (where the layout
        says they are): an edited buffer's lint pays for one statement's parse, not the whole text's."""
        layout = self._layout
        if layout is None or len(path) < 2 or path[0] is not self._module:
            return None
        top = path[1]
        if self._top_numbers is None:
            self._top_numbers = {id(item): number for number, item in enumerate(self._module.body)}
            self._starts = layout.starts()
        number = self._top_numbers.get(id(top))
        if number is None:
            return None
        known = self._top_lines.get(number)
        if known is None:
            start, end = self._starts[number], self._starts[number + 1]
            relative = _statement_lines("".join(self._lines_of_text()[start:end]))
            if relative is None:
                return None
            lines = [(first + start, own + start) for first, own in relative]
            known = self._top_lines[number] = (lines, _statement_numbers(top))
        lines, numbers = known
        inner = numbers.get(id(statement))
        if inner is None or inner >= len(lines):
            return None
        return lines[inner]

