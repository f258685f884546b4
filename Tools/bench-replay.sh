#!/usr/bin/env bash
# Replay benchmark (release build), side by side in one run:
#   chronicle replay   vs   Tools/replay_peer.py (the same check in Python with orjson)
# over the same log: seconds, MB/s, events/s, peak memory and the speed ratio,
# after checking that both give the same events, checked, matched and divergences.
# It also times `chronicle verify` on the log: replay verifies the whole log
# first (SPEC §10), so verify's time is the floor under replay's.
#
# Usage: Tools/bench-replay.sh [EVENTS (default 1000000)] [WORKDIR (default a temp dir)]
# The log is `chronicle simulate --org contoso --day 2026-11-21 --events N --seed 7`
# when this build has `simulate`, else Tools/synthetic-log.py (it cycles the
# conformance events: fine for timing, but its decisions repeat and diverge).
# CHRONICLE_BENCH_LOG=DIR uses an existing log instead.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
work=${2:-$(mktemp -d /tmp/chronicle-bench.XXXXXX)}
source Tools/bench-setup.sh

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run() {  # run NAME OUTPUT COMMAND…: time and peak memory; exit 0 (match) and 1 (divergences) are results
    local name=$1 out=$2; shift 2
    local status=0
    /usr/bin/time -f "%e %M %U %S" -o "$work/$name.time" "$@" > "$out" 2> "$work/$name.err" || status=$?
    if [ "$status" -gt 1 ]; then echo "$name failed (exit $status):" >&2; tail -5 "$work/$name.err" >&2; exit 1; fi
    echo "$status" > "$work/$name.exit"
}
echo "replaying with chronicle…" >&2
run chronicle "$work/chronicle.json" "$bin" replay --log "$log" --format json
echo "verifying with chronicle…" >&2
run verify "$work/verify.txt" "$bin" verify --log "$log"
echo "replaying with Python (orjson)…" >&2
run python "$work/python.json" "$py" Tools/replay_peer.py "$log"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

"$py" - "$work" "$bytes" "$lines" "$source_note" "$load_before" "$load_after" "$(nproc)" <<'PY'
import sys, orjson
work, size, lines, source, before, after, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
def timing(name):  # seconds, peak MiB, CPU seconds (user + system)
    seconds, kib, user, system = open(f"{work}/{name}.time").read().split()[-4:]
    return float(seconds), int(kib) // 1024, float(user) + float(system)
def result(name):
    seconds, mib, cpu = timing(name)
    return (orjson.loads(open(f"{work}/{name}.json", "rb").read()), seconds, mib,
            open(f"{work}/{name}.exit").read().strip(), cpu)
ours, t_ours, m_ours, x_ours, c_ours = result("chronicle")
peer, t_peer, m_peer, x_peer, c_peer = result("python")
keys = ("events", "checked", "matched")
same = all(ours[k] == peer[k] for k in keys) and [d["seq"] for d in ours["divergences"]] == [d["seq"] for d in peer["divergences"]]
print(f"log: {lines} events, {size / 1e6:.1f} MB ({source}); {cores} cores, load {before} before, {after} after")
print(f"{'':10} {'seconds':>8} {'cpu s':>7} {'MB/s':>7} {'events/s':>10} {'peak MiB':>9}  exit")
for name, t, m, x, c in (("chronicle", t_ours, m_ours, x_ours, c_ours), ("python", t_peer, m_peer, x_peer, c_peer)):
    print(f"{name:10} {t:8.2f} {c:7.2f} {size / 1e6 / t:7.0f} {lines / t:10.0f} {m:9d}  {x}")
t_verify, m_verify, c_verify = timing("verify")
print(f"{'verify':10} {t_verify:8.2f} {c_verify:7.2f} {size / 1e6 / t_verify:7.0f} {lines / t_verify:10.0f} {m_verify:9d}  "
      "(the floor: replay verifies first)")
print(f"chronicle / python speed: {t_peer / t_ours:.2f}x")
print(f"replay beyond verifying: {t_ours - t_verify:.2f} s, {c_ours - c_verify:.2f} CPU-s "
      f"({(c_ours - c_verify) / lines * 1e6:.2f} CPU-µs per event)")
print(f"same result (events, checked, matched, divergence seqs): {'yes' if same else 'NO'}"
      f" — events {ours['events']}, checked {ours['checked']}, matched {ours['matched']}, divergences {len(ours['divergences'])}")
sys.exit(0 if same else 1)
PY
