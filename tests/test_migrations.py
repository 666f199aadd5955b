"""Migrations (data spec §1.15): from_migrations, current_version and validate_migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError

CONF = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);\n"
DROP_CONF = "DROP TABLE Configuration;\n"


def collection(name: str) -> str:
    return f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);\n"


def write(root: Path, spec: dict[str, dict[str, str] | str]) -> Path:
    """Creates ``root`` with one entry per key: a folder of files (dict) or a plain file (str)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in spec.items():
        if isinstance(content, str):
            (root / name).write_text(content)
            continue
        (root / name).mkdir(exist_ok=True)
        for file, text in content.items():
            (root / name / file).write_text(text)
    return root


def state(db_path: Path) -> tuple[int, list[str]]:
    """``user_version`` and the table names of a database file, read with the stdlib."""
    conn = sqlite3.connect(db_path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        return version, [n[0] for n in names]
    finally:
        conn.close()


def migrate(db_path: Path, root: Path) -> int:
    """Runs from_migrations and returns the resulting version."""
    with Database.from_migrations(str(db_path), str(root), console_level=LogLevel.OFF) as db:
        return db.current_version()


def migrate_error(db_path: Path, root: Path) -> str:
    with pytest.raises(QuiverError) as info:
        Database.from_migrations(str(db_path), str(root), console_level=LogLevel.OFF)
    return str(info.value)


def validate_error(root: Path) -> str:
    with pytest.raises(QuiverError) as info:
        Database.validate_migrations(str(root))
    return str(info.value)


UP1 = {"up.sql": CONF, "down.sql": DROP_CONF}
UP2 = {"up.sql": collection("Plant"), "down.sql": "DROP TABLE Plant;"}
UP3 = {"up.sql": collection("Bus"), "down.sql": "DROP TABLE Bus;"}

# -- from_migrations ---------------------------------------------------------------------------


def test_applies_in_numeric_order_with_gaps(tmp_path: Path) -> None:
    # "10" sorts before "3" as text; numeric order needs Plant (3) before the index (10).
    root = write(
        tmp_path / "m",
        {"1": UP1, "3": UP2, "10": {"up.sql": "CREATE UNIQUE INDEX pl ON Plant(label, id);"}},
    )
    assert migrate(tmp_path / "a.db", root) == 10
    assert state(tmp_path / "a.db") == (10, ["Configuration", "Plant"])


def test_zero_padded_directories(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {"01": UP1, "002": UP2})
    assert migrate(tmp_path / "a.db", root) == 2


def test_ignored_names(tmp_path: Path) -> None:
    bad = {"up.sql": "CREATE TABLE Bad (x BLOB);"}
    root = write(
        tmp_path / "m",
        {
            "1": UP1,
            "0": bad,
            "-1": bad,
            "+0": bad,
            "abc": bad,
            "1a": bad,
            "2 ": bad,
            "0x10": bad,
            "9223372036854775808": bad,  # beyond int64
            "5": "a plain file is not a migration",
        },
    )
    assert migrate(tmp_path / "a.db", root) == 1
    assert state(tmp_path / "a.db") == (1, ["Configuration"])


def test_names_parse_like_strtoll(tmp_path: Path) -> None:
    # Leading white space and a '+' sign are accepted, as by the reference.
    root = write(tmp_path / "m", {" 1": UP1, "\t+2": UP2})
    assert migrate(tmp_path / "a.db", root) == 2
    assert state(tmp_path / "a.db") == (2, ["Configuration", "Plant"])


def test_same_version_twice_runs_both_in_name_order(tmp_path: Path) -> None:
    alter = {"up.sql": "ALTER TABLE Configuration ADD COLUMN x INTEGER;"}
    root = write(tmp_path / "m", {"001": UP1, "01": alter})
    assert migrate(tmp_path / "a.db", root) == 1
    root = write(tmp_path / "n", {"01": UP1, "001": alter})
    assert migrate_error(tmp_path / "b.db", root) == (
        "Failed to from_migrations: up migration 1: Failed to execute SQL: no such table: "
        "Configuration"
    )


def test_directory_version_wins_over_pragma(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {"5": {"up.sql": CONF + "PRAGMA user_version = 42;"}})
    assert migrate(tmp_path / "a.db", root) == 5
    root = write(tmp_path / "n", {"5": {"up.sql": CONF + "PRAGMA user_version = 2;"}})
    assert migrate(tmp_path / "b.db", root) == 5


def test_rerun_is_a_no_op_and_later_version_upgrades(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {"1": UP1})
    db_path = tmp_path / "a.db"
    assert migrate(db_path, root) == 1
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO Configuration (label) VALUES ('keep')")
    conn.commit()
    conn.close()
    assert migrate(db_path, root) == 1
    write(root, {"2": UP2})
    assert migrate(db_path, root) == 2
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT label FROM Configuration").fetchall() == [("keep",)]
    conn.close()
    assert state(db_path) == (2, ["Configuration", "Plant"])


def test_database_ahead_of_migrations_is_left_alone(tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    root = write(tmp_path / "m", {"1": {"up.sql": "CREATE TABLE Bad (x BLOB);"}})
    assert migrate(db_path, root) == 9
    assert state(db_path) == (9, [])


def test_failing_migration_keeps_earlier_ones(tmp_path: Path) -> None:
    root = write(
        tmp_path / "m",
        {
            "1": UP1,
            "2": {"up.sql": collection("Plant") + "CREATE TABLE ("},
            "3": UP3,
        },
    )
    db_path = tmp_path / "a.db"
    assert migrate_error(db_path, root) == (
        'Failed to from_migrations: up migration 2: Failed to execute SQL: near "(": syntax error'
    )
    assert state(db_path) == (1, ["Configuration"])
    # Fixing migration 2 resumes from version 1.
    write(root, {"2": UP2})
    assert migrate(db_path, root) == 3
    assert state(db_path) == (3, ["Bus", "Configuration", "Plant"])


def test_transaction_control_inside_migration(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {"1": {"up.sql": "BEGIN; " + CONF + "COMMIT;"}})
    assert migrate_error(tmp_path / "a.db", root) == (
        "Failed to from_migrations: up migration 1: Failed to execute SQL: cannot start a "
        "transaction within a transaction"
    )
    assert state(tmp_path / "a.db") == (0, [])


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({"down.sql": "SELECT 1;"}, id="missing"),
        pytest.param({"up.sql": ""}, id="empty"),
        pytest.param({"UP.sql": CONF}, id="case-sensitive"),
    ],
)
def test_missing_up_sql(tmp_path: Path, files: dict[str, str]) -> None:
    root = write(tmp_path / "m", {"1": UP1, "2": files})
    db_path = tmp_path / "a.db"
    assert migrate_error(db_path, root) == "Cannot from_migrations: migration 2 has no up.sql file"
    assert state(db_path) == (1, ["Configuration"])


def test_comment_only_up_sql_is_a_no_op(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {"1": UP1, "2": {"up.sql": "-- nothing\n   \n"}})
    assert migrate(tmp_path / "a.db", root) == 2


def test_final_schema_is_validated_and_migrations_stay(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {"1": UP1, "2": {"up.sql": "CREATE TABLE Bad (id INTEGER);"}})
    db_path = tmp_path / "a.db"
    assert migrate_error(db_path, root) == (
        "Failed to validate schema: Collection 'Bad' must have 'id' as primary key"
    )
    assert state(db_path) == (2, ["Bad", "Configuration"])


def test_only_final_state_is_validated(tmp_path: Path) -> None:
    root = write(
        tmp_path / "m",
        {"1": {"up.sql": "CREATE TABLE Bad (x BLOB);"}, "2": {"up.sql": "DROP TABLE Bad;" + CONF}},
    )
    assert migrate(tmp_path / "a.db", root) == 2


def test_empty_folder_gives_version_zero(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {})
    db_path = tmp_path / "a.db"
    assert migrate(db_path, root) == 0
    assert db_path.exists()


def test_from_migrations_errors(tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    with pytest.raises(QuiverError) as info:
        Database.from_migrations(str(db_path), str(tmp_path), read_only=True)
    assert str(info.value) == (
        "Cannot from_migrations: read_only mode (use Database constructor to open existing)"
    )
    missing = tmp_path / "nope"
    assert migrate_error(db_path, missing) == f"Migrations path not found: {missing}"
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    assert migrate_error(db_path, afile) == (
        f"Cannot from_migrations: path is not a directory: {afile}"
    )
    assert not db_path.exists()


def test_from_migrations_with_path_objects(tmp_path: Path) -> None:
    # An improvement: the reference accepts only str paths.
    root = write(tmp_path / "m", {"1": UP1})
    with Database.from_migrations(tmp_path / "a.db", root, console_level=LogLevel.OFF) as db:
        assert db.path() == str(tmp_path / "a.db")
        assert db.current_version() == 1


def test_current_version_of_from_schema(tmp_path: Path) -> None:
    schema = tmp_path / "s.sql"
    schema.write_text(CONF)
    with Database.from_schema(str(tmp_path / "a.db"), str(schema), console_level=4) as db:
        assert db.current_version() == 0


# -- validate_migrations -----------------------------------------------------------------------


def test_validate_good_folder(tmp_path: Path) -> None:
    root = write(tmp_path / "m", {"1": UP1, "2": UP2, "03": UP3, "notes": {"x": "y"}})
    assert Database.validate_migrations(str(root)) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # nothing written


def test_validate_with_path_object(tmp_path: Path) -> None:
    # An improvement: the reference accepts only str paths.
    assert Database.validate_migrations(write(tmp_path / "m", {"1": UP1})) is None


def test_validate_views_indexes_and_internal_tables_not_counted(tmp_path: Path) -> None:
    up = (
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " label TEXT UNIQUE NOT NULL);"
        "CREATE VIEW v AS SELECT 1; CREATE INDEX ix ON Configuration(id, label);"
        "CREATE TABLE sqlite1 (x INTEGER);"  # skipped like the reference: LIKE 'sqlite_%'
    )
    root = write(tmp_path / "m", {"1": {"up.sql": up, "down.sql": DROP_CONF}})
    assert Database.validate_migrations(str(root)) is None


def test_validate_only_final_up_state(tmp_path: Path) -> None:
    root = write(
        tmp_path / "m",
        {
            "1": {"up.sql": CONF + "CREATE TABLE Bad (x BLOB);", "down.sql": DROP_CONF},
            "2": {"up.sql": "DROP TABLE Bad;", "down.sql": "-- nothing"},
        },
    )
    assert Database.validate_migrations(str(root)) is None


def test_validate_pragma_does_not_matter(tmp_path: Path) -> None:
    root = write(
        tmp_path / "m", {"1": {"up.sql": CONF + "PRAGMA user_version = 5;", "down.sql": DROP_CONF}}
    )
    assert Database.validate_migrations(str(root)) is None


def test_validate_path_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert validate_error(missing) == (
        f"Cannot validate_migrations: migrations path not found: {missing}"
    )
    afile = tmp_path / "f"
    afile.write_text("x")
    assert validate_error(afile) == f"Cannot validate_migrations: path is not a directory: {afile}"
    empty = write(tmp_path / "empty", {})
    assert validate_error(empty) == f"Cannot validate_migrations: no migrations found in {empty}"
    only_ignored = write(tmp_path / "ign", {"abc": UP1, "0": UP1})
    assert validate_error(only_ignored) == (
        f"Cannot validate_migrations: no migrations found in {only_ignored}"
    )


SYNTAX = 'Failed to execute SQL: near "(": syntax error'
BAD_LABEL = "Failed to validate schema: Collection 'Bad' must have a 'label' column"
BAD = {"up.sql": "CREATE TABLE Bad (id INTEGER PRIMARY KEY);", "down.sql": "DROP TABLE Bad;"}

VALIDATE_ERRORS = [
    pytest.param(
        {"1": {"down.sql": "x"}},
        "Cannot validate_migrations: migration 1 has no up.sql file",
        id="no-up",
    ),
    pytest.param(
        {"1": {"up.sql": "", "down.sql": "x"}},
        "Cannot validate_migrations: migration 1 has no up.sql file",
        id="empty-up",
    ),
    pytest.param(
        {"1": {"up.sql": CONF}},
        "Cannot validate_migrations: migration 1 has no down.sql file",
        id="no-down",
    ),
    pytest.param(
        {"1": {"up.sql": CONF, "down.sql": ""}},
        "Cannot validate_migrations: migration 1 has no down.sql file",
        id="empty-down",
    ),
    pytest.param(
        {"1": UP1, "2": {"up.sql": "CREATE TABLE (", "down.sql": "x"}},
        f"Failed to validate_migrations: up migration 2: {SYNTAX}",
        id="up-error",
    ),
    pytest.param(
        {"1": UP1, "2": {"up.sql": collection("Plant"), "down.sql": "DROP TABLE Nope;"}},
        "Failed to validate_migrations: down migration 2: Failed to execute SQL: no such "
        "table: Nope",
        id="down-error",
    ),
    pytest.param({"1": UP1, "2": BAD}, BAD_LABEL, id="invalid-schema"),
    pytest.param(
        {"1": {"up.sql": CONF, "down.sql": "-- keep"}},
        "Failed to validate_migrations: down migrations left tables behind: Configuration",
        id="left-behind",
    ),
    pytest.param(
        {
            "1": {
                "up.sql": CONF
                + collection("T8")
                + collection("T7")
                + collection("b")
                + collection("C"),
                "down.sql": DROP_CONF,
            }
        },
        "Failed to validate_migrations: down migrations left tables behind: C, T7, T8, b",
        id="left-behind-in-byte-order",
    ),
    # Left tables are listed through the schema loader: its load-time rules still apply.
    pytest.param(
        {"1": {"up.sql": CONF, "down.sql": "DROP TABLE Configuration; CREATE TABLE Bad (x BLOB);"}},
        "Failed to validate schema: column 'x' in table 'Bad' has unsupported type 'BLOB'",
        id="left-behind-bad-type",
    ),
    pytest.param(
        {
            "1": {
                "up.sql": CONF,
                "down.sql": 'DROP TABLE Configuration; CREATE TABLE "Order" (x INTEGER);',
            }
        },
        "Failed to query columns for table: Order",
        id="left-behind-reserved-word",
    ),
    # Order: each up's file is checked when it is reached; downs only after validation.
    pytest.param(
        {"1": {"up.sql": "CREATE TABLE (", "down.sql": "x"}, "2": {"down.sql": "x"}},
        f"Failed to validate_migrations: up migration 1: {SYNTAX}",
        id="up-error-first",
    ),
    pytest.param(
        {"1": {"up.sql": CONF}, "2": {"up.sql": "CREATE TABLE (", "down.sql": "x"}},
        f"Failed to validate_migrations: up migration 2: {SYNTAX}",
        id="up-error-before-missing-down",
    ),
    pytest.param({"1": {"up.sql": CONF}, "2": BAD}, BAD_LABEL, id="validation-before-missing-down"),
    pytest.param(
        {
            "1": UP1,
            "2": {"up.sql": collection("Plant"), "down.sql": "DROP TABLE Nope;"},
            "3": {"up.sql": collection("Bus")},
        },
        "Cannot validate_migrations: migration 3 has no down.sql file",
        id="downs-in-descending-order",
    ),
    pytest.param(
        {"1": {"up.sql": "BEGIN;" + CONF + "COMMIT;", "down.sql": "x"}},
        "Failed to validate_migrations: up migration 1: Failed to execute SQL: cannot "
        "start a transaction within a transaction",
        id="transaction-control",
    ),
]


@pytest.mark.parametrize(("spec", "message"), VALIDATE_ERRORS)
def test_validate_errors(tmp_path: Path, spec: dict, message: str) -> None:
    root = write(tmp_path / "m", spec)
    assert validate_error(root) == message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]
