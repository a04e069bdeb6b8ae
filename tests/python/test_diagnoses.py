"""Diagnoses through db.diagnoses: ICD-10-CM codes from mend's table (mend.catalog()),
unlisted codes of valid form, ranks (the next free one; no two current diagnoses of one
client in a case share one), dates, keep/clear on update, and bad input that changes
nothing, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

import mend

TODAY = dt.datetime.now(dt.timezone.utc).date()


@pytest.fixture
def couple_case(db):
    a = db.clients.create(given_name="Ann", family_name="Lee")
    b = db.clients.create(given_name="Ben", family_name="Lee")
    couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="confidential")
    return a, b, db.cases.create(couple_id=couple)


def test_the_table_is_the_librarys():
    codes = {c["code"]: c for c in mend.catalog()["diagnosis_codes"]}
    assert codes["F43.10"]["title"] == "Post-traumatic stress disorder, unspecified"
    assert codes["Z63.0"]["group"] == "relationship"
    assert "not a disorder" in codes["Z63.0"]["note"]
    assert "F43.2" not in codes  # a category, not a billable code
    assert mend.catalog()["limits"]["diagnosis_rank_max"] == 12


def test_create_list_rank_and_resolve(db, couple_case):
    a, b, case = couple_case
    first = db.diagnoses.create(case, a, "F43.10", onset_on=TODAY - dt.timedelta(days=30))
    second = db.diagnoses.create(case, a, "Z63.0")
    db.diagnoses.create(case, b, "F43.22")
    got = db.diagnoses.list(case)
    assert [(d.client_id, d.rank, d.code, d.listed, d.status) for d in got] == [
        (a, 1, "F43.10", True, "active"), (a, 2, "Z63.0", True, "active"), (b, 1, "F43.22", True, "active")]
    assert got[0].id == first and got[1].id == second
    assert got[0].title == "Post-traumatic stress disorder, unspecified"
    assert got[0].onset_on == TODAY - dt.timedelta(days=30) and got[0].resolved_on is None

    with pytest.raises(mend.AlreadyExists):
        db.diagnoses.create(case, a, "F41.1", rank=1)
    db.diagnoses.update(first, resolved_on=TODAY)
    d = db.diagnoses.list(case)[0]
    assert (d.status, d.resolved_on, d.code, d.rank) == ("resolved", TODAY, "F43.10", 1)
    # Resolved, it no longer holds rank 1; reopening it would.
    db.diagnoses.create(case, a, "F43.21", rank=1)
    with pytest.raises(mend.AlreadyExists):
        db.diagnoses.update(first, resolved_on=None)
    db.diagnoses.update(first, resolved_on=None, rank=4)
    d = [x for x in db.diagnoses.list(case) if x.id == first][0]
    assert (d.status, d.resolved_on, d.rank, d.onset_on) == ("active", None, 4, TODAY - dt.timedelta(days=30))


def test_unlisted_codes(db, couple_case):
    a, _, case = couple_case
    with pytest.raises(mend.InvalidArgument, match="unlisted"):
        db.diagnoses.create(case, a, "F42.2")
    i = db.diagnoses.create(case, a, "F42.2", allow_unlisted=True)
    d = db.diagnoses.list(case)[0]
    assert (d.id, d.code, d.listed, d.title) == (i, "F42.2", False, None)
    db.diagnoses.update(i, rank=3)  # the stored unlisted code stays acceptable
    assert db.diagnoses.list(case)[0].rank == 3


@pytest.mark.parametrize("code", ["f43.10", "F4", "F43.", "F43.12345", "43.10", "F43,10",
                                  "Z63.0'; DROP TABLE diagnosis;--", "<b>F43</b>", ""])
def test_bad_codes_change_nothing(db, couple_case, code):
    a, _, case = couple_case
    with pytest.raises(mend.InvalidArgument):
        db.diagnoses.create(case, a, code)
    assert db.diagnoses.list(case) == []


def test_bad_input(db, couple_case):
    a, b, case = couple_case
    solo = db.clients.create(given_name="Sol", family_name="O")
    with pytest.raises(mend.InvalidArgument, match="client of its case"):
        db.diagnoses.create(case, solo, "F41.1")
    with pytest.raises(mend.NotFound):
        db.diagnoses.create(999999, a, "F41.1")
    with pytest.raises(mend.InvalidArgument):
        db.diagnoses.create(case, a, "F41.1", rank=13)
    with pytest.raises(mend.InvalidArgument):
        db.diagnoses.create(case, a, "F41.1", onset_on=TODAY + dt.timedelta(days=1))
    with pytest.raises(mend.InvalidArgument):
        db.diagnoses.create(case, a, "F41.1", onset_on=TODAY, resolved_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(mend.EncodingError):
        db.diagnoses.create(case, a, "F4\udcff.1")
    with pytest.raises(TypeError):
        db.diagnoses.update(1, code=None)  # a code cannot be cleared
    with pytest.raises(mend.NotFound):
        db.diagnoses.update(999999, rank=2)
    assert db.diagnoses.list(case) == []


def test_only_the_cases_clinicians(db, staff, couple_case):
    a, _, case = couple_case
    i = db.diagnoses.create(case, a, "F43.10")
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound):
        db.diagnoses.list(case)
    with pytest.raises(mend.NotFound):
        db.diagnoses.update(i, resolved_on=TODAY)
    db.set_actor(staff.admin)
    assert db.diagnoses.list(case)[0].status == "active"


def test_npi(db, staff):
    with pytest.raises(mend.InvalidArgument, match="check digit"):
        db.clinicians.create(display_name="N P", npi="1234567890")
    c = db.clinicians.create(display_name="N P", npi="1234567893")
    assert db.clinicians.get(c).npi == "1234567893"
    db.clinicians.update(c, npi=None)
    assert db.clinicians.get(c).npi is None
    assert db.clinicians.get(staff.alice).npi is None


def test_session_billing(db, couple_case):
    a, b, case = couple_case
    dx = db.diagnoses.create(case, a, "F43.21")
    other = db.diagnoses.create(case, b, "F43.22")
    db.clinicians.update(db.actor, npi="1234567893")
    when = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(10, 0))
    sid = db.sessions.create(case, starts_at=when, duration_minutes=50, participants=[a, b],
                             identified_patient_id=a, cpt_code="90847", modality="video",
                             place_of_service="10", modifiers=["95"], diagnosis_ids=[dx])
    bill = db.sessions.get(sid).billing
    assert bill == mend.SessionBilling(place_of_service="10", modifiers=("95",),
                                       interactive_complexity=False, add_on_codes=(),
                                       diagnosis_ids=(dx,), rendering_clinician_id=db.actor,
                                       rendering_npi="1234567893")
    with pytest.raises(mend.InvalidArgument, match="client it bills"):
        db.sessions.create(case, starts_at=when, duration_minutes=50, participants=[a, b],
                           identified_patient_id=a, cpt_code="90847", diagnosis_ids=[other])
    with pytest.raises(mend.InvalidArgument, match="95"):
        db.sessions.create(case, starts_at=when, duration_minutes=50, participants=[a, b],
                           identified_patient_id=a, cpt_code="90847", modifiers=["95"])
    with pytest.raises(TypeError):
        db.sessions.create(case, starts_at=when, duration_minutes=50, participants=[a, b],
                           identified_patient_id=a, cpt_code="90847", modifiers="95")
    crisis = db.sessions.create(case, starts_at=when, duration_minutes=105, participants=[b],
                                cpt_code="90839", diagnosis_ids=[other])
    assert db.sessions.get(crisis).billing.add_on_codes == (("90840", 2),)
    solo = db.sessions.create(case, starts_at=when, duration_minutes=45, participants=[b],
                              cpt_code="90834", interactive_complexity=True)
    assert db.sessions.get(solo).billing.add_on_codes == (("90785", 1),)
    assert [s.id for s in db.sessions.list(case)] == sorted([sid, crisis, solo])
