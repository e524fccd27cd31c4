"""Edge cases of CS1101 import-star beyond its embedded examples."""

from tests.rules.helpers import violations

IMPORT_STAR = "CS1101"


def test_WHEN_relative_star_import_THEN_message_keeps_the_dots() -> None:
    expected = ["`from ..models import *`: import the names this module uses explicitly"]
    assert expected == [v.message for v in violations("from ..models import *\n", IMPORT_STAR)]


def test_WHEN_star_import_inside_function_THEN_reported() -> None:
    # Python rejects `import *` inside functions; libcst parses it, and the rule still reports it.
    assert 1 == len(violations("def load() -> None:\n    from os import *\n", IMPORT_STAR))
