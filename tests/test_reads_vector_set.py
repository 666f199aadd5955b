"""Vector and set reads (bulk and by id) and the composite readers: python-api-core.md §4.5-4.10
and c-api.md §3.6, §3.7, §3.18.

Test data is written with the stdlib sqlite3 module so these tests do not depend on the element
writers.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError

SCHEMAS = Path(__file__).parent / "schemas"
UTC = timezone.utc

# Elements 3, 1, 2 (inserted out of order); 2 has no group rows. Vector rows are inserted out
# of vector_index order; set rows keep their insertion order.
STUDY_DATA = """
INSERT INTO Configuration (id, label) VALUES (1, 'cfg');
INSERT INTO Bus (id, label) VALUES (1, 'b1'), (2, 'b2');
INSERT INTO Plant (id, label) VALUES (3, 'p3'), (1, 'p1'), (2, 'p2');
INSERT INTO Plant_vector_segments VALUES
    (1, 3, NULL, 3, NULL, '2024-03-01', 2),
    (1, 1, 1.5, 1, 'a', '2024-01-01T12:30:15', 1),
    (1, 2, 2.5, NULL, 'b', NULL, NULL),
    (3, 1, 4, 0, 'x', '2024-05-06 07:08:09', 1);
INSERT INTO Plant_set_tags VALUES (1, 'q'), (1, 'b'), (3, 'z'), (1, 'a');
INSERT INTO Plant_set_links VALUES (1, 2, 0.5), (1, 1, NULL), (3, 1, 2);
"""


def build(tmp_path: Path, schema: str, data: str, name: str = "reads.db") -> Database:
    """A database from tests/schemas/<schema> filled with ``data`` through sqlite3."""
    path = tmp_path / name
    Database.from_schema(str(path), str(SCHEMAS / schema), console_level=LogLevel.OFF).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(data)
        conn.commit()
    return Database.open(str(path), console_level=LogLevel.OFF)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = build(tmp_path, "study.sql", STUDY_DATA)
    yield database
    database.close()


# ---- vectors --------------------------------------------------------------------------------


def test_read_vectors_bulk_per_type(db: Database) -> None:
    assert db.read_vector_floats("Plant", "segment_cost") == [[1.5, 2.5, None], [], [4.0]]
    assert db.read_vector_integers("Plant", "segment_size") == [[1, None, 3], [], [0]]
    assert db.read_vector_strings("Plant", "segment_name") == [["a", "b", None], [], ["x"]]
    assert db.read_vector_integers("Plant", "bus_segment") == [[1, None, 2], [], [1]]
    assert db.read_vector_date_times("Plant", "date_segment") == [
        [datetime(2024, 1, 1, 12, 30, 15, tzinfo=UTC), None, datetime(2024, 3, 1, tzinfo=UTC)],
        [],
        [datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)],
    ]


def test_read_vectors_by_id_per_type(db: Database) -> None:
    assert db.read_vector_floats_by_id("Plant", "segment_cost", 1) == [1.5, 2.5, None]
    assert db.read_vector_integers_by_id("Plant", "segment_size", 1) == [1, None, 3]
    assert db.read_vector_strings_by_id("Plant", "segment_name", 1) == ["a", "b", None]
    assert db.read_vector_booleans_by_id("Plant", "segment_size", 3) == [False]
    assert db.read_vector_date_times_by_id("Plant", "date_segment", 3) == [
        datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    ]


def test_vectors_without_rows_and_unknown_ids(db: Database) -> None:
    for read in [
        db.read_vector_integers_by_id,
        db.read_vector_floats_by_id,
        db.read_vector_strings_by_id,
        db.read_vector_booleans_by_id,
        db.read_vector_date_times_by_id,
    ]:
        for id in [2, 999, -1]:
            attribute = "date_segment" if "date" in read.__name__ else "segment_size"
            assert read("Plant", attribute, id) == []


def test_vector_type_mismatch_and_widening(db: Database) -> None:
    assert db.read_vector_integers("Plant", "segment_cost") == [[None, None, None], [], [None]]
    assert db.read_vector_strings("Plant", "segment_size") == [[None, None, None], [], [None]]
    widened = db.read_vector_floats("Plant", "segment_size")
    assert widened == [[1.0, None, 3.0], [], [0.0]]
    assert type(widened[2][0]) is float
    assert db.read_vector_booleans("Plant", "segment_cost") == [[None, None, None], [], [None]]
    assert db.read_vector_date_times("Plant", "segment_size") == [[None, None, None], [], [None]]


def test_vector_id_and_index_columns_are_readable(db: Database) -> None:
    assert db.read_vector_integers("Plant", "vector_index") == [[1, 2, 3], [], [1]]
    assert db.read_vector_integers("Plant", "id") == [[1, 1, 1], [], [3]]


def test_vector_booleans_reject_other_integers(db: Database) -> None:
    message = "^Cannot convert integer 3 to boolean in 'Plant.segment_size': expected 0 or 1$"
    with pytest.raises(ValueError, match=message):
        db.read_vector_booleans("Plant", "segment_size")
    with pytest.raises(ValueError, match=message):
        db.read_vector_booleans_by_id("Plant", "segment_size", 1)


def test_vector_date_times_reject_invalid_text(tmp_path: Path) -> None:
    data = (
        STUDY_DATA
        + "INSERT INTO Plant_vector_segments VALUES (2, 1, NULL, NULL, NULL, 'nope', NULL);"
    )
    database = build(tmp_path, "study.sql", data)
    try:
        message = (
            "^Cannot convert \"nope\" to a date time in 'Plant.date_segment': "
            r"expected a valid YYYY-MM-DD\[THH:MM:SS\]$"
        )
        with pytest.raises(ValueError, match=message):
            database.read_vector_date_times("Plant", "date_segment")
        with pytest.raises(ValueError, match=message):
            database.read_vector_date_times_by_id("Plant", "date_segment", 2)
    finally:
        database.close()


# ---- sets -------------------------------------------------------------------------------------


def test_read_sets_bulk_in_insertion_order(db: Database) -> None:
    assert db.read_set_strings("Plant", "tag") == [["q", "b", "a"], [], ["z"]]
    assert db.read_set_integers("Plant", "bus_link") == [[2, 1], [], [1]]
    assert db.read_set_floats("Plant", "weight") == [[0.5, None], [], [2.0]]
    assert db.read_set_floats("Plant", "bus_link") == [[2.0, 1.0], [], [1.0]]
    assert db.read_set_integers("Plant", "weight") == [[None, None], [], [None]]
    assert db.read_set_strings("Plant", "bus_link") == [[None, None], [], [None]]
    # The first set group in group-name order holding "id" is links.
    assert db.read_set_integers("Plant", "id") == [[1, 1], [], [3]]


def test_read_sets_by_id(db: Database) -> None:
    assert db.read_set_strings_by_id("Plant", "tag", 1) == ["q", "b", "a"]
    assert db.read_set_integers_by_id("Plant", "bus_link", 1) == [2, 1]
    assert db.read_set_floats_by_id("Plant", "weight", 1) == [0.5, None]
    assert db.read_set_booleans_by_id("Plant", "bus_link", 3) == [True]
    for id in [2, 999]:
        assert db.read_set_strings_by_id("Plant", "tag", id) == []
        assert db.read_set_integers_by_id("Plant", "bus_link", id) == []
        assert db.read_set_floats_by_id("Plant", "weight", id) == []
        assert db.read_set_booleans_by_id("Plant", "bus_link", id) == []
        assert db.read_set_date_times_by_id("Plant", "tag", id) == []


def test_set_booleans_and_date_times(db: Database) -> None:
    with pytest.raises(
        ValueError, match=r"^Cannot convert integer 2 to boolean in 'Plant.bus_link'"
    ):
        db.read_set_booleans("Plant", "bus_link")
    with pytest.raises(
        ValueError, match=r"^Cannot convert integer 2 to boolean in 'Plant.bus_link'"
    ):
        db.read_set_booleans_by_id("Plant", "bus_link", 1)
    with pytest.raises(ValueError, match=r"^Cannot convert \"q\" to a date time in 'Plant.tag'"):
        db.read_set_date_times("Plant", "tag")
    assert db.read_set_booleans("Plant", "weight") == [[None, None], [], [None]]


def test_set_date_times_parse(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "study.sql",
        """INSERT INTO Plant (id, label) VALUES (1, 'p1');
           INSERT INTO Plant_set_tags VALUES (1, '2021-01-02'), (1, '2020-01-01T01:02:03');""",
    )
    try:
        expected = [datetime(2021, 1, 2, tzinfo=UTC), datetime(2020, 1, 1, 1, 2, 3, tzinfo=UTC)]
        assert database.read_set_date_times("Plant", "tag") == [expected]
        assert database.read_set_date_times_by_id("Plant", "tag", 1) == expected
    finally:
        database.close()


# ---- empty collections and group tables --------------------------------------------------------


def test_empty_collection(study: Database) -> None:
    assert study.read_vector_floats("Plant", "segment_cost") == []
    assert study.read_vector_strings("Plant", "segment_name") == []
    assert study.read_vector_booleans("Plant", "segment_size") == []
    assert study.read_set_strings("Plant", "tag") == []
    assert study.read_set_date_times("Plant", "tag") == []
    assert study.read_set_integers("Plant", "bus_link") == []


def test_elements_without_rows_get_empty_lists(tmp_path: Path) -> None:
    database = build(
        tmp_path, "study.sql", "INSERT INTO Plant (id, label) VALUES (4, 'a'), (9, 'b');"
    )
    try:
        assert database.read_vector_floats("Plant", "segment_cost") == [[], []]
        assert database.read_vector_date_times("Plant", "date_segment") == [[], []]
        assert database.read_set_strings("Plant", "tag") == [[], []]
        assert database.read_set_booleans("Plant", "bus_link") == [[], []]
    finally:
        database.close()


# ---- errors -----------------------------------------------------------------------------------

# (method, operation named for an unknown collection, an attribute of the right kind)
VECTOR_READERS = [
    ("read_vector_integers", "read_vector_integers", "segment_size"),
    ("read_vector_booleans", "read_vector_integers", "segment_size"),
    ("read_vector_floats", "read_vector_floats", "segment_cost"),
    ("read_vector_strings", "read_vector_strings", "segment_name"),
    ("read_vector_date_times", "read_vector_strings", "date_segment"),
]
SET_READERS = [
    ("read_set_integers", "read_set_integers", "bus_link"),
    ("read_set_booleans", "read_set_integers", "bus_link"),
    ("read_set_floats", "read_set_floats", "weight"),
    ("read_set_strings", "read_set_strings", "tag"),
    ("read_set_date_times", "read_set_strings", "tag"),
]


def _call(db: Database, method: str, by_id: bool, collection: str, attribute: str) -> Any:
    read = getattr(db, method + ("_by_id" if by_id else ""))
    return read(collection, attribute, 1) if by_id else read(collection, attribute)


@pytest.mark.parametrize("by_id", [False, True])
@pytest.mark.parametrize(("method", "op", "attribute"), VECTOR_READERS)
def test_vector_read_errors(
    db: Database, method: str, op: str, attribute: str, by_id: bool
) -> None:
    op = op + ("_by_id" if by_id else "")
    with pytest.raises(QuiverError) as info:
        _call(db, method, by_id, "Nope", attribute)
    assert str(info.value) == f"Cannot {op}: collection not found: Nope"
    # Group names, scalar columns, set columns, time-series columns, other cases.
    for wrong in ["segments", "capacity", "tag", "generation", "Segment_cost", ""]:
        with pytest.raises(QuiverError) as info:
            _call(db, method, by_id, "Plant", wrong)
        assert str(info.value) == f"Vector attribute not found: '{wrong}' in collection 'Plant'"
    for collection in ["Bus", "Plant_vector_segments"]:
        with pytest.raises(QuiverError) as info:
            _call(db, method, by_id, collection, attribute)
        assert str(info.value) == (
            f"Vector attribute not found: '{attribute}' in collection '{collection}'"
        )


@pytest.mark.parametrize("by_id", [False, True])
@pytest.mark.parametrize(("method", "op", "attribute"), SET_READERS)
def test_set_read_errors(db: Database, method: str, op: str, attribute: str, by_id: bool) -> None:
    op = op + ("_by_id" if by_id else "")
    with pytest.raises(QuiverError) as info:
        _call(db, method, by_id, "Nope", attribute)
    assert str(info.value) == f"Cannot {op}: collection not found: Nope"
    for wrong in ["tags", "links", "capacity", "segment_cost", "date_time", "Tag"]:
        with pytest.raises(QuiverError) as info:
            _call(db, method, by_id, "Plant", wrong)
        assert str(info.value) == f"Set attribute not found: '{wrong}' in collection 'Plant'"


def test_argument_errors(db: Database) -> None:
    with pytest.raises(TypeError, match=r"^an integer is required$"):
        db.read_vector_floats_by_id("Plant", "segment_cost", 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^an integer is required$"):
        db.read_set_strings_by_id("Plant", "tag", "1")  # type: ignore[arg-type]
    with pytest.raises(OverflowError, match=r"^int too big to convert$"):
        db.read_set_integers_by_id("Plant", "bus_link", 2**63)
    with pytest.raises(AttributeError, match=r"^'NoneType' object has no attribute 'encode'$"):
        db.read_vector_strings("Plant", None)  # type: ignore[arg-type]
    db.close()
    with pytest.raises(QuiverError, match=r"^Database has been closed$"):
        db.read_set_floats(None, None)  # type: ignore[arg-type]
    with pytest.raises(QuiverError, match=r"^Database has been closed$"):
        db.read_element_by_id("Plant", "x")  # type: ignore[arg-type]


# ---- composite readers ----------------------------------------------------------------------


def test_read_scalars_by_id(db: Database) -> None:
    assert db.read_scalars_by_id("Plant", 1) == {
        "id": 1,
        "label": "p1",
        "capacity": None,
        "status": None,
        "is_active": None,
        "date_commission": None,
        "bus_id": None,
        "plant_spill_to": None,
    }


def test_read_scalars_by_id_types(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "study.sql",
        """INSERT INTO Bus (id, label) VALUES (1, 'b');
           INSERT INTO Plant VALUES (1, 'p', 2, 3, 1, '2020-01-02 03:04:05', 1, 1);""",
    )
    try:
        values = database.read_scalars_by_id("Plant", 1)
        assert values == {
            "id": 1,
            "label": "p",
            "capacity": 2.0,
            "status": 3,
            "is_active": 1,  # booleans stay integers
            "date_commission": datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
            "bus_id": 1,
            "plant_spill_to": 1,
        }
        assert type(values["capacity"]) is float
        assert type(values["is_active"]) is int
    finally:
        database.close()


def test_read_vectors_and_sets_by_id(db: Database) -> None:
    assert db.read_vectors_by_id("Plant", 1) == {
        "segment_cost": [1.5, 2.5, None],
        "segment_size": [1, None, 3],
        "segment_name": ["a", "b", None],
        "date_segment": [
            datetime(2024, 1, 1, 12, 30, 15, tzinfo=UTC),
            None,
            datetime(2024, 3, 1, tzinfo=UTC),
        ],
        "bus_segment": [1, None, 2],
    }
    # Groups in name order (links before tags), columns in declaration order.
    sets = db.read_sets_by_id("Plant", 1)
    assert sets == {"bus_link": [2, 1], "weight": [0.5, None], "tag": ["q", "b", "a"]}
    assert list(sets) == ["bus_link", "weight", "tag"]
    assert db.read_vectors_by_id("Bus", 1) == {}
    assert db.read_sets_by_id("Bus", 1) == {}


def test_read_element_by_id(db: Database) -> None:
    element = db.read_element_by_id("Plant", 3)
    assert list(element) == [
        "id", "label", "capacity", "status", "is_active", "date_commission", "bus_id",
        "plant_spill_to", "segment_cost", "segment_size", "segment_name", "date_segment",
        "bus_segment", "bus_link", "weight", "tag",
    ]  # fmt: skip
    assert element["label"] == "p3"
    assert element["segment_cost"] == [4.0]
    assert element["tag"] == ["z"]
    assert element["weight"] == [2.0]
    empty = db.read_element_by_id("Plant", 2)
    assert empty["label"] == "p2"
    assert [empty[k] for k in ["segment_cost", "date_segment", "bus_link", "tag"]] == [
        [],
        [],
        [],
        [],
    ]
    assert db.read_element_by_id("Bus", 2) == {"id": 2, "label": "b2", "voltage": None}


def test_composite_readers_missing_element(db: Database) -> None:
    missing = db.read_element_by_id("Plant", 999)
    assert missing["id"] is None
    assert all(missing[k] is None for k in ["label", "capacity", "date_commission"])
    assert all(missing[k] == [] for k in ["segment_cost", "bus_link", "weight", "tag"])
    assert db.read_scalars_by_id("Bus", 999) == {"id": None, "label": None, "voltage": None}


def test_composite_readers_unknown_collection(db: Database) -> None:
    with pytest.raises(
        QuiverError, match=r"^Cannot list_scalar_attributes: collection not found: X$"
    ):
        db.read_scalars_by_id("X", 1)
    with pytest.raises(
        QuiverError, match=r"^Cannot list_scalar_attributes: collection not found: X$"
    ):
        db.read_element_by_id("X", 1)
    with pytest.raises(QuiverError, match=r"^Cannot list_vector_groups: collection not found: X$"):
        db.read_vectors_by_id("X", 1)
    with pytest.raises(QuiverError, match=r"^Cannot list_set_groups: collection not found: X$"):
        db.read_sets_by_id("X", 1)


def test_composite_readers_parse_date_times(db: Database) -> None:
    with closing(sqlite3.connect(db.path())) as conn:
        conn.execute("UPDATE Plant SET date_commission = 'soon' WHERE id = 2")
        conn.commit()
    with pytest.raises(
        ValueError, match=r"^Cannot convert \"soon\" to a date time in 'Plant.date_commission'"
    ):
        db.read_element_by_id("Plant", 2)


def test_shared_column_names(tmp_path: Path) -> None:
    database = build(
        tmp_path,
        "reads_shared_columns.sql",
        """INSERT INTO Parent VALUES (1, 'p1'), (2, 'p2'), (3, 'p3');
           INSERT INTO Child VALUES (1, 'c1', 'n');
           INSERT INTO Child_vector_b_refs VALUES (1, 1, 3);
           INSERT INTO Child_vector_a_refs VALUES (1, 1, 1, 0.5);
           INSERT INTO Child_set_refs VALUES (1, 2);""",
    )
    try:
        # The first vector group in group-name order holding the column is read.
        assert database.read_vector_integers("Child", "parent_ref") == [[1]]
        assert database.read_vector_integers_by_id("Child", "parent_ref", 1) == [1]
        assert database.read_set_integers("Child", "parent_ref") == [[2]]
        assert database.read_vectors_by_id("Child", 1) == {"parent_ref": [1], "weight": [0.5]}
        # The set's value replaces the vector's, keeping the vector's position.
        element = database.read_element_by_id("Child", 1)
        assert element == {"id": 1, "label": "c1", "note": "n", "parent_ref": [2], "weight": [0.5]}
        assert list(element) == ["id", "label", "note", "parent_ref", "weight"]
    finally:
        database.close()


def test_without_rowid_groups(tmp_path: Path) -> None:
    # A deliberate difference: the reference cannot read these tables (it orders by rowid).
    database = build(
        tmp_path,
        "reads_without_rowid.sql",
        """INSERT INTO Configuration VALUES (1, 'c');
           INSERT INTO Thing VALUES (10, 'a', 1), (3, 'z', 2), (7, 'm', 3);
           INSERT INTO Thing_set_s VALUES (10, 'q'), (10, 'b'), (3, 'x'), (7, 'a'), (7, 'c');
           INSERT INTO Thing_vector_w VALUES (7, 2, 2.0), (7, 1, 1.0), (3, 1, 5.0);""",
    )
    try:
        assert database.read_vector_floats("Thing", "w") == [[5.0], [1.0, 2.0], []]
        assert database.read_vector_floats_by_id("Thing", "w", 7) == [1.0, 2.0]
        assert database.read_set_strings("Thing", "s") == [["x"], ["a", "c"], ["q", "b"]]
        assert database.read_set_strings_by_id("Thing", "s", 10) == ["q", "b"]
    finally:
        database.close()


def test_bulk_reads_match_per_element_reads(tmp_path: Path) -> None:
    """Many elements with id gaps, empty groups and NULL cells: bulk == by id for each one."""
    rng = random.Random(7)
    ids = [i for i in range(1, 400) if i % 7]
    rows: list[str] = []
    tags: list[str] = []
    for id in ids:
        for index in rng.sample(range(1, 6), rng.choice([0, 0, 1, 2, 5])):
            cost = "NULL" if rng.random() < 0.2 else repr(rng.random())
            rows.append(f"({id}, {index}, {cost}, {index}, 's{index}', NULL, NULL)")
        tags.extend(f"({id}, 't{k}')" for k in rng.sample(range(50), rng.choice([0, 1, 3])))
    # Elements inserted in descending id order; reads must come back ascending.
    data = "INSERT INTO Plant (id, label) VALUES "
    data += ", ".join(f"({i}, 'p{i}')" for i in reversed(ids)) + ";\n"
    data += "INSERT INTO Plant_vector_segments VALUES " + ", ".join(rows) + ";\n"
    data += "INSERT INTO Plant_set_tags VALUES " + ", ".join(tags) + ";\n"
    database = build(tmp_path, "study.sql", data)
    try:
        assert database.read_element_ids("Plant") == ids
        costs = database.read_vector_floats("Plant", "segment_cost")
        names = database.read_vector_strings("Plant", "segment_name")
        indexes = database.read_vector_integers("Plant", "segment_size")
        tag_sets = database.read_set_strings("Plant", "tag")
        assert len(costs) == len(names) == len(indexes) == len(tag_sets) == len(ids)
        assert any(c == [] for c in costs) and any(None in c for c in costs)
        for i, id in enumerate(ids):
            assert costs[i] == database.read_vector_floats_by_id("Plant", "segment_cost", id)
            assert names[i] == database.read_vector_strings_by_id("Plant", "segment_name", id)
            # segment_size holds the index: cells come back in vector_index order.
            assert indexes[i] == sorted(indexes[i])
            assert tag_sets[i] == database.read_set_strings_by_id("Plant", "tag", id)
    finally:
        database.close()


# ---- the C API ------------------------------------------------------------------------------


@pytest.fixture
def capi() -> Any:
    """The compiled core (skipped when the tests run against another implementation)."""
    if not hasattr(Database, "_handle"):
        pytest.skip("not this implementation's C API")
    return pytest.importorskip("quiverdb._ffi")


def test_c_bulk_layout(db: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    vectors = ffi.new("double***")
    masks = ffi.new("uint8_t***")
    sizes = ffi.new("size_t**")
    count = ffi.new("size_t*")
    args = (db._handle(), b"Plant", b"segment_cost", vectors, masks, sizes, count)
    assert lib.quiver_database_read_vector_floats(*args) == 0
    assert count[0] == 3
    assert ffi.unpack(sizes[0], 3) == [3, 0, 1]
    assert ffi.unpack(vectors[0][0], 3) == [1.5, 2.5, 0.0]  # placeholder 0.0, not NaN
    assert ffi.unpack(masks[0][0], 3) == [1, 1, 0]
    # An element without rows: NULL vector and NULL mask.
    assert vectors[0][1] == ffi.NULL and masks[0][1] == ffi.NULL
    lib.quiver_database_free_float_vectors(vectors[0], sizes[0], 3)
    assert lib.quiver_database_free_masks(masks[0], 3) == 0  # needs no sizes


def test_c_strings_have_null_cells(db: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    vectors = ffi.new("char****")
    sizes = ffi.new("size_t**")
    count = ffi.new("size_t*")
    args = (db._handle(), b"Plant", b"segment_name", vectors, sizes, count)
    assert lib.quiver_database_read_vector_strings(*args) == 0
    assert ffi.string(vectors[0][0][0]) == b"a"
    assert vectors[0][0][2] == ffi.NULL
    assert vectors[0][1] == ffi.NULL
    assert lib.quiver_database_free_string_vectors(vectors[0], sizes[0], count[0]) == 0


def test_c_empty_results(study: Database, db: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    sets = ffi.new("int64_t***", ffi.cast("int64_t**", 1))
    masks = ffi.new("uint8_t***", ffi.cast("uint8_t**", 1))
    sizes = ffi.new("size_t**", ffi.cast("size_t*", 1))
    count = ffi.new("size_t*", 9)
    args = (study._handle(), b"Plant", b"bus_link", sets, masks, sizes, count)
    assert lib.quiver_database_read_set_integers(*args) == 0
    assert (count[0], sets[0], masks[0], sizes[0]) == (0, ffi.NULL, ffi.NULL, ffi.NULL)
    values = ffi.new("int64_t**", ffi.cast("int64_t*", 1))
    mask = ffi.new("uint8_t**", ffi.cast("uint8_t*", 1))
    args2 = (db._handle(), b"Plant", b"bus_link", 99, values, mask, count)
    assert lib.quiver_database_read_set_integers_by_id(*args2) == 0
    assert (count[0], values[0], mask[0]) == (0, ffi.NULL, ffi.NULL)


def test_c_null_arguments(db: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    ptr = db._handle()
    sets = ffi.new("char****")
    sizes = ffi.new("size_t**")
    count = ffi.new("size_t*")
    cases = [
        ((ptr, b"Plant", b"tag", ffi.NULL, sizes, count), "out_sets"),
        ((ptr, b"Plant", b"tag", sets, ffi.NULL, count), "out_sizes"),
        ((ptr, b"Nope", b"tag", sets, sizes, ffi.NULL), "out_count"),
    ]
    for args, name in cases:
        assert lib.quiver_database_read_set_strings(*args) == 1
        assert ffi.string(lib.quiver_get_last_error()).decode() == f"Null argument: {name}"
    vectors = ffi.new("int64_t***")
    assert (
        lib.quiver_database_read_vector_integers(ptr, b"P", b"a", vectors, ffi.NULL, sizes, count)
        == 1
    )
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_masks"
    assert (
        lib.quiver_database_read_vector_integers(ptr, b"P", b"a", ffi.NULL, ffi.NULL, sizes, count)
        == 1
    )
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_vectors"


def test_c_nested_free_functions_accept_null(capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    assert lib.quiver_database_free_masks(ffi.NULL, 4) == 0
    assert lib.quiver_database_free_integer_vectors(ffi.NULL, ffi.NULL, 4) == 0
    assert lib.quiver_database_free_float_vectors(ffi.NULL, ffi.NULL, 4) == 0
    assert lib.quiver_database_free_string_vectors(ffi.NULL, ffi.NULL, 4) == 0
