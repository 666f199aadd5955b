"""Database methods for read-only SQL queries with parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._convert import int_to_bool, text_to_datetime
from quiverdb._ffi import check, decode, encode, ffi, lib

__all__ = ["QueryMixin"]

# Parameter type codes of the C API (quiver_data_type_t).
_INTEGER, _FLOAT, _STRING, _NULL = 0, 1, 2, 4


class _Parameters:
    """C arrays describing query parameters; keeps every buffer alive while the call runs."""

    __slots__ = ("count", "keep", "types", "values")

    def __init__(self, parameters: Sequence[object] | None) -> None:
        self.keep: list[Any] = []
        count = 0 if parameters is None else len(parameters)
        self.count = count
        if parameters is None or count == 0:
            self.types = ffi.NULL
            self.values = ffi.NULL
            return
        codes: list[int] = []
        pointers: list[Any] = []
        for value in parameters:
            if value is None:
                codes.append(_NULL)
                pointers.append(ffi.NULL)
            elif isinstance(value, int):
                codes.append(_INTEGER)
                pointers.append(self._hold(ffi.new("int64_t*", value)))
            elif isinstance(value, float):
                codes.append(_FLOAT)
                pointers.append(self._hold(ffi.new("double*", value)))
            elif isinstance(value, str):
                codes.append(_STRING)
                pointers.append(self._hold(ffi.new("char[]", encode(value))))
            else:
                raise TypeError(
                    f"Unsupported parameter type: {type(value).__name__}. "
                    "Expected int, float, str, or None."
                )
        self.count = len(codes)
        self.types = ffi.new("int[]", codes)
        self.values = ffi.new("void*[]", pointers)

    def _hold(self, cdata: Any) -> Any:
        self.keep.append(cdata)
        return cdata


class QueryMixin(DatabaseBase):
    """Read-only SQL queries with parameters.

    Each method runs the first statement of ``sql`` and returns the first column of the first
    row, or ``None`` when there is no row, the value is NULL, or it has another storage class.
    ``parameters`` fill the statement's placeholders in order: ``None``, ``int`` (``bool``),
    ``float`` and ``str`` (trimmed of surrounding blanks) are accepted.
    """

    def _query(
        self,
        function: Callable[..., int],
        out_type: str,
        sql: str,
        parameters: Sequence[object] | None,
    ) -> tuple[Any, bool]:
        with self._lock:
            ptr = self._handle()
            params = _Parameters(parameters)
            text = encode(sql)
            out = ffi.new(out_type)
            has_value = ffi.new("int*")
            check(function(ptr, text, params.types, params.values, params.count, out, has_value))
            return out[0], bool(has_value[0])

    def query_string(self, sql: str, *, parameters: Sequence[object] | None = None) -> str | None:
        """The first value of the result when it is text, else ``None``."""
        value, present = self._query(lib.quiver_database_query_string, "char**", sql, parameters)
        if not present:
            return None
        try:
            return decode(value)
        finally:
            lib.quiver_database_free_string(value)

    def query_integer(self, sql: str, *, parameters: Sequence[object] | None = None) -> int | None:
        """The first value of the result when it is an integer, else ``None`` (no conversion)."""
        value, present = self._query(lib.quiver_database_query_integer, "int64_t*", sql, parameters)
        return int(value) if present else None

    def query_float(self, sql: str, *, parameters: Sequence[object] | None = None) -> float | None:
        """The first value of the result as a float when it is a real or an integer."""
        value, present = self._query(lib.quiver_database_query_float, "double*", sql, parameters)
        return float(value) if present else None

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
