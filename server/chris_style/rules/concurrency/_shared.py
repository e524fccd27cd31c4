"""Helpers of both section 10 rules: whether code runs in an `async def`, and the name under which a fix may
call `asyncio` (None when the module runs on another event loop library)."""

import logging
from typing import Optional, Sequence

import libcst as cst

from chris_style.linting.facts.names import NameResolver
from chris_style.linting.syntax import innermost_function

logger = logging.getLogger(__name__)

ASYNCIO_MODULE = "asyncio"
# Event-loop libraries other than asyncio: `asyncio.gather`/`asyncio.sleep` would be wrong under them.
OTHER_ASYNC_LIBRARIES = frozenset({"trio", "anyio", "curio"})


def _in_async_function(ancestors: Sequence[cst.CSTNode]) -> Optional[cst.FunctionDef]:
    """The innermost enclosing function when it is an `async def` (a nested sync def or lambda is not)."""
    function = innermost_function(ancestors)
    if isinstance(function, cst.FunctionDef) and function.asynchronous is not None:
        return function
    return None


def _asyncio_name(resolver: NameResolver) -> Optional[str]:
    """The name `asyncio` is reachable under at module level: its alias, `asyncio` (to be imported), or None
    when `asyncio` is taken by something else or the module runs on another event loop library."""
    bindings = resolver.module_bindings()
    if any(origin is not None and origin.split(".")[0] in OTHER_ASYNC_LIBRARIES for origin in bindings.values()):
        return None
    for name, origin in bindings.items():
        if origin == ASYNCIO_MODULE:
            return name
    if ASYNCIO_MODULE in bindings or resolver.bound_locally(ASYNCIO_MODULE):
        return None
    return ASYNCIO_MODULE
