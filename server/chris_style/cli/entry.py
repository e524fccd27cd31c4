"""The `chris-style` program's entry point. Ctrl-C at any moment, even while the tool is still loading its
rules, ends it with one line and status 130, never a traceback."""

import logging
import signal

from chris_style.cli import interrupted

logger = logging.getLogger(__name__)


def main() -> None:
    try:
        from chris_style.cli.app import main as run  # the rules and the parser: most of the start-up time

        run()
    except KeyboardInterrupt:
        interrupted()
    finally:
        # The work is over: a Ctrl-C while the interpreter exits (joining the worker pool's threads) has nothing
        # left to stop, and would only print a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
