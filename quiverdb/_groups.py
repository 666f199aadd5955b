"""Database methods for whole-group reads and writes of vector, set and time-series groups.

Writes take a column dict (``{"column": [cell, ...], ...}``) that is turned into the core's
columnar input in one go per column: each column is typed from its cells, numbers go into one
C array, texts into one buffer with a pointer array over it. Reads use the core's packed columnar
readers: every column, texts included, is unpacked in one step (see ``_packed``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from itertools import accumulate, islice
from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._convert import datetime_to_text, texts_to_datetimes
from quiverdb._ffi import check, encode, ffi, lib
from quiverdb._packed import read_columns

__all__ = ["GroupsMixin"]

_INTEGER, _FLOAT, _STRING, _DATE_TIME = 0, 1, 2, 3

# Cell kinds while typing a column; a datetime column is sent as text.
_KIND_INT, _KIND_FLOAT, _KIND_STR, _KIND_DATETIME = "int", "float", "str", "datetime"

ColumnData = Mapping[str, Sequence[Any]]
_NONE_TYPE = type(None)
_NULL = ffi.NULL


def _cell_kind(value: Any) -> str | None:
    """The kind of one non-None cell, or None when the type is not supported."""
    if isinstance(value, int):  # bool included
        return _KIND_INT
    if isinstance(value, float):
        return _KIND_FLOAT
    if isinstance(value, str):
        return _KIND_STR
    if isinstance(value, datetime):
        return _KIND_DATETIME
    return None


# Exact cell types and the column kind they make on their own (subclasses take the slow path).
_EXACT_KINDS = {int: _KIND_INT, bool: _KIND_INT, float: _KIND_FLOAT, str: _KIND_STR}


def _column_kind(name: Any, cells: Sequence[Any], types: set[type] | None = None) -> str | None:
    """The kind of a whole column (None when every cell is None).

    Integers and floats mix into a float column; any other mix, or an unsupported cell type,
    raises ``TypeError`` naming the first offending cell. ``types``: the set of the cells'
    types, when the caller has it.
    """
    types = set(map(type, cells)) if types is None else set(types)
    types.discard(_NONE_TYPE)
    # None stands for a type that needs the cell-by-cell check below (subclasses, unsupported).
    kinds = {_KIND_DATETIME if t is datetime else _EXACT_KINDS.get(t) for t in types}
    if len(kinds) <= 1 and None not in kinds:
        return kinds.pop() if kinds else None
    if kinds == {_KIND_INT, _KIND_FLOAT}:
        return _KIND_FLOAT
    kind: str | None = None
    for index, value in enumerate(cells):
        if value is None:
            continue
        cell = _cell_kind(value)
        if cell is not None and kind is not None and cell != kind:
            numbers = {cell, kind} == {_KIND_INT, _KIND_FLOAT}
            cell = _KIND_FLOAT if numbers else None
        if cell is None:
            raise TypeError(
                f"Unsupported value type {type(value).__name__} in cell {index} of column '{name}'"
            )
        kind = cell
    return kind


def _datetime_text(value: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` (UTC) of a datetime cell; naive plain datetimes the fast way."""
    if type(value) is datetime and value.tzinfo is None:
        return value.isoformat(timespec="seconds")
    return datetime_to_text(value)


_ISOFORMAT = datetime.isoformat

# Stored texts of naive datetimes met recently. Formatting costs ~0.35 us a cell and time
# series of different elements usually share their time axis, so one lookup per cell replaces
# it. Bounded (emptied when full); long columns neither use nor fill it.
_NAIVE_TEXTS: dict[datetime, str] = {}
_NAIVE_TEXTS_LIMIT = 4096
_PLAIN_CELLS = frozenset((datetime, type(None)))
_TEXT_CELLS = frozenset((str, type(None)))
_PLUS_ONE = (1).__add__


def _datetime_texts(cells: Sequence[Any]) -> list[str | None]:
    """The stored texts of a datetime column (None stays None)."""
    if len(cells) <= _NAIVE_TEXTS_LIMIT // 4 and set(map(type, cells)) <= _PLAIN_CELLS:
        try:
            texts: list[str | None] = list(map(_NAIVE_TEXTS.get, cells))  # None -> None
        except Exception:  # an aware cell whose offset fails: the sweep below raises it
            pass
        else:
            if None in texts:
                _remember_texts(cells, texts)
            return texts
    return _format_texts(cells)


def _remember_texts(cells: Sequence[Any], texts: list[str | None]) -> None:
    """Fills the cache misses of ``texts`` (cells of type datetime or None)."""
    known = _NAIVE_TEXTS
    if len(known) + len(cells) > _NAIVE_TEXTS_LIMIT:
        known.clear()
    for index, (text, value) in enumerate(zip(texts, cells, strict=True)):
        if text is None and value is not None:
            text = texts[index] = _datetime_text(value)
            if value.tzinfo is None:
                known[value] = text


def _format_texts(cells: Sequence[Any]) -> list[str | None]:
    """The stored texts of a datetime column, formatted cell by cell.

    Naive datetimes without sub-seconds, the usual case, are formatted in one C-level sweep:
    their ``isoformat()`` is exactly the stored form and 19 characters long; any other cell
    (None, aware, with microseconds) takes the per-cell path.
    """
    try:
        texts: list[str | None] = list(map(_ISOFORMAT, cells))
    except TypeError:  # a None cell
        return [None if v is None else _datetime_text(v) for v in cells]
    if set(map(len, texts)) == {19}:  # type: ignore[arg-type]
        return texts
    return [
        t if t is not None and len(t) == 19 else _datetime_text(v)
        for t, v in zip(texts, cells, strict=True)
    ]


class _ColumnInput:
    """The core's columnar input for one column dict; owns every C buffer until dropped."""

    def __init__(self, data: ColumnData | None) -> None:
        self._keep: list[Any] = []
        self.count = 0
        self.rows = 0
        self.names: Any = ffi.NULL
        self.types: Any = ffi.NULL
        self.data: Any = ffi.NULL
        self.masks: Any = ffi.NULL
        if not data:
            return
        columns = list(data.values())
        rows = len(columns[0])
        for name, cells in data.items():
            if len(cells) != rows:
                raise ValueError(
                    f"All column lists must have the same length, got {len(cells)} for '{name}'"
                )
        names, types, pointers, masks = [], [], [], []
        any_mask = False
        keep = self._keep
        for name, cells in data.items():
            encoded = ffi.new("char[]", encode(name))
            cell_types = set(map(type, cells))
            kind = _column_kind(name, cells, cell_types)
            code, pointer, mask = self._column(kind, cells, _NONE_TYPE in cell_types)
            keep.append(encoded)
            names.append(encoded)
            types.append(code)
            pointers.append(pointer)
            masks.append(mask)
            any_mask = any_mask or mask is not _NULL
        self.count = len(names)
        self.rows = rows
        self.names = ffi.new("char*[]", names)
        self.types = ffi.new("int[]", types)
        self.data = ffi.new("void*[]", pointers)
        if any_mask:
            self.masks = ffi.new("uint8_t*[]", masks)

    def arguments(self) -> tuple[Any, Any, Any, Any, int, int]:
        """The six trailing arguments of every group writer."""
        return self.names, self.types, self.data, self.masks, self.count, self.rows

    def _column(
        self, kind: str | None, cells: Sequence[Any], has_none: bool
    ) -> tuple[int, Any, Any]:
        """(type code, data pointer, mask pointer) of one column; ``has_none``: a cell is None."""
        if kind is None:
            return _FLOAT, _NULL, _NULL  # every cell NULL: no data needed
        if kind == _KIND_DATETIME:
            return _STRING, self._texts(_datetime_texts(cells), has_none, plain=True), _NULL
        if kind == _KIND_STR:
            return _STRING, self._texts(cells, has_none), _NULL
        if has_none:
            values: Sequence[Any] = [0 if v is None else v for v in cells]
        else:
            values = cells if type(cells) in (list, tuple) else list(cells)
        array = ffi.new("int64_t[]" if kind == _KIND_INT else "double[]", values)
        self._keep.append(array)
        mask: Any = _NULL
        if has_none:
            flags = bytearray(0 if v is None else 1 for v in cells)
            mask = ffi.from_buffer("uint8_t[]", flags)
            self._keep.append(flags)
            self._keep.append(mask)
        code = _INTEGER if kind == _KIND_INT else _FLOAT
        return code, array, mask

    def _texts(self, cells: Sequence[str | None], has_none: bool, plain: bool = False) -> Any:
        """A char* array over one buffer holding every text NUL-terminated (NULL for None).

        ``has_none``: some cell is None; ``plain``: every cell is known to be a ``str`` (not a
        subclass) or None.
        """
        buffer = addresses = None
        if plain or set(map(type, cells)) <= _TEXT_CELLS:
            buffer, addresses = _ascii_texts(cells, has_none)
        if buffer is None:
            encoded = [b"" if v is None else v.encode("utf-8") for v in cells]
            buffer = ffi.new("char[]", b"\0".join(encoded) + b"\0")
            base = int(ffi.cast("uintptr_t", buffer))
            starts = accumulate((len(b) + 1 for b in encoded), initial=base)
            addresses = [0 if v is None else a for v, a in zip(cells, starts, strict=False)]
        pointers = ffi.new("uintptr_t[]", addresses)
        self._keep.append(buffer)
        self._keep.append(pointers)
        return ffi.cast("char**", pointers)


def _ascii_texts(cells: Sequence[str | None], has_none: bool) -> tuple[Any, Any]:
    """(buffer, addresses) of plain ``str`` cells (or None) that are all ASCII, encoded in one
    go; (None, None) otherwise (the per-cell path then encodes them, raising as it goes)."""
    texts: Sequence[str] = [v or "" for v in cells] if has_none else cells  # type: ignore[assignment]
    joined = "\0".join(texts)
    try:
        data = (joined + "\0").encode("utf-8")
    except UnicodeEncodeError:
        return None, None
    if len(data) != len(joined) + 1:  # not ASCII: byte offsets differ from text lengths
        return None, None
    buffer = ffi.new("char[]", data)
    base = int(ffi.cast("uintptr_t", buffer))
    lengths = set(map(len, texts))
    if len(lengths) == 1 and not has_none:  # e.g. a date-time column: evenly spaced texts
        step = lengths.pop() + 1
        return buffer, list(range(base, base + step * len(texts), step))
    starts = accumulate(map(_PLUS_ONE, map(len, texts)), initial=base)
    if has_none:
        return buffer, [0 if v is None else a for v, a in zip(cells, starts, strict=False)]
    return buffer, list(islice(starts, len(texts)))


def _read_columns(
    function: Any, ptr: Any, collection: str, group: str, id: int
) -> tuple[list[str], list[int], list[list[Any]], int]:
    """Calls a packed columnar group reader: (names, type codes, column values, row count).

    Text that is not valid UTF-8 is decoded with replacement characters."""
    return read_columns(function, ptr, encode(collection), encode(group), id)


class GroupsMixin(DatabaseBase):
    """Whole-group reads and writes of vector, set and time-series groups."""

    # -- vector and set groups ----------------------------------------------------------------

    def _read_rows(
        self, function: Any, collection: str, group: str, id: int
    ) -> tuple[list[str], list[list[Any]], int]:
        """Rows of a vector or set group as columns; DATE_TIME columns parsed."""
        with self._lock:
            ptr = self._handle()
            names, types, columns, rows = _read_columns(function, ptr, collection, group, id)
        for c, code in enumerate(types):
            if code == _DATE_TIME:
                columns[c] = texts_to_datetimes(columns[c], collection, names[c])
        return names, columns, rows

    def read_vector_group_by_id(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """The rows of element ``id`` in a vector group, in vector order.

        Each row maps ``"vector_index"`` (its 0-based position) and then every value column of
        the group to its value; DATE_TIME columns hold aware UTC datetimes. ``[]`` when the
        element has no rows or does not exist.
        """
        names, columns, rows = self._read_rows(
            lib.quiver_database_read_vector_group_by_id_packed, collection, group, id
        )
        keys = ["vector_index", *names]
        return [
            dict(zip(keys, (i, *cells), strict=True))
            for i, cells in enumerate(_row_cells(columns, rows))
        ]

    def read_set_group_by_id(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """The rows of element ``id`` in a set group, in the order they were written.

        Each row maps every column of the group except ``id`` to its value; DATE_TIME columns
        hold aware UTC datetimes. ``[]`` when the element has no rows or does not exist.
        """
        names, columns, rows = self._read_rows(
            lib.quiver_database_read_set_group_by_id_packed, collection, group, id
        )
        return [dict(zip(names, cells, strict=True)) for cells in _row_cells(columns, rows)]

    def update_vector_group(
        self, collection: str, group: str, id: int, data: ColumnData | None
    ) -> None:
        """Replace every row of element ``id`` in a vector group by the rows of ``data``.

        ``data`` maps column names to equally long lists (row i = the i-th cell of each list);
        rows get positions 1, 2, ... in list order and omitted columns their SQL default.
        Relation columns take labels or ids. An empty ``data`` removes the element's rows.
        Nothing changes when the call fails.
        """
        self._write_by_id(lib.quiver_database_update_vector_group, collection, group, id, data)

    def update_vector_group_by_label(
        self, collection: str, group: str, label: str, data: ColumnData | None
    ) -> None:
        """:meth:`update_vector_group` for the element with the given label."""
        self._write_by_label(
            lib.quiver_database_update_vector_group_by_label, collection, group, label, data
        )

    def update_set_group(
        self, collection: str, group: str, id: int, data: ColumnData | None
    ) -> None:
        """Replace every row of element ``id`` in a set group by the rows of ``data``.

        Same column dict and rules as :meth:`update_vector_group`; repeated rows violate the
        set's UNIQUE constraint.
        """
        self._write_by_id(lib.quiver_database_update_set_group, collection, group, id, data)

    def update_set_group_by_label(
        self, collection: str, group: str, label: str, data: ColumnData | None
    ) -> None:
        """:meth:`update_set_group` for the element with the given label."""
        self._write_by_label(
            lib.quiver_database_update_set_group_by_label, collection, group, label, data
        )

    # -- time-series groups -------------------------------------------------------------------

    def read_time_series_group(self, collection: str, group: str, id: int) -> dict[str, list[Any]]:
        """The rows of element ``id`` in a time-series group, in column form.

        Keys: the date-time dimension (aware UTC datetimes) first, then every other column
        except ``id`` in declaration order. Rows are sorted by time, then by the other
        dimensions. Other DATE_TIME columns are returned as their stored text. ``{}`` when the
        element has no rows.
        """
        with self._lock:
            ptr = self._handle()
            names, _, columns, rows = _read_columns(
                lib.quiver_database_read_time_series_group_packed, ptr, collection, group, id
            )
        if not names or rows == 0:
            return {}
        columns[0] = texts_to_datetimes(columns[0], collection, names[0])
        return dict(zip(names, columns, strict=True))

    def update_time_series_group(
        self, collection: str, group: str, id: int, data: ColumnData | None
    ) -> None:
        """Replace every row of element ``id`` in a time-series group by the rows of ``data``.

        Every dimension column must be given. Date-times may be datetimes or strings in one of
        the accepted shapes; they are stored as ``YYYY-MM-DDTHH:MM:SS``. Relation columns take
        ids only. An empty ``data`` removes the element's rows. Nothing changes when the call
        fails.
        """
        self._write_by_id(lib.quiver_database_update_time_series_group, collection, group, id, data)

    def update_time_series_group_by_label(
        self, collection: str, group: str, label: str, data: ColumnData | None
    ) -> None:
        """:meth:`update_time_series_group` for the element with the given label."""
        self._write_by_label(
            lib.quiver_database_update_time_series_group_by_label, collection, group, label, data
        )

    # -- shared -----------------------------------------------------------------------------

    def _write_by_id(
        self, function: Any, collection: str, group: str, id: int, data: ColumnData | None
    ) -> None:
        with self._lock:
            ptr = self._handle()
            c_collection, c_group = encode(collection), encode(group)
            columns = _ColumnInput(data)
            check(function(ptr, c_collection, c_group, id, *columns.arguments()))

    def _write_by_label(
        self, function: Any, collection: str, group: str, label: str, data: ColumnData | None
    ) -> None:
        with self._lock:
            ptr = self._handle()
            c_collection, c_group, c_label = encode(collection), encode(group), encode(label)
            columns = _ColumnInput(data)
            check(function(ptr, c_collection, c_group, c_label, *columns.arguments()))


def _row_cells(columns: list[list[Any]], rows: int) -> Any:
    """Row tuples of the columns (empty tuples when the group has no value column)."""
    if columns:
        return zip(*columns, strict=True)
    return (() for _ in range(rows))
