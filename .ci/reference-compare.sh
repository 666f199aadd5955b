#!/usr/bin/env bash
# Runs the new-user scripts of tools/reference_compare against this package and against the
# reference release (via ../shared/tools/refpy) and requires identical output.
# Skipped, with the reason printed, when the reference cannot be fetched.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
refpy="$repo/../shared/tools/refpy"
python=${PYTHON:-python}
if [ ! -x "$refpy" ] || ! "$refpy" -c "import quiverdb" >/dev/null 2>&1; then
    echo "reference-compare: SKIPPED (the reference release cannot be fetched here)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
run() { # name, interpreter, script, args...
    local dir="$work/$1"; shift
    mkdir -p "$dir"
    (cd "$dir" && "$@") || echo "exit status $?"
}
for script in "$repo"/tools/reference_compare/*.py; do
    name=$(basename "$script" .py)
    run "ours-$name" "$python" "$script" "$repo/tests/schemas/plants.sql" >"$work/ours-$name.txt" 2>&1
    run "ref-$name" "$refpy" "$script" "$repo/tests/schemas/plants.sql" >"$work/ref-$name.txt" 2>&1
    if diff -u "$work/ref-$name.txt" "$work/ours-$name.txt"; then
        echo "reference-compare: $name identical ($(wc -l <"$work/ours-$name.txt") lines)"
    else
        echo "reference-compare: $name DIFFERS from the reference"
        status=1
    fi
done
exit $status
