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
