"""Database methods for time-series row lookup and upserts, time-series files."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._convert import datetime_to_text
from quiverdb._ffi import check, decode, encode, ffi, lib
from quiverdb._packed import read_values

__all__ = ["TimeSeriesMixin"]

_INTEGER, _FLOAT, _STRING = 0, 1, 2


def _instant_text(value: datetime) -> bytes:
    """``YYYY-MM-DDTHH:MM:SS`` (UTC) of a datetime; anything else fails like the reference."""
    value.utcoffset()  # AttributeError for str, date, None, ... as in the reference
    return datetime_to_text(value).encode("ascii")


_new = ffi.new
_NULL = ffi.NULL

# The C name array of each column-name tuple seen (with the buffers it points into), and the
# type-code array of each type tuple: rows of one group repeat them call after call. Both are
# read-only for the core; an entry stays alive while a call holds it, also across a clear().
_NAME_ARRAYS: dict[tuple[str, ...], tuple[Any, list[Any]]] = {}
_TYPE_ARRAYS: dict[tuple[int, ...], Any] = {}
_CACHE_LIMIT = 256


def _cell(name: str, value: object) -> tuple[int, Any, Any]:
    """(type code, data cell, buffer the cell points into) of one upserted value."""
    # The accepted classes are disjoint (no class derives from two of them): order is free.
    if isinstance(value, float):
        return _FLOAT, _new("double*", value), None
    if isinstance(value, str):
        text = value.encode("utf-8")
    elif isinstance(value, datetime):
        if type(value) is datetime and value.tzinfo is None:
            text = value.isoformat(timespec="seconds").encode("ascii")  # datetime_to_text's form
        else:
            text = datetime_to_text(value).encode("ascii")
    elif isinstance(value, int):  # bool included
        return _INTEGER, _new("int64_t*", int(value)), None
    else:
        raise TypeError(
            f"Column '{name}' value has unsupported type {type(value).__name__}; "
            "expected int, float, str, or datetime"
        )
    buffer = _new("char[]", text)
    return _STRING, _new("char*[1]", [buffer]), buffer


def _row_columns(values: dict[str, object]) -> tuple[Any, Any, Any, int, list[Any]]:
    """(names, types, data, count, buffers to keep alive) of one upserted row.

    Values are checked in order, each before its name is encoded (the reference's order).
    """
    count = len(values)
    if count == 0:
        return _NULL, _NULL, _NULL, 0, []
    keep: list[Any] = []
    codes: list[int] = []
    cells: list[Any] = []
    key = tuple(values)
    names = _NAME_ARRAYS.get(key)
    if names is None:
        buffers = []
        for name, value in values.items():
            code, cell, buffer = _cell(name, value)
            buffers.append(_new("char[]", encode(name)))
            codes.append(code)
            cells.append(cell)
            keep.append(buffer)
        names = (_new("const char*[]", buffers), buffers)
        if len(_NAME_ARRAYS) >= _CACHE_LIMIT:
            _NAME_ARRAYS.clear()
        _NAME_ARRAYS[key] = names
    else:
        for name, value in values.items():
            code, cell, buffer = _cell(name, value)
            codes.append(code)
            cells.append(cell)
            keep.append(buffer)
    code_key = tuple(codes)
    types = _TYPE_ARRAYS.get(code_key)
    if types is None:
        if len(_TYPE_ARRAYS) >= _CACHE_LIMIT:
            _TYPE_ARRAYS.clear()
        types = _TYPE_ARRAYS[code_key] = _new("int[]", codes)
    keep.append(names)
    keep.append(cells)
    keep.append(types)
    return names[0], types, _new("void*[]", cells), count, keep


_upsert_row = lib.quiver_database_upsert_time_series_row


class TimeSeriesMixin(DatabaseBase):
    """Time-series row lookup and upserts, time-series files."""

    # -- row lookup ---------------------------------------------------------------------------

    def read_time_series_row(
        self, collection: str, group: str, attribute: str, date_time: datetime
    ) -> list[Any]:
        """One value per element (ascending id): ``attribute`` from the element's latest row at
        or before ``date_time`` among rows where it is not NULL, or ``None``.

        ``date_time`` must be a ``datetime``; a naive one is taken as UTC, an aware one is
        converted to UTC, sub-second parts are dropped. Dates are compared in time order.
        """
        with self._lock:
            ptr = self._handle()
            args = (encode(collection), encode(group), encode(attribute), _instant_text(date_time))
            # Texts come packed in one buffer; invalid UTF-8 is replaced, as decode() does.
            return read_values(
                lib.quiver_database_read_time_series_row_packed, ptr, *args, errors="replace"
            )

    # -- upserts ------------------------------------------------------------------------------

    def upsert_time_series_row(
        self, collection: str, group: str, id: int, /, **kwargs: object
    ) -> None:
        """Insert one row of ``group`` for element ``id``, or replace the row with the same
        dimension values (columns not given revert to their default).

        Every keyword is a column: ``int``/``bool``, ``float``, ``str`` or ``datetime``. Omit a
        column to store NULL; ``None`` is refused.
        """
        with self._lock:
            ptr = self._handle()
            coll, grp = encode(collection), encode(group)
            names, types, data, count, _keep = _row_columns(kwargs)
            check(_upsert_row(ptr, coll, grp, id, names, types, data, count))

    def upsert_time_series_row_by_label(
        self, collection: str, group: str, label: str, /, **kwargs: object
    ) -> None:
        """:meth:`upsert_time_series_row` for the element labelled ``label``."""
        with self._lock:
            ptr = self._handle()
            coll, grp, lbl = encode(collection), encode(group), encode(label)
            names, types, data, count, _keep = _row_columns(kwargs)
            check(
                lib.quiver_database_upsert_time_series_row_by_label(
                    ptr, coll, grp, lbl, names, types, data, count
                )
            )

    # -- time-series files --------------------------------------------------------------------

    def has_time_series_files(self, collection: str) -> bool:
        """Whether ``collection`` has a ``<collection>_time_series_files`` table."""
        with self._lock:
            ptr = self._handle()
            out = ffi.new("int*")
            check(lib.quiver_database_has_time_series_files(ptr, encode(collection), out))
            return bool(out[0])

    def list_time_series_files_columns(self, collection: str) -> list[str]:
        """The columns of the collection's time-series files table, in declaration order."""
        with self._lock:
            ptr = self._handle()
            out_columns = ffi.new("char***")
            out_count = ffi.new("size_t*")
            check(
                lib.quiver_database_list_time_series_files_columns(
                    ptr, encode(collection), out_columns, out_count
                )
            )
            count = out_count[0]
            if count == 0:
                return []
            try:
                return [decode(p) for p in ffi.unpack(out_columns[0], count)]
            finally:
                lib.quiver_database_free_string_array(out_columns[0], count)

    def read_time_series_files(self, collection: str) -> dict[str, str | None]:
        """Every column of the time-series files table with its path (``None`` when unset),
        keys sorted by name."""
        with self._lock:
            ptr = self._handle()
            out_columns = ffi.new("char***")
            out_paths = ffi.new("char***")
            out_count = ffi.new("size_t*")
            check(
                lib.quiver_database_read_time_series_files(
                    ptr, encode(collection), out_columns, out_paths, out_count
                )
            )
            count = out_count[0]
            if count == 0:
                return {}
            try:
                names = ffi.unpack(out_columns[0], count)
                paths = ffi.unpack(out_paths[0], count)
                return {
                    decode(n): (decode(p) if p != ffi.NULL else None)
                    for n, p in zip(names, paths, strict=True)
                }
            finally:
                lib.quiver_database_free_time_series_files(out_columns[0], out_paths[0], count)

    def update_time_series_files(self, collection: str, data: Mapping[str, str | None]) -> None:
        """Set the named paths (``None`` clears one); columns not named keep their value.

        A row is created when the table has none; ``{}`` changes nothing.
        """
        with self._lock:
            ptr = self._handle()
            len(data)  # TypeError for None and other non-containers, as in the reference
            coll = encode(collection)
            keep: list[Any] = []
            for name, path in data.items():
                keep.append(ffi.new("char[]", encode(name)))
                keep.append(ffi.NULL if path is None else ffi.new("char[]", encode(path)))
            count = len(keep) // 2
            if count:
                columns = ffi.new("const char*[]", keep[0::2])
                paths = ffi.new("const char*[]", keep[1::2])
            else:
                columns = paths = ffi.NULL
            check(lib.quiver_database_update_time_series_files(ptr, coll, columns, paths, count))
