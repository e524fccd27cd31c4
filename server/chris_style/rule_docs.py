"""A rule's documentation as Markdown, from its class: used by `explain`, the docs pages, the editor hover and
the SARIF rule help, so all four say the same.

A page has the rule's facts, the guideline's own text from the style guide (guide_text.py, generated from
docs/style-guide.md), what the rule checks and why (the class docstring), its fix and the fix's safety, the
settings that change what it reports, and its bad and good examples (the rule's own INVALID and VALID).
"""

import ast
import functools
import inspect
import json
import logging
import re
import runpy
import sys
from pathlib import Path, PurePosixPath
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Type

from chris_style.config.keys import CONFIG_KEYS
from chris_style.config_docs import CONFIG_KEY_DOCS, GENERAL_KEYS, config_key_default
from chris_style.guide import GUIDE_FILE_NAME, Guideline, Priority, Section
from chris_style.guide_text import GUIDELINE_TEXT
from chris_style.linting.rule import FixSafety, Invalid, Rule, Valid
from chris_style.linting.source import is_test_path

logger = logging.getLogger(__name__)

# The docstring paragraph that describes a rule's fix starts so: "Fix (safe): ...", "Fix (unsafe, ...): ...".
FIX_PARAGRAPH = re.compile(r"^Fix \(")
# The package's own modules whose functions a rule calls: what they read of the settings counts as the rule's.
OWN_MODULES = ("chris_style.linting.", "chris_style.rules.")
# Where the generated pages link to, seen from docs/rules/.
GUIDE_LINK = f"../{GUIDE_FILE_NAME}"
CONFIGURATION_LINK = "../configuration.md"
# What each safety means for the command line and the editor (docs/fixes.md has the whole story).
SAFETY_MEANING: Dict[FixSafety, str] = {
    FixSafety.SAFE: "preserves meaning: `chris-style fix` applies it, and so do the editor's fix-all and "
    "fix-on-save; the quick fix is marked preferred.",
    FixSafety.UNSAFE: "may change what the code does: `chris-style fix` applies it only with `--unsafe-fixes`; "
    "the editor offers it as a quick fix titled \"(unsafe)\", never in fix-all. Why, in the rule's words:",
    FixSafety.SUGGESTION: "needs the author's judgement: offered in the editor only, as a quick fix titled "
    "\"(suggestion)\"; `chris-style fix` never applies it. What it does, in the rule's words:",
}


def rule_title(rule: Type[Rule]) -> str:
    return f"{rule.code} {rule.name}"


def fix_name(rule: Type[Rule]) -> str:
    return rule.fix_safety.value if rule.fix_safety is not None else "none"


def rule_facts(rule: Type[Rule]) -> List[str]:
    """One line per fact a user needs before the prose: priority, guideline, files, fix."""
    guideline = rule.guideline
    facts = [
        f"- **Priority**: {rule.priority.name}",
        f"- **Guideline**: {guideline.title} ({guideline.section.heading}; guideline priority {guideline.priority.name})",
        f"- **Section**: `{guideline.section.key}`",
        f"- **Files**: {rule.files.value}",
        f"- **Fix**: {fix_name(rule)}",
    ]
    if rule.priority_note:
        facts.append(f"- **Note on priority**: {rule.priority_note}")
    return facts


def rule_description(rule: Type[Rule]) -> str:
    return inspect.cleandoc(rule.__doc__ or "")


def _paragraphs(rule: Type[Rule]) -> List[str]:
    return [paragraph for paragraph in rule_description(rule).split("\n\n") if paragraph.strip()]


def rule_checks(rule: Type[Rule]) -> str:
    """The documentation without its fix paragraph: what the rule checks and why the guide asks for it."""
    return "\n\n".join(paragraph for paragraph in _paragraphs(rule) if not FIX_PARAGRAPH.match(paragraph))


def rule_fix(rule: Type[Rule]) -> str:
    """The docstring's fix paragraph ("Fix (safe): ..."), or empty for a rule without one."""
    return "\n\n".join(paragraph for paragraph in _paragraphs(rule) if FIX_PARAGRAPH.match(paragraph))


def _quote(text: str) -> str:
    """Markdown as a block quote, its headings made bold lines (a quote holds no headings)."""
    lines = []
    for line in text.splitlines():
        heading = re.match(r"^#{1,6} (.+)$", line)
        lines.append(f"**{heading.group(1).strip()}**" if heading else line)
    return "\n".join(f"> {line}".rstrip() for line in lines)


def guideline_markdown(guideline: Guideline, texts: Optional[Mapping[str, str]] = None) -> str:
    """The guideline's own text from the guide, quoted, with a link to it."""
    text = (GUIDELINE_TEXT if texts is None else texts).get(guideline.name, "")
    link = f"[{guideline.title}]({GUIDE_LINK}#{guideline.anchor})"
    intro = f"From the style guide, {guideline.section.heading} › {link} ({guideline.priority.name}):"
    return intro + ("\n\n" + _quote(text) if text else "")


def _read(path: Optional[str]) -> str:
    try:
        return Path(path or "").read_text(encoding="utf-8")
    except OSError:
        return ""


@functools.lru_cache(maxsize=None)
def _definitions(module_name: str) -> Dict[str, ast.AST]:
    """The top-level functions and classes of one of the package's modules, by name (each module parsed once)."""
    module = sys.modules.get(module_name)
    source = _read(getattr(module, "__file__", None))
    if not source:
        return {}
    return {
        node.name: node for node in ast.parse(source).body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }


def _settings_reads(module_name: str, names: Set[str]) -> Set[str]:
    """The Settings fields (`settings.<field>`) read by the named top-level functions and classes of a module,
    and by the module's other top-level definitions that these use, transitively."""
    definitions = _definitions(module_name)
    reads: Set[str] = set()
    seen: Set[str] = set()
    pending = [name for name in names if name in definitions]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(definitions[name]):
            if isinstance(node, ast.Attribute) and _is_settings(node.value):
                reads.add(node.attr)
            elif isinstance(node, ast.Name) and node.id in definitions:
                pending.append(node.id)
    return reads


def _is_settings(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "settings") or (
        isinstance(node, ast.Attribute) and node.attr == "settings"
    )


def _engine_settings_reads(rule_source: str) -> Set[str]:
    """The Settings fields read by what a rule module imports from the package's own modules."""
    reads: Set[str] = set()
    for node in ast.parse(rule_source).body:
        if not (isinstance(node, ast.ImportFrom) and (node.module or "").startswith(OWN_MODULES)):
            continue
        reads |= _settings_reads(node.module or "", {alias.name for alias in node.names})
    return reads


def rule_settings(rule: Type[Rule]) -> List[str]:
    """The `[tool.chris-style]` keys, besides those every rule obeys, that change what this rule reports or how
    it fixes, in CONFIG_KEYS' order: those its module reads or names (as `line-length` or `line_length`), and
    those read by the engine's functions it calls (the code a fix writes, say)."""
    source = _read(inspect.getsourcefile(rule)) or rule_description(rule)
    engine_reads = _engine_settings_reads(source)
    found = []
    for key, (field_name, _) in CONFIG_KEYS.items():
        if key in GENERAL_KEYS:
            continue
        named = re.search(rf"(?<![\w-])({re.escape(key)}|{re.escape(field_name)})(?![\w-])", source)
        if named or field_name in engine_reads:
            found.append(key)
    return found


def settings_markdown(rule: Type[Rule]) -> str:
    """The keys that change what the rule reports, with their defaults, and the ones every rule obeys."""
    keys = rule_settings(rule)
    general = ", ".join(f"[`{key}`]({CONFIGURATION_LINK}#{key})" for key in ("select", "ignore", "per-file-ignores",
                                                                            "severity"))
    lines = [f"- [`{key}`]({CONFIGURATION_LINK}#{key}) (default `{config_key_default(key)}`): "
             f"{CONFIG_KEY_DOCS[key].meaning}" for key in keys]
    if not lines:
        lines = ["No setting of its own."]
    lines.append("")
    lines.append(f"Like every rule it obeys {general}, `# noqa: {rule.code}` and `# DEVIATION({rule.code})`.")
    return "\n".join(lines)


def fix_markdown(rule: Type[Rule]) -> str:
    if rule.fix_safety is None:
        return "No automatic fix: the change needs a decision the rule cannot make."
    paragraph = rule_fix(rule)
    meaning = SAFETY_MEANING[rule.fix_safety]
    if rule.fix_safety is FixSafety.SAFE:
        return f"**{rule.fix_safety.value}**: {meaning}" + (f"\n\n{paragraph}" if paragraph else "")
    return f"**{rule.fix_safety.value}**: {meaning}\n\n{paragraph}"


def _code_block(code: str) -> str:
    return "```python\n" + code.rstrip("\n") + "\n```"


def _settings_line(settings: Mapping[str, Any]) -> str:
    values = ", ".join(f"{key} = {json.dumps(value)}" for key, value in settings.items())
    return f"With `{values}`:"


def _example_markdown(code: str, settings: Mapping[str, Any], path: str) -> List[str]:
    parts = []
    notes = []
    if settings:
        notes.append(_settings_line(settings))
    if path != "example.py":
        # Where the example runs matters: a rule that skips test files reports the same code elsewhere.
        notes.append(f"In a test file, `{path}`:" if is_test_path(PurePosixPath(path)) else f"In `{path}`:")
    if notes:
        parts.append(" ".join(notes))
    parts.append(_code_block(code))
    return parts


def examples_markdown(rule: Type[Rule]) -> str:
    """The rule's INVALID examples (with their fixed code) as "Bad", its VALID ones as "Good"."""
    examples = rule.examples()
    invalid = [example for example in examples if isinstance(example, Invalid)]
    valid = [example for example in examples if isinstance(example, Valid)]
    parts = []
    if invalid:
        parts.append("### Bad: reported")
        for example in invalid:
            parts.extend(_example_markdown(example.code, example.settings, example.path))
            if example.fixed is not None:
                safety = example.fix_safety or rule.fix_safety
                label = "Fixed:" if safety is rule.fix_safety else f"Fixed (the fix is {safety.value} here):"
                parts.append(f"{label}\n\n" + _code_block(example.fixed))
    if valid:
        parts.append("### Good: not reported")
        for example in valid:
            parts.extend(_example_markdown(example.code, example.settings, example.path))
    return "\n\n".join(parts)


def rule_markdown(rule: Type[Rule], include_examples: bool = True, texts: Optional[Mapping[str, str]] = None) -> str:
    """The rule's whole page: facts, the guideline, what it checks, its fix, its settings and its examples."""
    parts = [
        f"# {rule_title(rule)}",
        "\n".join(rule_facts(rule)),
        "## The guideline",
        guideline_markdown(rule.guideline, texts),
        "## What it checks and why",
        rule_checks(rule),
        "## Fix",
        fix_markdown(rule),
        "## Settings",
        settings_markdown(rule),
    ]
    if include_examples and rule.examples():
        parts += ["## Examples", examples_markdown(rule)]
    return "\n\n".join(parts) + "\n"


@functools.lru_cache(maxsize=None)
def hover_markdown(rule: Type[Rule]) -> str:
    """A shorter text for editor hovers: the page's facts, guideline, documentation and first bad example (built
    once per rule: a rule class does not change while the program runs)."""
    parts = [
        f"**{rule_title(rule)}** `[{rule.priority.name}]`",
        "\n".join(rule_facts(rule)),
        guideline_markdown(rule.guideline),
        rule_description(rule),
    ]
    first_invalid = next((example for example in rule.examples() if isinstance(example, Invalid)), None)
    if first_invalid is not None:
        parts.append("Example:\n\n" + _code_block(first_invalid.code))
        if first_invalid.fixed is not None:
            parts.append("Fixed:\n\n" + _code_block(first_invalid.fixed))
    return "\n\n".join(parts)


def _filter_controls() -> str:
    """The index's filters, plain HTML that docs/javascripts/rule-index.js brings to life (no CDN, offline)."""
    priorities = "".join(f'<option value="{p.name}">{p.name}</option>' for p in sorted(Priority, reverse=True))
    sections = "".join(f'<option value="{s.key}">{s.heading}</option>' for s in Section)
    fixes = "".join(f'<option value="{s.value}">{s.value}</option>' for s in FixSafety) + '<option value="—">none</option>'
    return (
        '<div class="rule-filters" hidden>\n'
        '<input type="search" data-filter="text" placeholder="Search code, name, guideline" aria-label="Search">\n'
        f'<select data-filter="priority" aria-label="Priority"><option value="">every priority</option>{priorities}</select>\n'
        f'<select data-filter="section" aria-label="Section"><option value="">every section</option>{sections}</select>\n'
        f'<select data-filter="fix" aria-label="Fix"><option value="">any fix</option>{fixes}</select>\n'
        '<span class="rule-count" aria-live="polite"></span>\n'
        "</div>"
    )


def rule_index_markdown(rules: Sequence[Type[Rule]]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rule classes by `python -m chris_style.docs_site`; do not edit by hand.",
        "`chris-style rules` lists the same, `chris-style explain CODE` prints a page. On the docs site the table",
        "can be filtered by priority, guide section and fix (a link such as `?priority=CRITICAL&section=testing`",
        "opens it filtered).",
        "",
        _filter_controls(),
        "",
        '<div class="rule-index" markdown="1">',
        "",
        "| Code | Name | Priority | Section | Guideline | Fix |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        fix = rule.fix_safety.value if rule.fix_safety else "—"
        section = rule.guideline.section.key
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.priority.name} | {section} "
            f"| {rule.guideline.title} | {fix} |"
        )
    lines += ["", "</div>"]
    return "\n".join(lines) + "\n"


def generated_pages(rules: Sequence[Type[Rule]], texts: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """File name -> content of every generated page of docs/rules/."""
    pages = {f"{rule.code}.md": rule_markdown(rule, texts=texts) for rule in rules}
    pages["README.md"] = rule_index_markdown(rules)
    return pages


if __name__ == "__main__":
    # `python -m chris_style.rule_docs docs/rules`, as older instructions say: the pages are made with the rest
    # of the generated docs now (docs_site imports this module, so it is run rather than imported).
    sys.argv = [sys.argv[0]]
    runpy.run_module("chris_style.docs_site", run_name="__main__")
