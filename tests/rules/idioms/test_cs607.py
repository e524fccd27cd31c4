"""Edge cases of CS607 printf-or-format-call beyond its embedded examples: every conversion is executed before
and after on sample values, so a fix that changes the formatted text fails here."""

from typing import Any, List, Optional, Sequence

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import SAFE_AND_UNSAFE, fixed, violations
from tests.rules.idioms.behaviour import assert_same_behaviour

F_STRING = "CS607"
F_STRING_ONLY = Settings(select=(F_STRING,))


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
    after = fixed(before, F_STRING, settings=F_STRING_ONLY)
    if expected_line is None:
        assert before == after
    else:
        assert f"def render(a, b):\n    {expected_line}\n" == after
        assert_same_behaviour(before, after, "render", samples)


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
    assert before == fixed(before, F_STRING, settings=F_STRING_ONLY)
    after = fixed(before, F_STRING, settings=F_STRING_ONLY, safeties=SAFE_AND_UNSAFE)
    assert f"def render(a, b):\n    {expected_line}\n" == after
    assert_same_behaviour(before, after, "render", samples)


def test_WHEN_format_used_at_module_level_or_on_bytes_THEN_not_reported() -> None:
    code = "LABEL = 'a %s' % 'b'\n\ndef pack(value):\n    return b'%d' % value, TEMPLATE.format(value)\n"
    assert [] == violations(code, F_STRING, settings=F_STRING_ONLY)
