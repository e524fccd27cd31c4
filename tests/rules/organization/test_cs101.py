"""Edge cases of the section 1 rule CS101 module-name-not-snake-case beyond its embedded examples."""

from pathlib import Path, PurePath, PurePosixPath
from typing import List, Tuple

from chris_style.config.settings import Settings
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile, TextRange
from chris_style.rules import REGISTRY
from tests.rules.helpers import messages, violations

MODULE_NAME = "CS101"
IMPORT_OS = "import os\n"
PROJECT_ROOT = Path("/home/dev/shop")


def _untitled_messages(code: str, rule_code: str) -> List[str]:
    """The rule's messages in an untitled buffer (no path), which the shared helpers, linting a named file,
    do not cover."""
    result = lint(SourceFile(code, None), Settings(), REGISTRY)
    assert [] == result.failures
    return [violation.message for violation in result.violations if violation.code == rule_code]


def _findings(code: str, rule_code: str, path: PurePath) -> List[Tuple[TextRange, str]]:
    """Where each violation is and what it says."""
    return [(violation.range, violation.message) for violation in violations(code, rule_code, path)]


def test_WHEN_module_name_checked_AND_buffer_untitled_THEN_nothing_reported() -> None:
    assert [] == _untitled_messages(IMPORT_OS, MODULE_NAME)


def test_WHEN_module_name_checked_AND_name_bad_THEN_reported_at_file_start() -> None:
    expected = [(TextRange.of(0, 0, 0, 0), "Module name `DataLoader` is not snake_case")]

    actual = _findings('"""Loads data."""\nimport os\n', MODULE_NAME, PurePosixPath("DataLoader.py"))

    assert expected == actual


def test_WHEN_module_name_checked_AND_path_under_root_THEN_only_project_directories_judged() -> None:
    settings = Settings(root=PROJECT_ROOT)
    path = PurePosixPath("/home/dev/shop/Backend/orders.py")

    actual = messages(IMPORT_OS, MODULE_NAME, path, settings)

    assert ["Package directory name `Backend` is not snake_case"] == actual


def test_WHEN_module_name_checked_AND_path_outside_root_THEN_only_stem_judged() -> None:
    settings = Settings(root=PROJECT_ROOT)
    path = PurePosixPath("/opt/Vendor/Lib/orders.py")

    assert [] == messages(IMPORT_OS, MODULE_NAME, path, settings)


def test_WHEN_module_name_checked_AND_absolute_path_without_root_THEN_only_stem_judged() -> None:
    path = PurePosixPath("/opt/Vendor/Lib/OrderBook.py")

    assert ["Module name `OrderBook` is not snake_case"] == messages(IMPORT_OS, MODULE_NAME, path)


def test_WHEN_module_name_checked_AND_relative_path_names_project_folder_THEN_only_folders_below_root_judged() -> None:
    settings = Settings(root=Path.cwd() / "MyProject")
    path = PurePosixPath("MyProject/Orders/book.py")

    actual = messages(IMPORT_OS, MODULE_NAME, path, settings)

    assert ["Package directory name `Orders` is not snake_case"] == actual


def test_WHEN_module_name_checked_AND_directory_not_identifier_THEN_directory_not_judged() -> None:
    path = PurePosixPath("vscode-extension/.Hidden/2024/helper_module.py")

    assert [] == messages(IMPORT_OS, MODULE_NAME, path)


def test_WHEN_module_name_checked_AND_under_nested_migrations_THEN_nothing_reported() -> None:
    path = PurePosixPath("Shop/migrations/Versions/0003_Add-Field.py")

    assert [] == messages(IMPORT_OS, MODULE_NAME, path)


def test_WHEN_module_name_checked_AND_crlf_file_with_noqa_THEN_suppressed() -> None:
    code = "import os  # noqa: CS101\r\nimport sys\r\n"

    assert [] == messages(code, MODULE_NAME, PurePosixPath("BadName.py"))


def test_WHEN_module_name_checked_AND_stub_file_bad_THEN_reported() -> None:
    assert ["Module name `Types` is not snake_case"] == messages("x: int\n", MODULE_NAME, PurePosixPath("Types.pyi"))
