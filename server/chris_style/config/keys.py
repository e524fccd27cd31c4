"""The `[tool.chris-style]` keys: which exist, what values each takes, and applying them to Settings.

Every key is validated; an unknown key or a bad value is a ConfigError naming the key and where it was
written. Which rule codes a selector may name is not known here (this package sits below the rules): the
caller hands in a Vocabulary, made from the rule set it lints with.
"""

import dataclasses
import logging
import urllib.parse
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
# Every rule code starts so; a selector that does is a code or a code prefix.
CODE_PREFIX = "CS"
# `fail-on = "never"`: no finding makes `check` exit 1 (the Settings value is None).
FAIL_NEVER = "never"
# CS606: `groups` checks what the guide asks (group order, blank lines between groups); `isort` also sorts.
IMPORT_SORTINGS = ("groups", "isort")
# What `docs-url` may start with: the pages are web pages.
URL_SCHEMES = ("http", "https")
# Characters no URL holds unescaped (RFC 3986) that would also close a Markdown link or an HTML attribute.
URL_FORBIDDEN = frozenset('<>"`\\{}|^')
# A baseline file is JSON: the suffix also tells `--write-baseline FILE` from a path to check.
BASELINE_SUFFIX = ".json"
# The baseline file beside `pyproject.toml` when the `baseline` key names none.
DEFAULT_BASELINE_NAME = ".chris-style-baseline.json"


# DEVIATION(CS902): frozen dataclass
# Reason: one vocabulary is shared by every settings resolution of a run, threads included.
@dataclass(frozen=True)
class Vocabulary:
    """What a selector may name besides ALL, the priorities and the guide's sections: the rule codes (and their
    prefixes, as Ruff's `E4`), and the rules' names, each standing for its code."""

    codes: FrozenSet[str]
    # (name, code) of every rule: `missing-return-annotation` selects CS202.
    names: Tuple[Tuple[str, str], ...] = ()

    def code_named(self, name: str) -> Optional[str]:
        """The code of the rule called `name`, or None."""
        return dict(self.names).get(name.strip().lower())

    def is_code_prefix(self, text: str) -> bool:
        """True for `CS2`: the start of at least one rule code (a whole code counts too)."""
        return text.startswith(CODE_PREFIX) and any(code.startswith(text) for code in self.codes)


Converter = Callable[[str, Any, Vocabulary], Any]


def normalize_selector(selector: str, vocabulary: Vocabulary) -> str:
    """Codes, prefixes and priorities upper-case, a rule's name as its code, sections lower-case."""
    text = selector.strip()
    upper = text.upper()
    if upper in Priority.__members__ or upper == SELECT_ALL or upper.startswith(CODE_PREFIX):
        return upper
    return vocabulary.code_named(text) or text.lower()


def is_valid_selector(selector: str, vocabulary: Vocabulary) -> bool:
    text = normalize_selector(selector, vocabulary)
    if text == SELECT_ALL or text in Priority.__members__ or vocabulary.is_code_prefix(text):
        return True
    return any(section.key == text for section in Section)


def selector_forms() -> str:
    """What a selector may be, for error messages and help texts."""
    return (
        "a rule code (CS202) or code prefix (CS2), a rule name (missing-return-annotation), a priority "
        f"(CRITICAL, PREFERRED, OBSERVED), a guide section ({', '.join(s.key for s in Section)}) or ALL"
    )


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


def fail_on(key: str, value: Any, vocabulary: Vocabulary) -> Optional[Priority]:
    """A priority, or `never` (None): the lowest priority that makes `check` exit 1."""
    if isinstance(value, str) and value.strip().lower() == FAIL_NEVER:
        return None
    try:
        return Priority.parse(value) if isinstance(value, str) else Priority[str(value)]
    except KeyError:
        raise ValueError(f"`{key}` must be CRITICAL, PREFERRED, OBSERVED or {FAIL_NEVER}, not {value!r}") from None


def selectors(key: str, value: Any, vocabulary: Vocabulary) -> Tuple[str, ...]:
    """A list of selectors, each normalized (codes and priorities upper-case, sections lower-case)."""
    entries = _str_list(key, value, vocabulary)
    normalized = []
    for selector in entries:
        if not is_valid_selector(selector, vocabulary):
            raise ValueError(f"`{key}` has unknown entry {selector!r}: expected {selector_forms()}")
        normalized.append(normalize_selector(selector, vocabulary))
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
        normalized = normalize_selector(selector, vocabulary)
        if not (normalized in Priority.__members__ or normalized in vocabulary.codes):
            raise ValueError(f"`{key}` has unknown key {selector!r}: expected a priority, a rule code or a rule name")
        if severity not in SEVERITY_NAMES:
            raise ValueError(f"`{key}.{selector}` must be one of {', '.join(SEVERITY_NAMES)}, not {severity!r}")
        entries.append((normalized, severity))
    return tuple(entries)


def web_url(key: str, value: Any, vocabulary: Vocabulary) -> Optional[str]:
    """An absolute http(s) URL, or None: anything else (`javascript:`, a relative path, a space or a line break
    that would end a Markdown link) is refused, since it becomes a link in diagnostics and hovers."""
    if value is None:
        return None
    parts = urllib.parse.urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in URL_SCHEMES or not parts.netloc or any(
        character.isspace() or not character.isprintable() or character in URL_FORBIDDEN for character in value
    ):
        raise ValueError(f"`{key}` must be an http(s) URL such as 'https://example.com/chris-style', not {value!r}")
    return value


def baseline_file(key: str, value: Any, vocabulary: Vocabulary) -> str:
    """The baseline file's path (relative to the config file's directory), which ends in `.json`."""
    if not isinstance(value, str) or not value.strip().endswith(BASELINE_SUFFIX):
        raise ValueError(f"`{key}` must be the path of a `{BASELINE_SUFFIX}` file, not {value!r}")
    return value.strip()


# Config key -> (Settings field, converter). The single table that says which keys exist.
CONFIG_KEYS: Dict[str, Tuple[str, Converter]] = {
    "select": ("select", selectors),
    "ignore": ("ignore", selectors),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _str_list),
    "fail-on": ("fail_on", fail_on),
    "line-length": ("line_length", _positive_int),
    "typing-style": ("typing_style", _choice(TYPING_STYLES)),
    "docstring-style": ("docstring_style", _choice(DOCSTRING_STYLES)),
    "docstring-min-statements": ("docstring_min_statements", _positive_int),
    "docstring-min-complexity": ("docstring_min_complexity", _positive_int),
    "data-literal-min-lines": ("data_literal_min_lines", _positive_int),
    "known-first-party": ("known_first_party", _str_list),
    "import-sorting": ("import_sorting", _choice(IMPORT_SORTINGS)),
    "severity": ("severity", severities),
    "external-modules": ("external_modules", _str_list),
    "vague-exception-names": ("vague_exception_names", _str_list),
    "framework-names": ("framework_names", _str_list),
    "blocking-calls": ("blocking_calls", _str_list),
    "docs-url": ("docs_url", web_url),
    "max-file-size": ("max_file_size", _positive_int),
    "file-time-budget": ("file_time_budget", _positive_int),
    "baseline": ("baseline", baseline_file),
    "notebook-ignore": ("notebook_ignore", selectors),
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
