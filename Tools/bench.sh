#!/usr/bin/env bash
# Benchmarks of the foundation (release build), side by side in one run:
#   - verify throughput against sha256sum over the same bytes (MB/s, ratio),
#     and verify's peak memory;
#   - durable append throughput: batches of 1,000 (one write + one fsync each),
#     one fsync per event, and this disk's raw fsync rate measured here.
# Usage: Tools/bench.sh [EVENTS (default 1000000)] [WORKDIR (default a temp dir)]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
work=${2:-$(mktemp -d /tmp/chronicle-bench.XXXXXX)}
mkdir -p "$work"
echo "building (release)…" >&2
swift build -c release --product chronicle >/dev/null
bin=$PWD/.build/release/chronicle
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }

echo "generating a log of $events events…" >&2
rm -rf "$work/log"
python3 Tools/synthetic-log.py "$work/log" "$events"
bytes=$(cat "$work"/log/*.jsonl | wc -c)
mb=$(python3 -c "print(f'{$bytes / 1e6:.1f}')")

# Warm the page cache so both tools read from memory.
cat "$work"/log/*.jsonl > /dev/null
t0=$(now); sha256sum "$work"/log/*.jsonl > /dev/null; t1=$(now)
sha=$(elapsed "$t0" "$t1")
t0=$(now); /usr/bin/time -f "%M" -o "$work/verify.mem" "$bin" verify --log "$work/log" --format json > /dev/null; t1=$(now)
ver=$(elapsed "$t0" "$t1")
mem=$(( $(cat "$work/verify.mem") / 1024 ))

# Append input: decision events (type, subject, data only; the writer fills the rest).
python3 - "$work/log" "$work/append.jsonl" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
name = sorted(n for n in os.listdir(src) if n.endswith(".jsonl"))[0]
with open(os.path.join(src, name)) as f, open(out, "w") as o:
    n = 0
    for line in f:
        e = json.loads(line)
        if e["type"] == "access.decided":
            o.write(json.dumps({"type": e["type"], "subject": e["subject"], "data": e["data"]}, separators=(",", ":")) + "\n")
            n += 1
            if n == 100000: break
PY
head -n 2000 "$work/append.jsonl" > "$work/append-small.jsonl"
batched=$(wc -l < "$work/append.jsonl")
rm -rf "$work/a1" "$work/a2"
# Batched appends: three runs into fresh logs; the median counts. Flush the
# gigabyte written above first, so that its writeback does not slow the fsyncs.
sync
runs=()
for run in 1 2 3; do
    rm -rf "$work/a1"
    t0=$(now); "$bin" append "$work/append.jsonl" --log "$work/a1" --batch-size 1000 --format json > /dev/null; t1=$(now)
    runs+=("$(elapsed "$t0" "$t1")")
done
batch_s=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
batch_runs="${runs[*]}"
# The raw rate of this disk: write+fsync of records as long as the lines
# appended (taken from the batched run). The disk's rate drifts from minute
# to minute, so raw probes and per-event runs alternate, three times (raw,
# append, append, raw: each pair brackets the other), and the ratio compares totals.
line_bytes=$(( $(cat "$work"/a1/*.jsonl | wc -c) / batched ))
raw_fsync() {  # prints "records seconds"
    python3 - "$work" "$line_bytes" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
record = b"x" * (int(sys.argv[2]) - 1) + b"\n"
n = 2000
t = time.perf_counter()
for _ in range(n):
    os.write(fd, record)
    os.fsync(fd)
t = time.perf_counter() - t
os.close(fd); os.unlink(path)
print(f"{n} {t:.4f}")
PY
}
per_event() {  # prints "events seconds": one process appending 2,000 events, one fsync each
    local t0 t1
    rm -rf "$work/a2"  # a fresh log, as the probe starts a fresh file
    t0=$(now); "$bin" append "$work/append-small.jsonl" --log "$work/a2" --batch-size 1 --format json > /dev/null; t1=$(now)
    echo "2000 $(elapsed "$t0" "$t1")"
}
raw_runs=(); single_runs=()
for round in 1 2 3; do
    raw_runs+=("$(raw_fsync)"); single_runs+=("$(per_event)" "$(per_event)"); raw_runs+=("$(raw_fsync)")
done
python3 - <<PY
mb, sha, ver = $mb, $sha, $ver
print(f"log: $events events, {mb} MB; $(nproc) cores, load $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after")
print(f"verify     {ver:7.2f} s  {mb/ver:7.0f} MB/s   peak {int('$mem')} MiB")
print(f"sha256sum  {sha:7.2f} s  {mb/sha:7.0f} MB/s")
print(f"verify / sha256sum speed: {sha/ver:.2f}x")
batched = $batched
b = batched / $batch_s
raw = [tuple(map(float, r.split())) for r in """$(printf '%s\n' "${raw_runs[@]}")""".split("\n")]
single = [tuple(map(float, r.split())) for r in """$(printf '%s\n' "${single_runs[@]}")""".split("\n")]
s = sum(n for n, _ in single) / sum(t for _, t in single)
f = sum(n for n, _ in raw) / sum(t for _, t in raw)
print(f"append, batches of 1000:   {b:9.0f} events/s  ({batched} events, median of $batch_runs s)")
print(f"append, fsync per event:   {s:9.0f} events/s  ({len(single)} runs of 2000 events: " + ", ".join(f"{n / t:.0f}" for n, t in single) + ")")
print(f"raw write+fsync rate:      {f:9.0f} per s  ({len(raw)} runs of 2000, alternating with those: " + ", ".join(f"{n / t:.0f}" for n, t in raw) + f"; $line_bytes-byte records)")
print(f"per-event append / raw fsync: {s/f:.0%}")
PY
