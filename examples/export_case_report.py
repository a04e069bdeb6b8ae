#!/usr/bin/env python3
"""Export a case's treatment-phase report: HTML, Markdown or the JSON snapshot.

The report is rendered by mend under the acting clinician's authorisation
(and audited): the phase timeline, the gate evaluation, measure charts with
bands and cut-offs, both partners side by side, agreements, open flags,
sessions and the signed notes. HTML is one self-contained file (no scripts,
no network) that prints on A4 and Letter.

With --release, the release copy prepared for one partner is exported
instead: it holds nothing of the other partner's individual record, and
joint content only once both partners authorised it.

The report holds client data: write it where the clinician means it to go,
never to a log. Without --out it is written to standard output.

Example:
    python3 examples/export_case_report.py --db practice.db --as CLN-1 --case 3 --out case-3.html
    python3 examples/export_case_report.py --db practice.db --as CLN-1 --case 3 --format json
    python3 examples/export_case_report.py --db practice.db --as CLN-1 --case 3 --release 2 --out copy.html
"""

from __future__ import annotations

import argparse
import datetime as dt
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

FORMATS = ("html", "markdown", "json")


def actor_ref(text: str) -> Union[int, str]:
    """--as takes a clinician id (digits) or the clinician's external id."""
    return int(text) if text.isdigit() else text


def positive_id(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"not a record id: {text!r}")
    return int(text)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Export a case's treatment-phase report (or a release copy).")
    p.add_argument("--db", required=True, metavar="FILE",
                   help="the practice database: a SQLite file or a postgresql:// URL")
    p.add_argument("--as", dest="actor", required=True, metavar="ACTOR", type=actor_ref,
                   help="the clinician exporting the report: id or external id")
    p.add_argument("--case", required=True, metavar="ID", type=positive_id, help="the case's id")
    p.add_argument("--format", choices=FORMATS, default="html", help="the report's format (default: html)")
    p.add_argument("--out", metavar="FILE", help="the file to write (default: standard output)")
    p.add_argument("--release", metavar="ID", type=positive_id,
                   help="export the release copy with this id, prepared for one partner")
    p.add_argument("--notes", action="store_true", help="include the text of the signed notes")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=iso_date,
                   help="the report's date (default: today, UTC); fix it for reproducible output")
    return p.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        with mend.open(args.db, actor=args.actor) as db:
            if args.out:  # written whole beside the file, then renamed into place
                db.reports.write(args.out, format=args.format, case_id=args.case, release_id=args.release,
                                 include_note_text=args.notes, generated_on=args.date)
            else:
                sys.stdout.write(db.reports.render(format=args.format, case_id=args.case,
                                                   release_id=args.release, include_note_text=args.notes,
                                                   generated_on=args.date))
    except mend.Error as e:
        print(f"error: {e.message} [{e.code_name}]", file=sys.stderr)
        return 2
    if args.out:
        kind = f"release copy {args.release} of case {args.case}" if args.release else f"case {args.case}"
        print(f"wrote the {args.format} report of {kind} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
