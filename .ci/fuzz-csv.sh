#!/usr/bin/env bash
# Fuzzes the streaming CSV reader (csrc/src/csv_reader.c) with libFuzzer under AddressSanitizer
# (leak detection included) and UndefinedBehaviorSanitizer, for a bounded time. Fails on any
# crash, leak, sanitizer report or timeout. FUZZ_SECONDS overrides the duration (default 60).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
seconds="${FUZZ_SECONDS:-60}"

if ! command -v clang >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null
    else
        echo "fuzz-csv: clang is missing and we are not root to install it" >&2
        exit 1
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
# Seeds: the shapes the reader must handle.
printf 'sep=,\nlabel,value\nB1,1\n"B,2",2\n' >"$work/corpus/basic"
printf '\xef\xbb\xbflabel;x\r\n"a\r\nb";"c""d"\r\n\r\n' >"$work/corpus/bom-crlf"
printf 'a,"b\n"x,c\n"unterminated' >"$work/corpus/malformed"
printf ',,\n\n\r\r"",""""\n' >"$work/corpus/empty"

clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$repo/csrc/src" "$repo/csrc/tests/fuzz_csv_reader.c" "$repo/csrc/src/csv_reader.c" \
    -o "$work/fuzz_csv_reader"

# -timeout: one input taking longer than 10 s counts as a hang; -rss_limit_mb bounds memory.
"$work/fuzz_csv_reader" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 "$work/corpus" 2>"$work/fuzz.log" || {
    tail -n 60 "$work/fuzz.log" >&2
    echo "fuzz-csv: FAILED" >&2
    exit 1
}
grep -E '^stat::number_of_executed_units|^Done' "$work/fuzz.log" || true
echo "fuzz-csv: no crash, leak, hang or sanitizer report in ${seconds} s"
