"""Edge cases of the section 1 rule CS102 external-call-outside-interactions beyond its embedded examples."""

from pathlib import PurePath, PurePosixPath
from typing import List, Tuple

from chris_style.config.settings import Settings
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile, TextRange
from chris_style.rules import REGISTRY
from tests.rules.helpers import configured, messages, violations

EXTERNAL_CALL = "CS102"


def _untitled_messages(code: str, rule_code: str) -> List[str]:
    """The rule's messages in an untitled buffer (no path), which the shared helpers, linting a named file,
    do not cover."""
    result = lint(SourceFile(code, None), Settings(), REGISTRY)
    assert [] == result.failures
    return [violation.message for violation in result.violations if violation.code == rule_code]


def _findings(code: str, rule_code: str, path: PurePath) -> List[Tuple[TextRange, str]]:
    """Where each violation is and what it says."""
    return [(violation.range, violation.message) for violation in violations(code, rule_code, path)]


def test_WHEN_external_import_checked_AND_buffer_untitled_THEN_reported() -> None:
    expected = ["Module imports external-system client `boto3` outside an `*_interactions` package"]

    assert expected == _untitled_messages("import boto3\n", EXTERNAL_CALL)


def test_WHEN_external_import_checked_AND_import_in_nested_function_THEN_reported_at_module_name() -> None:
    code = "class Runner:\n    async def run(self) -> None:\n        from subprocess import run as sh\n"

    actual = _findings(code, EXTERNAL_CALL, PurePosixPath("core/runner.py"))

    assert [TextRange.of(2, 13, 2, 23)] == [text_range for text_range, _ in actual]


def test_WHEN_external_import_checked_AND_one_statement_imports_two_clients_THEN_each_reported() -> None:
    code = "import requests, httpx, json\n"

    assert 2 == len(messages(code, EXTERNAL_CALL, PurePosixPath("core/fetch.py")))


def test_WHEN_external_import_checked_AND_typing_type_checking_attribute_THEN_not_reported() -> None:
    code = "import typing\n\nif typing.TYPE_CHECKING:\n    from botocore.client import S3\n"

    assert [] == messages(code, EXTERNAL_CALL, PurePosixPath("core/plan.py"))


def test_WHEN_external_import_checked_AND_setting_names_dotted_client_THEN_submodules_reported() -> None:
    settings = configured({"external-modules": ["google.cloud"]})
    code = "from google.cloud import storage\nimport google.auth\n"

    actual = messages(code, EXTERNAL_CALL, PurePosixPath("core/store.py"), settings)

    assert ["Module imports external-system client `google.cloud` outside an `*_interactions` package"] == actual


def test_WHEN_external_import_checked_AND_similar_prefix_module_THEN_not_reported() -> None:
    code = "import boto3_type_annotations\nimport requestsx\n"

    assert [] == messages(code, EXTERNAL_CALL, PurePosixPath("core/plan.py"))


def test_WHEN_external_import_checked_AND_interactions_directory_is_ancestor_THEN_not_reported() -> None:
    path = PurePosixPath("backend/aws_interactions/s3/buckets.py")

    assert [] == messages("import boto3\r\n", EXTERNAL_CALL, path)


def test_WHEN_external_import_checked_AND_test_directory_THEN_not_reported() -> None:
    assert [] == messages("import subprocess\n", EXTERNAL_CALL, PurePosixPath("test/helpers.py"))
