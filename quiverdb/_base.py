"""The state every part of :class:`quiverdb.Database` shares: the C handle and its guard.

Feature mixins (elements, reads, groups, time series, queries, ...) subclass
:class:`DatabaseBase` and reach the core through :meth:`DatabaseBase._handle` while holding
``self._lock``. The lock keeps ``close()`` from freeing the handle while another thread is still
inside a call; the core serialises calls on one handle itself, and every cffi call releases the
GIL. A ``close()`` from inside one of the database's own calls (a ``logging`` handler reacting to
a record the call emits) is deferred until that call returns, so the core never runs on a freed
handle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from quiverdb._ffi import ffi, lib
from quiverdb.exceptions import QuiverError

__all__ = ["DatabaseBase", "present_as_database_methods"]


class _CallLock:
    """A re-entrant lock that knows how deep its owning thread is inside calls.

    ``depth`` only changes while the lock is held, so the owner reads it consistently. When the
    outermost call leaves, ``on_exit`` runs (still under the lock).
    """

    __slots__ = ("_lock", "depth", "on_exit")

    def __init__(self, on_exit: Callable[[], None]) -> None:
        self._lock = threading.RLock()
        self.depth = 0
        self.on_exit = on_exit

    def __enter__(self) -> _CallLock:
        self._lock.acquire()
        self.depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.depth == 1:
                self.on_exit()
        finally:
            self.depth -= 1
            self._lock.release()


class DatabaseBase:
    """Holds the C handle of an open database; ``_ptr`` is ``None`` once closed."""

    _ptr: Any

    def __init__(self, ptr: Any) -> None:
        self._ptr = ptr
        # A handle whose close() was asked for from inside one of its own calls.
        self._closing: Any = None
        self._lock = _CallLock(self._finish_close)

    def _close_handle(self) -> None:
        """Forget the handle and close it, or defer that to the end of the running call."""
        with self._lock:
            ptr, self._ptr = self._ptr, None
            if ptr is None:
                return
            if self._lock.depth > 1:
                # Inside a call of this thread: the core is still using the handle.
                self._closing = ptr
                return
            lib.quiver_database_close(ptr)

    def _finish_close(self) -> None:
        ptr, self._closing = self._closing, None
        if ptr is not None:
            lib.quiver_database_close(ptr)

    def _handle(self) -> Any:
        """The live C handle; raises ``QuiverError('Database has been closed')`` after close."""
        ptr = self._ptr
        if ptr is None or ptr == ffi.NULL:
            raise QuiverError("Database has been closed")
        return ptr


def present_as_database_methods(cls: type) -> None:
    """Give the public methods of a mixin the qualified name ``Database.<name>``, so that the
    ``TypeError`` Python raises for a wrong call shape reads like the reference's
    (``Database.query_string() takes 2 positional arguments but 3 were given``).

    A mixin may name another owner per method in ``_reference_owners`` (where the reference
    defines the method on a helper class, e.g. ``DatabaseCSVExport.export_csv``)."""
    owners: dict[str, str] = getattr(cls, "_reference_owners", {})
    for name, attr in vars(cls).items():
        if name.startswith("_") or not callable(attr):
            continue
        for function in (attr, getattr(attr, "__wrapped__", None)):
            if function is not None:
                function.__qualname__ = f"{owners.get(name, 'Database')}.{name}"
