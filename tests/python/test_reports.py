"""Reports and releases through db.reports and db.releases, as in
tests/cli/test_report_cli.sh: deterministic output, well-formed self-contained HTML
whose chart points are the data, the JSON snapshot, the caseload report, and the
release copy that holds nothing of the other partner's individual record (and joint
content only with both authorisations). Dates are relative to today (UTC).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

import mend

TODAY = dt.datetime.now(dt.timezone.utc).date()
D = TODAY.isoformat()

PCL5_42 = [3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 0]
PCL5_24 = [2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1]


def day(n: int) -> str:
    """n days before today (UTC), as "YYYY-MM-DD"."""
    return (TODAY - dt.timedelta(days=n)).isoformat()


def at(db, n: int) -> None:
    """Set the handle's clock to noon (UTC) n days before today: the history is built in
    date order, each attestation and move on the day it happens."""
    db.set_now(f"{day(n)}T12:00:00Z")


def in_days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@dataclass
class Couple:
    """Zoë Ødegård (betrayed) and Bo "O'Brien <b>", confidential policy, in Alice's case:
    safety and stabilisation since 80 days ago; Zoë's PCL-5 42 then 24, Bo's PHQ-9 and
    CSI-4; a joint session (jointcanary), Bo alone (bosecretcanary), Zoë alone
    (zoecanary), every note signed; a process note on the joint session."""

    a: int
    b: int
    case: int
    notes: tuple


@pytest.fixture
def couple(db, staff) -> Couple:
    db.set_actor(staff.alice)
    at(db, 90)
    a = db.clients.create(given_name="Zoë", family_name="Ødegård")
    b = db.clients.create(given_name="Bo", family_name="O'Brien <b>")
    pair = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="confidential", children_in_household=1)
    case = db.cases.create(couple_id=pair, opened_on=day(90))
    at(db, 85)
    db.phases.start(case, "betrayal_trauma_couples", betrayed_client_id=a, on=day(85))
    at(db, 84)
    for c in (a, b):
        db.safety.create_screen(c, ipv="none", suicide_risk="none", administered_on=day(84))
        db.attestations.create(case, "conjoint_consent", client_id=c)
    at(db, 80)
    db.phases.advance(case, "safety_stabilisation", on=day(80))
    db.set_now(None)  # the rest is entered today, as before
    db.measures.create(a, "pcl5", PCL5_42, administered_on=day(60))
    db.measures.create(a, "pcl5", PCL5_24, administered_on=day(30))
    db.measures.create(b, "phq9", [2, 2, 2, 1, 1, 1, 1, 1, 0], administered_on=day(40))
    db.measures.create(b, "csi4", [3, 2, 2, 2], administered_on=day(40))
    s1 = db.sessions.create(case, starts_at=f"{day(50)}T10:00", duration_minutes=50, participants=[a, b],
                            identified_patient_id=a, cpt_code="90847")
    s2 = db.sessions.create(case, starts_at=f"{day(45)}T10:00", duration_minutes=45, participants=[b],
                            cpt_code="90834")
    s3 = db.sessions.create(case, starts_at=f"{day(44)}T10:00", duration_minutes=45, participants=[a],
                            cpt_code="90834")
    n1 = db.notes.create(s1, "free", text="Joint session: jointcanary discussed the disclosure")
    n2 = db.notes.create(s2, "free", text="Bo alone: bosecretcanary about the affair")
    n3 = db.notes.create(s3, "free", text="Zoë alone: zoecanary on sleep")
    for n in (n1, n2, n3):
        db.notes.sign(n)
    db.process_notes.create(s1, "processcanary countertransference")
    return Couple(a, b, case, (n1, n2, n3))


def parse_html(html: str) -> ET.Element:
    """The report as XML (it is well-formed XHTML after its doctype line)."""
    assert html.startswith("<!DOCTYPE")
    return ET.fromstring(html.split("\n", 1)[1])


def chart_points(root: ET.Element, client_id: int, instrument: str):
    """(data-date, data-total) of the points of one client's chart of one instrument."""
    [svg] = [e for e in root.iter() if e.tag.endswith("svg") and e.get("data-client-id") == str(client_id)
             and e.get("data-instrument") == instrument]
    return [(c.get("data-date"), c.get("data-total")) for c in svg.iter()
            if c.tag.endswith("circle") and c.get("class") == "point"], svg


# -- case reports ----------------------------------------------------------------------------


def test_html_is_deterministic_self_contained_and_charts_the_data(db, couple, tmp_path):
    first = db.reports.render(case_id=couple.case, generated_on=D)
    assert isinstance(first, str)
    assert db.reports.render("case", format="html", case_id=couple.case, generated_on=TODAY) == first
    assert "<script" not in first.lower()
    assert "https://" not in first and "http://" not in first.replace("http://www.w3.org/", "")
    root = parse_html(first)
    # The chart points are the series, date for date, total for total.
    for client, instrument in ((couple.a, "pcl5"), (couple.b, "phq9"), (couple.b, "csi4")):
        points, svg = chart_points(root, client, instrument)
        series = db.measures.series(client, instrument)
        assert [(d, float(t)) for d, t in points] == [(p.date.isoformat(), p.total) for p in series.points]
    points, svg = chart_points(root, couple.a, "pcl5")
    assert points == [(day(60), "42"), (day(30), "24")]
    assert "33" in [e.get("data-value") for e in svg.iter() if e.get("class") == "cutoff"]
    # Names are escaped, never markup: the parsed text holds them as written.
    text = "".join(root.itertext())
    assert "Zoë Ødegård" in text and "O'Brien <b>" in text
    assert not any(e.tag.endswith("}b") or e.tag == "b" for e in root.iter())

    # Note text: joint sessions only; an individual session's never in a couple
    # report unless shared; process notes never.
    with_text = db.reports.render(case_id=couple.case, generated_on=D, include_note_text=True)
    assert "jointcanary" in with_text
    for secret in ("bosecretcanary", "zoecanary", "processcanary"):
        assert secret not in with_text and secret not in first
    assert "jointcanary" not in first

    # write(): the same bytes in a file, put in place whole.
    reports = tmp_path / "reports"
    reports.mkdir()
    out = reports / "report.html"
    assert db.reports.write(out, case_id=couple.case, generated_on=D) is None
    assert out.read_text(encoding="utf-8") == first
    db.reports.write(str(reports / "report.md"), format="markdown", case_id=couple.case, generated_on=D)
    assert (reports / "report.md").read_text(encoding="utf-8").startswith("# Treatment-phase report")
    assert sorted(p.name for p in reports.iterdir()) == ["report.html", "report.md"]  # no .part left
    with pytest.raises(mend.InvalidArgument):
        db.reports.write(reports / "no" / "such" / "dir.html", case_id=couple.case)
    with pytest.raises(TypeError):
        db.reports.write(b"/tmp/x.html", case_id=couple.case)
    with pytest.raises(TypeError):
        db.reports.write(None, case_id=couple.case)


def test_json_snapshot(db, couple):
    snap = db.reports.snapshot(case_id=couple.case, generated_on=D)
    assert json.loads(db.reports.render(format="json", case_id=couple.case, generated_on=D)) == snap
    assert (snap["schema"], snap["kind"], snap["generated_on"]) == ("mend.report.case/1", "couple_case", D)
    assert snap["period"] == {"from": day(90), "to": D}
    assert snap["gate"]["phase"] == "safety_stabilisation"
    assert [t["phase"] for t in snap["phase_timeline"]] == ["intake", "safety_stabilisation"]
    assert [c["id"] for c in snap["clients"]] == [couple.a, couple.b]
    assert [c["role"] for c in snap["clients"]] == ["betrayed", "involved"]
    assert snap["couple"]["children_in_household"] == 1 and snap["release"] is None
    assert [p["total"] for m in snap["measures"] if m["instrument"] == "pcl5" for p in m["points"]] == [42.0, 24.0]
    assert sorted((m["client_id"], m["instrument"]) for m in snap["measures"]) == sorted(
        [(couple.a, "pcl5"), (couple.b, "phq9"), (couple.b, "csi4")])
    assert snap["sessions"]["total"] == 3
    assert sorted(c["code"] for c in snap["sessions"]["by_cpt"]) == ["90834", "90847"]
    assert {c["code"]: c["count"] for c in snap["sessions"]["by_cpt"]} == {"90834": 2, "90847": 1}
    assert [n["id"] for n in snap["notes"]] == list(couple.notes)
    assert [n["type"] for n in snap["notes"]] == ["joint session", "individual session", "individual session"]
    assert all(n["text"] is None for n in snap["notes"])
    # The period bounds what is shown.
    part = db.reports.snapshot(case_id=couple.case, generated_on=D, from_date=day(45), to_date=TODAY)
    assert part["period"] == {"from": day(45), "to": D}
    assert [p["total"] for m in part["measures"] if m["instrument"] == "pcl5" for p in m["points"]] == [24.0]
    assert part["sessions"]["total"] == 2
    assert db.reports.render(format="markdown", case_id=couple.case).startswith("# Treatment-phase report")


def test_report_arguments(db, couple, staff):
    with pytest.raises(TypeError):
        db.reports.render()  # a case report names its case
    with pytest.raises(TypeError):
        db.reports.render(case_id=couple.case, clinician_id=staff.alice)  # a caseload argument
    with pytest.raises(TypeError):
        db.reports.render(case_id=couple.case, overdue_weeks=4)
    with pytest.raises(TypeError):
        db.reports.render("caseload", case_id=couple.case)
    with pytest.raises(TypeError):
        db.reports.render("caseload", include_note_text=True)
    with pytest.raises(TypeError):
        db.reports.render(case_id=str(couple.case))
    with pytest.raises(TypeError):
        db.reports.render(case_id=couple.case, include_note_text=1)
    with pytest.raises(TypeError):
        db.reports.render(case_id=couple.case, generated_on=dt.datetime.now())
    with pytest.raises(TypeError):
        db.reports.render(case_id=couple.case, format=None)
    with pytest.raises(mend.InvalidArgument):
        db.reports.render(case_id=0)
    with pytest.raises(mend.InvalidArgument):
        db.reports.render(case_id=couple.case, release_id=0)  # None means none
    with pytest.raises(mend.InvalidArgument):
        db.reports.render("caseload", overdue_weeks=0)
    with pytest.raises(mend.InvalidArgument) as e:
        db.reports.render(case_id=couple.case, format="pdf")
    assert "format must be" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.reports.render("summary", case_id=couple.case)
    assert "kind must be one of: case, caseload" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.reports.render(case_id=couple.case, generated_on="2026-02-30")
    with pytest.raises(mend.InvalidArgument) as e:
        db.reports.render(case_id=couple.case, from_date=day(10), to_date=day(20))
    assert "to is before from" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.reports.render("caseload", overdue_weeks=105)
    with pytest.raises(mend.EncodingError):
        db.reports.render(case_id=couple.case, format="ht\udcffml")
    with pytest.raises(mend.NotFound):
        db.reports.render(case_id=99999)
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound):
        db.reports.render(case_id=couple.case)
    with pytest.raises(mend.NotFound):
        db.reports.snapshot(case_id=couple.case)


# -- releases -----------------------------------------------------------------------------


def test_release_copy_holds_nothing_of_the_other_partner(db, couple, staff):
    a, b = couple.a, couple.b
    with pytest.raises(mend.InvalidArgument) as e:
        db.releases.create(couple.case, 99999, recipient="Zoë", purpose="client request", expires_on=in_days(30))
    assert "client of the case" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.releases.create(couple.case, a, recipient="Zoë", purpose="client request", expires_on=day(1))
    assert "in the past" in e.value.message
    with pytest.raises(TypeError):
        db.releases.create(couple.case, a, recipient="Zoë", purpose="client request", expires_on=None)
    with pytest.raises(TypeError):
        db.releases.create(couple.case, a, recipient=None, purpose="client request", expires_on=in_days(30))
    rel = db.releases.create(couple.case, a, recipient="Zoë Ødegård", purpose="client request",
                             expires_on=in_days(30))
    assert isinstance(rel, int)

    def copy() -> tuple:
        snap = db.reports.snapshot(case_id=couple.case, release_id=rel, include_note_text=True, generated_on=D)
        return snap, json.dumps(snap, ensure_ascii=False)

    snap, text = copy()
    assert snap["release"] == {"id": rel, "for_client_id": a, "for_name": "Zoë Ødegård", "to": "Zoë Ødegård",
                               "purpose": "client request", "joint_content": False,
                               "expires_on": in_days(30).isoformat()}
    assert [c["id"] for c in snap["clients"]] == [a]
    assert (snap["gate"], snap["couple"], snap["phase_timeline"], snap["agreements"]) == (None, None, [], [])
    assert sorted({m["client_id"] for m in snap["measures"]}) == [a]
    assert {m["instrument"] for m in snap["measures"]} == {"pcl5"}  # none of Bo's PHQ-9 or CSI-4
    assert "zoecanary" in text
    for absent in ("bosecretcanary", "jointcanary", "O'Brien", "processcanary", "phq9", "csi4"):
        assert absent not in text, absent
    assert snap["sessions"]["total"] == 1

    # Joint content once both partners authorised it; Bo's own record never.
    db.releases.authorise(rel, a)
    with pytest.raises(mend.InvalidState) as e:
        db.releases.authorise(rel, a)
    assert "already authorised" in e.value.message
    snap, text = copy()
    assert snap["release"]["joint_content"] is False and "jointcanary" not in text
    with pytest.raises(mend.InvalidArgument):
        db.releases.authorise(rel, 99999)
    with pytest.raises(mend.NotFound):
        db.releases.authorise(99999, a)
    db.releases.authorise(rel, b)
    snap, text = copy()
    assert snap["release"]["joint_content"] is True
    assert len(snap["phase_timeline"]) == 2 and snap["gate"] is None
    assert "jointcanary" in text and "zoecanary" in text
    for absent in ("bosecretcanary", "processcanary", "phq9", "csi4"):
        assert absent not in text, absent
    assert sorted({m["client_id"] for m in snap["measures"]}) == [a]
    assert snap["sessions"]["total"] == 2
    html = db.reports.render(case_id=couple.case, release_id=rel, include_note_text=True, generated_on=D)
    assert "Prepared for" in html and "bosecretcanary" not in html
    parse_html(html)

    # Bo's copy mirrors it: none of Zoë's individual record.
    bo_rel = db.releases.create(couple.case, b, recipient="Bo's lawyer", purpose="legal", expires_on=in_days(7))
    bo = json.dumps(db.reports.snapshot(case_id=couple.case, release_id=bo_rel, include_note_text=True))
    assert "bosecretcanary" in bo and "zoecanary" not in bo and "jointcanary" not in bo and "pcl5" not in bo

    with pytest.raises(mend.NotFound):
        db.reports.render(case_id=couple.case, release_id=99999)
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound):
        db.reports.render(case_id=couple.case, release_id=rel)
    with pytest.raises(mend.NotFound):
        db.releases.authorise(bo_rel, b)
    with pytest.raises(mend.NotFound):
        db.releases.create(couple.case, a, recipient="x", purpose="y", expires_on=in_days(1))
    db.set_actor(staff.admin)
    events = [(e.action, e.object_type, e.object_id) for e in db.audit(limit=10000)]
    assert events.count(("release", "release", rel)) == 4  # each copy rendered
    assert events.count(("authorise", "release", rel)) == 2
    assert events.count(("create", "release", rel)) == 1


# -- what the record tells: late entries, overdue reviews, the period, both partners ----------


def test_late_entries_in_the_snapshot_and_both_renderers(db, couple):
    # The fixture's notes were signed today, 44 to 50 days after their sessions: late.
    # A note signed the day after its session is not.
    s4 = db.sessions.create(couple.case, starts_at=f"{day(1)}T10:00", duration_minutes=50,
                            participants=[couple.a, couple.b], identified_patient_id=couple.a, cpt_code="90847")
    n4 = db.notes.create(s4, "free", text="on time")
    db.notes.sign(n4)
    snap = db.reports.snapshot(case_id=couple.case, generated_on=D)
    assert [(n["id"], n["late_entry"]) for n in snap["notes"]] == [
        (couple.notes[0], True), (couple.notes[1], True), (couple.notes[2], True), (n4, False)]
    md = db.reports.render(case_id=couple.case, format="markdown", generated_on=D)
    assert "| Signed on | Late entry | Addenda |" in md
    assert md.count("| **Yes** |") == 3 and md.count("| No |") == 1
    assert "A late entry is a note signed more than 3 days after its session." in md
    root = parse_html(db.reports.render(case_id=couple.case, generated_on=D))
    late = ["".join(td.itertext()) for td in root.iter() if td.tag.endswith("td") and td.get("class") == "late-entry"]
    assert late == ["Yes", "Yes", "Yes"]


def test_overdue_agreement_review_needs_attention(db, couple):
    due = db.agreements.create(couple.case, "boundary", "No contact", agreed_on=day(60), review_on=day(10))
    kept = db.agreements.create(couple.case, "transparency", "Phone open", agreed_on=day(60), review_on=day(20))
    db.agreements.update(kept, "kept")
    later = db.agreements.create(couple.case, "boundary", "Later", agreed_on=day(60), review_on=in_days(10))
    snap = db.reports.snapshot(case_id=couple.case, generated_on=D)
    assert {a["id"]: a["review_overdue"] for a in snap["agreements"]} == {due: True, kept: False, later: False}
    md = db.reports.render(case_id=couple.case, format="markdown", generated_on=D)
    assert "> - The review of 1 agreement is overdue (see \u201cAgreements\u201d)." in md
    assert f"**\u26a0 {day(10)} (review overdue)**" in md and md.count("(review overdue)") == 1
    html = db.reports.render(case_id=couple.case, generated_on=D)
    assert f"&#9888; {day(10)} (review overdue)" in html and "The review of 1 agreement is overdue" in html
    # As of the review date itself, not yet overdue; an agreement made after the report's date is not in it.
    early = db.reports.snapshot(case_id=couple.case, generated_on=day(10))
    assert {a["id"]: a["review_overdue"] for a in early["agreements"]} == {due: False, kept: False, later: False}
    assert [a["id"] for a in db.reports.snapshot(case_id=couple.case, generated_on=day(61))["agreements"]] == []


def test_administrations_outside_the_period_stay_out(db, couple):
    # Before the case opened (90 days ago) and after the report's date.
    db.measures.create(couple.a, "pcl5", PCL5_42, administered_on=day(95))
    snap = db.reports.snapshot(case_id=couple.case, generated_on=day(20))
    assert snap["period"] == {"from": day(90), "to": day(20)}
    [pcl] = [m for m in snap["measures"] if m["instrument"] == "pcl5"]
    assert [p["date"] for p in pcl["points"]] == [day(60), day(30)]
    root = parse_html(db.reports.render(case_id=couple.case, generated_on=day(20)))
    assert [d for d, _ in chart_points(root, couple.a, "pcl5")[0]] == [day(60), day(30)]
    md = db.reports.render(case_id=couple.case, format="markdown", generated_on=day(20))
    assert day(95) not in md
    # A period that starts earlier shows it; one that ends earlier leaves the later points out.
    wide = db.reports.snapshot(case_id=couple.case, generated_on=D, from_date=day(100))
    assert [p["date"] for m in wide["measures"] if m["instrument"] == "pcl5" for p in m["points"]] == [
        day(95), day(60), day(30)]
    short = db.reports.snapshot(case_id=couple.case, generated_on=day(45))
    assert [p["date"] for m in short["measures"] if m["instrument"] == "pcl5" for p in m["points"]] == [day(60)]


def test_involved_partner_in_the_clinical_range(db, couple):
    # Bo (the involved partner): PHQ-9 of 11, moderate; the clinical range is 10 or more.
    snap = db.reports.snapshot(case_id=couple.case, generated_on=D)
    [phq] = [m for m in snap["measures"] if m["instrument"] == "phq9"]
    assert phq["clinical_range"] == {"comparator": ">=", "value": 10.0}
    callouts = [d["sentence"] for d in snap["dyadic"] if d["kind"] == "involved_partner"]
    assert callouts == [f"Bo's PHQ-9 of 11 ({day(40)}) is moderate, in the clinical range (10 or more): the "
                        "involved partner can be suffering too and needs care in their own right."]
    assert callouts[0] in db.reports.render(case_id=couple.case, format="markdown", generated_on=D)
    # Zoë's PCL-5 of 24 is below its range; she is not the involved partner anyway.
    assert not any("Zoë" in d["sentence"] for d in snap["dyadic"] if d["kind"] == "involved_partner")
    # Release copies, for either partner and with joint content: no callout, no PHQ-9.
    for client in (couple.a, couple.b):
        rel = db.releases.create(couple.case, client, recipient="r", purpose="p", expires_on=in_days(30))
        db.releases.authorise(rel, couple.a)
        db.releases.authorise(rel, couple.b)
        copy = db.reports.snapshot(case_id=couple.case, release_id=rel, generated_on=D)
        assert copy["dyadic"] == []
        text = db.reports.render(case_id=couple.case, release_id=rel, format="markdown", generated_on=D)
        assert "clinical range (10 or more)" not in text and "suffering too" not in text


TRUST = {"code": "dyadic_trust", "version": 1, "name": "Dyadic trust (practice licence)", "abbreviation": "DT",
         "higher_is_better": True,
         "items": [{"number": 1, "min": 1, "max": 7}, {"number": 2, "min": 1, "max": 7, "reverse": True}],
         "reliable_change": {"method": "jacobson_truax", "sd": 2.0, "reliability": 0.9}}


def test_loaded_instrument_once_at_its_latest_version_and_in_the_caseload(db, couple, staff):
    db.set_actor(staff.admin)
    db.measures.load_instrument(TRUST)
    db.measures.load_instrument(dict(TRUST, version=2, abbreviation="DT-2"))
    db.set_actor(staff.alice)
    db.measures.create(couple.b, "dyadic_trust", [5, 3], administered_on=day(2))
    snap = db.reports.snapshot(case_id=couple.case, generated_on=D)
    trust = [m for m in snap["measures"] if m["instrument"] == "dyadic_trust"]
    assert [(m["client_id"], m["abbreviation"], len(m["points"])) for m in trust] == [(couple.b, "DT-2", 1)]
    root = parse_html(db.reports.render(case_id=couple.case, generated_on=D))
    assert len(chart_points(root, couple.b, "dyadic_trust")[0]) == 1
    # The caseload sees Bo's measure of 2 days ago: only Zoë (4 weeks) is overdue.
    caseload = db.reports.snapshot("caseload", generated_on=D)
    assert [(o["client_name"], o["weeks_since"]) for o in caseload["overdue_measures"]] == [("Zoë Ødegård", 4)]


# -- caseload reports ------------------------------------------------------------------------


def test_caseload_snapshot(db, couple, staff):
    snap = db.reports.snapshot("caseload", generated_on=D)  # Alice: her own caseload
    assert (snap["schema"], snap["generated_on"], snap["overdue_after_weeks"]) == ("mend.report.caseload/1", D, 4)
    assert snap["clinician"]["name"] == "Alice Ng" and snap["clinician"]["id"] == staff.alice
    assert [c["id"] for c in snap["cases"]] == [couple.case]
    assert snap["cases"][0]["phase"] == "safety_stabilisation" and snap["cases"][0]["days_in_phase"] == 80
    assert snap["cases"][0]["label"] == "Zoë Ødegård & Bo O'Brien <b>"
    assert snap["blocked"][0]["case_id"] == couple.case
    assert "At least 4 weeks of stabilisation" not in snap["blocked"][0]["unmet"]
    assert [o["weeks_since"] for o in snap["overdue_measures"]] == [4, 5]
    assert [o["weeks_since"] for o in db.reports.snapshot("caseload", overdue_weeks=5)["overdue_measures"]] == [5]
    assert sum(w["count"] for w in snap["sessions_per_week"]) == 3
    assert snap["open_flags"] == []
    parse_html(db.reports.render("caseload", generated_on=D))
    db.set_actor(staff.bob)
    assert db.reports.snapshot("caseload")["cases"] == []
    with pytest.raises(mend.PermissionDenied):
        db.reports.snapshot("caseload", clinician_id=staff.alice)
    db.set_actor(staff.admin)
    assert db.reports.snapshot("caseload")["clinician"] is None  # the whole practice
    for_alice = db.reports.snapshot("caseload", clinician_id=staff.alice, generated_on=D)
    assert for_alice["clinician"]["name"] == "Alice Ng"
    assert [c["id"] for c in for_alice["cases"]] == [couple.case]
    assert db.reports.snapshot("caseload", clinician_id=staff.bob)["cases"] == []
    with pytest.raises(mend.NotFound):
        db.reports.snapshot("caseload", clinician_id=99999)


# -- a report's date fixes what it shows -------------------------------------------------------


def test_generated_on_fixes_the_report(db, couple):
    snap = db.reports.snapshot(case_id=couple.case, generated_on=day(47))
    assert snap["period"]["to"] == day(47)
    assert snap["sessions"]["total"] == 1  # the sessions of 45 and 44 days ago come later
    assert snap["phase_timeline"][-1]["days"] == 80 - 47


def test_accounting_of_disclosures(db, couple, staff):
    """Every release that holds any of a client's record, each time it was provided
    (45 CFR 164.528); a partner's release counts once it holds joint content."""
    assert db.releases.accounting(couple.a)["disclosures"] == []
    rel = db.releases.create(couple.case, couple.a, recipient="Zoë's GP", purpose="continuity of care",
                             expires_on=in_days(30))
    db.reports.render(case_id=couple.case, release_id=rel)
    db.fhir_export(couple.case, release_id=rel)
    acc = db.releases.accounting(couple.a)
    assert acc["client_id"] == couple.a and acc["generated_on"] == D
    [d] = acc["disclosures"]
    assert (d["release_id"], d["case_id"], d["for_client_id"], d["recipient"], d["purpose"]) == (
        rel, couple.case, couple.a, "Zoë's GP", "continuity of care")
    assert d["holds"] == {"own_record": True, "joint_content": False}
    assert d["authorised_by"] == [] and len(d["provided"]) == 2
    assert d["expires_on"] == in_days(30).isoformat() and d["created_on"] == D
    # Bo's record is not in it until it holds the couple's joint content.
    assert db.releases.accounting(couple.b)["disclosures"] == []
    db.releases.authorise(rel, couple.a)
    db.releases.authorise(rel, couple.b)
    [d] = db.releases.accounting(couple.b)["disclosures"]
    assert d["holds"] == {"own_record": False, "joint_content": True}
    assert sorted(d["authorised_by"]) == sorted([couple.a, couple.b])
    with pytest.raises(mend.NotFound):
        db.releases.accounting(99999)
    db.set_actor(staff.admin)
    assert any(e.action == "accounting" and e.object_id == couple.b for e in db.audit(limit=1000))
