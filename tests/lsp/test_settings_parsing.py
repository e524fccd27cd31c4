"""Editor settings: parsing, validation, layering, and how they combine with pyproject.toml."""

from pathlib import Path
from typing import List
from unittest import mock

from chris_style.config.editor import DEFAULT_DEBOUNCE_MS, RUN_ON_SAVE, EditorSettings, parse_editor_settings
from chris_style.config.resolver import SettingsResolver
from chris_style.config.settings import Settings
from chris_style.guide import Priority
from chris_style.lsp.settings import EditorConfiguration, ProjectSettings
from chris_style.rules import REGISTRY
from tests.lsp.harness import CONFIG_FILE, MISSING_PARAMETER, MISSING_RETURN, MODULE_FILE, PRINT_CALL

FOLDER_URI = "file:///work/project"
CRITICAL = Priority.CRITICAL.name


def test_WHEN_no_settings_sent_THEN_defaults_lint_everything_as_you_type() -> None:
    expected = (EditorSettings(True, "onType", DEFAULT_DEBOUNCE_MS, Priority.OBSERVED, (), (), (), None, "info"), [])
    assert expected == parse_editor_settings({}, REGISTRY.vocabulary)


def test_WHEN_every_setting_sent_in_camel_case_THEN_each_is_converted() -> None:
    values = {
        "enable": False, "run": RUN_ON_SAVE, "debounce": 0, "minPriority": "preferred", "select": ["cs201", "testing"],
        "ignore": [PRINT_CALL], "severity": {"critical": "error"}, "docsUrl": "https://example.com/docs",
        "logLevel": "debug",
    }
    expected = EditorSettings(
        False, RUN_ON_SAVE, 0, Priority.PREFERRED, (MISSING_PARAMETER, "testing"), (PRINT_CALL,), ((CRITICAL, "error"),),
        "https://example.com/docs", "debug",
    )
    assert (expected, []) == parse_editor_settings(values, REGISTRY.vocabulary)


def test_WHEN_values_are_invalid_THEN_defaults_used_and_each_problem_named() -> None:
    values = {"run": "sometimes", "debounce": -5, "minPriority": "SEVERE", "select": ["CS9999"], "enable": "yes"}
    settings, problems = parse_editor_settings(values, REGISTRY.vocabulary)
    expected_problems = [
        "Invalid setting: `chrisStyle.enable` must be true or false, not 'yes'; using the default.",
        "Invalid setting: `chrisStyle.run` must be one of onType, onSave, not 'sometimes'; using the default.",
        "Invalid setting: `chrisStyle.debounce` must be a whole number of milliseconds from 0 to 10000, not -5; "
        "using the default.",
        "Invalid setting: `chrisStyle.minPriority` must be CRITICAL, PREFERRED or OBSERVED, not 'SEVERE'; "
        "using the default.",
    ]
    assert EditorSettings() == settings
    assert expected_problems == problems[:4]
    assert True == problems[4].startswith("Invalid setting: `chrisStyle.select` has unknown entry 'CS9999'")


def test_WHEN_client_only_and_unknown_keys_sent_THEN_they_are_ignored_silently() -> None:
    values = {"interpreter": "/usr/bin/python3", "showNotifications": "always", "trace": {"server": "verbose"},
              "somethingNew": 1}
    assert (EditorSettings(), []) == parse_editor_settings(values, REGISTRY.vocabulary)


def test_WHEN_editor_settings_applied_THEN_select_replaces_ignore_adds_and_severity_merges() -> None:
    project = Settings(select=("ALL",), ignore=("CS301",), severity=((CRITICAL, "error"), (MISSING_PARAMETER, "hint")))
    editor = EditorSettings(select=(MISSING_PARAMETER, MISSING_RETURN), ignore=(PRINT_CALL,),
                            severity=((MISSING_PARAMETER, "warning"),), docs_url="https://docs")
    expected = Settings(select=(MISSING_PARAMETER, MISSING_RETURN), ignore=("CS301", PRINT_CALL),
                        severity=((CRITICAL, "error"), (MISSING_PARAMETER, "warning")), docs_url="https://docs")
    assert expected == editor.overrides.apply(project)


def test_WHEN_editor_sets_nothing_THEN_pyproject_settings_are_kept() -> None:
    project = Settings(select=(MISSING_PARAMETER,), ignore=(MISSING_RETURN,), docs_url="https://docs")
    assert project == EditorSettings().overrides.apply(project)


def test_WHEN_settings_come_from_every_layer_THEN_folder_and_live_values_win() -> None:
    configuration = EditorConfiguration(mock.Mock(), lambda: REGISTRY.vocabulary)
    configuration.set_initialization_options({
        "run": RUN_ON_SAVE, "debounce": 50,
        "globalSettings": {"logLevel": "warning"},
        "settings": [{"workspace": FOLDER_URI + "/", "minPriority": CRITICAL, "debounce": 60}],
    })
    configuration.set_live(FOLDER_URI, {"debounce": 70, "select": None})
    folder = configuration.for_scope(FOLDER_URI)
    window = configuration.for_scope(None)
    assert (RUN_ON_SAVE, 70, Priority.CRITICAL, "warning") == (folder.run, folder.debounce, folder.min_priority,
                                                             folder.log_level)
    assert (RUN_ON_SAVE, 50, Priority.OBSERVED) == (window.run, window.debounce, window.min_priority)


def test_WHEN_settings_arrive_wrapped_in_their_section_THEN_they_are_unwrapped() -> None:
    configuration = EditorConfiguration(mock.Mock(), lambda: REGISTRY.vocabulary)
    configuration.set_live(None, {"chrisStyle": {"run": RUN_ON_SAVE}})
    assert RUN_ON_SAVE == configuration.for_scope(None).run


def test_WHEN_invalid_setting_read_repeatedly_THEN_it_is_reported_once() -> None:
    report = mock.Mock()
    configuration = EditorConfiguration(report, lambda: REGISTRY.vocabulary)
    configuration.set_initialization_options({"run": "sometimes"})
    for _ in range(3):
        configuration.for_scope(None)
    expected = [mock.call("Invalid setting: `chrisStyle.run` must be one of onType, onSave, not 'sometimes'; "
                          "using the default.")]
    assert expected == report.call_args_list


def _reports(report: mock.Mock) -> List[str]:
    return [call.args[0] for call in report.call_args_list]


def test_WHEN_pyproject_is_invalid_THEN_reported_once_and_defaults_used(tmp_path: Path) -> None:
    report = mock.Mock()
    projects = ProjectSettings(report, SettingsResolver(REGISTRY.vocabulary))
    config = tmp_path / CONFIG_FILE
    config.write_text('[tool.chris-style]\nline-length = "long"\n', encoding="utf-8")
    first = projects.for_path(tmp_path / MODULE_FILE, tmp_path)
    second = projects.for_path(tmp_path / "other.py", tmp_path)
    expected_message = (f"{config}: `line-length` must be a positive integer, not 'long' "
                        "(linting with the default settings until it is fixed)")
    assert [expected_message] == _reports(report)
    assert (Settings(), Settings()) == (first, second)


def test_WHEN_pyproject_is_fixed_and_broken_again_THEN_each_breakage_is_reported(tmp_path: Path) -> None:
    report = mock.Mock()
    projects = ProjectSettings(report, SettingsResolver(REGISTRY.vocabulary))
    config = tmp_path / CONFIG_FILE
    config.write_text('[tool.chris-style]\nline-length = "long"\n', encoding="utf-8")
    projects.for_path(tmp_path / MODULE_FILE, tmp_path)
    config.write_text("[tool.chris-style]\nline-length = 100\n", encoding="utf-8")
    fixed = projects.for_path(tmp_path / MODULE_FILE, tmp_path)
    config.write_text('[tool.chris-style]\nline-length = "long" \n', encoding="utf-8")
    projects.for_path(tmp_path / MODULE_FILE, tmp_path)
    assert (100, 2) == (fixed.line_length, len(_reports(report)))


def test_WHEN_pyproject_changes_on_disk_THEN_next_lookup_reads_it(tmp_path: Path) -> None:
    projects = ProjectSettings(mock.Mock(), SettingsResolver(REGISTRY.vocabulary))
    config = tmp_path / CONFIG_FILE
    config.write_text('[tool.chris-style]\nselect = ["CS201"]\n', encoding="utf-8")
    before = projects.for_path(tmp_path / MODULE_FILE, tmp_path).select
    config.write_text('[tool.chris-style]\nselect = ["CS202", "CS201"]\n', encoding="utf-8")
    after = projects.for_path(tmp_path / MODULE_FILE, tmp_path).select
    assert ((MISSING_PARAMETER,), (MISSING_RETURN, MISSING_PARAMETER)) == (before, after)
