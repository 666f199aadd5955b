"""describe() and describe_collection(): the report format of python-api-core.md §5.3.

Data is written with the standard sqlite3 module so these tests depend only on the describe
code; the expected texts are the reference's output for the same databases.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError

PLANTS_EMPTY = """\
Collection: Configuration (0 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 0 non-null, 0 null
    - label (TEXT) NOT NULL; 0 non-null, 0 null

Collection: Plant (0 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 0 non-null, 0 null
    - label (TEXT) NOT NULL; 0 non-null, 0 null
    - capacity (REAL) NOT NULL; 0 non-null, 0 null
    - units (INTEGER); 0 non-null, 0 null
    - date_built (DATE_TIME); 0 non-null, 0 null
    - zone_id (INTEGER); 0 non-null, 0 null
  Vectors:
    - costs: cost(REAL), factor(INTEGER); 0/0 non-empty
  Sets:
    - tags: tag(TEXT); 0/0 non-empty
  Time Series:
    - gen: [date_time], generation(REAL); 0/0 non-empty

Collection: Zone (0 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 0 non-null, 0 null
    - label (TEXT) NOT NULL; 0 non-null, 0 null
"""

PLANT_AFTER_WRITES = """\
Collection: Plant (3 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 3 non-null, 0 null
    - label (TEXT) NOT NULL; 3 non-null, 0 null
    - capacity (REAL) NOT NULL; 3 non-null, 0 null
    - units (INTEGER); 3 non-null, 0 null; values {1: 1, 2: 2}
    - date_built (DATE_TIME); 1 non-null, 2 null
    - zone_id (INTEGER); 1 non-null, 2 null; values {1: 1}
  Vectors:
    - costs: cost(REAL), factor(INTEGER); 1/3 non-empty
  Sets:
    - tags: tag(TEXT); 1/3 non-empty
  Time Series:
    - gen: [date_time], generation(REAL); 1/3 non-empty
"""

PLANTS_AFTER_WRITES = (
    """\
Collection: Configuration (0 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 0 non-null, 0 null
    - label (TEXT) NOT NULL; 0 non-null, 0 null

"""
    + PLANT_AFTER_WRITES
    + """
Collection: Zone (1 element)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 1 non-null, 0 null
    - label (TEXT) NOT NULL; 1 non-null, 0 null
"""
)


def write(db: Database, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    """Runs statements through a second connection and commits them."""
    conn = sqlite3.connect(db.path())
    try:
        for statement in statements:
            if isinstance(statement, tuple):
                conn.execute(*statement)
            else:
                conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def write_spec_sample(db: Database) -> None:
    """The writes of the spec's sample (§5.3.3), as the core would store them."""
    write(
        db,
        "INSERT INTO Zone (label) VALUES ('north')",
        "INSERT INTO Plant (label, capacity, units, date_built, zone_id) "
        "VALUES ('alpha', 10.0, 2, '2020-05-01T00:00:00', 1)",
        "INSERT INTO Plant_vector_costs VALUES (1, 1, 1.5, 1), (1, 2, 2.5, 2)",
        "INSERT INTO Plant_set_tags VALUES (1, 'gas'), (1, 'peaker')",
        "INSERT INTO Plant (label) VALUES ('beta')",
        "INSERT INTO Plant (label, units) VALUES ('gamma', 2)",
        "INSERT INTO Plant_time_series_gen VALUES (3, '2024-01-01T00:00:00', 3.0)",
    )


def header(db: Database, version: int = 0) -> str:
    return f"Database: {db.path()}\nVersion: {version}\n\n"


# -- the spec's samples ----------------------------------------------------------------------------


def test_describe_empty_fixture_is_the_spec_sample(plants: Database) -> None:
    assert plants.describe() == header(plants) + PLANTS_EMPTY


def test_describe_after_writes_is_the_spec_sample(plants: Database) -> None:
    write_spec_sample(plants)
    assert plants.describe() == header(plants) + PLANTS_AFTER_WRITES


def test_describe_collection_is_the_section_without_header(plants: Database) -> None:
    write_spec_sample(plants)
    assert plants.describe_collection("Plant") == PLANT_AFTER_WRITES
    assert plants.describe_collection("Zone") == (
        "Collection: Zone (1 element)\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY; 1 non-null, 0 null\n"
        "    - label (TEXT) NOT NULL; 1 non-null, 0 null\n"
    )


def test_describe_reports_path_as_passed_and_version(tmp_path: Path, schemas: Path) -> None:
    relative = tmp_path / "sub" / ".." / "v.db"
    db = Database.from_schema(
        str(relative), str(schemas / "plants.sql"), console_level=LogLevel.OFF
    )
    try:
        write(db, "PRAGMA user_version = 7")
        report = db.describe()
        assert report.startswith(f"Database: {relative}\nVersion: 7\n\nCollection: Configuration")
        assert report.endswith("    - label (TEXT) NOT NULL; 0 non-null, 0 null\n")
        assert not report.endswith("\n\n")
    finally:
        db.close()


def test_describe_inside_a_dry_run(plants: Database) -> None:
    plants.begin_dry_run()
    try:
        assert plants.describe() == header(plants) + PLANTS_EMPTY
        assert plants.in_dry_run()
    finally:
        plants.end_dry_run()


# -- a richer schema -------------------------------------------------------------------------------


@pytest.fixture
def build(tmp_path: Path, schemas: Path) -> Iterator[Callable[..., Database]]:
    """Builds a database from a schema file, fills it through sqlite3 and opens it."""
    opened: list[Database] = []

    def make(schema: str, *statements: str | tuple[str, tuple[object, ...]]) -> Database:
        path = str(tmp_path / (schema + ".db"))
        Database.from_schema(path, str(schemas / schema), console_level=LogLevel.OFF).close()
        db = Database.open(path, console_level=LogLevel.OFF)
        opened.append(db)
        write(db, *statements)
        return db

    yield make
    for db in opened:
        db.close()


def richer(build: Callable[..., Database]) -> Database:
    conn_rows: list[str | tuple[str, tuple[object, ...]]] = [
        "INSERT INTO Configuration (id, label, base_year) VALUES (1, 'cfg', 2020)"
    ]
    # 64 distinct kinds (-63..-1 and 5): the largest domain that still gets a values clause.
    conn_rows += [
        ("INSERT INTO Bus (id, label, kind) VALUES (?, ?, ?)", (i, f"b{i}", -i if i <= 63 else 5))
        for i in range(1, 71)
    ]
    conn_rows += [
        "UPDATE Bus SET parent_id = 1 WHERE id IN (2, 3)",
        "INSERT INTO apple (label, code) VALUES ('x', -3), ('y', 10), ('z', -3), ('w', NULL)",
        "INSERT INTO Bus_vector_zeta VALUES (1, 1, NULL, 1), (1, 2, NULL, 2), (3, 1, NULL, 1)",
        "INSERT INTO Bus_set_pairs VALUES (2, 'a', 1)",
        "INSERT INTO Bus_time_series_load (id, date_time, block) VALUES "
        "(2, '2020-01-01', 1), (4, '2020-01-01', 1), (4, '2020-01-01', 2)",
        "INSERT INTO Bus_time_series_files VALUES ('f.csv')",
    ]
    return build("describe.sql", *conn_rows)


KINDS = ", ".join(f"{-i}: 1" for i in range(63, 0, -1)) + ", 5: 7"

RICHER = f"""\

Collection: Bus (70 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 70 non-null, 0 null
    - label (TEXT) NOT NULL; 70 non-null, 0 null
    - kind (INTEGER) NOT NULL; 70 non-null, 0 null; values {{{KINDS}}}
    - parent_id (INTEGER); 2 non-null, 68 null; values {{1: 2}}
  Vectors:
    - alpha: a(REAL); 0/70 non-empty
    - zeta: date_event(DATE_TIME), z(INTEGER); 2/70 non-empty
  Sets:
    - pairs: p(TEXT), q(INTEGER); 1/70 non-empty
  Time Series:
    - load: load(REAL), [date_time], flag(INTEGER), [block], date_checked(DATE_TIME); 2/70 non-empty

Collection: Configuration (1 element)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 1 non-null, 0 null
    - label (TEXT) NOT NULL; 1 non-null, 0 null
    - base_year (INTEGER); 1 non-null, 0 null; values {{2020: 1}}
    - note (TEXT) NOT NULL; 1 non-null, 0 null

Collection: apple (4 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 4 non-null, 0 null
    - label (TEXT) NOT NULL; 4 non-null, 0 null
    - code (INTEGER); 3 non-null, 1 null; values {{-3: 2, 10: 1}}
    - weight (REAL); 0 non-null, 4 null
    - date_picked (DATE_TIME); 0 non-null, 4 null
"""


def test_describe_richer_schema(build: Callable[..., Database]) -> None:
    """Byte order of collection names, lowercase declared types, group order by name,
    time-series dimensions in declaration order, the 64-value limit, negative values."""
    db = richer(build)
    report = db.describe()
    assert report == f"Database: {db.path()}\nVersion: 0\n" + RICHER


def test_describe_collection_accepts_group_and_files_tables(build: Callable[..., Database]) -> None:
    db = richer(build)
    assert db.describe_collection("Bus_vector_zeta") == (
        "Collection: Bus_vector_zeta (3 elements)\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY; 3 non-null, 0 null\n"
        "    - vector_index (INTEGER) PRIMARY KEY; 3 non-null, 0 null\n"
        "    - date_event (DATE_TIME); 0 non-null, 3 null\n"
        "    - z (INTEGER) NOT NULL; 3 non-null, 0 null; values {1: 2, 2: 1}\n"
    )
    assert db.describe_collection("Bus_set_pairs") == (
        "Collection: Bus_set_pairs (1 element)\n"
        "  Scalars:\n"
        "    - id (INTEGER) NOT NULL; 1 non-null, 0 null; values {2: 1}\n"
        "    - p (TEXT) NOT NULL; 1 non-null, 0 null\n"
        "    - q (INTEGER); 1 non-null, 0 null; values {1: 1}\n"
    )
    assert db.describe_collection("Bus_time_series_load") == (
        "Collection: Bus_time_series_load (3 elements)\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY; 3 non-null, 0 null\n"
        "    - load (REAL); 0 non-null, 3 null\n"
        "    - date_time (DATE_TIME) PRIMARY KEY; 3 non-null, 0 null\n"
        "    - flag (INTEGER); 0 non-null, 3 null\n"
        "    - block (INTEGER) PRIMARY KEY; 3 non-null, 0 null\n"
        "    - date_checked (DATE_TIME); 0 non-null, 3 null\n"
    )
    assert db.describe_collection("Bus_time_series_files") == (
        "Collection: Bus_time_series_files (1 element)\n"
        "  Scalars:\n"
        "    - load_file (TEXT); 1 non-null, 0 null\n"
    )


def test_values_clause_counts_integer_cells_only(build: Callable[..., Database]) -> None:
    """Text, real and blob cells of an INTEGER column count as non-null but are not listed;
    65 distinct integers drop the clause."""
    rows: list[str | tuple[str, tuple[object, ...]]] = [
        ("INSERT INTO Thing (label, n, m) VALUES (?, ?, ?)", (f"t{i}", v, i))
        for i, v in enumerate(["abc", 2.5, 3, "7", b"\x01", -(2**63), 2**63 - 1, 1e300])
    ]
    rows += [("INSERT INTO Thing (label, m) VALUES (?, ?)", (f"u{i}", 100 + i)) for i in range(57)]
    db = build("describe_loose.sql", *rows)
    assert db.describe_collection("Thing") == (
        "Collection: Thing (65 elements)\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY; 65 non-null, 0 null\n"
        "    - label (TEXT) NOT NULL; 65 non-null, 0 null\n"
        "    - n (INTEGER); 8 non-null, 57 null; "
        "values {-9223372036854775808: 1, 3: 1, 7: 1, 9223372036854775807: 1}\n"
        "    - m (INTEGER); 65 non-null, 0 null\n"
    )


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Nope", "plant", "sqlite_sequence", "", "Plant "])
def test_describe_collection_unknown(plants: Database, name: str) -> None:
    with pytest.raises(QuiverError) as info:
        plants.describe_collection(name)
    assert str(info.value) == f"Cannot describe_collection: collection not found: {name}"


def test_describe_collection_name_must_be_str(plants: Database) -> None:
    with pytest.raises(AttributeError, match=r"^'NoneType' object has no attribute 'encode'$"):
        plants.describe_collection(None)  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match=r"^'int' object has no attribute 'encode'$"):
        plants.describe_collection(5)  # type: ignore[arg-type]


def test_describe_call_shapes(plants: Database) -> None:
    with pytest.raises(TypeError) as info:
        plants.describe("Plant")  # type: ignore[call-arg]
    assert str(info.value) == "Database.describe() takes 1 positional argument but 2 were given"
    with pytest.raises(TypeError) as info:
        plants.describe_collection()  # type: ignore[call-arg]
    assert str(info.value) == (
        "Database.describe_collection() missing 1 required positional argument: 'collection'"
    )


def test_describe_on_closed_database(plants: Database) -> None:
    plants.close()
    for call in (plants.describe, lambda: plants.describe_collection(5)):  # type: ignore[arg-type]
        with pytest.raises(QuiverError, match=r"^Database has been closed$"):
            call()


def test_describe_validates_schema_lazily(tmp_path: Path) -> None:
    path = tmp_path / "foo.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE Foo (id INTEGER PRIMARY KEY)")
    conn.close()
    db = Database.open(str(path), console_level=LogLevel.OFF)
    try:
        for call in (db.describe, lambda: db.describe_collection("Foo")):
            with pytest.raises(QuiverError) as info:
                call()
            assert str(info.value) == (
                "Failed to validate schema: Schema must have a 'Configuration' table"
            )
    finally:
        db.close()


def test_describe_on_read_only_handle(plants: Database) -> None:
    write_spec_sample(plants)
    ro = Database.open(plants.path(), read_only=True, console_level=LogLevel.OFF)
    try:
        assert ro.describe() == header(ro) + PLANTS_AFTER_WRITES
        assert ro.describe_collection("Plant") == PLANT_AFTER_WRITES
    finally:
        ro.close()
