"""Settings: defaults < the nearest `pyproject.toml` with `[tool.chris-style]` < editor settings.

Every key is validated; an unknown key or a bad value is a ConfigError naming the key and the file.
"""

import dataclasses
import fnmatch
import logging
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Tuple

from chris_style.guide import Priority, Section

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

logger = logging.getLogger(__name__)

CONFIG_FILE_NAME = "pyproject.toml"
CONFIG_TABLE = "chris-style"
SELECT_ALL = "ALL"
SEVERITY_NAMES = ("error", "warning", "information", "hint")
TYPING_STYLES = ("typing", "builtin")
DOCSTRING_STYLES = ("plain", "structured")

# Catalog defaults for the configurable lists (rule-catalog.md gives each list).
DEFAULT_EXTERNAL_MODULES = (
    "boto3", "botocore", "requests", "httpx", "urllib3", "pexpect", "subprocess", "paramiko", "opensearchpy",
)
DEFAULT_VAGUE_EXCEPTION_NAMES = (
    "Error", "Exception", "CustomError", "CustomException", "MyError", "MyException", "GenericError",
    "GeneralError", "BaseError", "AppError", "ApplicationError", "Failure",
)
DEFAULT_FRAMEWORK_NAMES = (
    "setUp", "tearDown", "setUpClass", "tearDownClass", "asyncSetUp", "asyncTearDown", "maxDiff",
    "setUpModule", "tearDownModule", "visit_*", "leave_*", "do_*",
)
DEFAULT_BLOCKING_CALLS = (
    "time.sleep", "requests.get", "requests.post", "requests.put", "requests.patch", "requests.delete",
    "requests.head", "requests.options", "requests.request", "urllib.request.urlopen", "subprocess.run",
    "subprocess.call", "subprocess.check_call", "subprocess.check_output", "open",
)


class ConfigError(Exception):
    """A configuration value that cannot be used; the message names the file and the key."""


# DEVIATION(CS902): Settings are frozen
# Reason: one Settings object is shared by the language server's lint threads and cached per config file;
# a mutation would leak into every document that uses it.
@dataclass(frozen=True)
class Settings:
    """Everything that changes what the engine reports. Field names are the config keys in snake_case."""

    select: Tuple[str, ...] = (SELECT_ALL,)
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = ()
    fail_on: Priority = Priority.CRITICAL
    line_length: int = 120  # the guide: "Generally stays under 120 characters"
    typing_style: str = "typing"
    docstring_style: str = "plain"
    docstring_min_statements: int = 8  # catalog default for CS301
    docstring_min_complexity: int = 5  # catalog default for CS301
    data_literal_min_lines: int = 10  # catalog default for CS306
    known_first_party: Tuple[str, ...] = ()
    severity: Tuple[Tuple[str, str], ...] = ()
    external_modules: Tuple[str, ...] = DEFAULT_EXTERNAL_MODULES
    vague_exception_names: Tuple[str, ...] = DEFAULT_VAGUE_EXCEPTION_NAMES
    framework_names: Tuple[str, ...] = DEFAULT_FRAMEWORK_NAMES
    blocking_calls: Tuple[str, ...] = DEFAULT_BLOCKING_CALLS
    docs_url: Optional[str] = None
    # Where the settings came from: relative globs (exclude, per-file-ignores) are matched against it.
    root: Optional[Path] = field(default=None, compare=False)
    config_file: Optional[Path] = field(default=None, compare=False)

    def severity_map(self) -> Dict[str, str]:
        return dict(self.severity)

    def ignored_for(self, path: Optional[PurePath]) -> FrozenSet[str]:
        """The selectors `per-file-ignores` adds for this path."""
        if path is None or not self.per_file_ignores:
            return frozenset()
        relative = _relative_posix(path, self.root)
        selectors: List[str] = []
        for pattern, codes in self.per_file_ignores:
            if path_matches(relative, pattern):
                selectors.extend(codes)
        return frozenset(selectors)

    def is_excluded(self, path: PurePath) -> bool:
        """For directory walks, asked of each entry as it is reached: a pattern without `/` matches the
        entry's name, one with `/` its path from the root. A path named on the command line is never asked,
        so `check examples` checks an excluded `examples` directory when asked to explicitly."""
        relative = _relative_posix(path, self.root)
        name = PurePath(path).name
        for pattern in self.exclude:
            pattern = pattern.strip().rstrip("/")
            if "/" in pattern:
                if fnmatch.fnmatchcase(relative, pattern.lstrip("/")):
                    return True
            elif fnmatch.fnmatchcase(name, pattern):
                return True
        return False


def _relative_posix(path: PurePath, root: Optional[Path]) -> str:
    if root is not None:
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            pass
    return PurePath(path).as_posix()


def path_matches(relative_posix: str, pattern: str) -> bool:
    """Gitignore-like glob matching: a pattern without `/` matches any path component or the file name;
    one with `/` matches the path from the root; `**` spans directories; a directory matches all below it."""
    pattern = pattern.strip().rstrip("/")
    parts = relative_posix.split("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    pattern = pattern.lstrip("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    return any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes) or fnmatch.fnmatchcase(
        relative_posix, pattern.replace("**/", "*")
    )


def _str_list(key: str, value: Any) -> Tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"`{key}` must be a list of strings")
    return tuple(value)


def _positive_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"`{key}` must be a positive integer, not {value!r}")
    return value


def _choice(choices: Tuple[str, ...]) -> Callable[[str, Any], str]:
    def convert(key: str, value: Any) -> str:
        if value not in choices:
            raise ValueError(f"`{key}` must be one of {', '.join(repr(c) for c in choices)}, not {value!r}")
        return value

    return convert


def _priority(key: str, value: Any) -> Priority:
    try:
        return Priority.parse(value) if isinstance(value, str) else Priority[str(value)]
    except KeyError:
        raise ValueError(f"`{key}` must be CRITICAL, PREFERRED or OBSERVED, not {value!r}") from None


def _selectors(key: str, value: Any) -> Tuple[str, ...]:
    selectors = _str_list(key, value)
    normalized = []
    for selector in selectors:
        if not is_valid_selector(selector):
            raise ValueError(
                f"`{key}` has unknown entry {selector!r}: expected a rule code, a priority "
                f"(CRITICAL, PREFERRED, OBSERVED), a guide section ({', '.join(s.key for s in Section)}) or ALL"
            )
        normalized.append(normalize_selector(selector))
    return tuple(normalized)


def _per_file_ignores(key: str, value: Any) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be a table of glob = [codes]")
    return tuple((pattern, _selectors(f"{key}.{pattern}", codes)) for pattern, codes in value.items())


def _severity(key: str, value: Any) -> Tuple[Tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be a table of priority or code = severity")
    entries = []
    for selector, severity in value.items():
        if not (is_valid_selector(selector) and normalize_selector(selector) != SELECT_ALL):
            raise ValueError(f"`{key}` has unknown key {selector!r}: expected a priority or a rule code")
        if severity not in SEVERITY_NAMES:
            raise ValueError(f"`{key}.{selector}` must be one of {', '.join(SEVERITY_NAMES)}, not {severity!r}")
        entries.append((normalize_selector(selector), severity))
    return tuple(entries)


def _optional_str(key: str, value: Any) -> Optional[str]:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"`{key}` must be a string")
    return value


# Config key -> (Settings field, converter). The single table that says which keys exist.
CONFIG_KEYS: Dict[str, Tuple[str, Callable[[str, Any], Any]]] = {
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _str_list),
    "fail-on": ("fail_on", _priority),
    "line-length": ("line_length", _positive_int),
    "typing-style": ("typing_style", _choice(TYPING_STYLES)),
    "docstring-style": ("docstring_style", _choice(DOCSTRING_STYLES)),
    "docstring-min-statements": ("docstring_min_statements", _positive_int),
    "docstring-min-complexity": ("docstring_min_complexity", _positive_int),
    "data-literal-min-lines": ("data_literal_min_lines", _positive_int),
    "known-first-party": ("known_first_party", _str_list),
    "severity": ("severity", _severity),
    "external-modules": ("external_modules", _str_list),
    "vague-exception-names": ("vague_exception_names", _str_list),
    "framework-names": ("framework_names", _str_list),
    "blocking-calls": ("blocking_calls", _str_list),
    "docs-url": ("docs_url", _optional_str),
}


def normalize_selector(selector: str) -> str:
    text = selector.strip()
    if text.upper() in Priority.__members__ or text.upper() == SELECT_ALL or text.upper().startswith("CS"):
        return text.upper()
    return text.lower()


def is_valid_selector(selector: str) -> bool:
    from chris_style.rules import RULES_BY_CODE  # the registry imports rules, which import this module

    text = normalize_selector(selector)
    if text == SELECT_ALL or text in Priority.__members__ or text in RULES_BY_CODE:
        return True
    return any(section.key == text for section in Section)


def apply_overrides(settings: Settings, values: Mapping[str, Any], origin: str) -> Settings:
    """A copy of `settings` with config-style keys (`line-length`) applied; raises ConfigError."""
    changes: Dict[str, Any] = {}
    for key, value in values.items():
        if key not in CONFIG_KEYS:
            known = ", ".join(sorted(CONFIG_KEYS))
            raise ConfigError(f"{origin}: unknown key `{key}` in [tool.{CONFIG_TABLE}] (known keys: {known})")
        field_name, convert = CONFIG_KEYS[key]
        try:
            changes[field_name] = convert(key, value)
        except ValueError as error:
            raise ConfigError(f"{origin}: {error}") from None
    return dataclasses.replace(settings, **changes)


def find_config_file(start: Path) -> Optional[Path]:
    """The nearest `pyproject.toml` at or above `start` (a file or directory) with a `[tool.chris-style]` table."""
    directory = start if start.is_dir() else start.parent
    return _find_config_in(directory.resolve())


@lru_cache(maxsize=1024)
def _find_config_in(directory: Path) -> Optional[Path]:
    for candidate_dir in (directory, *directory.parents):
        candidate = candidate_dir / CONFIG_FILE_NAME
        if candidate.is_file() and CONFIG_TABLE in _read_tool_tables(candidate):
            return candidate
    return None


def _read_tool_tables(path: Path) -> Dict[str, Any]:
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


def load_config_file(path: Path, base: Settings = Settings()) -> Settings:
    table = _read_tool_tables(path).get(CONFIG_TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{CONFIG_TABLE}] must be a table")
    settings = apply_overrides(base, table, str(path))
    return dataclasses.replace(settings, root=path.parent.resolve(), config_file=path)


def settings_for(path: Path) -> Settings:
    """The settings that apply to a file or directory on disk (loaded once per config file)."""
    config_file = find_config_file(path)
    if config_file is None:
        return Settings(root=Path.cwd().resolve())
    return _load_cached(config_file, config_file.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _load_cached(config_file: Path, modified_ns: int) -> Settings:
    return load_config_file(config_file)


def clear_cache() -> None:
    """Forget which directories hold a config file (after a `pyproject.toml` changed)."""
    _find_config_in.cache_clear()
    _load_cached.cache_clear()
