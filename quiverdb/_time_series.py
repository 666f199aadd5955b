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


class _RowColumns:
    """The C column arrays of one upserted row (one cell per column); keeps the buffers alive."""

    def __init__(self, values: dict[str, object]) -> None:
        count = len(values)
        self.count = count
        self._keep: list[Any] = []
        if count == 0:
            self.names = self.types = self.data = ffi.NULL
            return
        self.names = ffi.new("const char*[]", count)
        self.types = ffi.new("int[]", count)
        self.data = ffi.new("void*[]", count)
        for i, (name, value) in enumerate(values.items()):
            kind, cell = self._cell(name, value)
            name_buf = ffi.new("char[]", encode(name))
            self._keep += [name_buf, cell]
            self.names[i] = name_buf
            self.types[i] = kind
            self.data[i] = cell

    def _cell(self, name: str, value: object) -> tuple[int, Any]:
        if isinstance(value, bool | int):
            return _INTEGER, ffi.new("int64_t[1]", [int(value)])
        if isinstance(value, float):
            return _FLOAT, ffi.new("double[1]", [value])
        if isinstance(value, str):
            text = value.encode("utf-8")
        elif isinstance(value, datetime):
            text = datetime_to_text(value).encode("ascii")
        else:
            raise TypeError(
                f"Column '{name}' value has unsupported type {type(value).__name__}; "
                "expected int, float, str, or datetime"
            )
        buf = ffi.new("char[]", text)
        self._keep.append(buf)
        return _STRING, ffi.new("char*[1]", [buf])


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
            row = _RowColumns(kwargs)
            check(
                lib.quiver_database_upsert_time_series_row(
                    ptr, coll, grp, id, row.names, row.types, row.data, row.count
                )
            )

    def upsert_time_series_row_by_label(
        self, collection: str, group: str, label: str, /, **kwargs: object
    ) -> None:
        """:meth:`upsert_time_series_row` for the element labelled ``label``."""
        with self._lock:
            ptr = self._handle()
            coll, grp, lbl = encode(collection), encode(group), encode(label)
            row = _RowColumns(kwargs)
            check(
                lib.quiver_database_upsert_time_series_row_by_label(
                    ptr, coll, grp, lbl, row.names, row.types, row.data, row.count
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
