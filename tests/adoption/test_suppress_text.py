"""Bulk suppression of one buffer (adoption/suppress.py), without the CLI: what the comments cause is suppressed in
a second round, code this Python cannot parse is still proven untouched, and nothing is suppressed twice."""

from pathlib import PurePosixPath

from chris_style.adoption.suppress import Suppression, suppress_text
from chris_style.config.settings import Settings
from chris_style.linting.runner import lint_text
from chris_style.linting.source import SourceFile
from chris_style.rules import REGISTRY

SETTINGS = Settings(select=("CS201", "CS202", "CS605", "CS001", "CS002"))
PATH = PurePosixPath("module.py")


def _suppressed(text: str, how: Suppression = Suppression()) -> str:
    outcome = suppress_text(SourceFile(text, PATH), SETTINGS, REGISTRY, how)
    assert (None, []) == (outcome.error, outcome.left)
    return outcome.text


def _codes(text: str) -> list:
    return [violation.code for violation in lint_text(text, REGISTRY, PATH, SETTINGS).violations]


def test_WHEN_the_noqa_makes_its_line_too_long_THEN_a_second_round_names_that_too() -> None:
    signature = "def run(" + ", ".join(f"parameter_number_{index}: int" for index in range(4)) + ", extra):"
    text = f"{signature}\n    return None\n"
    suppressed = _suppressed(text)
    assert ([], "  # noqa: CS201, CS202, CS605") == (_codes(suppressed), suppressed.splitlines()[0][len(signature):])


def test_WHEN_suppressed_twice_THEN_the_second_time_changes_nothing() -> None:
    once = _suppressed("def run(command):\n    return command\n", Suppression(True, "legacy"))
    assert once == _suppressed(once, Suppression(True, "legacy"))


def test_WHEN_code_has_syntax_newer_than_this_python_THEN_suppressed_all_the_same() -> None:
    text = 'def name(event):\n    return f"{event["name"]} {event["id"]}"\n'
    suppressed = _suppressed(text)
    assert 'def name(event):  # noqa: CS201, CS202\n    return f"{event["name"]} {event["id"]}"\n' == suppressed


def test_WHEN_a_deviation_lacks_its_reason_THEN_left_for_the_author() -> None:
    text = "# DEVIATION(CS202)\ndef run():\n    pass\n"
    outcome = suppress_text(SourceFile(text, PATH), SETTINGS, REGISTRY, Suppression())
    assert (text, ["CS001"]) == (outcome.text, [violation.code for violation in outcome.left])
