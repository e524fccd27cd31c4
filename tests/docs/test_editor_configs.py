"""The editor configs no editor here can run (Helix, Sublime Text, Zed): each parses, names `chris-style lsp`,
and passes only editor settings the server accepts; Helix's formatter command is run as Helix would run it.
What a real editor does with them is not tested (docs/editors/index.md says so)."""

import json
import logging
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, Dict, List, Mapping

from chris_style.config.editor import KNOWN_KEYS, parse_editor_settings
from chris_style.rules import REGISTRY
from tests.docs.snippets import DOCS, doc_snippet, page_snippets

logger = logging.getLogger(__name__)

# `chris-style fix -` on a two-line buffer takes well under a second; the bound only stops a hang.
FORMATTER_TIMEOUT_SECONDS = 60
FIXABLE = "def run(command: str):\n    pass\n"
FIXED = "def run(command: str) -> None:\n    pass\n"
FIX_ALL = "source.fixAll.chris-style"
ORGANIZE_IMPORTS = "source.organizeImports.chris-style"
SERVER = "chris-style"
LSP_COMMAND = [SERVER, "lsp"]


def setting_problems(values: Mapping[str, Any]) -> List[str]:
    """What the server would reject in these editor settings: invalid values, or keys it does not know."""
    _, problems = parse_editor_settings(values, REGISTRY.vocabulary)
    return problems + [f"unknown setting `{key}`" for key in values if key not in KNOWN_KEYS]


def test_WHEN_the_helix_config_is_parsed_THEN_it_starts_chris_style_lsp_with_valid_settings() -> None:
    config = tomllib.loads(doc_snippet("editors/helix.md", "helix-languages"))
    server = config["language-server"][SERVER]
    python = config["language"][0]
    observed = ([server["command"], *server["args"]], setting_problems(server["config"]), python["name"],
                SERVER in python["language-servers"])
    assert (LSP_COMMAND, [], "python", True) == observed


def test_WHEN_helix_runs_the_documented_formatter_THEN_the_buffer_comes_back_with_the_safe_fixes(
    tmp_path: Path,
) -> None:
    formatter = tomllib.loads(doc_snippet("editors/helix.md", "helix-formatter"))["language"][0]["formatter"]
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    completed = subprocess.run([formatter["command"], *formatter["args"]], input=FIXABLE, cwd=tmp_path,
                               env=environment, capture_output=True, text=True, timeout=FORMATTER_TIMEOUT_SECONDS,
                               check=False)
    assert (0, FIXED) == (completed.returncode, completed.stdout), completed.stderr


def test_WHEN_the_sublime_settings_are_parsed_THEN_they_start_chris_style_lsp_with_valid_settings() -> None:
    settings = json.loads(doc_snippet("editors/sublime-text.md", "sublime-settings"))
    client = settings["clients"][SERVER]
    observed = (client["command"], client["selector"], setting_problems(client["initializationOptions"]),
                setting_problems(client["settings"]["chrisStyle"]), sorted(settings["lsp_code_actions_on_save"]))
    assert (LSP_COMMAND, "source.python", [], [], [FIX_ALL, ORGANIZE_IMPORTS]) == observed


def test_WHEN_the_zed_settings_are_parsed_THEN_they_use_the_chris_style_server_with_valid_settings() -> None:
    settings: Dict[str, Any] = json.loads(doc_snippet("editors/zed.md", "zed-settings"))
    python = settings["languages"]["Python"]
    server = settings["lsp"][SERVER]
    observed = (SERVER in python["language_servers"], sorted(python["code_actions_on_format"]),
                setting_problems(server["initialization_options"]), setting_problems(server["settings"]["chrisStyle"]))
    assert (True, [FIX_ALL, ORGANIZE_IMPORTS], [], []) == observed


def test_WHEN_a_setting_is_misspelt_THEN_the_check_of_the_configs_notices() -> None:
    assert ["unknown setting `minPriorty`"] == setting_problems({"minPriorty": "PREFERRED"})


def test_WHEN_the_editor_pages_are_read_THEN_each_says_which_of_its_configs_are_tested() -> None:
    pages = sorted((DOCS / "editors").glob("*.md"))
    untold = [page.name for page in pages if page.name != "index.md"
              and "| config on this page | tested? |" not in page.read_text(encoding="utf-8")]
    named = {name for page in pages for name in page_snippets(page)}
    expected_named = {"neovim-minimal", "neovim-fix-on-save", "eglot-minimal", "eglot-init-options", "eglot-workspace-configuration",
                      "eglot-fix-on-save", "helix-languages", "helix-formatter", "sublime-settings", "zed-settings"}
    assert ([], expected_named) == (untold, named)
