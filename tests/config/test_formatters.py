"""The line length a project declares for its formatter or linter becomes CS605's limit when `[tool.chris-style]`
sets none (config/formatters.py, through the resolver that the CLI and the server share)."""

from pathlib import Path

import pytest

from chris_style.config.resolver import SettingsResolver
from chris_style.rules import REGISTRY
from tests.conftest import run_cli

# A line of 130 characters: over the guide's 120, under a declared 200.
LONG_LINE = "result = compute(" + ", ".join(f"argument_number_{index}" for index in range(6)) + ")\n"
# The number of characters in LONG_LINE, without its line ending.
LONG_LINE_LENGTH = len(LONG_LINE) - 1


def _resolved_length(directory: Path) -> int:
    return SettingsResolver(REGISTRY.vocabulary).settings_for(directory / "module.py").line_length


@pytest.mark.parametrize(
    ("file_name", "text", "expected"),
    [
        (".ruff.toml", "line-length = 200\n", 200),
        ("ruff.toml", "line-length = 100\n[lint.pycodestyle]\nmax-line-length = 110\n", 110),
        ("pyproject.toml", "[tool.ruff]\nline-length = 99\n", 99),
        ("pyproject.toml", "[tool.black]\nline-length = 88\n", 88),
        ("pyproject.toml", "[tool.black]\ntarget-version = ['py39']\n", 120),
        ("setup.cfg", "[flake8]\nmax-line-length = 100\n", 100),
        ("tox.ini", "[pycodestyle]\nmax_line_length = 79\n", 79),
        (".flake8", "[flake8]\nmax-line-length = 140\n", 140),
        ("setup.cfg", "[flake8\nmax-line-length = 100\n", 120),
        ("ruff.toml", "line-length = [\n", 120),
        # attrs: "leave line-length enforcement to ruff format".
        ("pyproject.toml", '[tool.ruff]\nline-length = 79\n[tool.ruff.lint]\nignore = ["E501"]\n', 120),
        ("setup.cfg", "[flake8]\nmax-line-length = 100\nextend-ignore = E203,\n    E501\n", 120),
    ],
)
def test_WHEN_project_declares_a_line_length_THEN_it_is_the_limit(
    tmp_path: Path, file_name: str, text: str, expected: int
) -> None:
    (tmp_path / file_name).write_text(text, encoding="utf-8")
    assert expected == _resolved_length(tmp_path)


def test_WHEN_chris_style_table_sets_line_length_THEN_it_wins_over_the_formatter(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.black]\nline-length = 88\n\n[tool.chris-style]\nline-length = 150\n", encoding="utf-8"
    )
    assert 150 == _resolved_length(tmp_path)


def test_WHEN_chris_style_table_sets_no_line_length_THEN_the_formatter_length_applies(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.black]\nline-length = 88\n\n[tool.chris-style]\nselect = ["CS605"]\n', encoding="utf-8"
    )
    assert 88 == _resolved_length(tmp_path)


def test_WHEN_declarations_at_several_levels_THEN_the_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").write_text("line-length = 100\n", encoding="utf-8")
    package = tmp_path / "package"
    package.mkdir()
    (package / "setup.cfg").write_text("[flake8]\nmax-line-length = 79\n", encoding="utf-8")
    (tmp_path / "other").mkdir()
    assert (79, 100) == (_resolved_length(package), _resolved_length(tmp_path / "other"))


def test_WHEN_declaration_is_above_the_repository_top_THEN_it_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").write_text("line-length = 100\n", encoding="utf-8")
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    assert 120 == _resolved_length(repository)


def test_WHEN_check_runs_in_project_declaring_ruff_line_length_THEN_longer_lines_pass(tmp_path: Path) -> None:
    # aws-aio's `.ruff.toml` says `line-length = 200`.
    (tmp_path / "module.py").write_text(LONG_LINE, encoding="utf-8")
    before = run_cli("check", "--select", "CS605", str(tmp_path / "module.py"))
    (tmp_path / ".ruff.toml").write_text("line-length = 200\n", encoding="utf-8")
    after = run_cli("check", "--select", "CS605", str(tmp_path / "module.py"))
    message = f"Line is {LONG_LINE_LENGTH} characters long"
    assert (True, False) == (message in before.stdout, message in after.stdout)
