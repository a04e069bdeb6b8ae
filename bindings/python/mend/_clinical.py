"""The clinical collections: outcome measures, safety screens and flags, protocols
and phases, attestations, treatment plans and agreements.

Each wraps the calls of one or two C headers (``instrument.h``,
``measure.h``, ``safety.h``, ``protocol.h``, ``phase.h``, ``attestation.h``,
``plan.h``, ``agreement.h``) with the same argument discipline as the record
collections in :mod:`mend._database`: wrong types raise
:class:`TypeError` before any C call, text is strict UTF-8
(:class:`EncodingError`), ids are ``int`` (never ``bool``), dates are a
:class:`datetime.date` or ``"YYYY-MM-DD"``. Results come from the library's
JSON, copied and freed at once, as frozen dataclasses (:mod:`mend.records`)
or, for definitions and plans, plain ``dict``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping as _MappingABC
from collections.abc import Sequence as _SequenceABC
from ctypes import byref, c_int, c_int64
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

from . import _lib
from ._convert import (
    _INT_MAX,
    _INT_MIN,
    DateLike,
    _bool,
    _date_text,
    _fields,
    _id,
    _int,
    _ref_id,
    _required,
    _not_clearable,
    _text,
    _upd_date,
    _upd_text,
    UNSET,
)
from ._lib import lib
from .errors import Error, GateBlocked, InvalidArgument
from .records import (
    Administration,
    Agreement,
    Attestation,
    Change,
    Diagnosis,
    Flag,
    GateEvaluation,
    InstrumentSummary,
    PhaseHistory,
    ProtocolSummary,
    SafetyScreen,
    Series,
    Sustained,
)

if TYPE_CHECKING:  # pragma: no cover
    from ._database import Database  # only for annotations: _database imports this module

__all__ = [
    "Measures",
    "Safety",
    "Flags",
    "Protocols",
    "Phases",
    "Attestations",
    "Diagnoses",
    "Plans",
    "Agreements",
]

Definition = Union[Mapping[str, Any], str]
Answer = Optional[int]


# ---------------------------------------------------------------------------
# Argument conversion for the clinical calls.
# ---------------------------------------------------------------------------


def _opt_text_arg(name: str, value: object) -> Optional[bytes]:
    """An optional text argument: None is NULL."""
    return None if value is None else _text(name, value)


def _opt_date_arg(name: str, value: object) -> Optional[bytes]:
    """An optional date argument: None is NULL (the library's "today", UTC)."""
    return None if value is None else _date_text(name, value)


def _req_text(name: str, value: object) -> bytes:
    _required(name, value)
    return _text(name, value)


def _opt_ref(name: str, value: object) -> int:
    """An optional id where the C API reads 0 as "none": None is 0, else a positive id."""
    return 0 if value is None else _ref_id(name, value)


def _number(name: str, value: object) -> float:
    """A real number (int or float; bool refused) for a ``double`` argument."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be int or float, not {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:
        raise InvalidArgument(f"{name} is out of range") from None


def _json_text(name: str, value: object) -> bytes:
    """A JSON document given as a str (sent as is) or a mapping (serialised)."""
    if isinstance(value, str):
        return _text(name, value)
    if not isinstance(value, _MappingABC):
        raise TypeError(f"{name} must be a dict or a JSON str, not {type(value).__name__}")
    try:
        # ensure_ascii=False keeps a lone surrogate as such, so _text refuses it
        # (EncodingError) instead of sending the library a "\udcff" escape.
        text = json.dumps(dict(value), ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise InvalidArgument(f"{name} holds NaN or an infinity, which JSON cannot carry") from None
    return _text(name, text)


def _answers(answers: object) -> List[int]:
    """The answers as C ints: None is MEND_ITEM_MISSING; each must be 0 or more."""
    if isinstance(answers, (str, bytes, bytearray)) or not isinstance(answers, _SequenceABC):
        raise TypeError(f"answers must be a sequence of int or None, not {type(answers).__name__}")
    out: List[int] = []
    for i, a in enumerate(answers):
        if a is None:
            out.append(_lib.MEND_ITEM_MISSING)
            continue
        if isinstance(a, bool) or not isinstance(a, int):
            raise TypeError(f"answers[{i}] must be int or None, not {type(a).__name__}")
        if a < 0:
            raise InvalidArgument(f"answers[{i}] must be 0 or more; None marks an unanswered item")
        out.append(_int(f"answers[{i}]", a, 0, _INT_MAX))
    return out


# ---------------------------------------------------------------------------
# The collections.
# ---------------------------------------------------------------------------


class _Manager:
    def __init__(self, db: "Database") -> None:
        self._db = db

    def __repr__(self) -> str:
        return f"<mend {type(self).__name__} of {self._db!r}>"


class Measures(_Manager):
    """``db.measures``: instruments, administrations, scoring and change (``instrument.h``, ``measure.h``).

    The built-in instruments are ``mend.catalog()["instruments"]``; an admin
    may load others (``db.catalog()`` lists the practice's).
    """

    def instruments(self) -> List[InstrumentSummary]:
        """Every instrument: the built-ins, then the latest version of each loaded one."""
        return [InstrumentSummary.from_json(d) for d in self._db._json(lib.mend_instrument_list_json)]

    def instrument(self, code: str) -> Dict[str, Any]:
        """One instrument's full definition (items, keys, bands, cut-offs, rules,
        sources) as the ``dict`` the library's JSON holds (:class:`NotFound` if none)."""
        return dict(self._db._json(lib.mend_instrument_get_json, _req_text("code", code)))

    def load_instrument(self, definition: Definition) -> None:
        """Load an instrument definition (admins only), as a ``dict`` or JSON text
        of the form :meth:`instrument` returns.

        It is validated first: :class:`InvalidArgument` names the bad field
        (e.g. ``items[0].max``) and nothing is stored. A built-in's code, or a
        version not higher than one already loaded, raises :class:`AlreadyExists`.
        """
        _required("definition", definition)
        self._db._call(lib.mend_instrument_load, _json_text("definition", definition))

    def set_cutoff(self, instrument: str, cutoff: str, value: float) -> None:
        """Choose a configurable cut-off within its published range (admins only),
        e.g. ``set_cutoff("pcl5", "probable_ptsd", 31)`` (31..33, default 33).

        A value out of range, or a cut-off fixed by its source, raises
        :class:`InvalidArgument`; an unknown cut-off :class:`NotFound`.
        """
        ins = _req_text("instrument", instrument)
        cut = _req_text("cutoff", cutoff)
        _required("value", value)
        self._db._call(lib.mend_instrument_set_cutoff, ins, cut, _number("value", value))

    def create(self, client_id: int, instrument: str, answers: Sequence[Answer], *,
               administered_on: Optional[DateLike] = None, case_id: Optional[int] = None,
               prorate: Optional[bool] = None) -> int:
        """Record an administration; returns its id.

        ``answers`` are the options chosen, in the instrument's item order;
        ``None`` marks an unanswered item. Every answer is checked against its
        item's range: one out of range (or a wrong count) raises
        :class:`InvalidArgument` and nothing is stored. ``administered_on``
        defaults to today in the practice's time zone. ``case_id`` may name the client's individual
        case or their couple's conjoint case. ``prorate``: ``None`` for the
        instrument's default policy, ``True`` to prorate missing items where
        the definition offers a rule (:class:`InvalidArgument` otherwise),
        ``False`` to score complete forms only. The safety flags the
        administration's rules call for are raised (see :attr:`Database.flags`).
        """
        _required("client_id", client_id)
        _required("instrument", instrument)
        _required("answers", answers)
        f = _fields(_lib.MeasureFields)
        f.client_id = _id("client_id", client_id)
        f.case_id = _opt_ref("case_id", case_id)
        f.instrument = _text("instrument", instrument)
        f.administered_on = _opt_date_arg("administered_on", administered_on)
        values = _answers(answers)
        array = (c_int * len(values))(*values)  # kept alive until the call returns
        if values:
            f.answers = array
        f.answer_count = len(values)
        if prorate is not None:
            f.missing_policy = b"prorate" if _bool("prorate", prorate) else b"complete"
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_measure_create(byref(out), h, byref(f))))
        return int(out.value)

    def get(self, id: int) -> Administration:
        """One administration with its scoring (audited as a read)."""
        return Administration.from_json(self._db._json(lib.mend_measure_get_json, _id("id", id)))

    def series(self, client_id: int, instrument: str) -> Series:
        """A client's administrations of an instrument, oldest first, with reliable
        change from the previous and from the first scored one."""
        cid = _id("client_id", client_id)
        return Series.from_json(self._db._json(lib.mend_measure_series_json, cid,
                                               _req_text("instrument", instrument)))

    def change(self, from_id: int, to_id: int) -> Change:
        """Reliable change between two administrations of one instrument for one
        client (taken oldest first whatever the order given). Administrations of
        different clients or instruments raise :class:`InvalidArgument`."""
        a, b = _id("from_id", from_id), _id("to_id", to_id)
        return Change.from_json(self._db._json(lib.mend_measure_change_json, a, b))

    def sustained(self, client_id: int, instrument: str, comparator: str, value: float,
                  count: int = 1, min_days_apart: int = 0) -> Sustained:
        """Whether "total ``comparator`` ``value``" has held on the latest ``count``
        administrations (1..100), at least ``min_days_apart`` days apart (0..3650),
        walking back from the newest with none failing it. ``comparator`` is
        ``"<"``, ``"<="``, ``">"`` or ``">="``."""
        cid = _id("client_id", client_id)
        ins = _req_text("instrument", instrument)
        cmp_ = _req_text("comparator", comparator)
        _required("value", value)
        v = _number("value", value)
        n = _int("count", count, _INT_MIN, _INT_MAX)
        days = _int("min_days_apart", min_days_apart, _INT_MIN, _INT_MAX)
        return Sustained.from_json(self._db._json(lib.mend_measure_sustained_json, cid, ins, cmp_, v, n, days))


class Safety(_Manager):
    """``db.safety``: each partner's private safety screens (``safety.h``).

    Screens belong to the client screened and are never part of a view meant
    for the other partner.
    """

    def create_screen(self, client_id: int, *, ipv: str, suicide_risk: str,
                      ipv_instrument: Optional[str] = None, suicide_instrument: Optional[str] = None,
                      administered_on: Optional[DateLike] = None, case_id: Optional[int] = None) -> int:
        """Record a safety screen; returns its id and raises the flags it calls for.

        ``ipv``: ``"none"``, ``"past"``, ``"current"`` or ``"unknown"``;
        ``suicide_risk``: ``"none"``, ``"low"``, ``"moderate"``, ``"high"`` or
        ``"unknown"``. ``ipv_instrument``/``suicide_instrument`` say how it was
        screened (e.g. ``"HITS"``, ``"C-SSRS screener"``).
        """
        _required("client_id", client_id)
        _required("ipv", ipv)
        _required("suicide_risk", suicide_risk)
        f = _fields(_lib.SafetyScreenFields)
        f.client_id = _id("client_id", client_id)
        f.case_id = _opt_ref("case_id", case_id)
        f.administered_on = _opt_date_arg("administered_on", administered_on)
        f.ipv = _text("ipv", ipv)
        f.ipv_instrument = _opt_text_arg("ipv_instrument", ipv_instrument)
        f.suicide_risk = _text("suicide_risk", suicide_risk)
        f.suicide_instrument = _opt_text_arg("suicide_instrument", suicide_instrument)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_safety_screen_create(byref(out), h, byref(f))))
        return int(out.value)

    def screens(self, client_id: int) -> List[SafetyScreen]:
        """A client's safety screens, oldest first (each audited as a read)."""
        cid = _id("client_id", client_id)
        return [SafetyScreen.from_json(d) for d in self._db._json(lib.mend_safety_screen_list_json, cid)]


class Flags(_Manager):
    """``db.flags``: the safety flags raised by screens, measures and broken agreements.

    A flag stays open until a clinician resolves it with a note; an open flag
    of a kind is not raised again for the same client. Iterating gives the
    open flags of every client the actor may see.
    """

    def list(self, *, client_id: Optional[int] = None, case_id: Optional[int] = None,
             clinician_id: Optional[int] = None, include_resolved: bool = False) -> List[Flag]:
        """The flags the actor may see: open ones unless ``include_resolved``;
        only a client's, the clients of a case, or the clients of the cases a
        clinician leads (each read audited)."""
        o = _fields(_lib.FlagListOptions)
        o.client_id = 0 if client_id is None else _id("client_id", client_id)
        o.case_id = 0 if case_id is None else _id("case_id", case_id)
        o.clinician_id = 0 if clinician_id is None else _id("clinician_id", clinician_id)
        o.include_resolved = _bool("include_resolved", include_resolved)
        return [Flag.from_json(d) for d in self._db._json(lib.mend_safety_flag_list_json, byref(o))]

    def __iter__(self) -> Iterator[Flag]:
        return iter(self.list())

    def resolve(self, flag_id: int, note: str) -> None:
        """Resolve an open flag with a clinician's note (required, up to 4000 bytes).

        An empty note raises :class:`InvalidArgument`; a flag already resolved
        :class:`InvalidState`.
        """
        fid = _id("flag_id", flag_id)
        self._db._call(lib.mend_safety_flag_resolve, fid, _req_text("note", note))


class Protocols(_Manager):
    """``db.protocols``: the treatment protocols (``protocol.h``).

    Built-in: ``"betrayal_trauma_couples"``, ``"betrayal_trauma_couples_csb"``
    and ``"betrayal_trauma_individual"``; an admin may load others.
    """

    def list(self) -> List[ProtocolSummary]:
        """Every protocol: the built-ins, then the latest version of each loaded one."""
        return [ProtocolSummary.from_json(d) for d in self._db._json(lib.mend_protocol_list_json)]

    def __iter__(self) -> Iterator[ProtocolSummary]:
        return iter(self.list())

    def get(self, code: str) -> Dict[str, Any]:
        """One protocol's full definition (phases, transitions with their criteria,
        contraindications) as a ``dict`` (:class:`NotFound` if none)."""
        return dict(self._db._json(lib.mend_protocol_get_json, _req_text("code", code)))

    def load(self, definition: Definition) -> None:
        """Load a protocol definition (admins only), as a ``dict`` or JSON text of
        the form :meth:`get` returns. Validated first: :class:`InvalidArgument`
        names the bad field (e.g. ``transitions[0].to``) and nothing is stored."""
        _required("definition", definition)
        self._db._call(lib.mend_protocol_load, _json_text("definition", definition))


class Phases(_Manager):
    """``db.phases``: a case's way through its protocol, with explained gates.

    :meth:`evaluate` lists every way forward from the current phase, each
    criterion met / not met / unknown with a sentence and its evidence.
    :meth:`advance` moves through an open gate; a gate that is not open
    raises :class:`GateBlocked` whose ``unmet`` says why. Dates (``on``)
    default to today in the practice's time zone and may not precede the current phase's start.
    """

    def start(self, case_id: int, protocol: str, *, betrayed_client_id: Optional[int] = None,
              on: Optional[DateLike] = None) -> None:
        """Start a case on a protocol of its kind, at the protocol's first phase.

        ``betrayed_client_id`` names the betrayed partner of a conjoint case
        (or record it later with :meth:`set_roles`).
        """
        cid = _id("case_id", case_id)
        code = _req_text("protocol", protocol)
        self._db._call(lib.mend_phase_start, cid, code, _opt_ref("betrayed_client_id", betrayed_client_id),
                       _opt_date_arg("on", on))

    def set_roles(self, case_id: int, betrayed_client_id: Optional[int], *, rationale: str,
                  override: bool = False) -> None:
        """Record which partner of a conjoint case was betrayed (``None``: not recorded),
        with a ``rationale``. Every gate reads the roles, so the change is an event of
        the record (:attr:`PhaseHistory.role_changes`). A change that would open a gate
        raises :class:`GateBlocked` unless ``override`` records it as an override."""
        cid = _id("case_id", case_id)
        why = _req_text("rationale", rationale)
        fn = lib.mend_phase_override_roles if override else lib.mend_phase_set_roles
        self._db._call(fn, cid, _opt_ref("betrayed_client_id", betrayed_client_id), why)

    def evaluate(self, case_id: int, *, on: Optional[DateLike] = None) -> GateEvaluation:
        """The gate evaluation of a case as of ``on`` (default today): the phase it was
        in then, judged only on what was recorded by then (:class:`InvalidState` if it
        follows no protocol)."""
        return GateEvaluation.from_json(self._db._json(lib.mend_phase_evaluate_json, _id("case_id", case_id),
                                                       _opt_date_arg("on", on)))

    def _explain(self, err: GateBlocked, case_id: int, to: str, on: Any = None) -> GateBlocked:
        """Fill ``err.unmet`` from the gate evaluation as of the move's date (left empty
        if it cannot be read)."""
        try:
            ev = self.evaluate(case_id, on=on.decode() if isinstance(on, bytes) else on)
        except Error:
            return err
        unmet: List[Any] = []
        for t in ev.transitions:
            if t.to == to:
                # What holds this step, as the library judged it: the
                # contraindications that suspend it or are not known to be
                # absent, then its unmet criteria.
                holding = set(t.suspended_by) | set(t.blocked_by_unknown)
                unmet = [c for c in ev.contraindications if c.code in holding] + list(t.unmet)
        err.unmet = unmet
        return err

    def _gated(self, fn: Any, case_id: int, to: str, *args: Any) -> None:
        """Call a gated move (its last argument is its date); on MEND_EGATE, explain
        the refusal from the evaluation as of that date."""
        to_b = _req_text("to", to)
        with self._db._lock:  # the evaluation reads the state the refusal saw
            try:
                self._db._call(fn, case_id, to_b, *args)
            except GateBlocked as e:
                raise self._explain(e, case_id, to, args[-1])

    def advance(self, case_id: int, to: str, *, rationale: Optional[str] = None,
                on: Optional[DateLike] = None) -> None:
        """Move to the next phase ``to`` through its gate.

        Raises :class:`GateBlocked`, changing nothing, when the gate is not
        open; its ``unmet`` lists the present contraindications and the unmet
        criteria of that transition (read with :meth:`evaluate`, which is
        audited as a read). A phase that is no next step raises
        :class:`InvalidArgument`.
        """
        cid = _id("case_id", case_id)
        self._gated(lib.mend_phase_advance, cid, to, _opt_text_arg("rationale", rationale),
                    _opt_date_arg("on", on))

    def override(self, case_id: int, to: str, *, rationale: str, safety_plan: Optional[str] = None,
                 on: Optional[DateLike] = None) -> None:
        """Move through a gate that is not open, with a written ``rationale`` (required).

        While a contraindication is present a ``safety_plan`` is required too:
        without one this raises :class:`GateBlocked` (with ``unmet`` filled as
        for :meth:`advance`). The criteria passed over are kept with the
        history entry (:attr:`PhaseEntry.unmet`). Through an open gate this
        is an ordinary advance.
        """
        cid = _id("case_id", case_id)
        why = _req_text("rationale", rationale)
        self._gated(lib.mend_phase_override, cid, to, why, _opt_text_arg("safety_plan", safety_plan),
                    _opt_date_arg("on", on))

    def back(self, case_id: int, to: str, *, rationale: str, on: Optional[DateLike] = None) -> None:
        """Move back to an earlier phase (a new disclosure, a relapse) with a rationale.
        A phase that is not earlier raises :class:`InvalidArgument`."""
        cid = _id("case_id", case_id)
        to_b = _req_text("to", to)
        why = _req_text("rationale", rationale)
        self._db._call(lib.mend_phase_back, cid, to_b, why, _opt_date_arg("on", on))

    def history(self, case_id: int) -> PhaseHistory:
        """The case's phase history, oldest entry first."""
        return PhaseHistory.from_json(self._db._json(lib.mend_phase_history_json, _id("case_id", case_id)))


class Attestations(_Manager):
    """``db.attestations``: a clinician's attestations on a case, read by the gates.

    The codes the protocols read, with the values each takes, are
    ``db.catalog()["attestation_codes"]`` (``"sobriety"`` takes
    ``effective_on``). None is ever
    changed: the latest of a code (per partner) counts.
    """

    def create(self, case_id: int, code: str, value: str = "yes", *, client_id: Optional[int] = None,
            effective_on: Optional[DateLike] = None, note: Optional[str] = None) -> int:
        """Record an attestation; returns its id. ``client_id`` names the partner
        it is about (``None``: the case as a whole)."""
        _required("case_id", case_id)
        f = _fields(_lib.AttestationFields)
        f.case_id = _id("case_id", case_id)
        f.client_id = _opt_ref("client_id", client_id)
        f.code = _req_text("code", code)
        f.value = _req_text("value", value)
        f.effective_on = _opt_date_arg("effective_on", effective_on)
        f.note = _opt_text_arg("note", note)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_attestation_create(byref(out), h, byref(f))))
        return int(out.value)

    def list(self, case_id: int) -> List[Attestation]:
        """A case's attestations, in the order recorded."""
        cid = _id("case_id", case_id)
        return [Attestation.from_json(d) for d in self._db._json(lib.mend_attestation_list_json, cid)]


class Diagnoses(_Manager):
    """``db.diagnoses``: ICD-10-CM diagnoses on a case, each about one of its clients.

    The codes mend knows, with their titles, are ``mend.catalog()["diagnosis_codes"]``;
    another code of valid form needs ``allow_unlisted=True``. ``rank`` 1 is the
    primary; no two current diagnoses of one client in a case share a rank.
    Nothing is deleted: set ``resolved_on`` when a diagnosis no longer holds.
    """

    def create(self, case_id: int, client_id: int, code: str, *, rank: Optional[int] = None,
               onset_on: Optional[DateLike] = None, resolved_on: Optional[DateLike] = None,
               allow_unlisted: bool = False) -> int:
        """Record a diagnosis; returns its id. ``rank=None`` takes the client's next free rank."""
        f = _fields(_lib.DiagnosisFields)
        f.case_id = _id("case_id", case_id)
        f.client_id = _id("client_id", client_id)
        f.code = _req_text("code", code)
        f.rank = 0 if rank is None else _int("rank", rank, _INT_MIN, _INT_MAX)
        f.onset_on = _opt_date_arg("onset_on", onset_on)
        f.resolved_on = _opt_date_arg("resolved_on", resolved_on)
        f.allow_unlisted = _bool("allow_unlisted", allow_unlisted)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_diagnosis_create(byref(out), h, byref(f))))
        return int(out.value)

    def update(self, diagnosis_id: int, *, code: str = UNSET, rank: int = UNSET,
               onset_on: Optional[DateLike] = UNSET, resolved_on: Optional[DateLike] = UNSET,
               allow_unlisted: bool = False) -> None:
        """Change a diagnosis. Omitted fields stay; ``None`` clears a date (a
        resolution cleared reopens it). Its case and client never change."""
        i = _id("diagnosis_id", diagnosis_id)
        f = _fields(_lib.DiagnosisFields)
        _upd_text(f, "code", code, clearable=False)
        if rank is not UNSET:
            _not_clearable("rank", rank)
            f.rank = _int("rank", rank, _INT_MIN, _INT_MAX)
        _upd_date(f, "onset_on", onset_on, clearable=True)
        _upd_date(f, "resolved_on", resolved_on, clearable=True)
        f.allow_unlisted = _bool("allow_unlisted", allow_unlisted)
        self._db._call(lambda h: int(lib.mend_diagnosis_update(h, i, byref(f))))

    def list(self, case_id: int) -> List[Diagnosis]:
        """A case's diagnoses, by client, rank and id."""
        cid = _id("case_id", case_id)
        return [Diagnosis.from_json(d) for d in self._db._json(lib.mend_diagnosis_list_json, cid)]


class Plans(_Manager):
    """``db.plans``: versioned treatment plans, one line of versions per phase."""

    def set(self, case_id: int, phase: str, plan: Definition) -> int:
        """Save a new version of a phase's plan; returns the version (1, 2, ...).

        ``plan`` is a ``dict`` or JSON text: ``{"problems": [...], "goals":
        [{"text", "objectives": [{"text", "measure": {"instrument",
        "comparator", "value"}, "target_date"}]}], "interventions": [...],
        "review_on": "YYYY-MM-DD"}``. A review that is due shows in the gate
        evaluation.
        """
        cid = _id("case_id", case_id)
        ph = _req_text("phase", phase)
        _required("plan", plan)
        body = _json_text("plan", plan)
        out = c_int()
        self._db._call(lambda h: int(lib.mend_plan_set(byref(out), h, cid, ph, body)))
        return int(out.value)

    def get(self, case_id: int, phase: str) -> Dict[str, Any]:
        """The latest plan of a phase as a ``dict``: the plan's own keys plus
        ``case_id``, ``phase``, ``version``, ``created_by``, ``created_at`` and
        ``review_due`` (:class:`NotFound` if there is none yet)."""
        cid = _id("case_id", case_id)
        return dict(self._db._json(lib.mend_plan_get_json, cid, _req_text("phase", phase)))


class Agreements(_Manager):
    """``db.agreements``: agreements and boundaries between the partners (``agreement.h``).

    A broken agreement raises an ``"agreement_broken"`` safety flag that the
    gates read until a clinician resolves it.
    """

    def create(self, case_id: int, kind: str, text: str, *, agreed_on: Optional[DateLike] = None,
            review_on: Optional[DateLike] = None) -> int:
        """Record an agreement (status ``"active"``); returns its id.

        ``kind``: ``"boundary"``, ``"transparency"``, ``"no_contact"`` or a
        code of the practice's own (a-z, 0-9, _). ``text`` is up to 4000
        bytes. ``agreed_on`` defaults to today.
        """
        _required("case_id", case_id)
        f = _fields(_lib.AgreementFields)
        f.case_id = _id("case_id", case_id)
        f.kind = _req_text("kind", kind)
        f.text = _req_text("text", text)
        f.agreed_on = _opt_date_arg("agreed_on", agreed_on)
        f.review_on = _opt_date_arg("review_on", review_on)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_agreement_create(byref(out), h, byref(f))))
        return int(out.value)

    def update(self, agreement_id: int, status: str, *, note: Optional[str] = None,
               broken_by: Optional[int] = None) -> None:
        """Change an agreement's status: ``"active"``, ``"kept"``, ``"broken"`` or
        ``"revised"``, with an optional note. ``broken_by`` (with ``"broken"``
        only) names the partner who broke it; the flag is raised for them, or
        for both partners when nobody is named."""
        aid = _id("agreement_id", agreement_id)
        st = _req_text("status", status)
        self._db._call(lib.mend_agreement_update, aid, st, _opt_text_arg("note", note),
                       _opt_ref("broken_by", broken_by))

    def list(self, case_id: int) -> List[Agreement]:
        """A case's agreements, each with its history of status changes."""
        cid = _id("case_id", case_id)
        return [Agreement.from_json(d) for d in self._db._json(lib.mend_agreement_list_json, cid)]
