"""`check` with a baseline (adoption/baseline.py): each file's report split, as it arrives, into new findings and
the findings the baseline records; the entries no finding matches any more collected for `--statistics`; and
`--write-baseline`, which records every current finding of the files checked."""

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set, Tuple

from chris_style.adoption.baseline import (
    Baseline,
    BaselineError,
    Checked,
    UNRECORDED_CODES,
    Entry,
    baseline_location,
    check_baseline_name,
    entries_of,
    match,
    read_baseline,
    rewritten,
    vanished_files,
    write_baseline,
)
from chris_style.adoption.fingerprints import FileFingerprints, fingerprint_file
from chris_style.cli.jobs import FileReport
from chris_style.cli.summary import plural
from chris_style.config.settings import Settings
from chris_style.files import UnreadableFile, read_source
from chris_style.guide import Priority
from chris_style.linting.catalog import RuleCatalog
from chris_style.linting.source import SourceFile

logger = logging.getLogger(__name__)

# Fixed entries `--statistics` lists one per line; more are counted, not listed.
MAX_FIXED_LISTED = 30


@dataclass
class BaselineOptions:
    """`--baseline FILE`, `--no-baseline` and `--write-baseline [FILE]` (`write`: None when not writing, "" for
    the configured file)."""

    file: Optional[str] = None
    disabled: bool = False
    write: Optional[str] = None

    @property
    def writing(self) -> bool:
        return self.write is not None

    @property
    def explicit(self) -> Optional[Path]:
        """The file named on the command line, if any: it holds every file's findings."""
        named = self.write or self.file
        return Path(named) if named else None

    def validate(self, watch: bool, diff_from: Optional[str], from_stdin: bool) -> None:
        """Raises BaselineError for options that contradict each other or a badly named file."""
        if self.disabled and (self.writing or self.file):
            raise BaselineError("--no-baseline cannot be combined with --baseline or --write-baseline")
        if self.explicit is not None:
            check_baseline_name(self.explicit)
        if not self.writing:
            return
        conflicts = {"--watch": watch, "--diff-from": diff_from is not None, "`-` (standard input)": from_stdin}
        for name, given in conflicts.items():
            if given:
                raise BaselineError(
                    f"--write-baseline records every finding of the files checked: it cannot be combined with {name}"
                )


@dataclass
class BaselineRun:
    """The baselines of one run of `check`: one per baseline file the files' settings name, each read once."""

    options: BaselineOptions
    settings_for: Callable[[Path], Settings]
    rule_set: RuleCatalog
    floor: Priority
    baselines: Dict[Path, Baseline] = field(default_factory=dict)
    by_path: Dict[Path, Dict[str, List[Entry]]] = field(default_factory=dict)
    # The locations whose file existed when the run read it: their findings are marked new or baselined.
    in_use: Set[Path] = field(default_factory=set)
    fixed: List[Tuple[Path, Entry]] = field(default_factory=list)
    baselined_count: int = 0
    # For --write-baseline: each baseline's files checked, their codes that ran and their current findings; and
    # per baseline, how many findings it did not record yet, and how many of its own are gone.
    checked: Dict[Path, Dict[str, Checked]] = field(default_factory=dict)
    added: Dict[Path, int] = field(default_factory=dict)
    removed: Dict[Path, int] = field(default_factory=dict)

    def _location(self, path: Path) -> Path:
        location = self.options.explicit or baseline_location(self.settings_for(path))
        return Path(os.path.abspath(location))

    def _baseline(self, location: Path) -> Baseline:
        baseline = self.baselines.get(location)
        if baseline is not None:
            return baseline
        if self.options.writing:
            try:
                baseline = read_baseline(location)
            except BaselineError:
                baseline = Baseline(location)  # rewritten from scratch: its entries could not be read
        else:
            baseline = read_baseline(location, must_exist=self.options.explicit is not None)
            if location.exists():
                self.in_use.add(location)
        self.baselines[location] = baseline
        self.by_path[location] = baseline.by_path()
        return baseline

    def _codes_run(self, report: FileReport) -> Set[str]:
        """The codes whose rules ran on the file: an entry of another code was not looked for. On a file that does
        not parse, none ran."""
        if any(violation.code in UNRECORDED_CODES for violation in report.violations):
            return set()
        settings = self.settings_for(report.path)
        crashed = {failure.code for failure in report.failures}
        return {rule.code for rule in self.rule_set.enabled(settings, report.path, self.floor)} - crashed

    @staticmethod
    def _source(report: FileReport) -> Optional[SourceFile]:
        if report.original_text is not None:
            return SourceFile(report.original_text, report.path)
        try:
            return SourceFile(read_source(report.path).text, report.path)
        except UnreadableFile:
            return None

    def _fingerprints(self, report: FileReport) -> Optional[FileFingerprints]:
        if not report.violations:
            return FileFingerprints([], set())
        source = self._source(report)
        return fingerprint_file(source, report.violations) if source is not None else None

    def apply(self, report: FileReport) -> None:
        """Take the findings the baseline records out of the report (or, when writing, record the report's).
        Raises BaselineError for a baseline file that cannot be read."""
        if self.options.disabled or report.error:
            return
        location = self._location(report.path)
        baseline = self._baseline(location)
        relative = baseline.relative_path(report.path)
        if self.options.writing:
            fingerprints = self._fingerprints(report)
            if fingerprints is not None:
                codes_run = self._codes_run(report)
                self.checked.setdefault(location, {})[relative] = Checked(codes_run, entries_of(relative, fingerprints))
                compared = match(relative, self.by_path[location].get(relative, []), fingerprints, codes_run)
                self.added[location] = self.added.get(location, 0) + len(compared.new)
                self.removed[location] = self.removed.get(location, 0) + sum(entry.count for entry in compared.fixed)
            return
        if location not in self.in_use:
            return
        report.baselined = []
        entries = self.by_path[location].get(relative)
        if not entries:
            return
        fingerprints = self._fingerprints(report)
        if fingerprints is None:
            return
        result = match(relative, entries, fingerprints, self._codes_run(report))
        report.violations = result.new
        report.baselined = result.baselined
        self.baselined_count += len(result.baselined)
        self.fixed.extend((location, entry) for entry in result.fixed)

    def finish(self) -> None:
        """After the last report: the entries of files that no longer exist are fixed too."""
        for location in sorted(self.in_use):
            self.fixed.extend((location, entry) for entry in vanished_files(self.baselines[location]))

    def write(self) -> List[str]:
        """Write every baseline the run checked files of; one line each saying what changed. Raises
        BaselineError when one cannot be written."""
        lines = []
        for location, checked in self.checked.items():
            old = self.baselines[location]
            new = rewritten(old, checked)
            write_baseline(new)
            gone = sum(entry.count for entry in vanished_files(old))
            lines.append(
                f"Wrote {plural(new.total, 'finding')} ({plural(len(new.entries), 'entry', 'entries')}) to "
                f"{_display(location)}: {self.added.get(location, 0)} new, "
                f"{self.removed.get(location, 0) + gone} no longer found."
            )
        return lines

    @property
    def fixed_count(self) -> int:
        return sum(entry.count for _, entry in self.fixed)

    def summary_note(self) -> str:
        """What the closing line of `check` adds: findings the baseline hid, and entries that are fixed."""
        if not self.in_use:
            return ""
        note = f" {plural(self.baselined_count, 'baselined finding')} not reported."
        if self.fixed_count:
            note += f" {self.fixed_count} fixed since the baseline (`check --write-baseline` removes them)."
        return note

    def statistics_lines(self) -> List[str]:
        """What `--statistics` adds: the count of baselined findings, and the entries no finding matched."""
        if not self.in_use:
            return []
        lines = [f"{self.baselined_count:>6}  baselined (recorded in the baseline, not reported)"]
        if not self.fixed:
            return lines
        lines.append(f"{self.fixed_count:>6}  fixed since the baseline (`check --write-baseline` removes them):")
        ordered = sorted(self.fixed, key=lambda item: (item[1].key.path, item[1].key.code, item[1].key.scope))
        for _, entry in ordered[:MAX_FIXED_LISTED]:
            key = entry.key
            scope = f" in {key.scope}" if key.scope else ""
            lines.append(f"        {key.path}: {key.code}{scope} ×{entry.count}  {entry.snippet}".rstrip())
        if len(ordered) > MAX_FIXED_LISTED:
            lines.append(f"        … and {len(ordered) - MAX_FIXED_LISTED} more entries")
        return lines


def _display(location: Path) -> str:
    try:
        return location.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(location)
