"""The `[tool.chris-style]` keys: which exist, what values each takes, and applying them to Settings.

Every key is validated; an unknown key or a bad value is a ConfigError naming the key and where it was
written. Which rule codes a selector may name is not known here (this package sits below the rules): the
caller hands in a Vocabulary, made from the rule set it lints with.
"""

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, FrozenSet, Mapping, Optional, Tuple

from chris_style.config.settings import SELECT_ALL, ConfigError, Settings
from chris_style.guide import Priority, Section

logger = logging.getLogger(__name__)

# The table of `pyproject.toml` that holds the settings: `[tool.chris-style]`.
CONFIG_TABLE = "chris-style"
SEVERITY_NAMES = ("error", "warning", "information", "hint")
TYPING_STYLES = ("typing", "builtin")
DOCSTRING_STYLES = ("plain", "structured")


# DEVIATION(CS902): frozen dataclass
# Reason: one vocabulary is shared by every settings resolution of a run, threads included.
@dataclass(frozen=True)
class Vocabulary:
    """What a selector may name besides ALL, the priorities and the guide's sections: the rule codes."""

    codes: FrozenSet[str]


Converter = Callable[[str, Any, Vocabulary], Any]


def normalize_selector(selector: str) -> str:
    text = selector.strip()
    if text.upper() in Priority.__members__ or text.upper() == SELECT_ALL or text.upper().startswith("CS"):
        return text.upper()
    return text.lower()


def is_valid_selector(selector: str, vocabulary: Vocabulary) -> bool:
    text = normalize_selector(selector)
    if text == SELECT_ALL or text in Priority.__members__ or text in vocabulary.codes:
        return True
    return any(section.key == text for section in Section)


def _str_list(key: str, value: Any, vocabulary: Vocabulary) -> Tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"`{key}` must be a list of strings")
    return tuple(value)


def _positive_int(key: str, value: Any, vocabulary: Vocabulary) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"`{key}` must be a positive integer, not {value!r}")
    return value


def _choice(choices: Tuple[str, ...]) -> Converter:
    def convert(key: str, value: Any, vocabulary: Vocabulary) -> str:
        if value not in choices:
            raise ValueError(f"`{key}` must be one of {', '.join(repr(c) for c in choices)}, not {value!r}")
        return value

    return convert


def _priority(key: str, value: Any, vocabulary: Vocabulary) -> Priority:
    try:
        return Priority.parse(value) if isinstance(value, str) else Priority[str(value)]
    except KeyError:
        raise ValueError(f"`{key}` must be CRITICAL, PREFERRED or OBSERVED, not {value!r}") from None


def selectors(key: str, value: Any, vocabulary: Vocabulary) -> Tuple[str, ...]:
    """A list of selectors, each normalized (codes and priorities upper-case, sections lower-case)."""
    entries = _str_list(key, value, vocabulary)
    normalized = []
    for selector in entries:
        if not is_valid_selector(selector, vocabulary):
            raise ValueError(
                f"`{key}` has unknown entry {selector!r}: expected a rule code, a priority "
                f"(CRITICAL, PREFERRED, OBSERVED), a guide section ({', '.join(s.key for s in Section)}) or ALL"
            )
        normalized.append(normalize_selector(selector))
    return tuple(normalized)


def _per_file_ignores(key: str, value: Any, vocabulary: Vocabulary) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be a table of glob = [codes]")
    return tuple((pattern, selectors(f"{key}.{pattern}", codes, vocabulary)) for pattern, codes in value.items())


def severities(key: str, value: Any, vocabulary: Vocabulary) -> Tuple[Tuple[str, str], ...]:
    """A table of priority or code = severity name."""
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be a table of priority or code = severity")
    entries = []
    for selector, severity in value.items():
        if not (is_valid_selector(selector, vocabulary) and normalize_selector(selector) != SELECT_ALL):
            raise ValueError(f"`{key}` has unknown key {selector!r}: expected a priority or a rule code")
        if severity not in SEVERITY_NAMES:
            raise ValueError(f"`{key}.{selector}` must be one of {', '.join(SEVERITY_NAMES)}, not {severity!r}")
        entries.append((normalize_selector(selector), severity))
    return tuple(entries)


def optional_str(key: str, value: Any, vocabulary: Vocabulary) -> Optional[str]:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"`{key}` must be a string")
    return value


# Config key -> (Settings field, converter). The single table that says which keys exist.
CONFIG_KEYS: Dict[str, Tuple[str, Converter]] = {
    "select": ("select", selectors),
    "ignore": ("ignore", selectors),
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
    "severity": ("severity", severities),
    "external-modules": ("external_modules", _str_list),
    "vague-exception-names": ("vague_exception_names", _str_list),
    "framework-names": ("framework_names", _str_list),
    "blocking-calls": ("blocking_calls", _str_list),
    "notebook-ignore": ("notebook_ignore", selectors),
    "docs-url": ("docs_url", optional_str),
}

def apply_overrides(settings: Settings, values: Mapping[str, Any], origin: str, vocabulary: Vocabulary) -> Settings:
    """A copy of `settings` with config-style keys (`line-length`) applied; raises ConfigError."""
    changes: Dict[str, Any] = {}
    for key, value in values.items():
        if key not in CONFIG_KEYS:
            known = ", ".join(sorted(CONFIG_KEYS))
            raise ConfigError(f"{origin}: unknown key `{key}` in [tool.{CONFIG_TABLE}] (known keys: {known})")
        field_name, convert = CONFIG_KEYS[key]
        try:
            changes[field_name] = convert(key, value, vocabulary)
        except ValueError as error:
            raise ConfigError(f"{origin}: {error}") from None
    return dataclasses.replace(settings, **changes)
