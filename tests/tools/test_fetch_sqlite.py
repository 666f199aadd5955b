"""tools/fetch_sqlite.py: checksum pinning, refusal of bad archives, extraction."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "fetch_sqlite.py"
VERSION = "3.99.1"


def load_script() -> ModuleType:
    """Import tools/fetch_sqlite.py from its path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("quiverdb_tools_fetch_sqlite", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fs() -> Iterator[ModuleType]:
    module = load_script()
    yield module
    sys.modules.pop(module.__name__, None)


def make_archive(
    path: Path,
    members: dict[str, bytes] | None = None,
    version: str = VERSION,
) -> str:
    """Write a small amalgamation-like zip and return its SHA3-256."""
    folder = "sqlite-amalgamation-3990100/"
    if members is None:
        members = {
            folder + "sqlite3.c": b"/* tiny stand-in for the amalgamation */\nint x;\n",
            folder + "sqlite3.h": f'#define SQLITE_VERSION "{version}"\n'.encode(),
            folder + "shell.c": b"int main(void) { return 0; }\n",
            folder + "sqlite3ext.h": b"/* extension header */\n",
        }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr(folder, b"")
        for name, data in members.items():
            bundle.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return hashlib.sha3_256(buffer.getvalue()).hexdigest()


def test_pin_is_well_formed(fs: ModuleType) -> None:
    assert len(fs.SQLITE_SHA3_256) == 64
    assert int(fs.SQLITE_SHA3_256, 16) >= 0
    code = fs.version_code(fs.SQLITE_VERSION)
    assert fs.archive_url() == (
        f"https://sqlite.org/{fs.SQLITE_RELEASE_YEAR}/sqlite-amalgamation-{code}.zip"
    )


@pytest.mark.parametrize(
    ("version", "code"),
    [("3.53.4", "3530400"), ("3.50.0", "3500000"), ("3.8.11.1", "3081101")],
)
def test_version_code(fs: ModuleType, version: str, code: str) -> None:
    assert fs.version_code(version) == code


@pytest.mark.parametrize("bad", ["3.53", "3.x.1", "", "3.1.2.3.4"])
def test_version_code_rejects_garbage(fs: ModuleType, bad: str) -> None:
    with pytest.raises(ValueError, match="not a SQLite version"):
        fs.version_code(bad)


def test_sha3_matches_hashlib(fs: ModuleType, tmp_path: Path) -> None:
    data = bytes(range(256)) * 1000
    target = tmp_path / "blob"
    target.write_bytes(data)
    assert fs.sha3_256_of(target) == hashlib.sha3_256(data).hexdigest()
    # SHA3-256 is not SHA-256: a pin copied from the wrong column must not pass.
    assert fs.sha3_256_of(target) != hashlib.sha256(data).hexdigest()


def test_good_hash_is_accepted_and_members_extracted(fs: ModuleType, tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    digest = make_archive(archive)
    dest = tmp_path / "out"
    folder = fs.fetch(dest, archive=archive, expected=digest.upper(), version=VERSION)
    assert folder == dest.resolve()
    assert sorted(p.name for p in dest.iterdir()) == [".archive-sha3-256", "sqlite3.c", "sqlite3.h"]
    assert (dest / "sqlite3.c").read_bytes().startswith(b"/* tiny stand-in")
    assert fs.header_version(dest / "sqlite3.h") == VERSION


def test_bad_hash_is_refused_before_anything_is_written(fs: ModuleType, tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    digest = make_archive(archive)
    wrong = ("0" if digest[0] != "0" else "1") + digest[1:]
    dest = tmp_path / "out"
    with pytest.raises(fs.FetchError) as info:
        fs.fetch(dest, archive=archive, expected=wrong, version=VERSION)
    message = str(info.value)
    assert "SHA3-256 mismatch" in message
    assert wrong in message and digest in message
    assert not dest.exists()


def test_malformed_pin_is_refused(fs: ModuleType, tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    make_archive(archive)
    with pytest.raises(fs.FetchError, match="not 64 hex digits"):
        fs.verify_archive(archive, "abc123")


@pytest.mark.parametrize("left_out", ["sqlite3.c", "sqlite3.h"])
def test_missing_member_is_refused(fs: ModuleType, tmp_path: Path, left_out: str) -> None:
    members = {
        "sqlite-amalgamation-3990100/sqlite3.c": b"int x;\n",
        "sqlite-amalgamation-3990100/sqlite3.h": f'#define SQLITE_VERSION "{VERSION}"\n'.encode(),
    }
    members = {k: v for k, v in members.items() if not k.endswith(left_out)}
    archive = tmp_path / "a.zip"
    digest = make_archive(archive, members)
    with pytest.raises(fs.FetchError, match=f"lacks {left_out}"):
        fs.fetch(tmp_path / "out", archive=archive, expected=digest, version=VERSION)


def test_wrong_header_version_is_refused(fs: ModuleType, tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    digest = make_archive(archive, version="3.1.0")
    with pytest.raises(fs.FetchError, match=r"declares SQLite 3\.1\.0, expected 3\.99\.1"):
        fs.fetch(tmp_path / "out", archive=archive, expected=digest, version=VERSION)


def test_not_a_zip_is_refused(fs: ModuleType, tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(b"this is not a zip file")
    digest = hashlib.sha3_256(archive.read_bytes()).hexdigest()
    with pytest.raises(fs.FetchError, match="not a zip archive"):
        fs.fetch(tmp_path / "out", archive=archive, expected=digest, version=VERSION)


def test_member_paths_cannot_escape_dest(fs: ModuleType, tmp_path: Path) -> None:
    members = {
        "../../evil/sqlite3.c": b"int x;\n",
        "/abs/sqlite3.h": f'#define SQLITE_VERSION "{VERSION}"\n'.encode(),
    }
    archive = tmp_path / "a.zip"
    digest = make_archive(archive, members)
    dest = tmp_path / "deep" / "out"
    fs.fetch(dest, archive=archive, expected=digest, version=VERSION)
    assert (dest / "sqlite3.c").is_file() and (dest / "sqlite3.h").is_file()
    assert not (tmp_path / "evil").exists()


def test_missing_local_archive(fs: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(fs.FetchError, match="no such archive"):
        fs.fetch(tmp_path / "out", archive=tmp_path / "absent.zip", expected="0" * 64)


def test_download_path_verifies_too(
    fs: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "served.zip"
    digest = make_archive(source)
    requested: list[str] = []

    def fake_download(url: str, target: Path, attempts: int = 3, timeout: float = 60.0) -> None:
        requested.append(url)
        target.write_bytes(source.read_bytes())

    monkeypatch.setattr(fs, "download", fake_download)
    dest = tmp_path / "out"
    fs.fetch(dest, expected=digest, version=VERSION, url="https://example.invalid/x.zip")
    assert requested == ["https://example.invalid/x.zip"]
    assert (dest / "sqlite3.h").is_file()
    # A second call finds the stamp and does not download again.
    fs.fetch(dest, expected=digest, version=VERSION, url="https://example.invalid/x.zip")
    assert len(requested) == 1
    # A different pin does not trust the earlier unpacking.
    with pytest.raises(fs.FetchError, match="SHA3-256 mismatch"):
        fs.fetch(dest, expected="f" * 64, version=VERSION, url="https://example.invalid/x.zip")
    assert len(requested) == 2


def test_cli_good_archive_prints_env(
    fs: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tmp_path / "a.zip"
    digest = make_archive(archive)
    monkeypatch.setattr(fs, "SQLITE_SHA3_256", digest)
    monkeypatch.setattr(fs, "SQLITE_VERSION", VERSION)
    github_env = tmp_path / "github_env"
    monkeypatch.setenv("GITHUB_ENV", str(github_env))
    dest = tmp_path / "out"
    status = fs.main(
        ["--archive", str(archive), "--dest", str(dest), "--print-env", "--github-env"]
    )
    assert status == 0
    expected_line = f"QUIVERDB_SQLITE_AMALGAMATION={dest.resolve()}"
    assert capsys.readouterr().out.strip() == expected_line
    assert github_env.read_text(encoding="utf-8") == expected_line + "\n"


def test_cli_bad_archive_exits_nonzero_with_message(
    fs: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "a.zip"
    make_archive(archive)  # its hash is not the pinned release's
    status = fs.main(["--archive", str(archive), "--dest", str(tmp_path / "out")])
    assert status == 1
    err = capsys.readouterr().err
    assert "SHA3-256 mismatch" in err
    assert fs.SQLITE_SHA3_256 in err
    assert not (tmp_path / "out").exists()


def test_cli_show_pin(fs: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert fs.main(["--show-pin"]) == 0
    out = capsys.readouterr().out
    assert fs.SQLITE_VERSION in out and fs.SQLITE_SHA3_256 in out and fs.archive_url() in out
