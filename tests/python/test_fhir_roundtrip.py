"""FHIR R4 round trips through the Python package: a Patient imported and exported
again keeps its names, birth date, contacts and identifier; a QuestionnaireResponse
imported and exported again keeps every answer; and the exported resources import
back as updates of the same client, never as a second one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest  # noqa: F401

import mend

BUNDLE_PATH = Path(__file__).resolve().parents[1] / "support" / "fhir" / "import_bundle.json"


def entries(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def answers(qr):
    """{linkId: the option chosen}: a LOINC answer code read as its option's value on the
    form (mend's Questionnaire), an integer as itself, as a host would read them."""
    form = {i["linkId"]: i for i in mend.fhir_questionnaire("phq9")["item"]}
    out = {}
    for item in qr["item"]:
        [a] = item["answer"]
        if "valueCoding" in a:
            codes = [o.get("valueCoding", {}).get("code") for o in form[item["linkId"]]["answerOption"]]
            out[item["linkId"]] = codes.index(a["valueCoding"]["code"])
        else:
            out[item["linkId"]] = a["valueInteger"]
    return out


def test_patient_and_questionnaire_response_round_trip(db):
    sent = json.loads(BUNDLE_PATH.read_text())
    summary = db.fhir_import(sent)
    [dana_id] = [p["client_id"] for p in summary["patients"] if p["path"] == "Bundle.entry[0].resource"]
    [sam_id] = [p["client_id"] for p in summary["patients"] if p["path"] == "Bundle.entry[1].resource"]

    back = db.fhir_export(client_id=dana_id)
    [dana] = entries(back, "Patient")
    [dana_sent] = [r for r in entries(sent, "Patient") if r["id"] == "p1"]
    official = lambda p: [n for n in p["name"] if n.get("use") == "official"][0]  # noqa: E731
    usual = lambda p: [n for n in p["name"] if n.get("use") == "usual"][0]  # noqa: E731
    assert official(dana)["family"] == official(dana_sent)["family"] == "Reyes"
    assert official(dana)["given"] == official(dana_sent)["given"] == ["Dana", "Maria"]
    assert usual(dana)["given"] == usual(dana_sent)["given"] == ["Dee"]
    assert dana["birthDate"] == dana_sent["birthDate"] == "1984-05-02"
    assert sorted((t["system"], t["value"]) for t in dana["telecom"]) == sorted(
        (t["system"], t["value"]) for t in dana_sent["telecom"])
    assert dana_sent["identifier"][0] in dana["identifier"]  # urn:mend:external-id ehr-101, use usual

    # A host identifier in another system is kept as the external id's value.
    [sam] = entries(db.fhir_export(client_id=sam_id), "Patient")
    assert {"system": "urn:mend:external-id", "value": "MRN-202", "use": "usual"} in sam["identifier"]
    assert sam["birthDate"] == "1982-11-20"

    # Every answer of the response comes back as it was sent.
    [qr_sent] = entries(sent, "QuestionnaireResponse")
    [qr] = entries(back, "QuestionnaireResponse")
    assert qr["questionnaire"] == qr_sent["questionnaire"] == "urn:mend:questionnaire:phq9|1"
    sent_answers = {k: v for k, v in answers(qr_sent).items() if k != "total"}
    assert answers(qr) == sent_answers and len(sent_answers) >= 9
    assert any("valueInteger" in i["answer"][0] for i in qr_sent["item"])  # both kinds were sent

    # The exported Patient imports back as an update of the same client.
    again = db.fhir_import({"resourceType": "Bundle", "type": "collection",
                            "entry": [{"resource": dana}]})
    assert again["patients"] == [{"path": "Bundle.entry[0].resource", "client_id": dana_id,
                                  "action": "updated"}]
    [dana2] = entries(db.fhir_export(client_id=dana_id), "Patient")
    assert dana2["name"] == dana["name"] and dana2["birthDate"] == dana["birthDate"]


@pytest.mark.parametrize("code", mend.catalog()["instruments"])
def test_every_instruments_answers_round_trip(db, code):
    """Each built-in instrument (reverse-scored CSI items, 0-10 scales, LOINC-coded and
    integer answers): a response with a different option on each item comes back with
    the same option on each item."""
    q = mend.fhir_questionnaire(code)
    client = db.clients.create(given_name="Round", family_name="Trip")
    items, chosen = [], {}
    for k, item in enumerate(q["item"]):
        options = item["answerOption"]
        option = options[(k * 3 + 1) % len(options)]
        value = option.get("valueInteger")
        answer = {"valueInteger": value} if value is not None else {
            "valueCoding": {c: option["valueCoding"][c] for c in ("system", "code")}}
        chosen[item["linkId"]] = options.index(option)
        items.append({"linkId": item["linkId"], "answer": [answer]})
    sent = {"resourceType": "QuestionnaireResponse", "questionnaire": q["url"], "status": "completed",
            "subject": {"reference": f"Patient/client-{client}"}, "item": items}
    [imported] = db.fhir_import(sent)["administrations"]
    [qr] = entries(db.fhir_export(client_id=client), "QuestionnaireResponse")
    got = {}
    for item in qr["item"]:
        [a] = item["answer"]
        options = [i for i in q["item"] if i["linkId"] == item["linkId"]][0]["answerOption"]
        key = ("valueCoding", a["valueCoding"]["code"]) if "valueCoding" in a else ("valueInteger", a["valueInteger"])
        got[item["linkId"]] = [i for i, o in enumerate(options)
                               if (o.get("valueCoding", {}).get("code") if key[0] == "valueCoding"
                                   else o.get("valueInteger")) == key[1]][0]
    assert got == chosen
    assert imported["total"] is not None
