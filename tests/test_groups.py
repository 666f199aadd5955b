"""Whole-group reads and writes of vector and set groups (data spec §2.1-2.5, c-api §3.8-3.9)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError
from quiverdb._ffi import ffi, lib

UTC = timezone.utc


def insert(db: Database, sql: str, *params: Any) -> None:
    """Runs one statement on the database file with the stdlib driver (elements, legacy rows)."""
    connection = sqlite3.connect(db.path())
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(sql, params)
        connection.commit()
    finally:
        connection.close()


def stored(db: Database, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db.path())
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture
def study_db(study: Database) -> Database:
    """The running example with buses B1, B2 and plants p1 (id 1), p2 (id 2)."""
    for table, label in (("Bus", "B1"), ("Bus", "B2"), ("Plant", "p1"), ("Plant", "p2")):
        insert(study, f"INSERT INTO {table}(label) VALUES (?)", label)
    return study


@pytest.fixture
def extra(tmp_path: Path, schemas: Path) -> Iterator[Database]:
    db = Database.from_schema(
        str(tmp_path / "extra.db"), str(schemas / "groups_extra.sql"), console_level=LogLevel.OFF
    )
    insert(db, "INSERT INTO Item(label) VALUES ('i1')")
    insert(db, "INSERT INTO Sponsor(label) VALUES ('s1')")
    yield db
    db.close()


SEGMENTS_EMPTY = {
    "segment_cost": None,
    "segment_size": None,
    "segment_name": None,
    "date_segment": None,
    "bus_segment": None,
}


# -- the spec's examples ---------------------------------------------------------------------


def test_vector_example_round_trip(study_db: Database) -> None:
    study_db.update_vector_group(
        "Plant",
        "segments",
        1,
        {
            "segment_cost": [1.5, 2.5, None],
            "segment_size": [1, None, 3],
            "segment_name": ["a", "b", None],
            "date_segment": [
                datetime(2024, 1, 1, 12, 30, 15, 999),
                None,
                datetime(2024, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=3))),
            ],
            "bus_segment": ["B1", None, "B2"],
        },
    )
    assert stored(study_db, "SELECT * FROM Plant_vector_segments ORDER BY vector_index") == [
        (1, 1, 1.5, 1, "a", "2024-01-01T12:30:15", 1),
        (1, 2, 2.5, None, "b", None, None),
        (1, 3, None, 3, None, "2024-03-01T07:00:00", 2),
    ]
    assert study_db.read_vector_group_by_id("Plant", "segments", 1) == [
        {
            "vector_index": 0,
            "segment_cost": 1.5,
            "segment_size": 1,
            "segment_name": "a",
            "date_segment": datetime(2024, 1, 1, 12, 30, 15, tzinfo=UTC),
            "bus_segment": 1,
        },
        {
            "vector_index": 1,
            "segment_cost": 2.5,
            "segment_size": None,
            "segment_name": "b",
            "date_segment": None,
            "bus_segment": None,
        },
        {
            "vector_index": 2,
            "segment_cost": None,
            "segment_size": 3,
            "segment_name": None,
            "date_segment": datetime(2024, 3, 1, 7, 0, tzinfo=UTC),
            "bus_segment": 2,
        },
    ]
    rows = study_db.read_vector_group_by_id("Plant", "segments", 1)
    assert list(rows[0]) == ["vector_index", *SEGMENTS_EMPTY]
    assert rows[0]["date_segment"].tzinfo is UTC


def test_vector_partial_columns_then_clear(study_db: Database) -> None:
    study_db.update_vector_group("Plant", "segments", 1, {"segment_size": [5, 6]})
    assert study_db.read_vector_group_by_id("Plant", "segments", 1) == [
        {"vector_index": 0, **SEGMENTS_EMPTY, "segment_size": 5},
        {"vector_index": 1, **SEGMENTS_EMPTY, "segment_size": 6},
    ]
    study_db.update_vector_group("Plant", "segments", 1, {})
    assert study_db.read_vector_group_by_id("Plant", "segments", 1) == []
    assert stored(study_db, "SELECT count(*) FROM Plant_vector_segments") == [(0,)]


def test_vector_write_replaces_only_that_element(study_db: Database) -> None:
    study_db.update_vector_group("Plant", "segments", 1, {"segment_size": [1, 2, 3]})
    study_db.update_vector_group("Plant", "segments", 2, {"segment_size": [7]})
    study_db.update_vector_group("Plant", "segments", 1, {"segment_size": [4]})
    assert [
        r["segment_size"] for r in study_db.read_vector_group_by_id("Plant", "segments", 1)
    ] == [4]
    assert [
        r["segment_size"] for r in study_db.read_vector_group_by_id("Plant", "segments", 2)
    ] == [7]
    assert stored(study_db, "SELECT id, vector_index FROM Plant_vector_segments ORDER BY id") == [
        (1, 1),
        (2, 1),
    ]


def test_set_example_and_order(study_db: Database) -> None:
    study_db.update_set_group(
        "Plant", "links", 1, {"bus_link": ["B2", "B1", None], "weight": [1.0, None, 2]}
    )
    assert study_db.read_set_group_by_id("Plant", "links", 1) == [
        {"bus_link": 2, "weight": 1.0},
        {"bus_link": 1, "weight": None},
        {"bus_link": None, "weight": 2.0},
    ]
    study_db.update_set_group("Plant", "tags", 1, {"tag": ["z", "a", "m"]})
    assert study_db.read_set_group_by_id("Plant", "tags", 1) == [
        {"tag": "z"},
        {"tag": "a"},
        {"tag": "m"},
    ]


def test_set_by_label_and_bool_cells(study_db: Database) -> None:
    study_db.update_set_group_by_label("Plant", "links", "p2", {"bus_link": [1], "weight": [True]})
    assert study_db.read_set_group_by_id("Plant", "links", 2) == [{"bus_link": 1, "weight": 1.0}]
    study_db.update_set_group_by_label("Plant", "links", "p2", {})
    assert study_db.read_set_group_by_id("Plant", "links", 2) == []


def test_set_rows_differing_by_nulls_are_distinct(study_db: Database) -> None:
    study_db.update_set_group(
        "Plant", "links", 1, {"bus_link": [None, None], "weight": [None, None]}
    )
    assert study_db.read_set_group_by_id("Plant", "links", 1) == [
        {"bus_link": None, "weight": None},
        {"bus_link": None, "weight": None},
    ]


def test_set_duplicates_fail_and_keep_group(study_db: Database) -> None:
    study_db.update_set_group("Plant", "tags", 1, {"tag": ["x"]})
    with pytest.raises(QuiverError) as err:
        study_db.update_set_group("Plant", "tags", 1, {"tag": ["a", "a"]})
    assert str(err.value) == (
        "Failed to execute statement: UNIQUE constraint failed: Plant_set_tags.id, "
        "Plant_set_tags.tag"
    )
    assert study_db.read_set_group_by_id("Plant", "tags", 1) == [{"tag": "x"}]


def test_set_without_rowid_reads_in_key_order(extra: Database) -> None:
    extra.update_set_group("Item", "codes", 1, {"code": ["z", "a", "m"]})
    assert extra.read_set_group_by_id("Item", "codes", 1) == [
        {"code": "a"},
        {"code": "m"},
        {"code": "z"},
    ]


# -- reads -----------------------------------------------------------------------------------


def test_reads_of_unknown_ids_and_empty_groups(study_db: Database) -> None:
    assert study_db.read_vector_group_by_id("Plant", "segments", 1) == []
    assert study_db.read_vector_group_by_id("Plant", "segments", 99) == []
    assert study_db.read_set_group_by_id("Plant", "links", 99) == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda db: db.read_vector_group_by_id("Nope", "segments", 1),
            "Cannot get_vector_metadata: collection not found: Nope",
        ),
        (
            lambda db: db.read_vector_group_by_id("plant", "segments", 1),
            "Cannot get_vector_metadata: collection not found: plant",
        ),
        (
            lambda db: db.read_vector_group_by_id("Plant", "Segments", 1),
            "Vector group not found: 'Segments' in collection 'Plant'",
        ),
        (
            lambda db: db.read_vector_group_by_id("Plant", "tags", 1),
            "Vector group not found: 'tags' in collection 'Plant'",
        ),
        (
            lambda db: db.read_set_group_by_id("Nope", "tags", 1),
            "Cannot get_set_metadata: collection not found: Nope",
        ),
        (
            lambda db: db.read_set_group_by_id("Plant", "segments", 1),
            "Set group not found: 'segments' in collection 'Plant'",
        ),
    ],
)
def test_read_errors(study_db: Database, call: Any, message: str) -> None:
    with pytest.raises(QuiverError) as err:
        call(study_db)
    assert str(err.value) == message


def test_read_argument_errors(study_db: Database) -> None:
    with pytest.raises(TypeError, match="an integer is required"):
        study_db.read_vector_group_by_id("Plant", "segments", "1")  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match="'int' object has no attribute 'encode'"):
        study_db.read_vector_group_by_id(5, "segments", 1)  # type: ignore[arg-type]
    assert study_db.read_vector_group_by_id("Plant", "segments", True) == []


def test_read_legacy_date_forms_and_garbage(study_db: Database) -> None:
    insert(
        study_db,
        "INSERT INTO Plant_vector_segments(id, vector_index, date_segment) VALUES "
        "(1, 1, '2024-05-06'), (1, 2, '2024-05-06 10:11:12'), (1, 3, '2024-05-06T10:11:13')",
    )
    assert [
        r["date_segment"] for r in study_db.read_vector_group_by_id("Plant", "segments", 1)
    ] == [
        datetime(2024, 5, 6, tzinfo=UTC),
        datetime(2024, 5, 6, 10, 11, 12, tzinfo=UTC),
        datetime(2024, 5, 6, 10, 11, 13, tzinfo=UTC),
    ]
    insert(
        study_db,
        "INSERT INTO Plant_vector_segments(id, vector_index, date_segment) VALUES (2, 1, "
        "'garbage')",
    )
    with pytest.raises(ValueError) as err:
        study_db.read_vector_group_by_id("Plant", "segments", 2)
    assert str(err.value) == (
        "Cannot convert \"garbage\" to a date time in 'Plant.date_segment': "
        "expected a valid YYYY-MM-DD[THH:MM:SS]"
    )
    insert(
        study_db,
        "INSERT INTO Plant_vector_segments(id, vector_index, date_segment) VALUES (2, 2, NULL)",
    )
    insert(study_db, "UPDATE Plant_vector_segments SET date_segment = '2023-02-29' WHERE id = 2")
    with pytest.raises(ValueError, match='Cannot convert "2023-02-29" to a date time'):
        study_db.read_vector_group_by_id("Plant", "segments", 2)


def test_vector_defaults_and_not_null(extra: Database) -> None:
    extra.update_vector_group("Item", "vals", 1, {"a": [1.0, None]})
    assert stored(extra, "SELECT * FROM Item_vector_vals") == [
        (1, 1, 1.0, 9, "q"),
        (1, 2, None, 9, "q"),
    ]
    extra.update_vector_group("Item", "vals", 1, {"b": [None], "c": ["x"]})
    assert stored(extra, "SELECT * FROM Item_vector_vals") == [(1, 1, None, None, "x")]
    with pytest.raises(QuiverError) as err:
        extra.update_vector_group("Item", "vals", 1, {"c": ["x", None]})
    assert (
        str(err.value)
        == "Failed to execute statement: NOT NULL constraint failed: Item_vector_vals.c"
    )
    assert stored(extra, "SELECT * FROM Item_vector_vals") == [(1, 1, None, None, "x")]


# -- write semantics ---------------------------------------------------------------------------


def test_text_trimmed_and_dates_canonical(study_db: Database) -> None:
    study_db.update_vector_group(
        "Plant",
        "segments",
        1,
        {
            "segment_name": ["  padded  ", "\ta b\n", "\x0bv\x0c"],
            "date_segment": [" 2024-01-01", "2024-05-06 10:11:12", "2024-05-06T10:11:13\r\n"],
        },
    )
    assert stored(
        study_db,
        "SELECT segment_name, date_segment FROM Plant_vector_segments ORDER BY vector_index",
    ) == [
        ("padded", "2024-01-01T00:00:00"),
        ("a b", "2024-05-06T10:11:12"),
        ("\x0bv\x0c", "2024-05-06T10:11:13"),
    ]


def test_labels_are_trimmed_and_ids_accepted(study_db: Database) -> None:
    study_db.update_vector_group("Plant", "segments", 1, {"bus_segment": [" B2 ", None]})
    study_db.update_vector_group_by_label("Plant", "segments", " p2 ", {"bus_segment": [1, 2]})
    assert stored(study_db, "SELECT id, bus_segment FROM Plant_vector_segments ORDER BY id") == [
        (1, 2),
        (1, None),
        (2, 1),
        (2, 2),
    ]


def test_numbers_widen_and_nan_is_null(study_db: Database) -> None:
    study_db.update_vector_group(
        "Plant",
        "segments",
        1,
        {
            "segment_cost": [True, 2**70, float("nan"), float("inf")],
            "segment_size": [1, 2, 3, -(2**63)],
        },
    )
    rows = study_db.read_vector_group_by_id("Plant", "segments", 1)
    assert [r["segment_cost"] for r in rows] == [1.0, float(2**70), None, float("inf")]
    assert [r["segment_size"] for r in rows] == [1, 2, 3, -(2**63)]
    assert isinstance(rows[0]["segment_cost"], float)


def test_all_none_columns_accepted_for_any_type(study_db: Database) -> None:
    study_db.update_vector_group(
        "Plant",
        "segments",
        1,
        {name: [None, None] for name in SEGMENTS_EMPTY},
    )
    assert study_db.read_vector_group_by_id("Plant", "segments", 1) == [
        {"vector_index": 0, **SEGMENTS_EMPTY},
        {"vector_index": 1, **SEGMENTS_EMPTY},
    ]


def test_empty_data_forms_clear(study_db: Database) -> None:
    for empty in ({}, None, [], ()):
        study_db.update_vector_group("Plant", "segments", 1, {"segment_size": [1]})
        study_db.update_vector_group("Plant", "segments", 1, empty)  # type: ignore[arg-type]
        assert study_db.read_vector_group_by_id("Plant", "segments", 1) == []


def test_tuples_and_str_subclasses_accepted(study_db: Database) -> None:
    class Name(str):
        pass

    study_db.update_set_group("Plant", "tags", 1, {"tag": (Name("x"), "y")})
    assert study_db.read_set_group_by_id("Plant", "tags", 1) == [{"tag": "x"}, {"tag": "y"}]
    study_db.update_vector_group(
        "Plant", "segments", 1, {"segment_name": ["héllo\u00e9", "a\x00b"]}
    )
    assert [
        r["segment_name"] for r in study_db.read_vector_group_by_id("Plant", "segments", 1)
    ] == [
        "héllo\u00e9",
        "a",
    ]


# -- Python-layer argument errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (
            {"segment_size": [1], "segment_cost": [1.0, 2.0]},
            ValueError,
            "All column lists must have the same length, got 2 for 'segment_cost'",
        ),
        (
            {"a": [1, 2], "b": [object()]},
            ValueError,
            "All column lists must have the same length, got 1 for 'b'",
        ),
        (
            {"date_segment": [datetime(2024, 1, 1), None, "2024-03-01"]},
            TypeError,
            "Unsupported value type str in cell 2 of column 'date_segment'",
        ),
        (
            {"bus_segment": ["B1", None, 2]},
            TypeError,
            "Unsupported value type int in cell 2 of column 'bus_segment'",
        ),
        (
            {"date_segment": [date(2024, 1, 1)]},
            TypeError,
            "Unsupported value type date in cell 0 of column 'date_segment'",
        ),
        (
            {"segment_cost": [1.0, "x"]},
            TypeError,
            "Unsupported value type str in cell 1 of column 'segment_cost'",
        ),
        (
            {"segment_name": ["x", 1.0]},
            TypeError,
            "Unsupported value type float in cell 1 of column 'segment_name'",
        ),
        (
            {"segment_name": [None, 1, datetime(2024, 1, 1)]},
            TypeError,
            "Unsupported value type datetime in cell 2 of column 'segment_name'",
        ),
        (
            {"segment_name": [datetime(2024, 1, 1), 1]},
            TypeError,
            "Unsupported value type int in cell 1 of column 'segment_name'",
        ),
        (
            {"segment_cost": [Decimal(1)]},
            TypeError,
            "Unsupported value type Decimal in cell 0 of column 'segment_cost'",
        ),
        (
            {"segment_name": [b"x"]},
            TypeError,
            "Unsupported value type bytes in cell 0 of column 'segment_name'",
        ),
        (
            {"segment_size": [[1]]},
            TypeError,
            "Unsupported value type list in cell 0 of column 'segment_size'",
        ),
        ({"segment_size": [2**63]}, OverflowError, "int too big to convert"),
        ({"tag": 5}, TypeError, "object of type 'int' has no len()"),
        ({5: [1]}, AttributeError, "'int' object has no attribute 'encode'"),
        ([1], AttributeError, "'list' object has no attribute 'values'"),
    ],
)
def test_python_layer_errors(
    study_db: Database, data: Any, error: type[Exception], message: str
) -> None:
    study_db.update_vector_group("Plant", "segments", 1, {"segment_size": [42]})
    with pytest.raises(error) as err:
        study_db.update_vector_group("Plant", "segments", 1, data)
    assert str(err.value) == message
    assert [
        r["segment_size"] for r in study_db.read_vector_group_by_id("Plant", "segments", 1)
    ] == [42]


def test_argument_errors_before_data(study_db: Database) -> None:
    bad = {"a": [1], "b": [1, 2]}
    with pytest.raises(AttributeError):
        study_db.update_vector_group(5, "segments", 1, bad)  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        study_db.update_set_group_by_label("Plant", "tags", 5, {})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="same length"):
        study_db.update_vector_group("Plant", "segments", "x", bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="an integer is required"):
        study_db.update_vector_group("Plant", "segments", "x", {})  # type: ignore[arg-type]


def test_closed_database(study_db: Database) -> None:
    study_db.close()
    for call in (
        lambda: study_db.update_vector_group("Plant", "segments", 1, None),  # type: ignore[arg-type]
        lambda: study_db.update_set_group_by_label(5, 5, 5, [1]),  # type: ignore[arg-type]
        lambda: study_db.read_vector_group_by_id("Plant", "segments", 1),
        lambda: study_db.read_set_group_by_id(1, 2, "x"),  # type: ignore[arg-type]
    ):
        with pytest.raises(QuiverError, match=r"^Database has been closed$"):
            call()


# -- core errors -----------------------------------------------------------------------------------

VECTOR_ERRORS = [
    (
        {"segment_size": [], "segment_cost": []},
        "Cannot update_vector_group: columns [segment_size, segment_cost] contain no rows; "
        "pass no columns to clear the group",
    ),
    (
        {"nope": [1], "id": [1]},
        "Cannot update_vector_group: column 'id' is managed by the group table, not a value column",
    ),
    (
        {"vector_index": [1]},
        "Cannot update_vector_group: column 'vector_index' is managed by the group table, "
        "not a value column",
    ),
    (
        # names are all checked before any cell
        {"zzz": [1], "segment_cost": ["x"]},
        "Cannot update_vector_group: column 'zzz' not found in group 'segments' for collection "
        "'Plant'",
    ),
    (
        {"segment_size": [None, 1.5]},
        "Cannot update_vector_group: type mismatch for array 'segment_size' index 1: "
        "expected INTEGER, got REAL",
    ),
    (
        {"segment_cost": [None, "x"]},
        "Cannot update_vector_group: type mismatch for array 'segment_cost' index 1: "
        "expected REAL, got TEXT",
    ),
    (
        {"segment_size": [None, "x"]},
        "Cannot update_vector_group: type mismatch for column 'segment_size': expected INTEGER, "
        "got TEXT",
    ),
    (
        {"segment_name": [None, 3]},
        "Cannot update_vector_group: type mismatch for array 'segment_name' index 1: "
        "expected TEXT, got INTEGER",
    ),
    (
        {"segment_name": [True]},
        "Cannot update_vector_group: type mismatch for array 'segment_name' index 0: "
        "expected TEXT, got INTEGER",
    ),
    (
        {"date_segment": [None, 3]},
        "Cannot update_vector_group: type mismatch for array 'date_segment' index 1: "
        "expected DATE_TIME, got INTEGER",
    ),
    (
        {"date_segment": [3.5]},
        "Cannot update_vector_group: type mismatch for array 'date_segment' index 0: "
        "expected DATE_TIME, got REAL",
    ),
    (
        {"segment_cost": [datetime(2024, 1, 1)]},
        "Cannot update_vector_group: type mismatch for array 'segment_cost' index 0: "
        "expected REAL, got TEXT",
    ),
    (
        {"date_segment": [None, "2024-13-01"]},
        "Cannot update_vector_group: invalid DATE_TIME value for array 'date_segment' index 1: "
        "'2024-13-01' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
    ),
    (
        {"date_segment": [" x "]},
        "Cannot update_vector_group: invalid DATE_TIME value for array 'date_segment' index 0: "
        "' x ' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
    ),
    (
        # cells: columns in ascending name order
        {"segment_size": [1.5, None], "segment_cost": [None, "x"]},
        "Cannot update_vector_group: type mismatch for array 'segment_cost' index 1: "
        "expected REAL, got TEXT",
    ),
    (
        {"segment_cost": ["x"], "date_segment": ["bad"]},
        "Cannot update_vector_group: invalid DATE_TIME value for array 'date_segment' index 0: "
        "'bad' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
    ),
    (
        {"segment_cost": ["x"], "bus_segment": [" B9 "]},
        "Failed to resolve label ' B9 ' to ID in table 'Bus'",
    ),
    ({"bus_segment": [""]}, "Failed to resolve label '' to ID in table 'Bus'"),
    (
        {"bus_segment": [datetime(2024, 1, 1)]},
        "Failed to resolve label '2024-01-01T00:00:00' to ID in table 'Bus'",
    ),
    (
        {"bus_segment": [1.5]},
        "Cannot update_vector_group: type mismatch for array 'bus_segment' index 0: "
        "expected INTEGER, got REAL",
    ),
    ({"bus_segment": [9]}, "Failed to execute statement: FOREIGN KEY constraint failed"),
]


@pytest.mark.parametrize(("data", "message"), VECTOR_ERRORS)
def test_vector_write_errors_leave_group_unchanged(
    study_db: Database, data: dict[str, list[Any]], message: str
) -> None:
    study_db.update_vector_group(
        "Plant", "segments", 1, {"segment_size": [42], "bus_segment": ["B1"]}
    )
    before = study_db.read_vector_group_by_id("Plant", "segments", 1)
    with pytest.raises(QuiverError) as err:
        study_db.update_vector_group("Plant", "segments", 1, data)
    assert str(err.value) == message
    assert study_db.read_vector_group_by_id("Plant", "segments", 1) == before


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda db: db.update_vector_group("Nope", "segments", 1, {}),
            "Cannot update_vector_group: collection not found: Nope",
        ),
        (
            lambda db: db.update_vector_group("plant", "segments", 1, {"segment_size": [1]}),
            "Cannot update_vector_group: collection not found: plant",
        ),
        (
            lambda db: db.update_vector_group("Nope", "segments", 1, {"segment_size": []}),
            "Cannot update_vector_group: columns [segment_size] contain no rows; "
            "pass no columns to clear the group",
        ),
        (
            lambda db: db.update_vector_group("Plant", "nope", 99, {}),
            "Vector group not found: 'nope' in collection 'Plant'",
        ),
        (
            lambda db: db.update_vector_group("Plant", "SEGMENTS", 1, {"segment_size": [1]}),
            "Vector group not found: 'SEGMENTS' in collection 'Plant'",
        ),
        (
            lambda db: db.update_vector_group("Plant", "segments", 99, {"segment_size": [1]}),
            "Element not found: 99 in collection 'Plant'",
        ),
        (
            lambda db: db.update_vector_group("Plant", "segments", 99, {}),
            "Element not found: 99 in collection 'Plant'",
        ),
        (
            lambda db: db.update_vector_group("Plant", "segments", 99, {"nope": [1]}),
            "Element not found: 99 in collection 'Plant'",
        ),
        (
            lambda db: db.update_vector_group_by_label("Plant", "segments", "zz", {}),
            "Element not found: label 'zz' in collection 'Plant'",
        ),
        (
            # by label, the label is looked up before the group
            lambda db: db.update_vector_group_by_label(
                "Plant", "nope", "zz", {"segment_size": [1]}
            ),
            "Element not found: label 'zz' in collection 'Plant'",
        ),
        (
            lambda db: db.update_vector_group_by_label(
                "Plant", "nope", "p1", {"segment_size": [1]}
            ),
            "Vector group not found: 'nope' in collection 'Plant'",
        ),
        (
            lambda db: db.update_vector_group_by_label("Nope", "segments", "zz", {}),
            "Cannot update_vector_group_by_label: collection not found: Nope",
        ),
        (
            lambda db: db.update_vector_group_by_label(
                "Plant", "segments", "zz", {"segment_size": []}
            ),
            "Cannot update_vector_group_by_label: columns [segment_size] contain no rows; "
            "pass no columns to clear the group",
        ),
        (
            lambda db: db.update_vector_group_by_label("Plant", "segments", "p1", {"nope": [1]}),
            "Cannot update_vector_group: column 'nope' not found in group 'segments' "
            "for collection 'Plant'",
        ),
        (
            lambda db: db.update_set_group("Plant", "links", 1, {"vector_index": [1]}),
            "Cannot update_set_group: column 'vector_index' not found in group 'links' "
            "for collection 'Plant'",
        ),
        (
            lambda db: db.update_set_group("Plant", "tags", 1, {"id": [1], "tag": ["a"]}),
            "Cannot update_set_group: column 'id' is managed by the group table, not a value "
            "column",
        ),
        (
            lambda db: db.update_set_group("Plant", "segments", 1, {}),
            "Set group not found: 'segments' in collection 'Plant'",
        ),
        (
            lambda db: db.update_set_group("Plant", "tags", 99, {}),
            "Element not found: 99 in collection 'Plant'",
        ),
        (
            lambda db: db.update_set_group_by_label("Nope", "tags", "p1", {"tag": []}),
            "Cannot update_set_group_by_label: columns [tag] contain no rows; "
            "pass no columns to clear the group",
        ),
        (
            lambda db: db.update_set_group_by_label("Nope", "tags", "p1", {"tag": ["a"]}),
            "Cannot update_set_group_by_label: collection not found: Nope",
        ),
        (
            lambda db: db.update_set_group_by_label("Plant", "tags", " zz ", {}),
            "Element not found: label ' zz ' in collection 'Plant'",
        ),
        (
            lambda db: db.update_set_group_by_label("Plant", "links", "p1", {"weight": ["x"]}),
            "Cannot update_set_group: type mismatch for array 'weight' index 0: expected REAL, "
            "got TEXT",
        ),
    ],
)
def test_group_lookup_errors(study_db: Database, call: Any, message: str) -> None:
    with pytest.raises(QuiverError) as err:
        call(study_db)
    assert str(err.value) == message


# -- the C interface ------------------------------------------------------------------------------


class CColumns:
    """Hand-built column input for calling the core directly."""

    def __init__(self, spec: list[tuple[str, int, Any, Any]]) -> None:
        self.keep: list[Any] = []
        count = max(len(spec), 1)
        self.names = ffi.new("char*[]", count)
        self.types = ffi.new("int[]", count)
        self.data = ffi.new("void*[]", count)
        self.masks = ffi.new("uint8_t*[]", count)
        for i, (name, code, values, mask) in enumerate(spec):
            self.names[i] = self._own(ffi.new("char[]", name.encode()))
            self.types[i] = code
            if values is None:
                self.data[i] = ffi.NULL
            elif code == 1:
                self.data[i] = self._own(ffi.new("double[]", values))
            elif code in (2, 3):
                cells = self._own(ffi.new("char*[]", len(values)))
                for j, value in enumerate(values):
                    cells[j] = (
                        ffi.NULL if value is None else self._own(ffi.new("char[]", value.encode()))
                    )
                self.data[i] = cells
            else:
                self.data[i] = self._own(ffi.new("int64_t[]", values))
            self.masks[i] = ffi.NULL if mask is None else self._own(ffi.new("uint8_t[]", mask))
        self.count = len(spec)

    def _own(self, cdata: Any) -> Any:
        self.keep.append(cdata)
        return cdata


def c_update(
    db: Database, function: Any, key: Any, spec: list[Any], rows: int, masks: bool = True
) -> str:
    columns = CColumns(spec)
    rc = function(
        db._handle(),
        b"Plant",
        b"segments",
        key,
        columns.names,
        columns.types,
        columns.data,
        columns.masks if masks else ffi.NULL,
        columns.count,
        rows,
    )
    return "OK" if rc == 0 else ffi.string(lib.quiver_get_last_error()).decode()


def segments(db: Database) -> list[tuple[Any, ...]]:
    return stored(db, "SELECT * FROM Plant_vector_segments ORDER BY id, vector_index")


def test_c_unknown_type_and_zero_rows_come_first(study_db: Database) -> None:
    update = lib.quiver_database_update_vector_group
    assert (
        c_update(study_db, update, 1, [("segment_size", 7, [1], None)], 1)
        == "Cannot update_vector_group: unknown column type 7"
    )
    assert (
        c_update(study_db, update, 1, [("segment_size", 0, [1], None), ("x", 9, [1], None)], 1)
        == "Cannot update_vector_group: unknown column type 9"
    )
    assert c_update(study_db, update, 1, [("segment_size", -1, [1], None)], 1) == (
        "Cannot update_vector_group: unknown column type -1"
    )
    assert (
        c_update(study_db, update, 1, [("segment_size", 7, [], None)], 0)
        == "Cannot update_vector_group: columns [segment_size] contain no rows; "
        "pass no columns to clear the group"
    )
    by_label = lib.quiver_database_update_vector_group_by_label
    assert (
        c_update(study_db, by_label, b"p1", [("segment_size", 8, [1], None)], 1)
        == "Cannot update_vector_group_by_label: unknown column type 8"
    )


def test_c_null_arguments(study_db: Database) -> None:
    h = study_db._handle()
    update = lib.quiver_database_update_vector_group
    null = ffi.NULL

    def err(rc: int) -> str:
        assert rc == 1
        return ffi.string(lib.quiver_get_last_error()).decode()

    assert (
        err(update(null, b"Plant", b"segments", 1, null, null, null, null, 0, 0))
        == "Null argument: db"
    )
    assert (
        err(update(h, null, b"segments", 1, null, null, null, null, 0, 0))
        == "Null argument: collection"
    )
    assert err(update(h, b"Plant", null, 1, null, null, null, null, 0, 0)) == "Null argument: group"
    assert err(update(h, b"Plant", b"segments", 1, null, null, null, null, 1, 1)) == (
        "Null argument: column_names"
    )
    names = ffi.new("char*[]", [ffi.new("char[]", b"segment_size")])
    types = ffi.new("int[]", [0])
    assert err(update(h, b"Plant", b"segments", 1, names, null, null, null, 1, 1)) == (
        "Null argument: column_types"
    )
    assert err(update(h, b"Plant", b"segments", 1, names, types, null, null, 1, 1)) == (
        "Null argument: column_data"
    )
    by_label = lib.quiver_database_update_set_group_by_label
    assert (
        err(by_label(h, b"Plant", b"tags", null, null, null, null, null, 0, 0))
        == "Null argument: label"
    )
    # Clearing needs no arrays, whatever row_count says.
    assert update(h, b"Plant", b"segments", 1, null, null, null, null, 0, 5) == 0


def test_c_type_codes_masks_and_null_columns(study_db: Database) -> None:
    update = lib.quiver_database_update_vector_group
    # DATE_TIME (3) data is text for a TEXT column; STRING (2) data is validated for DATE_TIME.
    assert c_update(study_db, update, 1, [("segment_name", 3, ["hello"], None)], 1) == "OK"
    assert c_update(study_db, update, 1, [("date_segment", 2, ["2024-01-01"], None)], 1) == "OK"
    assert segments(study_db) == [(1, 1, None, None, None, "2024-01-01T00:00:00", None)]
    # A NULL data column, NULL string cells and fully masked cells are NULL and not type-checked.
    assert c_update(study_db, update, 1, [("segment_size", 2, None, None)], 2) == "OK"
    assert c_update(study_db, update, 1, [("segment_size", 1, [1.5, 2.5], [0, 0])], 2) == "OK"
    assert c_update(study_db, update, 1, [("segment_size", 2, [None, None], None)], 2) == "OK"
    assert c_update(study_db, update, 1, [("segment_size", 2, [None, "x"], [0, 0])], 2) == "OK"
    assert segments(study_db) == [
        (1, 1, None, None, None, None, None),
        (1, 2, None, None, None, None, None),
    ]
    assert c_update(study_db, update, 1, [("segment_size", 1, [1.5, 2.5], [0, 1])], 2) == (
        "Cannot update_vector_group: type mismatch for array 'segment_size' index 1: "
        "expected INTEGER, got REAL"
    )
    # Masked cells store NULL; the column_has_value array may be NULL altogether.
    assert c_update(study_db, update, 1, [("segment_size", 0, [4, 5], [1, 0])], 2) == "OK"
    assert [r[3] for r in segments(study_db)] == [4, None]
    assert (
        c_update(study_db, update, 1, [("segment_size", 0, [4, 5], [1, 0])], 2, masks=False) == "OK"
    )
    assert [r[3] for r in segments(study_db)] == [4, 5]
    # Labels of a relation column with a NULL cell.
    assert c_update(study_db, update, 1, [("bus_segment", 2, [None, "B1"], None)], 2) == "OK"
    assert [r[6] for r in segments(study_db)] == [None, 1]


def test_c_repeated_column_last_wins(study_db: Database) -> None:
    update = lib.quiver_database_update_vector_group
    spec = [
        ("segment_size", 0, [1], None),
        ("segment_cost", 1, [0.5], None),
        ("segment_size", 0, [2], None),
    ]
    assert c_update(study_db, update, 1, spec, 1) == "OK"
    assert segments(study_db) == [(1, 1, 0.5, 2, None, None, None)]


def read_c(db: Database, function: Any, group: bytes, id: int) -> tuple[Any, ...]:
    out = (
        ffi.new("char***"),
        ffi.new("int**"),
        ffi.new("void***"),
        ffi.new("uint8_t***"),
        ffi.new("size_t*"),
        ffi.new("size_t*"),
    )
    assert function(db._handle(), b"Plant", group, id, *out) == 0
    return out


def test_c_read_layout_and_free(study_db: Database) -> None:
    study_db.update_vector_group(
        "Plant",
        "segments",
        1,
        {
            "segment_cost": [1.5, None],
            "segment_name": ["a", None],
            "date_segment": [None, "2024-01-01"],
        },
    )
    names, types, data, masks, count, rows = read_c(
        study_db, lib.quiver_database_read_vector_group_by_id, b"segments", 1
    )
    assert (count[0], rows[0]) == (5, 2)
    assert [ffi.string(names[0][c]) for c in range(5)] == [
        b"segment_cost",
        b"segment_size",
        b"segment_name",
        b"date_segment",
        b"bus_segment",
    ]
    assert ffi.unpack(types[0], 5) == [1, 0, 2, 3, 0]
    assert [ffi.buffer(masks[0][c], 2)[:] for c in range(5)] == [
        b"\x01\x00",
        b"\x00\x00",
        b"\x01\x00",
        b"\x00\x01",
        b"\x00\x00",
    ]
    assert ffi.unpack(ffi.cast("double*", data[0][0]), 2) == [1.5, 0.0]
    assert ffi.unpack(ffi.cast("int64_t*", data[0][1]), 2) == [0, 0]
    assert ffi.cast("char**", data[0][2])[1] == ffi.NULL
    assert (
        lib.quiver_database_free_time_series_data(names[0], types[0], data[0], masks[0], 5, 2) == 0
    )

    names, types, data, masks, count, rows = read_c(
        study_db, lib.quiver_database_read_set_group_by_id, b"tags", 99
    )
    assert (count[0], rows[0]) == (0, 0)
    assert (
        names[0] == ffi.NULL
        and types[0] == ffi.NULL
        and data[0] == ffi.NULL
        and masks[0] == ffi.NULL
    )
    null = ffi.NULL
    assert lib.quiver_database_free_time_series_data(null, null, null, null, 3, 3) == 0


def test_c_free_unknown_type(study_db: Database) -> None:
    study_db.update_set_group("Plant", "tags", 1, {"tag": ["a", "b"]})
    names, types, data, masks, _, _ = read_c(
        study_db, lib.quiver_database_read_set_group_by_id, b"tags", 1
    )
    types[0][0] = 9
    assert (
        lib.quiver_database_free_time_series_data(names[0], types[0], data[0], masks[0], 1, 2) == 1
    )
    assert (
        ffi.string(lib.quiver_get_last_error())
        == b"Cannot free_time_series_data: unknown data type 9"
    )


def test_c_read_null_arguments(study_db: Database) -> None:
    out = [ffi.new(t) for t in ("char***", "int**", "void***", "uint8_t***", "size_t*", "size_t*")]
    read = lib.quiver_database_read_vector_group_by_id
    h = study_db._handle()
    labels = [
        "out_column_names",
        "out_column_types",
        "out_column_data",
        "out_column_has_value",
        "out_column_count",
        "out_row_count",
    ]
    for i, label in enumerate(labels):
        args = list(out)
        args[i] = ffi.NULL
        # The NULL check wins over the unknown collection.
        assert read(h, b"Nope", b"segments", 1, *args) == 1
        assert ffi.string(lib.quiver_get_last_error()).decode() == f"Null argument: {label}"
    assert read(h, b"Plant", ffi.NULL, 1, *out) == 1
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: group"
