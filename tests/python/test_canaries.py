"""Canaries (issue 15): distinctive words written into a psychotherapy process
note and into one partner's individual record never appear in any output made
for someone not entitled to them.

The practice: Zoë (betrayed) and Bo, confidential policy, in Alice's couple's
case; Zoë also has an individual case with Alice. The canaries:

* PROCESS: Alice's process notes (on the joint session and on Zoë's individual
  session). Only Alice's own `process-note show` holds them: no report, search,
  FHIR export, release, list or audit output, whoever asks.
* ZOE_INDIVIDUAL: a signed note in Zoë's individual case.
* ZOE_ALONE: a signed note of a session Zoë attended alone in the couple's case.
* BO_ALONE: a signed note of Bo's session alone (the mirror of ZOE_ALONE).

Every output of the sweep (Python's return values and the CLI's stdout and
stderr, in every format) is searched for each canary it must not hold, and
positive controls prove the canaries are where the entitled reader sees them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import pytest

import mend

REPO = Path(__file__).resolve().parents[2]
MEND = os.environ.get("MEND_CLI") or str(REPO / "build" / "mend")

PROCESS = "pxqcanaryprocess"
ZOE_INDIVIDUAL = "zqxcanaryindividual"
ZOE_ALONE = "zqxcanaryalone"
BO_ALONE = "bqxcanaryalone"
ALL = (PROCESS, ZOE_INDIVIDUAL, ZOE_ALONE, BO_ALONE)

TODAY = dt.datetime.now(dt.timezone.utc).date()


def day(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


@dataclass
class Practice:
    where: str
    admin: int
    supervisor: int
    alice: int
    bob: int
    zoe: int
    bo: int
    couple_case: int
    zoe_case: int
    notes: Dict[str, int]
    process_notes: List[int]
    release_for_bo: int
    release_for_zoe: int


@pytest.fixture
def practice(db, staff) -> Practice:
    db.set_actor(staff.alice)
    zoe = db.clients.create(given_name="Zoë", family_name="Canary")
    bo = db.clients.create(given_name="Bo", family_name="Canary")
    pair = db.couples.create(client_a_id=zoe, client_b_id=bo, secrets_policy="confidential")
    couple_case = db.cases.create(couple_id=pair, opened_on=day(60))
    zoe_case = db.cases.create(client_id=zoe, opened_on=day(60))
    db.measures.create(zoe, "phq9", [2, 2, 1, 1, 1, 1, 1, 1, 0], administered_on=day(30))
    joint = db.sessions.create(couple_case, starts_at=f"{day(20)}T10:00", duration_minutes=50,
                               participants=[zoe, bo], identified_patient_id=zoe, cpt_code="90847")
    zoe_alone = db.sessions.create(couple_case, starts_at=f"{day(19)}T10:00", duration_minutes=45,
                                   participants=[zoe], cpt_code="90834")
    bo_alone = db.sessions.create(couple_case, starts_at=f"{day(18)}T10:00", duration_minutes=45,
                                  participants=[bo], cpt_code="90834")
    individual = db.sessions.create(zoe_case, starts_at=f"{day(17)}T10:00", duration_minutes=45,
                                    participants=[zoe], cpt_code="90834")
    notes = {
        "joint": db.notes.create(joint, "free", text="Joint session on the disclosure"),
        ZOE_ALONE: db.notes.create(zoe_alone, "free", text=f"Zoë alone: {ZOE_ALONE} about her sister"),
        BO_ALONE: db.notes.create(bo_alone, "free", text=f"Bo alone: {BO_ALONE} about the affair"),
        ZOE_INDIVIDUAL: db.notes.create(individual, "free", text=f"Zoë's own work: {ZOE_INDIVIDUAL}"),
    }
    for n in notes.values():
        db.notes.sign(n)
    process_notes = [db.process_notes.create(joint, f"{PROCESS} countertransference"),
                     db.process_notes.create(individual, f"{PROCESS} my own reaction")]
    release_for_bo = db.releases.create(couple_case, bo, recipient="Bo", purpose="client request",
                                        expires_on=TODAY + dt.timedelta(days=30))
    release_for_zoe = db.releases.create(couple_case, zoe, recipient="Zoë", purpose="client request",
                                         expires_on=TODAY + dt.timedelta(days=30))
    db.set_actor(staff.admin)
    return Practice(db.where, staff.admin, staff.supervisor, staff.alice, staff.bob, zoe, bo, couple_case,
                    zoe_case, notes, process_notes, release_for_bo, release_for_zoe)


def text_of(value) -> str:
    """An output as text: strings as they are, anything else as its JSON and repr."""
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=repr) + repr(value)
    except TypeError:
        return repr(value)


class Sweep:
    """Outputs and the canaries each must not hold; a refusal (an error) is an output too."""

    def __init__(self) -> None:
        self.outputs: List[Tuple[str, str, Tuple[str, ...]]] = []
        self.refused = 0

    def add(self, label: str, value, forbidden: Tuple[str, ...]) -> None:
        self.outputs.append((label, text_of(value), forbidden))

    def call(self, label: str, fn: Callable[[], object], forbidden: Tuple[str, ...]) -> None:
        try:
            value = fn()
        except mend.Error as e:  # a refusal's message is output too
            value = f"{type(e).__name__}: {e}"
            self.refused += 1
        self.add(label, value, forbidden)

    def leaks(self) -> List[str]:
        return [f"{label}: {c}" for label, text, forbidden in self.outputs for c in forbidden if c in text]


NOT_PROCESS = (PROCESS,)
NOT_ZOE_INDIVIDUAL = (PROCESS, ZOE_INDIVIDUAL)
NOTHING_OF_ZOE = (PROCESS, ZOE_INDIVIDUAL, ZOE_ALONE)
NOTHING_OF_BO = (PROCESS, BO_ALONE)


def python_sweep(db: mend.Database, p: Practice) -> Sweep:
    s = Sweep()
    # Alice, who treats both cases: default outputs never hold a process note; the
    # couple's case never holds Zoë's individual case.
    db.set_actor(p.alice)
    for fmt in ("markdown", "html", "json"):
        for notes in (False, True):
            s.call(f"alice case report {fmt} notes={notes}",
                   lambda: db.reports.render(case_id=p.couple_case, format=fmt, include_note_text=notes),
                   NOT_ZOE_INDIVIDUAL)
            s.call(f"alice zoe-case report {fmt} notes={notes}",
                   lambda: db.reports.render(case_id=p.zoe_case, format=fmt, include_note_text=notes),
                   NOT_PROCESS)
            s.call(f"alice release for Bo {fmt} notes={notes}",
                   lambda: db.reports.render(case_id=p.couple_case, release_id=p.release_for_bo, format=fmt,
                                             include_note_text=notes), NOTHING_OF_ZOE)
            s.call(f"alice release for Zoë {fmt} notes={notes}",
                   lambda: db.reports.render(case_id=p.couple_case, release_id=p.release_for_zoe, format=fmt,
                                             include_note_text=notes), NOTHING_OF_BO + (ZOE_INDIVIDUAL,))
        s.call(f"alice caseload {fmt}", lambda: db.reports.render("caseload", format=fmt), ALL)
    s.call("alice snapshot", lambda: db.reports.snapshot(case_id=p.couple_case, include_note_text=True),
           NOT_ZOE_INDIVIDUAL)
    s.call("alice fhir couple case", lambda: db.fhir_export(p.couple_case), NOT_ZOE_INDIVIDUAL)
    s.call("alice fhir release for Bo", lambda: db.fhir_export(p.couple_case, release_id=p.release_for_bo),
           NOTHING_OF_ZOE)
    s.call("alice fhir Bo's record", lambda: db.fhir_export(client_id=p.bo), NOTHING_OF_ZOE)
    s.call("alice fhir Zoë's record", lambda: db.fhir_export(client_id=p.zoe), NOTHING_OF_BO)
    s.call("alice notes of Bo", lambda: db.notes.list(client_id=p.bo, include_text=True), NOTHING_OF_ZOE)
    s.call("alice notes of Zoë", lambda: db.notes.list(client_id=p.zoe, include_text=True), NOTHING_OF_BO)
    s.call("alice notes of the couple's case",
           lambda: db.notes.list(case_id=p.couple_case, include_text=True), NOT_ZOE_INDIVIDUAL)
    for word in ALL:
        s.call(f"alice search {word}", lambda: db.notes.search(word), NOT_PROCESS)
        s.call(f"alice search {word} in Bo's record", lambda: db.notes.search(word, client_id=p.bo),
               NOTHING_OF_ZOE)
    s.call("alice Bo", lambda: db.clients.get(p.bo), ALL)
    s.call("alice clients", lambda: list(db.clients.list()), ALL)
    s.call("alice accounting Bo", lambda: db.releases.accounting(p.bo), ALL)
    s.call("alice sessions", lambda: db.sessions.list(p.couple_case), ALL)
    # Bob, on no case: refused or nothing.
    db.set_actor(p.bob)
    for word in ALL:
        s.call(f"bob search {word}", lambda: db.notes.search(word), ALL)
    for fmt in ("markdown", "html", "json"):
        s.call(f"bob case report {fmt}",
               lambda: db.reports.render(case_id=p.couple_case, format=fmt, include_note_text=True), ALL)
        s.call(f"bob caseload {fmt}", lambda: db.reports.render("caseload", format=fmt), ALL)
    s.call("bob fhir", lambda: db.fhir_export(p.couple_case), ALL)
    s.call("bob fhir Zoë", lambda: db.fhir_export(client_id=p.zoe), ALL)
    for name, n in p.notes.items():
        s.call(f"bob note {name}", lambda: db.notes.get(n), ALL)
    for n in p.process_notes:
        s.call(f"bob process note {n}", lambda: db.process_notes.get(n), ALL)
    # The supervisor and the admin: audit and caseload outputs hold no content.
    for who in (p.supervisor, p.admin):
        db.set_actor(who)
        s.call(f"{who} audit", lambda: db.audit(limit=1000), ALL)
        for fmt in ("json", "csv"):
            s.call(f"{who} audit report {fmt}", lambda: db.audit_report(format=fmt), ALL)
            s.call(f"{who} audit report Zoë {fmt}", lambda: db.audit_report(client_id=p.zoe, format=fmt), ALL)
        for fmt in ("markdown", "html", "json"):
            s.call(f"{who} caseload of Alice {fmt}",
                   lambda: db.reports.render("caseload", clinician_id=p.alice, format=fmt), ALL)
        s.call(f"{who} search", lambda: db.notes.search(PROCESS), ALL)
        s.call(f"{who} verify", lambda: db.verify(), ALL)
        s.call(f"{who} emergency report", lambda: db.emergency_report(), ALL)
    db.set_actor(p.admin)
    return s


def test_canaries_through_python(db, practice):
    p = practice
    # Positive controls: the canaries are where their entitled reader sees them.
    db.set_actor(p.alice)
    assert PROCESS in text_of(db.process_notes.get(p.process_notes[0]))
    assert ZOE_INDIVIDUAL in text_of(db.notes.get(p.notes[ZOE_INDIVIDUAL]))
    assert ZOE_ALONE in text_of(db.notes.list(client_id=p.zoe, include_text=True))
    assert ZOE_ALONE in text_of(db.notes.search(ZOE_ALONE))
    assert PROCESS in text_of(db.notes.search(PROCESS, include_process_notes=True))
    assert BO_ALONE in db.reports.render(case_id=p.couple_case, release_id=p.release_for_bo, format="markdown",
                                         include_note_text=True)
    sweep = python_sweep(db, p)
    assert len(sweep.outputs) == 87
    assert 10 < sweep.refused < 40  # Bob's tries are refused; the others are real outputs
    assert sweep.leaks() == []


def run_cli(where: str, actor: int, *args: str) -> str:
    r = subprocess.run([MEND, *args, "--db", where, "--as", str(actor)], capture_output=True, text=True,
                       timeout=120)
    return f"{r.stdout}\n{r.stderr}"


def test_canaries_through_the_cli(db, practice, tmp_path):
    p = practice
    w = p.where
    case, zcase, rb, rz = str(p.couple_case), str(p.zoe_case), str(p.release_for_bo), str(p.release_for_zoe)
    s = Sweep()
    # Positive controls.
    assert PROCESS in run_cli(w, p.alice, "process-note", "show", str(p.process_notes[0]))
    assert ZOE_ALONE in run_cli(w, p.alice, "note", "list", "--client", str(p.zoe), "--text", "yes", "--json")
    assert ZOE_INDIVIDUAL in run_cli(w, p.alice, "note", "show", str(p.notes[ZOE_INDIVIDUAL]))
    for fmt in ("markdown", "html", "json"):
        for notes in ([], ["--notes", "yes"]):
            s.add(f"cli case report {fmt} {notes}",
                  run_cli(w, p.alice, "report", "--case", case, "--format", fmt, *notes), NOT_ZOE_INDIVIDUAL)
            s.add(f"cli zoe-case report {fmt} {notes}",
                  run_cli(w, p.alice, "report", "--case", zcase, "--format", fmt, *notes), NOT_PROCESS)
            s.add(f"cli release for Bo {fmt} {notes}",
                  run_cli(w, p.alice, "report", "--case", case, "--release", rb, "--format", fmt, *notes),
                  NOTHING_OF_ZOE)
            s.add(f"cli release for Zoë {fmt} {notes}",
                  run_cli(w, p.alice, "report", "--case", case, "--release", rz, "--format", fmt, *notes),
                  NOTHING_OF_BO + (ZOE_INDIVIDUAL,))
        for who in (p.alice, p.bob, p.supervisor, p.admin):
            s.add(f"cli caseload {who} {fmt}", run_cli(w, who, "report", "--caseload", "--format", fmt), ALL)
    out = tmp_path / "report.html"
    run_cli(w, p.alice, "report", "--case", case, "--release", rb, "--format", "html", "--notes", "yes",
            "--out", str(out))
    s.add("cli release for Bo written to a file", out.read_text(encoding="utf-8"), NOTHING_OF_ZOE)
    for json_flag in ([], ["--json"]):
        s.add("cli fhir case", run_cli(w, p.alice, "fhir", "export", "--case", case, *json_flag),
              NOT_ZOE_INDIVIDUAL)
        s.add("cli fhir release Bo",
              run_cli(w, p.alice, "fhir", "export", "--case", case, "--release", rb, *json_flag), NOTHING_OF_ZOE)
        s.add("cli fhir Bo", run_cli(w, p.alice, "fhir", "export", "--client", str(p.bo), *json_flag),
              NOTHING_OF_ZOE)
        s.add("cli fhir Zoë", run_cli(w, p.alice, "fhir", "export", "--client", str(p.zoe), *json_flag),
              NOTHING_OF_BO)
        s.add("cli notes of Bo",
              run_cli(w, p.alice, "note", "list", "--client", str(p.bo), "--text", "yes", *json_flag),
              NOTHING_OF_ZOE)
        s.add("cli notes of the couple's case",
              run_cli(w, p.alice, "note", "list", "--case", case, "--text", "yes", *json_flag), NOT_ZOE_INDIVIDUAL)
        s.add("cli client show Bo", run_cli(w, p.alice, "client", "show", str(p.bo), *json_flag), ALL)
        s.add("cli client list", run_cli(w, p.alice, "client", "list", "--all", *json_flag), ALL)
        s.add("cli sessions", run_cli(w, p.alice, "session", "list", "--case", case, *json_flag), ALL)
        s.add("cli accounting Bo", run_cli(w, p.alice, "release", "accounting", "--client", str(p.bo), *json_flag),
              ALL)
        for word in ALL:
            s.add(f"cli alice search {word}", run_cli(w, p.alice, "note", "search", word, *json_flag), NOT_PROCESS)
            s.add(f"cli alice search {word} in Bo's record",
                  run_cli(w, p.alice, "note", "search", word, "--client", str(p.bo), *json_flag), NOTHING_OF_ZOE)
            s.add(f"cli bob search {word}", run_cli(w, p.bob, "note", "search", word, *json_flag), ALL)
        for name, n in p.notes.items():
            s.add(f"cli bob note {name}", run_cli(w, p.bob, "note", "show", str(n), *json_flag), ALL)
        for n in p.process_notes:
            s.add(f"cli bob process note {n}", run_cli(w, p.bob, "process-note", "show", str(n), *json_flag), ALL)
            s.add(f"cli admin process note {n}",
                  run_cli(w, p.admin, "process-note", "show", str(n), *json_flag), ALL)
        for who in (p.supervisor, p.admin):
            s.add(f"cli audit list {who}", run_cli(w, who, "audit", "list", "--limit", "1000", *json_flag), ALL)
            s.add(f"cli audit report {who}", run_cli(w, who, "audit", "report", *json_flag), ALL)
            s.add(f"cli audit report Zoë {who}",
                  run_cli(w, who, "audit", "report", "--client", str(p.zoe), "--format", "csv"), ALL)
            s.add(f"cli emergency report {who}", run_cli(w, who, "emergency", "report", *json_flag), ALL)
        s.add("cli check", run_cli(w, p.admin, "check", *json_flag), ALL)
        s.add("cli fhir card", run_cli(w, p.alice, "fhir", "card", "--case", case, *json_flag), ALL)
    assert len(s.outputs) > 100
    assert s.leaks() == []
