"""Database methods for CSV export and import (a collection's scalars or one group per file)."""

from __future__ import annotations

import os
from typing import Any, ClassVar

from quiverdb._base import DatabaseBase
from quiverdb._ffi import check, encode, encode_path, ffi, lib
from quiverdb.metadata import CSVOptions

__all__ = ["CSVMixin"]

PathArg = str | os.PathLike[str]


class _COptions:
    """A ``quiver_csv_options_t`` filled from :class:`CSVOptions`; keeps its buffers alive.

    The nested ``enum_labels`` mapping (attribute -> locale -> label -> value) is flattened into
    one (attribute, locale) group per locale, labels and values in iteration order.
    """

    def __init__(self, options: CSVOptions | None) -> None:
        if options is None:
            options = CSVOptions()
        fmt = ffi.new("char[]", encode(options.date_time_format))
        self._keep: list[Any] = [fmt]
        attributes: list[Any] = []
        locales: list[Any] = []
        counts: list[int] = []
        labels: list[Any] = []
        values: list[int] = []
        for attribute, by_locale in options.enum_labels.items():
            for locale, mapping in by_locale.items():
                attributes.append(self._text(attribute))
                locales.append(self._text(locale))
                counts.append(len(mapping))
                for label, value in mapping.items():
                    labels.append(self._text(label))
                    values.append(value)
        struct = ffi.new("quiver_csv_options_t*")
        struct.date_time_format = fmt
        struct.enum_group_count = len(attributes)
        if attributes:
            arrays = [
                ffi.new("const char*[]", attributes),
                ffi.new("const char*[]", locales),
                ffi.new("size_t[]", counts),
                ffi.new("const char*[]", labels or [ffi.NULL]),
                ffi.new("int64_t[]", values or [0]),
            ]
            self._keep += arrays
            struct.enum_attribute_names = arrays[0]
            struct.enum_locale_names = arrays[1]
            struct.enum_entry_counts = arrays[2]
            struct.enum_labels = arrays[3]
            struct.enum_values = arrays[4]
        self.struct = struct

    def _text(self, value: str) -> Any:
        buf = ffi.new("char[]", encode(value))
        self._keep.append(buf)
        return buf


class CSVMixin(DatabaseBase):
    """CSV files of a collection's scalar attributes (``group=""``) or of one group."""

    # The reference defines these methods on helper classes of these names, which Python's
    # TypeError for a wrong call shape shows ("DatabaseCSVExport.export_csv() takes 4 ...").
    _reference_owners: ClassVar[dict[str, str]] = {
        "export_csv": "DatabaseCSVExport",
        "import_csv": "DatabaseCSVImport",
    }

    def export_csv(
        self, collection: str, group: str, path: PathArg, *, options: CSVOptions | None = None
    ) -> None:
        """Write the collection's scalars (``group=""``) or one vector, set or time-series group
        to the CSV file at ``path`` (parent directories are created, an existing file replaced).

        Relations are written as labels; ``options`` sets the date-time format and enum labels.
        """
        with self._lock:
            ptr = self._handle()
            c_collection, c_group, c_path = encode(collection), encode(group), encode_path(path)
            c_options = _COptions(options)
            check(
                lib.quiver_database_export_csv(ptr, c_collection, c_group, c_path, c_options.struct)
            )

    def import_csv(
        self, collection: str, group: str, path: PathArg, *, options: CSVOptions | None = None
    ) -> None:
        """Replace the collection's scalars (``group=""``) or one group with the rows of the CSV
        file at ``path``.

        A scalar import updates listed elements by label, creates new ones and deletes the
        others; a group import replaces the group of every element. All or nothing: any error
        leaves the database unchanged, also inside a transaction.
        """
        with self._lock:
            ptr = self._handle()
            c_collection, c_group, c_path = encode(collection), encode(group), encode_path(path)
            c_options = _COptions(options)
            check(
                lib.quiver_database_import_csv(ptr, c_collection, c_group, c_path, c_options.struct)
            )
