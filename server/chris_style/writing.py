"""Writing a fixed file back without ever losing it.

A file is replaced in one step: the new content goes to a temporary file in the same directory, is flushed to
the disk, and is renamed over the file; the directory is flushed too. So a run killed at any moment leaves the
old file or the new one, never half of either. Ctrl-C during a replacement takes effect once it is done (see
INTERRUPTS), so an interrupted run leaves no temporary file; one left by a run killed outright (SIGKILL, a power cut) is removed by the next run that writes the file,
which the file still needs: it was not replaced.

What the file was stays what it is: a symbolic link is written through (its target is replaced, the link
stays), the mode bits and, where the user may set them, the owner and group are kept, and a file with several
hard links is not replaced at all (a rename would give this name a new file and leave the other names with
the old content).

Two runs never interleave: writers of one directory take a lock on it (`flock`), and under the lock the file
is compared with what the run read; a file that changed since (an editor saved it, another run fixed it) is
left alone, since the fix was computed from the old text.

No library on PyPI does all of this: `atomicwrites` is archived, `filelock` leaves lock files in the user's
tree; `fcntl.flock` on the directory is one call.
"""

import contextlib
import logging
import os
import secrets
from pathlib import Path
from typing import Callable, Iterator, Optional

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the comparison before the rename still holds
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

# Temporary files are named `.<name>.chris-style-<random>.tmp`: hidden, and recognisably ours.
TEMPORARY_MARK = ".chris-style-"
TEMPORARY_SUFFIX = ".tmp"
# Random characters in a temporary name: enough that two writers never pick the same.
TEMPORARY_TOKEN_BYTES = 6
# The mode of a temporary file until the target's own mode is copied onto it: private meanwhile.
PRIVATE_MODE = 0o600


class _Interrupts:
    """Ctrl-C while a file is being replaced waits until it is whole: the front end's interrupt handler asks
    through stop_when_safe(), and the stop runs at once, or as soon as the replacement is done."""

    def __init__(self) -> None:
        self.replacing = False
        self.pending: Optional[Callable[[], None]] = None

    def stop_when_safe(self, stop: Callable[[], None]) -> None:
        if self.replacing:
            self.pending = stop
        else:
            stop()

    @contextlib.contextmanager
    def replacement(self) -> Iterator[None]:
        self.replacing = True
        try:
            yield
        finally:
            self.replacing = False
            stop, self.pending = self.pending, None
            if stop is not None:
                stop()


INTERRUPTS = _Interrupts()


class NotWritten(Exception):
    """The fixed file was not written, for a reason said in one line; the file is as it was."""


def write_fixed(path: Path, original: bytes, data: bytes) -> Path:
    """Replace the file at `path` (through symbolic links), whose content was `original` when the run read it,
    by `data`. Returns the file written. Raises NotWritten when it must not be replaced, OSError when it
    cannot be."""
    target = Path(os.path.realpath(path))
    status = target.stat()
    if status.st_nlink > 1:
        raise NotWritten(
            f"it has {status.st_nlink} hard links, and replacing it would split them; the file is left as it is"
        )
    with _directory_lock(target.parent):
        _remove_leftovers(target)
        if target.read_bytes() != original:
            raise NotWritten("it changed on disk during the run; the fix was not written (run fix again)")
        _replace(target, data, status)
    return target


def temporary_prefix(target: Path) -> str:
    return f".{target.name}{TEMPORARY_MARK}"


@contextlib.contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on the directory: every writer of a file in it takes the same one."""
    if fcntl is None:
        yield
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _remove_leftovers(target: Path) -> None:
    """Remove the temporary files a killed writer of `target` left. Every writer holds the directory's lock
    while its temporary file exists, so one seen under the lock belongs to no one alive."""
    prefix = temporary_prefix(target)
    for entry in os.scandir(target.parent):
        if entry.name.startswith(prefix) and entry.name.endswith(TEMPORARY_SUFFIX):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                logger.info("removed %s, left by an interrupted run", entry.path)


def _replace(target: Path, data: bytes, status: os.stat_result) -> None:
    directory = target.parent
    temporary = directory / f"{temporary_prefix(target)}{secrets.token_hex(TEMPORARY_TOKEN_BYTES)}{TEMPORARY_SUFFIX}"
    with INTERRUPTS.replacement():
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
                stream.flush()
                _copy_owner_and_mode(stream.fileno(), status)
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        _sync_directory(directory)


def _copy_owner_and_mode(descriptor: int, status: os.stat_result) -> None:
    """The target's owner and group where this user may set them, then its mode bits (a change of owner
    clears the set-user-ID bit, so the mode comes last)."""
    if hasattr(os, "fchown"):
        for owner, group in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
            try:
                os.fchown(descriptor, owner, group)
                break
            except PermissionError:
                continue
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, status.st_mode & 0o7777)


def _sync_directory(directory: Path) -> None:
    """Flush the directory, so that the rename itself survives a power cut."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot flush a directory; the rename is still atomic
    finally:
        os.close(descriptor)
