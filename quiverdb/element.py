"""The element builder the write methods fill: named scalars and named arrays in a native element.

Applications rarely need it: :meth:`Database.create_element` and :meth:`Database.update_element`
build one from their keyword arguments. Values are checked and converted here, before anything
reaches the database (python-api-core.md 3.3); where they go and whether they fit the schema is
decided by the core when the element is written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from quiverdb._convert import datetime_to_text
from quiverdb._ffi import check, decode, encode, ffi, lib

__all__ = ["Element"]

_NONE_IN_LIST = (
    "Unsupported array element type NoneType for Element.set('{}'): write NULL cells with "
    "update_vector_group, update_set_group or update_time_series_group"
)

# Kinds of list a first item establishes.
_INT, _FLOAT, _STR, _DATETIME = range(4)


def _list_kind(name: object, values: list[Any]) -> int:
    """The array type of a list (all items checked); raises TypeError like the reference."""
    for value in values:
        if value is None:
            raise TypeError(_NONE_IN_LIST.format(name))
    kind = -1
    for index, value in enumerate(values):
        if isinstance(value, (int, float)):
            if kind == -1:
                kind = _FLOAT if isinstance(value, float) else _INT
                continue
            if kind in (_INT, _FLOAT):
                if isinstance(value, float):
                    kind = _FLOAT
                continue
        elif isinstance(value, str):
            if kind in (-1, _STR):
                kind = _STR
                continue
        elif isinstance(value, datetime) and kind in (-1, _DATETIME):
            kind = _DATETIME
            continue
        raise TypeError(
            f"Unsupported value type {type(value).__name__} in cell {index} of column '{name}'"
        )
    return kind


class Element:
    """A native element: a bag of named scalars and named arrays.

    Scalars and arrays live in two maps; setting a name again replaces the earlier value of the
    same map. ``repr()`` shows the content with names sorted.
    """

    _ptr: Any

    def __init__(self) -> None:
        out = ffi.new("quiver_element_t**")
        check(lib.quiver_element_create(out))
        self._ptr = out[0]

    def _native(self) -> Any:
        """The native element, or NULL once destroyed (the core then reports the misuse)."""
        return ffi.NULL if self._ptr is None else self._ptr

    def set(self, name: str, value: object) -> Element:
        """Store ``value`` under ``name`` and return ``self``.

        Accepted: ``None``, ``int`` (``bool`` as 0/1), ``float``, ``str``, ``datetime`` (as UTC
        text ``YYYY-MM-DDTHH:MM:SS``) and lists of one of those kinds (numbers mixing ``int`` and
        ``float`` become floats). Anything else raises ``TypeError``.
        """
        if value is None:
            check(lib.quiver_element_set_null(self._native(), encode(name)))
        elif isinstance(value, int):
            check(lib.quiver_element_set_integer(self._native(), encode(name), value))
        elif isinstance(value, float):
            check(lib.quiver_element_set_float(self._native(), encode(name), value))
        elif isinstance(value, str):
            check(lib.quiver_element_set_string(self._native(), encode(name), encode(value)))
        elif isinstance(value, datetime):
            text = encode(datetime_to_text(value))
            check(lib.quiver_element_set_string(self._native(), encode(name), text))
        elif isinstance(value, list):
            self._set_list(name, value)
        else:
            raise TypeError(f"Unsupported type {type(value).__name__} for Element.set('{name}')")
        return self

    def _set_list(self, name: str, values: list[Any]) -> None:
        kind = _list_kind(name, values)
        key = encode(name)
        count = len(values)
        if count == 0:
            check(lib.quiver_element_set_array_integer(self._native(), key, ffi.NULL, 0, ffi.NULL))
        elif kind == _INT:
            data = ffi.new("int64_t[]", values)
            check(lib.quiver_element_set_array_integer(self._native(), key, data, count, ffi.NULL))
        elif kind == _FLOAT:
            data = ffi.new("double[]", values)
            check(lib.quiver_element_set_array_float(self._native(), key, data, count, ffi.NULL))
        else:
            texts = values if kind == _STR else [datetime_to_text(v) for v in values]
            keep = [ffi.new("char[]", encode(text)) for text in texts]
            data = ffi.new("char*[]", keep)
            check(lib.quiver_element_set_array_string(self._native(), key, data, count, ffi.NULL))

    def clear(self) -> None:
        """Remove every scalar and array (an extension: the reference has no ``clear``)."""
        check(lib.quiver_element_clear(self._native()))

    def destroy(self) -> None:
        """Free the native element; later ``set()`` calls raise ``QuiverError``. Idempotent."""
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            lib.quiver_element_destroy(ptr)

    def __repr__(self) -> str:
        if self._ptr is None:
            return "Element(destroyed)"
        out = ffi.new("char**")
        check(lib.quiver_element_to_string(self._ptr, out))
        try:
            return decode(out[0])
        finally:
            lib.quiver_database_free_string(out[0])

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None:
            self.destroy()
