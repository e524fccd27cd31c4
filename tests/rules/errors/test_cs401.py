"""Edge cases of CS401 generic-exception-raised beyond its embedded examples."""

from tests.rules.helpers import ALL_SAFETIES, fix_safeties, fixed, lines

TEST_GENERIC_RAISE = "CS401"


def test_WHEN_generic_raise_fixed_AND_file_uses_crlf_THEN_new_class_uses_crlf() -> None:
    code = "import os\r\n\r\n\r\ndef load() -> None:\r\n    raise Exception('x')\r\n"
    expected = (
        "import os\r\n\r\n\r\nclass LoadFailed(Exception):\r\n    pass\r\n\r\n\r\n"
        "def load() -> None:\r\n    raise LoadFailed('x')\r\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_generic_raise_fixed_AND_file_indents_with_tabs_THEN_class_body_uses_a_tab() -> None:
    code = "def load():\n\tif True:\n\t\traise Exception\n"
    expected = "class LoadFailed(Exception):\n\tpass\n\n\ndef load():\n\tif True:\n\t\traise LoadFailed\n"
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_function_raises_twice_THEN_fix_defines_one_class_AND_rewrites_both() -> None:
    code = "def load(x: int) -> None:\n    if x:\n        raise Exception('a')\n    raise Exception('b')\n"
    expected = (
        "class LoadFailed(Exception):\n    pass\n\n\n"
        "def load(x: int) -> None:\n    if x:\n        raise LoadFailed('a')\n    raise LoadFailed('b')\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_raise_in_nested_function_THEN_class_named_after_inner_AND_placed_above_outer() -> None:
    code = "import os\n\n\ndef outer() -> None:\n    def inner_step() -> None:\n        raise Exception('x')\n"
    expected = (
        "import os\n\n\nclass InnerStepFailed(Exception):\n    pass\n\n\n"
        "def outer() -> None:\n    def inner_step() -> None:\n        raise InnerStepFailed('x')\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_raise_in_method_of_decorated_commented_class_THEN_class_goes_above_comment() -> None:
    code = (
        "import os\n\n\n# The client.\n# Second line.\n@dataclass\nclass Client:\n"
        "    def fetch_page(self) -> None:\n        raise Exception('x')  # boom\n"
    )
    expected = (
        "import os\n\n\nclass FetchPageFailed(Exception):\n    pass\n\n\n"
        "# The client.\n# Second line.\n@dataclass\nclass Client:\n"
        "    def fetch_page(self) -> None:\n        raise FetchPageFailed('x')  # boom\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_first_statement_follows_file_header_comments_THEN_class_goes_below_header() -> None:
    code = "#!/usr/bin/env python\n# Copyright\ndef load() -> None:\n    raise Exception\n"
    expected = (
        "#!/usr/bin/env python\n# Copyright\nclass LoadFailed(Exception):\n    pass\n\n\n"
        "def load() -> None:\n    raise LoadFailed\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_raise_in_test_function_THEN_class_name_drops_test_prefix() -> None:
    code = "def test_upload_fails() -> None:\n    raise Exception('boom')\n"
    expected = (
        "class UploadFailsFailed(Exception):\n    pass\n\n\n"
        "def test_upload_fails() -> None:\n    raise UploadFailsFailed('boom')\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, path="tests/test_upload.py", safeties=ALL_SAFETIES)


def test_WHEN_class_name_taken_by_non_exception_THEN_reported_without_fix() -> None:
    code = "LoadFailed = 3\n\n\ndef load() -> None:\n    raise Exception('x')\n"
    assert [None] == fix_safeties(code, TEST_GENERIC_RAISE)


def test_WHEN_raise_in_class_body_THEN_reported_without_fix() -> None:
    code = "class Settings:\n    if missing:\n        raise Exception('no settings')\n"
    assert [None] == fix_safeties(code, TEST_GENERIC_RAISE)


def test_WHEN_exception_is_a_local_name_THEN_not_reported() -> None:
    code = "def run(Exception: type) -> None:\n    raise Exception('x')\n"
    assert [] == lines(code, TEST_GENERIC_RAISE)
