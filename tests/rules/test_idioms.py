"""Edge cases of the section-6 rules (rules/idioms.py) and of the import organizer (linting/imports.py).

Every safe fix is run on tricky inputs and, where the code can run, executed before and after on sample
values: a fix that changes behaviour fails here even when its output looks right.
"""

from pathlib import Path, PurePosixPath
from typing import Any, Dict, List, Optional, Sequence

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from chris_style.config.settings import Settings
from chris_style.linting.fixes import fix_text
from chris_style.linting.imports import organize_imports
from chris_style.linting.rule import FixSafety, Violation
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

EXAMPLE_PATH = PurePosixPath("example.py")
NAMING = "CS601"
CONSTANT_NAMING = "CS603"
LINE_LENGTH = "CS605"
IMPORT_ORDER = "CS606"
F_STRING = "CS607"
COMPREHENSION = "CS608"
BOOLEAN_CONDITION = "CS609"
TERNARY = "CS610"
SAFE_ONLY = frozenset({FixSafety.SAFE})
SAFE_AND_UNSAFE = frozenset({FixSafety.SAFE, FixSafety.UNSAFE})
# Enough generated import blocks to hit every group and kind combination without slowing the suite.
HYPOTHESIS_EXAMPLES = 60
# Made up to cover every group (future, stdlib, third-party, first-party `backend`, relative at two depths),
# both statement kinds, a dotted module, case and natural number ordering.
SAMPLE_IMPORTS = (
    "import os",
    "import sys",
    "import os.path",
    "from typing import List",
    "from collections import abc",
    "import requests",
    "from requests import adapters",
    "import Django",
    "from attr import define",
    "import backend",
    "from backend.core import thing",
    "from . import sibling",
    "from .. import parent",
    "from .models import Model",
    "from __future__ import annotations",
    "import module10",
    "import module2",
)


def _violations(code: str, rule_code: str, path: PurePosixPath = EXAMPLE_PATH, **overrides: Any) -> List[Violation]:
    rule_settings = Settings(select=(rule_code,), **overrides)
    return [v for v in lint(SourceFile(code, path), rule_settings, REGISTRY).violations if v.code == rule_code]


def _fixed(code: str, rule_code: str, safeties: frozenset = SAFE_ONLY, **overrides: Any) -> str:
    rule_settings = Settings(select=(rule_code,), **overrides)
    outcome = fix_text(SourceFile(code, EXAMPLE_PATH), rule_settings, REGISTRY, safeties=safeties, codes={rule_code})
    assert None is outcome.error
    return outcome.text


def _run(code: str, function: str, *args: Any) -> Any:
    namespace: Dict[str, Any] = {}
    exec(compile(code, "<example>", "exec"), namespace)
    return namespace[function](*args)


def _assert_same_behaviour(before: str, after: str, function: str, samples: Sequence[Sequence[Any]]) -> None:
    assert before != after
    for sample in samples:
        assert _run(before, function, *sample) == _run(after, function, *sample), sample


# --- CS601 name-not-snake-case -------------------------------------------------------------------------


def test_WHEN_global_and_nonlocal_names_assigned_THEN_not_reported_as_locals() -> None:
    code = (
        "def outer():\n    counterValue = 0\n\n    def inner():\n        nonlocal counterValue\n"
        "        counterValue = 1\n\n    return inner\n"
    )
    actual = [v.message for v in _violations(code, NAMING)]
    assert ["Local variable `counterValue` is not snake_case (`counter_value`)"] == actual


def test_WHEN_camel_case_method_overrides_imported_base_THEN_not_reported_but_parameters_are() -> None:
    code = "import logging\n\nclass Handler(logging.Handler):\n    def handleError(self, badRecord):\n        pass\n"
    actual = [v.message for v in _violations(code, NAMING)]
    assert ["Parameter `badRecord` is not snake_case (`bad_record`)"] == actual


def test_WHEN_base_defined_in_module_derives_from_imported_class_THEN_method_not_judged() -> None:
    code = "class Base(Imported):\n    pass\n\nclass Child(Base):\n    def runTask(self):\n        pass\n"
    assert [] == _violations(code, NAMING)


def test_WHEN_test_case_api_hook_overridden_THEN_not_reported() -> None:
    code = (
        "import unittest\n\nclass TestX(unittest.TestCase):\n    def shortDescription(self):\n        return ''\n\n"
        "    def helperCheck(self):\n        pass\n"
    )
    actual = [v.message for v in _violations(code, NAMING, path=PurePosixPath("tests/test_x.py"))]
    assert ["Method `helperCheck` is not snake_case (`helper_check`)"] == actual


def test_WHEN_same_camel_case_local_bound_twice_THEN_reported_once_at_first_binding() -> None:
    code = "def run(items):\n    lastItem = None\n    for lastItem in items:\n        pass\n    return lastItem\n"
    actual = [(v.range.start.line, v.message) for v in _violations(code, NAMING)]
    assert [(1, "Local variable `lastItem` is not snake_case (`last_item`)")] == actual


def test_WHEN_decorated_property_setter_pair_camel_case_THEN_reported_once() -> None:
    code = (
        "class Box:\n    @property\n    def sizeValue(self):\n        return 1\n\n    @sizeValue.setter\n"
        "    def sizeValue(self, value):\n        pass\n"
    )
    assert 1 == len(_violations(code, NAMING))


def test_WHEN_walrus_in_comprehension_inside_function_THEN_reported_as_local() -> None:
    code = "def run(items):\n    return [lastSeen for item in items if (lastSeen := item)]\n"
    actual = [v.message for v in _violations(code, NAMING)]
    assert ["Local variable `lastSeen` is not snake_case (`last_seen`)"] == actual


def test_WHEN_snake_case_suggestion_would_be_keyword_THEN_trailing_underscore_added() -> None:
    code = "def run():\n    CONTINUE = 1\n"
    actual = [v.message for v in _violations(code, NAMING)]
    assert ["Local variable `CONTINUE` is not snake_case (`continue_`)"] == actual


# --- CS602 / CS603 naming ------------------------------------------------------------------------------


def test_WHEN_constant_renamed_THEN_shadowing_scopes_keep_their_own_name_and_behaviour_is_kept() -> None:
    before = (
        "base = 10\n\n\ndef use(value):\n    return value + base\n\n\ndef shadow(base):\n    return base * 2\n\n\n"
        "def local():\n    base = 3\n    return base\n\n\ndef closure():\n    base = 4\n\n    def inner():\n"
        "        return base\n\n    return inner()\n\n\ndef comprehension():\n    return [base for base in range(2)] + [base]\n\n\n"
        "square = lambda base: base * base\nuse_default = lambda value=base: value\n\n\n"
        "def run(value):\n    return (use(value), shadow(value), local(), closure(), comprehension(), square(value),"
        " use_default())\n"
    )
    after = _fixed(before, CONSTANT_NAMING, SAFE_AND_UNSAFE)
    assert "BASE = 10\n" in after
    assert "def shadow(base):\n    return base * 2\n" in after
    assert "return [base for base in range(2)] + [BASE]" in after
    assert "use_default = lambda value=BASE: value" in after
    _assert_same_behaviour(before, after, "run", [(1,), (5,)])


@pytest.mark.parametrize(
    "code",
    [
        "limit = 3\n\nclass Box:\n    limit = 4\n",
        "limit = 3\n\ndef read():\n    return globals()['limit']\n",
        "limit = 3\nLIMIT = 4\n",
    ],
)
def test_WHEN_rename_cannot_be_proven_safe_THEN_reported_without_fix(code: str) -> None:
    actual = _violations(code, CONSTANT_NAMING)
    assert [()] == [v.fixes for v in actual]


def test_WHEN_constant_rebound_in_loop_or_by_global_THEN_not_reported() -> None:
    code = "total = 0\nfor total in range(3):\n    pass\nlimit = 1\n\ndef grow():\n    global limit\n"
    assert [] == _violations(code, CONSTANT_NAMING)


# --- CS605 line-too-long -------------------------------------------------------------------------------


def test_WHEN_line_has_non_ascii_characters_THEN_length_counted_in_code_points() -> None:
    fits = "x = '" + "é" * 114 + "'\n"
    too_long = "x = (" + " + ".join(["'😀'"] * 21) + ")\n"
    actual = [(v.range.start.column, v.message) for v in _violations(fits + too_long, LINE_LENGTH)]
    assert [(120, "Line is 129 characters long (limit 120)")] == actual


def test_WHEN_crlf_file_has_long_url_comment_and_long_code_line_THEN_only_code_line_reported() -> None:
    code = "# https://example.com/" + "a" * 120 + "\r\nvalue = [" + ", ".join(["1"] * 60) + "]\r\n"
    actual = [(v.range.start.line, v.range.start.column) for v in _violations(code, LINE_LENGTH)]
    assert [(1, 120)] == actual


def test_WHEN_long_url_is_last_argument_with_closing_brackets_THEN_exempt_but_glued_to_call_reported() -> None:
    separate = "download(target, 'https://example.com/" + "a" * 120 + "')\n"
    glued = "download('https://example.com/" + "a" * 120 + "')\n"
    actual = [v.range.start.line for v in _violations(separate + glued, LINE_LENGTH)]
    assert [1] == actual


def test_WHEN_overflow_is_in_code_after_string_THEN_reported() -> None:
    code = "value = 'short' + compute_" + "a" * 120 + "\n"
    assert 1 == len(_violations(code, LINE_LENGTH))


# --- CS606 import-order and organize_imports ---------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (
            '#!/usr/bin/env python\n"""Doc."""\n\n# Copyright.\n\n# why requests\nimport requests\nimport os\n\nx = 1\n',
            '#!/usr/bin/env python\n"""Doc."""\n\n# Copyright.\n\nimport os\n\n# why requests\nimport requests\n\nx = 1\n',
        ),
        (
            "import requests\nimport os\n\nif TYPE_CHECKING:\n    import zlib\nimport abc\n",
            "import os\n\nimport requests\n\nif TYPE_CHECKING:\n    import zlib\nimport abc\n",
        ),
        (
            "import requests\nimport os\nprint(1)\nimport abc\n",
            "import os\n\nimport requests\nprint(1)\nimport abc\n",
        ),
        (
            "import requests\ntry:\n    import ujson\nexcept ImportError:\n    ujson = None\n",
            "import requests\ntry:\n    import ujson\nexcept ImportError:\n    ujson = None\n",
        ),
        ("import sys, os\nimport abc\n", "import abc\nimport sys, os\n"),
        ("import requests\nimport os", "import os\n\nimport requests"),
        ("import os; import abc\n", "import os; import abc\n"),
        (
            "import os\n\nfrom typing import List\nimport abc\n",
            "import abc\nimport os\n\nfrom typing import List\n",
        ),
        (
            "from requests import (  # noqa: F401\n    get,\n    post,  # the verb\n)\nimport \\\n    os\n",
            "import \\\n    os\n\nfrom requests import (  # noqa: F401\n    get,\n    post,  # the verb\n)\n",
        ),
        ("\tx = 1\n", "\tx = 1\n"),
    ],
)
def test_WHEN_organize_imports_runs_THEN_block_organized_and_rest_kept(before: str, expected: str) -> None:
    actual = organize_imports(before)
    assert expected == actual
    assert actual == organize_imports(actual)


def test_WHEN_fix_all_runs_on_unordered_block_THEN_same_text_as_organize_imports() -> None:
    code = '"""Doc."""\nfrom .a import b\nimport requests\nfrom os import path\nimport sys\n\nvalue = 1\n'
    assert organize_imports(code) == _fixed(code, IMPORT_ORDER)


def test_WHEN_project_package_exists_under_root_THEN_import_is_local(tmp_path: Path) -> None:
    (tmp_path / "src" / "myproject").mkdir(parents=True)
    (tmp_path / "src" / "myproject" / "__init__.py").write_text("")
    code = "import myproject\nimport requests\n"
    actual = organize_imports(code, Settings(root=tmp_path))
    assert "import requests\n\nimport myproject\n" == actual


def test_WHEN_known_first_party_lists_dotted_prefix_THEN_only_that_subtree_is_local() -> None:
    code = "import backend.core\nimport backend_tools\nimport os\n"
    actual = organize_imports(code, Settings(known_first_party=("backend.core",)))
    assert "import os\n\nimport backend_tools\n\nimport backend.core\n" == actual


def test_WHEN_isort_lines_between_types_layout_used_THEN_accepted() -> None:
    code = "import os\nimport sys\n\nfrom typing import List\n\nimport requests\n"
    assert [] == _violations(code, IMPORT_ORDER)


def test_WHEN_commented_import_stands_apart_inside_group_THEN_accepted() -> None:
    code = "import datetime\n\n# Import encodings now, see the issue.\nimport encodings.idna\nfrom io import BytesIO\n"
    assert [] == _violations(code, IMPORT_ORDER)


def test_WHEN_block_unordered_THEN_message_names_the_misplaced_statement() -> None:
    code = "import os\nimport requests\nimport abc\n\nimport zlib\n"
    actual = [(v.range.start.line, v.message) for v in _violations(code, IMPORT_ORDER)]
    expected_message = "Imports are not grouped and sorted: `import abc` should be sorted before `import os`"
    assert [(0, expected_message)] == actual
    grouped = "import abc\nimport os\nimport requests\n"
    actual = [(v.range.start.line, v.message) for v in _violations(grouped, IMPORT_ORDER)]
    expected_message = (
        "Imports are not grouped and sorted: one blank line expected between the standard-library and "
        "third-party groups"
    )
    assert [(2, expected_message)] == actual


@hypothesis_settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None)
@given(
    st.permutations(SAMPLE_IMPORTS),
    st.lists(st.booleans(), min_size=len(SAMPLE_IMPORTS) - 1, max_size=len(SAMPLE_IMPORTS) - 1),
)
def test_WHEN_any_order_of_imports_organized_THEN_nothing_lost_AND_result_is_stable(
    order: List[str], blank_after: List[bool]
) -> None:
    future = [line for line in order if "__future__" in line]
    rest = [line for line in order if "__future__" not in line]
    lines = [line + "\n" + ("\n" if blank else "") for line, blank in zip(future + rest, blank_after + [False])]
    code = '"""Doc."""\n' + "".join(lines) + "\nvalue = 1\n"
    project = Settings(known_first_party=("backend",))
    actual = organize_imports(code, project)
    canonical = organize_imports('"""Doc."""\n' + "\n".join(SAMPLE_IMPORTS) + "\n\nvalue = 1\n", project)
    # Blank lines in the source may make a layout acceptable (isort's optional blank lines) or show unknown
    # packages to be first-party, so only a block without them must come out canonical; no statement is ever
    # lost or duplicated.
    assert sorted(line for line in code.splitlines() if line) == sorted(line for line in actual.splitlines() if line)
    if not any(blank_after):
        assert canonical == actual
    assert actual == organize_imports(actual, project)
    compile(actual, "<organized>", "exec")


def test_WHEN_sample_imports_organized_THEN_isort_default_layout() -> None:
    code = "\n".join(SAMPLE_IMPORTS) + "\n"
    expected = (
        "from __future__ import annotations\n\n"
        "import os\nimport os.path\nimport sys\nfrom collections import abc\nfrom typing import List\n\n"
        "import Django\nimport module2\nimport module10\nimport requests\nfrom attr import define\n"
        "from requests import adapters\n\n"
        "import backend\nfrom backend.core import thing\nfrom .. import parent\nfrom . import sibling\n"
        "from .models import Model\n"
    )
    assert expected == organize_imports(code, Settings(known_first_party=("backend",)))


# --- CS607 printf-or-format-call -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected_line", "samples"),
    [
        ("return 'Hello %s' % (a,)", "return f'Hello {a!s}'", [("x", 1), (3.5, None)]),
        ('return "%r vs %s" % (a, b)', 'return f"{a!r} vs {b!s}"', [("it's", '"q"'), (None, [1])]),
        ("return '%-6s|%8s|%.2s' % (a, b, a)", "return f'{a!s:<6}|{b!s:>8}|{a!s:.2}'", [("abc", 12), (None, "xyzzy")]),
        ("return '100%% {x} %s' % (a,)", "return f'100% {{x}} {a!s}'", [(1, 2)]),
        ("return '{} and {}'.format(a, b)", "return f'{a} and {b}'", [(1, 2), ("x", None)]),
        ("return '{1}{0}{1}'.format(a, b)", "return f'{b}{a}{b}'", [(1, 2)]),
        ("return '{x!r:>10}|{y.real}'.format(x=a, y=b)", "return f'{a!r:>10}|{b.real}'", [("q", 3), (2.5, 1.5)]),
        ("return '{:>{}}'.format(a, b)", None, [(1, 5)]),
        ("return '{}=\"{}\"'.format(a, b)", "return f'{a}=\"{b}\"'", [("key", "value")]),
        ("return r'\\d{2} %s' % (a,)", "return rf'\\d{{2}} {a!s}'", [(1, 2)]),
        ('return u"%s!" % (a,)', 'return f"{a!s}!"', [(1, 2)]),
        ("return '''%s\n    next''' % (a,)", "return f'''{a!s}\n    next'''", [("x", 0)]),
        ("return '\\N{BULLET} %s' % (a,)", None, [(1, 2)]),
        ("return '\\x25s %s' % (a,)", None, [(1, 2)]),
        ("return '%s' % (a[0],)", "return f'{a[0]!s}'", [([1, 2], 0)]),
        ("return '%(x)s-%(y)s' % {'x': a, 'y': b}", "return f'{a!s}-{b!s}'", [(1, 2)]),
        ("return '%s %s' % (a,)", None, [((1, 2), 0)]),
        ("return ('%s'  # why\n        % (a,))", None, [(1, 2)]),
        ("return '%s' % (a \\\n        ,)", "return f'{a!s}'", [(1, 2)]),
        ("return '{}'.format(a) + '%s' % (b,)", "return f'{a}' + f'{b!s}'", [(1, 2)]),
    ],
)
def test_WHEN_format_call_converted_THEN_f_string_gives_same_result(
    body: str, expected_line: Optional[str], samples: List[Sequence[Any]]
) -> None:
    before = f"def render(a, b):\n    {body}\n"
    after = _fixed(before, F_STRING)
    if expected_line is None:
        assert before == after
    else:
        assert f"def render(a, b):\n    {expected_line}\n" == after
        _assert_same_behaviour(before, after, "render", samples)


@pytest.mark.parametrize(
    ("body", "expected_line", "samples"),
    [
        ("return '%d items' % a", "return f'{a:d} items'", [(3, 0)]),
        (
            "return '%5.2f|%-4d|%+d|%#x|%05d' % (a, b, b, b, b)",
            "return f'{a:5.2f}|{b:<4d}|{b:+d}|{b:#x}|{b:05d}'",
            [(3.14159, 42), (-1, -7)],
        ),
        ("return 'Hello %s' % a", "return f'Hello {a!s}'", [("x", 0)]),
    ],
)
def test_WHEN_conversion_depends_on_argument_type_THEN_fix_is_unsafe_and_correct_for_ints_and_floats(
    body: str, expected_line: str, samples: List[Sequence[Any]]
) -> None:
    before = f"def render(a, b):\n    {body}\n"
    assert before == _fixed(before, F_STRING)
    after = _fixed(before, F_STRING, SAFE_AND_UNSAFE)
    assert f"def render(a, b):\n    {expected_line}\n" == after
    _assert_same_behaviour(before, after, "render", samples)


def test_WHEN_format_used_at_module_level_or_on_bytes_THEN_not_reported() -> None:
    code = "LABEL = 'a %s' % 'b'\n\ndef pack(value):\n    return b'%d' % value, TEMPLATE.format(value)\n"
    assert [] == _violations(code, F_STRING)


# --- CS608 loop-append-comprehension -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "    out = []\n    for v in items:\n        out.append(v * 2)\n    return out\n",
        "    out = []\n    for v in items:\n        if v % 2:\n            out.append((v, -v))\n    return out\n",
        "    out = []\n    for i, v in enumerate(items):\n        out.append(lambda: i)\n    return [f() for f in out]\n",
        "    out = []\n    for v in items if items else [9]:\n        out.append(v)\n    return out\n",
        "    out = []\n    for v in items:\n        if v if flag else not v:\n            out.append(v)\n    return out\n",
        "    out = []\n    for v in \\\n            items:\n        out.append(v)\n    return out\n",
        "    out = []\n    for v in items: out.append(str(v) + '#')\n    return out\n",
    ],
)
def test_WHEN_loop_append_converted_THEN_comprehension_gives_same_list(body: str) -> None:
    before = "def build(items, flag):\n" + body
    after = _fixed(before, COMPREHENSION)
    assert "for" in after and ".append(" not in after.split("return")[0]
    _assert_same_behaviour(before, after, "build", [([1, 2, 3], True), ([], False), ([0, 5], False)])


def test_WHEN_loop_in_decorated_method_with_tabs_and_crlf_THEN_fixed_keeping_layout() -> None:
    before = (
        "class Box:\r\n\t@staticmethod\r\n\tdef build(items):\r\n\t\tout = []\r\n\t\tfor v in items:\r\n"
        "\t\t\tout.append(v + 1)\r\n\t\treturn out\r\n"
    )
    expected = (
        "class Box:\r\n\t@staticmethod\r\n\tdef build(items):\r\n\t\tout = [v + 1 for v in items]\r\n\t\treturn out\r\n"
    )
    actual = _fixed(before, COMPREHENSION)
    assert expected == actual
    assert [2, 3] == _run(actual + "result = Box.build\r\n", "result", [1, 2])


@pytest.mark.parametrize(
    "body",
    [
        "    out = []\n    for v in items:\n        out.append(last := v)\n    return out\n",
        "    out = []\n    for v in items:  # every item\n        out.append(v)\n",
        "    out = []\n    for v in items:\n        out.append(super().render(v))\n",
        "    out = []\n    for v in items:\n        out.append(locals()['v'])\n",
        "    out = []\n    for v in items:\n        out.append(v)\n    for v in other:\n        pass\n",
    ],
)
def test_WHEN_loop_needs_its_own_scope_or_holds_comment_THEN_reported_without_fix(body: str) -> None:
    code = "def build(self, items, other):\n" + body
    actual = [v.fixes for v in _violations(code, COMPREHENSION)]
    assert [()] == actual


def test_WHEN_comprehension_would_exceed_line_length_THEN_one_clause_per_line_and_same_list() -> None:
    before = (
        "def build(items):\n    doubled_values = []\n    for value in items:\n        if value > 1:\n"
        "            doubled_values.append(value * 2)\n    return doubled_values\n"
    )
    expected = (
        "def build(items):\n    doubled_values = [\n        value * 2\n        for value in items\n        if value > 1\n"
        "    ]\n    return doubled_values\n"
    )
    actual = _fixed(before, COMPREHENSION, line_length=50)
    assert expected == actual
    _assert_same_behaviour(before, actual, "build", [([1, 2, 3],), ([],)])


# --- CS609 complex-boolean-condition -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "expected_count"),
    [
        ("a and b and c", 0),
        ("a and b and c and d", 1),
        ("a or b and c", 1),
        ("not (a or b) and c", 1),
        ("(a and b) == (c or d)", 0),
        ("all([a and b or c])", 0),
        ("a and (b and (c and d))", 1),
        ("a and \\\n        b or c", 1),
    ],
)
def test_WHEN_condition_shapes_checked_THEN_only_complex_ones_reported(test: str, expected_count: int) -> None:
    code = f"def run(a, b, c, d):\n    if {test}:\n        pass\n"
    assert expected_count == len(_violations(code, BOOLEAN_CONDITION))


# --- CS610 if-else-assignment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "    if c:\n        x = a\n    else:\n        x = b\n    return x\n",
        "    if c:\n        x = a, b\n    else:\n        x = b, a\n    return x\n",
        "    if c and \\\n            a:\n        x = a\n    else:\n        x = b\n    return x\n",
        "    if c: x = [a,\n               b]\n    else: x = {'k': b}\n    return x\n",
        "    if c:\n        x = a if a else b\n    else:\n        x = b if b else a\n    return x\n",
        "    if c:\n        x = lambda: a\n    else:\n        x = lambda: b\n    return x()\n",
        "    data = {}\n    if c:\n        data['k'] = a\n    else:\n        data['k'] = b\n    return data\n",
        "    if not c:\n        x = \"it's\"\n    else:\n        x = 'say \"hi\"'\n    return x\n",
    ],
)
def test_WHEN_if_else_assignment_converted_THEN_conditional_expression_gives_same_value(body: str) -> None:
    before = "def pick(c, a, b):\n" + body
    after = _fixed(before, TERNARY)
    assert "else:" not in after
    _assert_same_behaviour(before, after, "pick", [(True, 1, 2), (False, 1, 2), (0, 0, 3), ("", None, 0)])


def test_WHEN_single_line_would_exceed_limit_THEN_parenthesised_over_several_lines_and_still_equivalent() -> None:
    before = (
        "def pick(c, a, b):\n    if c:\n        result_value = a + 1000\n    else:\n        result_value = b - 1000\n"
        "    return result_value\n"
    )
    expected = (
        "def pick(c, a, b):\n    result_value = (\n        a + 1000\n        if c\n        else b - 1000\n    )\n"
        "    return result_value\n"
    )
    actual = _fixed(before, TERNARY, line_length=40)
    assert expected == actual
    _assert_same_behaviour(before, actual, "pick", [(True, 1, 2), (False, 1, 2)])


def test_WHEN_if_else_assignment_in_decorated_function_with_tabs_THEN_indentation_kept() -> None:
    before = "@decorate\ndef pick(c):\n\tif c:\n\t\tx = 1\n\telse:\n\t\tx = 2\n\treturn x\n"
    assert "@decorate\ndef pick(c):\n\tx = 1 if c else 2\n\treturn x\n" == _fixed(before, TERNARY)


@pytest.mark.parametrize(
    "body",
    [
        "    if c:\n        x = a\n    else:  # otherwise\n        x = b\n",
        "    if c:\n        # the first\n        x = a\n    else:\n        x = b\n",
        "    if c:\n        x = (yield a)\n    else:\n        x = b\n",
        "    if c:\n        x = (y := a)\n    else:\n        x = b\n",
        "    if c:\n        x: int = a\n    else:\n        x = b\n",
    ],
)
def test_WHEN_fix_would_lose_comment_or_change_scope_THEN_reported_without_fix(body: str) -> None:
    code = "def pick(c, a, b):\n" + body
    actual = [v.fixes for v in _violations(code, TERNARY)]
    assert [()] == actual


def test_WHEN_every_fix_applied_to_tricky_file_THEN_second_pass_changes_nothing() -> None:
    code = (
        "import libcst\nimport os\n\n\ndef run(items, c):\n    out = []\n    for v in items:\n"

        "        out.append('%s!' % (v,))\n    if c:\n        x = '{}'.format(out)\n    else:\n        x = None\n"
        "    return x\n"
    )
    all_codes = Settings(select=(IMPORT_ORDER, F_STRING, COMPREHENSION, TERNARY))
    first = fix_text(SourceFile(code, EXAMPLE_PATH), all_codes, REGISTRY)
    second = fix_text(SourceFile(first.text, EXAMPLE_PATH), all_codes, REGISTRY)
    assert (None, first.text) == (first.error, second.text)
    _assert_same_behaviour(code, first.text, "run", [([1, 2], True), ([], False)])

