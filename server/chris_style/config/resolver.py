"""Where a file's settings come from: defaults < the nearest `pyproject.toml` with `[tool.chris-style]` <
overrides (command-line options, editor settings); the line length, when that table sets none, from the project's
formatter or linter configuration (formatters.py). One resolver per run (the CLI) or per server, with one
cache: which directory's nearest config file is which, and each config file's settings, read again when its
modification time or size changes.
"""

import dataclasses
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional, Tuple, Union

from chris_style.config.formatters import LineLengthFinder
from chris_style.config.keys import CONFIG_TABLE, Vocabulary, apply_overrides
from chris_style.config.overrides import Overrides
from chris_style.config.settings import ConfigError, Settings

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

logger = logging.getLogger(__name__)

CONFIG_FILE_NAME = "pyproject.toml"


def read_tool_tables(path: Path) -> Dict[str, Any]:
    """The `[tool]` table of a TOML file; ConfigError when the file cannot be read or is not TOML."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError as error:
        # TOML is UTF-8 by definition; a UTF-16 or binary file is not TOML at all.
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror}") from None
    tool = data.get("tool", {})
    return tool if isinstance(tool, dict) else {}


def load_config_file(path: Path, vocabulary: Vocabulary, base: Settings = Settings()) -> Settings:
    """The settings a config file's `[tool.chris-style]` table gives, over `base`; raises ConfigError."""
    table = read_tool_tables(path).get(CONFIG_TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{CONFIG_TABLE}] must be a table")
    settings = apply_overrides(base, table, str(path), vocabulary)
    declared_in = path if "line-length" in table else settings.line_length_declared_in
    return dataclasses.replace(settings, root=path.parent.resolve(), config_file=path, line_length_declared_in=declared_in)


def _stamp(path: Path) -> Tuple[int, int]:
    try:
        status = path.stat()
    except OSError:
        return (0, 0)
    return (status.st_mtime_ns, status.st_size)


@dataclass
class _Loaded:
    """A config file's settings (or why it has none) as of its modification time and size."""

    stamp: Tuple[int, int]
    outcome: Union[Settings, ConfigError]


class SettingsResolver:
    """The settings of any file or directory on disk. Thread-safe enough for the server's background walk: at
    worst two threads read the same config file once each."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        # Directory -> its nearest pyproject.toml with our table (None: there is none).
        self._nearest: Dict[Path, Optional[Path]] = {}
        self._loaded: Dict[Path, _Loaded] = {}
        self._line_lengths = LineLengthFinder()

    def config_file_for(self, path: Path) -> Optional[Path]:
        """The nearest `pyproject.toml` at or above `path` (a file or directory) with a `[tool.chris-style]`
        table; ConfigError when a `pyproject.toml` on the way cannot be read."""
        directory = (path if path.is_dir() else path.parent).resolve()
        if directory not in self._nearest:
            self._nearest[directory] = self._search(directory)
        return self._nearest[directory]

    def _search(self, directory: Path) -> Optional[Path]:
        for candidate_dir in (directory, *directory.parents):
            known = self._nearest.get(candidate_dir, False)
            if known is not False:
                return known  # type: ignore[return-value]
            candidate = candidate_dir / CONFIG_FILE_NAME
            if candidate.is_file() and CONFIG_TABLE in read_tool_tables(candidate):
                return candidate
        return None

    def load(self, config_file: Path) -> Settings:
        """A config file's settings, read again only when it changed; raises its ConfigError every time."""
        stamp = _stamp(config_file)
        cached = self._loaded.get(config_file)
        if cached is None or cached.stamp != stamp:
            try:
                outcome: Union[Settings, ConfigError] = load_config_file(config_file, self.vocabulary)
            except ConfigError as error:
                outcome = error
            cached = self._loaded[config_file] = _Loaded(stamp, outcome)
        if isinstance(cached.outcome, ConfigError):
            raise cached.outcome
        return cached.outcome

    def project_settings(self, path: Path, default_root: Optional[Path] = None) -> Settings:
        """Defaults < the file's nearest config file; defaults rooted at `default_root` (else the working
        directory) when there is none. Raises ConfigError for a config file that cannot be used."""
        config_file = self.config_file_for(path)
        if config_file is None:
            settings = Settings(root=default_root if default_root is not None else Path.cwd().resolve())
        else:
            settings = self.load(config_file)
        return self.with_project_line_length(settings, path)

    def with_project_line_length(self, settings: Settings, path: Path) -> Settings:
        """`settings` with the line length the project's formatter or linter declares near `path`, when
        `[tool.chris-style]` sets none (config/formatters.py)."""
        if settings.line_length_declared_in is not None:
            return settings
        directory = path if path.is_dir() else path.parent
        declared = self._line_lengths.find(directory.resolve())
        if declared is None:
            return settings
        return dataclasses.replace(
            settings, line_length=declared.length, line_length_declared_in=declared.declared_in
        )

    def settings_for(
        self, path: Path, overrides: Overrides = Overrides(), default_root: Optional[Path] = None
    ) -> Settings:
        """The settings of a file: its project settings with `overrides` on top."""
        return overrides.apply(self.project_settings(path, default_root))

    def clear(self) -> None:
        """Forget everything (a `pyproject.toml` was created, changed or deleted)."""
        self._nearest.clear()
        self._loaded.clear()
        self._line_lengths.clear()
