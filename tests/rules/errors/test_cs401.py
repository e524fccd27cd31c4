"""Edge cases of CS401 generic-exception-raised beyond its embedded examples; the class it writes comes from the
engine (linting/exceptions.py), which the editor's "Extract exception class" shares."""

import pytest

from tests.rules.helpers import ALL_SAFETIES, execute, fix_safeties, fixed, lines

TEST_GENERIC_RAISE = "CS401"
EXECUTED_MODULE = "generic_raise_fixed"


def test_WHEN_generic_raise_fixed_AND_file_uses_crlf_THEN_new_class_uses_crlf() -> None:
    code = "import os\r\n\r\n\r\ndef load() -> None:\r\n    raise Exception('x')\r\n"
    expected = (
        "import os\r\n\r\n\r\nclass LoadFailed(Exception):\r\n    def __init__(self) -> None:\r\n"
        "        super().__init__('x')\r\n\r\n\r\ndef load() -> None:\r\n    raise LoadFailed()\r\n"
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
        "import os\n\n\nclass InnerStepFailed(Exception):\n    def __init__(self) -> None:\n"
        "        super().__init__('x')\n\n\n"
        "def outer() -> None:\n    def inner_step() -> None:\n        raise InnerStepFailed()\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_raise_in_method_of_decorated_commented_class_THEN_class_goes_above_comment() -> None:
    code = (
        "import os\n\n\n# The client.\n# Second line.\n@dataclass\nclass Client:\n"
        "    def fetch_page(self) -> None:\n        raise Exception('x')  # boom\n"
    )
    expected = (
        "import os\n\n\nclass FetchPageFailed(Exception):\n    def __init__(self) -> None:\n"
        "        super().__init__('x')\n\n\n"
        "# The client.\n# Second line.\n@dataclass\nclass Client:\n"
        "    def fetch_page(self) -> None:\n        raise FetchPageFailed()  # boom\n"
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
        "class UploadFailsFailed(Exception):\n    def __init__(self) -> None:\n        super().__init__('boom')\n\n\n"
        "def test_upload_fails() -> None:\n    raise UploadFailsFailed()\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, path="tests/test_upload.py", safeties=ALL_SAFETIES)


def test_WHEN_module_has_exception_classes_AND_functions_before_THEN_class_goes_after_the_last_one() -> None:
    code = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\nclass TooMuchTraffic(Exception):\n    pass\n\n\n"
        "def helper() -> None:\n    pass\n\n\nclass NotEnoughStorage(TooMuchTraffic):\n    pass\n\n\n"
        "def plan(traffic: int) -> None:\n    raise Exception(traffic)\n"
    )
    expected = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\nclass TooMuchTraffic(Exception):\n    pass\n\n\n"
        "def helper() -> None:\n    pass\n\n\nclass NotEnoughStorage(TooMuchTraffic):\n    pass\n\n\n"
        "class PlanFailed(Exception):\n    pass\n\n\n"
        "def plan(traffic: int) -> None:\n    raise PlanFailed(traffic)\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_f_string_reads_parameters_attributes_and_constants_THEN_init_takes_the_function_names() -> None:
    code = (
        "from typing import Optional\n\nMAX_TRAFFIC = 10  # Gbps one cluster takes\n\n\nclass Node:\n    pass\n\n\n"
        "class Planner:\n    def plan(self, traffic: Optional[int], node: Node, zone) -> None:\n"
        "        raise Exception(f'{traffic!r} Gbps in {zone} for {self.region} over {MAX_TRAFFIC:>4} on {node}')\n"
    )
    expected = (
        "from typing import Optional\n\nMAX_TRAFFIC = 10  # Gbps one cluster takes\n\n\n"
        "class PlanFailed(Exception):\n"
        "    def __init__(self, traffic: Optional[int], zone: object, region: object, node: object) -> None:\n"
        "        super().__init__(f'{traffic!r} Gbps in {zone} for {region} over {MAX_TRAFFIC:>4} on {node}')\n\n\n"
        "class Node:\n    pass\n\n\n"
        "class Planner:\n    def plan(self, traffic: Optional[int], node: Node, zone) -> None:\n"
        "        raise PlanFailed(traffic, zone, self.region, node)\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_message_moved_into_class_THEN_raised_exception_says_the_same() -> None:
    code = (
        "LIMIT = 3  # the most a plan takes\n\n\ndef plan(traffic: int, name: str) -> None:\n"
        "    if traffic > LIMIT:\n        raise Exception(f'{name}: {traffic} over {LIMIT}')\n"
    )
    namespace = execute(fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES), EXECUTED_MODULE)
    with pytest.raises(namespace["PlanFailed"]) as raised:
        namespace["plan"](5, "big")
    assert ("big: 5 over 3", Exception) == (str(raised.value), namespace["PlanFailed"].__bases__[0])


def test_WHEN_placeholder_is_an_expression_of_the_function_THEN_pass_class_keeps_the_arguments() -> None:
    code = "def plan(items: list) -> None:\n    raise Exception(f'{len(items)} items')\n"
    expected = (
        "class PlanFailed(Exception):\n    pass\n\n\n"
        "def plan(items: list) -> None:\n    raise PlanFailed(f'{len(items)} items')\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_message_too_long_for_one_line_THEN_super_call_broken_over_lines() -> None:
    message = "x" * 110
    code = f"def plan() -> None:\n    raise Exception('{message}')\n"
    expected = (
        "class PlanFailed(Exception):\n    def __init__(self) -> None:\n        super().__init__(\n"
        f"            '{message}'\n        )\n\n\ndef plan() -> None:\n    raise PlanFailed()\n"
    )
    assert expected == fixed(code, TEST_GENERIC_RAISE, safeties=ALL_SAFETIES)


def test_WHEN_existing_class_of_that_name_has_its_own_init_THEN_reported_without_fix() -> None:
    code = (
        "class LoadFailed(Exception):\n    def __init__(self) -> None:\n        super().__init__('a')\n\n\n"
        "def load() -> None:\n    raise Exception('b')\n"
    )
    assert [None] == fix_safeties(code, TEST_GENERIC_RAISE)


def test_WHEN_class_name_taken_by_non_exception_THEN_reported_without_fix() -> None:
    code = "LoadFailed = 3\n\n\ndef load() -> None:\n    raise Exception('x')\n"
    assert [None] == fix_safeties(code, TEST_GENERIC_RAISE)


def test_WHEN_raise_in_class_body_THEN_reported_without_fix() -> None:
    code = "class Settings:\n    if missing:\n        raise Exception('no settings')\n"
    assert [None] == fix_safeties(code, TEST_GENERIC_RAISE)


def test_WHEN_exception_is_a_local_name_THEN_not_reported() -> None:
    code = "def run(Exception: type) -> None:\n    raise Exception('x')\n"
    assert [] == lines(code, TEST_GENERIC_RAISE)
