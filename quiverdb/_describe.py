"""Database methods for the plain-text structure reports ``describe``, ``describe_collection``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._ffi import check, decode, encode, ffi, lib

__all__ = ["DescribeMixin"]


class DescribeMixin(DatabaseBase):
    """Reports of the database's collections, their columns and groups, with statistics."""

    @staticmethod
    def _report(call: Callable[[Any], int]) -> str:
        out = ffi.new("char**")
        check(call(out))
        try:
            return decode(out[0])
        finally:
            lib.quiver_database_free_string(out[0])

    def describe(self) -> str:
        """A report of every collection: scalar columns with their types, constraints and
        NULL counts (and the value counts of small INTEGER domains), then the vector, set and
        time-series groups with how many elements have rows in them."""
        with self._lock:
            ptr = self._handle()
            return self._report(lambda out: lib.quiver_database_describe(ptr, out))

    def describe_collection(self, collection: str) -> str:
        """The section of :meth:`describe` for one collection."""
        with self._lock:
            ptr = self._handle()
            name = encode(collection)
            return self._report(lambda out: lib.quiver_database_describe_collection(ptr, name, out))
