"""`chris-style check --write-baseline` and checking against the baseline, run as a real subprocess on a small
project that does not follow the guide yet: the edits a team makes after adopting it (lines inserted above,
a function renamed, a function moved, the code reformatted) report nothing, a new finding is reported even in
a function that already has a baselined one of the same code, and a fixed finding leaves the baseline."""

import json
from pathlib import Path
from typing import Dict, List, Tuple

from tests.clients.test_github_actions import schema_errors
from tests.conftest import run_cli

BASELINE = ".chris-style-baseline.json"
# The project's modules as the team found them: findings of several codes, two of them in one function.
INVENTORY = '''import logging

logger = logging.getLogger(__name__)


class Store:
    def __init__(self, items):
        self.items = items

    def total(self, tax):
        return sum(item.price for item in self.items) * (1 + tax)


def restock(store, count):
    for item in store.items:
        item.count += count


def report(store):
    print(len(store.items))
    return store
'''
HELPERS = '''def parse(text):
    return text.split(",")
'''


def _write(project: Path, files: Dict[str, str]) -> None:
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _findings(project: Path, *options: str) -> Tuple[int, List[Tuple[str, int, str]]]:
    result = run_cli("check", ".", "--output-format", "json", "--no-cache", *options, cwd=project)
    assert "" == result.stderr
    items = json.loads(result.stdout)
    reported = [(item["path"], item["line"], item["code"]) for item in items if item.get("baseline") != "unchanged"]
    return result.exit_code, reported


def _baselined_project(project: Path) -> Path:
    _write(project, {"inventory/store.py": INVENTORY, "inventory/helpers.py": HELPERS})
    result = run_cli("check", "--write-baseline", "--no-cache", cwd=project)
    assert (0, "") == (result.exit_code, result.stdout)
    return project / BASELINE


def test_WHEN_baseline_written_THEN_check_reports_nothing_and_exits_0(project: Path) -> None:
    baseline = _baselined_project(project)
    result = run_cli("check", "--no-cache", cwd=project)
    assert (0, True) == (result.exit_code, result.stdout.startswith("All checks passed."))
    assert True == ("baselined findings not reported" in result.stdout) and baseline.exists()


def test_WHEN_baseline_written_THEN_sorted_one_entry_per_line_and_rewriting_it_changes_nothing(project: Path) -> None:
    baseline = _baselined_project(project)
    first = baseline.read_text(encoding="utf-8")
    entries = json.loads(first)["findings"]
    run_cli("check", "--write-baseline", "--no-cache", cwd=project)
    keys = [(entry["path"], entry["code"], entry["scope"]) for entry in entries]
    entry_lines = [line for line in first.splitlines() if line.startswith('    {"path"')]
    assert (first, sorted(keys), len(entries)) == (baseline.read_text(encoding="utf-8"), keys, len(entry_lines))


def test_WHEN_code_edited_without_new_findings_THEN_nothing_reported(project: Path) -> None:
    _baselined_project(project)
    edited = INVENTORY.replace(
        "import logging\n", '"""Stock keeping."""\n\nimport logging\n\n# Prices are in cents.\nCENTS = 100\n'
    )
    # `restock` renamed, `report` moved above the class, `total` reformatted as a formatter would.
    edited = edited.replace("def restock(store, count):", "def replenish(store, count):")
    report = edited[edited.index("def report(store):") :]
    edited = edited.replace(report, "").replace("class Store:", report + "\n\nclass Store:")
    edited = edited.replace(
        "        return sum(item.price for item in self.items) * (1 + tax)",
        "        return sum(\n            item.price\n            for item in self.items\n        ) * (1 + tax)",
    )
    _write(project, {"inventory/store.py": edited})
    assert (0, []) == _findings(project)


def test_WHEN_new_finding_of_a_baselined_code_in_the_same_function_THEN_only_it_is_reported(project: Path) -> None:
    _baselined_project(project)
    edited = INVENTORY.replace(
        "    print(len(store.items))\n", "    print(len(store.items))\n    print(store.items[0])\n"
    )
    _write(project, {"inventory/store.py": edited})
    assert (0, [("inventory/store.py", 21, "CS405")]) == _findings(project, "--fail-on", "CRITICAL")


def test_WHEN_same_finding_duplicated_in_a_function_THEN_the_count_reports_the_copy(project: Path) -> None:
    _baselined_project(project)
    edited = INVENTORY.replace(
        "    print(len(store.items))\n", "    print(len(store.items))\n    print(len(store.items))\n"
    )
    _write(project, {"inventory/store.py": edited})
    assert (0, [("inventory/store.py", 21, "CS405")]) == _findings(project)


def test_WHEN_new_function_breaks_the_guide_THEN_its_findings_are_reported_and_exit_1(project: Path) -> None:
    _baselined_project(project)
    _write(project, {"inventory/helpers.py": HELPERS + "\n\ndef join(parts):\n    return ','.join(parts)\n"})
    expected = [("inventory/helpers.py", 5, "CS202"), ("inventory/helpers.py", 5, "CS201")]
    assert (1, expected) == _findings(project)


def test_WHEN_baselined_finding_fixed_THEN_statistics_show_it_and_write_baseline_removes_it(project: Path) -> None:
    baseline = _baselined_project(project)
    before = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    _write(project, {"inventory/helpers.py": HELPERS.replace("def parse(text):", "def parse(text: str) -> list:")})
    statistics = run_cli("check", "--statistics", "--no-cache", cwd=project)
    written = run_cli("check", "--write-baseline", "--no-cache", cwd=project)
    after = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    removed = [(entry["path"], entry["code"]) for entry in before if entry not in after]
    assert True == ("fixed since the baseline" in statistics.stdout and "inventory/helpers.py: CS201 in parse" in statistics.stdout)
    assert ([("inventory/helpers.py", "CS201"), ("inventory/helpers.py", "CS202")], 0) == (removed, written.exit_code)
    assert True == ("0 new, 2 no longer found" in written.stderr)


def test_WHEN_sarif_with_baseline_THEN_baseline_state_marked_and_valid(project: Path) -> None:
    _baselined_project(project)
    _write(project, {"inventory/helpers.py": HELPERS + "\n\ndef join(parts):\n    return ','.join(parts)\n"})
    result = run_cli("check", "--output-format", "sarif", "--no-cache", cwd=project)
    log = json.loads(result.stdout)
    states = {(r["ruleId"], r["baselineState"], bool(r.get("suppressions"))) for r in log["runs"][0]["results"]}
    assert ([], True, True) == (
        schema_errors(log), ("CS202", "new", False) in states, ("CS202", "unchanged", True) in states
    )


def test_WHEN_no_baseline_option_THEN_every_finding_reported(project: Path) -> None:
    _baselined_project(project)
    with_baseline = _findings(project)[1]
    without = _findings(project, "--no-baseline")[1]
    assert ([], 11) == (with_baseline, len(without))


def test_WHEN_baseline_setting_names_a_file_THEN_written_and_read_there(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chris-style]\nbaseline = "lint/baseline.json"\n', encoding="utf-8")
    _write(project, {"module.py": HELPERS})
    written = run_cli("check", "--write-baseline", "--no-cache", cwd=project)
    checked = run_cli("check", "--no-cache", cwd=project)
    assert (0, True, 0) == (written.exit_code, (project / "lint" / "baseline.json").exists(), checked.exit_code)


def test_WHEN_write_baseline_given_a_directory_THEN_clear_error_and_nothing_written(project: Path) -> None:
    _write(project, {"src/module.py": HELPERS})
    result = run_cli("check", "--write-baseline", "src", cwd=project)
    assert (2, False) == (result.exit_code, any(project.rglob("*.json")))
    assert True == result.stderr.startswith("chris-style: error: src: a baseline file's name ends in `.json`")


def test_WHEN_baseline_file_is_not_a_baseline_THEN_exit_2_naming_it(project: Path) -> None:
    _write(project, {"module.py": HELPERS, BASELINE: "[1, 2]"})
    result = run_cli("check", "--no-cache", cwd=project)
    assert (2, "") == (result.exit_code, result.stdout)
    assert True == ("not a valid baseline file" in result.stderr and BASELINE in result.stderr)


def test_WHEN_baseline_option_names_a_missing_file_THEN_exit_2(project: Path) -> None:
    _write(project, {"module.py": HELPERS})
    result = run_cli("check", "--baseline", "missing.json", cwd=project)
    assert (2, True) == (result.exit_code, "no such baseline file" in result.stderr)


def test_WHEN_narrower_selection_writes_the_baseline_THEN_entries_of_other_codes_are_kept(project: Path) -> None:
    baseline = _baselined_project(project)
    codes_before = sorted(entry["code"] for entry in json.loads(baseline.read_text(encoding="utf-8"))["findings"])
    run_cli("check", "--write-baseline", "--select", "CS202", "--no-cache", cwd=project)
    codes_after = sorted(entry["code"] for entry in json.loads(baseline.read_text(encoding="utf-8"))["findings"])
    assert codes_before == codes_after


def test_WHEN_a_baselined_file_stops_parsing_THEN_the_syntax_error_is_reported_and_its_entries_kept(
    project: Path,
) -> None:
    baseline = _baselined_project(project)
    before = baseline.read_text(encoding="utf-8")
    _write(project, {"inventory/helpers.py": HELPERS + "def broken(:\n"})
    checked = _findings(project)
    written = run_cli("check", "--write-baseline", "--no-cache", cwd=project)
    assert ((1, [("inventory/helpers.py", 3, "CS000")]), before) == (checked, baseline.read_text(encoding="utf-8"))
    assert 0 == written.exit_code


def test_WHEN_write_baseline_with_diff_from_or_no_baseline_THEN_exit_2_saying_why(project: Path) -> None:
    _write(project, {"module.py": HELPERS})
    with_diff = run_cli("check", "--write-baseline", "--diff-from", "HEAD", cwd=project)
    with_no_baseline = run_cli("check", "--write-baseline", "--no-baseline", cwd=project)
    assert (2, 2, []) == (with_diff.exit_code, with_no_baseline.exit_code, list(project.glob("*.json")))
    assert True == ("cannot be combined with --diff-from" in with_diff.stderr)
