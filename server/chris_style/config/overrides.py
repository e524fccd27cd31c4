"""Settings given above `pyproject.toml`: the command line's options and the editor's settings, applied the same
way by both front ends."""

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from chris_style.config.settings import Settings
from chris_style.guide import Priority

logger = logging.getLogger(__name__)


# DEVIATION(CS902): frozen dataclass
# Reason: overrides are shared by every file of a run and by the server's lint threads.
@dataclass(frozen=True)
class Overrides:
    """An empty `select` leaves the file's in force, a non-empty one replaces it; `ignore` adds to the file's
    (as `chris-style check --ignore` does); `severity` entries win over the file's for their keys; `docs_url`
    and `fail_on` replace the file's when given."""

    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    severity: Tuple[Tuple[str, str], ...] = ()
    docs_url: Optional[str] = None
    fail_on: Optional[Priority] = None

    def apply(self, settings: Settings) -> Settings:
        """`settings` (from defaults and pyproject.toml) with these overrides on top."""
        changes: Dict[str, Any] = {}
        if self.select:
            changes["select"] = self.select
        if self.ignore:
            changes["ignore"] = settings.ignore + self.ignore
        if self.severity:
            changes["severity"] = tuple({**dict(settings.severity), **dict(self.severity)}.items())
        if self.docs_url is not None:
            changes["docs_url"] = self.docs_url
        if self.fail_on is not None:
            changes["fail_on"] = self.fail_on
        return dataclasses.replace(settings, **changes) if changes else settings
