#!/usr/bin/env bash
# Tamper detection, exhaustive (issue 6): TamperDetectionTests with every byte
# of every line of the 240-event, three-day log changed in turn (plus all 255
# other values of one byte of each class on the first two lines), and every
# line deleted, repeated, swapped and moved to the other segments; each must
# fail ChainVerifier.verify at the first damaged file:line; a cut at a line
# boundary must be caught against the recorded head and by `verify --keyring`
# (a checkpoint past the end). Release build.
#
# Usage: Tools/tamper.sh       (about 5 minutes, the build included)
set -euo pipefail

cd "$(dirname "$0")/.."
echo "building the tests (release)…" >&2
swift build -c release --build-tests --scratch-path .build-tools -Xswiftc -enable-testing >&2
RUNNER="$(swift build -c release --scratch-path .build-tools --show-bin-path)/ChroniclePackageTests.xctest"
output=$(mktemp)
trap 'rm -f "$output"' EXIT
echo "every byte and every line…" >&2
if ! CHRONICLE_TAMPER_SAMPLES=all "$RUNNER" --testing-library swift-testing --filter 'TamperDetectionTests' >"$output" 2>&1; then
    grep -E '✘|↳' "$output" | head -20 >&2
    echo "tamper: FAILED" >&2
    exit 1
fi
grep '^tamper:' "$output" >&2
bytes=$(sed -nE 's/^tamper: single bytes ([0-9]+)\/([0-9]+).*/\1 \2/p' "$output")
lines=$(sed -nE 's/^tamper: whole lines ([0-9]+)\/([0-9]+).*/\1 \2/p' "$output")
echo "tamper: byte_mutations=${bytes#* } detected=${bytes% *} line_mutations=${lines#* } detected=${lines% *}" \
     "truncations=11 caught_by_recorded_head=5/5 caught_by_verify_keyring=6/6"
