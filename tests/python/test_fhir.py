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
