"""Queries reuse their prepared statements (a bounded per-handle cache): results, errors and
parameters must be exactly those of a fresh statement on every call."""

from __future__ import annotations

import pytest

from quiverdb import Database, QuiverError

COUNT_SQL = "SELECT COUNT(*) FROM Plant WHERE capacity >= ?"


def _plants(db: Database, count: int) -> None:
    with db.transaction():
        for i in range(count):
            db.create_element("Plant", label=f"p{i}", capacity=float(i))


def test_repeated_query_binds_each_calls_parameters(plants: Database) -> None:
    _plants(plants, 5)
    got = [plants.query_integer(COUNT_SQL, parameters=[float(i)]) for i in range(6)]
    assert got == [5, 4, 3, 2, 1, 0]
    assert plants.query_string("SELECT ?", parameters=["  a  "]) == "a"
    assert plants.query_string("SELECT ?", parameters=["b"]) == "b"
    assert plants.query_string("SELECT ?", parameters=[None]) is None


def test_repeated_query_sees_new_rows(plants: Database) -> None:
    assert plants.query_integer("SELECT COUNT(*) FROM Plant") == 0
    _plants(plants, 3)
    assert plants.query_integer("SELECT COUNT(*) FROM Plant") == 3
    plants.delete_element("Plant", 1)
    assert plants.query_integer("SELECT COUNT(*) FROM Plant") == 2


def test_many_distinct_queries_stay_correct(plants: Database) -> None:
    # More distinct texts than the cache holds: it is emptied and refilled on the way.
    for round_ in range(2):
        for i in range(150):
            assert plants.query_integer(f"SELECT {i} + ?", parameters=[round_]) == i + round_


def test_errors_repeat_and_do_not_poison_the_statement(plants: Database) -> None:
    for _ in range(2):
        with pytest.raises(QuiverError) as err:
            plants.query_integer("SELECT ? + ?", parameters=[1])
        assert (
            str(err.value) == "Failed to execute statement: expected 2 bound parameter(s) but got 1"
        )
        assert plants.query_integer("SELECT ? + ?", parameters=[1, 2]) == 3
    for _ in range(2):
        with pytest.raises(QuiverError) as err:
            plants.query_integer("   ")
        assert str(err.value) == "Failed to execute statement: not an error"
        with pytest.raises(QuiverError) as err:
            plants.query_integer("DELETE FROM Plant")
        assert str(err.value).startswith("Cannot query: SQL must be read-only")
        with pytest.raises(QuiverError) as err:
            plants.query_integer("SELECT nope FROM Plant")
        assert str(err.value) == "Failed to prepare statement: no such column: nope"


def test_cached_query_inside_transaction_and_dry_run(plants: Database) -> None:
    sql = "SELECT COUNT(*) FROM Plant"
    assert plants.query_integer(sql) == 0
    with plants.dry_run():
        _plants(plants, 2)
        assert plants.query_integer(sql) == 2
    assert plants.query_integer(sql) == 0
    assert not plants.in_transaction()


def test_close_with_cached_queries(plants: Database) -> None:
    for i in range(10):
        plants.query_integer(f"SELECT {i}")
    plants.close()
    with pytest.raises(QuiverError, match="Database has been closed"):
        plants.query_integer("SELECT 1")
