"""The command line: the `chris-style` commands (app.py), the job runner that checks and fixes files (jobs.py),
and the output formats (reporting/)."""

import os
import sys
from typing import NoReturn

# Ended by Ctrl-C (SIGINT): the shells' convention, 128 + the signal's number.
EXIT_INTERRUPTED = 130
# Files are replaced whole (see writing.py): an interrupted fix leaves each one old or new.
INTERRUPTED_MESSAGE = "chris-style: interrupted; every file is either as it was or fully fixed\n"


def interrupted() -> NoReturn:
    """End the program at once after Ctrl-C, with one line and status 130. Nothing is left to clean up: only
    this process writes files, each whole (the interrupt waits for the one being written, see entry.py), and
    worker processes exit when it is gone; an orderly exit would wait for them."""
    sys.stdout.flush()
    sys.stderr.write(INTERRUPTED_MESSAGE)
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)
