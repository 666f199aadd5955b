"""The element builder: quiverdb.element.Element and the quiver_element_* C functions."""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError
from quiverdb._ffi import ffi, lib
from quiverdb.element import Element

SCHEMAS = Path(__file__).parent / "schemas"


class Level(enum.IntEnum):
    HIGH = 3


class Ratio(float):
    pass


def dump(**values: object) -> str:
    element = Element()
    for name, value in values.items():
        element.set(name, value)
    return repr(element)


def last_error() -> str:
    return ffi.string(lib.quiver_get_last_error()).decode()


@pytest.fixture
def native() -> Iterator[Any]:
    out = ffi.new("quiver_element_t**")
    assert lib.quiver_element_create(out) == 0
    yield out[0]
    assert lib.quiver_element_destroy(out[0]) == 0


def to_string(element: Any) -> str:
    out = ffi.new("char**")
    assert lib.quiver_element_to_string(element, out) == 0
    try:
        return ffi.string(out[0]).decode()
    finally:
        assert lib.quiver_database_free_string(out[0]) == 0


# -- Python Element --------------------------------------------------------------------------------


def test_empty_element_repr() -> None:
    assert repr(Element()) == "Element {\n}"
    assert str(Element()) == "Element {\n}"


def test_repr_matches_the_reference_layout() -> None:
    element = (
        Element()
        .set("label", "x")
        .set("n", 1)
        .set("b", True)
        .set("f", 2.5)
        .set("none", None)
        .set("dt", datetime(2020, 1, 1, 1, 2, 3))
        .set("arr", [1, 2])
        .set("farr", [1, 2.5])
        .set("sarr", ["a", "b"])
        .set("dtarr", [datetime(2020, 1, 1)])
        .set("empty", [])
    )
    assert repr(element) == (
        "Element {\n"
        "  scalars:\n"
        "    b: 1\n"
        '    dt: "2020-01-01T01:02:03"\n'
        "    f: 2.500000\n"
        '    label: "x"\n'
        "    n: 1\n"
        "    none: null\n"
        "  arrays:\n"
        "    arr: [1, 2]\n"
        '    dtarr: ["2020-01-01T00:00:00"]\n'
        "    empty: []\n"
        "    farr: [1.000000, 2.500000]\n"
        '    sarr: ["a", "b"]\n'
        "}"
    )


def test_set_returns_self_and_replaces_within_its_map() -> None:
    element = Element()
    assert element.set("a", 1) is element
    element.set("a", [1]).set("a", "x").set("b", [1]).set("b", [])
    assert repr(element) == (
        'Element {\n  scalars:\n    a: "x"\n  arrays:\n    a: [1]\n    b: []\n}'
    )


def test_scalar_conversions() -> None:
    aware = datetime(2020, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=-3)))
    text = dump(
        i=Level.HIGH,
        b=False,
        f=Ratio(1.5),
        s="x",
        dt=datetime(2020, 1, 1, 1, 2, 3, 999999),
        aw=aware,
    )
    assert text == (
        "Element {\n  scalars:\n"
        '    aw: "2020-01-01T04:00:00"\n'
        "    b: 0\n"
        '    dt: "2020-01-01T01:02:03"\n'
        "    f: 1.500000\n"
        "    i: 3\n"
        '    s: "x"\n'
        "}"
    )


def test_list_conversions() -> None:
    class Items(list):  # type: ignore[type-arg]
        pass

    text = dump(
        a=[1, 2.5, True],
        b=[1.5, 1],
        c=[True, False],
        d=[Level.HIGH],
        e=["a", "b"],
        f=[datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=1)))],
        g=Items([1, 2]),
        h=[2**63, 1.5],
    )
    assert text == (
        "Element {\n  arrays:\n"
        "    a: [1.000000, 2.500000, 1.000000]\n"
        "    b: [1.500000, 1.000000]\n"
        "    c: [1, 0]\n"
        "    d: [3]\n"
        '    e: ["a", "b"]\n'
        '    f: ["2019-12-31T23:00:00"]\n'
        "    g: [1, 2]\n"
        "    h: [9223372036854775808.000000, 1.500000]\n"
        "}"
    )


def test_float_formatting() -> None:
    text = dump(a=1e20, b=float("inf"), c=float("nan"), d=-0.0, e=1e-7, f=[float("-inf")])
    assert text == (
        "Element {\n  scalars:\n"
        "    a: 100000000000000000000.000000\n"
        "    b: inf\n"
        "    c: nan\n"
        "    d: -0.000000\n"
        "    e: 0.000000\n"
        "  arrays:\n"
        "    f: [-inf]\n"
        "}"
    )


def test_strings_end_at_nul_and_are_not_trimmed_in_the_element() -> None:
    text = dump(s="a\x00b", arr=["c\x00d", " e "], **{"na\x00me": 1})
    assert text == (
        'Element {\n  scalars:\n    na: 1\n    s: "a"\n  arrays:\n    arr: ["c", " e "]\n}'
    )


def test_strings_are_dumped_without_escaping() -> None:
    assert dump(a='q"uote\\back', b=["é"]) == (
        'Element {\n  scalars:\n    a: "q"uote\\back"\n  arrays:\n    b: ["é"]\n}'
    )


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        (date(2020, 1, 1), "date"),
        (Decimal(1), "Decimal"),
        ((1,), "tuple"),
        ({"a": 1}, "dict"),
        ({1}, "set"),
        (b"x", "bytes"),
        (object(), "object"),
    ],
)
def test_unsupported_scalar_types(value: object, type_name: str) -> None:
    with pytest.raises(TypeError) as info:
        Element().set("units", value)
    assert str(info.value) == f"Unsupported type {type_name} for Element.set('units')"


@pytest.mark.parametrize("values", [[None], [1, None], ["x", "y", None], [1, None, "x"]])
def test_none_in_a_list(values: list[object]) -> None:
    with pytest.raises(TypeError) as info:
        Element().set("cost", values)
    assert str(info.value) == (
        "Unsupported array element type NoneType for Element.set('cost'): write NULL cells with "
        "update_vector_group, update_set_group or update_time_series_group"
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([1, "a"], "Unsupported value type str in cell 1 of column 'bad'"),
        (["a", 1], "Unsupported value type int in cell 1 of column 'bad'"),
        ([[1]], "Unsupported value type list in cell 0 of column 'bad'"),
        ([datetime(2020, 1, 1), "x"], "Unsupported value type str in cell 1 of column 'bad'"),
        (["x", datetime(2020, 1, 1)], "Unsupported value type datetime in cell 1 of column 'bad'"),
        ([1.5, "x"], "Unsupported value type str in cell 1 of column 'bad'"),
        ([True, "x"], "Unsupported value type str in cell 1 of column 'bad'"),
        ([1, datetime(2020, 1, 1)], "Unsupported value type datetime in cell 1 of column 'bad'"),
        ([Decimal(1)], "Unsupported value type Decimal in cell 0 of column 'bad'"),
        ([date(2020, 1, 1)], "Unsupported value type date in cell 0 of column 'bad'"),
        ([1, 2, (3,)], "Unsupported value type tuple in cell 2 of column 'bad'"),
    ],
)
def test_mixed_lists(values: list[object], message: str) -> None:
    with pytest.raises(TypeError) as info:
        Element().set("bad", values)
    assert str(info.value) == message


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, [2**63], [1, -(2**63) - 1]])
def test_integers_outside_int64(value: object) -> None:
    with pytest.raises(OverflowError, match=r"^int too big to convert$"):
        Element().set("a", value)


def test_int64_limits_are_accepted() -> None:
    assert dump(a=-(2**63), b=[2**63 - 1]) == (
        "Element {\n  scalars:\n    a: -9223372036854775808\n"
        "  arrays:\n    b: [9223372036854775807]\n}"
    )


@pytest.mark.parametrize("value", ["\ud800", ["ok", "\ud800"]])
def test_strings_that_cannot_be_utf8(value: object) -> None:
    with pytest.raises(UnicodeEncodeError):
        Element().set("s", value)


@pytest.mark.parametrize("value", [1, None, "x", []])
def test_names_must_be_str(value: object) -> None:
    with pytest.raises(AttributeError, match=r"^'int' object has no attribute 'encode'$"):
        Element().set(5, value)  # type: ignore[arg-type]


def test_value_errors_come_before_name_errors() -> None:
    with pytest.raises(TypeError, match=r"^Unsupported type object for Element.set\('5'\)$"):
        Element().set(5, object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"in cell 1 of column '5'$"):
        Element().set(5, [1, "a"])  # type: ignore[arg-type]


def test_destroy_is_idempotent_and_blocks_set() -> None:
    element = Element().set("a", 1)
    element.destroy()
    element.destroy()
    assert repr(element) == "Element(destroyed)"
    with pytest.raises(QuiverError, match=r"^Null argument: element$"):
        element.set("a", 1)
    with pytest.raises(QuiverError, match=r"^Null argument: element$"):
        element.set("a", [])
    # Marshalling still comes first.
    with pytest.raises(TypeError):
        element.set("a", object())


def test_clear_empties_the_element() -> None:
    element = Element().set("a", 1).set("b", [1])
    element.clear()
    assert repr(element) == "Element {\n}"
    element.set("c", 2.0)
    assert repr(element) == "Element {\n  scalars:\n    c: 2.000000\n}"


# -- C API -----------------------------------------------------------------------------------------


def test_null_arguments(native: Any) -> None:
    values = ffi.new("int64_t[]", [1])
    calls = [
        (lambda: lib.quiver_element_create(ffi.NULL), "out_element"),
        (lambda: lib.quiver_element_destroy(ffi.NULL), "element"),
        (lambda: lib.quiver_element_clear(ffi.NULL), "element"),
        (lambda: lib.quiver_element_set_integer(ffi.NULL, ffi.NULL, 1), "element"),
        (lambda: lib.quiver_element_set_integer(native, ffi.NULL, 1), "name"),
        (lambda: lib.quiver_element_set_float(native, ffi.NULL, 1.0), "name"),
        (lambda: lib.quiver_element_set_string(native, ffi.NULL, ffi.NULL), "name"),
        (lambda: lib.quiver_element_set_string(native, b"s", ffi.NULL), "value"),
        (lambda: lib.quiver_element_set_null(native, ffi.NULL), "name"),
        (
            lambda: lib.quiver_element_set_array_integer(ffi.NULL, b"a", values, -1, ffi.NULL),
            "element",
        ),
        (
            lambda: lib.quiver_element_set_array_integer(native, ffi.NULL, ffi.NULL, -1, ffi.NULL),
            "name",
        ),
        (
            lambda: lib.quiver_element_set_array_float(native, ffi.NULL, ffi.NULL, 0, ffi.NULL),
            "name",
        ),
        (
            lambda: lib.quiver_element_set_array_string(native, ffi.NULL, ffi.NULL, 0, ffi.NULL),
            "name",
        ),
        (lambda: lib.quiver_element_to_string(ffi.NULL, ffi.new("char**")), "element"),
        (lambda: lib.quiver_element_to_string(native, ffi.NULL), "out_string"),
    ]
    for call, name in calls:
        assert call() == 1
        assert last_error() == f"Null argument: {name}"


def test_invalid_values_count_combinations(native: Any) -> None:
    ints = ffi.new("int64_t[]", [1])
    for call in (
        lambda: lib.quiver_element_set_array_integer(native, b"a", ints, -1, ffi.NULL),
        lambda: lib.quiver_element_set_array_integer(native, b"a", ffi.NULL, 2, ffi.NULL),
        lambda: lib.quiver_element_set_array_float(native, b"a", ffi.NULL, 1, ffi.NULL),
        lambda: lib.quiver_element_set_array_string(native, b"a", ffi.NULL, 1, ffi.NULL),
    ):
        lib.quiver_clear_last_error()
        assert call() == 1
        assert last_error() == "Invalid values/count combination"
    assert to_string(native) == "Element {\n}"


def test_masks_and_null_strings(native: Any) -> None:
    mask = ffi.new("uint8_t[]", [1, 0, 1])
    ints = ffi.new("int64_t[]", [1, 2, 3])
    floats = ffi.new("double[]", [1.5, 2.0, 3.0])
    keep = [ffi.new("char[]", b"a"), ffi.new("char[]", b" b ")]
    strings = ffi.new("char*[]", [keep[0], ffi.NULL, keep[1]])
    assert lib.quiver_element_set_array_integer(native, b"ai", ints, 3, mask) == 0
    assert lib.quiver_element_set_array_float(native, b"af", floats, 3, mask) == 0
    assert lib.quiver_element_set_array_string(native, b"as", strings, 3, ffi.NULL) == 0
    assert lib.quiver_element_set_array_integer(native, b"empty", ffi.NULL, 0, ffi.NULL) == 0
    assert lib.quiver_element_set_string(native, b"s", b"x") == 0
    assert lib.quiver_element_set_null(native, b"n") == 0
    assert to_string(native) == (
        'Element {\n  scalars:\n    n: null\n    s: "x"\n  arrays:\n'
        "    af: [1.500000, null, 3.000000]\n"
        "    ai: [1, null, 3]\n"
        '    as: ["a", null, " b "]\n'
        "    empty: []\n"
        "}"
    )
    assert lib.quiver_element_clear(native) == 0
    assert to_string(native) == "Element {\n}"


def test_inputs_are_copied(native: Any) -> None:
    name = ffi.new("char[]", b"tag")
    text = ffi.new("char[]", b"abc")
    strings = ffi.new("char*[]", [text])
    assert lib.quiver_element_set_string(native, name, text) == 0
    assert lib.quiver_element_set_array_string(native, name, strings, 1, ffi.NULL) == 0
    name[0] = b"x"
    text[0] = b"z"
    assert to_string(native) == (
        'Element {\n  scalars:\n    tag: "abc"\n  arrays:\n    tag: ["abc"]\n}'
    )


def test_free_string_accepts_null() -> None:
    assert lib.quiver_database_free_string(ffi.NULL) == 0


@pytest.fixture
def writes(tmp_path: Path) -> Iterator[Database]:
    db = Database.from_schema(
        str(tmp_path / "writes.db"), str(SCHEMAS / "writes.sql"), console_level=LogLevel.OFF
    )
    yield db
    db.close()


def test_masked_cells_are_written_as_null(writes: Database, native: Any) -> None:
    mask = ffi.new("uint8_t[]", [0, 1, 1])
    keep = [ffi.new("char[]", b" b "), ffi.new("char[]", b"c")]
    notes = ffi.new("char*[]", [ffi.NULL, keep[0], keep[1]])
    amounts = ffi.new("double[]", [9.0, 2.0, 3.0])
    assert lib.quiver_element_set_string(native, b"label", b"c1") == 0
    assert lib.quiver_element_set_array_string(native, b"note", notes, 3, ffi.NULL) == 0
    assert lib.quiver_element_set_array_float(native, b"amount", amounts, 3, mask) == 0
    out = ffi.new("int64_t*")
    assert lib.quiver_database_create_element(writes._ptr, b"Child", native, out) == 0
    # The element is read, not consumed: it can be used again.
    assert lib.quiver_element_set_string(native, b"label", b"c2") == 0
    assert lib.quiver_database_create_element(writes._ptr, b"Child", native, out) == 0
    assert out[0] == 2
    with closing(sqlite3.connect(writes.path())) as conn, conn:
        notes_rows = conn.execute("SELECT * FROM Child_vector_notes ORDER BY id, vector_index")
        assert notes_rows.fetchall() == [
            (1, 1, None),
            (1, 2, "b"),
            (1, 3, "c"),
            (2, 1, None),
            (2, 2, "b"),
            (2, 3, "c"),
        ]
        refs = conn.execute("SELECT id, vector_index, amount, weight FROM Child_vector_refs")
        assert refs.fetchall()[:3] == [(1, 1, None, 5), (1, 2, 2.0, 5), (1, 3, 3.0, 5)]
    conn.close()


def test_null_cells_skip_type_checks_but_not_constraints(writes: Database, native: Any) -> None:
    ints = ffi.new("int64_t[]", [5, 6])
    assert lib.quiver_element_set_string(native, b"label", b"c1") == 0
    assert (
        lib.quiver_element_set_array_integer(native, b"note", ints, 2, ffi.new("uint8_t[]", [0, 1]))
        == 0
    )
    out = ffi.new("int64_t*")
    assert lib.quiver_database_create_element(writes._ptr, b"Child", native, out) == 1
    assert last_error() == (
        "Cannot create_element: type mismatch for array 'note' index 1: expected TEXT, got INTEGER"
    )
    assert lib.quiver_element_clear(native) == 0
    assert lib.quiver_element_set_string(native, b"label", b"c1") == 0
    assert (
        lib.quiver_element_set_array_integer(native, b"code", ints, 2, ffi.new("uint8_t[]", [1, 0]))
        == 0
    )
    assert lib.quiver_database_create_element(writes._ptr, b"Child", native, out) == 1
    assert (
        last_error()
        == "Failed to execute statement: NOT NULL constraint failed: Child_set_codes.code"
    )


def test_database_null_arguments(writes: Database, native: Any) -> None:
    db = writes._ptr
    out = ffi.new("int64_t*")
    calls = [
        (lambda: lib.quiver_database_create_element(ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL), "db"),
        (lambda: lib.quiver_database_create_element(db, ffi.NULL, native, out), "collection"),
        (lambda: lib.quiver_database_create_element(db, b"Child", ffi.NULL, out), "element"),
        (lambda: lib.quiver_database_create_element(db, b"Nope", native, ffi.NULL), "out_id"),
        (lambda: lib.quiver_database_update_element(db, b"Child", 1, ffi.NULL), "element"),
        (lambda: lib.quiver_database_update_element(db, ffi.NULL, 1, native), "collection"),
        (
            lambda: lib.quiver_database_update_element_by_label(db, b"Child", ffi.NULL, ffi.NULL),
            "label",
        ),
        (lambda: lib.quiver_database_update_element_by_label(db, b"C", b"x", ffi.NULL), "element"),
        (lambda: lib.quiver_database_delete_element(ffi.NULL, b"Child", 1), "db"),
        (lambda: lib.quiver_database_delete_element(db, ffi.NULL, 1), "collection"),
        (lambda: lib.quiver_database_delete_element_by_label(db, b"Child", ffi.NULL), "label"),
        (
            lambda: lib.quiver_database_update_relation(db, b"C", b"P", ffi.NULL, 1, ffi.NULL),
            "relation_type",
        ),
        (
            lambda: lib.quiver_database_update_relation(db, b"C", ffi.NULL, b"id", 1, ffi.NULL),
            "collection_to",
        ),
        (
            lambda: lib.quiver_database_update_relation(db, ffi.NULL, b"P", b"id", 1, ffi.NULL),
            "collection_from",
        ),
        (
            lambda: lib.quiver_database_update_relation_by_label(
                db, b"C", b"P", b"id", ffi.NULL, b"x"
            ),
            "label",
        ),
    ]
    for call, name in calls:
        assert call() == 1
        assert last_error() == f"Null argument: {name}"
