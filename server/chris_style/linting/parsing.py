"""libcst's parser, without libcst checking every node the parser builds.

libcst validates a node when it is constructed (`CSTNode.__post_init__` calls `_validate`): that catches a rule
building an invalid node for a fix, and is wasted on the parser's own nodes, which are built from text that
parsed and print back as that text. Skipping it saves about an eighth of a parse's CPU time (the benchmark
corpus: 3.20-3.47 CPU-s with it, 2.79-3.05 without), as libcst's own comment at the hook suggests it might.
`parse_module` turns the check off for the nodes built on its own thread while the parser runs; nodes built
anywhere else, or on this thread afterwards, are checked as before. The switch is installed only when libcst's
hook is the one this module knows (it calls `_validate` and nothing else); otherwise every node is checked, as
libcst does.
"""

import contextlib
import logging
import threading
from typing import Any, Callable, Iterator, Optional

import libcst as cst
from libcst._nodes.base import CSTNode

from chris_style.linting import tree

logger = logging.getLogger(__name__)


class _ParsingFlag(threading.local):
    """Whether this thread is inside `parse_module` (a thread-local: the language server parses on its lint
    thread while its request thread may build fix nodes, which must still be checked)."""

    parsing: bool = False


_flag = _ParsingFlag()


def _checked_unless_parsing(node: CSTNode) -> None:
    """CSTNode.__post_init__ in place of libcst's: the same check, skipped for the parser's own nodes."""
    if not _flag.parsing:
        node._validate()


def _install() -> bool:
    """Put the switch in libcst's construction hook; False (and the hook left alone) when the hook is not
    the one known here."""
    hook: Optional[Callable[..., Any]] = CSTNode.__dict__.get("__post_init__")
    if hook is _checked_unless_parsing:
        return True
    code = getattr(hook, "__code__", None)
    if code is None or code.co_names != ("_validate",) or code.co_argcount != 1:
        logger.info("libcst's node construction hook is not the known one; parsed nodes stay validated")
        return False
    for subclass in tree.node_classes():
        if "__post_init__" in subclass.__dict__:
            logger.info("%s has its own construction hook; parsed nodes stay validated", subclass.__name__)
            return False
    CSTNode.__post_init__ = _checked_unless_parsing  # type: ignore[method-assign]
    return True


_INSTALLED = _install()


@contextlib.contextmanager
def _unchecked() -> Iterator[None]:
    """Nodes built on this thread inside the block are not validated (when the switch is installed)."""
    _flag.parsing = _INSTALLED
    try:
        yield
    finally:
        _flag.parsing = False


def parse_module(text: str) -> cst.Module:
    """libcst.parse_module, its nodes not validated one by one; raises libcst.ParserSyntaxError as it does."""
    with _unchecked():
        return cst.parse_module(text)
