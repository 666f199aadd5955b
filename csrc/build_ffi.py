"""cffi builder for the ``quiverdb._quiverdb`` extension (out-of-line API mode).

The C declarations given to cffi are read from the public headers in ``csrc/include``, so the
headers stay the single description of the C API. SQLite comes from the build machine
(pkg-config, then the usual include and library paths) unless the environment variable
``QUIVERDB_SQLITE_AMALGAMATION`` names a folder holding ``sqlite3.c`` and ``sqlite3.h``; that
amalgamation is then compiled into the extension with ``SQLITE_AMALGAMATION_DEFINES``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
INCLUDE = HERE / "include"
SOURCES_LIST = HERE / "sources.txt"
MIN_SQLITE = (3, 37, 0)
PUBLIC_HEADERS = ["common.h", "options.h", "database.h", "element.h"]

# Compile options for a bundled amalgamation (see docs/building.md).
SQLITE_AMALGAMATION_DEFINES = [
    ("SQLITE_THREADSAFE", "1"),
    ("SQLITE_DEFAULT_FOREIGN_KEYS", "1"),
    ("SQLITE_DQS", "0"),
    ("SQLITE_DEFAULT_MEMSTATUS", "0"),
    ("SQLITE_OMIT_DEPRECATED", "1"),
    ("SQLITE_OMIT_LOAD_EXTENSION", "1"),
    ("SQLITE_ENABLE_FTS5", "1"),
    ("SQLITE_ENABLE_MATH_FUNCTIONS", "1"),
    ("SQLITE_USE_URI", "0"),
]


class BuildError(RuntimeError):
    """The extension cannot be built on this machine."""


def project_version() -> str:
    """The version from pyproject.toml: the one place it is written."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise BuildError("no version found in pyproject.toml")
    return match.group(1)


def core_sources() -> list[str]:
    """The C sources of the core, from csrc/sources.txt (shared with CMake)."""
    names = [
        line.strip()
        for line in SOURCES_LIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [str((HERE / name).relative_to(ROOT)) for name in names]


def cdef_from_headers() -> str:
    """Public header text with what cffi's parser does not take removed."""
    out: list[str] = []
    for name in PUBLIC_HEADERS:
        text = (INCLUDE / "quiver" / "c" / name).read_text(encoding="utf-8")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
        skipping = 0
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("#ifdef __cplusplus"):
                skipping = 1
                continue
            if skipping:
                if stripped.startswith("#endif"):
                    skipping = 0
                continue
            if stripped.startswith("#"):
                continue
            out.append(line.replace("QUIVER_C_API ", ""))
    text = "\n".join(out)
    # The forward typedef of quiver_element_t appears in two headers; cffi wants it once.
    first = "typedef struct quiver_element quiver_element_t;"
    head, sep, tail = text.partition(first)
    text = head + sep + tail.replace(first, "")
    # Python receives log records through this callback.
    return (
        text
        + '\nextern "Python" void _quiverdb_log_callback(int, const char*, const char*, void*);\n'
    )


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".")[:3])


def _header_version(header: Path) -> tuple[int, ...]:
    match = re.search(r'#define\s+SQLITE_VERSION\s+"([0-9.]+)"', header.read_text(errors="replace"))
    if not match:
        raise BuildError(f"cannot read SQLITE_VERSION from {header}")
    return _version_tuple(match.group(1))


def _check_version(version: tuple[int, ...], where: str) -> None:
    if version < MIN_SQLITE:
        found = ".".join(map(str, version))
        raise BuildError(
            f"quiverdb needs SQLite >= 3.37.0 (STRICT tables); found {found} in {where}. "
            "Install a newer libsqlite3-dev or set QUIVERDB_SQLITE_AMALGAMATION to a folder "
            "holding sqlite3.c and sqlite3.h."
        )


def sqlite_settings() -> dict[str, list]:
    """Compiler settings for SQLite: bundled amalgamation, pkg-config, or the usual paths."""
    amalgamation = os.environ.get("QUIVERDB_SQLITE_AMALGAMATION")
    if amalgamation:
        folder = Path(amalgamation).resolve()
        source, header = folder / "sqlite3.c", folder / "sqlite3.h"
        if not source.is_file() or not header.is_file():
            raise BuildError(
                f"QUIVERDB_SQLITE_AMALGAMATION={amalgamation} must hold sqlite3.c and sqlite3.h"
            )
        _check_version(_header_version(header), str(header))
        return {
            "sources": [os.path.relpath(source, ROOT)],
            "include_dirs": [str(folder)],
            "define_macros": list(SQLITE_AMALGAMATION_DEFINES),
            "libraries": [] if sys.platform == "win32" else ["m"],
            "library_dirs": [],
            "extra_link_args": [],
        }
    try:
        version = subprocess.run(
            ["pkg-config", "--modversion", "sqlite3"], capture_output=True, text=True, check=True
        ).stdout.strip()
        cflags = subprocess.run(
            ["pkg-config", "--cflags-only-I", "sqlite3"], capture_output=True, text=True, check=True
        ).stdout
        libs = subprocess.run(
            ["pkg-config", "--libs", "sqlite3"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        version = ""
    if version:
        _check_version(_version_tuple(version), "pkg-config sqlite3")
        link = shlex.split(libs)
        return {
            "sources": [],
            "include_dirs": [f[2:] for f in shlex.split(cflags) if f.startswith("-I")],
            "define_macros": [],
            "libraries": [f[2:] for f in link if f.startswith("-l")],
            "library_dirs": [f[2:] for f in link if f.startswith("-L")],
            "extra_link_args": [],
        }
    prefixes = [
        Path(sys.prefix),
        Path("/usr/local"),
        Path("/usr"),
        Path("/opt/homebrew/opt/sqlite"),
    ]
    for prefix in prefixes:
        header = prefix / "include" / "sqlite3.h"
        if header.is_file():
            _check_version(_header_version(header), str(header))
            return {
                "sources": [],
                "include_dirs": [str(header.parent)],
                "define_macros": [],
                "libraries": ["sqlite3"],
                "library_dirs": [str(prefix / "lib")],
                "extra_link_args": [],
            }
    raise BuildError(
        "SQLite development files not found: install libsqlite3-dev (Debian/Ubuntu), "
        "sqlite-devel (Fedora) or sqlite (Homebrew), or set QUIVERDB_SQLITE_AMALGAMATION to a "
        "folder holding sqlite3.c and sqlite3.h."
    )


def make_builder() -> FFI:
    ffibuilder = FFI()
    ffibuilder.cdef(cdef_from_headers())
    sqlite = sqlite_settings()
    compile_args = [] if sys.platform == "win32" else ["-std=c11", "-fvisibility=hidden"]
    ffibuilder.set_source(
        "quiverdb._quiverdb",
        '#include "quiverdb.h"\n',
        sources=core_sources() + sqlite["sources"],
        include_dirs=[str(INCLUDE), str(HERE / "src"), *sqlite["include_dirs"]],
        define_macros=[
            ("QUIVERDB_VERSION", f'"{project_version()}"'),
            ("QUIVER_C_STATIC", "1"),
            *sqlite["define_macros"],
        ],
        libraries=sqlite["libraries"],
        library_dirs=sqlite["library_dirs"],
        extra_compile_args=compile_args,
        extra_link_args=sqlite["extra_link_args"],
        py_limited_api=True,
    )
    return ffibuilder


ffibuilder = make_builder()

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
