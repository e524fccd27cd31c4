"""Settings given above `pyproject.toml`: the command line's options and the editor's settings, applied the same
way by both front ends."""

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from chris_style.config.settings import SELECT_ALL, Settings
from chris_style.guide import Priority

logger = logging.getLogger(__name__)


# DEVIATION(CS902): frozen dataclass
# Reason: overrides are shared by every file of a run and by the server's lint threads.
@dataclass(frozen=True)
class Overrides:
    """An empty `select` leaves the file's in force, a non-empty one replaces it; `extend_select` and `ignore` add
    to the selection in force (as `chris-style check --extend-select`/`--ignore` do); `severity` entries win over
    the file's for their keys; `docs_url` and `fail_on` replace the file's when given.

    `default_floor` is the command line's default `--min-priority`: it narrows only `ALL`, the selection nobody
    made explicitly, to the priorities at or above it (see floor_selection); a rule selected by its code,
    prefix, name, section or priority is reported whatever its priority."""

    select: Tuple[str, ...] = ()
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    severity: Tuple[Tuple[str, str], ...] = ()
    docs_url: Optional[str] = None
    fail_on: Optional[Priority] = None
    # `--fail-on never`: no finding makes `check` fail (the file's `fail-on` becomes None).
    fail_never: bool = False
    default_floor: Optional[Priority] = None

    def apply(self, settings: Settings) -> Settings:
        """`settings` (from defaults and pyproject.toml) with these overrides on top."""
        changes: Dict[str, Any] = {}
        select = (self.select or settings.select) + self.extend_select
        if self.default_floor is not None:
            select = floor_selection(select, self.default_floor)
        if select != settings.select:
            changes["select"] = select
        if self.ignore:
            changes["ignore"] = settings.ignore + self.ignore
        if self.severity:
            changes["severity"] = tuple({**dict(settings.severity), **dict(self.severity)}.items())
        if self.docs_url is not None:
            changes["docs_url"] = self.docs_url
        if self.fail_on is not None:
            changes["fail_on"] = self.fail_on
        elif self.fail_never and settings.fail_on is not None:
            changes["fail_on"] = None
        return dataclasses.replace(settings, **changes) if changes else settings


def floor_selection(select: Tuple[str, ...], floor: Priority) -> Tuple[str, ...]:
    """`select` with `ALL` narrowed to the priorities at or above `floor`; explicit entries are kept as they are."""
    floored = tuple(priority.name for priority in sorted(Priority, reverse=True) if priority >= floor)
    narrowed = [entry for selector in select for entry in (floored if selector == SELECT_ALL else (selector,))]
    return tuple(dict.fromkeys(narrowed))
