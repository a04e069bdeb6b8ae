"""Safety screens and flags through db.safety and db.flags: flags raised by screens and
measures, resolved with a note, never raised twice while open, and private to the
clinicians who may see the client. Mirrors the safety part of tests/cli/test_measures_cli.sh.
"""

from __future__ import annotations

import datetime as dt

import pytest

import mend

TODAY = dt.datetime.now(dt.timezone.utc).date()


@pytest.fixture
def ids(db):
    """(admin, clinician "cn", Ben), Ben registered by cn, who is the actor."""
    admin = db.actor
    cn = db.clinicians.create(display_name="Cli Nician", external_id="cn")
    db.set_actor("cn")
    ben = db.clients.create(given_name="Ben", family_name="Reyes")
    return admin, cn, ben


def test_screens_raise_flags_resolved_with_a_note(db, ids):
    admin, cn, ben = ids
    first = db.safety.create_screen(ben, ipv="current", ipv_instrument="HITS", suicide_risk="none")
    second = db.safety.create_screen(ben, ipv="none", suicide_risk="unknown",
                                     suicide_instrument="C-SSRS screener", administered_on="2026-01-15")
    with pytest.raises(mend.InvalidArgument) as e:
        db.safety.create_screen(ben, ipv="maybe", suicide_risk="none")
    assert "ipv must be one of" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.safety.create_screen(ben, ipv="none", suicide_risk="some")
    assert "suicide_risk must be one of" in e.value.message

    screens = db.safety.screens(ben)  # oldest first: the back-dated screen leads
    assert all(isinstance(s, mend.SafetyScreen) for s in screens)
    assert [(s.id, s.ipv, s.ipv_instrument, s.suicide_risk, s.suicide_instrument) for s in screens] == [
        (second, "none", None, "unknown", "C-SSRS screener"), (first, "current", "HITS", "none", None)]
    assert [s.administered_on for s in screens] == [dt.date(2026, 1, 15), TODAY]
    assert (screens[1].client_id, screens[1].case_id, screens[1].entered_by) == (ben, None, cn)

    flags = db.flags.list(client_id=ben)
    assert sorted(f.code for f in flags) == ["ipv_current", "suicide_risk_unknown"]
    ipv = next(f for f in flags if f.code == "ipv_current")
    assert isinstance(ipv, mend.Flag)
    assert (ipv.severity, ipv.status, ipv.screen_id, ipv.administration_id, ipv.raised_on) == (
        "urgent", "open", first, None, TODAY)
    assert (ipv.resolved_by, ipv.resolved_at, ipv.resolution_note) == (None, None, None)
    assert "conjoint work is contraindicated" in ipv.message

    with pytest.raises(mend.InvalidArgument) as e:
        db.flags.resolve(ipv.id, "")
    assert "note is required" in e.value.message
    with pytest.raises(TypeError):
        db.flags.resolve(ipv.id, None)
    db.flags.resolve(ipv.id, "Safety plan in place; individual sessions only")
    with pytest.raises(mend.InvalidState):
        db.flags.resolve(ipv.id, "again")
    with pytest.raises(mend.NotFound):
        db.flags.resolve(999999, "no such flag")

    assert [f.code for f in db.flags.list(client_id=ben)] == ["suicide_risk_unknown"]
    assert [f.code for f in db.flags] == ["suicide_risk_unknown"]  # iterating: open flags of every client
    every = db.flags.list(client_id=ben, include_resolved=True)
    assert len(every) == 2
    done = next(f for f in every if f.status == "resolved")
    assert (done.id, done.resolution_note, done.resolved_by) == (
        ipv.id, "Safety plan in place; individual sessions only", cn)
    assert done.resolved_at is not None and done.resolved_at.tzinfo is not None

    # Another clinician sees none of it; the admin sees it all.
    db.set_actor(admin)
    other = db.clinicians.create(display_name="Other", external_id="other")
    [still_open] = db.flags.list(client_id=ben)
    assert still_open.code == "suicide_risk_unknown"
    db.set_actor("other")
    with pytest.raises(mend.NotFound) as e:
        db.flags.list(client_id=ben)
    assert "Ben" not in str(e.value)
    with pytest.raises(mend.NotFound):
        db.safety.screens(ben)
    with pytest.raises(mend.NotFound):
        db.safety.create_screen(ben, ipv="none", suicide_risk="none")
    with pytest.raises(mend.PermissionDenied):
        db.flags.list(clinician_id=cn)  # another clinician's caseload
    with pytest.raises(mend.NotFound):
        db.flags.resolve(still_open.id, "not mine")
    assert db.flags.list() == [] and db.flags.list(clinician_id=other) == []


def test_flag_kinds_and_no_duplicates(db, ids):
    _, _, ben = ids
    db.safety.create_screen(ben, ipv="past", suicide_risk="moderate")
    db.safety.create_screen(ben, ipv="past", suicide_risk="high")  # the same kinds, still open: not raised again
    db.safety.create_screen(ben, ipv="unknown", suicide_risk="low")
    assert [(f.code, f.severity) for f in db.flags.list(client_id=ben)] == [
        ("ipv_past", "review"), ("suicide_risk", "urgent"), ("ipv_unknown", "unknown")]
    # PHQ-9 in the severe band, item 9 endorsed: two urgent flags from one administration.
    mid = db.measures.create(ben, "phq9", [3, 3, 3, 3, 3, 2, 2, 2, 2])
    raised = db.measures.get(mid).flags
    assert [(f.code, f.severity) for f in raised] == [("suicidal_ideation", "urgent"), ("severe_depression", "urgent")]
    stored = [f for f in db.flags.list(client_id=ben) if f.administration_id == mid]
    assert sorted(f.code for f in stored) == ["severe_depression", "suicidal_ideation"]


def test_flag_filters_and_case(db, ids):
    admin, cn, ben = ids
    ana = db.clients.create(given_name="Ana", family_name="Reyes")
    couple = db.couples.create(client_a_id=ana, client_b_id=ben, secrets_policy="no_secrets")
    conjoint = db.cases.create(couple_id=couple)
    sid = db.safety.create_screen(ana, ipv="current", suicide_risk="none", case_id=conjoint)
    db.safety.create_screen(ben, ipv="none", suicide_risk="high")
    assert db.safety.screens(ana)[0].case_id == conjoint
    assert [(f.client_id, f.case_id, f.screen_id) for f in db.flags.list(client_id=ana)] == [(ana, conjoint, sid)]
    assert sorted(f.code for f in db.flags.list(case_id=conjoint)) == ["ipv_current", "suicide_risk"]
    assert sorted(f.code for f in db.flags.list(clinician_id=cn)) == ["ipv_current", "suicide_risk"]
    db.set_actor(admin)
    assert db.flags.list(clinician_id=admin) == []
    db.set_actor(cn)
    with pytest.raises(mend.InvalidArgument):
        db.flags.list(client_id=-1)
    with pytest.raises(mend.NotFound):
        db.flags.list(case_id=999999)
    with pytest.raises(TypeError):
        db.flags.list(client_id="1")
    with pytest.raises(TypeError):
        db.flags.list(include_resolved=1)
    with pytest.raises(TypeError):
        db.flags.list(ana)  # keyword-only filters


def test_screen_argument_checks(db, ids):
    _, _, ben = ids
    with pytest.raises(TypeError):
        db.safety.create_screen(ben, ipv="none")  # suicide_risk is required
    with pytest.raises(TypeError):
        db.safety.create_screen(ben, ipv=None, suicide_risk="none")
    with pytest.raises(TypeError):
        db.safety.create_screen(str(ben), ipv="none", suicide_risk="none")
    with pytest.raises(TypeError):
        db.safety.create_screen(ben, ipv="none", suicide_risk="none", case_id=True)
    with pytest.raises(mend.EncodingError):
        db.safety.create_screen(ben, ipv="none", suicide_risk="none", ipv_instrument="HITS\udcff")
    with pytest.raises(mend.InvalidArgument):
        db.safety.create_screen(ben, ipv="none", suicide_risk="none", administered_on="2026-13-01")
    with pytest.raises(mend.NotFound):
        db.safety.create_screen(999999, ipv="none", suicide_risk="none")
    assert db.safety.screens(ben) == []
