"""quiverdb benchmark suite: every core workload against the same work done with stdlib sqlite3.

    python benchmarks/run.py --n 1000 --rounds 5            # the table
    python benchmarks/run.py --n 1000 --rounds 3 --scale    # n and 4n, growth factor per phase
    python benchmarks/run.py --n 50 --rounds 1              # smoke run (a few seconds)

Each round runs two child processes, one per side (quiverdb, then the stdlib ``sqlite3`` floor;
the order alternates between rounds). A child builds a fresh study from ``study.sql`` in a
temporary folder, runs the phases in order, times each one on its own, verifies each result
(see ``workload.py``) and prints one JSON line: times, work done, peak RSS. The parent prints
medians over the rounds. A phase that returns or stores anything but the expected data makes the
run fail with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

# The sibling modules are found even when the script directory is not on sys.path
# (PYTHONSAFEPATH=1, python -P).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import PHASE_NAMES

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "study.sql"
SIDES = ("ours", "floor")

# Targets of issue 7.
TARGET_GEOMEAN = 1.0
TARGET_WORST = 1.5
TARGET_BULK = 1.0
BULK_PHASES = (
    "ts_write_24",
    "ts_write_8760",
    "read_floats",
    "read_integers",
    "read_strings",
    "read_vectors",
    "read_sets",
    "ts_read_24",
    "ts_read_8760",
)
TARGET_GROWTH = 4.4
TARGET_RSS_MIB = 20.0
TARGET_IMPORT_MS = 30.0


# -- child -------------------------------------------------------------------------------------


def _sqlite_library() -> str:
    """The SQLite shared library mapped into this process ('' when linked in statically)."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "libsqlite3" in os.path.basename(path):
                    return os.path.realpath(path)
    except OSError:
        pass
    return ""


def run_child(args: argparse.Namespace) -> int:
    """Run every needed phase on one side and print the results as one JSON line."""
    import workload

    module = importlib.import_module(f"side_{args.child}")
    sizes = workload.Sizes(args.n, args.reps)
    selected = args.phases or list(workload.PHASE_NAMES)
    buses = [{"label": f"B{b}", "voltage": 100.0 + b} for b in range(workload.N_BUSES)]
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    phases: dict[str, Any] = {}
    report: dict[str, Any] = {"side": args.child, "n": args.n, "phases": phases}
    try:
        with tempfile.TemporaryDirectory(prefix="quiverdb-bench-") as folder:
            path = os.path.join(folder, "study.db")
            side = module.Side(path, str(SCHEMA), buses)
            model = workload.Model()
            try:
                for phase in workload.needed(selected):
                    inputs, ops = phase.prepare(sizes, model)
                    method = getattr(side, phase.name)
                    gc.collect()
                    profiling = profiler is not None and phase.name in selected
                    if profiling:
                        profiler.enable()
                    start = time.perf_counter()
                    result = method(inputs)
                    seconds = time.perf_counter() - start
                    if profiling:
                        profiler.disable()
                    phase.verify(path, model, inputs, result)
                    del result
                    if phase.name in selected:
                        phases[phase.name] = {
                            "seconds": seconds,
                            "ops": ops,
                            "unit": phase.unit,
                            "verified": True,
                        }
            finally:
                side.close()
        report["sqlite_version"] = module.Side.library()
        report["sqlite_library"] = _sqlite_library()
    except Exception as error:  # report any failure, verification or other, and exit non-zero
        report["error"] = f"{type(error).__name__}: {error}"
        report["traceback"] = traceback.format_exc()
    report["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if profiler is not None:
        profiler.dump_stats(args.profile)
    print(json.dumps(report))
    return 2 if "error" in report else 0


# -- parent ------------------------------------------------------------------------------------


class BenchmarkFailure(RuntimeError):
    """A child failed or a phase was not verified."""


def spawn(python: str, side: str, n: int, args: argparse.Namespace, cwd: str) -> dict[str, Any]:
    command = [
        python,
        str(HERE / "run.py"),
        "--child",
        side,
        "--n",
        str(n),
        "--reps",
        str(args.reps),
    ]
    if args.phases:
        command += ["--phases", ",".join(args.phases)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=cwd, env=child_environment(), check=False
        )
    except OSError as error:
        raise BenchmarkFailure(f"cannot start the {side} child: {error}") from None
    lines = done.stdout.strip().splitlines()
    try:
        report: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        raise BenchmarkFailure(
            f"{side} child (n={n}) exited {done.returncode} without a report\n"
            f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        ) from None
    if "error" in report or done.returncode != 0:
        raise BenchmarkFailure(
            f"{side} side FAILED (n={n}): {report.get('error', f'exit {done.returncode}')}\n"
            f"{report.get('traceback', '')}{done.stderr}"
        )
    wanted = args.phases or list(PHASE_NAMES)
    for name in wanted:
        if not report["phases"].get(name, {}).get("verified"):
            raise BenchmarkFailure(f"{side} side (n={n}): phase {name} did not verify")
    return report


def measure(sizes: list[int], args: argparse.Namespace, cwd: str) -> list[dict[str, Any]]:
    """``args.rounds`` rounds; each round runs every size on both sides, the order of the sides
    alternating between rounds, so that a change in the machine's load during the run touches
    every size and side alike. Medians per size, side and phase."""
    pythons = {"ours": args.ours_python, "floor": args.floor_python}
    samples = {n: {side: [] for side in SIDES} for n in sizes}
    for round_number in range(args.rounds):
        order = SIDES if round_number % 2 == 0 else SIDES[::-1]
        for n in sizes:
            for side in order:
                report = spawn(pythons[side], side, n, args, cwd)
                samples[n][side].append(report)
                if not args.quiet:
                    total = sum(p["seconds"] for p in report["phases"].values())
                    print(
                        f"  n={n} round {round_number + 1}/{args.rounds} {side:5s}: "
                        f"{total * 1000:9.1f} ms in phases, all verified",
                        file=sys.stderr,
                    )
    return [summarise(n, samples[n]) for n in sizes]


def summarise(n: int, samples: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Medians over the rounds of one size."""
    names = list(samples["ours"][0]["phases"])
    phases = {}
    for name in names:
        ours = statistics.median(s["phases"][name]["seconds"] for s in samples["ours"])
        floor = statistics.median(s["phases"][name]["seconds"] for s in samples["floor"])
        first = samples["ours"][0]["phases"][name]
        phases[name] = {
            "ours": ours,
            "floor": floor,
            "ratio": ours / floor if floor > 0 else math.inf,
            "ops": first["ops"],
            "unit": first["unit"],
        }
    ratios = [p["ratio"] for p in phases.values()]
    return {
        "n": n,
        "phases": phases,
        "geomean": math.exp(statistics.fmean(math.log(r) for r in ratios)),
        "rss_kib": {
            side: statistics.median(s["peak_rss_kib"] for s in samples[side]) for side in SIDES
        },
        "sqlite": {
            side: {
                "version": samples[side][0]["sqlite_version"],
                "library": samples[side][0]["sqlite_library"],
            }
            for side in SIDES
        },
        "samples": samples,
    }


def child_environment() -> dict[str, str]:
    """The environment of every child: this one, but allowed to write bytecode caches (the
    import time is measured with bytecode cached, as users have it)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


_IMPORT_CODE = """
import time
t = time.perf_counter()
import {module}
seconds = time.perf_counter() - t
import importlib.util, os
cached = os.path.exists(importlib.util.cache_from_source({module}.__file__))
print(seconds, cached)
"""


def import_time(python: str, module: str, times: int, cwd: str) -> float:
    """Median seconds of ``import <module>`` in fresh interpreters (bytecode warmed first)."""
    code = _IMPORT_CODE.format(module=module)
    results = []
    for attempt in range(times + 1):
        done = subprocess.run(
            [python, "-c", code],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=child_environment(),
            check=False,
        )
        if done.returncode != 0:
            raise BenchmarkFailure(f"import {module} failed:\n{done.stderr}")
        seconds, cached = done.stdout.split()[-2:]
        if attempt:  # the first run only makes sure the bytecode is cached
            if cached != "True":
                print(
                    f"warning: no bytecode cache for {module}; timing includes compiling",
                    file=sys.stderr,
                )
            results.append(float(seconds))
    return statistics.median(results)


def library_text(info: dict[str, str]) -> str:
    where = info["library"] or "linked into the extension"
    return f"SQLite {info['version']} ({where})"


def print_table(result: dict[str, Any], args: argparse.Namespace) -> None:
    from workload import DESCRIPTIONS

    print(
        f"\nn = {result['n']}, rounds = {args.rounds}, reps = {args.reps}; "
        "medians over rounds; each side in its own process"
    )
    print(f"ours:  quiverdb on {library_text(result['sqlite']['ours'])}")
    print(f"floor: stdlib sqlite3 on {library_text(result['sqlite']['floor'])}")
    print()
    print(
        f"| {'phase':<18} | {'work':>13} | {'ours ms':>9} | {'floor ms':>9} | {'ours/floor':>10} |"
    )
    print(f"|{'-' * 20}|{'-' * 14}:|{'-' * 10}:|{'-' * 10}:|{'-' * 11}:|")
    for name, p in result["phases"].items():
        work = f"{p['ops']} {p['unit']}"
        print(
            f"| {name:<18} | {work:>13} | {p['ours'] * 1000:9.2f} | {p['floor'] * 1000:9.2f} "
            f"| {p['ratio']:10.2f} |"
        )
    print(f"| {'geometric mean':<18} | {'':>13} | {'':>9} | {'':>9} | {result['geomean']:10.2f} |")
    rss = result["rss_kib"]
    print(
        f"\npeak RSS: ours {rss['ours'] / 1024:.1f} MiB, floor {rss['floor'] / 1024:.1f} MiB "
        f"({(rss['ours'] - rss['floor']) / 1024:+.1f} MiB)"
    )
    if args.describe:
        print("\nphases:")
        for name in result["phases"]:
            print(f"  {name:<18} {DESCRIPTIONS[name]}")


def check_targets(
    result: dict[str, Any], imports: dict[str, float] | None, growth: dict[str, float] | None
) -> list[tuple[bool, str]]:
    phases = result["phases"]
    checks = [
        (result["geomean"] <= TARGET_GEOMEAN, f"geometric mean {result['geomean']:.2f} <= 1.0")
    ]
    worst = max(phases, key=lambda name: phases[name]["ratio"])
    checks.append(
        (
            phases[worst]["ratio"] <= TARGET_WORST,
            f"no phase worse than 1.5x (worst: {worst} {phases[worst]['ratio']:.2f})",
        )
    )
    over = [
        f"{k} {phases[k]['ratio']:.2f}"
        for k in BULK_PHASES
        if k in phases and phases[k]["ratio"] > TARGET_BULK
    ]
    checks.append(
        (
            not over,
            "bulk reads, time-series reads/writes <= 1.0x"
            + (f" (over: {', '.join(over)})" if over else ""),
        )
    )
    rss = result["rss_kib"]
    extra = (rss["ours"] - rss["floor"]) / 1024
    checks.append(
        (extra <= TARGET_RSS_MIB, f"peak RSS within 20 MiB of the floor ({extra:+.1f} MiB)")
    )
    if imports is not None:
        ms = imports["quiverdb"] * 1000
        checks.append((ms <= TARGET_IMPORT_MS, f"import quiverdb <= 30 ms ({ms:.1f} ms)"))
    if growth is not None:
        worst_growth = max(growth, key=lambda name: growth[name])
        checks.append(
            (
                growth[worst_growth] <= TARGET_GROWTH,
                f"every phase grows <= 4.4x from n to 4n (worst: {worst_growth} "
                f"{growth[worst_growth]:.2f})",
            )
        )
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000, help="elements per run (default 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per side (default 5)")
    parser.add_argument("--reps", type=int, default=20, help="repetitions of each bulk read")
    parser.add_argument("--scale", action="store_true", help="also run 4n; print growth factors")
    parser.add_argument(
        "--phases",
        type=lambda s: [p for p in s.split(",") if p],
        help="comma-separated phases (default: all)",
    )
    parser.add_argument("--json", metavar="PATH", help="write every measurement to this file")
    parser.add_argument("--ours-python", default=sys.executable, help="interpreter for our side")
    parser.add_argument("--floor-python", default=sys.executable, help="interpreter for the floor")
    parser.add_argument(
        "--import-runs", type=int, default=7, help="fresh interpreters timed per import"
    )
    parser.add_argument(
        "--check-targets", action="store_true", help="exit 3 when a target is missed"
    )
    parser.add_argument("--describe", action="store_true", help="print what each phase does")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--child", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile", metavar="PATH", help="(with --child) cProfile the selected phases"
    )
    args = parser.parse_args(argv)

    if args.n < 1 or args.rounds < 1 or args.reps < 1:
        parser.error("--n, --rounds and --reps must be positive")
    unknown = [p for p in args.phases or [] if p not in PHASE_NAMES]
    if unknown:
        parser.error(f"unknown phase(s) {', '.join(unknown)}; known: {', '.join(PHASE_NAMES)}")
    if args.child:
        return run_child(args)
    for option in ("ours_python", "floor_python"):  # children run in a temporary folder
        python = getattr(args, option)
        if os.sep in python:
            setattr(args, option, os.path.abspath(python))
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]

    output: dict[str, Any] = {"config": {k: v for k, v in vars(args).items() if k != "child"}}
    with tempfile.TemporaryDirectory(prefix="quiverdb-bench-cwd-") as cwd:
        try:
            runs = measure([args.n, 4 * args.n] if args.scale else [args.n], args, cwd)
            output["runs"] = runs
            result = runs[0]
            for run in runs:
                print_table(run, args)
            growth = None
            if args.scale:
                bigger = runs[1]
                growth = {
                    name: bigger["phases"][name]["ours"] / result["phases"][name]["ours"]
                    for name in result["phases"]
                }
                floor_growth = {
                    name: bigger["phases"][name]["floor"] / result["phases"][name]["floor"]
                    for name in result["phases"]
                }
                output["growth"] = {"ours": growth, "floor": floor_growth}
                print(f"\ngrowth from n = {args.n} to 4n = {4 * args.n} (time at 4n / time at n)\n")
                print(f"| {'phase':<18} | {'ours':>6} | {'floor':>6} |")
                print(f"|{'-' * 20}|{'-' * 7}:|{'-' * 7}:|")
                for name in growth:
                    print(f"| {name:<18} | {growth[name]:6.2f} | {floor_growth[name]:6.2f} |")
            imports = {
                "quiverdb": import_time(args.ours_python, "quiverdb", args.import_runs, cwd),
                "sqlite3": import_time(args.floor_python, "sqlite3", args.import_runs, cwd),
            }
            output["import_seconds"] = imports
            print(
                f"\nimport quiverdb: {imports['quiverdb'] * 1000:.1f} ms "
                f"(import sqlite3: {imports['sqlite3'] * 1000:.1f} ms); median of "
                f"{args.import_runs} fresh interpreters, bytecode cached"
            )
        except BenchmarkFailure as failure:
            print(f"\nBENCHMARK FAILED: {failure}", file=sys.stderr)
            if args.json:
                output["failure"] = str(failure)
                Path(args.json).write_text(json.dumps(output, indent=1))
            return 1
    checks = check_targets(result, imports, growth)
    output["targets"] = [{"met": met, "target": text} for met, text in checks]
    print("\ntargets (issue 7):")
    for met, text in checks:
        print(f"  [{'met ' if met else 'MISS'}] {text}")
    print(f"\nall {len(result['phases'])} phases verified on both sides")
    if args.json:
        Path(args.json).write_text(json.dumps(output, indent=1))
    if args.check_targets and not all(met for met, _ in checks):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
