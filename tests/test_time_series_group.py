"""Whole-group reads and writes of time-series groups (data spec §3.1-3.4, c-api §3.10)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiverdb import Database, LogLevel, QuiverError
from quiverdb._ffi import ffi, lib

UTC = timezone.utc


def execute(db: Database, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Runs one statement on the database file with the stdlib driver."""
    connection = sqlite3.connect(db.path())
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        rows = connection.execute(sql, params).fetchall()
        connection.commit()
        return rows
    finally:
        connection.close()


@pytest.fixture
def plant(study: Database) -> Database:
    """The running example with plants p1 (id 1) and p2 (id 2)."""
    execute(study, "INSERT INTO Plant(label) VALUES ('p1'), ('p2')")
    return study


@pytest.fixture
def extra(tmp_path: Path, schemas: Path) -> Iterator[Database]:
    db = Database.from_schema(
        str(tmp_path / "extra.db"), str(schemas / "groups_extra.sql"), console_level=LogLevel.OFF
    )
    execute(db, "INSERT INTO Item(label) VALUES ('i1')")
    execute(db, "INSERT INTO Sponsor(label) VALUES ('s1')")
    yield db
    db.close()


def generation(db: Database) -> list[tuple[Any, ...]]:
    return execute(db, "SELECT * FROM Plant_time_series_generation ORDER BY id, date_time")


# -- the spec's examples ---------------------------------------------------------------------


def test_one_dimension_example(plant: Database) -> None:
    plant.update_time_series_group(
        "Plant",
        "generation",
        1,
        {
            "date_time": [datetime(2024, 3, 1), datetime(2024, 1, 1), datetime(2024, 2, 1)],
            "generation": [3.0, 1.0, None],
            "units": [3, None, 2],
            "note": [None, "jan", "feb"],
            "date_checked": ["2024-01-05", None, "2024-02-05T00:00:00"],
        },
    )
    result = plant.read_time_series_group("Plant", "generation", 1)
    assert result == {
        "date_time": [
            datetime(2024, 1, 1, tzinfo=UTC),
            datetime(2024, 2, 1, tzinfo=UTC),
            datetime(2024, 3, 1, tzinfo=UTC),
        ],
        "generation": [1.0, None, 3.0],
        "units": [None, 2, 3],
        "note": ["jan", "feb", None],
        # DATE_TIME value columns come back as their stored (canonical) text.
        "date_checked": [None, "2024-02-05T00:00:00", "2024-01-05T00:00:00"],
    }
    assert list(result) == ["date_time", "generation", "units", "note", "date_checked"]
    assert all(d.tzinfo is UTC for d in result["date_time"])


def test_two_dimension_example(plant: Database) -> None:
    plant.update_time_series_group(
        "Plant",
        "load",
        1,
        {
            "date_time": [
                datetime(2024, 2, 1),
                datetime(2024, 1, 1),
                datetime(2024, 1, 1),
                datetime(2024, 2, 1),
            ],
            "block": [1, 2, 1, 2],
            "load": [4.0, 2.0, 1.0, None],
        },
    )
    jan, feb = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)
    assert plant.read_time_series_group("Plant", "load", 1) == {
        "date_time": [jan, jan, feb, feb],
        "block": [1, 2, 1, 2],
        "load": [1.0, 2.0, 4.0, None],
        "flag": [7, 7, 7, 7],
    }
    plant.update_time_series_group(
        "Plant", "load", 1, {"date_time": ["2024-01-01"], "block": [1], "flag": [None]}
    )
    assert plant.read_time_series_group("Plant", "load", 1) == {
        "date_time": [jan],
        "block": [1],
        "load": [None],
        "flag": [None],
    }


def test_three_keys_with_date_not_first(extra: Database) -> None:
    extra.update_time_series_group(
        "Item",
        "multi",
        1,
        {
            "date_b": ["2024-01-02", "2024-01-01", "2024-01-01", "2024-01-01"],
            "block": [1, 2, 1, 1],
            "scenario": ["b", "a", "b", "a"],
            "multi_value": [1.0, 2.0, 3.0, 4.0],
        },
    )
    day1, day2 = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)
    assert extra.read_time_series_group("Item", "multi", 1) == {
        "date_b": [day1, day1, day1, day2],
        "block": [1, 1, 2, 1],
        "scenario": ["a", "b", "a", "b"],
        "multi_value": [4.0, 3.0, 2.0, 1.0],
    }


def test_write_replaces_clear_and_other_elements(plant: Database) -> None:
    plant.update_time_series_group(
        "Plant", "generation", 1, {"date_time": ["2024-01-01", "2024-01-02"]}
    )
    plant.update_time_series_group("Plant", "generation", 2, {"date_time": ["2024-05-05"]})
    plant.update_time_series_group("Plant", "generation", 1, {"date_time": ["2024-03-03"]})
    assert [r[:2] for r in generation(plant)] == [
        (1, "2024-03-03T00:00:00"),
        (2, "2024-05-05T00:00:00"),
    ]
    for empty in ({}, None):
        plant.update_time_series_group("Plant", "generation", 1, empty)
        assert plant.read_time_series_group("Plant", "generation", 1) == {}
    plant.update_time_series_group_by_label("Plant", "generation", " p2 ", {})
    assert generation(plant) == []


def test_clearing_a_missing_id_is_a_no_op(plant: Database) -> None:
    plant.update_time_series_group("Plant", "generation", 99, {})
    plant.update_time_series_group("Plant", "generation", 99, None)
    assert plant.read_time_series_group("Plant", "generation", 99) == {}


def test_values_accepted_per_column_type(plant: Database) -> None:
    plant.update_time_series_group(
        "Plant",
        "generation",
        1,
        {
            "date_time": [datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-3)))],
            "generation": [3],
            "note": [datetime(2024, 1, 1, 5)],
            "units": [True],
        },
    )
    assert generation(plant) == [(1, "2024-01-01T03:00:00", 3.0, 1, "2024-01-01T05:00:00", None)]


def test_relation_columns_take_ids(extra: Database) -> None:
    data = {"date_time": ["2024-01-01"], "sponsor_id": [1]}
    extra.update_time_series_group("Item", "funding", 1, data)
    result = extra.read_time_series_group("Item", "funding", 1)
    assert result["sponsor_id"] == [1]
    assert result["amount"] == [None]
    with pytest.raises(QuiverError) as err:
        extra.update_time_series_group(
            "Item", "funding", 1, {"date_time": ["2024-01-01"], "sponsor_id": ["s1"]}
        )
    assert str(err.value) == (
        "Cannot update_time_series_group: column 'sponsor_id' has type INTEGER but received TEXT"
    )
    with pytest.raises(QuiverError) as err:
        extra.update_time_series_group(
            "Item", "funding", 1, {"date_time": ["2024-01-01"], "sponsor_id": [5]}
        )
    assert str(err.value) == "Failed to execute statement: FOREIGN KEY constraint failed"


def test_group_without_date_key(extra: Database) -> None:
    extra.update_time_series_group(
        "Item", "stages", 1, {"stage": [2, 1], "stage_value": [1.0, 2.0]}
    )
    assert execute(extra, "SELECT * FROM Item_time_series_stages ORDER BY stage") == [
        (1, 1, 2.0),
        (1, 2, 1.0),
    ]
    with pytest.raises(QuiverError) as err:
        extra.read_time_series_group("Item", "stages", 1)
    assert (
        str(err.value) == "Dimension column not found: time series table 'Item_time_series_stages'"
    )
    with pytest.raises(QuiverError) as err:
        extra.update_time_series_group("Item", "stages", 1, {"stage_value": [1.0]})
    assert str(err.value) == "Cannot update_time_series_group: row missing required 'stage' column"


# -- date-time forms ---------------------------------------------------------------------------


def test_strings_stored_canonical(plant: Database) -> None:
    plant.update_time_series_group(
        "Plant",
        "generation",
        1,
        {
            "date_time": ["2024-01-01", " 2024-01-01 06:00:00", "2024-01-01T03:00:00\n"],
            "date_checked": [" 2024-02-03", None, "2024-02-03 04:05:06"],
            "note": ["  x ", None, "2024-01-01 10:00:00"],
        },
    )
    assert [(r[1], r[4], r[5]) for r in generation(plant)] == [
        ("2024-01-01T00:00:00", "x", "2024-02-03T00:00:00"),
        ("2024-01-01T03:00:00", "2024-01-01 10:00:00", "2024-02-03T04:05:06"),
        ("2024-01-01T06:00:00", None, None),
    ]
    assert plant.read_time_series_group("Plant", "generation", 1)["date_time"] == [
        datetime(2024, 1, 1, 0, tzinfo=UTC),
        datetime(2024, 1, 1, 3, tzinfo=UTC),
        datetime(2024, 1, 1, 6, tzinfo=UTC),
    ]


def test_same_instant_in_two_forms_is_one_key(plant: Database) -> None:
    with pytest.raises(QuiverError) as err:
        plant.update_time_series_group(
            "Plant", "generation", 1, {"date_time": ["2024-01-01", "2024-01-01T00:00:00"]}
        )
    assert str(err.value) == (
        "Failed to execute statement: UNIQUE constraint failed: "
        "Plant_time_series_generation.id, Plant_time_series_generation.date_time"
    )


def test_legacy_rows_read_in_time_order(plant: Database) -> None:
    # Rows as older writers stored them: date-only, space separator and canonical mixed.
    execute(
        plant,
        "INSERT INTO Plant_time_series_generation(id, date_time, generation) VALUES "
        "(1, '2024-01-01 06:00:00', 6.0), (1, '2024-01-01T03:00:00', 3.0), "
        "(1, '2024-01-02', 24.0), (1, '2024-01-01', 0.0), (1, '2023-12-31 23:59:59', -1.0)",
    )
    result = plant.read_time_series_group("Plant", "generation", 1)
    assert result["date_time"] == [
        datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2024, 1, 1, 0, tzinfo=UTC),
        datetime(2024, 1, 1, 3, tzinfo=UTC),
        datetime(2024, 1, 1, 6, tzinfo=UTC),
        datetime(2024, 1, 2, tzinfo=UTC),
    ]
    assert result["generation"] == [-1.0, 0.0, 3.0, 6.0, 24.0]
    # The C reader hands the texts back as stored.
    names, types, data, masks, count, rows = read_c(plant, b"generation", 1)
    texts = [ffi.string(ffi.cast("char**", data[0][0])[r]).decode() for r in range(rows[0])]
    assert texts == [
        "2023-12-31 23:59:59",
        "2024-01-01",
        "2024-01-01T03:00:00",
        "2024-01-01 06:00:00",
        "2024-01-02",
    ]
    lib.quiver_database_free_time_series_data(
        names[0], types[0], data[0], masks[0], count[0], rows[0]
    )


def test_legacy_same_instant_rows_and_extra_dimensions(plant: Database) -> None:
    execute(
        plant,
        "INSERT INTO Plant_time_series_load(id, date_time, block, load) VALUES "
        "(1, '2024-01-01T00:00:00', 2, 2.0), (1, '2024-01-01', 1, 1.0), "
        "(1, '2024-01-01 00:00:00', 3, 3.0), (1, '2023-06-01', 9, 0.5)",
    )
    result = plant.read_time_series_group("Plant", "load", 1)
    assert result["block"] == [9, 1, 2, 3]
    assert result["load"] == [0.5, 1.0, 2.0, 3.0]


def test_unparseable_stored_dimension(plant: Database) -> None:
    execute(
        plant,
        "INSERT INTO Plant_time_series_generation(id, date_time) VALUES (2, "
        "'2024-01-01T00:00:00Z')",
    )
    with pytest.raises(ValueError) as err:
        plant.read_time_series_group("Plant", "generation", 2)
    assert str(err.value) == (
        "Cannot convert \"2024-01-01T00:00:00Z\" to a date time in 'Plant.date_time': "
        "expected a valid YYYY-MM-DD[THH:MM:SS]"
    )
    execute(plant, "UPDATE Plant_time_series_generation SET date_time = '2023-02-29' WHERE id = 2")
    with pytest.raises(ValueError, match='Cannot convert "2023-02-29" to a date time'):
        plant.read_time_series_group("Plant", "generation", 2)


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "2023-02-29",
        "2024-02-30",
        "0000-01-01",
        "2024-01-01T24:00:00",
        "2024-01-01T10:60:00",
        "2024-01-01T23:59:60",
        "2024-01-01T00:00:00Z",
        "2024-01-01T10:00:00.5",
        "2024-01-01T10:00",
        "2024-1-1",
        "2024/01/01",
        "",
        "2024-01-01t10:00:00",
        "2024-01-01  10:00:00",
    ],
)
def test_invalid_date_texts(plant: Database, text: str) -> None:
    with pytest.raises(QuiverError) as err:
        plant.update_time_series_group(
            "Plant", "generation", 1, {"date_time": ["2024-01-01", text]}
        )
    assert str(err.value) == (
        f"Cannot update_time_series_group: invalid DATE_TIME value for column 'date_time': "
        f"'{text}' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"
    )
    assert generation(plant) == []


def test_boundary_dates_accepted(plant: Database) -> None:
    plant.update_time_series_group(
        "Plant", "generation", 1, {"date_time": ["2024-02-29", "0001-01-01", "9999-12-31T23:59:59"]}
    )
    assert plant.read_time_series_group("Plant", "generation", 1)["date_time"] == [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(2024, 2, 29, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ]


# -- errors ------------------------------------------------------------------------------------

TS_ERRORS = [
    (
        {"date_time": [], "generation": []},
        "Cannot update_time_series_group: columns [date_time, generation] contain no rows; "
        "pass no columns to clear the group",
    ),
    (
        {"nope": [1], "generation": [1.0]},
        "Cannot update_time_series_group: row missing required 'date_time' column",
    ),
    (
        {"date_time": ["2024-01-01"], "id": [1]},
        "Cannot update_time_series_group: column 'id' not found in group 'generation' "
        "for collection 'Plant'",
    ),
    (
        {"date_time": ["2024-01-01"], "units": [1.5]},
        "Cannot update_time_series_group: column 'units' has type INTEGER but received REAL",
    ),
    (
        {"date_time": ["2024-01-01"], "generation": ["x"]},
        "Cannot update_time_series_group: column 'generation' has type REAL but received TEXT",
    ),
    (
        {"date_time": ["2024-01-01"], "generation": [datetime(2024, 1, 1)]},
        "Cannot update_time_series_group: column 'generation' has type REAL but received TEXT",
    ),
    (
        {"date_time": ["2024-01-01"], "date_checked": [3]},
        "Cannot update_time_series_group: column 'date_checked' has type DATE_TIME but received "
        "INTEGER",
    ),
    (
        {"date_time": [3]},
        "Cannot update_time_series_group: column 'date_time' has type DATE_TIME but received "
        "INTEGER",
    ),
    (
        {"date_time": ["2024-01-01"], "note": [3.5]},
        "Cannot update_time_series_group: column 'note' has type TEXT but received REAL",
    ),
    (
        {"date_time": ["2024-01-01"], "date_checked": [" x "]},
        "Cannot update_time_series_group: invalid DATE_TIME value for column 'date_checked': "
        "' x ' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
    ),
    (
        # one pass in ascending name order: name, type and dates of each column in turn
        {"zzz": [1], "date_time": ["2024-01-01"], "generation": ["x"]},
        "Cannot update_time_series_group: column 'generation' has type REAL but received TEXT",
    ),
    (
        {"zzz": [1], "date_time": ["x"]},
        "Cannot update_time_series_group: invalid DATE_TIME value for column 'date_time': 'x' "
        "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
    ),
    (
        {"aaa": [1], "date_time": ["x"]},
        "Cannot update_time_series_group: column 'aaa' not found in group 'generation' "
        "for collection 'Plant'",
    ),
    (
        {"units": [1.5], "date_time": ["x"]},
        "Cannot update_time_series_group: invalid DATE_TIME value for column 'date_time': 'x' "
        "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
    ),
    (
        {"date_time": [None, "2024-01-01"]},
        "Failed to execute statement: NOT NULL constraint failed: "
        "Plant_time_series_generation.date_time",
    ),
    (
        {"date_time": [datetime(2024, 1, 1), datetime(2024, 1, 1, 0, 0, 0, 5)]},
        "Failed to execute statement: UNIQUE constraint failed: "
        "Plant_time_series_generation.id, Plant_time_series_generation.date_time",
    ),
]


@pytest.mark.parametrize(("data", "message"), TS_ERRORS)
def test_write_errors_leave_group_unchanged(
    plant: Database, data: dict[str, list[Any]], message: str
) -> None:
    plant.update_time_series_group(
        "Plant", "generation", 1, {"date_time": ["2020-01-01"], "units": [4]}
    )
    before = generation(plant)
    with pytest.raises(QuiverError) as err:
        plant.update_time_series_group("Plant", "generation", 1, data)
    assert str(err.value) == message
    assert generation(plant) == before


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda db: db.update_time_series_group("Nope", "generation", 1, {}),
            "Cannot update_time_series_group: collection not found: Nope",
        ),
        (
            lambda db: db.update_time_series_group("Plant", "nope", 1, {}),
            "Time series group not found: 'nope' in collection 'Plant'",
        ),
        (
            lambda db: db.update_time_series_group(
                "Plant", "segments", 1, {"date_time": ["2024-01-01"]}
            ),
            "Time series group not found: 'segments' in collection 'Plant'",
        ),
        (
            lambda db: db.update_time_series_group(
                "Plant", "generation", 99, {"date_time": ["2024-01-01"]}
            ),
            "Failed to execute statement: FOREIGN KEY constraint failed",
        ),
        (
            lambda db: db.update_time_series_group("Plant", "load", 1, {"load": [1.0]}),
            "Cannot update_time_series_group: row missing required 'date_time' column",
        ),
        (
            lambda db: db.update_time_series_group(
                "Plant", "load", 1, {"date_time": ["2024-01-01"]}
            ),
            "Cannot update_time_series_group: row missing required 'block' column",
        ),
        (
            lambda db: db.update_time_series_group(
                "Plant", "load", 1, {"date_time": ["2024-01-01"], "block": [1.5]}
            ),
            "Cannot update_time_series_group: column 'block' has type INTEGER but received REAL",
        ),
        (
            lambda db: db.update_time_series_group(
                "Plant", "load", 1, {"date_time": ["2024-01-01"], "block": [None]}
            ),
            "Failed to execute statement: NOT NULL constraint failed: Plant_time_series_load.block",
        ),
        (
            lambda db: db.update_time_series_group_by_label("Plant", "generation", "zz", {}),
            "Element not found: label 'zz' in collection 'Plant'",
        ),
        (
            lambda db: db.update_time_series_group_by_label(
                "Plant", "nope", "zz", {"date_time": ["2024-01-01"]}
            ),
            "Element not found: label 'zz' in collection 'Plant'",
        ),
        (
            lambda db: db.update_time_series_group_by_label(
                "Plant", "nope", "p1", {"date_time": ["2024-01-01"]}
            ),
            "Time series group not found: 'nope' in collection 'Plant'",
        ),
        (
            lambda db: db.update_time_series_group_by_label(
                "Nope", "nope", "p1", {"date_time": ["2024-01-01"]}
            ),
            "Cannot update_time_series_group_by_label: collection not found: Nope",
        ),
        (
            lambda db: db.update_time_series_group_by_label(
                "Nope", "nope", "p1", {"date_time": []}
            ),
            "Cannot update_time_series_group_by_label: columns [date_time] contain no rows; "
            "pass no columns to clear the group",
        ),
        (
            lambda db: db.update_time_series_group_by_label(
                "Plant", "generation", "p1", {"date_time": ["x"]}
            ),
            "Cannot update_time_series_group: invalid DATE_TIME value for column 'date_time': 'x' "
            "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
        ),
        (
            lambda db: db.read_time_series_group("Nope", "generation", 1),
            "Cannot get_time_series_metadata: collection not found: Nope",
        ),
        (
            lambda db: db.read_time_series_group("Plant", "tags", 1),
            "Time series group not found: 'tags' in collection 'Plant'",
        ),
    ],
)
def test_lookup_errors(plant: Database, call: Any, message: str) -> None:
    with pytest.raises(QuiverError) as err:
        call(plant)
    assert str(err.value) == message


def test_python_layer_errors(plant: Database) -> None:
    with pytest.raises(ValueError) as err:
        plant.update_time_series_group(
            "Plant", "generation", 1, {"date_time": ["2024-01-01"], "units": [1, 2]}
        )
    assert str(err.value) == "All column lists must have the same length, got 2 for 'units'"
    with pytest.raises(TypeError) as type_err:
        plant.update_time_series_group(
            "Plant", "generation", 1, {"date_time": [datetime(2024, 1, 1), "2024-01-02"]}
        )
    assert str(type_err.value) == "Unsupported value type str in cell 1 of column 'date_time'"
    plant.close()
    with pytest.raises(QuiverError, match=r"^Database has been closed$"):
        plant.read_time_series_group("Plant", "generation", 1)
    with pytest.raises(QuiverError, match=r"^Database has been closed$"):
        plant.update_time_series_group_by_label(1, 2, 3, 4)  # type: ignore[arg-type]


# -- bulk ------------------------------------------------------------------------------------------


def test_year_of_hours_round_trip(plant: Database) -> None:
    start = datetime(2024, 1, 1)
    hours = [start + timedelta(hours=h) for h in range(8760)]
    data = {
        "date_time": list(reversed(hours)),
        "generation": [float(h) if h % 7 else None for h in reversed(range(8760))],
        "units": list(reversed(range(8760))),
        "note": [f"n{h}" for h in reversed(range(8760))],
    }
    plant.update_time_series_group("Plant", "generation", 1, data)
    result = plant.read_time_series_group("Plant", "generation", 1)
    assert result["date_time"] == [h.replace(tzinfo=UTC) for h in hours]
    assert result["generation"] == [float(h) if h % 7 else None for h in range(8760)]
    assert result["units"] == list(range(8760))
    assert result["note"] == [f"n{h}" for h in range(8760)]
    assert result["date_checked"] == [None] * 8760


# -- the C interface ------------------------------------------------------------------------------


def read_c(db: Database, group: bytes, id: int) -> tuple[Any, ...]:
    out = (
        ffi.new("char***"),
        ffi.new("int**"),
        ffi.new("void***"),
        ffi.new("uint8_t***"),
        ffi.new("size_t*"),
        ffi.new("size_t*"),
    )
    assert lib.quiver_database_read_time_series_group(db._handle(), b"Plant", group, id, *out) == 0
    return out


def test_c_read_layout(plant: Database) -> None:
    plant.update_time_series_group(
        "Plant",
        "generation",
        1,
        {"date_time": ["2024-01-02", "2024-01-01"], "date_checked": [None, "2024-03-03"]},
    )
    names, types, data, masks, count, rows = read_c(plant, b"generation", 1)
    assert (count[0], rows[0]) == (5, 2)
    assert [ffi.string(names[0][c]) for c in range(5)] == [
        b"date_time",
        b"generation",
        b"units",
        b"note",
        b"date_checked",
    ]
    # The dimension travels as STRING, DATE_TIME value columns as DATE_TIME.
    assert ffi.unpack(types[0], 5) == [2, 1, 0, 2, 3]
    assert ffi.buffer(masks[0][0], 2)[:] == b"\x01\x01"
    assert ffi.buffer(masks[0][4], 2)[:] == b"\x01\x00"
    assert (
        lib.quiver_database_free_time_series_data(names[0], types[0], data[0], masks[0], 5, 2) == 0
    )
    names, types, data, masks, count, rows = read_c(plant, b"load", 1)
    assert (count[0], rows[0]) == (0, 0) and names[0] == ffi.NULL and data[0] == ffi.NULL


def c_write(db: Database, spec: list[tuple[str, int, Any, Any]], rows: int) -> str:
    keep: list[Any] = []
    names = ffi.new("char*[]", len(spec))
    types = ffi.new("int[]", len(spec))
    data = ffi.new("void*[]", len(spec))
    masks = ffi.new("uint8_t*[]", len(spec))
    for i, (name, code, values, mask) in enumerate(spec):
        keep.append(ffi.new("char[]", name.encode()))
        names[i] = keep[-1]
        types[i] = code
        if values is None:
            data[i] = ffi.NULL
        elif code in (2, 3):
            cells = ffi.new("char*[]", len(values))
            for j, value in enumerate(values):
                keep.append(ffi.new("char[]", value.encode()) if value is not None else ffi.NULL)
                cells[j] = keep[-1]
            keep.append(cells)
            data[i] = cells
        else:
            keep.append(ffi.new("double[]" if code == 1 else "int64_t[]", values))
            data[i] = keep[-1]
        if mask is not None:
            keep.append(ffi.new("uint8_t[]", mask))
            masks[i] = keep[-1]
    rc = lib.quiver_database_update_time_series_group(
        db._handle(), b"Plant", b"generation", 1, names, types, data, masks, len(spec), rows
    )
    return "OK" if rc == 0 else ffi.string(lib.quiver_get_last_error()).decode()


def test_c_writer_details(plant: Database) -> None:
    day = ("date_time", 2, ["2024-01-01"], None)
    assert c_write(plant, [("date_time", 8, [1], None)], 1) == (
        "Cannot update_time_series_group: unknown column type 8"
    )
    assert c_write(plant, [day, ("note", 3, ["x"], None)], 1) == "OK"
    assert c_write(plant, [day, ("date_checked", 2, ["2024-01-01 10:00:00"], None)], 1) == "OK"
    assert generation(plant) == [
        (1, "2024-01-01T00:00:00", None, None, None, "2024-01-01T10:00:00")
    ]
    # All-NULL columns of any type code are not type-checked.
    assert c_write(plant, [day, ("units", 2, None, None)], 1) == "OK"
    assert c_write(plant, [day, ("units", 2, ["x"], [0])], 1) == "OK"
    assert c_write(plant, [day, ("units", 2, [None], None)], 1) == "OK"
    two_days = ("date_time", 2, ["2024-01-01", "2024-01-02"], None)
    assert c_write(plant, [two_days, ("units", 1, [1.5, 2.5], [0, 1])], 2) == (
        "Cannot update_time_series_group: column 'units' has type INTEGER but received REAL"
    )
    # A masked dimension cell is NULL (not validated) and fails the NOT NULL key.
    assert c_write(plant, [("date_time", 2, ["2024-01-01", "x"], [1, 0])], 2) == (
        "Failed to execute statement: NOT NULL constraint failed: "
        "Plant_time_series_generation.date_time"
    )
    assert c_write(plant, [("date_time", 2, None, None)], 1) == (
        "Failed to execute statement: NOT NULL constraint failed: "
        "Plant_time_series_generation.date_time"
    )
    # Repeated names: the last one is used.
    assert c_write(plant, [day, ("date_time", 2, ["2024-01-02"], None)], 1) == "OK"
    assert [r[1] for r in generation(plant)] == ["2024-01-02T00:00:00"]


# -- property: anything written reads back equal -------------------------------------------------

_moments = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
).map(lambda s: s.strip(" \t\r\n"))


@st.composite
def _generation_data(draw: Any) -> dict[str, list[Any]]:
    moments = draw(
        st.lists(
            _moments.map(lambda d: d.replace(microsecond=0)), min_size=1, max_size=30, unique=True
        )
    )
    n = len(moments)

    def column(values: Any) -> Any:
        return st.lists(st.none() | values, min_size=n, max_size=n)

    data: dict[str, list[Any]] = {"date_time": moments}
    if draw(st.booleans()):
        data["generation"] = draw(column(st.floats(allow_nan=False, width=64)))
    if draw(st.booleans()):
        data["units"] = draw(column(st.integers(min_value=-(2**63), max_value=2**63 - 1)))
    if draw(st.booleans()):
        data["note"] = draw(column(_texts))
    return data


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_generation_data())
def test_property_time_series_round_trip(plant: Database, data: dict[str, list[Any]]) -> None:
    plant.update_time_series_group("Plant", "generation", 1, data)
    result = plant.read_time_series_group("Plant", "generation", 1)
    order = sorted(range(len(data["date_time"])), key=lambda i: data["date_time"][i])
    assert result["date_time"] == [data["date_time"][i].replace(tzinfo=UTC) for i in order]
    for name in ("generation", "units", "note"):
        expected = [data[name][i] for i in order] if name in data else [None] * len(order)
        assert result[name] == expected


@st.composite
def _segments_data(draw: Any) -> dict[str, list[Any]]:
    n = draw(st.integers(min_value=1, max_value=20))

    def column(values: Any) -> Any:
        return st.lists(st.none() | values, min_size=n, max_size=n)

    data: dict[str, list[Any]] = {}
    if draw(st.booleans()):
        data["segment_cost"] = draw(column(st.floats(allow_nan=False, width=64)))
    if draw(st.booleans()):
        data["segment_size"] = draw(column(st.integers(min_value=-(2**63), max_value=2**63 - 1)))
    if draw(st.booleans()):
        data["segment_name"] = draw(column(_texts))
    if draw(st.booleans()):
        data["date_segment"] = draw(column(_moments.map(lambda d: d.replace(microsecond=0))))
    if draw(st.booleans()):
        data["bus_segment"] = draw(column(st.sampled_from([1, 2])))
    return data


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_segments_data())
def test_property_vector_round_trip(plant: Database, data: dict[str, list[Any]]) -> None:
    execute(plant, "INSERT OR IGNORE INTO Bus(id, label) VALUES (1, 'B1'), (2, 'B2')")
    plant.update_vector_group("Plant", "segments", 1, data)
    rows = plant.read_vector_group_by_id("Plant", "segments", 1)
    n = len(next(iter(data.values()))) if data else 0
    assert len(rows) == n
    for i, row in enumerate(rows):
        assert row["vector_index"] == i
        for name in ("segment_cost", "segment_size", "segment_name", "bus_segment"):
            assert row[name] == (data[name][i] if name in data else None)
        moment = data["date_segment"][i] if "date_segment" in data else None
        assert row["date_segment"] == (moment.replace(tzinfo=UTC) if moment else None)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.none() | st.sampled_from([1, 2, "B1", "B2"]),
            st.none() | st.floats(allow_nan=False, width=64) | st.integers(-(2**53), 2**53),
        ),
        min_size=1,
        max_size=20,
        unique_by=lambda r: (
            {"B1": 1, "B2": 2}.get(r[0], r[0]),  # type: ignore[arg-type]
            None if r[1] is None else float(r[1]),
        ),
    )
)
def test_property_set_round_trip(plant: Database, rows: list[tuple[Any, Any]]) -> None:
    execute(plant, "INSERT OR IGNORE INTO Bus(id, label) VALUES (1, 'B1'), (2, 'B2')")
    links = [r[0] for r in rows]
    weights = [r[1] for r in rows]
    if any(isinstance(v, str) for v in links) and any(isinstance(v, int) for v in links):
        links = [{1: "B1", 2: "B2"}.get(v, v) for v in links]  # one kind per column
    plant.update_set_group("Plant", "links", 1, {"bus_link": links, "weight": weights})
    expected = [
        {
            "bus_link": {"B1": 1, "B2": 2}.get(link, link),  # type: ignore[arg-type]
            "weight": None if weight is None else float(weight),
        }
        for link, weight in zip(links, weights, strict=True)
    ]
    assert plant.read_set_group_by_id("Plant", "links", 1) == expected
