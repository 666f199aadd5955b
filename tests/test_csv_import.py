"""CSV import: replace semantics, round trips, every error message, all-or-nothing, memory."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from quiverdb import CSVOptions, Database, LogLevel, QuiverError

SCHEMAS = Path(__file__).parent / "schemas"


def _write(tmp_path: Path, text: str, name: str = "in.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def _rows(db: Database, sql: str) -> list[str]:
    text = db.query_string(f"WITH q(r) AS ({sql}) SELECT group_concat(r, '|') FROM q")
    return text.split("|") if text else []


@pytest.fixture
def buses(study: Database) -> Database:
    study.create_element("Bus", label="B1", voltage=138.0)
    study.create_element("Bus", label="B2", voltage=0.1)
    return study


# -- scalar import ----------------------------------------------------------------------------


def test_scalar_import_synchronises_by_label(buses: Database, tmp_path: Path) -> None:
    db = buses
    p1 = db.create_element("Plant", label="P1", bus_id=1)
    p2 = db.create_element("Plant", label="P2")
    p3 = db.create_element("Plant", label="P3")
    db.update_vector_group("Plant", "segments", p3, {"segment_cost": [1.0]})
    db.update_time_series_group(
        "Plant", "generation", p2, {"date_time": [datetime(2024, 1, 1)], "generation": [1.0]}
    )
    path = _write(
        tmp_path,
        "sep=,\nlabel,capacity,status,is_active,date_commission,bus_id,plant_spill_to\n"
        "P2,20,,,,B2,\nP4,40,1,,2024-01-01,,P2\n",
    )
    db.import_csv("Plant", "", path)
    assert _rows(
        db,
        "SELECT id || ',' || label || ',' || capacity || ',' || ifnull(bus_id, '-') || ','"
        " || ifnull(date_commission, '-') || ',' || ifnull(plant_spill_to, '-')"
        " FROM Plant ORDER BY id",
    ) == ["2,P2,20.0,2,-,-", "4,P4,40.0,-,2024-01-01T00:00:00,2"]
    assert db.query_integer("SELECT count(*) FROM Plant_vector_segments") == 0
    assert (
        db.query_integer(
            "SELECT count(*) FROM Plant_time_series_generation WHERE id = ?", parameters=[p2]
        )
        == 1
    )
    assert p1 == 1


def test_self_relations_may_name_later_rows(study: Database, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "label,capacity,status,is_active,date_commission,bus_id,plant_spill_to\n"
        "A,,,,,,C\nB,,,,,,A\nC,,,,,,C\n",
    )
    study.import_csv("Plant", "", path)
    assert _rows(
        study,
        "SELECT p.label || '>' || s.label FROM Plant p JOIN Plant s ON s.id = p.plant_spill_to"
        " ORDER BY p.id",
    ) == ["A>C", "B>A", "C>C"]


def test_header_only_file_deletes_every_element(buses: Database, tmp_path: Path) -> None:
    buses.import_csv("Bus", "", _write(tmp_path, "sep=,\nlabel,voltage\n"))
    assert buses.query_integer("SELECT count(*) FROM Bus") == 0


def test_cascade_refusal(tmp_path: Path) -> None:
    db = Database.from_schema(
        str(tmp_path / "c.db"), str(SCHEMAS / "csv_cascade.sql"), console_level=LogLevel.OFF
    )
    try:
        a1 = db.create_element("Area", label="A1")
        a2 = db.create_element("Area", label="A2")
        z1 = db.create_element("Zone", label="Z1", area_id=a2)
        db.create_element("Zone", label="Z2", area_id=a2)
        db.create_element("Zone", label="Z3", area_id=a1)
        db.update_element("Area", a1, zone_id=z1)
        path = _write(tmp_path, "sep=,\nlabel,area_id\nZ3,A1\n")
        with pytest.raises(QuiverError) as info:
            db.import_csv("Zone", "", path)
        assert str(info.value) == (
            "Cannot import_csv: Deleting the elements the CSV omits would also delete element 'Z3'"
            " through an"
            f" ON DELETE CASCADE chain. (file '{path}', line 3)"
        )
        assert _rows(db, "SELECT label FROM Zone ORDER BY id") == ["Z1", "Z2", "Z3"]
    finally:
        db.close()


# -- group import ------------------------------------------------------------------------------


def test_vector_import_replaces_the_whole_group(buses: Database, tmp_path: Path) -> None:
    db = buses
    for label in ("P1", "P2", "P3"):
        pid = db.create_element("Plant", label=label)
        db.update_vector_group("Plant", "segments", pid, {"segment_cost": [9.0]})
    path = _write(
        tmp_path,
        "sep=,\nid,vector_index,segment_cost,segment_size,segment_name,date_segment,bus_segment\n"
        "P1,1,1.5,1,a,2024-01-01,B1\nP2,1,3,,,2024-01-01 10:00:00,B2\nP1,2,2.5,,,,\n",
    )
    db.import_csv("Plant", "segments", path)
    assert _rows(
        db,
        "SELECT id || ',' || vector_index || ',' || ifnull(segment_cost, '-') || ',' ||"
        " ifnull(date_segment, '-') || ',' || ifnull(bus_segment, '-') FROM Plant_vector_segments"
        " ORDER BY id, vector_index",
    ) == ["1,1,1.5,2024-01-01T00:00:00,1", "1,2,2.5,-,-", "2,1,3.0,2024-01-01T10:00:00,2"]


def test_time_series_import_keeps_empty_cells_null(study: Database, tmp_path: Path) -> None:
    study.create_element("Plant", label="P1")
    study.import_csv(
        "Plant", "load", _write(tmp_path, "id,date_time,block,load,flag\nP1,2024-01-01,1,,\n")
    )
    assert _rows(
        study,
        "SELECT date_time || ',' || block || ',' || ifnull(flag, 'NULL') FROM"
        " Plant_time_series_load",
    ) == ["2024-01-01T00:00:00,1,NULL"]


# -- round trips -------------------------------------------------------------------------------

GROUPS = [
    ("Bus", ""),
    ("Plant", ""),
    ("Plant", "segments"),
    ("Plant", "tags"),
    ("Plant", "links"),
    ("Plant", "generation"),
    ("Plant", "load"),
]
OPTIONS = [
    None,
    CSVOptions(
        date_time_format="%d/%m/%Y %H:%M:%S",
        enum_labels={
            "status": {"en": {"On": 1, "Off": 2}, "pt": {"Ligado": 1}},
            "block": {"en": {"First": 1, "Second": 2}},
            "units": {"x": {"One": 1}},
        },
    ),
]


def _fill(db: Database) -> None:
    b1 = db.create_element("Bus", label="B1", voltage=1 / 3)
    b2 = db.create_element("Bus", label='B,"2"\nx', voltage=None)
    p1 = db.create_element(
        "Plant",
        label="P1",
        capacity=1e-7,
        status=1,
        is_active=True,
        date_commission=datetime(2020, 5, 17, 8, 30, 5),
        bus_id=b2,
    )
    p2 = db.create_element("Plant", label="P 2;x", status=2, bus_id=b1)
    db.update_relation("Plant", "Plant", "spill_to", p1, "P 2;x")
    db.update_relation("Plant", "Plant", "spill_to", p2, "P 2;x")
    db.update_vector_group(
        "Plant",
        "segments",
        p1,
        {
            "segment_cost": [1.5, None],
            "segment_size": [None, 2],
            "segment_name": ["a,b", None],
            "date_segment": [datetime(2024, 1, 2, 3, 4, 5), None],
            "bus_segment": [b2, None],
        },
    )
    db.update_set_group("Plant", "tags", p2, {"tag": ["x", "y\nz"]})
    db.update_set_group("Plant", "links", p1, {"bus_link": [b1, b2], "weight": [None, 2.5]})
    db.update_time_series_group(
        "Plant",
        "generation",
        p1,
        {
            "date_time": [datetime(2024, 1, 1), datetime(2024, 12, 31, 23, 59, 59)],
            "generation": [1e300, None],
            "units": [1, None],
            "note": [None, '"q"'],
            "date_checked": ["2024-02-03T04:05:06", None],
        },
    )
    db.update_time_series_group(
        "Plant",
        "load",
        p2,
        {
            "date_time": [datetime(2024, 1, 1), datetime(2024, 1, 1)],
            "block": [1, 2],
            "load": [None, 5.0],
            "flag": [None, 3],
        },
    )


@pytest.mark.parametrize("options", OPTIONS, ids=["plain", "formats"])
def test_round_trip_every_group_kind(tmp_path: Path, options: CSVOptions | None) -> None:
    kw = {} if options is None else {"options": options}
    schema = str(SCHEMAS / "study.sql")
    src = Database.from_schema(str(tmp_path / "a.db"), schema, console_level=LogLevel.OFF)
    dst = Database.from_schema(str(tmp_path / "b.db"), schema, console_level=LogLevel.OFF)
    try:
        _fill(src)
        for collection, group in GROUPS:
            first = tmp_path / f"1_{collection}_{group}.csv"
            second = tmp_path / f"2_{collection}_{group}.csv"
            src.export_csv(collection, group, first, **kw)  # type: ignore[arg-type]
            dst.import_csv(collection, group, first, **kw)  # type: ignore[arg-type]
            dst.export_csv(collection, group, second, **kw)  # type: ignore[arg-type]
            assert second.read_bytes() == first.read_bytes(), (collection, group)
        for table in (
            "Bus",
            "Plant",
            "Plant_vector_segments",
            "Plant_set_links",
            "Plant_time_series_load",
        ):
            sql = f"SELECT group_concat(quote(t.rowid) || quote(t.id), ';') FROM {table} AS t"
            assert dst.query_string(sql) == src.query_string(sql), table
    finally:
        src.close()
        dst.close()


# -- errors ------------------------------------------------------------------------------------

PLANT_HEADER = "label,capacity,status,is_active,date_commission,bus_id,plant_spill_to\n"
SEGMENT_HEADER = "id,vector_index,segment_cost,segment_size,segment_name,date_segment,bus_segment\n"


@pytest.mark.parametrize(
    ("group", "text", "message", "where"),
    [
        (
            "",
            'sep=,\nlabel,voltage\n"B\n1",1\n"B2",2\n"B3"x,3\n',
            "malformed quoted field on line 6",
            "column 5",
        ),
        (
            "",
            'sep=,\nlabel,voltage\nB1,1\n"B2""x,2\nB3,3\n',
            "unterminated quoted field on line 4",
            "column 1",
        ),
        (
            "",
            "label,voltage\nB1,1\n \nB2,2\n",
            "Row 2 has 1 columns, but the header has 2.",
            "line 3",
        ),
        ("", "label,voltage\nB1,1,3\n", "Row 1 has 3 columns, but the header has 2.", "line 2"),
        (
            "",
            "label,voltage,,\nB1,1,,\nB2,2,x,\n",
            "Row 2 has 3 columns, but the header has 2.",
            "line 3",
        ),
        (
            "",
            "label,voltage\nB1,abc\n",
            "Invalid float value 'abc' for column 'voltage'.",
            "line 2, column 2",
        ),
        (
            "",
            "label;voltage\nB1;1,5\n",
            "Invalid float value '1,5' for column 'voltage'.",
            "line 2, column 2",
        ),
        (
            "",
            "label,voltage\nB1,1e400\n",
            "Invalid float value '1e400' for column 'voltage'.",
            "line 2, column 2",
        ),
        (
            "",
            "label,voltage\nB1,1\nB1,2\n",
            "There are duplicate entries in the CSV file.",
            "line 3, column 1",
        ),
        ("", "label,voltage\n,1\n", "Column label cannot be NULL.", "line 2, column 1"),
        ("", "volt\n1\n", "CSV file does not contain a 'label' column.", "line 1"),
        (
            "",
            "voltage,label,id\n1,B1,1\n",
            "The number of columns in the CSV file does not match the number of columns in the"
            " database.",
            "line 1",
        ),
        (
            "",
            "label,volt\n1,B1\n",
            "The columns in the CSV file do not match the columns in the database.",
            "line 1, column 2",
        ),
        (
            "",
            "LABEL,label\nB1,B1\n",
            "The columns in the CSV file do not match the columns in the database.",
            "line 1, column 1",
        ),
    ],
)
def test_bus_errors(
    buses: Database, tmp_path: Path, group: str, text: str, message: str, where: str
) -> None:
    path = _write(tmp_path, text)
    before = buses.query_string("SELECT group_concat(label || voltage) FROM Bus")
    with pytest.raises(QuiverError) as info:
        buses.import_csv("Bus", group, path)
    assert str(info.value) == f"Cannot import_csv: {message} (file '{path}', {where})".replace(
        f"on line {where}", "on line"
    )
    assert buses.query_string("SELECT group_concat(label || voltage) FROM Bus") == before


@pytest.mark.parametrize(
    ("group", "row", "message", "column"),
    [
        ("", "P1,,1.5,,,,", "Invalid integer value '1.5' for column 'status'.", 3),
        (
            "",
            "P1,,99999999999999999999,,,,",
            "Invalid integer value '99999999999999999999' for column 'status'.",
            3,
        ),
        (
            "",
            "P1,,,,01/02/2024,,",
            "Timestamp 01/02/2024 is not valid. Please provide a valid timestamp with format"
            " %Y-%m-%dT%H:%M:%S.",
            5,
        ),
        (
            "",
            "P1,,,,2020-02-30,,",
            "Timestamp 2020-02-30 is not valid. Please provide a valid timestamp with format"
            " %Y-%m-%dT%H:%M:%S.",
            5,
        ),
        (
            "",
            "P1,,,,,B9,",
            "Could not find an existing element from collection Bus with label B9.\n"
            "Create the element before referencing it.",
            6,
        ),
        (
            "",
            "P1,,,,,1,",
            "Could not find an existing element from collection Bus with label 1.\n"
            "Create the element before referencing it.",
            6,
        ),
        (
            "",
            "P1,,,,,,Nope",
            "Could not find an existing element from collection Plant with label Nope.\n"
            "Create the element before referencing it.",
            7,
        ),
        ("segments", "P9,1,,,,,", "Element with id P9 does not exist in collection Plant.", 1),
        ("segments", ",1,,,,,", "Element with id  does not exist in collection Plant.", 1),
        (
            "segments",
            "P1,0,,,,,",
            "Column vector_index must be consecutive, unique and start at 1.",
            2,
        ),
        (
            "segments",
            "P1,x,,,,,",
            "Column vector_index must be consecutive, unique and start at 1.",
            2,
        ),
    ],
)
def test_plant_errors(
    buses: Database, tmp_path: Path, group: str, row: str, message: str, column: int
) -> None:
    buses.create_element("Plant", label="P1", capacity=5.0)
    header = PLANT_HEADER if group == "" else SEGMENT_HEADER
    path = _write(tmp_path, header + row + "\n")
    with pytest.raises(QuiverError) as info:
        buses.import_csv("Plant", group, path)
    assert (
        str(info.value) == f"Cannot import_csv: {message} (file '{path}', line 2, column {column})"
    )
    assert buses.query_string("SELECT group_concat(label || capacity) FROM Plant") == "P15.0"


def test_enum_import(study: Database, tmp_path: Path) -> None:
    options = CSVOptions(enum_labels={"status": {"en": {"Active": 1}, "pt": {"Inativo": 2}}})
    path = _write(tmp_path, PLANT_HEADER + "P1,,active,,,,\nP2,,INATIVO,,,,\nP3,,7,,,,\n")
    study.import_csv("Plant", "", path, options=options)
    assert _rows(study, "SELECT status FROM Plant ORDER BY id") == ["1", "2", "7"]
    bad = _write(tmp_path, PLANT_HEADER + "P1,,Other,,,,\n")
    with pytest.raises(QuiverError) as info:
        study.import_csv("Plant", "", bad, options=options)
    assert str(info.value) == (
        "Cannot import_csv: Invalid enum value 'Other' for column 'status'."
        f" (file '{bad}', line 2, column 3)"
    )


def test_custom_date_format_import(study: Database, tmp_path: Path) -> None:
    options = CSVOptions(date_time_format="%d/%m/%Y")
    study.import_csv(
        "Plant",
        "",
        _write(tmp_path, PLANT_HEADER + "P1,,,,17/05/2020 extra,,\nP2,,,,7/5/2020,,\n"),
        options=options,
    )
    assert _rows(study, "SELECT date_commission FROM Plant ORDER BY id") == [
        "2020-05-17T00:00:00",
        "2020-05-07T00:00:00",
    ]
    path = _write(tmp_path, PLANT_HEADER + "P1,,,,2020-05-17,,\n")
    with pytest.raises(
        QuiverError,
        match=r"Timestamp 2020-05-17 is not valid\. Please provide a valid timestamp"
        r" with format %d/%m/%Y\.",
    ):
        study.import_csv("Plant", "", path, options=options)


def test_file_errors(study: Database, tmp_path: Path) -> None:
    cases = {
        str(tmp_path / "missing.csv"): "Cannot import_csv: file not found: {p}",
        str(tmp_path): "Cannot import_csv: path is a directory: {p}",
        _write(tmp_path, "", "empty.csv"): "Cannot import_csv: file '{p}' is empty",
        _write(
            tmp_path, "\n", "blank.csv"
        ): "Cannot import_csv: header row 1 not found in file '{p}'",
        _write(
            tmp_path, "sep=,", "sep.csv"
        ): "Cannot import_csv: header row 2 not found in file '{p}'",
    }
    for path, message in cases.items():
        with pytest.raises(QuiverError) as info:
            study.import_csv("Bus", "", path)
        assert str(info.value) == message.format(p=path)
    with pytest.raises(QuiverError, match=r"^Cannot import_csv: collection not found: Nope$"):
        study.import_csv("Nope", "", str(tmp_path / "missing.csv"))
    with pytest.raises(
        QuiverError, match=r"^Cannot import_csv: group not found: 'zz' in collection 'Bus'$"
    ):
        study.import_csv("Bus", "zz", str(tmp_path / "missing.csv"))
    with pytest.raises(TypeError, match=r"DatabaseCSVImport.import_csv\(\) takes 4 positional"):
        study.import_csv("Bus", "", "x.csv", CSVOptions())  # type: ignore[misc]


def test_separators_bom_and_line_endings(study: Database, tmp_path: Path) -> None:
    for text in (
        "\ufeffsep=;\nlabel;voltage\nB1;1\n",
        "label;voltage\r\nB1;1\r\n\r\n",
        "sep=\t\nlabel\tvoltage\nB1\t1",
        'label,voltage\n" B1 ","1"\n',
        "sep=|\rlabel|voltage\rB1|1\r",
    ):
        study.import_csv("Bus", "", _write(tmp_path, text))
        assert _rows(study, "SELECT label || '=' || voltage FROM Bus") == ["B1=1.0"], repr(text)


# -- all or nothing ----------------------------------------------------------------------------


def test_failure_on_last_row_changes_nothing_also_in_transactions(
    buses: Database, tmp_path: Path
) -> None:
    rows = "".join(f"N{i},{i}\n" for i in range(500))
    path = _write(tmp_path, "label,voltage\n" + rows + "BAD,x\n")
    snapshot = "SELECT group_concat(id || label || ifnull(voltage, ''), ';') FROM Bus"
    before = buses.query_string(snapshot)
    with pytest.raises(QuiverError, match="line 502, column 2"):
        buses.import_csv("Bus", "", path)
    assert buses.query_string(snapshot) == before
    buses.begin_transaction()
    buses.create_element("Bus", label="inside")
    inside = buses.query_string(snapshot)
    with pytest.raises(QuiverError):
        buses.import_csv("Bus", "", path)
    assert buses.query_string(snapshot) == inside
    buses.import_csv("Bus", "", _write(tmp_path, "label,voltage\nB2,7\n", "ok.csv"))
    assert buses.query_string(snapshot) == "2B27.0"
    buses.rollback()
    assert buses.query_string(snapshot) == before
    with buses.dry_run():
        buses.import_csv("Bus", "", _write(tmp_path, "label,voltage\n", "none.csv"))
        assert buses.query_integer("SELECT count(*) FROM Bus") == 0
    assert buses.query_string(snapshot) == before


def test_group_failure_keeps_the_group(study: Database, tmp_path: Path) -> None:
    pid = study.create_element("Plant", label="P1")
    study.update_set_group("Plant", "tags", pid, {"tag": ["keep"]})
    path = _write(tmp_path, "id,tag\nP1,a\nP1,b\nP1,a\n")
    with pytest.raises(QuiverError) as info:
        study.import_csv("Plant", "tags", path)
    assert (
        str(info.value) == "Cannot import_csv: There are duplicate entries in the CSV file."
        f" (file '{path}', line 4)"
    )
    assert _rows(study, "SELECT tag FROM Plant_set_tags") == ["keep"]


# -- memory ------------------------------------------------------------------------------------

MEMORY_SCRIPT = textwrap.dedent("""
    import os, resource, sys
    from datetime import datetime, timedelta
    from quiverdb import Database, LogLevel
    folder, schema, kind = sys.argv[1], sys.argv[2], sys.argv[3]
    db = Database.from_schema(os.path.join(folder, "m.db"), schema, console_level=LogLevel.OFF)
    path = os.path.join(folder, "big.csv")
    n = 250_000
    with open(path, "w") as f:
        if kind == "scalars":
            f.write("sep=,\\nlabel,capacity,status,is_active,date_commission,bus_id,plant_spill_to\\n")
            for i in range(n):
                f.write(f"plant number {i},{i * 1.5},{i % 7},1,2024-01-01,,\\n")
        else:
            db.create_element("Plant", label="P1")
            start = datetime(2000, 1, 1)
            f.write("sep=,\\nid,date_time,generation,units,note,date_checked\\n")
            for i in range(n):
                stamp = (start + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%S")
                f.write(f"P1,{stamp},{i * 0.25},{i},note {i},\\n")
    size = os.path.getsize(path)
    def rss():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    base = rss()
    group = "" if kind == "scalars" else "generation"
    db.import_csv("Plant", group, path)
    db.export_csv("Plant", group, os.path.join(folder, "out.csv"))
    print(size, rss() - base, os.path.getsize(os.path.join(folder, "out.csv")))
    db.close()
""")


@pytest.mark.parametrize("kind", ["scalars", "time_series"])
def test_memory_stays_flat(tmp_path: Path, kind: str) -> None:
    """Peak RSS growth of importing then exporting a ~10 MiB file stays below 0.5x its size.

    Measured in a fresh process (ru_maxrss). Holding the file in memory, as the reference does,
    would cost several times the file size."""
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(tmp_path), str(SCHEMAS / "study.sql"), kind],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    size, growth, exported = map(int, result.stdout.split())
    assert size > 8_000_000
    assert exported > size // 2
    assert growth < 0.5 * size, (growth, size)
