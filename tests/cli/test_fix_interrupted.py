"""`chris-style fix` killed at random moments (SIGKILL, SIGINT) leaves every file either as it was or fully
fixed; two runs on one tree at once give what one run gives; a killed run's workers write nothing.

The rounds are few in the suite; `CHRIS_STYLE_KILL_ROUNDS=20 pytest tests/cli/test_fix_interrupted.py -rP` runs
more by hand (docs/reliability.md gives the figures of such a run).
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Set

import pytest

from chris_style.writing import TEMPORARY_MARK
from tests.conftest import CLI_TIMEOUT_SECONDS

# Rounds per signal in the suite (the first while loading, the next amid the writes): each costs a run or two
# of `fix` over the tree (2-3 s each on a 2-core machine).
KILL_ROUNDS = int(os.environ.get("CHRIS_STYLE_KILL_ROUNDS", "2"))
# Enough files for two worker processes (8 files per task) and a run long enough to be killed in the middle.
FILES = 24
FUNCTIONS_PER_FILE = 30
# The moments are random, but the same from one run of the suite to the next.
SEED = 14
# How long killed workers may take to notice and exit.
WORKER_EXIT_SECONDS = 30.0
POLL_SECONDS = 0.005
# The first round's kill comes within this many seconds of the start, while the tool still loads.
STARTUP_SECONDS = 0.8
# After the chosen number of writes, the kill waits up to this long: the next write is then at any stage.
JITTER_SECONDS = 0.02


def _module(index: int) -> str:
    functions = "".join(f"\n\ndef run_{index}_{number}(command):\n    return None\n" for number in range(FUNCTIONS_PER_FILE))
    return "import yaml\nimport os\n" + functions


def _make_tree(root: Path) -> Dict[str, bytes]:
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.chris-style]\n", encoding="utf-8")
    for index in range(FILES):
        (root / f"module_{index:02d}.py").write_text(_module(index), encoding="utf-8")
    return _snapshot(root)


def _snapshot(root: Path) -> Dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(root.iterdir())}


def _fix_command(root: Path) -> List[str]:
    return [sys.executable, "-m", "chris_style", "fix", str(root), "--no-cache", "--jobs", "2"]


@pytest.fixture(scope="module")
def fixed_tree(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, bytes]:
    """What one uninterrupted run makes of the tree; every module of it is written by the run, or the kill
    tests would prove nothing."""
    reference = tmp_path_factory.mktemp("reference") / "tree"
    old = _make_tree(reference)
    subprocess.run(_fix_command(reference), capture_output=True, timeout=CLI_TIMEOUT_SECONDS, check=False)
    new = _snapshot(reference)
    assert [] == [name for name in old if name.endswith(".py") and old[name] == new[name]]
    return new


def _identities(root: Path) -> Dict[str, int]:
    """Each module's inode: a write replaces the file, so its inode changes."""
    return {entry.name: entry.inode() for entry in os.scandir(root) if entry.name.endswith(".py")}


def _wait_for_writes(root: Path, count: int, process: "subprocess.Popen[bytes]") -> None:
    """Wait until the run has replaced `count` modules (or has ended)."""
    before = _identities(root)
    while process.poll() is None:
        now = _identities(root)
        if sum(now.get(name) != inode for name, inode in before.items()) >= count:
            return
        time.sleep(POLL_SECONDS)


def _states(root: Path, old: Dict[str, bytes], new: Dict[str, bytes]) -> Set[str]:
    """How each file of the tree stands: "old", "new", or "other" (half-written, or something else); temporary
    files are counted apart."""
    now = {name: content for name, content in _snapshot(root).items() if TEMPORARY_MARK not in name}
    states = set()
    for name in set(old) | set(now):
        content = now.get(name)
        states.add("old" if content == old.get(name) else "new" if content == new.get(name) else f"other:{name}")
    return states


@pytest.mark.slow
@pytest.mark.parametrize("kill_signal", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_WHEN_fix_is_killed_at_random_moments_THEN_every_file_is_old_or_new_AND_no_temporary_file_stays(
    tmp_path: Path, kill_signal: signal.Signals, fixed_tree: Dict[str, bytes]
) -> None:
    new = fixed_tree
    chooser = random.Random(f"{SEED}-{kill_signal.name}")
    seen: List[Set[str]] = []
    leftovers = 0
    for round_number in range(KILL_ROUNDS):
        root = tmp_path / f"round-{round_number}"
        old = _make_tree(root)
        process = subprocess.Popen(_fix_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if round_number == 0:
            # While it loads and lints: nothing is written yet, and Ctrl-C must still end it cleanly.
            time.sleep(chooser.uniform(0, STARTUP_SECONDS))
        else:
            # Once a random number of files are written, a random few milliseconds later: amid the writes,
            # whatever the machine's speed.
            _wait_for_writes(root, chooser.randint(1, FILES - 1), process)
            time.sleep(chooser.uniform(0, JITTER_SECONDS))
        process.send_signal(kill_signal)
        _, stderr = process.communicate(timeout=CLI_TIMEOUT_SECONDS)
        temporary = [name for name in os.listdir(root) if TEMPORARY_MARK in name]
        leftovers += len(temporary)
        seen.append(_states(root, old, new))
        if kill_signal == signal.SIGINT:
            # Ctrl-C at any moment, loading included, ends the run with one line and removes its temporary file.
            assert ("", []) == (stderr.decode("utf-8", "replace") if b"Traceback" in stderr else "", temporary)
        else:
            # A run afterwards finishes the job, and any temporary file the killed run left is gone with it.
            subprocess.run(_fix_command(root), capture_output=True, timeout=CLI_TIMEOUT_SECONDS, check=False)
            assert new == _snapshot(root)
    assert [] == [states for states in seen if not states <= {"old", "new"}]
    # The figures docs/reliability.md quotes (shown with `pytest -rP`).
    print(f"{kill_signal.name}: {KILL_ROUNDS} rounds: {sum(states == {'old'} for states in seen)} before any write, "
          f"{sum(states == {'old', 'new'} for states in seen)} in the middle, {sum(states == {'new'} for states in seen)}"
          f" after the last; {leftovers} temporary files left (each removed by the next run)")


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    _make_tree(root)
    return root


@pytest.mark.slow
def test_WHEN_two_fix_runs_share_a_tree_THEN_the_tree_is_what_one_run_makes_of_it(
    tmp_path: Path, fixed_tree: Dict[str, bytes]
) -> None:
    new = fixed_tree
    root = _copy(tmp_path, "shared")
    first = subprocess.Popen(_fix_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    second = subprocess.Popen(_fix_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    outputs = [process.communicate(timeout=CLI_TIMEOUT_SECONDS)[1] for process in (first, second)]
    # Whichever run comes second to a file finds it changed and leaves it: never half of each.
    refused = [line for output in outputs for line in output.decode("utf-8").splitlines() if "not written" in line]
    assert new == _snapshot(root)
    assert [] == [line for line in refused if "changed on disk during the run" not in line]


def _children(pid: int) -> List[int]:
    found: List[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_WHEN_the_main_process_is_killed_THEN_its_workers_write_nothing_AND_exit(tmp_path: Path) -> None:
    root = _copy(tmp_path, "tree")
    process = subprocess.Popen(_fix_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: List[int] = []
    deadline = time.monotonic() + CLI_TIMEOUT_SECONDS
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(POLL_SECONDS)
    process.kill()
    process.wait(timeout=CLI_TIMEOUT_SECONDS)
    at_kill = _snapshot(root)
    deadline = time.monotonic() + WORKER_EXIT_SECONDS
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert (True, [], at_kill) == (len(workers) > 0, alive, _snapshot(root))
