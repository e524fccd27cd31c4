"""Each file has a size limit and a time budget, both settings: past either, one line names the file, the
other files are checked, and the exit status is 2."""

from pathlib import Path

import pytest

from chris_style.config.settings import Settings
from chris_style.linting.budget import OverBudget, time_budget
from chris_style.linting.fixes import fix_text
from chris_style.linting.runner import lint
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY
from tests.conftest import run_cli

SMALL = "import yaml\nimport os\n\n\ndef run(command: str) -> None:\n    return None\n"
# Far more than one second of work with every rule on any machine (500 kB: its parse alone takes about 2 s, the
# whole check about 8 s on a 2-core development machine), so a one-second budget runs out whatever the
# machine's speed, and the file stays under the default `max-file-size`.
SLOW_MODULE_FUNCTIONS = 10000
# A budget that has always run out already: it tests the engine's stops without any clock race.
SPENT = -1.0


def _slow_module() -> str:
    return "".join(f"def run_{number}(command):\n    return command + {number}\n\n\n"
                   for number in range(SLOW_MODULE_FUNCTIONS))


@pytest.mark.parametrize("command", ["check", "fix"])
def test_WHEN_a_file_takes_longer_than_its_budget_THEN_one_line_names_it_AND_the_others_are_checked(
    project: Path, command: str
) -> None:
    (project / "pyproject.toml").write_text("[tool.chris-style]\nfile-time-budget = 1\n", encoding="utf-8")
    slow = project / "slow.py"
    slow.write_text(_slow_module(), encoding="utf-8")
    (project / "small.py").write_text(SMALL, encoding="utf-8")
    result = run_cli(command, str(project), "--no-cache")
    errors = [line for line in result.stderr.splitlines() if "chris-style: error:" in line]
    expected = [f"chris-style: error: {slow}: not checked: it took longer than 1 s (the `file-time-budget` setting)"]
    small_done = f"{project / 'small.py'}:2:1: CS606" in result.stdout if command == "check" else (
        (project / "small.py").read_text(encoding="utf-8").startswith("import os\n")
    )
    assert (2, expected, True, _slow_module()) == (
        result.exit_code, errors, small_done, slow.read_text(encoding="utf-8")
    )


def test_WHEN_a_file_is_larger_than_max_file_size_THEN_one_line_names_the_setting(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.chris-style]\nmax-file-size = 40\n", encoding="utf-8")
    (project / "module.py").write_text(SMALL, encoding="utf-8")
    result = run_cli("check", str(project / "module.py"), "--no-cache")
    expected = [f"chris-style: error: {project / 'module.py'}: file is too large to check ({len(SMALL)} bytes; the "
                "limit, `max-file-size`, is 40)"]
    assert (2, expected) == (result.exit_code, result.stderr.splitlines())


@pytest.mark.parametrize("work", ["lint", "fix"])
def test_WHEN_the_budget_has_run_out_THEN_the_engine_stops_with_over_budget(work: str) -> None:
    source = SourceFile(SMALL * 200)
    with pytest.raises(OverBudget), time_budget(SPENT):
        if work == "lint":
            lint(source, Settings(), REGISTRY)
        else:
            fix_text(source, Settings(), REGISTRY)


def test_WHEN_no_budget_is_set_THEN_the_engine_runs_to_the_end() -> None:
    with time_budget(None):
        result = lint(SourceFile(SMALL), Settings(), REGISTRY)
    assert ["CS606"] == [violation.code for violation in result.violations]
