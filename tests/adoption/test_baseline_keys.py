"""The baseline's keys and matching (adoption/fingerprints.py, adoption/baseline.py), without the CLI: what a
key survives, what it does not hide, and the file's format."""

from pathlib import Path, PurePosixPath
from typing import List, Tuple

import pytest

from chris_style.adoption.baseline import Baseline, BaselineError, Checked, entries_of, match, read_baseline, rewritten
from chris_style.adoption.fingerprints import fingerprint_file, normalize
from chris_style.config.settings import Settings
from chris_style.linting.runner import lint_text
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

SETTINGS = Settings(select=("CS201", "CS202", "CS405"))
CODES = {"CS201", "CS202", "CS405"}
PATH = "pkg/module.py"
ORIGINAL = "def run(command):\n    print(command)\n\n\ndef stop(code):\n    return code\n"


def _fingerprints(text: str):
    violations = lint_text(text, REGISTRY, PurePosixPath(PATH), SETTINGS).violations
    return fingerprint_file(SourceFile(text), violations)


def _new_after(edited: str, original: str = ORIGINAL) -> List[Tuple[int, str]]:
    entries = entries_of(PATH, _fingerprints(original))
    result = match(PATH, entries, _fingerprints(edited), CODES)
    return [(violation.range.start.line + 1, violation.code) for violation in result.new]


def test_WHEN_formatting_changes_THEN_normalized_code_is_the_same() -> None:
    compact = normalize("call(first, 'text')  # why")
    wrapped = normalize('call(\n    first,\n    "text",\n)')
    assert compact == wrapped


def test_WHEN_lines_inserted_above_and_functions_swapped_THEN_nothing_new() -> None:
    edited = '"""Docs."""\n\nLIMIT = 3\n\n\ndef stop(code):\n    return code\n\n\ndef run(command):\n    print(command)\n'
    assert [] == _new_after(edited)


def test_WHEN_function_renamed_unchanged_THEN_its_findings_follow_it() -> None:
    assert [] == _new_after(ORIGINAL.replace("def run(command):", "def launch(command):"))


def test_WHEN_function_moved_into_a_class_THEN_its_findings_follow_it() -> None:
    edited = "class Runner:\n    def run(command):\n        print(command)\n\n\ndef stop(code):\n    return code\n"
    assert [] == _new_after(edited)


def test_WHEN_function_removed_and_another_added_THEN_the_new_one_is_not_taken_for_a_rename() -> None:
    edited = "def launch(target):\n    return target.start()\n\n\ndef stop(code):\n    return code\n"
    assert [(1, "CS202"), (1, "CS201")] == _new_after(edited)


def test_WHEN_new_finding_of_same_code_in_same_function_THEN_reported() -> None:
    edited = ORIGINAL.replace("    print(command)\n", "    print(command)\n    print('done')\n")
    assert [(3, "CS405")] == _new_after(edited)


def test_WHEN_finding_fixed_THEN_entry_reported_fixed_only_for_codes_that_ran() -> None:
    entries = entries_of(PATH, _fingerprints(ORIGINAL))
    fixed_text = ORIGINAL.replace("def stop(code):", "def stop(code: int) -> int:")
    all_codes = match(PATH, entries, _fingerprints(fixed_text), CODES).fixed
    only_cs405 = match(PATH, entries, _fingerprints(fixed_text), {"CS405"}).fixed
    assert ([("CS201", "stop"), ("CS202", "stop")], []) == (
        sorted((entry.key.code, entry.key.scope) for entry in all_codes), only_cs405
    )


def test_WHEN_rewritten_THEN_checked_codes_replaced_other_entries_kept(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / PATH).write_text(ORIGINAL, encoding="utf-8")
    old = Baseline(tmp_path / "baseline.json")
    for entry in entries_of(PATH, _fingerprints(ORIGINAL)):
        old.entries[entry.key] = entry
    fixed_text = ORIGINAL.replace("    print(command)\n", "    return command\n")
    new = rewritten(old, {PATH: Checked({"CS405"}, entries_of(PATH, _fingerprints(fixed_text)))})
    assert ["CS201", "CS201", "CS202", "CS202"] == sorted(key.code for key in new.entries)


def test_WHEN_baseline_written_and_read_THEN_same_entries(tmp_path: Path) -> None:
    baseline = Baseline(tmp_path / "baseline.json")
    for entry in entries_of(PATH, _fingerprints(ORIGINAL)):
        baseline.entries[entry.key] = entry
    baseline.path.write_text(baseline.to_json(), encoding="utf-8")
    assert baseline.entries == read_baseline(baseline.path).entries


@pytest.mark.parametrize(
    "text",
    ['{"chris-style-baseline": 2, "findings": []}', '{"chris-style-baseline": 1, "findings": [{"path": 1}]}', "nope"],
)
def test_WHEN_baseline_file_is_invalid_THEN_error_names_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match="not a valid baseline file"):
        read_baseline(path)


def test_WHEN_a_line_too_long_is_edited_before_its_limit_THEN_it_keeps_its_key_only_if_its_code_is_the_same() -> None:
    settings = Settings(select=("CS605",))
    long_call = "    return compute(" + ", ".join(f"argument_{number}" for number in range(12)) + ")\n"
    original = "def run():\n" + long_call
    reindented = "def run():\n" + long_call.replace("compute(", "compute(  ")

    def keys(text: str):
        violations = lint_text(text, REGISTRY, PurePosixPath(PATH), settings).violations
        return [(found.scope, found.fingerprint) for found in fingerprint_file(SourceFile(text), violations).findings]

    renamed_argument = "def run():\n" + long_call.replace("argument_0", "first")
    assert (1, keys(original), False) == (len(keys(original)), keys(reindented), keys(original) == keys(renamed_argument))
