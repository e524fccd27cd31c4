"""The garbage collector's settings for a long lint: the command line's run and the language server's life.

Parsing and linting allocate and free hundreds of thousands of objects per file, nearly all freed by reference
counting the moment they are dropped; at Python's default threshold (700 net allocations) the cyclic collector
runs hundreds of times per file for the few cycles there are, and now and then a full collection walks every
object alive: the rules, the parser, and in the server every tree it keeps. Once the program has loaded what it
needs, `settle()` freezes all of it (the collector never looks at it again) and lets the youngest generation
grow to `YOUNGEST_THRESHOLD` before a collection. About 7 % of a whole-project check's CPU time, and no full
collection of the loaded program in the middle of a keystroke's lint.
"""

import functools
import gc
import logging
from typing import Callable, Optional

logger = logging.getLogger(__name__)

# Net allocations before the collector looks at the youngest objects (Python's default: 700).
YOUNGEST_THRESHOLD = 10_000


def settle() -> None:
    """Freeze everything alive now, and collect the youngest generation less often."""
    gc.freeze()
    gc.set_threshold(YOUNGEST_THRESHOLD, *gc.get_threshold()[1:])


@functools.lru_cache(maxsize=None)
def _malloc_trim() -> Optional[Callable[[int], int]]:
    """glibc's `malloc_trim`, or None where the C library has none (macOS, Windows, musl)."""
    # Imported here: the language server needs it, a command-line run (which imports this module) does not.
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return getattr(library, "malloc_trim", None)


def release_memory() -> None:
    """Hand the memory freed since to the operating system, where the C library can: a dropped tree frees
    thousands of small blocks, which otherwise stay with the process as its high-water mark."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
