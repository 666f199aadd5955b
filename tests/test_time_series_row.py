"""Time-series row lookup (read_time_series_row) and single-row upserts."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError
from quiverdb._ffi import ffi, lib

GEN = "Plant_time_series_generation"
LOAD = "Plant_time_series_load"
UTC = timezone.utc


@pytest.fixture
def shapes(tmp_path: Path, schemas: Path) -> Iterator[Database]:
    """Groups of unusual shapes (extra dimension first, no date_ key, no key, empty collection)."""
    db = Database.from_schema(
        str(tmp_path / "shapes.db"),
        str(schemas / "time_series_shapes.sql"),
        console_level=LogLevel.OFF,
    )
    yield db
    db.close()


def sql(db: Database, statement: str, rows: list[tuple[object, ...]] | None = None) -> None:
    """Runs statement (once per row when rows are given) on the file with stdlib sqlite3."""
    with closing(sqlite3.connect(db.path())) as conn, conn:
        if rows is None:
            conn.execute(statement)
        else:
            conn.executemany(statement, rows)
    conn.close()


def fetch(db: Database, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db.path())) as conn, conn:
        result = conn.execute(query).fetchall()
    conn.close()
    return result


def add_plants(db: Database, *labels: str) -> None:
    sql(db, "INSERT INTO Plant (label) VALUES (?)", [(label,) for label in labels])


def add_generation(db: Database, rows: list[tuple[object, ...]]) -> None:
    sql(db, f"INSERT INTO {GEN} (id, date_time, generation) VALUES (?, ?, ?)", rows)


# ---- read_time_series_row: the at-or-before lookup -----------------------------------------------


@pytest.fixture
def three_plants(study: Database) -> Database:
    """The spec's example: P1 and P2 with sparse generation, P3 without rows."""
    add_plants(study, "P1", "P2", "P3")
    add_generation(
        study,
        [
            (1, "2020-01-01T00:00:00", 1.0),
            (1, "2021-01-01T00:00:00", None),
            (1, "2022-01-01T00:00:00", 3.0),
            (2, "2020-01-01T00:00:00", None),
            (2, "2021-01-01T00:00:00", 1.0),
            (2, "2022-01-01T00:00:00", None),
        ],
    )
    return study


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2019, 12, 31), [None, None, None]),
        (datetime(2020, 1, 1), [1.0, None, None]),
        (datetime(2020, 6, 1), [1.0, None, None]),
        (datetime(2021, 1, 1), [1.0, 1.0, None]),
        (datetime(2022, 1, 1), [3.0, 1.0, None]),
        (datetime(2030, 1, 1), [3.0, 1.0, None]),
        (datetime(2020, 12, 31, 22, 0, tzinfo=timezone(timedelta(hours=-3))), [1.0, 1.0, None]),
        (datetime(2021, 1, 1, 2, 0, tzinfo=timezone(timedelta(hours=3))), [1.0, None, None]),
        (datetime(2020, 12, 31, 23, 59, 59, 999999), [1.0, None, None]),
        (datetime(2021, 1, 1, 0, 0, 0, 999999), [1.0, 1.0, None]),
    ],
)
def test_at_or_before_table(three_plants: Database, when: datetime, expected: list[object]) -> None:
    assert three_plants.read_time_series_row("Plant", "generation", "generation", when) == expected


def test_values_are_typed_by_column(study: Database) -> None:
    add_plants(study, "P1", "P2")
    sql(
        study,
        f"INSERT INTO {GEN} (id, date_time, generation, units, note, date_checked) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (1, "2024-01-01T00:00:00", 1.5, 7, "jan", "2024-01-05T00:00:00"),
            (2, "2024-01-01T00:00:00", None, None, None, None),
        ],
    )
    when = datetime(2024, 6, 1)
    read = study.read_time_series_row
    assert read("Plant", "generation", "generation", when) == [1.5, None]
    units = read("Plant", "generation", "units", when)
    assert units == [7, None] and type(units[0]) is int
    assert read("Plant", "generation", "note", when) == ["jan", None]
    assert read("Plant", "generation", "date_checked", when) == ["2024-01-05T00:00:00", None]


def test_newest_rows_null_fall_back_to_older_values(study: Database) -> None:
    add_plants(study, "P1")
    rows = [(1, f"2024-01-{d:02d}T00:00:00", None) for d in range(2, 29)]
    add_generation(study, [(1, "2024-01-01T00:00:00", 9.0), *rows])
    assert study.read_time_series_row(
        "Plant", "generation", "generation", datetime(2030, 1, 1)
    ) == [9.0]


def test_elements_in_ascending_id_order(study: Database) -> None:
    sql(study, "INSERT INTO Plant (id, label) VALUES (?, ?)", [(9, "c"), (2, "a"), (5, "b")])
    add_generation(study, [(9, "2024-01-01T00:00:00", 9.0), (2, "2024-01-01T00:00:00", 2.0)])
    assert study.read_time_series_row(
        "Plant", "generation", "generation", datetime(2024, 1, 1)
    ) == [
        2.0,
        None,
        9.0,
    ]


def test_collection_without_elements_gives_empty_list(study: Database, shapes: Database) -> None:
    when = datetime(2024, 1, 1)
    assert study.read_time_series_row("Plant", "generation", "generation", when) == []
    assert shapes.read_time_series_row("Empty", "values", "amount", when) == []


def test_string_cells_with_utf8(study: Database) -> None:
    add_plants(study, "P1")
    sql(study, f"INSERT INTO {GEN} (id, date_time, note) VALUES (1, '2024-01-01T00:00:00', 'é ü')")
    assert study.read_time_series_row("Plant", "generation", "note", datetime(2024, 1, 1)) == [
        "é ü"
    ]


@pytest.mark.parametrize(
    ("collection", "group", "attribute", "message"),
    [
        (
            "Nope",
            "generation",
            "generation",
            "Cannot read_time_series_row: collection not found: Nope",
        ),
        (
            "plant",
            "generation",
            "generation",
            "Cannot read_time_series_row: collection not found: plant",
        ),
        (
            "Plant",
            "nope",
            "generation",
            "Time series group not found: 'nope' in collection 'Plant'",
        ),
        (
            "Plant",
            "Generation",
            "generation",
            "Time series group not found: 'Generation' in collection 'Plant'",
        ),
        (
            "Bus",
            "generation",
            "generation",
            "Time series group not found: 'generation' in collection 'Bus'",
        ),
        (
            "Plant",
            "generation",
            "nope",
            "Time series attribute not found: 'nope' in group 'generation' of collection 'Plant'",
        ),
        (
            "Plant",
            "generation",
            "id",
            "Time series attribute not found: 'id' in group 'generation' of collection 'Plant'",
        ),
        (
            "Plant",
            "generation",
            "date_time",
            "Time series attribute not found: 'date_time' in group 'generation' of collection "
            "'Plant'",
        ),
        (
            "Plant",
            "generation",
            "label",
            "Time series attribute not found: 'label' in group 'generation' of collection 'Plant'",
        ),
        (
            "Plant",
            "load",
            "load",
            "Cannot read_time_series_row: group 'load' of collection 'Plant' has more than one "
            "dimension column",
        ),
        (
            "Plant",
            "load",
            "nope",
            "Cannot read_time_series_row: group 'load' of collection 'Plant' has more than one "
            "dimension column",
        ),
        (
            "Plant",
            "files",
            "generation_file",
            "Dimension column not found: time series table 'Plant_time_series_files'",
        ),
    ],
)
def test_read_row_errors(
    three_plants: Database, collection: str, group: str, attribute: str, message: str
) -> None:
    with pytest.raises(QuiverError) as info:
        three_plants.read_time_series_row(collection, group, attribute, datetime(2024, 1, 1))
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("group", "attribute", "message"),
    [
        ("nopk", "v5", "Dimension column not found: time series table 'Item_time_series_nopk'"),
        ("nodim", "v1", "Dimension column not found: time series table 'Item_time_series_nodim'"),
        (
            "alt",
            "v2",
            "Cannot read_time_series_row: group 'alt' of collection 'Item' has more than one "
            "dimension column",
        ),
    ],
)
def test_read_row_shape_errors(shapes: Database, group: str, attribute: str, message: str) -> None:
    with pytest.raises(QuiverError) as info:
        shapes.read_time_series_row("Item", group, attribute, datetime(2024, 1, 1))
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-01-01", "'str' object has no attribute 'utcoffset'"),
        (None, "'NoneType' object has no attribute 'utcoffset'"),
        (datetime(2024, 1, 1).date(), "'datetime.date' object has no attribute 'utcoffset'"),
    ],
)
def test_read_row_needs_a_datetime(three_plants: Database, value: object, message: str) -> None:
    with pytest.raises(AttributeError) as info:
        three_plants.read_time_series_row("Plant", "generation", "generation", value)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_non_string_names_fail_like_the_reference(three_plants: Database) -> None:
    with pytest.raises(AttributeError, match="'int' object has no attribute 'encode'"):
        three_plants.read_time_series_row(1, "generation", "generation", datetime(2024, 1, 1))  # type: ignore[arg-type]


def test_closed_database_is_reported_first(three_plants: Database) -> None:
    three_plants.close()
    for call in (
        lambda: three_plants.read_time_series_row("Plant", "generation", "x", 5),  # type: ignore[arg-type]
        lambda: three_plants.upsert_time_series_row("Plant", "generation", 1, date_time=None),
        lambda: three_plants.upsert_time_series_row_by_label("Plant", "generation", "P1"),
    ):
        with pytest.raises(QuiverError, match=r"^Database has been closed$"):
            call()


# ---- legacy (non-canonical) keys written by the reference ----------------------------------------


def test_legacy_forms_are_compared_in_time(study: Database) -> None:
    """Keys stored as 2024-01-01 / 2024-01-01 06:00:00 / 2024-01-01T03:00:00 rank by time."""
    add_plants(study, "P1")
    add_generation(
        study,
        [
            (1, "2024-01-01", 0.0),
            (1, "2024-01-01 06:00:00", 6.0),
            (1, "2024-01-01T03:00:00", 3.0),
        ],
    )

    def at(hour: int) -> object:
        when = datetime(2024, 1, 1, hour)
        return study.read_time_series_row("Plant", "generation", "generation", when)[0]

    # The reference compares text: 6.0 at 00:00 and 02:00, 3.0 from 06:00 on.
    assert [at(0), at(2), at(3), at(5), at(6), at(7)] == [0.0, 0.0, 3.0, 3.0, 6.0, 6.0]
    assert study.read_time_series_row(
        "Plant", "generation", "generation", datetime(2023, 12, 31)
    ) == [None]


def test_space_form_on_the_requested_day_is_not_before_an_earlier_hour(study: Database) -> None:
    # The reference treats stored "2021-01-01 12:00:00" as at-or-before 2021-01-01T06:00:00.
    add_plants(study, "P1")
    add_generation(study, [(1, "2021-01-01 12:00:00", 12.0)])
    read = study.read_time_series_row
    assert read("Plant", "generation", "generation", datetime(2021, 1, 1, 6)) == [None]
    assert read("Plant", "generation", "generation", datetime(2021, 1, 1, 12)) == [12.0]


def test_latest_earlier_day_mixing_forms(study: Database) -> None:
    add_plants(study, "P1", "P2")
    add_generation(
        study,
        [
            (1, "2023-12-31T01:00:00", 1.0),
            (1, "2023-12-31 22:00:00", 22.0),
            (1, "2023-12-30T23:00:00", 99.0),
            (2, "2023-12-31 05:00:00", 5.0),
            (2, "2023-12-31T04:00:00", 4.0),
            (2, "2023-12-31 23:00:00", None),
        ],
    )
    when = datetime(2024, 1, 2)
    assert study.read_time_series_row("Plant", "generation", "generation", when) == [22.0, 5.0]


def test_legacy_rows_match_a_chronological_oracle(study: Database) -> None:
    """Random mixes of the three stored forms against a brute-force answer in Python."""
    rng = random.Random(20240101)
    plants = 6
    add_plants(study, *[f"P{i}" for i in range(1, plants + 1)])
    stored: dict[int, dict[str, float | None]] = {i: {} for i in range(1, plants + 1)}
    rows = []
    for element in range(1, plants + 1):
        for _ in range(40):
            day = datetime(2024, 1, 1) + timedelta(days=rng.randrange(6))
            moment = day + timedelta(hours=rng.randrange(24)) if rng.random() < 0.8 else day
            form = rng.choice(["T", " ", "date"])
            text = (
                day.strftime("%Y-%m-%d")
                if form == "date"
                else moment.strftime(f"%Y-%m-%d{form}%H:%M:%S")
            )
            if text in stored[element]:
                continue
            value = None if rng.random() < 0.3 else float(len(rows))
            stored[element][text] = value
            rows.append((element, text, value))
    add_generation(study, rows)

    def instant(text: str) -> datetime:
        return datetime.fromisoformat(text if len(text) > 10 else text + "T00:00:00")

    def oracle(when: datetime) -> list[float | None]:
        answer: list[float | None] = []
        for element in range(1, plants + 1):
            candidates = [
                (instant(k), k, v)
                for k, v in stored[element].items()
                if v is not None and instant(k) <= when
            ]
            answer.append(max(candidates)[2] if candidates else None)
        return answer

    start = datetime(2023, 12, 31, 12)
    for step in range(0, 24 * 8, 5):
        when = start + timedelta(hours=step)
        assert study.read_time_series_row("Plant", "generation", "generation", when) == oracle(
            when
        ), when


# ---- speed: the lookup does not grow with the length of the series -------------------------------


def _build_series(path: Path, elements: int, hours: int) -> None:
    base = datetime(2020, 1, 1)
    stamps = [(base + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S") for h in range(hours)]
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "INSERT INTO Plant (id, label) VALUES (?, ?)",
            [(i, f"P{i}") for i in range(1, elements + 1)],
        )
        conn.executemany(
            f"INSERT INTO {GEN} (id, date_time, generation) VALUES (?, ?, ?)",
            (
                (i, stamp, float(h))
                for i in range(1, elements + 1)
                for h, stamp in enumerate(stamps)
            ),
        )
    conn.close()


def _best_time(db: Database, when: datetime, repeat: int = 30) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        db.read_time_series_row("Plant", "generation", "generation", when)
        best = min(best, time.perf_counter() - start)
    return best


def test_lookup_cost_does_not_grow_with_series_length(tmp_path: Path, schemas: Path) -> None:
    """100 elements x 8,760 hourly rows answer about as fast as 100 elements x 24 rows."""
    timings = []
    for hours in (24, 8760):
        path = tmp_path / f"speed_{hours}.db"
        db = Database.from_schema(str(path), str(schemas / "study.sql"), console_level=LogLevel.OFF)
        try:
            _build_series(path, 100, hours)
            inside = datetime(2020, 1, 1, 12)
            after = datetime(2030, 1, 1)
            assert (
                db.read_time_series_row("Plant", "generation", "generation", inside) == [12.0] * 100
            )
            assert (
                db.read_time_series_row("Plant", "generation", "generation", after)
                == [float(hours - 1)] * 100
            )
            timings.append(max(_best_time(db, inside), _best_time(db, after)))
        finally:
            db.close()
    small, large = timings
    print(
        f"read_time_series_row, 100 elements: {small * 1e3:.3f} ms with 24 rows, "
        f"{large * 1e3:.3f} ms with 8760 rows"
    )
    assert large < 3 * small, (small, large)


# ---- upsert_time_series_row[_by_label] -----------------------------------------------------------


@pytest.fixture
def plants3(study: Database) -> Database:
    add_plants(study, "P1", "P2", "P3")
    return study


def test_upsert_spec_examples(plants3: Database) -> None:
    db = plants3
    db.upsert_time_series_row(
        "Plant", "load", 1, date_time=datetime(2024, 1, 1), block=1, load=10.0
    )
    db.upsert_time_series_row_by_label(
        "Plant", "generation", "P2", date_time="2024-01-01", generation=1.0
    )
    row = {"date_time": datetime(2024, 1, 2), "generation": 2.5}
    db.upsert_time_series_row("Plant", "generation", 1, **row)
    assert fetch(db, f"SELECT * FROM {LOAD}") == [(1, "2024-01-01T00:00:00", 1, 10.0, 7)]
    assert fetch(db, f"SELECT id, date_time, generation FROM {GEN} ORDER BY id") == [
        (1, "2024-01-02T00:00:00", 2.5),
        (2, "2024-01-01T00:00:00", 1.0),
    ]


def test_upsert_replaces_the_whole_row(plants3: Database) -> None:
    db = plants3
    db.upsert_time_series_row(
        "Plant", "load", 1, date_time=datetime(2024, 1, 1), block=1, load=10.0
    )
    db.upsert_time_series_row("Plant", "load", 1, date_time=datetime(2024, 1, 1), block=2, load=2.0)
    db.upsert_time_series_row("Plant", "load", 1, date_time=datetime(2024, 1, 1), block=2, flag=1)
    assert fetch(db, f"SELECT * FROM {LOAD} ORDER BY block") == [
        (1, "2024-01-01T00:00:00", 1, 10.0, 7),
        (1, "2024-01-01T00:00:00", 2, None, 1),
    ]


def test_upsert_stores_canonical_dates(plants3: Database) -> None:
    """Every accepted date form is one key (the reference keeps "2024-01-01" and
    datetime(2024, 1, 1) as two rows)."""
    db = plants3
    db.upsert_time_series_row("Plant", "generation", 1, date_time="2024-01-01", generation=1.0)
    db.upsert_time_series_row("Plant", "generation", 1, date_time=datetime(2024, 1, 1), units=2)
    db.upsert_time_series_row(
        "Plant", "generation", 1, date_time="  2024-01-01 05:00:00\n", units=3
    )
    db.upsert_time_series_row("Plant", "generation", 1, date_time="2024-01-01T05:00:00", units=4)
    db.upsert_time_series_row(
        "Plant",
        "generation",
        1,
        date_time=datetime(2024, 1, 1, 12, 30, 15, 999999),
        date_checked="2024-02-05 07:08:09",
    )
    db.upsert_time_series_row(
        "Plant",
        "generation",
        2,
        date_time=datetime(2024, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=3))),
        date_checked=datetime(2024, 5, 5, tzinfo=timezone(timedelta(hours=2))),
    )
    assert fetch(db, f"SELECT id, date_time, generation, units, date_checked FROM {GEN}") == [
        (1, "2024-01-01T00:00:00", None, 2, None),
        (1, "2024-01-01T05:00:00", None, 4, None),
        (1, "2024-01-01T12:30:15", None, None, "2024-02-05T07:08:09"),
        (2, "2024-03-01T07:00:00", None, None, "2024-05-04T22:00:00"),
    ]


def test_upsert_value_conversions(plants3: Database) -> None:
    db = plants3
    db.upsert_time_series_row(
        "Plant",
        "generation",
        1,
        date_time="2024-01-01",
        generation=5,
        units=True,
        note="  x y\t",
    )
    db.upsert_time_series_row(
        "Plant", "generation", 2, date_time="2024-01-01", note=datetime(2024, 1, 1, 5)
    )
    db.upsert_time_series_row("Plant", "generation", 3, date_time="2024-01-01", note="  ")
    assert fetch(
        db, f"SELECT id, generation, typeof(generation), units, note FROM {GEN} ORDER BY id"
    ) == [
        (1, 5.0, "real", 1, "x y"),
        (2, None, "null", None, "2024-01-01T05:00:00"),
        (3, None, "null", None, ""),
    ]
    # Only spaces, tabs, CR and LF are trimmed.
    db.upsert_time_series_row("Plant", "generation", 1, date_time="2024-01-01", note="\vx\f")
    assert fetch(db, f"SELECT note FROM {GEN} WHERE id = 1") == [("\vx\f",)]


def test_upsert_by_label_trims_the_label(plants3: Database) -> None:
    plants3.upsert_time_series_row_by_label("Plant", "generation", " P3 ", date_time="2024-01-01")
    assert fetch(plants3, f"SELECT id, date_time FROM {GEN}") == [(3, "2024-01-01T00:00:00")]


def test_upsert_then_read_row(plants3: Database) -> None:
    db = plants3
    db.upsert_time_series_row(
        "Plant", "generation", 1, date_time="2024-01-01 06:00:00", generation=6.0
    )
    db.upsert_time_series_row(
        "Plant", "generation", 1, date_time="2024-01-01T03:00:00", generation=3.0
    )
    db.upsert_time_series_row("Plant", "generation", 2, date_time="2024-01-01", generation=0.0)
    read = db.read_time_series_row
    assert read("Plant", "generation", "generation", datetime(2024, 1, 1, 4)) == [3.0, 0.0, None]
    assert read("Plant", "generation", "generation", datetime(2024, 1, 1, 6)) == [6.0, 0.0, None]


def _error(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(QuiverError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    return str(info.value)


UPSERT = "Cannot upsert_time_series_row: "
BAD_DATE = "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"


@pytest.mark.parametrize(
    ("group", "kwargs", "message"),
    [
        ("generation", {}, UPSERT + "row missing required 'date_time' column"),
        ("generation", {"generation": 1.0}, UPSERT + "row missing required 'date_time' column"),
        (
            "load",
            {"date_time": "2024-01-01", "load": 1.0},
            UPSERT + "row missing required 'block' column",
        ),
        ("load", {"block": 1, "load": 1.0}, UPSERT + "row missing required 'date_time' column"),
        # the dimension check comes before any column check
        (
            "generation",
            {"generation": "1.5", "nope": 3},
            UPSERT + "row missing required 'date_time' column",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "nope": 1.0},
            UPSERT + "column 'nope' not found in group 'generation' for collection 'Plant'",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "id": 1},
            UPSERT + "column 'id' not found in group 'generation' for collection 'Plant'",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", " note": "x"},
            UPSERT + "column ' note' not found in group 'generation' for collection 'Plant'",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "units": 1.5},
            UPSERT + "column 'units' has type INTEGER but received REAL",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "units": "x"},
            UPSERT + "column 'units' has type INTEGER but received TEXT",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "generation": "x"},
            UPSERT + "column 'generation' has type REAL but received TEXT",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "note": 1},
            UPSERT + "column 'note' has type TEXT but received INTEGER",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "note": 1.5},
            UPSERT + "column 'note' has type TEXT but received REAL",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "date_checked": 1},
            UPSERT + "column 'date_checked' has type DATE_TIME but received INTEGER",
        ),
        (
            "generation",
            {"date_time": 1.5},
            UPSERT + "column 'date_time' has type DATE_TIME but received REAL",
        ),
        (
            "load",
            {"date_time": "2024-01-01", "block": "1"},
            UPSERT + "column 'block' has type INTEGER but received TEXT",
        ),
        (
            "generation",
            {"date_time": "2024-01-01", "date_checked": "bad"},
            UPSERT + f"invalid DATE_TIME value for column 'date_checked': 'bad' {BAD_DATE}",
        ),
        (
            "generation",
            {"date_time": "  bad "},
            UPSERT + f"invalid DATE_TIME value for column 'date_time': '  bad ' {BAD_DATE}",
        ),
        (
            "generation",
            {"date_time": "   "},
            UPSERT + f"invalid DATE_TIME value for column 'date_time': '   ' {BAD_DATE}",
        ),
        (
            "generation",
            {"date_time": "2024-02-30"},
            UPSERT + f"invalid DATE_TIME value for column 'date_time': '2024-02-30' {BAD_DATE}",
        ),
        (
            "generation",
            {"date_time": "2024-01-01T00:00:00Z"},
            UPSERT
            + f"invalid DATE_TIME value for column 'date_time': '2024-01-01T00:00:00Z' {BAD_DATE}",
        ),
        # columns are checked in name order, whatever the keyword order
        (
            "generation",
            {"date_time": "2024-01-01", "nope": 3, "generation": "1.5"},
            UPSERT + "column 'generation' has type REAL but received TEXT",
        ),
        (
            "generation",
            {"nope": 1, "note": 2, "date_time": "2024-01-01"},
            UPSERT + "column 'nope' not found in group 'generation' for collection 'Plant'",
        ),
        (
            "generation",
            {"generation": "x", "date_checked": "bad", "date_time": "2024-01-01"},
            UPSERT + f"invalid DATE_TIME value for column 'date_checked': 'bad' {BAD_DATE}",
        ),
        (
            "generation",
            {"generation": "1.5", "date_time": "bad"},
            UPSERT + f"invalid DATE_TIME value for column 'date_time': 'bad' {BAD_DATE}",
        ),
        (
            "load",
            {"date_time": "bad", "block": "x"},
            UPSERT + "column 'block' has type INTEGER but received TEXT",
        ),
        (
            "nope",
            {"date_time": "2024-01-01"},
            "Time series group not found: 'nope' in collection 'Plant'",
        ),
        (
            "files",
            {"date_time": "2024-01-01"},
            "Dimension column not found: time series table 'Plant_time_series_files'",
        ),
    ],
)
def test_upsert_errors(
    plants3: Database, group: str, kwargs: dict[str, object], message: str
) -> None:
    assert _error(plants3.upsert_time_series_row, "Plant", group, 1, **kwargs) == message
    assert fetch(plants3, f"SELECT count(*) FROM {GEN}") == [(0,)]
    assert fetch(plants3, f"SELECT count(*) FROM {LOAD}") == [(0,)]


def test_upsert_lookup_errors(plants3: Database) -> None:
    db = plants3
    row = {"date_time": "2024-01-01"}
    assert _error(db.upsert_time_series_row, "Nope", "nope", 1, **row) == (
        "Cannot upsert_time_series_row: collection not found: Nope"
    )
    assert _error(db.upsert_time_series_row_by_label, "Nope", "nope", "zz", **row) == (
        "Cannot upsert_time_series_row_by_label: collection not found: Nope"
    )
    # The label is looked up before the group; the message quotes it untrimmed.
    assert _error(db.upsert_time_series_row_by_label, "Plant", "nope", "  zz ", **row) == (
        "Element not found: label '  zz ' in collection 'Plant'"
    )
    assert _error(db.upsert_time_series_row_by_label, "Plant", "nope", "P1", **row) == (
        "Time series group not found: 'nope' in collection 'Plant'"
    )
    assert _error(db.upsert_time_series_row, "Plant", "generation", 99, **row) == (
        "Failed to execute statement: FOREIGN KEY constraint failed"
    )
    # validation comes before the foreign-key check
    assert _error(db.upsert_time_series_row, "Plant", "generation", 99, date_time="bad") == (
        UPSERT + f"invalid DATE_TIME value for column 'date_time': 'bad' {BAD_DATE}"
    )
    assert fetch(db, f"SELECT count(*) FROM {GEN}") == [(0,)]


@pytest.mark.parametrize(
    ("value", "type_name"),
    [(None, "NoneType"), (datetime(2024, 1, 1).date(), "date"), (b"x", "bytes"), ([1], "list")],
)
def test_upsert_refuses_other_python_types(
    plants3: Database, value: object, type_name: str
) -> None:
    with pytest.raises(TypeError) as info:
        plants3.upsert_time_series_row("Plant", "generation", 1, date_time="2024-01-01", note=value)
    assert str(info.value) == (
        f"Column 'note' value has unsupported type {type_name}; "
        "expected int, float, str, or datetime"
    )


def test_upsert_positional_only_and_id_types(plants3: Database) -> None:
    db = plants3
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'id'"):
        db.upsert_time_series_row("Plant", "generation", id=1, date_time="2024-01-01")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="an integer is required"):
        db.upsert_time_series_row("Plant", "generation", "1", date_time="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        db.upsert_time_series_row("Plant", "generation", 1, date_time="2024-01-01", units=2**70)
    db.upsert_time_series_row("Plant", "generation", True, date_time="2024-01-01")
    with pytest.raises(AttributeError, match="'int' object has no attribute 'encode'"):
        db.upsert_time_series_row_by_label("Plant", "generation", 1, date_time="2024-01-01")  # type: ignore[arg-type]
    assert fetch(db, f"SELECT id FROM {GEN}") == [(1,)]


def test_upsert_shapes(shapes: Database) -> None:
    db = shapes
    sql(db, "INSERT INTO Item (label) VALUES ('A')")
    # Required key columns follow declaration order (block before date_b).
    assert _error(db.upsert_time_series_row, "Item", "alt", 1, v2=1.0) == (
        UPSERT + "row missing required 'block' column"
    )
    assert _error(db.upsert_time_series_row, "Item", "alt", 1, date_b="2024-01-01") == (
        UPSERT + "row missing required 'block' column"
    )
    db.upsert_time_series_row("Item", "alt", 1, block=2, date_b="2024-01-01 10:00:00", v2=1.0)
    # A group keyed without a date_ column still takes upserts, as in the reference.
    db.upsert_time_series_row("Item", "nodim", 1, stage=1)
    assert _error(db.upsert_time_series_row, "Item", "nodim", 1, v1=1.0) == (
        UPSERT + "row missing required 'stage' column"
    )
    assert _error(db.upsert_time_series_row, "Item", "nopk", 1, date_when="2024-01-01") == (
        "Dimension column not found: time series table 'Item_time_series_nopk'"
    )
    assert _error(
        db.upsert_time_series_row, "Item", "single", 1, date_at="2024-01-01", val=1.0
    ) == ("Failed to execute statement: NOT NULL constraint failed: Item_time_series_single.req")
    assert fetch(db, "SELECT * FROM Item_time_series_alt") == [(1, 2, "2024-01-01T10:00:00", 1.0)]
    assert fetch(db, "SELECT * FROM Item_time_series_nodim") == [(1, 1, None)]
    assert fetch(db, "SELECT count(*) FROM Item_time_series_single") == [(0,)]


def test_upsert_on_read_only_database(plants3: Database) -> None:
    path = plants3.path()
    ro = Database.open(path, read_only=True, console_level=LogLevel.OFF)
    try:
        assert _error(
            ro.upsert_time_series_row, "Plant", "generation", 1, date_time="2024-01-01"
        ) == ("Failed to execute statement: attempt to write a readonly database")
    finally:
        ro.close()


# ---- the C API directly --------------------------------------------------------------------------


def _c_upsert(
    db: Database, cols: list[tuple[str, int, object]], label: str | None = None
) -> str | None:
    """Calls the C upsert with (name, type code, value) columns; value None = NULL data pointer."""
    keep: list[object] = []
    names = ffi.new("const char*[]", len(cols)) if cols else ffi.NULL
    types = ffi.new("int[]", [t for _, t, _ in cols]) if cols else ffi.NULL
    data = ffi.new("void*[]", len(cols)) if cols else ffi.NULL
    for i, (name, _code, value) in enumerate(cols):
        names[i] = keep_buf = ffi.new("char[]", name.encode())
        keep.append(keep_buf)
        if value is None:
            continue
        if isinstance(value, int):
            cell = ffi.new("int64_t[1]", [value])
        elif isinstance(value, float):
            cell = ffi.new("double[1]", [value])
        else:
            text = ffi.new("char[]", str(value).encode())
            keep.append(text)
            cell = ffi.new("char*[1]", [text])
        keep.append(cell)
        data[i] = cell
    if label is None:
        rc = lib.quiver_database_upsert_time_series_row(
            db._handle(), b"Plant", b"generation", 1, names, types, data, len(cols)
        )
    else:
        rc = lib.quiver_database_upsert_time_series_row_by_label(
            db._handle(), b"Nope", b"generation", label.encode(), names, types, data, len(cols)
        )
    return None if rc == 0 else ffi.string(lib.quiver_get_last_error()).decode()


def test_c_upsert_column_arrays(plants3: Database) -> None:
    db = plants3
    # A repeated name counts with its last occurrence (an earlier bad value is never checked).
    assert _c_upsert(db, [("date_time", 2, "bad"), ("date_time", 2, "2024-01-04")]) is None
    assert _c_upsert(db, [("date_time", 2, "2024-01-03"), ("date_time", 2, "bad")]) == (
        UPSERT + f"invalid DATE_TIME value for column 'date_time': 'bad' {BAD_DATE}"
    )
    # Unknown type codes fail before any lookup, with the function's own name.
    assert _c_upsert(db, [("date_time", 9, "2024-01-01")]) == UPSERT + "unknown column type 9"
    assert _c_upsert(db, [("date_time", 4, "2024-01-01")]) == UPSERT + "unknown column type 4"
    assert _c_upsert(db, [("date_time", 8, "2024-01-01")], label="zz") == (
        "Cannot upsert_time_series_row_by_label: unknown column type 8"
    )
    # NULL data is SQL NULL whatever its type code, and is not type-checked.
    assert (
        _c_upsert(db, [("date_time", 3, "2024-01-05"), ("units", 1, None), ("note", 7, None)])
        is None
    )
    assert _c_upsert(db, [("date_time", 0, None)]) == (
        f"Failed to execute statement: NOT NULL constraint failed: {GEN}.date_time"
    )
    # INTEGER data into a REAL column; DATE_TIME-tagged text into a TEXT column.
    assert (
        _c_upsert(db, [("date_time", 3, "2024-01-06"), ("generation", 0, 5), ("note", 3, "zz")])
        is None
    )
    assert _c_upsert(db, []) == UPSERT + "row missing required 'date_time' column"
    assert fetch(db, f"SELECT date_time, generation, note FROM {GEN} ORDER BY date_time") == [
        ("2024-01-04T00:00:00", None, None),
        ("2024-01-05T00:00:00", None, None),
        ("2024-01-06T00:00:00", 5.0, "zz"),
    ]


def test_c_null_arguments(plants3: Database) -> None:
    def last() -> str:
        return str(ffi.string(lib.quiver_get_last_error()).decode())

    handle = plants3._handle()
    out_type, out_values = ffi.new("int*"), ffi.new("void**")
    out_mask, out_count = ffi.new("uint8_t**"), ffi.new("size_t*")
    assert (
        lib.quiver_database_read_time_series_row(
            handle,
            b"Plant",
            b"generation",
            b"generation",
            ffi.NULL,
            out_type,
            out_values,
            out_mask,
            out_count,
        )
        == 1
    )
    assert last() == "Null argument: date_time"
    assert (
        lib.quiver_database_read_time_series_row(
            handle,
            b"Nope",
            b"generation",
            b"generation",
            b"x",
            out_type,
            out_values,
            out_mask,
            ffi.NULL,
        )
        == 1
    )
    assert last() == "Null argument: out_count"
    assert (
        lib.quiver_database_upsert_time_series_row(
            handle, b"Plant", b"generation", 1, ffi.NULL, ffi.NULL, ffi.NULL, 1
        )
        == 1
    )
    assert last() == "Null argument: column_names"
    assert (
        lib.quiver_database_upsert_time_series_row_by_label(
            handle, b"Plant", b"generation", ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL, 0
        )
        == 1
    )
    assert last() == "Null argument: label"


def test_c_read_row_result_shape(three_plants: Database) -> None:
    handle = three_plants._handle()
    out_type, out_values = ffi.new("int*"), ffi.new("void**")
    out_mask, out_count = ffi.new("uint8_t**"), ffi.new("size_t*")
    args = (handle, b"Plant", b"generation", b"note", b"2030-01-01T00:00:00")
    assert (
        lib.quiver_database_read_time_series_row(*args, out_type, out_values, out_mask, out_count)
        == 0
    )
    # A mask for string columns too; NULL cells are NULL pointers.
    assert (out_type[0], out_count[0]) == (2, 3)
    assert ffi.buffer(out_mask[0], 3)[:] == b"\x00\x00\x00"
    assert list(ffi.unpack(ffi.cast("char**", out_values[0]), 3)) == [ffi.NULL] * 3
    lib.quiver_database_free_string_array(ffi.cast("char**", out_values[0]), 3)
    lib.quiver_database_free_mask(out_mask[0])
    # A date outside the grammar is compared as text ("garbage" sorts after every date).
    args = (handle, b"Plant", b"generation", b"generation", b"garbage")
    assert (
        lib.quiver_database_read_time_series_row(*args, out_type, out_values, out_mask, out_count)
        == 0
    )
    assert ffi.unpack(ffi.cast("double*", out_values[0]), 3)[:2] == [3.0, 1.0]
    assert ffi.buffer(out_mask[0], 3)[:] == b"\x01\x01\x00"
    lib.quiver_database_free_float_array(ffi.cast("double*", out_values[0]))
    lib.quiver_database_free_mask(out_mask[0])
    # Valid non-canonical dates are read with the grammar.
    args = (handle, b"Plant", b"generation", b"generation", b" 2021-01-01 ")
    assert (
        lib.quiver_database_read_time_series_row(*args, out_type, out_values, out_mask, out_count)
        == 0
    )
    assert ffi.unpack(ffi.cast("double*", out_values[0]), 2) == [1.0, 1.0]
    lib.quiver_database_free_float_array(ffi.cast("double*", out_values[0]))
    lib.quiver_database_free_mask(out_mask[0])


def test_c_read_row_empty_collection(shapes: Database) -> None:
    out_type, out_values = ffi.new("int*", -1), ffi.new("void**", ffi.cast("void*", 1))
    out_mask, out_count = ffi.new("uint8_t**", ffi.cast("uint8_t*", 1)), ffi.new("size_t*", 77)
    args = (shapes._handle(), b"Empty", b"values", b"amount", b"2024-01-01T00:00:00")
    rc = lib.quiver_database_read_time_series_row(*args, out_type, out_values, out_mask, out_count)
    assert rc == 0
    assert (out_type[0], out_count[0]) == (1, 0)
    assert out_values[0] == ffi.NULL and out_mask[0] == ffi.NULL
