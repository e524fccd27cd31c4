"""The configuration reference, generated from the settings definitions: every `[tool.chris-style]` key
(config/keys.py `CONFIG_KEYS`, defaults from `Settings`) and every editor setting (config/editor.py
`EditorSettings`, defaults from its fields), with its type, default, an example and what it does.

The types and defaults are read from the definitions; what each setting means and its example are written
here, once, and a test fails when a key has no entry or an entry names no key.
"""

import dataclasses
import enum
import inspect
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Sequence, Tuple

from chris_style.config.editor import CONVERTERS, EditorSettings, camel_case
from chris_style.config.keys import CONFIG_KEYS, SEVERITY_NAMES
from chris_style.config.settings import Settings
from chris_style.guide import Priority, Section

logger = logging.getLogger(__name__)

# The keys that decide which rules run and how their findings are shown, for every rule alike; the other keys
# change what one rule or a few report, and are listed on those rules' pages.
GENERAL_KEYS = (
    "select", "ignore", "per-file-ignores", "notebook-ignore", "exclude", "fail-on", "severity", "docs-url", "baseline",
)
SELECTOR_FORMS = (
    "rule codes (`CS202`) or code prefixes (`CS2`), rule names (`missing-return-annotation`), priorities "
    "(`CRITICAL`, `PREFERRED`, `OBSERVED`), guide sections ("
    + ", ".join(f"`{section.key}`" for section in Section)
    + ") or `ALL`"
)
# Fields whose value is a table: empty, they are written `{}`, not `[]`.
TABLE_FIELDS = ("per_file_ignores", "severity")
# A link to another setting in a package.json description: `#chrisStyle.run#`.
SETTING_LINK = re.compile(r"#(chrisStyle\.[\w.]+)#")


@dataclass
class SettingDoc:
    """What a setting does, and a value for it as a user would write it (TOML for keys, JSON for editors)."""

    meaning: str
    example: str


CONFIG_KEY_DOCS: Dict[str, SettingDoc] = {
    "select": SettingDoc(
        f"Rules to run: {SELECTOR_FORMS}. `--select` on the command line and the editor's `select` replace it, "
        "`--extend-select` adds to it. A rule selected by anything but `ALL` is reported whatever its priority: "
        "the command line's default `--min-priority` (PREFERRED) narrows `ALL` only.",
        '["CRITICAL", "testing", "CS605"]',
    ),
    "ignore": SettingDoc(
        "Rules not to run, in the same forms as `select`; `ignore` wins over `select`. `--ignore` and the "
        "editor's `ignore` add to it.",
        '["CS303", "OBSERVED"]',
    ),
    "per-file-ignores": SettingDoc(
        "Glob → selectors ignored in the files it matches. A glob without `/` matches any path component or the "
        "file name; one with `/` matches the path from the directory of this `pyproject.toml`; `**` spans "
        "directories.",
        '{ "scripts/*" = ["CS405"], "tests/**" = ["CS301"] }',
    ),
    "exclude": SettingDoc(
        "Files and directories skipped when a directory is walked: a pattern without `/` matches an entry's "
        "name, one with `/` its path from this `pyproject.toml`'s directory. `.gitignore` is always respected; "
        "paths named on the command line are checked anyway.",
        '["migrations", "build/generated/*.py"]',
    ),
    "fail-on": SettingDoc(
        "The lowest priority that makes `chris-style check` exit with status 1 (`--fail-on` replaces it); "
        '`"never"`: no finding does (`--exit-zero` does the same for one run).',
        '"PREFERRED"',
    ),
    "line-length": SettingDoc(
        "The longest allowed line, in characters (code points), for CS605; fixes that join lines (CS608, "
        "CS610) and generated code keep within it. When it is not set here, the line length the project declares "
        "for its formatter or linter applies (ruff's `line-length` or `max-line-length`, black's `line-length`, "
        "flake8's or pycodestyle's `max-line-length`, in the `pyproject.toml`, `ruff.toml`, `.ruff.toml`, "
        "`setup.cfg`, `tox.ini` or `.flake8` nearest to the file, up to the top of the repository; a linter set to "
        "ignore E501 declares none); with none, "
        "the default.",
        "100",
    ),
    "typing-style": SettingDoc(
        '`"typing"` prefers `List[int]` and `Optional[X]`, as the guide does; `"builtin"` prefers `list[int]` '
        "and `X | None` (CS203, and the annotations fixes write: CS1102, CS1103, generated methods).",
        '"builtin"',
    ),
    "docstring-style": SettingDoc(
        '`"plain"` reports Sphinx, Google and NumPy docstrings (CS302); `"structured"` turns CS302 off.',
        '"structured"',
    ),
    "docstring-min-statements": SettingDoc(
        "CS301: a public function with at least this many statements (nested ones counted) needs a docstring.",
        "12",
    ),
    "docstring-min-complexity": SettingDoc(
        "CS301: a public function with at least this cyclomatic complexity needs a docstring.",
        "8",
    ),
    "data-literal-min-lines": SettingDoc(
        "CS306: a module-level literal at least this many lines long needs a comment saying where its data "
        "came from.",
        "20",
    ),
    "import-sorting": SettingDoc(
        '`"groups"` (the default) makes CS606 check what the guide asks: stdlib → third-party → local groups in '
        'that order, a blank line between them; `"isort"` also asks for isort\'s order inside each group '
        "(plain imports first, sorted by module name) and exact blank lines, and CS606's fix sorts.",
        '"isort"',
    ),
    "known-first-party": SettingDoc(
        "CS606: top-level module names that count as local (first-party) imports, besides relative imports "
        "and the project's own packages.",
        '["backend", "shared"]',
    ),
    "severity": SettingDoc(
        "The editor's severity per priority or rule code (a code wins over its priority): "
        + ", ".join(f"`{name}`" for name in SEVERITY_NAMES)
        + ". Without it CRITICAL → warning, PREFERRED → information, OBSERVED → hint; CS000 (code that does "
        "not parse) is always an error.",
        '{ PREFERRED = "warning", CS605 = "hint" }',
    ),
    "external-modules": SettingDoc(
        "CS102: modules that talk to external systems and belong in `*_interactions` modules.",
        '["boto3", "requests", "opensearchpy"]',
    ),
    "vague-exception-names": SettingDoc(
        "CS402: exception class names that say nothing about the problem.",
        '["Error", "Failure", "Oops"]',
    ),
    "framework-names": SettingDoc(
        "CS601, CS603, CS301: names a framework requires (globs allowed), exempt from the naming rules and "
        "from needing a docstring.",
        '["setUp", "visit_*", "do_*"]',
    ),
    "blocking-calls": SettingDoc(
        "CS1001: dotted names of calls that block the event loop when made inside `async def`.",
        '["time.sleep", "requests.get", "open"]',
    ),
    "notebook-ignore": SettingDoc(
        "Rules not run on Jupyter notebooks (`.ipynb`, linted by the language server), in the same forms as "
        "`select`, added to `ignore` for them. The default leaves out the rules that do not fit a notebook: its "
        "name is a title (CS101), it calls external systems as a script does (CS102) and shows values with "
        "`print` (CS405), its cells set parameters as plain numbers and names (CS304, CS306, CS603) below the "
        "functions they feed (CS1201). `[]` runs every selected rule.",
        '["CS101", "CS405"]',
    ),
    "docs-url": SettingDoc(
        "Base URL of these docs: the editor links each diagnostic's code to `<docs-url>/rules/<CODE>.md`. An "
        "absolute http(s) URL; anything else is a configuration error.",
        '"https://docs.example.org/chris-style"',
    ),
    "max-file-size": SettingDoc(
        "Files larger than this many bytes are not checked: the CLI names each in one line (exit status 2), the "
        "editor shows one note. Checking took about a minute and 400 MB for 1 MB of code (docs/reliability.md).",
        "4194304",
    ),
    "file-time-budget": SettingDoc(
        "Seconds that checking or fixing one file may take; past them the file is given up with one message "
        "for it (exit status 2 in the CLI, a note in the editor), and the other files go on.",
        "120",
    ),
    "baseline": SettingDoc(
        "The baseline file, relative to this `pyproject.toml`: the findings `chris-style check --write-baseline` "
        "recorded in it are not reported, by `check` or the editor ([Adopting chris-style](adopting.md)). "
        "Unset: `.chris-style-baseline.json` beside this `pyproject.toml`, when it exists.",
        '"tools/chris-style-baseline.json"',
    ),
}

EDITOR_SETTING_DOCS: Dict[str, SettingDoc] = {
    "enable": SettingDoc("`false`: no diagnostics for the files of this folder.", "false"),
    "run": SettingDoc(
        "When to lint: as you type (after `debounce`), or when the file is opened and saved.", '"onSave"'
    ),
    "debounce": SettingDoc(
        "How long typing must pause before a lint starts; each keystroke restarts the wait. The first change "
        "after such a pause is linted at once, so a single edit never waits.",
        "300",
    ),
    "minPriority": SettingDoc(
        "The lowest priority shown (`chris-style check` defaults to PREFERRED; the editor shows everything "
        "unless told otherwise). Any case.",
        '"PREFERRED"',
    ),
    "select": SettingDoc(
        f"Non-empty: replaces `select` of `pyproject.toml` ({SELECTOR_FORMS}). Empty: the project's applies.",
        '["CRITICAL"]',
    ),
    "ignore": SettingDoc(
        "Added to `ignore` of `pyproject.toml`, like `chris-style check --ignore`.", '["CS303"]'
    ),
    "severity": SettingDoc(
        "Merged over `severity` of `pyproject.toml`, key by key; a code wins over its priority. Without any: "
        "CRITICAL → warning, PREFERRED → information, OBSERVED → hint; CS000 is always an error.",
        '{"CRITICAL": "error", "CS405": "hint"}',
    ),
    "docsUrl": SettingDoc(
        "Replaces `docs-url` of `pyproject.toml`: each diagnostic links to `<docsUrl>/rules/<CODE>.md`.",
        '"https://docs.example.org/chris-style"',
    ),
    "notebooks": SettingDoc(
        "`false`: Jupyter notebooks are not linted (their Python cells are, with `notebook-ignore`'s rules left "
        "out, when the editor syncs notebooks).",
        "false",
    ),
    "logLevel": SettingDoc(
        "How much the server writes to the editor's log (`window/logMessage`); `debug` adds each lint's "
        "duration. Read from the window's settings.",
        '"debug"',
    ),
    "showBaselined": SettingDoc(
        "`true`: the findings the project's baseline records (`baseline` in `pyproject.toml`) are shown as "
        "hints saying so; `false`: they are not shown, as `chris-style check` does not report them.",
        "true",
    ),
}


def _choices(converter: Callable[..., Any]) -> Tuple[str, ...]:
    """The values a `_choice(...)`/`_one_of(...)` converter accepts (the tuple its closure holds)."""
    return tuple(inspect.getclosurevars(converter).nonlocals.get("choices", ()))


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f'`"{value}"`' for value in values)


def converter_type(converter: Callable[..., Any]) -> str:
    """The type a converter accepts, in words; raises KeyError for a converter these docs do not know."""
    name = converter.__qualname__
    if name.endswith(".<locals>.convert"):
        return "one of " + _quoted(_choices(converter))
    priorities = ", ".join(f"`{priority.name}`" for priority in sorted(Priority, reverse=True))
    types = {
        "selectors": "list of selectors",
        "_str_list": "list of strings",
        "_per_file_ignores": "table: glob → list of selectors",
        "_priority": f"priority: {priorities}",
        "fail_on": f"priority: {priorities}, or `never`",
        "_positive_int": "positive integer",
        "severities": "table: priority, rule code or rule name → " + _quoted(SEVERITY_NAMES),
        "optional_str": "string",
        "web_url": "http(s) URL",
        "baseline_file": "path of a `.json` file",
        "_boolean": "boolean",
        "_milliseconds": "whole milliseconds, 0–10000",
    }
    return types[name]


def _toml_value(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, enum.Enum):
        return json.dumps(value.name)
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return "{ " + ", ".join(f"{json.dumps(key)} = {_toml_value(item)}" for key, item in value) + " }"
    if isinstance(value, tuple):
        return json.dumps(list(value))
    return json.dumps(value)


def _json_value(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return json.dumps(value.name)
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return json.dumps(dict(value))
    if isinstance(value, tuple):
        return json.dumps(list(value))
    return json.dumps(value)




def config_key_default(key: str) -> str:
    """The key's default as TOML (or `unset`), read from `Settings`."""
    field_name = CONFIG_KEYS[key][0]
    value = getattr(Settings(), field_name)
    if field_name in TABLE_FIELDS and not value:
        return "{}"
    return _toml_value(value)


def editor_setting_default(name: str) -> str:
    """A field of EditorSettings' default as JSON, read from the dataclass."""
    value = getattr(EditorSettings(), name)
    if name in TABLE_FIELDS and not value:
        return "{}"
    return _json_value(value)


def undocumented_keys() -> List[str]:
    """Keys and settings that exist without an entry here, and entries naming nothing: both are doc bugs."""
    editor_names = {camel_case(item.name) for item in dataclasses.fields(EditorSettings)}
    problems = [f"[tool.chris-style] `{key}`" for key in CONFIG_KEYS if key not in CONFIG_KEY_DOCS]
    problems += [f"editor setting `{name}`" for name in sorted(editor_names) if name not in EDITOR_SETTING_DOCS]
    problems += [f"documented key `{key}` does not exist" for key in CONFIG_KEY_DOCS if key not in CONFIG_KEYS]
    problems += [f"documented setting `{name}` does not exist" for name in EDITOR_SETTING_DOCS
                 if name not in editor_names]
    return problems


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def config_keys_markdown() -> str:
    """The `[tool.chris-style]` table and one section per key (the anchors rule pages link to)."""
    lines = ["| key | type | default |", "|---|---|---|"]
    for key, (_, converter) in CONFIG_KEYS.items():
        lines.append(f"| [`{key}`](#{key}) | {_cell(converter_type(converter))} | `{_cell(config_key_default(key))}` |")
    for key, (_, converter) in CONFIG_KEYS.items():
        doc = CONFIG_KEY_DOCS[key]
        lines += [
            "",
            f"### `{key}`",
            "",
            doc.meaning,
            "",
            f"- **Type**: {converter_type(converter)}",
            f"- **Default**: `{config_key_default(key)}`",
            "",
            "```toml",
            "[tool.chris-style]",
            f"{key} = {doc.example}",
            "```",
        ]
    return "\n".join(lines)


def editor_settings_markdown() -> str:
    """The table of the server's editor settings."""
    lines = ["| setting | type and values | default | example | what it does |", "|---|---|---|---|---|"]
    for item in dataclasses.fields(EditorSettings):
        name = camel_case(item.name)
        doc = EDITOR_SETTING_DOCS[name]
        kind = converter_type(CONVERTERS[item.name])
        default = editor_setting_default(item.name)
        lines.append(f"| `{name}` | {_cell(kind)} | `{_cell(default)}` | `{_cell(doc.example)}` | {_cell(doc.meaning)} |")
    return "\n".join(lines)


def vscode_settings(package_json: Mapping[str, Any]) -> Dict[str, Mapping[str, Any]]:
    """`chrisStyle.*` -> its declaration in the extension's package.json."""
    configuration = package_json["contributes"]["configuration"]
    blocks = configuration if isinstance(configuration, list) else [configuration]
    return {key: value for block in blocks for key, value in block["properties"].items()}


def _vscode_description(declaration: Mapping[str, Any]) -> str:
    text = declaration.get("markdownDescription") or declaration.get("description") or ""
    # VS Code's setting links (`#chrisStyle.run#`) are plain names outside the Settings editor.
    text = SETTING_LINK.sub(r"\1", text)
    if "enum" in declaration:
        text += " Values: " + ", ".join(f"`{value}`" for value in declaration["enum"]) + "."
    return text


def vscode_settings_markdown(package_json_path: Path) -> str:
    """The extension's settings table, from `contributes.configuration` of its package.json."""
    declarations = vscode_settings(json.loads(package_json_path.read_text(encoding="utf-8")))
    lines = ["| setting | scope | default | what it does |", "|---|---|---|---|"]
    for key, declaration in declarations.items():
        default = json.dumps(declaration.get("default"))
        scope = declaration.get("scope", "window")
        lines.append(f"| `{key}` | {scope} | `{_cell(default)}` | {_cell(_vscode_description(declaration))} |")
    return "\n".join(lines)
