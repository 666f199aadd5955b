"""Database methods for explicit transactions and dry runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from quiverdb._base import DatabaseBase
from quiverdb._ffi import check, ffi, lib

__all__ = ["TransactionsMixin"]

_D = TypeVar("_D", bound="TransactionsMixin")


class TransactionsMixin(DatabaseBase):
    """Explicit transactions and dry runs.

    A dry run is a transaction that is always rolled back when it ends; while it is active,
    :meth:`begin_transaction`, :meth:`commit` and :meth:`rollback` do nothing, so code that
    manages its own transactions can run inside one unchanged.
    """

    def _control(self, function: Callable[[Any], int]) -> None:
        with self._lock:
            check(function(self._handle()))

    def _flag(self, function: Callable[[Any, Any], int]) -> bool:
        with self._lock:
            ptr = self._handle()
            out = ffi.new("int*")
            check(function(ptr, out))
            return bool(out[0])

    # -- explicit transactions ----------------------------------------------------------------

    def begin_transaction(self) -> None:
        """Start a transaction; nesting is an error. Does nothing inside a dry run."""
        self._control(lib.quiver_database_begin_transaction)

    def commit(self) -> None:
        """Commit the open transaction. Does nothing inside a dry run."""
        self._control(lib.quiver_database_commit)

    def rollback(self) -> None:
        """Roll the open transaction back. Does nothing inside a dry run."""
        self._control(lib.quiver_database_rollback)

    def in_transaction(self) -> bool:
        """``True`` while a transaction is open, including the one of a dry run."""
        return self._flag(lib.quiver_database_in_transaction)

    @contextmanager
    def transaction(self: _D) -> Iterator[_D]:
        """Run the ``with`` block in a transaction and yield the database.

        The transaction is committed when the block ends normally. When the block (or the
        commit) raises, it is rolled back, any error of that rollback is ignored, and the
        original exception propagates.
        """
        self.begin_transaction()
        try:
            yield self
            self.commit()
        except BaseException:
            with suppress(Exception):  # the original exception matters more
                self.rollback()
            raise

    # -- dry runs -----------------------------------------------------------------------------

    def begin_dry_run(self) -> None:
        """Open a transaction whose writes :meth:`end_dry_run` will discard."""
        self._control(lib.quiver_database_begin_dry_run)

    def end_dry_run(self) -> None:
        """Discard everything written since :meth:`begin_dry_run` and leave dry-run mode."""
        self._control(lib.quiver_database_end_dry_run)

    def in_dry_run(self) -> bool:
        """``True`` between :meth:`begin_dry_run` and :meth:`end_dry_run`."""
        return self._flag(lib.quiver_database_in_dry_run)

    @contextmanager
    def dry_run(self: _D) -> Iterator[_D]:
        """Run the ``with`` block in a dry run and yield the database; its writes are always
        discarded.

        On normal exit errors of :meth:`end_dry_run` propagate; when the block raises, they are
        ignored and the block's exception propagates.
        """
        self.begin_dry_run()
        try:
            yield self
        except BaseException:
            with suppress(Exception):  # the original exception matters more
                self.end_dry_run()
            raise
        self.end_dry_run()
