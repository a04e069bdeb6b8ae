"""FHIR R4 import through the Python package (db.fhir_import, db.fhir_import_file):
the fixture Bundle (valid R4 by HL7's schema) of two Patients and a PHQ-9
QuestionnaireResponse becomes two clients and an administration scored by mend with
its safety flag; importing again updates; a disagreeing host total is reported; a
bad entry stores nothing; bad codes, unknown instruments and bad JSON are refused."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

import mend

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import fhir_validate  # noqa: E402

BUNDLE_PATH = Path(__file__).resolve().parents[1] / "support" / "fhir" / "import_bundle.json"


@pytest.fixture
def bundle():
    return json.loads(BUNDLE_PATH.read_text())


def counts(db):
    """(clients, PHQ-9 administrations) as the public API sees them."""
    clients = [c.id for c in db.clients.list(include_archived=True)]
    return len(clients), sum(len(db.measures.series(c, "phq9").points) for c in clients)


def test_the_fixture_is_valid_r4(bundle):
    assert fhir_validate.validate(bundle) == []


def test_import_then_import_again(db, bundle):
    before = counts(db)
    s = db.fhir_import(bundle)
    assert [(p["path"], p["action"]) for p in s["patients"]] == [
        ("Bundle.entry[0].resource", "created"), ("Bundle.entry[1].resource", "created")]
    (a,) = s["administrations"]
    assert a["instrument"] == "phq9" and a["total"] == 9 and a["host_total"] == 9
    assert a["total_mismatch"] is False
    assert a["flags"] == ["suicidal_ideation"]  # item 9 answered "several days"
    assert a["client_id"] == s["patients"][0]["client_id"]
    assert counts(db) == (before[0] + 2, before[1] + 1)

    again = db.fhir_import_file(BUNDLE_PATH)
    assert [p["action"] for p in again["patients"]] == ["updated", "updated"]
    assert [p["client_id"] for p in again["patients"]] == [p["client_id"] for p in s["patients"]]
    assert counts(db) == (before[0] + 2, before[1] + 2)
    # JSON text works as a dict does.
    assert db.fhir_import(json.dumps(bundle))["patients"][0]["action"] == "updated"


def test_a_host_total_that_disagrees_is_reported(db, bundle):
    bundle["entry"][2]["resource"]["item"][-1]["answer"][0]["valueInteger"] = 12
    (a,) = db.fhir_import(bundle)["administrations"]
    assert (a["total"], a["host_total"], a["total_mismatch"]) == (9, 12, True)


def test_the_case(db, bundle):
    s = db.fhir_import({"resourceType": "Bundle", "entry": bundle["entry"][:2]})
    dana, sam = (p["client_id"] for p in s["patients"])
    case = db.cases.create(client_id=dana)
    other = db.cases.create(client_id=sam)
    qr = bundle["entry"][2]["resource"]
    qr["subject"] = {"identifier": {"system": "urn:mend:external-id", "value": "ehr-101"}}
    (a,) = db.fhir_import(qr, case_id=case)["administrations"]
    assert db.measures.get(a["id"]).case_id == case
    before = counts(db)
    with pytest.raises(mend.ConstraintViolation, match="QuestionnaireResponse: that case is not this client's"):
        db.fhir_import(qr, case_id=other)
    assert counts(db) == before


def test_all_or_nothing(db, bundle):
    bad = copy.deepcopy(bundle)
    extra = copy.deepcopy(bundle["entry"][1])
    extra["resource"]["identifier"] = [{"system": "urn:mend:external-id", "value": "ehr-404"}]
    extra["resource"]["birthDate"] = "1980-13-01"
    bad["entry"].append(extra)
    before = counts(db)
    with pytest.raises(mend.InvalidArgument, match=r"Bundle\.entry\[3\]\.resource\.birthDate"):
        db.fhir_import(bad)
    assert counts(db) == before


def test_refusals(db, bundle):
    patient = copy.deepcopy(bundle["entry"][1]["resource"])
    patient["gender"] = "F"
    with pytest.raises(mend.InvalidArgument, match="Patient.gender must be one of"):
        db.fhir_import(patient)
    qr = copy.deepcopy(bundle["entry"][2]["resource"])
    qr["questionnaire"] = "urn:mend:questionnaire:nope"
    with pytest.raises(mend.InvalidArgument, match="QuestionnaireResponse.questionnaire names no instrument"):
        db.fhir_import(qr)
    qr["questionnaire"] = "urn:mend:questionnaire:phq9"
    qr["status"] = "in-progress"
    with pytest.raises(mend.InvalidArgument, match="QuestionnaireResponse.status must be completed or amended"):
        db.fhir_import(qr)
    with pytest.raises(mend.InvalidArgument, match="not valid JSON"):
        db.fhir_import('{"resourceType": ')
    with pytest.raises(mend.InvalidArgument):
        db.fhir_import(bundle, case_id=-1)
    with pytest.raises(TypeError):
        db.fhir_import(42)  # type: ignore[arg-type]
    with pytest.raises(mend.NotFound, match="no file at that path"):
        db.fhir_import_file("/nonexistent/bundle.json")


def test_identifiers_that_name_two_clients_are_refused(db):
    a = db.clients.create(given_name="Ann", family_name="One", external_id="EHR-A")
    b = db.clients.create(given_name="Ben", family_name="Two", external_id="EHR-B")

    def patient(*identifiers):
        return {"resourceType": "Patient", "identifier": list(identifiers),
                "name": [{"use": "official", "family": "Forged", "given": ["X"]}]}

    mend_id = lambda n: {"system": "urn:mend:client", "value": str(n)}  # noqa: E731
    ext = lambda v: {"system": "urn:mend:external-id", "value": v}  # noqa: E731
    with pytest.raises(mend.InvalidArgument, match="two different clients"):
        db.fhir_import(patient(mend_id(a), ext("EHR-B")))
    with pytest.raises(mend.InvalidArgument, match="not the external id"):
        db.fhir_import(patient(mend_id(a), ext("EHR-NEW")))
    assert (db.clients.get(a).family_name, db.clients.get(a).external_id) == ("One", "EHR-A")
    assert (db.clients.get(b).family_name, db.clients.get(b).external_id) == ("Two", "EHR-B")
    # Agreeing identifiers update that client.
    assert db.fhir_import(patient(mend_id(a), ext("EHR-A")))["patients"][0]["client_id"] == a
    assert db.clients.get(a).family_name == "Forged"


def test_a_subject_identifier_of_a_host_system_is_refused(db, bundle):
    qr = copy.deepcopy([e["resource"] for e in bundle["entry"]
                        if e["resource"]["resourceType"] == "QuestionnaireResponse"][0])
    db.clients.create(given_name="Mo", family_name="Mrn", external_id="MRN-9")
    qr["subject"] = {"identifier": {"system": "http://hospital.example.org/mrn", "value": "MRN-9"}}
    with pytest.raises(mend.InvalidArgument, match=r"QuestionnaireResponse\.subject\.identifier\.system"):
        db.fhir_import(qr)
    qr["subject"] = {"identifier": {"system": "urn:mend:external-id", "value": "MRN-9"}}
    assert len(db.fhir_import(qr)["administrations"]) == 1
