"""CSV export: the spec's sample files byte for byte, number and date formats, errors."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pytest

from quiverdb import CSVOptions, Database, QuiverError


def _export(db: Database, tmp_path: Path, collection: str, group: str, **kw: object) -> str:
    path = tmp_path / "out" / f"{collection}_{group or 'scalars'}.csv"
    db.export_csv(collection, group, str(path), **kw)  # type: ignore[arg-type]
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def samples(study: Database) -> Database:
    """The data of the spec's export samples (python-api-data.md 4.2)."""
    b1 = study.create_element("Bus", label="B1", voltage=138.0)
    b2 = study.create_element("Bus", label="B,2", voltage=0.1)
    p1 = study.create_element(
        "Plant",
        label="P1",
        capacity=1234567.89,
        status=1,
        is_active=True,
        date_commission=datetime(2020, 5, 17, 8, 30),
        bus_id=b1,
    )
    p2 = study.create_element(
        "Plant", label='P "two"', capacity=1e-7, status=2, date_commission="2021-01-01", bus_id=b2
    )
    study.create_element("Plant", label="P3\nnewline", capacity=3.0)
    study.update_relation("Plant", "Plant", "spill_to", p1, "P3\nnewline")
    study.update_relation("Plant", "Plant", "spill_to", p2, "P1")
    study.update_vector_group(
        "Plant",
        "segments",
        p1,
        {
            "segment_cost": [1.5, 2.0, None],
            "segment_size": [1, 2, 3],
            "segment_name": ["a", "b;c", None],
            "date_segment": [datetime(2024, 1, 1), None, None],
            "bus_segment": ["B1", None, "B,2"],
        },
    )
    study.update_vector_group("Plant", "segments", p2, {"segment_cost": [9.25]})
    study.update_set_group("Plant", "tags", p1, {"tag": ["x", "y"]})
    study.update_set_group("Plant", "tags", p2, {"tag": ["z"]})
    study.update_time_series_group(
        "Plant",
        "generation",
        p1,
        {
            "date_time": [datetime(2024, 1, 1), datetime(2024, 1, 2, 13, 45)],
            "generation": [100.0, 1 / 3],
            "units": [1, None],
            "note": ["ok", None],
            "date_checked": ["2024-01-03", None],
        },
    )
    study.update_time_series_group(
        "Plant",
        "load",
        p2,
        {
            "date_time": [datetime(2024, 1, 1), datetime(2024, 1, 1)],
            "block": [2, 1],
            "load": [5.0, 6.0],
        },
    )
    return study


def test_scalar_samples(samples: Database, tmp_path: Path) -> None:
    assert _export(samples, tmp_path, "Plant", "") == (
        "sep=,\nlabel,capacity,status,is_active,date_commission,bus_id,plant_spill_to\n"
        'P1,1234567.89,1,1,2020-05-17T08:30:00,B1,"P3\nnewline"\n'
        '"P ""two""",1e-07,2,,2021-01-01T00:00:00,"B,2",P1\n'
        '"P3\nnewline",3,,,,,\n'
    )
    assert _export(samples, tmp_path, "Bus", "") == 'sep=,\nlabel,voltage\nB1,138\n"B,2",0.1\n'


def test_group_samples(samples: Database, tmp_path: Path) -> None:
    assert _export(samples, tmp_path, "Plant", "segments") == (
        "sep=,\nid,vector_index,segment_cost,segment_size,segment_name,date_segment,bus_segment\n"
        'P1,1,1.5,1,a,2024-01-01T00:00:00,B1\nP1,2,2,2,b;c,,\nP1,3,,3,,,"B,2"\n'
        '"P ""two""",1,9.25,,,,\n'
    )
    assert (
        _export(samples, tmp_path, "Plant", "tags") == 'sep=,\nid,tag\nP1,x\nP1,y\n"P ""two""",z\n'
    )
    assert _export(samples, tmp_path, "Plant", "generation") == (
        "sep=,\nid,date_time,generation,units,note,date_checked\n"
        "P1,2024-01-01T00:00:00,100,1,ok,2024-01-03T00:00:00\n"
        "P1,2024-01-02T13:45:00,0.3333333333333333,,,\n"
    )
    assert _export(samples, tmp_path, "Plant", "load") == (
        "sep=,\nid,date_time,block,load,flag\n"
        '"P ""two""",2024-01-01T00:00:00,1,6,7\n"P ""two""",2024-01-01T00:00:00,2,5,7\n'
    )


def test_empty_collection_and_group(study: Database, tmp_path: Path) -> None:
    assert _export(study, tmp_path, "Bus", "") == "sep=,\nlabel,voltage\n"
    assert _export(study, tmp_path, "Plant", "links") == "sep=,\nid,bus_link,weight\n"


@pytest.fixture
def option_plants(study: Database) -> Database:
    bus = study.create_element("Bus", label="B1")
    study.create_element(
        "Plant", label="P1", status=1, date_commission="2020-05-17T08:30:05", bus_id=bus
    )
    study.create_element("Plant", label="P2", status=2, date_commission="2021-01-01")
    study.create_element("Plant", label="P3", status=3, date_commission="2021-01-01 10:00:00")
    return study


def test_date_time_format(option_plants: Database, tmp_path: Path) -> None:
    text = _export(
        option_plants, tmp_path, "Plant", "", options=CSVOptions(date_time_format="%d/%m/%Y")
    )
    assert text.splitlines()[2:] == [
        "P1,,1,,17/05/2020,B1,",
        "P2,,2,,01/01/2021,,",
        "P3,,3,,01/01/2021,,",
    ]
    fmt = CSVOptions(date_time_format="%B %d, %Y %A %j %p %% %Z %z %s")
    text = _export(option_plants, tmp_path, "Plant", "", options=fmt)
    assert text.splitlines()[2] == 'P1,,1,,"May 17, 2020 Sunday 138 AM % UTC +0000 1589704205",B1,'


def test_enum_labels_last_locale_wins(option_plants: Database, tmp_path: Path) -> None:
    options = CSVOptions(
        enum_labels={
            "status": {
                "en": {"Active": 1, "Inactive": 2},
                "pt": {"Ativo": 1, "Inativo": 2, "Outro": 3},
            },
            "bus_id": {"en": {"NotUsed": 1}},
        }
    )
    text = _export(option_plants, tmp_path, "Plant", "", options=options)
    assert text.splitlines()[2:] == [
        "P1,,Ativo,,2020-05-17T08:30:05,B1,",
        "P2,,Inativo,,2021-01-01T00:00:00,,",
        "P3,,Outro,,2021-01-01T10:00:00,,",
    ]


def test_group_enums_and_dates(study: Database, tmp_path: Path) -> None:
    p1 = study.create_element("Plant", label="P1")
    study.update_vector_group(
        "Plant",
        "segments",
        p1,
        {"segment_size": [1, 2], "date_segment": [datetime(2024, 1, 2), None]},
    )
    study.update_time_series_group(
        "Plant", "load", p1, {"date_time": [datetime(2024, 1, 1)], "block": [1], "flag": [1]}
    )
    options = CSVOptions(
        date_time_format="%d.%m.%Y",
        enum_labels={
            "segment_size": {"en": {"One": 1}},
            "block": {"en": {"First": 1}},
            "flag": {"en": {"Yes": 1}},
        },
    )
    assert _export(study, tmp_path, "Plant", "segments", options=options) == (
        "sep=,\nid,vector_index,segment_cost,segment_size,segment_name,date_segment,bus_segment\n"
        "P1,1,,One,,02.01.2024,\nP1,2,,2,,,\n"
    )
    assert _export(study, tmp_path, "Plant", "load", options=options) == (
        "sep=,\nid,date_time,block,load,flag\nP1,01.01.2024,First,,Yes\n"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567.89, "1234567.89"),
        (1e-7, "1e-07"),
        (3.0, "3"),
        (100.0, "100"),
        (1 / 3, "0.3333333333333333"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "1e+16"),
        (1e21, "1e+21"),
        (123456789012345678.0, "123456789012345680"),
        (5e-324, "5e-324"),
        (1e-5, "1e-05"),
        (12345.678, "12345.678"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (-0.0, "0"),
        (0.0001, "1e-04"),
        (0.001, "0.001"),
        (0.000123, "0.000123"),
        (2.0**70, "1180591620717411303424"),
        (1.5e300, "1.5e+300"),
        (-1.25e-10, "-1.25e-10"),
    ],
)
def test_float_text(study: Database, tmp_path: Path, value: float, text: str) -> None:
    study.create_element("Bus", label="B", voltage=value)
    assert _export(study, tmp_path, "Bus", "").splitlines()[2] == f"B,{text}"


def test_export_errors(study: Database, tmp_path: Path) -> None:
    with pytest.raises(QuiverError, match=r"^Cannot export_csv: collection not found: Nope$"):
        study.export_csv("Nope", "", str(tmp_path / "x.csv"))
    with pytest.raises(QuiverError) as info:
        study.export_csv("Plant", "vector_segments", str(tmp_path / "x.csv"))
    assert (
        str(info.value)
        == "Cannot export_csv: group not found: 'vector_segments' in collection 'Plant'"
    )
    with pytest.raises(QuiverError) as info:
        study.export_csv("Plant", "files", str(tmp_path / "x.csv"))
    assert (
        str(info.value) == "Dimension column not found: time series table 'Plant_time_series_files'"
    )
    with pytest.raises(QuiverError) as info:
        study.export_csv("Bus", "", str(tmp_path))
    assert str(info.value) == f"Failed to export_csv: could not open file: {tmp_path}"
    with pytest.raises(TypeError, match=r"DatabaseCSVExport.export_csv\(\) takes 4 positional"):
        study.export_csv("Bus", "", "x.csv", CSVOptions())  # type: ignore[misc]
    with pytest.raises(AttributeError):
        study.export_csv(
            "Bus", "", str(tmp_path / "x.csv"), options=CSVOptions(date_time_format=None)
        )  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="an integer is required"):
        study.export_csv(
            "Bus",
            "",
            str(tmp_path / "x.csv"),
            options=CSVOptions(enum_labels={"a": {"en": {"x": "1"}}}),
        )  # type: ignore[dict-item]


def test_path_like_parent_dirs_and_transactions(study: Database, tmp_path: Path) -> None:
    study.create_element("Bus", label="B1")
    target = tmp_path / "a" / "b" / "bus.csv"
    with study.transaction():
        study.create_element("Bus", label="B2")
        study.export_csv("Bus", "", target)
    assert target.read_text() == "sep=,\nlabel,voltage\nB1,\nB2,\n"


def test_closed_database(study: Database) -> None:
    study.close()
    with pytest.raises(QuiverError, match=r"^Database has been closed$"):
        study.export_csv(None, None, None)  # type: ignore[arg-type]
