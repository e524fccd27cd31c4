"""The command line: the `chris-style` commands (app.py), the job runner that checks and fixes files (jobs.py),
and the output formats (reporting/)."""
