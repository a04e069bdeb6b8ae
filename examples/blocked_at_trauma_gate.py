#!/usr/bin/env python3
"""List the cases held at the trauma gate, and say why.

In trauma-first affair-recovery work, relational repair waits until the
betrayed partner's trauma symptoms have settled, they say they are ready,
the couple has decided, and nobody is unsafe: the "trauma gate". mend's
protocol engine evaluates that gate for every case that follows a protocol.

This script goes through every case the acting clinician may see, and for
each one that follows a protocol and stands in a phase whose relational
transition (the trauma gate) is not open, prints the case id, the phase and
each reason: every unmet criterion's sentence, and any contraindication
present (current violence, an ongoing affair, ...), which suspends conjoint
work outright. Cases that follow no protocol, or are in another phase, are
counted but not listed.

The sentences name the partners and their scores: the report is for the
clinicians who may see these cases (mend enforces that), not for a log.

Example:
    python3 examples/blocked_at_trauma_gate.py --db practice.db --as CLN-1
    python3 examples/blocked_at_trauma_gate.py --db practice.db --as CLN-1 --json
"""

from __future__ import annotations

import argparse
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

#: How each status is marked in the text report (as `mend phase status` does).
MARKS = {"not_met": "[not met]", "unknown": "[unknown]", "present": "[PRESENT]"}


def actor_ref(text: str) -> Union[int, str]:
    """--as takes a clinician id (digits) or the clinician's external id."""
    return int(text) if text.isdigit() else text


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="List the cases whose trauma gate (the step into relational work) is not open, "
                    "with every unmet criterion.")
    p.add_argument("--db", required=True, metavar="FILE",
                   help="the practice database: a SQLite file or a postgresql:// URL")
    p.add_argument("--as", dest="actor", required=True, metavar="ACTOR", type=actor_ref,
                   help="the clinician asking: id or external id")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return p.parse_args(argv)


def blocked_cases(db: mend.Database) -> Dict[str, Any]:
    """Evaluate every visible case on a protocol; keep those held at a relational gate."""
    checked = 0
    blocked: List[Dict[str, Any]] = []
    for case in db.cases.list():
        try:
            ev = db.phases.evaluate(case.id)
        except mend.InvalidState:  # the case follows no protocol
            continue
        checked += 1
        present = [c for c in ev.contraindications if c.present]
        for gate in ev.transitions:
            if not gate.relational or gate.open:
                continue
            blocked.append({
                "case_id": case.id,
                "kind": case.kind,
                "protocol": ev.protocol.code,
                "phase": ev.phase,
                "phase_name": ev.phase_name,
                "entered_on": ev.entered_on.isoformat(),
                "days_in_phase": ev.days_in_phase,
                "gate": {"to": gate.to, "name": gate.name},
                "suspended": ev.suspended,
                "contraindications": [{"code": c.code, "status": c.status, "sentence": c.sentence}
                                      for c in present],
                "unmet": [{"id": c.id, "kind": c.kind, "status": c.status, "sentence": c.sentence}
                          for c in gate.unmet],
            })
    return {"checked": checked, "blocked": blocked}


def print_text(report: Dict[str, Any]) -> None:
    blocked = report["blocked"]
    print(f"Held at the trauma gate: {len(blocked)} of {report['checked']} "
          f"case{'' if report['checked'] == 1 else 's'} on a protocol")
    for b in blocked:
        print()
        print(f"case #{b['case_id']}: {b['phase_name']} ({b['phase']}) since {b['entered_on']}, "
              f"{b['days_in_phase']} days")
        print(f"  {b['gate']['name']} -> {b['gate']['to']}: "
              f"{'SUSPENDED' if b['suspended'] else 'blocked'}")
        for c in b["contraindications"]:
            print(f"  {MARKS[c['status']]} {c['sentence']}")
        for c in b["unmet"]:
            print(f"  {MARKS[c['status']]} {c['sentence']}")


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        with mend.open(args.db, actor=args.actor) as db:
            report = blocked_cases(db)
    except mend.Error as e:
        print(f"error: {e.message} [{e.code_name}]", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
