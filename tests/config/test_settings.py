"""`notebook-ignore`: the rules left out of Jupyter notebooks, and only of them."""

from pathlib import PurePosixPath

import pytest

from chris_style.config.keys import apply_overrides
from chris_style.config.settings import DEFAULT_NOTEBOOK_IGNORE, ConfigError, Settings
from chris_style.rules import REGISTRY

NOTEBOOK = PurePosixPath("analysis/Exploration 1.ipynb")
MODULE = PurePosixPath("analysis/exploration.py")
TEST_ORIGIN = "pyproject.toml"


def test_WHEN_path_is_a_notebook_THEN_the_notebook_rules_are_ignored_there_only() -> None:
    settings = Settings()
    expected = (frozenset(DEFAULT_NOTEBOOK_IGNORE), frozenset())
    assert expected == (settings.ignored_for(NOTEBOOK), settings.ignored_for(MODULE))


def test_WHEN_notebook_ignore_set_THEN_it_replaces_the_default_AND_joins_per_file_ignores() -> None:
    values = {"notebook-ignore": ["cs605"], "per-file-ignores": {"analysis/*": ["CS301"]}}
    settings = apply_overrides(Settings(), values, TEST_ORIGIN, REGISTRY.vocabulary)
    expected = (frozenset({"CS605", "CS301"}), frozenset({"CS301"}))
    assert expected == (settings.ignored_for(NOTEBOOK), settings.ignored_for(MODULE))


def test_WHEN_rules_enabled_for_a_notebook_THEN_print_and_module_name_rules_are_not_AND_a_module_keeps_them() -> None:
    settings = Settings()
    in_notebook = {rule.code for rule in REGISTRY.enabled(settings, NOTEBOOK)}
    in_module = {rule.code for rule in REGISTRY.enabled(settings, MODULE)}
    assert (set(DEFAULT_NOTEBOOK_IGNORE), set()) == (in_module - in_notebook, in_notebook - in_module)


def test_WHEN_notebook_ignore_names_an_unknown_rule_THEN_config_error_names_the_key() -> None:
    with pytest.raises(ConfigError, match="notebook-ignore"):
        apply_overrides(Settings(), {"notebook-ignore": ["CS9999"]}, TEST_ORIGIN, REGISTRY.vocabulary)
