#!/usr/bin/env python3
"""List the open conjoint cases whose couples would be checked at the trauma gate.

In affair-recovery work, conjoint sessions pass a trauma gate before moving
on (safety, disclosure, the injured partner's stabilisation). Evaluating that
gate is the job of mend's protocol engine, which the mend Python package does
not wrap yet. This script therefore lists the open conjoint cases it would
check and says plainly that no gate was evaluated; it reports no case as
blocked or clear. (mend.GateBlocked is the exception for the engine's refusals.)

Example:
    python3 examples/blocked_at_trauma_gate.py --db practice.db --as ADM-1
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional, Union

try:
    import mend
except ModuleNotFoundError as e:  # running from a source checkout without installing
    if e.name != "mend":
        raise
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bindings" / "python"))
    import mend

NOT_YET = ("Gate evaluation arrives with the protocol engine in the mend Python package, which does not "
           "wrap it yet (mend {version}): no case has been checked against the trauma gate, and none is "
           "reported as blocked or clear.")


def actor_ref(text: str) -> Union[int, str]:
    """--as takes a clinician id (digits) or the clinician's external id."""
    return int(text) if text.isdigit() else text


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="List open conjoint cases; trauma-gate evaluation arrives with the protocol engine.")
    p.add_argument("--db", required=True, metavar="FILE",
                   help="the practice database: a SQLite file or a postgresql:// URL")
    p.add_argument("--as", dest="actor", required=True, metavar="ACTOR", type=actor_ref,
                   help="the clinician asking: id or external id")
    return p.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        with mend.open(args.db, actor=args.actor) as db:
            cases = [c for c in db.cases.list() if c.kind == "conjoint" and c.status == "open"]
            print(f"Open conjoint cases: {len(cases)}")
            for case in cases:
                assert case.couple_id is not None
                couple = db.couples.get(case.couple_id)
                a = db.clients.get(couple.client_a_id).display_name
                b = db.clients.get(couple.client_b_id).display_name
                lead = db.clinicians.get(case.primary_clinician_id).display_name
                print(f"  case #{case.id}: {a} & {b}; secrets policy {couple.secrets_policy}; "
                      f"opened {case.opened_on.isoformat()}; led by {lead}")
    except mend.Error as e:
        print(f"error: {e.message} [{e.code_name}]", file=sys.stderr)
        return 2
    print()
    print(NOT_YET.format(version=mend.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
