"""Every install command the docs give works from a fresh clone of this repository.

The commands are read from the pages' code (fenced blocks and inline code, workflow `run:` steps included), each
must be one of the known forms below (an unknown one fails the test, naming its page: nothing is skipped), and each
form is run as the page writes it, in a new virtual environment (pip's cache is reused), with the clone's URL in
place of the placeholder `https://example.org/your-mirror/chris-style`. The installed `chris-style` must then run.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

from tests.conftest import REPOSITORY_ROOT

# Where users get the repository from, as the docs write it (the test puts a fresh clone there).
REPOSITORY_PLACEHOLDER = "https://example.org/your-mirror/chris-style"
PAGES = sorted(
    [REPOSITORY_ROOT / "README.md", REPOSITORY_ROOT / "vscode-extension" / "README.md"]
    + [page for page in (REPOSITORY_ROOT / "docs").rglob("*.md") if "rules" not in page.parts]
)
FENCED = re.compile(r"^\s*```[\w-]*\n(.*?)^\s*```", re.S | re.M)
INLINE = re.compile(r"`([^`\n]+)`")
INSTALL = re.compile(r"\b(pipx|pip) install\b")
# Each form a command may take, and where it runs: in the clone (`-e .`) or beside it (`./chris-style`).
FORMS: Tuple[Tuple[str, "re.Pattern[str]", str], ...] = (
    ("pip from a clone", re.compile(r"^python3? -m pip install \./chris-style$"), "beside"),
    ("pipx from a clone", re.compile(r"^pipx install \./chris-style$"), "beside"),
    ("pip from git", re.compile(rf'^python3? -m pip install "git\+{re.escape(REPOSITORY_PLACEHOLDER)}"$'), "beside"),
    ("editable, for development", re.compile(r"^(\.venv/bin/)?pip install -e \.$"), "in"),
    ("editable with the docs tools", re.compile(r"^(\.venv/bin/)?pip install -e '\.\[docs\]'$"), "in"),
)
# One install with its dependencies takes a minute at most from pip's cache; a hang must not stall the suite.
INSTALL_TIMEOUT_SECONDS = 900
RUN_TIMEOUT_SECONDS = 120


def _code_lines(text: str) -> Iterator[str]:
    for block in FENCED.findall(text):
        yield from block.splitlines()
    for span in INLINE.findall(FENCED.sub("", text)):
        yield span


def _commands_in(line: str) -> Iterator[str]:
    """The install commands of one line: a workflow's `- run:` prefix and a trailing comment dropped, `&&` split."""
    line = re.sub(r"^\s*-?\s*run:\s*", "", line)
    line = re.split(r"\s+#\s", line, maxsplit=1)[0]
    for part in line.split("&&"):
        if INSTALL.search(part):
            yield part.strip()


def doc_install_commands() -> Dict[str, List[str]]:
    """Command -> the pages that give it."""
    found: Dict[str, List[str]] = {}
    for page in PAGES:
        for line in _code_lines(page.read_text(encoding="utf-8")):
            for command in _commands_in(line):
                found.setdefault(command, []).append(str(page.relative_to(REPOSITORY_ROOT)))
    return found


def _form_of(command: str) -> str:
    return next((name for name, pattern, _ in FORMS if pattern.match(command)), "")


def test_WHEN_docs_are_read_THEN_every_install_command_has_a_known_form() -> None:
    commands = doc_install_commands()
    unknown = {command: pages for command, pages in commands.items() if not _form_of(command)}
    assert {} == unknown
    assert {"pip from a clone", "pipx from a clone", "pip from git"} <= {_form_of(command) for command in commands}


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository's committed state, named as the docs name it, in a directory of its own."""
    clone = tmp_path_factory.mktemp("install") / "chris-style"
    subprocess.run(
        ["git", "clone", "--quiet", str(REPOSITORY_ROOT), str(clone)],
        check=True,
        capture_output=True,
        timeout=RUN_TIMEOUT_SECONDS,
    )
    return clone


def _one_command_per_form() -> List[Tuple[str, str]]:
    chosen: Dict[str, str] = {}
    for command in sorted(doc_install_commands()):
        form = _form_of(command)
        if form:
            chosen.setdefault(form, command)
    return sorted(chosen.items())


INSTALL_CASES = _one_command_per_form()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed: no fresh clone to install from")
@pytest.mark.parametrize(("form", "command"), INSTALL_CASES, ids=[form for form, _ in INSTALL_CASES])
def test_WHEN_docs_install_command_run_on_fresh_clone_THEN_chris_style_runs(
    form: str, command: str, fresh_clone: Path, tmp_path: Path
) -> None:
    where = next(place for name, _, place in FORMS if name == form)
    cwd = fresh_clone if where == "in" else fresh_clone.parent
    environment = tmp_path / "env"
    bin_dir = tmp_path / "bin"
    if not command.startswith(".venv/"):
        subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True, timeout=RUN_TIMEOUT_SECONDS)
    env = {
        **os.environ,
        # `python`, `pip` and `pipx` as a user's shell finds them: the new environment first, then this one's pipx.
        "PATH": os.pathsep.join([str(environment / "bin"), str(Path(sys.executable).parent), os.environ["PATH"]]),
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(bin_dir),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    shell_command = command.replace(REPOSITORY_PLACEHOLDER, fresh_clone.as_uri())
    if command.startswith(".venv/"):
        shell_command = f"{sys.executable} -m venv .venv && {shell_command}"
    installed = subprocess.run(
        ["bash", "-c", shell_command], cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS
    )
    assert 0 == installed.returncode, installed.stdout[-2000:] + installed.stderr[-2000:]
    candidates = [bin_dir, environment / "bin", fresh_clone / ".venv" / "bin"]
    program = next(directory / "chris-style" for directory in candidates if (directory / "chris-style").exists())
    version = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS)
    assert (0, "chris-style, version") == (version.returncode, version.stdout[: len("chris-style, version")])
