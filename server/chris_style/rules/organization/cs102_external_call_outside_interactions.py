"""CS102 external-call-outside-interactions: a module imports an external-system client but is not part of
an `*_interactions` package."""

import logging

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Files, Invalid, Rule, Scope, Valid
from chris_style.linting.syntax import import_name, is_name

logger = logging.getLogger(__name__)

INTERACTIONS_SUFFIX = "_interactions"
TYPE_CHECKING_NAME = "TYPE_CHECKING"


def _names_type_checking(test: cst.BaseExpression) -> bool:
    """`TYPE_CHECKING` or `<anything>.TYPE_CHECKING` (`typing.TYPE_CHECKING`)."""
    if isinstance(test, cst.Attribute):
        return is_name(test.attr, TYPE_CHECKING_NAME)
    return is_name(test, TYPE_CHECKING_NAME)


class ExternalCallOutsideInteractions(Rule):
    """A module imports an external-system client but is not part of an `*_interactions` package.

    The guide's Module Organization (OBSERVED): "`{function}_interactions/` for external system boundaries
    (aws, cdk, opensearch)". Keeping the calls to AWS, HTTP services or child processes in one place keeps
    the rest of the code testable without them. A module is inside the boundary when any part of its dotted
    path (a directory or the file's own name) ends in `_interactions`.

    The clients are the `external-modules` setting (default: `boto3`, `botocore`, `requests`, `httpx`,
    `urllib3`, `pexpect`, `subprocess`, `paramiko`, `opensearchpy`); their submodules count too
    (`from botocore.exceptions import ClientError`). Every importing statement is reported, wherever it
    stands in the module. Not reported: imports under `if TYPE_CHECKING:` (used for annotations only, they
    call nothing), relative imports, the client library's own modules (`boto3/session.py` importing
    `boto3.utils`), and test files (tests import clients to mock them).
    """

    code = "CS102"
    name = "external-call-outside-interactions"
    priority = Priority.OBSERVED
    guideline = Guideline.MODULE_ORGANIZATION
    message = "Module imports external-system client `{module}` outside an `*_interactions` package"
    files = Files.NOT_TESTS
    scope = Scope.STATEMENT
    VALID = [
        Valid("import boto3\n", path="backend/aws_interactions/s3.py"),
        Valid("import subprocess\n", path="tooling/shell_interactions.py"),
        Valid("from botocore.exceptions import ClientError\n", path="aws_interactions/__init__.py"),
        Valid("import requests_toolbelt\nimport json\n", path="backend/core/client.py"),
        Valid("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import boto3\n", path="core/plan.py"),
        Valid("from . import requests\n", path="core/plan.py"),
        Valid("import boto3\n", path="tests/test_plan.py"),
        Valid("from boto3.exceptions import ResourceNotExistsError\n", path="src/boto3/session.py"),
        Valid("import subprocess\n", path="core/plan.py", settings={"external-modules": ["boto3"]}),
    ]
    INVALID = [
        Invalid("import boto3\n", path="backend/core/plan.py"),
        Invalid("from botocore.exceptions import ClientError\n", path="capacity_planning/planner.py"),
        Invalid("import os, subprocess\n", path="interactions_helper.py"),
        Invalid("import requests as http\n", path="core/fetch.py"),
        Invalid("def run() -> None:\n    import pexpect\n    pexpect.spawn('bash')\n", path="core/shell.py"),
        Invalid("import urllib3.util\nfrom httpx import Client\n", path="core/fetch.py", count=2),
        Invalid("import opensearch_py\n", path="core/search.py", settings={"external-modules": ["opensearch_py"]}),
        Invalid(
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    pass\nelse:\n    import boto3\n",
            path="core/plan.py",
        ),
    ]

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._check(alias.name, import_name(alias.name))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        self._check(node.module, import_name(node.module))

    def _check(self, target: cst.CSTNode, module_name: str) -> None:
        is_external = any(
            module_name == client or module_name.startswith(client + ".") for client in self.settings.external_modules
        )
        if not is_external or self._in_interactions() or self._inside(module_name):
            return
        if not self._type_checking_only():
            self.report(target, module=module_name)

    def _inside(self, module_name: str) -> bool:
        """True when the module is part of the imported package itself (`boto3/session.py` importing
        `boto3.utils`): the client's own code is the boundary."""
        directories = self.source.module_parts[:-1]
        return module_name.split(".", 1)[0] in directories

    def _in_interactions(self) -> bool:
        return any(part.endswith(INTERACTIONS_SUFFIX) for part in self.source.module_parts)

    def _type_checking_only(self) -> bool:
        """True inside the body (not the `else:`) of an `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`."""
        ancestors = self.context.ancestors
        for index, ancestor in enumerate(ancestors[:-1]):
            if (
                isinstance(ancestor, cst.If)
                and ancestors[index + 1] is ancestor.body
                and _names_type_checking(ancestor.test)
            ):
                return True
        return False
