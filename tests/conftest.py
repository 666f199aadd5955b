"""Shared fixtures: schema files under tests/schemas and opened databases over them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture
def schemas() -> Path:
    """The folder of schema files written for the tests."""
    return SCHEMAS


@pytest.fixture
def plants(tmp_path: Path) -> Iterator[Database]:
    """The core spec's fixture schema (Configuration, Zone, Plant and its groups)."""
    db = Database.from_schema(
        str(tmp_path / "plants.db"), str(SCHEMAS / "plants.sql"), console_level=LogLevel.OFF
    )
    yield db
    db.close()


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Database]:
    """The data spec's running example (Bus, Plant with vector, set and time-series groups)."""
    db = Database.from_schema(
        str(tmp_path / "study.db"), str(SCHEMAS / "study.sql"), console_level=LogLevel.OFF
    )
    yield db
    db.close()
