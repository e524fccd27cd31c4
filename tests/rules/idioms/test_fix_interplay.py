"""The fixes of the section-6 rules applied together (CS606, CS607, CS608, CS610) beyond their embedded
examples: one pass leaves nothing for a second, and the result behaves as the original."""

from pathlib import PurePosixPath

from chris_style.config.settings import Settings
from chris_style.linting.fixes import fix_text
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY
from tests.rules.idioms.behaviour import assert_same_behaviour

EXAMPLE_PATH = PurePosixPath("example.py")
IMPORT_ORDER = "CS606"
F_STRING = "CS607"
COMPREHENSION = "CS608"
TERNARY = "CS610"


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
    assert_same_behaviour(code, first.text, "run", [([1, 2], True), ([], False)])
