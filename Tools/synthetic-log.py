#!/usr/bin/env python3
"""Write a large, valid hash-chained log for benchmarks of verify and append.

Usage: synthetic-log.py OUT_DIR N [TEMPLATE_LOG_DIR]

Cycles through the events of a template log (default: the shared conformance
example contoso-9001), giving each a new id, seq, time and chain, so the
result has every event type and ~700-byte lines. Events are spread evenly
over one UTC day (2026-11-21). It verifies; its domain content repeats, so
use `chronicle simulate` for replay and projection benchmarks.
"""
import hashlib, json, os, sys, uuid

out, n = sys.argv[1], int(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
template = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "shared", "conformance", "contoso-9001", "log")
datas = []
for name in sorted(os.listdir(template)):
    if name.endswith(".jsonl") and name != "checkpoints.jsonl":
        for line in open(os.path.join(template, name), "rb"):
            e = json.loads(line)
            datas.append((e["type"], e["subject"], json.dumps(e["data"], ensure_ascii=False, separators=(",", ":"))))
os.makedirs(out, exist_ok=True)
start = 1795219200000  # 2026-11-21T00:00:00Z
step = max(1, 86_400_000 // max(n, 1))
prev = "0" * 64
def ts(ms):
    s, ms = divmod(ms, 1000)
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + ".%03dZ" % ms
with open(os.path.join(out, "2026-11-21.jsonl"), "wb") as f:
    buf = []
    for i in range(n):
        typ, subject, data = datas[i % len(datas)]
        body = ('{"specversion":"1.0","id":"%s","source":"/orgs/contoso","type":"%s","time":"%s","subject":%s,"seq":%d,"prevhash":"%s","data":%s,'
                % (uuid.UUID(int=i + 1), typ, ts(start + i * step), json.dumps(subject), i + 1, prev, data)).encode()
        prev = hashlib.sha256(body).hexdigest()
        buf.append(body + b'"hash":"' + prev.encode() + b'"}\n')
        if len(buf) >= 10000:
            f.write(b"".join(buf)); buf = []
    f.write(b"".join(buf))
