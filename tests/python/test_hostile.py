"""Hostile input through the Python binding's string parameters (issue 15).

Every entry of tests/corpus/hostile-strings.txt goes, as a ``str``, through
each string parameter in ``PARAMS`` (on SQLite and PostgreSQL). For each:

- text that is not valid UTF-8 or holds a NUL (a lone surrogate in the str)
  raises :class:`mend.EncodingError` before any C call, with a message that
  does not hold the value;
- otherwise the call succeeds and the stored value reads back equal, or it
  raises :class:`mend.InvalidArgument` (or a code the row names) and the
  stored value reads back as before.

Nothing crashes (a crash would end the process, and the test with it). The
binding takes text as ``str`` only: ``bytes`` raise :class:`TypeError`.
The figures ("hostile (python): N entries x P parameters ...") are printed
at the end of the run (pytest -s shows them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Optional, Tuple, Type

import pytest

import mend
from hostile_corpus import load

ENTRIES = load()
TODAY = dt.date.today()
NEXT_MONTH = (TODAY + dt.timedelta(days=30)).isoformat()


@dataclass
class Practice:
    db: Any
    ana: int
    ben: int
    couple: int
    case: int
    conjoint: int
    session: int
    draft: int
    signed: int
    agreement: int
    admin: int
    last: int = 0  # the record the last successful create made
    plain: int = 0  # a plain clinician, once made


def practice(db) -> Practice:
    ana = db.clients.create(given_name="Ana", family_name="Example", external_id="ext-ana")
    ben = db.clients.create(given_name="Ben", family_name="Example", external_id="ext-ben")
    couple = db.couples.create(client_a_id=ana, client_b_id=ben, secrets_policy="confidential")
    case = db.cases.create(kind="individual", client_id=ana)
    conjoint = db.cases.create(kind="conjoint", couple_id=couple)
    when = dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(10, 0))
    session = db.sessions.create(case, starts_at=when, duration_minutes=50, modality="in_person",
                                 participants=[ana], identified_patient_id=ana, cpt_code="90834")
    later = db.sessions.create(case, starts_at=when + dt.timedelta(hours=2), duration_minutes=50,
                               modality="in_person", participants=[ana], identified_patient_id=ana,
                               cpt_code="90834")
    draft = db.notes.create(session, "free", text="draft")
    signed = db.notes.create(later, "free", text="signed")
    db.notes.sign(signed)
    agreement = db.agreements.create(conjoint, "boundary", "No contact")
    return Practice(db, ana, ben, couple, case, conjoint, session, draft, signed, agreement, db.actor)


Call = Callable[[Practice, str], Any]
Read = Optional[Callable[[Practice], Any]]


@dataclass
class Param:
    name: str  # the Python call and parameter
    call: Call
    read: Read = None  # the stored value now; compared with the input after success
    also: Tuple[Type[BaseException], ...] = ()  # errors allowed besides InvalidArgument


def _created(p: Practice, rid: int) -> None:
    p.last = rid


def _client_field(field: str) -> Param:
    return Param(f"clients.update({field}=)", lambda p, v: p.db.clients.update(p.ana, **{field: v}),
                 lambda p: getattr(p.db.clients.get(p.ana), field),
                 (mend.AlreadyExists,) if field == "external_id" else ())


def _clinician_field(field: str) -> Param:
    def call(p: Practice, v: str) -> None:
        _created(p, p.db.clinicians.create(**({"display_name": "Dr. New"} | {field: v})))

    return Param(f"clinicians.create({field}=)", call,
                 lambda p: getattr(p.db.clinicians.get(p.last), field) if p.last else None,
                 (mend.AlreadyExists,) if field == "external_id" else ())


def _last(items: Any, field: str) -> Any:
    items = list(items)
    return getattr(items[-1], field) if items else None


def _note_text(p: Practice, v: str) -> None:
    note = p.db.notes.get(p.draft)
    p.db.notes.update(p.draft, expected_version=note.version, format="free", text=v)


def _addendum(p: Practice, v: str, which: str) -> None:
    args = {"text": "More detail.", "reason": "late entry"} | {which: v}
    p.db.notes.create_addendum(p.signed, args["text"], args["reason"])


def _process_note(p: Practice, v: str) -> None:
    _created(p, p.db.process_notes.create(p.session, v))


def _resolve_flag(p: Practice, v: str) -> None:
    flags = p.db.flags.list(client_id=p.ben)
    if not flags:
        p.db.safety.create_screen(p.ben, ipv="none", suicide_risk="high")
        flags = p.db.flags.list(client_id=p.ben)
    p.db.flags.resolve(flags[0].id, v)


def _break_glass(p: Practice, v: str) -> None:
    """A plain clinician opens a client outside their caseload (a new one
    after each grant: an open record cannot be opened again)."""
    if not p.last:
        p.last = p.db.clients.create(given_name="Glass", family_name="Client")
    if not p.plain:
        p.plain = p.db.clinicians.create(display_name="Dr. Plain")
    p.db.set_actor(p.plain)
    try:
        p.db.emergency_open(p.last, v, 1)
        p.last = 0
    finally:
        p.db.set_actor(p.admin)


def _set_timezone(p: Practice, v: str) -> None:
    p.db.set_timezone(v)


PARAMS = [
    *[_client_field(f) for f in ("given_name", "family_name", "preferred_name", "pronouns",
                                  "email", "phone", "external_id")],
    Param("clients.create(given_name=)",
          lambda p, v: _created(p, p.db.clients.create(given_name=v, family_name="Family")),
          lambda p: p.db.clients.get(p.last).given_name if p.last else None),
    Param("clients.get_external(external_id)", lambda p, v: p.db.clients.get_external(v),
          also=(mend.NotFound,)),
    *[_clinician_field(f) for f in ("display_name", "credentials", "external_id", "npi", "role")],
    Param("clinicians.get_external(external_id)", lambda p, v: p.db.clinicians.get_external(v),
          also=(mend.NotFound,)),
    Param("couples.update(external_id=)", lambda p, v: p.db.couples.update(p.couple, external_id=v),
          lambda p: p.db.couples.get(p.couple).external_id, (mend.AlreadyExists,)),
    Param("couples.update(relationship_status=)",
          lambda p, v: p.db.couples.update(p.couple, relationship_status=v),
          lambda p: p.db.couples.get(p.couple).relationship_status),
    Param("couples.get_external(external_id)", lambda p, v: p.db.couples.get_external(v),
          also=(mend.NotFound,)),
    Param("cases.update(external_id=)", lambda p, v: p.db.cases.update(p.case, external_id=v),
          lambda p: p.db.cases.get(p.case).external_id, (mend.AlreadyExists,)),
    Param("cases.update(status=)", lambda p, v: p.db.cases.update(p.case, status=v),
          lambda p: p.db.cases.get(p.case).status),
    Param("cases.get_external(external_id)", lambda p, v: p.db.cases.get_external(v),
          also=(mend.NotFound,)),
    Param("agreements.create(text)", lambda p, v: p.db.agreements.create(p.conjoint, "boundary", v),
          lambda p: _last(p.db.agreements.list(p.conjoint), "text")),
    Param("agreements.create(kind)", lambda p, v: p.db.agreements.create(p.conjoint, v, "Text"),
          lambda p: _last(p.db.agreements.list(p.conjoint), "kind")),
    Param("agreements.update(note=)",
          lambda p, v: p.db.agreements.update(p.agreement, "active", note=v)),
    Param("attestations.create(value)",
          lambda p, v: p.db.attestations.create(p.conjoint, "conjoint_consent", v, client_id=p.ana),
          lambda p: _last(p.db.attestations.list(p.conjoint), "value")),
    Param("attestations.create(note=)",
          lambda p, v: p.db.attestations.create(p.conjoint, "conjoint_consent", client_id=p.ana,
                                                note=v),
          lambda p: _last(p.db.attestations.list(p.conjoint), "note")),
    Param("releases.create(recipient=)",
          lambda p, v: p.db.releases.create(p.case, p.ana, recipient=v, purpose="care",
                                            expires_on=NEXT_MONTH)),
    Param("releases.create(purpose=)",
          lambda p, v: p.db.releases.create(p.case, p.ana, recipient="the client", purpose=v,
                                            expires_on=NEXT_MONTH)),
    Param("notes.update(text=)", _note_text, lambda p: p.db.notes.get(p.draft).content.get("text")),
    Param("notes.create(format)", lambda p, v: p.db.notes.create(p.session, v, text="plain")),
    Param("notes.create_addendum(text)", lambda p, v: _addendum(p, v, "text"),
          lambda p: _last(p.db.notes.get(p.signed).addenda, "text")),
    Param("notes.create_addendum(reason)", lambda p, v: _addendum(p, v, "reason"),
          lambda p: _last(p.db.notes.get(p.signed).addenda, "reason")),
    Param("notes.search(query)", lambda p, v: p.db.notes.search(v, include_process_notes=True)),
    Param("process_notes.create(text)", _process_note,
          lambda p: p.db.process_notes.get(p.last).text if p.last else None),
    Param("emergency_open(reason)", _break_glass),
    Param("safety.create_screen(ipv_instrument=)",
          lambda p, v: p.db.safety.create_screen(p.ben, ipv="none", suicide_risk="none",
                                                 ipv_instrument=v),
          lambda p: _last(p.db.safety.screens(p.ben), "ipv_instrument")),
    Param("flags.resolve(note)", _resolve_flag, also=(mend.InvalidState,)),
    Param("measures.series(instrument)", lambda p, v: p.db.measures.series(p.ben, v),
          also=(mend.NotFound,)),
    Param("phases.start(protocol)", lambda p, v: p.db.phases.start(p.case, v),
          also=(mend.NotFound, mend.InvalidState)),
    Param("plans.get(phase)", lambda p, v: p.db.plans.get(p.case, v), also=(mend.NotFound,)),
    Param("protocols.get(code)", lambda p, v: p.db.protocols.get(v), also=(mend.NotFound,)),
    Param("fhir_questionnaire(instrument)", lambda p, v: p.db.fhir_questionnaire(v),
          also=(mend.NotFound,)),
    Param("reports.render(format=)", lambda p, v: p.db.reports.render(format=v, case_id=p.case)),
    # "caseload" with a case_id is the binding's TypeError (an argument the other kind reads)
    Param("reports.render(kind)", lambda p, v: p.db.reports.render(v, format="json", case_id=p.case),
          also=(TypeError,)),
    Param("set_timezone(name)", _set_timezone, lambda p: p.db.timezone),
    Param("audit_verify(checkpoint)", lambda p, v: p.db.audit_verify(v)),
]

TOTALS = {"calls": 0, "accepted": 0, "refused": 0, "encoding": 0}


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    print(f"\nhostile (python): {len(ENTRIES)} entries x {len(PARAMS)} parameters: "
          f"{TOTALS['calls']} calls ({TOTALS['accepted']} accepted, {TOTALS['refused']} refused "
          f"by the library, {TOTALS['encoding']} refused by the binding as not UTF-8 or with a NUL)")


def _no_value_in(message: str, value: str) -> bool:
    return len(value) < 12 or value not in message


@pytest.mark.parametrize("param", PARAMS, ids=[p.name for p in PARAMS])
def test_every_entry_through(db, param: Param) -> None:
    p = practice(db)
    stored = param.read(p) if param.read else None
    allowed = (mend.InvalidArgument,) + param.also
    problems = []
    # One transaction for the sweep (a failed call in it changes nothing and
    # leaves it open), so that the run stays short.
    db.begin()
    for e in ENTRIES:
        text = e.text
        TOTALS["calls"] += 1
        try:
            param.call(p, text)
        except mend.EncodingError as err:
            TOTALS["encoding"] += 1
            if not _no_value_in(str(err), text):
                problems.append(f"{e.label}: the message holds the value")
            if e.crosses_c:
                problems.append(f"{e.label}: valid UTF-8 refused as not UTF-8")
        except allowed as err:
            TOTALS["refused"] += 1
            if not e.crosses_c:
                problems.append(f"{e.label}: {type(err).__name__}, expected EncodingError")
            if not _no_value_in(str(err), text):
                problems.append(f"{e.label}: the message holds the value")
            if param.read and param.read(p) != stored:
                problems.append(f"{e.label}: a refused call changed the stored value")
        except mend.Error as err:
            problems.append(f"{e.label} [{e.category}]: {type(err).__name__}: {err}")
        else:
            TOTALS["accepted"] += 1
            if not e.crosses_c:
                problems.append(f"{e.label}: accepted text that is not UTF-8 or holds a NUL")
            elif param.read:
                stored = param.read(p)
                # "" clears an optional field (docs/c-api-conventions.md)
                if stored != text and not (text == "" and stored is None):
                    problems.append(f"{e.label} [{e.category}]: read back {stored!r:.60}")
    db.commit()
    assert not problems, f"{param.name}: {len(problems)} problems:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("call", [
    lambda db: db.clients.create(given_name=b"Ana", family_name="Example"),
    lambda db: db.clients.get_external(b"ext-ana"),
    lambda db: db.notes.search(b"text"),
    lambda db: db.set_timezone(b"UTC"),
])
def test_bytes_are_refused_as_a_type_error(db, call) -> None:
    with pytest.raises(TypeError):
        call(db)
