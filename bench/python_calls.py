#!/usr/bin/env python3
"""Python vs C per call: the p50 of an audited client get through the mend
Python package, next to the same call from C (bench_mend get) on the same
database, both with synchronous=NORMAL, alternated over rounds in the same run; the median of the rounds.

Usage: python_calls.py BENCH_MEND DB [N]   (MEND_LIBRARY names libmend)
Prints one JSON line.
"""
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "bindings", "python"))
import mend  # noqa: E402


def python_p50(db: "mend.Database", n: int, count: int) -> float:
    times = []
    for i in range(n):
        t = time.perf_counter()
        db.clients.get(1 + i % count)
        times.append((time.perf_counter() - t) * 1e6)
    return statistics.median(times)


def c_p50(bench: str, path: str, n: int) -> float:
    out = subprocess.run([bench, "get", path, str(n)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["mend"]


def main() -> int:
    bench, path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    with sqlite3.connect(path) as raw:
        count = raw.execute("SELECT COUNT(*) FROM client").fetchone()[0]
    # synchronous=NORMAL on both sides (bench_mend get does the same): the
    # audit commit of a read then waits for no fsync, which would drown the
    # per-call cost this compares.
    db = mend.Database(path, synchronous="normal")
    db.set_actor(1)
    python_p50(db, n // 10 + 1, count)  # warm
    py, c = [], []
    for _ in range(3):
        c.append(c_p50(bench, path, n))
        py.append(python_p50(db, n, count))
    db.close()
    p, r = statistics.median(py), statistics.median(c)
    print(json.dumps({"workload": "client_get_python_p50", "unit": "us/call", "mend": round(p, 3),
                      "reference_name": "the same call from C (bench_mend get)",
                      "reference": round(r, 3), "ratio": round(p / r, 3), "target_ratio": 1.3,
                      "met": p / r <= 1.3, "reps": n, "rounds": 3}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
