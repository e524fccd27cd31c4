"""Settings of one document in the server: defaults < the nearest pyproject.toml < editor settings.

Editor settings arrive under `chrisStyle` in `initializationOptions` (flat, or per folder as
`{"globalSettings": {...}, "settings": [{"workspace": "<folder uri>", ...}]}`) and from
`workspace/configuration` (per workspace folder); the live values win over the ones sent at start.
An invalid value is reported once and its default used; an invalid pyproject.toml is reported once and the
defaults used, so the server keeps linting either way. Which keys exist and what they accept is config/'s.
"""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Set

from chris_style.config.editor import CONVERTERS, SECTION, EditorSettings, camel_case, parse_editor_settings
from chris_style.config.keys import Vocabulary
from chris_style.config.resolver import SettingsResolver
from chris_style.config.settings import ConfigError, Settings

logger = logging.getLogger(__name__)

Reporter = Callable[[str], None]


# DEVIATION(CS902): frozen dataclass
# Reason: like EditorSettings and the engine's Settings, shared with worker threads.
@dataclass(frozen=True)
class DocumentSettings:
    """Everything that decides what a document shows: the engine's settings and the editor's."""

    engine: Settings
    editor: EditorSettings


def _section(values: Any) -> Dict[str, Any]:
    """A settings object, accepting it wrapped in `{"chrisStyle": {...}}` as some clients send it."""
    if not isinstance(values, dict):
        return {}
    inner = values.get(SECTION)
    return dict(inner) if isinstance(inner, dict) else dict(values)


def log_level_of(values: Dict[str, Any]) -> str:
    """The `logLevel` of raw editor settings, or its default when it is missing or invalid."""
    key = camel_case("log_level")
    try:
        return str(CONVERTERS["log_level"](f"{SECTION}.{key}", values.get(key, EditorSettings.log_level), None))
    except ValueError:
        return EditorSettings.log_level


class EditorConfiguration:
    """Editor settings per scope: None is the window (files outside every folder), else a folder URI. Which rule
    codes `select` and the like may name is asked of `vocabulary` when a scope's settings are first needed."""

    def __init__(self, report: Reporter, vocabulary: Callable[[], Vocabulary]) -> None:
        self._report = report
        self._vocabulary = vocabulary
        self._initial: Dict[Optional[str], Dict[str, Any]] = {}
        self._live: Dict[Optional[str], Dict[str, Any]] = {}
        self._reported: Set[str] = set()

    def set_initialization_options(self, options: Any) -> None:
        """Flat settings, or the VS Code extension's `globalSettings` plus per-folder `settings`."""
        values = _section(options)
        global_values = values.get("globalSettings")
        self._initial[None] = {**values, **(global_values if isinstance(global_values, dict) else {})}
        folders = values.get("settings")
        for folder in folders if isinstance(folders, list) else []:
            if isinstance(folder, dict) and isinstance(folder.get("workspace"), str):
                self._initial[folder["workspace"].rstrip("/")] = dict(folder)

    def set_live(self, scope: Optional[str], values: Any) -> None:
        """Values from `workspace/configuration` or `workspace/didChangeConfiguration` (None clears)."""
        key = scope.rstrip("/") if scope else None
        self._live[key] = _section(values)

    def _merged(self, scope: Optional[str]) -> Dict[str, Any]:
        key = scope.rstrip("/") if scope else None
        merged: Dict[str, Any] = dict(self._initial.get(None, {}))
        # A folder's `workspace/configuration` answer already holds the user-level values it inherits; the
        # window's live values stand in only for folders without one (clients that push their settings).
        live = self._live.get(key, self._live.get(None, {}))
        for layer in (self._initial.get(key, {}), live):
            merged.update({name: value for name, value in layer.items() if value is not None})
        return merged

    def log_level(self) -> str:
        """The window's `logLevel` alone (its default when invalid; `for_scope` reports that): known at
        `initialize`, before the rules are loaded."""
        return log_level_of(self._merged(None))

    def for_scope(self, scope: Optional[str]) -> EditorSettings:
        """The settings of a folder (or of the window for None), reporting each invalid value once."""
        settings, problems = parse_editor_settings(self._merged(scope), self._vocabulary())
        for problem in problems:
            if problem not in self._reported:
                self._reported.add(problem)
                self._report(problem)
        return settings


class ProjectSettings:
    """pyproject.toml settings per file, through the server's one resolver; an unusable config file is reported
    once (until it changes) and the defaults are used instead."""

    def __init__(self, report: Reporter, resolver: SettingsResolver) -> None:
        self.report = report
        self.resolver = resolver
        self._reported: Dict[str, str] = {}

    def for_path(self, path: Optional[Path], root: Optional[Path]) -> Settings:
        """The settings of the nearest pyproject.toml; defaults rooted at `root` when there is none or it is
        invalid (then the error is reported once, until the file changes). The line length, when the table sets
        none, is the one the project's formatter or linter declares."""
        if path is None:
            return Settings(root=root)
        return self.resolver.with_project_line_length(self._nearest(path, root), path)

    def _nearest(self, path: Path, root: Optional[Path]) -> Settings:
        fallback = Settings(root=root)
        try:
            config_file = self.resolver.config_file_for(path)
        except ConfigError as error:
            self._report_once(str(path.parent), str(error))
            return fallback
        if config_file is None:
            return fallback
        try:
            settings = self.resolver.load(config_file)
        except ConfigError as error:
            self._report_once(str(config_file), str(error))
            return fallback
        self._reported.pop(str(config_file), None)
        return settings

    def _report_once(self, key: str, message: str) -> None:
        if self._reported.get(key) != message:
            self._reported[key] = message
            self.report(f"{message} (linting with the default settings until it is fixed)")

    def forget(self) -> None:
        """A pyproject.toml changed: find and read every config file again."""
        self.resolver.clear()
