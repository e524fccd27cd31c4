"""Running one function over many files in worker processes, for the commands that do not go through the check
and fix job runner (jobs.py): `suppress` and `deviations`. Results come back in order."""

import logging
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

logger = logging.getLogger(__name__)

Item = TypeVar("Item")
Result = TypeVar("Result")
# Files per task handed to a worker: large enough to amortise pickling, small enough to balance (as jobs.py).
CHUNK_SIZE = 8


def map_files(function: Callable[[Item], Result], items: Sequence[Item], processes: int) -> Iterator[Result]:
    """`function` of each item, in order: in this process for one process or a handful of items, else in a pool
    (`function` must then be a module-level function, and items and results picklable)."""
    if processes <= 1 or len(items) <= CHUNK_SIZE:
        yield from (function(item) for item in items)
        return
    with ProcessPoolExecutor(max_workers=processes) as pool:
        yield from pool.map(function, items, chunksize=CHUNK_SIZE)
