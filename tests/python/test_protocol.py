"""The protocol engine through db.protocols, db.phases, db.attestations, db.plans and
db.agreements: a couple walked through the default trauma-first protocol, as in
tests/cli/test_protocol_cli.sh, with every reason sentence checked.

Blocked at the trauma gate while the betrayed partner's PCL-5 is high, still blocked
after one low score, open after two low scores 14+ days apart; an advance through a
closed gate raises GateBlocked whose .unmet says why; overrides and moves back are
recorded with their rationale; contraindications suspend relational work (not the
separation path). Dates are relative to today (UTC), as the library's are; histories are
entered in date order on the handle's clock (db.set_now), because every gate is judged
only on what was recorded by the date of the move.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

import mend

TODAY = dt.datetime.now(dt.timezone.utc).date()
NEED = "needs < 33 on 2 administrations >= 14 days apart"

PCL5_42 = [3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 0]
PCL5_24 = [2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1]
PCL5_23 = [2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0]
PCL5_20 = [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0]

PLAN = {
    "problems": ["Hypervigilance and intrusive images since discovery"],
    "goals": [{"text": "Reduce trauma symptoms",
               "objectives": [{"text": "PCL-5 below 33",
                               "measure": {"instrument": "pcl5", "comparator": "<", "value": 33}}]}],
    "interventions": ["Psychoeducation on betrayal trauma", "Grounding skills"],
}

EFT = {"code": "eft_airm", "name": "EFT attachment injury", "kind": "conjoint",
       "phases": [{"code": "a", "name": "A"}, {"code": "b", "name": "B"}],
       "transitions": [{"from": "a", "to": "b",
                        "criteria": [{"id": "x", "kind": "min_weeks", "weeks": 2, "label": "Two weeks"}]}]}


def day(n: int) -> str:
    """n days before today (UTC), as "YYYY-MM-DD"."""
    return (TODAY - dt.timedelta(days=n)).isoformat()


def at(db, n: int) -> None:
    """Set the handle's clock to noon (UTC) n days before today: histories are built in
    date order, each attestation, agreement and move on the day it happens."""
    db.set_now(f"{day(n)}T12:00:00Z")


@dataclass
class Kims:
    alex: int  # the betrayed partner
    sam: int
    case: int
    solo: int
    solo_case: int


@pytest.fixture
def kims(db) -> Kims:
    """Alex and Sam Kim in a conjoint case opened 200 days ago, and Solo's individual case.
    The clock is left on the system clock (today)."""
    at(db, 200)
    alex = db.clients.create(given_name="Alexandra", preferred_name="Alex", family_name="Kim")
    sam = db.clients.create(given_name="Sam", family_name="Kim")
    couple = db.couples.create(client_a_id=alex, client_b_id=sam, secrets_policy="limited_secrets")
    case = db.cases.create(couple_id=couple, opened_on=day(200))
    solo = db.clients.create(given_name="Solo", family_name="Client")
    solo_case = db.cases.create(client_id=solo)
    db.set_now(None)
    return Kims(alex, sam, case, solo, solo_case)


def start(db, k: Kims) -> None:
    """Start the case 190 days ago; the clock is left there."""
    at(db, 190)
    db.phases.start(k.case, "betrayal_trauma_couples", betrayed_client_id=k.alex, on=day(190))


def screen_and_consent(db, k: Kims) -> None:
    """Both partners screened privately and consenting to conjoint work, 185 days ago."""
    at(db, 185)
    db.safety.create_screen(k.alex, ipv="none", suicide_risk="none", administered_on=day(185))
    db.safety.create_screen(k.sam, ipv="none", suicide_risk="low", administered_on=day(185))
    db.attestations.create(k.case, "conjoint_consent", client_id=k.alex)
    db.attestations.create(k.case, "conjoint_consent", client_id=k.sam)


def through_intake(db, k: Kims) -> None:
    screen_and_consent(db, k)
    at(db, 180)
    db.phases.advance(k.case, "safety_stabilisation", on=day(180))


def stabilise(db, k: Kims) -> int:
    """What the gate out of stabilisation needs (recorded 175 and 170 days ago);
    returns the boundary agreement's id (agreed 175 days ago)."""
    at(db, 175)
    db.attestations.create(k.case, "contact_ended", client_id=k.sam, note="No contact since the disclosure")
    db.attestations.create(k.case, "disclosure_completed")
    boundary = db.agreements.create(k.case, "boundary", "No contact with the affair partner; phones open")
    at(db, 170)
    db.measures.create(k.alex, "felt_safety", [6], administered_on=day(170))
    return boundary


def to_decision_point(db, k: Kims) -> int:
    """At the decision point since 100 days ago; the clock is left there."""
    start(db, k)
    through_intake(db, k)
    boundary = stabilise(db, k)
    at(db, 150)
    db.phases.advance(k.case, "impact_meaning", on=day(150))
    at(db, 120)
    db.attestations.create(k.case, "accountability", client_id=k.sam)
    at(db, 100)
    db.phases.advance(k.case, "decision_point", on=day(100))
    return boundary


def ready_but_for_trauma(db, k: Kims) -> None:
    """At the decision point: a high PCL-5 (60 days ago); readiness, a decision and both
    partners' consent to relational work (10 days ago); felt safety (5 days ago).
    Both partners are screened again 60 days ago. The clock is left 5 days ago."""
    at(db, 60)
    db.measures.create(k.alex, "pcl5", PCL5_42, administered_on=day(60))
    # Screens older than 90 days leave violence unknown: both are screened again.
    db.safety.create_screen(k.alex, ipv="none", suicide_risk="none", administered_on=day(60))
    db.safety.create_screen(k.sam, ipv="none", suicide_risk="none", administered_on=day(60))
    at(db, 10)
    db.attestations.create(k.case, "relational_readiness", client_id=k.alex)
    db.attestations.create(k.case, "decision", "committed_work")
    db.attestations.create(k.case, "relational_consent", client_id=k.alex)
    db.attestations.create(k.case, "relational_consent", client_id=k.sam)
    at(db, 5)
    db.measures.create(k.alex, "felt_safety", [7], administered_on=day(5))


def settle(db, k: Kims) -> None:
    """Two low PCL-5 scores 14+ days apart (and one too close to count), entered 5 days ago."""
    db.measures.create(k.alex, "pcl5", PCL5_24, administered_on=day(30))
    db.measures.create(k.alex, "pcl5", PCL5_23, administered_on=day(20))
    db.measures.create(k.alex, "pcl5", PCL5_20, administered_on=day(6))


def to_relational_repair(db, k: Kims) -> int:
    """Through the trauma gate 1 day ago; the clock is left there."""
    boundary = to_decision_point(db, k)
    ready_but_for_trauma(db, k)
    settle(db, k)
    at(db, 1)
    db.phases.advance(k.case, "relational_repair", rationale="Gate open", on=day(1))
    return boundary


# -- protocol definitions ----------------------------------------------------------------


def test_protocol_definitions(db):
    protocols = db.protocols.list()
    assert sorted(p.code for p in protocols) == [
        "betrayal_trauma_couples", "betrayal_trauma_couples_csb", "betrayal_trauma_individual"]
    couples = next(p for p in protocols if p.code == "betrayal_trauma_couples")
    assert isinstance(couples, mend.ProtocolSummary)
    assert (couples.version, couples.kind) == (1, "conjoint")
    assert couples.phases == ["intake", "safety_stabilisation", "impact_meaning", "decision_point",
                              "relational_repair", "separation_support", "consolidation"]
    assert [p.code for p in db.protocols] == [p.code for p in protocols]
    d = db.protocols.get("betrayal_trauma_couples")
    gate = next(t for t in d["transitions"] if (t["from"], t["to"]) == ("decision_point", "relational_repair"))
    assert gate["relational"] is True and gate["name"] == "Begin relational work (the trauma gate)"
    trauma = next(c for c in gate["criteria"] if c["id"] == "trauma_symptoms")
    # The cut-off is read by its code (the practice may set its own), not written into the gate.
    assert (trauma["instrument"], trauma["comparator"], trauma["cutoff"], trauma["count"], trauma["min_days"]) == (
        "pcl5", "<", "probable_ptsd", 2, 14)
    assert "value" not in trauma
    consent = next(c for c in gate["criteria"] if c["id"] == "consent")
    assert (consent["attestation"], consent["recorded_since"]) == ("relational_consent", "phase_entry")
    kept = next(c for c in gate["criteria"] if c["id"] == "boundaries_kept")
    assert (kept["kind"], kept["agreement_kind"], kept["weeks"]) == ("agreement_kept", "boundary", 8)
    intake = next(t for t in d["transitions"] if (t["from"], t["to"]) == ("intake", "safety_stabilisation"))
    assert [c["id"] for c in intake["criteria"]] == ["screened", "consent", "no_urgent_flags"]
    assert sorted(t["from"] for t in d["transitions"] if t["to"] == "separation_support") == [
        "decision_point", "impact_meaning", "safety_stabilisation"]
    assert [c["code"] for c in d["contraindications"]] == ["ipv_current", "affair_ongoing", "compulsive_behaviour",
                                                           "disclosed_secret"]
    with pytest.raises(mend.NotFound):
        db.protocols.get("nope")


def test_load_protocol(db, staff):
    bad = dict(EFT, transitions=[{"from": "a", "to": "c"}])
    with pytest.raises(mend.InvalidArgument) as e:  # the error names the field; nothing is stored
        db.protocols.load(bad)
    assert "transitions[0].to names no phase" in e.value.message
    assert len(db.protocols.list()) == 3
    db.set_actor(staff.alice)
    with pytest.raises(mend.PermissionDenied):
        db.protocols.load(EFT)
    db.set_actor(staff.admin)
    db.protocols.load(EFT)
    assert [(p.code, p.version, p.phases) for p in db.protocols.list()][-1] == ("eft_airm", 1, ["a", "b"])
    with pytest.raises(mend.AlreadyExists):
        db.protocols.load(EFT)
    with pytest.raises(mend.AlreadyExists):
        db.protocols.load(dict(EFT, code="betrayal_trauma_couples", version=9))
    db.protocols.load(json.dumps(dict(EFT, version=2, name="EFT attachment injury v2")))  # JSON text works too
    assert db.protocols.get("eft_airm")["name"] == "EFT attachment injury v2"
    assert len(db.protocols.list()) == 4  # the latest version of each
    with pytest.raises(TypeError):
        db.protocols.load(["not", "a", "mapping"])
    with pytest.raises(TypeError):
        db.protocols.load(None)
    with pytest.raises(mend.EncodingError):
        db.protocols.load(dict(EFT, name="EFT \ud800"))


# -- the walk-through ----------------------------------------------------------------------


def test_start_and_intake_gate(db, kims):
    k = kims
    with pytest.raises(mend.InvalidState) as e:
        db.phases.evaluate(k.case)
    assert "follows no protocol" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.phases.start(k.case, "betrayal_trauma_individual")
    assert "cannot run" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.phases.start(k.case, "betrayal_trauma_couples", betrayed_client_id=k.solo)
    assert "partner of the couple" in e.value.message
    with pytest.raises(mend.InvalidArgument):  # before the case was opened
        db.phases.start(k.case, "betrayal_trauma_couples", on=day(201))
    start(db, k)
    with pytest.raises(mend.InvalidState) as e:
        db.phases.start(k.case, "betrayal_trauma_couples")
    assert "already follows" in e.value.message

    db.set_now(None)  # today
    ev = db.phases.evaluate(k.case)
    assert ev.as_of == TODAY
    assert isinstance(ev, mend.GateEvaluation)
    assert (ev.case_id, ev.phase, ev.phase_name, ev.betrayed_client_id) == (k.case, "intake", "Intake and assessment", k.alex)
    assert (ev.entered_on.isoformat(), ev.days_in_phase, ev.suspended) == (day(190), 190, False)
    assert ev.protocol == mend.ProtocolRef(code="betrayal_trauma_couples", version=1,
                                           name="Betrayal-trauma recovery, couples (trauma first)")
    gate = ev.transition("safety_stabilisation")
    assert (gate.from_phase, gate.open, gate.unmet_count, gate.relational) == ("intake", False, 2, False)
    assert [c.id for c in gate.criteria] == ["screened", "consent", "no_urgent_flags"]
    assert gate.criterion("no_urgent_flags").status == "met"
    screened = gate.criterion("screened")
    assert (screened.kind, screened.status) == ("safety_screened", "not_met")
    assert screened.sentence == ("Alex has not been screened privately for violence and suicide risk; "
                                 "Sam has not been screened privately for violence and suicide risk")
    # About both partners: the evidence is a list, one dict per partner.
    assert [(e["client_id"], e["screen"]) for e in screened.evidence] == [(k.alex, None), (k.sam, None)]
    assert gate.criterion("consent").status == "unknown"
    assert [(c.code, c.status) for c in ev.contraindications] == [
        ("ipv_current", "unknown"), ("affair_ongoing", "absent"), ("compulsive_behaviour", "absent"),
        ("disclosed_secret", "absent")]
    assert ev.relational is None
    with pytest.raises(KeyError):
        ev.transition("relational_repair")

    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "safety_stabilisation")
    # Nobody screened yet: whether there is violence is unknown, and unknown is not safe.
    assert e.value.message == ("the gate from intake to safety_stabilisation is closed: whether a contraindication "
                               "is present is not known (unknown is not safe); see the gate evaluation")
    assert e.value.code_name == "MEND_EGATE"
    assert [c.id for c in e.value.unmet] == ["ipv_current", "screened", "consent"]  # unknown violence first
    assert e.value.unmet[1:] == gate.unmet
    with pytest.raises(mend.InvalidArgument) as e:
        db.phases.advance(k.case, "relational_repair")
    assert "no step from intake to relational_repair" in e.value.message

    # Consent recorded today does not count for a move dated before today.
    db.safety.create_screen(k.alex, ipv="none", suicide_risk="none", administered_on=day(185))
    db.safety.create_screen(k.sam, ipv="none", suicide_risk="low", administered_on=day(185))
    db.attestations.create(k.case, "conjoint_consent", client_id=k.alex)
    db.attestations.create(k.case, "conjoint_consent", client_id=k.sam)
    gate = db.phases.evaluate(k.case).transition("safety_stabilisation")  # as of today
    assert gate.criterion("consent").status == "met"
    assert [c.id for c in gate.unmet] == ["screened"]  # 185 days old: out of date today
    assert gate.criterion("screened").sentence == (
        f"Alex's private screen is out of date (recorded {day(185)}, older than 90 days); "
        f"Sam's private screen is out of date (recorded {day(185)}, older than 90 days)")
    back_then = db.phases.evaluate(k.case, on=day(180))
    assert back_then.as_of.isoformat() == day(180) and back_then.days_in_phase == 10
    gate = back_then.transition("safety_stabilisation")
    assert gate.open is False and [c.id for c in gate.unmet] == ["consent"]
    assert gate.criterion("screened").sentence == (
        f"Alex screened privately on {day(185)}; Sam screened privately on {day(185)}")
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "safety_stabilisation", on=day(180))
    assert [c.id for c in e.value.unmet] == ["consent"]
    assert db.phases.history(k.case).current_phase == "intake"

    # Recorded on the day the partners consented, in date order, it counts.
    at(db, 185)
    db.attestations.create(k.case, "conjoint_consent", client_id=k.alex)
    db.attestations.create(k.case, "conjoint_consent", client_id=k.sam)
    with pytest.raises(mend.InvalidArgument):  # after "today" by the handle's clock
        db.phases.advance(k.case, "safety_stabilisation", on=day(180))
    at(db, 180)
    gate = db.phases.evaluate(k.case).transition("safety_stabilisation")
    assert gate.open and gate.unmet == [] and gate.unmet_count == 0
    assert gate.criterion("consent").sentence == (
        f"Both partners consent to conjoint work: recorded yes for Alex on {day(185)}; "
        f"Both partners consent to conjoint work: recorded yes for Sam on {day(185)}")
    with pytest.raises(mend.InvalidArgument):  # before the current phase began
        db.phases.advance(k.case, "safety_stabilisation", on=day(191))
    db.phases.advance(k.case, "safety_stabilisation", on=day(180))

    # Stabilisation -> impact and meaning.
    stabilise(db, k)
    gate = db.phases.evaluate(k.case).transition("impact_meaning")  # as of 170 days ago: too early
    assert [c.id for c in gate.unmet] == ["time"]
    assert gate.criterion("time").sentence == f"1 week in Safety and stabilisation since {day(180)}; needs 4"
    at(db, 150)
    gate = db.phases.evaluate(k.case).transition("impact_meaning")
    assert gate.criterion("contact_ended").sentence == (
        "The affair has ended and contact with the affair partner has stopped: "
        f"recorded yes for Sam on {day(175)}")
    assert gate.criterion("felt_safety").sentence == f"Felt safety for Alex: 6 on {day(170)}; needs >= 5"
    assert gate.criterion("boundaries").sentence == f"An active boundary agreement, agreed {day(175)}"
    assert gate.criterion("time").status == "met" and gate.open
    db.phases.advance(k.case, "impact_meaning", on=day(150))
    db.set_now(None)
    h = db.phases.history(k.case)
    assert [e.kind for e in h.entries] == ["start", "advance", "advance"]
    assert [e.phase for e in h.entries] == ["intake", "safety_stabilisation", "impact_meaning"]
    assert h.entries[1].days == 30 and h.entries[1].left_on.isoformat() == day(150)
    assert h.entries[-1].left_on is None and h.entries[-1].days == 150
    assert (h.started_on.isoformat(), h.current_phase, h.entries[0].from_phase) == (day(190), "impact_meaning", None)


def test_trauma_gate_blocked_then_open(db, kims):
    k = kims
    to_decision_point(db, k)
    ready_but_for_trauma(db, k)

    ev = db.phases.evaluate(k.case)
    gate = ev.relational
    assert gate is not None and gate is ev.transition("relational_repair")
    assert (gate.name, gate.open, gate.unmet_count) == ("Begin relational work (the trauma gate)", False, 1)
    trauma = gate.criterion("trauma_symptoms")
    assert (trauma.kind, trauma.status) == ("measure_sustained", "not_met")
    assert trauma.sentence == f"PCL-5 for Alex: 42 on {day(60)}; {NEED}"
    assert trauma.evidence["latest"]["total"] == 42.0 and trauma.evidence["client_id"] == k.alex
    assert gate.criterion("readiness").sentence == (
        f"Alex says they are ready for relational work (recorded {day(10)})")
    assert gate.criterion("decision").sentence == (
        f"Decision point: 'committed_work' recorded on {day(10)}; needs stay_as_is or committed_work")
    assert gate.criterion("consent").status == "met"
    assert gate.criterion("boundaries_kept").sentence == (
        f"The boundary agreement of {day(175)} is active and was not broken in the last 8 weeks")
    assert gate.criterion("no_flags").status == "met"
    assert [c.id for c in gate.unmet] == ["trauma_symptoms"]
    assert ev.transition("separation_support").open is False
    assert ("Begin relational work (the trauma gate): blocked (1 of 7 criteria unmet: "
            "The betrayed partner's trauma symptoms have settled, consistently over time).") in ev.summary

    # advance raises GateBlocked, and .unmet says why (the C message names nobody).
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "relational_repair")
    assert e.value.message == ("the gate from decision_point to relational_repair is not open: "
                               "1 of 7 criteria unmet; see the gate evaluation")
    assert "Alex" not in e.value.message
    assert [c.id for c in e.value.unmet] == ["trauma_symptoms"]
    assert isinstance(e.value.unmet[0], mend.GateCriterion)
    assert e.value.unmet[0].sentence == f"PCL-5 for Alex: 42 on {day(60)}; {NEED}"
    assert db.phases.history(k.case).current_phase == "decision_point"  # nothing changed

    # One low score is not enough.
    db.measures.create(k.alex, "pcl5", PCL5_24, administered_on=day(30))
    gate = db.phases.evaluate(k.case).relational
    assert gate.criterion("trauma_symptoms").sentence == f"PCL-5 for Alex: 24 on {day(30)} (1 of 2 so far); {NEED}"
    assert gate.open is False
    # A second low score only 10 days later still is not.
    db.measures.create(k.alex, "pcl5", PCL5_23, administered_on=day(20))
    trauma = db.phases.evaluate(k.case).relational.criterion("trauma_symptoms")
    assert (trauma.status, trauma.evidence["found"]) == ("not_met", 1)
    # A third, 14 days after the second, opens it.
    db.measures.create(k.alex, "pcl5", PCL5_20, administered_on=day(6))
    gate = db.phases.evaluate(k.case).relational
    trauma = gate.criterion("trauma_symptoms")
    assert trauma.status == "met" and trauma.met
    assert trauma.sentence == f"PCL-5 for Alex: 23 on {day(20)} and 20 on {day(6)}; {NEED}"
    assert [p["total"] for p in trauma.evidence["evidence"]] == [23.0, 20.0]
    assert gate.open is True and gate.unmet == []

    # An open safety flag closes it again; resolving it reopens.
    at(db, 2)
    db.measures.create(k.sam, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1], administered_on=day(2))
    gate = db.phases.evaluate(k.case).relational
    assert gate.open is False
    assert f"Sam has 1 open safety flag (suicidal_ideation raised {day(2)})" in gate.criterion("no_flags").sentence
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "relational_repair")
    assert [c.id for c in e.value.unmet] == ["no_flags"]
    [flag] = db.flags.list(client_id=k.sam)
    db.flags.resolve(flag.id, "C-SSRS: passive ideation only; safety plan agreed")
    at(db, 1)
    db.phases.advance(k.case, "relational_repair", rationale="Gate open", on=day(1))
    h = db.phases.history(k.case)
    assert (h.current_phase, h.entries[-1].kind, h.entries[-1].rationale) == ("relational_repair", "advance", "Gate open")
    assert (h.entries[-1].from_phase, h.entries[-1].entered_on.isoformat(), h.entries[-1].unmet) == (
        "decision_point", day(1), None)


def test_back_after_a_new_disclosure_and_override(db, kims, staff):
    k = kims
    to_relational_repair(db, k)
    db.set_now(None)  # today
    with pytest.raises(mend.InvalidArgument) as e:
        db.phases.back(k.case, "consolidation", rationale="Not an earlier phase at all")
    assert "earlier phase" in e.value.message
    db.phases.back(k.case, "safety_stabilisation", rationale="New disclosure of continued contact")
    h = db.phases.history(k.case)
    assert [e.phase for e in h.entries] == ["intake", "safety_stabilisation", "impact_meaning", "decision_point",
                                            "relational_repair", "safety_stabilisation"]
    assert (h.entries[-1].kind, h.entries[-1].from_phase, h.current_phase) == (
        "back", "relational_repair", "safety_stabilisation")
    assert h.entries[-1].rationale == "New disclosure of continued contact"

    # Back in stabilisation today: the 4-week minimum is unmet; an override records why.
    gate = db.phases.evaluate(k.case).transition("impact_meaning")
    time = gate.criterion("time")
    assert (time.kind, time.status) == ("min_weeks", "not_met")
    assert time.sentence == f"0 weeks in Safety and stabilisation since {TODAY.isoformat()}; needs 4"
    assert gate.unmet_count == 1
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "impact_meaning")
    assert [c.id for c in e.value.unmet] == ["time"]
    with pytest.raises(mend.InvalidArgument) as e:
        db.phases.override(k.case, "impact_meaning", rationale="")
    assert "rationale is required" in e.value.message
    with pytest.raises(TypeError):
        db.phases.override(k.case, "impact_meaning")  # the rationale is required
    db.set_actor(staff.supervisor)
    db.phases.override(k.case, "impact_meaning",
                       rationale="Disclosure processed in two sessions; reviewed in supervision")
    entry = db.phases.history(k.case).entries[-1]
    assert isinstance(entry, mend.PhaseEntry)
    assert (entry.kind, entry.actor_id, entry.safety_plan) == ("override", staff.supervisor, None)
    assert entry.rationale == "Disclosure processed in two sessions; reviewed in supervision"
    assert [c["id"] for c in entry.unmet["criteria"]] == ["time"]
    assert entry.unmet["criteria"][0]["sentence"] == time.sentence
    assert entry.unmet["contraindications"] == []
    db.set_actor(staff.admin)
    events = [(e.action, e.object_type, e.object_id, e.actor_id) for e in db.audit()]
    assert ("override", "case", k.case, staff.supervisor) in events
    assert ("move_back", "case", k.case, staff.admin) in events


def test_contraindication_suspends_conjoint_work(db, kims):
    k = kims
    to_decision_point(db, k)
    db.set_now(None)  # today
    # Recent private screens (the ones from intake are out of date): no violence.
    db.safety.create_screen(k.alex, ipv="none", suicide_risk="none")
    db.safety.create_screen(k.sam, ipv="none", suicide_risk="none")
    db.attestations.create(k.case, "affair_ongoing", client_id=k.sam, note="Contact resumed")
    ev = db.phases.evaluate(k.case)
    assert ev.suspended is True
    affair = next(c for c in ev.contraindications if c.code == "affair_ongoing")
    assert isinstance(affair, mend.Contraindication)
    assert (affair.status, affair.present, affair.id) == ("present", True, "affair_ongoing")
    assert affair.sentence.startswith("The affair or contact with the affair partner is ongoing: recorded on ")
    assert ("Relational work is suspended: The affair or contact with the affair partner is ongoing."
            in ev.summary)
    assert all(not t.open for t in ev.transitions)

    # Suspended: advance and a plain override of a relational step are refused, and .unmet
    # leads with the contraindication.
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "relational_repair")
    assert "contraindication" in e.value.message
    assert e.value.unmet[0] == affair
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.override(k.case, "relational_repair", rationale="Clinically indicated, reviewed in supervision")
    assert "safety plan" in e.value.message
    unmet = e.value.unmet
    assert unmet[0].id == "affair_ongoing" and isinstance(unmet[0], mend.Contraindication)
    assert {c.id for c in unmet[1:]} == {c.id for c in ev.transition("relational_repair").unmet}
    assert db.phases.history(k.case).current_phase == "decision_point"

    # The separation path is not suspended by the affair: only its own criteria count.
    sep = ev.transition("separation_support")
    assert [c.id for c in sep.unmet] == ["decision"]
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "separation_support")
    assert [c.id for c in e.value.unmet] == ["decision"]  # the affair is present but does not hold this step
    assert "1 of 3 criteria unmet" in e.value.message

    # A safety plan lets a clinician override into relational work; it is kept with the entry.
    with pytest.raises(mend.InvalidArgument):  # too short to be a plan
        db.phases.override(k.case, "relational_repair", rationale="Clinically indicated, reviewed in supervision",
                           safety_plan="Crisis line")
    db.phases.override(k.case, "relational_repair", rationale="Clinically indicated, reviewed in supervision",
                       safety_plan="Separate sessions; crisis line; review weekly")
    entry = db.phases.history(k.case).entries[-1]
    assert (entry.kind, entry.phase, entry.safety_plan) == (
        "override", "relational_repair", "Separate sessions; crisis line; review weekly")
    assert [c["code"] for c in entry.unmet["contraindications"]] == ["affair_ongoing"]

    # Violence on a partner's private screen: present.
    db.safety.create_screen(k.sam, ipv="current", suicide_risk="none")
    ev = db.phases.evaluate(k.case)
    ipv = next(c for c in ev.contraindications if c.code == "ipv_current")
    assert ipv.status == "present" and "Sam" in ipv.sentence


def test_separation_path_while_the_affair_continues(db, kims):
    """Deciding to part is reachable though an affair suspends relational work."""
    k = kims
    to_decision_point(db, k)
    db.set_now(None)
    db.safety.create_screen(k.alex, ipv="none", suicide_risk="none")
    db.safety.create_screen(k.sam, ipv="none", suicide_risk="none")
    db.attestations.create(k.case, "affair_ongoing", client_id=k.sam, note="Contact resumed")
    db.attestations.create(k.case, "decision", "part")
    gate = db.phases.evaluate(k.case).transition("separation_support")
    assert gate.open is True
    db.phases.advance(k.case, "separation_support", rationale="The couple decided to part")
    assert db.phases.history(k.case).current_phase == "separation_support"


def test_gate_blocked_inside_a_transaction(db, kims):
    k = kims
    start(db, k)
    with db.transaction():
        db.attestations.create(k.case, "conjoint_consent", client_id=k.alex)
        with pytest.raises(mend.GateBlocked) as e:
            db.phases.advance(k.case, "safety_stabilisation")
        # Nobody screened (violence unknown); Sam's consent is still missing.
        assert [c.id for c in e.value.unmet] == ["ipv_current", "screened", "consent"]
        assert db.in_transaction  # the refusal left the transaction usable
    assert [a.code for a in db.attestations.list(k.case)] == ["conjoint_consent"]


def test_gate_blocked_without_an_evaluation(db, kims, monkeypatch):
    """If the evaluation cannot be read after a refusal, GateBlocked still carries the C message."""
    k = kims
    start(db, k)

    def broken(self, case_id, on=None):
        raise mend.StoreError("the evaluation could not be read")

    monkeypatch.setattr(mend.Phases, "evaluate", broken)
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.advance(k.case, "safety_stabilisation")
    assert e.value.unmet == [] and e.value.message == (
        "the gate from intake to safety_stabilisation is closed: whether a contraindication "
        "is present is not known (unknown is not safe); see the gate evaluation")


# -- attestations, plans, agreements -----------------------------------------------------------


def test_attestations(db, kims):
    k = kims
    start(db, k)
    db.set_now(None)  # today
    a1 = db.attestations.create(k.case, "conjoint_consent", client_id=k.alex)
    a2 = db.attestations.create(k.case, "decision", "undecided", note="Discernment continues")
    a3 = db.attestations.create(k.case, "sobriety", client_id=k.sam, effective_on=day(90))
    a4 = db.attestations.create(k.case, "conjoint_consent", "no", client_id=k.sam)
    got = db.attestations.list(k.case)
    assert all(isinstance(a, mend.Attestation) for a in got)
    assert [(a.id, a.code, a.client_id, a.value) for a in got] == [
        (a1, "conjoint_consent", k.alex, "yes"), (a2, "decision", None, "undecided"),
        (a3, "sobriety", k.sam, "yes"), (a4, "conjoint_consent", k.sam, "no")]
    assert (got[1].note, got[2].effective_on.isoformat(), got[0].effective_on) == ("Discernment continues", day(90), None)
    assert (got[0].recorded_on, got[0].recorded_by, got[0].case_id) == (TODAY, db.actor, k.case)
    consent = db.phases.evaluate(k.case).transition("safety_stabilisation").criterion("consent")
    assert consent.status == "not_met" and "'no'" in consent.sentence

    with pytest.raises(mend.InvalidArgument):  # not a partner of this case
        db.attestations.create(k.case, "conjoint_consent", client_id=k.solo)
    with pytest.raises(mend.InvalidArgument):
        db.attestations.create(k.case, "decision", "maybe")
    with pytest.raises(mend.InvalidArgument):
        db.attestations.create(k.case, "sobriety", effective_on=(TODAY + dt.timedelta(days=3)).isoformat())
    with pytest.raises(mend.NotFound):
        db.attestations.create(999999, "conjoint_consent")
    with pytest.raises(TypeError):
        db.attestations.create(k.case, "conjoint_consent", True)
    with pytest.raises(TypeError):
        db.attestations.create(k.case, "conjoint_consent", client_id=True)
    with pytest.raises(mend.EncodingError):
        db.attestations.create(k.case, "conjoint_consent", note="\udcff")
    assert len(db.attestations.list(k.case)) == 4


def test_treatment_plans(db, kims):
    k = kims
    to_decision_point(db, k)
    db.set_now(None)  # today
    assert db.phases.evaluate(k.case).plan_review_on is None
    plan = dict(PLAN, review_on=day(1))
    assert db.plans.set(k.case, "decision_point", plan) == 1
    assert db.plans.set(k.case, "decision_point", json.dumps(plan)) == 2  # JSON text works too
    got = db.plans.get(k.case, "decision_point")
    assert (got["version"], got["review_due"], got["phase"], got["case_id"]) == (2, True, "decision_point", k.case)
    assert got["problems"] == PLAN["problems"] and got["goals"][0]["objectives"][0]["measure"]["value"] == 33
    ev = db.phases.evaluate(k.case)
    assert (ev.plan_review_due, ev.plan_review_on.isoformat()) == (True, day(1))
    assert f"The treatment plan's review was due on {day(1)}." in ev.summary
    # A later review date: not due.
    assert db.plans.set(k.case, "decision_point", dict(PLAN, review_on=(TODAY + dt.timedelta(days=30)).isoformat())) == 3
    assert db.plans.get(k.case, "decision_point")["review_due"] is False
    assert db.phases.evaluate(k.case).plan_review_due is False

    with pytest.raises(mend.InvalidArgument) as e:
        db.plans.set(k.case, "impact_meaning", {"problems": [], "goals": [], "review_on": "2026-01-01"})
    assert "problems must not be empty" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.plans.set(k.case, "nowhere", plan)
    assert "no phase" in e.value.message
    with pytest.raises(mend.NotFound):
        db.plans.get(k.case, "impact_meaning")
    with pytest.raises(mend.InvalidState):  # the solo case follows no protocol
        db.plans.set(k.solo_case, "intake", plan)
    with pytest.raises(TypeError):
        db.plans.set(k.case, "decision_point", [plan])
    with pytest.raises(TypeError):
        db.plans.set(k.case, "decision_point", None)


def test_agreements(db, kims):
    k = kims
    boundary = to_decision_point(db, k)
    db.set_now(None)  # today
    review = (TODAY + dt.timedelta(days=28)).isoformat()
    transparency = db.agreements.create(k.case, "transparency", "Phones and accounts open on request",
                                     agreed_on=day(3), review_on=review)
    got = db.agreements.list(k.case)
    assert all(isinstance(a, mend.Agreement) for a in got)
    assert [(a.id, a.kind, a.status) for a in got] == [(boundary, "boundary", "active"), (transparency, "transparency", "active")]
    t = got[1]
    assert (t.text, t.agreed_on.isoformat(), t.review_on.isoformat(), t.created_by) == (
        "Phones and accounts open on request", day(3), review, db.actor)
    assert [(h.status, h.note, h.broken_by) for h in t.history] == [("active", "agreed", None)]

    # Broken by Sam: an agreement_broken flag for Sam only, which the gates read.
    db.agreements.update(boundary, "broken", broken_by=k.sam, note="Contact resumed")
    b = db.agreements.list(k.case)[0]
    assert b.status == "broken"
    assert [(h.status, h.note, h.broken_by) for h in b.history] == [
        ("active", "agreed", None), ("broken", "Contact resumed", k.sam)]
    assert all(isinstance(h, mend.AgreementEvent) and h.at.tzinfo is not None for h in b.history)
    [flag] = db.flags.list(client_id=k.sam)
    assert (flag.code, flag.severity, flag.case_id) == ("agreement_broken", "review", k.case)
    assert flag.message == f"Agreement {boundary} (boundary) recorded as broken: review with the partners"
    assert db.flags.list(client_id=k.alex) == []
    no_flags = db.phases.evaluate(k.case).transition("relational_repair").criterion("no_flags")
    assert no_flags.status == "not_met" and "agreement_broken" in no_flags.sentence

    # Broken without naming anyone: both partners are flagged (Sam's flag is still open: not raised twice).
    db.agreements.update(transparency, "broken")
    assert sorted((f.client_id, f.code) for f in db.flags.list(case_id=k.case)) == [
        (k.alex, "agreement_broken"), (k.sam, "agreement_broken")]
    db.agreements.update(transparency, "revised", note="Rewritten together")
    assert [h.status for h in db.agreements.list(k.case)[1].history] == ["active", "broken", "revised"]

    with pytest.raises(mend.InvalidArgument) as e:
        db.agreements.update(boundary, "gone")
    assert "status must be one of" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.agreements.update(boundary, "kept", broken_by=k.sam)  # broken_by goes with "broken"
    with pytest.raises(mend.InvalidArgument):
        db.agreements.update(boundary, "broken", broken_by=k.solo)
    with pytest.raises(mend.NotFound):
        db.agreements.update(999999, "kept")
    with pytest.raises(mend.InvalidArgument):
        db.agreements.create(k.case, "boundary", "x", agreed_on=day(3), review_on=day(4))
    with pytest.raises(mend.InvalidArgument):
        db.agreements.create(k.case, "Not A Code", "x")
    with pytest.raises(mend.InvalidArgument):
        db.agreements.create(k.case, "boundary", "x" * 4001)
    with pytest.raises(TypeError):
        db.agreements.create(k.case, "boundary", None)
    with pytest.raises(TypeError):
        db.agreements.update(boundary, "broken", broken_by="Sam")
    with pytest.raises(mend.EncodingError):
        db.agreements.create(k.case, "boundary", "\udcff")
    assert len(db.agreements.list(k.case)) == 2


# -- roles, the individual track, authorisation, argument checks --------------------------------


def test_roles(db, kims):
    k = kims
    db.phases.start(k.case, "betrayal_trauma_couples")  # no betrayed partner recorded yet
    assert db.phases.evaluate(k.case).betrayed_client_id is None
    why = "Sam discovered the affair in March"
    db.phases.set_roles(k.case, k.sam, rationale=why)
    assert db.phases.evaluate(k.case).betrayed_client_id == k.sam
    db.phases.set_roles(k.case, None, rationale="Recorded on the wrong partner at intake")
    assert db.phases.evaluate(k.case).betrayed_client_id is None
    with pytest.raises(mend.InvalidArgument):
        db.phases.set_roles(k.case, k.solo, rationale=why)
    with pytest.raises(mend.InvalidArgument) as e:
        db.phases.set_roles(k.case, k.sam, rationale="x")
    assert "at least 20 characters" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.phases.set_roles(k.case, None, rationale=why)  # already so
    with pytest.raises(TypeError):
        db.phases.set_roles(k.case, True, rationale=why)
    with pytest.raises(TypeError):
        db.phases.set_roles(k.case, k.sam)  # type: ignore[call-arg]
    h = db.phases.history(k.case)
    assert [(r.kind, r.betrayed_client_id, r.previous_client_id) for r in h.role_changes] == [
        ("roles", k.sam, None), ("roles", None, k.sam)]
    assert h.role_changes[0].rationale == why and h.role_changes[0].opened is None


def test_individual_track(db, kims):
    k = kims
    db.phases.start(k.solo_case, "betrayal_trauma_individual")
    ev = db.phases.evaluate(k.solo_case)
    assert ev.phase == "intake" and ev.betrayed_client_id is None
    assert ev.transition("safety_stabilisation").criterion("screened").sentence == (
        "Solo has not been screened privately for violence and suicide risk")
    with pytest.raises(mend.InvalidArgument) as e:
        db.phases.set_roles(k.solo_case, k.solo, rationale="The client was the partner betrayed")
    assert "conjoint" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.phases.start(k.case, "betrayal_trauma_couples", betrayed_client_id=0)  # 0 is the C API's "none"


def test_another_clinician_is_answered_not_found(db, kims, staff):
    k = kims
    start(db, k)
    db.set_actor(staff.alice)  # leads none of these cases
    with pytest.raises(mend.NotFound) as e:
        db.phases.evaluate(k.case)
    assert "Alex" not in str(e.value) and "Kim" not in str(e.value)
    with pytest.raises(mend.NotFound):
        db.phases.advance(k.case, "safety_stabilisation")
    with pytest.raises(mend.NotFound):
        db.phases.history(k.case)
    with pytest.raises(mend.NotFound):
        db.attestations.create(k.case, "conjoint_consent")
    with pytest.raises(mend.NotFound):
        db.agreements.list(k.case)
    with pytest.raises(mend.NotFound):
        db.plans.get(k.case, "intake")


def test_phase_argument_checks(db, kims):
    k = kims
    start(db, k)
    with pytest.raises(TypeError):
        db.phases.advance(True, "safety_stabilisation")
    with pytest.raises(TypeError):
        db.phases.advance(str(k.case), "safety_stabilisation")
    with pytest.raises(TypeError):
        db.phases.advance(k.case, None)
    with pytest.raises(TypeError):
        db.phases.advance(k.case, b"safety_stabilisation")
    with pytest.raises(TypeError):
        db.phases.advance(k.case, "safety_stabilisation", rationale=42)
    with pytest.raises(TypeError):
        db.phases.advance(k.case, "safety_stabilisation", on=dt.datetime.now())
    with pytest.raises(TypeError):
        db.phases.back(k.case, "intake")  # rationale is required
    with pytest.raises(TypeError):
        db.phases.start(k.case, None)
    with pytest.raises(mend.EncodingError):
        db.phases.override(k.case, "safety_stabilisation", rationale="Reviewed \udcff")
    with pytest.raises(mend.EncodingError):
        db.phases.advance(k.case, "safety\x00stabilisation")
    with pytest.raises(mend.InvalidArgument):
        db.phases.start(k.solo_case, "betrayal_trauma_individual", on="2026-02-30")
    with pytest.raises(mend.NotFound):
        db.phases.evaluate(999999)
    assert db.phases.history(k.case).current_phase == "intake"
