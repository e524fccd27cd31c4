"""The lines changed since a git revision, for `check --diff-from REV`: git itself is asked. The working tree
(staged or not) is compared with the point where the current branch left REV (`git merge-base REV HEAD`, which
is REV itself when HEAD descends from it), so that what REV gained since is not taken for this branch's
changes; files git does not track yet count as changed throughout. Only added and modified lines count: a
finding that a deletion elsewhere caused is not on a changed line."""

import codecs
import logging
import re
import subprocess
from pathlib import Path
from typing import Dict, Optional, Sequence, Set

logger = logging.getLogger(__name__)

# `@@ -12,3 +14,5 @@`: the new side starts at line 14 and has 5 lines (1 when the count is left out).
HUNK_PATTERN = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")
NEW_FILE_PREFIX = "+++ "
NEW_SIDE_PREFIX = "b/"
DELETED_FILE = "/dev/null"
# Git's options that keep its output what this parser reads, whatever the user's configuration says.
GIT_OPTIONS = ("-c", "core.quotePath=false", "-c", "diff.noprefix=false", "-c", "color.ui=never")
DIFF_OPTIONS = ("--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")
# Seconds any git command may take: a diff of a large repository takes well under one.
GIT_TIMEOUT_SECONDS = 120
# Changed everywhere: the lines of a file git does not track (no file has this many).
WHOLE_FILE = -1


class GitError(Exception):
    """Git cannot answer: not installed, not a repository, an unknown revision; the message says which."""


def _git(arguments: Sequence[str], directory: Path) -> str:
    try:
        completed = subprocess.run(
            ["git", *GIT_OPTIONS, *arguments],
            cwd=directory,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); --diff-from needs it") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git could not be run: {error}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {arguments[0]} failed")
    return completed.stdout.decode("utf-8", "surrogateescape")


def repository_root(directory: Path) -> Path:
    """The top of the git work tree holding `directory`; GitError outside one."""
    try:
        output = _git(["rev-parse", "--show-toplevel"], directory)
    except GitError as error:
        raise GitError(f"{directory} is not in a git repository ({error})") from None
    return Path(output.strip())


def _unquote(path: str) -> str:
    """A path as git prints it: in double quotes with C escapes when it holds a tab, a newline, `"` or `\\`."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    raw = codecs.escape_decode(path[1:-1].encode("utf-8", "surrogateescape"))[0]
    return raw.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> Dict[str, Set[int]]:
    """The added or modified lines (0-based) of each file of a `git diff --unified=0`, by the path git prints."""
    changed: Dict[str, Set[int]] = {}
    current: Optional[Set[int]] = None
    for line in diff.splitlines():
        if line.startswith(NEW_FILE_PREFIX):
            path = _unquote(line[len(NEW_FILE_PREFIX):].rstrip("\t"))
            if path == DELETED_FILE:
                current = None
                continue
            path = path[len(NEW_SIDE_PREFIX):] if path.startswith(NEW_SIDE_PREFIX) else path
            current = changed.setdefault(path, set())
            continue
        match = HUNK_PATTERN.match(line)
        if match is not None and current is not None:
            start = int(match.group("start"))
            count = int(match.group("count")) if match.group("count") is not None else 1
            current.update(range(start - 1, start - 1 + count))
    return changed


def changed_lines(revision: str, directory: Path) -> Dict[Path, Set[int]]:
    """Each file changed since `revision` in the repository holding `directory` (absolute, resolved paths), with
    its changed lines (0-based); {WHOLE_FILE} for a file git does not track. GitError for a bad revision or
    outside a repository."""
    root = repository_root(directory)
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], root)
    except GitError:
        raise GitError(f"unknown revision {revision!r} (a commit, branch or tag of {root})") from None
    try:
        base = _git(["merge-base", "--end-of-options", revision, "HEAD"], root).strip()
    except GitError:
        raise GitError(f"{revision!r} and HEAD have no commit in common") from None
    diff = _git(["diff", *DIFF_OPTIONS, "--end-of-options", base, "--"], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    result: Dict[Path, Set[int]] = {
        (root / path).resolve(): lines for path, lines in parse_diff(diff).items()
    }
    for path in untracked.split("\0"):
        if path:
            result[(root / path).resolve()] = {WHOLE_FILE}
    return result


def touches(lines: Set[int], first: int, last: int) -> bool:
    """Whether a finding on lines first..last (0-based) is on a changed line of a file with these lines."""
    if WHOLE_FILE in lines:
        return True
    return any(line in lines for line in range(first, last + 1))

