"""ABI check: the reference Python layer (quiverdb 0.13.5) running unchanged on top of libquiverdb.

The reference package loads its C library at run time (cffi ABI mode) from ``quiverdb/_libs``:
first ``libquiver.so``, then ``libquiver_c.so``, whose functions it resolves by name on first
use. This script

1. finds the reference package (``../shared/tools/refpy -c pass`` downloads it once into
   ``~/.cache/quiverdb-reference/0.13.5``; without it the check is skipped, with the reason),
2. copies it to a temporary folder and replaces both library files by links to our
   ``libquiverdb.so`` (the versioned copies are removed, so no reference native code can load),
3. runs one exercise through the REFERENCE Python API twice: on the reference package as
   shipped and on the copy running on libquiverdb. Each run writes a transcript (every call
   with its result or its exception and message; temporary paths normalised),
4. compares the transcripts line by line: results, errors and messages must be identical.

API families whose C functions libquiverdb does not export yet are skipped in both runs, and
named. Usage::

    python tools/abi_check.py --library build/libquiverdb.so

Exit status: 0 when the transcripts agree (or the check was skipped), 1 otherwise.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
REFERENCE_VERSION = "0.13.5"
LIBRARY_NAMES = ("libquiver.so", "libquiver_c.so")

# C functions each family of the exercise reaches through the reference Python layer. A family
# runs only when libquiverdb exports all of its functions and the families it builds on run.
FAMILIES: dict[str, tuple[list[str], list[str]]] = {
    "lifecycle": (
        [
            "quiver_version",
            "quiver_get_last_error",
            "quiver_database_options_default",
            "quiver_database_open",
            "quiver_database_from_schema",
            "quiver_database_from_migrations",
            "quiver_database_validate_migrations",
            "quiver_database_close",
            "quiver_database_is_healthy",
            "quiver_database_path",
            "quiver_database_current_version",
        ],
        [],
    ),
    "elements": (
        [
            "quiver_element_create",
            "quiver_element_destroy",
            "quiver_element_set_integer",
            "quiver_element_set_float",
            "quiver_element_set_string",
            "quiver_element_set_null",
            "quiver_element_set_array_integer",
            "quiver_element_set_array_float",
            "quiver_element_set_array_string",
            "quiver_database_create_element",
            "quiver_database_update_element",
            "quiver_database_update_element_by_label",
            "quiver_database_delete_element",
            "quiver_database_delete_element_by_label",
            "quiver_database_update_relation",
            "quiver_database_number_of_elements",
            "quiver_database_read_element_ids",
            "quiver_database_free_integer_array",
        ],
        ["lifecycle"],
    ),
    "reads": (
        [
            "quiver_database_read_scalar_integers",
            "quiver_database_read_scalar_floats",
            "quiver_database_read_scalar_strings",
            "quiver_database_read_scalar_integer_by_id",
            "quiver_database_read_scalar_float_by_id",
            "quiver_database_read_scalar_string_by_id",
            "quiver_database_read_vector_integers",
            "quiver_database_read_vector_floats",
            "quiver_database_read_vector_strings",
            "quiver_database_read_vector_integers_by_id",
            "quiver_database_read_vector_floats_by_id",
            "quiver_database_read_vector_strings_by_id",
            "quiver_database_read_set_integers",
            "quiver_database_read_set_floats",
            "quiver_database_read_set_strings",
            "quiver_database_read_set_integers_by_id",
            "quiver_database_read_set_floats_by_id",
            "quiver_database_read_set_strings_by_id",
            "quiver_database_free_float_array",
            "quiver_database_free_mask",
            "quiver_database_free_masks",
            "quiver_database_free_string",
            "quiver_database_free_string_array",
            "quiver_database_free_integer_vectors",
            "quiver_database_free_float_vectors",
            "quiver_database_free_string_vectors",
        ],
        ["elements"],
    ),
    "groups": (
        [
            "quiver_database_read_vector_group_by_id",
            "quiver_database_read_set_group_by_id",
            "quiver_database_update_vector_group",
            "quiver_database_update_vector_group_by_label",
            "quiver_database_update_set_group",
            "quiver_database_update_set_group_by_label",
            "quiver_database_free_time_series_data",
        ],
        ["reads"],
    ),
    "time_series": (
        [
            "quiver_database_read_time_series_group",
            "quiver_database_read_time_series_row",
            "quiver_database_update_time_series_group",
            "quiver_database_update_time_series_group_by_label",
            "quiver_database_upsert_time_series_row",
            "quiver_database_has_time_series_files",
            "quiver_database_list_time_series_files_columns",
            "quiver_database_read_time_series_files",
            "quiver_database_update_time_series_files",
            "quiver_database_free_time_series_data",
            "quiver_database_free_time_series_files",
            # The reference's read_time_series_group asks for the group's metadata first.
            "quiver_database_get_time_series_metadata",
            "quiver_database_free_group_metadata",
        ],
        ["reads"],
    ),
    "metadata": (
        [
            "quiver_database_get_scalar_metadata",
            "quiver_database_get_vector_metadata",
            "quiver_database_get_set_metadata",
            "quiver_database_get_time_series_metadata",
            "quiver_database_list_scalar_attributes",
            "quiver_database_list_vector_groups",
            "quiver_database_list_set_groups",
            "quiver_database_list_time_series_groups",
            "quiver_database_free_scalar_metadata",
            "quiver_database_free_group_metadata",
            "quiver_database_free_scalar_metadata_array",
            "quiver_database_free_group_metadata_array",
        ],
        ["lifecycle"],
    ),
    "queries": (
        [
            "quiver_database_query_string",
            "quiver_database_query_integer",
            "quiver_database_query_float",
            "quiver_database_free_string",
        ],
        ["elements"],
    ),
    "transactions": (
        [
            "quiver_database_begin_transaction",
            "quiver_database_commit",
            "quiver_database_rollback",
            "quiver_database_in_transaction",
            "quiver_database_begin_dry_run",
            "quiver_database_end_dry_run",
            "quiver_database_in_dry_run",
        ],
        ["elements"],
    ),
}


# ---- parent: prepare, run twice, compare ------------------------------------------------------


def skip(reason: str) -> int:
    print(f"ABI check SKIPPED: {reason}")
    return 0


def find_reference(explicit: str | None) -> tuple[Path | None, str]:
    """The folder holding the reference package (``<folder>/quiverdb``), or None and why."""
    if explicit:
        folder = Path(explicit)
        if (folder / "quiverdb" / "__init__.py").is_file():
            return folder, ""
        return None, f"{folder} holds no quiverdb package"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "quiverdb-reference" / REFERENCE_VERSION
    if (folder / "quiverdb" / "__init__.py").is_file():
        return folder, ""
    refpy = Path(os.environ.get("QUIVERDB_REFPY") or REPO.parent / "shared" / "tools" / "refpy")
    if not refpy.is_file():
        return None, f"reference {REFERENCE_VERSION} not in {folder} and no refpy at {refpy}"
    try:
        done = subprocess.run(
            [str(refpy), "-c", "pass"], capture_output=True, text=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"cannot run {refpy}: {exc}"
    if done.returncode != 0 or not (folder / "quiverdb" / "__init__.py").is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"the reference {REFERENCE_VERSION} cannot be downloaded ({last})"
    return folder, ""


def available_families(library: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Families whose functions the library exports (and whose prerequisites run)."""
    lib = ctypes.CDLL(str(library))
    runnable: list[str] = []
    skipped: dict[str, list[str]] = {}
    for name, (functions, needs) in FAMILIES.items():
        missing = [f for f in functions if not hasattr(lib, f)]
        blocked = [f"family {n}" for n in needs if n not in runnable]
        if missing or blocked:
            skipped[name] = blocked + missing
        else:
            runnable.append(name)
    return runnable, skipped


def package_on_library(reference: Path, library: Path, into: Path) -> Path:
    """Copies the reference package into `into` with its native libraries replaced by ours."""
    package = into / "quiverdb"
    shutil.copytree(reference / "quiverdb", package, ignore=shutil.ignore_patterns("__pycache__"))
    libs = package / "_libs"
    for entry in libs.iterdir():
        if entry.name.startswith(("libquiver.", "libquiver_c.")):
            entry.unlink()
    for name in LIBRARY_NAMES:
        (libs / name).symlink_to(library)
    return into


def run_exercise(
    python_path: Path, families: list[str], expect_library: Path | None, work: Path, label: str
) -> tuple[list[list[Any]] | None, str]:
    """Runs the exercise in a child interpreter; returns its transcript or None and the output."""
    transcript = work / f"{label}.json"
    scratch = work / f"{label}-scratch"
    scratch.mkdir()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(python_path)
    env.pop("PYTHONHOME", None)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--exercise",
        "--families",
        ",".join(families),
        "--scratch",
        str(scratch),
        "--transcript",
        str(transcript),
    ]
    if expect_library:
        command += ["--expect-library", str(expect_library)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=work, env=env, check=False)
    output = done.stdout + done.stderr
    if done.returncode != 0 or not transcript.is_file():
        return None, f"exit status {done.returncode}\n{output}"
    return json.loads(transcript.read_text(encoding="utf-8")), output


def compare(reference: list[list[Any]], ours: list[list[Any]]) -> list[str]:
    problems: list[str] = []
    for index in range(max(len(reference), len(ours))):
        want = reference[index] if index < len(reference) else None
        got = ours[index] if index < len(ours) else None
        if want != got:
            problems.append(f"  step {index}:\n    reference:   {want}\n    libquiverdb: {got}")
    return problems


def main_check(args: argparse.Namespace) -> int:
    library = Path(args.library).resolve()
    if not library.is_file():
        print(f"ABI check FAILED: no library at {library}")
        return 1
    reference, why = find_reference(args.reference)
    if reference is None:
        return skip(why)
    families, skipped = available_families(library)
    print(f"reference: {reference / 'quiverdb'}")
    print(f"library:   {library}")
    for name, missing in skipped.items():
        shown = ", ".join(missing[:4]) + (
            f" and {len(missing) - 4} more" if len(missing) > 4 else ""
        )
        print(f"family {name}: SKIPPED, not in libquiverdb yet: {shown}")
    with tempfile.TemporaryDirectory(prefix="quiverdb-abi-") as tmp:
        work = Path(tmp)
        ours_path = package_on_library(reference, library, work / "ours")
        want, output = run_exercise(reference, families, None, work, "reference")
        if want is None:
            print(f"ABI check FAILED: the exercise fails on the reference itself:\n{output}")
            return 1
        got, output = run_exercise(ours_path, families, library, work, "libquiverdb")
        if got is None:
            print(f"ABI check FAILED: the reference Python layer on libquiverdb:\n{output}")
            return 1
        print(output.strip())
        problems = compare(want, got)
    per_family: dict[str, int] = {}
    for step in want:
        per_family[step[0]] = per_family.get(step[0], 0) + 1
    summary = ", ".join(f"{name} {count}" for name, count in per_family.items())
    if problems:
        print(f"ABI check FAILED: {len(problems)} of {len(want)} steps differ:")
        print("\n".join(problems))
        return 1
    print(f"ABI check passed: {len(want)} steps identical ({summary})")
    return 0


# ---- child: the exercise, through the reference Python API --------------------------------------


class Recorder:
    """Calls API functions and records each result or exception, with paths made portable."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = str(scratch)
        self.family = ""
        self.steps: list[list[Any]] = []

    def _portable(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(self.scratch, "<scratch>")
        if isinstance(value, (list, tuple)):
            return [self._portable(v) for v in value]
        if isinstance(value, dict):
            return {str(k): self._portable(v) for k, v in value.items()}
        if isinstance(value, (int, float, bool)) or value is None:
            return value
        return self._portable(repr(value))

    def call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # every exception is part of the behaviour being compared
            self.steps.append(
                [self.family, what, "raises", type(exc).__name__, self._portable(str(exc))]
            )
            return None
        self.steps.append([self.family, what, "returns", self._portable(result)])
        return result


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def exercise_lifecycle(q: Any, r: Recorder, scratch: Path) -> None:
    Database, off = q.Database, q.LogLevel.OFF
    study = str(REPO / "tests" / "schemas" / "study.sql")
    path = str(scratch / "life.db")
    db = r.call("from_schema", Database.from_schema, path, study, console_level=off)
    r.call("path", db.path)
    r.call("current_version", db.current_version)
    r.call("is_healthy", db.is_healthy)
    r.call("close", db.close)
    r.call("close again", db.close)
    r.call("path after close", db.path)
    db = r.call("open read_only", Database.open, path, read_only=True, console_level=off)
    r.call("current_version read_only", db.current_version)
    r.call("close", db.close)
    memory = r.call("open :memory:", Database.open, ":memory:", console_level=off)
    r.call("path :memory:", memory.path)
    r.call("current_version :memory:", memory.current_version)
    r.call("close", memory.close)
    versioned = write(scratch / "v7.sql", Path(study).read_text() + "\nPRAGMA user_version = 7;\n")
    db = r.call(
        "from_schema v7", Database.from_schema, str(scratch / "v7.db"), versioned, console_level=off
    )
    r.call("current_version v7", db.current_version)
    r.call("close", db.close)

    r.call(
        "open read_only missing",
        Database.open,
        str(scratch / "missing.db"),
        read_only=True,
        console_level=off,
    )
    r.call("from_schema read_only", Database.from_schema, path, study, read_only=True)
    r.call("from_schema missing schema", Database.from_schema, path, str(scratch / "nope.sql"))
    r.call(
        "from_schema empty",
        Database.from_schema,
        str(scratch / "e.db"),
        write(scratch / "empty.sql", ""),
        console_level=off,
    )
    r.call(
        "from_schema syntax",
        Database.from_schema,
        str(scratch / "e.db"),
        write(scratch / "syntax.sql", "CREATE TABLE ("),
        console_level=off,
    )
    r.call(
        "from_schema incomplete",
        Database.from_schema,
        str(scratch / "e.db"),
        write(scratch / "inc.sql", "CREATE TABLE Configuration (id INTEGER PRIMARY KEY"),
        console_level=off,
    )
    r.call(
        "from_schema invalid",
        Database.from_schema,
        str(scratch / "e.db"),
        write(
            scratch / "noconf.sql",
            "CREATE TABLE Thing (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;",
        ),
        console_level=off,
    )

    mig = scratch / "migrations"
    write(
        mig / "1" / "up.sql",
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;",
    )
    write(mig / "1" / "down.sql", "DROP TABLE Configuration;")
    write(
        mig / "2" / "up.sql",
        "CREATE TABLE Zone (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL)"
        " STRICT;",
    )
    write(mig / "2" / "down.sql", "DROP TABLE Zone;")
    mdb = str(scratch / "mig.db")
    db = r.call("from_migrations", Database.from_migrations, mdb, str(mig), console_level=off)
    r.call("current_version migrations", db.current_version)
    r.call("close", db.close)
    r.call("validate_migrations", Database.validate_migrations, str(mig))
    r.call("from_migrations missing", Database.from_migrations, mdb, str(scratch / "nope"))
    r.call("from_migrations file", Database.from_migrations, mdb, study)
    r.call("from_migrations read_only", Database.from_migrations, mdb, str(mig), read_only=True)
    r.call("validate_migrations missing", Database.validate_migrations, str(scratch / "nope"))
    r.call("validate_migrations file", Database.validate_migrations, study)
    (scratch / "empty_migrations").mkdir()
    r.call(
        "validate_migrations none", Database.validate_migrations, str(scratch / "empty_migrations")
    )
    write(mig / "3" / "down.sql", "SELECT 1;")
    r.call("validate_migrations no up", Database.validate_migrations, str(mig))
    r.call("from_migrations no up", Database.from_migrations, mdb, str(mig), console_level=off)
    write(mig / "3" / "up.sql", "CREATE TABLE (")
    r.call("from_migrations bad up", Database.from_migrations, mdb, str(mig), console_level=off)
    r.call("validate_migrations bad up", Database.validate_migrations, str(mig))
    write(
        mig / "3" / "up.sql",
        "CREATE TABLE Extra (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;",
    )
    r.call("validate_migrations left behind", Database.validate_migrations, str(mig))
    (mig / "3" / "down.sql").unlink()
    r.call("validate_migrations no down", Database.validate_migrations, str(mig))
    db = r.call("open after failed migration", Database.open, mdb, console_level=off)
    r.call("current_version after failed migration", db.current_version)
    r.call("close", db.close)


def fill_study(q: Any, r: Recorder, db: Any) -> None:
    """The data every family after `elements` reads."""
    r.call("create Configuration", db.create_element, "Configuration", label="base", base_year=2025)
    r.call("create Bus north", db.create_element, "Bus", label="north", voltage=230.0)
    r.call("create Bus south", db.create_element, "Bus", label="south", voltage=None)
    r.call(
        "create Plant hydro",
        db.create_element,
        "Plant",
        label="hydro",
        capacity=100.5,
        status=3,
        is_active=1,
        date_commission="2010-06-01T00:00:00",
        bus_id="north",
        segment_cost=[10.0, 20.5],
        segment_size=[5, 6],
        segment_name=["a", "b"],
        tag=["y", "x"],
    )
    r.call(
        "create Plant wind",
        db.create_element,
        "Plant",
        label="wind",
        capacity=None,
        bus_id="south",
        plant_spill_to="hydro",
        segment_cost=[1.5],
        tag=["solo"],
    )
    r.call("create Plant empty", db.create_element, "Plant", label="empty")


def exercise_elements(q: Any, r: Recorder, db: Any) -> None:
    fill_study(q, r, db)
    r.call("number_of_elements", db.number_of_elements, "Plant")
    r.call("read_element_ids", db.read_element_ids, "Plant")
    r.call("create unknown collection", db.create_element, "Nope", label="x")
    r.call("create no scalar", db.create_element, "Plant", segment_cost=[1.0])
    r.call("create type mismatch", db.create_element, "Plant", label="t", status="high")
    r.call("create bad label", db.create_element, "Plant", label="t2", bus_id="nowhere")
    r.call("create duplicate", db.create_element, "Plant", label="hydro")
    r.call("update_element", db.update_element, "Plant", 3, capacity=7.25, segment_cost=[3.0, 4.0])
    r.call("update_element missing", db.update_element, "Plant", 99, capacity=1.0)
    r.call("update_element_by_label", db.update_element_by_label, "Plant", "empty", status=9)
    r.call("update_element_by_label missing", db.update_element_by_label, "Plant", "zz", status=1)
    r.call("update_relation", db.update_relation, "Plant", "Bus", "id", 3, "north")
    r.call("update_relation clear", db.update_relation, "Plant", "Bus", "id", 2, None)
    r.call("update_relation bad column", db.update_relation, "Plant", "Bus", "nope", 2, "north")
    r.call("create to delete", db.create_element, "Plant", label="gone", tag=["z"])
    r.call("delete_element", db.delete_element, "Plant", 4)
    r.call("delete_element missing", db.delete_element, "Plant", 4)
    r.call("delete_element_by_label missing", db.delete_element_by_label, "Plant", "zz")
    r.call("read_element_ids after delete", db.read_element_ids, "Plant")
    r.call("number_of_elements unknown", db.number_of_elements, "Nope")


def exercise_reads(q: Any, r: Recorder, db: Any) -> None:
    for kind in ("integers", "floats", "strings"):
        for attribute in ("status", "capacity", "label", "date_commission", "bus_id"):
            r.call(
                f"read_scalar_{kind} {attribute}",
                getattr(db, f"read_scalar_{kind}"),
                "Plant",
                attribute,
            )
        for pid in (1, 2, 99):
            for attribute in ("status", "capacity", "label"):
                r.call(
                    f"read_scalar_{kind[:-1]}_by_id {attribute} {pid}",
                    getattr(db, f"read_scalar_{kind[:-1]}_by_id"),
                    "Plant",
                    attribute,
                    pid,
                )
    r.call("read_scalar_integers unknown column", db.read_scalar_integers, "Plant", "nope")
    r.call("read_scalar_integers unknown collection", db.read_scalar_integers, "Nope", "x")
    r.call(
        "read_scalar_floats empty collection", db.read_scalar_floats, "Configuration", "base_year"
    )
    for group_kind, columns in (
        ("vector", ("segment_cost", "segment_size", "segment_name")),
        ("set", ("tag", "weight")),
    ):
        for kind in ("integers", "floats", "strings"):
            for column in columns:
                r.call(
                    f"read_{group_kind}_{kind} {column}",
                    getattr(db, f"read_{group_kind}_{kind}"),
                    "Plant",
                    column,
                )
                for pid in (1, 2, 3, 99):
                    r.call(
                        f"read_{group_kind}_{kind}_by_id {column} {pid}",
                        getattr(db, f"read_{group_kind}_{kind}_by_id"),
                        "Plant",
                        column,
                        pid,
                    )
    r.call("read_vector_floats wrong kind", db.read_vector_floats, "Plant", "tag")
    r.call("read_set_strings wrong kind", db.read_set_strings, "Plant", "segment_cost")


def exercise_groups(q: Any, r: Recorder, db: Any) -> None:
    r.call("read_vector_group_by_id", db.read_vector_group_by_id, "Plant", "segments", 1)
    r.call("read_vector_group_by_id missing", db.read_vector_group_by_id, "Plant", "segments", 99)
    r.call("read_set_group_by_id", db.read_set_group_by_id, "Plant", "tags", 1)
    r.call(
        "update_vector_group",
        db.update_vector_group,
        "Plant",
        "segments",
        2,
        {"segment_cost": [1.0, None, 3.0], "segment_size": [1, 2, None]},
    )
    r.call("read after update_vector_group", db.read_vector_group_by_id, "Plant", "segments", 2)
    r.call(
        "update_vector_group_by_label",
        db.update_vector_group_by_label,
        "Plant",
        "segments",
        "wind",
        {"segment_name": ["p", "q"]},
    )
    r.call("read after by_label", db.read_vector_floats_by_id, "Plant", "segment_cost", 2)
    r.call(
        "update_set_group",
        db.update_set_group,
        "Plant",
        "links",
        1,
        {"bus_link": [1, 2], "weight": [0.5, 0.25]},
    )
    r.call("read_set_group links", db.read_set_group_by_id, "Plant", "links", 1)
    r.call(
        "update_set_group_by_label clear",
        db.update_set_group_by_label,
        "Plant",
        "tags",
        "hydro",
        {},
    )
    r.call("read tags after clear", db.read_set_strings_by_id, "Plant", "tag", 1)
    r.call(
        "update_vector_group missing element",
        db.update_vector_group,
        "Plant",
        "segments",
        99,
        {"segment_cost": [1.0]},
    )
    r.call(
        "update_vector_group unknown column",
        db.update_vector_group,
        "Plant",
        "segments",
        1,
        {"label": ["x"]},
    )
    r.call("read_vector_group unknown group", db.read_vector_group_by_id, "Plant", "nope", 1)


def exercise_time_series(q: Any, r: Recorder, db: Any) -> None:
    from datetime import datetime, timezone

    def at(day: int, hour: int = 0) -> datetime:
        return datetime(2024, 1, day, hour, tzinfo=timezone.utc)

    r.call(
        "update_time_series_group",
        db.update_time_series_group,
        "Plant",
        "generation",
        1,
        {
            "date_time": [at(2), at(1), at(3)],
            "generation": [2.0, 1.0, None],
            "units": [20, 10, 30],
            "note": ["b", None, "c"],
        },
    )
    r.call("read_time_series_group", db.read_time_series_group, "Plant", "generation", 1)
    r.call("read_time_series_group no rows", db.read_time_series_group, "Plant", "generation", 2)
    r.call(
        "update_time_series_group_by_label",
        db.update_time_series_group_by_label,
        "Plant",
        "generation",
        "wind",
        {"date_time": [at(1)], "generation": [5.5]},
    )
    for attribute in ("generation", "units", "note"):
        r.call(
            f"read_time_series_row {attribute}",
            db.read_time_series_row,
            "Plant",
            "generation",
            attribute,
            at(2, 12),
        )
    r.call(
        "read_time_series_row dimension",
        db.read_time_series_row,
        "Plant",
        "generation",
        "date_time",
        at(2),
    )
    r.call(
        "read_time_series_row multi-dimension",
        db.read_time_series_row,
        "Plant",
        "load",
        "load",
        at(2),
    )
    r.call(
        "update load",
        db.update_time_series_group,
        "Plant",
        "load",
        1,
        {"date_time": [at(1), at(1)], "block": [1, 2], "load": [0.5, 0.75]},
    )
    r.call("read load", db.read_time_series_group, "Plant", "load", 1)
    r.call(
        "upsert_time_series_row",
        db.upsert_time_series_row,
        "Plant",
        "generation",
        1,
        date_time=at(1),
        generation=9.0,
    )
    r.call("read after upsert", db.read_time_series_group, "Plant", "generation", 1)
    r.call(
        "update missing dimension",
        db.update_time_series_group,
        "Plant",
        "generation",
        1,
        {"generation": [1.0]},
    )
    r.call("unknown group", db.read_time_series_group, "Plant", "nope", 1)
    r.call("has_time_series_files", db.has_time_series_files, "Plant")
    r.call("has_time_series_files Bus", db.has_time_series_files, "Bus")
    r.call("list_time_series_files_columns", db.list_time_series_files_columns, "Plant")
    r.call(
        "update_time_series_files",
        db.update_time_series_files,
        "Plant",
        {"generation_file": "gen.csv"},
    )
    r.call("read_time_series_files", db.read_time_series_files, "Plant")
    r.call("update_time_series_files unknown", db.update_time_series_files, "Plant", {"nope": "x"})


def exercise_metadata(q: Any, r: Recorder, db: Any) -> None:
    r.call("list_scalar_attributes", db.list_scalar_attributes, "Plant")
    r.call("list_vector_groups", db.list_vector_groups, "Plant")
    r.call("list_set_groups", db.list_set_groups, "Plant")
    r.call("list_time_series_groups", db.list_time_series_groups, "Plant")
    r.call("list_vector_groups none", db.list_vector_groups, "Bus")
    r.call("get_scalar_metadata", db.get_scalar_metadata, "Plant", "bus_id")
    r.call("get_vector_metadata", db.get_vector_metadata, "Plant", "segments")
    r.call("get_set_metadata", db.get_set_metadata, "Plant", "links")
    r.call("get_time_series_metadata", db.get_time_series_metadata, "Plant", "load")
    r.call("get_scalar_metadata not scalar", db.get_scalar_metadata, "Plant", "segment_cost")
    r.call("list_scalar_attributes unknown", db.list_scalar_attributes, "Nope")


def exercise_queries(q: Any, r: Recorder, db: Any) -> None:
    r.call("query_integer", db.query_integer, "SELECT COUNT(*) FROM Plant")
    r.call("query_integer params", db.query_integer, "SELECT ?1 + ?1", parameters=[8])
    r.call(
        "query_float",
        db.query_float,
        "SELECT capacity FROM Plant WHERE label = ?",
        parameters=["hydro"],
    )
    r.call("query_string", db.query_string, "SELECT label FROM Plant ORDER BY id DESC")
    r.call("query_string none", db.query_string, "SELECT label FROM Plant WHERE id = 99")
    r.call("query_integer text", db.query_integer, "SELECT '12'")
    r.call("query syntax", db.query_integer, "SELEC 1")
    r.call("query write", db.query_integer, "DELETE FROM Plant")


def exercise_transactions(q: Any, r: Recorder, db: Any) -> None:
    r.call("in_transaction", db.in_transaction)
    r.call("begin_transaction", db.begin_transaction)
    r.call("begin_transaction twice", db.begin_transaction)
    r.call("create in transaction", db.create_element, "Bus", label="tx")
    r.call("rollback", db.rollback)
    r.call("rollback again", db.rollback)
    r.call("commit without", db.commit)
    r.call("begin_dry_run", db.begin_dry_run)
    r.call("in_dry_run", db.in_dry_run)
    r.call("create in dry run", db.create_element, "Bus", label="dry")
    r.call("end_dry_run", db.end_dry_run)
    r.call("end_dry_run again", db.end_dry_run)
    r.call("number_of_elements Bus", db.number_of_elements, "Bus")


def main_exercise(args: argparse.Namespace) -> int:
    import quiverdb as q

    families = [f for f in args.families.split(",") if f]
    scratch = Path(args.scratch)
    if args.expect_library:
        # The run must use libquiverdb, and no native code of the reference.
        maps = Path("/proc/self/maps")
        q.version()  # loads the native library
        if maps.is_file():
            text = maps.read_text()
            want = os.path.realpath(args.expect_library)
            if want not in text:
                print(f"libquiverdb ({want}) is not mapped into the process", file=sys.stderr)
                return 3
            if "libquiver_c.so.0.13" in text or "libquiver.so.0.13" in text:
                print("a reference native library is mapped into the process", file=sys.stderr)
                return 3
        print(f"reference Python layer {Path(q.__file__).parent} on libquiverdb {q.version()}")
    r = Recorder(scratch)
    r.family = "lifecycle"
    exercise_lifecycle(q, r, scratch)
    data_families = [f for f in families if f != "lifecycle"]
    if data_families:
        db = q.Database.from_schema(
            str(scratch / "data.db"),
            str(REPO / "tests" / "schemas" / "study.sql"),
            console_level=q.LogLevel.OFF,
        )
        steps = {
            "elements": lambda: exercise_elements(q, r, db),
            "reads": lambda: exercise_reads(q, r, db),
            "groups": lambda: exercise_groups(q, r, db),
            "time_series": lambda: exercise_time_series(q, r, db),
            "metadata": lambda: exercise_metadata(q, r, db),
            "queries": lambda: exercise_queries(q, r, db),
            "transactions": lambda: exercise_transactions(q, r, db),
        }
        for name in steps:
            if name in families:
                r.family = name
                steps[name]()
        db.close()
    Path(args.transcript).write_text(json.dumps(r.steps, indent=1), encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", help="libquiverdb shared library to check")
    parser.add_argument("--reference", help="folder holding the reference quiverdb package")
    parser.add_argument("--exercise", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--families", default="lifecycle", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    parser.add_argument("--transcript", help=argparse.SUPPRESS)
    parser.add_argument("--expect-library", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.exercise:
        return main_exercise(args)
    if not args.library:
        parser.error("--library is required")
    return main_check(args)


if __name__ == "__main__":
    sys.exit(main())
