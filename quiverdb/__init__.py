"""quiverdb: a schema-first SQLite store for decision-support models.

A study is a SQLite file whose tables follow naming conventions (collections, ``_vector_``,
``_set_`` and ``_time_series_`` groups, relations). :class:`Database` validates the schema and
gives typed access to scalars, vectors, sets and time series.
"""

from __future__ import annotations

from quiverdb._ffi import decode, lib
from quiverdb.database import Database
from quiverdb.exceptions import QuiverError
from quiverdb.metadata import CSVOptions, DataType, GroupMetadata, LogLevel, ScalarMetadata

__all__ = [
    "CSVOptions",
    "DataType",
    "Database",
    "GroupMetadata",
    "LogLevel",
    "QuiverError",
    "ScalarMetadata",
    "version",
]


def version() -> str:
    """Version of the quiverdb core library."""
    return decode(lib.quiver_version())


def sqlite_version() -> str:
    """Version of the SQLite library the core runs on."""
    return decode(lib.quiver_sqlite_version())
