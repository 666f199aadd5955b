"""The :class:`Database` handle: opening, building from schemas and migrations, closing."""

from __future__ import annotations

import os
import warnings
from types import TracebackType
from typing import Any

from quiverdb._base import DatabaseBase, present_as_database_methods
from quiverdb._csv import CSVMixin
from quiverdb._describe import DescribeMixin
from quiverdb._elements import ElementsMixin
from quiverdb._ffi import check, decode, encode_path, ffi, lib, sync_log_level
from quiverdb._groups import GroupsMixin
from quiverdb._metadata import MetadataMixin
from quiverdb._query import QueryMixin
from quiverdb._reads import ReadsMixin
from quiverdb._time_series import TimeSeriesMixin
from quiverdb._transactions import TransactionsMixin
from quiverdb.metadata import LogLevel

__all__ = ["Database"]

PathArg = str | os.PathLike[str]


def _options(read_only: object, console_level: int | None) -> Any:
    """A C options struct; ``console_level=None`` prints warnings and errors only.

    Built before any path is encoded: a bad ``console_level`` is reported first, as in the
    reference.
    """
    options = ffi.new("quiver_database_options_t*")
    options.read_only = 1 if read_only else 0
    if console_level is None:
        level = int(LogLevel.WARN)
    elif not isinstance(console_level, int):
        raise TypeError("an integer is required")
    elif console_level < 0:
        raise OverflowError("can't convert negative number to unsigned")
    elif console_level >= 1 << 64:
        raise OverflowError("int too big to convert")
    elif console_level >= 1 << 32:
        raise OverflowError(f"integer {int(console_level)} does not fit 'quiver_log_level_t'")
    else:
        level = int(console_level) if console_level <= LogLevel.OFF else int(LogLevel.INFO)
    options.console_level = level
    return options


class Database(
    ElementsMixin,
    ReadsMixin,
    GroupsMixin,
    TimeSeriesMixin,
    MetadataMixin,
    DescribeMixin,
    QueryMixin,
    TransactionsMixin,
    CSVMixin,
    DatabaseBase,
):
    """A quiverdb study: one SQLite file whose tables follow the quiverdb schema conventions.

    Obtain one with :meth:`open`, :meth:`from_schema` or :meth:`from_migrations`; close it with
    :meth:`close` or use it as a context manager. A database may be shared by threads.
    """

    # -- factories ----------------------------------------------------------------------------

    @staticmethod
    def _make(factory: Any, *args: Any) -> Database:
        sync_log_level()
        out = ffi.new("quiver_database_t**")
        check(factory(*args, out))
        return Database(out[0])

    @staticmethod
    def open(
        db_path: PathArg, *, read_only: bool = False, console_level: int | None = None
    ) -> Database:
        """Open the database at ``db_path`` (created when missing, unless ``read_only``).

        The schema is read and validated by the first call that needs it.
        """
        options = _options(read_only, console_level)
        return Database._make(lib.quiver_database_open, encode_path(db_path), options)

    @staticmethod
    def from_schema(
        db_path: PathArg,
        schema_path: PathArg,
        *,
        read_only: bool = False,
        console_level: int | None = None,
    ) -> Database:
        """Build a new database at ``db_path`` from the SQL file ``schema_path``.

        The schema is applied to a temporary file that replaces ``db_path`` only once it is
        valid: a failure leaves an existing database untouched.
        """
        options = _options(read_only, console_level)
        path, schema = encode_path(db_path), encode_path(schema_path)
        return Database._make(lib.quiver_database_from_schema, path, schema, options)

    @staticmethod
    def from_migrations(
        db_path: PathArg,
        migrations_path: PathArg,
        *,
        read_only: bool = False,
        console_level: int | None = None,
    ) -> Database:
        """Open ``db_path`` and apply every pending migration of ``migrations_path``."""
        options = _options(read_only, console_level)
        path, migrations = encode_path(db_path), encode_path(migrations_path)
        return Database._make(lib.quiver_database_from_migrations, path, migrations, options)

    @staticmethod
    def validate_migrations(migrations_path: PathArg) -> None:
        """Apply every migration up and down in memory; raise ``QuiverError`` when inconsistent."""
        check(lib.quiver_database_validate_migrations(encode_path(migrations_path)))

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the database; an open transaction or dry run is discarded. Idempotent.

        Called from inside one of the database's own calls (a ``logging`` handler of the
        ``quiverdb`` logger), it takes effect when that call returns; the database counts as
        closed at once.
        """
        self._close_handle()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None:
            warnings.warn("Database was not closed explicitly", ResourceWarning, stacklevel=2)
            self.close()

    def __repr__(self) -> str:
        with self._lock:
            if self._ptr is None:
                return "Database(closed)"
            return f"Database(path={self.path()!r})"

    # -- accessors ----------------------------------------------------------------------------

    def path(self) -> str:
        """The path the database was opened with, exactly as given."""
        with self._lock:
            out = ffi.new("const char**")
            check(lib.quiver_database_path(self._handle(), out))
            return decode(out[0])

    def current_version(self) -> int:
        """The schema version (``PRAGMA user_version``)."""
        with self._lock:
            out = ffi.new("int64_t*")
            check(lib.quiver_database_current_version(self._handle(), out))
            return int(out[0])

    def is_healthy(self) -> bool:
        """``True`` while the database is open."""
        with self._lock:
            out = ffi.new("int*")
            check(lib.quiver_database_is_healthy(self._handle(), out))
            return bool(out[0])


# Wrong call shapes raise TypeErrors naming ``Database.<method>``, as the reference's do.
for _mixin in Database.__mro__[1:-2]:
    present_as_database_methods(_mixin)
