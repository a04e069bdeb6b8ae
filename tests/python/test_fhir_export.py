"""FHIR R4 export of a case, a release and a client's record (db.fhir_export): every
bundle valid against HL7's R4 4.0.1 JSON schema (whose enums are the value sets of
Encounter, Flag, Consent, EpisodeOfCare and Patient.gender) plus the small value sets
the schema leaves open; the mapping of docs/fhir-mapping.md; and partner privacy: a
bundle made for one partner's release holds no canary of the other partner's
individual notes, searched in the JSON and in every decoded note attachment."""

from __future__ import annotations

import base64
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

import mend
from test_reports import PCL5_42, Couple, couple, day, in_days  # noqa: F401  (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import fhir_validate  # noqa: E402

CPT = "http://www.ama-assn.org/go/cpt"
PSY = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "PSY",
       "display": "psychiatry information sensitivity"}


def resources(bundle, kind=None):
    return [e["resource"] for e in bundle["entry"] if kind is None or e["resource"]["resourceType"] == kind]


def all_text(bundle) -> str:
    """The bundle's JSON with every note attachment decoded: where a canary would be."""
    parts = [json.dumps(bundle, ensure_ascii=False)]
    for d in resources(bundle, "DocumentReference"):
        for c in d["content"]:
            if "data" in c["attachment"]:
                parts.append(base64.b64decode(c["attachment"]["data"]).decode("utf-8"))
    return "\n".join(parts)


def references(node):
    """Every Reference.reference in the bundle."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "reference" and isinstance(v, str):
                yield v
            else:
                yield from references(v)
    elif isinstance(node, list):
        for v in node:
            yield from references(v)


def check_valid(bundle) -> None:
    assert fhir_validate.validate(bundle) == []
    assert fhir_validate.value_set_errors(bundle) == []
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    # Every reference resolves inside the bundle: none points at a record it does not hold.
    held = {f"{r['resourceType']}/{r['id']}" for r in resources(bundle)}
    assert set(references(bundle)) <= held, set(references(bundle)) - held
    for r in resources(bundle):
        assert PSY in r["meta"]["security"], r["resourceType"]
        assert f"/{r['resourceType']}/{r['id']}" in urls[resources(bundle).index(r)]


def test_case_bundle_maps_the_whole_case(db, couple, staff):
    db.clients.update(couple.a, external_id="EHR-7", date_of_birth="1984-02-29")
    b = db.fhir_export(couple.case)
    check_valid(b)
    assert b["type"] == "collection" and b["resourceType"] == "Bundle"
    kinds = Counter(r["resourceType"] for r in resources(b))
    assert kinds["Patient"] == 2 and kinds["Group"] == 1 and kinds["EpisodeOfCare"] == 2
    assert kinds["CarePlan"] == 1 and kinds["Encounter"] == 3 and kinds["DocumentReference"] == 3
    assert kinds["QuestionnaireResponse"] == 4 and kinds["Observation"] == 4
    # Provenance: each signature (3) and each phase change (start, advance).
    assert kinds["Provenance"] == 5
    [zoe] = [p for p in resources(b, "Patient") if p["id"] == f"client-{couple.a}"]
    assert {"system": "urn:mend:external-id", "value": "EHR-7", "use": "usual"} in zoe["identifier"]
    assert zoe["birthDate"] == "1984-02-29"
    assert zoe["name"][0] == {"use": "official", "family": "Ødegård", "given": ["Zoë"]}
    [group] = resources(b, "Group")
    assert sorted(m["entity"]["reference"] for m in group["member"]) == sorted(
        [f"Patient/client-{couple.a}", f"Patient/client-{couple.b}"])
    [plan] = resources(b, "CarePlan")
    assert plan["subject"]["reference"] == group["resourceType"] + "/" + group["id"]
    current = [a["detail"] for a in plan["activity"] if a["detail"]["status"] == "in-progress"]
    assert [d["code"]["coding"][0]["code"] for d in current] == ["safety_stabilisation"]
    # The joint session bills the identified patient with the couple's CPT code.
    joint = [e for e in resources(b, "Encounter") if e["type"][0]["coding"][0]["code"] == "90847"]
    assert joint[0]["subject"]["reference"] == f"Patient/client-{couple.a}"
    assert joint[0]["status"] == "finished" and joint[0]["length"]["value"] == 50
    # Item answers as well as totals: Zoë's first PCL-5 answers every item as given.
    pcl = [q for q in resources(b, "QuestionnaireResponse")
           if q["questionnaire"].startswith("urn:mend:questionnaire:pcl5|")
           and q["authored"] == day(60)]
    assert [i["answer"][0]["valueInteger"] for i in pcl[0]["item"]] == PCL5_42
    totals = {(o["subject"]["reference"], o["effectiveDateTime"]): o["valueQuantity"]["value"]
              for o in resources(b, "Observation")}
    assert totals[(f"Patient/client-{couple.a}", day(60))] == 42
    # PHQ-9 answers carry LOINC answer codes.
    phq = [q for q in resources(b, "QuestionnaireResponse") if "phq9" in q["questionnaire"]][0]
    assert phq["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6570-1"  # 2: more than half the days
    # A couple's bundle is joint: the joint session's note travels with its text; a
    # partner's individual session is listed without its text (it is in that client's
    # own record, db.fhir_export(client_id=...)); process notes never leave mend.
    text = all_text(b)
    assert "jointcanary" in text
    for absent in ("bosecretcanary", "zoecanary", "processcanary"):
        assert absent not in text, absent
    withheld = [d for d in resources(b, "DocumentReference") if "data" not in d["content"][0]["attachment"]]
    assert sorted(d["id"] for d in withheld) == sorted(f"note-{n}" for n in couple.notes[1:])


def test_release_bundle_holds_nothing_of_the_other_partner(db, couple, staff):
    rel = db.releases.create(couple.case, couple.a, recipient="Zoë's new therapist", purpose="continuity of care",
                             expires_on=in_days(30))
    b = db.fhir_export(couple.case, release_id=rel)
    check_valid(b)
    text = all_text(b)
    assert "zoecanary" in text
    for absent in ("bosecretcanary", "jointcanary", "processcanary", "O'Brien"):
        assert absent not in text, absent
    assert not [r for r in resources(b) if r["resourceType"] in ("Group", "CarePlan", "Goal")]
    assert {p["id"] for p in resources(b, "Patient")} == {f"client-{couple.a}"}
    [consent] = resources(b, "Consent")
    assert consent["id"] == f"release-{rel}" and consent["status"] == "active"
    assert consent["provision"]["period"]["end"] == in_days(30).isoformat()

    # With both partners' authorisation, joint content comes in; Bo's own record never.
    db.releases.authorise(rel, couple.a)
    db.releases.authorise(rel, couple.b)
    b = db.fhir_export(couple.case, release_id=rel)
    check_valid(b)
    text = all_text(b)
    assert "jointcanary" in text and "zoecanary" in text
    for absent in ("bosecretcanary", "processcanary"):
        assert absent not in text
    [bo] = [p for p in resources(b, "Patient") if p["id"] == f"client-{couple.b}"]
    assert "birthDate" not in bo and "telecom" not in bo
    assert all(o["subject"]["reference"] == f"Patient/client-{couple.a}" for o in resources(b, "Observation"))
    # A phase change's rationale is the clinicians' reasoning: never in a release.
    assert all("reason" not in p for p in resources(b, "Provenance"))


def test_client_record_bundle_and_file(db, couple, staff, tmp_path):
    b = db.fhir_export(client_id=couple.b)
    check_valid(b)
    text = all_text(b)
    assert "bosecretcanary" in text
    for absent in ("jointcanary", "zoecanary", "Ødegård"):
        assert absent not in text
    assert {q["subject"]["reference"] for q in resources(b, "QuestionnaireResponse")} == {
        f"Patient/client-{couple.b}"}
    out = tmp_path / "case.json"
    db.fhir_export_write(out, couple.case)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert [e["fullUrl"] for e in written["entry"]] == [e["fullUrl"] for e in db.fhir_export(couple.case)["entry"]]


def test_export_is_audited_and_checked(db, couple, staff):
    db.fhir_export(couple.case)
    db.set_actor(staff.admin)
    events = db.audit(limit=1000)
    db.set_actor(staff.alice)
    assert [(e.actor_id, e.outcome) for e in events
            if e.action == "export" and e.object_type == "case" and e.object_id == couple.case] == [
        (staff.alice, "ok")]
    with pytest.raises(TypeError):
        db.fhir_export()
    with pytest.raises(TypeError):
        db.fhir_export(couple.case, client_id=couple.a)
    with pytest.raises(mend.NotFound):
        db.fhir_export(99999)
    with pytest.raises(mend.NotFound):
        db.fhir_export(couple.case, release_id=99999)
    other = db.cases.create(client_id=couple.a, opened_on=day(10))
    rel = db.releases.create(couple.case, couple.a, recipient="x", purpose="y", expires_on=in_days(3))
    with pytest.raises(mend.NotFound):
        db.fhir_export(other, release_id=rel)


def test_value_set_checks_bite():
    bad = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "https://mend.invalid/fhir/Encounter/session-1",
         "resource": {"resourceType": "Encounter", "id": "session-1", "status": "done",
                      "class": {"code": "AMB"}}},
        {"fullUrl": "https://mend.invalid/fhir/CarePlan/case-1",
         "resource": {"resourceType": "CarePlan", "id": "case-1", "status": "ongoing", "intent": "plan",
                      "subject": {"reference": "Patient/client-1"}}}]}
    assert any(e.startswith("Bundle.entry[0].resource.status") for e in fhir_validate.validate(bad))
    assert fhir_validate.value_set_errors(bad) == [
        "Bundle.entry[1].resource.status: 'ongoing' is not in CarePlan.status"]


def test_diagnoses_billing_plan_and_flags(db, couple, staff):
    dx = db.diagnoses.create(couple.case, couple.a, "F43.10", onset_on=day(100))
    z63 = db.diagnoses.create(couple.case, couple.a, "Z63.0")
    old = db.diagnoses.create(couple.case, couple.b, "F43.22", onset_on=day(200))
    db.diagnoses.update(old, resolved_on=day(5))
    db.set_actor(staff.admin)
    db.clinicians.update(staff.alice, npi="1234567893")
    db.set_actor(staff.alice)
    sid = db.sessions.create(couple.case, starts_at=f"{day(3)}T10:00", duration_minutes=50,
                             participants=[couple.a, couple.b], identified_patient_id=couple.a,
                             cpt_code="90847", modality="video", place_of_service="10", modifiers=["95"],
                             diagnosis_ids=[z63, dx])
    db.plans.set(couple.case, "safety_stabilisation", {
        "problems": ["Hypervigilance since discovery"],
        "goals": [{"text": "Reduce trauma symptoms",
                   "objectives": [{"text": "PCL-5 below 33", "target_date": in_days(60).isoformat()}]}],
        "review_on": in_days(30).isoformat()})
    db.measures.create(couple.b, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2], administered_on=day(1))  # item 9 > 0
    b = db.fhir_export(couple.case)
    check_valid(b)
    conditions = {c["id"]: c for c in resources(b, "Condition")}
    assert conditions[f"diagnosis-{dx}"]["code"]["coding"][0]["code"] == "F43.10"
    assert conditions[f"diagnosis-{dx}"]["onsetDateTime"] == day(100)
    assert conditions[f"diagnosis-{old}"]["clinicalStatus"]["coding"][0]["code"] == "resolved"
    [enc] = [e for e in resources(b, "Encounter") if e["id"] == f"session-{sid}"]
    assert enc["class"]["code"] == "VR"
    assert [d["condition"]["reference"] for d in enc["diagnosis"]] == [
        f"Condition/diagnosis-{z63}", f"Condition/diagnosis-{dx}"]  # the pointers' order
    ext = {x["url"]: x for x in enc["extension"] if "Coding" in str(x)}
    assert ext["urn:mend:fhir:extension:place-of-service"]["valueCoding"]["code"] == "10"
    assert ext["urn:mend:fhir:extension:cpt-modifier"]["valueCoding"]["code"] == "95"
    [alice] = [p for p in resources(b, "Practitioner") if p["id"] == f"clinician-{staff.alice}"]
    assert {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893", "use": "official"} in alice["identifier"]
    [zoe_episode] = [e for e in resources(b, "EpisodeOfCare") if e["patient"]["reference"] == f"Patient/client-{couple.a}"]
    assert sorted(d["condition"]["reference"] for d in zoe_episode["diagnosis"]) == sorted(
        [f"Condition/diagnosis-{dx}", f"Condition/diagnosis-{z63}"])
    [goal] = resources(b, "Goal")
    assert goal["description"]["text"] == "Reduce trauma symptoms"
    assert goal["target"][0]["dueDate"] == in_days(60).isoformat()
    [plan] = resources(b, "CarePlan")
    assert plan["goal"] == [{"reference": f"Goal/{goal['id']}"}]
    flags = resources(b, "Flag")
    assert flags and all(f["status"] == "active" and f["subject"]["reference"] == f"Patient/client-{couple.b}"
                         for f in flags)
    # A release for Zoë holds her diagnoses, never Bo's, nor his flag.
    rel = db.releases.create(couple.case, couple.a, recipient="GP", purpose="care", expires_on=in_days(9))
    r = db.fhir_export(couple.case, release_id=rel)
    check_valid(r)
    assert {c["id"] for c in resources(r, "Condition")} == {f"diagnosis-{dx}", f"diagnosis-{z63}"}
    assert resources(r, "Flag") == []


def test_release_holds_no_plan_and_no_absent_billed_partner(db, couple, staff):
    db.plans.set(couple.case, "safety_stabilisation", {
        "problems": ["Hypervigilance"],
        "goals": [{"text": "Settle ZOEGOALCANARY trauma symptoms", "objectives": [{"text": "PCL-5 below 33"}]}],
        "review_on": in_days(30).isoformat()})
    # Bo alone, billed as family psychotherapy without the patient (Zoë) present.
    absent = db.sessions.create(couple.case, starts_at=f"{day(2)}T10:00", duration_minutes=50,
                                participants=[couple.b], identified_patient_id=couple.a, cpt_code="90846")
    whole = db.fhir_export(couple.case)
    check_valid(whole)
    assert "ZOEGOALCANARY" in all_text(whole)  # the clinicians' bundle holds the plan
    [enc] = [e for e in resources(whole, "Encounter") if e["id"] == f"session-{absent}"]
    assert enc["subject"]["reference"] == f"Patient/client-{couple.a}"  # billed to Zoë
    rel = db.releases.create(couple.case, couple.b, recipient="Bo's lawyer", purpose="legal",
                             expires_on=in_days(30))
    b = db.fhir_export(couple.case, release_id=rel)
    check_valid(b)  # no reference to Zoë, who is not named
    [enc] = [e for e in resources(b, "Encounter") if e["id"] == f"session-{absent}"]
    assert enc["subject"]["reference"] == f"Patient/client-{couple.b}"
    db.releases.authorise(rel, couple.a)
    db.releases.authorise(rel, couple.b)
    b = db.fhir_export(couple.case, release_id=rel)
    check_valid(b)
    assert "ZOEGOALCANARY" not in all_text(b) and resources(b, "Goal") == []


def test_client_record_leaves_out_cases_the_actor_may_not_see(db, couple, staff):
    db.set_actor(staff.admin)
    other = db.cases.create(client_id=couple.b, primary_clinician_id=staff.bob, opened_on=day(20))
    db.set_actor(staff.bob)
    s = db.sessions.create(other, starts_at=f"{day(3)}T10:00", duration_minutes=45,
                           participants=[couple.b], cpt_code="90834")
    hidden = db.notes.create(s, "free", text="bobcasecanary in another clinician's case")
    db.notes.sign(hidden)
    db.set_actor(staff.alice)
    with pytest.raises((mend.NotFound, mend.PermissionDenied)):
        db.fhir_export(other)
    b = db.fhir_export(client_id=couple.b)
    check_valid(b)
    assert "bobcasecanary" not in all_text(b) and "bosecretcanary" in all_text(b)
    assert f"note-{hidden}" not in {d["id"] for d in resources(b, "DocumentReference")}
    db.set_actor(staff.bob)
    assert "bobcasecanary" in all_text(db.fhir_export(client_id=couple.b))
