"""Run `chris-style` under audit hooks (PEP 578) that record what it does to the world: every file opened,
every network call, and every module or code object that comes from the project being checked. Used as
`python tests/security/guarded.py REPORT.json -- <chris-style arguments>`; the report is written at exit.

A network call is refused outright (the hook raises), so a test fails however the tool reacts to it.
"""

import atexit
import json
import os
import sys
from typing import Any, Dict, List, Tuple

# The audit events of a network connection (PEP 578 and the socket module's own).
NETWORK_EVENTS = ("socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
                  "urllib.Request", "http.client.connect")
# Where code must never come from: the directory checked (set from the environment by the test).
PROJECT = os.path.realpath(os.environ["CHRIS_STYLE_GUARDED_PROJECT"])

report: Dict[str, List[Any]] = {"opened": [], "network": [], "project_code": []}
# Set once the run is over: writing the report itself is not the tool's doing.
finished: List[bool] = []


def _from_project(path: Any) -> bool:
    """Whether a file name is one of the project's (names like `<string>` are not files)."""
    return isinstance(path, str) and os.path.isabs(path) and os.path.realpath(path).startswith(PROJECT + os.sep)


def hook(event: str, args: Tuple[Any, ...]) -> None:
    if finished:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        path = os.fsdecode(args[0])
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
        report["opened"].append([os.path.realpath(path), mode])
    elif event in NETWORK_EVENTS:
        report["network"].append([event, repr(args)[:200]])
        raise PermissionError(f"network access refused under test: {event}")
    elif event == "exec" and args and _from_project(getattr(args[0], "co_filename", None)):
        report["project_code"].append(["exec", args[0].co_filename])
    elif event == "import" and len(args) > 1 and _from_project(args[1]):
        report["project_code"].append(["import", args[1]])
    elif event == "compile" and len(args) > 1 and _from_project(args[1]):
        report["project_code"].append(["compile", args[1]])


def _write_report(path: str) -> None:
    finished.append(True)
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(report, stream)


def main() -> None:
    report_path = sys.argv[1]
    arguments = sys.argv[sys.argv.index("--") + 1 :]
    atexit.register(_write_report, report_path)
    sys.addaudithook(hook)
    sys.argv = ["chris-style", *arguments]
    from chris_style.cli.entry import main as chris_style

    chris_style()


if __name__ == "__main__":
    main()
