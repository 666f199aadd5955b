"""Explicit transactions, dry runs and their context managers (python-api-core.md §7,
c-api.md §3.15)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError
from quiverdb._ffi import ffi, lib

# Tests that write through the handle need create_element (another part of the API).
needs_writes = pytest.mark.skipif(
    not hasattr(Database, "create_element"), reason="create_element is not available yet"
)


def raises_quiver(call: Callable[[], object], message: str) -> None:
    with pytest.raises(QuiverError) as info:
        call()
    assert str(info.value) == message


def state(db: Database) -> tuple[bool, bool]:
    return db.in_transaction(), db.in_dry_run()


def zones(db: Database) -> int:
    return db.query_integer("select count(*) from Zone") or 0


def add_zone(db: Database, label: str) -> int:
    return db.create_element("Zone", label=label)  # type: ignore[attr-defined, no-any-return]


# -- explicit transactions -------------------------------------------------------------------------


def test_initially_nothing_is_open(plants: Database) -> None:
    assert state(plants) == (False, False)
    assert isinstance(plants.in_transaction(), bool) and isinstance(plants.in_dry_run(), bool)
    raises_quiver(plants.commit, "Cannot commit: no active transaction")
    raises_quiver(plants.rollback, "Cannot rollback: no active transaction")
    raises_quiver(plants.end_dry_run, "Cannot end_dry_run: no active dry run")
    assert state(plants) == (False, False)


def test_begin_commit_rollback_flags(plants: Database) -> None:
    assert plants.begin_transaction() is None
    assert state(plants) == (True, False)
    raises_quiver(plants.begin_transaction, "Cannot begin_transaction: transaction already active")
    raises_quiver(plants.begin_dry_run, "Cannot begin_dry_run: transaction already active")
    raises_quiver(plants.end_dry_run, "Cannot end_dry_run: no active dry run")
    assert state(plants) == (True, False)
    assert plants.commit() is None
    assert state(plants) == (False, False)
    plants.begin_transaction()
    assert plants.rollback() is None
    assert state(plants) == (False, False)
    raises_quiver(plants.rollback, "Cannot rollback: no active transaction")


@needs_writes
def test_commit_keeps_and_rollback_discards(plants: Database) -> None:
    plants.begin_transaction()
    add_zone(plants, "a")
    assert zones(plants) == 1
    plants.rollback()
    assert zones(plants) == 0
    plants.begin_transaction()
    add_zone(plants, "b")
    plants.commit()
    reopened = Database.open(plants.path(), console_level=LogLevel.OFF)
    try:
        assert reopened.query_string("select label from Zone") == "b"
    finally:
        reopened.close()


@needs_writes
def test_failing_write_keeps_the_transaction_open(plants: Database) -> None:
    plants.begin_transaction()
    add_zone(plants, "a")
    with pytest.raises(QuiverError, match=r"^Failed to execute statement: UNIQUE constraint"):
        add_zone(plants, "a")
    assert plants.in_transaction()
    plants.commit()
    assert zones(plants) == 1


@needs_writes
def test_failing_commit_keeps_the_transaction_open(tmp_path: Path, schemas: Path) -> None:
    db = Database.from_schema(
        str(tmp_path / "d.db"), str(schemas / "deferred.sql"), console_level=LogLevel.OFF
    )
    try:
        db.begin_transaction()
        db.create_element("Plant", label="p", zone_id=7)  # type: ignore[attr-defined]
        raises_quiver(db.commit, "Failed to commit transaction: FOREIGN KEY constraint failed")
        assert db.in_transaction()
        db.rollback()
        assert state(db) == (False, False)
        assert db.query_integer("select count(*) from Plant") == 0
    finally:
        db.close()


@needs_writes
def test_close_discards_an_open_transaction(plants: Database) -> None:
    path = plants.path()
    plants.begin_transaction()
    add_zone(plants, "a")
    plants.close()
    reopened = Database.open(path, console_level=LogLevel.OFF)
    try:
        assert zones(reopened) == 0
    finally:
        reopened.close()


# -- transaction() ---------------------------------------------------------------------------------


def test_transaction_yields_the_database_and_commits(plants: Database) -> None:
    with plants.transaction() as t:
        assert t is plants
        assert state(plants) == (True, False)
    assert state(plants) == (False, False)


@pytest.mark.parametrize("error", [ValueError("boom"), KeyboardInterrupt(), SystemExit(3)])
def test_transaction_rolls_back_and_reraises(plants: Database, error: BaseException) -> None:
    with pytest.raises(type(error)) as info, plants.transaction():
        raise error
    assert info.value is error
    assert state(plants) == (False, False)


@needs_writes
def test_transaction_effects(plants: Database) -> None:
    with plants.transaction():
        add_zone(plants, "a")
    assert zones(plants) == 1
    with pytest.raises(ValueError), plants.transaction():
        add_zone(plants, "b")
        raise ValueError("undo")
    assert zones(plants) == 1


@needs_writes
def test_commit_inside_transaction_block(plants: Database) -> None:
    with pytest.raises(QuiverError) as info, plants.transaction():
        add_zone(plants, "a")
        plants.commit()
    assert str(info.value) == "Cannot commit: no active transaction"
    assert zones(plants) == 1  # what was committed stays committed
    assert state(plants) == (False, False)


def test_rollback_inside_transaction_block(plants: Database) -> None:
    with pytest.raises(QuiverError) as info, plants.transaction():
        plants.rollback()
    assert str(info.value) == "Cannot commit: no active transaction"
    assert state(plants) == (False, False)


def test_rollback_error_is_swallowed_when_the_body_raised(plants: Database) -> None:
    with pytest.raises(ValueError, match=r"^x$"), plants.transaction():
        plants.rollback()
        raise ValueError("x")
    assert state(plants) == (False, False)


def test_rollback_error_after_close_is_swallowed(plants: Database) -> None:
    with pytest.raises(ValueError, match=r"^closed inside$"), plants.transaction():
        plants.close()
        raise ValueError("closed inside")


def test_nested_transaction_blocks(plants: Database) -> None:
    with pytest.raises(QuiverError) as info, plants.transaction(), plants.transaction():
        pass  # pragma: no cover
    assert str(info.value) == "Cannot begin_transaction: transaction already active"
    assert state(plants) == (False, False)


def test_dry_run_inside_transaction_block(plants: Database) -> None:
    with pytest.raises(QuiverError) as info, plants.transaction(), plants.dry_run():
        pass  # pragma: no cover
    assert str(info.value) == "Cannot begin_dry_run: transaction already active"
    assert state(plants) == (False, False)


def test_transaction_begin_error_propagates(plants: Database) -> None:
    plants.begin_transaction()
    message = r"^Cannot begin_transaction: transaction already active$"
    with pytest.raises(QuiverError, match=message), plants.transaction():
        pass  # pragma: no cover
    # The failed block did not roll back the transaction it did not open.
    assert state(plants) == (True, False)
    plants.rollback()


# -- dry runs --------------------------------------------------------------------------------------


def test_dry_run_flags_and_absorbed_control(plants: Database) -> None:
    assert plants.begin_dry_run() is None
    assert state(plants) == (True, True)
    raises_quiver(plants.begin_dry_run, "Cannot begin_dry_run: dry run already active")
    assert plants.begin_transaction() is None
    assert plants.begin_transaction() is None
    assert plants.commit() is None
    assert plants.commit() is None
    assert plants.rollback() is None
    assert state(plants) == (True, True)
    assert plants.end_dry_run() is None
    assert state(plants) == (False, False)
    raises_quiver(plants.end_dry_run, "Cannot end_dry_run: no active dry run")


@needs_writes
def test_dry_run_discards_everything(plants: Database) -> None:
    plants.begin_dry_run()
    first = add_zone(plants, "a")
    plants.begin_transaction()
    add_zone(plants, "b")
    plants.commit()
    plants.rollback()  # absorbed: nothing is undone before end_dry_run
    assert zones(plants) == 2
    plants.end_dry_run()
    assert zones(plants) == 0
    assert add_zone(plants, "c") == first  # ids consumed in the dry run are reused


def test_dry_run_context_manager(plants: Database) -> None:
    with plants.dry_run() as t:
        assert t is plants
        assert state(plants) == (True, True)
        with plants.transaction() as inner:
            assert inner is plants
        assert state(plants) == (True, True)
    assert state(plants) == (False, False)


@needs_writes
def test_dry_run_context_manager_effects(plants: Database) -> None:
    with plants.dry_run():
        add_zone(plants, "a")
        with pytest.raises(ValueError), plants.transaction():
            add_zone(plants, "b")
            raise ValueError("inner")
        assert zones(plants) == 2  # the inner rollback was absorbed
    assert zones(plants) == 0


def test_dry_run_body_raises(plants: Database) -> None:
    with pytest.raises(KeyboardInterrupt), plants.dry_run():
        raise KeyboardInterrupt
    assert state(plants) == (False, False)


def test_end_dry_run_inside_the_block(plants: Database) -> None:
    with pytest.raises(QuiverError) as info, plants.dry_run():
        plants.end_dry_run()
    assert str(info.value) == "Cannot end_dry_run: no active dry run"
    with pytest.raises(ValueError, match=r"^v$"), plants.dry_run():
        plants.end_dry_run()
        raise ValueError("v")
    assert state(plants) == (False, False)


def test_nested_dry_run_blocks(plants: Database) -> None:
    with pytest.raises(QuiverError) as info, plants.dry_run(), plants.dry_run():
        pass  # pragma: no cover
    assert str(info.value) == "Cannot begin_dry_run: dry run already active"
    assert state(plants) == (False, False)


@needs_writes
def test_close_discards_a_dry_run(plants: Database) -> None:
    path = plants.path()
    plants.begin_dry_run()
    add_zone(plants, "a")
    plants.close()
    reopened = Database.open(path, console_level=LogLevel.OFF)
    try:
        assert zones(reopened) == 0
    finally:
        reopened.close()


# -- handles and call shapes -----------------------------------------------------------------------


METHODS = [
    "begin_transaction",
    "commit",
    "rollback",
    "in_transaction",
    "begin_dry_run",
    "end_dry_run",
    "in_dry_run",
]


@pytest.mark.parametrize("name", METHODS)
def test_closed_database(plants: Database, name: str) -> None:
    plants.close()
    raises_quiver(getattr(plants, name), "Database has been closed")


@pytest.mark.parametrize("name", ["transaction", "dry_run"])
def test_context_managers_on_closed_database(plants: Database, name: str) -> None:
    plants.close()
    manager = getattr(plants, name)()
    with pytest.raises(QuiverError, match=r"^Database has been closed$"), manager:
        pass  # pragma: no cover


@pytest.mark.parametrize("name", [*METHODS, "transaction", "dry_run"])
def test_call_shapes(plants: Database, name: str) -> None:
    with pytest.raises(TypeError) as info:
        getattr(plants, name)(1)
    assert str(info.value) == f"Database.{name}() takes 1 positional argument but 2 were given"


def test_read_only_handle(plants: Database) -> None:
    ro = Database.open(plants.path(), read_only=True, console_level=LogLevel.OFF)
    try:
        ro.begin_transaction()
        assert state(ro) == (True, False)
        assert ro.query_integer("select count(*) from Plant") == 0
        ro.commit()
        ro.begin_transaction()
        ro.rollback()
        with ro.dry_run():
            assert state(ro) == (True, True)
        with ro.transaction():
            pass
        assert state(ro) == (False, False)
    finally:
        ro.close()


def test_transaction_does_not_need_a_valid_schema(tmp_path: Path) -> None:
    path = tmp_path / "foo.db"
    sqlite3.connect(path).close()
    db = Database.open(str(path), console_level=LogLevel.OFF)
    try:
        with db.transaction():
            assert db.in_transaction()
        with db.dry_run():
            assert db.in_dry_run()
    finally:
        db.close()


def test_other_connections_see_only_committed_data(plants: Database) -> None:
    # A transaction holds no lock until it reads; afterwards another connection can still read.
    plants.begin_transaction()
    assert plants.query_integer("select count(*) from Zone") == 0
    other = sqlite3.connect(plants.path())
    try:
        assert other.execute("select count(*) from Zone").fetchone() == (0,)
    finally:
        other.close()
    plants.rollback()


# -- the C functions -------------------------------------------------------------------------------


def last_error() -> str:
    return ffi.string(lib.quiver_get_last_error()).decode()


def test_c_null_arguments(plants: Database) -> None:
    for name in METHODS:
        function = getattr(lib, f"quiver_database_{name}")
        args: list[Any] = [ffi.NULL, ffi.NULL] if name.startswith("in_") else [ffi.NULL]
        assert function(*args) == 1
        assert last_error() == "Null argument: db"
    for name in ("in_transaction", "in_dry_run"):
        assert getattr(lib, f"quiver_database_{name}")(plants._handle(), ffi.NULL) == 1
        assert last_error() == "Null argument: out_active"


def test_c_flags(plants: Database) -> None:
    handle = plants._handle()
    active = ffi.new("int*", 7)
    assert lib.quiver_database_in_transaction(handle, active) == 0 and active[0] == 0
    assert lib.quiver_database_begin_dry_run(handle) == 0
    assert lib.quiver_database_in_transaction(handle, active) == 0 and active[0] == 1
    assert lib.quiver_database_in_dry_run(handle, active) == 0 and active[0] == 1
    assert lib.quiver_database_end_dry_run(handle) == 0
    assert lib.quiver_database_in_dry_run(handle, active) == 0 and active[0] == 0
