"""The CLI's result cache: a file's violations, kept by what decides them, so an unchanged file is not linted
again.

An entry's key is a SHA-256 of everything the result depends on: the tool itself (its version, the cache
format, and the modification times and sizes of its own source files, the rules' included, so that an edited
rule in a development checkout never meets results of the old one), the file's absolute path (test-file rules
and module names read it), its bytes, its resolved settings (every field, the config file and root included),
the lowest priority asked for, the rule set (the product's rules are the tool's own source files; another set
is named by its codes), and the project's top-level layout (which packages are first-party for the import
rules). A result changes only when one of these does, so an entry is never served for changed code,
configuration or tool. None of it needs the rules loaded: a key is computed, and an entry read back, without
importing a rule or the parser.

Beside the entries, under the tool's own key, the cache keeps the catalog of the product's rules (their codes,
names, priorities and guidelines; see linting/catalog.py), which is all a run over cached files needs of them.

Entries are JSON files under `<cache dir>/<version>-<format>/`, written atomically (a temporary file renamed
into place), so two runs at once only ever read whole entries; an entry that cannot be read is a miss. A run
that found a rule crashing stores nothing, so the crash is reported again. Entries unused for
`STALE_AFTER_DAYS` days are pruned, at most once a day, and so are the folders of other versions.
"""

import hashlib
import json
import logging
import os
import tempfile
import time
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import platformdirs

from chris_style import __version__
from chris_style.config.settings import PROJECT_SOURCE_DIRECTORIES, Settings
from chris_style.guide import Guideline, Priority
from chris_style.linting.catalog import RuleCatalog, RuleEntry
from chris_style.linting.findings import Edit, Fix, FixSafety, Violation
from chris_style.linting.source import TextRange

logger = logging.getLogger(__name__)

APP_NAME = "chris-style"
# Bumped whenever the stored shape changes, so an old entry is never read as a new one.
CACHE_FORMAT = 1
# Overrides the user's cache directory (for CI caches and tests); `--cache-dir` wins over it.
CACHE_DIR_VARIABLE = "CHRIS_STYLE_CACHE_DIR"
# An entry nobody read for this long is deleted; pruning runs at most once per PRUNE_INTERVAL_SECONDS.
STALE_AFTER_DAYS = 30
PRUNE_INTERVAL_SECONDS = 24 * 60 * 60
PRUNE_MARKER = "last-prune"
SECONDS_PER_DAY = 24 * 60 * 60
# The rule-set part of the keys of a cache opened for the product's rules: the tool's fingerprint covers them.
PRODUCT_RULES = "rules/"
# Added to the tool's key to name the entry that holds the catalog of the product's rules.
CATALOG_ENTRY = "catalog"


def default_cache_dir() -> Path:
    """`$CHRIS_STYLE_CACHE_DIR`, else the user's cache directory (`~/.cache/chris-style` on Linux)."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    return Path(configured) if configured else Path(platformdirs.user_cache_dir(APP_NAME))


def _layout(root: Optional[Path]) -> Tuple[str, ...]:
    """What the import rules read of the project's folders: the names of its top-level modules and packages."""
    if root is None:
        return ()
    names: List[str] = []
    for directory in PROJECT_SOURCE_DIRECTORIES:
        base = root / directory if directory else root
        try:
            entries = sorted(os.scandir(base), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                names.append(f"{directory}/{entry.name}")
            elif entry.is_dir(follow_symlinks=True) and _holds_python(Path(entry.path)):
                names.append(f"{directory}/{entry.name}/")
    return tuple(names)


def _holds_python(directory: Path) -> bool:
    try:
        with os.scandir(directory) as entries:
            return any(os.path.splitext(entry.name)[1] == ".py" for entry in entries)
    except OSError:
        return False


def _edit_json(edit: Edit) -> List[Any]:
    start, end = edit.range.start, edit.range.end
    return [start.line, start.column, end.line, end.column, edit.content]


def _violation_json(violation: Violation) -> List[Any]:
    start, end = violation.range.start, violation.range.end
    fixes = [[fix.title, fix.safety.value, [_edit_json(edit) for edit in fix.edits]] for fix in violation.fixes]
    return [
        violation.code, violation.name, violation.priority.name, violation.guideline.name, violation.message,
        start.line, start.column, end.line, end.column, fixes,
    ]


def _violation(item: Sequence[Any]) -> Violation:
    code, name, priority, guideline, message, start_line, start_column, end_line, end_column, fixes = item
    return Violation(
        code=code,
        name=name,
        priority=Priority[priority],
        guideline=Guideline[guideline],
        message=message,
        range=TextRange.of(start_line, start_column, end_line, end_column),
        fixes=tuple(
            Fix(title, FixSafety(safety), tuple(Edit(TextRange.of(*edit[:4]), edit[4]) for edit in edits))
            for title, safety, edits in fixes
        ),
    )


def _source_fingerprint() -> str:
    """The modification time and size of every source file of the installed package."""
    package = Path(__file__).resolve().parent.parent
    parts = []
    for source in sorted(package.rglob("*.py")):
        try:
            status = source.stat()
        except OSError:
            continue
        parts.append(f"{source.relative_to(package)}:{status.st_mtime_ns}:{status.st_size}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


@dataclass
class ResultCache:
    """Where entries live and the parts of every key that one run shares. Picklable: worker processes get it."""

    directory: Path
    # PRODUCT_RULES, or the codes of the rule set the cache was opened for.
    rules: str
    tool: str
    # Project root -> its layout, read once for a run (see for_run); None: read for every key.
    layouts: Optional[Dict[Optional[Path], Tuple[str, ...]]] = field(default=None, compare=False, repr=False)

    def for_run(self) -> "ResultCache":
        """This cache, reading each project's folders once: every file's key needs them, and a run does not
        change them (a later run, `--watch`'s next one included, reads them again)."""
        return dataclasses.replace(self, layouts={})

    def _layout_of(self, root: Optional[Path]) -> Tuple[str, ...]:
        if self.layouts is None:
            return _layout(root)
        found = self.layouts.get(root)
        if found is None:
            found = self.layouts[root] = _layout(root)
        return found

    @classmethod
    def open(cls, directory: Path, rule_set: Optional[RuleCatalog] = None) -> "ResultCache":
        """The cache in `directory` for results of `rule_set` (None: the product's rules, not loaded for this)."""
        tool = f"{__version__}:{CACHE_FORMAT}:{_source_fingerprint()}"
        rules = PRODUCT_RULES if rule_set is None else ",".join(sorted(rule_set.codes))
        return cls(directory / f"{__version__}-{CACHE_FORMAT}", rules, tool)

    def key(self, path: Path, data: bytes, settings: Settings, min_priority: Priority) -> str:
        """The entry's name for this file's bytes under these settings."""
        digest = hashlib.sha256()
        for part in (
            self.tool, str(path.resolve()), repr(settings), min_priority.name, self.rules,
            "\n".join(self._layout_of(settings.root)),
        ):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def catalog_key(self) -> str:
        """The name of the entry that holds the catalog of the product's rules (one per build of the tool)."""
        return hashlib.sha256(f"{self.tool}\0{CATALOG_ENTRY}".encode("utf-8")).hexdigest()

    def _read(self, key: str) -> Any:
        """The stored JSON value, or None when there is no readable entry; marks the entry as used."""
        entry = self._file(key)
        try:
            value = json.loads(entry.read_bytes())
        except (OSError, ValueError):
            return None
        try:
            os.utime(entry)  # marks the entry as used, for pruning
        except OSError:
            pass
        return value

    def _write(self, key: str, value: Any) -> None:
        """Write an entry atomically; a cache that cannot be written only costs the next run its speed."""
        entry = self._file(key)
        data = json.dumps(value, separators=(",", ":"))
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=f".{entry.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(data)
                os.replace(temporary, entry)
            except BaseException:
                if os.path.exists(temporary):
                    os.unlink(temporary)
                raise
        except OSError as error:
            logger.debug("cannot write the cache entry %s: %s", entry, error)

    def load(self, key: str) -> Optional[List[Violation]]:
        """The stored violations, or None when there is no usable entry."""
        items = self._read(key)
        if items is None:
            return None
        try:
            return [_violation(item) for item in items]
        except (ValueError, KeyError, TypeError):
            return None

    def store(self, key: str, violations: Sequence[Violation]) -> None:
        self._write(key, [_violation_json(violation) for violation in violations])

    def load_catalog(self) -> Optional[RuleCatalog[RuleEntry]]:
        """The catalog of the product's rules stored by a run of this very tool, or None."""
        items = self._read(self.catalog_key())
        if items is None:
            return None
        try:
            return RuleCatalog(
                RuleEntry(code, name, Priority[priority], Guideline[guideline])
                for code, name, priority, guideline in items
            )
        except (ValueError, KeyError, TypeError):
            return None

    def store_catalog(self, catalog: RuleCatalog) -> None:
        entries = [[rule.code, rule.name, rule.priority.name, rule.guideline.name] for rule in catalog]
        self._write(self.catalog_key(), entries)

    def prune(self, now: Optional[float] = None) -> int:
        """Delete entries unused for STALE_AFTER_DAYS and other versions' folders, at most once a day; returns
        how many entries were deleted."""
        now = time.time() if now is None else now
        root = self.directory.parent
        marker = root / PRUNE_MARKER
        try:
            if now - marker.stat().st_mtime < PRUNE_INTERVAL_SECONDS:
                return 0
        except OSError:
            pass
        deleted = 0
        limit = now - STALE_AFTER_DAYS * SECONDS_PER_DAY
        try:
            folders = [folder for folder in root.iterdir() if folder.is_dir()]
        except OSError:
            return 0
        for folder in folders:
            current = folder == self.directory
            for entry in folder.glob("*/*.json"):
                try:
                    if not current or entry.stat().st_mtime < limit:
                        entry.unlink()
                        deleted += 1
                except OSError:
                    continue
        try:
            root.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass
        return deleted
