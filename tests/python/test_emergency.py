"""Break the glass: ``db.emergency_open`` opens a client's record outside the
caseload for a reason and a time, every access audited, reviewed by
supervisors with ``db.emergency_report``."""

from __future__ import annotations

import pytest

import mend

REASON = "on-call crisis; lead clinician unreachable"


def test_emergency_grant_opens_the_record_until_it_expires(db, staff):
    a = db.clients.create(given_name="Lena", family_name="Vogel")
    b = db.clients.create(given_name="Tomas", family_name="Vogel")
    couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="confidential")
    joint = db.cases.create(couple_id=couple, primary_clinician_id=staff.alice)
    own = db.cases.create(client_id=a, primary_clinician_id=staff.alice)
    seen = []
    db.set_event_callback(seen.append)
    db.set_actor(staff.bob)
    db.set_now("2027-01-05T12:00:00Z")
    with pytest.raises(mend.NotFound):
        db.clients.get(a)
    with pytest.raises(mend.InvalidArgument):
        db.emergency_open(a, "too short")
    with pytest.raises(mend.InvalidArgument):
        db.emergency_open(a, REASON, minutes=1441)
    with pytest.raises(mend.NotFound):
        db.emergency_open(a + 100, REASON)
    grant = db.emergency_open(a, REASON, minutes=15)
    assert [(e.kind, e.record_id, e.client_id, e.actor_id) for e in seen] == [
        ("emergency_access", grant, a, staff.bob)]
    assert db.clients.get(a).given_name == "Lena"
    assert db.cases.get(own).id == own
    for forbidden in (lambda: db.cases.get(joint), lambda: db.clients.get(b),
                      lambda: db.couples.get(couple), lambda: db.clients.update(a, given_name="X")):
        with pytest.raises(mend.NotFound):
            forbidden()
    db.set_now("2027-01-05T12:15:00Z")  # expired
    with pytest.raises(mend.NotFound):
        db.clients.get(a)

    with pytest.raises(mend.PermissionDenied):
        db.emergency_report()
    db.set_actor(staff.supervisor)
    report = db.emergency_report()
    assert report["reason_min"] == 20
    [g] = report["grants"]
    assert (g["grant_id"], g["clinician_id"], g["clinician_name"], g["client_id"], g["reason"]) == (
        grant, staff.bob, "Bob Ortiz", a, REASON)
    assert (g["opened_at"], g["expires_at"]) == ("2027-01-05T12:00:00.000000Z", "2027-01-05T12:15:00.000000Z")
    assert [(x["action"], x["object_type"], x["object_id"]) for x in g["accesses"]] == [
        ("emergency_access", "client", a), ("emergency_access", "case", own)]
    # The audit report for the client shows the grant and the accesses.
    shape = {(e["action"], e["object_type"], e["actor_id"]) for e in db.audit_report(client_id=a)}
    assert {("emergency_open", "client", staff.bob), ("emergency_access", "client", staff.bob),
            ("emergency_access", "case", staff.bob)} <= shape


def test_emergency_reason_minimum_is_a_setting(db, staff):
    a = db.clients.create(given_name="Lena", family_name="Vogel")
    assert db.emergency_reason_min() == 20
    db.emergency_set_reason_min(50)
    assert db.emergency_reason_min() == 50
    db.set_actor(staff.bob)
    with pytest.raises(mend.PermissionDenied):
        db.emergency_set_reason_min(5)
    with pytest.raises(mend.InvalidArgument):
        db.emergency_open(a, REASON)  # 42 characters
    db.set_actor(staff.admin)
    db.emergency_set_reason_min(40)
    db.set_actor(staff.bob)
    assert db.emergency_open(a, REASON) > 0


def test_access_under_a_grant_stays_audited_when_the_transaction_rolls_back(db, staff):
    a = db.clients.create(given_name="Rita", family_name="Rollback")
    db.cases.create(client_id=a, primary_clinician_id=staff.alice)
    db.set_actor(staff.bob)
    db.set_now("2027-01-05T12:00:00Z")
    db.emergency_open(a, REASON, minutes=15)

    def accesses():
        db.set_actor(staff.supervisor)
        n = sum(1 for e in db.audit_report(client_id=a, actor_id=staff.bob, limit=1000)
                if e["action"] == "emergency_access")
        db.set_actor(staff.bob)
        return n

    before = accesses()
    db.begin()
    assert db.clients.get(a).given_name == "Rita"
    db.rollback()
    assert accesses() == before + 1
