"""The state every part of :class:`quiverdb.Database` shares: the C handle and its guard.

Feature mixins (elements, reads, groups, time series, queries, ...) subclass
:class:`DatabaseBase` and reach the core through :meth:`DatabaseBase._handle` while holding
``self._lock``. The lock keeps ``close()`` from freeing the handle while another thread is still
inside a call; the core serialises calls on one handle itself, and every cffi call releases the
GIL.
"""

from __future__ import annotations

import threading
from typing import Any

from quiverdb._ffi import ffi
from quiverdb.exceptions import QuiverError

__all__ = ["DatabaseBase", "present_as_database_methods"]


class DatabaseBase:
    """Holds the C handle of an open database; ``_ptr`` is ``None`` once closed."""

    _ptr: Any

    def __init__(self, ptr: Any) -> None:
        self._ptr = ptr
        self._lock = threading.RLock()

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
