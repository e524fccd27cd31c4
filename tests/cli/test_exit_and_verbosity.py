"""Exit statuses and how much `check`/`fix` say: `--exit-zero`, `fail-on = "never"`, `-q`/`-v` after the command,
and a closing count that never hides a file that could not be read."""

from pathlib import Path

from tests.conftest import run_cli

UNANNOTATED = "def run(command):\n    print(command)\n"
CLEAN = "def run(command: str) -> None:\n    return None\n"
NOT_UTF8 = b"x = '\xff\xfe'\n"


def test_WHEN_exit_zero_THEN_status_0_with_findings(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("check", ".", "--exit-zero", cwd=project)
    assert (0, True) == (result.exit_code, "CS202" in result.stdout)


def test_WHEN_exit_zero_and_unreadable_file_THEN_status_still_2(project: Path) -> None:
    (project / "bad.py").write_bytes(NOT_UTF8)
    assert 2 == run_cli("check", ".", "--exit-zero", cwd=project).exit_code


def test_WHEN_fail_on_never_in_config_THEN_status_0_with_findings(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chris-style]\nfail-on = "never"\n', encoding="utf-8")
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("check", ".", cwd=project)
    assert (0, True) == (result.exit_code, "CS202" in result.stdout)


def test_WHEN_fail_on_never_on_the_command_line_THEN_status_0_with_findings_AND_a_priority_still_fails(
    project: Path,
) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    never = run_cli("check", ".", "--fail-on", "never", cwd=project)
    critical = run_cli("check", ".", "--fail-on", "CRITICAL", cwd=project)
    assert (0, True, 1) == (never.exit_code, "CS202" in never.stdout, critical.exit_code)


def test_WHEN_quiet_after_command_THEN_findings_without_summary(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    result = run_cli("check", ".", "-q", cwd=project)
    lines = result.stdout.splitlines()
    assert (1, False) == (result.exit_code, any(line.startswith("Found ") for line in lines))
    assert True == all(": CS" in line for line in lines)


def test_WHEN_quiet_fix_THEN_nothing_on_stderr(project: Path) -> None:
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    assert "" == run_cli("fix", ".", "--quiet", cwd=project).stderr


def test_WHEN_verbose_after_command_THEN_config_file_and_cache_use_per_file(project: Path, tmp_path: Path) -> None:
    (project / "module.py").write_text(CLEAN, encoding="utf-8")
    cache = str(tmp_path / "cache")
    first = run_cli("check", ".", "--cache-dir", cache, "-v", cwd=project).stderr.splitlines()
    second = run_cli("check", ".", "--cache-dir", cache, "--verbose", cwd=project).stderr.splitlines()
    config = project / "pyproject.toml"
    assert True == any(line.startswith(f"chris-style: module.py: settings from {config}; linted in ") for line in first)
    assert True == (f"chris-style: module.py: settings from {config}; from the cache" in second)
    assert True == any(line.startswith("chris-style: 1 file in ") and "1 from the cache" in line for line in second)


def test_WHEN_a_file_cannot_be_read_THEN_summary_says_so(project: Path) -> None:
    (project / "bad.py").write_bytes(NOT_UTF8)
    (project / "module.py").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", ".", cwd=project)
    expected = "No diagnostics in the files that were read. 1 file could not be read (named above)."
    assert (2, expected) == (result.exit_code, result.stdout.strip())


def test_WHEN_findings_and_unreadable_file_THEN_summary_counts_both(project: Path) -> None:
    (project / "bad.py").write_bytes(NOT_UTF8)
    (project / "module.py").write_text(UNANNOTATED, encoding="utf-8")
    last = run_cli("check", ".", cwd=project).stdout.strip().splitlines()[-1]
    assert True == (last.startswith("Found ") and last.endswith("1 file could not be read (named above)."))
