"""Edge cases of CS608 loop-append-comprehension beyond its embedded examples: every conversion is executed
before and after on sample values, and loops a comprehension would change are reported without a fix."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import fixed, violations
from tests.rules.idioms.behaviour import assert_same_behaviour, run

COMPREHENSION = "CS608"
COMPREHENSION_ONLY = Settings(select=(COMPREHENSION,))


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
    after = fixed(before, COMPREHENSION, settings=COMPREHENSION_ONLY)
    assert "for" in after and ".append(" not in after.split("return")[0]
    assert_same_behaviour(before, after, "build", [([1, 2, 3], True), ([], False), ([0, 5], False)])


def test_WHEN_loop_in_decorated_method_with_tabs_and_crlf_THEN_fixed_keeping_layout() -> None:
    before = (
        "class Box:\r\n\t@staticmethod\r\n\tdef build(items):\r\n\t\tout = []\r\n\t\tfor v in items:\r\n"
        "\t\t\tout.append(v + 1)\r\n\t\treturn out\r\n"
    )
    expected = (
        "class Box:\r\n\t@staticmethod\r\n\tdef build(items):\r\n\t\tout = [v + 1 for v in items]\r\n\t\treturn out\r\n"
    )
    actual = fixed(before, COMPREHENSION, settings=COMPREHENSION_ONLY)
    assert expected == actual
    assert [2, 3] == run(actual + "result = Box.build\r\n", "result", [1, 2])


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
    actual = [v.fixes for v in violations(code, COMPREHENSION, settings=COMPREHENSION_ONLY)]
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
    actual = fixed(before, COMPREHENSION, settings=Settings(select=(COMPREHENSION,), line_length=50))
    assert expected == actual
    assert_same_behaviour(before, actual, "build", [([1, 2, 3],), ([],)])
