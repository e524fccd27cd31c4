"""The package's log records as `window/logMessage`, at the level the `logLevel` setting chooses.

Records may come from the lint worker threads; they are handed to the event loop, which alone writes to the
client, so messages never interleave on the wire.
"""

import asyncio
import logging
import threading
from typing import Callable, Optional

from lsprotocol import types

PACKAGE_LOGGER = "chris_style"
FORMAT = "%(message)s"


def message_type(level: int) -> types.MessageType:
    if level >= logging.ERROR:
        return types.MessageType.Error
    if level >= logging.WARNING:
        return types.MessageType.Warning
    if level >= logging.INFO:
        return types.MessageType.Info
    return types.MessageType.Log


class ClientLogHandler(logging.Handler):
    """Sends formatted records through `send` on the event loop it is attached to."""

    def __init__(self, send: Callable[[types.LogMessageParams], None]) -> None:
        super().__init__()
        self._send = send
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._loop_thread: Optional[int] = None
        self.setFormatter(logging.Formatter(FORMAT))

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start sending (records before this are only kept by other handlers, if any)."""
        self._loop = loop
        self._loop_thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        """Send the record, directly on the event loop's thread, else by scheduling the send there."""
        if self._loop is None or self._loop.is_closed():
            return
        try:
            params = types.LogMessageParams(type=message_type(record.levelno), message=self.format(record))
            if threading.get_ident() == self._loop_thread:
                self._send(params)
            else:
                self._loop.call_soon_threadsafe(self._send, params)
        except Exception:
            # Logging must never raise into the code that logs.
            self.handleError(record)


def install(handler: ClientLogHandler, level: int) -> None:
    """Route the package's records to the client only: stdout belongs to the protocol, and stderr would show
    every message twice in editors that also capture it."""
    package_logger = logging.getLogger(PACKAGE_LOGGER)
    if handler not in package_logger.handlers:
        package_logger.addHandler(handler)
    package_logger.propagate = False
    set_level(level)


def set_level(level: int) -> None:
    logging.getLogger(PACKAGE_LOGGER).setLevel(level)
