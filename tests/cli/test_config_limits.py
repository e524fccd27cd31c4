"""What a project's files say cannot make a run hang: backtracking `.gitignore` lines, pathological globs in
`exclude` and `per-file-ignores`, and the largest numbers TOML can write."""

import subprocess
import sys
from pathlib import Path

from chris_style.config.keys import CONFIG_KEYS, _positive_int
from tests.conftest import CliResult

# Far above what these runs take (about a second), far below a hang: the pattern below took minutes per path.
HANG_SECONDS = 30
# A `.gitignore` line that made pathspec's default matcher backtrack for minutes on a path of many `a`s.
BACKTRACKING_LINE = "*a*a*a*a*a*a*a*a*a*a*a*ab"
LONG_NAME = "a" * 60
PATHOLOGICAL_GLOBS = [
    BACKTRACKING_LINE,
    f"**/{BACKTRACKING_LINE}",
    f"{LONG_NAME}/{BACKTRACKING_LINE}",
    "*" * 5000 + "b",
    "**/" * 300 + "b",
    "[" * 1000,
    "[!" + "a" * 10000 + "]",
]
# The largest integer TOML can write (a signed 64-bit integer).
LARGEST_TOML_INTEGER = 2**63 - 1
# Third-party above the standard library: CS606 in every import-sorting mode (and yaml is no CS102 client).
UNSORTED = "import yaml\nimport os\n\n\ndef run(command):\n    return None\n"


def _run(*arguments: str, cwd: Path) -> CliResult:
    completed = subprocess.run(
        [sys.executable, "-m", "chris_style", *arguments], cwd=cwd, capture_output=True, timeout=HANG_SECONDS,
        check=False,
    )
    return CliResult(completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8"))


def _deep_module(project: Path) -> Path:
    module = project / LONG_NAME / LONG_NAME / f"{'a' * 80}.py"
    module.parent.mkdir(parents=True)
    module.write_text(UNSORTED, encoding="utf-8")
    return module


def test_WHEN_a_gitignore_line_would_backtrack_THEN_the_walk_finishes_AND_the_line_still_applies(project: Path) -> None:
    (project / ".git").mkdir()
    (project / ".gitignore").write_text(f"{BACKTRACKING_LINE}\n*ab.py\n", encoding="utf-8")
    _deep_module(project)
    (project / "cab.py").write_text(UNSORTED, encoding="utf-8")
    result = _run("check", ".", "--no-cache", "--select", "CS606", cwd=project)
    assert (1, 1) == (result.exit_code, result.stdout.count("CS606"))


def test_WHEN_exclude_and_per_file_ignores_hold_pathological_globs_THEN_check_finishes(project: Path) -> None:
    quoted = ", ".join(f"'{glob}'" for glob in PATHOLOGICAL_GLOBS)
    ignores = "\n".join(f"'{glob}' = ['CS202']" for glob in PATHOLOGICAL_GLOBS)
    (project / "pyproject.toml").write_text(
        f"[tool.chris-style]\nexclude = [{quoted}]\n[tool.chris-style.per-file-ignores]\n{ignores}\n", encoding="utf-8"
    )
    _deep_module(project)
    result = _run("check", ".", "--no-cache", "--select", "CS606", cwd=project)
    assert (1, 1) == (result.exit_code, result.stdout.count("CS606"))


def test_WHEN_every_number_in_the_config_is_the_largest_toml_holds_THEN_check_and_fix_finish(project: Path) -> None:
    keys = [key for key, (_, convert) in CONFIG_KEYS.items() if convert is _positive_int]
    numbers = "".join(f"{key} = {LARGEST_TOML_INTEGER}\n" for key in keys)
    (project / "pyproject.toml").write_text(f"[tool.chris-style]\n{numbers}", encoding="utf-8")
    module = project / "module.py"
    module.write_text(UNSORTED, encoding="utf-8")
    checked = _run("check", ".", "--no-cache", cwd=project)
    fixed = _run("fix", ".", "--no-cache", cwd=project)
    # Exit 1 both times: CS201 (no fix) remains; no error, and the imports are grouped.
    assert (True, [1, 1], "", "", True) == (
        len(keys) >= 4, [checked.exit_code, fixed.exit_code], checked.stderr, _tracebacks(fixed),
        module.read_text(encoding="utf-8").startswith("import os\n\nimport yaml\n"),
    )


def _tracebacks(result: CliResult) -> str:
    return result.stderr if "Traceback" in result.stderr else ""
