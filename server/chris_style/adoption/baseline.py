"""The baseline: the findings a project had when it adopted the guide, recorded so that only new ones are
reported (`chris-style check --write-baseline`; docs/adopting.md).

A finding's key is (path, code, scope, fingerprint) (fingerprints.py says what scope and fingerprint are), and
the baseline records how many findings share each key. Findings are matched to entries file by file:

1. on the whole key, up to the entry's count: a new finding of a baselined code in the same function either
   has its own fingerprint or goes past the count, and is reported either way;
2. what is left, on (code, fingerprint, definition hash) alone, when the entry's scope no longer exists in the
   file: a function renamed (or moved into another class) and otherwise unchanged keeps its entries; a
   function removed and another added is not taken for a rename, since their code differs.

Code that does not parse (CS000) is never recorded: such a file is not checked at all, which must not go unseen.
The entries no finding matched any more are fixed: `--statistics` lists them, and `--write-baseline` drops
them. A file that was not checked, or a code that did not run on a file, keeps its entries as they are.
"""

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Dict, Iterable, List, Optional, Set, Tuple

from chris_style.adoption.fingerprints import FileFingerprints, Fingerprinted
from chris_style.config.keys import BASELINE_SUFFIX, DEFAULT_BASELINE_NAME
from chris_style.config.settings import Settings
from chris_style.linting.findings import Violation
from chris_style.linting.own_codes import SYNTAX_ERROR_CODE

logger = logging.getLogger(__name__)

# The file's format version: a file of another version is refused with a clear error, never misread.
FORMAT_VERSION = 1
VERSION_KEY = "chris-style-baseline"
# Never recorded, always reported: a file that does not parse is not checked at all.
UNRECORDED_CODES = frozenset({SYNTAX_ERROR_CODE})
ABOUT = "Findings recorded by `chris-style check --write-baseline`: they are not reported. Regenerate, don't edit."


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message names the file and says why."""


# DEVIATION(CS902): frozen value type
# Reason: keys are dictionary keys while findings are matched.
@dataclass(frozen=True)
class FindingKey:
    path: str
    code: str
    scope: str
    fingerprint: str


@dataclass
class Entry:
    """One line of the baseline file: a key, how many findings share it, the hash of the definition they are in
    (to follow a rename) and the start of the flagged code (for a reviewer)."""

    key: FindingKey
    count: int
    definition: str = ""
    snippet: str = ""

    # DEVIATION(CS801): returns a dict record
    # Reason: this is the entry's JSON object in the baseline file, written as is.
    def to_dict(self) -> Dict[str, Any]:
        return {
            "path": self.key.path,
            "code": self.key.code,
            "scope": self.key.scope,
            "fingerprint": self.key.fingerprint,
            "count": self.count,
            "definition": self.definition,
            "snippet": self.snippet,
        }

    @classmethod
    def from_dict(cls, data: Any) -> "Entry":
        """An entry from the file; ValueError naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError(f"an entry must be an object, not {data!r}")
        try:
            key = FindingKey(*(_text(data, name) for name in ("path", "code", "scope", "fingerprint")))
            count = data["count"]
        except KeyError as error:
            raise ValueError(f"an entry has no {error}") from None
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValueError(f"`count` must be a positive whole number, not {count!r}")
        return cls(key, count, _text(data, "definition", ""), _text(data, "snippet", ""))


def _text(data: Dict[str, Any], name: str, default: Optional[str] = None) -> str:
    value = data.get(name, default) if default is not None else data[name]
    if not isinstance(value, str):
        raise ValueError(f"`{name}` must be a string, not {value!r}")
    return value


def _sort_key(entry: Entry) -> Tuple[str, int, str, str, str]:
    key = entry.key
    return key.path, len(key.code), key.code, key.scope, key.fingerprint


@dataclass
class Baseline:
    """The entries of one baseline file, by key. Paths in it are relative to the file's directory."""

    path: Path
    entries: Dict[FindingKey, Entry] = field(default_factory=dict)

    @property
    def directory(self) -> Path:
        return self.path.parent

    def relative_path(self, path: Path) -> str:
        """A file's path as the baseline names it: relative to the baseline's directory, with `/`."""
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(self.directory))).as_posix()

    def by_path(self) -> Dict[str, List[Entry]]:
        """The entries of each file."""
        grouped: Dict[str, List[Entry]] = {}
        for key, entry in self.entries.items():
            grouped.setdefault(key.path, []).append(entry)
        return grouped

    @property
    def total(self) -> int:
        return sum(entry.count for entry in self.entries.values())

    def to_json(self) -> str:
        """The file's text: entries sorted by path, code, scope and fingerprint, one per line, so that a diff of
        the file shows one line per finding that came or went."""
        ordered = sorted(self.entries.values(), key=_sort_key)
        lines = [json.dumps(entry.to_dict(), ensure_ascii=False) for entry in ordered]
        body = ",\n".join(f"    {line}" for line in lines)
        header = f'{{\n  "{VERSION_KEY}": {FORMAT_VERSION},\n  "about": {json.dumps(ABOUT)},\n  "findings": ['
        return f"{header}\n{body}\n  ]\n}}\n" if lines else f"{header}]\n}}\n"


def baseline_location(settings: Settings) -> Path:
    """Where a file's baseline is: the `baseline` setting, relative to the directory of the config file that set
    it, else `.chris-style-baseline.json` there (in the working directory when no config file was found)."""
    root = settings.root if settings.root is not None else Path.cwd()
    name = Path(settings.baseline or DEFAULT_BASELINE_NAME)
    return name if name.is_absolute() else root / name


def check_baseline_name(path: Path) -> None:
    """A baseline named on the command line must end in `.json`: `check --write-baseline src` means to check
    `src`, not to write a baseline called so. Raises BaselineError."""
    if path.suffix != BASELINE_SUFFIX:
        raise BaselineError(
            f"{path}: a baseline file's name ends in `{BASELINE_SUFFIX}` (to check paths, give them before "
            f"`--write-baseline`, or write `--write-baseline=FILE.json`)"
        )


def read_baseline(path: Path, must_exist: bool = False) -> Baseline:
    """The baseline in `path`: an empty one when there is no such file (unless `must_exist`). Raises
    BaselineError for a file that cannot be read or is not a baseline."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if must_exist:
            raise BaselineError(f"{path}: no such baseline file (write it with `check --write-baseline`)") from None
        return Baseline(path)
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {getattr(error, 'strerror', None) or error}") from None
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get(VERSION_KEY) != FORMAT_VERSION:
            raise ValueError(f"not a chris-style baseline of format {FORMAT_VERSION}")
        findings = data.get("findings")
        if not isinstance(findings, list):
            raise ValueError("`findings` must be a list")
        entries = [Entry.from_dict(item) for item in findings]
    except ValueError as error:
        raise BaselineError(
            f"{path}: not a valid baseline file ({error}); write a new one with `check --write-baseline`"
        ) from None
    baseline = Baseline(path)
    for entry in entries:
        existing = baseline.entries.get(entry.key)
        if existing is not None:
            existing.count += entry.count
        else:
            baseline.entries[entry.key] = entry
    return baseline


def write_baseline(baseline: Baseline) -> None:
    """Write the file in one step (a temporary file renamed over it): a reader never sees half a baseline."""
    directory = baseline.directory
    temporary: Optional[str] = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{baseline.path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(baseline.to_json())
        os.replace(temporary, baseline.path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise BaselineError(f"{baseline.path}: cannot write the baseline: {error.strerror or error}") from None


@dataclass
class Match:
    """One file's findings compared with its entries."""

    new: List[Violation] = field(default_factory=list)
    baselined: List[Violation] = field(default_factory=list)
    # Entries (with the count no finding matched) whose findings are gone.
    fixed: List[Entry] = field(default_factory=list)


def match(
    relative: str, entries: Iterable[Entry], fingerprints: FileFingerprints, codes_run: Collection[str]
) -> Match:
    """Split the findings of the file the baseline calls `relative` into new and baselined (see the module's
    docstring); `codes_run` are the codes that ran on it: an unmatched entry of another code is not fixed, it
    was not looked for."""
    entries = list(entries)
    remaining: Dict[FindingKey, int] = {entry.key: entry.count for entry in entries}
    definitions = {entry.key: entry.definition for entry in entries}
    result = Match()
    unmatched = []
    for finding in fingerprints.findings:
        key = _key_of(relative, finding)
        if finding.violation.code in UNRECORDED_CODES:
            result.new.append(finding.violation)
        elif remaining.get(key, 0) > 0:
            remaining[key] -= 1
            result.baselined.append(finding.violation)
        else:
            unmatched.append((key, finding))
    for key, finding in unmatched:
        renamed = next(
            (
                old
                for old, count in remaining.items()
                if count > 0
                and old.scope
                and old.scope not in fingerprints.scope_names
                and (old.code, old.fingerprint) == (key.code, key.fingerprint)
                and definitions[old] == finding.definition
            ),
            None,
        )
        if renamed is None:
            result.new.append(finding.violation)
        else:
            remaining[renamed] -= 1
            result.baselined.append(finding.violation)
    for entry in entries:
        left = remaining[entry.key]
        if left > 0 and entry.key.code in codes_run:
            result.fixed.append(Entry(entry.key, left, entry.definition, entry.snippet))
    return result


def _key_of(path: str, finding: Fingerprinted) -> FindingKey:
    return FindingKey(path, finding.violation.code, finding.scope, finding.fingerprint)


def entries_of(relative: str, fingerprints: FileFingerprints) -> List[Entry]:
    """The entries that record a file's findings: one per key, with its count."""
    by_key: Dict[FindingKey, Entry] = {}
    for finding in fingerprints.findings:
        if finding.violation.code in UNRECORDED_CODES:
            continue
        key = _key_of(relative, finding)
        entry = by_key.get(key)
        if entry is None:
            by_key[key] = Entry(key, 1, finding.definition, finding.snippet)
        else:
            entry.count += 1
            entry.definition = min(entry.definition, finding.definition)
    return list(by_key.values())


@dataclass
class Checked:
    """A file a run checked: the codes that ran on it, and its findings."""

    codes_run: Set[str]
    entries: List[Entry]


def rewritten(baseline: Baseline, checked: Dict[str, Checked]) -> Baseline:
    """The baseline after `--write-baseline`: each checked file's entries of the codes that ran on it replaced by
    its current findings; the other entries kept, but those of files that no longer exist."""
    updated = Baseline(baseline.path)
    for key, entry in baseline.entries.items():
        run = checked.get(key.path)
        if run is not None and key.code in run.codes_run:
            continue
        if run is None and not (baseline.directory / key.path).exists():
            continue
        updated.entries[key] = entry
    for run in checked.values():
        for entry in run.entries:
            updated.entries[entry.key] = entry
    return updated


def vanished_files(baseline: Baseline) -> List[Entry]:
    """The entries of files that no longer exist: fixed, in a way."""
    missing: Dict[str, bool] = {}
    gone = []
    for key, entry in baseline.entries.items():
        if key.path not in missing:
            missing[key.path] = not (baseline.directory / key.path).exists()
        if missing[key.path]:
            gone.append(entry)
    return gone
