"""CS203 typing-generic-style and CS204 builtin-any-as-type fixing one annotation together, beyond their
embedded examples."""

from pathlib import PurePosixPath

from chris_style.config.settings import Settings
from chris_style.linting.fixes import fix_text
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

TYPING_GENERIC_STYLE = "CS203"
BUILTIN_ANY_AS_TYPE = "CS204"


def test_WHEN_any_and_generic_both_fixed_THEN_converges_to_clean_code() -> None:
    code = "def run(data: dict[str, any]) -> None:\n    pass\n"
    source = SourceFile(code, PurePosixPath("example.py"))
    outcome = fix_text(source, Settings(), REGISTRY, codes={TYPING_GENERIC_STYLE, BUILTIN_ANY_AS_TYPE})
    expected = "from typing import Any, Dict\n\n\ndef run(data: Dict[str, Any]) -> None:\n    pass\n"
    assert expected == outcome.text
