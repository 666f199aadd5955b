"""Safety review regressions: closing from inside a call, query hardening, close racing calls."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError

CLOSED = "Database has been closed"
READ_ONLY = (
    "Cannot query: SQL must be read-only; writes, PRAGMA, ATTACH, VACUUM and transaction control "
    "are not allowed"
)
TOKENIZER = "Cannot query: fts3_tokenizer is not allowed"


def raises(message: str) -> pytest.RaisesExc[QuiverError]:
    """``pytest.raises(QuiverError)`` for exactly this message."""
    return pytest.raises(QuiverError, match=f"^{re.escape(message)}$")


class _OnRecord(logging.Handler):
    """Runs an action the first time a record containing ``text`` is emitted."""

    def __init__(self, text: str, action: Callable[[], object]) -> None:
        super().__init__(logging.DEBUG)
        self.text = text
        self.action = action
        self.fired = 0
        self.errors: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.fired or self.text not in record.getMessage():
            return
        self.fired += 1
        try:
            self.action()
        except BaseException as exc:  # checked by the test
            self.errors.append(exc)


@pytest.fixture
def debug_logger() -> Iterator[logging.Logger]:
    """The quiverdb logger at DEBUG (records reach handlers from the next open on)."""
    logger = logging.getLogger("quiverdb")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        yield logger
    finally:
        logger.setLevel(level)


def _open(path: Path, schemas: Path) -> Database:
    return Database.from_schema(str(path), str(schemas / "plants.sql"), console_level=LogLevel.OFF)


# -- close() from inside one of the database's own calls ---------------------------------------


def test_close_from_a_log_handler_waits_for_the_call(
    tmp_path: Path, schemas: Path, debug_logger: logging.Logger
) -> None:
    """A handler closing the database while the core is inside create_element: the core keeps a
    live handle until the call returns (it used to run on a freed handle)."""
    db = _open(tmp_path / "p.db", schemas)
    handler = _OnRecord("Creating element in collection", db.close)
    debug_logger.addHandler(handler)
    try:
        element_id = db.create_element("Plant", label="kept", cost=[1.0, 2.0])
    finally:
        debug_logger.removeHandler(handler)
    assert handler.fired == 1
    assert handler.errors == []
    assert element_id == 1
    # Closed once the call returned.
    with raises(CLOSED):
        db.number_of_elements("Plant")
    assert repr(db) == "Database(closed)"
    db.close()  # still idempotent
    with Database.open(str(tmp_path / "p.db"), console_level=LogLevel.OFF) as again:
        assert again.read_scalar_strings("Plant", "label") == ["kept"]
        assert again.read_vector_floats("Plant", "cost") == [[1.0, 2.0]]


def test_close_from_a_log_handler_during_a_failing_call(
    tmp_path: Path, schemas: Path, debug_logger: logging.Logger
) -> None:
    db = _open(tmp_path / "p.db", schemas)
    handler = _OnRecord("Creating element in collection", db.close)
    debug_logger.addHandler(handler)
    try:
        with raises("Cannot create_element: collection not found: Nope"):
            db.create_element("Nope", label="x")
    finally:
        debug_logger.removeHandler(handler)
    assert handler.fired == 1
    with raises(CLOSED):
        db.read_element_ids("Plant")


def test_close_from_a_log_handler_inside_a_transaction(
    tmp_path: Path, schemas: Path, debug_logger: logging.Logger
) -> None:
    """The deferred close discards the open transaction, like any close."""
    db = _open(tmp_path / "p.db", schemas)
    db.create_element("Plant", label="before")
    handler = _OnRecord("Creating element in collection", db.close)
    debug_logger.addHandler(handler)
    try:
        db.begin_transaction()
        db.create_element("Plant", label="discarded")
    finally:
        debug_logger.removeHandler(handler)
    with raises(CLOSED):
        db.commit()
    with Database.open(str(tmp_path / "p.db"), console_level=LogLevel.OFF) as again:
        assert again.read_scalar_strings("Plant", "label") == ["before"]


def test_calls_from_a_log_handler_see_the_deferred_close(
    tmp_path: Path, schemas: Path, debug_logger: logging.Logger
) -> None:
    """After a handler's close, the rest of the running call and the handler's own calls get the
    closed error, never a freed handle."""
    db = _open(tmp_path / "p.db", schemas)
    db.create_element("Plant", label="a")

    def close_then_use() -> None:
        db.close()
        db.number_of_elements("Plant")

    handler = _OnRecord("Deleting element", close_then_use)
    debug_logger.addHandler(handler)
    try:
        db.delete_element("Plant", 1)
    finally:
        debug_logger.removeHandler(handler)
    assert [str(e) for e in handler.errors] == [CLOSED]
    with Database.open(str(tmp_path / "p.db"), console_level=LogLevel.OFF) as again:
        assert again.number_of_elements("Plant") == 0


# -- queries: nothing but reads ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "WITH x AS (SELECT 1) DELETE FROM Plant",
        "with x as (select 1) update Plant set units = 9",
        "VACUUM INTO 'copy.db'",
        "/* c */ vacuum into 'copy.db'",
        "-- c\n ATTACH 'other.db' AS o",
        "\f pragma user_version = 3",
        " ;; PRAGMA user_version = 3",
        "EXPLAIN DELETE FROM Plant",
        "explain query plan with x as (select 1) delete from Plant",
        "Explain   Query\tPlan insert into Zone (label) values ('z')",
    ],
)
def test_query_write_attempts_are_refused(plants: Database, tmp_path: Path, sql: str) -> None:
    plants.create_element("Plant", label="a")
    with raises(READ_ONLY):
        plants.query_integer(sql)
    assert plants.number_of_elements("Plant") == 1
    assert plants.current_version() == 0
    assert not plants.in_transaction()
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM pragma_user_version(5)",
        "SELECT * FROM pragma_foreign_keys(0)",
        "SELECT * FROM pragma_journal_mode('off')",
    ],
)
def test_pragma_functions_cannot_set_values(plants: Database, sql: str) -> None:
    with pytest.raises(QuiverError):
        plants.query_integer(sql)
    assert plants.current_version() == 0
    assert plants.query_integer("SELECT * FROM pragma_foreign_keys") == 1


@pytest.mark.parametrize(
    ("sql", "parameters"),
    [
        ("SELECT hex(fts3_tokenizer('simple', X'4141414141414141'))", None),
        ("SELECT fts3_tokenizer('simple', ?1)", ["AAAAAAAA"]),
        ('SELECT "FTS3_Tokenizer"(?, ?)', ["simple", "AAAAAAAA"]),
        ("SELECT hex([fts3_tokenizer]('simple'))", None),
        ("SELECT 1 FROM Plant WHERE 'fts3_tokenizer' = label", None),
    ],
)
def test_fts3_tokenizer_is_refused(
    plants: Database, sql: str, parameters: list[object] | None
) -> None:
    """Its two-argument form plants a native pointer a later full-text query calls through
    (system SQLite builds enable it; a bound argument passes even when disabled)."""
    for query in (plants.query_string, plants.query_integer, plants.query_float):
        with raises(TOKENIZER):
            query(sql, parameters=parameters)


# -- close racing calls in other threads -----------------------------------------------------


def _race_close(db: Database) -> tuple[list[BaseException], int]:
    """Four threads call db in a loop until it is closed under them; returns what they raised
    besides the closed error, and how many calls completed."""
    start = threading.Barrier(5)
    unexpected: list[BaseException] = []
    done = [0]

    def work(worker: int) -> None:
        start.wait()
        k = 0
        while True:
            try:
                if k % 4 == 0:
                    db.create_element("Plant", label=f"w{worker}-{k}", cost=[float(k)])
                elif k % 4 == 1:
                    db.read_vector_floats("Plant", "cost")
                elif k % 4 == 2:
                    db.query_integer("SELECT count(*) FROM Plant")
                else:
                    db.update_vector_group("Plant", "costs", 1, {"cost": [float(k)]})
                done[0] += 1
            except QuiverError as exc:
                if str(exc) != CLOSED:
                    unexpected.append(exc)
                return
            except BaseException as exc:
                unexpected.append(exc)
                return
            k += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    start.wait()
    time.sleep(0.05)
    db.close()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    return unexpected, done[0]


def test_close_while_other_threads_call(tmp_path: Path, schemas: Path) -> None:
    """Every call made while another thread closes the database either completes or raises
    ``QuiverError('Database has been closed')``; nothing else, no crash."""
    for round_ in range(5):
        db = _open(tmp_path / f"r{round_}.db", schemas)
        db.create_element("Plant", label="seed", cost=[1.0])
        unexpected, done = _race_close(db)
        assert unexpected == []
        assert done > 0
