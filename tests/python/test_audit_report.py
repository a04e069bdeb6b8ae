"""Audit reports (``db.audit_report``): by client, by actor, by date, as JSON
and RFC 4180 CSV; supervisors and admins only, refusals audited."""

from __future__ import annotations

import csv
import io

import pytest

import mend


def _setup(db, staff):
    db.clinicians.update(staff.alice, display_name='Alice "Al", Ng')
    a = db.clients.create(given_name="Lena", family_name="Vogel")
    b = db.clients.create(given_name="Tomas", family_name="Vogel")
    couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="confidential")
    joint = db.cases.create(couple_id=couple, primary_clinician_id=staff.alice)
    other = db.clients.create(given_name="Ines", family_name="Brandt")
    db.cases.create(client_id=other, primary_clinician_id=staff.bob)
    db.set_actor(staff.alice)
    db.set_now("2027-01-05T12:00:00Z")
    db.clients.get(a)
    db.cases.get(joint)
    db.set_actor(staff.bob)
    db.set_now("2027-01-06T12:00:00Z")
    db.clients.get(other)
    with pytest.raises(mend.NotFound):
        db.clients.get(a)
    db.set_now(None)
    db.set_actor(staff.supervisor)
    return a, b, couple, joint, other


def _shape(events):
    return sorted((e["action"], e["object_type"], e["object_id"], e["outcome"], e["actor_id"])
                  for e in events)


def test_client_report_lists_that_clients_events(db, staff):
    a, b, couple, joint, other = _setup(db, staff)
    events = db.audit_report(client_id=a)
    assert isinstance(events, list)
    assert _shape(events) == sorted([
        ("create", "client", a, "ok", staff.admin),
        ("create", "couple", couple, "ok", staff.admin),
        ("create", "case", joint, "ok", staff.admin),
        ("read", "client", a, "ok", staff.alice),
        ("read", "case", joint, "ok", staff.alice),
        ("read", "client", a, "not_found", staff.bob),
    ])
    names = {e["actor_id"]: e["actor_name"] for e in events}
    assert names[staff.alice] == 'Alice "Al", Ng' and names[staff.bob] == "Bob Ortiz"
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    assert "Lena" not in str(events) and "Vogel" not in str(events)

    by_bob = db.audit_report(actor_id=staff.bob)
    assert by_bob and all(e["actor_id"] == staff.bob for e in by_bob)
    assert ("read", "client", other, "ok", staff.bob) in _shape(by_bob)

    on_6th = _shape(db.audit_report(date_from="2027-01-06", date_to="2027-01-06"))
    assert ("read", "client", other, "ok", staff.bob) in on_6th
    assert ("read", "client", a, "not_found", staff.bob) in on_6th
    assert ("read", "client", a, "ok", staff.alice) not in on_6th
    on_5th = _shape(db.audit_report(client_id=a, date_from="2027-01-05", date_to="2027-01-05"))
    assert on_5th == sorted([("read", "client", a, "ok", staff.alice),
                             ("read", "case", joint, "ok", staff.alice)])

    first = db.audit_report(client_id=a, limit=2)
    rest = db.audit_report(client_id=a, after_seq=first[-1]["seq"])
    assert first + rest == events


def test_client_report_as_csv(db, staff):
    a, _, _, joint, _ = _setup(db, staff)
    text = db.audit_report(client_id=a, actor_id=staff.alice, format="csv")
    assert isinstance(text, str)
    assert text.startswith("seq,at,actor_id,actor_name,action,object_type,object_id,outcome\r\n")
    assert ',"Alice ""Al"", Ng",read,client,' in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][3] == "actor_name"
    assert [(r[3], r[4], r[5], int(r[6])) for r in rows[1:]] == [
        ('Alice "Al", Ng', "read", "client", a), ('Alice "Al", Ng', "read", "case", joint)]


def test_audit_report_refusals(db, staff):
    a, *_ = _setup(db, staff)
    before = sum(1 for e in db.audit(limit=10000) if e.action == "report")
    with pytest.raises(mend.NotFound):
        db.audit_report(client_id=a + 1000)
    with pytest.raises(mend.InvalidArgument):
        db.audit_report(date_from="2027-02-30")
    with pytest.raises(mend.InvalidArgument):
        db.audit_report(date_from="2027-01-06", date_to="2027-01-05")
    with pytest.raises(mend.InvalidArgument):
        db.audit_report(format="xml")
    with pytest.raises(mend.InvalidArgument):
        db.audit_report(limit=10001)
    with pytest.raises(mend.InvalidArgument):
        db.audit_report(limit=0)
    assert sum(1 for e in db.audit(limit=10000) if e.action == "report") == before

    db.set_actor(staff.alice)
    with pytest.raises(mend.PermissionDenied):
        db.audit_report(client_id=a)
    db.set_actor(staff.admin)
    denied = [e for e in db.audit(limit=10000)
              if e.action == "report" and e.object_type == "audit_log" and e.outcome == "denied"]
    assert [e.actor_id for e in denied] == [staff.alice]
