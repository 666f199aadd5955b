"""The write methods fill their element with one core call (quiver_element_set_values); what it
stores, and every error, must be exactly what Element.set gives value by value."""

from __future__ import annotations

import enum
import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiverdb import Database, QuiverError
from quiverdb._ffi import ffi, lib
from quiverdb.element import Element, _pack, native_element, release_native


def native_dump(ptr: Any) -> str:
    out = ffi.new("char**")
    assert lib.quiver_element_to_string(ptr, out) == 0
    try:
        return ffi.string(out[0]).decode()
    finally:
        lib.quiver_database_free_string(out[0])


def one_by_one(values: dict[str, Any]) -> str | tuple[type, str]:
    """Element.set per value: the dump, or the (type, message) of the error."""
    element = Element()
    try:
        for name, value in values.items():
            element.set(name, value)
        return repr(element)
    except Exception as error:
        return type(error), str(error)
    finally:
        element.destroy()


def packed(values: dict[str, Any]) -> str | tuple[type, str]:
    """native_element: the dump, or the (type, message) of the error."""
    try:
        ptr = native_element(values)
    except Exception as error:
        return type(error), str(error)
    try:
        return native_dump(ptr)
    finally:
        release_native(ptr)


class Color(enum.IntEnum):
    RED = 3


class Text(str):
    pass


UTC_PLUS_2 = timezone(timedelta(hours=2))

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False),
    st.text(max_size=6),
    st.datetimes(min_value=datetime(1, 1, 2), timezones=st.sampled_from([None, UTC_PLUS_2])),
    st.sampled_from([Color.RED, Text("t"), object(), (1,), b"x", 1j]),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4))
NAMES = st.text(max_size=5)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(NAMES, VALUES, max_size=6))
def test_same_content_and_errors_as_set(values: dict[str, Any]) -> None:
    assert packed(values) == one_by_one(values)


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"a": None, "b": True, "c": -(2**63), "d": 2**63 - 1, "e": 1.5, "f": "é"},
        {"d": datetime(2024, 1, 2, 3, 4, 5, 999), "e": datetime(2024, 1, 1, tzinfo=UTC_PLUS_2)},
        {"i": [1, True], "f": [1, 2.5], "s": ["x", ""], "t": [datetime(5, 1, 1)], "e": []},
        {"a": 2**63, "b": object()},  # the first bad value raises, whatever its kind
        {"a": object(), "b": 2**63},
        {"a": "x\0y", "b": ["p\0q"]},  # NUL ends a text, as with Element.set
        {"a\0b": 1},
        {"a": "\ud800"},
        {"\ud800": 1},
        {"a": [1, None]},
        {"a": [1, "x"]},
        {"a": [2**64]},
        {"a": [1.5, 2**1024]},
        {"a": Color.RED, "b": [Color.RED], "c": Text("x"), "d": [Text("y")]},
    ],
)
def test_edge_cases_match_set(values: dict[str, Any]) -> None:
    assert packed(values) == one_by_one(values)


def test_common_values_take_the_packed_path() -> None:
    row = {"label": "a", "x": 1.5, "n": 2, "d": datetime(2024, 1, 1), "v": [1.0], "s": ["t"]}
    kinds, names, *_ = _pack(row)  # type: ignore[misc]
    assert kinds == b"sfisFS"
    assert names == b"label\0x\0n\0d\0v\0s\0"
    for odd in ({"a": Color.RED}, {"a": "x\0"}, {"a": 2**63}, {"a": [None]}, {"a": object()}):
        assert _pack(odd) is None


def test_elements_are_reused_and_emptied() -> None:
    first = native_element({"a": 1})
    release_native(first)
    second = native_element({})
    try:
        assert second == first
        assert native_dump(second) == "Element {\n}"
    finally:
        release_native(second)


def test_nested_use_gets_its_own_element() -> None:
    outer = native_element({"a": 1})
    inner = native_element({"b": 2})
    try:
        assert outer != inner
        assert native_dump(outer) == "Element {\n  scalars:\n    a: 1\n}"
    finally:
        release_native(inner)
        release_native(outer)


def test_failed_marshalling_gives_the_element_back_empty() -> None:
    with pytest.raises(TypeError):
        native_element({"a": 1, "b": object()})
    ptr = native_element({})
    try:
        assert native_dump(ptr) == "Element {\n}"
    finally:
        release_native(ptr)


def test_threads_write_concurrently(study: Database) -> None:
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            for i in range(50):
                study.create_element("Bus", label=f"{prefix}{i}", voltage=float(i))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(p,)) for p in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    voltages = study.read_scalar_floats("Bus", "voltage")
    assert sorted(voltages) == sorted([float(i) for i in range(50)] * 2)  # type: ignore[type-var]


def test_set_values_errors() -> None:
    ptr = native_element({})
    try:
        null = ffi.NULL
        assert lib.quiver_element_set_values(null, 0, b"", b"", 0, null, 0, null, 0, b"", 0)
        assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: element"
        assert lib.quiver_element_set_values(ptr, 1, b"x", b"a\0", 2, null, 0, null, 0, b"", 0)
        message = b"Invalid values/count combination"
        assert ffi.string(lib.quiver_get_last_error()) == message
    finally:
        release_native(ptr)


def test_values_are_checked_before_the_collection(study: Database) -> None:
    with pytest.raises(TypeError, match=r"^Unsupported type object for Element.set\('x'\)$"):
        study.create_element(5, label="a", x=object())  # type: ignore[arg-type]
    with pytest.raises(OverflowError, match=r"^int too big to convert$"):
        study.create_element("Nope", label="a", x=2**63)
    with pytest.raises(QuiverError, match=r"^Cannot create_element: collection not found: Nope$"):
        study.create_element("Nope", label="a", x=1)
    assert study.read_element_ids("Bus") == []


def test_packed_names_are_remembered_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import quiverdb.element as element_module

    monkeypatch.setattr(element_module, "_NAMES_LIMIT", 2)
    element_module._NAMES.clear()
    for i in range(5):
        values = {f"n{i}": i, "x": 1.5}
        assert packed(values) == one_by_one(values)
        assert packed(values) == one_by_one(values)  # names from the cache
        assert len(element_module._NAMES) <= 2
    assert _pack({"a\0b": 1}) is None
    assert ("a\0b",) not in element_module._NAMES
