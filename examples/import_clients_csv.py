#!/usr/bin/env python3
"""Import clients from a CSV file into a mend practice database, in one transaction.

The CSV has a header row naming some of these columns (given_name and
family_name are required; the rest may be left out or empty):

    external_id,given_name,family_name,preferred_name,pronouns,date_of_birth,email,phone

Every row is tried; a row mend refuses (a bad date, a duplicate external id,
...) is reported by its row number and the reason, and the other rows are
still imported: a refused call inside a mend transaction changes nothing and
leaves the transaction usable. With --strict, one refused row imports nothing.
Reports never echo client data, only row numbers and mend's reasons.

Exit status: 0 all rows imported, 1 some rows rejected, 2 nothing done (usage,
unreadable file, database error).

Example:
    python3 examples/import_clients_csv.py --db practice.db --as ADM-1 examples/data/clients.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

try:
    import mend
except ModuleNotFoundError as e:  # running from a source checkout without installing
    if e.name != "mend":
        raise
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bindings" / "python"))
    import mend

COLUMNS = ["external_id", "given_name", "family_name", "preferred_name", "pronouns",
           "date_of_birth", "email", "phone"]
REQUIRED = ["given_name", "family_name"]

# Errors that belong to one row; anything else (busy, store, denied) stops the import.
ROW_ERRORS = (mend.InvalidArgument, mend.AlreadyExists, mend.ConstraintViolation)


class _Abort(Exception):
    """Raised inside the transaction to roll it back (--strict)."""


def actor_ref(text: str) -> Union[int, str]:
    """--as takes a clinician id (digits) or the clinician's external id."""
    return int(text) if text.isdigit() else text


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Import clients from a CSV file into a mend practice database, in one transaction.",
        epilog="Columns: " + ",".join(COLUMNS) + " (given_name and family_name required).")
    p.add_argument("--db", required=True, metavar="FILE",
                   help="the practice database: a SQLite file or a postgresql:// URL")
    p.add_argument("--as", dest="actor", required=True, metavar="ACTOR", type=actor_ref,
                   help="the clinician registering the clients: id or external id")
    p.add_argument("--strict", action="store_true",
                   help="import nothing if any row is rejected")
    p.add_argument("csv", metavar="CSV", type=Path, help="the CSV file (UTF-8, header row first)")
    return p.parse_args(argv)


def read_rows(path: Path) -> Tuple[List[str], List[Tuple[int, Dict[str, Optional[str]], Optional[str]]]]:
    """(header, [(row number, fields, problem)]); bad bytes become lone surrogates that mend refuses."""
    with path.open(newline="", encoding="utf-8-sig", errors="surrogateescape") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        rows = []
        for n, raw in enumerate(reader, start=1):
            problem = "more fields than the header names" if None in raw else None
            fields = {k: (v.strip() if v and v.strip() else None)
                      for k, v in raw.items() if k in COLUMNS}
            rows.append((n, fields, problem))
    return header, rows


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        header, rows = read_rows(args.csv)
    except (OSError, csv.Error) as e:
        print(f"error: cannot read {args.csv}: {e}", file=sys.stderr)
        return 2
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        for c in unknown:
            print(f"error: unknown column {c!r}", file=sys.stderr)
        for c in missing:
            print(f"error: missing required column {c!r}", file=sys.stderr)
        return 2

    imported = 0
    rejected: List[Tuple[int, str]] = []
    try:
        with mend.open(args.db, actor=args.actor) as db:
            try:
                with db.transaction():
                    for n, fields, problem in rows:
                        if problem:
                            rejected.append((n, problem))
                            continue
                        blank = [c for c in REQUIRED if not fields.get(c)]
                        if blank:
                            rejected.append((n, f"{blank[0]} is required"))
                            continue
                        try:
                            db.clients.create(**{k: v for k, v in fields.items() if v is not None})
                        except ROW_ERRORS as e:
                            # mend's messages hold no client data: field names and rules only.
                            rejected.append((n, f"{e.message} [{e.code_name}]"))
                        else:
                            imported += 1
                    if args.strict and rejected:
                        raise _Abort()
            except _Abort:
                imported = 0
    except mend.Error as e:
        print(f"error: {e.message} [{e.code_name}]; nothing was imported", file=sys.stderr)
        return 2

    for n, reason in rejected:
        print(f"row {n}: rejected: {reason}")
    if args.strict and rejected:
        print(f"imported 0 rows: --strict and {len(rejected)} of {len(rows)} rows rejected")
    else:
        print(f"imported {imported} {'row' if imported == 1 else 'rows'}, "
              f"rejected {len(rejected)} {'row' if len(rejected) == 1 else 'rows'}")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
