"""Which rules a run reports: the command line's selection options over each file's configuration.

The default `--min-priority` (PREFERRED) narrows only the selection nobody made explicitly (`ALL`, the default
`select`): a rule selected by its code, a code prefix, its name, its section or its priority, on the command line
or in `pyproject.toml`, is reported whatever its priority. A `--min-priority` given on the command line applies to
every rule; when it hides all the rules of a selector, the run says so (hidden_selection_warnings)."""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from chris_style.config.keys import selectors
from chris_style.config.overrides import Overrides
from chris_style.config.resolver import SettingsResolver
from chris_style.config.settings import SELECT_ALL, Settings
from chris_style.guide import Priority
from chris_style.linting.catalog import RuleCatalog, selector_matches

logger = logging.getLogger(__name__)

# The floor for rules selected only by `ALL`, when `--min-priority` is not given.
DEFAULT_MIN_PRIORITY = Priority.PREFERRED


def parse_selectors(option: str, values: Sequence[str], rules: RuleCatalog) -> Tuple[str, ...]:
    """Comma-separated selectors of a repeatable option, normalized; ValueError naming the option and the entry."""
    entries = [entry.strip() for value in values for entry in value.split(",") if entry.strip()]
    return selectors(option, entries, rules.vocabulary)


# DEVIATION(CS902): frozen dataclass
# Reason: one selection is shared by every file of a run and every re-check of `--watch`.
@dataclass(frozen=True)
class Selection:
    """The selection options of `check` and `fix`, parsed."""

    select: Tuple[str, ...] = ()
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    # None: not given, DEFAULT_MIN_PRIORITY applies to `ALL` only.
    min_priority: Optional[Priority] = None
    fail_on: Optional[Priority] = None
    # `--fail-on never`.
    fail_never: bool = False

    @property
    def overrides(self) -> Overrides:
        floor = None if self.min_priority is not None else DEFAULT_MIN_PRIORITY
        return Overrides(
            select=self.select,
            extend_select=self.extend_select,
            ignore=self.ignore,
            fail_on=self.fail_on,
            fail_never=self.fail_never,
            default_floor=floor,
        )

    @property
    def engine_floor(self) -> Priority:
        """The floor handed to the engine: the one given on the command line, else none (the default floor is
        already in each file's `select`, see Overrides.default_floor)."""
        return self.min_priority if self.min_priority is not None else Priority.OBSERVED


class FileSettings:
    """Each file's settings: the run's one resolver (defaults < nearest pyproject.toml) with the command line's
    options on top."""

    def __init__(self, selection: Selection, rules: RuleCatalog) -> None:
        self.resolver = SettingsResolver(rules.vocabulary)
        self.overrides = selection.overrides
        # Path -> its settings: a run asks for a file's several times (its job, its exclusion, its baseline), and
        # each answer resolves paths on disk.
        self._known: Dict[Path, Settings] = {}

    def for_path(self, path: Path) -> Settings:
        found = self._known.get(path)
        if found is None:
            found = self._known[path] = self.resolver.settings_for(path, self.overrides)
        return found

    def clear(self) -> None:
        """Forget every file's settings (a config file was created, changed or deleted)."""
        self._known.clear()
        self.resolver.clear()

    def is_excluded(self, path: Path) -> bool:
        return self.for_path(path).is_excluded(path)


def hidden_selection_warnings(
    settings: Iterable[Settings], min_priority: Optional[Priority], rules: RuleCatalog
) -> List[str]:
    """One warning per explicit selector all of whose rules a `--min-priority` given on the command line hides."""
    if min_priority is None:
        return []
    warnings: List[str] = []
    for selector in dict.fromkeys(entry for each in settings for entry in each.select if entry != SELECT_ALL):
        named = [rule for rule in rules if selector_matches(selector, rule)]
        if named and all(rule.priority < min_priority for rule in named):
            warnings.append(
                f"`{selector}` selects only rules below --min-priority {min_priority.name}: none of them is reported"
            )
    return warnings
