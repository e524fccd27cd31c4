"""Everything in the docs that is generated, made from the code and the guide so the two never disagree:

- `docs/rules/*.md`: one page per rule and the index (rule_docs.py), from the rule classes;
- `server/chris_style/guide_text.py`: each guideline's own text, cut out of `docs/style-guide.md`, so that
  `explain`, the hover and SARIF can quote it without the guide being installed;
- the generated blocks of `docs/configuration.md`, `docs/editor-settings.md` and `docs/editors/vscode.md`
  (config_docs.py), from the settings definitions and the extension's package.json;
- the reference of `docs/cli.md` (cli_docs.py), from click's definitions of the commands;
- the rule pages' part of the navigation in `mkdocs.yml`.

`python -m chris_style.docs_site` rewrites what is stale (run it from the repository's top);
`python -m chris_style.docs_site --check` only lists it and exits 1 when anything is. A test runs the check.
"""

import json
import logging
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from chris_style.cli_docs import cli_reference_markdown
from chris_style.config.settings import Settings
from chris_style.config_docs import config_keys_markdown, editor_settings_markdown, vscode_settings_markdown
from chris_style.guide import GUIDE_FILE_NAME, Guideline
from chris_style.rule_docs import generated_pages
from chris_style.rules import REGISTRY

logger = logging.getLogger(__name__)

GUIDE_PATH = Path("docs") / GUIDE_FILE_NAME
RULE_DOCS_DIR = Path("docs") / "rules"
GUIDE_TEXT_MODULE = Path("server") / "chris_style" / "guide_text.py"
VSCODE_PACKAGE_JSON = Path("vscode-extension") / "package.json"
MKDOCS_YML = Path("mkdocs.yml")
# Markdown files with generated blocks: file -> block name.
MARKDOWN_BLOCKS: Tuple[Tuple[Path, str], ...] = (
    (Path("docs") / "configuration.md", "config-keys"),
    (Path("docs") / "editor-settings.md", "editor-settings"),
    (Path("docs") / "editors" / "vscode.md", "vscode-settings"),
    (Path("docs") / "cli.md", "cli-reference"),
)
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
# The rule pages' nav entries in mkdocs.yml sit at this depth: under `nav:`, `- Rules:`.
NAV_INDENT = " " * 6


class DocsGenerationError(Exception):
    """The sources the docs are made from are not as expected (a guideline heading or a marker is missing)."""


def _headings(lines: Sequence[str]) -> List[Tuple[int, int, str]]:
    """(line index, level, title) of every heading outside fenced code."""
    found = []
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if match:
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def guideline_texts(guide_markdown: str) -> Dict[str, str]:
    """Guideline member name -> the guide's text under its heading, up to the next heading of its level or above."""
    lines = guide_markdown.splitlines()
    headings = _headings(lines)
    texts: Dict[str, str] = {}
    for guideline in Guideline:
        position = next((number for number, heading in enumerate(headings) if heading[2] == guideline.title), None)
        if position is None:
            raise DocsGenerationError(f"{GUIDE_PATH}: no heading `{guideline.title}` for guideline {guideline.name}")
        start, level, _ = headings[position]
        end = next((index for index, other, _ in headings[position + 1:] if other <= level), len(lines))
        body = lines[start + 1: end]
        while body and body[-1].strip() in ("", "---"):
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        texts[guideline.name] = "\n".join(body)
    return texts


def guide_text_source(texts: Mapping[str, str]) -> str:
    """The source of guide_text.py: the texts as a dict of implicitly concatenated lines."""
    out = [
        '"""The style guide\'s own text of each guideline, keyed by `Guideline` member name.',
        "",
        f"Generated from {GUIDE_PATH.as_posix()} by `python -m chris_style.docs_site`; do not edit by hand.",
        '"""',
        "",
        "import logging",
        "from typing import Dict",
        "",
        "logger = logging.getLogger(__name__)",
        "",
        f"# Source: {GUIDE_PATH.as_posix()}, each guideline's heading up to the next heading of its level or above.",
        "GUIDELINE_TEXT: Dict[str, str] = {",
    ]
    for name, text in texts.items():
        lines = text.split("\n")
        out.append(f"    {json.dumps(name)}: (")
        for number, line in enumerate(lines):
            ending = "" if number == len(lines) - 1 else "\n"
            out.append(f"        {json.dumps(line + ending, ensure_ascii=False)}")
        out.append("    ),")
    out.append("}")
    if any(len(line) > Settings().line_length for line in out):
        # The guide's own lines are as long as the guide writes them; the rest of the module keeps to the limit.
        out.insert(4, "# chris-style: ignore-file[CS605]")
    return "\n".join(out) + "\n"


def replace_block(text: str, name: str, content: str, origin: str, comment: Tuple[str, str] = ("<!-- ", " -->")) -> str:
    """`text` with the lines between its BEGIN/END GENERATED markers for `name` replaced by `content`."""
    opening, closing = comment
    begin = f"{opening}BEGIN GENERATED: {name}{closing}"
    end = f"{opening}END GENERATED: {name}{closing}"
    pattern = re.compile(rf"(^[ \t]*{re.escape(begin)}\n).*?(^[ \t]*{re.escape(end)}$)", re.S | re.M)
    if not pattern.search(text):
        raise DocsGenerationError(f"{origin}: no `{begin}` ... `{end}` block")
    return pattern.sub(lambda match: match.group(1) + content.rstrip("\n") + "\n" + match.group(2), text, count=1)


def rules_nav() -> str:
    return "\n".join(f"{NAV_INDENT}- {rule.code} {rule.name}: rules/{rule.code}.md" for rule in REGISTRY)


def expected_files(root: Path) -> Dict[Path, Optional[str]]:
    """Relative path -> the content it must have (None: it must not exist)."""
    texts = guideline_texts((root / GUIDE_PATH).read_text(encoding="utf-8"))
    files: Dict[Path, Optional[str]] = {GUIDE_TEXT_MODULE: guide_text_source(texts)}
    pages = generated_pages(list(REGISTRY), texts)
    for name, content in pages.items():
        files[RULE_DOCS_DIR / name] = content
    for stale in sorted((root / RULE_DOCS_DIR).glob("CS*.md")):
        if stale.name not in pages:
            files[RULE_DOCS_DIR / stale.name] = None
    blocks = {
        "config-keys": config_keys_markdown(),
        "editor-settings": editor_settings_markdown(),
        "vscode-settings": vscode_settings_markdown(root / VSCODE_PACKAGE_JSON),
        "cli-reference": cli_reference_markdown(),
    }
    for path, name in MARKDOWN_BLOCKS:
        files[path] = replace_block((root / path).read_text(encoding="utf-8"), name, blocks[name], str(path))
    mkdocs = (root / MKDOCS_YML).read_text(encoding="utf-8")
    files[MKDOCS_YML] = replace_block(mkdocs, "rules-nav", rules_nav(), str(MKDOCS_YML), ("# ", ""))
    return files


def _current(path: Path) -> Optional[str]:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


def stale_files(root: Path) -> List[Path]:
    """The generated files whose content is not what the code and the guide say, relative to `root`."""
    return [path for path, content in expected_files(root).items() if _current(root / path) != content]


def _write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_files(root: Path) -> List[Path]:
    """Rewrite (or remove) every stale generated file; returns them."""
    expected = expected_files(root)
    changed = [path for path, content in expected.items() if _current(root / path) != content]
    for path in changed:
        content = expected[path]
        if content is None:
            (root / path).unlink()
        else:
            _write_atomically(root / path, content)
    return changed


def main(argv: Sequence[str]) -> int:
    """`python -m chris_style.docs_site [--check] [ROOT]`; ROOT defaults to the working directory."""
    check = "--check" in argv
    arguments = [argument for argument in argv if argument != "--check"]
    root = Path(arguments[0] if arguments else ".").resolve()
    try:
        paths = stale_files(root) if check else write_files(root)
    except (DocsGenerationError, OSError) as error:
        sys.stderr.write(f"chris_style.docs_site: {error}\n")
        return 2
    for path in paths:
        sys.stdout.write(f"{'stale' if check else 'wrote'}: {path.as_posix()}\n")
    if check and paths:
        sys.stderr.write("generated docs are out of date: run `python -m chris_style.docs_site`\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
