"""Lazily computed positions must equal libcst's whole-module PositionProvider for every reported node."""

import ast
import weakref
from pathlib import Path, PurePosixPath
from typing import Callable, List, Mapping, Tuple
from unittest import mock

import libcst as cst
import pytest
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from chris_style.config.settings import Settings
from chris_style.linting import tree
from chris_style.linting.layout import Layout
from chris_style.linting.positions import (
    PositionIndex,
    _statement_numbers,
    generate_ranges,
    layout_from_python_tree,
    to_code_range,
)
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile, split_lines
from chris_style.rules import REGISTRY

SERVER_SOURCES = sorted((Path(__file__).resolve().parents[2] / "server" / "chris_style").rglob("*.py"))
TRICKY_MODULES = [
    "class A:\n    '''Doc.\n\n    Args:\n        x: y\n    '''\n    X = 5\n\n    @property\n    def run(self, a):\n"
    "        if a:\n            return [1 for _ in a]\n        else:\n            return 2\n",
    "if True:\n\tdef f(x):  # tabs\r\n\t\treturn x\r\nelse:\n\tpass\n",
    "def f(a,\n      b = [],\n      c = None):\n    try:\n        return open(a)\n    except Exception:\n        pass\n",
    "x = 1; y = 2\nclass B: z = 3\n@dec\n# between\n@dec2\ndef g(): return 5\n",
    # Nodes in an `elif` header: generated alone, the branch would read `if` (two columns short).
    "def f(a, b, c, d, x):\n    if a:\n        pass\n    elif a and b and c and d:\n        return x < 600\n"
    "    elif x > 50:\n        pass\n",
]

# A test module whose findings are reported from `visit_Module` (CS606, before the traversal reaches the imports)
# and from `leave_Module` (CS508, after it left the tests), each with fixes that need many ranges.
REPORTED_FROM_THE_MODULE = (
    "import pytest\nimport os\n\n\n"
    + "".join(f"def test_WHEN_{index}_THEN_ok():\n    assert 'cluster-name' == run('cluster-name', {index})\n\n\n"
              for index in range(4))
)

# Modules whose statements pair off awkwardly with Python's: several statements on a line, a statement that
# spans lines before a `;`, decorators with comments between them, comments after an indented block, no final
# line break, form feeds and lone carriage returns.
AWKWARD_LAYOUTS = [
    "a = 1; b = 2\nc = (3,\n     4); d = 5\n",
    "# header\n\n@first\n# between\n@second\ndef f():\n    pass\n    # indented, after the block\n# next\nx = 1",
    "if x:\n    pass\n\n\n\nclass A: y = 1; z = 2\n\x0c\nasync def g():\n    return 1\n",
    "a = 1\rb = 2\r\n\r\nc = 3\n# footer\n",
    "",
    "# only a comment\n",
    "try:\n    pass\nexcept* ValueError:\n    pass\nmatch x:\n    case 1:\n        pass\n",
]
# `def` and `class` headers whose name's range is read off the line (PositionIndex._definition_name), and some
# it must not be read off: a backslash continuation, a form feed before the keyword.
DEFINITION_HEADERS = (
    "async  def\tf(): pass\nclass  C  :\n    def  g(self): pass\n"
    "if x:\n\tclass \u00dcn\u00efcode:\n\t\tasync def h(): ...\n"
    "def a():\n  def b():\n        def c(): pass\n@decorator\n# between\n@other(1)\nclass D(object): pass\r\n"
    "def  \\\n  continued(): pass\n\x0cdef after_form_feed(): pass\nclass E: x = 1; y = 2\n"
)
# Data assignments whose ranges are read off Python's tree (PositionIndex._data_assignment), and some that must
# be generated: parentheses, a semicolon, an attribute target, a tuple, a call with two arguments.
DATA_ASSIGNMENTS = (
    "READ_1 = {\n    'a': 1,\n    'b': [2, 3],  # note\n}\nclass C:\n\tREAD_2: dict = {'k': {'v'}}\n"
    "\u00c9 = ['\u00e9', '\u00fc'] ; x = 1\nREAD_3 = READ_4 = frozenset({1, 2, 3})  # trailing\n"
    "if True:\n    READ_5 = [\n        1,\n    ]\r\nPARENS = ({1: 2})\nSEMICOLON = [1];\nself.attribute = [1, 2]\n"
    "TUPLE = 1, 2\nTWO = dict({1: 2}, a=3)\n\x0cFORM_FEED = [1]\nREAD_6 = {}\n"
    "\u00c9_READ_7 = {'\u00e9': ['\u00fc']}\n"
)
LAYOUT_SOURCES = [
    *sorted((Path(__file__).resolve().parents[2] / "server" / "chris_style").rglob("*.py")),
    *sorted((Path(__file__).resolve().parents[2] / "tests").rglob("*.py"))[::5],
    Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "click_types.py.txt",
]


# PositionIndex -> libcst's PositionProvider ranges of its module, computed once per lint.
_REFERENCE_RANGES: "weakref.WeakKeyDictionary[PositionIndex, Mapping[cst.CSTNode, CodeRange]]" = (
    weakref.WeakKeyDictionary()
)


def _libcst_range(index: PositionIndex, node: cst.CSTNode, path: object) -> CodeRange:
    """The node's range from libcst's own PositionProvider over the whole module: the reference."""
    ranges = _REFERENCE_RANGES.get(index)
    if ranges is None:
        ranges = _REFERENCE_RANGES[index] = MetadataWrapper(index._module, unsafe_skip_copy=True).resolve(
            PositionProvider
        )
    return ranges[node]


def _findings(source: SourceFile, whole_module: bool) -> List[Tuple[str, object, object]]:
    if whole_module:
        with mock.patch.object(PositionIndex, "range", _libcst_range):
            result = lint(source, Settings(), REGISTRY)
    else:
        result = lint(source, Settings(), REGISTRY)
    return [(violation.code, violation.range, violation.fixes) for violation in result.violations]


@pytest.mark.parametrize("code", TRICKY_MODULES)
def test_WHEN_tricky_module_linted_THEN_lazy_positions_equal_whole_module_positions(code: str) -> None:
    source = SourceFile(code, PurePosixPath("package/module.py"))
    assert _findings(source, whole_module=True) == _findings(source, whole_module=False)


@pytest.mark.parametrize("path", SERVER_SOURCES, ids=[path.name for path in SERVER_SOURCES])
def test_WHEN_real_module_linted_THEN_lazy_positions_equal_whole_module_positions(path: Path) -> None:
    source = SourceFile(path.read_text(encoding="utf-8"), PurePosixPath("package") / path.name)
    assert _findings(source, whole_module=True) == _findings(source, whole_module=False)



def test_WHEN_findings_are_reported_from_the_module_THEN_positions_come_from_their_statements() -> None:
    source = SourceFile(REPORTED_FROM_THE_MODULE, PurePosixPath("tests/test_cluster.py"))
    expected = _findings(source, whole_module=True)
    with mock.patch.object(PositionIndex, "_whole_module", side_effect=AssertionError("whole-module positions")):
        actual = _findings(source, whole_module=False)
    assert (expected, True) == (actual, {"CS508", "CS606"} <= {code for code, _, _ in actual})


@pytest.mark.parametrize("path", SERVER_SOURCES[::7], ids=[path.name for path in SERVER_SOURCES[::7]])
def test_WHEN_a_top_level_statement_is_generated_alone_THEN_its_ranges_equal_whole_module_positions(path: Path) -> None:
    source = SourceFile(path.read_text(encoding="utf-8"))
    module = source.parse()
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = PositionIndex(source.text, module)
    for line in range(len(source.lines)):
        located = index.top_level_ranges(line)
        if located is not None:
            _, ranges = located
            first = min(code_range.start.line for code_range in ranges.values()) - 1
            last = max(code_range.end.line for code_range in ranges.values()) - 1
            assert ({node: expected[node] for node in ranges}, True) == (dict(ranges), first <= line <= last)


@pytest.mark.parametrize("code", TRICKY_MODULES)
def test_WHEN_a_node_is_asked_for_outside_a_traversal_THEN_its_range_equals_whole_module_positions(code: str) -> None:
    module = cst.parse_module(code)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = PositionIndex(code, module)
    with mock.patch.object(PositionIndex, "_whole_module", side_effect=AssertionError("whole-module positions")):
        actual = {node: index.range(node, []) for node in tree.walk(module) if node is not module and node in expected}
    assert {node: expected[node] for node in actual} == actual


def _traverse_noting(
    index: PositionIndex, module: cst.Module, on_enter: Callable[[cst.CSTNode, List[cst.CSTNode]], None]
) -> None:
    """Walk the module as a lint does for its positions: each node noted with its parent on entering, then
    `on_enter(node, path)`, `path` running from the module to the node."""
    path: List[cst.CSTNode] = []

    def enter(node: cst.CSTNode) -> None:
        index.note(node, path[-1] if path else None)
        path.append(node)
        on_enter(node, path)

    tree.traverse(module, enter, lambda node: path.pop())


def test_WHEN_definition_names_are_asked_for_THEN_their_ranges_equal_libcsts_read_off_the_line_if_possible() -> None:
    module = cst.parse_module(DEFINITION_HEADERS)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = PositionIndex(DEFINITION_HEADERS, module)
    read_off: List[str] = []
    read_name = PositionIndex._definition_name

    def recording(self: PositionIndex, statement: cst.CSTNode, own_line: int, indents: List[str]) -> object:
        found = read_name(self, statement, own_line, indents)
        if found is not None:
            read_off.append(statement.name.value)  # type: ignore[attr-defined]
        return found

    names = [node.name for node in tree.walk(module) if isinstance(node, (cst.FunctionDef, cst.ClassDef))]
    with mock.patch.object(PositionIndex, "_definition_name", recording):
        actual = {name.value: index.range(name, []) for name in names}
    read_off_expected = ["f", "C", "g", "\u00dcn\u00efcode", "h", "a", "b", "c", "D", "E"]
    assert ({name.value: expected[name] for name in names}, read_off_expected) == (actual, read_off)


def test_WHEN_data_assignments_are_asked_for_THEN_ranges_equal_libcsts_read_off_pythons_tree_if_possible() -> None:
    module = cst.parse_module(DATA_ASSIGNMENTS)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = PositionIndex(DATA_ASSIGNMENTS, module)
    read_off: List[str] = []
    read_data = PositionIndex._data_assignment

    def recording(self: PositionIndex, statement: cst.SimpleStatementLine, indents: List[str]) -> object:
        found = read_data(self, statement, indents)
        if found is not None:
            read_off.append(cst.Module([]).code_for_node(statement.body[0]).split(" ")[0].rstrip(":"))
        return found

    asked = {}

    def ask_for_the_assignment(node: cst.CSTNode, path: List[cst.CSTNode]) -> None:
        if isinstance(node, (cst.Assign, cst.AnnAssign)):
            value = node.value
            literal = value.args[0].value if isinstance(value, cst.Call) else value
            target = node.targets[0].target if isinstance(node, cst.Assign) else node.target
            for wanted in (literal, path[-2], target):
                asked[wanted] = index.range(wanted, list(path))

    with mock.patch.object(PositionIndex, "_data_assignment", recording):
        _traverse_noting(index, module, ask_for_the_assignment)
    read_off_expected = ["READ_1", "READ_2", "READ_3", "READ_5", "READ_6", "\u00c9_READ_7"]
    assert ({node: expected[node] for node in asked}, read_off_expected) == (asked, read_off)


def test_WHEN_a_body_node_is_asked_for_on_entering_its_function_THEN_only_that_function_is_numbered_ahead() -> None:
    code = (
        "import os\n\n\nclass Service:\n    x = 1\n\n    def run(self):\n        '''Doc.'''\n"
        "        if self:\n            y = 2; z = 3\n        return os\n\n    def other(self):\n        return 1\n"
    )
    module = cst.parse_module(code)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = PositionIndex(code, module)
    asked = {}

    def ask_for_the_body(node: cst.CSTNode, path: List[cst.CSTNode]) -> None:
        if isinstance(node, cst.FunctionDef):
            # Reported on entering the function, before the traversal numbered its body (as CS302 does).
            for statement in tree.walk(node.body):
                if isinstance(statement, (cst.SimpleStatementLine, cst.If)):
                    asked[statement] = index.range(statement, list(path))

    with mock.patch.object(PositionIndex, "_number_all", side_effect=AssertionError("numbered the whole module")):
        _traverse_noting(index, module, ask_for_the_body)
    assert ({node: expected[node] for node in asked}, 5) == (asked, len(asked))


@pytest.mark.parametrize(
    "code", [*AWKWARD_LAYOUTS, *TRICKY_MODULES, *(path.read_text(encoding="utf-8") for path in SERVER_SOURCES[::9])]
)
def test_WHEN_statements_are_numbered_walking_statements_only_THEN_numbers_equal_a_full_traversals(code: str) -> None:
    module = cst.parse_module(code)
    index = PositionIndex(code, module)
    _traverse_noting(index, module, lambda node, path: None)
    assert index._numbers == _statement_numbers(module)


@pytest.mark.parametrize("code", [*AWKWARD_LAYOUTS, *(path.read_text(encoding="utf-8") for path in LAYOUT_SOURCES)])
def test_WHEN_the_layout_is_read_off_pythons_tree_THEN_it_equals_the_layout_counted_on_libcsts(code: str) -> None:
    module = cst.parse_module(code)
    python_tree = ast.parse(code)
    found = layout_from_python_tree(module, python_tree, len(split_lines(code)))
    assert Layout.of(module) == (found if found is not None else Layout.of(module))
    assert Layout.of(module) == PositionIndex(code, module).layout()


@pytest.mark.parametrize("path", LAYOUT_SOURCES[::4], ids=[path.name for path in LAYOUT_SOURCES[::4]])
def test_WHEN_a_module_is_generated_with_ranges_THEN_they_equal_libcst_position_provider(path: Path) -> None:
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    expected = dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
    raw = generate_ranges(module, module.default_indent, module.default_newline)
    actual = {node: to_code_range(found) for node, found in raw.items()}
    assert expected == actual


@pytest.mark.parametrize("code", [*TRICKY_MODULES, *AWKWARD_LAYOUTS])
def test_WHEN_awkward_code_is_generated_with_ranges_THEN_they_equal_libcst_position_provider(code: str) -> None:
    module = cst.parse_module(code)
    expected = dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
    raw = generate_ranges(module, module.default_indent, module.default_newline)
    actual = {node: to_code_range(found) for node, found in raw.items()}
    assert expected == actual


def _full_children(reach: tree.Reach, node: cst.CSTNode) -> List[cst.CSTNode]:
    return tree.children(node)


@pytest.mark.parametrize("path", LAYOUT_SOURCES[::3], ids=[path.name for path in LAYOUT_SOURCES[::3]])
def test_WHEN_a_module_is_linted_entering_only_what_the_rules_want_THEN_findings_equal_a_full_walk(path: Path) -> None:
    source = SourceFile(path.read_text(encoding="utf-8"), PurePosixPath("package") / path.name)
    with mock.patch.object(tree.Reach, "children", _full_children):
        expected = _findings(source, whole_module=False)
    assert expected == _findings(source, whole_module=False)
