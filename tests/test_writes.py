"""create_element, update_element[_by_label], delete_element[_by_label] (core spec section 3).

What was written is read back with the standard sqlite3 module on the database file.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError

SCHEMAS = Path(__file__).parent / "schemas"

AMBIGUOUS = (
    "{op}: array '{name}' matches 2 group tables ({tables}) and will be written to all of them; "
    "use update_vector_group/update_set_group to target one group"
)


class Level(enum.IntEnum):
    HIGH = 3


def rows(db: Database, sql: str, *params: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db.path())
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def open_writes(path: Path, level: int = LogLevel.OFF) -> Database:
    return Database.from_schema(str(path), str(SCHEMAS / "writes.sql"), console_level=level)


@pytest.fixture
def writes(tmp_path: Path) -> Iterator[Database]:
    db = open_writes(tmp_path / "writes.db")
    db.create_element("Parent", label="p1")
    db.create_element("Parent", label="p2")
    yield db
    db.close()


def fails(exc: type[BaseException], message: str, call: Any, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(exc) as info:
        call(*args, **kwargs)
    assert str(info.value) == message


# -- create: basics --------------------------------------------------------------------------------


def test_create_returns_ids_and_autoincrement_never_reuses(plants: Database) -> None:
    assert plants.create_element("Zone", label="north") == 1
    assert plants.create_element("Zone", label="south") == 2
    plants.delete_element("Zone", 2)
    assert plants.create_element("Zone", label="east") == 3
    assert rows(plants, "SELECT id, label FROM Zone ORDER BY id") == [(1, "north"), (3, "east")]


def test_create_writes_scalars_and_defaults(plants: Database) -> None:
    plants.create_element("Plant", label="a")
    plants.create_element("Plant", label="b", capacity=5, units=True, date_built="2020-05-01")
    assert rows(plants, "SELECT * FROM Plant ORDER BY id") == [
        (1, "a", 0.0, 1, None, None),
        (2, "b", 5.0, 1, "2020-05-01T00:00:00", None),
    ]
    assert rows(plants, "SELECT typeof(capacity) FROM Plant WHERE id = 2") == [("real",)]


def test_explicit_id(plants: Database) -> None:
    assert plants.create_element("Plant", label="x", id=50) == 50
    fails(
        QuiverError,
        "Failed to execute statement: UNIQUE constraint failed: Plant.id",
        plants.create_element,
        "Plant",
        label="y",
        id=50,
    )
    assert plants.create_element("Plant", label="z", id=True) == 1


def test_collection_is_positional_only(plants: Database) -> None:
    fails(
        TypeError,
        "Database.create_element() missing 1 required positional argument: 'collection'",
        plants.create_element,
        collection="Plant",
        label="x",
    )


def test_create_errors(plants: Database) -> None:
    fails(
        QuiverError,
        "Cannot create_element: collection not found: Nope",
        plants.create_element,
        "Nope",
    )
    empty = "Cannot create_element: element must have at least one scalar attribute"
    fails(QuiverError, empty, plants.create_element, "Plant")
    fails(QuiverError, empty, plants.create_element, "Plant", cost=[1.0], tag=["a"])
    fails(
        QuiverError,
        "Failed to execute statement: NOT NULL constraint failed: Plant.label",
        plants.create_element,
        "Plant",
        capacity=1.0,
    )
    assert plants.create_element("Plant", label="") == 1
    fails(
        QuiverError,
        "Failed to execute statement: UNIQUE constraint failed: Plant.label",
        plants.create_element,
        "Plant",
        label="",
    )


def test_group_tables_are_not_collections(plants: Database) -> None:
    fails(
        QuiverError,
        "Cannot create_element: collection not found: Plant_vector_costs",
        plants.create_element,
        "Plant_vector_costs",
        id=1,
    )


# -- create: routing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bogus": 1}, "column 'bogus' not found in table 'Plant'"),
        ({"cost": 1.0}, "column 'cost' not found in table 'Plant'"),
        ({"cost": None}, "column 'cost' not found in table 'Plant'"),
        ({"": 1}, "column '' not found in table 'Plant'"),
        (
            {"units": [1, 2]},
            "array 'units' does not match any vector, set, or time series table in collection "
            "'Plant'",
        ),
        (
            {"tags": ["x"]},
            "array 'tags' does not match any vector, set, or time series table in collection "
            "'Plant'",
        ),
        (
            {"gen": [1.0]},
            "array 'gen' does not match any vector, set, or time series table in collection "
            "'Plant'",
        ),
        ({"costs": [1.0]}, "column 'costs' not found in table 'Plant_vector_costs'"),
    ],
)
def test_routing_errors(plants: Database, kwargs: dict[str, object], message: str) -> None:
    fails(
        QuiverError,
        f"Cannot create_element: {message}",
        plants.create_element,
        "Plant",
        label="a",
        **kwargs,
    )
    assert rows(plants, "SELECT count(*) FROM Plant") == [(0,)]


def test_lists_become_group_rows(plants: Database) -> None:
    plants.create_element(
        "Plant",
        label="a",
        cost=[1.5, 2.5, 3.5],
        factor=[1, 2, 3],
        tag=["gas", "peaker"],
        date_time=["2020-01-01T00:00:00", "2020-02-01", " 2020-03-01 10:00:00 "],
        generation=[1, 2.5, 3.0],
    )
    assert rows(plants, "SELECT * FROM Plant_vector_costs") == [
        (1, 1, 1.5, 1),
        (1, 2, 2.5, 2),
        (1, 3, 3.5, 3),
    ]
    assert rows(plants, "SELECT * FROM Plant_set_tags ORDER BY rowid") == [
        (1, "gas"),
        (1, "peaker"),
    ]
    assert rows(plants, "SELECT * FROM Plant_time_series_gen ORDER BY date_time") == [
        (1, "2020-01-01T00:00:00", 1.0),
        (1, "2020-02-01T00:00:00", 2.5),
        (1, "2020-03-01T10:00:00", 3.0),
    ]


def test_unnamed_group_columns_get_null_or_default(writes: Database) -> None:
    writes.create_element("Child", label="a", cost=[], amount=[1.0, 2.0])
    writes.create_element("Child", label="b", parent_ref=[1], amount=[3.0], weight=[9])
    assert rows(writes, "SELECT * FROM Child_vector_refs ORDER BY id, vector_index") == [
        (1, 1, None, 1.0, 5),
        (1, 2, None, 2.0, 5),
        (2, 1, 1, 3.0, 9),
    ]


def test_time_series_value_without_dimension(plants: Database) -> None:
    fails(
        QuiverError,
        "Failed to execute statement: NOT NULL constraint failed: Plant_time_series_gen.date_time",
        plants.create_element,
        "Plant",
        label="a",
        generation=[1.0],
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cost": [1.0], "factor": [1, 2]}, "vector columns in table 'Plant_vector_costs'"),
        (
            {"date_time": ["2020-01-01"], "generation": [1.0, 2.0]},
            "time series columns in table 'Plant_time_series_gen'",
        ),
    ],
)
def test_length_mismatch(plants: Database, kwargs: dict[str, object], message: str) -> None:
    fails(
        QuiverError,
        f"Cannot create_element: {message} must have the same length",
        plants.create_element,
        "Plant",
        label="a",
        **kwargs,
    )


def test_set_length_mismatch(writes: Database) -> None:
    fails(
        QuiverError,
        "Cannot create_element: set columns in table 'Child_set_weights' must have the same length",
        writes.create_element,
        "Child",
        label="a",
        ratio=[1.0],
        date_visit=["2020-01-01", "2020-01-02"],
    )


def test_empty_lists_on_create(plants: Database, writes: Database) -> None:
    # Empty lists write nothing and are not even routed.
    plants.create_element("Plant", label="a", cost=[], tag=[], bogus=[], costs=[])
    assert rows(plants, "SELECT count(*) FROM Plant_vector_costs") == [(0,)]
    assert rows(plants, "SELECT count(*) FROM Plant_set_tags") == [(0,)]
    # Quirk: an empty column of a multi-column group counts as "not supplied".
    plants.create_element("Plant", label="b", cost=[], factor=[1])
    assert rows(plants, "SELECT * FROM Plant_vector_costs") == [(2, 1, None, 1)]


def test_set_duplicates(plants: Database) -> None:
    fails(
        QuiverError,
        "Failed to execute statement: UNIQUE constraint failed: Plant_set_tags.id, "
        "Plant_set_tags.tag",
        plants.create_element,
        "Plant",
        label="h",
        tag=["x", "x"],
    )
    assert rows(plants, "SELECT count(*) FROM Plant") == [(0,)]


def test_ambiguous_array_is_written_to_every_table(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with open_writes(tmp_path / "w.db") as db:
        db.create_element("Parent", label="p1")
        db.create_element("Parent", label="p2")
        caplog.clear()
        db.create_element("Child", label="c", parent_ref=["p2", "p1"])
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        tables = "Child_set_parents, Child_vector_refs"
        assert warnings == [AMBIGUOUS.format(op="create_element", name="parent_ref", tables=tables)]
        assert rows(db, "SELECT id, parent_ref FROM Child_set_parents ORDER BY rowid") == [
            (1, 2),
            (1, 1),
        ]
        assert rows(db, "SELECT id, vector_index, parent_ref FROM Child_vector_refs") == [
            (1, 1, 2),
            (1, 2, 1),
        ]
        caplog.clear()
        db.update_element("Child", 1, parent_ref=[1])
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert warnings == [AMBIGUOUS.format(op="update_element", name="parent_ref", tables=tables)]
        caplog.clear()
        db.update_element_by_label("Child", "c", parent_ref=[])
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert warnings == [AMBIGUOUS.format(op="update_element", name="parent_ref", tables=tables)]
        assert rows(db, "SELECT count(*) FROM Child_set_parents") == [(0,)]
        assert rows(db, "SELECT count(*) FROM Child_vector_refs") == [(0,)]
        # Empty on create: not routed, so no warning.
        caplog.clear()
        db.create_element("Child", label="d", parent_ref=[])
        assert [r for r in caplog.records if r.levelno == logging.WARNING] == []


def test_shared_time_series_dimension(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="quiverdb")
    with open_writes(tmp_path / "w.db") as db:
        db.create_element("Child", label="c", date_time=["2020-01-01"], va=[1.0], vb=[2.0])
        tables = "Child_time_series_a, Child_time_series_b"
        assert [r.getMessage() for r in caplog.records] == [
            AMBIGUOUS.format(op="create_element", name="date_time", tables=tables)
        ]
        assert rows(db, "SELECT * FROM Child_time_series_a") == [(1, "2020-01-01T00:00:00", 1.0)]
        assert rows(db, "SELECT * FROM Child_time_series_b") == [
            (1, "2020-01-01T00:00:00", 2.0, None)
        ]
        fails(
            QuiverError,
            "Failed to execute statement: NOT NULL constraint failed: Child_time_series_a.va",
            db.create_element,
            "Child",
            label="d",
            date_time=["2020-01-01"],
            vb=[1.0],
        )


def test_ambiguous_warning_reaches_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with open_writes(tmp_path / "w.db", LogLevel.WARN) as db:
        db.create_element("Child", label="c", parent_ref=[])
        db.update_element("Child", 1, parent_ref=[])
    err = capfd.readouterr().err
    assert "] [warning] update_element: array 'parent_ref' matches 2 group tables (" in err
    assert "create_element: array" not in err


# -- create: marshalling and validation ------------------------------------------------------------


def test_python_errors_come_first(plants: Database) -> None:
    fails(
        TypeError,
        "Unsupported type object for Element.set('x')",
        plants.create_element,
        "Nope",
        x=object(),
    )
    fails(
        TypeError,
        "Unsupported type object for Element.set('x')",
        plants.create_element,
        5,
        x=object(),
    )
    fails(AttributeError, "'int' object has no attribute 'encode'", plants.create_element, 5, x=1)
    fails(OverflowError, "int too big to convert", plants.create_element, "Nope", units=2**63)
    assert rows(plants, "SELECT count(*) FROM Plant") == [(0,)]


@pytest.mark.parametrize(
    ("value", "type_name"),
    [(date(2020, 1, 1), "date"), (Decimal(1), "Decimal"), ((1,), "tuple"), (b"x", "bytes")],
)
def test_unsupported_kwarg_types(plants: Database, value: object, type_name: str) -> None:
    fails(
        TypeError,
        f"Unsupported type {type_name} for Element.set('date_built')",
        plants.create_element,
        "Plant",
        label="a",
        date_built=value,
    )


def test_numpy_values(plants: Database) -> None:
    np = pytest.importorskip("numpy")
    fails(
        TypeError,
        "Unsupported type int64 for Element.set('units')",
        plants.create_element,
        "Plant",
        label="a",
        units=np.int64(1),
    )
    fails(
        TypeError,
        "Unsupported type ndarray for Element.set('cost')",
        plants.create_element,
        "Plant",
        label="a",
        cost=np.array([1.0]),
    )
    plants.create_element("Plant", label="a", capacity=np.float64(2.5))
    assert rows(plants, "SELECT capacity FROM Plant") == [(2.5,)]
    # numpy integers are accepted as ids (through __index__), not as values.
    plants.update_element("Plant", np.int64(1), units=4)
    plants.update_relation("Plant", "Zone", "id", np.int64(1), None)
    assert rows(plants, "SELECT units, zone_id FROM Plant") == [(4, None)]
    plants.delete_element("Plant", np.int64(1))
    assert rows(plants, "SELECT count(*) FROM Plant") == [(0,)]


def test_bools_and_int_subclasses(writes: Database) -> None:
    writes.create_element("Child", label="a", active=True, score=False, code=[True, Level.HIGH])
    writes.create_element("Child", label="b", active=False, amount=[1, 2.5, True])
    assert rows(writes, "SELECT active, score FROM Child ORDER BY id") == [(1, 0.0), (0, None)]
    assert rows(writes, "SELECT code FROM Child_set_codes ORDER BY code") == [(1,), (3,)]
    assert rows(writes, "SELECT amount FROM Child_vector_refs") == [(1.0,), (2.5,), (1.0,)]


def test_floats(plants: Database) -> None:
    plants.create_element("Plant", label="inf", capacity=float("inf"))
    assert rows(plants, "SELECT capacity FROM Plant") == [(float("inf"),)]
    fails(
        QuiverError,
        "Failed to execute statement: NOT NULL constraint failed: Plant.capacity",
        plants.create_element,
        "Plant",
        label="nan",
        capacity=float("nan"),
    )


def test_datetimes(writes: Database) -> None:
    plus3 = timezone(timedelta(hours=3))
    writes.create_element(
        "Child", label="aware", date_start=datetime(2020, 1, 1, 10, 0, tzinfo=plus3)
    )
    writes.create_element("Child", label="naive", date_start=datetime(2020, 1, 1, 10, 0, 0, 999999))
    writes.create_element("Child", label="text", name=datetime(2021, 6, 1, 12, 0, 0))
    writes.create_element(
        "Child",
        label="list",
        date_event=[
            datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=-3))),
            datetime(1999, 12, 31),
        ],
        note=[datetime(2024, 1, 1, 5, 0)],
    )
    assert rows(writes, "SELECT label, name, date_start FROM Child ORDER BY id") == [
        ("aware", None, "2020-01-01T07:00:00"),
        ("naive", None, "2020-01-01T10:00:00"),
        ("text", "2021-06-01T12:00:00", None),
        ("list", None, None),
    ]
    assert rows(writes, "SELECT date_event FROM Child_vector_events ORDER BY vector_index") == [
        ("2020-01-01T03:00:00",),
        ("1999-12-31T00:00:00",),
    ]
    assert rows(writes, "SELECT note FROM Child_vector_notes") == [("2024-01-01T05:00:00",)]


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2024-02-29", "2024-02-29T00:00:00"),
        ("2024-01-02T03:04:05", "2024-01-02T03:04:05"),
        ("2024-01-02 03:04:05", "2024-01-02T03:04:05"),
        ("  2024-01-01\t", "2024-01-01T00:00:00"),
        ("0001-01-01", "0001-01-01T00:00:00"),
        ("9999-12-31 23:59:59", "9999-12-31T23:59:59"),
    ],
)
def test_date_time_text_is_stored_canonical(plants: Database, text: str, stored: str) -> None:
    plants.create_element("Plant", label="a", date_built=text, date_time=[text], generation=[1.0])
    assert rows(plants, "SELECT date_built FROM Plant") == [(stored,)]
    assert rows(plants, "SELECT date_time FROM Plant_time_series_gen") == [(stored,)]


@pytest.mark.parametrize(
    "text",
    [
        "not a date",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00+01:00",
        "2024-01-01T10:00:00.5",
        "2024-01-01T10:00",
        "2024-1-1",
        "2024/01/01",
        "01/02/2024",
        "",
        "2024-01-01t10:00:00",
        "2024-01-01  10:00:00",
        "2023-02-29",
        "2024-02-30",
        "2024-01-01T24:00:00",
        "2024-01-01T10:60:00",
        "2024-01-01T23:59:60",
        "0000-01-01",
        "  2020-13-01  ",
    ],
)
def test_invalid_date_times(plants: Database, text: str) -> None:
    tail = f"'{text}' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"
    fails(
        QuiverError,
        f"Cannot create_element: invalid DATE_TIME value for column 'date_built': {tail}",
        plants.create_element,
        "Plant",
        label="a",
        date_built=text,
    )
    fails(
        QuiverError,
        f"Cannot create_element: invalid DATE_TIME value for array 'date_time' index 1: {tail}",
        plants.create_element,
        "Plant",
        label="a",
        date_time=["2020-01-01", text],
        generation=[1.0, 2.0],
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"units": 2.0}, "type mismatch for column 'units': expected INTEGER, got REAL"),
        ({"units": "y"}, "type mismatch for column 'units': expected INTEGER, got TEXT"),
        ({"capacity": "x"}, "type mismatch for column 'capacity': expected REAL, got TEXT"),
        (
            {"capacity": datetime(2020, 1, 1)},
            "type mismatch for column 'capacity': expected REAL, got TEXT",
        ),
        ({"label": 5}, "type mismatch for column 'label': expected TEXT, got INTEGER"),
        ({"label": 5.5}, "type mismatch for column 'label': expected TEXT, got REAL"),
        (
            {"date_built": 5},
            "type mismatch for column 'date_built': expected DATE_TIME, got INTEGER",
        ),
        (
            {"date_built": 5.5},
            "type mismatch for column 'date_built': expected DATE_TIME, got REAL",
        ),
        ({"zone_id": 1.5}, "type mismatch for column 'zone_id': expected INTEGER, got REAL"),
        ({"factor": [1.5]}, "type mismatch for array 'factor' index 0: expected INTEGER, got REAL"),
        (
            {"factor": [1, 1.5]},
            "type mismatch for array 'factor' index 0: expected INTEGER, got REAL",
        ),
        ({"factor": ["a", "b"]}, "type mismatch for column 'factor': expected INTEGER, got TEXT"),
        ({"cost": ["a"]}, "type mismatch for array 'cost' index 0: expected REAL, got TEXT"),
        ({"tag": [1]}, "type mismatch for array 'tag' index 0: expected TEXT, got INTEGER"),
        ({"tag": [1.5]}, "type mismatch for array 'tag' index 0: expected TEXT, got REAL"),
        (
            {"date_time": [1], "generation": [1.0]},
            "type mismatch for array 'date_time' index 0: expected DATE_TIME, got INTEGER",
        ),
        (
            {"date_time": [1.5], "generation": [1.0]},
            "type mismatch for array 'date_time' index 0: expected DATE_TIME, got REAL",
        ),
        (
            {"date_time": ["2020-01-01"], "generation": ["x"]},
            "type mismatch for array 'generation' index 0: expected REAL, got TEXT",
        ),
    ],
)
def test_type_validation(plants: Database, kwargs: dict[str, object], message: str) -> None:
    plants.create_element("Zone", label="north")
    values = {"label": "a", **kwargs}
    fails(
        QuiverError, f"Cannot create_element: {message}", plants.create_element, "Plant", **values
    )
    update = {k: v for k, v in kwargs.items() if k != "label"} or {"label": kwargs["label"]}
    plants.create_element("Plant", label="target")
    fails(
        QuiverError,
        f"Cannot update_element: {message}",
        plants.update_element,
        "Plant",
        1,
        **update,
    )


def test_datetime_in_text_set(plants: Database) -> None:
    plants.create_element("Plant", label="a", tag=[datetime(2020, 1, 1)])
    assert rows(plants, "SELECT tag FROM Plant_set_tags") == [("2020-01-01T00:00:00",)]


# -- strings: trimming and NUL ---------------------------------------------------------------------


def test_strings_are_trimmed(writes: Database) -> None:
    writes.create_element(
        "Child",
        label="\t a \n",
        name="  ",
        note=[" n1 ", "\r\nn2\t", "\x0bn3\x0c"],
        date_event=[" 2020-01-01 "],
    )
    writes.create_element("Child", label="\u00a0b\u00a0", name="\u00a0")
    assert rows(writes, "SELECT label, name FROM Child ORDER BY id") == [
        ("a", ""),
        ("\u00a0b\u00a0", "\u00a0"),
    ]
    assert rows(writes, "SELECT note FROM Child_vector_notes ORDER BY vector_index") == [
        ("n1",),
        ("n2",),
        ("\x0bn3\x0c",),
    ]
    assert rows(writes, "SELECT date_event FROM Child_vector_events") == [("2020-01-01T00:00:00",)]


def test_strings_end_at_nul(writes: Database) -> None:
    writes.create_element("Child", label="a\x00b", note=["c\x00d"], **{"name\x00zz": "n"})
    assert rows(writes, "SELECT label, name FROM Child") == [("a", "n")]
    assert rows(writes, "SELECT note FROM Child_vector_notes") == [("c",)]
    writes.update_element_by_label("Child", "a\x00zzz", score=1.0)
    writes.delete_element_by_label("Child", "a\x00yyy")
    assert rows(writes, "SELECT count(*) FROM Child") == [(0,)]


# -- foreign keys as labels ------------------------------------------------------------------------


def test_foreign_key_labels(writes: Database) -> None:
    writes.create_element("Child", label="c1", parent_id=" p2 ")
    writes.create_element("Child", label="c2", child_mentor="c1", mentor_id=["c1"])
    writes.create_element("Child", label="c3", mentor_id=["c1", " c2 "], code=[1])
    writes.create_element(
        "Child", label="c4", date_time=["2020-01-01"], va=[1.0], sponsor_id=["p1"]
    )
    writes.create_element("Child", label="c5", parent_ref=["p1"], parent_id=1)
    assert rows(writes, "SELECT label, parent_id, child_mentor FROM Child ORDER BY id") == [
        ("c1", 2, None),
        ("c2", None, 1),
        ("c3", None, None),
        ("c4", None, None),
        ("c5", 1, None),
    ]
    assert rows(
        writes, "SELECT id, mentor_id FROM Child_vector_mentors ORDER BY id, vector_index"
    ) == [
        (2, 1),
        (3, 1),
        (3, 2),
    ]
    assert rows(writes, "SELECT sponsor_id FROM Child_time_series_b") == [(1,)]
    assert rows(writes, "SELECT parent_ref FROM Child_set_parents") == [(1,)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"parent_id": "zz"}, "Failed to resolve label 'zz' to ID in table 'Parent'"),
        ({"parent_id": "  zz  "}, "Failed to resolve label '  zz  ' to ID in table 'Parent'"),
        ({"parent_id": ""}, "Failed to resolve label '' to ID in table 'Parent'"),
        ({"child_mentor": "new"}, "Failed to resolve label 'new' to ID in table 'Child'"),
        ({"mentor_id": ["new"]}, "Failed to resolve label 'new' to ID in table 'Child'"),
        ({"mentor_id": ["zz"]}, "Failed to resolve label 'zz' to ID in table 'Child'"),
        (
            {"date_time": ["2020-01-01"], "va": [1.0], "sponsor_id": ["zz"]},
            "Failed to resolve label 'zz' to ID in table 'Parent'",
        ),
        ({"parent_id": 99}, "Failed to execute statement: FOREIGN KEY constraint failed"),
        (
            {"mentor_id": [1.5]},
            "Cannot create_element: type mismatch for array 'mentor_id' index 0: expected "
            "INTEGER, got REAL",
        ),
    ],
)
def test_foreign_key_errors(writes: Database, kwargs: dict[str, object], message: str) -> None:
    fails(QuiverError, message, writes.create_element, "Child", label="new", **kwargs)
    assert rows(writes, "SELECT count(*) FROM Child") == [(0,)]


def test_mixed_ids_and_labels_are_rejected_in_python(writes: Database) -> None:
    fails(
        TypeError,
        "Unsupported value type str in cell 1 of column 'mentor_id'",
        writes.create_element,
        "Child",
        label="c",
        mentor_id=[1, "c1"],
    )


# -- error precedence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "create", "update"),
    [
        (
            {"capacity": "x", "units": "y"},
            "Cannot create_element: type mismatch for column 'units': expected INTEGER, got TEXT",
            "Cannot update_element: type mismatch for column 'units': expected INTEGER, got TEXT",
        ),
        (
            {"zone_id": "nowhere", "units": 1.5},
            "Failed to resolve label 'nowhere' to ID in table 'Zone'",
            "Failed to resolve label 'nowhere' to ID in table 'Zone'",
        ),
        (
            {"zz": 1, "aa": 1},
            "Cannot create_element: column 'aa' not found in table 'Plant'",
            "Cannot update_element: column 'aa' not found in table 'Plant'",
        ),
        (
            {"units": 1.5, "tag": [1]},
            "Cannot create_element: type mismatch for column 'units': expected INTEGER, got REAL",
            "Cannot update_element: type mismatch for array 'tag' index 0: expected TEXT, got "
            "INTEGER",
        ),
        (
            {"units": 1.5, "costs": [1.0]},
            "Cannot create_element: type mismatch for column 'units': expected INTEGER, got REAL",
            "Cannot update_element: column 'costs' not found in table 'Plant_vector_costs'",
        ),
        (
            {"bogus": 1, "bogus2": [1]},
            "Cannot create_element: column 'bogus' not found in table 'Plant'",
            "Cannot update_element: array 'bogus2' does not match any vector, set, or time series "
            "table in collection 'Plant'",
        ),
        (
            {"tag": [1], "factor": ["a"]},
            "Cannot create_element: type mismatch for column 'factor': expected INTEGER, got TEXT",
            "Cannot update_element: type mismatch for column 'factor': expected INTEGER, got TEXT",
        ),
        (
            {"cost": [1.0], "factor": [1, 2], "tag": [1]},
            "Cannot create_element: type mismatch for array 'tag' index 0: expected TEXT, got "
            "INTEGER",
            "Cannot update_element: type mismatch for array 'tag' index 0: expected TEXT, got "
            "INTEGER",
        ),
        (
            {"date_time": ["x"], "generation": [1.0, 2.0]},
            "Cannot create_element: invalid DATE_TIME value for array 'date_time' index 0: 'x' "
            "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
            "Cannot update_element: invalid DATE_TIME value for array 'date_time' index 0: 'x' "
            "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
        ),
        (
            {"date_built": "bad", "cost": [1.0], "factor": [1, 2]},
            "Cannot create_element: invalid DATE_TIME value for column 'date_built': 'bad' "
            "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
            "Cannot update_element: vector columns in table 'Plant_vector_costs' must have the "
            "same length",
        ),
    ],
)
def test_error_precedence(
    plants: Database, kwargs: dict[str, object], create: str, update: str
) -> None:
    plants.create_element("Zone", label="z")
    plants.create_element("Plant", label="a")
    fails(QuiverError, create, plants.create_element, "Plant", label="b", **kwargs)
    fails(QuiverError, update, plants.update_element, "Plant", 1, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "create", "update"),
    [
        (
            {"mentor_id": ["zz"], "score": "x"},
            "Cannot create_element: type mismatch for column 'score': expected REAL, got TEXT",
            "Failed to resolve label 'zz' to ID in table 'Child'",
        ),
        (
            {"mentor_id": ["zz"], "active": "x"},
            "Cannot create_element: type mismatch for column 'active': expected INTEGER, got TEXT",
            "Cannot update_element: type mismatch for column 'active': expected INTEGER, got TEXT",
        ),
        (
            {"mentor_id": ["zz"], "zzz": [1]},
            "Failed to resolve label 'zz' to ID in table 'Child'",
            "Failed to resolve label 'zz' to ID in table 'Child'",
        ),
        (
            {"code": ["a"], "bogus": [1]},
            "Cannot create_element: array 'bogus' does not match any vector, set, or time series "
            "table in collection 'Child'",
            "Cannot update_element: array 'bogus' does not match any vector, set, or time series "
            "table in collection 'Child'",
        ),
        (
            {"ratio": ["x"], "date_visit": ["bad"]},
            "Cannot create_element: invalid DATE_TIME value for array 'date_visit' index 0: 'bad' "
            "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
            "Cannot update_element: invalid DATE_TIME value for array 'date_visit' index 0: 'bad' "
            "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
        ),
        (
            {"ratio": [1.0], "date_visit": ["2020-01-01", "2020-01-02"], "note": [1]},
            "Cannot create_element: set columns in table 'Child_set_weights' must have the same "
            "length",
            "Cannot update_element: set columns in table 'Child_set_weights' must have the same "
            "length",
        ),
        (
            {"bogus": 1, "parent_id": "zz"},
            "Failed to resolve label 'zz' to ID in table 'Parent'",
            "Failed to resolve label 'zz' to ID in table 'Parent'",
        ),
    ],
)
def test_error_precedence_with_labels(
    writes: Database, kwargs: dict[str, object], create: str, update: str
) -> None:
    writes.create_element("Child", label="c")
    fails(QuiverError, create, writes.create_element, "Child", label="b", **kwargs)
    fails(QuiverError, update, writes.update_element, "Child", 1, **kwargs)


def test_warning_is_logged_only_once_routing_is_reached(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="quiverdb")
    with open_writes(tmp_path / "w.db") as db:
        db.create_element("Child", label="c")
        with pytest.raises(QuiverError):
            db.create_element("Child", label="b", parent_ref=[1], score="x")
        with pytest.raises(QuiverError):
            db.create_element("Child", label="b", parent_ref=[1], bogus=[1])
        assert caplog.records == []
        with pytest.raises(
            QuiverError, match=r"Cannot update_element: type mismatch for column 'score'"
        ):
            db.update_element("Child", 1, parent_ref=[1], score="x")
        assert len(caplog.records) == 1
        with pytest.raises(QuiverError, match=r"^Element not found: 99 in collection 'Child'$"):
            db.update_element("Child", 99, parent_ref=[1])
        assert len(caplog.records) == 1


# -- update ----------------------------------------------------------------------------------------


def test_update_errors(plants: Database) -> None:
    plants.create_element("Plant", label="a")
    empty = "Cannot update_element: element must have at least one attribute to update"
    fails(QuiverError, empty, plants.update_element, "Plant", 99)
    fails(
        QuiverError,
        "Cannot update_element: collection not found: Nope",
        plants.update_element,
        "Nope",
        99,
    )
    missing = "Element not found: 99 in collection 'Plant'"
    fails(QuiverError, missing, plants.update_element, "Plant", 99, units=1.5)
    fails(QuiverError, missing, plants.update_element, "Plant", 99, cost=[1.0])
    fails(
        QuiverError,
        "Cannot update_element_by_label: collection not found: Nope",
        plants.update_element_by_label,
        "Nope",
        "zz",
    )
    by_label = "Element not found: label ' zz ' in collection 'Plant'"
    fails(QuiverError, by_label, plants.update_element_by_label, "Plant", " zz ")
    fails(QuiverError, by_label, plants.update_element_by_label, "Plant", " zz ", bogus=1)
    fails(QuiverError, empty, plants.update_element_by_label, "Plant", "a")
    fails(
        QuiverError,
        "Cannot update_element: column 'bogus' not found in table 'Plant'",
        plants.update_element_by_label,
        "Plant",
        "a",
        bogus=1,
    )


def test_update_call_shapes(plants: Database) -> None:
    plants.create_element("Plant", label="a")
    fails(
        TypeError,
        "Database.update_element() missing 1 required positional argument: 'id'",
        plants.update_element,
        "Plant",
        id=1,
        label="x",
    )
    fails(TypeError, "an integer is required", plants.update_element, "Plant", "1", label="x")
    fails(TypeError, "an integer is required", plants.update_element, "Plant", 1.0, label="x")
    fails(OverflowError, "int too big to convert", plants.update_element, "Plant", 2**64, label="x")
    fails(
        OverflowError,
        "int too big to convert",
        plants.update_element,
        "Plant",
        -(2**63) - 1,
        label="x",
    )
    fails(
        TypeError,
        "Unsupported type object for Element.set('x')",
        plants.update_element,
        "Plant",
        "1",
        x=object(),
    )
    fails(
        AttributeError, "'int' object has no attribute 'encode'", plants.update_element, 5, "1", x=1
    )
    fails(
        AttributeError,
        "'int' object has no attribute 'encode'",
        plants.update_element_by_label,
        "Plant",
        5,
        x=1,
    )
    plants.update_element("Plant", True, units=Level.HIGH)
    assert rows(plants, "SELECT units FROM Plant") == [(3,)]


def test_update_scalars(plants: Database) -> None:
    plants.create_element("Plant", label="a", capacity=1.0, units=2, date_built="2020-01-01")
    plants.update_element("Plant", 1, units=None, capacity=7)
    assert rows(plants, "SELECT * FROM Plant") == [(1, "a", 7.0, None, "2020-01-01T00:00:00", None)]
    plants.update_element_by_label(
        "Plant", "  a  ", label="renamed", date_built="2021-02-03 04:05:06"
    )
    assert rows(plants, "SELECT label, date_built FROM Plant") == [
        ("renamed", "2021-02-03T04:05:06")
    ]
    fails(
        QuiverError,
        "Failed to execute statement: NOT NULL constraint failed: Plant.capacity",
        plants.update_element,
        "Plant",
        1,
        capacity=None,
    )


def test_update_can_change_the_id(plants: Database) -> None:
    plants.create_element("Plant", label="a", cost=[1.0, 2.0], tag=["x"])
    plants.update_element("Plant", 1, id=50)
    assert rows(plants, "SELECT id FROM Plant") == [(50,)]
    assert rows(plants, "SELECT id, cost FROM Plant_vector_costs") == [(50, 1.0), (50, 2.0)]
    # With arrays in the same call the groups are written under the new id.
    plants.update_element("Plant", 50, id=60, cost=[3.0])
    assert rows(plants, "SELECT id, vector_index, cost FROM Plant_vector_costs") == [(60, 1, 3.0)]
    assert rows(plants, "SELECT id, tag FROM Plant_set_tags") == [(60, "x")]


def test_update_replaces_groups(plants: Database) -> None:
    plants.create_element(
        "Plant",
        label="a",
        cost=[1.0, 2.0],
        factor=[10, 20],
        tag=["a"],
        date_time=["2020-01-01"],
        generation=[1.0],
    )
    plants.create_element("Plant", label="b", cost=[9.0], tag=["z"])
    plants.update_element("Plant", 1, cost=[5.0])
    assert rows(plants, "SELECT * FROM Plant_vector_costs ORDER BY id") == [
        (1, 1, 5.0, None),
        (2, 1, 9.0, None),
    ]
    plants.update_element("Plant", 1, date_time=["2021-01-01", "2021-02-01"])
    assert rows(plants, "SELECT * FROM Plant_time_series_gen") == [
        (1, "2021-01-01T00:00:00", None),
        (1, "2021-02-01T00:00:00", None),
    ]
    plants.update_element("Plant", 1, tag=[])
    assert rows(plants, "SELECT * FROM Plant_set_tags") == [(2, "z")]
    fails(
        QuiverError,
        "Cannot update_element: vector columns in table 'Plant_vector_costs' must have the same "
        "length",
        plants.update_element,
        "Plant",
        1,
        cost=[],
        factor=[1],
    )
    plants.update_element("Plant", 1, costs=[])
    plants.update_element("Plant", 1, cost=[], factor=[])
    assert rows(plants, "SELECT id FROM Plant_vector_costs") == [(2,)]
    fails(
        QuiverError,
        "Cannot update_element: array 'bogus' does not match any vector, set, or time series table "
        "in collection 'Plant'",
        plants.update_element,
        "Plant",
        1,
        bogus=[],
    )
    fails(
        QuiverError,
        "Failed to execute statement: NOT NULL constraint failed: Plant_time_series_gen.date_time",
        plants.update_element,
        "Plant",
        1,
        generation=[3.0],
    )


def test_update_uses_declared_defaults(writes: Database) -> None:
    writes.create_element("Child", label="c", amount=[1.0], weight=[1])
    writes.update_element("Child", 1, amount=[2.0, 3.0])
    assert rows(writes, "SELECT amount, weight FROM Child_vector_refs") == [(2.0, 5), (3.0, 5)]


def test_failing_update_changes_nothing(plants: Database) -> None:
    plants.create_element("Plant", label="a", units=1, tag=["k"])
    fails(
        QuiverError,
        "Failed to execute statement: UNIQUE constraint failed: Plant_set_tags.id, "
        "Plant_set_tags.tag",
        plants.update_element,
        "Plant",
        1,
        units=7,
        tag=["x", "x"],
    )
    assert rows(plants, "SELECT units FROM Plant") == [(1,)]
    assert rows(plants, "SELECT tag FROM Plant_set_tags") == [("k",)]


# -- delete ----------------------------------------------------------------------------------------


def test_delete(plants: Database) -> None:
    plants.create_element("Zone", label="north")
    plants.create_element("Plant", label="a", zone_id="north", cost=[1.0], tag=["t"])
    plants.create_element("Plant", label="b", zone_id=1)
    plants.delete_element("Plant", 1)
    assert rows(plants, "SELECT id FROM Plant") == [(2,)]
    assert rows(plants, "SELECT count(*) FROM Plant_vector_costs") == [(0,)]
    assert rows(plants, "SELECT count(*) FROM Plant_set_tags") == [(0,)]
    plants.delete_element_by_label(collection="Zone", label=" north\n")
    assert rows(plants, "SELECT zone_id FROM Plant") == [(None,)]
    fails(
        QuiverError, "Element not found: 1 in collection 'Plant'", plants.delete_element, "Plant", 1
    )
    fails(
        QuiverError,
        "Element not found: label ' north\n' in collection 'Zone'",
        plants.delete_element_by_label,
        "Zone",
        " north\n",
    )
    plants.delete_element(collection="Plant", id=2)
    assert rows(plants, "SELECT count(*) FROM Plant") == [(0,)]


def test_delete_errors(plants: Database) -> None:
    fails(
        QuiverError,
        "Cannot delete_element: collection not found: Nope",
        plants.delete_element,
        "Nope",
        1,
    )
    fails(
        QuiverError,
        "Cannot delete_element_by_label: collection not found: Nope",
        plants.delete_element_by_label,
        "Nope",
        "x",
    )
    fails(TypeError, "an integer is required", plants.delete_element, "Plant", "1")
    fails(AttributeError, "'int' object has no attribute 'encode'", plants.delete_element, 5, "1")
    fails(
        AttributeError,
        "'int' object has no attribute 'encode'",
        plants.delete_element_by_label,
        5,
        6,
    )


def test_closed_database_is_reported_first(plants: Database) -> None:
    plants.close()
    message = "Database has been closed"
    fails(QuiverError, message, plants.create_element, 5, x=object())
    fails(QuiverError, message, plants.update_element, 5, "x", x=object())
    fails(QuiverError, message, plants.update_element_by_label, 5, 5)
    fails(QuiverError, message, plants.delete_element, 5, "x")
    fails(QuiverError, message, plants.delete_element_by_label, 5, 5)


def test_read_only_database(plants: Database) -> None:
    plants.create_element("Zone", label="north")
    with Database.open(plants.path(), read_only=True, console_level=LogLevel.OFF) as db:
        message = "Failed to execute statement: attempt to write a readonly database"
        fails(QuiverError, message, db.create_element, "Zone", label="x")
        fails(QuiverError, message, db.update_element, "Zone", 1, label="x")
        fails(QuiverError, message, db.delete_element, "Zone", 1)


# -- atomicity -------------------------------------------------------------------------------------


def test_failing_create_is_atomic_in_a_transaction(plants: Database) -> None:
    if not hasattr(plants, "begin_transaction"):
        pytest.skip("transactions are not available in this build")
    plants.begin_transaction()
    plants.create_element("Zone", label="kept")
    with pytest.raises(QuiverError, match=r"UNIQUE constraint failed: Plant_set_tags\.id"):
        plants.create_element("Plant", label="h", tag=["x", "x"])
    plants.update_element("Zone", 1, label="renamed")
    with pytest.raises(QuiverError, match=r"UNIQUE constraint failed: Plant_set_tags\.id"):
        plants.create_element("Plant", label="i", cost=[1.0], tag=["y", "y"])
    with pytest.raises(QuiverError, match=r"UNIQUE constraint failed: Zone\.label"):
        plants.create_element("Zone", label="renamed")
    plants.commit()
    assert rows(plants, "SELECT label FROM Zone") == [("renamed",)]
    assert rows(plants, "SELECT count(*) FROM Plant") == [(0,)]
    assert rows(plants, "SELECT count(*) FROM Plant_vector_costs") == [(0,)]


# -- logging ---------------------------------------------------------------------------------------


def test_write_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with open_writes(tmp_path / "w.db") as db:
        caplog.clear()
        db.create_element("Child", label="c", note=["a"], amount=[], weight=[1], code=[])
        db.update_element_by_label("Child", "c", name="x", note=[], code=[1, 2])
        db.delete_element_by_label("Child", "c")
        with pytest.raises(QuiverError):
            db.create_element("Child", label="z", code=[1, 1])
        with pytest.raises(QuiverError):
            db.create_element("Nope", label="z")
        messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert messages[: len(EXPECTED_LOG)] == EXPECTED_LOG
    assert all(r.name == "quiverdb" for r in caplog.records)


EXPECTED_LOG = [
    ("DEBUG", "Creating element in collection: Child"),
    ("DEBUG", "Transaction started"),
    ("DEBUG", "Inserted element with id: 1"),
    ("DEBUG", "Inserted 1 vector rows into Child_vector_notes"),
    ("DEBUG", "Inserted 1 vector rows into Child_vector_refs"),
    ("DEBUG", "Transaction committed"),
    ("INFO", "Created element 1 in Child"),
    ("DEBUG", "Updating element 1 in collection: Child"),
    ("DEBUG", "Transaction started"),
    ("DEBUG", "Inserted 2 set rows into Child_set_codes"),
    ("DEBUG", "Inserted 0 vector rows into Child_vector_notes"),
    ("DEBUG", "Transaction committed"),
    ("INFO", "Updated element 1 in Child"),
    ("DEBUG", "Deleting element 1 from collection: Child"),
    ("INFO", "Deleted element 1 from Child"),
    ("DEBUG", "Creating element in collection: Child"),
    ("DEBUG", "Transaction started"),
    ("DEBUG", "Inserted element with id: 2"),
    ("DEBUG", "Transaction rolled back"),
    ("DEBUG", "Creating element in collection: Nope"),
]


def test_info_lines_on_stderr(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with open_writes(tmp_path / "w.db", LogLevel.INFO) as db:
        capfd.readouterr()
        db.create_element("Parent", label="p")
        db.update_element("Parent", 1, label="q")
        db.delete_element("Parent", 1)
        with pytest.raises(QuiverError):
            db.delete_element("Parent", 1)
    lines = capfd.readouterr().err.splitlines()
    assert [line.split("] ", 3)[-1] for line in lines[:3]] == [
        "Created element 1 in Parent",
        "Updated element 1 in Parent",
        "Deleted element 1 from Parent",
    ]
    assert all("] [info] " in line for line in lines[:3])
    assert lines[3:] == [lines[3]] and lines[3].endswith("[info] Database closed")
