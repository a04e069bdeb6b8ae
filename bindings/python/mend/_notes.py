"""Sessions, progress notes and psychotherapy process notes (``session.h``, ``note.h``, ``process_note.h``).

Same argument discipline as the other collections: wrong types raise
:class:`TypeError` before any C call, text is strict UTF-8
(:class:`EncodingError`), ids are ``int`` (never ``bool``), dates a
:class:`datetime.date` or ``"YYYY-MM-DD"``. Results come from the library's
JSON, copied and freed at once, as frozen dataclasses (:mod:`mend.records`).

Privacy between partners is the library's: a note belongs to the records of
the clients who took part in its session, so one partner's individual
session never reaches the other partner's record or searches about them.
Process notes live apart (their author's, and whom the author grants).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence as _SequenceABC
from ctypes import byref, c_int, c_int64
from typing import Any, ClassVar, Dict, List, Optional, Sequence, Tuple, Union

from . import _catalog, _lib
from ._clinical import _Manager, _opt_ref, _req_text
from ._convert import _INT_MAX, _INT_MIN, _bool, _fields, _id, _int, _required, _text
from ._lib import lib
from .errors import InvalidArgument
from .records import (
    Note,
    NoteSummary,
    ProcessNote,
    SearchHit,
    Session,
    Verification,
)

__all__ = ["Sessions", "Notes", "ProcessNotes", "NOTE_FIELDS"]

#: A session's start: a naive :class:`datetime.datetime` (local time, to the
#: minute) or a ``"YYYY-MM-DDTHH:MM"`` string.
DateTimeLike = Union[_dt.datetime, str]

_COMMON = ("risk", "interventions")

#: The fields of each note format (besides ``risk`` and ``interventions``,
#: which every format has), read from the library's catalogue.
NOTE_FIELDS: Dict[str, Tuple[str, ...]] = {
    fmt: tuple(f for f in fields if f not in _COMMON) for fmt, fields in _catalog.note_fields().items()
}

# Every text field a note may have (from the catalogue), each once, in order.
_TEXT_FIELDS = tuple(dict.fromkeys(
    [f for fields in _catalog.note_fields().values() for f in fields if f != "interventions"]))


def _starts_at(value: object) -> bytes:
    """A session start as "YYYY-MM-DDTHH:MM" bytes (the practice's local time) or, for an
    aware datetime, with its offset (the library checks the calendar and clock)."""
    if isinstance(value, _dt.datetime):
        if value.second or value.microsecond:
            raise InvalidArgument("starts_at is to the minute: seconds must be 0")
        if value.tzinfo is not None:
            offset = value.utcoffset()
            if offset is None:
                raise InvalidArgument("starts_at has a tzinfo without an offset")
            if offset.seconds % 60 or offset.microseconds:
                raise InvalidArgument("starts_at's offset must be whole minutes")
            return value.isoformat(timespec="minutes").encode("ascii")
        return value.strftime("%Y-%m-%dT%H:%M").encode("ascii")
    if isinstance(value, str):
        return _text("starts_at", value)
    raise TypeError(f"starts_at must be a datetime.datetime or a 'YYYY-MM-DDTHH:MM' str, "
                    f"not {type(value).__name__}")


def _participants(value: object) -> List[int]:
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, _SequenceABC):
        raise TypeError(f"participants must be a sequence of client ids, not {type(value).__name__}")
    return [_id(f"participants[{i}]", p) for i, p in enumerate(value)]


def _content(fields: Dict[str, Any]) -> bytes:
    """A note's content as JSON text: the given text fields and interventions.

    ``None`` leaves a field out. Which fields the format has is for the
    library to say (:class:`InvalidArgument` names a field the format lacks).
    """
    content: Dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = fields.get(name)
        if value is not None:
            _text(name, value)  # type and encoding, with the field's name
            content[name] = value
    interventions = fields.get("interventions")
    if interventions is not None:
        if isinstance(interventions, (str, bytes, bytearray)) or not isinstance(interventions, _SequenceABC):
            raise TypeError(f"interventions must be a sequence of str, not {type(interventions).__name__}")
        for i, v in enumerate(interventions):
            _text(f"interventions[{i}]", v)
        content["interventions"] = list(interventions)
    return json.dumps(content, ensure_ascii=False).encode("utf-8")


class Sessions(_Manager):
    """``db.sessions``: the sessions of a case (``session.h``).

    The duration must fit the CPT code's time rule (each code's
    ``min_minutes``/``max_minutes`` are in ``mend.catalog()["cpt_codes"]``), or
    :class:`InvalidArgument` says which rule it breaks. Each session is
    stamped with the case's protocol phase on its date.
    """

    def create(self, case_id: int, *, starts_at: DateTimeLike, duration_minutes: int,
               participants: Sequence[int], cpt_code: str, modality: str = "in_person",
               identified_patient_id: Optional[int] = None,
               place_of_service: Optional[str] = None, modifiers: Sequence[str] = (),
               interactive_complexity: bool = False,
               diagnosis_ids: Sequence[int] = ()) -> int:
        """Record a session that has happened; returns its id.

        ``starts_at`` is the start, to the minute: a naive
        :class:`datetime.datetime` or ``"YYYY-MM-DDTHH:MM"`` is the practice's
        local time (:attr:`Database.timezone`); an aware datetime or a string
        with its offset (``"2026-11-02T20:00-06:00"``, ``"...Z"``) is that
        instant. The session keeps the practice's local time, its offset then
        and the UTC time. ``participants`` are the
        clients of the case who took part: one partner alone, both, or an
        individual case's client. ``cpt_code``: one of
        ``mend.catalog()["cpt_codes"]``; a couple's family-psychotherapy
        session names its ``identified_patient_id``. ``modality``: one of
        ``mend.catalog()["values"]["session_modalities"]``.

        Billing: ``place_of_service`` (``mend.catalog()["places_of_service"]``),
        claim ``modifiers`` (``"95"`` for synchronous video), ``interactive_complexity``
        (the add-on 90785), and ``diagnosis_ids``: up to 4 of the case's diagnoses of
        the client billed (``db.diagnoses``).
        """
        _required("case_id", case_id)
        _required("starts_at", starts_at)
        _required("duration_minutes", duration_minutes)
        _required("participants", participants)
        f = _fields(_lib.SessionFields)
        f.case_id = _id("case_id", case_id)
        f.starts_at = _starts_at(starts_at)
        f.duration_minutes = _int("duration_minutes", duration_minutes, _INT_MIN, _INT_MAX)
        f.modality = _req_text("modality", modality)
        ids = _participants(participants)
        array = (c_int64 * len(ids))(*ids)  # kept alive until the call returns
        if ids:
            f.participants = array
        f.participant_count = len(ids)
        f.identified_patient_id = _opt_ref("identified_patient_id", identified_patient_id)
        f.cpt_code = _req_text("cpt_code", cpt_code)
        if place_of_service is not None:
            f.place_of_service = _text("place_of_service", place_of_service)
        if isinstance(modifiers, (str, bytes)):
            raise TypeError("modifiers must be a sequence of codes, e.g. ['95']")
        if modifiers:
            f.modifiers = _text("modifiers", ",".join(_text("modifiers", m).decode("utf-8")
                                                      for m in modifiers))
        f.interactive_complexity = _bool("interactive_complexity", interactive_complexity)
        dx = [_id("diagnosis_ids", d) for d in diagnosis_ids]
        dx_array = (c_int64 * len(dx))(*dx)  # kept alive until the call returns
        if dx:
            f.diagnosis_ids = dx_array
        f.diagnosis_count = len(dx)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_session_create(byref(out), h, byref(f))))
        return int(out.value)

    def get(self, id: int) -> Session:
        """One session (audited as a read)."""
        return Session.from_json(self._db._json(lib.mend_session_get_json, _id("id", id)))

    def list(self, case_id: int) -> List[Session]:
        """A case's sessions, oldest first."""
        cid = _id("case_id", case_id)
        return [Session.from_json(d) for d in self._db._json(lib.mend_session_list_json, cid)]


class Notes(_Manager):
    """``db.notes``: progress notes, from draft to signed, with addenda and co-signatures.

    A draft is edited by its author only; each save bumps its version, and a
    save based on a stale version raises :class:`Conflict` and saves
    nothing. Signing (by the author) stores a SHA-256 content hash and makes
    the note final: the database itself refuses to change or delete it.
    Corrections are addenda. A supervisor or admin may co-sign.

    Note fields, by ``format``: :data:`NOTE_FIELDS`, read from the library
    (``mend.catalog()["note_formats"]``). Every format also takes ``risk``
    (the risk assessment) and ``interventions`` (a sequence of texts).
    """

    #: The fields of each format, besides ``risk`` and ``interventions``.
    FIELDS: ClassVar[Dict[str, Tuple[str, ...]]] = NOTE_FIELDS

    def create(self, session_id: int, format: str, *, subjective: Optional[str] = None,
               objective: Optional[str] = None, assessment: Optional[str] = None,
               plan: Optional[str] = None, data: Optional[str] = None, behavior: Optional[str] = None,
               intervention: Optional[str] = None, response: Optional[str] = None,
               text: Optional[str] = None, risk: Optional[str] = None,
               interventions: Optional[Sequence[str]] = None) -> int:
        """Write a draft note for a session; returns its id (the draft is at version 1).

        Give the format's fields as keywords (``None`` leaves one out); at
        least one must be filled in. A field the format does not have raises
        :class:`InvalidArgument` naming it.
        """
        sid = _id("session_id", session_id)
        fmt = _req_text("format", format)
        body = _content(dict(subjective=subjective, objective=objective, assessment=assessment,
                             plan=plan, data=data, behavior=behavior, intervention=intervention,
                             response=response, text=text, risk=risk, interventions=interventions))
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_note_create(byref(out), h, sid, fmt, body)))
        return int(out.value)

    def update(self, id: int, *, expected_version: int, format: str, subjective: Optional[str] = None,
               objective: Optional[str] = None, assessment: Optional[str] = None,
               plan: Optional[str] = None, data: Optional[str] = None, behavior: Optional[str] = None,
               intervention: Optional[str] = None, response: Optional[str] = None,
               text: Optional[str] = None, risk: Optional[str] = None,
               interventions: Optional[Sequence[str]] = None) -> int:
        """Save a draft (its author only); returns the new version.

        The content is replaced by the fields given: a field left out is
        removed. ``expected_version`` is the version you read
        (:attr:`Note.version`): if the draft was saved since, this raises
        :class:`Conflict` and saves nothing. A signed note raises
        :class:`InvalidState` (add an addendum instead); another clinician's
        draft :class:`PermissionDenied`.
        """
        nid = _id("id", id)
        _required("expected_version", expected_version)
        version = _int("expected_version", expected_version, _INT_MIN, _INT_MAX)
        fmt = _req_text("format", format)
        body = _content(dict(subjective=subjective, objective=objective, assessment=assessment,
                             plan=plan, data=data, behavior=behavior, intervention=intervention,
                             response=response, text=text, risk=risk, interventions=interventions))
        out = c_int()
        self._db._call(lambda h: int(lib.mend_note_update(byref(out), h, nid, version, fmt, body)))
        return int(out.value)

    def sign(self, id: int) -> None:
        """Sign a draft (its author only): the content hash is stored and the note is final.

        A note signed more than 3 days after its session is marked a late
        entry. Signing twice raises :class:`InvalidState`.
        """
        self._db._call(lib.mend_note_sign, _id("id", id))

    def cosign(self, id: int) -> None:
        """Co-sign a signed note (a supervisor or admin who is not its author).

        A plain clinician raises :class:`PermissionDenied`; a draft, or a
        second co-signature by the same clinician, :class:`InvalidState`.
        """
        self._db._call(lib.mend_note_cosign, _id("id", id))

    def create_addendum(self, id: int, text: str, reason: str) -> int:
        """Append a signed, hashed addendum to a signed note; returns its id.

        ``text`` and ``reason`` are required (their limits: :func:`mend.catalog`).
        A draft raises :class:`InvalidState` (edit it instead).
        """
        nid = _id("id", id)
        body = _req_text("text", text)
        why = _req_text("reason", reason)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_note_addendum_create(byref(out), h, nid, body, why)))
        return int(out.value)

    def set_shareable(self, id: int, shareable: bool) -> None:
        """Mark an individual session's note shareable in conjoint work, or not (audited).

        Only under a ``"no_secrets"`` policy (else :class:`InvalidState`). The
        note still stays out of the other partner's record.
        """
        nid = _id("id", id)
        flag = _bool("shareable", shareable)
        self._db._call(lib.mend_note_set_shareable, nid, flag)

    def get(self, id: int) -> Note:
        """A note with its content, hash, addenda and co-signatures (audited as a read)."""
        return Note.from_json(self._db._json(lib.mend_note_get_json, _id("id", id)))

    def list(self, *, case_id: Optional[int] = None, client_id: Optional[int] = None,
             include_text: bool = False) -> List[NoteSummary]:
        """The notes of a case, or a client's record: the notes of the sessions
        that client took part in. Give exactly one of ``case_id`` and
        ``client_id`` (:class:`TypeError` otherwise). ``include_text`` fills
        each summary's ``content``. Each note listed is audited as a read.
        """
        if (case_id is None) == (client_id is None):
            raise TypeError("give exactly one of case_id and client_id")
        o = _fields(_lib.NoteListOptions)
        o.case_id = _opt_ref("case_id", case_id)
        o.client_id = _opt_ref("client_id", client_id)
        o.include_text = _bool("include_text", include_text)
        return [NoteSummary.from_json(d) for d in self._db._json(lib.mend_note_list_json, byref(o))]

    def verify(self) -> Verification:
        """Recompute every signed note's and addendum's hash (supervisors and admins)."""
        return Verification.from_json(self._db._json(lib.mend_note_verify_json))

    def search(self, query: str, *, client_id: Optional[int] = None, include_process_notes: bool = False,
               limit: Optional[int] = None) -> List[SearchHit]:
        """Full-text search over the progress notes (and addenda) the actor may see.

        ``query`` is words, never search syntax: quotes, operators and SQL
        are searched for as words. ``client_id`` keeps the notes in that
        client's record. ``include_process_notes`` searches the actor's own
        process notes too. ``limit`` is 1..``search_limit_max`` (``None``: the
        library's ``search_limit_default``; both in :func:`mend.catalog`).
        Each hit is audited as a read.
        """
        q = _req_text("query", query)
        o = _fields(_lib.NoteSearchOptions)
        o.client_id = _opt_ref("client_id", client_id)
        o.include_process_notes = _bool("include_process_notes", include_process_notes)
        if limit is not None:
            n = _int("limit", limit, _INT_MIN, _INT_MAX)
            if n < 1:  # 0 is the C API's "the default"
                raise InvalidArgument(f"limit must be between 1 and {_catalog.limit('search_limit_max')}")
            o.limit = n
        return [SearchHit.from_json(d) for d in self._db._json(lib.mend_note_search_json, q, byref(o))]


class ProcessNotes(_Manager):
    """``db.process_notes``: psychotherapy process notes (45 CFR 164.501).

    Kept apart from the record: readable by their author and the clinicians
    the author grants (not even an admin otherwise: :class:`PermissionDenied`),
    and left out of every note list, report and search unless their author
    asks (``notes.search(..., include_process_notes=True)``).
    """

    def create(self, session_id: int, text: str) -> int:
        """Write a process note for a session; returns its id."""
        sid = _id("session_id", session_id)
        body = _req_text("text", text)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_process_note_create(byref(out), h, sid, body)))
        return int(out.value)

    def get(self, id: int) -> ProcessNote:
        """A process note, for its author or a grantee (each read audited)."""
        return ProcessNote.from_json(self._db._json(lib.mend_process_note_get_json, _id("id", id)))

    def list(self, case_id: int) -> List[ProcessNote]:
        """The process notes of a case that the actor wrote or was granted."""
        cid = _id("case_id", case_id)
        return [ProcessNote.from_json(d, case_id=cid)
                for d in self._db._json(lib.mend_process_note_list_json, cid)]

    def grant(self, id: int, clinician_id: int) -> None:
        """Let another clinician read a process note (its author only).
        Granting twice raises :class:`InvalidState`."""
        pid = _id("id", id)
        _required("clinician_id", clinician_id)
        self._db._call(lib.mend_process_note_grant, pid, _id("clinician_id", clinician_id))
