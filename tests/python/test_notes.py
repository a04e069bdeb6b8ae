"""Sessions and notes through db.sessions, db.notes and db.process_notes, as in
tests/cli/test_notes_cli.sh: CPT time rules, drafts and version conflicts, signing,
refusal to change a signed note (through mend and through raw SQL), addenda,
co-signing, hash verification and tamper detection, search that never shows a note
the actor may not see, process notes, and privacy between partners (a property
test over random couples). Dates are relative to today (UTC), as the library's are.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import string
from dataclasses import dataclass, field
from typing import Dict, List, Set, Tuple

import pytest

import mend

from conftest import raw_sql

TODAY = dt.datetime.now(dt.timezone.utc).date()
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def day(n: int) -> str:
    """n days before today (UTC), as "YYYY-MM-DD"."""
    return (TODAY - dt.timedelta(days=n)).isoformat()


def at(n: int, hhmm: str = "10:00") -> str:
    """n days before today at a local time, as "YYYY-MM-DDTHH:MM"."""
    return f"{day(n)}T{hhmm}"


@dataclass
class Quists:
    """Ana and Ben Quist (confidential policy) in a conjoint case led by Alice, on
    the couples protocol since 50 days ago, with three sessions: both (10 days ago),
    Ben alone (9) and Ana alone (8)."""

    ana: int
    ben: int
    case: int
    joint: int = 0
    ben_alone: int = 0
    ana_alone: int = 0


def quists(db, staff, sessions: bool = True) -> Quists:
    db.set_actor(staff.alice)
    ana = db.clients.create(given_name="Ana", family_name="Quist")
    ben = db.clients.create(given_name="Ben", family_name="Quist")
    couple = db.couples.create(client_a_id=ana, client_b_id=ben, secrets_policy="confidential")
    case = db.cases.create(couple_id=couple, opened_on=day(60))
    db.phases.start(case, "betrayal_trauma_couples", betrayed_client_id=ana, on=day(50))
    q = Quists(ana, ben, case)
    if sessions:
        q.joint = db.sessions.create(case, starts_at=at(10), duration_minutes=52, participants=[ana, ben],
                                     identified_patient_id=ana, cpt_code="90847")
        q.ben_alone = db.sessions.create(case, starts_at=at(9, "15:30"), duration_minutes=45,
                                         participants=[ben], cpt_code="90834", modality="video")
        q.ana_alone = db.sessions.create(case, starts_at=dt.datetime.fromisoformat(at(8, "09:00")),
                                         duration_minutes=53, participants=[ana], cpt_code="90837")
    return q


def first_note(db, q: Quists) -> int:
    """The joint session's SOAP draft, saved once more (version 2)."""
    note = db.notes.create(q.joint, "soap", subjective="Both describe hypervigilance since the discovery",
                           assessment="Acute betrayal trauma", plan="Stabilisation", risk="No current risk",
                           interventions=["Psychoeducation", "Grounding"])
    assert db.notes.update(note, expected_version=1, format="soap",
                           subjective="Both describe hypervigilance and sleeplessness",
                           assessment="Acute betrayal trauma", plan="Stabilisation") == 2
    return note


# -- sessions ------------------------------------------------------------------------------


def test_session_cpt_time_rules(db, staff):
    q = quists(db, staff, sessions=False)
    rule_90847 = "family/couple psychotherapy with the patient present, 50 minutes (26 or more)"
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=at(10), duration_minutes=20, participants=[q.ana, q.ben],
                           identified_patient_id=q.ana, cpt_code="90847")
    assert e.value.message == f"20 minutes do not fit CPT 90847: {rule_90847}"
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=at(10), duration_minutes=50, participants=[q.ben],
                           identified_patient_id=q.ana, cpt_code="90847")
    assert "needs the identified patient present" in e.value.message
    for minutes in (40, 52):
        with pytest.raises(mend.InvalidArgument) as e:
            db.sessions.create(q.case, starts_at=at(10), duration_minutes=minutes, participants=[q.ben],
                               cpt_code="90837")
        assert e.value.message == (f"{minutes} minutes do not fit CPT 90837: "
                                   "individual psychotherapy, 60 minutes (53 or more)")
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=at(10, "10:00"), duration_minutes=38, participants=[q.ana],
                           cpt_code="90832")
    assert "38 minutes do not fit CPT 90832" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=at(10, "25:00"), duration_minutes=50, participants=[q.ana],
                           cpt_code="90834")
    assert "no such time" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=at(10), duration_minutes=45, participants=[99999], cpt_code="90834")
    assert "client of the case" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=at(10), duration_minutes=45, participants=[q.ana], cpt_code="99999")
    assert "cpt_code must be one of" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=at(10), duration_minutes=45, participants=[], cpt_code="90834")
    assert "at least one participant" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, starts_at=f"{(TODAY + dt.timedelta(days=2)).isoformat()}T10:00",
                           duration_minutes=45, participants=[q.ana], cpt_code="90834")
    assert "once it has happened" in e.value.message
    assert db.sessions.list(q.case) == []  # nothing was stored


def test_session_arguments_are_checked_before_c(db, staff):
    q = quists(db, staff, sessions=False)
    ok = dict(starts_at=at(10), duration_minutes=45, participants=[q.ana], cpt_code="90834")
    for bad, exc in [
        (dict(starts_at=dt.date.today()), TypeError),  # a date has no time
        # An aware start is to the minute too, and its offset whole minutes.
        (dict(starts_at=dt.datetime(2026, 1, 5, 10, 0, 30, tzinfo=dt.timezone.utc)), mend.InvalidArgument),
        (dict(starts_at=dt.datetime(2026, 1, 5, 10, 0,
                                    tzinfo=dt.timezone(dt.timedelta(seconds=30)))), mend.InvalidArgument),
        (dict(starts_at=dt.datetime(2026, 1, 5, 10, 0, 30)), mend.InvalidArgument),  # to the minute
        (dict(duration_minutes="45"), TypeError),
        (dict(duration_minutes=45.0), TypeError),
        (dict(duration_minutes=2**31), mend.InvalidArgument),
        (dict(participants=str(q.ana)), TypeError),
        (dict(participants=q.ana), TypeError),
        (dict(participants=[True]), TypeError),
        (dict(participants=None), TypeError),
        (dict(identified_patient_id=0), mend.InvalidArgument),  # None means none
        (dict(identified_patient_id=False), TypeError),
        (dict(cpt_code=90834), TypeError),
        (dict(cpt_code="9083\udcff"), mend.EncodingError),
        (dict(modality=None), TypeError),
    ]:
        with pytest.raises(exc):
            db.sessions.create(q.case, **{**ok, **bad})
    with pytest.raises(TypeError):
        db.sessions.create(None, **ok)
    with pytest.raises(TypeError):
        db.sessions.get("1")
    assert db.sessions.list(q.case) == []
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, **{**ok, "modality": "carrier_pigeon"})
    assert "modality must be one of" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.sessions.create(q.case, **{**ok, "participants": list(range(1, 12))})
    assert "participant_count" in e.value.message


def test_sessions_stamped_with_their_phase(db, staff):
    q = quists(db, staff)
    joint = db.sessions.get(q.joint)
    assert isinstance(joint, mend.Session)
    assert (joint.case_id, joint.starts_at, joint.duration_minutes, joint.modality) == (
        q.case, dt.datetime.fromisoformat(at(10)), 52, "in_person")
    assert joint.participants == (q.ana, q.ben) and joint.identified_patient_id == q.ana
    assert (joint.cpt_code, joint.phase, joint.date) == ("90847", "intake", TODAY - dt.timedelta(days=10))
    assert joint.cpt_rule == "family/couple psychotherapy with the patient present, 50 minutes (26 or more)"
    assert joint.created_by == staff.alice and joint.created_at.tzinfo == dt.timezone.utc
    assert not joint.individual
    sessions = db.sessions.list(q.case)
    assert [s.id for s in sessions] == [q.joint, q.ben_alone, q.ana_alone]  # oldest first
    ben = sessions[1]
    assert (ben.participants, ben.identified_patient_id, ben.modality, ben.individual) == (
        (q.ben,), None, "video", True)
    assert sessions[2].starts_at == dt.datetime.fromisoformat(at(8, "09:00"))

    # Before the protocol started: no phase; after a move: the new phase.
    before = db.sessions.create(q.case, starts_at=at(55), duration_minutes=60, participants=[q.ana, q.ben],
                                identified_patient_id=q.ben, cpt_code="90791")
    assert db.sessions.get(before).phase is None
    # Nobody screened yet, so violence is not known to be absent: the override needs a safety plan.
    with pytest.raises(mend.GateBlocked) as e:
        db.phases.override(q.case, "safety_stabilisation", rationale="Assessed in supervision", on=day(5))
    assert "safety plan" in e.value.message
    assert db.sessions.get(q.ana_alone).phase == "intake"
    db.phases.override(q.case, "safety_stabilisation", rationale="Assessed in supervision", on=day(5),
                       safety_plan="Private screens at the next sessions; crisis line given to both")
    later = db.sessions.create(q.case, starts_at=at(3), duration_minutes=30, participants=[q.ana],
                               cpt_code="90832")
    assert db.sessions.get(later).phase == "safety_stabilisation"
    assert db.sessions.get(q.ana_alone).phase == "intake"  # stamped once, on its own date
    assert [s.id for s in db.sessions.list(q.case)] == [before, q.joint, q.ben_alone, q.ana_alone, later]

    db.set_actor(staff.bob)  # not his case
    with pytest.raises(mend.NotFound):
        db.sessions.get(q.joint)
    with pytest.raises(mend.NotFound):
        db.sessions.list(q.case)
    with pytest.raises(mend.NotFound):
        db.sessions.get(99999)


# -- drafts ----------------------------------------------------------------------------------


def test_draft_edit_and_conflict(db, staff):
    q = quists(db, staff)
    note = db.notes.create(q.joint, "soap", subjective="Both describe hypervigilance since the discovery",
                           assessment="Acute betrayal trauma", plan="Stabilisation", risk="No current risk",
                           interventions=("Psychoeducation", "Grounding"))
    n = db.notes.get(note)
    assert isinstance(n, mend.Note)
    assert (n.status, n.version, n.format, n.author_id, n.phase, n.content_hash) == (
        "draft", 1, "soap", staff.alice, "intake", None)
    assert n.content == {"subjective": "Both describe hypervigilance since the discovery",
                         "assessment": "Acute betrayal trauma", "plan": "Stabilisation",
                         "risk": "No current risk", "interventions": ["Psychoeducation", "Grounding"]}
    assert (n.session_id, n.case_id, n.participants, n.date) == (
        q.joint, q.case, (q.ana, q.ben), TODAY - dt.timedelta(days=10))
    assert not n.signed and n.addenda == [] and n.cosignatures == [] and not n.late_entry

    # A save replaces the content with the fields given.
    assert db.notes.update(note, expected_version=1, format="soap",
                           subjective="Both describe hypervigilance and sleeplessness",
                           assessment="Acute betrayal trauma", plan="Stabilisation") == 2
    # A save based on version 1 is stale now: Conflict, and nothing is saved.
    with pytest.raises(mend.Conflict) as e:
        db.notes.update(note, expected_version=1, format="soap", plan="Overwrite")
    assert isinstance(e.value, mend.Error) and type(e.value) is mend.Conflict
    assert (e.value.code, e.value.code_name) == (-15, "MEND_ECONFLICT")
    assert "now version 2" in e.value.message
    n = db.notes.get(note)
    assert n.version == 2
    assert n.content == {"subjective": "Both describe hypervigilance and sleeplessness",
                         "assessment": "Acute betrayal trauma", "plan": "Stabilisation"}
    with pytest.raises(mend.Conflict):
        db.notes.update(note, expected_version=3, format="soap", plan="From the future")
    assert db.notes.get(note).version == 2

    # Only the author edits (and signs) a draft.
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound):
        db.notes.update(note, expected_version=2, format="soap", plan="x")
    db.set_actor(staff.supervisor)  # sees every case, but is not the author
    with pytest.raises(mend.PermissionDenied):
        db.notes.update(note, expected_version=2, format="soap", plan="x")
    with pytest.raises(mend.PermissionDenied):
        db.notes.sign(note)
    db.set_actor(staff.alice)
    assert db.notes.get(note).version == 2 and db.notes.get(note).status == "draft"

    # The library judges the fields of each format.
    with pytest.raises(mend.InvalidArgument) as e:
        db.notes.create(q.joint, "soap", text="free text in a soap note")
    assert "has no such field" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.notes.create(q.joint, "soap")
    assert "at least one field" in e.value.message
    with pytest.raises(mend.InvalidArgument) as e:
        db.notes.create(q.joint, "tabular", text="x")
    assert "format must be one of" in e.value.message
    for fmt, fields in mend.Notes.FIELDS.items():
        kwargs = {f: f"{fmt} {f}" for f in fields}
        other = db.notes.create(q.ana_alone, fmt, risk="none", **kwargs)
        assert db.notes.get(other).content == {**kwargs, "risk": "none"}
    assert db.notes.update(note, expected_version=2, format="birp", behavior="Calmer", response="Engaged",
                           interventions=[]) == 3  # the format may change while a draft
    assert db.notes.get(note).content == {"behavior": "Calmer", "response": "Engaged"}


def test_note_arguments_are_checked_before_c(db, staff):
    q = quists(db, staff)
    with pytest.raises(TypeError):
        db.notes.create(q.joint, "soap", subjectiv="typo")  # an unknown field
    with pytest.raises(TypeError):
        db.notes.create(q.joint, "soap", subjective=5)
    with pytest.raises(TypeError):
        db.notes.create(q.joint, "soap", subjective=b"bytes")
    with pytest.raises(TypeError):
        db.notes.create(q.joint, "soap", plan="x", interventions="Grounding;Psychoeducation")
    with pytest.raises(TypeError):
        db.notes.create(q.joint, "soap", plan="x", interventions=["ok", 3])
    with pytest.raises(TypeError):
        db.notes.create(q.joint, None, plan="x")
    with pytest.raises(TypeError):
        db.notes.create(True, "soap", plan="x")
    with pytest.raises(mend.EncodingError) as e:
        db.notes.create(q.joint, "soap", plan="Lone \udcff surrogate")
    assert "plan" in e.value.message and "\udcff" not in str(e.value)
    with pytest.raises(mend.EncodingError):
        db.notes.create(q.joint, "soap", plan="x", interventions=["ok", "\ud800"])
    with pytest.raises(mend.EncodingError):
        db.notes.create(q.joint, "soap", plan="NUL\x00inside")
    assert db.notes.list(case_id=q.case) == []  # nothing was stored
    note = db.notes.create(q.joint, "free", text="Zoë said “trust” 😀", plan=None)
    assert db.notes.get(note).content == {"text": "Zoë said “trust” 😀"}
    for bad in (dict(expected_version=True), dict(expected_version="1"), dict(expected_version=None)):
        with pytest.raises(TypeError):
            db.notes.update(note, format="free", text="x", **bad)
    with pytest.raises(TypeError):
        db.notes.update(note, expected_version=1, text="x")  # format is required
    with pytest.raises(TypeError):
        db.notes.set_shareable(note, 1)
    with pytest.raises(TypeError):
        db.notes.create_addendum(note, "text", None)
    with pytest.raises(TypeError):
        db.notes.list()  # neither a case nor a client
    with pytest.raises(TypeError):
        db.notes.list(case_id=q.case, client_id=q.ana)
    with pytest.raises(mend.InvalidArgument):
        db.notes.list(case_id=0)
    with pytest.raises(TypeError):
        db.notes.list(case_id=q.case, include_text="yes")
    with pytest.raises(mend.NotFound):
        db.notes.get(99999)
    with pytest.raises(mend.NotFound):
        db.notes.create(99999, "free", text="x")


# -- signing, addenda, co-signing, verification ----------------------------------------------


def test_sign_addend_cosign_verify(db, staff):
    q = quists(db, staff)
    note = first_note(db, q)
    db.notes.sign(note)
    n = db.notes.get(note)
    assert (n.status, n.signed, n.signed_by, n.version) == ("signed", True, staff.alice, 2)
    assert HEX64.match(n.content_hash) and n.late_entry  # signed 10 days after the session
    assert n.content["subjective"] == "Both describe hypervigilance and sleeplessness"
    assert n.signed_at is not None and abs(dt.datetime.now(dt.timezone.utc) - n.signed_at) < dt.timedelta(minutes=10)
    with pytest.raises(mend.InvalidState) as e:
        db.notes.sign(note)
    assert "already signed" in e.value.message
    with pytest.raises(mend.InvalidState) as e:
        db.notes.update(note, expected_version=2, format="soap", plan="Changed")
    assert "a signed note never changes" in e.value.message
    assert db.notes.get(note).content_hash == n.content_hash

    # Addenda: dated, signed and hashed; only on signed notes.
    addendum = db.notes.create_addendum(note, "Correction: Ben's sleeplessness started last month", "Detail missed")
    with pytest.raises(TypeError):
        db.notes.create_addendum(note, "x", None)  # the reason is required
    with pytest.raises(mend.InvalidArgument):
        db.notes.create_addendum(note, "x", "")
    draft = db.notes.create(q.ana_alone, "dap", data="Ana describes intrusive images")
    with pytest.raises(mend.InvalidState):
        db.notes.create_addendum(draft, "x", "y")
    n = db.notes.get(note)
    [a] = n.addenda
    assert isinstance(a, mend.Addendum)
    assert (a.id, a.author_id, a.reason, a.text) == (
        addendum, staff.alice, "Detail missed", "Correction: Ben's sleeplessness started last month")
    assert HEX64.match(a.hash) and a.hash != n.content_hash
    assert db.notes.list(case_id=q.case)[0].addenda == 1

    # Co-signing: a supervisor or admin, never the author; once each.
    with pytest.raises(mend.PermissionDenied):
        db.notes.cosign(note)  # Alice, the author, is a plain clinician
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound):
        db.notes.cosign(note)
    db.set_actor(staff.supervisor)
    db.notes.cosign(note)
    with pytest.raises(mend.InvalidState) as e:
        db.notes.cosign(note)
    assert "already co-signed" in e.value.message
    with pytest.raises(mend.InvalidState):
        db.notes.cosign(draft)  # a draft is not co-signed
    db.set_actor(staff.admin)
    db.notes.cosign(note)
    n = db.notes.get(note)
    assert [s.signer_id for s in n.cosignatures] == [staff.supervisor, staff.admin]
    assert n.cosignatures[0].role == "supervisor"
    assert all(isinstance(s, mend.Cosignature) and HEX64.match(s.hash) for s in n.cosignatures)

    # Verification: supervisors and admins.
    v = db.notes.verify()
    assert isinstance(v, mend.Verification)
    assert (v.ok, v.notes_checked, v.addenda_checked, v.mismatches) == (True, 1, 1, [])
    db.set_actor(staff.alice)
    with pytest.raises(mend.PermissionDenied):
        db.notes.verify()

    # A note signed within 3 days of its session is no late entry.
    today = db.sessions.create(q.case, starts_at=f"{TODAY.isoformat()}T00:00", duration_minutes=45,
                               participants=[q.ana], cpt_code="90834")
    timely = db.notes.create(today, "free", text="On time")
    db.notes.sign(timely)
    assert db.notes.get(timely).late_entry is False


def test_database_refuses_to_change_a_signed_note(db, staff):
    q = quists(db, staff)
    note = first_note(db, q)
    db.notes.sign(note)
    addendum = db.notes.create_addendum(note, "Correction", "Detail missed")
    before = db.notes.get(note)
    if db.backend == "sqlite":
        assert "a signed note never changes" in raw_sql(db, f"UPDATE note SET content = '{{}}' WHERE id = {note}")
        assert "a signed note is never deleted" in raw_sql(db, f"DELETE FROM note WHERE id = {note}")
    else:
        assert "a signed note never changes" in raw_sql(db, f"UPDATE note SET content = '{{}}' WHERE id = {note}")
        assert "a signed note never changes" in raw_sql(db, f"DELETE FROM note WHERE id = {note}")
    assert "append-only" in raw_sql(db, f"UPDATE addendum SET text = 'forged' WHERE id = {addendum}")
    assert "append-only" in raw_sql(db, f"DELETE FROM addendum WHERE id = {addendum}")
    # A REPLACE (SQLite) or an upsert (both) that repeats the key is refused too.
    copy_note = ("INSERT INTO note SELECT id, session_id, case_id, author_id, format, '{}', search_text,"
                 " status, version, late_entry, phase, signed_by, signed_at, content_hash, created_at,"
                 f" updated_at FROM note WHERE id = {note}")
    copy_addendum = ("INSERT INTO addendum SELECT id, note_id, author_id, 'forged', reason, created_at, hash"
                     f" FROM addendum WHERE id = {addendum}")
    for insert, set_ in ((copy_note, "content = '{}'"), (copy_addendum, "text = 'forged'")):
        forms = [f"{insert} ON CONFLICT (id) DO UPDATE SET {set_}"]
        if db.backend == "sqlite":
            forms += ["REPLACE" + insert[6:], "INSERT OR REPLACE" + insert[6:]]
        for sql in forms:
            assert raw_sql(db, sql) != "", sql
    assert db.notes.get(note) == before
    db.set_actor(staff.supervisor)
    assert db.notes.verify().ok


def test_tampering_is_detected(db, staff):
    q = quists(db, staff)
    note = first_note(db, q)
    db.notes.sign(note)
    addendum = db.notes.create_addendum(note, "Correction: sleeplessness since last month", "Detail missed")
    other = db.notes.create(q.ana_alone, "free", text="Untouched")
    db.notes.sign(other)
    db.set_actor(staff.supervisor)
    assert db.notes.verify().ok
    # Remove the guard behind mend's back, then change the signed note.
    change = f"UPDATE note SET content = replace(content, 'sleeplessness', 'calm') WHERE id = {note}"
    if db.backend == "sqlite":
        assert raw_sql(db, f"DROP TRIGGER note_signed_no_update; {change};") == ""
    else:
        assert raw_sql(db, "ALTER TABLE note DISABLE TRIGGER note_signed_no_change; "
                           f"{change}; ALTER TABLE note ENABLE TRIGGER note_signed_no_change;") == ""
    assert db.notes.get(note).content["subjective"] == "Both describe hypervigilance and calm"
    v = db.notes.verify()
    assert (v.ok, v.notes_checked, v.addenda_checked) == (False, 2, 1)
    assert v.mismatches == [mend.Mismatch(kind="note", id=note, note_id=None)]
    # An addendum changed the same way is caught too.
    forge = f"UPDATE addendum SET text = 'forged' WHERE id = {addendum}"
    if db.backend == "sqlite":
        assert raw_sql(db, f"DROP TRIGGER addendum_no_update; {forge};") == ""
    else:
        assert raw_sql(db, "ALTER TABLE addendum DISABLE TRIGGER addendum_no_change; "
                           f"{forge}; ALTER TABLE addendum ENABLE TRIGGER addendum_no_change;") == ""
    assert db.notes.verify().mismatches == [mend.Mismatch("note", note, None),
                                            mend.Mismatch("addendum", addendum, note)]


# -- privacy, sharing and search -------------------------------------------------------------


def test_individual_sessions_stay_in_that_partners_record(db, staff):
    q = quists(db, staff)
    joint = first_note(db, q)
    ben_note = db.notes.create(q.ben_alone, "free",
                               text="Ben speaks of a secret the couple does not share: zebracanary")
    db.notes.sign(ben_note)
    ana_note = db.notes.create(q.ana_alone, "dap", data="Ana describes intrusive images",
                               assessment="PTSD symptoms", plan="EMDR referral")
    ana_record = db.notes.list(client_id=q.ana, include_text=True)
    assert [n.id for n in ana_record] == [joint, ana_note]
    assert "zebracanary" not in json.dumps([n.content for n in ana_record])
    ben_record = db.notes.list(client_id=q.ben, include_text=True)
    assert [n.id for n in ben_record] == [joint, ben_note]
    text = json.dumps([n.content for n in ben_record])
    assert "zebracanary" in text and "intrusive images" not in text
    summary = ben_record[1]
    assert isinstance(summary, mend.NoteSummary)
    assert (summary.status, summary.format, summary.participants, summary.author_id, summary.phase) == (
        "signed", "free", (q.ben,), staff.alice, "intake")
    assert db.notes.list(client_id=q.ben)[1].content is None  # without include_text
    assert db.notes.search("zebracanary", client_id=q.ana) == []
    [hit] = db.notes.search("zebracanary", client_id=q.ben)
    assert isinstance(hit, mend.SearchHit)
    assert (hit.kind, hit.note_id, hit.id, hit.case_id, hit.date) == (
        "progress_note", ben_note, ben_note, q.case, TODAY - dt.timedelta(days=9))
    assert "[zebracanary]" in hit.snippet
    with pytest.raises(mend.InvalidState) as e:
        db.notes.set_shareable(ben_note, True)
    assert "secrets policy keeps individual sessions confidential" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.notes.set_shareable(joint, True)  # a joint session is no individual one
    assert [n.id for n in db.notes.list(case_id=q.case)] == [joint, ben_note, ana_note]
    db.set_actor(staff.bob)
    with pytest.raises(mend.NotFound) as e:
        db.notes.get(ben_note)
    assert "zebra" not in str(e.value)
    with pytest.raises(mend.NotFound):
        db.notes.list(client_id=q.ben)


def test_no_secrets_share_mark(db, staff):
    db.set_actor(staff.alice)
    cy = db.clients.create(given_name="Cy", family_name="Open")
    di = db.clients.create(given_name="Di", family_name="Open")
    couple = db.couples.create(client_a_id=cy, client_b_id=di, secrets_policy="no_secrets")
    case = db.cases.create(couple_id=couple)
    alone = db.sessions.create(case, starts_at=at(3, "11:00"), duration_minutes=40, participants=[cy],
                               cpt_code="90834")
    note = db.notes.create(alone, "free", text="Cy agrees to tell Di about the debts: sharecanary")
    assert db.notes.get(note).shareable is False
    db.notes.set_shareable(note, True)
    assert db.notes.get(note).shareable is True
    assert db.notes.list(case_id=case)[0].shareable is True
    assert "sharecanary" not in json.dumps([n.content for n in db.notes.list(client_id=di, include_text=True)])
    assert db.notes.search("sharecanary", client_id=di) == []
    db.notes.set_shareable(note, False)
    assert db.notes.get(note).shareable is False
    db.set_actor(staff.admin)
    events = [(e.action, e.object_id) for e in db.audit(limit=10000) if e.object_type == "note"]
    assert events.count(("share", note)) == 1 and events.count(("unshare", note)) == 1


def test_search_is_words_and_never_shows_what_the_actor_may_not_see(db, staff):
    q = quists(db, staff)
    note = first_note(db, q)
    # Bob leads a case of his own, with a note on the same theme.
    db.set_actor(staff.bob)
    eve = db.clients.create(given_name="Eve", family_name="Stone")
    eve_case = db.cases.create(client_id=eve, opened_on=day(30))
    eve_session = db.sessions.create(eve_case, starts_at=at(4), duration_minutes=45, participants=[eve],
                                     cpt_code="90834")
    eve_note = db.notes.create(eve_session, "free", text="Eve reports hypervigilance at work")
    assert [h.note_id for h in db.notes.search("hypervigilance")] == [eve_note]
    with pytest.raises(mend.NotFound):
        db.notes.search("hypervigilance", client_id=q.ana)
    db.set_actor(staff.alice)
    hits = db.notes.search("hypervigilance")
    assert [(h.note_id, h.case_id) for h in hits] == [(note, q.case)]
    assert db.notes.search("HYPERVIGILANCE sleeplessness")[0].note_id == note  # words, any case
    db.set_actor(staff.supervisor)  # sees every case
    assert sorted(h.note_id for h in db.notes.search("hypervigilance")) == sorted([note, eve_note])
    db.set_actor(staff.alice)

    # Query text is words, never search syntax or SQL.
    for query in ['hypervigilance OR nothinghere', 'hypervigilance" OR "x*', 'hyper*', 'NEAR(hypervigilance',
                  "'; DROP TABLE note; --", '"', '*', "sleeplessness AND NOT"]:
        assert db.notes.search(query) == [], query  # "OR", "x", "hyper", "NOT"... are words, absent here
    for query in ["hypervigilance -sleeplessness", 'hypervigilance" "sleeplessness', "(hypervigilance)"]:
        assert [h.note_id for h in db.notes.search(query)] == [note], query  # no negation, no syntax
    assert db.notes.search("Ben's") == []  # an apostrophe is no syntax either
    assert [n.id for n in db.notes.list(case_id=q.case)] == [note]  # the table is still there
    with pytest.raises(mend.InvalidArgument):
        db.notes.search("")

    # limit
    for i in range(3):
        n = db.notes.create(q.ana_alone, "free", text=f"Grounding practice {i}")
        db.notes.sign(n)
    assert len(db.notes.search("grounding")) == 3
    assert len(db.notes.search("grounding", limit=2)) == 2
    with pytest.raises(mend.InvalidArgument):
        db.notes.search("grounding", limit=0)  # 0 is not "the default" here
    with pytest.raises(mend.InvalidArgument) as e:
        db.notes.search("grounding", limit=1001)
    assert "limit must be between 1 and 1000" in e.value.message
    with pytest.raises(TypeError):
        db.notes.search("grounding", limit=True)
    with pytest.raises(TypeError):
        db.notes.search(b"grounding")
    with pytest.raises(mend.InvalidArgument):
        db.notes.search("grounding", client_id=0)
    with pytest.raises(mend.EncodingError):
        db.notes.search("ground\udcffing")
    # Addenda are searched too.
    db.notes.sign(note)
    db.notes.create_addendum(note, "Later: nightmares reported", "Detail missed")
    [hit] = db.notes.search("nightmares")
    assert hit.note_id == note and "[nightmares]" in hit.snippet


# -- psychotherapy process notes -------------------------------------------------------------


def test_process_notes_are_their_authors(db, staff):
    q = quists(db, staff)
    first_note(db, q)
    pn = db.process_notes.create(q.ben_alone, "My countertransference: impatience with Ben; processcanary")
    for who in (staff.supervisor, staff.admin, staff.bob):
        db.set_actor(who)
        with pytest.raises(mend.NotFound) as e:
            db.process_notes.get(pn)
        assert "processcanary" not in str(e.value)
    db.set_actor(staff.alice)
    p = db.process_notes.get(pn)
    assert isinstance(p, mend.ProcessNote)
    assert (p.id, p.session_id, p.case_id, p.author_id) == (pn, q.ben_alone, q.case, staff.alice)
    assert "processcanary" in p.text
    # Out of the record, the lists and the searches, unless the author asks.
    assert db.notes.search("processcanary") == []
    [hit] = db.notes.search("processcanary", include_process_notes=True)
    assert (hit.kind, hit.process_note_id, hit.note_id, hit.id, hit.case_id) == (
        "process_note", pn, None, pn, q.case)
    assert hit.date == TODAY - dt.timedelta(days=9) and "processcanary" in hit.snippet
    for client in (q.ana, q.ben):
        assert "processcanary" not in json.dumps([n.content for n in db.notes.list(client_id=client,
                                                                                   include_text=True)])
    assert "processcanary" not in json.dumps([n.content for n in db.notes.list(case_id=q.case, include_text=True)])
    db.set_actor(staff.supervisor)
    assert db.notes.search("processcanary", include_process_notes=True) == []
    assert db.process_notes.list(q.case) == []
    with pytest.raises(mend.NotFound):
        db.process_notes.grant(pn, staff.supervisor)  # only the author grants

    db.set_actor(staff.alice)
    assert [x.id for x in db.process_notes.list(q.case)] == [pn]
    db.process_notes.grant(pn, staff.supervisor)
    with pytest.raises(mend.InvalidState):
        db.process_notes.grant(pn, staff.supervisor)
    with pytest.raises(mend.NotFound):
        db.process_notes.grant(pn, 99999)
    with pytest.raises(TypeError):
        db.process_notes.grant(pn, None)
    db.set_actor(staff.supervisor)
    assert db.process_notes.get(pn).text == p.text
    assert db.process_notes.list(q.case) == [p]
    assert db.notes.search("processcanary", include_process_notes=True) == []  # the author's own only
    db.set_actor(staff.admin)
    with pytest.raises(mend.NotFound):
        db.process_notes.get(pn)  # a grant is for one clinician
    events = [(e.action, e.actor_id, e.outcome) for e in db.audit(limit=10000)
              if e.object_type == "process_note" and e.object_id == pn]
    assert events.count(("read_process_note", staff.alice, "ok")) == 3  # get, search, list
    assert events.count(("read_process_note", staff.supervisor, "ok")) == 2  # get, list
    assert ("read_process_note", staff.admin, "not_found") in events
    assert ("grant", staff.alice, "ok") in events


# -- privacy between partners, as a property ------------------------------------------------

POLICIES = ["no_secrets", "confidential", "limited_secrets"]
FORMAT_FIELDS = {"soap": ["subjective", "objective", "assessment", "plan"], "dap": ["data", "assessment", "plan"],
                 "birp": ["behavior", "intervention", "response", "plan"], "free": ["text", "plan"]}


@dataclass
class World:
    """What was written, and who took part in each session."""

    clients: List[int] = field(default_factory=list)
    note_canaries: Dict[str, Tuple[int, Tuple[int, ...]]] = field(default_factory=dict)  # canary -> note, who
    addendum_canaries: Dict[str, Tuple[int, Tuple[int, ...]]] = field(default_factory=dict)
    process_canaries: Set[str] = field(default_factory=set)
    couples: List[Tuple[int, int]] = field(default_factory=list)


def build_world(db, rng: random.Random) -> World:
    """Couples under every secrets policy, each with sessions of partner A alone, B alone,
    both, and A's individual case linked to the conjoint one; a note with a unique
    canary word for each session, some signed with an addendum (another canary), some
    shared (no_secrets only), some with a process note (yet another canary)."""
    w = World()
    used: Set[str] = set()

    def canary() -> str:
        while True:
            word = "canary" + "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
            if word not in used:
                used.add(word)
                return word

    policies = POLICIES[:]
    rng.shuffle(policies)
    policies.append(rng.choice(POLICIES))
    for i, policy in enumerate(policies):
        a = db.clients.create(given_name=f"A{i}", family_name="Partner")
        b = db.clients.create(given_name=f"B{i}", family_name="Partner")
        w.clients += [a, b]
        w.couples.append((a, b))
        couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy=policy)
        conjoint = db.cases.create(couple_id=couple, opened_on=day(150))
        if rng.random() < 0.5:
            db.phases.start(conjoint, "betrayal_trauma_couples", betrayed_client_id=rng.choice([a, b]), on=day(140))
        individual = db.cases.create(client_id=a, linked_case_id=conjoint, opened_on=day(140))
        kinds = ["a", "b", "both", "a_individual"] + [rng.choice(["a", "b", "both", "a_individual"])
                                                      for _ in range(rng.randint(0, 3))]
        rng.shuffle(kinds)
        for kind in kinds:
            start = at(rng.randint(1, 120), f"{rng.randint(7, 19):02}:{rng.choice(['00', '15', '30', '45'])}")
            if kind == "both":
                who: Tuple[int, ...] = (a, b)
                session = db.sessions.create(conjoint, starts_at=start, duration_minutes=rng.randint(26, 90),
                                             participants=list(who), identified_patient_id=rng.choice(who),
                                             cpt_code="90847", modality=rng.choice(["in_person", "video"]))
            else:
                who = (b,) if kind == "b" else (a,)
                cpt, minutes = rng.choice([("90832", rng.randint(16, 37)), ("90834", rng.randint(38, 52)),
                                           ("90837", rng.randint(53, 90))])
                session = db.sessions.create(individual if kind == "a_individual" else conjoint,
                                             starts_at=start, duration_minutes=minutes, participants=list(who),
                                             cpt_code=cpt)
            fmt = rng.choice(sorted(FORMAT_FIELDS))
            word = canary()
            fields = {f: f"Session material for {f}" for f in rng.sample(FORMAT_FIELDS[fmt], rng.randint(1, 2))}
            target = rng.choice(sorted(fields) + ["risk", "interventions"])
            if target == "interventions":
                fields["interventions"] = ["Grounding", f"Psychoeducation {word}"]  # type: ignore[assignment]
            else:
                fields[target] = f"{fields.get(target, 'Noted')}: {word} today"
            note = db.notes.create(session, fmt, **fields)
            w.note_canaries[word] = (note, who)
            if rng.random() < 0.6:
                db.notes.sign(note)
                if rng.random() < 0.5:
                    extra = canary()
                    db.notes.create_addendum(note, f"Addendum mentioning {extra}", "Detail missed")
                    w.addendum_canaries[extra] = (note, who)
            if policy == "no_secrets" and len(who) == 1 and rng.random() < 0.7:
                db.notes.set_shareable(note, True)  # shared into conjoint work: still not the other's record
            if rng.random() < 0.4:
                secret = canary()
                db.process_notes.create(session, f"Process note, {secret}, countertransference")
                w.process_canaries.add(secret)
    return w


@pytest.mark.parametrize("seed", [11, 23, 47, 2024])
def test_privacy_between_partners_property(db, staff, seed):
    rng = random.Random(seed)
    db.set_actor(staff.alice)
    w = build_world(db, rng)
    assert len(w.note_canaries) >= 16 and len(w.couples) == 4
    partner_of = {a: b for a, b in w.couples} | {b: a for a, b in w.couples}
    for client in w.clients:
        record = db.notes.list(client_id=client, include_text=True)
        blob = json.dumps([n.content for n in record], ensure_ascii=False)
        assert all(client in n.participants for n in record)
        for word, (note, who) in w.note_canaries.items():
            # In the client's record iff the client took part in the session.
            assert (word in blob) == (client in who), (seed, client, word, who)
        for word in w.process_canaries:
            assert word not in blob
        # Searches about the client and their partner: a hit iff they took part.
        for word, (note, who) in {**w.note_canaries, **w.addendum_canaries}.items():
            if client not in who and partner_of[client] not in who:
                continue  # another couple's: covered by the record check above
            hits = db.notes.search(word, client_id=client)
            assert [h.note_id for h in hits] == ([note] if client in who else []), (seed, client, word, who)
        for word in w.process_canaries:
            assert db.notes.search(word, client_id=client) == []
    # Without a client: every note once; process notes never, unless their author asks.
    for word, (note, _) in {**w.note_canaries, **w.addendum_canaries}.items():
        assert [h.note_id for h in db.notes.search(word)] == [note]
    for word in w.process_canaries:
        assert db.notes.search(word) == []
        assert [h.kind for h in db.notes.search(word, include_process_notes=True)] == ["process_note"]
    # A clinician who leads none of these cases finds nothing at all.
    db.set_actor(staff.bob)
    for word in list(w.note_canaries)[:8] + list(w.process_canaries):
        assert db.notes.search(word, include_process_notes=True) == []


# -- process-note search: the client filter, and UTF-8-safe snippets --------------------------


def test_process_note_hits_keep_to_the_clients_record(db, staff):
    q = quists(db, staff)
    db.process_notes.create(q.ben_alone, "Ben alone: processcanary")
    assert db.notes.search("processcanary", client_id=q.ana, include_process_notes=True) == []


def test_process_note_snippet_with_accented_text(db, staff):
    q = quists(db, staff)
    db.process_notes.create(q.ben_alone, "é" * 39 + " processcanary")
    [hit] = db.notes.search("processcanary", include_process_notes=True)
    assert hit.kind == "process_note"
