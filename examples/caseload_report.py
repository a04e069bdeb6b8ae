#!/usr/bin/env python3
"""Print a caseload report: per clinician, the open cases by kind, with the
client's or the couple's names.

"Open" means not closed: cases on hold are listed too, marked as such.
Archived cases are left out. The report holds what the acting clinician may
see: supervisors and admins see every clinician's caseload, a clinician sees
the cases they lead. Reading names is audited, as every client read is.

Example:
    python3 examples/caseload_report.py --db practice.db --as ADM-1
    python3 examples/caseload_report.py --db practice.db --as 2 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

try:
    import mend
except ModuleNotFoundError as e:  # running from a source checkout without installing
    if e.name != "mend":
        raise
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bindings" / "python"))
    import mend

KINDS = ("individual", "conjoint")


def actor_ref(text: str) -> Union[int, str]:
    """--as takes a clinician id (digits) or the clinician's external id."""
    return int(text) if text.isdigit() else text


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Print each clinician's open cases by kind.")
    p.add_argument("--db", required=True, metavar="FILE",
                   help="the practice database: a SQLite file or a postgresql:// URL")
    p.add_argument("--as", dest="actor", required=True, metavar="ACTOR", type=actor_ref,
                   help="the clinician running the report: id or external id")
    p.add_argument("--json", action="store_true", help="write JSON instead of text")
    return p.parse_args(argv)


class Names:
    """Display names of clients and couples, read once each."""

    def __init__(self, db: mend.Database) -> None:
        self.db = db
        self.clients: Dict[int, str] = {}

    def client(self, client_id: int) -> str:
        if client_id not in self.clients:
            try:
                self.clients[client_id] = self.db.clients.get(client_id).display_name
            except mend.PermissionDenied:
                self.clients[client_id] = f"(client #{client_id}, not visible to you)"
        return self.clients[client_id]

    def couple(self, couple_id: int) -> str:
        try:
            c = self.db.couples.get(couple_id)
        except mend.PermissionDenied:
            return f"(couple #{couple_id}, not visible to you)"
        return f"{self.client(c.client_a_id)} & {self.client(c.client_b_id)}"


def build_report(db: mend.Database) -> Dict[str, Any]:
    actor = db.actor
    assert actor is not None  # mend.open(..., actor=...) set it
    me = db.clinicians.get(actor)
    sees_all = me.role in ("supervisor", "admin")
    names = Names(db)
    by_clinician: Dict[int, Dict[str, List[Dict[str, Any]]]] = {}
    for case in db.cases.list():
        if case.status == "closed":
            continue
        entry: Dict[str, Any] = {
            "case_id": case.id,
            "external_id": case.external_id,
            "opened_on": case.opened_on.isoformat(),
            "status": case.status,
        }
        if case.kind == "individual":
            assert case.client_id is not None
            entry["client_id"] = case.client_id
            entry["name"] = names.client(case.client_id)
            entry["linked_case_id"] = case.linked_case_id
        else:
            assert case.couple_id is not None
            entry["couple_id"] = case.couple_id
            entry["name"] = names.couple(case.couple_id)
        by_clinician.setdefault(case.primary_clinician_id, {k: [] for k in KINDS})[case.kind].append(entry)

    clinicians = []
    for c in db.clinicians.list(include_archived=True):
        cases = by_clinician.get(c.id)
        if cases is None and (c.archived or not sees_all):
            continue  # list everyone active only for those who see every caseload
        cases = cases or {k: [] for k in KINDS}
        clinicians.append({
            "id": c.id,
            "display_name": c.display_name,
            "credentials": c.credentials,
            "role": c.role,
            "archived": c.archived,
            "open_cases": sum(len(v) for v in cases.values()),
            "cases": cases,
        })
    return {
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "actor": {"id": me.id, "display_name": me.display_name, "role": me.role},
        "scope": "all clinicians" if sees_all else "the cases you lead",
        "clinicians": clinicians,
    }


def print_text(report: Dict[str, Any]) -> None:
    actor = report["actor"]
    print(f"Caseload report, {report['generated_at']}, as {actor['display_name']} ({actor['role']}): "
          f"{report['scope']}")
    if not report["clinicians"]:
        print("\nNo open cases.")
    for c in report["clinicians"]:
        title = c["display_name"] + (f", {c['credentials']}" if c["credentials"] else "")
        if c["archived"]:
            title += " (archived)"
        n = c["open_cases"]
        print(f"\n{title}: {n if n else 'no'} open {'case' if n == 1 else 'cases'}")
        for kind in KINDS:
            cases = c["cases"][kind]
            if not cases:
                continue
            print(f"  {kind} ({len(cases)})")
            for e in cases:
                extra = "  on hold" if e["status"] == "on_hold" else ""
                if e.get("linked_case_id"):
                    extra += f"  alongside #{e['linked_case_id']}"
                print(f"    #{e['case_id']:<5} {e['name']:<40} opened {e['opened_on']}{extra}")


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        with mend.open(args.db, actor=args.actor) as db:
            report = build_report(db)
    except mend.Error as e:
        print(f"error: {e.message} [{e.code_name}]", file=sys.stderr)
        return 2
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
