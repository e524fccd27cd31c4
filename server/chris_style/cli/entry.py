"""The `chris-style` program's entry point. Ctrl-C at any moment, even while the tool is still loading its
rules, ends it with one line and status 130, never a traceback. `chris-style lsp`, what editors run, goes
straight to the language server, which answers `initialize` before loading anything else (lsp/fast_start.py)."""

import logging
import signal
import sys
from types import FrameType
from typing import Optional

from chris_style.cli import interrupted
from chris_style.writing import INTERRUPTS

logger = logging.getLogger(__name__)

# The command line of the language server over standard input/output: nothing for click to parse.
LANGUAGE_SERVER_ARGUMENTS = ["lsp"]


def _on_interrupt(signal_number: int, frame: Optional[FrameType]) -> None:
    """Ctrl-C: stop at once, or once the file being written is whole. Python's KeyboardInterrupt is not used:
    raised inside a garbage-collection callback it is only printed, with a traceback, and the run goes on."""
    INTERRUPTS.stop_when_safe(interrupted)


def main() -> None:
    """Run `chris-style`: the language server over standard input/output straight away (`chris-style lsp`), or
    the command line with Ctrl-C handled as said above."""
    if sys.argv[1:] == LANGUAGE_SERVER_ARGUMENTS:
        from chris_style.lsp.fast_start import serve_stdio

        serve_stdio()
        return
    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        from chris_style.cli.app import main as run  # the rules and the parser: most of the start-up time

        run()
    finally:
        # The work is over: a Ctrl-C while the interpreter exits (joining the worker pool's threads) has nothing
        # left to stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
