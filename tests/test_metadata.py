"""Column and group metadata and listings: python-api-core.md §1.6, §1.7, §5.1, §5.2,
python-api-data.md §1.3, §1.8 and c-api.md §2.2, §3.12."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, DataType, GroupMetadata, LogLevel, QuiverError, ScalarMetadata

SCHEMAS = Path(__file__).parent / "schemas"


def column(
    name: str,
    data_type: DataType,
    *,
    not_null: bool = False,
    primary_key: bool = False,
    default_value: str | None = None,
    references: tuple[str, str] | None = None,
) -> ScalarMetadata:
    return ScalarMetadata(
        name=name,
        data_type=data_type,
        not_null=not_null,
        primary_key=primary_key,
        default_value=default_value,
        is_foreign_key=references is not None,
        references_collection=references[0] if references else None,
        references_column=references[1] if references else None,
    )


INTEGER, FLOAT, STRING, DATE_TIME = (
    DataType.INTEGER,
    DataType.FLOAT,
    DataType.STRING,
    DataType.DATE_TIME,
)


@pytest.fixture
def edge(tmp_path: Path) -> Iterator[Database]:
    db = Database.from_schema(
        str(tmp_path / "edge.db"), str(SCHEMAS / "reads_metadata.sql"), console_level=LogLevel.OFF
    )
    yield db
    db.close()


# ---- scalar metadata ------------------------------------------------------------------------


def test_get_scalar_metadata(plants: Database) -> None:
    assert plants.get_scalar_metadata("Plant", "zone_id") == column(
        "zone_id", INTEGER, references=("Zone", "id")
    )
    assert plants.get_scalar_metadata("Plant", "capacity") == column(
        "capacity", FLOAT, not_null=True, default_value="0.0"
    )
    # The primary key counts as not null.
    assert plants.get_scalar_metadata("Plant", "id") == column(
        "id", INTEGER, not_null=True, primary_key=True
    )
    assert plants.get_scalar_metadata("Plant", "label") == column("label", STRING, not_null=True)
    assert plants.get_scalar_metadata("Plant", "date_built") == column("date_built", DATE_TIME)
    assert plants.get_scalar_metadata("Plant", "units") == column(
        "units", INTEGER, default_value="1"
    )


def test_get_scalar_metadata_errors(plants: Database) -> None:
    with pytest.raises(
        QuiverError, match=r"^Cannot get_scalar_metadata: collection not found: Nope$"
    ):
        plants.get_scalar_metadata("Nope", "id")
    for attribute in ["cost", "tag", "generation", "costs", "Capacity", ""]:
        with pytest.raises(QuiverError) as info:
            plants.get_scalar_metadata("Plant", attribute)
        assert str(info.value) == f"Scalar attribute not found: '{attribute}' in collection 'Plant'"


def test_list_scalar_attributes(study: Database) -> None:
    assert study.list_scalar_attributes("Plant") == [
        column("id", INTEGER, not_null=True, primary_key=True),
        column("label", STRING, not_null=True),
        column("capacity", FLOAT),
        column("status", INTEGER),
        column("is_active", INTEGER),
        column("date_commission", DATE_TIME),
        column("bus_id", INTEGER, references=("Bus", "id")),
        column("plant_spill_to", INTEGER, references=("Plant", "id")),
    ]
    with pytest.raises(
        QuiverError, match=r"^Cannot list_scalar_attributes: collection not found: x$"
    ):
        study.list_scalar_attributes("x")


def test_defaults_are_sql_text(edge: Database) -> None:
    columns = {m.name: m for m in edge.list_scalar_attributes("Configuration")}
    assert columns["note"].default_value == "'abc'"
    assert columns["neg"].default_value == "-1.5"
    assert columns["ts"].default_value == "CURRENT_TIMESTAMP"
    assert columns["e"].default_value == "''"
    assert edge.get_scalar_metadata("Item", "label").default_value == "'x'"


def test_foreign_key_targets(edge: Database) -> None:
    # An implicit target column is reported as "".
    assert edge.get_scalar_metadata("Item", "zone_id") == column(
        "zone_id", INTEGER, references=("Zone", "")
    )
    assert edge.get_scalar_metadata("Item", "zone_ref") == column(
        "zone_ref", INTEGER, references=("Zone", "label")
    )


def test_group_tables_as_collections(plants: Database) -> None:
    assert plants.list_scalar_attributes("Plant_vector_costs") == [
        column("id", INTEGER, not_null=True, primary_key=True, references=("Plant", "id")),
        column("vector_index", INTEGER, not_null=True, primary_key=True),
        column("cost", FLOAT),
        column("factor", INTEGER),
    ]
    assert plants.get_scalar_metadata("Plant_time_series_gen", "date_time") == column(
        "date_time", DATE_TIME, not_null=True, primary_key=True
    )
    assert plants.list_vector_groups("Plant_vector_costs") == []
    assert plants.list_time_series_groups("Plant_time_series_gen") == []
    with pytest.raises(QuiverError) as info:
        plants.get_vector_metadata("Plant_vector_costs", "costs")
    assert str(info.value) == "Vector group not found: 'costs' in collection 'Plant_vector_costs'"


def test_files_table_columns(study: Database) -> None:
    assert study.list_scalar_attributes("Plant_time_series_files") == [
        column("generation_file", STRING),
        column("cost_file", STRING),
    ]


def test_primary_key_columns_count_as_not_null(study: Database) -> None:
    # Plant_vector_segments declares "id INTEGER" without NOT NULL, inside the primary key.
    assert study.get_scalar_metadata("Plant_vector_segments", "id") == column(
        "id", INTEGER, not_null=True, primary_key=True, references=("Plant", "id")
    )


# ---- group metadata -------------------------------------------------------------------------


def test_plants_groups(plants: Database) -> None:
    costs = GroupMetadata(
        group_name="costs",
        dimension_column="",
        value_columns=[column("cost", FLOAT), column("factor", INTEGER)],
    )
    tags = GroupMetadata("tags", "", [column("tag", STRING, not_null=True)])
    gen = GroupMetadata("gen", "date_time", [column("generation", FLOAT)])
    assert plants.list_vector_groups("Plant") == [costs]
    assert plants.list_set_groups("Plant") == [tags]
    assert plants.list_time_series_groups("Plant") == [gen]
    assert plants.get_vector_metadata("Plant", "costs") == costs
    assert plants.get_set_metadata("Plant", "tags") == tags
    assert plants.get_time_series_metadata("Plant", "gen") == gen


def test_groups_sorted_by_name_with_relations(study: Database) -> None:
    sets = study.list_set_groups("Plant")
    assert [g.group_name for g in sets] == ["links", "tags"]
    assert sets[0].value_columns == [
        column("bus_link", INTEGER, references=("Bus", "id")),
        column("weight", FLOAT),
    ]
    assert study.get_vector_metadata("Plant", "segments").value_columns == [
        column("segment_cost", FLOAT),
        column("segment_size", INTEGER),
        column("segment_name", STRING),
        column("date_segment", DATE_TIME),
        column("bus_segment", INTEGER, references=("Bus", "id")),
    ]
    series = study.list_time_series_groups("Plant")
    assert [g.group_name for g in series] == ["generation", "load"]
    # An extra dimension is a value column with primary_key=True.
    assert series[1] == GroupMetadata(
        "load",
        "date_time",
        [
            column("block", INTEGER, not_null=True, primary_key=True),
            column("load", FLOAT),
            column("flag", INTEGER, default_value="7"),
        ],
    )
    assert series[0].value_columns[-1] == column("date_checked", DATE_TIME)


def test_no_groups(study: Database) -> None:
    assert study.list_vector_groups("Bus") == []
    assert study.list_set_groups("Bus") == []
    assert study.list_time_series_groups("Configuration") == []


def test_group_value_columns(edge: Database) -> None:
    assert edge.list_vector_groups("Item") == [
        GroupMetadata("empty", "", []),
        GroupMetadata("v", "", [column("a", INTEGER)]),
    ]
    # Sets exclude only id: a column named vector_index is a value column there.
    assert edge.get_set_metadata("Item", "s") == GroupMetadata(
        "s", "", [column("vector_index", INTEGER), column("s", STRING)]
    )
    # The dimension is the date_ primary-key column wherever it is declared; a date_ column
    # outside the primary key is an ordinary value column.
    assert edge.get_time_series_metadata("Item", "t") == GroupMetadata(
        "t",
        "date_b",
        [
            column("block", INTEGER, not_null=True, primary_key=True),
            column("vi2", INTEGER),
            column("date_other", DATE_TIME),
        ],
    )


def test_time_series_without_dimension(edge: Database) -> None:
    message = r"^Dimension column not found: time series table 'Item_time_series_nodim'$"
    with pytest.raises(QuiverError, match=message):
        edge.get_time_series_metadata("Item", "nodim")
    with pytest.raises(QuiverError, match=message):
        edge.list_time_series_groups("Item")


@pytest.mark.parametrize(
    ("method", "kind", "wrong"),
    [
        ("get_vector_metadata", "Vector", ["cost", "tags", "gen", "Costs", ""]),
        ("get_set_metadata", "Set", ["costs", "tag", "gen"]),
        ("get_time_series_metadata", "Time series", ["costs", "tags", "generation"]),
    ],
)
def test_group_metadata_errors(plants: Database, method: str, kind: str, wrong: list[str]) -> None:
    get = getattr(plants, method)
    with pytest.raises(QuiverError) as info:
        get("Nope", "costs")
    assert str(info.value) == f"Cannot {method}: collection not found: Nope"
    for name in wrong:
        with pytest.raises(QuiverError) as info:
            get("Plant", name)
        assert str(info.value) == f"{kind} group not found: '{name}' in collection 'Plant'"


@pytest.mark.parametrize(
    "method", ["list_vector_groups", "list_set_groups", "list_time_series_groups"]
)
def test_list_groups_unknown_collection(plants: Database, method: str) -> None:
    with pytest.raises(QuiverError) as info:
        getattr(plants, method)("plant")
    assert str(info.value) == f"Cannot {method}: collection not found: plant"


def test_metadata_is_frozen(plants: Database) -> None:
    scalar = plants.get_scalar_metadata("Plant", "id")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scalar.name = "x"  # type: ignore[misc]
    group = plants.get_vector_metadata("Plant", "costs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        group.group_name = "x"  # type: ignore[misc]
    assert type(scalar.data_type) is DataType


def test_argument_errors(plants: Database) -> None:
    with pytest.raises(AttributeError, match=r"^'NoneType' object has no attribute 'encode'$"):
        plants.get_scalar_metadata(None, "x")  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match=r"^'int' object has no attribute 'encode'$"):
        plants.get_set_metadata("Plant", 1)  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match=r"^'bytes' object has no attribute 'encode'$"):
        plants.list_vector_groups(b"Plant")  # type: ignore[arg-type]
    plants.close()
    for call in [
        lambda: plants.get_scalar_metadata(None, None),
        lambda: plants.list_scalar_attributes("Plant"),
        lambda: plants.get_time_series_metadata("Plant", "gen"),
        lambda: plants.list_set_groups(1),
    ]:
        with pytest.raises(QuiverError, match=r"^Database has been closed$"):
            call()


def test_schema_errors_surface(tmp_path: Path) -> None:
    # open() defers schema validation to the first call that needs the schema.
    path = tmp_path / "bad.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL)")
        conn.commit()
    db = Database.open(str(path), console_level=LogLevel.OFF)
    try:
        message = r"^Failed to validate schema: Schema must have a 'Configuration' table$"
        with pytest.raises(QuiverError, match=message):
            db.list_scalar_attributes("Plant")
        with pytest.raises(QuiverError, match=message):
            db.read_element_ids("Plant")
    finally:
        db.close()


# ---- the C API ------------------------------------------------------------------------------


@pytest.fixture
def capi() -> Any:
    """The compiled core (skipped when the tests run against another implementation)."""
    if not hasattr(Database, "_handle"):
        pytest.skip("not this implementation's C API")
    return pytest.importorskip("quiverdb._ffi")


def test_c_struct_layouts(capi: Any) -> None:
    ffi = capi.ffi
    assert ffi.sizeof("quiver_scalar_metadata_t") == 56
    assert ffi.offsetof("quiver_scalar_metadata_t", "default_value") == 24
    assert ffi.offsetof("quiver_scalar_metadata_t", "references_collection") == 40
    assert ffi.sizeof("quiver_group_metadata_t") == 32
    assert ffi.offsetof("quiver_group_metadata_t", "value_column_count") == 24


def test_c_group_metadata_free_clears_members(plants: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    out = ffi.new("quiver_group_metadata_t*")
    assert lib.quiver_database_get_vector_metadata(plants._handle(), b"Plant", b"costs", out) == 0
    assert out.dimension_column == ffi.NULL  # NULL for vector and set groups
    assert out.value_column_count == 2
    assert lib.quiver_database_free_group_metadata(out) == 0
    assert (out.group_name, out.value_columns, out.value_column_count) == (ffi.NULL, ffi.NULL, 0)
    assert lib.quiver_database_free_group_metadata(out) == 0  # a second free is harmless


def test_c_scalar_metadata_free_clears_members(plants: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    out = ffi.new("quiver_scalar_metadata_t*")
    assert lib.quiver_database_get_scalar_metadata(plants._handle(), b"Plant", b"zone_id", out) == 0
    assert ffi.string(out.references_collection) == b"Zone"
    assert lib.quiver_database_free_scalar_metadata(out) == 0
    assert (out.name, out.references_collection, out.references_column) == (ffi.NULL,) * 3


def test_c_failure_leaves_output_untouched(plants: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    out = ffi.new("quiver_scalar_metadata_t*")
    out.not_null = 42
    assert lib.quiver_database_get_scalar_metadata(plants._handle(), b"Plant", b"x", out) == 1
    assert out.not_null == 42 and out.name == ffi.NULL


def test_c_empty_listing_is_null(plants: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    out = ffi.new("quiver_group_metadata_t**", ffi.cast("quiver_group_metadata_t*", 1))
    count = ffi.new("size_t*", 3)
    assert lib.quiver_database_list_set_groups(plants._handle(), b"Zone", out, count) == 0
    assert (out[0], count[0]) == (ffi.NULL, 0)


def test_c_metadata_free_functions_reject_null(capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    for call in [
        lambda: lib.quiver_database_free_scalar_metadata(ffi.NULL),
        lambda: lib.quiver_database_free_group_metadata(ffi.NULL),
        lambda: lib.quiver_database_free_scalar_metadata_array(ffi.NULL, 0),
        lambda: lib.quiver_database_free_group_metadata_array(ffi.NULL, 0),
    ]:
        assert call() == 1
        assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: metadata"


def test_c_null_arguments(plants: Database, capi: Any) -> None:
    ffi, lib = capi.ffi, capi.lib
    ptr = plants._handle()
    out = ffi.new("quiver_group_metadata_t*")
    cases = [
        ((ffi.NULL, b"Plant", b"gen", out), "db"),
        ((ptr, ffi.NULL, b"gen", out), "collection"),
        ((ptr, b"Plant", ffi.NULL, out), "group_name"),
        ((ptr, b"Nope", b"gen", ffi.NULL), "out_metadata"),
    ]
    for args, name in cases:
        assert lib.quiver_database_get_time_series_metadata(*args) == 1
        assert ffi.string(lib.quiver_get_last_error()).decode() == f"Null argument: {name}"
    listing = ffi.new("quiver_scalar_metadata_t**")
    assert lib.quiver_database_list_scalar_attributes(ptr, b"Plant", listing, ffi.NULL) == 1
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_count"
