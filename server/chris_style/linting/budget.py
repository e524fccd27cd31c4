"""A time budget for checking or fixing one file: past it, the work stops with OverBudget, which the front ends
turn into one clear message for that file (`file-time-budget`), so no file can hold a run or an editor
forever.

The budget is kept per thread (the language server lints two documents at once) and checked where the engine
can stop cleanly: every few hundred nodes of a traversal, after a parse, and between fix rounds. Native code
(libcst's parser) is not interrupted; the code that would keep it busy longest is refused before parsing
(guard.py), and the rest of a parse is linear in the file's size, which `max-file-size` bounds.
"""

import contextlib
import logging
import threading
import time
from typing import Iterator, Optional

logger = logging.getLogger(__name__)

_state = threading.local()


class OverBudget(Exception):
    """The file's time budget ran out; the message says so in one line."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"it took longer than {seconds:g} s (the `file-time-budget` setting)")
        self.seconds = seconds


@contextlib.contextmanager
def time_budget(seconds: Optional[float]) -> Iterator[None]:
    """Within the block, check() raises OverBudget once `seconds` have passed (no budget: None)."""
    previous = getattr(_state, "budget", None)
    _state.budget = (time.monotonic() + seconds, seconds) if seconds is not None else None
    try:
        yield
    finally:
        _state.budget = previous


def check() -> None:
    """Raise OverBudget when the current thread's budget ran out; free when there is none."""
    budget = getattr(_state, "budget", None)
    if budget is not None and time.monotonic() > budget[0]:
        raise OverBudget(budget[1])
