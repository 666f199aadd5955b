"""Database methods for column and group metadata, listings and describe()."""

from __future__ import annotations

from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._ffi import check, decode, encode, ffi, lib
from quiverdb.metadata import DataType, GroupMetadata, ScalarMetadata

__all__ = ["MetadataMixin", "list_groups", "list_scalar_attributes"]


def _optional(text: Any) -> str | None:
    return decode(text) if text != ffi.NULL else None


def _scalar(m: Any) -> ScalarMetadata:
    """A :class:`ScalarMetadata` from a filled ``quiver_scalar_metadata_t``."""
    return ScalarMetadata(
        name=decode(m.name),
        data_type=DataType(m.data_type),
        not_null=bool(m.not_null),
        primary_key=bool(m.primary_key),
        default_value=_optional(m.default_value),
        is_foreign_key=bool(m.is_foreign_key),
        references_collection=_optional(m.references_collection),
        references_column=_optional(m.references_column),
    )


def _group(m: Any) -> GroupMetadata:
    """A :class:`GroupMetadata` from a filled ``quiver_group_metadata_t``."""
    columns = [_scalar(m.value_columns[i]) for i in range(m.value_column_count)]
    dimension = decode(m.dimension_column) if m.dimension_column != ffi.NULL else ""
    return GroupMetadata(
        group_name=decode(m.group_name), dimension_column=dimension, value_columns=columns
    )


# One entry per group kind: (get function, list function).
_GROUP_CALLS = {
    "vector": ("quiver_database_get_vector_metadata", "quiver_database_list_vector_groups"),
    "set": ("quiver_database_get_set_metadata", "quiver_database_list_set_groups"),
    "time_series": (
        "quiver_database_get_time_series_metadata",
        "quiver_database_list_time_series_groups",
    ),
}


def list_scalar_attributes(ptr: Any, collection: str) -> list[ScalarMetadata]:
    """Every column of ``collection`` on the open handle ``ptr`` (caller holds the lock)."""
    out = ffi.new("quiver_scalar_metadata_t**")
    count = ffi.new("size_t*")
    check(lib.quiver_database_list_scalar_attributes(ptr, encode(collection), out, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return [_scalar(out[0][i]) for i in range(n)]
    finally:
        lib.quiver_database_free_scalar_metadata_array(out[0], n)


def list_groups(ptr: Any, kind: str, collection: str) -> list[GroupMetadata]:
    """The ``kind`` groups ("vector", "set", "time_series") of ``collection``, by group name."""
    out = ffi.new("quiver_group_metadata_t**")
    count = ffi.new("size_t*")
    check(getattr(lib, _GROUP_CALLS[kind][1])(ptr, encode(collection), out, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return [_group(out[0][i]) for i in range(n)]
    finally:
        lib.quiver_database_free_group_metadata_array(out[0], n)


class MetadataMixin(DatabaseBase):
    """Column and group metadata, listings and describe()."""

    def _get_group_metadata(self, kind: str, collection: str, group_name: str) -> GroupMetadata:
        with self._lock:
            ptr = self._handle()
            out = ffi.new("quiver_group_metadata_t*")
            fn = getattr(lib, _GROUP_CALLS[kind][0])
            check(fn(ptr, encode(collection), encode(group_name), out))
            try:
                return _group(out)
            finally:
                lib.quiver_database_free_group_metadata(out)

    def get_scalar_metadata(self, collection: str, attribute: str) -> ScalarMetadata:
        """Describe the column ``attribute`` of ``collection``'s table."""
        with self._lock:
            ptr = self._handle()
            out = ffi.new("quiver_scalar_metadata_t*")
            check(
                lib.quiver_database_get_scalar_metadata(
                    ptr, encode(collection), encode(attribute), out
                )
            )
            try:
                return _scalar(out)
            finally:
                lib.quiver_database_free_scalar_metadata(out)

    def get_vector_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Describe the vector group ``group_name`` (a group name such as ``costs``)."""
        return self._get_group_metadata("vector", collection, group_name)

    def get_set_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Describe the set group ``group_name``."""
        return self._get_group_metadata("set", collection, group_name)

    def get_time_series_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Describe the time-series group ``group_name``, including its dimension column."""
        return self._get_group_metadata("time_series", collection, group_name)

    def list_scalar_attributes(self, collection: str) -> list[ScalarMetadata]:
        """Every column of the collection's table, in declaration order (``id``, ``label``, ...)."""
        with self._lock:
            return list_scalar_attributes(self._handle(), collection)

    def list_vector_groups(self, collection: str) -> list[GroupMetadata]:
        """The collection's vector groups, sorted by group name."""
        with self._lock:
            return list_groups(self._handle(), "vector", collection)

    def list_set_groups(self, collection: str) -> list[GroupMetadata]:
        """The collection's set groups, sorted by group name."""
        with self._lock:
            return list_groups(self._handle(), "set", collection)

    def list_time_series_groups(self, collection: str) -> list[GroupMetadata]:
        """The collection's time-series groups, sorted by group name."""
        with self._lock:
            return list_groups(self._handle(), "time_series", collection)
