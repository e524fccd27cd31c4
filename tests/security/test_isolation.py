"""The tool never runs the code it checks, opens no network connection, and reads only the files it is given
and the configuration files above them, whatever the project plants or its configuration says. The CLI and
the language server run under audit hooks (guarded.py) in a project full of modules that would leave a
marker file if anything imported or executed them."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from tests.conftest import CLI_TIMEOUT_SECONDS, REPOSITORY_ROOT
from tests.lsp.raw_client import RawClient

GUARDED = Path(__file__).resolve().parent / "guarded.py"
MARKER = "PLANTED_CODE_RAN"
# Each would leave the marker if imported or run: names a careless tool or its libraries would import from
# the working directory, and the files a build or test tool would run.
HIJACKERS = ("json.py", "click.py", "pathspec.py", "sitecustomize.py", "conftest.py", "setup.py", "evil.py",
             "libcst/__init__.py", "chris_style/__init__.py", "package/__init__.py")
# A file outside the project that a configuration value names; it must never be opened.
SECRET = "secret.txt"
CONFIG = """[tool.chris-style]
exclude = ["../outside/*", "/etc/*"]
known-first-party = ["../outside"]
docs-url = "https://example.com/docs"
[tool.chris-style.per-file-ignores]
"../outside/secret.txt" = ["CS202"]
"""


def _plant(root: Path) -> Path:
    project = root / "project"
    for name in HIJACKERS:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"import pathlib\npathlib.Path(__file__).parent.joinpath({MARKER!r}).write_text('ran')\n"
                        "def run(command):\n    return None\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (project / ".gitignore").write_text("*.log\n", encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    (outside / SECRET).write_text("nobody reads this", encoding="utf-8")
    return project


def _environment(project: Path) -> Dict[str, str]:
    return {**os.environ, "CHRIS_STYLE_GUARDED_PROJECT": str(project)}


def _allowed(path: str, project: Path) -> bool:
    """Files any run may open: Python's and the tool's own, system files, the project's, and the
    configuration files of the directories above it."""
    if path.startswith((sys.prefix, sys.base_prefix, str(REPOSITORY_ROOT / "server"), "/dev/", "/proc/", "/sys/")):
        return True
    if path == str(project) or path.startswith(str(project) + os.sep):
        return True
    parent, name = os.path.split(path)
    return name in ("pyproject.toml", ".gitignore", ".git") and str(project).startswith(parent)


def _findings(report: Dict[str, List[Any]], project: Path) -> Dict[str, List[Any]]:
    return {
        "network": report["network"],
        "project code run": report["project_code"],
        "files opened outside": sorted({path for path, _ in report["opened"] if not _allowed(path, project)}),
        "files written outside the project": sorted({
            path for path, mode in report["opened"]
            if any(flag in mode for flag in "wax+") and not path.startswith(str(project) + os.sep)
        }),
    }


def _clean() -> Dict[str, List[Any]]:
    return {"network": [], "project code run": [], "files opened outside": [], "files written outside the project": []}


@pytest.mark.parametrize("command", [["check", "."], ["fix", "."], ["fix", ".", "--unsafe-fixes"]],
                         ids=["check", "fix", "fix-unsafe"])
def test_WHEN_the_cli_checks_a_planted_project_THEN_nothing_of_it_runs_AND_no_network_AND_nothing_read_outside(
    tmp_path: Path, command: List[str]
) -> None:
    project = _plant(tmp_path)
    report_path = tmp_path / "report.json"
    completed = subprocess.run(
        [sys.executable, str(GUARDED), str(report_path), "--", *command, "--no-cache", "--jobs", "1"],
        cwd=project, env=_environment(project), capture_output=True, timeout=CLI_TIMEOUT_SECONDS, check=False,
    )
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (_clean(), False, 1) == (
        _findings(report, project), (project / MARKER).exists(), completed.returncode
    ), completed.stderr.decode("utf-8", "replace")[-2000:]


def test_WHEN_the_server_works_in_a_planted_project_THEN_nothing_of_it_runs_AND_no_network_AND_nothing_read_outside(
    tmp_path: Path,
) -> None:
    project = _plant(tmp_path)
    report_path = tmp_path / "report.json"
    client = RawClient(project, [sys.executable, str(GUARDED), str(report_path), "--", "lsp"], _environment(project))
    try:
        client.initialize(project)
        for name in ("evil.py", "json.py", "package/__init__.py"):
            uri = (project / name).as_uri()
            text = (project / name).read_text(encoding="utf-8")
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                                    "text": text}})
            whole = {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}
            client.response(client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                                  "position": {"line": 2, "character": 4}}))
            client.response(client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": [], "only": ["source"]},
            }))
        client.response(client.request("shutdown"))
        client.notify("exit")
        status = client.exit_code()
    finally:
        client.close()
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (_clean(), False, 0) == (_findings(report, project), (project / MARKER).exists(), status)
