"""The CI recipes of docs/ci.md and the SARIF output they upload.

- The workflows are valid GitHub workflows (check-jsonschema's vendored copy of the workflow schema; offline),
  and each `chris-style` command in them does what the page says when run in a scratch project.
- `--output-format sarif` is valid SARIF 2.1.0 against the schema shipped in tests/clients/data/ (from the npm
  package @microsoft/jest-sarif 1.0.0-beta.0, lib/schemas/sarif-2.1.0-rtm.5.json, unchanged: the test checks
  its SHA-256), and its rule help is the `chris-style explain` page.
"""

import copy
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import jsonschema
import pytest
import yaml

from chris_style.rules import REGISTRY
from tests.conftest import REPOSITORY_ROOT, run_cli
from tests.docs.snippets import doc_snippet

logger = logging.getLogger(__name__)

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json"
# Recorded when the file was taken from @microsoft/jest-sarif 1.0.0-beta.0; a changed schema fails here first.
SARIF_SCHEMA_SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"
CHECK_JSONSCHEMA = (shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
                    or shutil.which("check-jsonschema"))
WORKFLOWS = ("github-annotations", "github-sarif")
# A workflow command line: `::error file=a.py,line=1,col=5,endLine=1,endColumn=9,title=CS202 ...::message`.
ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=CS\d+ \[[A-Z]+\] [^:]+::.+$"
)
COMMAND_TIMEOUT_SECONDS = 120
PROJECT_CONFIG = '[tool.chris-style]\nselect = ["ALL"]\n'
PROJECT_MODULE = "import requests\n\n\ndef run(command):\n    print(command)\n    return requests.get(command)\n"


def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def schema_errors(log: Dict[str, Any]) -> List[str]:
    return [f"{'/'.join(map(str, error.path))}: {error.message[:300]}" for error in sarif_validator().iter_errors(log)]


def examples_sarif() -> Dict[str, Any]:
    """SARIF for the bundled examples/, which break the guide on purpose (findings, fixes, every rule)."""
    result = run_cli("check", "examples", "--output-format", "sarif", "--min-priority", "OBSERVED", "--no-cache")
    assert 1 == result.exit_code, result.stderr
    return json.loads(result.stdout)


def workflow(name: str) -> Dict[str, Any]:
    return yaml.safe_load(doc_snippet("ci.md", name))


def chris_style_commands(document: Dict[str, Any]) -> List[str]:
    return [step["run"] for job in document["jobs"].values() for step in job["steps"]
            if str(step.get("run", "")).startswith("chris-style ")]


def run_in_project(project: Path, command: str) -> subprocess.CompletedProcess:
    """A workflow's `run:` line, in bash as GitHub runs it, with this environment's chris-style on PATH."""
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-c", command], cwd=project, env=environment, capture_output=True, text=True,
                          timeout=COMMAND_TIMEOUT_SECONDS, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PROJECT_CONFIG, encoding="utf-8")
    (tmp_path / "service.py").write_text(PROJECT_MODULE, encoding="utf-8")
    return tmp_path


def test_WHEN_the_shipped_sarif_schema_is_hashed_THEN_it_is_the_file_taken_from_the_npm_package() -> None:
    assert SARIF_SCHEMA_SHA256 == hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest()


def test_WHEN_the_examples_are_checked_as_sarif_THEN_the_log_is_valid_sarif_2_1_0_with_results_and_fixes() -> None:
    log = examples_sarif()
    results = log["runs"][0]["results"]
    observed = (schema_errors(log), len(results) > 10, any("fixes" in result for result in results))
    assert ([], True, True) == observed


def test_WHEN_a_sarif_log_breaks_the_schema_THEN_the_validator_reports_it() -> None:
    # A control: the validator is live, so the test above could fail.
    log = copy.deepcopy(examples_sarif())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert 2 == len(schema_errors(log))


def test_WHEN_sarif_is_written_THEN_each_rule_help_is_the_explain_page() -> None:
    rules = {rule["id"]: rule for rule in examples_sarif()["runs"][0]["tool"]["driver"]["rules"]}
    code = "CS202"
    explained = run_cli("explain", code)
    expected = (list(rule.code for rule in REGISTRY), explained.stdout, explained.stdout)
    assert expected == (list(rules), rules[code]["help"]["markdown"], rules[code]["help"]["text"])


@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema is not installed")
@pytest.mark.parametrize("name", WORKFLOWS)
def test_WHEN_a_workflow_of_the_ci_page_is_validated_THEN_it_is_a_valid_github_workflow(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.yml"
    path.write_text(doc_snippet("ci.md", name), encoding="utf-8")
    completed = subprocess.run([CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", str(path)],
                               capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS, check=False)
    assert 0 == completed.returncode, completed.stdout + completed.stderr


def test_WHEN_the_annotations_workflow_command_runs_THEN_it_fails_with_one_workflow_command_per_finding(
    project: Path,
) -> None:
    commands = chris_style_commands(workflow("github-annotations"))
    completed = run_in_project(project, commands[0])
    lines = completed.stdout.splitlines()
    malformed = [line for line in lines if not ANNOTATION.match(line)]
    kinds = sorted({line.split(" ", 1)[0] for line in lines})
    assert (1, 1, [], ["::error", "::warning"]) == (len(commands), completed.returncode, malformed, kinds)


def test_WHEN_the_code_scanning_workflow_command_runs_THEN_it_writes_valid_sarif_for_the_upload(
    project: Path,
) -> None:
    document = workflow("github-sarif")
    commands = chris_style_commands(document)
    completed = run_in_project(project, commands[0])
    upload = next(step for step in document["jobs"]["scan"]["steps"] if "upload-sarif" in step.get("uses", ""))
    log = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    codes = sorted({result["ruleId"] for result in log["runs"][0]["results"]})
    assert (1, [], ["CS102", "CS201", "CS202", "CS405"]) == (completed.returncode, schema_errors(log), codes)


def test_WHEN_the_hooks_and_workflows_are_listed_THEN_the_ci_page_documents_each_hook_id() -> None:
    page = (REPOSITORY_ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    hook_ids = [hook["id"] for hook in yaml.safe_load((REPOSITORY_ROOT / ".pre-commit-hooks.yaml").read_text())]
    assert [] == [hook_id for hook_id in hook_ids if f"`{hook_id}`" not in page]
