"""Edge cases of CS1103 implicit-optional beyond its embedded examples."""

from chris_style.config.settings import Settings
from tests.rules.helpers import fixed_once, violations

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
