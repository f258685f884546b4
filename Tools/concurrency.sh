#!/usr/bin/env bash
# Concurrency (issue 6): WRITERS processes append APPENDS single events each to
# one log at the same time, every append taking the lock, catching up, writing
# and fsyncing on its own. The log must then hold WRITERS × APPENDS events,
# seq gap-free, the chain valid, each writer's events present once and in its
# own order. This is ConcurrentWritersTests (in the suite: 4 × 300) at full
# size, in a release build; its writer processes are the test runner
# re-entered (WriterProcess), each with one long-lived LogWriter.
#
# Usage: Tools/concurrency.sh      (about 4 minutes, the build included)
# Knobs: APPENDS (default 10000)
set -euo pipefail

APPENDS=${APPENDS:-10000}

cd "$(dirname "$0")/.."
echo "building the tests (release)…" >&2
swift build -c release --build-tests --scratch-path .build-tools -Xswiftc -enable-testing >&2
RUNNER="$(swift build -c release --scratch-path .build-tools --show-bin-path)/ChroniclePackageTests.xctest"
output=$(mktemp)
trap 'rm -f "$output"' EXIT
echo "4 processes × $APPENDS single-event appends…" >&2
if ! CHRONICLE_CONCURRENCY_APPENDS=$APPENDS "$RUNNER" --testing-library swift-testing \
        --filter 'ConcurrentWritersTests' >"$output" 2>&1; then
    grep -E '✘|↳' "$output" | head -20 >&2
    echo "concurrency: FAILED" >&2
    exit 1
fi
grep -q '^concurrency:' "$output" || { cat "$output" >&2; echo "concurrency: the test did not run" >&2; exit 1; }
grep '^concurrency:' "$output"
