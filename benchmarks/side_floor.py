"""The floor: every phase written by hand with the stdlib ``sqlite3`` module.

This is what a user would write instead of using quiverdb: hand-written SQL with bound
parameters, ``executemany`` for the rows of one call, the same transactions as our side
(explicit ``BEGIN``/``COMMIT`` on an autocommit connection), foreign keys on, and the same
conversions of the results (aware UTC ``datetime`` dimensions, lists per element in id order).
Each method does the logical work of one quiverdb call per quiverdb call: per-element writes
stay per element, per-id reads stay one ``SELECT`` per value.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from workload import QUERY_SQL

UTC = timezone.utc

INSERT_PLANT = (
    "INSERT INTO Plant (label, capacity, units, name, date_commission, is_active, bus_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_COST = "INSERT INTO Plant_vector_costs (id, vector_index, cost) VALUES (?, ?, ?)"
INSERT_TAG = "INSERT INTO Plant_set_tags (id, tag) VALUES (?, ?)"


def _aware(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Side:
    """The stdlib ``sqlite3`` implementation of the phases."""

    name = "floor"

    def __init__(self, db_path: str, schema_path: str, buses: list[dict[str, Any]]) -> None:
        conn = sqlite3.connect(db_path, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(Path(schema_path).read_text())
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO Bus (label, voltage) VALUES (?, ?)",
            [(b["label"], b["voltage"]) for b in buses],
        )
        conn.execute("COMMIT")
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    @staticmethod
    def library() -> str:
        return sqlite3.sqlite_version

    # -- writes --------------------------------------------------------------------------------

    def _create(self, row: dict[str, Any]) -> int:
        conn = self.conn
        element_id = conn.execute(
            INSERT_PLANT,
            (
                row["label"],
                row["capacity"],
                row["units"],
                row["name"],
                row["date_commission"].isoformat(),
                row["is_active"],
                row["bus_id"],
            ),
        ).lastrowid
        conn.executemany(
            INSERT_COST, [(element_id, k, c) for k, c in enumerate(row["cost"], start=1)]
        )
        conn.executemany(INSERT_TAG, [(element_id, t) for t in row["tag"]])
        assert element_id is not None
        return element_id

    def create_txn(self, rows: list[dict[str, Any]]) -> list[int]:
        conn = self.conn
        conn.execute("BEGIN")
        try:
            ids = [self._create(row) for row in rows]
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return ids

    def create_autocommit(self, rows: list[dict[str, Any]]) -> list[int]:
        conn = self.conn
        ids = []
        for row in rows:
            conn.execute("BEGIN")
            try:
                ids.append(self._create(row))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return ids

    def ts_write_24(self, items: list[tuple[int, dict[str, list[Any]]]]) -> None:
        conn = self.conn
        conn.execute("BEGIN")
        for element_id, data in items:
            conn.execute("DELETE FROM Plant_time_series_generation WHERE id = ?", (element_id,))
            conn.executemany(
                "INSERT INTO Plant_time_series_generation (id, date_time, generation) "
                "VALUES (?, ?, ?)",
                [
                    (element_id, d.isoformat(), g)
                    for d, g in zip(data["date_time"], data["generation"], strict=True)
                ],
            )
        conn.execute("COMMIT")

    def ts_write_8760(self, items: list[tuple[int, dict[str, list[Any]]]]) -> None:
        conn = self.conn
        conn.execute("BEGIN")
        for element_id, data in items:
            conn.execute("DELETE FROM Plant_time_series_load WHERE id = ?", (element_id,))
            conn.executemany(
                "INSERT INTO Plant_time_series_load (id, date_time, block, load) "
                "VALUES (?, ?, ?, ?)",
                [
                    (element_id, d.isoformat(), b, v)
                    for d, b, v in zip(data["date_time"], data["block"], data["load"], strict=True)
                ],
            )
        conn.execute("COMMIT")

    def ts_upsert_row(self, items: list[tuple[int, dict[str, Any]]]) -> None:
        conn = self.conn
        conn.execute("BEGIN")
        for element_id, row in items:
            conn.execute(
                "INSERT OR REPLACE INTO Plant_time_series_generation (id, date_time, generation) "
                "VALUES (?, ?, ?)",
                (element_id, row["date_time"].isoformat(), row["generation"]),
            )
        conn.execute("COMMIT")

    def update_txn(self, items: list[tuple[int, dict[str, Any]]]) -> None:
        conn = self.conn
        conn.execute("BEGIN")
        for element_id, kw in items:
            cursor = conn.execute(
                "UPDATE Plant SET capacity = ?, units = ?, name = ? WHERE id = ?",
                (kw["capacity"], kw["units"], kw["name"], element_id),
            )
            if cursor.rowcount != 1:
                raise LookupError(element_id)
            conn.execute("DELETE FROM Plant_vector_costs WHERE id = ?", (element_id,))
            conn.executemany(
                INSERT_COST, [(element_id, k, c) for k, c in enumerate(kw["cost"], start=1)]
            )
        conn.execute("COMMIT")

    def delete(self, ids: list[int]) -> None:
        conn = self.conn
        conn.execute("BEGIN")
        for element_id in ids:
            if conn.execute("DELETE FROM Plant WHERE id = ?", (element_id,)).rowcount != 1:
                raise LookupError(element_id)
        conn.execute("COMMIT")

    # -- reads ---------------------------------------------------------------------------------

    def _column(self, sql: str, reps: int) -> list[Any]:
        result: list[Any] = []
        for _ in range(reps):
            result = [row[0] for row in self.conn.execute(sql)]
        return result

    def read_floats(self, reps: int) -> list[Any]:
        return self._column("SELECT capacity FROM Plant ORDER BY id", reps)

    def read_integers(self, reps: int) -> list[Any]:
        return self._column("SELECT units FROM Plant ORDER BY id", reps)

    def read_strings(self, reps: int) -> list[Any]:
        return self._column("SELECT name FROM Plant ORDER BY id", reps)

    def _per_element(self, sql: str, reps: int) -> list[list[Any]]:
        result: list[list[Any]] = []
        for _ in range(reps):
            conn = self.conn
            lists: dict[int, list[Any]] = {
                row[0]: [] for row in conn.execute("SELECT id FROM Plant ORDER BY id")
            }
            for element_id, value in conn.execute(sql):
                lists[element_id].append(value)
            result = list(lists.values())
        return result

    def read_vectors(self, reps: int) -> list[list[Any]]:
        return self._per_element(
            "SELECT id, cost FROM Plant_vector_costs ORDER BY id, vector_index", reps
        )

    def read_sets(self, reps: int) -> list[list[Any]]:
        return self._per_element("SELECT id, tag FROM Plant_set_tags ORDER BY id, rowid", reps)

    def read_by_id(self, ids: list[int]) -> list[tuple[Any, Any, Any]]:
        execute = self.conn.execute
        out = []
        for element_id in ids:
            key = (element_id,)
            capacity = execute("SELECT capacity FROM Plant WHERE id = ?", key).fetchone()
            units = execute("SELECT units FROM Plant WHERE id = ?", key).fetchone()
            name = execute("SELECT name FROM Plant WHERE id = ?", key).fetchone()
            out.append(
                (
                    capacity[0] if capacity else None,
                    units[0] if units else None,
                    name[0] if name else None,
                )
            )
        return out

    def ts_read_24(self, ids: list[int]) -> list[dict[str, list[Any]]]:
        execute = self.conn.execute
        out: list[dict[str, list[Any]]] = []
        for element_id in ids:
            rows = execute(
                "SELECT date_time, generation FROM Plant_time_series_generation "
                "WHERE id = ? ORDER BY date_time",
                (element_id,),
            ).fetchall()
            if not rows:
                out.append({})
                continue
            dates, values = zip(*rows, strict=True)
            out.append({"date_time": [_aware(d) for d in dates], "generation": list(values)})
        return out

    def ts_read_8760(self, ids: list[int]) -> list[dict[str, list[Any]]]:
        execute = self.conn.execute
        out: list[dict[str, list[Any]]] = []
        for element_id in ids:
            rows = execute(
                "SELECT date_time, block, load FROM Plant_time_series_load "
                "WHERE id = ? ORDER BY date_time, block",
                (element_id,),
            ).fetchall()
            if not rows:
                out.append({})
                continue
            dates, blocks, values = zip(*rows, strict=True)
            out.append(
                {
                    "date_time": [_aware(d) for d in dates],
                    "block": list(blocks),
                    "load": list(values),
                }
            )
        return out

    def ts_read_row(self, dates: list[datetime]) -> list[list[Any]]:
        sql = (
            "SELECT (SELECT g.generation FROM Plant_time_series_generation g "
            "WHERE g.id = p.id AND g.date_time <= ?1 AND g.generation IS NOT NULL "
            "ORDER BY g.date_time DESC LIMIT 1) FROM Plant p ORDER BY p.id"
        )
        return [[row[0] for row in self.conn.execute(sql, (d.isoformat(),))] for d in dates]

    def query_float(self, items: list[tuple[int, str]]) -> list[Any]:
        execute = self.conn.execute
        out = []
        for element_id, since in items:
            row = execute(QUERY_SQL, (element_id, since)).fetchone()
            value = row[0] if row else None
            out.append(float(value) if isinstance(value, (int, float)) else None)
        return out
