"""Reads moved through the core's packed readers: every text of a result in one buffer.

The values must be what value-by-value transfer gives: texts cut at an embedded NUL, NULL and
non-text cells as None, strict UTF-8 for scalar/vector/set reads (the error of the offending text
alone, as the reference raises it) and replacement characters for group reads; date-time
conversion through the shared cache; time-series rows in time order also when legacy keys follow
canonical ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiverdb import Database, LogLevel, _convert
from quiverdb._ffi import ffi, lib
from quiverdb._packed import read_columns, read_grouped, read_values, texts

UTC = timezone.utc
SCHEMA = Path(__file__).parent / "schemas" / "packed_reads.sql"


@pytest.fixture
def items(tmp_path: Path) -> Iterator[Database]:
    db = Database.from_schema(str(tmp_path / "items.db"), str(SCHEMA), console_level=LogLevel.OFF)
    yield db
    db.close()


def execute(db: Database, sql: str) -> None:
    """Runs SQL on the database file through sqlite3 (values the API never writes)."""
    with closing(sqlite3.connect(db.path())) as conn:
        conn.executescript(sql)
        conn.commit()


# ---- values ------------------------------------------------------------------------------


def test_scalar_strings(items: Database) -> None:
    # 2: NULL, 3: a text with an embedded NUL (cut there), 4: the empty text.
    assert items.read_scalar_strings("Item", "name") == ["Ünïcödé €", None, "a", ""]
    assert items.read_scalar_strings("Item", "size") == [None, None, None, "x"]
    assert items.read_scalar_strings("Other", "label") == []


def test_vector_and_set_strings(items: Database) -> None:
    assert items.read_vector_strings("Item", "part") == [["a", None, "c"], [], ["x"], []]
    assert items.read_set_strings("Item", "tag") == [["red", "blue"], ["green"], [], [""]]
    assert items.read_vector_strings("Other", "value") == []
    assert items.read_vector_strings_by_id("Item", "part", 1) == ["a", None, "c"]
    assert items.read_vector_strings_by_id("Item", "part", 3) == ["x"]
    assert items.read_set_strings_by_id("Item", "tag", 4) == [""]
    assert items.read_set_strings_by_id("Item", "tag", 3) == []
    assert items.read_set_strings_by_id("Item", "tag", 99) == []


def test_vector_and_set_numbers(items: Database) -> None:
    assert items.read_vector_floats("Item", "amount") == [[1.0, None, 3.0], [], [0.5], []]
    assert items.read_vector_integers("Item", "amount") == [[None, None, None], [], [None], []]
    assert items.read_set_integers("Item", "tag") == [[None, None], [None], [], [None]]
    assert items.read_vector_floats_by_id("Item", "amount", 3) == [0.5]
    assert items.read_vector_integers_by_id("Item", "amount", 99) == []


def test_date_times(items: Database) -> None:
    assert items.read_vector_date_times("Item", "date_part") == [
        [datetime(2024, 1, 1, tzinfo=UTC), None, datetime(2024, 1, 3, tzinfo=UTC)],
        [],
        [datetime(2024, 1, 1, 12, tzinfo=UTC)],
        [],
    ]
    assert items.read_vector_date_times_by_id("Item", "date_part", 3) == [
        datetime(2024, 1, 1, 12, tzinfo=UTC)
    ]


def test_group_reads(items: Database) -> None:
    assert items.read_vector_group_by_id("Item", "parts", 1) == [
        {
            "vector_index": 0,
            "part": "a",
            "amount": 1.0,
            "date_part": datetime(2024, 1, 1, tzinfo=UTC),
        },
        {"vector_index": 1, "part": None, "amount": None, "date_part": None},
        {
            "vector_index": 2,
            "part": "c",
            "amount": 3.0,
            "date_part": datetime(2024, 1, 3, tzinfo=UTC),
        },
    ]
    assert items.read_vector_group_by_id("Item", "parts", 3)[0]["part"] == "x"
    assert items.read_set_group_by_id("Item", "tags", 1) == [{"tag": "red"}, {"tag": "blue"}]
    assert items.read_set_group_by_id("Item", "tags", 4) == [{"tag": ""}]
    assert items.read_set_group_by_id("Item", "tags", 3) == []


def test_time_series_legacy_keys_after_canonical_ones(items: Database) -> None:
    # Canonical keys come first in text order, then a date-only key: read chronologically.
    assert items.read_time_series_group("Item", "readings", 1) == {
        "date_time": [
            datetime(2024, 1, 1, 0, tzinfo=UTC),
            datetime(2024, 1, 1, 6, tzinfo=UTC),
            datetime(2024, 1, 1, 12, tzinfo=UTC),
            datetime(2024, 1, 2, tzinfo=UTC),
            datetime(2024, 1, 3, tzinfo=UTC),
        ],
        "value": [0.0, 6.0, 12.0, 24.0, 48.0],
        "note": ["first", None, "space", "date only", "last"],
    }
    assert items.read_time_series_group("Item", "readings", 2) == {
        "date_time": [datetime(2024, 2, 1, 0, tzinfo=UTC), datetime(2024, 2, 1, 1, tzinfo=UTC)],
        "value": [0.0, 1.0],
        "note": ["a", "b"],
    }
    assert items.read_time_series_group("Item", "readings", 3) == {}


# Keys of every kind: canonical, date-only, space-separated, 19 bytes that are no date-time,
# non-ASCII (19 bytes but fewer characters), with a space at the end.
_KEYS = [
    "2024-01-01T00:00:00",
    "2024-01-01T06:00:00",
    "2024-01-02T00:00:00",
    "2024-01-01",
    "2024-01-02",
    "2024-01-01 03:00:00",
    "2024-01-01 06:00:00",
    "zzzzzzzzzzzzzzzzzzz",
    "2024-01-01T00:00:0é",
    "2024-01-01T00:00:00 ",
    "2023",
]
_TIME_ORDER_SQL = (
    "SELECT date_time FROM Item_time_series_readings WHERE id = 2 ORDER BY "
    "replace(substr(date_time || 'T00:00:00', 1, 19), ' ', 'T'), date_time"
)


@given(keys=st.lists(st.sampled_from(_KEYS), min_size=1, max_size=8, unique=True))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_time_series_keys_in_time_order(items: Database, keys: list[str]) -> None:
    # Whatever keys a group holds, rows come in the order of the time expression.
    values = ", ".join(f"(2, '{k}', {i}, NULL)" for i, k in enumerate(keys))
    execute(
        items,
        f"DELETE FROM Item_time_series_readings WHERE id = 2; "
        f"INSERT INTO Item_time_series_readings VALUES {values}",
    )
    with closing(sqlite3.connect(items.path())) as conn:
        expected = [row[0] for row in conn.execute(_TIME_ORDER_SQL)]
    names, _, columns, _ = read_columns(
        lib.quiver_database_read_time_series_group_packed, items._handle(), b"Item", b"readings", 2
    )
    assert names == ["date_time", "value", "note"]
    assert columns[0] == expected
    assert columns[1] == [float(keys.index(k)) for k in expected]


def test_time_series_row_texts(items: Database) -> None:
    at = datetime(2024, 1, 2, tzinfo=UTC)
    assert items.read_time_series_row("Item", "readings", "note", at) == [
        "date only",
        None,
        None,
        None,
    ]
    assert items.read_time_series_row("Item", "readings", "value", at) == [24.0, None, None, None]
    # Texts are cut at an embedded NUL; invalid UTF-8 is replaced as before.
    execute(
        items,
        "INSERT INTO Item_time_series_readings VALUES "
        "(3, '2024-01-01T00:00:00', 1.0, CAST(X'6100FF' AS TEXT)), "
        "(4, '2024-01-01T00:00:00', 1.0, CAST(X'61FF62' AS TEXT))",
    )
    assert items.read_time_series_row("Item", "readings", "note", at) == [
        "date only",
        None,
        "a",
        "a\ufffdb",
    ]


# ---- text decoding ---------------------------------------------------------------------------


def test_invalid_utf8_raises_the_error_of_the_text_alone(items: Database) -> None:
    execute(
        items,
        "UPDATE Item SET name = CAST(X'61FF62' AS TEXT) WHERE id = 2;"
        "INSERT INTO Item_set_tags VALUES (3, CAST(X'C3' AS TEXT));"
        "UPDATE Item_vector_parts SET part = CAST(X'E282' AS TEXT) WHERE id = 3;",
    )
    with pytest.raises(UnicodeDecodeError) as err:
        items.read_scalar_strings("Item", "name")
    assert err.value.args == ("utf-8", b"a\xffb", 1, 2, "invalid start byte")
    with pytest.raises(UnicodeDecodeError) as err:
        items.read_set_strings("Item", "tag")
    assert err.value.args == ("utf-8", b"\xc3", 0, 1, "unexpected end of data")
    with pytest.raises(UnicodeDecodeError):
        items.read_set_strings_by_id("Item", "tag", 3)
    with pytest.raises(UnicodeDecodeError):
        items.read_vector_strings("Item", "part")
    # Group reads decode with replacement characters, text by text.
    assert items.read_set_group_by_id("Item", "tags", 3) == [{"tag": "\ufffd"}]
    assert items.read_vector_group_by_id("Item", "parts", 3)[0]["part"] == "\ufffd"
    # The other texts of the same reads are untouched.
    assert items.read_scalar_strings("Item", "label") == ["one", "two", "three", "four"]


def test_texts_splits_a_packed_buffer() -> None:
    buffer = ffi.new("char[]", "é\0\0a b\0".encode())
    assert texts(buffer, 8) == ["é", "", "a b"]
    single = ffi.new("char[]", b"\0")
    assert texts(single, 1) == [""]
    bad = ffi.new("char[]", b"ok\0\xe2\x82\0")
    assert texts(bad, 6, "replace") == ["ok", "\ufffd"]
    with pytest.raises(UnicodeDecodeError) as err:
        texts(bad, 6)
    assert err.value.args == ("utf-8", b"\xe2\x82", 0, 2, "unexpected end of data")


def test_packed_readers_report_core_errors(items: Database) -> None:
    ptr = items._handle()
    with pytest.raises(Exception, match="Cannot read_scalar_strings: collection not found: Nope"):
        read_values(lib.quiver_database_read_scalar_packed, ptr, b"Nope", b"x", 2)
    with pytest.raises(Exception, match="Cannot read_set_packed: unsupported data type 3"):
        read_grouped(lib.quiver_database_read_set_packed, ptr, b"Item", b"tag", 3)
    with pytest.raises(Exception, match="Time series group not found: 'x' in collection 'Item'"):
        read_columns(lib.quiver_database_read_time_series_group_packed, ptr, b"Item", b"x", 1)
    with pytest.raises(Exception, match="Vector attribute not found: 'nope' in collection 'Item'"):
        items.read_vector_strings("Item", "nope")


# ---- date-time conversion ----------------------------------------------------------------------


@pytest.fixture
def small_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(_convert, "_CACHE_LIMIT", 4)
    monkeypatch.setattr(_convert, "_cache", {None: None})
    yield


def test_conversion_matches_the_strict_parser(small_cache: None) -> None:
    values: list[str | None] = ["2024-01-01", None, "2024-01-01 06:00:00", "2024-01-01T06:00:00"]
    expected = [None if v is None else _convert.text_to_datetime(v) for v in values]
    assert _convert.texts_to_datetimes(values) == expected
    # Read again: served from the cache, the same objects.
    again = _convert.texts_to_datetimes(values)
    assert again == expected
    assert again[0] is _convert.texts_to_datetimes(["2024-01-01"])[0]
    assert _convert.texts_to_datetimes([]) == []
    assert _convert.texts_to_datetimes([None, None]) == [None, None]


def test_conversion_reports_the_first_invalid_text(small_cache: None) -> None:
    _convert.texts_to_datetimes(["2024-01-01"])  # cached
    with pytest.raises(ValueError) as err:
        _convert.texts_to_datetimes(
            ["2024-01-01", "2024-02-30", "nonsense"], collection="Item", attribute="date_part"
        )
    assert str(err.value) == (
        "Cannot convert \"2024-02-30\" to a date time in 'Item.date_part': "
        "expected a valid YYYY-MM-DD[THH:MM:SS]"
    )
    # Texts that hold two valid shapes on two lines are one invalid text.
    with pytest.raises(ValueError, match='Cannot convert "2024-01-01\n2024-01-02"'):
        _convert.texts_to_datetimes(["2024-01-01\n2024-01-02"])
    # Nothing invalid was remembered.
    assert "2024-02-30" not in _convert._cache
    with pytest.raises(ValueError):
        _convert.texts_to_datetimes(["2024-02-30"])


def test_cache_is_bounded(small_cache: None) -> None:
    first = _convert._cache
    _convert.texts_to_datetimes(["2024-01-01", "2024-01-02"])
    assert _convert._cache is first and len(first) == 3  # None and two texts
    _convert.texts_to_datetimes(["2024-01-03", "2024-01-04"])
    # Full: a new table replaces the old one, which keeps its entries for readers holding it.
    assert _convert._cache is not first
    assert set(_convert._cache) == {None, "2024-01-03", "2024-01-04"}
    assert "2024-01-01" in first
    # More distinct texts than the limit in one call are converted but not remembered.
    many = [f"2024-02-{d:02d}" for d in range(1, 10)]
    assert _convert.texts_to_datetimes(many) == [_convert.text_to_datetime(t) for t in many]
    assert not set(many) & set(_convert._cache)


def test_reads_share_converted_date_times(items: Database) -> None:
    first = items.read_time_series_group("Item", "readings", 2)["date_time"]
    second = items.read_time_series_group("Item", "readings", 2)["date_time"]
    assert first == second
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_invalid_stored_date_time_in_a_bulk_read(items: Database) -> None:
    execute(items, "UPDATE Item_vector_parts SET date_part = '2024-13-01' WHERE vector_index = 3")
    with pytest.raises(ValueError) as err:
        items.read_vector_date_times("Item", "date_part")
    assert str(err.value) == (
        "Cannot convert \"2024-13-01\" to a date time in 'Item.date_part': "
        "expected a valid YYYY-MM-DD[THH:MM:SS]"
    )
