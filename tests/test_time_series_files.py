"""Time-series files: has / list columns / read / update of <Collection>_time_series_files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError
from quiverdb._ffi import ffi, lib

FILES = "Plant_time_series_files"
NOT_IN_TABLE = (
    "Cannot update_time_series_files: column '{}' not found in table 'Plant_time_series_files'"
)


@pytest.fixture
def shapes(tmp_path: Path, schemas: Path) -> Iterator[Database]:
    db = Database.from_schema(
        str(tmp_path / "shapes.db"),
        str(schemas / "time_series_shapes.sql"),
        console_level=LogLevel.OFF,
    )
    yield db
    db.close()


def rows(db: Database, table: str = FILES) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db.path())) as conn, conn:
        result = conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    conn.close()
    return result


def run(db: Database, statement: str) -> None:
    with closing(sqlite3.connect(db.path())) as conn, conn:
        conn.execute(statement)
    conn.close()


def error(call: object, *args: object) -> str:
    with pytest.raises(QuiverError) as info:
        call(*args)  # type: ignore[operator]
    return str(info.value)


def test_has_time_series_files(study: Database, shapes: Database) -> None:
    assert study.has_time_series_files("Plant") is True
    assert study.has_time_series_files("Bus") is False
    assert study.has_time_series_files("Configuration") is False
    assert shapes.has_time_series_files("Item") is True
    assert shapes.has_time_series_files("Empty") is False
    for name in ("Nope", "plant"):
        assert error(study.has_time_series_files, name) == (
            f"Cannot has_time_series_files: collection not found: {name}"
        )


def test_list_columns_in_declaration_order(study: Database, shapes: Database) -> None:
    assert study.list_time_series_files_columns("Plant") == ["generation_file", "cost_file"]
    assert shapes.list_time_series_files_columns("Item") == ["zeta", "alpha", "mid"]
    assert error(study.list_time_series_files_columns, "Bus") == (
        "Time series files table not found: Bus_time_series_files"
    )
    assert error(study.list_time_series_files_columns, "Nope") == (
        "Cannot list_time_series_files_columns: collection not found: Nope"
    )


def test_read_sorted_by_name_and_empty_table(study: Database, shapes: Database) -> None:
    assert study.read_time_series_files("Plant") == {"cost_file": None, "generation_file": None}
    result = shapes.read_time_series_files("Item")
    assert list(result) == ["alpha", "mid", "zeta"]
    assert result == {"alpha": None, "mid": None, "zeta": None}
    assert error(study.read_time_series_files, "Bus") == (
        "Time series files table not found: Bus_time_series_files"
    )
    assert error(study.read_time_series_files, "Nope") == (
        "Cannot read_time_series_files: collection not found: Nope"
    )


def test_update_spec_example(study: Database) -> None:
    study.update_time_series_files("Plant", {"generation_file": "gen.csv"})
    study.update_time_series_files("Plant", {"cost_file": "cost.csv"})
    assert study.read_time_series_files("Plant") == {
        "cost_file": "cost.csv",
        "generation_file": "gen.csv",
    }
    study.update_time_series_files("Plant", {"generation_file": None})
    assert study.read_time_series_files("Plant") == {
        "cost_file": "cost.csv",
        "generation_file": None,
    }
    assert rows(study) == [(None, "cost.csv")]


def test_update_creates_the_row_only_when_something_is_written(study: Database) -> None:
    study.update_time_series_files("Plant", {})
    assert rows(study) == []
    with pytest.raises(QuiverError):
        study.update_time_series_files("Plant", {"nope": "x"})
    assert rows(study) == []
    study.update_time_series_files("Plant", {"cost_file": None})
    assert rows(study) == [(None, None)]


def test_update_new_row_takes_declared_defaults(shapes: Database) -> None:
    shapes.update_time_series_files("Item", {"zeta": "z"})
    assert rows(shapes, "Item_time_series_files") == [("z", None, "dflt")]
    assert shapes.read_time_series_files("Item") == {"alpha": None, "mid": "dflt", "zeta": "z"}


def test_update_trims_spaces_tabs_and_newlines(study: Database) -> None:
    study.update_time_series_files(
        "Plant", {"generation_file": "  gen.csv \n", "cost_file": "\vcost\f"}
    )
    assert rows(study) == [("gen.csv", "\vcost\f")]
    study.update_time_series_files("Plant", {"generation_file": "   "})
    assert rows(study) == [("", "\vcost\f")]


def test_update_repeated_name_keeps_last_value(study: Database) -> None:
    columns = [ffi.new("char[]", b"cost_file"), ffi.new("char[]", b"cost_file")]
    values = [ffi.new("char[]", b"first"), ffi.new("char[]", b"second")]
    names = ffi.new("const char*[]", columns)
    paths = ffi.new("const char*[]", values)
    rc = lib.quiver_database_update_time_series_files(study._handle(), b"Plant", names, paths, 2)
    assert rc == 0
    assert rows(study) == [(None, "second")]


def test_update_changes_every_row_and_reads_the_first(study: Database) -> None:
    run(study, f"INSERT INTO {FILES} VALUES ('a1', 'b1'), ('a2', 'b2')")
    study.update_time_series_files("Plant", {"cost_file": "both"})
    assert rows(study) == [("a1", "both"), ("a2", "both")]
    assert study.read_time_series_files("Plant") == {"cost_file": "both", "generation_file": "a1"}


@pytest.mark.parametrize(
    ("collection", "data", "message"),
    [
        (
            "Plant",
            {"generation_file": "a", "nope": "b"},
            NOT_IN_TABLE.format("nope"),
        ),
        (
            "Plant",
            {"id": "x"},
            NOT_IN_TABLE.format("id"),
        ),
        (
            "Plant",
            {"Cost_file": "x"},
            NOT_IN_TABLE.format("Cost_file"),
        ),
        (
            "Bus",
            {"generation_file": "x"},
            "Time series files table not found: Bus_time_series_files",
        ),
        ("Bus", {}, "Time series files table not found: Bus_time_series_files"),
        (
            "Nope",
            {"generation_file": "x"},
            "Cannot update_time_series_files: collection not found: Nope",
        ),
        ("Nope", {}, "Cannot update_time_series_files: collection not found: Nope"),
    ],
)
def test_update_errors(
    study: Database, collection: str, data: dict[str, str], message: str
) -> None:
    study.update_time_series_files("Plant", {"generation_file": "keep"})
    assert error(study.update_time_series_files, collection, data) == message
    assert rows(study) == [("keep", None)]


def test_update_python_argument_errors(study: Database) -> None:
    with pytest.raises(AttributeError, match="'int' object has no attribute 'encode'"):
        study.update_time_series_files("Plant", {"generation_file": 1})  # type: ignore[dict-item]
    with pytest.raises(AttributeError, match="'int' object has no attribute 'encode'"):
        study.update_time_series_files("Plant", {1: "x"})  # type: ignore[dict-item]
    with pytest.raises(AttributeError, match="'list' object has no attribute 'items'"):
        study.update_time_series_files("Plant", [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^object of type 'NoneType' has no len\(\)$"):
        study.update_time_series_files("Plant", None)  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match="'int' object has no attribute 'encode'"):
        study.has_time_series_files(1)  # type: ignore[arg-type]
    assert rows(study) == []


def test_read_only_database(study: Database) -> None:
    study.update_time_series_files("Plant", {"cost_file": "c"})
    ro = Database.open(study.path(), read_only=True, console_level=LogLevel.OFF)
    try:
        assert ro.read_time_series_files("Plant") == {"cost_file": "c", "generation_file": None}
        assert error(ro.update_time_series_files, "Plant", {"cost_file": "a"}) == (
            "Failed to execute statement: attempt to write a readonly database"
        )
    finally:
        ro.close()


def test_closed_database(study: Database) -> None:
    study.close()
    for call in (
        lambda: study.has_time_series_files("Plant"),
        lambda: study.list_time_series_files_columns("Plant"),
        lambda: study.read_time_series_files("Plant"),
        lambda: study.update_time_series_files("Plant", None),  # type: ignore[arg-type]
    ):
        with pytest.raises(QuiverError, match=r"^Database has been closed$"):
            call()


def test_c_free_and_null_arguments(study: Database) -> None:
    def last() -> str:
        return str(ffi.string(lib.quiver_get_last_error()).decode())

    assert lib.quiver_database_free_time_series_files(ffi.NULL, ffi.NULL, 0) == 1
    assert last() == "Null argument: columns"
    assert lib.quiver_database_free_time_series_files(ffi.new("char*[1]"), ffi.NULL, 0) == 1
    assert last() == "Null argument: paths"
    handle = study._handle()
    assert (
        lib.quiver_database_update_time_series_files(handle, b"Plant", ffi.NULL, ffi.NULL, 0) == 0
    )
    assert (
        lib.quiver_database_update_time_series_files(handle, b"Plant", ffi.NULL, ffi.NULL, 1) == 1
    )
    assert last() == "Null argument: columns"
    assert lib.quiver_database_has_time_series_files(handle, b"Plant", ffi.NULL) == 1
    assert last() == "Null argument: out_result"
    # paths[i] == NULL clears that column.
    study.update_time_series_files("Plant", {"cost_file": "c"})
    name = ffi.new("char[]", b"cost_file")
    names = ffi.new("const char*[]", [name])
    paths = ffi.new("const char*[]", [ffi.NULL])
    assert lib.quiver_database_update_time_series_files(handle, b"Plant", names, paths, 1) == 0
    assert rows(study) == [(None, None)]
