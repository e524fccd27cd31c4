"""The generated docs (rule pages, the rule index, the guideline texts, the configuration tables, the rules' nav)
match the code and the guide, and the generated reference documents every setting there is."""

import dataclasses
import json
import logging
import shutil
from pathlib import Path

import pytest

from chris_style.config.editor import EditorSettings, camel_case
from chris_style.config.keys import CONFIG_KEYS
from chris_style.config_docs import (
    CONFIG_KEY_DOCS,
    EDITOR_SETTING_DOCS,
    editor_setting_default,
    undocumented_keys,
    vscode_settings,
)
from chris_style.docs_site import DocsGenerationError, guideline_texts, main, replace_block, stale_files
from chris_style.guide import Guideline
from chris_style.guide_text import GUIDELINE_TEXT
from chris_style.linting.rule import FixSafety
from chris_style.rule_docs import SAFETY_MEANING, hover_markdown, rule_fix, rule_markdown, rule_settings
from chris_style.rules import REGISTRY
from tests.conftest import REPOSITORY_ROOT, run_cli

logger = logging.getLogger(__name__)

DOCS = REPOSITORY_ROOT / "docs"
GUIDE = DOCS / "style-guide.md"
PACKAGE_JSON = REPOSITORY_ROOT / "vscode-extension" / "package.json"


def test_WHEN_docs_are_generated_THEN_the_committed_files_match() -> None:
    assert [] == [path.as_posix() for path in stale_files(REPOSITORY_ROOT)], "run: python -m chris_style.docs_site"


def test_WHEN_a_generated_file_is_stale_THEN_the_check_names_it_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    shutil.copytree(DOCS, tmp_path / "docs", symlinks=True)
    (tmp_path / "vscode-extension").mkdir()
    for name in ("mkdocs.yml", "vscode-extension/package.json"):
        shutil.copy2(REPOSITORY_ROOT / name, tmp_path / name)
    (tmp_path / "server" / "chris_style").mkdir(parents=True)
    (tmp_path / "docs" / "rules" / "CS202.md").write_text("stale\n", encoding="utf-8")
    exit_code = main(["--check", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert (1, ["stale: server/chris_style/guide_text.py", "stale: docs/rules/CS202.md"]) == (exit_code, lines)


def test_WHEN_a_generated_block_lost_its_markers_THEN_generation_stops_with_a_one_line_error() -> None:
    with pytest.raises(DocsGenerationError) as caught:
        replace_block("no markers here\n", "config-keys", "content", "docs/configuration.md")
    expected = ("docs/configuration.md: no `<!-- BEGIN GENERATED: config-keys -->` ... "
                "`<!-- END GENERATED: config-keys -->` block")
    assert expected == str(caught.value)


def test_WHEN_the_guide_is_read_THEN_every_guideline_has_its_own_text() -> None:
    texts = guideline_texts(GUIDE.read_text(encoding="utf-8"))
    empty = [guideline.name for guideline in Guideline if not texts[guideline.name].strip()]
    assert ([], texts) == (empty, GUIDELINE_TEXT)


def test_WHEN_a_guideline_text_is_cut_out_THEN_it_stops_before_the_next_guideline() -> None:
    text = GUIDELINE_TEXT[Guideline.TYPE_HINTS_USAGE.name]
    assert (True, False) == ("- **Priority**: CRITICAL" in text, "Custom Types" in text)


def test_WHEN_config_keys_and_editor_settings_are_listed_THEN_each_has_its_documentation() -> None:
    # Adding a key to CONFIG_KEYS or a field to EditorSettings without documenting it fails here.
    assert [] == undocumented_keys()


def test_WHEN_a_key_is_undocumented_THEN_the_check_names_it() -> None:
    saved = CONFIG_KEY_DOCS.pop("line-length")
    try:
        problems = undocumented_keys()
    finally:
        CONFIG_KEY_DOCS["line-length"] = saved
    assert ["[tool.chris-style] `line-length`"] == problems


def test_WHEN_the_configuration_page_is_read_THEN_every_key_and_setting_is_on_it() -> None:
    configuration = (DOCS / "configuration.md").read_text(encoding="utf-8")
    editor = (DOCS / "editor-settings.md").read_text(encoding="utf-8")
    missing = [key for key in CONFIG_KEYS if f"### `{key}`" not in configuration]
    missing += [name for name in EDITOR_SETTING_DOCS if f"| `{name}` |" not in editor]
    assert [] == missing


def test_WHEN_the_extension_declares_its_settings_THEN_the_servers_settings_are_there_with_the_same_defaults() -> None:
    declared = vscode_settings(json.loads(PACKAGE_JSON.read_text(encoding="utf-8")))
    names = [item.name for item in dataclasses.fields(EditorSettings)]
    expected = {f"chrisStyle.{camel_case(name)}": json.loads(editor_setting_default(name)) for name in names}
    actual = {key: declared.get(key, {}).get("default", "<not declared>") for key in expected}
    assert expected == actual


def test_WHEN_a_rule_has_a_fix_THEN_its_page_says_what_it_does_and_an_unsafe_one_says_why() -> None:
    # The page's Fix section quotes the docstring's "Fix (...)" paragraph; a rule without a fix has none.
    wrong = [rule.code for rule in REGISTRY if bool(rule_fix(rule)) != (rule.fix_safety is not None)]
    assert [] == wrong


def test_WHEN_an_example_sets_a_key_THEN_the_rule_page_lists_that_key_among_its_settings() -> None:
    missing = sorted(
        (rule.code, key) for rule in REGISTRY for example in rule.examples() for key in example.settings
        if key not in rule_settings(rule)
    )
    assert [] == missing


def test_WHEN_a_rule_page_is_made_THEN_it_has_every_section_in_order() -> None:
    headings = [line for line in rule_markdown(REGISTRY.get("CS1102")).splitlines() if line.startswith("## ")]
    expected = ["## The guideline", "## What it checks and why", "## Fix", "## Settings", "## Examples"]
    assert expected == headings


def test_WHEN_explain_runs_THEN_it_prints_the_rule_page_with_the_guideline_text() -> None:
    result = run_cli("explain", "CS1102")
    rule = REGISTRY.get("CS1102")
    quoted = "> - **Pattern**: " in result.stdout and "Parameter Patterns" in result.stdout
    assert (0, rule_markdown(rule), True) == (result.exit_code, result.stdout, quoted)


def test_WHEN_a_hover_is_made_THEN_it_carries_the_guideline_text_of_the_page() -> None:
    rule = REGISTRY.get("CS202")
    guideline_line = "> - **Pattern**: Comprehensive type hints on function signatures, including return types"
    assert (True, True) == (guideline_line in hover_markdown(rule), guideline_line in rule_markdown(rule))


def test_WHEN_the_rule_index_is_read_THEN_each_rule_has_one_row_with_its_priority_section_and_fix() -> None:
    index = (DOCS / "rules" / "README.md").read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [CS")]
    expected = [
        f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.priority.name} | {rule.guideline.section.key} "
        f"| {rule.guideline.title} | {rule.fix_safety.value if rule.fix_safety else '—'} |"
        for rule in REGISTRY
    ]
    assert expected == rows


def test_WHEN_the_readme_is_read_THEN_quick_start_has_exactly_two_commands() -> None:
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert 2 == len(commands)


def test_WHEN_fix_safeties_are_documented_THEN_every_safety_has_its_meaning() -> None:
    assert set(FixSafety) == set(SAFETY_MEANING)
