"""The `chris-style` program's entry point. Ctrl-C at any moment, even while the tool is still loading its
rules, ends it with one line and status 130, never a traceback."""

import logging
import sys

from chris_style.cli import EXIT_INTERRUPTED, INTERRUPTED_MESSAGE

logger = logging.getLogger(__name__)


def main() -> None:
    try:
        from chris_style.cli.app import main as run  # the rules and the parser: most of the start-up time

        run()
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED_MESSAGE)
        sys.exit(EXIT_INTERRUPTED)
