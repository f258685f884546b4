# Shared setup of Tools/bench-project.sh and Tools/bench-replay.sh (sourced, not run):
# builds the release binary, makes a venv with orjson and duckdb, and the log.
# Expects $events and $work; sets $bin, $py, $log, $source_note, $bytes, $lines.

mkdir -p "$work"
echo "building (release)…" >&2
swift build -c release --product chronicle >/dev/null
bin=$PWD/.build/release/chronicle

if [ ! -x "$work/venv/bin/python" ]; then
    echo "creating a venv with orjson and duckdb…" >&2
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q orjson duckdb
fi
py=$work/venv/bin/python

log=${CHRONICLE_BENCH_LOG:-$work/log}
if [ -z "${CHRONICLE_BENCH_LOG:-}" ] && [ ! -d "$log" ]; then
    if "$bin" simulate --help >/dev/null 2>&1; then
        echo "simulating $events events…" >&2
        "$bin" simulate --org contoso --day 2026-11-21 --events "$events" --seed 7 --out "$log" >/dev/null
        source_note="chronicle simulate --seed 7"
    else
        echo "this build has no simulate: generating $events events with Tools/synthetic-log.py…" >&2
        python3 Tools/synthetic-log.py "$log" "$events"
        source_note="Tools/synthetic-log.py (repetitive decisions)"
    fi
fi
source_note=${source_note:-$log}
# Segment files only: checkpoints.jsonl is not an event.
bytes=$(cat "$log"/[0-9]*.jsonl | wc -c)
lines=$(cat "$log"/[0-9]*.jsonl | wc -l)
cat "$log"/[0-9]*.jsonl > /dev/null  # warm the page cache for both
