"""Schema validation: one case per rule of data spec §1, each with the reference's exact message.

Every case is a small schema applied with ``from_schema``; ``None`` as the expected message means
the reference accepts the schema. The expected messages were checked against the reference
release.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError

P = "Failed to validate schema: "

CONF = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
PLANT = "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
BUS = "CREATE TABLE Bus (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
BASE = CONF + PLANT
PARENT_FK = "FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE"


def collection(name: str, *extra: str) -> str:
    """A valid collection table with optional extra column/constraint clauses."""
    body = ", ".join(["id INTEGER PRIMARY KEY", "label TEXT UNIQUE NOT NULL", *extra])
    return f'CREATE TABLE "{name}" ({body}) STRICT;\n'


def vector(name: str, *columns: str, parent: str = "Plant") -> str:
    """A conventional vector table of ``parent`` with the given value columns."""
    body = ", ".join(
        [
            "id INTEGER",
            "vector_index INTEGER NOT NULL",
            *columns,
            f"FOREIGN KEY (id) REFERENCES {parent}(id) ON DELETE CASCADE ON UPDATE CASCADE",
            "PRIMARY KEY (id, vector_index)",
        ]
    )
    return f"CREATE TABLE {name} ({body}) STRICT;\n"


def set_table(name: str, *columns: str, parent: str = "Plant") -> str:
    """A conventional set table: every value column in one UNIQUE constraint with ``id``."""
    names = [c.split()[0] for c in columns if not c.startswith("FOREIGN")]
    body = ", ".join(
        [
            "id INTEGER",
            *columns,
            f"FOREIGN KEY (id) REFERENCES {parent}(id) ON DELETE CASCADE ON UPDATE CASCADE",
            f"UNIQUE (id, {', '.join(names)})",
        ]
    )
    return f"CREATE TABLE {name} ({body}) STRICT;\n"


def series(name: str, *columns: str, key: str = "id, date_time", parent: str = "Plant") -> str:
    """A conventional time-series table with ``date_time`` and the given value columns."""
    body = ", ".join(
        [
            "id INTEGER",
            "date_time TEXT NOT NULL",
            *columns,
            f"FOREIGN KEY (id) REFERENCES {parent}(id) ON DELETE CASCADE ON UPDATE CASCADE",
            f"PRIMARY KEY ({key})",
        ]
    )
    return f"CREATE TABLE {name} ({body}) STRICT;\n"


# -- 1.2 table names and column types -------------------------------------------------------------

TABLE_NAMES = [
    pytest.param(BASE + collection("My Plant"), P + "invalid table name 'My Plant'", id="space"),
    pytest.param(BASE + collection("Plant-X"), P + "invalid table name 'Plant-X'", id="dash"),
    pytest.param(BASE + collection("Plänt"), P + "invalid table name 'Plänt'", id="non-ascii"),
    pytest.param(
        BASE + collection("1Plant"), "Failed to query columns for table: 1Plant", id="digit-leading"
    ),
    pytest.param(BASE + collection("Plant1"), None, id="digit-inside"),
    pytest.param(
        BASE + 'CREATE TABLE "A B" (x BLOB) STRICT;\n',
        P + "invalid table name 'A B'",
        id="name-before-types",
    ),
    # Listing order (creation order), not name order, decides between tables.
    pytest.param(
        BASE + "CREATE TABLE Zed (x BLOB) STRICT;\n" + collection("A B"),
        P + "column 'x' in table 'Zed' has unsupported type 'BLOB'",
        id="listing-order",
    ),
    pytest.param(
        BASE + 'CREATE TABLE "" (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);',
        P + "invalid table name ''",
        id="empty",
    ),
    # The reference splices the name unquoted into a PRAGMA: reserved words fail to parse there,
    # words SQLite accepts as identifiers and plain numbers pass.
    *[
        pytest.param(
            CONF + collection(word),
            f"Failed to query columns for table: {word}",
            id=f"reserved-{word}",
        )
        for word in ("Order", "Select", "Values", "Group", "Where", "Table", "Is")
    ],
    *[
        pytest.param(CONF + collection(word), None, id=f"accepted-{word}")
        for word in ("Key", "Default", "Action", "Rowid", "123", "1e5")
    ],
    pytest.param(
        CONF + collection("1_vector_x"),
        "Failed to query columns for table: 1_vector_x",
        id="digit-leading-group",
    ),
    # Internal tables are skipped with LIKE 'sqlite_%': any case, '_' matching any character.
    pytest.param(CONF + "CREATE TABLE SQLiteFoo (x BLOB);", None, id="like-sqlite-any-case"),
    pytest.param(CONF + "CREATE TABLE sqlite1 (x BLOB);", None, id="like-sqlite-wildcard"),
    pytest.param(
        CONF + "CREATE TABLE sqlit_y (x INTEGER);",
        P + "Invalid collection name 'sqlit_y': collection names cannot contain underscores",
        id="not-like-sqlite",
    ),
]

COLUMN_TYPES = [
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, x blob) STRICT;",
        P + "column 'x' in table 'Thing' has unsupported type 'BLOB'",
        id="blob",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, x ANY) STRICT;",
        P + "column 'x' in table 'Thing' has unsupported type 'ANY'",
        id="any",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, i2 INT) STRICT;",
        P + "column 'i2' in table 'Thing' has unsupported type 'INT'",
        id="int",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, x VARCHAR(20));",
        P + "column 'x' in table 'Thing' has unsupported type 'VARCHAR(20)'",
        id="varchar-non-strict",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, x);",
        P + "column 'x' in table 'Thing' has unsupported type '(none)'",
        id="no-type",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, a BOOLEAN, b DATETIME);",
        P + "column 'a' in table 'Thing' has unsupported type 'BOOLEAN'",
        id="boolean",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, b DATETIME);",
        P + "column 'b' in table 'Thing' has unsupported type 'DATETIME'",
        id="datetime",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, f FLOAT);",
        P + "column 'f' in table 'Thing' has unsupported type 'FLOAT'",
        id="float",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, n numeric);",
        P + "column 'n' in table 'Thing' has unsupported type 'numeric'",
        id="numeric-verbatim",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, n integer(10));",
        P + "column 'n' in table 'Thing' has unsupported type 'integer(10)'",
        id="integer-with-size",
    ),
    pytest.param(
        BASE + "CREATE VIRTUAL TABLE ft USING fts5(x);",
        P + "column 'x' in table 'ft' has unsupported type '(none)'",
        id="virtual-fts5",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id integer primary key, label text unique not null, r real);",
        None,
        id="lower-case-non-strict",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, x UNSIGNED INTEGER);",
        P + "column 'x' in table 'Thing' has unsupported type 'UNSIGNED INTEGER'",
        id="two-words",
    ),
    pytest.param(
        BASE + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL,"
        ' x "INTEGER");',
        None,
        id="quoted-type",
    ),
    pytest.param(
        BASE + "CREATE VIRTUAL TABLE rt USING rtree(id, minx, maxx);",
        P + "column 'id' in table 'rt' has unsupported type 'INT'",
        id="virtual-rtree",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_files (f);",
        P + "column 'f' in table 'Plant_time_series_files' has unsupported type '(none)'",
        id="before-files-rule",
    ),
]

# -- 1.2 classification, 1.4 Configuration --------------------------------------------------------

CONFIGURATION = [
    pytest.param(PLANT, P + "Schema must have a 'Configuration' table", id="missing"),
    pytest.param(
        "-- nothing here\n   \n", P + "Schema must have a 'Configuration' table", id="comments-only"
    ),
    pytest.param(
        collection("configuration") + PLANT,
        P + "Schema must have a 'Configuration' table",
        id="lower-case",
    ),
    pytest.param(
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, value REAL) STRICT;",
        P + "Collection 'Configuration' must have a 'label' column",
        id="no-label",
    ),
    pytest.param(
        "CREATE TABLE Configuration (label TEXT UNIQUE NOT NULL) STRICT;",
        P + "Collection 'Configuration' must have 'id' as primary key",
        id="no-id",
    ),
    pytest.param(CONF, None, id="alone"),
    pytest.param(
        CONF + vector("Configuration_vector_x", "x REAL", parent="Configuration"),
        None,
        id="owns-vector",
    ),
    pytest.param(
        CONF + "CREATE TABLE Configuration_time_series_files (f TEXT) STRICT;",
        None,
        id="owns-files",
    ),
    pytest.param(
        collection("Configuration", "cost REAL")
        + vector("Configuration_vector_x", "cost REAL", parent="Configuration"),
        None,
        id="duplicates-not-checked",
    ),
]

COLLECTION_NAMES = [
    pytest.param(
        BASE + collection("Plant_extra"),
        P + "Invalid collection name 'Plant_extra': collection names cannot contain underscores",
        id="underscore",
    ),
    pytest.param(
        BASE + collection("b_x") + collection("A_y"),
        P + "Invalid collection name 'A_y': collection names cannot contain underscores",
        id="name-order",
    ),
    pytest.param(
        PLANT + collection("Plant_extra"),
        P + "Schema must have a 'Configuration' table",
        id="after-configuration",
    ),
    pytest.param(CONF + collection("plant"), None, id="lower-case-accepted"),
    pytest.param(BASE + vector("Plant_vector_my_costs", "c REAL"), None, id="group-underscores"),
    pytest.param(BASE + vector("Plant_vector_", "c REAL"), None, id="empty-group"),
    pytest.param(BASE + vector("Plant_vector_a_set_b", "c REAL"), None, id="vector-wins"),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_files_x (id INTEGER, d REAL);",
        P + "Time series table 'Plant_time_series_files_x' must have foreign key to parent"
        " collection 'Plant'",
        id="files-x-is-series",
    ),
    pytest.param(BASE + "CREATE TEMP TABLE tmp_x (x BLOB);", None, id="temp-table-ignored"),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " label TEXT UNIQUE NOT NULL) STRICT;",
        None,
        id="sqlite-sequence-ignored",
    ),
]

# -- 1.5 collections ------------------------------------------------------------------------------

COLLECTIONS = [
    pytest.param(
        CONF + "CREATE TABLE Plant (pid INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);",
        P + "Collection 'Plant' must have 'id' as primary key",
        id="no-id",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER, label TEXT UNIQUE NOT NULL);",
        P + "Collection 'Plant' must have 'id' as primary key",
        id="id-not-key",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER, x INTEGER);",
        P + "Collection 'Plant' must have 'id' as primary key",
        id="id-before-label",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, name TEXT);",
        P + "Collection 'Plant' must have a 'label' column",
        id="no-label",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label INTEGER UNIQUE NOT NULL);",
        P + "Collection 'Plant' label column must be TEXT type",
        id="label-integer",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label INTEGER);",
        P + "Collection 'Plant' label column must be TEXT type",
        id="type-before-not-null",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE);",
        P + "Collection 'Plant' label column must have NOT NULL constraint",
        id="label-nullable",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT);",
        P + "Collection 'Plant' label column must have NOT NULL constraint",
        id="not-null-before-unique",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL);",
        P + "Collection 'Plant' label column must have UNIQUE constraint",
        id="label-not-unique",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
        " x INTEGER, UNIQUE (label, x));",
        P + "Collection 'Plant' label column must have UNIQUE constraint",
        id="composite-unique",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL);"
        "CREATE UNIQUE INDEX plant_label ON Plant(label);",
        None,
        id="unique-index",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id TEXT PRIMARY KEY, label TEXT UNIQUE NOT NULL);",
        None,
        id="text-id",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER, k INTEGER, label TEXT UNIQUE NOT NULL,"
        " PRIMARY KEY (id, k));",
        None,
        id="composite-key",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY,"
        " label TEXT UNIQUE NOT NULL DEFAULT 'x');",
        None,
        id="label-default",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL);"
        "CREATE INDEX plant_label ON Plant(label);",
        P + "Collection 'Plant' label column must have UNIQUE constraint",
        id="plain-index",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (ID INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);",
        P + "Collection 'Plant' must have 'id' as primary key",
        id="id-case-sensitive",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, Label TEXT UNIQUE NOT NULL);",
        P + "Collection 'Plant' must have a 'label' column",
        id="label-case-sensitive",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label text UNIQUE NOT NULL);",
        None,
        id="label-lower-case-text",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER, label TEXT NOT NULL PRIMARY KEY);",
        P + "Collection 'Plant' must have 'id' as primary key",
        id="label-primary-key",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER, label TEXT NOT NULL, PRIMARY KEY (id, label));",
        P + "Collection 'Plant' label column must have UNIQUE constraint",
        id="label-in-composite-key",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL);"
        "CREATE UNIQUE INDEX pl ON Plant(lower(label));",
        P + "Collection 'Plant' label column must have UNIQUE constraint",
        id="expression-index",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL);"
        "CREATE UNIQUE INDEX pl ON Plant(label) WHERE id > 0;",
        None,
        id="partial-unique-index",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL);"
        "CREATE UNIQUE INDEX pl ON Plant(label COLLATE NOCASE DESC);",
        None,
        id="collated-unique-index",
    ),
]

# -- 1.6 vectors ----------------------------------------------------------------------------------

VECTORS = [
    pytest.param(
        BASE + vector("Ghost_vector_x", "x REAL", parent="Ghost"),
        P + "Vector table 'Ghost_vector_x' references non-existent collection 'Ghost'",
        id="no-parent",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (pid INTEGER, vector_index INTEGER);",
        P + "Vector table 'Plant_vector_x' must have 'id' column",
        id="no-id",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_vector_x (id INTEGER PRIMARY KEY, x REAL, {PARENT_FK});",
        P + "Vector table 'Plant_vector_x' must have composite primary key "
        "(id, vector_index), not just 'id'",
        id="id-only-key",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_vector_x (id INTEGER, x REAL, {PARENT_FK},"
        " PRIMARY KEY (id, x));",
        P + "Vector table 'Plant_vector_x' must have 'vector_index' column",
        id="no-vector-index",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER, x REAL,"
        " PRIMARY KEY (id, vector_index));",
        P + "Vector table 'Plant_vector_x' must have foreign key to parent collection 'Plant'",
        id="no-fk",
    ),
    pytest.param(
        BASE + BUS + vector("Plant_vector_x", "x REAL", parent="Bus"),
        P + "Vector table 'Plant_vector_x' must have foreign key to parent collection 'Plant'",
        id="fk-to-other",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER,"
        " FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE,"
        " PRIMARY KEY (id, vector_index));",
        P + "Vector table 'Plant_vector_x' FK to parent must use ON DELETE CASCADE ON "
        "UPDATE CASCADE",
        id="fk-no-update-cascade",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER,"
        " FOREIGN KEY (id) REFERENCES Plant(id) ON UPDATE CASCADE ON DELETE SET NULL,"
        " PRIMARY KEY (id, vector_index));",
        P + "Vector table 'Plant_vector_x' FK to parent must use ON DELETE CASCADE ON "
        "UPDATE CASCADE",
        id="fk-set-null",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER, x REAL,"
        f" {PARENT_FK});",
        None,
        id="no-primary-key",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_vector_x (id INTEGER,"
        f" vector_index INTEGER PRIMARY KEY, {PARENT_FK});",
        None,
        id="index-only-key",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER,"
        f" k INTEGER, {PARENT_FK}, PRIMARY KEY (id, vector_index, k));",
        None,
        id="extra-key-column",
    ),
    pytest.param(BASE + vector("Plant_vector_x"), None, id="no-value-column"),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER NOT NULL REFERENCES Plant(id)"
        " ON DELETE CASCADE ON UPDATE CASCADE, vector_index INTEGER NOT NULL, x REAL,"
        " PRIMARY KEY (id, vector_index));",
        None,
        id="column-level-fk",
    ),
    # The structural rules come before the parent rules.
    pytest.param(
        BASE + "CREATE TABLE Ghost_vector_x (pid INTEGER, vector_index INTEGER);",
        P + "Vector table 'Ghost_vector_x' must have 'id' column",
        id="id-before-parent",
    ),
    pytest.param(
        BASE + "CREATE TABLE Ghost_vector_x (id INTEGER PRIMARY KEY);",
        P + "Vector table 'Ghost_vector_x' must have composite primary key "
        "(id, vector_index), not just 'id'",
        id="key-before-parent",
    ),
    pytest.param(
        BASE + "CREATE TABLE Ghost_vector_x (id INTEGER, x REAL);",
        P + "Vector table 'Ghost_vector_x' must have 'vector_index' column",
        id="vector-index-before-parent",
    ),
    pytest.param(
        BASE + "CREATE TABLE Ghost_vector_x (id INTEGER, vector_index INTEGER);",
        P + "Vector table 'Ghost_vector_x' references non-existent collection 'Ghost'",
        id="parent-before-fk",
    ),
    pytest.param(
        BASE + "CREATE TABLE A_b_vector_x (id INTEGER, vector_index INTEGER);",
        P + "Vector table 'A_b_vector_x' references non-existent collection 'A'",
        id="parent-before-first-underscore",
    ),
    pytest.param(
        BASE + "CREATE TABLE _vector_x (id INTEGER, vector_index INTEGER);",
        P + "Vector table '_vector_x' references non-existent collection ''",
        id="empty-parent",
    ),
    pytest.param(
        BASE + vector("Plant_vector_x", "v REAL", parent="plant"),
        P + "Vector table 'Plant_vector_x' must have foreign key to parent collection 'Plant'",
        id="fk-parent-case-sensitive",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER,"
        " FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,"
        " FOREIGN KEY (id) REFERENCES Plant(id));",
        P + "Vector table 'Plant_vector_x' FK to parent must use ON DELETE CASCADE ON "
        "UPDATE CASCADE",
        id="parent-fk-is-last-declared",
    ),
]

# -- 1.7 sets -------------------------------------------------------------------------------------

SETS = [
    pytest.param(
        BASE + f"CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, {PARENT_FK});",
        P + "Set table 'Plant_set_x' must have a UNIQUE constraint",
        id="no-unique",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, w REAL, {PARENT_FK},"
        " UNIQUE (id, tag));",
        P + "Set table 'Plant_set_x' column 'w' must be part of a UNIQUE constraint",
        id="column-outside-unique",
    ),
    pytest.param(
        BASE + "CREATE TABLE Ghost_set_x (id INTEGER, tag TEXT);",
        P + "Set table 'Ghost_set_x' must have a UNIQUE constraint",
        id="unique-before-parent",
    ),
    pytest.param(
        BASE + set_table("Ghost_set_x", "tag TEXT", parent="Ghost"),
        P + "Set table 'Ghost_set_x' references non-existent collection 'Ghost'",
        id="no-parent",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, UNIQUE (id, tag));",
        P + "Set table 'Plant_set_x' must have foreign key to parent collection 'Plant'",
        id="no-fk",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_set_x (tag TEXT UNIQUE);",
        P + "Set table 'Plant_set_x' must have foreign key to parent collection 'Plant'",
        id="no-id",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, FOREIGN KEY (id)"
        " REFERENCES Plant(id) ON DELETE CASCADE, UNIQUE (id, tag));",
        P + "Set table 'Plant_set_x' FK to parent must use ON DELETE CASCADE ON UPDATE CASCADE",
        id="fk-no-update-cascade",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, {PARENT_FK},"
        " PRIMARY KEY (id, tag));",
        None,
        id="primary-key-counts",
    ),
    pytest.param(
        BASE + BUS + "CREATE TABLE Plant_set_x (id INTEGER, bus_link INTEGER, w REAL,"
        f" {PARENT_FK}, FOREIGN KEY (bus_link) REFERENCES Bus(id) ON DELETE CASCADE"
        " ON UPDATE CASCADE, UNIQUE (id, w));",
        None,
        id="fk-column-outside-unique",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_set_x (id INTEGER, tag INTEGER PRIMARY KEY, {PARENT_FK});",
        P + "Set table 'Plant_set_x' must have a UNIQUE constraint",
        id="rowid-key",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, {PARENT_FK});"
        "CREATE UNIQUE INDEX sx ON Plant_set_x(id, lower(tag));",
        P + "Set table 'Plant_set_x' column 'tag' must be part of a UNIQUE constraint",
        id="expression-index",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, w REAL, {PARENT_FK},"
        " UNIQUE (id, tag)); CREATE INDEX sw ON Plant_set_x(w);",
        P + "Set table 'Plant_set_x' column 'w' must be part of a UNIQUE constraint",
        id="plain-index",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_set_x (id INTEGER, tag TEXT, {PARENT_FK});"
        "CREATE UNIQUE INDEX sx ON Plant_set_x(id, tag) WHERE tag IS NOT NULL;",
        None,
        id="partial-unique-index",
    ),
    pytest.param(BASE + set_table("Plant_set_", "t TEXT"), None, id="empty-group"),
]

# -- 1.8 time series, 1.9 files -------------------------------------------------------------------

TIME_SERIES = [
    pytest.param(
        BASE + series("Ghost_time_series_x", "v REAL", parent="Ghost"),
        P + "Time series table 'Ghost_time_series_x' references non-existent collection 'Ghost'",
        id="no-parent",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_x (id INTEGER, date_time TEXT, v REAL,"
        " PRIMARY KEY (id, date_time));",
        P + "Time series table 'Plant_time_series_x' must have foreign key to parent "
        "collection 'Plant'",
        id="no-fk",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_x (date_time TEXT, v REAL);",
        P + "Time series table 'Plant_time_series_x' must have foreign key to parent "
        "collection 'Plant'",
        id="no-id",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_x (id INTEGER, date_time TEXT,"
        " FOREIGN KEY (id) REFERENCES Plant(id) ON UPDATE CASCADE,"
        " PRIMARY KEY (id, date_time));",
        P + "Time series table 'Plant_time_series_x' FK to parent must use ON DELETE "
        "CASCADE ON UPDATE CASCADE",
        id="fk-no-delete-cascade",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_time_series_x (id INTEGER, stage INTEGER, v REAL,"
        f" {PARENT_FK}, PRIMARY KEY (id, stage));",
        None,
        id="no-date-column",
    ),
    pytest.param(
        BASE + f"CREATE TABLE Plant_time_series_x (id INTEGER, block INTEGER,"
        f" date_b TEXT, v REAL, {PARENT_FK}, PRIMARY KEY (id, block, date_b));",
        None,
        id="dimension-not-first",
    ),
    pytest.param(BASE + series("Plant_time_series_", "v REAL"), None, id="empty-group"),
]

FILES = [
    pytest.param(
        BASE + "CREATE TABLE Ghost_time_series_files (f TEXT) STRICT;",
        P + "Time series files table 'Ghost_time_series_files' references non-existent "
        "collection 'Ghost'",
        id="no-parent",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_files (id INTEGER PRIMARY KEY, f TEXT);",
        P + "Time series files table 'Plant_time_series_files' column 'id' must be TEXT "
        "type (for file paths)",
        id="id-column",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_files (f TEXT, g REAL) STRICT;",
        P + "Time series files table 'Plant_time_series_files' column 'g' must be TEXT "
        "type (for file paths)",
        id="real-column",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_files (f text, g TEXT);", None, id="lower-case-text"
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_time_series_files (f TEXT, g TEXT) STRICT;", None, id="valid"
    ),
    pytest.param(
        BASE + "CREATE TABLE Ghost_time_series_files (x REAL);",
        P + "Time series files table 'Ghost_time_series_files' references non-existent "
        "collection 'Ghost'",
        id="parent-before-type",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_x_time_series_files (f TEXT);",
        P + "Time series files table 'Plant_x_time_series_files' references non-existent "
        "collection 'Plant_x'",
        id="parent-is-whole-prefix",
    ),
]

# -- 1.11 duplicate attributes --------------------------------------------------------------------

DUP = "Duplicate attribute '{}' found in table '{}' (already defined in collection '{}')"

DUPLICATES = [
    pytest.param(
        CONF + collection("Plant", "cost REAL") + vector("Plant_vector_c", "cost REAL"),
        P + DUP.format("cost", "Plant_vector_c", "Plant"),
        id="scalar-and-vector",
    ),
    pytest.param(
        BASE + vector("Plant_vector_a", "v REAL") + set_table("Plant_set_b", "v REAL"),
        P + DUP.format("v", "Plant_vector_a", "Plant"),
        id="set-before-vector",
    ),
    pytest.param(
        BASE
        + series("Plant_time_series_a", "value REAL")
        + series("Plant_time_series_b", "value REAL"),
        P + DUP.format("value", "Plant_time_series_b", "Plant"),
        id="two-series",
    ),
    pytest.param(
        BASE
        + series("Plant_time_series_a", "block INTEGER", "x REAL", key="id, date_time, block")
        + series("Plant_time_series_b", "block INTEGER", "y REAL", key="id, date_time, block"),
        P + DUP.format("block", "Plant_time_series_b", "Plant"),
        id="extra-dimension",
    ),
    pytest.param(
        BASE
        + BUS
        + vector(
            "Plant_vector_a",
            "bus_id INTEGER",
            "FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        )
        + vector(
            "Plant_vector_b",
            "bus_id INTEGER",
            "FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        None,
        id="shared-fk-column",
    ),
    pytest.param(
        BASE + series("Plant_time_series_a", "x REAL") + series("Plant_time_series_b", "y REAL"),
        None,
        id="shared-date-time",
    ),
    pytest.param(BASE + vector("Plant_vector_a", "label TEXT"), None, id="label-in-group"),
    pytest.param(
        CONF + collection("Plant", "cost REAL") + collection("Bus", "cost REAL"),
        None,
        id="two-collections",
    ),
    pytest.param(
        BASE + vector("Plant_vector_a", "v REAL") + vector("Plant_vector_b", "v REAL"),
        P + DUP.format("v", "Plant_vector_b", "Plant"),
        id="two-vectors",
    ),
    pytest.param(
        CONF
        + collection("Plant", "w REAL")
        + collection("Bus", "w REAL")
        + vector("Plant_vector_a", "w REAL")
        + vector("Bus_vector_a", "w REAL", parent="Bus"),
        P + DUP.format("w", "Bus_vector_a", "Bus"),
        id="collections-in-name-order",
    ),
    pytest.param(
        CONF + collection("Plant", "date_x TEXT") + vector("Plant_vector_a", "date_x TEXT"),
        P + DUP.format("date_x", "Plant_vector_a", "Plant"),
        id="date-in-vector",
    ),
    pytest.param(
        BASE
        + set_table("Plant_set_a", "date_x TEXT")
        + series("Plant_time_series_b", "date_x TEXT"),
        None,
        id="date-in-series-skipped",
    ),
    pytest.param(
        CONF + collection("Plant", "f TEXT") + "CREATE TABLE Plant_time_series_files (f TEXT);",
        None,
        id="files-not-counted",
    ),
    pytest.param(
        BASE + vector("Plant_vector_a", "label TEXT") + vector("Plant_vector_b", "label TEXT"),
        P + DUP.format("label", "Plant_vector_b", "Plant"),
        id="label-in-two-groups",
    ),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "bus_id INTEGER",
            "FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        )
        + vector("Plant_vector_a", "bus_id INTEGER"),
        P + DUP.format("bus_id", "Plant_vector_a", "Plant"),
        id="scalar-fk-counts",
    ),
    pytest.param(
        BASE
        + set_table("Plant_set_a", "vector_index INTEGER")
        + set_table("Plant_set_b", "vector_index INTEGER"),
        P + DUP.format("vector_index", "Plant_set_b", "Plant"),
        id="vector-index-outside-vectors",
    ),
    pytest.param(
        CONF + collection("Plant", "Cost REAL") + vector("Plant_vector_c", "cost REAL"),
        None,
        id="case-sensitive",
    ),
    pytest.param(
        BASE
        + series("Plant_time_series_a", "block INTEGER", key="id, date_time, block")
        + vector("Plant_vector_b", "block INTEGER"),
        P + DUP.format("block", "Plant_vector_b", "Plant"),
        id="series-before-vector",
    ),
]

# -- 1.10 foreign keys ----------------------------------------------------------------------------


def relation(column: str, actions: str, *, not_null: bool = False, target: str = "Bus") -> str:
    """A Plant collection with one relation column to ``target``."""
    decl = f"{column} INTEGER" + (" NOT NULL" if not_null else "")
    return (
        CONF
        + BUS
        + collection("Plant", decl, f"FOREIGN KEY ({column}) REFERENCES {target}(id) {actions}")
    )


OK_ACTIONS = "ON DELETE SET NULL ON UPDATE CASCADE"
K4 = "Foreign key column '{}' in table '{}' should follow naming pattern '<collection>_id'"

FOREIGN_KEYS = [
    pytest.param(
        relation("bus_id", OK_ACTIONS, not_null=True),
        P + "Foreign key column 'bus_id' in table 'Plant' has ON DELETE SET NULL but NOT "
        "NULL constraint",
        id="K1",
    ),
    pytest.param(
        relation("bus_id", "ON DELETE SET NULL", not_null=True),
        P + "Foreign key column 'bus_id' in table 'Plant' has ON DELETE SET NULL but NOT "
        "NULL constraint",
        id="K1-before-K2",
    ),
    pytest.param(
        relation("bus_id", ""),
        P + "Foreign key 'bus_id' in table 'Plant' must use ON UPDATE CASCADE",
        id="K2-default-actions",
    ),
    pytest.param(
        relation("bus_id", "ON DELETE SET NULL ON UPDATE RESTRICT"),
        P + "Foreign key 'bus_id' in table 'Plant' must use ON UPDATE CASCADE",
        id="K2-restrict",
    ),
    pytest.param(
        relation("bus_id", "ON DELETE RESTRICT ON UPDATE CASCADE"),
        P + "Foreign key 'bus_id' in table 'Plant' must use ON DELETE SET NULL or ON "
        "DELETE CASCADE",
        id="K3-restrict",
    ),
    pytest.param(
        relation("bus_id", "ON DELETE SET DEFAULT ON UPDATE CASCADE"),
        P + "Foreign key 'bus_id' in table 'Plant' must use ON DELETE SET NULL or ON "
        "DELETE CASCADE",
        id="K3-set-default",
    ),
    pytest.param(
        relation("bus_id", "ON UPDATE CASCADE"),
        P + "Foreign key 'bus_id' in table 'Plant' must use ON DELETE SET NULL or ON "
        "DELETE CASCADE",
        id="K3-no-action",
    ),
    pytest.param(
        relation("bus_id", "ON DELETE CASCADE ON UPDATE CASCADE", not_null=True),
        None,
        id="cascade-not-null",
    ),
    *[
        pytest.param(relation(name, OK_ACTIONS, target="Plant"), None, id=f"K4-accepts-{name}")
        for name in ("owner_id", "xx_idx", "plant_owner", "Plant_Owner")
    ],
    *[
        pytest.param(
            relation(name, OK_ACTIONS, target="Plant"),
            P + K4.format(name, "Plant"),
            id=f"K4-rejects-{name}",
        )
        for name in ("owner", "plant", "busplant")
    ],
    pytest.param(
        CONF + BUS + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
        " FOREIGN KEY (label) REFERENCES Bus(label) ON DELETE CASCADE ON UPDATE CASCADE);"
        "CREATE UNIQUE INDEX pl ON Plant(label);",
        P + K4.format("label", "Plant"),
        id="K4-rejects-label",
    ),
    pytest.param(
        BASE
        + BUS
        + vector(
            "Plant_vector_x",
            "target INTEGER",
            "FOREIGN KEY (target) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        P + K4.format("target", "Plant_vector_x"),
        id="K4-vector",
    ),
    pytest.param(
        BASE
        + BUS
        + set_table(
            "Plant_set_x",
            "target INTEGER",
            "FOREIGN KEY (target) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        None,
        id="K4-not-for-sets",
    ),
    pytest.param(
        BASE
        + BUS
        + series(
            "Plant_time_series_x",
            "target INTEGER",
            "FOREIGN KEY (target) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        None,
        id="K4-not-for-series",
    ),
    pytest.param(
        BASE
        + BUS
        + set_table(
            "Plant_set_x",
            "target INTEGER",
            "FOREIGN KEY (target) REFERENCES Bus(id) ON DELETE SET NULL",
        ),
        P + "Foreign key 'target' in table 'Plant_set_x' must use ON UPDATE CASCADE",
        id="K2-in-set",
    ),
    pytest.param(relation("ghost_id", OK_ACTIONS, target="Ghost"), None, id="missing-target"),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "bus_label TEXT",
            "FOREIGN KEY (bus_label) REFERENCES Bus(label) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        None,
        id="non-id-target",
    ),
    pytest.param(
        relation("configuration_id", OK_ACTIONS, target="Configuration"),
        None,
        id="to-configuration",
    ),
    pytest.param(
        CONF + "CREATE TABLE Bus (id INTEGER, k INTEGER, label TEXT UNIQUE NOT NULL,"
        " PRIMARY KEY (id, k));"
        + collection(
            "Plant",
            "bus_id INTEGER",
            "bus_k INTEGER",
            "FOREIGN KEY (bus_id, bus_k)"
            " REFERENCES Bus(id, k) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        None,
        id="composite",
    ),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "bus_id TEXT",
            "FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        None,
        id="text-relation-column",
    ),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "a_id INTEGER",
            "b INTEGER",
            "FOREIGN KEY (a_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
            "FOREIGN KEY (b) REFERENCES Bus(id) ON DELETE SET NULL",
        ),
        P + "Foreign key 'b' in table 'Plant' must use ON UPDATE CASCADE",
        id="keys-in-declaration-order",
    ),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "a INTEGER",
            "b INTEGER",
            "bus_c INTEGER",
            "FOREIGN KEY (a) REFERENCES Bus(id) ON DELETE SET NULL",
            "FOREIGN KEY (b) REFERENCES Bus(id) ON DELETE CASCADE",
            "FOREIGN KEY (bus_c) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        P + "Foreign key 'b' in table 'Plant' must use ON UPDATE CASCADE",
        id="last-declared-key-first",
    ),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "x INTEGER",
            "bus_y INTEGER REFERENCES Bus(id)",
            "FOREIGN KEY (x) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        P + K4.format("x", "Plant"),
        id="table-clause-after-column-clause",
    ),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "x INTEGER",
            "FOREIGN KEY (x) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        )
        + collection(
            "Alpha",
            "y INTEGER",
            "FOREIGN KEY (y) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        ),
        P + K4.format("y", "Alpha"),
        id="tables-in-name-order",
    ),
    # K1-K3 also apply to further keys leaving from "id" of group tables; K4 skips them in vectors.
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER,"
        " FOREIGN KEY (id) REFERENCES Plant(id),"
        " FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE);",
        P + "Foreign key 'id' in table 'Plant_vector_x' must use ON UPDATE CASCADE",
        id="K2-second-parent-key",
    ),
    pytest.param(
        BASE + BUS + "CREATE TABLE Plant_time_series_x (id INTEGER, t TEXT,"
        " FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,"
        " FOREIGN KEY (id) REFERENCES Bus(id));",
        P + "Foreign key 'id' in table 'Plant_time_series_x' must use ON UPDATE CASCADE",
        id="K2-id-to-other-in-series",
    ),
    pytest.param(
        BASE + BUS + "CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER,"
        " FOREIGN KEY (id) REFERENCES Bus(id) ON DELETE CASCADE ON UPDATE CASCADE,"
        " FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE);",
        None,
        id="K4-skips-id-in-vector",
    ),
    pytest.param(
        CONF + PLANT + "CREATE TABLE Bus (id INTEGER PRIMARY KEY REFERENCES Plant(id)"
        " ON DELETE CASCADE ON UPDATE CASCADE, label TEXT UNIQUE NOT NULL);",
        P + K4.format("id", "Bus"),
        id="K4-id-in-collection",
    ),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER, vector_index INTEGER,"
        " k INTEGER, FOREIGN KEY (id, k) REFERENCES Plant(id, x)"
        " ON DELETE CASCADE ON UPDATE CASCADE);",
        P + K4.format("k", "Plant_vector_x"),
        id="K4-composite-parent-key",
    ),
    pytest.param(
        BASE + BUS + "CREATE TABLE Plant_time_series_files (x TEXT REFERENCES Bus(id)"
        " ON DELETE SET NULL ON UPDATE CASCADE);",
        P + K4.format("x", "Plant_time_series_files"),
        id="K4-files",
    ),
    pytest.param(
        BASE + BUS + "CREATE TABLE Plant_time_series_files (x TEXT REFERENCES Bus(id));",
        P + "Foreign key 'x' in table 'Plant_time_series_files' must use ON UPDATE CASCADE",
        id="K2-files",
    ),
    pytest.param(
        BASE + BUS + "CREATE TABLE Plant_time_series_files (bus_x TEXT REFERENCES"
        " Bus(id) ON DELETE SET NULL ON UPDATE CASCADE);",
        None,
        id="K4-files-accepts",
    ),
    pytest.param(relation("bus_" + "x" * 300, OK_ACTIONS), None, id="K4-long-name"),
    pytest.param(relation("_id", OK_ACTIONS), None, id="K4-accepts-_id"),
    pytest.param(relation("OWNER_ID", OK_ACTIONS), None, id="K4-case-insensitive-id"),
    pytest.param(
        BASE + BUS + "CREATE TABLE Plant_set_x (id INTEGER, b INTEGER NOT NULL,"
        f" {PARENT_FK}, FOREIGN KEY (b) REFERENCES Bus(id) ON DELETE SET NULL"
        " ON UPDATE CASCADE, UNIQUE (id, b));",
        P + "Foreign key column 'b' in table 'Plant_set_x' has ON DELETE SET NULL but NOT"
        " NULL constraint",
        id="K1-in-set",
    ),
]

# -- 1.12 order of checks -------------------------------------------------------------------------

ORDER = [
    pytest.param(
        PLANT + "CREATE TABLE Thing (id INTEGER PRIMARY KEY, x BLOB) STRICT;",
        P + "column 'x' in table 'Thing' has unsupported type 'BLOB'",
        id="types-before-configuration",
    ),
    pytest.param(
        PLANT + collection("A B"), P + "invalid table name 'A B'", id="name-before-configuration"
    ),
    pytest.param(
        CONF + "CREATE TABLE Alpha (id INTEGER PRIMARY KEY, label TEXT);" + collection("Z_z"),
        P + "Invalid collection name 'Z_z': collection names cannot contain underscores",
        id="underscore-before-collection-rules",
    ),
    pytest.param(
        CONF + "CREATE TABLE b (id INTEGER PRIMARY KEY);CREATE TABLE C (id INTEGER PRIMARY KEY);",
        P + "Collection 'C' must have a 'label' column",
        id="byte-order",
    ),
    pytest.param(
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY);"
        + vector("Abc_vector_v", "x REAL", parent="Abc"),
        P + "Vector table 'Abc_vector_v' references non-existent collection 'Abc'",
        id="group-before-configuration-rules",
    ),
    pytest.param(
        CONF
        + BUS
        + collection(
            "Plant",
            "cost REAL",
            "owner INTEGER",
            "FOREIGN KEY (owner) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE",
        )
        + vector("Plant_vector_c", "cost REAL"),
        P + DUP.format("cost", "Plant_vector_c", "Plant"),
        id="duplicates-before-foreign-keys",
    ),
    pytest.param(
        CONF + BUS + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT, bus_id"
        " INTEGER REFERENCES Bus(id));",
        P + "Collection 'Plant' label column must have NOT NULL constraint",
        id="collection-rules-before-foreign-keys",
    ),
    pytest.param(
        CONF
        + collection("Plant", "cost REAL")
        + vector("Plant_vector_c", "cost REAL")
        + "CREATE TABLE Plant_set_s (id INTEGER, tag TEXT);",
        P + "Set table 'Plant_set_s' must have a UNIQUE constraint",
        id="table-rules-before-duplicates",
    ),
]

# -- 1.13 accepted without complaint --------------------------------------------------------------

ACCEPTED = [
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, x REAL);",
        None,
        id="non-strict",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id integer primary key, label text unique not null,"
        " x real) STRICT;",
        None,
        id="lower-case-types",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL)"
        " WITHOUT ROWID;",
        None,
        id="without-rowid",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL,"
        " a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2));",
        None,
        id="generated",
    ),
    pytest.param(
        CONF + "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL,"
        " a INTEGER CHECK (a > 0));",
        None,
        id="check",
    ),
    pytest.param(
        BASE + "CREATE INDEX ix ON Plant(label, id); CREATE VIEW v AS SELECT * FROM Plant;"
        " CREATE TRIGGER tr AFTER INSERT ON Plant BEGIN SELECT 1; END;",
        None,
        id="index-view-trigger",
    ),
    pytest.param(BASE + "PRAGMA user_version = 9;", None, id="pragma"),
    pytest.param(
        BASE + "CREATE TABLE Plant_vector_x (id INTEGER REFERENCES Plant(id) ON DELETE"
        " CASCADE ON UPDATE CASCADE, vector_index INTEGER, x REAL);",
        None,
        id="vector-without-key",
    ),
]

GROUPS = {
    "table-name": TABLE_NAMES,
    "column-type": COLUMN_TYPES,
    "configuration": CONFIGURATION,
    "collection-name": COLLECTION_NAMES,
    "collection": COLLECTIONS,
    "vector": VECTORS,
    "set": SETS,
    "time-series": TIME_SERIES,
    "files": FILES,
    "duplicate": DUPLICATES,
    "foreign-key": FOREIGN_KEYS,
    "order": ORDER,
    "accepted": ACCEPTED,
}

ALL_CASES = [
    pytest.param(*case.values, id=f"{group}-{case.id}")
    for group, cases in GROUPS.items()
    for case in cases
]


def build(tmp_path: Path, sql: str) -> Database:
    """Applies ``sql`` as a schema file to a new database file."""
    schema = tmp_path / "schema.sql"
    schema.write_text(sql, encoding="utf-8")
    return Database.from_schema(str(tmp_path / "rules.db"), str(schema), console_level=LogLevel.OFF)


def _params(cases: list, kind: str) -> list:
    return [c for c in cases if (c.values[1] is None) == (kind == "ok")]


@pytest.mark.parametrize(("sql", "message"), _params(ALL_CASES, "bad"))
def test_rejected(tmp_path: Path, sql: str, message: str) -> None:
    with pytest.raises(QuiverError) as info:
        build(tmp_path, sql)
    assert str(info.value) == message


@pytest.mark.parametrize(("sql", "message"), _params(ALL_CASES, "ok"))
def test_accepted(tmp_path: Path, sql: str, message: None) -> None:
    db = build(tmp_path, sql)
    try:
        assert db.is_healthy()
    finally:
        db.close()


def test_pragma_in_schema_sets_version(tmp_path: Path) -> None:
    with build(tmp_path, BASE + "PRAGMA user_version = 9;") as db:
        assert db.current_version() == 9
