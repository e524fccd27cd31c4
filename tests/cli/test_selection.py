"""Which rules `check` reports: an explicit selection is never hidden by the default `--min-priority`; code
prefixes, rule names and `--extend-select` select; the section names are shown where selectors are explained."""

import json
from pathlib import Path
from typing import List

from tests.conftest import run_cli

# CS701 (OBSERVED) fires on argparse; CS202 (CRITICAL) and CS201 (CRITICAL) on the unannotated function.
ARGPARSE_CLI = "import argparse\n\n\ndef main() -> None:\n    argparse.ArgumentParser().parse_args()\n"
UNANNOTATED = "def run(command):\n    print(command)\n"


def _codes(project: Path, *options: str) -> List[str]:
    result = run_cli("check", ".", "--output-format", "json", *options, cwd=project)
    return sorted({item["code"] for item in json.loads(result.stdout)})


def test_WHEN_select_observed_on_command_line_THEN_observed_rules_reported(project: Path) -> None:
    (project / "tool.py").write_text(ARGPARSE_CLI, encoding="utf-8")
    assert (["CS701"], []) == (_codes(project, "--select", "OBSERVED"), _codes(project))


def test_WHEN_select_observed_in_config_THEN_observed_rules_reported(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chris-style]\nselect = ["OBSERVED"]\n', encoding="utf-8")
    (project / "tool.py").write_text(ARGPARSE_CLI, encoding="utf-8")
    result = run_cli("check", ".", cwd=project)
    assert (0, True) == (result.exit_code, "CS701 [OBSERVED]" in result.stdout)


def test_WHEN_select_names_a_section_THEN_its_observed_rules_reported(project: Path) -> None:
    (project / "tool.py").write_text(ARGPARSE_CLI, encoding="utf-8")
    assert ["CS701"] == _codes(project, "--select", "dependencies")


def test_WHEN_min_priority_given_THEN_it_hides_explicit_selection_with_a_warning(project: Path) -> None:
    (project / "tool.py").write_text(ARGPARSE_CLI, encoding="utf-8")
    result = run_cli("check", ".", "--select", "OBSERVED", "--min-priority", "PREFERRED", cwd=project)
    expected = "chris-style: warning: `OBSERVED` selects only rules below --min-priority PREFERRED: none of them is reported"
    assert ("All checks passed.", [expected]) == (result.stdout.strip(), result.stderr.strip().splitlines())


def test_WHEN_code_prefix_selected_THEN_every_code_starting_so_reported(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    assert ["CS201", "CS202"] == _codes(project, "--select", "CS2")


def test_WHEN_rule_name_selected_THEN_that_rule_reported(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    assert ["CS202"] == _codes(project, "--select", "missing-return-annotation")


def test_WHEN_extend_select_THEN_added_to_configured_selection(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chris-style]\nselect = ["CS201"]\n', encoding="utf-8")
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    (project / "tool.py").write_text(ARGPARSE_CLI, encoding="utf-8")
    assert ["CS201", "CS701"] == _codes(project, "--extend-select", "argparse-cli")


def test_WHEN_rule_name_in_config_ignore_THEN_rule_not_reported(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chris-style]\nignore = ["missing-parameter-annotation"]\n')
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    assert ["CS202", "CS405"] == _codes(project)


def test_WHEN_prefix_matches_no_rule_THEN_exit_2_listing_selector_forms(project: Path) -> None:
    result = run_cli("check", ".", "--select", "CS99", cwd=project)
    assert 2 == result.exit_code
    assert True == ("code prefix (CS2)" in result.stderr and "testing" in result.stderr)


def test_WHEN_rules_listed_THEN_section_column_holds_selector_names() -> None:
    lines = run_cli("rules").stdout.splitlines()
    header = lines[0].split()
    cs202 = next(line for line in lines if line.startswith("CS202 ")).split()
    assert ["CODE", "PRIORITY", "SECTION", "FIX", "NAME", "GUIDELINE"] == header
    assert ["CS202", "CRITICAL", "types", "safe", "missing-return-annotation"] == cs202[:5]


def test_WHEN_top_level_help_THEN_section_names_shown() -> None:
    text = " ".join(run_cli("--help").stdout.split())
    assert True == ("organization, types, documentation, errors, testing, idioms" in text)
