"""Re-encryption and conversion from Python (issue 14): ``db.keys.encrypt()``,
``db.keys.reencrypt()`` and ``db.keys.reseal()``. A plaintext practice is
converted and then re-encrypted, each job interrupted (its handle closed, or
its process killed) and resumed; meanwhile every other call raises
:class:`mend.InvalidState`; afterwards records, look-ups and search answer
as before and no value is under a retired key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

import mend
from conftest import raw_sql, subprocess_env


def _count(db, where: str, sql: str) -> int:
    """A count read behind mend's back (sqlite3 or psql)."""
    if db.backend == "sqlite":
        import sqlite3

        con = sqlite3.connect(where)
        try:
            return int(con.execute(sql).fetchone()[0])
        finally:
            con.close()
    from conftest import PG_URL, PSQL

    r = subprocess.run([PSQL, PG_URL, "-qAtX", "-c", sql], capture_output=True, text=True, check=True)
    return int(r.stdout.strip())


def _practice(where):
    db = mend.open(where, create=True)
    admin = db.init_practice("Plain", display_name="Ada Admin", external_id="ADM-1")
    ids = [db.clients.create(given_name=f"Wren{i}", family_name="Larkspur", external_id=f"w-{i}")
           for i in range(20)]
    case = db.cases.create(client_id=ids[0], primary_clinician_id=admin)
    session = db.sessions.create(case, starts_at="2026-11-20T10:00:00Z", duration_minutes=50,
                                 participants=[ids[0]], cpt_code="90834")
    note = db.notes.create(session, "free", text="heronfeather after the disclosure")
    db.notes.sign(note)
    return db, admin, ids, note


def _answers(db, ids):
    return ([db.clients.get(i).given_name for i in ids], db.clients.get_external("w-7").id,
            [(h.note_id, h.snippet) for h in db.notes.search("heronfeather")],
            db.notes.verify().ok)


def test_convert_then_reencrypt_each_resumed(where, tmp_path):
    db, admin, ids, note = _practice(where)
    before = _answers(db, ids)
    with pytest.raises(mend.BadKey):  # no wrap key
        db.keys.encrypt()
    db.close()
    key = tmp_path / "practice.key"
    mend.create_key_file(key)

    db = mend.open(where, key_file=key)
    db.set_actor(admin)
    db.keys.adopt()
    with pytest.raises(mend.InvalidState):  # nothing to re-encrypt yet
        db.keys.reencrypt()
    other = mend.open(where, key_file=key)
    other.set_actor(admin)
    db.keys.encrypt()
    assert db.keys.state() == "resealing"
    with pytest.raises(mend.InvalidState):
        other.clients.get(ids[1])
    with pytest.raises(mend.InvalidState):
        db.keys.encrypt()
    with pytest.raises(mend.InvalidArgument):
        db.keys.reseal(-1)
    left = db.keys.reseal(6)
    assert left > 0
    assert _count(db, where, "SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:1:%'") == 6
    db.close()  # interrupted

    db = mend.open(where, key_file=key)
    db.set_actor(admin)
    assert db.keys.state() == "resealing"
    while db.keys.reseal(5):
        pass
    assert db.keys.state() == "held"
    assert _answers(db, ids) == before
    assert _answers(other, ids) == before  # the other handle loads the new key
    assert _count(db, where, "SELECT COUNT(*) FROM client WHERE family_name = 'Larkspur'") == 0

    db.keys.reencrypt()
    assert db.keys.reseal(4) > 0
    db.close()
    db = mend.open(where, key_file=key)
    db.set_actor(admin)
    assert db.keys.reseal() == 0  # the default batch (500) finishes it
    assert db.keys.reseal(1) == 0  # nothing under way
    assert _answers(db, ids) == before
    assert _answers(other, ids) == before
    assert _count(db, where, "SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:1:%'") == 0
    assert _count(db, where, "SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:2:%'") == 20
    assert _count(db, where, "SELECT COUNT(*) FROM data_key WHERE state = 'retired' AND wrapped = ''") == 1
    assert db.audit_verify()["ok"] is True
    actions = [e.action for e in db.audit(limit=10_000)]
    assert actions.count("encrypt_records") == 1 and actions.count("reencrypt_records") == 1
    assert actions.count("reseal_done") == 2
    other.close()
    db.close()


def test_a_killed_job_resumes(where, tmp_path):
    db, admin, ids, note = _practice(where)
    before = _answers(db, ids)
    db.close()
    key = tmp_path / "practice.key"
    mend.create_key_file(key)
    with mend.open(where, key_file=key) as db:
        db.set_actor(admin)
        db.keys.adopt()
        db.keys.encrypt()
    # A child process re-seals one row a batch, forever; it is killed mid-way.
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import mend
        db = mend.open({where!r}, key_file={str(key)!r})
        db.set_actor({admin})
        print("ready", flush=True)
        while db.keys.reseal(1):
            pass
        """)], env=subprocess_env(), stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()
    with mend.open(where, key_file=key) as db:
        db.set_actor(admin)
        assert db.keys.state() in ("resealing", "held")
        while db.keys.reseal(3):
            pass
        assert _answers(db, ids) == before
        assert db.audit_verify()["ok"] is True


def test_refusals(db, tmp_path):
    with pytest.raises(mend.BadKey):  # opened without keys
        db.keys.encrypt()
    assert db.keys.reseal(5) == 0  # nothing under way
    with pytest.raises(TypeError):
        db.keys.reseal("5")


def _columns(db, where, table):
    """(name, is_integer) of each column of ``table``, read behind mend's back."""
    if db.backend == "sqlite":
        import sqlite3

        con = sqlite3.connect(where)
        try:
            return [(r[1], "INT" in (r[2] or "").upper()) for r in con.execute(f"PRAGMA table_info({table})")]
        finally:
            con.close()
    from conftest import PG_URL, PSQL

    r = subprocess.run([PSQL, PG_URL, "-qAtX", "-c",
                        "SELECT column_name, data_type FROM information_schema.columns"
                        f" WHERE table_schema = current_schema() AND table_name = '{table}'"],
                       capture_output=True, text=True, check=True)
    return [(line.split("|")[0], line.split("|")[1] in ("bigint", "integer"))
            for line in r.stdout.splitlines() if line]


@pytest.mark.parametrize("table,sealed", [
    ("note", ["content", "search_text"]),
    ("addendum", ["text", "reason"]),
    ("emergency_grant", ["reason"]),
])
def test_what_never_changes_may_only_be_resealed(db, where, table, sealed):
    """An UPDATE of a signed note, an addendum or a grant (append-only) passes
    only when it re-seals: every other column refused, a sealed column set
    to plaintext refused, set to a sealed value let through."""
    staff_id = db.clinicians.create(display_name="Cal Clinician", role="clinician")
    c = db.clients.create(given_name="Ivo", family_name="Ironwood")
    case = db.cases.create(client_id=c, primary_clinician_id=staff_id)
    session = db.sessions.create(case, starts_at="2026-11-20T10:00:00Z", duration_minutes=50,
                                 participants=[c], cpt_code="90834")
    db.set_actor(staff_id)
    note = db.notes.create(session, "free", text="words")
    db.notes.sign(note)
    addendum = db.notes.create_addendum(note, "later words", "clarity")
    row = {"note": note, "addendum": addendum}.get(table)
    if table == "emergency_grant":
        db.set_actor(db.clinicians.get_external("ADM-1").id)
        helper = db.clinicians.create(display_name="Hal Helper", role="clinician")
        db.set_actor(helper)
        row = db.emergency_open(c, "on-call crisis; lead clinician unreachable")
    refused = "never changes" if table == "note" else "append-only"
    columns = _columns(db, where, table)
    assert {name for name, _ in columns} >= set(sealed)
    for name, integer in columns:
        change = f"{name} + 1" if integer else f"COALESCE({name}, '') || 'x'"
        err = raw_sql(db, f"UPDATE {table} SET {name} = {change} WHERE id = {row}")
        assert refused in err, (name, err)
    for name in sealed:
        assert refused in raw_sql(db, f"UPDATE {table} SET {name} = 'tampered' WHERE id = {row}")
        assert raw_sql(db, f"UPDATE {table} SET {name} = 'mend:e1:9:AAAA' WHERE id = {row}") == ""
        assert _count(db, where, f"SELECT COUNT(*) FROM {table} WHERE id = {row}"
                                 f" AND {name} = 'mend:e1:9:AAAA'") == 1
    deleted = raw_sql(db, f"DELETE FROM {table} WHERE id = {row}")
    assert ("never" if table == "note" else refused) in deleted, deleted
