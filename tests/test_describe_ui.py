"""UI metadata decorations of describe() / describe_collection() (python-api-core.md §2.3, §5.3.4).

from_migrations reads the TOML files of the ``ui`` directory beside the migrations directory;
they add labels, vocabularies and tooltips to the scalar lines of the reports on that handle
only. Problems are warnings on the console, never errors. Expected texts and messages are the
reference's output for the same folders.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quiverdb import Database, LogLevel, QuiverError

SCHEMA = Path(__file__).parent / "schemas" / "ui_metadata.sql"

# Rows for the example of the spec (§5.3.4).
ZONE_ROWS = """
INSERT INTO Zone (label, kind, mode, area) VALUES
    ('z0', 0, NULL, NULL), ('z1', 1, 2, 2.0), ('z2', 1, NULL, NULL), ('z3', 7, NULL, NULL);
"""

ENUM_TOML = """\
kinds = [ { id = 0, label = "Urban" }, { id = 1, label = { en = "Rural", pt = "Rural (pt)" } } ]
modes = [ { id = 2, label = "Two" }, { id = 1, label = "One" }, { id = 1, label = "One again" } ]
"""

ZONE_TOML = """\
id = "Zone"
label = "Zones"

[[attribute]]
id = "label"
label = "Name"

[[attribute]]
id = "area"
label = "Area of zone"
tooltip = { en = "The area" }
unit = "km2"
hidden = false

[[attribute]]
id = "kind"
enum = "kinds"
label = "KIND"

[[attribute]]
id = "mode"
label = "Operating"
enum = "modes"
tooltip = "Tip"

[[attribute_group]]
id = "g"
"""

ZONE_DECORATED = """\
Collection: Zone (4 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 4 non-null, 0 null
    - label (TEXT) NOT NULL; label "Name"; 4 non-null, 0 null
    - area (REAL); label "Area of zone"; tooltip "The area"; 1 non-null, 3 null
    - kind (INTEGER); enum {0: "Urban", 1: "Rural"}; 4 non-null, 0 null; values {0: 1, 1: 2, 7: 1}
    - mode (INTEGER); label "Operating"; enum {1: "One again", 2: "Two"}; tooltip "Tip"; \
1 non-null, 3 null; values {2: 1}
    - note (TEXT); 0 non-null, 4 null
    - date_opened (DATE_TIME); 0 non-null, 4 null
  Vectors:
    - levels: level(REAL); 0/4 non-empty
  Time Series:
    - load: [date_time], load(REAL); 0/4 non-empty
"""

ZONE_PLAIN = """\
Collection: Zone (4 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 4 non-null, 0 null
    - label (TEXT) NOT NULL; 4 non-null, 0 null
    - area (REAL); 1 non-null, 3 null
    - kind (INTEGER); 4 non-null, 0 null; values {0: 1, 1: 2, 7: 1}
    - mode (INTEGER); 1 non-null, 3 null; values {2: 1}
    - note (TEXT); 0 non-null, 4 null
    - date_opened (DATE_TIME); 0 non-null, 4 null
  Vectors:
    - levels: level(REAL); 0/4 non-empty
  Time Series:
    - load: [date_time], load(REAL); 0/4 non-empty
"""

CONFIGURATION = """\
Collection: Configuration (0 elements)
  Scalars:
    - id (INTEGER) PRIMARY KEY; 0 non-null, 0 null
    - label (TEXT) NOT NULL; 0 non-null, 0 null
"""

Files = dict[str, "str | bytes | None"]


def make_project(root: Path, files: Files, rows: str = "") -> Path:
    """<root>/migrations (the test schema, plus rows) and <root>/ui holding files (None: a
    directory). Returns the migrations directory."""
    migrations = root / "migrations"
    (migrations / "1").mkdir(parents=True)
    (migrations / "1" / "up.sql").write_text(SCHEMA.read_text() + rows)
    ui = root / "ui"
    ui.mkdir()
    for name, content in files.items():
        if content is None:
            (ui / name).mkdir()
        elif isinstance(content, bytes):
            (ui / name).write_bytes(content)
        else:
            (ui / name).write_text(content, encoding="utf-8")
    return migrations


_RECORD = re.compile(
    r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[quiver_database_\d+\] \[(\w+)\] ", re.M
)


def console_records(err: str) -> list[tuple[str, str]]:
    """(level, message) of each console log record (messages may span lines)."""
    parts = _RECORD.split(err)
    assert parts[0] == ""
    return [(parts[i], parts[i + 1].removesuffix("\n")) for i in range(1, len(parts), 2)]


Opener = Callable[..., tuple[Database, list[str]]]


@pytest.fixture
def open_ui(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> Iterator[Opener]:
    """Builds a project with the given ui files, opens it with from_migrations and returns the
    handle and the warnings it logged. Handles are closed at teardown at the latest."""

    opened: list[Database] = []

    def opener(files: Files, rows: str = "") -> tuple[Database, list[str]]:
        migrations = make_project(tmp_path, files, rows)
        capfd.readouterr()
        db = Database.from_migrations(
            str(tmp_path / "db.sqlite"), str(migrations), console_level=LogLevel.WARN
        )
        opened.append(db)
        records = console_records(capfd.readouterr().err)
        assert all(level == "warning" for level, _ in records)
        return db, [message for _, message in records]

    yield opener
    for db in opened:
        db.close()


def ui_path(root: Path) -> Path:
    """The ui directory as the messages name it (canonical)."""
    return root.resolve() / "ui"


def scalar_line(db: Database, column: str, table: str = "Zone") -> str:
    (line,) = [
        line
        for line in db.describe_collection(table).split("\n")
        if line.startswith(f"    - {column} (")
    ]
    return line


def collection_file(*attributes: str, table: str = "Zone") -> str:
    return f'id = "{table}"\n' + "".join(f"[[attribute]]\n{a}\n" for a in attributes)


# ---- the example of the spec ---------------------------------------------------------------------


def test_spec_example(open_ui: Opener, tmp_path: Path) -> None:
    db, warnings = open_ui({"enum.toml": ENUM_TOML, "zone.toml": ZONE_TOML}, ZONE_ROWS)
    assert warnings == []
    path = str(tmp_path / "db.sqlite")
    assert db.describe() == f"Database: {path}\nVersion: 1\n\n{CONFIGURATION}\n{ZONE_DECORATED}"
    assert db.describe_collection("Zone") == ZONE_DECORATED
    assert db.describe_collection("Configuration") == CONFIGURATION
    db.close()


def test_only_from_migrations_loads_ui_metadata(open_ui: Opener, tmp_path: Path) -> None:
    db, _ = open_ui({"enum.toml": ENUM_TOML, "zone.toml": ZONE_TOML}, ZONE_ROWS)
    db.close()
    path = str(tmp_path / "db.sqlite")
    with Database.open(path, console_level=LogLevel.OFF) as plain:
        assert plain.describe_collection("Zone") == ZONE_PLAIN
    # A ui directory beside a schema file means nothing to from_schema.
    schema = tmp_path / "schema.sql"
    schema.write_text(SCHEMA.read_text() + ZONE_ROWS)
    with Database.from_schema(str(tmp_path / "s.db"), str(schema), console_level=LogLevel.OFF) as s:
        assert s.describe_collection("Zone") == ZONE_PLAIN
    # Each from_migrations handle loads it again, also when nothing is pending.
    again = Database.from_migrations(path, str(tmp_path / "migrations"), console_level=LogLevel.OFF)
    assert again.current_version() == 1
    assert again.describe_collection("Zone") == ZONE_DECORATED
    again.close()


# ---- labels, tooltips, text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ('"Mode"', None),
        ('"MODE"', None),
        ('"Mode_"', None),
        ('"m o d e"', None),
        ('"M-o-d-e"', None),
        ('"Mode\\u00e9"', None),  # only ASCII letters and digits are compared
        ('{ en = "mode!" }', None),
        ('""', None),
        ('"  \\t "', None),
        ('{ pt = "Modo" }', None),
        ("5", None),
        ('"Mode x"', "Mode x"),
        ('"Mode 2"', "Mode 2"),
        ('"Modé"', "Modé"),
        ('"!!!"', "!!!"),
        ('{ en = "Operating", pt = "Operação" }', "Operating"),
        ("'''literal \\ text'''", "literal \\\\ text"),
    ],
)
def test_label(open_ui: Opener, label: str, shown: str | None) -> None:
    db, warnings = open_ui({"zone.toml": collection_file(f'id = "mode"\nlabel = {label}')})
    assert warnings == []
    clause = f'; label "{shown}"' if shown is not None else ""
    assert scalar_line(db, "mode") == f"    - mode (INTEGER){clause}; 0 non-null, 0 null"
    db.close()


@pytest.mark.parametrize(
    ("attribute", "clauses"),
    [
        ('tooltip = "Tip"', '; tooltip "Tip"'),
        ('tooltip = "MODE"', ""),  # same as the column
        ('label = "Sort"\ntooltip = "sort!"', '; label "Sort"'),  # same as the label
        ('label = "Mode"\ntooltip = "Operating mode"', '; tooltip "Operating mode"'),
        ('label = "Op"\ntooltip = "  op  "', '; label "Op"'),
        ('tooltip = "!!!"', '; tooltip "!!!"'),
        ('label = "!!!"\ntooltip = "???"', '; label "!!!"; tooltip "???"'),  # nothing to compare
        ('tooltip = { en = "T", pt = "x" }', '; tooltip "T"'),
        ('tooltip = { pt = "x" }', ""),
        ('tooltip = ""', ""),
        ("tooltip = 7", ""),
    ],
)
def test_tooltip(open_ui: Opener, attribute: str, clauses: str) -> None:
    db, _ = open_ui({"zone.toml": collection_file(f'id = "mode"\n{attribute}')})
    assert scalar_line(db, "mode") == f"    - mode (INTEGER){clauses}; 0 non-null, 0 null"
    db.close()


@pytest.mark.parametrize(
    ("toml", "shown"),
    [
        ('"Capacity \\"quoted\\""', 'Capacity \\"quoted\\"'),
        ('"Tip\\nnewline"', "Tip newline"),
        ('"a\\r\\n\\r\\nb"', "a b"),
        ('"tab\\there"', "tab here"),
        ('"  lead and trail  "', "lead and trail"),
        ('"a  \\t b"', "a b"),
        ('"a\\u0000b\\u0001c\\u007fd\\u0085e\\u009ff"', "a b c d e f"),
        ('"keep\\u00a0nbsp\\u2028ls"', "keep\u00a0nbsp\u2028ls"),
        ('"back\\\\slash"', "back\\\\slash"),
        ('"""multi\nline"""', "multi line"),
    ],
)
def test_text_is_cleaned_and_escaped(open_ui: Opener, toml: str, shown: str) -> None:
    db, _ = open_ui({"zone.toml": collection_file(f'id = "note"\nlabel = {toml}')})
    assert scalar_line(db, "note") == f'    - note (TEXT); label "{shown}"; 0 non-null, 0 null'
    db.close()


# ---- vocabularies --------------------------------------------------------------------------------

VOCABULARIES = """\
ids = [ { id = 1.5, label = "a" }, { id = 2.0, label = "b" }, { id = true, label = "c" },
        { id = 1e300, label = "d" }, { id = nan, label = "e" }, { id = -0.0, label = "f" },
        { id = "9", label = "g" }, { id = 1979-05-27, label = "h" },
        { id = 9223372036854775807, label = "max" }, { id = -5, label = "neg" } ]
labels = [ { id = 1, label = "x" }, { id = 2 },
           { id = 3, label = 3 }, { id = 4, label = { pt = "p" } },
           { id = 5, label = { en = 5 } }, { id = 6, label = "" }, { id = 7, label = "  " },
           { id = 8, label = { en = "Eight", pt = "Oito" } }, { id = 9, label = " nine   9 " } ]
repeats = [ { id = 3, label = "g" }, { id = 3, label = 5 }, { id = 4, label = "h" }, { id = 4 },
            { id = 5, label = "i" }, { id = 5, label = "" }, { id = 6, label = "j" },
            { id = 6, label = "k" } ]
blank = [ { id = 1, label = "" } ]
empty = []
quoted = [ { id = 1, label = "Q\\"x\\ny\\\\" } ]
numbers = [1, 2]
text = "kinds"
[table]
id = 1
label = "t"
[[tables]]
id = 4
label = "four"
[[tables]]
id = 3
label = "three"
"""


@pytest.mark.parametrize(
    ("vocabulary", "clause"),
    [
        ("ids", '; enum {-5: "neg", 0: "f", 1: "c", 2: "b", 9223372036854775807: "max"}'),
        ("labels", '; enum {1: "x", 8: "Eight", 9: "nine 9"}'),
        ("repeats", '; enum {3: "g", 4: "h", 6: "k"}'),
        ("blank", ""),
        ("empty", ""),
        ("quoted", '; enum {1: "Q\\"x y\\\\"}'),
        ("numbers", ""),
        ("text", ""),
        ("table", ""),
        ("tables", '; enum {3: "three", 4: "four"}'),
        ("missing", ""),
    ],
)
def test_vocabulary(open_ui: Opener, vocabulary: str, clause: str) -> None:
    files = {
        "enum.toml": VOCABULARIES,
        "zone.toml": collection_file(f'id = "kind"\nenum = "{vocabulary}"'),
    }
    db, warnings = open_ui(files, "INSERT INTO Zone (label, kind) VALUES ('z', 1);")
    assert warnings == []
    assert (
        scalar_line(db, "kind")
        == f"    - kind (INTEGER){clause}; 1 non-null, 0 null; values {{1: 1}}"
    )
    db.close()


def test_vocabulary_on_any_column_and_odd_enum_values(open_ui: Opener) -> None:
    enum = 'kinds = [ { id = 0, label = "Urban" }, { id = 1, label = "Rural" } ]\n'
    zone = collection_file(
        'id = "id"\nlabel = "Ident"\nenum = "kinds"',
        'id = "area"\nenum = "kinds"',
        'id = "note"\nenum = "kinds"',
        'id = "kind"\nenum = ["kinds"]',
        'id = "mode"\nenum = { en = "kinds" }',
    )
    db, _ = open_ui({"enum.toml": enum, "zone.toml": zone})
    kinds = '; enum {0: "Urban", 1: "Rural"}'
    assert db.describe_collection("Zone").splitlines()[2:8] == [
        f'    - id (INTEGER) PRIMARY KEY; label "Ident"{kinds}; 0 non-null, 0 null',
        "    - label (TEXT) NOT NULL; 0 non-null, 0 null",
        f"    - area (REAL){kinds}; 0 non-null, 0 null",
        "    - kind (INTEGER); 0 non-null, 0 null",
        "    - mode (INTEGER); 0 non-null, 0 null",
        f"    - note (TEXT){kinds}; 0 non-null, 0 null",
    ]
    db.close()


# ---- which files count ---------------------------------------------------------------------------

KIND_L1 = '[[attribute]]\nid = "kind"\nlabel = "L1"\n'


@pytest.mark.parametrize(
    ("files", "decorated"),
    [
        ({"z.toml": 'id = "Zone"\n' + KIND_L1}, True),
        ({"z.toml": "id = 5\n" + KIND_L1}, False),
        ({"z.toml": 'id = ""\n' + KIND_L1}, False),
        ({"z.toml": 'id = "zone"\n' + KIND_L1}, False),  # table names are case-sensitive
        ({"z.toml": 'id.x = "Zone"\n' + KIND_L1}, False),
        ({"z.toml": 'id = "Zone"\n[attribute]\nid = "kind"\nlabel = "L1"\n'}, False),
        ({"z.toml": 'id = "Zone"\nattribute = [1, "x", { id = "kind", label = "L1" }]\n'}, True),
        ({"enum.toml": 'id = "Zone"\n' + KIND_L1}, False),
        ({"z.TOML": 'id = "Zone"\n' + KIND_L1}, False),
        ({"z.toml.bak": 'id = "Zone"\n' + KIND_L1}, False),
        ({"z.txt": 'id = "Zone"\n' + KIND_L1}, False),
        ({".toml": 'id = "Zone"\n' + KIND_L1}, False),  # a dot file without extension
        ({"..toml": 'id = "Zone"\n' + KIND_L1}, True),
        ({"a.b.toml": 'id = "Zone"\n' + KIND_L1}, True),
        ({"z.toml": b'\xef\xbb\xbfid = "Zone"\n' + KIND_L1.encode()}, True),
        ({"sub": None, "x.toml": None}, False),
    ],
)
def test_collection_files(open_ui: Opener, files: Files, decorated: bool) -> None:
    db, warnings = open_ui(files)
    assert warnings == []
    clause = '; label "L1"' if decorated else ""
    assert scalar_line(db, "kind") == f"    - kind (INTEGER){clause}; 0 non-null, 0 null"
    db.close()


def test_attributes(open_ui: Opener) -> None:
    zone = collection_file(
        'id = "kind"\nlabel = "First"',
        'id = "kind"\ntooltip = "Second"',  # replaces the first entirely
        'id = "nothere"\nlabel = "x"',
        'label = "no id"',
        'id = 5\nlabel = "integer id"',
        'id = "Mode"\nlabel = "wrong case"',
        'id = ""\nlabel = "empty id"',
    )
    db, _ = open_ui({"zone.toml": zone, "enum.toml": "", "main.toml": 'title = "Study"\n'})
    assert scalar_line(db, "kind") == '    - kind (INTEGER); tooltip "Second"; 0 non-null, 0 null'
    assert scalar_line(db, "mode") == "    - mode (INTEGER); 0 non-null, 0 null"
    db.close()


def test_group_tables(open_ui: Opener) -> None:
    files = {
        "zone.toml": collection_file(
            'id = "level"\nlabel = "Level"', 'id = "date_time"\nlabel = "When"'
        ),
        "levels.toml": collection_file(
            'id = "level"\nlabel = "Level of zone"', table="Zone_vector_levels"
        ),
    }
    db, _ = open_ui(files)
    # Group lines are never decorated, a group table shown as a collection is.
    text = db.describe_collection("Zone")
    assert "    - levels: level(REAL); 0/0 non-empty\n" in text
    assert "    - load: [date_time], load(REAL); 0/0 non-empty\n" in text
    assert 'label "' not in text
    assert db.describe_collection("Zone_vector_levels") == (
        "Collection: Zone_vector_levels (0 elements)\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY; 0 non-null, 0 null\n"
        "    - vector_index (INTEGER) PRIMARY KEY; 0 non-null, 0 null\n"
        '    - level (REAL); label "Level of zone"; 0 non-null, 0 null\n'
    )
    db.close()


# ---- warnings ------------------------------------------------------------------------------------

SYNTAX_ERRORS = [
    ("id = \n", "Error while parsing key-value pair: expected value, saw '\\n'"),
    ("id", "Error while parsing key-value pair: encountered end-of-file"),
    (
        'id = "Zone\n',
        "Error while parsing string: "
        "unescaped control characters other than TAB (U+0009) are explicitly prohibited",
    ),
    ("[attribute\nid = 1\n", "Error while parsing table header: expected ']', saw '\\n'"),
    (
        'id = "Zone"\nid = "Zone"\n',
        "Error while parsing key-value pair: cannot redefine existing string 'id'",
    ),
    (
        '"ab" = 1\n"ab" = 2\n',
        "Error while parsing key-value pair: cannot redefine existing integer '\"abab\" '",
    ),
    ("x = = 1", "Error while parsing value: could not determine value type"),
    (
        "= 1",
        "Error while parsing root table: expected keys, tables, whitespace or comments, saw '='",
    ),
    (
        "a = 1 b = 2",
        "Error while parsing key-value pair: expected a comment or whitespace, saw 'b'",
    ),
    ("a = [1, 2", "Error while parsing array: encountered end-of-file"),
    ("a = [1 2]", "Error while parsing array: expected comma or closing ']', saw '2'"),
    ("a = [,]", "Error while parsing array: expected value or closing ']', saw comma"),
    (
        "a = {x = 1,}",
        "Error while parsing inline table: "
        "expected key-value pair, saw closing '}' (dangling comma)",
    ),
    ("a = {x = 1\n}", "Error while parsing inline table: expected key or closing '}', saw '\\n'"),
    ("[a]\n[a]\n", "Error while parsing table header: cannot redefine existing table 'a'"),
    (
        "a = [1]\n[[a]]\n",
        "Error while parsing table header: cannot redefine existing array 'a' as array-of-tables",
    ),
    (
        "a = {x = 1}\n[a.b]\n",
        "Error while parsing table header: cannot insert 'a.b' into existing inline table",
    ),
    (
        "a = 1\na.b = 2\n",
        "Error while parsing key-value pair: "
        "cannot redefine existing integer as dotted key-value pair",
    ),
    (
        "[ [a] ]",
        "Error while parsing table header: "
        "[[array-of-table]] brackets must be contiguous (i.e. [ [ this ] ] is prohibited)",
    ),
    (
        "[]",
        "Error while parsing table header: tables with blank bare keys are explicitly prohibited",
    ),
    ('a = "\\q"', "Error while parsing string: unknown escape sequence '\\q'"),
    ('a = "\\u00zz"', "Error while parsing unicode scalar sequence: expected hex digit, saw 'z'"),
    (
        'a = "\\uD800"',
        "Error while parsing unicode scalar sequence: "
        "unicode surrogates (U+D800 - U+DFFF) are explicitly prohibited",
    ),
    (
        'a = """abc \\  x\n"""',
        "Error while parsing string: "
        "line-ending backslashes must be the last non-whitespace character on the line",
    ),
    ('"""k""" = 1', "Error while parsing key: multi-line strings are prohibited in keys"),
    ("a = tru\n", "Error while parsing boolean: expected 'true', saw 'tru\n'"),
    ("a = truex", "Error while parsing boolean: expected value-terminator, saw 'x'"),
    ("a = 01", "Error while parsing decimal integer: leading zeroes are prohibited"),
    ("a = 1__0", "Error while parsing decimal integer: underscores may only follow digits"),
    ("a = 1_", "Error while parsing key-value pair: expected a comment or whitespace, saw '_'"),
    ("a = 12_", "Error while parsing decimal integer: encountered end-of-file"),
    ("a = 12_\n", "Error while parsing decimal integer: underscores must be followed by digits"),
    (
        "a = 9223372036854775808",
        "Error while parsing decimal integer: "
        "'9223372036854775808' is not representable in 64 bits",
    ),
    (
        "a = 0x8000000000000000",
        "Error while parsing hexadecimal integer: "
        "'0x8000000000000000' is not representable in 64 bits",
    ),
    ("a = 0b102", "Error while parsing binary integer: expected digit, saw '2'"),
    (
        "a = 1.2.3",
        "Error while parsing floating-point: expected decimal digit or exponent, saw '.'",
    ),
    (
        "a = 1e400",
        "Error while parsing floating-point: '1e400' could not be interpreted as a value",
    ),
    (
        "a = 0x1p3",
        "Error while parsing hexadecimal floating-point: "
        "hexadecimal floating-point values are not supported in TOML 1.0.0 and earlier",
    ),
    (
        "a = 1979-02-29",
        "Error while parsing date: expected day between 1 and 28 (inclusive), saw 29",
    ),
    ("a = 24:00:00", "Error while parsing time: expected hour between 0 to 59 (inclusive), saw 24"),
    (
        "a = 1979-05-27T07:32:00+25:00",
        "Error while parsing date-time offset: expected hour between 0 and 23 (inclusive), saw 25",
    ),
    ("a = 1979-05-27 0 \n", "Error while parsing value: could not determine value type"),
    ("a =\u00a01", "Error while parsing key-value pair: expected space or tab, saw '\\u00A0'"),
    (
        "# c\x01\n",
        "Error while parsing comment: "
        "control characters other than TAB (U+0009) are explicitly prohibited in comments",
    ),
    (
        "a = 1\x0b\n",
        "Error while parsing key-value pair: "
        "vertical tabs '\\v' and form-feeds '\\f' are not legal line breaks in TOML",
    ),
    ("a = 1\rb = 2", "Error while parsing key-value pair: expected '\\n' after '\\r', saw 'b'"),
    (
        "a = " + "[" * 257 + "]" * 257,
        "Error while parsing value: "
        "exceeded maximum nested value depth of 256 (TOML_MAX_NESTED_VALUES)",
    ),
]


@pytest.mark.parametrize(("content", "message"), SYNTAX_ERRORS)
def test_syntax_error_is_a_warning(
    open_ui: Opener, tmp_path: Path, content: str, message: str
) -> None:
    db, warnings = open_ui(
        {"bad.toml": content, "zone.toml": collection_file('id = "kind"\nlabel = "Kept"')}
    )
    assert warnings == [
        f"Failed to load UI metadata from '{ui_path(tmp_path) / 'bad.toml'}': {message}"
    ]
    # The other files still apply.
    assert scalar_line(db, "kind") == '    - kind (INTEGER); label "Kept"; 0 non-null, 0 null'
    db.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'a = "\xff"\n', "Encountered invalid utf-8 sequence"),
        (
            b"a = 1\n" + b"#" * 20 + b"\xe2\x82",
            "Encountered EOF during incomplete utf-8 code point sequence",
        ),
        # UTF-8 is checked in 32-byte blocks as the parser reaches them: a syntax error in an
        # earlier block is reported first, one in the same block is not.
        (
            b"y = = 1\n" + b"#" * 40 + b"\xff\n",
            "Error while parsing value: could not determine value type",
        ),
        (b"y = = 1 #\xff\n", "Encountered invalid utf-8 sequence"),
        (b'a = "abc"\n' + b"#" * 40 + b"\xff\n", "Encountered invalid utf-8 sequence"),
    ],
)
def test_encoding_errors(open_ui: Opener, tmp_path: Path, content: bytes, message: str) -> None:
    db, warnings = open_ui({"bad.toml": content})
    assert warnings == [
        f"Failed to load UI metadata from '{ui_path(tmp_path) / 'bad.toml'}': {message}"
    ]
    db.close()


def test_enum_file_syntax_error(open_ui: Opener, tmp_path: Path) -> None:
    files = {
        "enum.toml": 'kinds = [ { id = 1, label = "x" }\n',
        "zone.toml": collection_file('id = "kind"\nenum = "kinds"'),
    }
    db, warnings = open_ui(files)
    assert warnings == [
        f"Failed to load UI metadata from '{ui_path(tmp_path) / 'enum.toml'}': "
        "Error while parsing array: encountered end-of-file"
    ]
    assert scalar_line(db, "kind") == "    - kind (INTEGER); 0 non-null, 0 null"
    db.close()


def test_duplicate_collection_files(open_ui: Opener, tmp_path: Path) -> None:
    files: Files = {
        f"{name}.toml": collection_file(f'id = "kind"\nlabel = "{name.upper()}"')
        for name in ("a", "b", "c")
    }
    files["d.toml"] = 'id = "Zone"\n'  # no attribute array: not a collection file
    db, warnings = open_ui(files)
    # Files are read in directory order; each later one replaces the earlier.
    order = [name for name in os.listdir(ui_path(tmp_path)) if name != "d.toml"]
    assert warnings == [
        f"Duplicate UI metadata for collection 'Zone' in '{ui_path(tmp_path) / name}': "
        "replacing the earlier file"
        for name in order[1:]
    ]
    winner = order[-1].removesuffix(".toml").upper()
    assert scalar_line(db, "kind") == f'    - kind (INTEGER); label "{winner}"; 0 non-null, 0 null'
    db.close()


def test_empty_attribute_array_counts_as_a_collection_file(open_ui: Opener, tmp_path: Path) -> None:
    files: Files = {"a.toml": 'id = "Zone"\nattribute = []\n', "b.toml": 'id = "Zone"\n' + KIND_L1}
    db, warnings = open_ui(files)
    order = os.listdir(ui_path(tmp_path))
    assert warnings == [
        f"Duplicate UI metadata for collection 'Zone' in '{ui_path(tmp_path) / order[1]}': "
        "replacing the earlier file"
    ]
    clause = '; label "L1"' if order[-1] == "b.toml" else ""
    assert scalar_line(db, "kind") == f"    - kind (INTEGER){clause}; 0 non-null, 0 null"
    db.close()


def test_warnings_follow_the_migrations(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    migrations = make_project(tmp_path, {"bad.toml": "x = = 1"})
    capfd.readouterr()
    db = Database.from_migrations(
        str(tmp_path / "db.sqlite"), str(migrations), console_level=LogLevel.INFO
    )
    path = tmp_path / "db.sqlite"
    assert console_records(capfd.readouterr().err) == [
        ("info", f"Database opened successfully: {path}"),
        ("info", "Applying 1 pending migration(s) from version 0 to 1"),
        ("info", "Applying migration 1"),
        ("info", "Migration 1 applied successfully"),
        ("info", "All migrations applied successfully. Database now at version 1"),
        (
            "warning",
            f"Failed to load UI metadata from '{ui_path(tmp_path) / 'bad.toml'}': "
            "Error while parsing value: could not determine value type",
        ),
    ]
    db.close()
    # A failing migration gives no handle, and the ui directory is not read.
    (migrations / "2").mkdir()
    (migrations / "2" / "up.sql").write_text("CREATE TABLE x(")
    capfd.readouterr()
    with pytest.raises(QuiverError, match="up migration 2"):
        Database.from_migrations(str(path), str(migrations), console_level=LogLevel.WARN)
    assert [level for level, _ in console_records(capfd.readouterr().err)] == ["error"]


# ---- where the directory is ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "migrations",
        "./migrations",
        "migrations/",
        "migrations//",
        "migrations/.",
        "x/../migrations",
    ],
)
def test_ui_directory_is_beside_the_canonical_migrations_path(
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spelling: str,
) -> None:
    make_project(tmp_path, {"bad.toml": "x = = 1", "z.toml": 'id = "Zone"\n' + KIND_L1})
    (tmp_path / "x").mkdir()
    monkeypatch.chdir(tmp_path)
    capfd.readouterr()
    db = Database.from_migrations("db.sqlite", spelling, console_level=LogLevel.WARN)
    records = console_records(capfd.readouterr().err)
    assert records == [
        (
            "warning",
            f"Failed to load UI metadata from '{ui_path(tmp_path) / 'bad.toml'}': "
            "Error while parsing value: could not determine value type",
        )
    ]
    assert scalar_line(db, "kind") == '    - kind (INTEGER); label "L1"; 0 non-null, 0 null'
    db.close()


def test_symlinked_migrations_use_the_real_parent(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    migrations = make_project(project, {"z.toml": 'id = "Zone"\n' + KIND_L1})
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "ui").mkdir(parents=True)
    (elsewhere / "ui" / "z.toml").write_text(
        'id = "Zone"\n[[attribute]]\nid = "kind"\nlabel = "Other"\n'
    )
    (elsewhere / "migs").symlink_to(migrations)
    db = Database.from_migrations(
        str(tmp_path / "db.sqlite"), str(elsewhere / "migs"), console_level=LogLevel.WARN
    )
    assert scalar_line(db, "kind") == '    - kind (INTEGER); label "L1"; 0 non-null, 0 null'
    db.close()


def test_without_a_ui_directory(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    migrations = tmp_path / "migrations"
    (migrations / "1").mkdir(parents=True)
    (migrations / "1" / "up.sql").write_text(SCHEMA.read_text())
    (tmp_path / "ui").write_text("x = = 1")  # a file, not a directory
    capfd.readouterr()
    db = Database.from_migrations(
        str(tmp_path / "db.sqlite"), str(migrations), console_level=LogLevel.WARN
    )
    assert capfd.readouterr().err == ""
    assert scalar_line(db, "kind") == "    - kind (INTEGER); 0 non-null, 0 null"
    db.close()


def test_loaded_even_without_migrations(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "bad.toml").write_text("x = = 1")
    capfd.readouterr()
    db = Database.from_migrations(
        str(tmp_path / "db.sqlite"), str(tmp_path / "migrations"), console_level=LogLevel.WARN
    )
    assert [m for _, m in console_records(capfd.readouterr().err)] == [
        f"Failed to load UI metadata from '{ui_path(tmp_path) / 'bad.toml'}': "
        "Error while parsing value: could not determine value type"
    ]
    assert db.current_version() == 0
    db.close()
