"""Smoke run of the benchmark suite: every phase runs on both sides and verifies its result.

Timings of a run this small mean nothing; what is tested is that the suite works (both sides
produce the expected data, the report is complete) and that a wrong result fails the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"

pytestmark = pytest.mark.skipif(not RUN.is_file(), reason="benchmarks/ is not in this tree")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_smoke_run_verifies_every_phase(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = _run(
        "--n",
        "50",
        "--rounds",
        "1",
        "--import-runs",
        "3",
        "--quiet",
        "--json",
        str(out),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    sys.path.insert(0, str(RUN.parent))
    try:
        from workload import PHASE_NAMES
    finally:
        sys.path.remove(str(RUN.parent))
    (run,) = report["runs"]
    assert list(run["phases"]) == list(PHASE_NAMES)
    for side in ("ours", "floor"):
        (sample,) = run["samples"][side]
        assert sample["side"] == side
        assert "error" not in sample
        assert sample["peak_rss_kib"] > 0
        for name in PHASE_NAMES:
            phase = sample["phases"][name]
            assert phase["verified"] is True, (side, name)
            assert phase["seconds"] > 0 and phase["ops"] > 0, (side, name)
    assert report["import_seconds"]["quiverdb"] > 0
    assert "all 17 phases verified on both sides" in done.stdout
    assert "| geometric mean" in done.stdout


def test_a_wrong_result_fails_the_run(tmp_path: Path) -> None:
    # A floor whose bulk float read drops the last element must make the whole run fail loudly.
    wrapper = tmp_path / "broken_floor.py"
    wrapper.write_text(_BROKEN_FLOOR)
    python = tmp_path / "broken-python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{wrapper}" "$@"\n')
    python.chmod(0o755)
    done = _run("--n", "20", "--rounds", "1", "--floor-python", str(python), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "BENCHMARK FAILED: floor side FAILED (n=20)" in done.stderr
    assert "VerificationError: bulk read of capacity: result differs" in done.stderr
    assert "(length 24, expected 25)" in done.stderr


def test_unknown_phase_is_rejected(tmp_path: Path) -> None:
    done = _run("--phases", "read_floats,nope", cwd=tmp_path)
    assert done.returncode == 2
    assert "unknown phase(s) nope" in done.stderr


_BROKEN_FLOOR = """
import runpy, sys
from pathlib import Path

run = sys.argv[1]
sys.path.insert(0, str(Path(run).parent))
import side_floor

_read = side_floor.Side.read_floats
side_floor.Side.read_floats = lambda self, reps: _read(self, reps)[:-1]
sys.argv = sys.argv[1:]
runpy.run_path(run, run_name="__main__")
"""
