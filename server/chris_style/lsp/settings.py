"""Settings of one document: defaults < the nearest pyproject.toml < editor settings.

Editor settings arrive under `chrisStyle` in `initializationOptions` (flat, or per folder as
`{"globalSettings": {...}, "settings": [{"workspace": "<folder uri>", ...}]}`) and from
`workspace/configuration` (per workspace folder); the live values win over the ones sent at start.
An invalid value is reported once and its default used; an invalid pyproject.toml is reported once and the
defaults used, so the server keeps linting either way.
"""

import dataclasses
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Set, Tuple

from chris_style.config import CONFIG_KEYS, ConfigError, Settings, find_config_file, load_config_file
from chris_style.guide import Priority

logger = logging.getLogger(__name__)

SECTION = "chrisStyle"
RUN_ON_TYPE = "onType"
RUN_ON_SAVE = "onSave"
RUN_MODES = (RUN_ON_TYPE, RUN_ON_SAVE)
LOG_LEVELS: Dict[str, int] = {
    "error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO, "debug": logging.DEBUG,
}
# Short enough that diagnostics follow a pause in typing within a blink; long enough that a burst of
# keystrokes (about 100-200 ms apart at typing speed) becomes one lint instead of one per key.
DEFAULT_DEBOUNCE_MS = 150
# A longer debounce would look like a server that stopped working.
MAX_DEBOUNCE_MS = 10_000
# Keys of the chrisStyle section that the VS Code extension reads itself (which program to run, which
# messages pop up, the protocol trace) or that structure initializationOptions; the server ignores them.
CLIENT_KEYS = frozenset({"interpreter", "path", "args", "showNotifications", "trace", "globalSettings", "settings",
                         "workspace"})

Reporter = Callable[[str], None]


def camel_case(name: str) -> str:
    """`min_priority` -> `minPriority`: field names as editors spell settings."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _boolean(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"`{key}` must be true or false, not {value!r}")
    return value


def _one_of(choices: Tuple[str, ...]) -> Callable[[str, Any], str]:
    def convert(key: str, value: Any) -> str:
        if value not in choices:
            raise ValueError(f"`{key}` must be one of {', '.join(choices)}, not {value!r}")
        return value

    return convert


def _milliseconds(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DEBOUNCE_MS:
        raise ValueError(f"`{key}` must be a whole number of milliseconds from 0 to {MAX_DEBOUNCE_MS}, not {value!r}")
    return value


def _priority(key: str, value: Any) -> Priority:
    try:
        if isinstance(value, str):
            return Priority.parse(value)
    except KeyError:
        pass
    raise ValueError(f"`{key}` must be CRITICAL, PREFERRED or OBSERVED, not {value!r}")


def _config_key(name: str) -> Callable[[str, Any], Any]:
    """The pyproject.toml converter of the same setting, so both places accept exactly the same values."""
    return CONFIG_KEYS[name][1]


# DEVIATION(CS902): frozen dataclass
# Reason: settings travel with each lint job into a worker thread and are shared by every document of a folder.
@dataclass(frozen=True)
class EditorSettings:
    """What the editor may set. Empty `select`/`severity` and a missing `docsUrl` leave pyproject.toml's
    value in force; `ignore` adds to pyproject.toml's, as `chris-style check --ignore` does."""

    enable: bool = True
    run: str = RUN_ON_TYPE
    debounce: int = DEFAULT_DEBOUNCE_MS
    min_priority: Priority = Priority.OBSERVED
    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    severity: Tuple[Tuple[str, str], ...] = ()
    docs_url: Optional[str] = None
    log_level: str = "info"


CONVERTERS: Dict[str, Callable[[str, Any], Any]] = {
    "enable": _boolean,
    "run": _one_of(RUN_MODES),
    "debounce": _milliseconds,
    "min_priority": _priority,
    "select": _config_key("select"),
    "ignore": _config_key("ignore"),
    "severity": _config_key("severity"),
    "docs_url": _config_key("docs-url"),
    "log_level": _one_of(tuple(LOG_LEVELS)),
}
KNOWN_KEYS = frozenset(camel_case(item.name) for item in dataclasses.fields(EditorSettings))


def parse_editor_settings(values: Mapping[str, Any]) -> Tuple[EditorSettings, List[str]]:
    """Editor settings from their camelCase form, and one message per value that was replaced by its default."""
    changes: Dict[str, Any] = {}
    problems: List[str] = []
    for item in dataclasses.fields(EditorSettings):
        key = camel_case(item.name)
        value = values.get(key)
        if value is None:
            continue
        try:
            changes[item.name] = CONVERTERS[item.name](f"{SECTION}.{key}", value)
        except ValueError as error:
            problems.append(f"Invalid setting: {error}; using the default.")
    unknown = sorted(set(values) - KNOWN_KEYS - CLIENT_KEYS)
    if unknown:
        logger.debug("ignoring unknown %s settings: %s", SECTION, ", ".join(unknown))
    return EditorSettings(**changes), problems


def apply_editor_settings(project: Settings, editor: EditorSettings) -> Settings:
    """pyproject.toml's settings with the editor's on top."""
    changes: Dict[str, Any] = {}
    if editor.select:
        changes["select"] = editor.select
    if editor.ignore:
        changes["ignore"] = project.ignore + editor.ignore
    if editor.severity:
        changes["severity"] = tuple({**dict(project.severity), **dict(editor.severity)}.items())
    if editor.docs_url is not None:
        changes["docs_url"] = editor.docs_url
    return dataclasses.replace(project, **changes) if changes else project


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


class EditorConfiguration:
    """Editor settings per scope: None is the window (files outside every folder), else a folder URI."""

    def __init__(self, report: Reporter) -> None:
        self._report = report
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

    def for_scope(self, scope: Optional[str]) -> EditorSettings:
        """The settings of a folder (or of the window for None), reporting each invalid value once."""
        key = scope.rstrip("/") if scope else None
        merged: Dict[str, Any] = dict(self._initial.get(None, {}))
        # A folder's `workspace/configuration` answer already holds the user-level values it inherits; the
        # window's live values stand in only for folders without one (clients that push their settings).
        live = self._live.get(key, self._live.get(None, {}))
        for layer in (self._initial.get(key, {}), live):
            merged.update({name: value for name, value in layer.items() if value is not None})
        settings, problems = parse_editor_settings(merged)
        for problem in problems:
            if problem not in self._reported:
                self._reported.add(problem)
                self._report(problem)
        return settings


@dataclass
class _Loaded:
    stamp: Tuple[int, int]
    settings: Optional[Settings] = None
    error: Optional[str] = None


@dataclass
class ProjectSettings:
    """pyproject.toml settings per file, re-read when the file's modification time or size changes."""

    report: Reporter
    _loaded: Dict[Path, _Loaded] = field(default_factory=dict)
    _reported: Dict[str, str] = field(default_factory=dict)

    def for_path(self, path: Optional[Path], root: Optional[Path]) -> Settings:
        """The settings of the nearest pyproject.toml; defaults rooted at `root` when there is none or it is
        invalid (then the error is reported once, until the file changes)."""
        fallback = Settings(root=root)
        if path is None:
            return fallback
        try:
            config_file = find_config_file(path)
        except ConfigError as error:
            self._report_once(str(path.parent), str(error))
            return fallback
        if config_file is None:
            return fallback
        loaded = self._load(config_file)
        if loaded.error is not None:
            self._report_once(str(config_file), loaded.error)
            return fallback
        self._reported.pop(str(config_file), None)
        return loaded.settings or fallback

    def _load(self, config_file: Path) -> _Loaded:
        try:
            status = config_file.stat()
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamp = (0, 0)
        cached = self._loaded.get(config_file)
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            loaded = _Loaded(stamp, settings=load_config_file(config_file))
        except ConfigError as error:
            loaded = _Loaded(stamp, error=str(error))
        self._loaded[config_file] = loaded
        return loaded

    def _report_once(self, key: str, message: str) -> None:
        if self._reported.get(key) != message:
            self._reported[key] = message
            self.report(f"{message} (linting with the default settings until it is fixed)")

    def forget(self) -> None:
        self._loaded.clear()
