#!/usr/bin/env bash
# Long fuzzing run (issue 6), two parts:
#  1. the suite's seeded mutation fuzzers (JSONParser.parse, EventLine.decode as
#     is and resealed, EventDraft(line:), chronicle append in process) with a
#     large budget, in a release build of the tests;
#  2. libFuzzer, coverage-guided: Tools/fuzz/LineFuzzTarget.swift compiled with
#     the Chronicle sources by `swiftc -sanitize=fuzzer,address`, seeded with
#     the conformance logs' lines and append lines made from them.
# Any crash, hang or broken property fails the run; libFuzzer keeps the
# reproducer in the work directory.
#
# Usage: Tools/fuzz.sh       (about 8 minutes, the builds included)
# Knobs: SEEDED_INPUTS, SEEDED_SECONDS (per target), LIBFUZZER_SECONDS, SEED, KEEP=1
set -euo pipefail

SEEDED_INPUTS=${SEEDED_INPUTS:-2000000}
SEEDED_SECONDS=${SEEDED_SECONDS:-90}
LIBFUZZER_SECONDS=${LIBFUZZER_SECONDS:-150}
SEED=${SEED:-6}

cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chronicle-fuzz.XXXXXX")
cleanup() { if [[ ${KEEP:-0} == 1 || ${FAILED:-0} == 1 ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# 1. The seeded fuzzers, scaled up.
echo "building the tests (release)…" >&2
swift build -c release --build-tests --scratch-path .build-tools -Xswiftc -enable-testing >&2
RUNNER="$(swift build -c release --scratch-path .build-tools --show-bin-path)/ChroniclePackageTests.xctest"
echo "seeded fuzzers: up to $SEEDED_INPUTS inputs or $SEEDED_SECONDS s per target…" >&2
if ! CHRONICLE_FUZZ_INPUTS=$SEEDED_INPUTS CHRONICLE_FUZZ_SECONDS=$SEEDED_SECONDS CHRONICLE_SEED=$SEED \
        "$RUNNER" --testing-library swift-testing --filter 'FuzzTests' >"$WORK/seeded.log" 2>&1; then
    FAILED=1; grep -E '✘|fuzz ' "$WORK/seeded.log" | head -20 >&2; echo "fuzz: the seeded fuzzers failed" >&2; exit 1
fi
grep '^fuzz ' "$WORK/seeded.log" >&2
seeded=$(sed -nE 's/^fuzz .*: ([0-9]+) inputs .*/\1/p' "$WORK/seeded.log" | awk '{ s += $1 } END { print s + 0 }')

# 2. libFuzzer.
echo "building the libFuzzer target…" >&2
mkdir -p "$WORK/corpus" "$WORK/artifacts" "$WORK/modules"
extra=()
if compgen -G "Sources/CSHA256/*.c" >/dev/null; then  # the C SHA-256 target, once it has code
    for source in Sources/CSHA256/*.c; do
        clang -O1 -fsanitize=fuzzer-no-link,address -I Sources/CSHA256/include -c "$source" -o "$WORK/modules/$(basename "$source").o"
        extra+=("$WORK/modules/$(basename "$source").o")
    done
    printf 'module CSHA256 {\n  umbrella header "%s"\n  export *\n}\n' "$ROOT/Sources/CSHA256/include/CSHA256.h" >"$WORK/modules/module.modulemap"
    extra+=(-Xcc "-fmodule-map-file=$WORK/modules/module.modulemap" -I Sources/CSHA256/include)
fi
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Chronicle -package-name Chronicle -swift-version 6 \
    $(find Sources/Chronicle -name '*.swift' | sort) Tools/fuzz/LineFuzzTarget.swift "${extra[@]}" -o "$WORK/line-fuzzer" >&2
# Seeds: every conformance line, and an append line made from each (seq, prevhash, hash dropped).
n=0
for segment in ../shared/conformance/*/log/20*.jsonl; do
    while IFS= read -r line; do
        n=$(( n + 1 ))
        printf '%s' "$line" >"$WORK/corpus/line-$n"
        printf '%s' "$line" | sed -E 's/,"seq":[0-9]+,"prevhash":"[0-9a-f]{64}"//; s/,"hash":"[0-9a-f]{64}"\}$/}/' >"$WORK/corpus/draft-$n"
    done <"$segment"
done
echo "libFuzzer: $LIBFUZZER_SECONDS s from $(ls "$WORK/corpus" | wc -l) seeds…" >&2
if ! "$WORK/line-fuzzer" "$WORK/corpus" -max_total_time="$LIBFUZZER_SECONDS" -max_len=16384 -timeout=10 \
        -rss_limit_mb=2048 -seed="$SEED" -print_final_stats=1 -artifact_prefix="$WORK/artifacts/" >"$WORK/libfuzzer.log" 2>&1; then
    FAILED=1; tail -40 "$WORK/libfuzzer.log" >&2; echo "fuzz: libFuzzer found a problem (see $WORK/artifacts)" >&2; exit 1
fi
runs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$WORK/libfuzzer.log")
coverage=$(sed -nE 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+cov: ([0-9]+).*/\1/p' "$WORK/libfuzzer.log")
corpus=$(ls "$WORK/corpus" | wc -l)
echo "fuzz: seeded_inputs=$seeded libfuzzer_inputs=$runs libfuzzer_edges=$coverage libfuzzer_corpus=$corpus crashes=0 hangs=0 violations=0"
