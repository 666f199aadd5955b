"""Scalar reads (bulk and by id), element ids and counts: python-api-core.md §4.1-4.4, §4.7,
§4.8, §4.10, §4.11 and c-api.md §3.5.

Test data is written with the stdlib sqlite3 module so these tests do not depend on the element
writers.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError

SCHEMAS = Path(__file__).parent / "schemas"

# Elements are inserted out of id order (10, 5, 7, 3) to show that reads follow ascending id.
PLANTS_DATA = """
INSERT INTO Configuration (id, label) VALUES (1, 'cfg');
INSERT INTO Zone (id, label) VALUES (1, 'z1');
INSERT INTO Plant (id, label, capacity, units, date_built, zone_id)
    VALUES (10, 'c', 1.5, 3, '2020-01-01', NULL);
INSERT INTO Plant (id, label, capacity, units, date_built, zone_id)
    VALUES (5, 'a', 2, NULL, '2021-02-03T04:05:06', 1);
INSERT INTO Plant (id, label, units, date_built) VALUES (7, 'b', 1, 'bad');
INSERT INTO Plant (id, label, units, date_built) VALUES (3, 'd', 0, '2020-01-01 10:00:00');
INSERT INTO Plant_vector_costs VALUES (10, 2, 2.5, 2), (10, 1, 1.5, NULL), (7, 1, 3, 1),
    (3, 1, NULL, 0);
INSERT INTO Plant_set_tags VALUES (10, 'z'), (10, 'a'), (10, 'm'), (3, 'x');
"""

UTC = timezone.utc


def build(tmp_path: Path, schema: str, data: str) -> Database:
    """A database from tests/schemas/<schema> filled with ``data`` through sqlite3."""
    path = tmp_path / "reads.db"
    Database.from_schema(str(path), str(SCHEMAS / schema), console_level=LogLevel.OFF).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(data)
        conn.commit()
    return Database.open(str(path), console_level=LogLevel.OFF)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = build(tmp_path, "plants.sql", PLANTS_DATA)
    yield database
    database.close()


# ---- element ids and counts --------------------------------------------------------------


def test_element_ids_ascending_not_insertion_order(db: Database) -> None:
    assert db.read_element_ids("Plant") == [3, 5, 7, 10]
    assert db.read_element_ids("Zone") == [1]


def test_number_of_elements_counts_rows(db: Database) -> None:
    assert db.number_of_elements("Plant") == 4
    assert db.number_of_elements("Zone") == 1


def test_empty_collection(plants: Database) -> None:
    assert plants.read_element_ids("Plant") == []
    assert plants.number_of_elements("Plant") == 0
    assert plants.read_scalar_integers("Plant", "units") == []
    assert plants.read_scalar_floats("Plant", "capacity") == []
    assert plants.read_scalar_strings("Plant", "label") == []
    assert plants.read_scalar_booleans("Plant", "units") == []
    assert plants.read_scalar_date_times("Plant", "date_built") == []


@pytest.mark.parametrize("name", ["Nope", "plant", "", "sqlite_sequence"])
def test_ids_and_count_unknown_collection(db: Database, name: str) -> None:
    with pytest.raises(
        QuiverError, match=f"^Cannot read_element_ids: collection not found: {name}$"
    ):
        db.read_element_ids(name)
    with pytest.raises(
        QuiverError, match=f"^Cannot number_of_elements: collection not found: {name}$"
    ):
        db.number_of_elements(name)


def test_group_tables_are_accepted_as_collections(db: Database) -> None:
    # Reference quirk (§4.11): one entry per row, in storage order.
    assert db.read_element_ids("Plant_vector_costs") == [10, 10, 7, 3]
    assert db.number_of_elements("Plant_vector_costs") == 4
    assert db.read_element_ids("Plant_set_tags") == [10, 10, 10, 3]
    assert db.read_element_ids("Plant_time_series_gen") == []
    assert db.read_scalar_floats("Plant_vector_costs", "cost") == [2.5, 1.5, 3.0, None]
    assert db.read_scalar_integers("Plant_vector_costs", "vector_index") == [2, 1, 1, 1]
    assert db.read_scalar_strings("Plant_set_tags", "tag") == ["z", "a", "m", "x"]
    assert db.read_scalar_integer_by_id("Plant_set_tags", "id", 10) == 10


def test_files_table_has_no_id_column(study: Database) -> None:
    assert study.number_of_elements("Plant_time_series_files") == 0
    assert study.read_scalar_strings("Plant_time_series_files", "cost_file") == []
    message = "^Failed to prepare statement: no such column: id$"
    with pytest.raises(QuiverError, match=message):
        study.read_element_ids("Plant_time_series_files")
    with pytest.raises(QuiverError, match=message):
        study.read_scalar_string_by_id("Plant_time_series_files", "cost_file", 1)


# ---- bulk scalar reads --------------------------------------------------------------------


def test_read_scalar_integers(db: Database) -> None:
    assert db.read_scalar_integers("Plant", "units") == [0, None, 1, 3]
    assert db.read_scalar_integers("Plant", "id") == [3, 5, 7, 10]
    assert db.read_scalar_integers("Plant", "zone_id") == [None, 1, None, None]


def test_read_scalar_floats_widens_integers(db: Database) -> None:
    assert db.read_scalar_floats("Plant", "capacity") == [0.0, 2.0, 0.0, 1.5]
    values = db.read_scalar_floats("Plant", "units")
    assert values == [0.0, None, 1.0, 3.0]
    assert all(type(v) is float for v in values if v is not None)


def test_read_scalar_strings_raw_text(db: Database) -> None:
    assert db.read_scalar_strings("Plant", "label") == ["d", "a", "b", "c"]
    assert db.read_scalar_strings("Plant", "date_built") == [
        "2020-01-01 10:00:00",
        "2021-02-03T04:05:06",
        "bad",
        "2020-01-01",
    ]


def test_type_mismatch_reads_as_none(db: Database) -> None:
    assert db.read_scalar_integers("Plant", "capacity") == [None, None, None, None]
    assert db.read_scalar_integers("Plant", "label") == [None, None, None, None]
    assert db.read_scalar_strings("Plant", "units") == [None, None, None, None]
    assert db.read_scalar_floats("Plant", "label") == [None, None, None, None]


def test_read_scalar_booleans(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "plants.sql",
        "INSERT INTO Plant (id, label, units) VALUES (1, 'a', 1), (2, 'b', 0), (3, 'c', NULL);",
    )
    try:
        assert database.read_scalar_booleans("Plant", "units") == [True, False, None]
        assert database.read_scalar_boolean_by_id("Plant", "units", 1) is True
        assert database.read_scalar_boolean_by_id("Plant", "units", 2) is False
        assert database.read_scalar_boolean_by_id("Plant", "units", 3) is None
        assert database.read_scalar_boolean_by_id("Plant", "units", 99) is None
        # A REAL column reads as all None (integer read of a REAL), never an error.
        assert database.read_scalar_booleans("Plant", "capacity") == [None, None, None]
    finally:
        database.close()


def test_read_scalar_booleans_rejects_other_integers(db: Database) -> None:
    message = "^Cannot convert integer 3 to boolean in 'Plant.units': expected 0 or 1$"
    with pytest.raises(ValueError, match=message):
        db.read_scalar_booleans("Plant", "units")
    with pytest.raises(ValueError, match=message):
        db.read_scalar_boolean_by_id("Plant", "units", 10)
    assert db.read_scalar_boolean_by_id("Plant", "units", 3) is False
    assert db.read_scalar_boolean_by_id("Plant", "units", 7) is True


def test_read_scalar_date_times(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "plants.sql",
        """INSERT INTO Plant (id, label, date_built) VALUES (1, 'a', '2020-05-01'),
           (2, 'b', NULL), (3, 'c', '2021-02-03T04:05:06'), (4, 'd', '2021-02-03 04:05:06'),
           (5, 'e', '9999-12-31T23:59:59'), (6, 'f', '0001-01-01');""",
    )
    try:
        values = database.read_scalar_date_times("Plant", "date_built")
        assert values == [
            datetime(2020, 5, 1, tzinfo=UTC),
            None,
            datetime(2021, 2, 3, 4, 5, 6, tzinfo=UTC),
            datetime(2021, 2, 3, 4, 5, 6, tzinfo=UTC),
            datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
            datetime(1, 1, 1, tzinfo=UTC),
        ]
        assert all(v.tzinfo is UTC for v in values if v is not None)
        value = database.read_scalar_date_time_by_id("Plant", "date_built", 3)
        assert value == datetime(2021, 2, 3, 4, 5, 6, tzinfo=UTC)
        assert value is not None and value.tzinfo is UTC
        assert database.read_scalar_date_time_by_id("Plant", "date_built", 2) is None
        assert database.read_scalar_date_time_by_id("Plant", "date_built", 99) is None
        # An INTEGER column has no text: every value is None.
        assert database.read_scalar_date_times("Plant", "units") == [None] * 6
    finally:
        database.close()


@pytest.mark.parametrize(
    "text",
    [
        "2020-01-01T10:00:00.5",
        "2020-01-01T10:00:00+03:00",
        "2020-01-01T10:00:00Z",
        "20200101",
        "2020-02-31",
        "0000-01-01",
        "2020-01-01T10:00",
        " 2020-01-01",
        "2020-1-1",
        "",
        "2020-01- 1",
        "2020-01-01T24:00:00",
        "2020-01-01T10:00:00 ",
        "\u0662\u0660\u0662\u0660-\u0660\u0661-\u0660\u0661",
    ],
)
def test_read_scalar_date_times_rejects(tmp_path: Path, text: str) -> None:
    database = build(
        tmp_path,
        "plants.sql",
        f"INSERT INTO Plant (id, label, date_built) VALUES (1, 'a', '{text}');",
    )
    try:
        message = (
            f"Cannot convert \"{text}\" to a date time in 'Plant.date_built': "
            "expected a valid YYYY-MM-DD[THH:MM:SS]"
        )
        with pytest.raises(ValueError) as bulk:
            database.read_scalar_date_times("Plant", "date_built")
        assert str(bulk.value) == message
        with pytest.raises(ValueError) as by_id:
            database.read_scalar_date_time_by_id("Plant", "date_built", 1)
        assert str(by_id.value) == message
    finally:
        database.close()


def test_read_scalar_date_times_parses_plain_text_columns(db: Database) -> None:
    message = (
        "^Cannot convert \"d\" to a date time in 'Plant.label': "
        r"expected a valid YYYY-MM-DD\[THH:MM:SS\]$"
    )
    with pytest.raises(ValueError, match=message):
        db.read_scalar_date_times("Plant", "label")


# ---- scalar reads by id ---------------------------------------------------------------------


def test_scalar_by_id_values(db: Database) -> None:
    assert db.read_scalar_integer_by_id("Plant", "units", 10) == 3
    assert db.read_scalar_float_by_id("Plant", "capacity", 10) == 1.5
    assert db.read_scalar_string_by_id("Plant", "label", 5) == "a"
    assert db.read_scalar_date_time_by_id("Plant", "date_built", 5) == datetime(
        2021, 2, 3, 4, 5, 6, tzinfo=UTC
    )


def test_scalar_by_id_null_missing_and_mismatch(db: Database) -> None:
    assert db.read_scalar_integer_by_id("Plant", "units", 5) is None
    assert db.read_scalar_integer_by_id("Plant", "units", 999) is None
    assert db.read_scalar_float_by_id("Plant", "capacity", -1) is None
    assert db.read_scalar_string_by_id("Plant", "label", 55) is None
    assert db.read_scalar_integer_by_id("Plant", "capacity", 10) is None
    assert db.read_scalar_string_by_id("Plant", "units", 10) is None
    assert db.read_scalar_float_by_id("Plant", "label", 10) is None
    widened = db.read_scalar_float_by_id("Plant", "units", 10)
    assert widened == 3.0 and type(widened) is float


def test_scalar_by_id_invalid_date_time(db: Database) -> None:
    with pytest.raises(
        ValueError, match=r"^Cannot convert \"bad\" to a date time in 'Plant.date_built'"
    ):
        db.read_scalar_date_time_by_id("Plant", "date_built", 7)


# ---- errors -------------------------------------------------------------------------------

# (method, reported operation) for the bulk and by-id scalar readers.
BULK = [
    ("read_scalar_integers", "read_scalar_integers"),
    ("read_scalar_booleans", "read_scalar_integers"),
    ("read_scalar_floats", "read_scalar_floats"),
    ("read_scalar_strings", "read_scalar_strings"),
    ("read_scalar_date_times", "read_scalar_strings"),
]
BY_ID = [
    ("read_scalar_integer_by_id", "read_scalar_integer_by_id"),
    ("read_scalar_boolean_by_id", "read_scalar_integer_by_id"),
    ("read_scalar_float_by_id", "read_scalar_float_by_id"),
    ("read_scalar_string_by_id", "read_scalar_string_by_id"),
    ("read_scalar_date_time_by_id", "read_scalar_string_by_id"),
]


@pytest.mark.parametrize(("method", "op"), BULK)
def test_bulk_unknown_names(db: Database, method: str, op: str) -> None:
    read = getattr(db, method)
    with pytest.raises(QuiverError, match=f"^Cannot {op}: collection not found: Nope$"):
        read("Nope", "units")
    for attribute in ["nope", "Units", "cost", "tag", ""]:
        with pytest.raises(QuiverError) as info:
            read("Plant", attribute)
        assert str(info.value) == f"Cannot {op}: column '{attribute}' not found in table 'Plant'"


@pytest.mark.parametrize(("method", "op"), BY_ID)
def test_by_id_unknown_names(db: Database, method: str, op: str) -> None:
    read = getattr(db, method)
    with pytest.raises(QuiverError, match=f"^Cannot {op}: collection not found: Nope$"):
        read("Nope", "units", 1)
    with pytest.raises(QuiverError) as info:
        read("Plant", "cost", 1)
    assert str(info.value) == f"Cannot {op}: column 'cost' not found in table 'Plant'"


class Ident(enum.IntEnum):
    TEN = 10


def test_id_argument_conversions(db: Database) -> None:
    assert db.read_scalar_integer_by_id("Plant", "id", True) is None
    assert db.read_scalar_integer_by_id("Plant", "units", Ident.TEN) == 3
    assert db.read_scalar_integer_by_id("Plant", "units", -(2**63)) is None
    for bad in ["10", 10.0, None]:
        with pytest.raises(TypeError, match=r"^an integer is required$"):
            db.read_scalar_integer_by_id("Plant", "units", bad)  # type: ignore[arg-type]
    for big in [2**63, 2**64, -(2**63) - 1]:
        with pytest.raises(OverflowError, match=r"^int too big to convert$"):
            db.read_scalar_string_by_id("Plant", "label", big)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda d: d.read_scalar_integers(None, "x"),
            "'NoneType' object has no attribute 'encode'",
        ),
        (lambda d: d.read_scalar_floats("Plant", b"x"), "'bytes' object has no attribute 'encode'"),
        (lambda d: d.read_element_ids(1), "'int' object has no attribute 'encode'"),
        (lambda d: d.number_of_elements(None), "'NoneType' object has no attribute 'encode'"),
        (
            lambda d: d.read_scalar_string_by_id("Plant", None, 1),
            "'NoneType' object has no attribute 'encode'",
        ),
    ],
)
def test_name_arguments_must_be_str(db: Database, call: Any, message: str) -> None:
    with pytest.raises(AttributeError) as info:
        call(db)
    assert str(info.value) == message


def test_closed_database_raises_before_arguments(db: Database) -> None:
    db.close()
    for call in [
        lambda: db.read_element_ids(None),
        lambda: db.number_of_elements("Plant"),
        lambda: db.read_scalar_integers(1, "x"),
        lambda: db.read_scalar_booleans("Plant", "units"),
        lambda: db.read_scalar_date_time_by_id("Plant", "date_built", "x"),
    ]:
        with pytest.raises(QuiverError, match=r"^Database has been closed$"):
            call()


def test_strings_truncate_at_nul(db: Database) -> None:
    # Names are C strings: the attribute "label\0x" is "label".
    assert db.read_scalar_strings("Plant", "label\x00x") == ["d", "a", "b", "c"]


# ---- without rowid (a deliberate difference from the reference) ----------------------------


def test_without_rowid_tables_read_in_id_order(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "reads_without_rowid.sql",
        """INSERT INTO Configuration VALUES (1, 'c');
           INSERT INTO Thing VALUES (10, 'a', 1), (3, 'z', 2), (7, 'm', 3);""",
    )
    try:
        assert database.read_element_ids("Thing") == [3, 7, 10]
        assert database.read_scalar_strings("Thing", "label") == ["z", "m", "a"]
        assert database.read_scalar_integers("Thing", "v") == [2, 3, 1]
        assert database.read_scalar_integer_by_id("Thing", "v", 7) == 3
    finally:
        database.close()


# ---- the C API --------------------------------------------------------------------------------


@pytest.fixture
def capi() -> Any:
    """The compiled core (skipped when the tests run against another implementation)."""
    if not hasattr(Database, "_handle"):
        pytest.skip("not this implementation's C API")
    return pytest.importorskip("quiverdb._ffi")


def test_c_bulk_results_and_masks(db: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    values = ffi.new("int64_t**")
    mask = ffi.new("uint8_t**")
    count = ffi.new("size_t*")
    rc = lib.quiver_database_read_scalar_integers(
        db._handle(), b"Plant", b"units", values, mask, count
    )
    assert rc == 0
    assert count[0] == 4
    assert ffi.unpack(values[0], 4) == [0, 0, 1, 3]  # placeholder 0 where absent
    assert ffi.unpack(mask[0], 4) == [1, 0, 1, 1]
    lib.quiver_database_free_integer_array(values[0])
    lib.quiver_database_free_mask(mask[0])


def test_c_empty_results_are_null(plants: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    values = ffi.new("double**", ffi.cast("double*", 1))
    mask = ffi.new("uint8_t**", ffi.cast("uint8_t*", 1))
    count = ffi.new("size_t*", 7)
    rc = lib.quiver_database_read_scalar_floats(
        plants._handle(), b"Plant", b"units", values, mask, count
    )
    assert rc == 0
    assert (count[0], values[0], mask[0]) == (0, ffi.NULL, ffi.NULL)
    ids = ffi.new("int64_t**", ffi.cast("int64_t*", 1))
    assert lib.quiver_database_read_element_ids(plants._handle(), b"Plant", ids, count) == 0
    assert (count[0], ids[0]) == (0, ffi.NULL)


def test_c_by_id_has_value(db: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    ptr = db._handle()
    value = ffi.new("int64_t*", 77)
    has = ffi.new("int*", 5)
    assert (
        lib.quiver_database_read_scalar_integer_by_id(ptr, b"Plant", b"units", 5, value, has) == 0
    )
    assert (has[0], value[0]) == (0, 77)  # numeric output untouched without a value
    assert (
        lib.quiver_database_read_scalar_integer_by_id(ptr, b"Plant", b"units", 10, value, has) == 0
    )
    assert (has[0], value[0]) == (1, 3)
    text = ffi.new("char**", ffi.cast("char*", 1))
    assert lib.quiver_database_read_scalar_string_by_id(ptr, b"Plant", b"label", 99, text, has) == 0
    assert (has[0], text[0]) == (0, ffi.NULL)  # string output cleared


def test_c_null_arguments_in_parameter_order(db: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    ptr = db._handle()
    values = ffi.new("int64_t**")
    mask = ffi.new("uint8_t**")
    count = ffi.new("size_t*")
    cases = [
        ((ffi.NULL, b"Plant", b"units", values, mask, count), "db"),
        ((ptr, ffi.NULL, b"units", values, mask, count), "collection"),
        ((ptr, b"Plant", ffi.NULL, values, mask, count), "attribute"),
        ((ptr, b"Plant", b"units", ffi.NULL, mask, count), "out_values"),
        ((ptr, b"Plant", b"units", values, ffi.NULL, count), "out_mask"),
        # A NULL check wins over an unknown collection.
        ((ptr, b"Nope", b"units", values, mask, ffi.NULL), "out_count"),
    ]
    for args, name in cases:
        assert lib.quiver_database_read_scalar_integers(*args) == 1
        assert ffi.string(lib.quiver_get_last_error()).decode() == f"Null argument: {name}"
    has = ffi.new("int*")
    out = ffi.new("char**")
    assert lib.quiver_database_read_scalar_string_by_id(ptr, b"P", b"x", 1, out, ffi.NULL) == 1
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_has_value"
    assert lib.quiver_database_read_scalar_string_by_id(ptr, b"P", b"x", 1, ffi.NULL, has) == 1
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_value"
    assert lib.quiver_database_number_of_elements(ptr, b"P", ffi.NULL) == 1
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_count"
    assert lib.quiver_database_read_element_ids(ptr, b"P", ffi.NULL, count) == 1
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_ids"


def test_c_flat_free_functions_accept_null(capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    assert lib.quiver_database_free_integer_array(ffi.NULL) == 0
    assert lib.quiver_database_free_float_array(ffi.NULL) == 0
    assert lib.quiver_database_free_mask(ffi.NULL) == 0
    assert lib.quiver_database_free_string_array(ffi.NULL, 3) == 0


def test_invalid_utf8_text_raises(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "plants.sql",
        """INSERT INTO Plant (id, label) VALUES (1, CAST(X'61FF62' AS TEXT));
           INSERT INTO Plant_set_tags VALUES (1, CAST(X'FF' AS TEXT));""",
    )
    try:
        with pytest.raises(UnicodeDecodeError):
            database.read_scalar_strings("Plant", "label")
        with pytest.raises(UnicodeDecodeError):
            database.read_scalar_string_by_id("Plant", "label", 1)
        with pytest.raises(UnicodeDecodeError):
            database.read_set_strings("Plant", "tag")
        with pytest.raises(UnicodeDecodeError):
            database.read_set_strings_by_id("Plant", "tag", 1)
        # Other columns of the same rows stay readable.
        assert database.read_scalar_integers("Plant", "id") == [1]
    finally:
        database.close()


def test_loose_tables_read_by_storage_class(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "reads_loose.sql",
        "INSERT INTO Thing VALUES (2, 'b', 'abc', 'xyz', 5), (3, 'c', 2.5, 7, 1.5),"
        " (4, 'd', '12', '1.5', '7');",
    )
    try:
        # Column affinity converts what it can on insert; readers look at the stored class only.
        assert database.read_scalar_integers("Thing", "i") == [None, None, 12]
        assert database.read_scalar_floats("Thing", "i") == [None, 2.5, 12.0]
        assert database.read_scalar_strings("Thing", "i") == ["abc", None, None]
        assert database.read_scalar_floats("Thing", "r") == [None, 7.0, 1.5]
        assert database.read_scalar_strings("Thing", "t") == ["5", "1.5", "7"]
        assert database.read_scalar_integers("Thing", "t") == [None, None, None]
    finally:
        database.close()


def test_blob_values_fail(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "reads_loose.sql",
        """INSERT INTO Thing VALUES (1, 'a', X'3132', 1.0, 'x'), (2, 'b', 3, 2.0, 'y');
           INSERT INTO Thing_vector_v VALUES (2, 1, X'00', 'ok');""",
    )
    try:
        message = r"^Failed to execute statement: BLOB type not supported$"
        for read in [database.read_scalar_integers, database.read_scalar_strings]:
            with pytest.raises(QuiverError, match=message):
                read("Thing", "i")
        with pytest.raises(QuiverError, match=message):
            database.read_scalar_float_by_id("Thing", "i", 1)
        with pytest.raises(QuiverError, match=message):
            database.read_vector_strings("Thing", "x")
        with pytest.raises(QuiverError, match=message):
            database.read_vector_integers_by_id("Thing", "x", 2)
        # Only the cells read matter.
        assert database.read_scalar_integer_by_id("Thing", "i", 2) == 3
        assert database.read_scalar_floats("Thing", "r") == [1.0, 2.0]
        assert database.read_vector_strings("Thing", "y") == [[], ["ok"]]
    finally:
        database.close()
