"""CS1102 mutable-default-argument and CS1103 implicit-optional fixing one signature together, beyond their
embedded examples."""

from tests.rules import helpers

MUTABLE_DEFAULT = "CS1102"
IMPLICIT_OPTIONAL = "CS1103"


def test_WHEN_both_rules_fix_one_signature_THEN_converges_and_code_runs() -> None:
    code = "from typing import List\n\n\ndef run(items: List[int] = [], cwd: str = None) -> int:\n    return len(items)\n"
    fixed = helpers.fixed(code, [MUTABLE_DEFAULT, IMPLICIT_OPTIONAL], safeties=helpers.SAFE_AND_UNSAFE)
    expected = (
        "from typing import List, Optional\n\n\ndef run(items: Optional[List[int]] = None, cwd: Optional[str] = None) -> int:\n"
        "    if items is None:\n        items = []\n    return len(items)\n"
    )
    assert expected == fixed
    assert 0 == helpers.execute(fixed)["run"]()
