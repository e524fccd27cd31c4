"""Selectors as config/ parses them: code prefixes and rule names, the default floor that narrows only `ALL`, and
`fail-on = "never"`."""

from pathlib import Path

import pytest

from chris_style.config.keys import apply_overrides, selectors, severities
from chris_style.config.overrides import Overrides, floor_selection
from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.rules import REGISTRY

VOCABULARY = REGISTRY.vocabulary


def test_WHEN_selectors_mix_forms_THEN_names_become_codes_and_prefixes_stay() -> None:
    parsed = selectors("select", ["cs2", "missing-return-annotation", "Testing", "observed"], VOCABULARY)
    assert ("CS2", "CS202", "testing", "OBSERVED") == parsed


def test_WHEN_prefix_matches_no_code_THEN_value_error() -> None:
    with pytest.raises(ValueError, match="'CS99'"):
        selectors("select", ["CS99"], VOCABULARY)


def test_WHEN_severity_names_a_rule_by_name_THEN_its_code_is_the_key() -> None:
    assert (("CS202", "hint"),) == severities("severity", {"missing-return-annotation": "hint"}, VOCABULARY)


def test_WHEN_severity_names_a_prefix_THEN_value_error() -> None:
    with pytest.raises(ValueError, match="rule name"):
        severities("severity", {"CS2": "hint"}, VOCABULARY)


def test_WHEN_default_floor_applied_THEN_only_all_is_narrowed() -> None:
    assert ("CRITICAL", "PREFERRED", "CS701") == floor_selection(("ALL", "CS701"), Priority.PREFERRED)


def test_WHEN_overrides_extend_and_floor_THEN_explicit_entries_survive_the_floor() -> None:
    overrides = Overrides(extend_select=("OBSERVED",), default_floor=Priority.CRITICAL)
    assert ("CRITICAL", "OBSERVED") == overrides.apply(Settings()).select


def test_WHEN_fail_on_never_THEN_setting_is_none() -> None:
    settings = apply_overrides(Settings(), {"fail-on": "never"}, "test", VOCABULARY)
    assert None == settings.fail_on


def test_WHEN_enabled_rules_computed_for_prefix_THEN_codes_starting_so(tmp_path: Path) -> None:
    settings = Settings(select=("CS20",))
    assert ["CS201", "CS202", "CS203", "CS204"] == [rule.code for rule in REGISTRY.enabled(settings, tmp_path / "m.py")]
