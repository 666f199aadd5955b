"""The benchmark workload: inputs, the phases, and the model every result is verified against.

Both sides (``side_ours.py``: quiverdb; ``side_floor.py``: hand-written stdlib ``sqlite3``) get
the same prepared inputs and implement one method per phase. A phase is timed around that one
method call; preparing inputs and verifying results are not timed. Verification compares what the
method returned, and for write phases what a separate stdlib ``sqlite3`` connection reads back
from the file, with a model of what the study must hold. Any difference raises
:class:`VerificationError`, which makes the child, and so the whole run, exit non-zero.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

UTC = timezone.utc

N_BUSES = 10
VECTOR_LENGTH = 5
SET_SIZE = 3
HOURS = 24
YEAR_DAYS = 365
BLOCKS = 24  # 365 days x 24 blocks = 8,760 rows per element
BASE_DAY = datetime(2024, 1, 1)
LOAD_DAY = datetime(2023, 1, 1)
UPSERT_REPLACE = BASE_DAY + timedelta(hours=5)  # an existing row of every element
UPSERT_NEW = BASE_DAY + timedelta(days=1)  # a new row for every element
QUERY_SQL = (
    "SELECT SUM(generation) FROM Plant_time_series_generation WHERE id = ? AND date_time >= ?"
)
QUERY_FROM = "2024-01-01T12:00:00"
ROW_DATES = (
    datetime(2023, 12, 31),  # before every row: all None
    BASE_DAY,
    BASE_DAY + timedelta(hours=4, minutes=59, seconds=59),
    UPSERT_REPLACE,
    BASE_DAY + timedelta(hours=12, minutes=30),
    BASE_DAY + timedelta(hours=23, minutes=59, seconds=59),
    UPSERT_NEW,
    datetime(2030, 1, 1),
)


class VerificationError(AssertionError):
    """A phase returned or stored something other than what the workload asked for."""


def text(value: datetime) -> str:
    """The stored form of a naive date-time: ``YYYY-MM-DDTHH:MM:SS``."""
    return value.strftime("%Y-%m-%dT%H:%M:%S")


# -- inputs ------------------------------------------------------------------------------------


@dataclass
class Sizes:
    """How much work each phase does; everything grows linearly with ``n``."""

    n: int
    reps: int = 20

    @property
    def autocommit(self) -> int:
        """Elements created one transaction each (every commit waits for the disk)."""
        return max(5, self.n // 10)

    @property
    def year_elements(self) -> int:
        """Elements that get 8,760 time-series rows."""
        return max(1, self.n // 50)


def plant_row(i: int, prefix: str) -> dict[str, Any]:
    """The keyword arguments of ``create_element('Plant', ...)`` for element number ``i``."""
    return {
        "label": f"{prefix}{i:07d}",
        "capacity": 10.0 + 0.5 * i,
        "units": i % 7 + 1,
        "name": f"plant number {i}",
        "date_commission": datetime(2000, 1, 1) + timedelta(days=i % 5000, hours=i % 24),
        "is_active": i % 3 == 0,
        "bus_id": i % N_BUSES + 1,
        "cost": [0.25 * i + k for k in range(VECTOR_LENGTH)],
        "tag": [f"tag{(i + k) % 17}" for k in range(SET_SIZE)],
    }


def update_kwargs(i: int, row: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``update_element`` for element number ``i``: three scalars and
    a shorter vector, replacing the old one."""
    return {
        "capacity": row["capacity"] + 1000.0,
        "units": row["units"] + 10,
        "name": row["name"] + " (revised)",
        "cost": [-1.0 - i, -2.0 - i, -3.0 - i],
    }


def day_series(element_id: int) -> dict[str, list[Any]]:
    """24 hourly rows of the ``generation`` group (date_time)."""
    return {
        "date_time": [BASE_DAY + timedelta(hours=h) for h in range(HOURS)],
        "generation": [0.5 * element_id + h for h in range(HOURS)],
    }


def year_dimensions() -> tuple[list[datetime], list[int]]:
    """The dimension columns of a year of the ``load`` group (date_time + block): 8,760 rows."""
    dates = [LOAD_DAY + timedelta(days=d) for d in range(YEAR_DAYS) for _ in range(BLOCKS)]
    blocks = [b + 1 for _ in range(YEAR_DAYS) for b in range(BLOCKS)]
    return dates, blocks


def year_series(element_id: int, dims: tuple[list[datetime], list[int]]) -> dict[str, list[Any]]:
    """8,760 rows of the ``load`` group; the dimension lists are shared between elements."""
    dates, blocks = dims
    return {
        "date_time": dates,
        "block": blocks,
        "load": [element_id + 0.125 * r for r in range(len(dates))],
    }


# -- the model ---------------------------------------------------------------------------------


@dataclass
class Model:
    """What the study must hold after the phases that ran so far."""

    plants: dict[int, dict[str, Any]] = field(default_factory=dict)
    main_ids: list[int] = field(default_factory=list)
    auto_ids: list[int] = field(default_factory=list)
    year_ids: list[int] = field(default_factory=list)
    generation: dict[int, dict[str, float]] = field(default_factory=dict)
    load: dict[int, dict[str, list[Any]]] = field(default_factory=dict)

    def ids(self) -> list[int]:
        return sorted(self.plants)

    def add_plants(self, ids: list[int], rows: list[dict[str, Any]]) -> None:
        for element_id, row in zip(ids, rows, strict=True):
            stored = dict(row)
            stored["date_commission"] = text(row["date_commission"])
            stored["is_active"] = int(row["is_active"])
            self.plants[element_id] = stored


def expect(what: str, got: object, wanted: object) -> None:
    """Raise :class:`VerificationError` unless ``got == wanted`` (and of the same shape)."""
    if type(got) is not type(wanted) or got != wanted:
        hint = ""
        if isinstance(got, list) and isinstance(wanted, list):
            if len(got) != len(wanted):
                hint = f" (length {len(got)}, expected {len(wanted)})"
            else:
                for index, (a, b) in enumerate(zip(got, wanted, strict=True)):
                    if a != b or type(a) is not type(b):
                        hint = f" (first difference at {index}: {a!r} != {b!r})"
                        break
        elif isinstance(got, dict) and isinstance(wanted, dict):
            hint = f" (keys {list(got)[:6]}, expected {list(wanted)[:6]})"
        raise VerificationError(f"{what}: result differs from the expected one{hint}")


def expect_types(what: str, values: Sequence[object], kind: type) -> None:
    for value in values:
        if value is not None and type(value) is not kind:
            raise VerificationError(f"{what}: got a {type(value).__name__}, expected {kind}")


# -- reading the file back ---------------------------------------------------------------------


def _rows(path: str, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def check_plants(path: str, model: Model) -> None:
    """The Plant table and its vector and set groups hold exactly the model's elements."""
    wanted = [
        (
            i,
            p["label"],
            p["capacity"],
            p["units"],
            p["name"],
            p["date_commission"],
            p["is_active"],
            p["bus_id"],
        )
        for i, p in sorted(model.plants.items())
    ]
    columns = "id, label, capacity, units, name, date_commission, is_active, bus_id"
    expect("Plant rows", _rows(path, f"SELECT {columns} FROM Plant ORDER BY id"), wanted)
    costs = [
        (i, k + 1, c) for i, p in sorted(model.plants.items()) for k, c in enumerate(p["cost"])
    ]
    got = _rows(path, "SELECT id, vector_index, cost FROM Plant_vector_costs ORDER BY id, 2")
    expect("Plant_vector_costs rows", got, costs)
    tags = [(i, t) for i, p in sorted(model.plants.items()) for t in p["tag"]]
    got = _rows(path, "SELECT id, tag FROM Plant_set_tags ORDER BY id, rowid")
    expect("Plant_set_tags rows", got, tags)


def check_generation(path: str, model: Model) -> None:
    wanted = [
        (i, d, v) for i, rows in sorted(model.generation.items()) for d, v in sorted(rows.items())
    ]
    got = _rows(
        path, "SELECT id, date_time, generation FROM Plant_time_series_generation ORDER BY id, 2"
    )
    expect("Plant_time_series_generation rows", got, wanted)


def check_load(path: str, model: Model) -> None:
    wanted = []
    for i, data in sorted(model.load.items()):
        wanted.extend(
            zip(
                [i] * len(data["load"]),
                map(text, data["date_time"]),
                data["block"],
                data["load"],
                strict=True,
            )
        )
    got = _rows(
        path, "SELECT id, date_time, block, load FROM Plant_time_series_load ORDER BY id, 2, 3"
    )
    expect("Plant_time_series_load rows", got, wanted)


def check_empty(path: str) -> None:
    for table in (
        "Plant",
        "Plant_vector_costs",
        "Plant_set_tags",
        "Plant_time_series_generation",
        "Plant_time_series_load",
    ):
        expect(f"rows left in {table}", _rows(path, f"SELECT COUNT(*) FROM {table}"), [(0,)])
    expect("buses kept", _rows(path, "SELECT COUNT(*) FROM Bus"), [(N_BUSES,)])


# -- phases ------------------------------------------------------------------------------------


@dataclass
class Phase:
    """One timed unit of work.

    ``prepare(sizes, model)`` builds the inputs (untimed) and returns ``(inputs, ops)``;
    the side's method ``name`` is called with the inputs (timed); ``verify(path, model, inputs,
    result)`` checks the result and the file and brings the model up to date (untimed).
    """

    name: str
    writes: bool
    prepare: Callable[[Sizes, Model], tuple[Any, int]]
    verify: Callable[[str, Model, Any, Any], None]
    unit: str = "calls"


def _prep_create(prefix: str, count: Callable[[Sizes], int], offset: Callable[[Sizes], int]):
    def prepare(sizes: Sizes, model: Model) -> tuple[Any, int]:
        start = offset(sizes)
        rows = [plant_row(i, prefix) for i in range(start, start + count(sizes))]
        return rows, len(rows)

    return prepare


def _verify_create(target: str):
    def verify(path: str, model: Model, rows: Any, ids: Any) -> None:
        start = max(model.plants, default=0) + 1
        expect(f"{target}: returned ids", ids, list(range(start, start + len(rows))))
        model.add_plants(ids, rows)
        getattr(model, target).extend(ids)
        check_plants(path, model)

    return verify


def _prep_day(sizes: Sizes, model: Model) -> tuple[Any, int]:
    items = [(i, day_series(i)) for i in model.main_ids]
    return items, len(items)


def _verify_day(path: str, model: Model, items: Any, result: Any) -> None:
    expect("update_time_series_group result", result, None)
    for i, data in items:
        model.generation[i] = {
            text(d): v for d, v in zip(data["date_time"], data["generation"], strict=True)
        }
    check_generation(path, model)


def _prep_year(sizes: Sizes, model: Model) -> tuple[Any, int]:
    dims = year_dimensions()
    items = [(i, year_series(i, dims)) for i in model.main_ids[: sizes.year_elements]]
    return items, len(items)


def _verify_year(path: str, model: Model, items: Any, result: Any) -> None:
    expect("update_time_series_group result", result, None)
    for i, data in items:
        model.load[i] = data
    model.year_ids = [i for i, _ in items]
    check_load(path, model)


def _prep_upsert(sizes: Sizes, model: Model) -> tuple[Any, int]:
    items = []
    for i in model.main_ids:
        items.append((i, {"date_time": UPSERT_REPLACE, "generation": -1.0 * i}))
        items.append((i, {"date_time": UPSERT_NEW, "generation": 1000.0 + i}))
    return items, len(items)


def _verify_upsert(path: str, model: Model, items: Any, result: Any) -> None:
    expect("upsert_time_series_row result", result, None)
    for i, row in items:
        model.generation.setdefault(i, {})[text(row["date_time"])] = row["generation"]
    check_generation(path, model)


def _prep_bulk(sizes: Sizes, model: Model) -> tuple[Any, int]:
    return sizes.reps, sizes.reps


def _verify_bulk(attribute: str, kind: type, key: Callable[[dict[str, Any]], Any] | None = None):
    def verify(path: str, model: Model, reps: Any, result: Any) -> None:
        wanted = [(key or (lambda p: p[attribute]))(p) for _, p in sorted(model.plants.items())]
        expect(f"bulk read of {attribute}", result, wanted)
        flat = (
            [v for inner in result for v in inner]
            if result and isinstance(result[0], list)
            else result
        )
        expect_types(f"bulk read of {attribute}", flat, kind)

    return verify


def _prep_by_id(sizes: Sizes, model: Model) -> tuple[Any, int]:
    ids = model.ids()
    return ids, 3 * len(ids)


def _verify_by_id(path: str, model: Model, ids: Any, result: Any) -> None:
    wanted = [
        (model.plants[i]["capacity"], model.plants[i]["units"], model.plants[i]["name"])
        for i in ids
    ]
    expect("by-id reads", result, wanted)
    for capacity, units, name in result:
        if type(capacity) is not float or type(units) is not int or type(name) is not str:
            raise VerificationError("by-id reads: wrong value types")


def _group_dict(data: dict[str, list[Any]], columns: Sequence[str]) -> dict[str, list[Any]]:
    """The ``read_time_series_group`` form of stored rows: aware dimension, rows sorted."""
    rows = sorted(
        zip(*(data[c] for c in columns), strict=True), key=lambda r: (text(r[0]), *r[1:-1])
    )
    out: dict[str, list[Any]] = {c: [] for c in columns}
    for row in rows:
        for c, v in zip(columns, row, strict=True):
            out[c].append(v.replace(tzinfo=UTC) if c == "date_time" else v)
    return out


def _prep_read_day(sizes: Sizes, model: Model) -> tuple[Any, int]:
    return list(model.main_ids), len(model.main_ids)


def _verify_read_day(path: str, model: Model, ids: Any, result: Any) -> None:
    wanted = []
    for i in ids:
        rows = sorted(model.generation.get(i, {}).items())
        wanted.append(
            {
                "date_time": [datetime.fromisoformat(d).replace(tzinfo=UTC) for d, _ in rows],
                "generation": [v for _, v in rows],
            }
            if rows
            else {}
        )
    expect("read_time_series_group(generation)", result, wanted)
    for got in result:
        expect("key order", list(got), list(got and ["date_time", "generation"]))


def _prep_read_year(sizes: Sizes, model: Model) -> tuple[Any, int]:
    return list(model.year_ids), len(model.year_ids)


def _verify_read_year(path: str, model: Model, ids: Any, result: Any) -> None:
    if not ids:
        raise VerificationError("read_time_series_group(load): nothing to read")
    wanted = [_group_dict(model.load[i], ("date_time", "block", "load")) for i in ids]
    expect("read_time_series_group(load)", result, wanted)
    for got in result:
        expect("key order", list(got), ["date_time", "block", "load"])


def _prep_row(sizes: Sizes, model: Model) -> tuple[Any, int]:
    return list(ROW_DATES), len(ROW_DATES)


def _verify_row(path: str, model: Model, dates: Any, result: Any) -> None:
    wanted = []
    for when in dates:
        key = text(when)
        values = []
        for i in model.ids():
            rows = [(d, v) for d, v in model.generation.get(i, {}).items() if d <= key]
            values.append(max(rows)[1] if rows else None)
        wanted.append(values)
    expect("read_time_series_row", result, wanted)
    if not any(v is not None for values in result for v in values):
        raise VerificationError("read_time_series_row: every value is None")


def _prep_update(sizes: Sizes, model: Model) -> tuple[Any, int]:
    items = [(i, update_kwargs(i, model.plants[i])) for i in model.main_ids]
    return items, len(items)


def _verify_update(path: str, model: Model, items: Any, result: Any) -> None:
    expect("update_element result", result, None)
    for i, kwargs in items:
        model.plants[i].update(kwargs)
    check_plants(path, model)


def _prep_query(sizes: Sizes, model: Model) -> tuple[Any, int]:
    items = [(i, QUERY_FROM) for i in model.main_ids]
    return items, len(items)


def _verify_query(path: str, model: Model, items: Any, result: Any) -> None:
    wanted = []
    for i, since in items:
        values = [v for d, v in model.generation.get(i, {}).items() if d >= since]
        wanted.append(float(sum(values)) if values else None)
    expect("query_float", result, wanted)


def _prep_delete(sizes: Sizes, model: Model) -> tuple[Any, int]:
    ids = model.ids()
    return ids, len(ids)


def _verify_delete(path: str, model: Model, ids: Any, result: Any) -> None:
    expect("delete_element result", result, None)
    model.plants.clear()
    check_empty(path)


PHASES: tuple[Phase, ...] = (
    Phase(
        "create_txn",
        True,
        _prep_create("P", lambda s: s.n, lambda s: 0),
        _verify_create("main_ids"),
    ),
    Phase(
        "create_autocommit",
        True,
        _prep_create("A", lambda s: s.autocommit, lambda s: s.n),
        _verify_create("auto_ids"),
    ),
    Phase("ts_write_24", True, _prep_day, _verify_day),
    Phase("ts_write_8760", True, _prep_year, _verify_year),
    Phase("ts_upsert_row", True, _prep_upsert, _verify_upsert),
    Phase("read_floats", False, _prep_bulk, _verify_bulk("capacity", float), "reads"),
    Phase("read_integers", False, _prep_bulk, _verify_bulk("units", int), "reads"),
    Phase("read_strings", False, _prep_bulk, _verify_bulk("name", str), "reads"),
    Phase("read_vectors", False, _prep_bulk, _verify_bulk("cost", float), "reads"),
    Phase("read_sets", False, _prep_bulk, _verify_bulk("tag", str), "reads"),
    Phase("read_by_id", False, _prep_by_id, _verify_by_id),
    Phase("ts_read_24", False, _prep_read_day, _verify_read_day),
    Phase("ts_read_8760", False, _prep_read_year, _verify_read_year),
    Phase("ts_read_row", False, _prep_row, _verify_row),
    Phase("update_txn", True, _prep_update, _verify_update),
    Phase("query_float", False, _prep_query, _verify_query),
    Phase("delete", True, _prep_delete, _verify_delete),
)

PHASE_NAMES = tuple(p.name for p in PHASES)

DESCRIPTIONS = {
    "create_txn": "create_element x n (scalars + 5-item vector + 3-item set), one transaction",
    "create_autocommit": "create_element x n/10, each call its own transaction (disk-bound)",
    "ts_write_24": "update_time_series_group, 24 rows x n elements, one transaction",
    "ts_write_8760": "update_time_series_group, 8,760 rows (date_time+block) x n/50, one txn",
    "ts_upsert_row": "upsert_time_series_row x 2n (replace + insert), one transaction",
    "read_floats": "read_scalar_floats over all elements x reps",
    "read_integers": "read_scalar_integers over all elements x reps",
    "read_strings": "read_scalar_strings over all elements x reps",
    "read_vectors": "read_vector_floats over all elements x reps",
    "read_sets": "read_set_strings over all elements x reps",
    "read_by_id": "read_scalar_{float,integer,string}_by_id for every element",
    "ts_read_24": "read_time_series_group (25 rows) x n",
    "ts_read_8760": "read_time_series_group (8,760 rows, 2 dimensions) x n/50",
    "ts_read_row": "read_time_series_row at 8 dates (one value per element each)",
    "update_txn": "update_element (3 scalars + vector replaced) x n, one transaction",
    "query_float": "query_float with 2 parameters (SUM over a time series) x n",
    "delete": "delete_element for every element (cascades to groups), one transaction",
}


def needed(selected: Sequence[str]) -> list[Phase]:
    """The phases to run for ``selected``: those, plus every earlier write phase (reads change
    nothing, so unselected reads are skipped)."""
    last = max(PHASE_NAMES.index(name) for name in selected)
    return [p for k, p in enumerate(PHASES) if p.name in selected or (p.writes and k < last)]
