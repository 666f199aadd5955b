"""The element builder the write methods fill: named scalars and named arrays in a native element.

Applications rarely need it: :meth:`Database.create_element` and :meth:`Database.update_element`
build one from their keyword arguments. Values are checked and converted here, before anything
reaches the database (python-api-core.md 3.3); where they go and whether they fit the schema is
decided by the core when the element is written.
"""

from __future__ import annotations

import threading
from array import array
from datetime import datetime
from typing import Any

from quiverdb._convert import datetime_to_text
from quiverdb._ffi import check, decode, encode, ffi, lib

__all__ = ["Element", "native_element", "release_native"]

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


# The packed arguments of quiver_element_set_values after the count: kinds, then names,
# integers, floats and texts, each followed by its size.
Packed = tuple[bytes, bytes, int, Any, int, Any, int, bytes, int]
_NULL = ffi.NULL


def _pack(values: dict[str, Any]) -> Packed | None:
    """All values in the packed form of ``quiver_element_set_values``, or ``None`` when one of
    them needs :meth:`Element.set` (an unsupported or subclassed type, a NUL character, a number
    out of range, text that is not UTF-8...), which then also raises the right error."""
    kinds = ""
    ints: list[Any] = []
    floats: list[Any] = []
    texts: list[str] = []
    try:
        for value in values.values():
            kind = type(value)
            if kind is float:
                kinds += "f"
                floats.append(value)
            elif kind is str:
                kinds += "s"
                texts.append(value)
            elif kind is int or kind is bool:
                kinds += "i"
                ints.append(value)
            elif value is None:
                kinds += "n"
            elif kind is datetime:
                kinds += "s"
                naive = value.tzinfo is None
                texts.append(
                    value.isoformat(timespec="seconds") if naive else datetime_to_text(value)
                )
            elif kind is list:
                items = set(map(type, value))
                ints.append(len(value))
                if items <= _INTEGERS:  # also the empty list, stored as an empty integer array
                    kinds += "I"
                    ints.extend(value)
                elif items <= _NUMBERS:
                    kinds += "F"
                    floats.extend(value)
                elif items == _TEXT:
                    kinds += "S"
                    texts.extend(value)
                elif items == _DATETIMES:
                    kinds += "S"
                    texts.extend(map(datetime_to_text, value))
                else:
                    return None
            else:
                return None
        key = tuple(values)
        names = _NAMES.get(key)
        if names is None:
            names = ("\0".join(values) + "\0").encode("utf-8")
            if names.count(0) != len(values):  # a NUL inside a name: let set() truncate it
                return None
            if len(_NAMES) >= _NAMES_LIMIT:
                _NAMES.clear()
            _NAMES[key] = names
        text = ("\0".join(texts) + "\0").encode("utf-8") if texts else b""
        integers = array("q", ints).tobytes() if ints else _NULL
        reals = array("d", floats).tobytes() if floats else _NULL
    except Exception:  # set() raises it again, in the order of the values
        return None
    # A NUL inside a text would shift everything after it: let set() truncate it.
    if text.count(0) != len(texts):
        return None
    return (
        kinds.encode("ascii"),
        names,
        len(names),
        integers,
        len(ints),
        reals,
        len(floats),
        text,
        len(text),
    )


# The packed names of each keyword tuple seen (the write calls of one collection repeat them).
_NAMES: dict[tuple[str, ...], bytes] = {}
_NAMES_LIMIT = 256
_INTEGERS = frozenset((int, bool))
_NUMBERS = frozenset((int, bool, float))
_TEXT = frozenset((str,))
_DATETIMES = frozenset((datetime,))


class _Spare(threading.local):
    """Cleared native elements of the calling thread, ready for the next write call."""

    def __init__(self) -> None:
        self.elements: list[Any] = []


_spare = _Spare()
_set_values = lib.quiver_element_set_values
_clear = lib.quiver_element_clear


def native_element(values: dict[str, Any]) -> Any:
    """A native element holding ``values`` as :meth:`Element.set` would store them one by one,
    filled with one core call in the usual cases. Hand it back with :func:`release_native`.

    Elements are reused per thread; one taken here belongs to the caller alone (a nested call on
    the same thread, e.g. from a log handler, gets another).
    """
    spare = _spare.elements
    if spare:
        ptr = spare.pop()
    else:
        out = ffi.new("quiver_element_t**")
        check(lib.quiver_element_create(out))
        ptr = ffi.gc(out[0], lib.quiver_element_destroy)
    try:
        if values:
            packed = _pack(values)
            if packed is not None:
                check(_set_values(ptr, len(values), *packed))
            else:
                for name, value in values.items():
                    _set(ptr, name, value)
    except BaseException:
        release_native(ptr)
        raise
    return ptr


def release_native(ptr: Any) -> None:
    """Empties an element from :func:`native_element` and keeps it for reuse."""
    _clear(ptr)
    spare = _spare.elements
    if len(spare) < 2:
        spare.append(ptr)
    else:
        ffi.release(ptr)


def _set(ptr: Any, name: str, value: object) -> None:
    """:meth:`Element.set` on a native element (NULL: the core reports the misuse)."""
    if value is None:
        check(lib.quiver_element_set_null(ptr, encode(name)))
    elif isinstance(value, int):
        check(lib.quiver_element_set_integer(ptr, encode(name), value))
    elif isinstance(value, float):
        check(lib.quiver_element_set_float(ptr, encode(name), value))
    elif isinstance(value, str):
        check(lib.quiver_element_set_string(ptr, encode(name), encode(value)))
    elif isinstance(value, datetime):
        text = encode(datetime_to_text(value))
        check(lib.quiver_element_set_string(ptr, encode(name), text))
    elif isinstance(value, list):
        _set_list(ptr, name, value)
    else:
        raise TypeError(f"Unsupported type {type(value).__name__} for Element.set('{name}')")


def _set_list(ptr: Any, name: str, values: list[Any]) -> None:
    kind = _list_kind(name, values)
    key = encode(name)
    count = len(values)
    if count == 0:
        check(lib.quiver_element_set_array_integer(ptr, key, ffi.NULL, 0, ffi.NULL))
    elif kind == _INT:
        data = ffi.new("int64_t[]", values)
        check(lib.quiver_element_set_array_integer(ptr, key, data, count, ffi.NULL))
    elif kind == _FLOAT:
        data = ffi.new("double[]", values)
        check(lib.quiver_element_set_array_float(ptr, key, data, count, ffi.NULL))
    else:
        texts = values if kind == _STR else [datetime_to_text(v) for v in values]
        keep = [ffi.new("char[]", encode(text)) for text in texts]
        data = ffi.new("char*[]", keep)
        check(lib.quiver_element_set_array_string(ptr, key, data, count, ffi.NULL))


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
        _set(self._native(), name, value)
        return self

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
