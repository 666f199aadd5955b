"""Build a small study from examples/study.sql and print its description.

Run from anywhere: ``python examples/build_study.py [output.db]`` (default: study.db in a
temporary folder).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from quiverdb import Database

SCHEMA = Path(__file__).with_name("study.sql")


def build(db_path: Path) -> str:
    """Create the study at db_path, fill it and return describe()."""
    with Database.from_schema(db_path, SCHEMA) as db:
        with db.transaction():
            db.create_element("Configuration", label="base", base_year=2025)
            db.create_element("Bus", label="north", voltage=230.0)
            db.create_element("Bus", label="south", voltage=138.0)
            start = datetime(2025, 1, 1)
            hours = [start + timedelta(hours=h) for h in range(24)]
            for i, (name, bus) in enumerate([("hydro", "north"), ("wind", "south")]):
                db.create_element(
                    "Plant",
                    label=name,
                    capacity=100.0 * (i + 1),
                    is_renewable=True,
                    date_commission=datetime(2010 + i, 6, 1),
                    bus_id=bus,
                    segment_cost=[10.0 + i, 20.0 + i],
                    segment_size=[50.0, 50.0],
                    tag=["renewable", name],
                )
                db.update_time_series_group(
                    "Plant",
                    "generation",
                    i + 1,
                    {
                        "date_time": hours,
                        "generation": [float(h % 12) * (i + 1) for h in range(24)],
                    },
                )
        return db.describe()


def main() -> None:
    if len(sys.argv) > 1:
        print(build(Path(sys.argv[1])))
        return
    with tempfile.TemporaryDirectory() as folder:
        print(build(Path(folder) / "study.db"))


if __name__ == "__main__":
    main()
