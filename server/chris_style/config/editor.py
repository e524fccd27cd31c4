"""The editor's settings (`chrisStyle.*` in VS Code; initializationOptions or workspace/configuration in any LSP
client): which exist, what values each takes, and the part of them that overrides `pyproject.toml`.

A setting shared with `[tool.chris-style]` (`select`, `ignore`, `severity`, `docsUrl`) accepts exactly the
values the config key does: it is converted by the same function.
"""

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from chris_style.config.keys import CONFIG_KEYS, Vocabulary
from chris_style.config.overrides import Overrides
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


def camel_case(name: str) -> str:
    """`min_priority` -> `minPriority`: field names as editors spell settings."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _boolean(key: str, value: Any, vocabulary: Vocabulary) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"`{key}` must be true or false, not {value!r}")
    return value


def _one_of(choices: Tuple[str, ...]) -> Callable[[str, Any, Vocabulary], str]:
    def convert(key: str, value: Any, vocabulary: Vocabulary) -> str:
        if value not in choices:
            raise ValueError(f"`{key}` must be one of {', '.join(choices)}, not {value!r}")
        return value

    return convert


def _milliseconds(key: str, value: Any, vocabulary: Vocabulary) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DEBOUNCE_MS:
        raise ValueError(f"`{key}` must be a whole number of milliseconds from 0 to {MAX_DEBOUNCE_MS}, not {value!r}")
    return value


def _priority(key: str, value: Any, vocabulary: Vocabulary) -> Priority:
    try:
        if isinstance(value, str):
            return Priority.parse(value)
    except KeyError:
        pass
    raise ValueError(f"`{key}` must be CRITICAL, PREFERRED or OBSERVED, not {value!r}")


def _config_key(name: str) -> Callable[[str, Any, Vocabulary], Any]:
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
    # Findings the project's baseline records: hidden, or shown as hints.
    show_baselined: bool = False
    # Jupyter notebooks (python cells) are linted by the server.
    notebooks: bool = True

    @property
    def overrides(self) -> Overrides:
        """What these settings change in `pyproject.toml`'s."""
        return Overrides(select=self.select, ignore=self.ignore, severity=self.severity, docs_url=self.docs_url)


CONVERTERS: Dict[str, Callable[[str, Any, Vocabulary], Any]] = {
    "enable": _boolean,
    "run": _one_of(RUN_MODES),
    "debounce": _milliseconds,
    "min_priority": _priority,
    "select": _config_key("select"),
    "ignore": _config_key("ignore"),
    "severity": _config_key("severity"),
    "docs_url": _config_key("docs-url"),
    "log_level": _one_of(tuple(LOG_LEVELS)),
    "show_baselined": _boolean,
    "notebooks": _boolean,
}
KNOWN_KEYS = frozenset(camel_case(item.name) for item in dataclasses.fields(EditorSettings))


def parse_editor_settings(values: Mapping[str, Any], vocabulary: Vocabulary) -> Tuple[EditorSettings, List[str]]:
    """Editor settings from their camelCase form, and one message per value that was replaced by its default."""
    changes: Dict[str, Any] = {}
    problems: List[str] = []
    for item in dataclasses.fields(EditorSettings):
        key = camel_case(item.name)
        value = values.get(key)
        if value is None:
            continue
        try:
            changes[item.name] = CONVERTERS[item.name](f"{SECTION}.{key}", value, vocabulary)
        except ValueError as error:
            problems.append(f"Invalid setting: {error}; using the default.")
    unknown = sorted(set(values) - KNOWN_KEYS - CLIENT_KEYS)
    if unknown:
        logger.debug("ignoring unknown %s settings: %s", SECTION, ", ".join(unknown))
    return EditorSettings(**changes), problems
