#!/usr/bin/env python3
"""Checks that benchmark output is well formed (bench_smoke): every line is a
JSON object, every expected workload is there with a positive figure, and
each ratio is mend / reference. Never checks a timing.

Usage: check_results.py c|py|peer|pg FILE.jsonl
"""
import json
import math
import sys

EXPECTED = {
    "c": ["ingest_clients", "ingest_notes", "ingest_administrations",
          "durable_client_create_p50", "durable_client_create_p99", "gate_evaluation",
          "couple_report", "note_search_p50", "client_get_c_p50", "caseload_report",
          "encryption_ingest_clients", "encryption_ingest_notes",
          "encryption_ingest_administrations", "encryption_client_get_p50"],
    "py": ["client_get_python_p50"],
    "pg": [f"pg_{w}_{k}" for w in ("ingest_clients", "couple_report") for k in (1, 2, 4)],
    "peer": ["ingest_clients", "ingest_notes", "ingest_administrations",
             "durable_client_create_p50", "durable_client_create_p99", "couple_report",
             "note_search_p50", "client_get_p50", "caseload_report"],
}


def main() -> int:
    kind, path = sys.argv[1], sys.argv[2]
    seen = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            row = json.loads(line)
            if not isinstance(row, dict):
                raise SystemExit(f"{path}:{n}: not a JSON object")
            if "workload" not in row:
                continue  # the header line
            name = row["workload"]
            mend = row["peer"] if kind == "peer" else row["mend"]
            if not (isinstance(mend, (int, float)) and mend > 0 and math.isfinite(mend)):
                raise SystemExit(f"{path}:{n}: {name}: figure {mend!r} is not a positive number")
            if "reference" in row:
                ref, ratio = row["reference"], row["ratio"]
                if not ref > 0 or abs(ratio - mend / ref) > 0.01 * max(1.0, ratio):
                    raise SystemExit(f"{path}:{n}: {name}: ratio {ratio} is not {mend}/{ref}")
            if "target_ratio" in row and row["met"] != (row["ratio"] <= row["target_ratio"]):
                raise SystemExit(f"{path}:{n}: {name}: met disagrees with the ratio")
            if kind == "pg" and name.startswith("pg_couple_report_") and not (
                    isinstance(row.get("audit_rows"), int) and row["audit_rows"] > 0):
                raise SystemExit(f"{path}:{n}: {name}: the reference writes no audit rows")
            # Without its signed notes a couple report audits at most 7 rows
            # (2 clients, 4 PHQ-9/GAD-7 series, the report): more shows that
            # the timed report lists notes, as a clinician's does.
            if kind == "c" and name == "couple_report" and not row.get("audit_rows", 0) > 7:
                raise SystemExit(f"{path}:{n}: {name}: the report lists no notes")
            seen[name] = row
    missing = [w for w in EXPECTED[kind] if w not in seen]
    if missing:
        raise SystemExit(f"{path}: missing workloads: {', '.join(missing)}")
    print(f"{path}: {len(seen)} workloads, well formed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
