"""A new user's tour of time series: two groups, one on date_time, one on date_time + block.

`.ci/reference-compare.sh` runs it against this package and against the reference release and
diffs the outputs. Dates are written as datetime objects (stored identically by both); the
canonical-storage improvement only shows with textual dates in other forms.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from quiverdb import Database, LogLevel, QuiverError

SCHEMA = """
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Plant (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Plant_time_series_gen (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    generation REAL,
    note TEXT,
    PRIMARY KEY (id, date_time)
) STRICT;
CREATE TABLE Plant_time_series_load (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    block INTEGER NOT NULL,
    load REAL,
    PRIMARY KEY (id, date_time, block)
) STRICT;
CREATE TABLE Plant_time_series_files (gen_file TEXT, load_file TEXT) STRICT;
"""


def show(title: str, value: object) -> None:
    print(f"{title}: {value!r}")


def attempt(title: str, call) -> None:  # type: ignore[no-untyped-def]
    try:
        show(title, call())
    except (QuiverError, TypeError, ValueError) as exc:
        print(f"{title}: {type(exc).__name__}: {exc}")


with open("schema.sql", "w") as f:
    f.write(SCHEMA)
db = Database.from_schema("ts.db", "schema.sql", console_level=LogLevel.OFF)
a = db.create_element("Plant", label="a")
b = db.create_element("Plant", label="b")
# date_time names a column of both groups, so a create with it writes both (and load needs block).
attempt(
    "ambiguous create",
    lambda: db.create_element(
        "Plant", label="c0", date_time=[datetime(2024, 1, 1)], generation=[5.0]
    ),
)
c = db.create_element(
    "Plant",
    label="c",
    date_time=[datetime(2024, 1, 1), datetime(2024, 1, 3)],
    generation=[5.0, 6.0],
    block=[1, 2],
)
hours = [datetime(2024, 1, 1) + timedelta(hours=h) for h in range(6)]
db.update_time_series_group(
    "Plant", "gen", a, {"date_time": hours, "generation": [1.0, None, 3.0, None, None, 6.0]}
)
db.update_time_series_group_by_label(
    "Plant",
    "gen",
    "b",
    {"date_time": hours[::-1], "generation": [float(h) for h in range(6)], "note": ["x"] * 6},
)
db.update_time_series_group(
    "Plant",
    "load",
    a,
    {
        "date_time": [hours[1], hours[0], hours[1], hours[0]],
        "block": [2, 2, 1, 1],
        "load": [4.0, 2.0, 3.0, None],
    },
)
show("gen a", db.read_time_series_group("Plant", "gen", a))
show("gen b", db.read_time_series_group("Plant", "gen", b))
show("gen c", db.read_time_series_group("Plant", "gen", c))
show("load a", db.read_time_series_group("Plant", "load", a))
show("load b", db.read_time_series_group("Plant", "load", b))
for moment in [
    datetime(2023, 12, 31),
    hours[0],
    hours[1],
    hours[4],
    datetime(2024, 1, 2),
    datetime(2030, 1, 1),
]:
    show(f"row {moment}", db.read_time_series_row("Plant", "gen", "generation", moment))
show("row note", db.read_time_series_row("Plant", "gen", "note", hours[5]))
db.upsert_time_series_row("Plant", "gen", a, date_time=hours[1], generation=2.0)
db.upsert_time_series_row_by_label("Plant", "gen", "b", date_time=datetime(2024, 2, 1), note="new")
db.upsert_time_series_row("Plant", "load", b, date_time=hours[2], block=3, load=9.0)
show("after upserts a", db.read_time_series_group("Plant", "gen", a))
show("after upserts b", db.read_time_series_group("Plant", "gen", b))
show("load after upsert", db.read_time_series_group("Plant", "load", b))
db.update_time_series_group("Plant", "gen", c, {})
show("cleared", db.read_time_series_group("Plant", "gen", c))
show("metadata", db.get_time_series_metadata("Plant", "load"))
show("groups", db.list_time_series_groups("Plant"))
show("has files", db.has_time_series_files("Plant"))
show("file columns", db.list_time_series_files_columns("Plant"))
show("files before", db.read_time_series_files("Plant"))
db.update_time_series_files("Plant", {"gen_file": "gen.csv", "load_file": None})
show("files after", db.read_time_series_files("Plant"))
attempt("unknown group", lambda: db.read_time_series_group("Plant", "nope", a))
attempt("unknown collection", lambda: db.read_time_series_group("Nope", "gen", a))
attempt(
    "unknown id", lambda: db.update_time_series_group("Plant", "gen", 999, {"date_time": hours[:1]})
)
attempt(
    "length mismatch",
    lambda: db.update_time_series_group(
        "Plant", "gen", a, {"date_time": hours, "generation": [1.0]}
    ),
)
attempt(
    "bad date",
    lambda: db.update_time_series_group("Plant", "gen", a, {"date_time": ["2024-13-01"]}),
)
attempt("unknown attribute", lambda: db.read_time_series_row("Plant", "gen", "nope", hours[0]))
attempt("no dimension", lambda: db.upsert_time_series_row("Plant", "gen", a, generation=1.0))
attempt("files of unknown", lambda: db.read_time_series_files("Nope"))
print(db.describe_collection("Plant"))
db.close()
