"""Authorisation by role, and the audit log's events for reads, writes and refusals."""

from __future__ import annotations

import datetime as dt

import pytest

import mend


def _events(db, after=0):
    return [(e.action, e.object_type, e.object_id, e.outcome) for e in db.audit(after_seq=after, limit=10000)]


def test_clinician_cannot_see_another_clinicians_client(db, staff):
    db.set_actor(staff.alice)
    mine = db.clients.create(given_name="Alice's", family_name="Client", external_id="A-1")
    db.set_actor(staff.bob)
    bobs = db.clients.create(given_name="Bob's", family_name="Client")
    # A client he may not see answers exactly as a missing one does.
    with pytest.raises(mend.NotFound) as e:
        db.clients.get(mine)
    assert isinstance(e.value, LookupError)
    assert e.value.code == -4 and e.value.code_name == "MEND_ENOTFOUND"
    with pytest.raises(mend.NotFound) as missing:
        db.clients.get(mine + 1000)
    assert str(e.value) == str(missing.value) == "no client has that id [MEND_ENOTFOUND]"
    with pytest.raises(mend.NotFound) as e:
        db.clients.get_external("A-1")
    with pytest.raises(mend.NotFound) as missing:
        db.clients.get_external("A-404")
    assert str(e.value) == str(missing.value) == "no client has that external id [MEND_ENOTFOUND]"
    with pytest.raises(mend.NotFound, match="^no client has that id"):
        db.clients.update(mine, given_name="Hijacked")
    with pytest.raises(mend.NotFound, match="^no client has that id"):
        db.clients.archive(mine)
    assert [c.id for c in db.clients.list()] == [bobs]  # lists hide what the actor may not see
    db.set_actor(staff.alice)
    assert db.clients.get(mine).given_name == "Alice's"
    assert [c.id for c in db.clients.list()] == [mine]


def test_supervisor_and_admin_see_all(db, staff):
    made = {}
    for who in (staff.alice, staff.bob):
        db.set_actor(who)
        made[who] = db.clients.create(given_name=f"Client of {who}", family_name="X")
    for boss in (staff.supervisor, staff.admin):
        db.set_actor(boss)
        assert [c.id for c in db.clients.list()] == [made[staff.alice], made[staff.bob]]
        assert db.clients.get(made[staff.alice]).given_name == f"Client of {staff.alice}"


def test_cases_grant_visibility(db, staff):
    # The admin registers a couple and opens a conjoint case led by Alice.
    a = db.clients.create(given_name="Lena", family_name="Vogel")
    b = db.clients.create(given_name="Tomas", family_name="Vogel")
    couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="limited_secrets")
    case = db.cases.create(couple_id=couple, primary_clinician_id=staff.alice)
    db.set_actor(staff.alice)
    assert {c.id for c in db.clients.list()} == {a, b}  # partners on her case
    assert db.couples.get(couple).id == couple
    assert [c.id for c in db.cases.list()] == [case]
    db.set_actor(staff.bob)
    assert list(db.clients.list()) == [] and list(db.cases.list()) == [] and list(db.couples.list()) == []
    with pytest.raises(mend.NotFound, match="^no case has that id"):
        db.cases.get(case)
    with pytest.raises(mend.NotFound, match="^no couple has that id"):
        db.couples.get(couple)
    with pytest.raises(mend.NotFound):  # cannot open a case for a client he cannot see
        db.cases.create(client_id=a)
    with pytest.raises(mend.PermissionDenied):  # nor lead someone else into a case
        db.cases.create(client_id=db.clients.create(given_name="Own", family_name="Client"),
                        primary_clinician_id=staff.alice)
    db.set_actor(staff.alice)
    with pytest.raises(mend.PermissionDenied):  # handing a case over is a supervisor's call
        db.cases.update(case, primary_clinician_id=staff.bob)
    db.set_actor(staff.supervisor)
    db.cases.update(case, primary_clinician_id=staff.bob)
    db.set_actor(staff.bob)
    assert db.cases.get(case).primary_clinician_id == staff.bob


def test_only_admin_manages_clinicians(db, staff):
    for who in (staff.alice, staff.supervisor):
        db.set_actor(who)
        with pytest.raises(mend.PermissionDenied):
            db.clinicians.create(display_name="Not Allowed")
        with pytest.raises(mend.PermissionDenied):
            db.clinicians.update(staff.bob, display_name="Renamed")
        with pytest.raises(mend.PermissionDenied):
            db.clinicians.archive(staff.bob)
        # Anyone may read the staff list.
        assert [c.display_name for c in db.clinicians.list()] == [
            "Dr. Ada Admin", "Dr. Sol Supervisor", "Alice Ng", "Bob Ortiz"]
        assert db.clinicians.get_external("CLN-B").id == staff.bob
    db.set_actor(staff.admin)
    assert db.clinicians.get(staff.bob).display_name == "Bob Ortiz"


def test_audit_is_for_supervisors_and_admins(db, staff):
    db.set_actor(staff.alice)
    with pytest.raises(mend.PermissionDenied):
        db.audit()
    db.set_actor(staff.supervisor)
    events = db.audit(limit=10000)
    assert ("read", "audit_log", None, "denied") in [
        (e.action, e.object_type, e.object_id, e.outcome) for e in events]


def test_audit_events_for_reads_writes_and_refusals(db, staff):
    before = db.audit(limit=10000)[-1].seq
    db.set_actor(staff.alice)
    cid = db.clients.create(given_name="Sam", family_name="Rivera")
    db.clients.get(cid)
    db.clients.update(cid, email="sam@example.org")
    list(db.clients.list())
    db.clients.archive(cid)
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound):
        db.clients.get(cid)
    with pytest.raises(mend.NotFound):
        db.clients.get(cid + 1000)
    db.set_actor(staff.admin)
    events = db.audit(after_seq=before, limit=10000)
    assert [(e.action, e.object_type, e.object_id, e.outcome) for e in events] == [
        ("act_as", "clinician", staff.alice, "ok"),
        ("create", "client", cid, "ok"),
        ("read", "client", cid, "ok"),
        ("update", "client", cid, "ok"),
        ("read", "client", cid, "ok"),  # the list's page
        ("archive", "client", cid, "ok"),
        ("act_as", "clinician", staff.bob, "ok"),
        ("read", "client", cid, "not_found"),  # hidden and missing: alike
        ("read", "client", cid + 1000, "not_found"),
        ("act_as", "clinician", staff.admin, "ok"),
    ]
    actors = [e.actor_id for e in events]
    assert actors == [staff.alice] * 6 + [staff.bob] * 3 + [staff.admin]
    seqs = [e.seq for e in events]
    assert seqs == list(range(before + 1, before + 1 + len(events)))  # no gaps
    now = dt.datetime.now(dt.timezone.utc)
    assert all(e.at.tzinfo == dt.timezone.utc and abs(now - e.at) < dt.timedelta(minutes=10) for e in events)
    assert all(isinstance(e, mend.AuditEvent) for e in events)


def test_audit_paging(db):
    for i in range(5):
        db.clients.create(given_name=f"C{i}", family_name="X")
    all_events = db.audit(limit=10000)
    first = db.audit(limit=2)
    assert first == all_events[:2]
    assert db.audit(after_seq=first[-1].seq, limit=3) == all_events[2:5]
    assert db.audit(after_seq=all_events[-1].seq + 1000) == []
    assert [e.action for e in all_events[:2]] == ["init", "create"]
    assert (all_events[0].object_type, all_events[0].object_id) == ("practice", None)


def test_audit_records_couple_and_case_reads(db):
    a = db.clients.create(given_name="Lena", family_name="Vogel")
    b = db.clients.create(given_name="Tomas", family_name="Vogel")
    couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="no_secrets")
    case = db.cases.create(couple_id=couple)
    seq = db.audit(limit=10000)[-1].seq
    db.couples.get(couple)
    db.cases.get(case)
    list(db.cases.list())
    db.clinicians.get(db.actor)  # staff reads are not audited
    assert _events(db, seq) == [("read", "couple", couple, "ok"), ("read", "case", case, "ok"),
                                ("read", "case", case, "ok")]
