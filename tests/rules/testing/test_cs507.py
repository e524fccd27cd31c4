"""Edge cases of CS507 test-without-assertion beyond its embedded examples."""

import pytest

from chris_style.config.settings import Settings
from tests.rules.helpers import violations
from tests.rules.testing.snippets import TEST_PATH, in_test

CS507 = "CS507"
# Only CS507 runs, as `fix --select CS507` would.
SETTINGS = Settings(select=(CS507,))


@pytest.mark.parametrize(
    "body",
    [
        "assert_that(run()).is_equal_to(1)",
        "self.assertLogs()",
        "obj.assert_called_once()",
        "verifyNoMoreInteractions(m)",
        "with pytest.raises(E):\n    run()",
        "raise AssertionError",
        "for x in xs:\n    if x:\n        assert x",
        "pytest.fail('not yet')",
    ],
)
def test_WHEN_test_checks_something_THEN_not_reported(body: str) -> None:
    actual = violations(in_test(body), CS507, TEST_PATH, SETTINGS)

    assert [] == actual


def test_WHEN_helpers_assert_through_chains_THEN_test_not_reported() -> None:
    text = (
        "class Base:\n    def _verify(self, x):\n        assert x\n\n"
        "class TestX(Base):\n    def _run(self):\n        self._verify(1)\n\n    def test_WHEN_x_THEN_y(self):\n"
        "        self._run()\n"
    )

    actual = violations(text, CS507, TEST_PATH, SETTINGS)

    assert [] == actual


def test_WHEN_helpers_recurse_without_asserting_THEN_test_reported() -> None:
    text = "def a():\n    b()\n\ndef b():\n    a()\n\ndef test_WHEN_x_THEN_y():\n    a()\n"

    actual = violations(text, CS507, TEST_PATH, SETTINGS)

    assert 1 == len(actual)
