"""Create, get, update, archive and list for every record kind, with real values."""

from __future__ import annotations

import datetime as dt

import pytest

import mend

UTC = dt.timezone.utc


def _recent(ts: dt.datetime) -> bool:
    now = dt.datetime.now(UTC)
    return ts.tzinfo is not None and ts.utcoffset() == dt.timedelta(0) and abs(now - ts) < dt.timedelta(minutes=10)


def _couple(db, a_ext="C-A", b_ext="C-B"):
    a = db.clients.create(given_name="Lena", family_name="Vogel", external_id=a_ext)
    b = db.clients.create(given_name="Tomas", family_name="Vogel", external_id=b_ext)
    return a, b, db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="limited_secrets")


# -- the database handle --------------------------------------------------------------


def test_open_properties(db, where):
    assert db.backend == ("postgresql" if where.startswith("postgresql://") else "sqlite")
    assert isinstance(db.schema_version, int) and db.schema_version >= 1
    assert db.where == where
    assert not db.closed
    assert db.in_transaction is False
    assert repr(db) == f"<mend.Database {db.backend}>"


def test_init_practice_makes_admin_actor(empty_db):
    assert empty_db.actor is None
    admin = empty_db.init_practice("Harbour Counselling", display_name="Dr. Maya Okafor",
                                   credentials="LMFT, CSAT", external_id="EHR-ADMIN")
    assert isinstance(admin, int) and admin > 0
    assert empty_db.actor == admin
    me = empty_db.clinicians.get(admin)
    assert (me.display_name, me.credentials, me.role, me.external_id, me.archived) == (
        "Dr. Maya Okafor", "LMFT, CSAT", "admin", "EHR-ADMIN", False)
    assert _recent(me.created_at) and me.created_at == me.updated_at


def test_init_practice_twice_is_invalid_state(db):
    with pytest.raises(mend.InvalidState) as e:
        db.init_practice("Again", display_name="Someone")
    assert e.value.code == -13 and e.value.code_name == "MEND_ESTATE"


def test_set_actor_by_id_and_external_id(db, staff):
    db.set_actor(staff.alice)
    assert db.actor == staff.alice
    db.set_actor("SUP-1")
    assert db.actor == staff.supervisor
    with pytest.raises(mend.NotFound):
        db.set_actor(999999)
    with pytest.raises(mend.NotFound):
        db.set_actor("NO-SUCH-STAFF")
    assert db.actor == staff.supervisor  # a failed set_actor keeps the previous actor


def test_set_actor_str_of_digits_is_an_external_id(db, staff):
    # The type decides: a str is an external id even when it is all digits, as
    # --as ext:N on the command line; an int is an id.
    digits = db.clinicians.create(display_name="Dee Digits", external_id=str(staff.alice))
    assert digits != staff.alice
    db.set_actor(str(staff.alice))
    assert db.actor == digits
    db.set_actor(staff.alice)
    assert db.actor == staff.alice
    with pytest.raises(mend.InvalidArgument):
        db.set_actor(2**63)


def test_open_with_actor(where):
    with mend.open(where, create=True) as db:
        admin = db.init_practice("P", display_name="Dr. A", external_id="ADM-X")
    with mend.open(where, actor="ADM-X") as db:
        assert db.actor == admin
    with mend.open(where, actor=admin, busy_timeout_ms=100, synchronous="normal") as db:
        assert db.actor == admin
    with pytest.raises(mend.NotFound):
        mend.open(where, actor="NOBODY")


def test_data_persists_across_handles(where):
    with mend.open(where, create=True) as db:
        db.init_practice("P", display_name="Dr. A", external_id="ADM-X")
        cid = db.clients.create(given_name="Nadia", family_name="Haddad", external_id="EHR-9")
    with mend.open(where, actor="ADM-X") as db:
        assert db.clients.get_external("EHR-9").id == cid


# -- clinicians ------------------------------------------------------------------------


def test_clinician_crud(db):
    cid = db.clinicians.create(display_name="Dr. Ana Lima", credentials="PsyD", role="supervisor",
                               external_id="ehr-staff-77")
    c = db.clinicians.get(cid)
    assert isinstance(c, mend.Clinician)
    assert (c.id, c.display_name, c.credentials, c.role, c.external_id, c.archived) == (
        cid, "Dr. Ana Lima", "PsyD", "supervisor", "ehr-staff-77", False)
    assert db.clinicians.get_external("ehr-staff-77") == c

    default = db.clinicians.get(db.clinicians.create(display_name="Kim Park"))
    assert (default.role, default.credentials, default.external_id) == ("clinician", None, None)

    db.clinicians.update(cid, display_name="Dr. Ana Lima-Souza", role="clinician")
    c2 = db.clinicians.get(cid)
    assert (c2.display_name, c2.role, c2.credentials, c2.external_id) == (
        "Dr. Ana Lima-Souza", "clinician", "PsyD", "ehr-staff-77")
    assert c2.updated_at >= c.updated_at and c2.created_at == c.created_at

    db.clinicians.update(cid, credentials=None, external_id=None)  # None clears optional fields
    c3 = db.clinicians.get(cid)
    assert (c3.credentials, c3.external_id, c3.display_name) == (None, None, "Dr. Ana Lima-Souza")
    with pytest.raises(mend.NotFound):
        db.clinicians.get_external("ehr-staff-77")

    db.clinicians.archive(cid)
    assert db.clinicians.get(cid).archived is True
    active = [x.id for x in db.clinicians.list()]
    everyone = [x.id for x in db.clinicians.list(include_archived=True)]
    assert cid not in active and cid in everyone
    assert everyone == sorted(everyone) and len(everyone) == 3
    with pytest.raises(mend.PermissionDenied):
        db.set_actor(cid)  # archived clinicians cannot act


def test_clinician_update_rules(db, staff):
    with pytest.raises(TypeError):
        db.clinicians.update(staff.alice, display_name=None)  # required: cannot clear
    with pytest.raises(TypeError):
        db.clinicians.update(staff.alice, role=None)
    with pytest.raises(mend.InvalidArgument):
        db.clinicians.update(staff.alice, role="wizard")
    with pytest.raises(mend.InvalidArgument):
        db.clinicians.update(staff.alice, display_name="")
    with pytest.raises(mend.InvalidState):  # the last admin keeps the role
        db.clinicians.update(staff.admin, role="clinician")
    with pytest.raises(mend.InvalidState):
        db.clinicians.archive(staff.admin)
    with pytest.raises(mend.NotFound):
        db.clinicians.update(424242, display_name="Ghost")
    with pytest.raises(mend.AlreadyExists):
        db.clinicians.update(staff.alice, external_id="CLN-B")
    db.clinicians.update(staff.alice)  # nothing to change is fine
    assert db.clinicians.get(staff.alice).display_name == "Alice Ng"


# -- clients ---------------------------------------------------------------------------


def test_client_crud(db):
    cid = db.clients.create(given_name="Sam", family_name="Rivera", external_id="EHR-1",
                            preferred_name="Sammy", pronouns="they/them",
                            date_of_birth=dt.date(1988, 4, 2), email="sam@example.org",
                            phone="+1 (555) 010-2000")
    c = db.clients.get(cid)
    assert isinstance(c, mend.Client)
    assert (c.id, c.external_id, c.given_name, c.family_name, c.preferred_name, c.pronouns,
            c.date_of_birth, c.email, c.phone, c.archived) == (
        cid, "EHR-1", "Sam", "Rivera", "Sammy", "they/them", dt.date(1988, 4, 2),
        "sam@example.org", "+1 (555) 010-2000", False)
    assert c.display_name == "Sammy Rivera"
    assert _recent(c.created_at) and c.created_at == c.updated_at
    assert db.clients.get_external("EHR-1") == c

    other = db.clients.create(given_name="Ines", family_name="Duarte", date_of_birth="1979-12-31")
    o = db.clients.get(other)
    assert (o.date_of_birth, o.preferred_name, o.email, o.display_name) == (
        dt.date(1979, 12, 31), None, None, "Ines Duarte")

    db.clients.update(cid, family_name="Rivera-Cole", email=None, pronouns=None,
                      date_of_birth="1988-04-03")
    u = db.clients.get(cid)
    assert (u.given_name, u.family_name, u.email, u.pronouns, u.date_of_birth, u.phone,
            u.preferred_name) == ("Sam", "Rivera-Cole", None, None, dt.date(1988, 4, 3),
                                  "+1 (555) 010-2000", "Sammy")
    assert u.updated_at >= c.updated_at and u.created_at == c.created_at

    db.clients.update(cid, date_of_birth=None, external_id=None)
    u2 = db.clients.get(cid)
    assert (u2.date_of_birth, u2.external_id) == (None, None)
    with pytest.raises(mend.NotFound):
        db.clients.get_external("EHR-1")

    with pytest.raises(TypeError):
        db.clients.update(cid, given_name=None)
    with pytest.raises(TypeError):
        db.clients.update(cid, nickname="S")  # unknown field

    assert [x.id for x in db.clients.list()] == [cid, other]
    db.clients.archive(cid)
    db.clients.archive(cid)  # archiving twice is fine
    assert db.clients.get(cid).archived is True
    assert [x.id for x in db.clients.list()] == [other]
    assert [x.id for x in db.clients.list(include_archived=True)] == [cid, other]
    with pytest.raises(mend.InvalidState):
        db.clients.update(cid, given_name="Samuel")  # archived records are read-only


def test_client_list_is_lazy_and_pages(db):
    ids = []
    with db.transaction():
        for i in range(250):  # more than one page of 100
            ids.append(db.clients.create(given_name=f"Client{i:03d}", family_name="Paging"))
    it = db.clients.list()
    assert iter(it) is it  # a generator, not a list
    first = next(it)
    assert first.id == ids[0] and first.given_name == "Client000"
    rest = [c.id for c in it]
    assert [first.id] + rest == ids
    assert [c.id for c in db.clients] == ids  # the collection itself is iterable
    it2 = db.clients.list()
    next(it2)
    it2.close()  # abandoning an iterator frees it


# -- couples ---------------------------------------------------------------------------


def test_couple_crud(db):
    a, b, _ = _couple(db)
    c3 = db.clients.create(given_name="Mara", family_name="Quinn")
    cid = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="no_secrets",
                            relationship_status="separated",
                            relationship_start=dt.date(2009, 6, 20), children_in_household=2,
                            external_id="CPL-1")
    c = db.couples.get(cid)
    assert isinstance(c, mend.Couple)
    assert (c.client_a_id, c.client_b_id, c.secrets_policy, c.relationship_status,
            c.relationship_start, c.children_in_household, c.external_id, c.archived) == (
        a, b, "no_secrets", "separated", dt.date(2009, 6, 20), 2, "CPL-1", False)
    assert db.couples.get_external("CPL-1") == c

    d = db.couples.get(db.couples.create(client_a_id=a, client_b_id=c3, secrets_policy="confidential"))
    assert (d.relationship_status, d.relationship_start, d.children_in_household) == ("together", None, None)

    db.couples.update(cid, relationship_status="together", children_in_household=0,
                      relationship_start=None, secrets_policy="confidential")
    u = db.couples.get(cid)
    assert (u.relationship_status, u.children_in_household, u.relationship_start, u.secrets_policy,
            u.external_id) == ("together", 0, None, "confidential", "CPL-1")
    db.couples.update(cid, external_id=None)
    assert db.couples.get(cid).external_id is None

    with pytest.raises(TypeError):
        db.couples.update(cid, secrets_policy=None)
    with pytest.raises(TypeError):
        db.couples.update(cid, children_in_household=None)
    with pytest.raises(mend.InvalidArgument):
        db.couples.update(cid, children_in_household=31)
    with pytest.raises(mend.InvalidArgument):
        db.couples.update(cid, children_in_household=-1)
    with pytest.raises(mend.InvalidArgument):
        db.couples.create(client_a_id=a, client_b_id=a, secrets_policy="no_secrets")
    with pytest.raises(mend.InvalidArgument):
        db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="anything_goes")
    with pytest.raises(TypeError):
        db.couples.create(client_a_id=a, client_b_id=b, secrets_policy=None)
    with pytest.raises(mend.NotFound):
        db.couples.create(client_a_id=a, client_b_id=987654, secrets_policy="no_secrets")

    all_ids = [x.id for x in db.couples.list()]
    assert len(all_ids) == 3 and all_ids == sorted(all_ids)
    assert [x.id for x in db.couples.list(client_id=c3)] == [d.id]
    assert {x.id for x in db.couples.list(client_id=a)} == set(all_ids)
    db.couples.archive(d.id)
    assert db.couples.get(d.id).archived is True
    assert [x.id for x in db.couples.list(client_id=c3)] == []
    assert [x.id for x in db.couples.list(client_id=c3, include_archived=True)] == [d.id]


# -- cases -----------------------------------------------------------------------------


def test_case_crud(db, staff):
    a, b, couple = _couple(db)
    conj = db.cases.create(couple_id=couple, opened_on="2026-01-05", external_id="EP-1")
    c = db.cases.get(conj)
    assert isinstance(c, mend.Case)
    assert (c.kind, c.client_id, c.couple_id, c.primary_clinician_id, c.opened_on, c.closed_on,
            c.status, c.linked_case_id, c.external_id, c.archived) == (
        "conjoint", None, couple, staff.admin, dt.date(2026, 1, 5), None, "open", None, "EP-1", False)
    assert db.cases.get_external("EP-1") == c

    ind = db.cases.create(kind="individual", client_id=a, primary_clinician_id=staff.alice,
                          linked_case_id=conj, status="on_hold")
    i = db.cases.get(ind)
    assert (i.kind, i.client_id, i.couple_id, i.primary_clinician_id, i.linked_case_id, i.status,
            i.closed_on) == ("individual", a, None, staff.alice, conj, "on_hold", None)
    # opened_on defaults to today (the library's "today" runs up to 14 hours ahead of UTC).
    assert 0 <= (i.opened_on - dt.datetime.now(UTC).date()).days <= 1

    # Closing: status and closed_on move together.
    db.cases.update(ind, closed_on=dt.date(2026, 3, 1), opened_on="2026-02-01")
    i2 = db.cases.get(ind)
    assert (i2.status, i2.closed_on, i2.opened_on) == ("closed", dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    db.cases.update(ind, closed_on=None)  # reopens
    i3 = db.cases.get(ind)
    assert (i3.status, i3.closed_on) == ("open", None)
    db.cases.update(ind, linked_case_id=None, external_id="EP-2", primary_clinician_id=staff.bob)
    i4 = db.cases.get(ind)
    assert (i4.linked_case_id, i4.external_id, i4.primary_clinician_id) == (None, "EP-2", staff.bob)
    db.cases.update(ind, linked_case_id=conj, status="closed")
    i5 = db.cases.get(ind)
    assert (i5.linked_case_id, i5.status) == (conj, "closed") and i5.closed_on is not None

    with pytest.raises(mend.InvalidArgument):
        db.cases.update(conj, closed_on="2025-12-31")  # before opened_on
    with pytest.raises(TypeError):
        db.cases.update(conj, opened_on=None)
    with pytest.raises(TypeError):
        db.cases.update(conj, status=None)
    with pytest.raises(TypeError):
        db.cases.update(conj, primary_clinician_id=None)
    with pytest.raises(mend.InvalidArgument):
        db.cases.update(conj, status="paused")
    with pytest.raises(mend.InvalidArgument):
        db.cases.create(kind="individual", couple_id=couple)
    with pytest.raises(mend.InvalidArgument):
        db.cases.create(kind="group", client_id=a)
    with pytest.raises(mend.InvalidArgument):  # the library infers the kind, or says it cannot
        db.cases.create(opened_on="2026-01-01")  # no kind, no client, no couple
    other = db.clients.create(given_name="Mara", family_name="Quinn")
    with pytest.raises(mend.ConstraintViolation):  # the client is not a partner of that couple
        db.cases.create(client_id=other, linked_case_id=conj)
    with pytest.raises(mend.ConstraintViolation):  # links go to conjoint cases only
        db.cases.create(client_id=b, linked_case_id=ind)
    with pytest.raises(mend.NotFound):
        db.cases.create(client_id=b, primary_clinician_id=555555)

    solo = db.cases.create(client_id=other, primary_clinician_id=staff.alice)
    assert [x.id for x in db.cases.list()] == [conj, ind, solo]
    assert [x.id for x in db.cases.list(client_id=a)] == [conj, ind]  # as a partner, and individually
    assert [x.id for x in db.cases.list(couple_id=couple)] == [conj]
    assert [x.id for x in db.cases.list(clinician_id=staff.alice)] == [solo]
    assert [x.id for x in db.cases.list(clinician_id=staff.bob)] == [ind]
    assert [x.id for x in db.cases.list(client_id=other, clinician_id=staff.bob)] == []
    db.cases.archive(solo)
    assert db.cases.get(solo).archived is True
    assert [x.id for x in db.cases.list()] == [conj, ind]
    assert [x.id for x in db.cases.list(include_archived=True)] == [conj, ind, solo]
    with pytest.raises(mend.InvalidState):
        db.cases.update(solo, status="on_hold")
    gone = db.clinicians.create(display_name="Gone Away")
    db.clinicians.archive(gone)
    with pytest.raises(mend.InvalidState):  # an archived clinician cannot lead a case
        db.cases.create(client_id=other, primary_clinician_id=gone)


def test_archived_client_cannot_open_case_or_join_couple(db):
    a = db.clients.create(given_name="Ari", family_name="Stone")
    b = db.clients.create(given_name="Bea", family_name="Stone")
    db.clients.archive(a)
    with pytest.raises(mend.InvalidState):
        db.cases.create(client_id=a)
    with pytest.raises(mend.InvalidState):
        db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="no_secrets")


def test_unknown_ids_are_not_found(db):
    for coll in (db.clinicians, db.clients, db.couples, db.cases):
        with pytest.raises(mend.NotFound) as e:
            coll.get(123456)
        assert e.value.code == -4 and e.value.code_name == "MEND_ENOTFOUND"
        assert isinstance(e.value, LookupError)
        with pytest.raises(mend.NotFound):
            coll.get_external("NO-SUCH-ID")
        with pytest.raises(mend.NotFound):
            coll.archive(123456)
    with pytest.raises(mend.NotFound):
        db.clients.update(123456, given_name="X")
    with pytest.raises(mend.NotFound):
        db.couples.update(123456, secrets_policy="no_secrets")
    with pytest.raises(mend.NotFound):
        db.cases.update(123456, status="open")


def test_duplicate_external_ids(db):
    db.clients.create(given_name="Sam", family_name="Rivera", external_id="EHR-1")
    with pytest.raises(mend.AlreadyExists) as e:
        db.clients.create(given_name="Other", family_name="Person", external_id="EHR-1")
    assert e.value.code == -7 and e.value.code_name == "MEND_EEXISTS"
    with pytest.raises(mend.AlreadyExists):
        db.clinicians.create(display_name="Dup", external_id="ADM-1")
    a, b, couple = _couple(db)
    db.couples.update(couple, external_id="CPL-9")
    with pytest.raises(mend.AlreadyExists):
        db.couples.create(client_a_id=b, client_b_id=a, secrets_policy="no_secrets", external_id="CPL-9")
    db.cases.create(couple_id=couple, external_id="EP-9")
    with pytest.raises(mend.AlreadyExists):
        db.cases.create(client_id=a, external_id="EP-9")
    other = db.clients.create(given_name="Kai", family_name="Mori")
    with pytest.raises(mend.AlreadyExists):
        db.clients.update(other, external_id="EHR-1")
    # The same external id in a different table is fine.
    assert db.clients.create(given_name="Ann", family_name="Lo", external_id="EP-9") > 0
    assert [c.given_name for c in db.clients.list()] == ["Sam", "Lena", "Tomas", "Kai", "Ann"]


def test_records_are_frozen_and_typed(db):
    cid = db.clients.create(given_name="Sam", family_name="Rivera", date_of_birth="1990-01-01")
    c = db.clients.get(cid)
    with pytest.raises(AttributeError):
        c.given_name = "X"  # type: ignore[misc]
    assert type(c.date_of_birth) is dt.date
    assert type(c.created_at) is dt.datetime and c.created_at.tzinfo == UTC
    assert type(c.archived) is bool and type(c.id) is int


def test_default_case_dates_are_today_late_in_the_utc_day(db):
    # 20:00 UTC: at UTC+14 it is already tomorrow, but the practice is in UTC.
    db.set_now("2026-11-30T20:00:00Z")
    k = db.cases.create(client_id=db.clients.create(given_name="S", family_name="R"))
    db.cases.update(k, status="closed")
    c = db.cases.get(k)
    assert db.today == dt.date(2026, 11, 30)
    assert (c.opened_on, c.closed_on) == (dt.date(2026, 11, 30), dt.date(2026, 11, 30))
