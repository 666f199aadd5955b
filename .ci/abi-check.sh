#!/usr/bin/env bash
# ABI check (called by .ci/run, runnable alone): builds libquiverdb and runs the reference
# Python layer (quiverdb 0.13.5) on it in place of its bundled libraries, comparing every result
# and message with the reference run as shipped (tools/abi_check.py explains the method).
# Skipped, with the reason printed, when the reference cannot be downloaded.
# Environment: PYTHON (default python3; needs cffi), JOBS (default 2), QUIVERDB_LIBRARY (use
# this libquiverdb.so instead of building one).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
jobs=${JOBS:-2}

if ! "$python" -c "import cffi" 2>/dev/null; then
    echo "ABI check SKIPPED: $python cannot import cffi, which the reference Python layer needs"
    exit 0
fi

library=${QUIVERDB_LIBRARY:-}
if [ -z "$library" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/quiverdb-abi-build.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    cmake -S "$repo/csrc" -B "$work" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUIVERDB_BUILD_TESTS=OFF \
        -DQUIVERDB_BUILD_EXAMPLES=OFF >"$work/configure.log" 2>&1 || {
        cat "$work/configure.log"
        exit 1
    }
    cmake --build "$work" --target quiverdb --parallel "$jobs" >"$work/build.log" 2>&1 || {
        cat "$work/build.log"
        exit 1
    }
    library="$work/libquiverdb.so"
fi

"$python" "$repo/tools/abi_check.py" --library "$library"
