"""The `chris-style` program's entry point. Ctrl-C at any moment, even while the tool is still loading its
rules, ends it with one line and status 130, never a traceback."""

import logging
import signal
from types import FrameType
from typing import Optional

from chris_style.cli import interrupted
from chris_style.writing import INTERRUPTS

logger = logging.getLogger(__name__)


def _on_interrupt(signal_number: int, frame: Optional[FrameType]) -> None:
    """Ctrl-C: stop at once, or once the file being written is whole. Python's KeyboardInterrupt is not used:
    raised inside a garbage-collection callback it is only printed, with a traceback, and the run goes on."""
    INTERRUPTS.stop_when_safe(interrupted)


def main() -> None:
    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        from chris_style.cli.app import main as run  # the rules and the parser: most of the start-up time

        run()
    finally:
        # The work is over: a Ctrl-C while the interpreter exits (joining the worker pool's threads) has nothing
        # left to stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
