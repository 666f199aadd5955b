"""Database methods for read-only SQL queries with parameters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._convert import int_to_bool, text_to_datetime
from quiverdb._ffi import check, decode, ffi, lib, scratch

__all__ = ["QueryMixin"]

# Parameter type codes of the C API (quiver_data_type_t).
_INTEGER, _FLOAT, _STRING, _NULL_TYPE = 0, 1, 2, 4


_new = ffi.new
_NULL = ffi.NULL


def _parameters(parameters: Sequence[object] | None) -> tuple[Any, Any, int, list[Any]]:
    """(types, values, count, buffers to keep alive) describing the query parameters.

    Values are marshalled in order, so the first unsupported or unconvertible one raises.
    """
    count = 0 if parameters is None else len(parameters)
    if parameters is None or count == 0:
        return _NULL, _NULL, 0, []
    codes: list[int] = []
    pointers: list[Any] = []
    for value in parameters:
        if value is None:
            codes.append(_NULL_TYPE)
            pointers.append(_NULL)
        elif isinstance(value, int):
            codes.append(_INTEGER)
            pointers.append(_new("int64_t*", value))
        elif isinstance(value, float):
            codes.append(_FLOAT)
            pointers.append(_new("double*", value))
        elif isinstance(value, str):
            codes.append(_STRING)
            pointers.append(_new("char[]", value.encode("utf-8")))
        else:
            raise TypeError(
                f"Unsupported parameter type: {type(value).__name__}. "
                "Expected int, float, str, or None."
            )
    return _new("int[]", codes), _new("void*[]", pointers), len(codes), pointers


_query_string = lib.quiver_database_query_string
_query_integer = lib.quiver_database_query_integer
_query_float = lib.quiver_database_query_float


class QueryMixin(DatabaseBase):
    """Read-only SQL queries with parameters.

    Each method runs the first statement of ``sql`` and returns the first column of the first
    row, or ``None`` when there is no row, the value is NULL, or it has another storage class.
    ``parameters`` fill the statement's placeholders in order: ``None``, ``int`` (``bool``),
    ``float`` and ``str`` (trimmed of surrounding blanks) are accepted.
    """

    # Queries do not call back into Python, so the thread's scratch output cells are safe.

    def query_string(self, sql: str, *, parameters: Sequence[object] | None = None) -> str | None:
        """The first value of the result when it is text, else ``None``."""
        with self._lock:
            ptr = self._handle()
            types, values, count, _keep = _parameters(parameters)
            out, has = scratch.text, scratch.flag
            check(_query_string(ptr, sql.encode("utf-8"), types, values, count, out, has))
            if not has[0]:
                return None
            value = out[0]
        try:
            return decode(value)
        finally:
            lib.quiver_database_free_string(value)

    def query_integer(self, sql: str, *, parameters: Sequence[object] | None = None) -> int | None:
        """The first value of the result when it is an integer, else ``None`` (no conversion)."""
        with self._lock:
            ptr = self._handle()
            types, values, count, _keep = _parameters(parameters)
            out, has = scratch.int64, scratch.flag
            check(_query_integer(ptr, sql.encode("utf-8"), types, values, count, out, has))
            return int(out[0]) if has[0] else None

    def query_float(self, sql: str, *, parameters: Sequence[object] | None = None) -> float | None:
        """The first value of the result as a float when it is a real or an integer."""
        with self._lock:
            ptr = self._handle()
            types, values, count, _keep = _parameters(parameters)
            out, has = scratch.double, scratch.flag
            check(_query_float(ptr, sql.encode("utf-8"), types, values, count, out, has))
            return float(out[0]) if has[0] else None

    def query_boolean(self, sql: str, *, parameters: Sequence[object] | None = None) -> bool | None:
        """:meth:`query_integer` read as a boolean: 0 and 1 only, other integers raise
        ``ValueError``."""
        value = self.query_integer(sql, parameters=parameters)
        return None if value is None else int_to_bool(value)

    def query_date_time(
        self, sql: str, *, parameters: Sequence[object] | None = None
    ) -> datetime | None:
        """:meth:`query_string` parsed as a UTC date-time (``YYYY-MM-DD``,
        ``YYYY-MM-DDTHH:MM:SS`` or ``YYYY-MM-DD HH:MM:SS``); other text raises ``ValueError``."""
        text = self.query_string(sql, parameters=parameters)
        return None if text is None else text_to_datetime(text)
