"""Every `--output-format` of `check`, parsed back and compared with the `json` output of the same run (validated
against a schema where the format has one: tests/cli/data holds them)."""

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import jsonschema
import pytest
import xmlschema

from tests.conftest import run_cli

DATA = Path(__file__).parent / "data"
# CS201 on `other`, past a non-ASCII default: rdjson counts UTF-8 bytes, the others code points. CS202 has a fix.
ACCENTED = 'def run(label: str = "é", other=1):\n    return None\n'
UNANNOTATED = "def run(command):\n    print(command)\n"
CLEAN = "def run(command: str) -> None:\n    return None\n"
Finding = Tuple[str, int, str]


@pytest.fixture
def findings_project(project: Path) -> Path:
    (project / "accented.py").write_text(ACCENTED, encoding="utf-8")
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    (project / "clean.py").write_text(CLEAN, encoding="utf-8")
    return project


def _output(project: Path, output_format: str) -> str:
    result = run_cli("check", ".", "--output-format", output_format, cwd=project)
    assert 1 == result.exit_code, result.stderr
    return result.stdout


def _json_items(project: Path) -> List[Dict[str, Any]]:
    return json.loads(_output(project, "json"))


def _findings(items: List[Dict[str, Any]]) -> Set[Finding]:
    return {(item["path"], item["line"], item["code"]) for item in items}


def test_WHEN_json_lines_THEN_one_object_per_line_equal_to_json(findings_project: Path) -> None:
    lines = _output(findings_project, "json-lines").splitlines()
    assert _json_items(findings_project) == [json.loads(line) for line in lines]


def test_WHEN_junit_THEN_valid_xml_with_a_failed_case_per_finding(findings_project: Path) -> None:
    text = _output(findings_project, "junit")
    xmlschema.XMLSchema(DATA / "junit.xsd").validate(text)
    root = ElementTree.fromstring(text)
    failures = {
        (case.get("classname"), int(case.get("name", "").rsplit(" ", 1)[1].split(":")[0]), failure.get("type"))
        for case in root.iter("testcase")
        for failure in case.findall("failure")
    }
    clean_cases = [case.get("name") for case in root.iter("testcase") if case.get("classname") == "clean.py"]
    assert _findings(_json_items(findings_project)) == failures
    assert (["no diagnostics"], str(len(failures))) == (clean_cases, root.get("failures"))


def test_WHEN_junit_and_unreadable_file_THEN_case_in_error(project: Path) -> None:
    (project / "bad.py").write_bytes(b"x = '\xff'\n")
    result = run_cli("check", ".", "--output-format", "junit", cwd=project)
    xmlschema.XMLSchema(DATA / "junit.xsd").validate(result.stdout)
    errors = [case.find("error") for case in ElementTree.fromstring(result.stdout).iter("testcase")]
    assert (2, ["unreadable"]) == (result.exit_code, [error.get("type") for error in errors if error is not None])


def test_WHEN_gitlab_THEN_valid_code_quality_report_equal_to_json(findings_project: Path) -> None:
    issues = json.loads(_output(findings_project, "gitlab"))
    jsonschema.validate(issues, json.loads((DATA / "gitlab-code-quality.schema.json").read_text(encoding="utf-8")))
    found = {(issue["location"]["path"], issue["location"]["lines"]["begin"], issue["check_name"]) for issue in issues}
    assert _findings(_json_items(findings_project)) == found
    assert len(issues) == len({issue["fingerprint"] for issue in issues})


def test_WHEN_lines_inserted_above_THEN_gitlab_fingerprints_unchanged(project: Path) -> None:
    module = project / "module.py"
    module.write_text(UNANNOTATED, encoding="utf-8")
    before = sorted(issue["fingerprint"] for issue in json.loads(_output(project, "gitlab")))
    module.write_text("VALUE = 1  # one\n\n\n" + UNANNOTATED, encoding="utf-8")
    after = sorted(issue["fingerprint"] for issue in json.loads(_output(project, "gitlab")))
    assert before == after


def test_WHEN_rdjson_THEN_valid_with_utf8_byte_columns_and_suggestions(findings_project: Path) -> None:
    result = json.loads(_output(findings_project, "rdjson"))
    jsonschema.validate(result, json.loads((DATA / "rdjson.schema.json").read_text(encoding="utf-8")))
    diagnostics = result["diagnostics"]
    found = {(d["location"]["path"], d["location"]["range"]["start"]["line"], d["code"]["value"]) for d in diagnostics}
    accented = next(d for d in diagnostics if d["location"]["path"] == "accented.py" and d["code"]["value"] == "CS201")
    line = ACCENTED.splitlines()[0]
    expected_column = len(line[: line.index("other")].encode("utf-8")) + 1
    cs202 = next(d for d in diagnostics if d["location"]["path"] == "module.py" and d["code"]["value"] == "CS202")
    assert _findings(_json_items(findings_project)) == found
    assert expected_column == accented["location"]["range"]["start"]["column"]
    assert [" -> None"] == [suggestion["text"] for suggestion in cs202["suggestions"]]


def test_WHEN_grouped_THEN_findings_under_their_file(findings_project: Path) -> None:
    entry = re.compile(r"^  (\d+):(\d+) (CS\d+) (\[\*\]|\[-\]|   ) \[(CRITICAL|PREFERRED|OBSERVED)\] .+$")
    found: Set[Finding] = set()
    path = ""
    for line in _output(findings_project, "grouped").splitlines():
        match = entry.match(line)
        if line.endswith(":") and not line.startswith(" "):
            path = line[:-1]
        elif match:
            found.add((path, int(match.group(1)), match.group(3)))
        else:
            assert "" == line
    assert _findings(_json_items(findings_project)) == found


def test_WHEN_pylint_THEN_parseable_lines_equal_to_json(findings_project: Path) -> None:
    pattern = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): \[(?P<code>CS\d+)\([a-z0-9-]+\), \] \[[A-Z]+\] .+$")
    lines = _output(findings_project, "pylint").splitlines()
    matches = [pattern.match(line) for line in lines]
    assert [] == [line for line, match in zip(lines, matches) if match is None]
    found = {(match["path"], int(match["line"]), match["code"]) for match in matches if match}
    assert _findings(_json_items(findings_project)) == found
