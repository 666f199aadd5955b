"""Database methods for scalar, vector and set reads (bulk and by id), element ids and counts.

The core returns typed arrays with presence masks; they are copied out in one step each
(``ffi.unpack`` / ``ffi.buffer``) and freed right away. Bulk string reads and vector and set
reads use the core's packed readers (every text of a result in one buffer, see ``_packed``).
Booleans and date-times are read as integers and strings and converted here; conversion errors
name the source as ``'<collection>.<attribute>'``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._convert import int_to_bool, text_to_datetime, texts_to_datetimes
from quiverdb._ffi import check, encode, ffi, lib, scratch
from quiverdb._metadata import list_groups, list_scalar_attributes
from quiverdb._packed import read_grouped, read_values
from quiverdb.metadata import DataType

__all__ = ["ReadsMixin"]

# Per value type: (C value type, flat free function) of the classic numeric readers.
_NUMERIC = {
    "integers": ("int64_t", lib.quiver_database_free_integer_array),
    "floats": ("double", lib.quiver_database_free_float_array),
}
# The type argument of the packed readers.
_PACKED_TYPE = {"integers": DataType.INTEGER, "floats": DataType.FLOAT, "strings": DataType.STRING}
_NESTED = {
    "vector": lib.quiver_database_read_vector_packed,
    "set": lib.quiver_database_read_set_packed,
}
_BY_ID = {
    "vector": lib.quiver_database_read_vector_by_id_packed,
    "set": lib.quiver_database_read_set_by_id_packed,
}


def _masked(values: list[Any], mask_ptr: Any, n: int) -> list[Any]:
    """``values`` with ``None`` where the mask byte is 0."""
    mask = ffi.buffer(mask_ptr, n)[:]
    if 0 not in mask:
        return values
    return [v if m else None for v, m in zip(values, mask, strict=True)]


def _to_bools(values: list[int | None], collection: str, attribute: str) -> list[bool | None]:
    return [None if v is None else int_to_bool(v, collection, attribute) for v in values]


def _to_datetimes(
    values: list[str | None], collection: str, attribute: str
) -> list[datetime | None]:
    return texts_to_datetimes(values, collection, attribute)


# ---- calls on an open handle (the caller holds the lock) ------------------------------------


def _scalars_numeric(ptr: Any, kind: str, collection: str, attribute: str) -> list[Any]:
    ctype, free_array = _NUMERIC[kind]
    c, a = encode(collection), encode(attribute)
    values = ffi.new(f"{ctype}**")
    mask = ffi.new("uint8_t**")
    count = ffi.new("size_t*")
    check(getattr(lib, f"quiver_database_read_scalar_{kind}")(ptr, c, a, values, mask, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return _masked(ffi.unpack(values[0], n), mask[0], n)
    finally:
        free_array(values[0])
        lib.quiver_database_free_mask(mask[0])


def _scalars_strings(ptr: Any, collection: str, attribute: str) -> list[str | None]:
    """Text values, ``None`` for NULL and non-text; invalid UTF-8 raises ``UnicodeDecodeError``
    as in the reference."""
    c, a = encode(collection), encode(attribute)
    return read_values(lib.quiver_database_read_scalar_packed, ptr, c, a, DataType.STRING)


_read_integer_by_id = lib.quiver_database_read_scalar_integer_by_id
_read_float_by_id = lib.quiver_database_read_scalar_float_by_id
_read_string_by_id = lib.quiver_database_read_scalar_string_by_id
_free_string = lib.quiver_database_free_string


def _integer_by_id(ptr: Any, collection: str, attribute: str, id: int) -> int | None:
    # Per-element reads are hot: bound functions and the thread's output cells, no ffi.new.
    out, has = scratch.int64, scratch.flag
    c, a = collection.encode("utf-8"), attribute.encode("utf-8")
    rc = _read_integer_by_id(ptr, c, a, id, out, has)
    if rc:
        check(rc)
    return out[0] if has[0] else None


def _float_by_id(ptr: Any, collection: str, attribute: str, id: int) -> float | None:
    out, has = scratch.double, scratch.flag
    c, a = collection.encode("utf-8"), attribute.encode("utf-8")
    rc = _read_float_by_id(ptr, c, a, id, out, has)
    if rc:
        check(rc)
    return out[0] if has[0] else None


def _string_by_id(ptr: Any, collection: str, attribute: str, id: int) -> str | None:
    out, has = scratch.text, scratch.flag
    c, a = collection.encode("utf-8"), attribute.encode("utf-8")
    rc = _read_string_by_id(ptr, c, a, id, out, has)
    if rc:
        check(rc)
    if not has[0]:
        return None
    value = out[0]
    try:
        return ffi.string(value).decode("utf-8")  # type: ignore[no-any-return]
    finally:
        _free_string(value)


_SCALAR_BY_ID = {"integer": _integer_by_id, "float": _float_by_id, "string": _string_by_id}


def _scalar_by_id(ptr: Any, kind: str, collection: str, attribute: str, id: int) -> Any:
    return _SCALAR_BY_ID[kind](ptr, collection, attribute, id)


def _nested(ptr: Any, group: str, kind: str, collection: str, attribute: str) -> list[list[Any]]:
    """One list per element of a vector or set column (``kind``: integers, floats, strings)."""
    c, a = encode(collection), encode(attribute)
    return read_grouped(_NESTED[group], ptr, c, a, _PACKED_TYPE[kind])


def _flat_by_id(
    ptr: Any, group: str, kind: str, collection: str, attribute: str, id: int
) -> list[Any]:
    c, a = encode(collection), encode(attribute)
    return read_values(_BY_ID[group], ptr, c, a, id, _PACKED_TYPE[kind])


def _group_values(
    ptr: Any, group: str, data_type: int, collection: str, column: str, id: int
) -> list[Any]:
    """One group column of one element, read with the reader matching the column's type."""
    if data_type == DataType.INTEGER:
        return _flat_by_id(ptr, group, "integers", collection, column, id)
    if data_type == DataType.FLOAT:
        return _flat_by_id(ptr, group, "floats", collection, column, id)
    values = _flat_by_id(ptr, group, "strings", collection, column, id)
    if data_type == DataType.DATE_TIME:
        return _to_datetimes(values, collection, column)
    return values


def _groups_by_id(ptr: Any, group: str, collection: str, id: int) -> dict[str, list[Any]]:
    result: dict[str, list[Any]] = {}
    for metadata in list_groups(ptr, group, collection):
        for column in metadata.value_columns:
            result[column.name] = _group_values(
                ptr, group, column.data_type, collection, column.name, id
            )
    return result


class ReadsMixin(DatabaseBase):
    """Scalar, vector and set reads (bulk and by id), element ids and counts."""

    # -- element ids and counts ---------------------------------------------------------------

    def read_element_ids(self, collection: str) -> list[int]:
        """Ids of every element of ``collection``, ascending."""
        with self._lock:
            ptr = self._handle()
            ids = ffi.new("int64_t**")
            count = ffi.new("size_t*")
            check(lib.quiver_database_read_element_ids(ptr, encode(collection), ids, count))
            n = count[0]
            if n == 0:
                return []
            try:
                return ffi.unpack(ids[0], n)  # type: ignore[no-any-return]
            finally:
                lib.quiver_database_free_integer_array(ids[0])

    def number_of_elements(self, collection: str) -> int:
        """Number of elements (rows) of ``collection``."""
        with self._lock:
            ptr = self._handle()
            out = ffi.new("int64_t*")
            check(lib.quiver_database_number_of_elements(ptr, encode(collection), out))
            return int(out[0])

    # -- bulk scalar reads --------------------------------------------------------------------

    def read_scalar_integers(self, collection: str, attribute: str) -> list[int | None]:
        """One value per element (ascending id); ``None`` for NULL and non-integer values."""
        with self._lock:
            return _scalars_numeric(self._handle(), "integers", collection, attribute)

    def read_scalar_floats(self, collection: str, attribute: str) -> list[float | None]:
        """One value per element; integers are widened, text reads as ``None``."""
        with self._lock:
            return _scalars_numeric(self._handle(), "floats", collection, attribute)

    def read_scalar_strings(self, collection: str, attribute: str) -> list[str | None]:
        """One value per element, as stored; ``None`` for NULL and non-text values."""
        with self._lock:
            return _scalars_strings(self._handle(), collection, attribute)

    def read_scalar_booleans(self, collection: str, attribute: str) -> list[bool | None]:
        """Integer values mapped 0 -> False, 1 -> True; other integers raise ``ValueError``."""
        with self._lock:
            values = _scalars_numeric(self._handle(), "integers", collection, attribute)
        return _to_bools(values, collection, attribute)

    def read_scalar_date_times(self, collection: str, attribute: str) -> list[datetime | None]:
        """Text values parsed as UTC date-times; unparsable text raises ``ValueError``."""
        with self._lock:
            values = _scalars_strings(self._handle(), collection, attribute)
        return _to_datetimes(values, collection, attribute)

    # -- scalar reads by id -------------------------------------------------------------------

    def read_scalar_integer_by_id(self, collection: str, attribute: str, id: int) -> int | None:
        """The value of one element; ``None`` for NULL, a non-integer or a missing element."""
        with self._lock:
            return _integer_by_id(self._handle(), collection, attribute, id)

    def read_scalar_float_by_id(self, collection: str, attribute: str, id: int) -> float | None:
        """The value of one element as a float (integers widened), or ``None``."""
        with self._lock:
            return _float_by_id(self._handle(), collection, attribute, id)

    def read_scalar_string_by_id(self, collection: str, attribute: str, id: int) -> str | None:
        """The text of one element, as stored, or ``None``."""
        with self._lock:
            return _string_by_id(self._handle(), collection, attribute, id)

    def read_scalar_boolean_by_id(self, collection: str, attribute: str, id: int) -> bool | None:
        """The integer value of one element as a boolean, or ``None``."""
        with self._lock:
            value = _integer_by_id(self._handle(), collection, attribute, id)
        return None if value is None else int_to_bool(value, collection, attribute)

    def read_scalar_date_time_by_id(
        self, collection: str, attribute: str, id: int
    ) -> datetime | None:
        """The text of one element parsed as a UTC date-time, or ``None``."""
        with self._lock:
            value = _string_by_id(self._handle(), collection, attribute, id)
        return None if value is None else text_to_datetime(value, collection, attribute)

    # -- vector reads -------------------------------------------------------------------------

    def read_vector_integers(self, collection: str, attribute: str) -> list[list[int | None]]:
        """One list per element (ascending id), each in ``vector_index`` order."""
        with self._lock:
            return _nested(self._handle(), "vector", "integers", collection, attribute)

    def read_vector_floats(self, collection: str, attribute: str) -> list[list[float | None]]:
        """As :meth:`read_vector_integers` with floats (integers widened)."""
        with self._lock:
            return _nested(self._handle(), "vector", "floats", collection, attribute)

    def read_vector_strings(self, collection: str, attribute: str) -> list[list[str | None]]:
        """As :meth:`read_vector_integers` with text."""
        with self._lock:
            return _nested(self._handle(), "vector", "strings", collection, attribute)

    def read_vector_booleans(self, collection: str, attribute: str) -> list[list[bool | None]]:
        """As :meth:`read_vector_integers` with 0/1 mapped to booleans."""
        with self._lock:
            vectors = _nested(self._handle(), "vector", "integers", collection, attribute)
        return [_to_bools(v, collection, attribute) for v in vectors]

    def read_vector_date_times(
        self, collection: str, attribute: str
    ) -> list[list[datetime | None]]:
        """As :meth:`read_vector_strings` with text parsed as UTC date-times."""
        with self._lock:
            vectors = _nested(self._handle(), "vector", "strings", collection, attribute)
        return [_to_datetimes(v, collection, attribute) for v in vectors]

    def read_vector_integers_by_id(
        self, collection: str, attribute: str, id: int
    ) -> list[int | None]:
        """The vector of one element in ``vector_index`` order; ``[]`` when it has none."""
        with self._lock:
            return _flat_by_id(self._handle(), "vector", "integers", collection, attribute, id)

    def read_vector_floats_by_id(
        self, collection: str, attribute: str, id: int
    ) -> list[float | None]:
        """As :meth:`read_vector_integers_by_id` with floats."""
        with self._lock:
            return _flat_by_id(self._handle(), "vector", "floats", collection, attribute, id)

    def read_vector_strings_by_id(
        self, collection: str, attribute: str, id: int
    ) -> list[str | None]:
        """As :meth:`read_vector_integers_by_id` with text."""
        with self._lock:
            return _flat_by_id(self._handle(), "vector", "strings", collection, attribute, id)

    def read_vector_booleans_by_id(
        self, collection: str, attribute: str, id: int
    ) -> list[bool | None]:
        """As :meth:`read_vector_integers_by_id` with 0/1 mapped to booleans."""
        with self._lock:
            values = _flat_by_id(self._handle(), "vector", "integers", collection, attribute, id)
        return _to_bools(values, collection, attribute)

    def read_vector_date_times_by_id(
        self, collection: str, attribute: str, id: int
    ) -> list[datetime | None]:
        """As :meth:`read_vector_strings_by_id` with text parsed as UTC date-times."""
        with self._lock:
            values = _flat_by_id(self._handle(), "vector", "strings", collection, attribute, id)
        return _to_datetimes(values, collection, attribute)

    # -- set reads ----------------------------------------------------------------------------

    def read_set_integers(self, collection: str, attribute: str) -> list[list[int | None]]:
        """One list per element (ascending id), each in insertion order."""
        with self._lock:
            return _nested(self._handle(), "set", "integers", collection, attribute)

    def read_set_floats(self, collection: str, attribute: str) -> list[list[float | None]]:
        """As :meth:`read_set_integers` with floats (integers widened)."""
        with self._lock:
            return _nested(self._handle(), "set", "floats", collection, attribute)

    def read_set_strings(self, collection: str, attribute: str) -> list[list[str | None]]:
        """As :meth:`read_set_integers` with text."""
        with self._lock:
            return _nested(self._handle(), "set", "strings", collection, attribute)

    def read_set_booleans(self, collection: str, attribute: str) -> list[list[bool | None]]:
        """As :meth:`read_set_integers` with 0/1 mapped to booleans."""
        with self._lock:
            sets = _nested(self._handle(), "set", "integers", collection, attribute)
        return [_to_bools(s, collection, attribute) for s in sets]

    def read_set_date_times(self, collection: str, attribute: str) -> list[list[datetime | None]]:
        """As :meth:`read_set_strings` with text parsed as UTC date-times."""
        with self._lock:
            sets = _nested(self._handle(), "set", "strings", collection, attribute)
        return [_to_datetimes(s, collection, attribute) for s in sets]

    def read_set_integers_by_id(self, collection: str, attribute: str, id: int) -> list[int | None]:
        """The set of one element in insertion order; ``[]`` when it has none."""
        with self._lock:
            return _flat_by_id(self._handle(), "set", "integers", collection, attribute, id)

    def read_set_floats_by_id(self, collection: str, attribute: str, id: int) -> list[float | None]:
        """As :meth:`read_set_integers_by_id` with floats."""
        with self._lock:
            return _flat_by_id(self._handle(), "set", "floats", collection, attribute, id)

    def read_set_strings_by_id(self, collection: str, attribute: str, id: int) -> list[str | None]:
        """As :meth:`read_set_integers_by_id` with text."""
        with self._lock:
            return _flat_by_id(self._handle(), "set", "strings", collection, attribute, id)

    def read_set_booleans_by_id(
        self, collection: str, attribute: str, id: int
    ) -> list[bool | None]:
        """As :meth:`read_set_integers_by_id` with 0/1 mapped to booleans."""
        with self._lock:
            values = _flat_by_id(self._handle(), "set", "integers", collection, attribute, id)
        return _to_bools(values, collection, attribute)

    def read_set_date_times_by_id(
        self, collection: str, attribute: str, id: int
    ) -> list[datetime | None]:
        """As :meth:`read_set_strings_by_id` with text parsed as UTC date-times."""
        with self._lock:
            values = _flat_by_id(self._handle(), "set", "strings", collection, attribute, id)
        return _to_datetimes(values, collection, attribute)

    # -- composite readers --------------------------------------------------------------------

    def read_scalars_by_id(self, collection: str, id: int) -> dict[str, Any]:
        """Every scalar column of one element, by declaration order; all ``None`` if missing.

        Each column is read with the reader of its type (DATE_TIME columns as datetimes,
        INTEGER columns as ints, also when used as booleans).
        """
        with self._lock:
            ptr = self._handle()
            result: dict[str, Any] = {}
            for column in list_scalar_attributes(ptr, collection):
                name = column.name
                if column.data_type == DataType.INTEGER:
                    result[name] = _scalar_by_id(ptr, "integer", collection, name, id)
                elif column.data_type == DataType.FLOAT:
                    result[name] = _scalar_by_id(ptr, "float", collection, name, id)
                else:
                    text = _scalar_by_id(ptr, "string", collection, name, id)
                    if column.data_type == DataType.DATE_TIME and text is not None:
                        text = text_to_datetime(text, collection, name)
                    result[name] = text
            return result

    def read_vectors_by_id(self, collection: str, id: int) -> dict[str, list[Any]]:
        """Every vector column of one element (groups by name, columns in declaration order)."""
        with self._lock:
            return _groups_by_id(self._handle(), "vector", collection, id)

    def read_sets_by_id(self, collection: str, id: int) -> dict[str, list[Any]]:
        """Every set column of one element (groups by name, columns in declaration order)."""
        with self._lock:
            return _groups_by_id(self._handle(), "set", collection, id)

    def read_element_by_id(self, collection: str, id: int) -> dict[str, Any]:
        """Scalars, then vector columns, then set columns of one element (no time series).

        A set column sharing a name with a vector column replaces its value in place.
        """
        with self._lock:
            result = self.read_scalars_by_id(collection, id)
            result.update(self.read_vectors_by_id(collection, id))
            result.update(self.read_sets_by_id(collection, id))
            return result
