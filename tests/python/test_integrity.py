"""Clinical integrity through the Python package: gates judged as of the move's date,
moves dated inside the record, unknown results that are not safe, urgent flags,
evidence with an age, consent asked at the decision point, the later of two opposite
attestations, the practice's cut-offs, the separation path, rationales that are
sentences, role changes as events of the record, and the history telling why each
step was taken (as tests/cli/test_integrity_cli.sh does through the CLI). Histories
are recorded in date order with the handle's clock on each day.
"""

from __future__ import annotations

import datetime as dt

import pytest

import mend
from conftest import raw_sql

TODAY = dt.datetime.now(dt.timezone.utc).date()
PCL5_20 = [1] * 20


def day(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


def at(db, n: int) -> None:
    """The handle's clock at noon UTC, n days ago."""
    db.set_now(f"{day(n)}T12:00:00Z")


@pytest.fixture
def couple(db):
    robin = db.clients.create(given_name="Robin", family_name="Ash")
    kit = db.clients.create(given_name="Kit", family_name="Ash")
    c = db.couples.create(client_a_id=robin, client_b_id=kit, secrets_policy="confidential")
    case = db.cases.create(couple_id=c, opened_on=day(120))
    db.phases.start(case, "betrayal_trauma_couples", betrayed_client_id=robin, on=day(100))
    return robin, kit, case


def screen_both(db, robin, kit, n: int, ipv: str = "none") -> None:
    at(db, n)
    db.safety.create_screen(robin, ipv=ipv, suicide_risk="none")
    db.safety.create_screen(kit, ipv="none", suicide_risk="none")


def test_the_gate_is_judged_as_of_the_moves_date(db, couple):
    robin, kit, case = couple
    screen_both(db, robin, kit, 99)
    at(db, 95)
    db.attestations.create(case, "conjoint_consent", client_id=robin)
    db.attestations.create(case, "conjoint_consent", client_id=kit)
    db.set_now(None)
    then = db.phases.evaluate(case, on=day(98))
    assert then.as_of == dt.date.fromisoformat(day(98))
    assert then.transition("safety_stabilisation").criterion("consent").status == "unknown"
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(case, "safety_stabilisation", on=day(98))
    assert [c.id for c in e.value.unmet] == ["consent"]  # explained as of that date
    assert len(db.phases.history(case).entries) == 1
    with pytest.raises(mend.InvalidArgument):
        db.phases.advance(case, "safety_stabilisation", on=TODAY + dt.timedelta(days=2))
    with pytest.raises(mend.InvalidArgument):
        db.phases.evaluate(case, on=day(101))  # before the protocol began
    assert db.phases.evaluate(case, on=day(95)).transition("safety_stabilisation").open
    db.phases.advance(case, "safety_stabilisation", on=day(95))
    entry = db.phases.history(case).entries[1]
    assert [c["id"] for c in entry.opened_by] == ["screened", "consent", "no_urgent_flags"]
    assert entry.evaluation is not None and entry.evaluation["as_of"] == day(95)
    assert db.phases.evaluate(case, on=day(97)).phase == "intake"
    assert db.phases.evaluate(case, on=day(94)).phase == "safety_stabilisation"


def test_later_scores_do_not_open_a_back_dated_trauma_gate(db, couple):
    robin, kit, case = couple
    screen_both(db, robin, kit, 80)
    why = "Reviewed in supervision with the whole team"
    db.phases.override(case, "safety_stabilisation", rationale=why, on=day(80))
    db.set_now(None)
    db.phases.override(case, "impact_meaning", rationale=why, on=day(60))
    db.phases.override(case, "decision_point", rationale=why, on=day(40))
    db.measures.create(robin, "pcl5", PCL5_20, administered_on=day(20))
    db.measures.create(robin, "pcl5", PCL5_20, administered_on=day(3))
    assert db.phases.evaluate(case, on=day(30)).transition("relational_repair").criterion(
        "trauma_symptoms").status == "unknown"
    assert db.phases.evaluate(case).transition("relational_repair").criterion(
        "trauma_symptoms").status == "met"
    with pytest.raises(mend.GateBlocked):
        db.phases.advance(case, "relational_repair", on=day(30))
    weeks = db.phases.evaluate(case, on=day(54)).transition("decision_point").criterion("time")
    assert weeks.status == "not_met" and weeks.sentence.startswith("0 weeks in Impact and meaning")
    # The practice's cut-off is what the gate reads; the definition shows both values.
    db.measures.set_cutoff("pcl5", "probable_ptsd", 31)
    assert "needs < 31" in db.phases.evaluate(case).transition("relational_repair").criterion(
        "trauma_symptoms").sentence
    cut = [c for c in db.measures.instrument("pcl5")["cutoffs"] if c["code"] == "probable_ptsd"][0]
    assert (cut["value"], cut["practice_value"]) == (33, 31)
    # Consent to conjoint work at intake is not consent to relational work.
    consent = db.phases.evaluate(case).transition("relational_repair").criterion("consent")
    assert consent.status == "unknown"
    for who in (robin, kit):
        db.attestations.create(case, "relational_consent", client_id=who)
    assert db.phases.evaluate(case).transition("relational_repair").criterion("consent").status == "met"


def test_unknown_screens_and_stale_evidence_are_not_safe(db, couple):
    robin, kit, case = couple
    screen_both(db, robin, kit, 20, ipv="unknown")
    db.set_now(None)
    ev = db.phases.evaluate(case)
    ipv = [c for c in ev.contraindications if c.code == "ipv_current"][0]
    assert ipv.status == "unknown" and f"Robin screened on {day(20)}; result unknown" in ipv.sentence
    with pytest.raises(mend.GateBlocked):
        db.phases.override(case, "safety_stabilisation", rationale="Robin declined the violence questions")
    db.phases.override(case, "safety_stabilisation", rationale="Robin declined the violence questions",
                       safety_plan="Separate sessions first; rescreen next week; crisis line")
    passed = db.phases.history(case).entries[-1].unmet
    assert passed is not None and [c["code"] for c in passed["contraindications"]] == ["ipv_current"]
    # A felt-safety rating 45 days old is out of date, not met.
    db.measures.create(robin, "felt_safety", [9], administered_on=day(45))
    c = db.phases.evaluate(case).transition("impact_meaning").criterion("felt_safety")
    assert c.status == "not_met" and "out of date" in c.sentence


def test_rationales_are_sentences(db, couple):
    robin, kit, case = couple
    assert db.protocols.get("betrayal_trauma_couples")["min_rationale_chars"] == 20
    for short in ("x", "ok then", "      too short       "):
        with pytest.raises(mend.InvalidArgument) as e:
            db.phases.override(case, "safety_stabilisation", rationale=short)
        assert "at least 20 characters" in e.value.message
    assert len(db.phases.history(case).entries) == 1


def test_a_role_change_that_opens_a_gate_needs_an_override(db, couple):
    robin, kit, case = couple
    screen_both(db, robin, kit, 60)
    db.phases.override(case, "safety_stabilisation", rationale="Screened by the referring clinician",
                       on=day(60))
    for who in (robin, kit):
        db.attestations.create(case, "contact_ended", client_id=who)
    db.attestations.create(case, "disclosure_completed")
    db.agreements.create(case, "boundary", "No contact with the affair partner")
    db.set_now(None)
    db.measures.create(robin, "felt_safety", [3], administered_on=day(1))
    db.measures.create(kit, "felt_safety", [8], administered_on=day(1))
    assert not db.phases.evaluate(case).transition("impact_meaning").open
    why = "Kit says they were the one betrayed"
    with pytest.raises(mend.GateBlocked):
        db.phases.set_roles(case, kit, rationale=why)
    assert db.phases.evaluate(case).betrayed_client_id == robin
    assert db.phases.history(case).role_changes == []
    db.phases.set_roles(case, kit, rationale=why, override=True)
    change = db.phases.history(case).role_changes[0]
    assert (change.kind, change.betrayed_client_id, change.previous_client_id, change.opened) == (
        "override", kit, robin, ["impact_meaning"])
    assert db.phases.evaluate(case).transition("impact_meaning").open
    # As of yesterday the roles were the old ones.
    assert db.phases.evaluate(case, on=day(1)).betrayed_client_id == robin


def test_suspensions_and_damaged_rows_through_python(db, couple):
    robin, kit, case = couple
    screen_both(db, robin, kit, 10)
    db.set_now(None)
    db.attestations.create(case, "conjoint_consent", client_id=robin)
    db.attestations.create(case, "conjoint_consent", client_id=kit)
    db.phases.advance(case, "safety_stabilisation")
    db.attestations.create(case, "affair_ongoing", client_id=kit)
    ev = db.phases.evaluate(case)
    affair = [c for c in ev.contraindications if c.code == "affair_ongoing"][0]
    assert affair.present and "relational_repair" in affair.suspends
    assert [c for c in ev.contraindications if c.code == "ipv_current"][0].suspends == []
    step = ev.transition("impact_meaning")
    assert step.suspended_by == ["affair_ongoing"] and step.needs_safety_plan and not step.open
    sep = ev.transition("separation_support")
    assert sep.suspended_by == [] and sep.blocked_by_unknown == []
    assert db.phases.history(case).entries[1].damaged == []
    db.phases.set_roles(case, kit, rationale="Kit was recorded wrongly at intake")
    if db.backend != "sqlite":
        return
    # Rows damaged behind mend's back (the trigger dropped) read as nothing kept.
    assert raw_sql(db, "DROP TRIGGER phase_entry_no_update; DROP TRIGGER role_change_no_update;"
                       " UPDATE phase_entry SET evaluation = 'not json', unmet = '[1, 2]';"
                       " UPDATE role_change SET opened = '{\"x\": 1}';") == ""
    entry = db.phases.history(case).entries[1]
    assert (entry.evaluation, entry.opened_by, entry.unmet, entry.damaged) == (None, [], None, ["evaluation"])
    assert db.phases.history(case).role_changes[0].opened is None
