"""Finding and reading the files to check: directory walks that respect `.gitignore` and `exclude`, and
decoding by PEP 263. Writing fixed files back is writing.py's job."""

import codecs
import io
import logging
import os
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, List, Optional, Tuple

from chris_style.config.settings import DEFAULT_MAX_FILE_SIZE

if TYPE_CHECKING:
    import pathspec


logger = logging.getLogger(__name__)

# Directories no one wants linted; skipped during walks (explicitly named paths are still checked).
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "__pycache__", "node_modules", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", "build", "dist", ".eggs", "site-packages"}
)
PYTHON_SUFFIXES = (".py", ".pyi")
# pathspec's matcher for `.gitignore` lines: RE2 (the google-re2 package), whose time is linear.
GITIGNORE_BACKEND = "re2"
# Larger files are refused with a clear message rather than stalling a run; the `max-file-size` setting.
MAX_FILE_BYTES = DEFAULT_MAX_FILE_SIZE


class UnreadableFile(Exception):
    """A file that cannot be read or decoded; the message says why in one line."""


@dataclass
class DecodedFile:
    text: str
    encoding: str


def _too_large(size: int, limit: int) -> str:
    return f"file is too large to check ({size} bytes; the limit, `max-file-size`, is {limit})"


def size_problem(text: str, limit: int = MAX_FILE_BYTES) -> Optional[str]:
    """Why a buffer is too large to check (the same limit as for files), or None."""
    # A character is at least one byte, and at most four: count bytes only when it could matter.
    if len(text) * 4 <= limit:
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= limit:
        return None
    return _too_large(size, limit)


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing one over `limit`; raises UnreadableFile saying why in one line."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise UnreadableFile(_too_large(size, limit))
        return path.read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None


def read_source(path: Path, limit: int = MAX_FILE_BYTES) -> DecodedFile:
    """Read and decode a Python file (BOM and `# -*- coding -*-` aware), keeping its line endings."""
    return decode_source(read_bytes(path, limit))


def decode_source(data: bytes) -> DecodedFile:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        codecs.lookup(encoding)
        return DecodedFile(data.decode(encoding), encoding)
    except SyntaxError as error:
        raise UnreadableFile(f"cannot decode: {error.msg if hasattr(error, 'msg') else error}") from None
    except (UnicodeDecodeError, LookupError) as error:
        raise UnreadableFile(f"cannot decode: {error}") from None


def _gitignore_spec(directory: Path) -> Optional["pathspec.PathSpec"]:
    ignore_file = directory / ".gitignore"
    if not ignore_file.is_file():
        return None
    try:
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec  # only walks need it; the language server starts without it

    # RE2 matches in time linear in the path: Python's regular expressions, pathspec's default, backtrack, and a
    # line like `*a*a*a*a*a*a*a*a*a*a*a*ab` took minutes per path.
    return pathspec.PathSpec.from_lines("gitwildmatch", lines, backend=GITIGNORE_BACKEND)


def walk_python_files(
    root: Path, is_excluded: Callable[[Path], bool] = lambda path: False
) -> Iterator[Path]:
    """Python files under `root`, sorted, skipping ignored, excluded and tool directories. Symbolic links to
directories are not followed; a link to a Python file is, when the file lies under `root` too (a walk never
leaves the tree it was given)."""
    yield from _walk(root, _ancestor_specs(root), is_excluded, Path(os.path.realpath(root)))


def _ancestor_specs(root: Path) -> List[Tuple[Path, "pathspec.PathSpec"]]:
    """The `.gitignore` files above `root` up to its repository's top, so `check sub/dir` obeys them too."""
    specs: List[Tuple[Path, "pathspec.PathSpec"]] = []
    for ancestor in root.resolve().parents:
        spec = _gitignore_spec(ancestor)
        if spec is not None:
            specs.insert(0, (ancestor, spec))
        if (ancestor / ".git").exists():
            break
    else:
        return []
    return specs


def _ignored(path: Path, is_dir: bool, specs: List[Tuple[Path, "pathspec.PathSpec"]]) -> bool:
    for base, spec in specs:
        try:
            relative = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
        relative = relative + ("/" if is_dir else "")
        if spec.match_file(relative):
            return True
    return False


def _walk(
    directory: Path, specs: List[Tuple[Path, "pathspec.PathSpec"]], is_excluded: Callable[[Path], bool], tree: Path
) -> Iterator[Path]:
    spec = _gitignore_spec(directory)
    if spec is not None:
        specs = specs + [(directory, spec)]
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        logger.warning("cannot list %s: %s", directory, error.strerror)
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if entry.name in SKIPPED_DIRECTORIES or entry.name.endswith(".egg-info"):
                continue
            if _ignored(path, True, specs) or is_excluded(path):
                continue
            yield from _walk(path, specs, is_excluded, tree)
        elif entry.name.endswith(PYTHON_SUFFIXES) and entry.is_file():
            if entry.is_symlink() and not _is_within(Path(os.path.realpath(path)), tree):
                logger.info("not following %s: it links to a file outside %s", path, tree)
                continue
            if not _ignored(path, False, specs) and not is_excluded(path):
                yield path


def _is_within(path: Path, tree: Path) -> bool:
    return path == tree or tree in path.parents


def collect_files(paths: Iterable[Path], is_excluded: Callable[[Path], bool]) -> List[Path]:
    """Expand the command line's paths: directories are walked; named files are always checked. A file reached
twice (named twice, or also through a symbolic link) is checked once, under the first name it was reached by."""
    found: List[Path] = []
    seen = set()
    for path in paths:
        candidates = walk_python_files(path, is_excluded) if path.is_dir() else [path]
        for candidate in candidates:
            key = os.path.realpath(candidate)
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found
