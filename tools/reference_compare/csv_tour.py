"""A new user's CSV round trip on the data spec's running example (tests/schemas/study.sql).

Exports the collection and every group kind (with relations, a self relation, enums and a custom
date format), prints every file byte for byte (repr), imports each file into a fresh study,
exports again and checks the files are identical, then imports malformed files and prints the
errors. Our import errors append "(file ..., line N, column C)" to the reference's message (a
documented improvement); the part before that suffix is printed, so the comparison checks that
the reference's message comes first, unchanged.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

from quiverdb import CSVOptions, Database, LogLevel, QuiverError

schema = os.path.join(os.path.dirname(sys.argv[1]), "study.sql")
OPTIONS = CSVOptions(
    date_time_format="%d/%m/%Y %H:%M",
    enum_labels={
        "status": {"en": {"Active": 1, "Retired": 2}, "pt": {"Ativa": 1, "Aposentada": 2}}
    },
)
GROUPS = ["", "segments", "tags", "links", "generation", "load"]


def reference_part(error: QuiverError) -> str:
    return str(error).split(" (file '")[0]


def build(path: str) -> Database:
    db = Database.from_schema(path, schema, console_level=LogLevel.OFF)
    db.create_element("Configuration", label="cfg", base_year=2024)
    for n in range(1, 3):
        db.create_element("Bus", label=f"B{n}", voltage=100.0 * n)
    p1 = db.create_element(
        "Plant",
        label="P1",
        capacity=1.5,
        status=1,
        is_active=True,
        date_commission=datetime(2020, 5, 17, 8, 30),
        bus_id="B1",
    )
    p2 = db.create_element("Plant", label="P2", capacity=2e20, status=2, plant_spill_to="P1")
    db.update_relation("Plant", "Plant", "spill_to", p1, "P2")
    db.update_vector_group(
        "Plant",
        "segments",
        p1,
        {
            "segment_cost": [1.5, None, 1e-7],
            "segment_size": [1, 2, None],
            "segment_name": ["a, b", 'say "hi"', None],
            "date_segment": [datetime(2024, 1, 1), None, datetime(2024, 3, 1, 7)],
            "bus_segment": ["B2", None, "B1"],
        },
    )
    db.update_set_group("Plant", "tags", p2, {"tag": ["x", "line\nbreak"]})
    db.update_set_group("Plant", "links", p1, {"bus_link": ["B1", "B2"], "weight": [0.5, None]})
    db.update_time_series_group(
        "Plant",
        "generation",
        p1,
        {
            "date_time": [datetime(2024, 1, 1), datetime(2024, 1, 2)],
            "generation": [1.25, None],
            "units": [3, 4],
            "note": ["n", None],
            "date_checked": [datetime(2024, 2, 5), None],
        },
    )
    db.update_time_series_group(
        "Plant",
        "load",
        p2,
        {
            "date_time": [datetime(2024, 1, 1)] * 2,
            "block": [1, 2],
            "load": [1.0, None],
            "flag": [7, 8],
        },
    )
    return db


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


db = build("source.db")
for options_name, options in (("default", None), ("custom", OPTIONS)):
    for group in GROUPS:
        name = f"{options_name}-{group or 'Plant'}.csv"
        db.export_csv("Plant", group, name, options=options)
        print(f"{name}: {read(name)!r}")
db.export_csv("Bus", "", "bus.csv")
print(f"bus.csv: {read('bus.csv')!r}")

for options_name, options in (("default", None), ("custom", OPTIONS)):
    target = Database.from_schema(f"copy-{options_name}.db", schema, console_level=LogLevel.OFF)
    target.import_csv("Bus", "", "bus.csv")
    for group in GROUPS:
        name = f"{options_name}-{group or 'Plant'}.csv"
        target.import_csv("Plant", group, name, options=options)
        again = f"again-{name}"
        target.export_csv("Plant", group, again, options=options)
        print(f"round trip {name}: {'identical' if read(again) == read(name) else 'DIFFERENT'}")
    target.close()

HEADER = "label,capacity,status,is_active,date_commission,bus_id,plant_spill_to\n"
MALFORMED = {
    "unterminated": HEADER + 'P1,"1.5\n',
    "row width": HEADER + "P1,1\n",
    "no label": "name,capacity\nP1,1\n",
    "bad float": "sep=,\n" + HEADER + "P9,abc,,,,,\n",
    "bad date": HEADER + "P9,1,,,2020-02-30,,\n",
    "unknown bus": HEADER + "P9,1,,,,B7,\n",
    "duplicate": HEADER + "P9,1,,,,,\nP9,2,,,,,\n",
}
for title, text in MALFORMED.items():
    with open("bad.csv", "w", newline="") as f:
        f.write(text)
    try:
        db.import_csv("Plant", "", "bad.csv")
        print(f"{title}: imported")
    except QuiverError as exc:
        print(f"{title}: {reference_part(exc)}")
bad_vector = (
    "id,vector_index,segment_cost,segment_size,segment_name,date_segment,bus_segment\nP1,2,1,,,,\n"
)
with open("bad.csv", "w") as f:
    f.write(bad_vector)
try:
    db.import_csv("Plant", "segments", "bad.csv")
except QuiverError as exc:
    print(f"vector index: {reference_part(exc)}")
print("elements after failures:", db.read_scalar_strings("Plant", "label"))
db.close()
