"""Fetch the pinned SQLite amalgamation that release wheels compile in.

The wheel build (cibuildwheel's ``before-all``) runs this script. It gets the official
amalgamation archive from sqlite.org (or takes a local copy given with ``--archive``), refuses it
unless its SHA3-256 equals the pinned value below, and writes ``sqlite3.c`` and ``sqlite3.h`` into
the folder given with ``--dest``. ``csrc/build_ffi.py`` then compiles that pair into the extension
when the environment variable ``QUIVERDB_SQLITE_AMALGAMATION`` names the folder.

The pin lives here and nowhere else: to move to another SQLite release, change the four constants
below together, taking the SHA3-256 from the release's line on sqlite.org's download page.

This file runs under whatever Python the build machine offers before the build (possibly older
than the interpreters quiverdb supports), so it keeps to the standard library and to syntax that
Python 3.8 accepts.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

# --- the pin: version, where the archive lives, and its published SHA3-256 -------------------
SQLITE_VERSION = "3.53.4"
SQLITE_RELEASE_YEAR = "2026"
SQLITE_SHA3_256 = "628a44cfe82c66aed1ccbbe85a562d2e33ebe64b3288981ed76285612227934e"
SQLITE_URL_TEMPLATE = "https://sqlite.org/{year}/sqlite-amalgamation-{code}.zip"
# ----------------------------------------------------------------------------------------------

ENV_VAR = "QUIVERDB_SQLITE_AMALGAMATION"
MEMBERS = ("sqlite3.c", "sqlite3.h")
DEFAULT_DEST = Path("build") / "sqlite-amalgamation"
STAMP_NAME = ".archive-sha3-256"
CHUNK = 1 << 16


class FetchError(Exception):
    """The amalgamation could not be obtained, verified or unpacked."""


def version_code(version: str) -> str:
    """Encode ``3.X.Y`` (or ``3.X.Y.Z``) the way sqlite.org names its archives: ``3XXYYZZ``."""
    parts = version.split(".")
    if not 3 <= len(parts) <= 4 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a SQLite version: {version!r}")
    numbers = [int(p) for p in parts] + [0] * (4 - len(parts))
    return f"{numbers[0]}{numbers[1]:02d}{numbers[2]:02d}{numbers[3]:02d}"


def archive_name(version: str = SQLITE_VERSION) -> str:
    """File name of the amalgamation archive of ``version``."""
    return f"sqlite-amalgamation-{version_code(version)}.zip"


def archive_url(version: str = SQLITE_VERSION, year: str = SQLITE_RELEASE_YEAR) -> str:
    """Download address of the amalgamation archive of ``version`` released in ``year``."""
    return SQLITE_URL_TEMPLATE.format(year=year, code=version_code(version))


def sha3_256_of(path: Path) -> str:
    """Hex SHA3-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha3_256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_archive(path: Path, expected: str) -> str:
    """Return the archive's SHA3-256, or raise :class:`FetchError` when it is not ``expected``."""
    wanted = expected.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", wanted):
        raise FetchError(f"the pinned SHA3-256 is not 64 hex digits: {expected!r}")
    actual = sha3_256_of(path)
    if actual != wanted:
        raise FetchError(
            f"SHA3-256 mismatch for {path}:\n"
            f"  expected {wanted}\n"
            f"  actual   {actual}\n"
            "The archive is not the pinned SQLite release; refusing to use it."
        )
    return actual


def download(url: str, target: Path, attempts: int = 3, timeout: float = 60.0) -> None:
    """Save ``url`` to ``target``, trying again after network errors."""
    last: Exception | None = None
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                target.write_bytes(response.read())
            return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
            if attempt < attempts:
                time.sleep(2 * attempt)
    raise FetchError(f"could not download {url} after {attempts} attempts: {last}")


def header_version(header: Path) -> str | None:
    """The ``SQLITE_VERSION`` string defined in an ``sqlite3.h``, if any."""
    text = header.read_text(encoding="utf-8", errors="replace")
    match = re.search(r'#define\s+SQLITE_VERSION\s+"([0-9.]+)"', text)
    return match.group(1) if match else None


def extract(archive: Path, dest: Path, version: str | None = SQLITE_VERSION) -> list[Path]:
    """Write ``sqlite3.c`` and ``sqlite3.h`` from ``archive`` into ``dest``; return their paths.

    The archive holds them under one top-level folder; only the two files are written, under
    their base names, so nothing else in the archive reaches the disk. With ``version`` given, the
    header must define that ``SQLITE_VERSION``.
    """
    try:
        bundle = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise FetchError(f"{archive} is not a zip archive: {exc}") from exc
    with bundle:
        found: dict[str, zipfile.ZipInfo] = {}
        for info in bundle.infolist():
            base = info.filename.rstrip("/").rsplit("/", 1)[-1]
            if base in MEMBERS and not info.is_dir():
                if base in found:
                    raise FetchError(f"{archive} holds more than one {base}")
                found[base] = info
        missing = [name for name in MEMBERS if name not in found]
        if missing:
            raise FetchError(f"{archive} lacks {', '.join(missing)}")
        dest.mkdir(parents=True, exist_ok=True)
        written = []
        for name in MEMBERS:
            target = dest / name
            with bundle.open(found[name]) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out, CHUNK)
            written.append(target)
    if version is not None:
        declared = header_version(dest / "sqlite3.h")
        if declared != version:
            raise FetchError(
                f"sqlite3.h in {archive} declares SQLite {declared}, expected {version}"
            )
    return written


def already_done(dest: Path, expected: str) -> bool:
    """True when ``dest`` holds both files, unpacked earlier from an archive with this hash."""
    stamp = dest / STAMP_NAME
    if not stamp.is_file() or not all((dest / name).is_file() for name in MEMBERS):
        return False
    return stamp.read_text(encoding="ascii").strip() == expected.strip().lower()


def fetch(
    dest: Path,
    archive: Path | None = None,
    expected: str = SQLITE_SHA3_256,
    version: str | None = SQLITE_VERSION,
    url: str | None = None,
    force: bool = False,
) -> Path:
    """Provide a verified amalgamation in ``dest`` and return ``dest`` as an absolute path.

    ``archive`` is a local copy of the official zip; without it the archive is downloaded from
    ``url`` (by default the pinned release's address). Either way the SHA3-256 is checked before
    anything is unpacked.
    """
    dest = dest.resolve()
    if archive is None and not force and already_done(dest, expected):
        return dest
    if archive is not None:
        if not archive.is_file():
            raise FetchError(f"no such archive: {archive}")
        digest = verify_archive(archive, expected)
        extract(archive, dest, version)
    else:
        with tempfile.TemporaryDirectory(prefix="quiverdb-sqlite-") as tmp:
            local = Path(tmp) / "amalgamation.zip"
            download(url or archive_url(), local)
            digest = verify_archive(local, expected)
            extract(local, dest, version)
    (dest / STAMP_NAME).write_text(digest + "\n", encoding="ascii")
    return dest


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            f"Fetch and verify the SQLite {SQLITE_VERSION} amalgamation "
            f"(pinned SHA3-256 {SQLITE_SHA3_256[:16]}...)."
        )
    )
    parser.add_argument(
        "--dest",
        type=Path,
        default=DEFAULT_DEST,
        help=f"folder to write sqlite3.c and sqlite3.h into (default: {DEFAULT_DEST})",
    )
    parser.add_argument(
        "--archive",
        type=Path,
        help="use this local copy of the official zip instead of downloading it",
    )
    parser.add_argument(
        "--force", action="store_true", help="fetch again even if --dest is already filled"
    )
    parser.add_argument(
        "--print-env",
        action="store_true",
        help=f"print only '{ENV_VAR}=<dest>' on standard output",
    )
    parser.add_argument(
        "--github-env",
        action="store_true",
        help=f"also append '{ENV_VAR}=<dest>' to the file named by $GITHUB_ENV",
    )
    parser.add_argument(
        "--show-pin", action="store_true", help="print the pinned version, URL and hash, then exit"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    args = parse_args(argv)
    if args.show_pin:
        print(f"version  {SQLITE_VERSION}")
        print(f"url      {archive_url()}")
        print(f"sha3-256 {SQLITE_SHA3_256}")
        return 0
    try:
        folder = fetch(
            args.dest,
            archive=args.archive,
            expected=SQLITE_SHA3_256,
            version=SQLITE_VERSION,
            url=archive_url(SQLITE_VERSION, SQLITE_RELEASE_YEAR),
            force=args.force,
        )
    except FetchError as exc:
        print(f"fetch_sqlite: error: {exc}", file=sys.stderr)
        return 1
    line = f"{ENV_VAR}={folder}"
    if args.github_env:
        github_env = os.environ.get("GITHUB_ENV")
        if not github_env:
            print(
                "fetch_sqlite: error: --github-env given but GITHUB_ENV is not set", file=sys.stderr
            )
            return 1
        with open(github_env, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    if args.print_env:
        print(line)
    else:
        print(f"SQLite {SQLITE_VERSION} amalgamation verified and unpacked in {folder}")
        print(f"set {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
