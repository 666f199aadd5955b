#!/usr/bin/env bash
# Fault-injection run of the core: builds fault_driver.c with every core source (fault_inject.h
# force-included) under AddressSanitizer + UndefinedBehaviorSanitizer against the system SQLite,
# then runs it. Arguments are passed to the driver (a scenario name runs only that scenario).
# Needs gcc and the SQLite development files (libsqlite3-dev).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
csrc=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/quiverdb-fault.XXXXXX")
trap 'rm -rf "$work"' EXIT
sources=()
while IFS= read -r line; do
    case "$line" in '#'* | '') continue ;; esac
    sources+=("$csrc/$line")
done <"$csrc/sources.txt"
flags=(-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -DQUIVERDB_VERSION='"fault"' -I"$csrc/include" -I"$csrc/src")
objects=()
for src in "${sources[@]}"; do
    obj="$work/$(basename "$src" .c).o"
    gcc "${flags[@]}" -include "$here/fault_inject.h" -c "$src" -o "$obj"
    objects+=("$obj")
done
gcc "${flags[@]}" -DQT_SCHEMAS_DIR="\"$csrc/../tests/schemas\"" -DQT_TMP_DIR="\"$work\"" \
    "$here/fault_driver.c" "${objects[@]}" -lsqlite3 -lpthread -o "$work/fault_driver"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} "$work/fault_driver" "$@"
