"""The peer tools the benchmark compares chris-style with (Fixit, Ruff), in a scratch virtualenv outside the repository.

The peers are pinned so that numbers compare across runs, and live in their own environment so that their
dependencies (Fixit's pygls, for one) never touch the project's. The environment is made once, under the
temporary directory, and reused while it holds the pinned versions.
"""

import json
import logging
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

logger = logging.getLogger(__name__)

# The versions the performance issue measured; `fixit[lsp]` brings the pygls its `fixit lsp` needs.
FIXIT_VERSION = "2.2.1"
RUFF_VERSION = "0.17.6"
REQUIREMENTS = (f"fixit[lsp]=={FIXIT_VERSION}", f"ruff=={RUFF_VERSION}")
# Outside the repository (nothing of it is committed or linted), named so that a second run finds it.
DEFAULT_VENV = Path(tempfile.gettempdir()) / "chris-style-benchmark-peers"
# Answers what is installed: the versions of the pinned distributions, or null for a missing one.
VERSION_PROBE = (
    "import importlib.metadata as m, json\n"
    "def version(name):\n"
    "    try:\n"
    "        return m.version(name)\n"
    "    except m.PackageNotFoundError:\n"
    "        return None\n"
    "print(json.dumps({name: version(name) for name in ('fixit', 'ruff', 'pygls')}))\n"
)
# pip resolving and installing three packages from the local mirror takes seconds; a hang is a broken mirror.
INSTALL_TIMEOUT_SECONDS = 600


class PeerSetupError(RuntimeError):
    """The scratch environment could not be made or the peers could not be installed."""


@dataclass
class Peers:
    """Where the peers' commands are."""

    venv: Path
    fixit: Path
    ruff: Path
    versions: Dict[str, Optional[str]]


def bin_dir(venv: Path) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin")


def installed_versions(venv: Path) -> Dict[str, Optional[str]]:
    """The versions of fixit, ruff and pygls in `venv`, or an empty dict when it has no working Python."""
    python = bin_dir(venv) / "python"
    if not python.exists():
        return {}
    completed = subprocess.run([str(python), "-c", VERSION_PROBE], capture_output=True, text=True, check=False)
    if completed.returncode:
        return {}
    return json.loads(completed.stdout)


def is_ready(versions: Dict[str, Optional[str]]) -> bool:
    pinned = versions.get("fixit") == FIXIT_VERSION and versions.get("ruff") == RUFF_VERSION
    return pinned and bool(versions.get("pygls"))


def ensure_peers(venv: Path = DEFAULT_VENV) -> Peers:
    """Make the scratch environment and install the pinned peers, unless they are already there."""
    versions = installed_versions(venv)
    if not is_ready(versions):
        sys.stderr.write(f"installing {' '.join(REQUIREMENTS)} into {venv} ...\n")
        if not (bin_dir(venv) / "python").exists():
            run_setup([sys.executable, "-m", "venv", str(venv)])
        run_setup([str(bin_dir(venv) / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                   *REQUIREMENTS])
        versions = installed_versions(venv)
        if not is_ready(versions):
            raise PeerSetupError(f"{venv} still lacks the pinned peers after pip install: {versions}")
    return Peers(venv, bin_dir(venv) / "fixit", bin_dir(venv) / "ruff", versions)


def run_setup(command: list) -> None:
    """Run one set-up command; its failure is one line naming the command, pip's own output above it."""
    try:
        subprocess.run(command, check=True, timeout=INSTALL_TIMEOUT_SECONDS)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        raise PeerSetupError(f"`{' '.join(command)}` failed: {error}") from error
