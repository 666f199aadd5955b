"""update_relation and update_relation_by_label (data spec section 2.6), on the study schema."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LogLevel, QuiverError

SCHEMAS = Path(__file__).parent / "schemas"


def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db.path())
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def relations(db: Database) -> list[tuple[Any, ...]]:
    return rows(db, "SELECT id, label, bus_id, plant_spill_to FROM Plant ORDER BY id")


def fails(exc: type[BaseException], message: str, call: Any, *args: Any) -> None:
    with pytest.raises(exc) as info:
        call(*args)
    assert str(info.value) == message


@pytest.fixture
def grid(study: Database) -> Iterator[Database]:
    study.create_element("Bus", label="B1")
    study.create_element("Bus", label="B2")
    study.create_element("Plant", label="P1", capacity=1.5, bus_segment=[1])
    study.create_element("Plant", label="P2")
    yield study


def test_set_and_clear_relations(grid: Database) -> None:
    grid.update_relation("Plant", "Bus", "id", 1, "B2")
    grid.update_relation("Plant", "Plant", "spill_to", 1, " P2 ")
    assert relations(grid) == [(1, "P1", 2, 2), (2, "P2", None, None)]
    grid.update_relation_by_label("Plant", "Bus", "id", "\tP2 ", "B1")
    grid.update_relation("Plant", "Bus", "id", 1, None)
    assert relations(grid) == [(1, "P1", None, 2), (2, "P2", 1, None)]
    grid.update_relation_by_label("Plant", "Plant", "spill_to", "P1", None)
    assert relations(grid) == [(1, "P1", None, None), (2, "P2", 1, None)]
    # Nothing else of the element changed, groups included.
    assert rows(grid, "SELECT capacity FROM Plant WHERE id = 1") == [(1.5,)]
    assert rows(grid, "SELECT id, bus_segment FROM Plant_vector_segments") == [(1, 1)]


def test_keyword_arguments(grid: Database) -> None:
    grid.update_relation(
        collection_from="Plant", collection_to="Bus", relation_type="id", id=2, target_label="B2"
    )
    grid.update_relation_by_label(
        collection_from="Plant",
        collection_to="Bus",
        relation_type="id",
        label="P1",
        target_label="B1",
    )
    assert relations(grid) == [(1, "P1", 1, None), (2, "P2", 2, None)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Nope", "Bus", "id", 1, "B1"), "Cannot update_relation: collection not found: Nope"),
        (
            ("Plant", "Bus", "xx", 99, "B1"),
            "Cannot update_relation: relation column 'bus_xx' not found in collection 'Plant'",
        ),
        (
            ("Plant", "Ghost", "id", 1, "B1"),
            "Cannot update_relation: relation column 'ghost_id' not found in collection 'Plant'",
        ),
        (
            ("Plant", "Bus", "segment", 1, "B1"),
            "Cannot update_relation: relation column 'bus_segment' not found in collection 'Plant'",
        ),
        (
            ("Plant", "Date", "commission", 99, "B1"),
            "Cannot update_relation: relation column 'date_commission' in collection 'Plant' "
            "is not a foreign key",
        ),
        (
            ("Plant", "BUS", "id", 1, "B1"),
            "Cannot update_relation: relation column 'bus_id' in collection 'Plant' is a "
            "foreign key to collection 'Bus', not to 'BUS'",
        ),
        (("Plant", "Bus", "id", 99, "B1"), "Element not found: 99 in collection 'Plant'"),
        (("Plant", "Bus", "id", 99, "zz"), "Element not found: 99 in collection 'Plant'"),
        (("Plant", "Bus", "id", 1, " zz "), "Failed to resolve label ' zz ' to ID in table 'Bus'"),
        (("Plant", "Bus", "id", 1, ""), "Failed to resolve label '' to ID in table 'Bus'"),
        (
            ("Plant", "Plant", "spill_to", 1, "P9"),
            "Failed to resolve label 'P9' to ID in table 'Plant'",
        ),
    ],
)
def test_update_relation_errors(grid: Database, args: tuple[Any, ...], message: str) -> None:
    fails(QuiverError, message, grid.update_relation, *args)
    assert relations(grid) == [(1, "P1", None, None), (2, "P2", None, None)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("Nope", "Bus", "id", "P1", "B1"),
            "Cannot update_relation_by_label: collection not found: Nope",
        ),
        (
            ("Plant", "Bus", "id", " zz ", "B1"),
            "Element not found: label ' zz ' in collection 'Plant'",
        ),
        # The element is looked up before the relation column is checked.
        (("Plant", "Bus", "xx", "zz", "B1"), "Element not found: label 'zz' in collection 'Plant'"),
        (
            ("Plant", "Bus", "xx", "P1", "B1"),
            "Cannot update_relation: relation column 'bus_xx' not found in collection 'Plant'",
        ),
        (("Plant", "Bus", "id", "P1", "zz"), "Failed to resolve label 'zz' to ID in table 'Bus'"),
    ],
)
def test_update_relation_by_label_errors(
    grid: Database, args: tuple[Any, ...], message: str
) -> None:
    fails(QuiverError, message, grid.update_relation_by_label, *args)


def test_python_argument_errors(grid: Database) -> None:
    no_encode = "'int' object has no attribute 'encode'"
    fails(AttributeError, no_encode, grid.update_relation, "Plant", "Bus", "id", 1, 5)
    fails(AttributeError, no_encode, grid.update_relation, "Plant", "Bus", 5, "x", "B1")
    fails(AttributeError, no_encode, grid.update_relation, 5, "Bus", "id", 1, "B1")
    fails(AttributeError, no_encode, grid.update_relation_by_label, "Plant", "Bus", "id", 1, "B1")
    fails(
        TypeError, "an integer is required", grid.update_relation, "Plant", "Bus", "id", "1", "B1"
    )
    fails(
        TypeError, "an integer is required", grid.update_relation, "Plant", "Bus", "id", 1.0, "B1"
    )
    fails(
        OverflowError,
        "int too big to convert",
        grid.update_relation,
        "Plant",
        "Bus",
        "id",
        2**64,
        "B1",
    )
    grid.update_relation("Plant", "Bus", "id", True, "B1")
    assert relations(grid)[0] == (1, "P1", 1, None)
    grid.close()
    fails(QuiverError, "Database has been closed", grid.update_relation, 5, 5, 5, "x", 5)
    fails(QuiverError, "Database has been closed", grid.update_relation_by_label, 5, 5, 5, 5, 5)


def test_relation_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with Database.from_schema(
        str(tmp_path / "s.db"), str(SCHEMAS / "study.sql"), console_level=LogLevel.OFF
    ) as db:
        db.create_element("Bus", label="B1")
        db.create_element("Plant", label="P1")
        caplog.clear()
        db.update_relation_by_label("Plant", "Bus", "id", "P1", "B1")
        with pytest.raises(QuiverError):
            db.update_relation("Plant", "Bus", "xx", 7, "B1")
        messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert messages == [
        ("DEBUG", "Updating relation Plant.Bus (id) for id 1"),
        ("DEBUG", "Updating element 1 in collection: Plant"),
        ("DEBUG", "Transaction started"),
        ("DEBUG", "Transaction committed"),
        ("INFO", "Updated element 1 in Plant"),
        ("INFO", "Updated relation Plant.bus_id for id 1"),
        ("DEBUG", "Updating relation Plant.Bus (xx) for id 7"),
    ]
