"""tools/release_gate.py: the checks between a tag's build and its publication.

The artifacts here are small stand-ins made in tmp_path: zip files with wheel names, METADATA,
WHEEL and RECORD, and a gzipped tar with PKG-INFO, laid out as setuptools lays them out.
"""

from __future__ import annotations

import importlib.util
import io
import json
import random
import sys
import tarfile
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "release_gate.py"

if sys.version_info < (3, 11) and importlib.util.find_spec("tomli") is None:
    pytest.skip(
        "release_gate.py reads pyproject.toml with tomli on Python 3.10, and tomli is not "
        "installed here (.ci/release-checks.sh installs it)",
        allow_module_level=True,
    )

VERSION = "1.2.3"
PLATFORMS = {
    "cp310-manylinux_x86_64": "manylinux_2_17_x86_64.manylinux2014_x86_64",
    "cp310-musllinux_x86_64": "musllinux_1_2_x86_64",
    "cp310-macosx_arm64": "macosx_11_0_arm64",
    "cp310-win_amd64": "win_amd64",
}
LONG_DESCRIPTION = "# quiverdb\n\nA schema-first SQLite store.\n"


def load_script() -> ModuleType:
    """Import tools/release_gate.py from its path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("quiverdb_tools_release_gate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gate() -> Iterator[ModuleType]:
    module = load_script()
    yield module
    sys.modules.pop(module.__name__, None)


def write_pyproject(
    folder: Path, version: str = VERSION, platforms: list[str] | None = None
) -> Path:
    platforms = list(PLATFORMS) if platforms is None else platforms
    listed = ", ".join(f'"{p}"' for p in platforms)
    runners = "\n".join(f'"{p}" = "runner-{i}"' for i, p in enumerate(platforms))
    path = folder / "pyproject.toml"
    path.write_text(
        textwrap.dedent(
            f"""\
            [project]
            name = "quiverdb"
            version = "{version}"

            [tool.quiverdb.release]
            platforms = [{listed}]
            max-wheel-bytes = 3_000_000

            [tool.quiverdb.release.runners]
            """
        )
        + runners
        + "\n",
        encoding="utf-8",
    )
    return path


def metadata_text(name: str = "quiverdb", version: str = VERSION, markup: bool = True) -> str:
    lines = ["Metadata-Version: 2.4", f"Name: {name}", f"Version: {version}"]
    lines.append("Summary: Schema-first SQLite store")
    if markup:
        lines.append("Description-Content-Type: text/markdown")
        return "\n".join(lines) + "\n\n" + LONG_DESCRIPTION
    # reStructuredText (the default) that does not render: twine --strict must refuse it.
    lines.append("Description-Content-Type: text/x-rst")
    return "\n".join(lines) + "\n\n" + ".. broken:: directive\n   :nonsense:\n\n`unclosed\n"


def make_wheel(
    dist: Path,
    plat: str,
    *,
    version: str = VERSION,
    py: str = "cp310",
    abi: str = "abi3",
    extension: str | None = None,
    extra: dict[str, bytes] | None = None,
    metadata: str | None = None,
    wheel_tags: list[str] | None = None,
) -> Path:
    """A wheel-shaped zip named ``quiverdb-<version>-<py>-<abi>-<plat>.whl``."""
    windows = plat.startswith("win")
    if extension is None:
        extension = "_quiverdb.pyd" if windows else "_quiverdb.abi3.so"
    info = f"quiverdb-{version}.dist-info"
    tags = wheel_tags or [f"{py}-{abi}-{p}" for p in plat.split(".")]
    files = {
        "quiverdb/__init__.py": b"from quiverdb._quiverdb import ffi, lib\n",
        "quiverdb/py.typed": b"",
        f"quiverdb/{extension}": b"\x7fELF not really",
        f"{info}/METADATA": (metadata or metadata_text(version=version)).encode(),
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\n"
            + "".join(f"Tag: {t}\n" for t in tags)
        ).encode(),
        **(extra or {}),
    }
    files[f"{info}/RECORD"] = "".join(f"{n},,\n" for n in [*files, f"{info}/RECORD"]).encode()
    path = dist / f"quiverdb-{version}-{py}-{abi}-{plat}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():
            bundle.writestr(name, data)
    return path


def make_sdist(
    dist: Path,
    gate: ModuleType,
    *,
    version: str = VERSION,
    metadata: str | None = None,
    leave_out: tuple[str, ...] = (),
) -> Path:
    """A gzipped tar like setuptools' sdist, holding every file the gate asks of one."""
    top = f"quiverdb-{version}"
    members = {name: b"" for name in gate.required_sdist_members(ROOT) if name not in leave_out}
    members["PKG-INFO"] = (metadata or metadata_text(version=version)).encode()
    path = dist / f"{top}.tar.gz"
    with tarfile.open(path, "w:gz") as bundle:
        for name, data in members.items():
            entry = tarfile.TarInfo(f"{top}/{name}")
            entry.size = len(data)
            bundle.addfile(entry, io.BytesIO(data))
    return path


def full_set(dist: Path, gate: ModuleType, version: str = VERSION) -> None:
    dist.mkdir(exist_ok=True)
    for plat in PLATFORMS.values():
        make_wheel(dist, plat, version=version)
    make_sdist(dist, gate, version=version)


def run_gate(gate: ModuleType, *argv: str) -> int:
    status: int = gate.main(list(argv))
    return status


@pytest.fixture
def setup(tmp_path: Path, gate: ModuleType) -> tuple[Path, Path]:
    pyproject = write_pyproject(tmp_path)
    dist = tmp_path / "dist"
    full_set(dist, gate)
    return pyproject, dist


def check(
    gate: ModuleType, pyproject: Path, dist: Path, *extra: str, tag: str = f"v{VERSION}"
) -> int:
    return run_gate(
        gate,
        "--pyproject",
        str(pyproject),
        "check-dist",
        str(dist),
        "--tag",
        tag,
        "--skip-twine",
        *extra,
    )


# --- the configuration --------------------------------------------------------------------------


def test_project_configuration_loads(gate: ModuleType) -> None:
    config = gate.load_config(ROOT / "pyproject.toml")
    assert config.name == "quiverdb"
    identifiers = [p.identifier for p in config.platforms]
    assert set(identifiers) == {
        "cp310-manylinux_x86_64",
        "cp310-manylinux_aarch64",
        "cp310-musllinux_x86_64",
        "cp310-macosx_arm64",
        "cp310-macosx_x86_64",
        "cp310-win_amd64",
    }
    assert set(config.runners) == set(identifiers)
    assert config.max_wheel_bytes <= 3_000_000


def test_runner_table_must_cover_platforms(gate: ModuleType, tmp_path: Path) -> None:
    path = write_pyproject(tmp_path)
    text = path.read_text(encoding="utf-8").replace('"cp310-win_amd64" = "runner-3"\n', "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(gate.GateError, match="platforms without one: \\['cp310-win_amd64'\\]"):
        gate.load_config(path)


@pytest.mark.parametrize(
    ("identifier", "tag", "matches"),
    [
        ("cp310-manylinux_x86_64", "manylinux_2_28_x86_64", True),
        ("cp310-manylinux_x86_64", "manylinux2014_x86_64", True),
        ("cp310-manylinux_x86_64", "manylinux_2_28_aarch64", False),
        ("cp310-manylinux_x86_64", "musllinux_1_2_x86_64", False),
        ("cp310-manylinux_x86_64", "linux_x86_64", False),
        ("cp310-musllinux_x86_64", "musllinux_1_2_x86_64", True),
        ("cp310-macosx_arm64", "macosx_11_0_arm64", True),
        ("cp310-macosx_arm64", "macosx_10_13_x86_64", False),
        ("cp310-macosx_x86_64", "macosx_10_13_x86_64", True),
        ("cp310-win_amd64", "win_amd64", True),
        ("cp310-win_amd64", "win32", False),
    ],
)
def test_platform_matching(gate: ModuleType, identifier: str, tag: str, matches: bool) -> None:
    assert gate.parse_identifier(identifier).matches([tag]) is matches


def test_unknown_identifier_is_a_configuration_error(gate: ModuleType) -> None:
    with pytest.raises(gate.GateError):
        gate.parse_identifier("cp310-plan9_mips")


# --- the tag ------------------------------------------------------------------------------------


def test_complete_set_with_matching_tag_passes(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    assert check(gate, pyproject, dist) == 0
    out = capsys.readouterr().out
    assert "release gate (check-dist" in out and "passed" in out
    assert "4 wheel(s) and 1 sdist(s)" in out


def test_tag_from_github_ref_name(
    gate: ModuleType, setup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject, dist = setup
    argv = ["--pyproject", str(pyproject), "check-dist", str(dist), "--skip-twine"]
    monkeypatch.setenv("GITHUB_REF_NAME", f"v{VERSION}")
    assert run_gate(gate, *argv) == 0
    monkeypatch.setenv("GITHUB_REF_NAME", "v9.9.9")
    assert run_gate(gate, *argv) == 1
    monkeypatch.delenv("GITHUB_REF_NAME")
    assert run_gate(gate, *argv) == 1


@pytest.mark.parametrize("tag", ["v1.2.4", "1.2.3", "v1.2.3.post1", "v1.2", ""])
def test_mismatching_tag_fails(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tag: str
) -> None:
    pyproject, dist = setup
    assert check(gate, pyproject, dist, tag=tag) == 1
    err = capsys.readouterr().err
    assert "1 problem(s)" in err
    assert "tag" in err


def test_tag_mismatch_message_names_both_versions(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    check(gate, pyproject, dist, tag="v2.0.0")
    err = capsys.readouterr().err
    assert "'v2.0.0'" in err and "'1.2.3'" in err and "expected tag 'v1.2.3'" in err


def test_artifacts_of_another_version_fail_even_with_matching_tag(
    gate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = write_pyproject(tmp_path, version="1.2.4")
    dist = tmp_path / "dist"
    full_set(dist, gate, version=VERSION)
    assert check(gate, pyproject, dist, tag="v1.2.4") == 1
    err = capsys.readouterr().err
    assert "wheel version '1.2.3', expected '1.2.4'" in err
    assert "expected the sdist to be named quiverdb-1.2.4.tar.gz" in err


# --- the artifact set ---------------------------------------------------------------------------


def test_missing_wheel_fails(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}-cp310-abi3-macosx_11_0_arm64.whl").unlink()
    assert check(gate, pyproject, dist) == 1
    err = capsys.readouterr().err
    assert "missing wheel for platform cp310-macosx_arm64" in err
    assert "1 problem(s)" in err


def test_extra_wheel_fails(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    make_wheel(dist, "manylinux_2_17_aarch64.manylinux2014_aarch64")
    assert check(gate, pyproject, dist) == 1
    err = capsys.readouterr().err
    assert "extra wheel quiverdb-1.2.3-cp310-abi3-manylinux_2_17_aarch64" in err


def test_two_wheels_for_one_platform_fail(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    make_wheel(dist, "manylinux_2_28_x86_64")
    assert check(gate, pyproject, dist) == 1
    assert "2 wheels for platform cp310-manylinux_x86_64" in capsys.readouterr().err


def test_missing_sdist_and_stray_file_fail(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}.tar.gz").unlink()
    (dist / "notes.txt").write_text("hello", encoding="utf-8")
    assert check(gate, pyproject, dist) == 1
    err = capsys.readouterr().err
    assert "expected exactly one sdist, found 0" in err
    assert "unexpected file notes.txt" in err


def test_every_problem_is_listed(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}-cp310-abi3-win_amd64.whl").unlink()
    make_wheel(dist, "linux_x86_64")
    assert check(gate, pyproject, dist, tag="v0.0.1") == 1
    err = capsys.readouterr().err
    assert "3 problem(s)" in err
    assert "does not match pyproject.toml version" in err
    assert "missing wheel for platform cp310-win_amd64" in err
    assert "extra wheel quiverdb-1.2.3-cp310-abi3-linux_x86_64.whl" in err


def test_local_mode_accepts_a_single_host_wheel(gate: ModuleType, tmp_path: Path) -> None:
    pyproject = write_pyproject(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    make_wheel(dist, "linux_x86_64")
    make_sdist(dist, gate)
    argv = ["--pyproject", str(pyproject), "check-dist", str(dist), "--skip-twine"]
    assert run_gate(gate, *argv, "--no-tag", "--local") == 0
    assert run_gate(gate, *argv, "--no-tag") == 1


# --- each wheel ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("py", "abi"), [("cp310", "cp310"), ("cp313", "abi3"), ("py3", "none"), ("cp311", "cp311")]
)
def test_non_abi3_wheel_fails(
    gate: ModuleType,
    setup: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    py: str,
    abi: str,
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}-cp310-abi3-win_amd64.whl").unlink()
    make_wheel(dist, "win_amd64", py=py, abi=abi)
    assert check(gate, pyproject, dist) == 1
    assert f"tagged {py}-{abi}, expected cp310-abi3" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("plat", "extension", "expected"),
    [
        (
            "musllinux_1_2_x86_64",
            "_quiverdb.cpython-310-x86_64-linux-musl.so",
            "not named *.abi3.so",
        ),
        ("win_amd64", "_quiverdb.cp310-win_amd64.pyd", "carries a version tag"),
        ("win_amd64", "_quiverdb.abi3.so", "a .so module in a Windows wheel"),
        ("macosx_11_0_arm64", "_quiverdb.pyd", "a .pyd module in a non-Windows wheel"),
    ],
)
def test_extension_module_names(
    gate: ModuleType,
    setup: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    plat: str,
    extension: str,
    expected: str,
) -> None:
    pyproject, dist = setup
    next(dist.glob(f"*-{plat}.whl")).unlink()
    make_wheel(dist, plat, extension=extension)
    assert check(gate, pyproject, dist) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "compiled core" in err  # the expected module name is absent too


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("libquiverdb.a", "lies outside quiverdb/"),
        ("quiverdb/libquiverdb.a", "should not be shipped"),
        ("quiverdb/_quiverdb.c", "should not be shipped"),
        ("tests/test_x.py", "lies outside quiverdb/"),
        ("quiverdb-1.2.3.data/data/share/x", "lies outside quiverdb/"),
    ],
)
def test_stray_wheel_contents_fail(
    gate: ModuleType,
    setup: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    member: str,
    expected: str,
) -> None:
    pyproject, dist = setup
    target = f"quiverdb-{VERSION}-cp310-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    (dist / target).unlink()
    make_wheel(dist, "manylinux_2_17_x86_64.manylinux2014_x86_64", extra={member: b"x"})
    assert check(gate, pyproject, dist) == 1
    err = capsys.readouterr().err
    assert f"{member} {expected}" in err


def test_oversized_wheel_fails(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}-cp310-abi3-win_amd64.whl").unlink()
    payload = random.Random(7).randbytes(3_100_000)  # random bytes do not compress
    make_wheel(dist, "win_amd64", extra={"quiverdb/blob.bin": payload})
    assert check(gate, pyproject, dist) == 1
    assert "the limit is 3000000" in capsys.readouterr().err


def test_wheel_tag_file_must_agree_with_name(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}-cp310-abi3-win_amd64.whl").unlink()
    make_wheel(dist, "win_amd64", wheel_tags=["cp310-cp310-win_amd64"])
    assert check(gate, pyproject, dist) == 1
    assert "WHEEL declares tags ['cp310-cp310-win_amd64']" in capsys.readouterr().err


# --- metadata -----------------------------------------------------------------------------------


def test_bad_wheel_metadata_fails(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}-cp310-abi3-win_amd64.whl").unlink()
    make_wheel(dist, "win_amd64", metadata=metadata_text(name="quiverdb-fork", version="0.0.0"))
    assert check(gate, pyproject, dist) == 1
    err = capsys.readouterr().err
    assert "metadata Name is 'quiverdb-fork'" in err
    assert "metadata Version is '0.0.0', expected '1.2.3'" in err


def test_metadata_without_version_field_fails(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}.tar.gz").unlink()
    make_sdist(dist, gate, metadata="Metadata-Version: 2.4\nName: quiverdb\n\nbody\n")
    assert check(gate, pyproject, dist) == 1
    assert "metadata lacks the Version field" in capsys.readouterr().err


def test_sdist_without_c_sources_fails(
    gate: ModuleType, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    required = gate.required_sdist_members(ROOT)
    header = next(name for name in required if name.endswith(".h"))
    pyproject, dist = setup
    (dist / f"quiverdb-{VERSION}.tar.gz").unlink()
    make_sdist(dist, gate, leave_out=(header, "csrc/build_ffi.py"))
    assert check(gate, pyproject, dist) == 1
    err = capsys.readouterr().err
    assert f"{header} is missing (needed to build from source)" in err
    assert "csrc/build_ffi.py is missing" in err


def test_required_sdist_members_cover_the_c_build(gate: ModuleType) -> None:
    required = gate.required_sdist_members(ROOT)
    assert "csrc/build_ffi.py" in required
    assert any(name.endswith(".c") for name in required)
    assert any(name.endswith(".h") for name in required)
    assert all((ROOT / name).is_file() for name in required)


def write_fake_twine(folder: Path, status: int, message: str) -> str:
    script = folder / "fake_twine.py"
    script.write_text(
        "import sys\n"
        "assert sys.argv[1:3] == ['check', '--strict'], sys.argv\n"
        f"print({message!r} + ' ' + str(len(sys.argv) - 3))\n"
        f"sys.exit({status})\n",
        encoding="utf-8",
    )
    return f'"{Path(sys.executable).as_posix()}" "{script.as_posix()}"'


def test_twine_failure_fails_the_gate(
    gate: ModuleType,
    setup: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pyproject, dist = setup
    twine = write_fake_twine(tmp_path, 1, "ERROR `long_description` has syntax errors")
    argv = ["--pyproject", str(pyproject), "check-dist", str(dist), "--tag", f"v{VERSION}"]
    assert run_gate(gate, *argv, "--twine", twine) == 1
    err = capsys.readouterr().err
    assert "twine check --strict failed" in err
    assert "has syntax errors 5" in err  # all five artifacts were handed to twine


def test_twine_success_is_reported(
    gate: ModuleType,
    setup: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pyproject, dist = setup
    twine = write_fake_twine(tmp_path, 0, "PASSED")
    argv = ["--pyproject", str(pyproject), "check-dist", str(dist), "--tag", f"v{VERSION}"]
    assert run_gate(gate, *argv, "--twine", twine) == 0
    assert "twine check --strict passed on 5 file(s)" in capsys.readouterr().out


def test_real_twine_refuses_unrenderable_description(
    gate: ModuleType,
    setup: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    if importlib.util.find_spec("twine") is None:
        pytest.skip("twine is not installed in this environment (release-checks installs it)")
    pyproject, dist = setup
    argv = ["--pyproject", str(pyproject), "check-dist", str(dist), "--tag", f"v{VERSION}"]
    assert run_gate(gate, *argv) == 0, capsys.readouterr().err
    (dist / f"quiverdb-{VERSION}-cp310-abi3-win_amd64.whl").unlink()
    make_wheel(dist, "win_amd64", metadata=metadata_text(markup=False))
    assert run_gate(gate, *argv) == 1
    err = capsys.readouterr().err
    assert "twine check --strict failed" in err
    assert "win_amd64.whl" in err


# --- cibuildwheel identifiers and the matrix -----------------------------------------------------


def test_identifiers_must_equal_platforms(
    gate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = write_pyproject(tmp_path)
    listing = tmp_path / "ids.txt"
    listing.write_text("\n".join(PLATFORMS) + "\n", encoding="utf-8")
    argv = ["--pyproject", str(pyproject), "check-identifiers", "--identifiers-file", str(listing)]
    assert run_gate(gate, *argv) == 0
    listing.write_text(
        "cp310-manylinux_x86_64\ncp310-musllinux_x86_64\ncp310-win_amd64\ncp310-win32\n",
        encoding="utf-8",
    )
    assert run_gate(gate, *argv) == 1
    err = capsys.readouterr().err
    assert "cp310-macosx_arm64 is a release platform but cibuildwheel would not build it" in err
    assert "cibuildwheel would build cp310-win32, which is not a release platform" in err


def test_identifiers_from_a_cibuildwheel_stand_in(
    gate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = write_pyproject(tmp_path, platforms=["cp310-manylinux_x86_64", "cp310-win_amd64"])
    fake = tmp_path / "fake_cibw.py"
    fake.write_text(
        "import sys\n"
        "platform = sys.argv[sys.argv.index('--platform') + 1]\n"
        "ids = {'linux': 'cp310-manylinux_x86_64', 'windows': 'cp310-win_amd64'}\n"
        "print(ids.get(platform, ''))\n",
        encoding="utf-8",
    )
    argv = [
        "--pyproject",
        str(pyproject),
        "check-identifiers",
        "--cibuildwheel",
        f'"{Path(sys.executable).as_posix()}" "{fake.as_posix()}"',
    ]
    assert run_gate(gate, *argv) == 0
    assert "exactly the 2 release platforms" in capsys.readouterr().out


def test_matrix_lists_each_platform_with_its_runner(
    gate: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pyproject = write_pyproject(tmp_path)
    output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    assert run_gate(gate, "--pyproject", str(pyproject), "matrix", "--github-output") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["include"] == [
        {"identifier": p, "runner": f"runner-{i}"} for i, p in enumerate(PLATFORMS)
    ]
    assert (
        output.read_text(encoding="utf-8")
        == f"matrix={json.dumps(printed, separators=(',', ':'))}\n"
    )
