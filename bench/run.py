#!/usr/bin/env python3
"""Runs every benchmark at one size and rewrites bench/RESULTS.md (sizes S and
M) or bench/RESULTS-L.md (size L, the size the caseload targets are set for).

Usage: bench/run.py [S|M|L] [--no-build]     (default M; bench/run.sh wraps it)

Builds mend and bench_mend in Release into build-bench/, then runs, in order:
bench_mend (the C API next to raw sqlite3, same run), python_calls.py (Python
next to C) and peer.py (the same workloads written with Python's sqlite3
module). Every figure is a median of repeated runs; each is shown as a ratio
against its reference measured in the same run, with its target.
"""
import datetime
import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build-bench")
HERE = os.path.join(ROOT, "bench")


def results_file(size: str) -> str:
    return "RESULTS-L.md" if size == "L" else "RESULTS.md"


def sh(*args: str, **kw) -> str:
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw).stdout.strip()


def jsonl(path: str) -> dict:
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            rows[row.get("workload", "_header")] = row
    return rows


def fmt_us(us: float) -> str:
    if us >= 1e6:
        return f"{us / 1e6:.2f} s"
    if us >= 1e3:
        return f"{us / 1e3:.2f} ms"
    return f"{us:.0f} µs"


def machine() -> list:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kb = int(f.readline().split()[1])
    try:
        load = open("/proc/loadavg", encoding="utf-8").read().split()[:3]
    except OSError:
        load = ["?"]
    return [f"- CPU: {cpu}, {os.cpu_count()} cores (`nproc`: {sh('nproc')})",
            f"- RAM: {mem_kb / 1024 / 1024:.1f} GiB; kernel {platform.release()}; "
            f"load average at the end {' '.join(load)} (other builds share this machine)"]


def met(flag) -> str:
    return "—" if flag is None else ("met" if flag else "**missed**")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = args[0] if args else "M"
    if size not in ("S", "M", "L"):
        raise SystemExit("size is S, M or L")
    started = time.time()
    commit = "`" + sh("git", "-C", ROOT, "rev-parse", "--short", "HEAD") + "`"
    if sh("git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    if "--no-build" not in sys.argv:
        subprocess.run(["cmake", "-S", ROOT, "-B", BUILD, "-DCMAKE_BUILD_TYPE=Release",
                        "-DMEND_BUILD_TESTS=OFF", "-DMEND_BUILD_BENCH=ON"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", BUILD, "-j2", "--target", "bench_mend", "bench_pg",
                        "mend"],
                       check=True, stdout=subprocess.DEVNULL)
    data = os.path.join(BUILD, "bench-data")
    os.makedirs(data, exist_ok=True)
    bench = os.path.join(BUILD, "bench_mend")
    env = dict(os.environ, MEND_LIBRARY=os.path.join(BUILD, "libmend.so.0"))

    def step(name: str, cmd: list) -> dict:
        out = os.path.join(data, f"{name}_{size}.jsonl")
        print(f"run.py: {name} ({size})", file=sys.stderr, flush=True)
        with open(out, "w", encoding="utf-8") as f:
            subprocess.run(cmd, check=True, stdout=f, env=env)
        return jsonl(out)

    c = step("c", [bench, "run", size, data])
    py = step("python", [sys.executable, os.path.join(HERE, "python_calls.py"), bench,
                         os.path.join(data, f"bench_mend_{size}.db"),
                         "200" if size == "S" else "500"])
    peer = step("peer", [sys.executable, os.path.join(HERE, "peer.py"), "run", size, data])
    pgdir = os.path.join(data, "postgres")
    try:
        url = sh(os.path.join(ROOT, "tests", "support", "postgres.sh"), "start", pgdir)
    except (subprocess.CalledProcessError, OSError) as e:
        print(f"run.py: no PostgreSQL server ({e}); its workloads are left out", file=sys.stderr)
        pgres = None
    else:
        try:
            pgres = step("pg", [os.path.join(BUILD, "bench_pg"), url,
                                "400" if size == "S" else "1000"])
        finally:
            subprocess.run([os.path.join(ROOT, "tests", "support", "postgres.sh"), "stop", pgdir])
            subprocess.run(["rm", "-rf", pgdir])
    elapsed = time.time() - started
    write(size, c, py, peer, pgres, elapsed, commit)
    print(f"run.py: wrote bench/{results_file(size)} ({elapsed:.0f} s)", file=sys.stderr)
    return 0


LABELS = {
    "ingest_clients": "bulk ingest: clients (per row, 200 per transaction)",
    "ingest_notes": "bulk ingest: session + SOAP note (per row, one transaction per case)",
    "ingest_administrations": "bulk ingest: PHQ-9/GAD-7 administration (per row, per case)",
    "durable_client_create_p50": "durable single client create, p50 (own commit, FULL)",
    "durable_client_create_p99": "durable single client create, p99",
    "gate_evaluation": "gate evaluation (mend_phase_evaluate_json)",
    "couple_report": "couple case report, JSON with note text",
    "note_search_p50": "full-text note search, p50",
    "client_get_python_p50": "client get from Python, p50",
    "client_get_p50": "client get, p50",
    "caseload_report": "caseload report (whole practice, JSON)",
}


def write(size: str, c: dict, py: dict, peer: dict, pg, elapsed: float, commit: str) -> None:
    h = c["_header"]
    out = ["# Benchmark results", "",
           f"Written by `bench/run.sh {size}` on {datetime.date.today().isoformat()} in "
           f"{elapsed / 60:.1f} min (build included), mend {h['mend']} at commit {commit}, SQLite {h['sqlite']}, Release build.",
           "", *machine(), "",
           f"Size {size}: {h['clinicians']} clinician(s), {h['clients']:,} clients in "
           f"{h['clients'] // 2:,} couples with a conjoint case each, {h['notes']:,} SOAP notes "
           f"(~1,200 characters each), {h['administrations']:,} administrations.", "",
           "Times are medians of repeated runs; this machine is shared and noisy, so read the "
           "ratios (each against its reference measured in the same run), not the absolute "
           "times. Method: bench/README.md.", "",
           "## mend against the storage engine under it", "",
           "| workload | mend | reference | reference is | ratio | target | |",
           "|---|---|---|---|---|---|---|"]
    for w in ("ingest_clients", "ingest_notes", "ingest_administrations",
              "durable_client_create_p50", "durable_client_create_p99", "gate_evaluation",
              "couple_report", "note_search_p50"):
        r = c[w]
        target, ok = "—", None
        if "target_ratio" in r:
            target, ok = f"≤ {r['target_ratio']:g}x", r["met"]
        if "target_abs_us" in r:
            target += f" and < {fmt_us(r['target_abs_us'])}"
            ok = ok and r["met_abs"]
        out.append(f"| {LABELS[w]} | {fmt_us(r['mend'])} | {fmt_us(r['reference'])} | "
                   f"{r['reference_name']} | {r['ratio']:.2f}x | {target} | {met(ok)} |")
    r = py["client_get_python_p50"]
    out.append(f"| {LABELS['client_get_python_p50']} | {fmt_us(r['mend'])} | "
               f"{fmt_us(r['reference'])} | {r['reference_name']} | {r['ratio']:.2f}x | "
               f"≤ {r['target_ratio']:g}x | {met(r['met'])} |")

    cl = c["caseload_report"]
    out += ["", "## Caseload report", "",
            "Rendered by a child process (so its peak RSS is its own) while a writer takes the "
            "write lock every 20 ms; the longest wait of that writer is the longest the report "
            "kept a writer out. The targets are for size L.", "",
            "| figure | measured | target | |", "|---|---|---|---|",
            f"| time (median of {cl['reps']}, incl. process start) | {fmt_us(cl['mend'])} | "
            f"< 5 s | {met(cl['met_abs'])} |",
            f"| peak RSS | {cl['peak_rss_kb'] / 1024:.1f} MB | < 100 MB | {met(cl['met_rss'])} |",
            f"| longest write-lock wait of a concurrent writer ({cl['lock_probes']} tries) | "
            f"{fmt_us(cl['max_write_lock_wait_us'])} | < 100 ms | {met(cl['met_lock'])} |"]

    out += ["", "## mend against the Python peer", "",
            "The peer is the same workload written as a practice's developer would without "
            "mend: Python's `sqlite3` module, their own tables and an audit table "
            "(bench/peer.py). Target: mend ahead (ratio below 1).", "",
            "| workload | mend | peer | ratio | |", "|---|---|---|---|---|"]
    pairs = [(w, c[w]["mend"]) for w in ("ingest_clients", "ingest_notes",
                                         "ingest_administrations", "durable_client_create_p50",
                                         "durable_client_create_p99", "couple_report",
                                         "note_search_p50", "caseload_report")]
    pairs.append(("client_get_p50", py["client_get_python_p50"]["mend"]))
    for w, m in pairs:
        p = peer[w]["peer"]
        label = LABELS[w] + (" (mend from Python; both synchronous=NORMAL)"
                             if w == "client_get_p50" else "")
        out.append(f"| {label} | {fmt_us(m)} | {fmt_us(p)} | {m / p:.2f}x | {met(m < p)} |")

    out += ["", "## PostgreSQL, 1, 2 and 4 concurrent clients", ""]
    if pg is None:
        out.append("Not measured in this run: no PostgreSQL server could be started.")
    else:
        out += ["A throw-away server (tests/support/postgres.sh: loopback, fsync off) and "
                "bench/bench_pg.c: each client a thread with its own connection. Ingest is "
                "per row over all threads (wall time / rows); the couple report (40 signed "
                "notes, 20 administrations, note text) is per report over all threads (wall "
                "time / reports), its reference the rows the report needs read with libpq "
                "prepared SELECTs in one read transaction, then the same number of audit rows "
                "in one write transaction, by as many threads in the same run.", "",
                "| workload | clients | mend | reference | reference is | ratio | target | |",
                "|---|---|---|---|---|---|---|---|"]
        for w in ("ingest_clients", "couple_report"):
            for k in (1, 2, 4):
                r = pg[f"pg_{w}_{k}"]
                target = f"≤ {r['target_ratio']:g}x" if "target_ratio" in r else "—"
                out.append(f"| {w.replace('_', ' ')} | {k} | {fmt_us(r['mend'])} | "
                           f"{fmt_us(r['reference'])} | {r['reference_name']} | "
                           f"{r['ratio']:.2f}x | {target} | {met(r.get('met'))} |")
    out += ["", "## Not measured yet", "",
            "- Gate evaluation has no counterpart in the peer (a developer without mend has no "
            "protocol gates); its reference is the raw reads of the rows it needs.", ""]
    notes = os.path.join(HERE, "NOTES.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            out += ["", f.read().rstrip("\n"), ""]
    with open(os.path.join(HERE, results_file(size)), "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
