"""The built extension: stable-ABI module, one version everywhere, SQLite version exposed."""

from __future__ import annotations

import re
import sys
import sysconfig
from pathlib import Path

import pytest

import quiverdb
from quiverdb import _quiverdb

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    sys.implementation.name != "cpython" or bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    reason="abi3 applies to regular CPython builds only",
)
def test_extension_is_a_limited_api_module() -> None:
    name = Path(_quiverdb.__file__).name
    if sys.platform == "win32":
        assert name == "_quiverdb.pyd"
    else:
        assert name.endswith(".abi3.so"), name


def test_extension_links_no_version_specific_python_symbols() -> None:
    """A limited-API module only uses the stable ABI: no symbols outside it."""
    if sys.platform != "linux":
        pytest.skip("symbol inspection uses ELF tools")
    import shutil
    import subprocess

    nm = shutil.which("nm")
    if nm is None:
        pytest.skip("nm not available")
    out = subprocess.run(
        [nm, "-D", "--undefined-only", _quiverdb.__file__],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    python_symbols = {
        line.split()[-1] for line in out.splitlines() if " Py" in line or "_Py" in line
    }
    # Underscore-prefixed CPython symbols are private, except these members of the stable ABI.
    stable_private = {
        "_Py_Dealloc",
        "_Py_DecRef",
        "_Py_IncRef",
        "_Py_NoneStruct",
        "_Py_TrueStruct",
        "_Py_FalseStruct",
        "_Py_NotImplementedStruct",
        "_Py_EllipsisObject",
    }
    private = [s for s in python_symbols if s.startswith("_Py") and s not in stable_private]
    assert not private, private


def test_version_is_the_pyproject_version() -> None:
    pyproject = ROOT / "pyproject.toml"
    if not pyproject.is_file():
        pytest.skip("source tree not available")
    match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(), re.MULTILINE)
    assert match is not None
    assert quiverdb.version() == match.group(1)


def test_version_from_installed_metadata_matches_core() -> None:
    from importlib.metadata import version

    assert version("quiverdb") == quiverdb.version()


def test_sqlite_version_is_new_enough() -> None:
    parts = tuple(int(p) for p in quiverdb.sqlite_version().split(".")[:3])
    assert parts >= (3, 37, 0)
    number = _quiverdb.lib.quiver_sqlite_version_number()
    assert number == parts[0] * 1_000_000 + parts[1] * 1000 + parts[2]


def test_public_names() -> None:
    assert quiverdb.__all__ == [
        "CSVOptions",
        "DataType",
        "Database",
        "GroupMetadata",
        "LogLevel",
        "QuiverError",
        "ScalarMetadata",
        "version",
    ]
    assert not hasattr(quiverdb, "Element")
    assert issubclass(quiverdb.QuiverError, Exception)
    assert quiverdb.QuiverError.__bases__ == (Exception,)
