"""`chris-style check` run as a real subprocess: exit codes, every output format, config errors, stdin."""

import json
import re
from pathlib import Path

from tests.conftest import REPOSITORY_ROOT, run_cli

TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>CS\d+) \[(?P<priority>[A-Z]+)\] .+$")
UNANNOTATED = "def run(command):\n    print(command)\n"
CLEAN = "def run(command: str) -> None:\n    return None\n"


def test_WHEN_check_run_on_examples_THEN_priority_tagged_lines_and_exit_1() -> None:
    result = run_cli("check", "examples")
    lines = [line for line in result.stdout.splitlines() if TEXT_LINE.match(line)]
    assert 1 == result.exit_code
    assert True == any("[CRITICAL]" in line for line in lines)
    assert True == result.stdout.strip().splitlines()[-1].startswith("Found ")


def test_WHEN_check_run_on_clean_file_THEN_exit_0(project: Path) -> None:
    (project / "clean.py").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", str(project))
    assert (0, "All checks passed.") == (result.exit_code, result.stdout.strip())


def test_WHEN_json_output_THEN_objects_have_documented_fields(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("check", str(project), "--output-format", "json")
    items = json.loads(result.stdout)
    expected_keys = {
        "code", "name", "priority", "section", "guideline", "message", "path", "line", "column", "end_line",
        "end_column", "fix",
    }
    cs202 = next(item for item in items if item["code"] == "CS202")
    assert expected_keys == set(cs202)
    assert (1, 5, 1, 8) == (cs202["line"], cs202["column"], cs202["end_line"], cs202["end_column"])
    assert {"title": "Add `-> None`", "safety": "safe"} == {k: cs202["fix"][k] for k in ("title", "safety")}
    assert [{"line": 1, "column": 17, "end_line": 1, "end_column": 17, "content": " -> None"}] == cs202["fix"]["edits"]


def test_WHEN_columns_follow_astral_characters_THEN_json_counts_code_points(project: Path) -> None:
    (project / "module.py").write_text('NOTE = "\U0001F600"; x = 1\ndef run(command):\n    pass\n', encoding="utf-8")
    items = json.loads(run_cli("check", str(project), "--output-format", "json", "--select", "CS201").stdout)
    assert [(2, 9)] == [(item["line"], item["column"]) for item in items]


def test_WHEN_sarif_output_THEN_valid_sarif_with_rules_and_fixes(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    log = json.loads(run_cli("check", str(project), "--output-format", "sarif").stdout)
    run = log["runs"][0]
    results = {result["ruleId"]: result for result in run["results"]}
    assert "2.1.0" == log["version"]
    assert True == ("CS202" in {rule["id"] for rule in run["tool"]["driver"]["rules"]})
    assert "Add `-> None` (safe)" == results["CS202"]["fixes"][0]["description"]["text"]
    assert "error" == results["CS202"]["level"]


def test_WHEN_github_output_THEN_workflow_commands(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("check", str(project), "--output-format", "github", "--select", "CS201,CS202")
    lines = result.stdout.strip().splitlines()
    assert True == all(line.startswith("::error file=") for line in lines)
    assert True == any("CS202 [CRITICAL]" in line for line in lines)


def test_WHEN_min_priority_critical_THEN_lower_priorities_hidden(project: Path) -> None:
    code = "def run(command: str) -> None:\n    raise Exception(command)\n"
    (project / "module.py").write_text(code, encoding="utf-8")
    result = run_cli("check", str(project), "--output-format", "json", "--min-priority", "CRITICAL")
    critical = json.loads(result.stdout)
    assert [] == [item["code"] for item in critical]


def test_WHEN_config_has_unknown_key_THEN_exit_2_naming_key_and_file(project: Path) -> None:
    config = project / "pyproject.toml"
    config.write_text("[tool.chris-style]\nline-lenght = 100\n", encoding="utf-8")
    (project / "module.py").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", str(project))
    assert 2 == result.exit_code
    assert True == ("line-lenght" in result.stderr and str(config) in result.stderr)
    assert True == ("Traceback" not in result.stderr)


def test_WHEN_config_is_utf16_THEN_exit_2_with_one_line_naming_the_file(project: Path) -> None:
    config = project / "pyproject.toml"
    config.write_bytes("[tool.chris-style]\nline-length = 100\n".encode("utf-16"))
    (project / "module.py").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", str(project))
    expected = (2, [f"chris-style: error: {config}: not valid TOML: not UTF-8 text (invalid start byte at byte 0)"])
    assert expected == (result.exit_code, result.stderr.strip().splitlines())


def test_WHEN_config_has_unknown_code_THEN_exit_2(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chris-style]\nignore = ["CS999"]\n', encoding="utf-8")
    (project / "module.py").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", str(project))
    assert (2, True) == (result.exit_code, "CS999" in result.stderr)


def test_WHEN_config_fail_on_preferred_THEN_preferred_fails(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chris-style]\nfail-on = "PREFERRED"\nselect = ["CS002", "CS202"]\n')
    (project / "module.py").write_text("def run() -> None:  # noqa: CS202\n    return None\n", encoding="utf-8")
    assert 1 == run_cli("check", str(project)).exit_code


def test_WHEN_stdin_with_test_filename_THEN_test_rules_apply() -> None:
    source = b"def test_it():\n    x = 1\n"
    result = run_cli("check", "-", "--stdin-filename", "tests/test_it.py", "--output-format", "json", stdin=source)
    codes = sorted(item["code"] for item in json.loads(result.stdout))
    assert ["tests/test_it.py"] == sorted({item["path"] for item in json.loads(result.stdout)})
    assert True == ("CS201" not in codes)


def test_WHEN_file_not_decodable_THEN_exit_2_and_other_files_still_checked(project: Path) -> None:
    (project / "bad.py").write_bytes(b"x = '\xff\xfe'\n")
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("check", str(project))
    error_lines = [line for line in result.stderr.splitlines() if "bad.py" in line]
    assert 2 == result.exit_code
    assert 1 == len(error_lines)
    assert True == ("cannot decode" in error_lines[0])
    assert True == ("CS202" in result.stdout)


def test_WHEN_syntax_error_THEN_cs000_reported(project: Path) -> None:
    (project / "broken.py").write_text("def broken(:\n    pass\n", encoding="utf-8")
    items = json.loads(run_cli("check", str(project), "--output-format", "json").stdout)
    assert [("CS000", 1, 12)] == [(item["code"], item["line"], item["column"]) for item in items]


def test_WHEN_gitignore_and_exclude_THEN_those_files_skipped(project: Path) -> None:
    (project / ".gitignore").write_text("generated/\n", encoding="utf-8")
    (project / "pyproject.toml").write_text('[tool.chris-style]\nexclude = ["vendored_*.py"]\n', encoding="utf-8")
    (project / "generated").mkdir()
    (project / "generated" / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    (project / "vendored_lib.py").write_text(UNANNOTATED, encoding="utf-8")
    (project / "mine.py").write_text(UNANNOTATED, encoding="utf-8")
    items = json.loads(run_cli("check", str(project), "--output-format", "json").stdout)
    assert ["mine.py"] == sorted({Path(item["path"]).name for item in items})


def test_WHEN_jobs_2_THEN_same_output_as_in_process() -> None:
    parallel = run_cli("check", "examples", "--output-format", "json", "--jobs", "2", "--min-priority", "OBSERVED")
    serial = run_cli("check", "examples", "--output-format", "json", "--jobs", "1", "--min-priority", "OBSERVED")
    assert serial.stdout == parallel.stdout


def test_WHEN_statistics_THEN_count_per_code() -> None:
    result = run_cli("check", "examples", "--statistics")
    assert True == bool(re.search(r"^\s+\d+\s+CS\d+\s+\[[A-Z]+\] [a-z-]+$", result.stdout, re.M))


def test_WHEN_unknown_path_THEN_exit_2_one_line() -> None:
    result = run_cli("check", "does/not/exist")
    assert (2, 1) == (result.exit_code, len(result.stderr.strip().splitlines()))


def test_WHEN_project_checks_itself_THEN_no_critical_diagnostics() -> None:
    result = run_cli("check", "server", "tests", "--min-priority", "CRITICAL", cwd=REPOSITORY_ROOT)
    assert (0, "") == (result.exit_code, result.stderr)
