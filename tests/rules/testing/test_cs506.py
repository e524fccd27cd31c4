"""Edge cases of CS506 non-unittest-mock-library beyond its embedded examples."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import violations
from tests.rules.testing.snippets import TEST_PATH, fixed_and_compiled

CS506 = "CS506"
# Only CS506 runs, as `fix --select CS506` would.
SETTINGS = Settings(select=(CS506,))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("import os, mock\n", 1),
        ("try:\n    import mock\nexcept ImportError:\n    from unittest import mock\n", 1),
        ("import pytest\n\n@pytest.fixture(scope='module')\ndef client(module_mocker):\n    return 1\n", 1),
        ("def helper(mocker):\n    return mocker\n", 0),
        ("from unittest.mock import mock_open\n", 0),
        ("import mockito.matchers\n", 1),
    ],
)
def test_WHEN_mock_libraries_imported_THEN_counted(text: str, count: int) -> None:
    actual = violations(text, CS506, TEST_PATH, SETTINGS)

    assert count == len(actual)


def test_WHEN_import_mock_fixed_in_crlf_file_THEN_line_replaced_and_comment_kept() -> None:
    actual = fixed_and_compiled("import os\r\nimport mock  # backport\r\n", CS506)

    assert "import os\r\nfrom unittest import mock  # backport\r\n" == actual
