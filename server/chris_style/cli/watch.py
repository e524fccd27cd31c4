"""`check --watch`: check once, then again whenever a Python file, a `pyproject.toml` or a `.gitignore` under the
paths changes, until interrupted (Ctrl-C). The watcher is watchfiles (Rust's notify: inotify, FSEvents,
ReadDirectoryChangesW), which also batches the events of one save into one change set.

Each re-check walks the paths again (new files are found) and is cheap because of the result cache: only the
files whose bytes changed are linted. A changed `pyproject.toml` makes the run resolve settings again."""

import logging
import signal
from pathlib import Path
from typing import Callable, Iterable, Sequence, Set, Tuple

import watchfiles

from chris_style.cli.summary import plural
from chris_style.config.resolver import CONFIG_FILE_NAME

logger = logging.getLogger(__name__)

# The files whose change can change a result: sources, the configuration, and what the directory walk ignores.
WATCHED_SUFFIXES = (".py",)
WATCHED_NAMES = frozenset({CONFIG_FILE_NAME, ".gitignore"})
# How long the watcher waits before reporting a quiet interval: the first one says it is running.
QUIET_MS = 300
WAITING = "Watching for changes (Ctrl-C stops)."


class SourceFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter (no `.git`, `__pycache__`, virtual environments, editor swap files), narrowed to
    the files that can change a result."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        return super().__call__(change, path) and (name.endswith(WATCHED_SUFFIXES) or name in WATCHED_NAMES)


def describe_changes(changes: Iterable[Tuple[watchfiles.Change, str]]) -> Tuple[str, bool]:
    """A line saying what changed, and whether a configuration file is among the changes."""
    paths: Set[Path] = {Path(path) for _, path in changes}
    config_changed = any(path.name == CONFIG_FILE_NAME for path in paths)
    line = f"{plural(len(paths), 'file')} changed; checking again"
    if config_changed:
        line += " with the settings read anew"
    return line + ".", config_changed


def watch(
    paths: Sequence[Path],
    check_once: Callable[[], int],
    on_config_change: Callable[[], None],
    announce: Callable[[str], None],
) -> None:
    """Run `check_once`, then again after every batch of relevant changes under `paths`; return on Ctrl-C. "Watching"
    is announced once the watcher runs (its first quiet interval), so a change after it is never missed.

    Ctrl-C is how a watch is meant to end, so it ends it normally (status 0) rather than as an interruption (130,
    see entry.py): a watch only checks, and has no file half-written to wait for."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        check_once()
        _watch(paths, check_once, on_config_change, announce)
    except KeyboardInterrupt:
        # Ctrl-C while a check runs (watchfiles handles it while waiting): the same clean stop.
        logger.debug("interrupted")


def _watch(
    paths: Sequence[Path],
    check_once: Callable[[], int],
    on_config_change: Callable[[], None],
    announce: Callable[[str], None],
) -> None:
    waiting = False
    changes_seen = watchfiles.watch(
        *paths, watch_filter=SourceFilter(), raise_interrupt=False, yield_on_timeout=True, rust_timeout=QUIET_MS
    )
    for changes in changes_seen:
        if not changes:
            if not waiting:
                announce(WAITING)
                waiting = True
            continue
        line, config_changed = describe_changes(changes)
        logger.debug("changes: %s", sorted(changes))
        if config_changed:
            on_config_change()
        announce(line)
        check_once()
        waiting = False
