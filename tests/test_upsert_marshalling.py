"""upsert_time_series_row reuses the C arrays of column names and type codes between calls;
values must reach the core as before and errors must come in the same order, whether the
arrays are new or reused."""

from __future__ import annotations

import enum
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import quiverdb._time_series as time_series
from quiverdb import Database

GEN = "Plant_time_series_generation"


class Level(enum.IntEnum):
    HIGH = 7


class Text(str):
    pass


def rows(db: Database) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db.path())) as conn, conn:
        return conn.execute(f"SELECT id, date_time, generation FROM {GEN} ORDER BY 1, 2").fetchall()


def error(call: Any, *args: Any, **kwargs: Any) -> tuple[type, str]:
    with pytest.raises(Exception) as info:
        call(*args, **kwargs)
    return type(info.value), str(info.value)


@pytest.fixture
def db(study: Database) -> Database:
    study.create_element("Plant", label="P1")
    return study


@pytest.mark.parametrize("fresh", [True, False])
def test_values_of_every_accepted_class(db: Database, fresh: bool) -> None:
    if fresh:
        time_series._NAME_ARRAYS.clear()
        time_series._TYPE_ARRAYS.clear()
    aware = datetime(2024, 1, 2, 3, 0, 0, 999, tzinfo=timezone(timedelta(hours=2)))
    for date_time, value in [
        (datetime(2024, 1, 1, 5, 6, 7, 891), 1.5),
        ("2024-01-01", Level.HIGH),
        (aware, True),
        (Text(" 2024-01-03 "), 2),
    ]:
        db.upsert_time_series_row("Plant", "generation", 1, date_time=date_time, generation=value)
    assert rows(db) == [
        (1, "2024-01-01T00:00:00", 7.0),
        (1, "2024-01-01T05:06:07", 1.5),
        (1, "2024-01-02T01:00:00", 1.0),
        (1, "2024-01-03T00:00:00", 2.0),
    ]


def unsupported(column: str, type_name: str) -> tuple[type, str]:
    return (
        TypeError,
        f"Column '{column}' value has unsupported type {type_name}; "
        "expected int, float, str, or datetime",
    )


def test_errors_keep_their_order_when_the_names_are_known(db: Database) -> None:
    def upsert(**row: Any) -> tuple[type, str]:
        return error(db.upsert_time_series_row, "Plant", "generation", 1, **row)

    time_series._NAME_ARRAYS.clear()
    # New names: each value is checked before its name is encoded.
    assert upsert(**{"\ud800": 1.0, "b": object()})[0] is UnicodeEncodeError
    assert upsert(**{"a": object(), "\ud800": 1}) == unsupported("a", "object")
    # Known names (the second round reuses the arrays): the same errors as the first time.
    for _ in range(2):
        assert upsert(date_time="2024-01-01", generation=2**64)[0] is OverflowError
        assert upsert(date_time=None, generation=1.0) == unsupported("date_time", "NoneType")
        assert upsert(date_time="2024-01-01", generation=[1]) == unsupported("generation", "list")
        assert upsert(date_time="2024-01-01", generation="x")[1] == (
            "Cannot upsert_time_series_row: column 'generation' has type REAL but received TEXT"
        )
    assert rows(db) == []


def test_the_caches_stay_bounded(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time_series, "_CACHE_LIMIT", 3)
    time_series._NAME_ARRAYS.clear()
    for i in range(10):
        db.upsert_time_series_row(
            "Plant",
            "generation",
            1,
            **{"generation": float(i), "date_time": f"2024-01-{i + 1:02}"},
        )
        db.upsert_time_series_row(
            "Plant", "generation", 1, date_time=f"2024-02-{i + 1:02}", generation=i
        )
        assert len(time_series._NAME_ARRAYS) <= 3
        assert len(time_series._TYPE_ARRAYS) <= 3
    assert len(rows(db)) == 20


def test_by_label_uses_the_same_marshalling(db: Database) -> None:
    db.upsert_time_series_row_by_label(
        "Plant", "generation", "P1", date_time=datetime(2024, 5, 1), generation=3
    )
    assert rows(db) == [(1, "2024-05-01T00:00:00", 3.0)]
