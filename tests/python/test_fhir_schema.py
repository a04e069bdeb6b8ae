"""The FHIR R4 validator (tests/support/fhir_validate.py) passes valid resources
and bites on invalid ones, naming the path of each error.

It checks against HL7's official R4 4.0.1 JSON schema (third_party/fhir-r4);
mend's FHIR exports are to be validated with it.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SUPPORT = REPO / "tests" / "support"
sys.path.insert(0, str(SUPPORT))

import fhir_validate  # noqa: E402

SCHEMA_SHA256 = "2230406893b4cf002a4ee1e5e2bbeca22ac5d2d4931b3e9ef7b9594bbc376a01"

QUESTIONNAIRE = {
    "resourceType": "Questionnaire",
    "id": "phq-2",
    "status": "active",
    "item": [
        {
            "linkId": "1",
            "text": "Little interest or pleasure in doing things",
            "type": "choice",
            "answerOption": [
                {"valueCoding": {"system": "http://loinc.org", "code": "LA6568-5",
                                 "display": "Not at all"}},
                {"valueCoding": {"system": "http://loinc.org", "code": "LA6569-3",
                                 "display": "Several days"}},
            ],
        }
    ],
}

PATIENT = {
    "resourceType": "Patient",
    "id": "p1",
    "name": [{"family": "Doe", "given": ["Jane"]}],
    "gender": "female",
    "birthDate": "1980-02-29",
}


def bundle(*resources):
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:00000000-0000-0000-0000-00000000000{i}",
                   "resource": r} for i, r in enumerate(resources)],
    }


def errors_at(resource, path):
    """The errors of ``resource`` whose path is exactly ``path``."""
    errors = fhir_validate.validate(resource)
    assert errors, "expected errors, the resource passed"
    return [e for e in errors if e.split(": ", 1)[0] == path]


def test_vendored_schema_is_r4_4_0_1():
    with gzip.open(fhir_validate.SCHEMA_PATH, "rb") as f:
        raw = f.read()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256
    schema = fhir_validate.schema()
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    assert schema["$schema"] == "http://json-schema.org/draft-06/schema#"
    definitions = schema["definitions"]
    assert "answerOption" in definitions["Questionnaire_Item"]["properties"]
    assert "4.0.1" in definitions["CapabilityStatement"]["properties"]["fhirVersion"]["enum"]
    for gone in ("ExpansionProfile", "DeviceComponent", "UserSession", "ItemInstance",
                 "EntryDefinition"):
        assert gone not in definitions


@pytest.mark.parametrize("resource", [QUESTIONNAIRE, PATIENT, bundle(QUESTIONNAIRE, PATIENT)],
                         ids=["questionnaire", "patient", "bundle"])
def test_valid_resources_pass(resource):
    assert fhir_validate.validate(resource) == []


def test_unknown_property():
    q = dict(QUESTIONNAIRE, colour="blue")
    assert errors_at(q, "Questionnaire.colour")


def test_status_outside_its_value_set():
    q = dict(QUESTIONNAIRE, status="bogus")
    (error,) = errors_at(q, "Questionnaire.status")
    assert "bogus" in error


def test_answer_option_must_be_an_array():
    q = copy.deepcopy(QUESTIONNAIRE)
    q["item"][0]["answerOption"] = q["item"][0]["answerOption"][0]
    assert errors_at(q, "Questionnaire.item[0].answerOption")


def test_answer_option_element_path():
    q = copy.deepcopy(QUESTIONNAIRE)
    q["item"][0]["answerOption"][1] = {"valueCoding": {"code": 7}}
    assert errors_at(q, "Questionnaire.item[0].answerOption[1].valueCoding.code")


def test_birth_date_pattern():
    p = dict(PATIENT, birthDate="2026-13-45")
    (error,) = errors_at(p, "Patient.birthDate")
    assert "2026-13-45" in error


def test_invalid_resource_inside_a_bundle():
    b = bundle(QUESTIONNAIRE, dict(PATIENT, birthDate="2026-13-45"))
    assert errors_at(b, "Bundle.entry[1].resource.birthDate")
    assert fhir_validate.validate(b) == errors_at(b, "Bundle.entry[1].resource.birthDate")


def test_bundle_entry_of_an_unknown_resource_type():
    b = bundle({"resourceType": "Frobnicator"})
    (error,) = errors_at(b, "Bundle.entry[0].resource")
    assert "Frobnicator" in error


def test_command_line(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(bundle(QUESTIONNAIRE, PATIENT)))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(QUESTIONNAIRE, status="bogus")))
    script = str(SUPPORT / "fhir_validate.py")
    ok = subprocess.run(["/usr/bin/python3", script, str(good)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    fail = subprocess.run(["/usr/bin/python3", script, str(good), str(bad)],
                          capture_output=True, text=True)
    assert fail.returncode == 1
    assert f"{bad}: Questionnaire.status:" in fail.stdout
    assert str(good) not in fail.stdout
