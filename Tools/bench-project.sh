#!/usr/bin/env bash
# Projection benchmark (release build), side by side in one run:
#   chronicle project secrets / project tokens --all   vs   DuckDB (read_ndjson, 2 threads)
# computing the same aggregation over the same log, as of the same instant:
# seconds, MB/s, events/s, peak memory (/usr/bin/time %M) and the speed ratio,
# after checking that both give the same rows.
#
# Usage: Tools/bench-project.sh [EVENTS (default 1000000)] [WORKDIR (default a temp dir)]
# The log is `chronicle simulate --org contoso --day 2026-11-21 --events N --seed 7`
# when this build has `simulate`, else Tools/synthetic-log.py. CHRONICLE_BENCH_LOG=DIR
# uses an existing log instead; CHRONICLE_BENCH_AT=T sets the instant (default 2026-11-22T00:00:00Z).
#
# The DuckDB queries (below, in the heredocs) read every line with read_ndjson
# (columns seq, type, time, data as JSON) and keep what the projection keeps:
#   secrets: the latest secret.created/secret.rotated per secretId (arg_max by seq),
#            rotatedAt = the last rotation's time, revoked when any secret.revoked
#            names it; status and daysLeft as SPEC §9 defines them at the instant;
#   tokens:  every token.issued (principalId from the request, else the claims' iss),
#            left-joined with the first token.revoked of its tokenId; lifetime and
#            remaining seconds floored, cappedByEntra = entraTokenExpiresAt <
#            time + lifetimeMinutes (default 60), status revoked/expired/active;
#            sorted by (issuedAt, tokenId).
# Each writes its rows as JSON lines, as chronicle writes its JSON. Unlike chronicle,
# they do not skip events that SPEC §3 calls invalid (a simulated log has none).
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
work=${2:-$(mktemp -d /tmp/chronicle-bench.XXXXXX)}
at=${CHRONICLE_BENCH_AT:-2026-11-22T00:00:00Z}
source Tools/bench-setup.sh

ts="TIMESTAMP '${at/T/ }'"
ts=${ts/Z\'/\'}
cat > "$work/secrets.sql" <<SQL
COPY (
  WITH ev AS (
    SELECT seq, type, TRY_CAST(time AS TIMESTAMP) AS t, data, data->>'secretId' AS secretId
    FROM read_ndjson('$log/[0-9]*.jsonl', columns = {seq: 'BIGINT', type: 'VARCHAR', time: 'VARCHAR', data: 'JSON'})
    WHERE type IN ('secret.created', 'secret.rotated', 'secret.revoked') AND t <= $ts
  ),
  versions AS (
    SELECT secretId, arg_max(data, seq) AS current, max(t) FILTER (WHERE type = 'secret.rotated') AS rotatedAt
    FROM ev WHERE type IN ('secret.created', 'secret.rotated') GROUP BY secretId
  ),
  created AS (
    SELECT secretId, arg_min(data->>'kind', seq) AS kind, arg_min(data->>'owner', seq) AS owner, min(t) AS createdAt
    FROM ev WHERE type = 'secret.created' GROUP BY secretId
  ),
  revoked AS (SELECT DISTINCT secretId FROM ev WHERE type = 'secret.revoked'),
  rows AS (
    SELECT c.secretId, c.kind, c.owner, TRY_CAST(v.current->>'version' AS BIGINT) AS version,
           v.current->>'hint' AS hint, v.current->>'fingerprint' AS fingerprint, c.createdAt, v.rotatedAt,
           TRY_CAST(v.current->>'expiresAt' AS TIMESTAMP) AS expiresAt, r.secretId IS NOT NULL AS isRevoked
    FROM created c JOIN versions v USING (secretId) LEFT JOIN revoked r USING (secretId)
  )
  SELECT secretId, kind, owner, version, hint, fingerprint, createdAt, rotatedAt, expiresAt,
         CASE WHEN isRevoked THEN 'revoked' WHEN expiresAt <= $ts THEN 'expired'
              WHEN expiresAt <= $ts + INTERVAL 30 DAY THEN 'expiring' ELSE 'active' END AS status,
         CAST(floor((epoch_ms(expiresAt) - epoch_ms($ts)) / 86400000.0) AS BIGINT) AS daysLeft
  FROM rows ORDER BY secretId
) TO '$work/duckdb-secrets.json' (FORMAT JSON);
SQL
cat > "$work/tokens.sql" <<SQL
COPY (
  WITH ev AS (
    SELECT seq, type, TRY_CAST(time AS TIMESTAMP) AS t, data
    FROM read_ndjson('$log/[0-9]*.jsonl', columns = {seq: 'BIGINT', type: 'VARCHAR', time: 'VARCHAR', data: 'JSON'})
    WHERE type IN ('token.issued', 'token.revoked') AND t <= $ts
  ),
  issued AS (
    SELECT data->>'tokenId' AS tokenId,
           coalesce(data->'request'->>'principalId', data->'claims'->>'iss', '') AS principalId,
           data->>'kid' AS kid, t AS issuedAt, TRY_CAST(data->>'expiresAt' AS TIMESTAMP) AS expiresAt,
           TRY_CAST(data->'request'->>'entraTokenExpiresAt' AS TIMESTAMP)
             < t + to_minutes(coalesce(TRY_CAST(data->'request'->>'lifetimeMinutes' AS BIGINT), 60)) AS cappedByEntra,
           data->>'renews' AS renews
    FROM ev WHERE type = 'token.issued'
  ),
  revoked AS (SELECT data->>'tokenId' AS tokenId, min(t) AS revokedAt FROM ev WHERE type = 'token.revoked' GROUP BY 1)
  SELECT i.tokenId, i.principalId, i.kid, i.issuedAt, i.expiresAt,
         (epoch_ms(i.expiresAt) - epoch_ms(i.issuedAt)) // 1000 AS lifetimeSeconds,
         CASE WHEN r.tokenId IS NULL AND i.expiresAt > $ts THEN (epoch_ms(i.expiresAt) - epoch_ms($ts)) // 1000 ELSE 0 END
           AS remainingSeconds,
         i.cappedByEntra, i.renews,
         CASE WHEN r.tokenId IS NOT NULL THEN 'revoked' WHEN i.expiresAt <= $ts THEN 'expired' ELSE 'active' END AS status
  FROM issued i LEFT JOIN revoked r USING (tokenId)
  ORDER BY i.issuedAt, i.tokenId
) TO '$work/duckdb-tokens.json' (FORMAT JSON);
SQL

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
timed() {  # timed NAME COMMAND…
    local name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$work/$name.time" "$@" 2> "$work/$name.err" \
        || { echo "$name failed:" >&2; tail -5 "$work/$name.err" >&2; exit 1; }
}
for projection in secrets tokens; do
    args=(project "$projection" --at "$at" --log "$log" --format json)
    [ "$projection" = tokens ] && args+=(--all)
    echo "chronicle project $projection…" >&2
    timed "chronicle-$projection" "$bin" "${args[@]}" > "$work/chronicle-$projection.json"
    echo "duckdb $projection…" >&2
    timed "duckdb-$projection" "$py" -c '
import sys, duckdb
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute("SET enable_progress_bar = false")
con.execute(open(sys.argv[1]).read())' "$work/$projection.sql"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

"$py" - "$work" "$bytes" "$lines" "$source_note" "$load_before" "$load_after" "$(nproc)" <<'PY'
import sys, orjson
work, size, lines, source, before, after, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
def timing(name):
    seconds, kib, user, system = open(f"{work}/{name}.time").read().split()[-4:]
    return float(seconds), int(kib) // 1024, float(user) + float(system)
def ours(projection):
    return orjson.loads(open(f"{work}/chronicle-{projection}.json", "rb").read())[projection]
def theirs(projection):
    return [orjson.loads(line) for line in open(f"{work}/duckdb-{projection}.json", "rb")]
keys = {"secrets": ("secretId", "kind", "owner", "version", "hint", "fingerprint", "status", "daysLeft"),
        "tokens": ("tokenId", "principalId", "kid", "lifetimeSeconds", "remainingSeconds", "cappedByEntra", "renews", "status")}
print(f"log: {lines} events, {size / 1e6:.1f} MB ({source}); as of the instant given; {cores} cores, load {before} before, {after} after")
print(f"{'':22} {'seconds':>8} {'cpu s':>7} {'MB/s':>7} {'events/s':>10} {'peak MiB':>9}")
agree = True
for projection in ("secrets", "tokens"):
    for name in (f"chronicle-{projection}", f"duckdb-{projection}"):
        t, m, c = timing(name)
        print(f"{name:22} {t:8.2f} {c:7.2f} {size / 1e6 / t:7.0f} {lines / t:10.0f} {m:9d}")
    print(f"{'':22} chronicle / duckdb speed: {timing(f'duckdb-{projection}')[0] / timing(f'chronicle-{projection}')[0]:.2f}x")
    a = [tuple(row[k] for k in keys[projection]) for row in ours(projection)]
    b = [tuple(row[k] for k in keys[projection]) for row in theirs(projection)]
    same = a == b
    agree &= same
    print(f"{'':22} same {len(a)} rows ({', '.join(keys[projection])}): {'yes' if same else 'NO'}")
sys.exit(0 if agree else 1)
PY
