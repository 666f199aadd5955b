"""A new user's first hour with quiverdb on the core spec's fixture schema (plants.sql).

Prints values, dicts, metadata and describe() text. `.ci/reference-compare.sh` runs it against
this package and against the reference release and diffs the two outputs.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

from quiverdb import Database, LogLevel, QuiverError

schema = sys.argv[1]


def show(title: str, value: object) -> None:
    print(f"{title}: {value!r}")


def attempt(title: str, call) -> None:  # type: ignore[no-untyped-def]
    try:
        show(title, call())
    except (QuiverError, TypeError, ValueError) as exc:
        print(f"{title}: {type(exc).__name__}: {exc}")


db = Database.from_schema("plants.db", schema, console_level=LogLevel.OFF)
show("version", db.current_version())
db.create_element("Configuration", label="base")
north = db.create_element("Zone", label="north")
south = db.create_element("Zone", label="south")
ids = []
for i in range(4):
    ids.append(
        db.create_element(
            "Plant",
            label=f"plant {i}",
            capacity=10.0 * (i + 1),
            units=i if i % 2 else None,
            date_built=datetime(2000 + i, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-3))),
            zone_id="north" if i < 2 else "south",
            cost=[1.5 * i, 2.5 * i],
            factor=[i, i + 1],
            tag=[f"t{i}", "common"],
        )
    )
show("ids", ids)
show("count", db.number_of_elements("Plant"))
show("element ids", db.read_element_ids("Plant"))
show("capacity", db.read_scalar_floats("Plant", "capacity"))
show("units", db.read_scalar_integers("Plant", "units"))
show("labels", db.read_scalar_strings("Plant", "label"))
show("built", db.read_scalar_date_times("Plant", "date_built"))
show("zone ids", db.read_scalar_integers("Plant", "zone_id"))
show("costs", db.read_vector_floats("Plant", "cost"))
show("factors", db.read_vector_integers("Plant", "factor"))
show("tags", db.read_set_strings("Plant", "tag"))
show("capacity 2", db.read_scalar_float_by_id("Plant", "capacity", ids[1]))
show("units 1", db.read_scalar_integer_by_id("Plant", "units", ids[0]))
show("unknown id", db.read_scalar_float_by_id("Plant", "capacity", 999))
show("scalars", db.read_scalars_by_id("Plant", ids[2]))
show("vectors", db.read_vectors_by_id("Plant", ids[2]))
show("sets", db.read_sets_by_id("Plant", ids[2]))
show("element", db.read_element_by_id("Plant", ids[3]))
show("missing element", db.read_element_by_id("Plant", 999))
show("vector group", db.read_vector_group_by_id("Plant", "costs", ids[1]))
show("set group", db.read_set_group_by_id("Plant", "tags", ids[1]))

db.update_element("Plant", ids[0], capacity=99.5, cost=[7.0], tag=[])
db.update_element_by_label("Plant", "plant 1", units=1, zone_id=None)
db.update_vector_group("Plant", "costs", ids[1], {"cost": [None, 3.0], "factor": [5, None]})
db.update_set_group("Plant", "tags", ids[2], {"tag": ["x", "y"]})
db.update_relation("Plant", "Zone", "id", ids[3], "north")
show("after updates", [db.read_element_by_id("Plant", i) for i in ids])
attempt("is renewable?", lambda: db.read_scalar_booleans("Plant", "units"))
db.delete_element_by_label("Zone", "south")
show("zones after delete", db.read_scalar_integers("Plant", "zone_id"))
db.delete_element("Plant", ids[2])
show("ids after delete", db.read_element_ids("Plant"))

for kind in ("scalar", "vector", "set", "time_series"):
    show(
        f"{kind} groups",
        getattr(db, f"list_{kind}_groups" if kind != "scalar" else "list_scalar_attributes")(
            "Plant"
        ),
    )
show("capacity metadata", db.get_scalar_metadata("Plant", "capacity"))
show("costs metadata", db.get_vector_metadata("Plant", "costs"))
show("tags metadata", db.get_set_metadata("Plant", "tags"))
show("gen metadata", db.get_time_series_metadata("Plant", "gen"))

show("sum", db.query_float("SELECT sum(capacity) FROM Plant"))
show("param", db.query_string("SELECT label FROM Plant WHERE capacity > ?", parameters=[15.0]))
show("int", db.query_integer("SELECT count(*) FROM Plant_set_tags"))
show("date", db.query_date_time("SELECT date_built FROM Plant WHERE id = ?", parameters=[ids[0]]))

with db.transaction():
    db.create_element("Zone", label="east")
try:
    with db.transaction():
        db.create_element("Zone", label="west")
        raise RuntimeError("undo")
except RuntimeError:
    pass
with db.dry_run():
    db.create_element("Zone", label="dry")
show("zones", db.read_scalar_strings("Zone", "label"))
show("in transaction", db.in_transaction())

attempt("unknown collection", lambda: db.create_element("Nope", label="x"))
attempt("unknown column", lambda: db.create_element("Plant", label="x", nope=1))
attempt("type mismatch", lambda: db.create_element("Plant", label="x", capacity="big"))
attempt("duplicate label", lambda: db.create_element("Plant", label="plant 0"))
attempt("bad date", lambda: db.create_element("Plant", label="x", date_built="2024-02-30"))
attempt("bad array", lambda: db.create_element("Plant", label="x", units=[1, 2]))
attempt("bad zone label", lambda: db.create_element("Plant", label="x", zone_id="nowhere"))
attempt("bad type", lambda: db.create_element("Plant", label="x", capacity=object()))
attempt("missing element", lambda: db.update_element("Plant", 999, capacity=1.0))
attempt("unknown attribute", lambda: db.read_scalar_floats("Plant", "nope"))
attempt("unknown vector", lambda: db.read_vector_floats("Plant", "nope"))
attempt("write query", lambda: db.query_integer("DELETE FROM Plant"))
attempt("commit outside", db.commit)
print(db.describe())
print(db.describe_collection("Plant"))
db.close()
attempt("closed", db.describe)
show("repr", repr(db))
