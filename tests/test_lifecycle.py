"""Database lifecycle (core spec §2, §9): factories, handles, closing, options and logging."""

from __future__ import annotations

import gc
import logging
import re
import sqlite3
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError

CONF = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);\n"
PLANT = "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);\n"
OFF = LogLevel.OFF
LINE = re.compile(
    r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[quiver_database_\d+\] "
    r"\[(debug|info|warning|error)\] (.*)$"
)


@pytest.fixture
def schema(tmp_path: Path) -> Path:
    """A small valid schema file."""
    path = tmp_path / "schema.sql"
    path.write_text(CONF + PLANT)
    return path


def make_study(path: Path, labels: list[str]) -> None:
    """A valid study written with the stdlib only, holding the given Plant labels."""
    conn = sqlite3.connect(path)
    conn.executescript(CONF + PLANT)
    conn.executemany("INSERT INTO Plant (label) VALUES (?)", [(x,) for x in labels])
    conn.commit()
    conn.close()


def plant_labels(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT label FROM Plant ORDER BY id")]
    finally:
        conn.close()


def error_of(call, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(QuiverError) as info:
        call(*args, **kwargs)
    return str(info.value)


def leftovers(folder: Path) -> list[str]:
    """Names in ``folder`` that look like temporary or journal files."""
    return sorted(
        p.name for p in folder.iterdir() if "tmp" in p.name or p.name.endswith(("-journal", "-wal"))
    )


# -- open ----------------------------------------------------------------------------------------


def test_open_missing_creates_file_and_folders(tmp_path: Path) -> None:
    path = tmp_path / "new" / "sub" / "x.db"
    with Database.open(str(path), console_level=OFF) as db:
        assert db.path() == str(path)
        assert db.current_version() == 0
        assert db.is_healthy() is True
    assert path.is_file()


def test_open_read_only_missing(tmp_path: Path) -> None:
    path = tmp_path / "nodir" / "missing.db"
    message = error_of(Database.open, str(path), read_only=True, console_level=OFF)
    assert message == "Failed to open database: unable to open database file"
    assert not path.exists()
    assert not path.parent.exists()  # no log file sink, so no folder either


def test_open_directory(tmp_path: Path) -> None:
    message = error_of(Database.open, str(tmp_path), console_level=OFF)
    assert message == "Failed to open database: unable to open database file"


def test_open_read_only_existing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_study(path, ["a"])
    before = path.read_bytes()
    with Database.open(str(path), read_only=True, console_level=OFF) as db:
        assert db.current_version() == 0
        assert db.is_healthy()
    assert path.read_bytes() == before


@pytest.mark.skipif(not hasattr(Database, "create_element"), reason="needs the element write API")
def test_read_only_writes_fail(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_study(path, ["a"])
    with Database.open(str(path), read_only=True, console_level=OFF) as db:
        message = error_of(db.create_element, "Plant", label="b")
    assert message == "Failed to execute statement: attempt to write a readonly database"
    assert plant_labels(path) == ["a"]


def test_open_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_text("this is not a SQLite database " * 20)
    with Database.open(str(path), console_level=OFF) as db:
        assert db.is_healthy() is True
        assert error_of(db.current_version) == (
            "Failed to execute statement: file is not a database"
        )


def test_open_non_quiver_database(tmp_path: Path) -> None:
    path = tmp_path / "foo.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE Foo (x BLOB)")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Database.open(str(path), console_level=OFF) as db:
        assert db.current_version() == 3


def test_open_memory() -> None:
    with Database.open(":memory:", console_level=OFF) as db:
        assert db.path() == ":memory:"
        assert db.current_version() == 0


# -- from_schema (reference behaviour) -------------------------------------------------------


def test_from_schema_file(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "deep" / "er" / "a.db"
    with Database.from_schema(str(path), str(schema), console_level=OFF) as db:
        assert db.path() == str(path)
        assert db.current_version() == 0
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.db"]


def test_from_schema_memory_and_empty_path(tmp_path: Path, schema: Path) -> None:
    for name in (":memory:", ""):
        with Database.from_schema(name, str(schema), console_level=OFF) as db:
            assert db.path() == name
    assert not Path(":memory:").exists()


def test_from_schema_version_from_pragma(tmp_path: Path) -> None:
    path = tmp_path / "s.sql"
    path.write_text(CONF + "PRAGMA user_version = 7;")
    with Database.from_schema(str(tmp_path / "a.db"), str(path), console_level=OFF) as db:
        assert db.current_version() == 7


def test_from_schema_read_only(tmp_path: Path, schema: Path) -> None:
    for schema_path in (schema, tmp_path / "missing.sql"):
        message = error_of(
            Database.from_schema, str(tmp_path / "a.db"), str(schema_path), read_only=True
        )
        assert message == (
            "Cannot from_schema: read_only mode (use Database constructor to open existing)"
        )
    assert not (tmp_path / "a.db").exists()


def test_from_schema_missing_schema(tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    missing = tmp_path / "nope.sql"
    message = error_of(Database.from_schema, str(db_path), str(missing), console_level=OFF)
    assert message == f"Schema file not found: {missing}"
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(None, "Cannot from_schema: schema file is empty: {schema}", id="directory"),
        pytest.param("", "Cannot from_schema: schema file is empty: {schema}", id="empty"),
        pytest.param("CREATE TABLE (", 'Failed to execute SQL: near "(": syntax error', id="sql"),
        pytest.param(CONF[:40], "Failed to execute SQL: incomplete input", id="incomplete"),
        pytest.param(
            "BEGIN;" + CONF + "COMMIT;",
            "Failed to execute SQL: cannot start a transaction within a transaction",
            id="transaction",
        ),
        pytest.param(
            PLANT,
            "Failed to validate schema: Schema must have a 'Configuration' table",
            id="invalid",
        ),
    ],
)
def test_from_schema_errors_leave_nothing(tmp_path: Path, text: str | None, message: str) -> None:
    schema = tmp_path / "schema.sql"
    if text is None:
        schema.mkdir()
    else:
        schema.write_text(text)
    db_path = tmp_path / "out" / "a.db"
    got = error_of(Database.from_schema, str(db_path), str(schema), console_level=OFF)
    assert got == message.format(schema=schema)
    # Unlike the reference (which leaves an empty file), nothing is left at the target.
    assert not db_path.exists()
    assert leftovers(db_path.parent) == []


# -- from_schema: the deliberate improvements -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty-schema"),
        pytest.param("CREATE TABLE (", id="sql-error"),
        pytest.param(PLANT, id="invalid-schema"),
    ],
)
def test_failing_from_schema_keeps_existing_study(tmp_path: Path, text: str) -> None:
    study = tmp_path / "study.db"
    make_study(study, ["alpha", "beta"])
    before = study.read_bytes()
    bad = tmp_path / "bad.sql"
    bad.write_text(text)
    with pytest.raises(QuiverError):
        Database.from_schema(str(study), str(bad), console_level=OFF)
    assert study.read_bytes() == before
    assert plant_labels(study) == ["alpha", "beta"]
    assert leftovers(tmp_path) == []
    with Database.open(str(study), console_level=OFF) as db:
        assert db.current_version() == 0


def test_successful_from_schema_replaces_study(tmp_path: Path, schema: Path) -> None:
    study = tmp_path / "study.db"
    make_study(study, ["alpha"])
    conn = sqlite3.connect(study)
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    with Database.from_schema(str(study), str(schema), console_level=OFF) as db:
        assert db.current_version() == 0
    assert plant_labels(study) == []
    assert leftovers(tmp_path) == []


def test_from_schema_replaces_wal_study(tmp_path: Path, schema: Path) -> None:
    study = tmp_path / "study.db"
    make_study(study, ["alpha"])
    keep = sqlite3.connect(study)
    keep.execute("PRAGMA journal_mode = WAL")
    keep.execute("INSERT INTO Plant (label) VALUES ('only-in-wal')")
    keep.commit()
    bad = tmp_path / "bad.sql"
    bad.write_text(PLANT)
    with pytest.raises(QuiverError):
        Database.from_schema(str(study), str(bad), console_level=OFF)
    assert plant_labels(study) == ["alpha", "only-in-wal"]
    keep.close()
    with Database.from_schema(str(study), str(schema), console_level=OFF) as db:
        assert db.current_version() == 0
    assert plant_labels(study) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sql", "schema.sql", "study.db"]


def test_from_schema_replaces_empty_file(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "a.db"
    path.write_bytes(b"")
    with Database.from_schema(str(path), str(schema), console_level=OFF):
        pass
    assert plant_labels(path) == []


def test_from_schema_refuses_directory(tmp_path: Path, schema: Path) -> None:
    target = tmp_path / "folder"
    target.mkdir()
    message = error_of(Database.from_schema, str(target), str(schema), console_level=OFF)
    assert message == f"Cannot from_schema: database path is a directory: {target}"
    assert target.is_dir()
    assert list(target.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"some notes, not a database\n", id="text"),
        pytest.param(b"SQLite", id="short"),
        pytest.param(b"SQLite format 2\x00" + b"\x00" * 100, id="other-header"),
    ],
)
def test_from_schema_refuses_non_sqlite_file(tmp_path: Path, schema: Path, content: bytes) -> None:
    target = tmp_path / "notes.txt"
    target.write_bytes(content)
    message = error_of(Database.from_schema, str(target), str(schema), console_level=OFF)
    assert message == (
        f"Cannot from_schema: refusing to replace a file that is not a SQLite database: {target}"
    )
    assert target.read_bytes() == content
    assert leftovers(tmp_path) == []


def test_refusal_comes_after_reference_checks(tmp_path: Path) -> None:
    target = tmp_path / "folder"
    target.mkdir()
    missing = tmp_path / "missing.sql"
    assert error_of(Database.from_schema, str(target), str(missing)) == (
        f"Schema file not found: {missing}"
    )
    assert error_of(Database.from_schema, str(target), str(missing), read_only=True) == (
        "Cannot from_schema: read_only mode (use Database constructor to open existing)"
    )


# -- close, context manager, finaliser, repr -------------------------------------------------


def test_close_twice_and_use_after_close(schema: Path) -> None:
    db = Database.from_schema(":memory:", str(schema), console_level=OFF)
    db.close()
    db.close()
    for method in (db.path, db.current_version, db.is_healthy):
        with pytest.raises(QuiverError) as info:
            method()
        assert str(info.value) == "Database has been closed"
        assert info.value.args == ("Database has been closed",)


def test_context_manager(tmp_path: Path, schema: Path) -> None:
    with Database.from_schema(str(tmp_path / "a.db"), str(schema), console_level=OFF) as db:
        assert isinstance(db, Database)
        assert db.is_healthy()
    assert repr(db) == "Database(closed)"
    assert db.__exit__(None, None, None) is None
    other = Database.open(":memory:", console_level=OFF)
    with pytest.raises(ZeroDivisionError), other:
        1 / 0  # noqa: B018
    assert repr(other) == "Database(closed)"


def test_repr(tmp_path: Path) -> None:
    path = str(tmp_path / "it's.db")
    db = Database.open(path, console_level=OFF)
    assert repr(db) == f"Database(path={path!r})"
    db.close()
    assert repr(db) == "Database(closed)"


def test_finaliser_warns_and_frees(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="quiverdb")
    db = Database.open(str(tmp_path / "a.db"), console_level=OFF)
    caplog.clear()
    with pytest.warns(ResourceWarning, match="^Database was not closed explicitly$"):
        del db
        gc.collect()
    assert [r.getMessage() for r in caplog.records] == ["Database closed"]


# -- arguments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "error", "message"),
    [
        (2.0, TypeError, "an integer is required"),
        ("1", TypeError, "an integer is required"),
        (b"1", TypeError, "an integer is required"),
        (-1, OverflowError, "can't convert negative number to unsigned"),
        (2**32, OverflowError, "integer 4294967296 does not fit 'quiver_log_level_t'"),
        (
            2**64 - 1,
            OverflowError,
            "integer 18446744073709551615 does not fit 'quiver_log_level_t'",
        ),
        (2**64, OverflowError, "int too big to convert"),
    ],
)
def test_console_level_rejected(level: object, error: type, message: str) -> None:
    for factory, args in (
        (Database.open, (":memory:",)),
        (Database.from_schema, (":memory:", "unused.sql")),
        (Database.from_migrations, (":memory:", "unused")),
    ):
        with pytest.raises(error) as info:
            factory(*args, console_level=level)  # type: ignore[operator]
        assert str(info.value) == message


def test_console_level_checked_before_paths() -> None:
    with pytest.raises(TypeError, match=r"^an integer is required$"):
        Database.open(None, console_level="x")  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        Database.from_schema(None, None, read_only=True, console_level=-1)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", [0, 4, 5, 2**32 - 1, True, False, LogLevel.ERROR, None])
def test_console_level_accepted(level: object, capfd: pytest.CaptureFixture[str]) -> None:
    Database.open(":memory:", console_level=level).close()  # type: ignore[arg-type]
    capfd.readouterr()


def test_keyword_only_options() -> None:
    with pytest.raises(TypeError) as info:
        Database.open(":memory:", True)  # type: ignore[misc]
    assert str(info.value) == "Database.open() takes 1 positional argument but 2 were given"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "'NoneType' object has no attribute 'encode'"),
        (b"x.db", "'bytes' object has no attribute 'encode'"),
        (3, "'int' object has no attribute 'encode'"),
    ],
)
def test_non_str_paths(tmp_path: Path, schema: Path, value: object, message: str) -> None:
    calls = [
        lambda: Database.open(value, console_level=OFF),  # type: ignore[arg-type]
        lambda: Database.from_schema(value, str(schema), console_level=OFF),  # type: ignore[arg-type]
        lambda: Database.from_schema(":memory:", value, console_level=OFF),  # type: ignore[arg-type]
        lambda: Database.from_migrations(value, str(tmp_path), console_level=OFF),  # type: ignore[arg-type]
        lambda: Database.validate_migrations(value),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(AttributeError) as info:
            call()
        assert str(info.value) == message


def test_path_exactly_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b").mkdir()
    for given in ("rel.db", "./rel.db", "b/../rel2.db", str(tmp_path / "b" / ".." / "abs.db")):
        with Database.open(given, console_level=OFF) as db:
            assert db.path() == given
    with Database.open("", console_level=OFF) as db:
        assert db.path() == ""


def test_paths_are_never_uris(
    tmp_path: Path, schema: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("file::memory:", "file:x.db?mode=ro"):
        with Database.open(name, console_level=OFF) as db:
            assert db.path() == name
        assert (tmp_path / name).is_file()
    with Database.from_schema("file:s.db", str(schema), console_level=OFF):
        pass
    assert plant_labels(tmp_path / "file:s.db") == []


def test_path_objects_accepted(tmp_path: Path, schema: Path) -> None:
    # An improvement: the reference raises AttributeError for pathlib.Path.
    with Database.from_schema(tmp_path / "a.db", schema, console_level=OFF) as db:
        assert db.path() == str(tmp_path / "a.db")
    with Database.open(tmp_path / "a.db", console_level=OFF) as db:
        assert db.path() == str(tmp_path / "a.db")


def test_unicode_path(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "plänt ✓" / "étude.db"
    with Database.from_schema(str(path), str(schema), console_level=OFF) as db:
        assert db.path() == str(path)
    assert path.is_file()


# -- logging ---------------------------------------------------------------------------------------


def stderr_lines(capfd: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    out, err = capfd.readouterr()
    assert out == ""
    lines = err.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    return [(m.group(1), m.group(2)) for m in parsed if m]


def test_default_console_prints_nothing_below_warn(
    tmp_path: Path, schema: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    with Database.from_schema(str(tmp_path / "a.db"), str(schema)):
        pass
    Database.open(str(tmp_path / "a.db")).close()
    assert stderr_lines(capfd) == []
    Database.open(":memory:").close()
    assert stderr_lines(capfd) == [
        ("warning", "Database is in-memory only; no file logging will be performed.")
    ]
    with pytest.raises(QuiverError):
        Database.open(str(tmp_path / "missing.db"), read_only=True)
    assert stderr_lines(capfd) == [
        ("error", "Failed to open database: unable to open database file")
    ]


def test_console_levels(tmp_path: Path, schema: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "a.db")
    capfd.readouterr()
    Database.from_schema(path, str(schema), console_level=LogLevel.INFO).close()
    assert stderr_lines(capfd) == [
        ("info", f"Database opened successfully: {path}"),
        ("info", f"Applying schema from: {schema}"),
        ("info", "Schema applied successfully"),
        ("info", "Database closed"),
    ]
    Database.open(path, console_level=LogLevel.DEBUG).close()
    assert stderr_lines(capfd) == [
        ("debug", f"Opening database: {path}"),
        ("debug", "Database opened successfully, foreign keys enabled"),
        ("info", f"Database opened successfully: {path}"),
        ("debug", f"Closing database: {path}"),
        ("info", "Database closed"),
    ]
    Database.open(":memory:", console_level=LogLevel.OFF).close()
    Database.open(":memory:", console_level=LogLevel.ERROR).close()
    assert stderr_lines(capfd) == []
    Database.open(":memory:", console_level=7).close()  # above OFF behaves like INFO
    assert [level for level, _ in stderr_lines(capfd)] == ["warning", "info", "info"]


def test_failed_from_schema_logs(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sql"
    bad.write_text(PLANT)
    path = str(tmp_path / "a.db")
    capfd.readouterr()
    with pytest.raises(QuiverError):
        Database.from_schema(path, str(bad), console_level=LogLevel.DEBUG)
    reason = "Failed to validate schema: Schema must have a 'Configuration' table"
    assert stderr_lines(capfd) == [
        ("debug", f"Opening database: {path}"),
        ("debug", "Database opened successfully, foreign keys enabled"),
        ("info", f"Database opened successfully: {path}"),
        ("info", f"Applying schema from: {bad}"),
        ("debug", "Transaction started"),
        ("debug", "Transaction rolled back"),
        ("error", f"Failed to apply schema: {reason}"),
        ("debug", f"Closing database: {path}"),
        ("info", "Database closed"),
    ]


def test_records_reach_quiverdb_logger(
    tmp_path: Path,
    schema: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    path = str(tmp_path / "a.db")
    Database.from_schema(path, str(schema), console_level=OFF).close()
    Database.open(":memory:", console_level=OFF).close()
    records = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert ("quiverdb", logging.DEBUG, "Transaction started") in records
    assert ("quiverdb", logging.INFO, f"Database opened successfully: {path}") in records
    assert ("quiverdb", logging.INFO, "Schema applied successfully") in records
    assert (
        "quiverdb",
        logging.WARNING,
        "Database is in-memory only; no file logging will be performed.",
    ) in records
    assert all(r.quiverdb_handle.startswith("quiver_database_") for r in caplog.records)
    assert stderr_lines(capfd) == []  # console_level OFF still silences stderr


def test_logger_level_filters_records(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="quiverdb")
    Database.open(str(tmp_path / "a.db"), console_level=OFF).close()
    Database.open(":memory:", console_level=OFF).close()
    assert [r.levelno for r in caplog.records] == [logging.WARNING]


def test_handle_names_count_connections(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "m" / "1").mkdir(parents=True)
    (tmp_path / "m" / "1" / "up.sql").write_text(CONF)
    (tmp_path / "m" / "1" / "down.sql").write_text("DROP TABLE Configuration;")
    caplog.set_level(logging.INFO, logger="quiverdb")

    def handle_number() -> int:
        caplog.clear()
        Database.open(":memory:", console_level=OFF).close()
        return int(caplog.records[0].quiverdb_handle.rsplit("_", 1)[1])

    first = handle_number()
    assert handle_number() == first + 1
    with pytest.raises(QuiverError):
        Database.open(str(tmp_path / "missing.db"), read_only=True, console_level=OFF)
    Database.validate_migrations(str(tmp_path / "m"))
    assert handle_number() == first + 4  # the failed open and validate_migrations count too


def test_no_log_file_is_written(
    tmp_path: Path, schema: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Database.from_schema("a.db", str(schema), console_level=OFF).close()
    Database.open("a.db", read_only=True, console_level=OFF).close()
    Database.open(str(tmp_path / "sub" / "b.db"), console_level=OFF).close()
    assert list(tmp_path.rglob("quiver_database.log")) == []
