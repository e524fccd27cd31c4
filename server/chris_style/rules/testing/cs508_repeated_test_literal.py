"""CS508 repeated-test-literal: test data used by several tests is a module-level constant."""

import logging
import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting import edits
from chris_style.linting.rule import Edit, FixSafety, Invalid, Valid
from chris_style.linting.syntax import attribute_chain, string_value
from chris_style.rules.testing._shared import EXAMPLE_PATH, _shorten, _TestFileRule

logger = logging.getLogger(__name__)

# The catalog's thresholds; shorter strings ("id", "foo") are too ordinary to be worth a name.
MIN_REPEATED_LITERAL_LENGTH = 4
# Three tests repeating a value make it shared test data (the catalog's threshold).
MIN_REPEATING_TESTS = 3
# Longest derived constant name before it is cut at a word boundary: long sentences make unreadable names.
MAX_CONSTANT_NAME_LENGTH = 40
CONSTANT_PREFIX = "TEST_"
# Calls whose string argument names an attribute or a codec rather than carrying test data.
ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "hasattr", "setattr", "delattr"})
CODEC_METHODS = frozenset({"encode", "decode"})
CODEC_KEYWORDS = frozenset({"encoding", "errors"})


@dataclass
class _LiteralUses:
    value: str
    nodes: List[cst.SimpleString] = field(default_factory=list)
    tests: Set[int] = field(default_factory=set)


def constant_name_for(value: str, taken: FrozenSet[str]) -> str:
    """`TEST_<NAME>` from a literal's text: upper case, runs of non-identifier characters as one `_`, cut at
    a word boundary when long, and numbered (`_2`, `_3`...) when the name is taken."""
    words = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper()
    if len(words) > MAX_CONSTANT_NAME_LENGTH:
        cut = words[:MAX_CONSTANT_NAME_LENGTH]
        words = cut[: cut.rfind("_")] if "_" in cut else cut
    if not words:
        words = "VALUE"
    base = words if words.startswith(CONSTANT_PREFIX) else CONSTANT_PREFIX + words
    name, number = base, 2
    while name in taken:
        name = f"{base}_{number}"
        number += 1
    return name


def _names_something(node: cst.SimpleString, parent: cst.CSTNode, grandparent: cst.CSTNode) -> bool:
    """True for a string that is not test data: a bare string statement (docstring or comment), part of an
    implicit concatenation, a forward-reference annotation, a key (`data["name"]`, `{"name": ...}`), an
    attribute name (`getattr(obj, "name")`) or a codec (`.decode("utf-8")`, `encoding="utf-8"`)."""
    if isinstance(parent, (cst.Expr, cst.ConcatenatedString, cst.Annotation, cst.Index)):
        return True
    if isinstance(parent, cst.DictElement):
        return parent.key is node
    if isinstance(parent, cst.Arg) and isinstance(grandparent, cst.Call):
        if parent.keyword is not None:
            return parent.keyword.value in CODEC_KEYWORDS
        function = grandparent.func
        if isinstance(function, cst.Attribute) and function.attr.value in CODEC_METHODS:
            return True
        return (
            attribute_chain(function) in ATTRIBUTE_FUNCTIONS
            and len(grandparent.args) > 1
            and grandparent.args[1] is parent
        )
    return False


class RepeatedTestLiteral(_TestFileRule):
    """The same string literal is repeated across the tests of a module.

    The guide defines test data used by several tests once, as a module-level constant (`TEST_CLUSTER =
    "my-cluster"`), so related tests stay consistent. Reported once per string (at its first use) when the
    same string value of 4 or more characters appears in the bodies of 3 or more test functions of the module.
    Not counted, as they are not test data: docstrings and other bare string statements, byte strings,
    f-strings and implicitly concatenated strings, strings in decorators, defaults, annotations or `match`
    patterns, keys (`data["name"]`, `{"name": ...}`), attribute names (`getattr(obj, "name")`) and codecs
    (`.decode("utf-8")`, `encoding="utf-8"`).

    Fix (unsafe): add `TEST_<NAME> = "..."` after the imports and module constants (the name derived from the
    text, numbered when taken) and use it in those tests; when a module constant already holds that string,
    use it instead.
    """

    code = "CS508"
    name = "repeated-test-literal"
    priority = Priority.PREFERRED
    guideline = Guideline.MODULE_LEVEL_TEST_CONSTANTS
    message = "String {literal} is repeated in {count} tests: make it a module-level `{constant}` constant"
    fix_safety = FixSafety.UNSAFE
    VALID = [
        Valid(
            "def test_WHEN_a_THEN_b():\n    assert 1 == run('my-cluster')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run('my-cluster')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_a_THEN_b():\n    assert 1 == run('abc')\n\ndef test_WHEN_c_THEN_d():\n"
            "    assert 1 == run('abc')\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run('abc')\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_a_THEN_b():\n    '''Deploys it.'''\n    assert 1 == run()\n\n"
            "def test_WHEN_c_THEN_d():\n    '''Deploys it.'''\n    assert 1 == run()\n\n"
            "def test_WHEN_e_THEN_f():\n    '''Deploys it.'''\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "@mock.patch('pkg.client')\ndef test_WHEN_a_THEN_b(c):\n    assert 1 == run()\n\n"
            "@mock.patch('pkg.client')\ndef test_WHEN_c_THEN_d(c):\n    assert 1 == run()\n\n"
            "@mock.patch('pkg.client')\ndef test_WHEN_e_THEN_f(c):\n    assert 1 == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def helper_a():\n    return 'my-cluster'\n\ndef helper_b():\n    return 'my-cluster'\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 'my-cluster' == run()\n",
            path=EXAMPLE_PATH,
        ),
        Valid(
            "def test_WHEN_a_THEN_b():\n    assert 1 == data['name'] and getattr(obj, 'name')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert {'name': 1} == run(raw.decode('utf-8'))\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run('name', encoding='utf-8')\n",
            path=EXAMPLE_PATH,
        ),
    ]
    INVALID = [
        Invalid(
            "import os\n\n\ndef test_WHEN_a_THEN_b():\n    assert 1 == run('my-cluster')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run(\"my-cluster\", 'my-cluster')\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 'my-cluster' == name()\n",
            fixed="import os\n\nTEST_MY_CLUSTER = 'my-cluster'\n\n\ndef test_WHEN_a_THEN_b():\n"
            "    assert 1 == run(TEST_MY_CLUSTER)\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run(TEST_MY_CLUSTER, TEST_MY_CLUSTER)\n\n"
            "def test_WHEN_e_THEN_f():\n    assert TEST_MY_CLUSTER == name()\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "TEST_MY_CLUSTER = 'other'\nCLUSTER = 'my-cluster'\n\n"
            "class TestX:\n    def test_WHEN_a_THEN_b(self):\n        assert 1 == run('my-cluster')\n\n"
            "    def test_WHEN_c_THEN_d(self):\n        assert 1 == run('my-cluster')\n\n"
            "    def test_WHEN_e_THEN_f(self):\n        assert 1 == run('my-cluster')\n",
            fixed="TEST_MY_CLUSTER = 'other'\nCLUSTER = 'my-cluster'\n\n"
            "class TestX:\n    def test_WHEN_a_THEN_b(self):\n        assert 1 == run(CLUSTER)\n\n"
            "    def test_WHEN_c_THEN_d(self):\n        assert 1 == run(CLUSTER)\n\n"
            "    def test_WHEN_e_THEN_f(self):\n        assert 1 == run(CLUSTER)\n",
            path=EXAMPLE_PATH,
        ),
        Invalid(
            "TEST_MY_CLUSTER = 'other'\n\n"
            "def test_WHEN_a_THEN_b():\n    assert 1 == run('my cluster!')\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run('my cluster!')\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run('my cluster!')\n",
            fixed="TEST_MY_CLUSTER = 'other'\nTEST_MY_CLUSTER_2 = 'my cluster!'\n\n"
            "def test_WHEN_a_THEN_b():\n    assert 1 == run(TEST_MY_CLUSTER_2)\n\n"
            "def test_WHEN_c_THEN_d():\n    assert 1 == run(TEST_MY_CLUSTER_2)\n\n"
            "def test_WHEN_e_THEN_f():\n    assert 1 == run(TEST_MY_CLUSTER_2)\n",
            path=EXAMPLE_PATH,
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        """Reset the per-module state and note module constants that already hold a string."""
        self._uses: Dict[str, _LiteralUses] = {}
        self._names: Set[str] = set()
        self._constants: Dict[str, str] = {}
        for statement in node.body:
            if edits.is_constant_assignment(statement):
                small = statement.body[0]  # type: ignore[attr-defined]
                target = small.targets[0].target if isinstance(small, cst.Assign) else small.target
                value = small.value
                if isinstance(value, cst.SimpleString) and isinstance(string_value(value), str):
                    self._constants.setdefault(string_value(value), target.value)

    def visit_Name(self, node: cst.Name) -> None:
        self._names.add(node.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        """Count a string of 4+ characters in the body of a test, unless it is not test data."""
        if "b" in node.prefix.lower():
            return
        value = string_value(node)
        if not isinstance(value, str) or len(value) < MIN_REPEATED_LITERAL_LENGTH:
            return
        test = self._enclosing_test_body(node)
        if test is None:
            return
        uses = self._uses.setdefault(value, _LiteralUses(value))
        uses.nodes.append(node)
        uses.tests.add(id(test))

    def _enclosing_test_body(self, node: cst.SimpleString) -> Optional[cst.FunctionDef]:
        """The test whose body holds the current string, or None when the string is not counted."""
        ancestors = self.context.ancestors
        if len(ancestors) < 2 or _names_something(node, ancestors[-1], ancestors[-2]):
            return None
        test: Optional[cst.FunctionDef] = None
        for index, ancestor in enumerate(ancestors):
            # Exact types (libcst's node classes are final): this runs for every ancestor of every string.
            kind = type(ancestor)
            if kind is cst.MatchCase or kind is cst.Annotation:
                return None
            if test is None and kind is cst.FunctionDef:
                in_body = index + 1 < len(ancestors) and ancestors[index + 1] is ancestor.body
                if not in_body or not self.layout.is_test_function(ancestor, ancestors[:index]):
                    return None
                test = ancestor
        return test

    def leave_Module(self, original_node: cst.Module) -> None:
        """Report each string repeated in enough tests, with the extract-constant fix."""
        taken = set(self._names)
        for uses in self._uses.values():
            if len(uses.tests) < MIN_REPEATING_TESTS:
                continue
            first = uses.nodes[0]
            constant = self._constants.get(uses.value)
            fix_edits: List[Edit] = []
            if constant is None:
                constant = constant_name_for(uses.value, frozenset(taken))
                taken.add(constant)
                fix_edits.extend(edits.add_constant(self.context, constant, self.context.code_for(first)))
            fix_edits.extend(self.replace(node, constant) for node in uses.nodes)
            fix = self.fix(f"Extract constant `{constant}`", FixSafety.UNSAFE, *fix_edits)
            self.report(first, fixes=[fix], literal=_shorten(first.value), count=len(uses.tests), constant=constant)
