"""`mend check` and damaged rows (issue 15): a database whose rows were changed
behind mend's back (a partner's client row deleted with foreign keys off, a NULL in
a NOT NULL column, a wrong type, invalid UTF-8 in a name, broken JSON in a note)
gives clear errors from every read command of the CLI, never a crash, and
``db.verify()`` / ``mend check`` name each damage by table, row id and kind.
SQLite holds every kind of damage; PostgreSQL enforces types, NOT NULL and UTF-8,
so there the test damages what it can hold (a row deleted with its foreign keys
off, broken JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Dict, List, Optional

import pytest

import mend
from conftest import REPO, raw_sql

MEND = os.environ.get("MEND_CLI") or str(REPO / "build" / "mend")
TODAY = dt.datetime.now(dt.timezone.utc).date()


def day(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


class Practice:
    """The rows the damage is done to."""

    admin: int
    ana: int
    ben: int
    couple: int
    case: int
    solo: int
    session: int
    note: int
    draft: int


def build(db) -> Practice:
    p = Practice()
    p.admin = db.actor
    p.ana = db.clients.create(given_name="Ana", family_name="Quist", external_id="A-1")
    p.ben = db.clients.create(given_name="Ben", family_name="Quist", external_id="B-1")
    p.couple = db.couples.create(client_a_id=p.ana, client_b_id=p.ben, secrets_policy="confidential")
    p.case = db.cases.create(couple_id=p.couple, opened_on=day(60))
    p.solo = db.cases.create(client_id=p.ana, opened_on=day(60))
    db.phases.start(p.case, "betrayal_trauma_couples", betrayed_client_id=p.ana, on=day(50))
    p.session = db.sessions.create(p.case, starts_at=f"{day(10)}T10:00:00Z", duration_minutes=52,
                                   participants=[p.ana, p.ben], identified_patient_id=p.ana,
                                   cpt_code="90847")
    p.note = db.notes.create(p.session, "soap", subjective="Both describe hypervigilance",
                             assessment="Acute betrayal trauma", plan="Stabilisation")
    db.notes.sign(p.note)
    # A draft: a signed note's row cannot be changed even behind mend's back.
    later = db.sessions.create(p.case, starts_at=f"{day(3)}T10:00:00Z", duration_minutes=52,
                               participants=[p.ana, p.ben], identified_patient_id=p.ana,
                               cpt_code="90847")
    p.draft = db.notes.create(later, "soap", subjective="Calmer week", plan="Stabilisation")
    return p


@pytest.fixture
def practice(db) -> Practice:
    p = build(db)
    db.close()
    return p


def reopened(where: str, admin: int) -> mend.Database:
    db = mend.open(where)
    db.set_actor(admin)
    return db


def problems(where: str, admin: int) -> List[Dict]:
    db = reopened(where, admin)
    try:
        v = db.verify()
    finally:
        db.close()
    assert v["ok"] is False
    return v["problems"]


def sqlite_script(where: str, script: str) -> None:
    con = sqlite3.connect(where)
    try:
        con.executescript(script)
        con.commit()
    finally:
        con.close()


def sqlite_changes(where: str, statement: str) -> int:
    """Runs one statement with CHECK constraints ignored; the rows it changed."""
    con = sqlite3.connect(where)
    try:
        con.execute("PRAGMA ignore_check_constraints = ON")
        changed = con.execute(statement).rowcount
        con.commit()
        return changed
    finally:
        con.close()


# ---- the check on a clean practice ------------------------------------------------


def test_a_clean_practice_verifies(db):
    p = build(db)
    v = db.verify()
    assert v["ok"] is True, v
    assert v["problems"] == [] and v["integrity"] == [] and v["foreign_keys"] == []
    assert v["rows_checked"] == {"clients": 2, "couples": 1, "cases": 2, "notes": 2}
    assert v["notes"]["notes_checked"] == 1 and v["notes"]["mismatches"] == []
    # An unkeyed practice keeps no chain to break: information, not damage.
    assert v["audit_chain"]["keyed"] is False and v["audit_chain"]["reason"] == "not_keyed"
    assert v["backend"] == db.backend
    # Audited as a verify of the database.
    events, page = [], db.audit()
    while page:
        events += page
        page = db.audit(after_seq=page[-1].seq)
    assert [(e.action, e.outcome) for e in events if e.object_type == "database"] == [("verify", "ok")]
    del p


def test_only_an_admin_checks(db, staff):
    db.set_actor(staff.supervisor)
    with pytest.raises(mend.PermissionDenied):
        db.verify()
    db.set_actor(staff.alice)
    with pytest.raises(mend.PermissionDenied):
        db.verify()


# ---- damage that both backends can hold ----------------------------------------------


def delete_row(where: str, backend: str, table: str, row_id: int) -> None:
    """Deletes a row that others name, behind mend's back."""
    if backend == "sqlite":
        sqlite_script(where, f"PRAGMA foreign_keys=OFF; DELETE FROM {table} WHERE id = {row_id};")
    else:
        # A superuser's session_replication_role = replica fires no foreign-key trigger.
        err = raw_sql(_Where(where, backend),
                      f"SET session_replication_role = replica; DELETE FROM {table} WHERE id = {row_id}")
        assert err == "", err


def delete_partner(where: str, backend: str, client_id: int) -> None:
    delete_row(where, backend, "client", client_id)


class _Where:
    def __init__(self, where: str, backend: str):
        self.where, self.backend = where, backend


def test_a_deleted_partner_is_found(where, practice):
    backend = "sqlite" if "://" not in where else "postgresql"
    delete_partner(where, backend, practice.ben)
    found = problems(where, practice.admin)
    assert {"table": "couple", "id": practice.couple, "problem": "partner_missing"} in found
    if backend == "sqlite":  # SQLite's own foreign-key check names the rows too
        db = reopened(where, practice.admin)
        fk = db.verify()["foreign_keys"]
        db.close()
        assert {"table": "couple", "id": practice.couple, "parent": "client"} in fk


def test_broken_note_json_is_found(where, practice):
    backend = "sqlite" if "://" not in where else "postgresql"
    err = raw_sql(_Where(where, backend),
                  f"UPDATE note SET content = '{{\"subjective\": ' WHERE id = {practice.draft}")
    assert err == "", err
    db = reopened(where, practice.admin)
    try:
        v = db.verify()
    finally:
        db.close()
    assert v["ok"] is False
    assert {"table": "note", "id": practice.draft, "problem": "unparsable_content"} in v["problems"]


def test_a_notes_missing_case_is_a_clear_error(where, practice):
    backend = "sqlite" if "://" not in where else "postgresql"
    delete_row(where, backend, "care_case", practice.case)
    assert {"table": "note", "id": practice.note, "problem": "case_missing"} in \
        problems(where, practice.admin)
    db = reopened(where, practice.admin)
    try:
        # The client's record lists notes by session: their case is read for each.
        with pytest.raises(mend.StoreError) as e:
            db.notes.list(client_id=practice.ana)
        assert "case is missing" in str(e.value)
    finally:
        db.close()


# ---- damage only SQLite can hold -------------------------------------------------------


def sqlite_only(where: str) -> None:
    if "://" in where:
        pytest.skip("PostgreSQL enforces types, NOT NULL and UTF-8: it cannot hold this damage")


def null_in_not_null(where: str, client_id: int) -> None:
    """family_name NULL: the column's NOT NULL dropped from the schema's text first."""
    con = sqlite3.connect(where)
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'client'").fetchone()[0]
    assert "family_name TEXT NOT NULL" in sql
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'client'",
                (sql.replace("family_name TEXT NOT NULL", "family_name TEXT"),))
    con.commit()
    con.close()
    sqlite_script(where, f"UPDATE client SET family_name = NULL WHERE id = {client_id};")


DAMAGE = {
    "null": lambda where, p: null_in_not_null(where, p.ben),
    "wrong_type": lambda where, p: sqlite_script(
        where, f"PRAGMA ignore_check_constraints = ON;"
               f" UPDATE client SET archived = 'yes' WHERE id = {p.ben};"),
    "wrong_type_id": lambda where, p: sqlite_script(
        where, f"UPDATE care_case SET primary_clinician_id = 'someone' WHERE id = {p.solo};"),
    "invalid_utf8": lambda where, p: sqlite_script(
        where, f"UPDATE client SET given_name = CAST(x'42e96eff' AS TEXT) WHERE id = {p.ben};"),
}

EXPECTED = {
    "null": lambda p: {"table": "client", "id": p.ben, "problem": "unreadable"},
    "wrong_type": lambda p: {"table": "client", "id": p.ben, "problem": "wrong_type"},
    "wrong_type_id": lambda p: {"table": "care_case", "id": p.solo, "problem": "wrong_type"},
    "invalid_utf8": lambda p: {"table": "client", "id": p.ben, "problem": "invalid_utf8"},
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_sqlite_damage_is_found(where, practice, damage):
    sqlite_only(where)
    DAMAGE[damage](where, practice)
    assert EXPECTED[damage](practice) in problems(where, practice.admin)


# ---- every read command of the CLI on each damaged database ------------------------------


def read_commands(p: Practice) -> List[List[str]]:
    c, s, n = str(p.case), str(p.solo), str(p.note)
    return [
        ["info"], ["practice", "timezone"],
        ["clinician", "list"], ["clinician", "show", str(p.admin)],
        ["client", "list"], ["client", "show", str(p.ana)], ["client", "show", str(p.ben)],
        ["couple", "list"], ["couple", "show", str(p.couple)],
        ["case", "list"], ["case", "show", c], ["case", "show", s],
        ["measure", "series", "--client", str(p.ben), "--instrument", "pcl5"],
        ["safety", "list", "--client", str(p.ben)], ["flag", "list"],
        ["phase", "status", "--case", c], ["phase", "history", "--case", c],
        ["attestation", "list", "--case", c], ["diagnosis", "list", "--case", c],
        ["agreement", "list", "--case", c], ["session", "list", "--case", c],
        ["session", "show", str(p.session)], ["note", "list", "--case", c], ["note", "list", "--client", str(p.ana)], ["note", "show", n], ["note", "show", str(p.draft)],
        ["note", "search", "hypervigilance"], ["note", "verify"],
        ["process-note", "list", "--case", c],
        ["report", "--case", c], ["report", "--case", s], ["report", "--caseload"],
        ["report", "--case", c, "--format", "html"], ["release", "accounting", "--client", str(p.ben)],
        ["audit", "list"], ["audit", "verify"], ["audit", "report", "--client", str(p.ben)],
        ["fhir", "export", "--case", c], ["fhir", "export", "--client", str(p.ben)],
        ["fhir", "card", "--case", c], ["emergency", "report"],
        ["check"],
    ]


def run_cli(args: List[str], where: str, admin: int, json_out: bool = False):
    env = dict(os.environ)
    env.update({"MEND_DB": where, "MEND_ACTOR": str(admin)})
    env.pop("MEND_KEY_FILE", None)
    env.pop("MEND_NOW", None)
    return subprocess.run([MEND, *args] + (["--json"] if json_out else []), capture_output=True,
                          timeout=60, env=env)


# Commands whose exit 1 says what they found, on stdout.
FINDERS = (["check"], ["audit", "verify"], ["note", "verify"])


def assert_no_crash(r, what: str, finder: bool = False) -> None:
    err = r.stderr.decode("utf-8", "replace")
    if finder and r.returncode == 1 and not err:
        assert r.stdout.strip(), f"{what}: exit 1 with nothing said"
        return
    assert r.returncode in (0, 1), f"{what}: exit {r.returncode}: {err[-600:]}"
    for bad in ("Sanitizer", "runtime error:", "Segmentation", "terminate called"):
        assert bad not in err, f"{what}: {err[-600:]}"
    if r.returncode == 1:
        assert err.startswith("mend: error: ") or err.startswith('{"error"'), \
            f"{what}: no clear error: {err!r}"


def sweep(where: str, p: Practice) -> Dict[str, int]:
    """Every read command, as text and as JSON; returns the count of each outcome."""
    tally = {"ok": 0, "refused": 0}
    for cmd in read_commands(p):
        for as_json in (False, True) if "--format" not in cmd else (False,):
            r = run_cli(cmd, where, p.admin, as_json)
            what = f"mend {' '.join(cmd)}{' --json' if as_json else ''}"
            assert_no_crash(r, what, cmd in FINDERS)
            if cmd == ["check"]:
                assert r.returncode == 1, f"{what}: the damage was not found"
            tally["ok" if r.returncode == 0 else "refused"] += 1
    return tally


# The practice's key job row (store/reseal.cpp), read by every call.
def delete_key_job(where: str, backend: str) -> int:
    """Deletes the key job's one row behind mend's back; the rows deleted."""
    if backend == "sqlite":
        return sqlite_changes(where, "DELETE FROM key_job")
    err = raw_sql(_Where(where, backend),
                  "DO $$ BEGIN IF (SELECT COUNT(*) FROM key_job) <> 1 THEN"
                  " RAISE EXCEPTION 'no key job row'; END IF; END $$;"
                  " DELETE FROM key_job;"
                  " DO $$ BEGIN IF EXISTS (SELECT 1 FROM key_job) THEN"
                  " RAISE EXCEPTION 'the key job row is still there'; END IF; END $$")
    assert err == "", err
    return 1


KEY_JOB_DAMAGE = {
    "key_job_deleted": delete_key_job,
    "key_job_wrong_type": lambda where, backend: sqlite_changes(
        where, "UPDATE key_job SET generation = 'later', kind = 'shred' WHERE id = 1"),
}

ALL_DAMAGE = ["partner_deleted", "case_deleted", "broken_json"] + sorted(DAMAGE) + \
    sorted(KEY_JOB_DAMAGE)


@pytest.mark.skipif(not Path(MEND).is_file(), reason="the mend CLI is not built")
def test_every_read_command_answers_on_a_sound_database(where, practice):
    """So that a refusal below is the damage's."""
    for cmd in read_commands(practice):
        r = run_cli(cmd, where, practice.admin)
        # An unkeyed chain is not a verified one: exit 1, said on stdout.
        assert r.returncode == (1 if cmd[:2] == ["audit", "verify"] else 0), \
            f"mend {' '.join(cmd)} fails on a sound database: {r.stderr!r}"


@pytest.mark.skipif(not Path(MEND).is_file(), reason="the mend CLI is not built")
@pytest.mark.parametrize("damage", ALL_DAMAGE)
def test_every_read_command_survives_the_damage(where, practice, damage):
    backend = "sqlite" if "://" not in where else "postgresql"
    if damage == "partner_deleted":
        delete_partner(where, backend, practice.ben)
    elif damage == "case_deleted":
        delete_row(where, backend, "care_case", practice.case)
    elif damage == "broken_json":
        assert raw_sql(_Where(where, backend),
                       f"UPDATE note SET content = '{{broken' WHERE id = {practice.draft}") == ""
    elif damage in KEY_JOB_DAMAGE:
        if damage != "key_job_deleted":
            sqlite_only(where)
        assert KEY_JOB_DAMAGE[damage](where, backend) == 1
    else:
        sqlite_only(where)
        DAMAGE[damage](where, practice)
    tally = sweep(where, practice)
    assert tally["refused"] > 0
    print(f"\n{damage} ({backend}): {sum(tally.values())} runs, {tally}")
