"""The release gate: the checks a tag's artifacts must pass before anything is published.

The validate job of ``.github/workflows/publish.yml`` runs this script and nothing else; the local
release checks (``.ci/release-checks.sh``) run it too. Subcommands:

``check-dist DIR``
    Checks the wheels and the sdist in ``DIR``:

    * the tag (``--tag`` or ``$GITHUB_REF_NAME``, e.g. ``v1.2.3``) names the version written in
      ``pyproject.toml``;
    * the artifact set is exactly one wheel per configured platform plus one sdist
      (``--local`` relaxes this to "one sdist and at least one wheel", for a build made here);
    * every wheel is tagged ``cp310-abi3-<platform>``, its extension modules are named
      ``*.abi3.so`` or ``*.pyd``, it holds nothing outside the ``quiverdb`` package and its
      ``.dist-info`` folder, no static libraries, objects or C sources, and it is under the size
      limit;
    * wheel and sdist metadata name the project and the version, and the sdist carries the C
      sources and headers the build needs;
    * ``twine check --strict`` passes on every file (``--skip-twine`` leaves that out, for tests).

``check-identifiers``
    Compares the configured platforms with what ``cibuildwheel --print-build-identifiers`` says
    the ``[tool.cibuildwheel]`` configuration builds on Linux, macOS and Windows.

``matrix``
    Prints the wheel build matrix (identifier and runner per platform) as JSON for the build
    workflow, so the platform list is written only once, in ``pyproject.toml``.

Every problem found is listed; the exit status is 1 when there is any, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI
    try:
        import tomli as tomllib
    except ModuleNotFoundError as exc:
        raise SystemExit("release_gate.py needs tomli on Python 3.10: pip install tomli") from exc

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MAX_WHEEL_BYTES = 3_000_000
CIBW_PLATFORMS = ("linux", "macos", "windows")
# Files that have no business in a wheel of ours: static libraries, objects, C sources, debug data.
FORBIDDEN_SUFFIXES = (".a", ".lib", ".o", ".obj", ".exp", ".pdb", ".c", ".h", ".dll", ".dylib")
WHEEL_NAME = re.compile(
    r"^(?P<name>[A-Za-z0-9_.]+)-(?P<version>[^-]+)(?:-(?P<build>\d[^-]*))?"
    r"-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$"
)
IDENTIFIER = re.compile(r"^(?P<py>cp3\d+)-(?P<plat>[a-z0-9_]+)$")


class GateError(Exception):
    """The gate cannot run at all (bad configuration, unreadable input)."""


@dataclass(frozen=True)
class Platform:
    """One configured wheel platform, named by its cibuildwheel build identifier."""

    identifier: str
    python_tag: str
    pattern: re.Pattern[str]

    def matches(self, wheel_platform_tags: Iterable[str]) -> bool:
        """True when any of a wheel's platform tags belongs to this platform."""
        return any(self.pattern.fullmatch(tag) for tag in wheel_platform_tags)


@dataclass(frozen=True)
class ReleaseConfig:
    """What ``pyproject.toml`` says about the project and its release."""

    name: str
    version: str
    platforms: tuple[Platform, ...]
    runners: dict[str, str]
    max_wheel_bytes: int

    @property
    def dist_name(self) -> str:
        """The project name as it appears in file names (PEP 427/625 normalisation)."""
        return re.sub(r"[-_.]+", "_", self.name).lower()

    @property
    def package(self) -> str:
        """The one top-level import package a wheel may carry."""
        return self.dist_name


@dataclass
class Report:
    """Problems found so far, and notes on what was checked."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)


def platform_pattern(plat: str) -> re.Pattern[str]:
    """The wheel platform tags that a cibuildwheel platform name such as ``musllinux_x86_64``
    stands for (a manylinux build may carry several glibc levels, macOS any deployment target).
    """
    for family in ("manylinux", "musllinux"):
        if plat.startswith(family + "_"):
            arch = re.escape(plat[len(family) + 1 :])
            if family == "manylinux":
                return re.compile(rf"manylinux(?:1|2010|2014|_\d+_\d+)_{arch}")
            return re.compile(rf"musllinux_\d+_\d+_{arch}")
    if plat.startswith("macosx_"):
        arch = re.escape(plat[len("macosx_") :])
        return re.compile(rf"macosx_\d+_\d+_{arch}")
    if plat in ("win_amd64", "win_arm64", "win32"):
        return re.compile(re.escape(plat))
    raise GateError(f"unknown platform in build identifier: {plat!r}")


def parse_identifier(identifier: str) -> Platform:
    """Turn ``cp310-manylinux_x86_64`` into a :class:`Platform`."""
    match = IDENTIFIER.fullmatch(identifier)
    if not match:
        raise GateError(f"not a cibuildwheel build identifier: {identifier!r}")
    return Platform(identifier, match["py"], platform_pattern(match["plat"]))


def load_config(pyproject: Path) -> ReleaseConfig:
    """Read the project name, version and ``[tool.quiverdb.release]`` from ``pyproject``."""
    try:
        data: dict[str, Any] = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GateError(f"cannot read {pyproject}: {exc}") from exc
    project = data.get("project", {})
    name, version = project.get("name"), project.get("version")
    if not isinstance(name, str) or not isinstance(version, str):
        raise GateError(f"{pyproject} lacks [project] name or version")
    release = data.get("tool", {}).get("quiverdb", {}).get("release")
    if not isinstance(release, dict):
        raise GateError(f"{pyproject} lacks the [tool.quiverdb.release] table")
    identifiers = release.get("platforms")
    if (
        not isinstance(identifiers, list)
        or not identifiers
        or not all(isinstance(i, str) for i in identifiers)
    ):
        raise GateError("[tool.quiverdb.release] platforms must be a non-empty list of strings")
    if len(set(identifiers)) != len(identifiers):
        raise GateError("[tool.quiverdb.release] platforms lists an identifier twice")
    runners = release.get("runners", {})
    if not isinstance(runners, dict) or set(runners) != set(identifiers):
        raise GateError(
            "[tool.quiverdb.release.runners] must name a runner for exactly the configured "
            f"platforms; platforms without one: {sorted(set(identifiers) - set(runners))}, "
            f"runners for no platform: {sorted(set(runners) - set(identifiers))}"
        )
    max_bytes = release.get("max-wheel-bytes", DEFAULT_MAX_WHEEL_BYTES)
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise GateError("[tool.quiverdb.release] max-wheel-bytes must be a positive integer")
    return ReleaseConfig(
        name=name,
        version=version,
        platforms=tuple(parse_identifier(i) for i in identifiers),
        runners={str(k): str(v) for k, v in runners.items()},
        max_wheel_bytes=max_bytes,
    )


# --- tag ---------------------------------------------------------------------------------------


def check_tag(config: ReleaseConfig, tag: str | None, report: Report) -> None:
    """The release tag must be ``v`` followed by exactly the version in pyproject.toml."""
    if not tag:
        report.fail("no release tag given (pass --tag vX.Y.Z or set GITHUB_REF_NAME)")
        return
    tag = tag.removeprefix("refs/tags/")
    if not tag.startswith("v"):
        report.fail(f"tag {tag!r} does not start with 'v'")
    elif tag[1:] != config.version:
        report.fail(
            f"tag {tag!r} does not match pyproject.toml version {config.version!r} "
            f"(expected tag 'v{config.version}')"
        )
    else:
        report.note(f"tag {tag} matches version {config.version}")


# --- wheels ------------------------------------------------------------------------------------


def read_headers(text: str) -> dict[str, list[str]]:
    """RFC 822 style headers (METADATA, PKG-INFO, WHEEL) as name -> all values."""
    message = HeaderParser().parsestr(text)
    headers: dict[str, list[str]] = {}
    for key, value in message.items():
        headers.setdefault(key.lower(), []).append(str(value).strip())
    return headers


def check_metadata(text: str, where: str, config: ReleaseConfig, report: Report) -> None:
    """Name and version in a METADATA or PKG-INFO file must be the project's."""
    headers = read_headers(text)
    for key in ("metadata-version", "name", "version"):
        if key not in headers:
            report.fail(f"{where}: metadata lacks the {key.title()} field")
    names = headers.get("name", [])
    if names and re.sub(r"[-_.]+", "_", names[0]).lower() != config.dist_name:
        report.fail(f"{where}: metadata Name is {names[0]!r}, expected {config.name!r}")
    versions = headers.get("version", [])
    if versions and versions[0] != config.version:
        report.fail(f"{where}: metadata Version is {versions[0]!r}, expected {config.version!r}")


def extension_problem(member: str, windows: bool) -> str | None:
    """Why a compiled module's file name is not a stable-ABI one, or None when it is fine."""
    base = member.rsplit("/", 1)[-1]
    if base.endswith(".pyd"):
        if not windows:
            return f"{member}: a .pyd module in a non-Windows wheel"
        if base.count(".") > 1:
            return f"{member}: Windows module name carries a version tag; abi3 wants NAME.pyd"
        return None
    if base.endswith(".so"):
        if windows:
            return f"{member}: a .so module in a Windows wheel"
        if not base.endswith(".abi3.so"):
            return f"{member}: extension module is not named *.abi3.so"
        return None
    return None


def check_wheel(path: Path, config: ReleaseConfig, report: Report) -> list[str]:
    """Check one wheel; return its platform tags (empty when the name cannot be read)."""
    where = path.name
    match = WHEEL_NAME.fullmatch(path.name)
    if not match:
        report.fail(f"{where}: not a valid wheel file name")
        return []
    if match["name"].lower() != config.dist_name:
        report.fail(f"{where}: wheel of project {match['name']!r}, expected {config.dist_name!r}")
    if match["version"] != config.version:
        report.fail(f"{where}: wheel version {match['version']!r}, expected {config.version!r}")
    python_tags = {p.python_tag for p in config.platforms}
    plat_tags = match["plat"].split(".")
    if match["abi"] != "abi3" or match["py"] not in python_tags:
        report.fail(
            f"{where}: tagged {match['py']}-{match['abi']}, expected "
            f"{'/'.join(sorted(python_tags))}-abi3 (one stable-ABI wheel per platform)"
        )
    size = path.stat().st_size
    if size >= config.max_wheel_bytes:
        report.fail(f"{where}: {size} bytes, the limit is {config.max_wheel_bytes}")

    windows = any(tag.startswith("win") for tag in plat_tags)
    dist_info = f"{config.dist_name}-{config.version}.dist-info/"
    try:
        with zipfile.ZipFile(path) as bundle:
            members = [n for n in bundle.namelist() if not n.endswith("/")]
            outside = [
                n
                for n in members
                if not (n.startswith(config.package + "/") or n.startswith(dist_info))
            ]
            for member in outside:
                report.fail(f"{where}: {member} lies outside {config.package}/ and {dist_info}")
            for member in members:
                if member.lower().endswith(FORBIDDEN_SUFFIXES):
                    report.fail(f"{where}: {member} should not be shipped (library/object/source)")
                problem = extension_problem(member, windows)
                if problem:
                    report.fail(f"{where}: {problem}")
            wanted_ext = f"{config.package}/_quiverdb" + (".pyd" if windows else ".abi3.so")
            if wanted_ext not in members:
                report.fail(f"{where}: the compiled core {wanted_ext} is missing")
            for required in ("METADATA", "WHEEL", "RECORD"):
                if dist_info + required not in members:
                    report.fail(f"{where}: {dist_info}{required} is missing")
            if dist_info + "METADATA" in members:
                text = bundle.read(dist_info + "METADATA").decode("utf-8", "replace")
                check_metadata(text, where, config, report)
            if dist_info + "WHEEL" in members:
                wheel_headers = read_headers(bundle.read(dist_info + "WHEEL").decode("utf-8"))
                declared = set(wheel_headers.get("tag", []))
                from_name = {f"{match['py']}-{match['abi']}-{p}" for p in plat_tags}
                if declared != from_name:
                    report.fail(
                        f"{where}: WHEEL declares tags {sorted(declared)}, "
                        f"the file name says {sorted(from_name)}"
                    )
                if wheel_headers.get("root-is-purelib", ["false"])[0].lower() != "false":
                    report.fail(f"{where}: WHEEL says Root-Is-Purelib: true for a binary wheel")
    except zipfile.BadZipFile as exc:
        report.fail(f"{where}: not a readable zip archive ({exc})")
    return plat_tags


# --- sdist -------------------------------------------------------------------------------------


def required_sdist_members(repo: Path) -> list[str]:
    """Files of the source tree that a from-source build needs, relative to the sdist root."""
    csrc = repo / "csrc"
    required = ["pyproject.toml", "setup.py", "csrc/build_ffi.py", "csrc/sources.txt"]
    sources = csrc / "sources.txt"
    if sources.is_file():
        for line in sources.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                required.append(f"csrc/{line}")
    for header in sorted(csrc.rglob("*.h")):
        relative = header.relative_to(repo).as_posix()
        if not relative.startswith("csrc/tests/"):
            required.append(relative)
    return sorted(set(required))


def check_sdist(path: Path, config: ReleaseConfig, repo: Path, report: Report) -> None:
    """The sdist is named for the version, carries matching PKG-INFO and the C build inputs."""
    where = path.name
    top = f"{config.dist_name}-{config.version}"
    if path.name != f"{top}.tar.gz":
        report.fail(f"{where}: expected the sdist to be named {top}.tar.gz")
    try:
        with tarfile.open(path, "r:gz") as bundle:
            names = {m.name for m in bundle.getmembers() if m.isfile()}
            roots = {n.split("/", 1)[0] for n in names}
            if roots != {top}:
                report.fail(f"{where}: top-level entries {sorted(roots)}, expected only {top}/")
            pkg_info = f"{top}/PKG-INFO"
            if pkg_info in names:
                handle = bundle.extractfile(pkg_info)
                assert handle is not None
                check_metadata(handle.read().decode("utf-8", "replace"), where, config, report)
            else:
                report.fail(f"{where}: {pkg_info} is missing")
            missing = [r for r in required_sdist_members(repo) if f"{top}/{r}" not in names]
            for member in missing:
                report.fail(f"{where}: {member} is missing (needed to build from source)")
    except (tarfile.TarError, OSError) as exc:
        report.fail(f"{where}: not a readable .tar.gz ({exc})")


# --- the artifact set --------------------------------------------------------------------------


def check_artifact_set(
    wheel_tags: dict[str, list[str]], config: ReleaseConfig, report: Report
) -> None:
    """Exactly one wheel for each configured platform, and no wheel for any other."""
    claimed: dict[str, list[str]] = {p.identifier: [] for p in config.platforms}
    for wheel, tags in wheel_tags.items():
        owners = [p.identifier for p in config.platforms if p.matches(tags)]
        if not owners:
            report.fail(f"extra wheel {wheel}: it is for no configured platform")
        for owner in owners:
            claimed[owner].append(wheel)
    for identifier, wheels in claimed.items():
        if not wheels:
            report.fail(f"missing wheel for platform {identifier}")
        elif len(wheels) > 1:
            report.fail(f"{len(wheels)} wheels for platform {identifier}: {', '.join(wheels)}")


def run_twine(files: Sequence[Path], command: Sequence[str], report: Report) -> None:
    """Run ``twine check --strict`` (or the given stand-in) on every artifact."""
    argv = [*command, "check", "--strict", *(str(f) for f in files)]
    try:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
        done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    except OSError as exc:
        report.fail(f"cannot run twine ({' '.join(command)}): {exc}")
        return
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        report.fail(f"twine check --strict failed:\n{output}")
    else:
        report.note(f"twine check --strict passed on {len(files)} file(s)")


def check_dist(
    dist: Path,
    config: ReleaseConfig,
    *,
    tag: str | None,
    check_tag_too: bool = True,
    local: bool = False,
    twine_command: Sequence[str] | None = None,
    repo: Path = ROOT,
) -> Report:
    """All checks of ``check-dist``; ``twine_command`` None leaves twine out."""
    report = Report()
    if check_tag_too:
        check_tag(config, tag, report)
    if not dist.is_dir():
        report.fail(f"{dist} is not a directory")
        return report
    files = sorted(p for p in dist.iterdir() if p.is_file())
    wheels = [p for p in files if p.name.endswith(".whl")]
    sdists = [p for p in files if p.name.endswith(".tar.gz")]
    for other in sorted(set(files) - set(wheels) - set(sdists)):
        report.fail(f"unexpected file {other.name} (only wheels and the sdist belong here)")
    if len(sdists) != 1:
        names = ", ".join(p.name for p in sdists) or "none"
        report.fail(f"expected exactly one sdist, found {len(sdists)}: {names}")
    for sdist in sdists:
        check_sdist(sdist, config, repo, report)
    wheel_tags = {p.name: check_wheel(p, config, report) for p in wheels}
    if local:
        if not wheels:
            report.fail("no wheel found")
    else:
        check_artifact_set(wheel_tags, config, report)
    report.note(f"{len(wheels)} wheel(s) and {len(sdists)} sdist(s) checked")
    if twine_command is not None and (wheels or sdists):
        run_twine(wheels + sdists, twine_command, report)
    return report


# --- cibuildwheel identifiers ------------------------------------------------------------------


def cibuildwheel_identifiers(repo: Path, command: Sequence[str]) -> set[str]:
    """What ``cibuildwheel --print-build-identifiers`` lists for Linux, macOS and Windows."""
    found: set[str] = set()
    for platform in CIBW_PLATFORMS:
        argv = [*command, "--print-build-identifiers", "--platform", platform, str(repo)]
        done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=repo)
        if done.returncode != 0:
            raise GateError(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")
        found.update(line.strip() for line in done.stdout.splitlines() if line.strip())
    return found


def check_identifiers(config: ReleaseConfig, identifiers: set[str]) -> Report:
    """The configured platform list and cibuildwheel's build list must be the same set."""
    report = Report()
    configured = {p.identifier for p in config.platforms}
    for missing in sorted(configured - identifiers):
        report.fail(f"{missing} is a release platform but cibuildwheel would not build it")
    for extra in sorted(identifiers - configured):
        report.fail(f"cibuildwheel would build {extra}, which is not a release platform")
    if not report.problems:
        report.note(f"cibuildwheel builds exactly the {len(configured)} release platforms")
    return report


# --- command line ------------------------------------------------------------------------------


def finish(report: Report, what: str) -> int:
    """Print the outcome and return the exit status."""
    for note in report.notes:
        print(f"  ok: {note}")
    if report.problems:
        print(f"release gate ({what}): {len(report.problems)} problem(s):", file=sys.stderr)
        for problem in report.problems:
            lines = problem.splitlines() or [""]
            print(f"  - {lines[0]}", file=sys.stderr)
            for line in lines[1:]:
                print(f"      {line}", file=sys.stderr)
        return 1
    print(f"release gate ({what}): passed")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pyproject",
        type=Path,
        default=ROOT / "pyproject.toml",
        help="the project's pyproject.toml (default: the one beside tools/)",
    )
    parser.add_argument(
        "--repo",
        type=Path,
        default=ROOT,
        help="source tree whose C sources and headers the sdist must carry (default: this one)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    dist = sub.add_parser("check-dist", help="check a directory of release artifacts")
    dist.add_argument("dist", type=Path, help="directory holding the wheels and the sdist")
    dist.add_argument("--tag", help="release tag, e.g. v1.2.3 (default: $GITHUB_REF_NAME)")
    dist.add_argument("--no-tag", action="store_true", help="skip the tag check (local builds)")
    dist.add_argument(
        "--local",
        action="store_true",
        help="a local build: require one sdist and some wheel instead of the full platform set",
    )
    dist.add_argument(
        "--skip-twine", action="store_true", help="leave out twine check (for tests only)"
    )
    dist.add_argument(
        "--twine",
        default=None,
        help="command that runs twine (default: this Python's 'python -m twine')",
    )

    ids = sub.add_parser("check-identifiers", help="compare platforms with cibuildwheel's list")
    ids.add_argument(
        "--identifiers-file",
        type=Path,
        action="append",
        help="read identifiers from this file ('-' for stdin) instead of running cibuildwheel",
    )
    ids.add_argument(
        "--cibuildwheel",
        default=None,
        help="command that runs cibuildwheel (default: 'cibuildwheel' on PATH)",
    )

    matrix = sub.add_parser("matrix", help="print the wheel build matrix as JSON")
    matrix.add_argument(
        "--github-output",
        action="store_true",
        help="also write 'matrix=<json>' to the file named by $GITHUB_OUTPUT",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.pyproject)
        repo = args.repo.resolve()
        if args.command == "check-dist":
            twine: list[str] | None = None
            if not args.skip_twine:
                twine = shlex.split(args.twine) if args.twine else [sys.executable, "-m", "twine"]
            tag = args.tag if args.tag is not None else os.environ.get("GITHUB_REF_NAME")
            report = check_dist(
                args.dist,
                config,
                tag=tag,
                check_tag_too=not args.no_tag,
                local=args.local,
                twine_command=twine,
                repo=repo,
            )
            return finish(report, f"check-dist {args.dist}")
        if args.command == "check-identifiers":
            if args.identifiers_file:
                found: set[str] = set()
                for source in args.identifiers_file:
                    text = sys.stdin.read() if str(source) == "-" else source.read_text()
                    found.update(line.strip() for line in text.splitlines() if line.strip())
            else:
                if args.cibuildwheel:
                    command = shlex.split(args.cibuildwheel)
                elif shutil.which("cibuildwheel"):
                    command = ["cibuildwheel"]
                else:
                    command = [sys.executable, "-m", "cibuildwheel"]
                found = cibuildwheel_identifiers(args.pyproject.resolve().parent, command)
            return finish(check_identifiers(config, found), "check-identifiers")
        include = [
            {"identifier": p.identifier, "runner": config.runners[p.identifier]}
            for p in config.platforms
        ]
        payload = json.dumps({"include": include}, separators=(",", ":"))
        print(payload)
        if args.github_output:
            output = os.environ.get("GITHUB_OUTPUT")
            if not output:
                raise GateError("--github-output given but GITHUB_OUTPUT is not set")
            with open(output, "a", encoding="utf-8") as handle:
                handle.write(f"matrix={payload}\n")
        return 0
    except GateError as exc:
        print(f"release gate: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
