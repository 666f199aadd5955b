"""Property: whatever create_element and the group writers store reads back equal through every
reader that can see it (scalars bulk and by id, vectors, sets, element dicts, groups)."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiverdb import Database, LogLevel

SCHEMA = Path(__file__).parent / "schemas" / "plants.sql"
UTC = timezone.utc

# The core trims space, tab, CR and LF from written text and stops at NUL (spec §0.3).
_TRIMMED = " \t\r\n"
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
).filter(lambda s: s == s.strip(_TRIMMED))
int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
floats = st.floats(allow_nan=False)
moments = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)

plant = st.fixed_dictionaries(
    {
        "capacity": floats,
        "units": st.none() | int64,
        "date_built": st.none() | moments,
        "cost": st.lists(st.none() | floats, max_size=5),
        "tag": st.lists(texts, max_size=5, unique=True),
    }
)


def _same_float(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return a == b or (math.isinf(a) and a == b)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(plant, min_size=1, max_size=4), st.lists(st.none() | int64, max_size=5))
def test_created_elements_read_back_equal(
    tmp_path: Path, plants_data: list[dict[str, Any]], factors: list[int | None]
) -> None:
    db_path = tmp_path / f"p{abs(hash(repr(plants_data))) % 10**9}.db"
    with Database.from_schema(db_path, SCHEMA, console_level=LogLevel.OFF) as db:
        ids = []
        for n, values in enumerate(plants_data):
            # None cells cannot be written through create_element lists: write them with
            # update_vector_group, which accepts NULL cells.
            cost = values["cost"]
            kwargs = {k: v for k, v in values.items() if k != "cost"}
            eid = db.create_element("Plant", label=f"p{n}", **kwargs)
            db.update_vector_group("Plant", "costs", eid, {"cost": cost} if cost else {})
            ids.append(eid)

        assert db.read_element_ids("Plant") == ids
        capacities = db.read_scalar_floats("Plant", "capacity")
        units = db.read_scalar_integers("Plant", "units")
        built = db.read_scalar_date_times("Plant", "date_built")
        costs = db.read_vector_floats("Plant", "cost")
        tags = db.read_set_strings("Plant", "tag")
        for i, (eid, values) in enumerate(zip(ids, plants_data, strict=True)):
            expected_date = (
                None if values["date_built"] is None else values["date_built"].replace(tzinfo=UTC)
            )
            assert capacities[i] == values["capacity"]
            assert db.read_scalar_float_by_id("Plant", "capacity", eid) == values["capacity"]
            assert units[i] == values["units"]
            assert db.read_scalar_integer_by_id("Plant", "units", eid) == values["units"]
            assert built[i] == expected_date
            assert db.read_scalar_date_time_by_id("Plant", "date_built", eid) == expected_date
            assert len(costs[i]) == len(values["cost"])
            assert all(map(_same_float, costs[i], values["cost"]))
            by_id = db.read_vector_floats_by_id("Plant", "cost", eid)
            assert all(map(_same_float, by_id, values["cost"]))
            assert tags[i] == values["tag"]
            assert db.read_set_strings_by_id("Plant", "tag", eid) == values["tag"]
            element = db.read_element_by_id("Plant", eid)
            assert element["label"] == f"p{i}"
            assert element["units"] == values["units"]
            group = db.read_vector_group_by_id("Plant", "costs", eid)
            assert [row["cost"] for row in group] == values["cost"]

        # Replacing one element's group with integers and NULLs reads back through both readers.
        db.update_vector_group("Plant", "costs", ids[0], {"factor": factors} if factors else {})
        assert db.read_vector_integers_by_id("Plant", "factor", ids[0]) == factors
        group = db.read_vector_group_by_id("Plant", "costs", ids[0])
        assert [row["factor"] for row in group] == factors
        assert all(row["cost"] is None for row in group)
