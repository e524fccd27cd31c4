"""Baselines in the editor: the findings a project's baseline records (`chris-style check --write-baseline`) are
not shown, or shown as hints with the `showBaselined` setting, exactly as `check` matches them
(adoption/baseline.py). Each baseline file is read once, and again when its modification time or size changes;
lint workers ask from their threads."""

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Set, Tuple

if TYPE_CHECKING:
    from chris_style.adoption.baseline import Entry
    from chris_style.config.settings import Settings
    from chris_style.linting.findings import Violation
    from chris_style.linting.source import SourceFile

logger = logging.getLogger(__name__)

# A baseline's entries by file, and the modification time and size of the file they were read from.
Stamp = Tuple[int, int]
Cached = Tuple[Stamp, Dict[str, List["Entry"]], Path]


class BaselineStore:
    """The baseline files of a server's documents, read on demand; a file that is not a baseline is reported
    once (until it changes) and ignored."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._lock = threading.Lock()
        self._files: Dict[Path, Cached] = {}
        self._reported: Set[Tuple[Path, Stamp]] = set()

    def _entries(self, location: Path) -> Optional[Dict[str, List["Entry"]]]:
        from chris_style.adoption.baseline import BaselineError, read_baseline

        try:
            status = location.stat()
        except OSError:
            return None
        stamp = (status.st_mtime_ns, status.st_size)
        with self._lock:
            cached = self._files.get(location)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            entries = read_baseline(location).by_path()
        except BaselineError as error:
            with self._lock:
                first = (location, stamp) not in self._reported
                self._reported.add((location, stamp))
            if first:
                self._report(f"{error} (findings are shown as if there were no baseline)")
            return None
        with self._lock:
            self._files[location] = (stamp, entries, location.parent)
        return entries

    def split(
        self, source: "SourceFile", violations: Sequence["Violation"], settings: "Settings"
    ) -> Tuple[List["Violation"], List["Violation"]]:
        """The violations the document's baseline does not record, and those it does."""
        if source.path is None or not violations:
            return list(violations), []
        from chris_style.adoption.baseline import Baseline, baseline_location, match
        from chris_style.adoption.fingerprints import fingerprint_file

        location = baseline_location(settings)
        entries = self._entries(location)
        relative = Baseline(location).relative_path(Path(source.path))
        if not entries or relative not in entries:
            return list(violations), []
        result = match(relative, entries[relative], fingerprint_file(source, violations), ())
        return result.new, result.baselined

    def forget(self) -> None:
        """A baseline file changed (the client's watcher said so): read them all again."""
        with self._lock:
            self._files.clear()
