"""Runs the C unit tests of the streaming CSV reader (csrc/tests/unit_csv_reader.c).

The reader is self-contained C, so the test driver is compiled here with the system compiler,
under AddressSanitizer and UndefinedBehaviorSanitizer when the compiler supports them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CSRC = Path(__file__).resolve().parent.parent / "csrc"


def _compiler() -> str | None:
    for name in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if name and shutil.which(name):
            return name
    return None


def _build(cc: str, out: Path, sanitize: bool) -> bool:
    flags = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-g"]
    if sanitize:
        flags += ["-fsanitize=address,undefined", "-fno-sanitize-recover=undefined"]
    sources = [CSRC / "tests" / "unit_csv_reader.c", CSRC / "src" / "csv_reader.c"]
    cmd = [cc, *flags, f"-I{CSRC / 'src'}", *map(str, sources), "-o", str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0 and not sanitize:
        pytest.fail(f"compiling the CSV reader tests failed:\n{result.stderr}")
    return result.returncode == 0


def test_csv_reader_unit_tests(tmp_path: Path) -> None:
    if not (CSRC / "tests" / "unit_csv_reader.c").is_file():
        pytest.skip("the C sources are not beside the tests (installed package only)")
    cc = _compiler()
    if cc is None:
        pytest.skip("no C compiler found (cc, gcc, clang)")
    exe = tmp_path / "test_csv_reader"
    if not _build(cc, exe, sanitize=True):
        _build(cc, exe, sanitize=False)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1")
    result = subprocess.run([str(exe)], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.endswith(" passed, 0 failed"), last
    assert int(last.split()[0]) > 100
