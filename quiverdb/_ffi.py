"""The compiled core (``quiverdb._quiverdb``) and the helpers every module uses to call it:
error checking, argument encoding, and the bridge from core log records to :mod:`logging`."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from quiverdb._quiverdb import ffi, lib
from quiverdb.exceptions import QuiverError

__all__ = [
    "check",
    "decode",
    "encode",
    "encode_path",
    "ffi",
    "lib",
    "logger",
    "scratch",
    "sync_log_level",
]

logger = logging.getLogger("quiverdb")
logger.addHandler(logging.NullHandler())

_PY_LEVELS = (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR)


def last_error() -> str:
    """The calling thread's last core error message."""
    message: str = ffi.string(lib.quiver_get_last_error()).decode("utf-8", "replace")
    return message or "Unknown error"


def check(rc: int) -> None:
    """Raise :class:`QuiverError` with the core's message when a call failed."""
    if rc != 0:
        raise QuiverError(last_error())


class _Scratch(threading.local):
    """Output cells of the calling thread, allocated once instead of ``ffi.new`` per call.

    Only for core functions that never call back into Python (reads and queries do not log),
    and only read right after the call: a nested call on the same thread would reuse them.
    """

    def __init__(self) -> None:
        self.int64 = ffi.new("int64_t*")
        self.double = ffi.new("double*")
        self.text = ffi.new("char**")
        self.flag = ffi.new("int*")


scratch = _Scratch()


def encode(name: str) -> bytes:
    """UTF-8 bytes of a name; non-``str`` values fail like the reference (AttributeError)."""
    return name.encode("utf-8")


def encode_path(path: str | os.PathLike[str]) -> bytes:
    """UTF-8 bytes of a ``str`` or ``os.PathLike`` path."""
    if isinstance(path, os.PathLike):
        path = os.fsdecode(os.fspath(path))
    # Plain bytes are refused like any other non-str value (AttributeError), as the reference does.
    return encode(path)


def decode(data: Any) -> str:
    """A Python string from a C string."""
    text: str = ffi.string(data).decode("utf-8", "replace")
    return text


@ffi.def_extern()  # type: ignore[untyped-decorator]
def _quiverdb_log_callback(level: int, name: Any, message: Any, user: Any) -> None:
    py_level = _PY_LEVELS[min(max(level, 0), 3)]
    if logger.isEnabledFor(py_level):
        handle = decode(name)
        logger.log(py_level, "%s", decode(message), extra={"quiverdb_handle": handle})


def sync_log_level() -> None:
    """Forward core records at the levels the ``quiverdb`` logger currently accepts.

    Called whenever a handle is opened, so changes to the logger's level apply from the next
    open on.
    """
    effective = logger.getEffectiveLevel()
    if effective <= logging.DEBUG:
        level = 0
    elif effective <= logging.INFO:
        level = 1
    elif effective <= logging.WARNING:
        level = 2
    elif effective <= logging.ERROR:
        level = 3
    else:
        level = 4
    lib.quiver_set_log_callback(lib._quiverdb_log_callback, level, ffi.NULL)
