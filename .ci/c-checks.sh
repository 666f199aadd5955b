#!/usr/bin/env bash
# C library checks (called by .ci/run, runnable alone from any directory):
#   1. configure and build libquiverdb with warnings as errors, run ctest;
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. the same under valgrind (any leak or memory error fails), then the fault-injection run
#      (csrc/tests/fault: out of memory at every allocation point, atomic writes, no leaks);
#   4. install into a temporary prefix and build the C examples against it, through pkg-config and
#      through find_package(quiverdb) (shared and static), and run them.
# Missing tools are installed with apt-get when running as root.
# Environment: JOBS (default 2), KEEP_C_CHECKS=1 keeps the work folder.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/quiverdb-c-checks.XXXXXX")
if [ "${KEEP_C_CHECKS:-0}" = 1 ]; then
    echo "work folder kept: $work"
else
    trap 'rm -rf "$work"' EXIT
fi

step() { printf '\n--- %s ---\n' "$*"; }

step "tools"
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v cc >/dev/null || need+=(gcc)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v valgrind >/dev/null || need+=(valgrind)
command -v nm >/dev/null || need+=(binutils)
pkg-config --exists sqlite3 2>/dev/null || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing: ${need[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "missing and cannot install (not root or no apt-get): ${need[*]}" >&2
        exit 1
    fi
fi
echo "cmake $(cmake --version | head -n1 | awk '{print $3}'), $(cc --version | head -n1), valgrind $(valgrind --version)"

# build <folder> <cmake options...>: configure, build and run ctest in $work/<folder>.
build_and_test() {
    local dir="$work/$1"
    shift
    cmake -S "$repo/csrc" -B "$dir" -DQUIVERDB_WERROR=ON -DQUIVERDB_BUILD_TESTS=ON \
        -DQUIVERDB_BUILD_EXAMPLES=ON "$@" >"$dir.configure.log" 2>&1 || {
        cat "$dir.configure.log"
        return 1
    }
    grep -E '^-- quiverdb' "$dir.configure.log" || true
    cmake --build "$dir" --parallel "$jobs" >"$dir.build.log" 2>&1 || {
        cat "$dir.build.log"
        return 1
    }
    ctest --test-dir "$dir" --output-on-failure --parallel "$jobs"
}

step "build (warnings as errors) and ctest"
build_and_test release -DCMAKE_BUILD_TYPE=RelWithDebInfo

step "ctest under AddressSanitizer + UndefinedBehaviorSanitizer"
build_and_test asan -DCMAKE_BUILD_TYPE=Debug -DQUIVERDB_SANITIZE=ON

step "ctest under valgrind (zero leaks)"
build_and_test valgrind -DCMAKE_BUILD_TYPE=Debug -DQUIVERDB_VALGRIND=ON

step "fault injection (every allocation of each scenario made to fail, under ASan + UBSan)"
"$repo/csrc/tests/fault/run.sh" | tail -n 1

step "install into a temporary prefix"
prefix="$work/prefix"
cmake --install "$work/release" --prefix "$prefix" >"$work/install.log"
for f in include/quiverdb.h include/quiver/c/common.h include/quiver/c/options.h include/quiver/c/database.h \
    include/quiver/c/element.h lib/libquiverdb.so lib/libquiverdb.a lib/libquiver_c.so \
    lib/pkgconfig/quiverdb.pc lib/cmake/quiverdb/quiverdbConfig.cmake; do
    [ -e "$prefix/$f" ] || {
        echo "not installed: $f" >&2
        exit 1
    }
done
echo "installed: $(cd "$prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"

# build_study needs the element, read and time-series API; it is built once the installed headers
# declare every function it calls (the same rule as examples/c/CMakeLists.txt).
study_api=(quiver_element_create quiver_element_destroy quiver_element_set_string quiver_element_set_integer
    quiver_element_set_float quiver_element_set_array_float quiver_element_set_array_string
    quiver_database_create_element quiver_database_update_time_series_group
    quiver_database_read_element_ids quiver_database_read_scalar_strings quiver_database_read_scalar_floats
    quiver_database_read_scalar_string_by_id quiver_database_read_scalar_integer_by_id
    quiver_database_read_vector_floats_by_id quiver_database_read_set_strings_by_id
    quiver_database_read_time_series_group quiver_database_free_time_series_data
    quiver_database_free_string quiver_database_free_string_array quiver_database_free_integer_array
    quiver_database_free_float_array quiver_database_free_mask)
study=1
for fn in "${study_api[@]}"; do
    grep -q "[ *]$fn(" "$prefix/include/quiver/c/database.h" "$prefix/include/quiver/c/element.h" || study=0
done
[ "$study" = 1 ] || echo "build_study: not all of its functions are declared yet; building quiverdb_info only"

valgrind_run() {
    valgrind --quiet --error-exitcode=97 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all "$@"
}

step "pkg-config consumer"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
echo "pkg-config --modversion quiverdb: $(pkg-config --modversion quiverdb)"
echo "pkg-config --cflags --libs quiverdb: $(pkg-config --cflags --libs quiverdb)"
consumer="$work/pkgconfig-consumer"
mkdir -p "$consumer"
rpath="-Wl,-rpath,$(pkg-config --variable=libdir quiverdb)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror "$repo/examples/c/quiverdb_info.c" $(pkg-config --cflags --libs quiverdb) \
    "$rpath" -o "$consumer/quiverdb_info"
"$consumer/quiverdb_info"
valgrind_run "$consumer/quiverdb_info" >/dev/null
# The reference's library name links too.
# shellcheck disable=SC2046
cc -std=c11 "$repo/examples/c/quiverdb_info.c" $(pkg-config --cflags quiverdb) -L"$prefix/lib" -lquiver_c \
    "$rpath" -o "$consumer/quiverdb_info_quiver_c"
"$consumer/quiverdb_info_quiver_c" >/dev/null
if [ "$study" = 1 ]; then
    # shellcheck disable=SC2046
    cc -std=c11 -Wall -Wextra -Werror "$repo/examples/c/build_study.c" $(pkg-config --cflags --libs quiverdb) \
        "$rpath" -o "$consumer/build_study"
    "$consumer/build_study" "$repo/examples/study.sql" "$consumer/study.db"
    valgrind_run "$consumer/build_study" "$repo/examples/study.sql" "$consumer/study-vg.db" >/dev/null
fi

step "find_package(quiverdb) consumer"
for link in shared static; do
    dir="$work/cmake-consumer-$link"
    static=OFF
    [ "$link" = static ] && static=ON
    cmake -S "$repo/examples/c" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" -DQUIVERDB_EXAMPLES_STATIC="$static" \
        -DCMAKE_COMPILE_WARNING_AS_ERROR=ON >"$dir.configure.log" 2>&1 || {
        cat "$dir.configure.log"
        exit 1
    }
    cmake --build "$dir" --parallel "$jobs" >/dev/null
    echo "$link:"
    "$dir/quiverdb_info"
    if [ "$study" = 1 ]; then
        [ -x "$dir/build_study" ] || {
            echo "find_package consumer did not build build_study" >&2
            exit 1
        }
        "$dir/build_study" "$repo/examples/study.sql" "$dir/study.db" >/dev/null
        echo "build_study ran"
    fi
done
if nm -D "$work/cmake-consumer-static/quiverdb_info" 2>/dev/null | grep -q ' U quiver_'; then
    echo "the static consumer resolves quiver_* functions dynamically" >&2
    exit 1
fi

step "C checks passed"
