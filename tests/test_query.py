"""query_string / query_integer / query_float / query_boolean / query_date_time
(python-api-core.md §6) and the C query functions (c-api.md §3.14)."""

from __future__ import annotations

import enum
import math
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError
from quiverdb._ffi import ffi, lib

READ_ONLY = (
    "Cannot query: SQL must be read-only; writes, PRAGMA, ATTACH, VACUUM and transaction control "
    "are not allowed"
)
UNSUPPORTED = "Unsupported parameter type: {}. Expected int, float, str, or None."


@pytest.fixture
def db(plants: Database) -> Database:
    """The fixture schema with two plants, written through a second connection."""
    conn = sqlite3.connect(plants.path())
    conn.execute("INSERT INTO Plant (label, capacity, units) VALUES ('a', 1.5, 2), ('b', 0, 3)")
    conn.commit()
    conn.close()
    return plants


def raises_quiver(call: Callable[[], object], message: str) -> None:
    with pytest.raises(QuiverError) as info:
        call()
    assert str(info.value) == message


# -- statements ------------------------------------------------------------------------------------


def test_only_the_first_statement_runs(db: Database) -> None:
    assert db.query_integer("select 1; select 2") == 1
    assert db.query_integer("select 1;;") == 1
    assert db.query_integer("; select 3") == 3
    assert db.query_integer(" ; ; select 3") == 3
    assert db.query_integer("-- note\nselect 7") == 7
    # The second statement is not even looked at, so a write there is harmless.
    assert db.query_integer("select count(*) from Plant; delete from Plant") == 2
    assert db.query_integer("select count(*) from Plant") == 2


@pytest.mark.parametrize(
    "sql",
    [
        "insert into Zone (label) values ('x')",
        "update Plant set units = 1",
        "delete from Plant",
        "replace into Zone (label) values ('x')",
        "with x as (select 1) insert into Zone (label) values ('a')",
        "pragma user_version",
        "PRAGMA foreign_keys",
        "pragma table_info(Plant)",
        "pragma nope",
        "/* c */ pragma user_version",
        "explain pragma user_version",
        "explain query plan pragma user_version",
        "explain insert into Zone (label) values ('q')",
        "begin",
        "commit",
        "end",
        "rollback",
        "savepoint a",
        "release a",
        "vacuum",
        "explain vacuum",
        "attach ':memory:' as x",
        "detach x",
        "create table t (a)",
        "create temp table t (a)",
        "create temp view v as select 1",
        "drop table Zone",
        "alter table Zone add column x",
        "analyze",
        "reindex",
    ],
)
def test_non_read_only_statements_are_refused(db: Database, sql: str) -> None:
    for query in (db.query_string, db.query_integer, db.query_float):
        raises_quiver(lambda q=query: q(sql), READ_ONLY)  # type: ignore[misc]
    assert db.query_integer("select count(*) from Plant") == 2
    assert db.query_integer("select count(*) from Zone") == 0
    assert not db.in_transaction()


def test_refusal_comes_before_parameter_count(db: Database) -> None:
    raises_quiver(lambda: db.query_integer("insert into Zone (label) values (?)"), READ_ONLY)


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select count(*) from pragma_table_info('Plant')", 6),
        ("select * from pragma_foreign_keys", 1),
        ("with x(a) as (select 5) select a from x", 5),
        ("explain query plan select 1", 1),
        ("select count(*) from sqlite_master where type = 'table'", 7),
        ("values (3)", 3),
        ("  SELECT 4  ", 4),
    ],
)
def test_read_only_statements_are_allowed(db: Database, sql: str, expected: int) -> None:
    assert db.query_integer(sql) == expected


def test_explain_select_runs(db: Database) -> None:
    assert db.query_integer("explain select 1") == 0


@pytest.mark.parametrize("sql", ["", "   ", "-- c", "/* x */", ";"])
def test_empty_sql(db: Database, sql: str) -> None:
    for query in (db.query_string, db.query_integer, db.query_float):
        raises_quiver(lambda q=query: q(sql), "Failed to execute statement: not an error")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("selec 1", 'Failed to prepare statement: near "selec": syntax error'),
        ("select * from nope", "Failed to prepare statement: no such table: nope"),
        ("insert into nope values (1)", "Failed to prepare statement: no such table: nope"),
        ("select 1 from", "Failed to prepare statement: incomplete input"),
        (
            "select 1 union all select 2 from nope",
            "Failed to prepare statement: no such table: nope",
        ),
    ],
)
def test_prepare_errors(db: Database, sql: str, message: str) -> None:
    raises_quiver(lambda: db.query_string(sql), message)


def test_double_quotes_name_identifiers_only(db: Database) -> None:
    with pytest.raises(QuiverError, match=r'^Failed to prepare statement: no such column: "?a'):
        db.query_string('select "a"')
    assert db.query_string('select "label" from Plant order by id') == "a"


def test_sql_must_be_str(db: Database) -> None:
    for bad, name in ((5, "int"), (None, "NoneType"), (b"select 1", "bytes")):
        with pytest.raises(AttributeError) as info:
            db.query_string(bad)  # type: ignore[arg-type]
        assert str(info.value) == f"'{name}' object has no attribute 'encode'"


def test_sql_unencodable(db: Database) -> None:
    with pytest.raises(UnicodeEncodeError):
        db.query_string("select '\ud800'")


def test_parameters_are_keyword_only(db: Database) -> None:
    for name in (
        "query_string",
        "query_integer",
        "query_float",
        "query_boolean",
        "query_date_time",
    ):
        with pytest.raises(TypeError) as info:
            getattr(db, name)("select ?", ["a"])
        assert str(info.value) == f"Database.{name}() takes 2 positional arguments but 3 were given"
    assert db.query_string(sql="select 'z'") == "z"


# -- results ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "as_string", "as_integer", "as_float"),
    [
        ("select 'A'", "A", None, None),
        ("select '12'", "12", None, None),
        ("select 42", None, 42, 42.0),
        ("select 2.7", None, None, 2.7),
        ("select 2.0", None, None, 2.0),
        ("select null", None, None, None),
        ("select 1 where 0", None, None, None),
        ("select 9223372036854775807", None, 9223372036854775807, 9.223372036854776e18),
        ("select -9223372036854775808", None, -9223372036854775808, -9.223372036854776e18),
        ("select -0.0", None, None, -0.0),
        ("select 1 union all select 'x'", None, 1, 1.0),
        ("select 'é'", "é", None, None),
        ("select '' ", "", None, None),
    ],
)
def test_storage_class_must_match(
    db: Database, sql: str, as_string: Any, as_integer: Any, as_float: Any
) -> None:
    assert db.query_string(sql) == as_string
    integer = db.query_integer(sql)
    assert integer == as_integer and type(integer) is type(as_integer)
    real = db.query_float(sql)
    assert real == as_float and type(real) is type(as_float)


def test_first_column_of_first_row(db: Database) -> None:
    assert db.query_string("select label, id from Plant order by id desc") == "b"
    assert db.query_float("select count(*) from Plant") == 2.0
    assert db.query_float("select capacity from Plant order by id") == 1.5
    assert db.query_string("select * from sqlite_master") == "table"


def test_special_floats(db: Database) -> None:
    assert db.query_float("select 1e308 * 10") == math.inf
    assert db.query_float("select -1e308 * 10") == -math.inf
    zero = db.query_float("select -0.0")
    assert zero == 0.0 and math.copysign(1.0, zero) == -1.0


def test_text_results_stop_at_nul(db: Database) -> None:
    assert db.query_string("select 'a' || char(0) || 'b'") == "a"
    assert db.query_string("select char(0)") == ""


@pytest.mark.parametrize(
    "sql",
    [
        "select x'00'",
        "select 1, x'00'",
        "select x'00', 1",
        "select zeroblob(0)",
        "select cast('' as blob)",
        "select 1 union all select x'00'",
        "select 1 union select x'00'",
        "select column1 from (values (1), (2), (x'00'))",
    ],
)
def test_blob_anywhere_in_the_result(db: Database, sql: str) -> None:
    for query in (db.query_string, db.query_integer, db.query_float):
        raises_quiver(
            lambda q=query: q(sql), "Failed to execute statement: BLOB type not supported"
        )  # type: ignore[misc]


def test_run_time_error_in_a_later_row(db: Database) -> None:
    raises_quiver(
        lambda: db.query_integer("select 1 union all select abs(-9223372036854775807 - 1)"),
        "Failed to execute statement: integer overflow",
    )


def test_many_rows(db: Database) -> None:
    sql = (
        "with recursive c(x) as (select 1 union all select x + 1 from c where x < 100000) "
        "select x from c"
    )
    assert db.query_integer(sql) == 1


def test_query_boolean(db: Database) -> None:
    assert db.query_boolean("select 1") is True
    assert db.query_boolean("select 0") is False
    assert db.query_boolean("select null") is None
    assert db.query_boolean("select 1.0") is None
    assert db.query_boolean("select '1'") is None
    assert db.query_boolean("select ?", parameters=[True]) is True
    for value in (2, -1):
        with pytest.raises(ValueError) as info:
            db.query_boolean(f"select {value}")
        assert str(info.value) == f"Cannot convert integer {value} to boolean: expected 0 or 1"


def test_query_date_time(db: Database) -> None:
    utc = timezone.utc
    assert db.query_date_time("select '2020-01-02'") == datetime(2020, 1, 2, tzinfo=utc)
    assert db.query_date_time("select '2020-01-02 03:04:05'") == datetime(
        2020, 1, 2, 3, 4, 5, tzinfo=utc
    )
    result = db.query_date_time("select '2020-01-02T03:04:05'")
    assert result == datetime(2020, 1, 2, 3, 4, 5, tzinfo=utc) and result.tzinfo is utc
    assert db.query_date_time("select ?", parameters=["2020-01-01"]) == datetime(
        2020, 1, 1, tzinfo=utc
    )
    assert db.query_date_time("select 5") is None
    assert db.query_date_time("select null") is None


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "",
        "2020-1-1",
        "2020-02-30",
        "2020-01-01T10:00",
        "2020-01-01T25:00:00",
        "2020-01-01T10:00:00Z",
        "2020-01-01T10:00:00.5",
    ],
)
def test_query_date_time_invalid_text(db: Database, text: str) -> None:
    with pytest.raises(ValueError) as info:
        db.query_date_time("select ?", parameters=[text])
    assert str(info.value) == (
        f'Cannot convert "{text}" to a date time: expected a valid YYYY-MM-DD[THH:MM:SS]'
    )


def test_query_date_time_surrounding_blanks(db: Database) -> None:
    # Results are not trimmed; parameters are, before binding.
    for text in (" 2020-01-01", "2020-01-01 "):
        with pytest.raises(ValueError) as info:
            db.query_date_time(f"select '{text}'")
        assert str(info.value).startswith(f'Cannot convert "{text}" to a date time')
        assert db.query_date_time("select ?", parameters=[text]) == datetime(
            2020, 1, 1, tzinfo=timezone.utc
        )


# -- parameters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "parameters", "expected"),
    [
        ("select ?1 || ?1", ["a"], "aa"),
        ("select :a || :a", ["x"], "xx"),
        ("select @a || $b", ["x", "y"], "xy"),
        ("select ?2", ["x", "y"], "y"),
        ("select ? || ?", ("p", "q"), "pq"),
        ("select ? || ?", ["a", None], None),
        ("select typeof(?)", [None], "null"),
        ("select typeof(?)", [True], "integer"),
        ("select typeof(?)", [1.0], "real"),
        ("select typeof(?)", [math.nan], "null"),
        ("select typeof(?)", ["1"], "text"),
        ("select label from Plant where units = ?", [3], "b"),
        ("select ?", ["  hi \n"], "hi"),
        ("select ?", ["\r\ta\r\t"], "a"),
        ("select ?", ["   "], ""),
        ("select ?", [""], ""),
        ("select ?", ["\x0ba\x0c"], "\x0ba\x0c"),
        ("select ?", ["\xa0x\xa0"], "\xa0x\xa0"),
        ("select ?", ["x\x00y"], "x"),
        ("select ?", ["é"], "é"),
        ("select 'a'", None, "a"),
        ("select 'a'", [], "a"),
        ("select 'a'", (), "a"),
        ("select ?", "a", "a"),
    ],
)
def test_parameter_binding(db: Database, sql: str, parameters: Any, expected: Any) -> None:
    assert db.query_string(sql, parameters=parameters) == expected


def test_numeric_parameters(db: Database) -> None:
    class Small(enum.IntEnum):
        THREE = 3

    class Real(float):
        pass

    class Text(str):
        pass

    assert db.query_integer("select ?", parameters=[True]) == 1
    assert db.query_integer("select ?", parameters=[-(2**63)]) == -(2**63)
    assert db.query_integer("select ?", parameters=[2**63 - 1]) == 2**63 - 1
    assert db.query_integer("select ?", parameters=[Small.THREE]) == 3
    assert db.query_float("select ?", parameters=[Real(2.5)]) == 2.5
    assert db.query_float("select ?", parameters=[-math.inf]) == -math.inf
    assert db.query_string("select ?", parameters=[math.inf]) is None
    assert db.query_string("select ?", parameters=[Text(" s ")]) == "s"
    assert db.query_integer("select ?", parameters={1: 2}) == 1
    assert db.query_integer("select ?", parameters=b"a") == 97


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**64])
def test_integer_parameter_out_of_range(db: Database, value: int) -> None:
    with pytest.raises(OverflowError, match=r"^int too big to convert$"):
        db.query_integer("select ?", parameters=[value])


class int64:
    pass


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (datetime(2020, 1, 1), "datetime"),
        (b"x", "bytes"),
        ([1], "list"),
        ((1,), "tuple"),
        (object(), "object"),
        (int64(), "int64"),
        (1j, "complex"),
    ],
)
def test_unsupported_parameter_types(db: Database, value: object, name: str) -> None:
    for query in (
        db.query_string,
        db.query_integer,
        db.query_float,
        db.query_boolean,
        db.query_date_time,
    ):
        with pytest.raises(TypeError) as info:
            query("select ?", parameters=[value])
        assert str(info.value) == UNSUPPORTED.format(name)


def test_parameters_need_len(db: Database) -> None:
    with pytest.raises(TypeError, match=r"^object of type 'generator' has no len\(\)$"):
        db.query_integer("select ?", parameters=(x for x in [1]))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^object of type 'int' has no len\(\)$"):
        db.query_integer("select ?", parameters=5)  # type: ignore[arg-type]


def test_parameters_are_marshalled_in_order_before_the_sql(db: Database) -> None:
    with pytest.raises(TypeError, match=r"^Unsupported parameter type: object"):
        db.query_string(5, parameters=[object()])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^Unsupported parameter type: object"):
        db.query_string("select ?, ?", parameters=[object(), 2**64])
    with pytest.raises(OverflowError):
        db.query_string("select ?, ?", parameters=[2**64, object()])
    with pytest.raises(UnicodeEncodeError):
        db.query_string("select ?, ?", parameters=["\ud800", object()])
    with pytest.raises(TypeError, match=r"^Unsupported parameter type: object"):
        db.query_string("selec ?", parameters=[object()])


@pytest.mark.parametrize(
    ("sql", "parameters", "expected", "got"),
    [
        ("select ?", None, 1, 0),
        ("select ?1", [], 1, 0),
        ("select :a", None, 1, 0),
        ("select ?2", None, 2, 0),
        ("select ?3", ["x"], 3, 1),
        ("select ?", ["x", "y"], 1, 2),
        ("select 1", ["x"], 0, 1),
        ("select 'ab' = ?", "ab", 1, 2),
    ],
)
def test_parameter_count_must_match(
    db: Database, sql: str, parameters: Any, expected: int, got: int
) -> None:
    raises_quiver(
        lambda: db.query_string(sql, parameters=parameters),
        f"Failed to execute statement: expected {expected} bound parameter(s) but got {got}",
    )


# -- handles ---------------------------------------------------------------------------------------


def test_queries_on_closed_database(db: Database) -> None:
    db.close()
    for name in (
        "query_string",
        "query_integer",
        "query_float",
        "query_boolean",
        "query_date_time",
    ):
        query = getattr(db, name)
        for args, kwargs in (((5,), {}), (("select 1",), {"parameters": [object()]})):
            with pytest.raises(QuiverError) as info:
                query(*args, **kwargs)
            assert str(info.value) == "Database has been closed"


def test_queries_on_read_only_handle(db: Database) -> None:
    ro = Database.open(db.path(), read_only=True, console_level=LogLevel.OFF)
    try:
        assert ro.query_integer("select count(*) from Plant") == 2
        assert ro.query_string("select label from Plant where id = ?", parameters=[1]) == "a"
        raises_quiver(lambda: ro.query_integer("delete from Plant"), READ_ONLY)
    finally:
        ro.close()


def test_queries_do_not_need_a_valid_schema(tmp_path: Path) -> None:
    path = tmp_path / "foo.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE Foo (id INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO Foo VALUES (4)")
    conn.commit()
    conn.close()
    db = Database.open(str(path), console_level=LogLevel.OFF)
    try:
        assert db.query_integer("select id from Foo") == 4
    finally:
        db.close()


def test_queries_inside_a_transaction(db: Database) -> None:
    db.begin_transaction()
    assert db.query_integer("select count(*) from Plant") == 2
    raises_quiver(lambda: db.query_integer("commit"), READ_ONLY)
    assert db.in_transaction()
    db.rollback()


# -- the C functions -------------------------------------------------------------------------------


def last_error() -> str:
    return ffi.string(lib.quiver_get_last_error()).decode()


@pytest.fixture
def handle(db: Database) -> Iterator[Any]:
    yield db._handle()


def test_c_null_arguments_in_parameter_order(handle: Any) -> None:
    out, has = ffi.new("int64_t*"), ffi.new("int*")
    null = ffi.NULL
    cases = [
        ((null, null, null, null, 0, null, null), "db"),
        ((handle, null, null, null, 0, null, null), "sql"),
        ((handle, b"select 1", null, null, 1, null, null), "out_value"),
        ((handle, b"select 1", null, null, 0, out, null), "out_has_value"),
        ((handle, b"select 1", null, null, 1, out, has), "param_types"),
        ((handle, b"select 1", ffi.new("int[]", [0]), null, 1, out, has), "param_values"),
    ]
    for args, name in cases:
        assert lib.quiver_database_query_integer(*args) == 1
        assert last_error() == f"Null argument: {name}"


def test_c_parameter_codes(handle: Any) -> None:
    out, has = ffi.new("double*"), ffi.new("int*")
    text = ffi.new("char[]", b"x")
    values = ffi.new("void*[]", [ffi.NULL, text, ffi.NULL])
    # DATE_TIME (3) is not a parameter type; date-times travel as STRING.
    rc = lib.quiver_database_query_float(
        handle, b"select 1", ffi.new("int[]", [3]), values, 1, out, has
    )
    assert rc == 1 and last_error() == "Cannot query_float: unknown parameter type 3"
    rc = lib.quiver_database_query_float(
        handle, b"selec", ffi.new("int[]", [-1]), values, 1, out, has
    )
    assert rc == 1 and last_error() == "Cannot query_float: unknown parameter type -1"
    types = ffi.new("int[]", [4, 2, 9])
    sv = ffi.new("char**")
    values = ffi.new("void*[]", [ffi.NULL, ffi.NULL, ffi.NULL])
    rc = lib.quiver_database_query_string(handle, b"select 1", types, values, 3, sv, has)
    assert (
        rc == 1
        and last_error() == "Cannot query_string: parameter at index 1 has null string value"
    )
    # A NULL-type parameter ignores its value pointer.
    types = ffi.new("int[]", [4])
    rc = lib.quiver_database_query_float(handle, b"select ?", types, values, 1, out, has)
    assert rc == 0 and has[0] == 0
    types = ffi.new("int[]", [2])
    values = ffi.new("void*[]", [ffi.cast("void*", text)])
    rc = lib.quiver_database_query_string(handle, b"select ? || ?1", types, values, 1, sv, has)
    assert rc == 0 and has[0] == 1 and ffi.string(sv[0]) == b"xx"
    lib.quiver_database_free_string(sv[0])


def test_c_outputs_without_value(handle: Any) -> None:
    out, has = ffi.new("int64_t*", 77), ffi.new("int*", 55)
    assert (
        lib.quiver_database_query_integer(handle, b"select 2.5", ffi.NULL, ffi.NULL, 0, out, has)
        == 0
    )
    assert (out[0], has[0]) == (77, 0)
    assert (
        lib.quiver_database_query_integer(handle, b"select 5", ffi.NULL, ffi.NULL, 0, out, has) == 0
    )
    assert (out[0], has[0]) == (5, 1)
    # On failure the outputs stay as they were.
    has[0] = 55
    assert lib.quiver_database_query_integer(handle, b"selec", ffi.NULL, ffi.NULL, 0, out, has) == 1
    assert (out[0], has[0]) == (5, 55)
    sv = ffi.new("char**", ffi.cast("char*", 1234))
    assert (
        lib.quiver_database_query_string(handle, b"select 1", ffi.NULL, ffi.NULL, 0, sv, has) == 0
    )
    assert sv[0] == ffi.NULL and has[0] == 0
