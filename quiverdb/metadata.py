"""Value types: data types, log levels, column and group metadata, CSV options."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["CSVOptions", "DataType", "GroupMetadata", "LogLevel", "ScalarMetadata"]


class DataType(enum.IntEnum):
    """Type of a column: INTEGER, REAL, TEXT, or TEXT named ``date_*`` (DATE_TIME)."""

    INTEGER = 0
    FLOAT = 1
    STRING = 2
    DATE_TIME = 3
    NULL = 4


class LogLevel(enum.IntEnum):
    """Minimum level of log records a database prints to stderr."""

    DEBUG = 0
    INFO = 1
    WARN = 2
    ERROR = 3
    OFF = 4


@dataclass(frozen=True)
class ScalarMetadata:
    """One column: its name, type, constraints, declared default and relation target."""

    name: str
    data_type: DataType
    not_null: bool
    primary_key: bool
    default_value: str | None
    is_foreign_key: bool
    references_collection: str | None
    references_column: str | None


@dataclass(frozen=True)
class GroupMetadata:
    """A vector, set or time-series group: its name, dimension column and value columns.

    ``dimension_column`` is the date-time column of a time-series group and ``""`` otherwise.
    """

    group_name: str
    dimension_column: str
    value_columns: list[ScalarMetadata]


@dataclass(frozen=True)
class CSVOptions:
    """How CSV files are written and read.

    ``date_time_format`` is a strftime-style format for date-time cells (``""`` keeps ISO text);
    ``enum_labels`` maps attribute -> locale -> label -> integer value.
    """

    date_time_format: str = ""
    enum_labels: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
