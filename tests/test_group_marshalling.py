"""Group writes hand text and date-time columns to the core as one buffer with a pointer array;
the fast paths (one encode for ASCII columns, evenly spaced pointers, remembered date-time
texts) must give exactly the texts the cell-by-cell path gives."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quiverdb._groups as groups
from quiverdb import Database
from quiverdb._convert import datetime_to_text
from quiverdb._ffi import ffi


class Text(str):
    pass


class Stamp(datetime):
    pass


def sent_texts(cells: list[Any]) -> list[bytes | None]:
    """The texts the core receives for one column (None for a NULL pointer)."""
    columns = groups._ColumnInput({"c": cells})
    data = ffi.cast("char**", columns.data[0])
    return [None if data[i] == ffi.NULL else ffi.string(data[i]) for i in range(len(cells))]


def expected(cells: list[Any]) -> list[bytes | None]:
    """Cell by cell: text up to its first NUL; date-times in their stored form."""
    out: list[bytes | None] = []
    for v in cells:
        if v is None:
            out.append(None)
        else:
            text = datetime_to_text(v) if isinstance(v, datetime) else v
            out.append(text.encode("utf-8").split(b"\0")[0])
    return out


TEXTS = st.one_of(st.none(), st.text(max_size=5), st.sampled_from(["", "a\0b", "é", Text("t")]))
ZONES = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=-3))])
DATETIMES = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1, 1, 2), timezones=ZONES),
    st.sampled_from([datetime(2024, 1, 1, 0, 0, 0, 1), Stamp(2024, 5, 6, 7, 8, 9)]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=8).filter(lambda c: c != [None] * len(c)))
def test_text_columns(cells: list[Any]) -> None:
    assert sent_texts(cells) == expected(cells)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DATETIMES, min_size=1, max_size=8).filter(lambda c: c != [None] * len(c)))
def test_date_time_columns(cells: list[Any]) -> None:
    assert sent_texts(cells) == expected(cells)
    assert sent_texts(cells) == expected(cells)  # the second time from remembered texts


@pytest.mark.parametrize(
    "cells",
    [
        ["2024-01-01", "2024-01-02"],  # evenly spaced
        ["a", "bb", "", "ccc"],
        ["a", None, "bb"],
        [None, "é", "x"],  # not ASCII: per-cell path
        ["x\0y", "z"],
        [Text("sub"), "plain"],
    ],
)
def test_text_edge_cases(cells: list[Any]) -> None:
    assert sent_texts(cells) == expected(cells)


def test_unencodable_text_raises_like_the_per_cell_path() -> None:
    with pytest.raises(UnicodeEncodeError) as info:
        sent_texts(["ok", "\ud800"])
    assert "position 0" in str(info.value)  # the cell's own position, not the joined text's


def test_remembered_date_times_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups, "_NAIVE_TEXTS_LIMIT", 16)
    groups._NAIVE_TEXTS.clear()
    start = datetime(2024, 1, 1)
    for day in range(10):
        cells = [start + timedelta(days=day, hours=h) for h in range(4)]
        assert sent_texts(cells) == expected(cells)  # type: ignore[arg-type]
        assert len(groups._NAIVE_TEXTS) <= 16
    aware = [datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2)))]
    assert sent_texts(aware) == [b"2023-12-31T22:00:00"]  # type: ignore[arg-type]
    assert all(key.tzinfo is None for key in groups._NAIVE_TEXTS)
    long_column = [start + timedelta(minutes=m) for m in range(5)]
    groups._NAIVE_TEXTS.clear()
    assert sent_texts(long_column) == expected(long_column)  # type: ignore[arg-type]
    assert groups._NAIVE_TEXTS == {}  # longer than a quarter of the limit: not remembered


def test_round_trip_through_the_core(study: Database) -> None:
    study.create_element("Plant", label="P1")
    times = [datetime(2024, 1, 1) + timedelta(hours=h) for h in range(24)]
    notes = [None if h % 5 == 0 else f"n{h}" for h in range(24)]
    for _ in range(2):
        study.update_time_series_group(
            "Plant", "generation", 1, {"date_time": times, "generation": [1.5] * 24, "note": notes}
        )
        got = study.read_time_series_group("Plant", "generation", 1)
        assert got["date_time"] == [t.replace(tzinfo=timezone.utc) for t in times]
        assert got["note"] == notes


def test_unsupported_cell_in_a_date_time_column(study: Database) -> None:
    study.create_element("Plant", label="P1")
    data = {"date_time": [datetime(2024, 1, 1), object()], "generation": [1.0, 2.0]}
    with pytest.raises(TypeError) as info:
        study.update_time_series_group("Plant", "generation", 1, data)
    assert str(info.value) == "Unsupported value type object in cell 1 of column 'date_time'"
