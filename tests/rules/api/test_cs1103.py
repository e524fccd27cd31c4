"""Edge cases of CS1103 implicit-optional beyond its embedded examples."""

from typing import Optional

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.rule import FixSafety
from tests.rules.helpers import fix_safeties, fixed, fixed_once, violations

BUILTIN_STYLE = Settings(typing_style="builtin")
IMPLICIT_OPTIONAL = "CS1103"


def test_WHEN_multiline_annotation_with_comment_THEN_wrapped_around_it() -> None:
    code = "def run(\n    env: Dict[\n        str,  # name\n        str,\n    ] = None,\n) -> None:\n    pass\n"
    expected = (
        "from typing import Optional\n\n\ndef run(\n    env: Optional[Dict[\n        str,  # name\n        str,\n"
        "    ]] = None,\n) -> None:\n    pass\n"
    )
    assert expected == fixed_once(code, IMPLICIT_OPTIONAL)


def test_WHEN_builtin_style_and_low_precedence_annotation_THEN_parenthesized() -> None:
    code = "def run(mode: (int if FAST else str) = None) -> None:\n    pass\n"
    expected = "def run(mode: ((int if FAST else str) | None) = None) -> None:\n    pass\n"
    fixed = fixed_once(code, IMPLICIT_OPTIONAL, settings=BUILTIN_STYLE)
    assert expected == fixed
    assert [] == violations(fixed, IMPLICIT_OPTIONAL, settings=BUILTIN_STYLE)


def test_WHEN_string_annotation_with_nested_quotes_THEN_wrapped_in_optional() -> None:
    code = "from typing import Optional\n\n\ndef run(plan: 'Dict[str, \"Plan\"]' = None) -> None:\n    pass\n"
    expected = "from typing import Optional\n\n\ndef run(plan: Optional['Dict[str, \"Plan\"]'] = None) -> None:\n    pass\n"
    assert expected == fixed_once(code, IMPLICIT_OPTIONAL)


def test_WHEN_optional_imported_under_alias_THEN_alias_used() -> None:
    code = "from typing import Optional as Opt\n\n\ndef run(cwd: str = None) -> None:\n    pass\n"
    expected = "from typing import Optional as Opt\n\n\ndef run(cwd: Opt[str] = None) -> None:\n    pass\n"
    assert expected == fixed_once(code, IMPLICIT_OPTIONAL)


def test_WHEN_positional_only_and_keyword_only_THEN_both_reported() -> None:
    code = "def run(a: int = None, /, *, b: str = None) -> None:\n    pass\n"
    assert 2 == len(violations(code, IMPLICIT_OPTIONAL))


def test_WHEN_future_annotations_and_builtin_style_THEN_union_appended() -> None:
    code = "from __future__ import annotations\n\n\ndef run(cwd: Path = None) -> None:\n    pass\n"
    expected = "from __future__ import annotations\n\n\ndef run(cwd: Path | None = None) -> None:\n    pass\n"
    assert expected == fixed_once(code, IMPLICIT_OPTIONAL, settings=BUILTIN_STYLE)


def test_WHEN_annotation_long_THEN_message_shortens_it() -> None:
    code = "def run(env: Dict[str, Tuple[SomeVeryLongClassName, AnotherVeryLongClassName]] = None) -> None:\n    pass\n"
    (violation,) = violations(code, IMPLICIT_OPTIONAL)
    assert "`Dict[str, Tuple[SomeVeryLongClassName...`" in violation.message


@pytest.mark.parametrize(
    ("code", "safety"),
    [
        ("def run(cwd: str = None) -> None:\n    pass\n", FixSafety.SAFE),
        ("class Client:\n    @staticmethod\n    def run(cwd: str = None) -> None:\n        pass\n", FixSafety.SAFE),
        # Decorators that read annotations may treat an explicit None differently.
        ("@validate_call\ndef run(cwd: str = None) -> None:\n    pass\n", FixSafety.UNSAFE),
        ("@app.get('/')\ndef run(cwd: str = None) -> None:\n    pass\n", FixSafety.UNSAFE),
        # `Optional[...]` of a value fails when the def runs: no fix.
        ("def run(size: 5 = None) -> None:\n    pass\n", None),
    ],
)
def test_WHEN_optional_fix_offered_THEN_safe_only_without_annotation_readers(
    code: str, safety: Optional[FixSafety]
) -> None:
    actual = fix_safeties(code, IMPLICIT_OPTIONAL)

    assert [safety] == actual


def test_WHEN_optional_alias_fix_repeated_THEN_it_converges() -> None:
    code = (
        "from typing import Optional as Opt, Union\n\n\n"
        "def run(cwd: str = None, env: Dict[str, str] = None) -> None:\n    pass\n"
    )

    actual = fixed(code, IMPLICIT_OPTIONAL)

    expected = (
        "from typing import Optional as Opt, Union\n\n\n"
        "def run(cwd: Opt[str] = None, env: Opt[Dict[str, str]] = None) -> None:\n    pass\n"
    )
    assert expected == actual
