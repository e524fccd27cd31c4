"""Fixes are visible: the closing line counts the fixes only `--unsafe-fixes` applies, `--statistics` marks fixable
rules, `--show-fixes` lists what `fix` applied and what `check` could fix."""

from pathlib import Path

from tests.conftest import run_cli

# CS603 has an unsafe fix (a rename), CS202 a safe one, CS405 none.
MIXED = "maxValue = 3  # three retries\n\n\ndef run(command: str):\n    print(command, maxValue)\n"


def test_WHEN_check_finds_unsafe_fixes_THEN_summary_counts_them(project: Path) -> None:
    (project / "module.py").write_text(MIXED, encoding="utf-8")
    last = run_cli("check", ".", cwd=project).stdout.strip().splitlines()[-1]
    expected = (
        "Found 3 diagnostics (2 CRITICAL, 1 PREFERRED). 1 fixable with `chris-style fix` "
        "(1 more fix available with `--unsafe-fixes`)."
    )
    assert expected == last


def test_WHEN_fix_leaves_unsafe_fixes_THEN_summary_counts_them(project: Path) -> None:
    (project / "module.py").write_text(MIXED, encoding="utf-8")
    result = run_cli("fix", ".", cwd=project)
    expected = "Fixed 1 issue in 1 file; 2 remaining (1 more fix available with `--unsafe-fixes`)."
    assert expected == result.stderr.strip()


def test_WHEN_fix_with_unsafe_fixes_THEN_no_note_and_file_renamed(project: Path) -> None:
    module = project / "module.py"
    module.write_text(MIXED, encoding="utf-8")
    result = run_cli("fix", ".", "--unsafe-fixes", cwd=project)
    assert "Fixed 2 issues in 1 file; 1 remaining." == result.stderr.strip()
    assert True == ("print(command, MAX_VALUE)" in module.read_text(encoding="utf-8"))


def test_WHEN_statistics_THEN_safe_and_unsafe_fixable_rules_marked(project: Path) -> None:
    (project / "module.py").write_text(MIXED, encoding="utf-8")
    lines = run_cli("check", ".", "--statistics", cwd=project).stdout.splitlines()
    expected = [
        "     1  CS202   [*] [CRITICAL] missing-return-annotation",
        "     1  CS405       [PREFERRED] print-instead-of-logger",
        "     1  CS603   [-] [CRITICAL] constant-name-not-screaming-snake",
        "[*] fixable with `chris-style fix`; [-] fixable with `chris-style fix --unsafe-fixes`",
    ]
    assert expected == lines[:4]


def test_WHEN_fix_shows_fixes_THEN_applied_fixes_listed_per_file_and_code(project: Path) -> None:
    (project / "module.py").write_text(MIXED, encoding="utf-8")
    result = run_cli("fix", ".", "--unsafe-fixes", "--show-fixes", cwd=project)
    expected = [
        "Applied 2 fixes:",
        "  module.py:",
        "    1 × CS202 missing-return-annotation",
        "    1 × CS603 constant-name-not-screaming-snake",
        "Fixed 2 issues in 1 file; 1 remaining.",
    ]
    assert expected == result.stderr.strip().splitlines()


def test_WHEN_check_shows_fixes_THEN_each_fix_with_its_safety(project: Path) -> None:
    (project / "module.py").write_text(MIXED, encoding="utf-8")
    lines = run_cli("check", ".", "--show-fixes", cwd=project).stdout.splitlines()
    expected = [
        "Fixes available:",
        "  module.py:",
        "    1:1 CS603 Rename `maxValue` to `MAX_VALUE` (renames in this file only) (unsafe: only with `--unsafe-fixes`)",
        "    4:5 CS202 Add `-> None` (safe: `fix` applies it)",
    ]
    assert expected == lines[3:7]
