"""FHIR R4 export through the Python package: every built-in instrument as a
Questionnaire, valid against HL7's R4 4.0.1 JSON schema (tests/support/fhir_validate.py),
with LOINC codes where they exist and the answers a portal needs to administer it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import mend

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import fhir_validate  # noqa: E402

LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


@pytest.mark.parametrize("code", mend.catalog()["instruments"])
def test_every_builtin_questionnaire_is_valid_r4(code):
    q = mend.fhir_questionnaire(code)
    assert fhir_validate.validate(q) == []
    assert q["resourceType"] == "Questionnaire" and q["status"] == "active"
    assert q["url"] == f"urn:mend:questionnaire:{code}"
    assert q["copyright"]  # the licence travels with the form
    assert all(item["answerOption"] for item in q["item"])
    # linkId is the item's number on the printed form (the CSI-16 keeps the CSI-32's).
    links = [i["linkId"] for i in q["item"]]
    assert len(set(links)) == len(links) and all(link.isdigit() for link in links)
    assert q["id"].startswith("mend-") and q["id"].endswith("-v1")


def test_phq9_codes_and_answers():
    q = mend.fhir_questionnaire("phq9")
    assert q["code"][0] == {"system": LOINC, "code": "44249-1", "display": "Patient Health Questionnaire-9"}
    assert len(q["item"]) == 10
    item9 = q["item"][8]
    assert item9["code"][0]["system"] == LOINC and item9["required"] is True
    options = [o["valueCoding"] for o in item9["answerOption"]]
    assert [(o["code"], o["extension"][0]["url"], o["extension"][0]["valueDecimal"]) for o in options] == [
        ("LA6568-5", ORDINAL, 0), ("LA6569-3", ORDINAL, 1), ("LA6570-1", ORDINAL, 2), ("LA6571-9", ORDINAL, 3)]
    # Item 10 (difficulty) is not scored: its options are plain values, and it may be left out.
    assert q["item"][9]["answerOption"][0] == {"valueInteger": 0}
    assert q["item"][9]["required"] is False


def test_the_validator_would_catch_a_broken_export():
    q = mend.fhir_questionnaire("gad7")
    q["item"][0]["answerOption"] = q["item"][0]["answerOption"][0]  # an object, not an array
    assert any(e.startswith("Questionnaire.item[0].answerOption") for e in fhir_validate.validate(q))


def test_bad_codes():
    with pytest.raises(mend.NotFound):
        mend.fhir_questionnaire("nope")
    with pytest.raises(mend.InvalidArgument):
        mend.fhir_questionnaire("")
    with pytest.raises(mend.EncodingError):
        mend.fhir_questionnaire("phq\udcff")


def test_the_practices_instruments(db):
    q = db.fhir_questionnaire("pcl5")
    assert fhir_validate.validate(q) == []
    assert q["code"][0]["code"] == "101697-1"
    with pytest.raises(mend.NotFound):
        db.fhir_questionnaire("nope")


# ---- a gate evaluation as a CDS Hooks card -----------------------------------

PCL5_42 = [3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 0]
RELATIONAL = "Relational work not yet indicated"
AFFAIR = "The affair or contact with the affair partner is ongoing"


def _couple_at_decision_point(db):
    """Jo (betrayed) and Kai, screened, moved to the decision point by overrides, with a
    high PCL-5 for Jo: the trauma gate is blocked."""
    jo = db.clients.create(given_name="Joanna", preferred_name="Jo", family_name="Quist")
    kai = db.clients.create(given_name="Kai", family_name="Quist")
    couple = db.couples.create(client_a_id=jo, client_b_id=kai, secrets_policy="limited_secrets")
    case = db.cases.create(couple_id=couple)
    db.phases.start(case, "betrayal_trauma_couples", betrayed_client_id=jo)
    card = db.fhir_card(case)["cards"]
    assert card[0]["indicator"] == "warning"  # nobody screened: not known to be safe
    assert card[0]["summary"] == "Not known to be safe: Current intimate-partner violence or coercion"
    assert "not yet screened for Jo and Kai" in card[0]["detail"]
    db.safety.create_screen(jo, ipv="none", suicide_risk="none")
    db.safety.create_screen(kai, ipv="none", suicide_risk="none")
    for phase in ("safety_stabilisation", "impact_meaning", "decision_point"):
        db.phases.override(case, phase, rationale="Assessed and agreed in supervision")
    db.measures.create(jo, "pcl5", PCL5_42)
    return case, jo, kai


def test_card_relational_work_not_yet_indicated(db):
    case, jo, kai = _couple_at_decision_point(db)
    response = db.fhir_card(case)
    cards = response["cards"]
    rel = [c for c in cards if c["summary"] == RELATIONAL]
    assert len(rel) == 1 and rel[0]["indicator"] == "warning"
    detail = rel[0]["detail"]
    assert detail.startswith("As of ")
    assert ("- **The betrayed partner's trauma symptoms have settled, consistently over time** "
            "(not met): PCL-5 for Jo: 42 on ") in detail
    assert "(not met): No active boundary agreement" in detail
    assert rel[0]["source"] == {"label": "mend phase protocol",
                                "topic": {"system": "urn:mend:protocol", "code": "betrayal_trauma_couples",
                                          "version": "1",
                                          "display": "Betrayal-trauma recovery, couples (trauma first)"}}
    assert [c["indicator"] for c in cards] == ["warning", "info"]
    for c in cards:
        assert set(c) == {"summary", "indicator", "detail", "source"}
        assert len(c["summary"]) < 140
        assert "Jo" not in c["summary"] and "Kai" not in c["summary"] and "Quist" not in c["summary"]
    # The same as of the date given: the practice's today, as the evaluation reports it.
    assert db.fhir_card(case, on=db.phases.evaluate(case).as_of) == response


def test_card_contraindication_is_critical_and_first(db):
    case, jo, kai = _couple_at_decision_point(db)
    db.attestations.create(case, "affair_ongoing", client_id=kai)
    cards = db.fhir_card(case)["cards"]
    assert cards[0]["indicator"] == "critical"
    assert cards[0]["summary"] == f"Contraindication present: {AFFAIR}"
    assert "The protocol is suspended by a contraindication." in cards[0]["detail"]
    rel = [c for c in cards if c["summary"] == RELATIONAL][0]
    assert f"Suspended by: {AFFAIR}." in rel["detail"]


def test_card_errors(db, staff):
    case, jo, kai = _couple_at_decision_point(db)
    with pytest.raises(mend.NotFound):
        db.fhir_card(999999)
    with pytest.raises(mend.InvalidArgument):
        db.fhir_card(case, on="2026-02-30")
    with pytest.raises(mend.InvalidArgument):
        db.fhir_card(case, on="2999-01-01")
    with pytest.raises(mend.NotFound):
        db.fhir_card(0)
    solo = db.cases.create(client_id=db.clients.create(given_name="Solo", family_name="Client"))
    with pytest.raises(mend.InvalidState):
        db.fhir_card(solo)
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound):
        db.fhir_card(case)
