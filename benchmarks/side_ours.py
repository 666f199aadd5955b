"""Our side: every phase written with the public quiverdb API, the way its docs show it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workload import QUERY_SQL

from quiverdb import Database, LogLevel


class Side:
    """The quiverdb implementation of the phases."""

    name = "ours"

    def __init__(self, db_path: str, schema_path: str, buses: list[dict[str, Any]]) -> None:
        db = Database.from_schema(db_path, schema_path, console_level=LogLevel.OFF)
        with db.transaction():
            for bus in buses:
                db.create_element("Bus", **bus)
        self.db = db

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def library() -> str:
        import quiverdb

        sqlite_version = getattr(quiverdb, "sqlite_version", None)
        return sqlite_version() if sqlite_version else "unknown"

    # -- writes --------------------------------------------------------------------------------

    def create_txn(self, rows: list[dict[str, Any]]) -> list[int]:
        db = self.db
        with db.transaction():
            return [db.create_element("Plant", **row) for row in rows]

    def create_autocommit(self, rows: list[dict[str, Any]]) -> list[int]:
        db = self.db
        return [db.create_element("Plant", **row) for row in rows]

    def ts_write_24(self, items: list[tuple[int, dict[str, list[Any]]]]) -> None:
        db = self.db
        with db.transaction():
            for element_id, data in items:
                db.update_time_series_group("Plant", "generation", element_id, data)

    def ts_write_8760(self, items: list[tuple[int, dict[str, list[Any]]]]) -> None:
        db = self.db
        with db.transaction():
            for element_id, data in items:
                db.update_time_series_group("Plant", "load", element_id, data)

    def ts_upsert_row(self, items: list[tuple[int, dict[str, Any]]]) -> None:
        db = self.db
        with db.transaction():
            for element_id, row in items:
                db.upsert_time_series_row("Plant", "generation", element_id, **row)

    def update_txn(self, items: list[tuple[int, dict[str, Any]]]) -> None:
        db = self.db
        with db.transaction():
            for element_id, kwargs in items:
                db.update_element("Plant", element_id, **kwargs)

    def delete(self, ids: list[int]) -> None:
        db = self.db
        with db.transaction():
            for element_id in ids:
                db.delete_element("Plant", element_id)

    # -- reads ---------------------------------------------------------------------------------

    def read_floats(self, reps: int) -> list[Any]:
        result: list[Any] = []
        for _ in range(reps):
            result = self.db.read_scalar_floats("Plant", "capacity")
        return result

    def read_integers(self, reps: int) -> list[Any]:
        result: list[Any] = []
        for _ in range(reps):
            result = self.db.read_scalar_integers("Plant", "units")
        return result

    def read_strings(self, reps: int) -> list[Any]:
        result: list[Any] = []
        for _ in range(reps):
            result = self.db.read_scalar_strings("Plant", "name")
        return result

    def read_vectors(self, reps: int) -> list[list[Any]]:
        result: list[list[Any]] = []
        for _ in range(reps):
            result = self.db.read_vector_floats("Plant", "cost")
        return result

    def read_sets(self, reps: int) -> list[list[Any]]:
        result: list[list[Any]] = []
        for _ in range(reps):
            result = self.db.read_set_strings("Plant", "tag")
        return result

    def read_by_id(self, ids: list[int]) -> list[tuple[Any, Any, Any]]:
        db = self.db
        return [
            (
                db.read_scalar_float_by_id("Plant", "capacity", element_id),
                db.read_scalar_integer_by_id("Plant", "units", element_id),
                db.read_scalar_string_by_id("Plant", "name", element_id),
            )
            for element_id in ids
        ]

    def ts_read_24(self, ids: list[int]) -> list[dict[str, list[Any]]]:
        db = self.db
        return [db.read_time_series_group("Plant", "generation", i) for i in ids]

    def ts_read_8760(self, ids: list[int]) -> list[dict[str, list[Any]]]:
        db = self.db
        return [db.read_time_series_group("Plant", "load", i) for i in ids]

    def ts_read_row(self, dates: list[datetime]) -> list[list[Any]]:
        db = self.db
        return [db.read_time_series_row("Plant", "generation", "generation", d) for d in dates]

    def query_float(self, items: list[tuple[int, str]]) -> list[Any]:
        db = self.db
        return [db.query_float(QUERY_SQL, parameters=[i, since]) for i, since in items]
