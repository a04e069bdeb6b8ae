"""The example scripts, run as a practice would run them, against a temp database."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from typing import List

import pytest

import mend

from conftest import EXAMPLES, PYTHON, subprocess_env

CSV = EXAMPLES / "data" / "clients.csv"
SCRIPTS = ["import_clients_csv.py", "blocked_at_trauma_gate.py", "caseload_report.py", "export_case_report.py"]

#: Arguments a script needs besides --db and --as.
EXTRA = {"import_clients_csv.py": [str(CSV)], "export_case_report.py": ["--case", "1"]}


def run(script: str, *args: str, pythonpath: bool = True) -> subprocess.CompletedProcess:
    env = subprocess_env()
    if not pythonpath:  # the scripts find bindings/python from a source checkout themselves
        env.pop("PYTHONPATH")
    return subprocess.run([PYTHON, str(EXAMPLES / script), *args], env=env, capture_output=True,
                          text=True, timeout=300, cwd="/")


@pytest.fixture
def practice(where) -> str:
    with mend.open(where, create=True) as db:
        db.init_practice("Harbour Counselling", display_name="Dr. Ada Admin", external_id="ADM-1")
        db.clinicians.create(display_name="Dr. Maya Okafor", credentials="LMFT", external_id="CLN-1")
        db.clinicians.create(display_name="Ben Adler", external_id="CLN-2")
        db.clinicians.create(display_name="Sol Ruiz", role="supervisor", external_id="SUP-1")
    return where


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script):
    r = run(script, "--help")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: ") and "--db FILE" in r.stdout and "--as ACTOR" in r.stdout


@pytest.mark.parametrize("script", SCRIPTS)
def test_unknown_actor_fails_cleanly(practice, script):
    extra: List[str] = EXTRA.get(script, [])
    r = run(script, "--db", practice, "--as", "NOBODY", *extra)
    assert r.returncode == 2
    assert r.stderr.strip().startswith("error: no clinician has that external id [MEND_ENOTFOUND]")


def test_import_clients_csv(practice):
    r = run("import_clients_csv.py", "--db", practice, "--as", "CLN-1", str(CSV), pythonpath=False)
    assert r.returncode == 1, r.stderr  # one row rejected
    assert r.stdout.splitlines() == [
        "row 5: rejected: date_of_birth is not a day of the calendar [MEND_EINVAL]",
        "imported 5 rows, rejected 1 row",
    ]
    for secret in ("Jordan", "Okoye", "1991-02-30", "EHR-1005", "jordan"):
        assert secret not in r.stdout + r.stderr  # no client data in the report
    with mend.open(practice, actor="CLN-1") as db:
        clients = list(db.clients.list())
        assert [(c.external_id, c.given_name, c.family_name) for c in clients] == [
            ("EHR-1001", "Lena", "Vogel"), ("EHR-1002", "Tomas", "Vogel"), ("EHR-1003", "Priya", "Raman"),
            ("EHR-1004", "Marcus", "Bell"), ("EHR-1006", "Inês", "Duarte")]
        tom = db.clients.get_external("EHR-1002")
        assert (tom.preferred_name, tom.pronouns, tom.email, tom.phone, tom.date_of_birth.isoformat()) == (
            "Tom", "he/him", None, "555-010-1002", "1982-11-03")
    # Again: every row is now a duplicate, except the bad one which is still bad.
    r = run("import_clients_csv.py", "--db", practice, "--as", "CLN-1", str(CSV))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[-1] == "imported 0 rows, rejected 6 rows"
    assert lines[0] == "row 1: rejected: that external_id is already used by another client [MEND_EEXISTS]"
    assert lines[4] == "row 5: rejected: date_of_birth is not a day of the calendar [MEND_EINVAL]"


def test_import_strict_imports_nothing(practice):
    r = run("import_clients_csv.py", "--db", practice, "--as", "ADM-1", "--strict", str(CSV))
    assert r.returncode == 1
    assert r.stdout.splitlines()[-1] == "imported 0 rows: --strict and 1 of 6 rows rejected"
    with mend.open(practice, actor="ADM-1") as db:
        assert list(db.clients.list()) == []


def test_import_all_good_rows_and_bad_bytes(practice, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("given_name,family_name,date_of_birth\nAmara,Osei,1995-07-04\nLi,Wei,\n", encoding="utf-8")
    r = run("import_clients_csv.py", "--db", practice, "--as", "CLN-2", str(good))
    assert (r.returncode, r.stdout) == (0, "imported 2 rows, rejected 0 rows\n")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"given_name,family_name\nNo\xffra,Bell\nAnna,Berg\n,Blank\nX,Y,extra\n")
    r = run("import_clients_csv.py", "--db", practice, "--as", "CLN-2", str(bad))
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "row 1: rejected: given_name is not valid UTF-8 (it holds a lone surrogate) [MEND_EENCODING]",
        "row 3: rejected: given_name is required",
        "row 4: rejected: more fields than the header names",
        "imported 1 row, rejected 3 rows",
    ]
    with mend.open(practice, actor="CLN-2") as db:
        assert [c.given_name for c in db.clients.list()] == ["Amara", "Li", "Anna"]


def test_import_bad_header(practice, tmp_path):
    f = tmp_path / "cols.csv"
    f.write_text("given_name,surname\nA,B\n")
    r = run("import_clients_csv.py", "--db", practice, "--as", "ADM-1", str(f))
    assert r.returncode == 2
    assert "unknown column 'surname'" in r.stderr and "missing required column 'family_name'" in r.stderr


def _cases(where: str):
    """Lena & Tomas in conjoint work with Maya, Lena individually alongside, Priya on hold,
    Marcus closed, and a couple led by Ben."""
    with mend.open(where, actor="ADM-1") as db:
        maya = db.clinicians.get_external("CLN-1").id
        ben = db.clinicians.get_external("CLN-2").id
        mk = lambda g, f, **kw: db.clients.create(given_name=g, family_name=f, **kw)  # noqa: E731
        lena, tomas = mk("Lena", "Vogel"), mk("Tomas", "Vogel", preferred_name="Tom")
        priya, marcus = mk("Priya", "Raman"), mk("Marcus", "Bell")
        ana, rui = mk("Ana", "Costa"), mk("Rui", "Costa")
        vogels = db.couples.create(client_a_id=lena, client_b_id=tomas, secrets_policy="limited_secrets")
        costas = db.couples.create(client_a_id=ana, client_b_id=rui, secrets_policy="no_secrets")
        ids = {
            "conj": db.cases.create(couple_id=vogels, primary_clinician_id=maya, opened_on="2026-01-05"),
            "costas": db.cases.create(couple_id=costas, primary_clinician_id=ben, opened_on="2026-02-10"),
        }
        ids["lena"] = db.cases.create(client_id=lena, primary_clinician_id=maya, linked_case_id=ids["conj"],
                                      opened_on="2026-01-12")
        ids["priya"] = db.cases.create(client_id=priya, primary_clinician_id=maya, status="on_hold",
                                       opened_on="2026-03-01")
        ids["marcus"] = db.cases.create(client_id=marcus, primary_clinician_id=maya, opened_on="2026-01-01",
                                        closed_on="2026-03-01")
        ids["old_costas"] = db.cases.create(couple_id=costas, primary_clinician_id=ben, opened_on="2025-01-01",
                                            closed_on="2025-06-01")
        return ids


def test_caseload_report_text(practice):
    ids = _cases(practice)
    r = run("caseload_report.py", "--db", practice, "--as", "SUP-1")
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0].startswith("Caseload report, ") and out[0].endswith("as Sol Ruiz (supervisor): all clinicians")
    body = "\n".join(out[1:])
    assert body == f"""
Dr. Ada Admin: no open cases

Dr. Maya Okafor, LMFT: 3 open cases
  individual (2)
    #{ids['lena']:<5} {'Lena Vogel':<40} opened 2026-01-12  alongside #{ids['conj']}
    #{ids['priya']:<5} {'Priya Raman':<40} opened 2026-03-01  on hold
  conjoint (1)
    #{ids['conj']:<5} {'Lena Vogel & Tom Vogel':<40} opened 2026-01-05

Ben Adler: 1 open case
  conjoint (1)
    #{ids['costas']:<5} {'Ana Costa & Rui Costa':<40} opened 2026-02-10

Sol Ruiz: no open cases"""
    assert "Marcus" not in r.stdout  # closed cases are not open


def test_caseload_report_json_and_clinician_scope(practice):
    ids = _cases(practice)
    r = run("caseload_report.py", "--db", practice, "--as", "CLN-2", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["actor"]["display_name"] == "Ben Adler" and report["scope"] == "the cases you lead"
    assert [c["display_name"] for c in report["clinicians"]] == ["Ben Adler"]  # a clinician sees their own
    ben = report["clinicians"][0]
    assert ben["open_cases"] == 1 and ben["cases"]["individual"] == []
    assert ben["cases"]["conjoint"] == [{"case_id": ids["costas"], "external_id": None,
                                         "opened_on": "2026-02-10", "status": "open",
                                         "couple_id": ben["cases"]["conjoint"][0]["couple_id"],
                                         "name": "Ana Costa & Rui Costa"}]
    r = run("caseload_report.py", "--db", practice, "--as", "1", "--json")
    report = json.loads(r.stdout)
    maya = next(c for c in report["clinicians"] if c["display_name"] == "Dr. Maya Okafor")
    assert [e["case_id"] for e in maya["cases"]["individual"]] == [ids["lena"], ids["priya"]]
    assert [e["name"] for e in maya["cases"]["individual"]] == ["Lena Vogel", "Priya Raman"]
    assert maya["cases"]["individual"][0]["linked_case_id"] == ids["conj"]
    assert [c["open_cases"] for c in report["clinicians"]] == [0, 3, 1, 0]


def _day(n: int) -> str:
    return (dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=n)).isoformat()


PCL5_42 = [3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 0]


def _at(db, n: int) -> None:
    """The handle's clock at noon (UTC) n days ago: the histories are built in date order."""
    db.set_now(f"{_day(n)}T12:00:00Z")


def _gate_cases(where: str):
    """The Kims at the decision point, held only by Alex's high PCL-5; the Vogels there too,
    with an ongoing affair; the Costas (Ben's) in intake; Lena's case on no protocol."""
    with mend.open(where, actor="ADM-1") as db:
        _at(db, 200)
        maya = db.clinicians.get_external("CLN-1").id
        ben = db.clinicians.get_external("CLN-2").id
        mk = lambda g, f, **kw: db.clients.create(given_name=g, family_name=f, **kw)  # noqa: E731
        alex, sam = mk("Alexandra", "Kim", preferred_name="Alex"), mk("Sam", "Kim")
        lena, tomas = mk("Lena", "Vogel"), mk("Tomas", "Vogel", preferred_name="Tom")
        ana, rui = mk("Ana", "Costa"), mk("Rui", "Costa")
        pair = lambda a, b: db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="no_secrets")  # noqa: E731
        ids = {"kim": db.cases.create(couple_id=pair(alex, sam), primary_clinician_id=maya, opened_on=_day(200)),
               "vogel": db.cases.create(couple_id=pair(lena, tomas), primary_clinician_id=maya,
                                        opened_on=_day(200)),
               "costa": db.cases.create(couple_id=pair(ana, rui), primary_clinician_id=ben, opened_on=_day(30)),
               "lena": db.cases.create(client_id=lena, primary_clinician_id=maya, opened_on=_day(20))}
        # Overridden through the early gates, each on its day; nobody was screened then, so
        # violence was not known to be absent and each override states a safety plan.
        plan = "Private screens at the next sessions; crisis line given to both partners"
        for case, betrayed in ((ids["kim"], alex), (ids["vogel"], lena)):
            _at(db, 120)
            db.phases.start(case, "betrayal_trauma_couples", betrayed_client_id=betrayed, on=_day(120))
            for n, phase in ((110, "safety_stabilisation"), (100, "impact_meaning"), (90, "decision_point")):
                if n == 90 and case == ids["kim"]:
                    # The Kims: screened privately, consenting and agreeing their boundaries.
                    _at(db, 95)
                    for partner in (alex, sam):
                        db.safety.create_screen(partner, ipv="none", suicide_risk="none", administered_on=_day(95))
                        db.attestations.create(ids["kim"], "conjoint_consent", client_id=partner)
                    db.agreements.create(ids["kim"], "boundary", "No contact with the affair partner; phones open")
                _at(db, n)
                db.phases.override(case, phase, rationale="Assessed in supervision", safety_plan=plan, on=_day(n))
        _at(db, 25)
        db.phases.start(ids["costa"], "betrayal_trauma_couples", on=_day(25))
        # The Kims: everything but Alex's trauma symptoms, asked at the decision point,
        # and screened again (a screen older than 90 days leaves violence unknown).
        _at(db, 10)
        for partner in (alex, sam):
            db.safety.create_screen(partner, ipv="none", suicide_risk="none", administered_on=_day(10))
        db.attestations.create(ids["kim"], "relational_readiness", client_id=alex)
        db.attestations.create(ids["kim"], "decision", "committed_work")
        for partner in (alex, sam):
            db.attestations.create(ids["kim"], "relational_consent", client_id=partner)
        _at(db, 5)
        db.measures.create(alex, "felt_safety", [7], administered_on=_day(5))
        db.measures.create(alex, "pcl5", PCL5_42, administered_on=_day(60))
        # The Vogels: contact with the affair partner goes on (recorded today).
        db.set_now(None)
        db.attestations.create(ids["vogel"], "affair_ongoing", client_id=tomas)
        return ids


def test_blocked_at_trauma_gate(practice):
    ids = _gate_cases(practice)
    r = run("blocked_at_trauma_gate.py", "--db", practice, "--as", "CLN-1", pythonpath=False)
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[:6] == [
        "Held at the trauma gate: 2 of 2 cases on a protocol",
        "",
        f"case #{ids['kim']}: Decision point (decision_point) since {_day(90)}, 90 days",
        "  Begin relational work (the trauma gate) -> relational_repair: blocked",
        f"  [not met] PCL-5 for Alex: 42 on {_day(60)}; needs < 33 on 2 administrations >= 14 days apart",
        "",
    ]
    assert out[6:9] == [
        f"case #{ids['vogel']}: Decision point (decision_point) since {_day(90)}, 90 days",
        "  Begin relational work (the trauma gate) -> relational_repair: SUSPENDED",
        f"  [PRESENT] The affair or contact with the affair partner is ongoing: recorded on {_day(0)}",
    ]
    vogel = out[9:]
    assert "  [unknown] PCL-5 for Lena: no administration yet; needs < 33 on 2 administrations >= 14 days apart" in vogel
    assert all(line.startswith(("  [not met] ", "  [unknown] ")) for line in vogel)
    assert len(vogel) == 6  # trauma, readiness, decision, consent, boundaries kept, felt safety; no open flags is met
    assert "  [not met] No active boundary agreement; needs one kept for 8 weeks" in vogel
    assert "Costa" not in r.stdout  # in intake: not at the gate (and not Maya's)

    # --json: the same, for programs.
    r = run("blocked_at_trauma_gate.py", "--db", practice, "--as", "CLN-1", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["checked"] == 2 and [b["case_id"] for b in report["blocked"]] == [ids["kim"], ids["vogel"]]
    kim = report["blocked"][0]
    assert (kim["phase"], kim["gate"], kim["suspended"], kim["contraindications"]) == (
        "decision_point", {"to": "relational_repair", "name": "Begin relational work (the trauma gate)"}, False, [])
    assert kim["unmet"] == [{"id": "trauma_symptoms", "kind": "measure_sustained", "status": "not_met",
                             "sentence": f"PCL-5 for Alex: 42 on {_day(60)}; needs < 33 on 2 administrations "
                                         ">= 14 days apart"}]
    assert [c["code"] for c in report["blocked"][1]["contraindications"]] == ["affair_ongoing"]

    # Ben sees only the Costas' case, in intake: nothing held at the gate.
    r = run("blocked_at_trauma_gate.py", "--db", practice, "--as", "CLN-2")
    assert (r.returncode, r.stdout) == (0, "Held at the trauma gate: 0 of 1 case on a protocol\n")

    # Once Alex's symptoms have settled, the Kims' gate opens and they leave the list.
    with mend.open(practice, actor="CLN-1") as db:
        alex = next(c.id for c in db.clients.list() if c.given_name == "Alexandra")
        for n in (30, 10):
            db.measures.create(alex, "pcl5", [1] * 20, administered_on=_day(n))
        assert db.phases.evaluate(ids["kim"]).relational.open
    r = run("blocked_at_trauma_gate.py", "--db", practice, "--as", "ADM-1")
    assert r.stdout.splitlines()[0] == "Held at the trauma gate: 1 of 3 cases on a protocol"
    assert f"case #{ids['kim']}:" not in r.stdout and f"case #{ids['vogel']}:" in r.stdout


def _report_case(where: str):
    """Lena (betrayed) and Tomas in Maya's conjoint case: PCL-5s for Lena, a joint session
    and one of Tomas alone, both notes signed; a release copy for Lena."""
    with mend.open(where, actor="CLN-1") as db:
        lena = db.clients.create(given_name="Lena", family_name="Vogel")
        tomas = db.clients.create(given_name="Tomas", family_name="Vogel")
        couple = db.couples.create(client_a_id=lena, client_b_id=tomas, secrets_policy="confidential")
        case = db.cases.create(couple_id=couple, opened_on=_day(60))
        db.phases.start(case, "betrayal_trauma_couples", betrayed_client_id=lena, on=_day(55))
        db.measures.create(lena, "pcl5", PCL5_42, administered_on=_day(50))
        db.measures.create(lena, "pcl5", [1] * 20, administered_on=_day(20))
        joint = db.sessions.create(case, starts_at=f"{_day(40)}T10:00", duration_minutes=50,
                                   participants=[lena, tomas], identified_patient_id=lena, cpt_code="90847")
        alone = db.sessions.create(case, starts_at=f"{_day(35)}T10:00", duration_minutes=45,
                                   participants=[tomas], cpt_code="90834")
        for session, text in ((joint, "Joint work: jointcanary"), (alone, "Tomas alone: tomascanary")):
            db.notes.sign(db.notes.create(session, "free", text=text))
        release = db.releases.create(case, lena, recipient="Lena Vogel", purpose="client request",
                                     expires_on=dt.date.today() + dt.timedelta(days=30))
        html = db.reports.render(case_id=case, generated_on=_day(0))
        return case, release, html


def test_export_case_report(practice, tmp_path):
    case, release, html = _report_case(practice)
    out = tmp_path / "case.html"
    r = run("export_case_report.py", "--db", practice, "--as", "CLN-1", "--case", str(case),
            "--out", str(out), "--date", _day(0), pythonpath=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""  # the report goes to the file only
    assert r.stderr == f"wrote the html report of case {case} to {out}\n"
    assert out.read_text(encoding="utf-8") == html  # what the binding renders, byte for byte
    assert "Lena Vogel" in html and "jointcanary" not in html  # no note text unless asked

    # JSON to standard output: the snapshot.
    r = run("export_case_report.py", "--db", practice, "--as", "CLN-1", "--case", str(case), "--format", "json",
            "--notes")
    assert r.returncode == 0, r.stderr
    snap = json.loads(r.stdout)
    assert (snap["schema"], snap["case"]["id"], snap["release"]) == ("mend.report.case/1", case, None)
    assert [p["total"] for m in snap["measures"] for p in m["points"]] == [42.0, 20.0]
    assert "jointcanary" in r.stdout and "tomascanary" not in r.stdout  # an individual session's: never

    # The release copy for Lena: nothing of Tomas's individual record; no joint content yet.
    copy = tmp_path / "copy.md"
    r = run("export_case_report.py", "--db", practice, "--as", "CLN-1", "--case", str(case),
            "--release", str(release), "--format", "markdown", "--notes", "--out", str(copy))
    assert r.returncode == 0, r.stderr
    assert r.stderr == f"wrote the markdown report of release copy {release} of case {case} to {copy}\n"
    text = copy.read_text(encoding="utf-8")
    assert text.startswith("# Treatment-phase report") and "Lena Vogel" in text
    assert "tomascanary" not in text and "jointcanary" not in text and "Tomas" not in text

    # Refusals: another clinician's case, a bad release, a bad format.
    r = run("export_case_report.py", "--db", practice, "--as", "CLN-2", "--case", str(case), "--out", str(out))
    assert r.returncode == 2 and r.stderr == "error: no case has that id [MEND_ENOTFOUND]\n"
    assert out.read_text(encoding="utf-8") == html  # left as it was
    r = run("export_case_report.py", "--db", practice, "--as", "CLN-1", "--case", str(case), "--release", "99")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.strip().endswith("[MEND_ENOTFOUND]")
    r = run("export_case_report.py", "--db", practice, "--as", "CLN-1", "--case", str(case), "--format", "pdf")
    assert r.returncode == 2 and "invalid choice: 'pdf'" in r.stderr
    r = run("export_case_report.py", "--db", practice, "--as", "CLN-1", "--case", "0")
    assert r.returncode == 2 and "not a record id" in r.stderr
