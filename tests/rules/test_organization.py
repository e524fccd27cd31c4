"""Edge cases of CS101 and CS102 that the rules' embedded examples do not pin."""

from pathlib import Path, PurePath, PurePosixPath
from typing import List, Optional, Tuple

from chris_style.config.keys import apply_overrides
from chris_style.config.settings import Settings
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile, TextRange
from chris_style.rules import REGISTRY

MODULE_NAME = "CS101"
EXTERNAL_CALL = "CS102"
IMPORT_OS = "import os\n"
PROJECT_ROOT = Path("/home/dev/shop")


def _findings(
    code: str, rule_code: str, path: Optional[PurePath], settings: Settings = Settings()
) -> List[Tuple[TextRange, str]]:
    result = lint(SourceFile(code, path), settings, REGISTRY)
    assert [] == result.failures
    return [(violation.range, violation.message) for violation in result.violations if violation.code == rule_code]


def _messages(code: str, rule_code: str, path: Optional[PurePath], settings: Settings = Settings()) -> List[str]:
    return [message for _, message in _findings(code, rule_code, path, settings)]


def test_WHEN_module_name_checked_AND_buffer_untitled_THEN_nothing_reported() -> None:
    assert [] == _messages(IMPORT_OS, MODULE_NAME, None)


def test_WHEN_module_name_checked_AND_name_bad_THEN_reported_at_file_start() -> None:
    expected = [(TextRange.of(0, 0, 0, 0), "Module name `DataLoader` is not snake_case")]

    actual = _findings('"""Loads data."""\nimport os\n', MODULE_NAME, PurePosixPath("DataLoader.py"))

    assert expected == actual


def test_WHEN_module_name_checked_AND_path_under_root_THEN_only_project_directories_judged() -> None:
    settings = Settings(root=PROJECT_ROOT)
    path = PurePosixPath("/home/dev/shop/Backend/orders.py")

    actual = _messages(IMPORT_OS, MODULE_NAME, path, settings)

    assert ["Package directory name `Backend` is not snake_case"] == actual


def test_WHEN_module_name_checked_AND_path_outside_root_THEN_only_stem_judged() -> None:
    settings = Settings(root=PROJECT_ROOT)
    path = PurePosixPath("/opt/Vendor/Lib/orders.py")

    assert [] == _messages(IMPORT_OS, MODULE_NAME, path, settings)


def test_WHEN_module_name_checked_AND_absolute_path_without_root_THEN_only_stem_judged() -> None:
    path = PurePosixPath("/opt/Vendor/Lib/OrderBook.py")

    assert ["Module name `OrderBook` is not snake_case"] == _messages(IMPORT_OS, MODULE_NAME, path)


def test_WHEN_module_name_checked_AND_relative_path_names_project_folder_THEN_only_folders_below_root_judged() -> None:
    settings = Settings(root=Path.cwd() / "MyProject")
    path = PurePosixPath("MyProject/Orders/book.py")

    actual = _messages(IMPORT_OS, MODULE_NAME, path, settings)

    assert ["Package directory name `Orders` is not snake_case"] == actual


def test_WHEN_module_name_checked_AND_directory_not_identifier_THEN_directory_not_judged() -> None:
    path = PurePosixPath("vscode-extension/.Hidden/2024/helper_module.py")

    assert [] == _messages(IMPORT_OS, MODULE_NAME, path)


def test_WHEN_module_name_checked_AND_under_nested_migrations_THEN_nothing_reported() -> None:
    path = PurePosixPath("Shop/migrations/Versions/0003_Add-Field.py")

    assert [] == _messages(IMPORT_OS, MODULE_NAME, path)


def test_WHEN_module_name_checked_AND_crlf_file_with_noqa_THEN_suppressed() -> None:
    code = "import os  # noqa: CS101\r\nimport sys\r\n"

    assert [] == _messages(code, MODULE_NAME, PurePosixPath("BadName.py"))


def test_WHEN_module_name_checked_AND_stub_file_bad_THEN_reported() -> None:
    assert ["Module name `Types` is not snake_case"] == _messages("x: int\n", MODULE_NAME, PurePosixPath("Types.pyi"))


def test_WHEN_external_import_checked_AND_buffer_untitled_THEN_reported() -> None:
    expected = ["Module imports external-system client `boto3` outside an `*_interactions` package"]

    assert expected == _messages("import boto3\n", EXTERNAL_CALL, None)


def test_WHEN_external_import_checked_AND_import_in_nested_function_THEN_reported_at_module_name() -> None:
    code = "class Runner:\n    async def run(self) -> None:\n        from subprocess import run as sh\n"

    actual = _findings(code, EXTERNAL_CALL, PurePosixPath("core/runner.py"))

    assert [TextRange.of(2, 13, 2, 23)] == [text_range for text_range, _ in actual]


def test_WHEN_external_import_checked_AND_one_statement_imports_two_clients_THEN_each_reported() -> None:
    code = "import requests, httpx, json\n"

    assert 2 == len(_messages(code, EXTERNAL_CALL, PurePosixPath("core/fetch.py")))


def test_WHEN_external_import_checked_AND_typing_type_checking_attribute_THEN_not_reported() -> None:
    code = "import typing\n\nif typing.TYPE_CHECKING:\n    from botocore.client import S3\n"

    assert [] == _messages(code, EXTERNAL_CALL, PurePosixPath("core/plan.py"))


def test_WHEN_external_import_checked_AND_setting_names_dotted_client_THEN_submodules_reported() -> None:
    settings = apply_overrides(Settings(), {"external-modules": ["google.cloud"]}, "test", REGISTRY.vocabulary)
    code = "from google.cloud import storage\nimport google.auth\n"

    actual = _messages(code, EXTERNAL_CALL, PurePosixPath("core/store.py"), settings)

    assert ["Module imports external-system client `google.cloud` outside an `*_interactions` package"] == actual


def test_WHEN_external_import_checked_AND_similar_prefix_module_THEN_not_reported() -> None:
    code = "import boto3_type_annotations\nimport requestsx\n"

    assert [] == _messages(code, EXTERNAL_CALL, PurePosixPath("core/plan.py"))


def test_WHEN_external_import_checked_AND_interactions_directory_is_ancestor_THEN_not_reported() -> None:
    path = PurePosixPath("backend/aws_interactions/s3/buckets.py")

    assert [] == _messages("import boto3\r\n", EXTERNAL_CALL, path)


def test_WHEN_external_import_checked_AND_test_directory_THEN_not_reported() -> None:
    assert [] == _messages("import subprocess\n", EXTERNAL_CALL, PurePosixPath("test/helpers.py"))
