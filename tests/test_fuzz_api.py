"""Fuzz: every public Database method called with random arguments on the plants and study fixtures.

Arguments are drawn per parameter name from pools mixing valid names, ids and values with hostile
ones: unknown names, non-str names, embedded NUL, lone surrogates, very long text, huge and
negative ids, NaN and infinities, wrong container types. A call may succeed or raise one of the
documented exception types; it must never crash or raise anything else. After every call:
  - a call that raised left the database exactly as it was (atomic writes);
  - for every collection, number_of_elements equals the length of read_element_ids;
  - no transaction is left open.
Transactions and dry runs are exercised as wrappers around a few random calls.
"""

from __future__ import annotations

import inspect
import math
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from quiverdb import Database, LogLevel, QuiverError

SCHEMAS = Path(__file__).parent / "schemas"

# The exception types the API documents for bad input.
ALLOWED = (QuiverError, TypeError, ValueError, OverflowError, AttributeError, UnicodeEncodeError)

# Methods not fuzzed here: factories and CSV take paths (they would create files; CSV input has
# its own tests and a coverage-guided fuzzer, .ci/fuzz-csv.sh), close ends the test, transaction
# control is exercised by the wrappers below.
SKIPPED = {
    "export_csv",
    "import_csv",
    "open",
    "from_schema",
    "from_migrations",
    "validate_migrations",
    "close",
    "begin_transaction",
    "commit",
    "rollback",
    "transaction",
    "begin_dry_run",
    "end_dry_run",
    "dry_run",
}
METHODS = sorted(
    name
    for name in dir(Database)
    if not name.startswith("_") and callable(getattr(Database, name)) and name not in SKIPPED
)

# ---- per-fixture vocabularies ---------------------------------------------------------------

FIXTURES: dict[str, dict[str, list[str]]] = {
    "plants": {
        "collections": ["Configuration", "Zone", "Plant"],
        "columns": [
            "id", "label", "capacity", "units", "date_built", "zone_id",
            "cost", "factor", "vector_index", "tag", "date_time", "generation",
        ],
        "groups": ["costs", "tags", "gen"],
        "labels": ["p1", "p2", "z1", "base"],
        "relation_types": ["id"],
    },
    "study": {
        "collections": ["Configuration", "Bus", "Plant"],
        "columns": [
            "id", "label", "base_year", "voltage", "capacity", "status", "is_active",
            "date_commission", "bus_id", "plant_spill_to", "segment_cost", "segment_size",
            "segment_name", "date_segment", "bus_segment", "tag", "bus_link", "weight",
            "date_time", "generation", "units", "note", "date_checked", "block", "load", "flag",
            "generation_file", "cost_file",
        ],
        "groups": ["segments", "tags", "links", "generation", "load", "files"],
        "labels": ["p1", "p2", "b1", "b2", "base"],
        "relation_types": ["id", "spill_to"],
    },
}  # fmt: skip

HOSTILE_TEXT = [
    "",
    " ",
    "Plant\x00junk",
    "\x00",
    "\ud800",
    "a\udfffb",
    "x" * 5000,
    "'; DROP TABLE Plant; --",
    '"Plant"',
    "Plant ",
    "plant",
    "sqlite_master",
    "Plant_vector_costs",
    "é🙂",
    "2024-02-30",
    "2024-01-01T25:00:00",
]
NON_STR = [None, 0, 1.5, b"Plant", ["Plant"], {"a": 1}, object()]


def texts(pool: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(pool or [""]),
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=8),
    )


def names(pool: list[str]) -> st.SearchStrategy[Any]:
    """Mostly valid names (so that calls get past the first checks), sometimes hostile ones."""
    valid = st.sampled_from(pool or [""])
    return st.one_of(valid, valid, valid, valid, texts(pool), st.sampled_from(NON_STR))


ids = st.one_of(
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=-2, max_value=6),
    st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**100, True]),
    st.sampled_from([None, 1.0, math.nan, "1", b"1", [1]]),
)

moments = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.datetimes(
        min_value=datetime(2, 1, 1),
        max_value=datetime(9998, 12, 31),
        timezones=st.sampled_from(
            [timezone.utc, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))]
        ),
    ),
)


def scalars(pool: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-5, max_value=5),
        st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**64), 10**30]),
        st.floats(),
        st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 5e-324]),
        texts(pool),
        moments,
        st.sampled_from([b"bytes", (1, 2), {"k": 1}, {1}, complex(1, 2), object()]),
    )


def cell_lists(pool: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(st.integers(min_value=-3, max_value=3), max_size=4),
        st.lists(st.floats(), max_size=4),
        st.lists(st.sampled_from(pool), max_size=4),
        st.lists(st.sampled_from(["2024-01-01", "2024-01-02T03:04:05", "bad"]), max_size=3),
        st.lists(moments, max_size=3),
        st.lists(scalars(pool), max_size=4),
    )


def values(pool: list[str]) -> st.SearchStrategy[Any]:
    plain = st.one_of(
        st.integers(min_value=-3, max_value=3),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([*pool, "2024-01-01", "new label"]),
        moments,
    )
    return st.one_of(plain, plain, scalars(pool), cell_lists(pool))


def keyword_names(pool: list[str]) -> st.SearchStrategy[str]:
    valid = st.sampled_from(pool)
    return st.one_of(valid, valid, valid, st.sampled_from(HOSTILE_TEXT), st.text(max_size=6))


def group_data(pool: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.dictionaries(keyword_names(pool), cell_lists(pool), max_size=4),
        st.dictionaries(st.sampled_from(pool), st.just([]), max_size=2),
        st.dictionaries(st.sampled_from([1, None, b"x"]), cell_lists(pool), max_size=1),
        st.sampled_from([[], [("cost", [1.0])], 5, "cost", {"cost": 5}, {"cost": None}]),
    )


def files_data(pool: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.dictionaries(keyword_names(pool), st.none() | texts(pool) | st.integers(), max_size=3),
        st.sampled_from([None, [], [("cost_file", "a")], "cost_file", 3]),
    )


SQL = [
    "SELECT count(*) FROM Plant",
    "SELECT label FROM Plant WHERE id = ?",
    "SELECT ?",
    "SELECT ?, ?",
    "SELECT capacity FROM Plant ORDER BY id",
    "SELECT '2024-01-01'",
    "SELECT 1",
    "DELETE FROM Plant",
    "WITH x AS (SELECT 1) DELETE FROM Plant",
    "PRAGMA user_version = 7",
    "SELECT fts3_tokenizer('simple', ?)",
    "",
    ";",
    "SELECT",
    "VACUUM",
]


# ---- well-formed writes (so that writes also get deep and succeed) ----------------------------

_floats = st.one_of(st.floats(-1e6, 1e6), st.sampled_from([math.nan, math.inf, 0.0]))
_ints = st.one_of(st.integers(-3, 9), st.sampled_from([2**63 - 1, 2**63]))
_dates = st.one_of(
    moments, st.sampled_from(["2024-01-01", "2024-01-02 03:04:05", "2024-02-30", " 2024-03-01 "])
)
_words = st.one_of(st.sampled_from(["a", "b", " c ", "\ud800", "x\x00y"]), st.text(max_size=4))
_new_labels = st.one_of(st.text(min_size=1, max_size=6), st.sampled_from(["p1", "p2", " ", ""]))

# Per fixture: a strategy for one cell of each column.
CELLS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "plants": {
        "capacity": _floats,
        "units": _ints,
        "date_built": _dates,
        "zone_id": st.sampled_from(["z1", 1, None, "nope", 99]),
        "cost": _floats,
        "factor": _ints,
        "tag": _words,
        "date_time": _dates,
        "generation": _floats,
    },
    "study": {
        "capacity": _floats,
        "status": _ints,
        "is_active": st.booleans(),
        "date_commission": _dates,
        "bus_id": st.sampled_from(["b1", "b2", 1, None, "nope"]),
        "plant_spill_to": st.sampled_from(["p1", 1, None]),
        "segment_cost": _floats,
        "segment_size": _ints,
        "segment_name": _words,
        "date_segment": _dates,
        "bus_segment": st.sampled_from(["b1", "b2", 1, "nope"]),
        "tag": _words,
        "bus_link": st.sampled_from(["b1", "b2", 2]),
        "weight": _floats,
        "date_time": _dates,
        "generation": _floats,
        "units": _ints,
        "note": _words,
        "date_checked": _dates,
        "block": _ints,
        "load": _floats,
        "flag": _ints,
    },
}
# Per fixture: the value columns of each group, by write method kind.
GROUPS: dict[str, dict[str, dict[str, list[str]]]] = {
    "plants": {
        "vector": {"costs": ["cost", "factor"]},
        "set": {"tags": ["tag"]},
        "time_series": {"gen": ["date_time", "generation"]},
    },
    "study": {
        "vector": {
            "segments": [
                "segment_cost",
                "segment_size",
                "segment_name",
                "date_segment",
                "bus_segment",
            ]
        },
        "set": {"tags": ["tag"], "links": ["bus_link", "weight"]},
        "time_series": {
            "generation": ["date_time", "generation", "units", "note", "date_checked"],
            "load": ["date_time", "block", "load", "flag"],
        },
    },
}
SCALARS = {
    "plants": ["capacity", "units", "date_built", "zone_id"],
    "study": ["capacity", "status", "is_active", "date_commission", "bus_id", "plant_spill_to"],
}


def _columns(cells: dict[str, st.SearchStrategy[Any]], columns: list[str]) -> Any:
    """A column dict over a random subset of columns, all of one random length."""
    return st.tuples(st.integers(0, 3), st.lists(st.sampled_from(columns), unique=True)).flatmap(
        lambda shape: st.fixed_dictionaries(
            {c: st.lists(cells[c], min_size=shape[0], max_size=shape[0]) for c in shape[1]}
        )
    )


def well_formed(fixture: str, name: str) -> st.SearchStrategy[Any] | None:
    """Arguments shaped like a correct call of a write method (values may still be rejected)."""
    cells = CELLS[fixture]
    groups = GROUPS[fixture]
    element_id = st.one_of(st.integers(1, 3), st.sampled_from([99]))
    label = st.sampled_from(["p1", "p2", " p1 ", "nope"])
    scalar_kwargs = st.lists(st.sampled_from(SCALARS[fixture]), unique=True).flatmap(
        lambda cs: st.fixed_dictionaries({c: cells[c] for c in cs})
    )
    array_columns = sorted({c for kind in groups.values() for cs in kind.values() for c in cs})
    array_kwargs = _columns(cells, array_columns)
    element_kwargs = st.tuples(scalar_kwargs, array_kwargs).map(lambda t: {**t[0], **t[1]})
    no_keywords: st.SearchStrategy[dict[str, Any]] = st.just({})
    if name == "create_element":
        kwargs = st.tuples(_new_labels, element_kwargs).map(lambda t: {"label": t[0], **t[1]})
        return st.tuples(st.just(("Plant",)), no_keywords, kwargs)
    if name in ("update_element", "update_element_by_label"):
        key = element_id if name == "update_element" else label
        return st.tuples(st.tuples(st.just("Plant"), key), no_keywords, element_kwargs)
    for kind in ("vector", "set", "time_series"):
        if name in (f"update_{kind}_group", f"update_{kind}_group_by_label"):
            key = element_id if not name.endswith("_by_label") else label
            group = st.sampled_from(sorted(groups[kind]))
            data = group.flatmap(lambda g, kind=kind: _columns(cells, groups[kind][g]))
            return st.tuples(
                st.tuples(st.just("Plant"), group, key, data), no_keywords, st.just({})
            )
    if name in ("upsert_time_series_row", "upsert_time_series_row_by_label"):
        key = element_id if name == "upsert_time_series_row" else label
        group = st.sampled_from(sorted(groups["time_series"]))
        row = group.flatmap(
            lambda g: st.lists(st.sampled_from(groups["time_series"][g]), unique=True).flatmap(
                lambda cs: st.fixed_dictionaries({c: cells[c] for c in cs})
            )
        )
        return st.tuples(st.tuples(st.just("Plant"), group, key), no_keywords, row)
    if name in ("delete_element", "delete_element_by_label"):
        key = element_id if name == "delete_element" else label
        return st.tuples(st.tuples(st.sampled_from(["Plant", "Configuration"]), key), no_keywords,
                         st.just({}))  # fmt: skip
    return None


def arguments(pool: dict[str, list[str]], name: str, fixture: str = "") -> st.SearchStrategy[Any]:
    """Random arguments of one method: half the time shaped like a correct write call."""
    generic = _generic_arguments(pool, name)
    shaped = well_formed(fixture, name) if fixture else None
    return generic if shaped is None else st.one_of(generic, shaped)


def _generic_arguments(pool: dict[str, list[str]], name: str) -> st.SearchStrategy[Any]:
    """Random arguments of one method, drawn per parameter name."""
    signature = inspect.signature(getattr(Database, name))
    every_name = pool["collections"] + pool["columns"] + pool["groups"]
    by_parameter: dict[str, st.SearchStrategy[Any]] = {
        "collection": names(pool["collections"]),
        "collection_from": names(pool["collections"]),
        "collection_to": names(pool["collections"]),
        "attribute": names(pool["columns"]),
        "group": names(pool["groups"]),
        "group_name": names(pool["groups"]),
        "relation_type": names(pool["relation_types"]),
        "label": names(pool["labels"]),
        "target_label": st.none() | names(pool["labels"]),
        "id": ids,
        "sql": st.one_of(st.sampled_from(SQL), names(SQL)),
        "parameters": st.one_of(
            st.none(), st.lists(scalars(pool["labels"]), max_size=3), st.sampled_from(["ab", 5])
        ),
        "date_time": st.one_of(moments, st.sampled_from(["2024-01-01", None, 5, b"x"])),
    }
    positional: list[st.SearchStrategy[Any]] = []
    keywords: dict[str, st.SearchStrategy[Any]] = {}
    extra: st.SearchStrategy[dict[str, Any]] = st.just({})
    for parameter in list(signature.parameters.values())[1:]:
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            extra = st.dictionaries(keyword_names(every_name), values(every_name), max_size=5)
        elif parameter.name == "data":
            is_files = name == "update_time_series_files"
            positional.append(files_data(every_name) if is_files else group_data(every_name))
        elif parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords[parameter.name] = by_parameter[parameter.name]
        else:
            positional.append(by_parameter[parameter.name])
    return st.tuples(st.tuples(*positional), st.fixed_dictionaries(keywords), extra)


# ---- the checks ---------------------------------------------------------------------------------


class _State:
    """Reads every table of the database file through a second connection."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.tables = [
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        return {
            t: sorted(map(repr, self.conn.execute(f'SELECT * FROM "{t}"')))  # type: ignore[misc]
            for t in self.tables
        }

    def close(self) -> None:
        self.conn.close()


def _call(db: Database, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Calls the method; True when it raised an allowed exception."""
    try:
        getattr(db, name)(*args, **kwargs)
    except ALLOWED:
        return True
    return False


def _consistent(db: Database, collections: list[str]) -> None:
    assert not db.in_transaction()
    for collection in collections:
        assert db.number_of_elements(collection) == len(db.read_element_ids(collection))


def _seed(db: Database, fixture: str) -> None:
    db.create_element("Configuration", label="base")
    if fixture == "plants":
        db.create_element("Zone", label="z1")
        db.create_element("Plant", label="p1", zone_id="z1", cost=[1.0, 2.0], tag=["a"])
        db.create_element("Plant", label="p2", date_built=datetime(2020, 1, 2))
        db.update_time_series_group("Plant", "gen", 1, {"date_time": ["2024-01-01"]})
    else:
        db.create_element("Bus", label="b1")
        db.create_element("Bus", label="b2")
        db.create_element("Plant", label="p1", bus_id="b1", segment_cost=[1.0], tag=["t"])
        db.create_element("Plant", label="p2", date_commission="2021-03-04")
        db.update_time_series_group("Plant", "load", 1, {"date_time": ["2024-01-01"], "block": [1]})
        db.update_time_series_files("Plant", {"cost_file": "c.csv"})


@pytest.fixture(params=["plants", "study"])
def fuzzed(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, Database, _State]]:
    fixture = request.param
    path = tmp_path / f"{fixture}.db"
    db = Database.from_schema(path, SCHEMAS / f"{fixture}.sql", console_level=LogLevel.OFF)
    _seed(db, fixture)
    state = _State(path)
    try:
        yield fixture, db, state
    finally:
        state.close()
        db.close()


SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=st.data())
def test_random_calls(fuzzed: tuple[str, Database, _State], data: st.DataObject) -> None:
    fixture, db, state = fuzzed
    pool = FIXTURES[fixture]
    name = data.draw(st.sampled_from(METHODS), label="method")
    args, keywords, extra = data.draw(arguments(pool, name, fixture), label="arguments")
    before = state.snapshot()
    raised = _call(db, name, args, {**keywords, **extra})
    event("raised" if raised else "succeeded")
    event(f"{name}: {'raised' if raised else 'ok'}")
    if raised:
        assert state.snapshot() == before, f"{name} raised but changed the database"
    _consistent(db, pool["collections"])


@settings(SETTINGS, max_examples=100)
@given(data=st.data())
def test_random_calls_in_a_dry_run_change_nothing(
    fuzzed: tuple[str, Database, _State], data: st.DataObject
) -> None:
    fixture, db, state = fuzzed
    pool = FIXTURES[fixture]
    before = state.snapshot()
    calls = data.draw(st.lists(st.sampled_from(METHODS), min_size=1, max_size=4), label="methods")
    with db.dry_run():
        for name in calls:
            args, keywords, extra = data.draw(arguments(pool, name, fixture), label=name)
            _call(db, name, args, {**keywords, **extra})
            assert db.in_dry_run()
    assert state.snapshot() == before
    _consistent(db, pool["collections"])


@settings(SETTINGS, max_examples=100)
@given(data=st.data(), commit=st.booleans())
def test_random_calls_in_a_transaction(
    fuzzed: tuple[str, Database, _State], data: st.DataObject, commit: bool
) -> None:
    """Random calls inside an explicit transaction keep it open; rollback restores everything,
    commit leaves a consistent database."""
    fixture, db, state = fuzzed
    pool = FIXTURES[fixture]
    before = state.snapshot()
    calls = data.draw(st.lists(st.sampled_from(METHODS), min_size=1, max_size=4), label="methods")
    db.begin_transaction()
    try:
        for name in calls:
            args, keywords, extra = data.draw(arguments(pool, name, fixture), label=name)
            _call(db, name, args, {**keywords, **extra})
            assert db.in_transaction(), f"{name} ended the transaction"
    except BaseException:
        if db.in_transaction():
            db.rollback()
        raise
    if commit:
        db.commit()
    else:
        db.rollback()
        assert state.snapshot() == before
    _consistent(db, pool["collections"])


def test_method_list_is_complete() -> None:
    """Every public method is either fuzzed or named as skipped."""
    public: set[str] = {
        n for n in dir(Database) if not n.startswith("_") and callable(getattr(Database, n))
    }
    assert public == set(METHODS) | SKIPPED
    assert len(METHODS) > 70
