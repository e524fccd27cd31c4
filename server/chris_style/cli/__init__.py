"""The command line: the `chris-style` commands (app.py), the job runner that checks and fixes files (jobs.py),
and the output formats (reporting/)."""

# Ended by Ctrl-C (SIGINT): the shells' convention, 128 + the signal's number.
EXIT_INTERRUPTED = 130
# Files are replaced whole (see writing.py): an interrupted fix leaves each one old or new.
INTERRUPTED_MESSAGE = "chris-style: interrupted; every file is either as it was or fully fixed\n"
