"""Results of the core's packed readers (``quiver_packed_values_t``, ``quiver_packed_columns_t``)
as Python lists.

A packed result holds every text of one result in one buffer, each text followed by a NUL, so
the whole result is decoded at once and split in C (``str.split``) instead of crossing the C
boundary value by value. Texts cannot contain NUL: the core cuts a stored text at its first NUL,
as the ``char*`` results of the reference C API do.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from typing import Any

from quiverdb._ffi import check, ffi, lib

__all__ = ["read_columns", "read_grouped", "read_values", "texts", "values"]

_INTEGER, _FLOAT = 0, 1


def texts(text: Any, size: int, errors: str = "strict") -> list[str]:
    """The texts of a packed text buffer of ``size`` bytes (NULs included).

    With ``errors="strict"`` invalid UTF-8 raises the ``UnicodeDecodeError`` that decoding the
    offending text on its own raises (positions within that text, as the reference reports).
    """
    data = ffi.buffer(text, size - 1)  # the last NUL ends the last text
    try:
        return str(data, "utf-8", errors).split("\0")
    except UnicodeDecodeError:
        # Decode text by text so that the error names the text, not the whole buffer.
        return [piece.decode("utf-8") for piece in data[:].split(b"\0")]


def values(packed: Any, errors: str = "strict") -> list[Any]:
    """The values of one ``quiver_packed_values_t``, ``None`` where the mask is 0."""
    n = packed.count
    if n == 0:
        return []
    kind = packed.type
    out: list[Any]
    if kind == _INTEGER:
        out = ffi.unpack(packed.integers, n)
    elif kind == _FLOAT:
        out = ffi.unpack(packed.floats, n)
    else:
        out = texts(packed.text, packed.text_size, errors)
    if packed.absent_count:
        mask = ffi.buffer(packed.mask, n)[:]
        out = [v if m else None for v, m in zip(out, mask, strict=True)]
    return out


def read_values(function: Callable[..., int], *args: Any, errors: str = "strict") -> list[Any]:
    """Calls a packed reader taking ``(*args, quiver_packed_values_t*)``; its flat values."""
    out = ffi.new("quiver_packed_values_t*")
    check(function(*args, out))
    try:
        return values(out, errors)
    finally:
        lib.quiver_database_free_packed_values(out)


def read_grouped(function: Callable[..., int], *args: Any) -> list[list[Any]]:
    """Calls a grouped packed reader (vectors or sets of every element); one list per element."""
    out = ffi.new("quiver_packed_values_t*")
    check(function(*args, out))
    try:
        groups = out.group_count
        if groups == 0:
            return []
        flat = values(out)
        ends = list(accumulate(ffi.unpack(out.sizes, groups)))
    finally:
        lib.quiver_database_free_packed_values(out)
    return [flat[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def read_columns(
    function: Callable[..., int], *args: Any, errors: str = "replace"
) -> tuple[list[str], list[int], list[list[Any]], int]:
    """Calls a columnar packed reader: (names, type codes, column values, row count)."""
    out = ffi.new("quiver_packed_columns_t*")
    check(function(*args, out))
    try:
        count, rows = out.column_count, out.row_count
        if count == 0:
            return [], [], [], rows
        names = texts(out.names, out.names_size, "replace")
        columns = out.columns
        types = [columns[c].type for c in range(count)]
        data = [values(columns[c], errors) for c in range(count)]
    finally:
        lib.quiver_database_free_packed_columns(out)
    return names, types, data, rows
