"""Immutable record types: what the getters and iterators return.

Records are frozen dataclasses. Clinicians, clients, couples and cases are
built from the C API's field getters (``_BUILDERS``, the fast path of every
get and list); every other record, and ``from_json``, from ``*_to_json`` output.
Dates are :class:`datetime.date`; timestamps are aware
:class:`datetime.datetime` in UTC; fields the database may leave empty are
``Optional``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

__all__ = [
    "Clinician",
    "Client",
    "Couple",
    "Case",
    "AuditEvent",
    # measure.h
    "InstrumentSummary",
    "ItemAnswer",
    "CutoffResult",
    "SymptomCluster",
    "SymptomRule",
    "RaisedFlag",
    "Administration",
    "Change",
    "Band",
    "Cutoff",
    "SeriesPoint",
    "Series",
    "SustainedPoint",
    "Sustained",
    # safety.h
    "SafetyScreen",
    "Flag",
    # protocol.h, agreement.h
    "ProtocolSummary",
    "ProtocolRef",
    "Contraindication",
    "GateCriterion",
    "GateTransition",
    "GateEvaluation",
    "PhaseEntry",
    "PhaseHistory",
    "Attestation",
    "Diagnosis",
    "SessionBilling",
    "AgreementEvent",
    "Agreement",
    # note.h
    "Session",
    "Addendum",
    "Cosignature",
    "NoteSummary",
    "Note",
    "Mismatch",
    "Verification",
    "SearchHit",
    "ProcessNote",
]


def _date(value: Optional[str]) -> Optional[_dt.date]:
    return None if value is None else _dt.date.fromisoformat(value)


def _req_date(value: str) -> _dt.date:
    return _dt.date.fromisoformat(value)


def _opt_int(value: Any) -> Optional[int]:
    return None if value is None else int(value)


def _opt_float(value: Any) -> Optional[float]:
    return None if value is None else float(value)


def _opt_bool(value: Any) -> Optional[bool]:
    return None if value is None else bool(value)


_UTC = _dt.timezone.utc
_fromisoformat = _dt.datetime.fromisoformat


def _timestamp(value: str) -> _dt.datetime:
    """Parse "2026-11-30T10:15:00.000000Z" into an aware UTC datetime."""
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    ts = _fromisoformat(text)
    if ts.tzinfo is _UTC:  # what mend writes, the fast path
        return ts
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=_dt.timezone.utc)
    return ts.astimezone(_dt.timezone.utc)


@dataclass(frozen=True)
class Clinician:
    """A member of the practice's staff, who acts on the database.

    ``role`` is ``"clinician"``, ``"supervisor"`` or ``"admin"``.
    """

    id: int
    display_name: str
    credentials: Optional[str]
    role: str
    external_id: Optional[str]
    archived: bool
    created_at: _dt.datetime
    updated_at: _dt.datetime
    npi: Optional[str] = None  # the National Provider Identifier

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Clinician":
        """Build from the object ``mend_clinician_to_json`` writes."""
        return cls(
            id=int(d["id"]),
            display_name=d["display_name"],
            credentials=d.get("credentials"),
            role=d["role"],
            external_id=d.get("external_id"),
            archived=bool(d["archived"]),
            created_at=_timestamp(d["created_at"]),
            updated_at=_timestamp(d["updated_at"]),
            npi=d.get("npi"),
        )


@dataclass(frozen=True)
class Client:
    """A person in treatment."""

    id: int
    external_id: Optional[str]
    given_name: str
    family_name: str
    preferred_name: Optional[str]
    pronouns: Optional[str]
    date_of_birth: Optional[_dt.date]
    email: Optional[str]
    phone: Optional[str]
    archived: bool
    created_at: _dt.datetime
    updated_at: _dt.datetime

    @property
    def display_name(self) -> str:
        """The name to show: preferred (or given) name and family name."""
        return f"{self.preferred_name or self.given_name} {self.family_name}"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Client":
        """Build from the object ``mend_client_to_json`` writes."""
        return cls(
            id=int(d["id"]),
            external_id=d.get("external_id"),
            given_name=d["given_name"],
            family_name=d["family_name"],
            preferred_name=d.get("preferred_name"),
            pronouns=d.get("pronouns"),
            date_of_birth=_date(d.get("date_of_birth")),
            email=d.get("email"),
            phone=d.get("phone"),
            archived=bool(d["archived"]),
            created_at=_timestamp(d["created_at"]),
            updated_at=_timestamp(d["updated_at"]),
        )


@dataclass(frozen=True)
class Couple:
    """Two clients in a relationship under treatment, with their secrets policy.

    ``relationship_status`` is ``"together"``, ``"separated"`` or ``"ended"``;
    ``secrets_policy`` is ``"no_secrets"``, ``"confidential"`` or
    ``"limited_secrets"``.
    """

    id: int
    client_a_id: int
    client_b_id: int
    relationship_status: str
    relationship_start: Optional[_dt.date]
    children_in_household: Optional[int]
    secrets_policy: str
    external_id: Optional[str]
    archived: bool
    created_at: _dt.datetime
    updated_at: _dt.datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Couple":
        """Build from the object ``mend_couple_to_json`` writes."""
        children = d.get("children_in_household")
        return cls(
            id=int(d["id"]),
            client_a_id=int(d["client_a_id"]),
            client_b_id=int(d["client_b_id"]),
            relationship_status=d["relationship_status"],
            relationship_start=_date(d.get("relationship_start")),
            children_in_household=None if children is None else int(children),
            secrets_policy=d["secrets_policy"],
            external_id=d.get("external_id"),
            archived=bool(d["archived"]),
            created_at=_timestamp(d["created_at"]),
            updated_at=_timestamp(d["updated_at"]),
        )


@dataclass(frozen=True)
class Case:
    """An episode of care: ``kind`` ``"individual"`` (one client) or ``"conjoint"`` (a couple).

    ``client_id`` is ``None`` for a conjoint case and ``couple_id`` is ``None``
    for an individual one. ``status`` is ``"open"``, ``"on_hold"`` or
    ``"closed"``; a closed case has ``closed_on``.
    """

    id: int
    kind: str
    client_id: Optional[int]
    couple_id: Optional[int]
    primary_clinician_id: int
    opened_on: _dt.date
    closed_on: Optional[_dt.date]
    status: str
    linked_case_id: Optional[int]
    external_id: Optional[str]
    archived: bool
    created_at: _dt.datetime
    updated_at: _dt.datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Case":
        """Build from the object ``mend_case_to_json`` writes."""

        def opt_id(v: Any) -> Optional[int]:
            return None if v is None or v == 0 else int(v)

        opened = _date(d["opened_on"])
        assert opened is not None
        return cls(
            id=int(d["id"]),
            kind=d["kind"],
            client_id=opt_id(d.get("client_id")),
            couple_id=opt_id(d.get("couple_id")),
            primary_clinician_id=int(d["primary_clinician_id"]),
            opened_on=opened,
            closed_on=_date(d.get("closed_on")),
            status=d["status"],
            linked_case_id=opt_id(d.get("linked_case_id")),
            external_id=d.get("external_id"),
            archived=bool(d["archived"]),
            created_at=_timestamp(d["created_at"]),
            updated_at=_timestamp(d["updated_at"]),
        )


@dataclass(frozen=True)
class AuditEvent:
    """One entry of the append-only audit log. Holds no client data.

    ``outcome`` is ``"ok"``, or ``"denied"`` for a refused call. ``actor_id``
    and ``object_id`` are ``None`` where the event has none.
    """

    seq: int
    at: _dt.datetime
    actor_id: Optional[int]
    action: str
    object_type: str
    object_id: Optional[int]
    outcome: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "AuditEvent":
        """Build from one object of ``mend_audit_list_json``'s array."""
        actor = d.get("actor_id")
        obj = d.get("object_id")
        return cls(
            seq=int(d["seq"]),
            at=_timestamp(d["at"]),
            actor_id=None if actor is None else int(actor),
            action=d["action"],
            object_type=d["object_type"],
            object_id=None if obj is None else int(obj),
            outcome=d["outcome"],
        )


def _opt_timestamp(value: Optional[str]) -> Optional[_dt.datetime]:
    return None if value is None else _timestamp(value)


#: The facts a gate criterion or contraindication rests on: a ``dict``, or for a
#: criterion about both (or either) partners a ``list`` with one ``dict`` per partner.
Evidence = Union[Dict[str, Any], List[Dict[str, Any]]]


def _evidence(value: Any) -> Evidence:
    if isinstance(value, list):
        return [dict(v) for v in value]
    return dict(value or {})


# ---------------------------------------------------------------------------
# Outcome measures (mend/measure.h).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InstrumentSummary:
    """One instrument as ``mend_instrument_list_json`` lists it.

    ``items`` counts every item and ``scored_items`` those that count towards
    the total; ``response_min``/``response_max`` are the widest answer range.
    """

    code: str
    name: str
    abbreviation: str
    version: int
    items: int
    scored_items: int
    response_min: int
    response_max: int
    total_min: float
    total_max: float
    higher_is_better: bool
    clinician_rated: bool

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "InstrumentSummary":
        """Build from one object of ``mend_instrument_list_json``'s array."""
        return cls(
            code=d["code"],
            name=d["name"],
            abbreviation=d["abbreviation"],
            version=int(d["version"]),
            items=int(d["items"]),
            scored_items=int(d["scored_items"]),
            response_min=int(d["response_min"]),
            response_max=int(d["response_max"]),
            total_min=float(d["total_min"]),
            total_max=float(d["total_max"]),
            higher_is_better=bool(d["higher_is_better"]),
            clinician_rated=bool(d["clinician_rated"]),
        )


@dataclass(frozen=True)
class ItemAnswer:
    """One item of an administration: the option chosen and its score through
    the item's key (reverse-keyed items flipped). Both are ``None`` for an
    unanswered item; ``score`` is ``None`` for an item that is not scored."""

    item: int
    option: Optional[int]
    score: Optional[int]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ItemAnswer":
        """Build from one object of an administration's ``items``."""
        return cls(item=int(d["item"]), option=_opt_int(d.get("option")), score=_opt_int(d.get("score")))


@dataclass(frozen=True)
class CutoffResult:
    """A cut-off applied to an administration: ``met`` is ``None`` when there is no total."""

    code: str
    label: str
    comparator: str
    value: float
    met: Optional[bool]
    source: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "CutoffResult":
        """Build from one object of an administration's ``cutoffs``."""
        return cls(code=d["code"], label=d["label"], comparator=d["comparator"], value=float(d["value"]),
                   met=_opt_bool(d.get("met")), source=d.get("source") or "")


@dataclass(frozen=True)
class SymptomCluster:
    """One cluster of a symptom rule (e.g. the PCL-5's DSM-5 criterion B)."""

    subscale: str
    endorsed: int
    missing: int
    needed: int
    met: Optional[bool]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SymptomCluster":
        """Build from one object of a symptom rule's ``clusters``."""
        return cls(subscale=d["subscale"], endorsed=int(d["endorsed"]), missing=int(d["missing"]),
                   needed=int(d["needed"]), met=_opt_bool(d.get("met")))


@dataclass(frozen=True)
class SymptomRule:
    """An instrument's symptom rule, reported apart from its cut-offs.

    ``met`` is ``None`` when missing items leave it undecided.
    """

    code: str
    label: str
    met: Optional[bool]
    clusters: List[SymptomCluster]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SymptomRule":
        """Build from an administration's ``symptom_rule`` object."""
        return cls(code=d["code"], label=d["label"], met=_opt_bool(d.get("met")),
                   clusters=[SymptomCluster.from_json(c) for c in d.get("clusters", [])])


@dataclass(frozen=True)
class RaisedFlag:
    """A safety flag an administration's rules call for.

    ``severity`` is ``"urgent"`` (a safety item or total rule fired) or
    ``"unknown"`` (a safety item was left blank: follow up). ``item`` is the
    item number, ``None`` for a rule on the total. The stored flag (with its
    id and status) is listed by ``db.flags.list()``.
    """

    code: str
    severity: str
    message: str
    item: Optional[int]
    source: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "RaisedFlag":
        """Build from one object of an administration's ``flags``."""
        return cls(code=d["code"], severity=d["severity"], message=d["message"],
                   item=_opt_int(d.get("item")), source=d.get("source") or "")


@dataclass(frozen=True)
class Administration:
    """One administration of an instrument to one client, with its scoring.

    ``total`` is ``None`` when scored items are missing and the administration
    is not prorated. ``band`` is ``None`` for an instrument without severity
    bands (or without a total). ``missing_policy`` is ``"complete"`` or
    ``"prorate"``, as applied. ``subscales`` maps each subscale code to its
    score (``None`` when not scored). ``in_clinical_range`` is ``None`` when
    the instrument defines no clinical range or there is no total.
    """

    id: int
    client_id: int
    case_id: Optional[int]
    instrument: str
    instrument_version: int
    abbreviation: str
    construct: str
    higher_is_better: bool
    administered_on: _dt.date
    total: Optional[float]
    prorated: bool
    band: Optional[str]
    missing_policy: str
    answered: int
    missing: int
    subscales: Dict[str, Optional[float]]
    cutoffs: List[CutoffResult]
    symptom_rule: Optional[SymptomRule]
    in_clinical_range: Optional[bool]
    items: List[ItemAnswer]
    flags: List[RaisedFlag]
    entered_by: int
    created_at: _dt.datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Administration":
        """Build from the object ``mend_measure_get_json`` writes."""
        rule = d.get("symptom_rule")
        return cls(
            id=int(d["id"]),
            client_id=int(d["client_id"]),
            case_id=_opt_int(d.get("case_id")),
            instrument=d["instrument"],
            instrument_version=int(d["instrument_version"]),
            abbreviation=d["abbreviation"],
            construct=d.get("construct") or "",
            higher_is_better=bool(d["higher_is_better"]),
            administered_on=_req_date(d["administered_on"]),
            total=_opt_float(d.get("total")),
            prorated=bool(d["prorated"]),
            band=d.get("band"),
            missing_policy=d["missing_policy"],
            answered=int(d["answered"]),
            missing=int(d["missing"]),
            subscales={k: _opt_float(v) for k, v in d.get("subscales", {}).items()},
            cutoffs=[CutoffResult.from_json(c) for c in d.get("cutoffs", [])],
            symptom_rule=None if rule is None else SymptomRule.from_json(rule),
            in_clinical_range=_opt_bool(d.get("in_clinical_range")),
            items=[ItemAnswer.from_json(i) for i in d.get("items", [])],
            flags=[RaisedFlag.from_json(f) for f in d.get("flags", [])],
            entered_by=int(d["entered_by"]),
            created_at=_timestamp(d["created_at"]),
        )


@dataclass(frozen=True)
class Change:
    """Reliable change between two scores of one instrument for one client.

    ``direction`` is ``"improved"``, ``"deteriorated"``,
    ``"no_reliable_change"`` or ``"unknown"``; ``classification`` is
    ``"recovered"`` (improved and out of the clinical range), ``"improved"``,
    ``"unchanged"``, ``"deteriorated"`` or ``"unknown"``. ``method`` is
    ``"threshold"`` (a published number of points), ``"jacobson_truax"`` or
    ``"none"``; ``threshold`` is the points a change must reach
    (``threshold_rule`` says whether ``>=`` or ``>``). ``clinically_significant``
    is ``None`` when the instrument has no clinical range.

    When an administration has no total, only ``classification`` and
    ``direction`` (both ``"unknown"``) and ``reason`` are set; the scores and
    the method are ``None``. ``instrument`` and the ``from_*``/``to_*`` fields
    (oldest first) are set by ``db.measures.change()`` and ``None`` inside a
    :class:`SeriesPoint`.
    """

    classification: str
    direction: str
    before: Optional[float]
    after: Optional[float]
    delta: Optional[float]
    method: Optional[str]
    threshold: Optional[float]
    threshold_rule: Optional[str]
    clinically_significant: Optional[bool]
    source: Optional[str]
    reason: Optional[str]
    instrument: Optional[str]
    from_id: Optional[int]
    from_date: Optional[_dt.date]
    to_id: Optional[int]
    to_date: Optional[_dt.date]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Change":
        """Build from ``mend_measure_change_json``'s object or a series point's change."""
        frm = d.get("from") or {}
        to = d.get("to") or {}
        return cls(
            classification=d["classification"],
            direction=d["direction"],
            before=_opt_float(d.get("before")),
            after=_opt_float(d.get("after")),
            delta=_opt_float(d.get("delta")),
            method=d.get("method"),
            threshold=_opt_float(d.get("threshold")),
            threshold_rule=d.get("threshold_rule"),
            clinically_significant=_opt_bool(d.get("clinically_significant")),
            source=d.get("source"),
            reason=d.get("reason"),
            instrument=d.get("instrument"),
            from_id=_opt_int(frm.get("administration_id")),
            from_date=_date(frm.get("date")),
            to_id=_opt_int(to.get("administration_id")),
            to_date=_date(to.get("date")),
        )


@dataclass(frozen=True)
class Band:
    """A severity band of an instrument: totals from ``min`` to ``max`` are ``label``."""

    min: float
    max: float
    label: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Band":
        """Build from one object of a series' ``bands``."""
        return cls(min=float(d["min"]), max=float(d["max"]), label=d["label"])


@dataclass(frozen=True)
class Cutoff:
    """A cut-off of an instrument, at the value the practice uses (for charts)."""

    code: str
    label: str
    comparator: str
    value: float

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Cutoff":
        """Build from one object of a series' ``cutoffs``."""
        return cls(code=d["code"], label=d["label"], comparator=d["comparator"], value=float(d["value"]))


@dataclass(frozen=True)
class SeriesPoint:
    """One administration in a client's series, with its change markers.

    ``change_from_previous`` and ``change_from_baseline`` compare this total
    with the previous and the first scored administration; they are ``None``
    for the first scored point and for a point without a total.
    """

    administration_id: int
    date: _dt.date
    total: Optional[float]
    band: Optional[str]
    prorated: bool
    in_clinical_range: Optional[bool]
    case_id: Optional[int]
    change_from_previous: Optional[Change]
    change_from_baseline: Optional[Change]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SeriesPoint":
        """Build from one object of a series' ``points``."""
        prev = d.get("change_from_previous")
        base = d.get("change_from_baseline")
        return cls(
            administration_id=int(d["administration_id"]),
            date=_req_date(d["date"]),
            total=_opt_float(d.get("total")),
            band=d.get("band"),
            prorated=bool(d["prorated"]),
            in_clinical_range=_opt_bool(d.get("in_clinical_range")),
            case_id=_opt_int(d.get("case_id")),
            change_from_previous=None if prev is None else Change.from_json(prev),
            change_from_baseline=None if base is None else Change.from_json(base),
        )


@dataclass(frozen=True)
class Series:
    """A client's administrations of one instrument, oldest first, with the
    instrument's bands and cut-offs (for charts). ``len(series)`` is the
    number of points."""

    client_id: int
    instrument: str
    abbreviation: str
    construct: str
    higher_is_better: bool
    total_min: float
    total_max: float
    bands: List[Band]
    cutoffs: List[Cutoff]
    points: List[SeriesPoint]

    def __len__(self) -> int:
        return len(self.points)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Series":
        """Build from the object ``mend_measure_series_json`` writes."""
        return cls(
            client_id=int(d["client_id"]),
            instrument=d["instrument"],
            abbreviation=d["abbreviation"],
            construct=d.get("construct") or "",
            higher_is_better=bool(d["higher_is_better"]),
            total_min=float(d["total_min"]),
            total_max=float(d["total_max"]),
            bands=[Band.from_json(b) for b in d.get("bands", [])],
            cutoffs=[Cutoff.from_json(c) for c in d.get("cutoffs", [])],
            points=[SeriesPoint.from_json(p) for p in d.get("points", [])],
        )


@dataclass(frozen=True)
class SustainedPoint:
    """An administration named as evidence by :class:`Sustained`."""

    administration_id: int
    date: _dt.date
    total: Optional[float]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SustainedPoint":
        """Build from one point of ``mend_measure_sustained_json``."""
        return cls(administration_id=int(d["administration_id"]), date=_req_date(d["date"]),
                   total=_opt_float(d.get("total")))


@dataclass(frozen=True)
class Sustained:
    """Whether a condition on the total has held over time.

    ``found`` of the ``needed`` administrations (walking back from the newest)
    meet it, spaced as asked; ``evidence`` lists them oldest first and
    ``latest`` is the newest administration (``None`` when there is none).
    ``condition`` restates the question in words.
    """

    met: bool
    needed: int
    found: int
    evidence: List[SustainedPoint]
    latest: Optional[SustainedPoint]
    instrument: str
    condition: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Sustained":
        """Build from the object ``mend_measure_sustained_json`` writes."""
        latest = d.get("latest")
        return cls(
            met=bool(d["met"]),
            needed=int(d["needed"]),
            found=int(d["found"]),
            evidence=[SustainedPoint.from_json(p) for p in d.get("evidence", [])],
            latest=None if latest is None else SustainedPoint.from_json(latest),
            instrument=d.get("instrument") or "",
            condition=d.get("condition") or "",
        )


# ---------------------------------------------------------------------------
# Safety screens and flags (mend/safety.h).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SafetyScreen:
    """A private safety screen of one partner.

    ``ipv`` is ``"none"``, ``"past"``, ``"current"`` or ``"unknown"``;
    ``suicide_risk`` is ``"none"``, ``"low"``, ``"moderate"``, ``"high"`` or
    ``"unknown"``.
    """

    id: int
    client_id: int
    case_id: Optional[int]
    administered_on: _dt.date
    ipv: str
    ipv_instrument: Optional[str]
    suicide_risk: str
    suicide_instrument: Optional[str]
    entered_by: int
    created_at: _dt.datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SafetyScreen":
        """Build from one object of ``mend_safety_screen_list_json``'s array."""
        return cls(
            id=int(d["id"]),
            client_id=int(d["client_id"]),
            case_id=_opt_int(d.get("case_id")),
            administered_on=_req_date(d["administered_on"]),
            ipv=d["ipv"],
            ipv_instrument=d.get("ipv_instrument"),
            suicide_risk=d["suicide_risk"],
            suicide_instrument=d.get("suicide_instrument"),
            entered_by=int(d["entered_by"]),
            created_at=_timestamp(d["created_at"]),
        )


@dataclass(frozen=True)
class Flag:
    """A stored safety flag, open until a clinician resolves it with a note.

    ``severity`` is ``"urgent"``, ``"review"`` or ``"unknown"``; ``status`` is
    ``"open"`` or ``"resolved"``. It was raised by an administration
    (``administration_id``), a screen (``screen_id``) or a broken agreement
    (neither).
    """

    id: int
    client_id: int
    case_id: Optional[int]
    administration_id: Optional[int]
    screen_id: Optional[int]
    code: str
    severity: str
    message: str
    source: str
    raised_on: _dt.date
    raised_at: _dt.datetime
    status: str
    resolved_by: Optional[int]
    resolved_at: Optional[_dt.datetime]
    resolution_note: Optional[str]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Flag":
        """Build from one object of ``mend_safety_flag_list_json``'s array."""
        return cls(
            id=int(d["id"]),
            client_id=int(d["client_id"]),
            case_id=_opt_int(d.get("case_id")),
            administration_id=_opt_int(d.get("administration_id")),
            screen_id=_opt_int(d.get("screen_id")),
            code=d["code"],
            severity=d["severity"],
            message=d["message"],
            source=d.get("source") or "",
            raised_on=_req_date(d["raised_on"]),
            raised_at=_timestamp(d["raised_at"]),
            status=d["status"],
            resolved_by=_opt_int(d.get("resolved_by")),
            resolved_at=_opt_timestamp(d.get("resolved_at")),
            resolution_note=d.get("resolution_note"),
        )


# ---------------------------------------------------------------------------
# Protocols, phases, attestations, agreements (mend/protocol.h, mend/agreement.h).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProtocolSummary:
    """One protocol as ``mend_protocol_list_json`` lists it; ``kind`` is
    ``"conjoint"`` or ``"individual"`` and ``phases`` the phase codes in order."""

    code: str
    name: str
    version: int
    kind: str
    phases: List[str]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ProtocolSummary":
        """Build from one object of ``mend_protocol_list_json``'s array."""
        return cls(code=d["code"], name=d["name"], version=int(d["version"]), kind=d["kind"],
                   phases=list(d.get("phases", [])))


@dataclass(frozen=True)
class ProtocolRef:
    """The protocol version a case follows."""

    code: str
    version: int
    name: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ProtocolRef":
        """Build from the ``protocol`` object of an evaluation or history."""
        return cls(code=d["code"], version=int(d["version"]), name=d["name"])


@dataclass(frozen=True)
class Contraindication:
    """A hard stop for conjoint and relational work, as evaluated for a case.

    ``status`` is ``"present"``, ``"absent"`` or ``"unknown"``; ``sentence``
    explains it and ``evidence`` (a ``dict``) holds the facts it rests on.
    ``suspends`` lists the steps it holds as the protocol defines them (empty:
    every step); which steps it holds now is each :class:`GateTransition`'s
    ``suspended_by`` / ``blocked_by_unknown``.
    """

    code: str
    label: str
    status: str
    sentence: str
    evidence: Evidence
    suspends: List[str]

    @property
    def id(self) -> str:
        """The code, so contraindications and criteria line up in :attr:`GateBlocked.unmet`."""
        return self.code

    @property
    def present(self) -> bool:
        """True when the contraindication is present (conjoint work is suspended)."""
        return self.status == "present"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Contraindication":
        """Build from one object of an evaluation's ``contraindications``."""
        return cls(code=d["code"], label=d["label"], status=d["status"], sentence=d["sentence"],
                   evidence=_evidence(d.get("evidence")),
                   suspends=[str(x) for x in d.get("suspends", [])])


@dataclass(frozen=True)
class GateCriterion:
    """One criterion of a gate, as evaluated for a case.

    ``kind`` is the criterion kind (``"measure_sustained"``, ``"attestation"``,
    ``"min_weeks"``, ...); ``status`` is ``"met"``, ``"not_met"`` or
    ``"unknown"``; ``sentence`` says why, with names, values and dates, and
    ``evidence`` holds the facts it rests on: a ``dict`` whose keys depend on
    ``kind`` (e.g. ``latest``, ``found``, ``evidence`` for
    ``measure_sustained``), or for a criterion about both partners a ``list``
    of such dicts, one per partner.
    """

    id: str
    kind: str
    label: str
    status: str
    sentence: str
    evidence: Evidence

    @property
    def met(self) -> bool:
        """True when the criterion is met."""
        return self.status == "met"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "GateCriterion":
        """Build from one object of a transition's ``criteria``."""
        return cls(id=d["id"], kind=d["kind"], label=d["label"], status=d["status"],
                   sentence=d["sentence"], evidence=_evidence(d.get("evidence")))


@dataclass(frozen=True)
class GateTransition:
    """A way forward from the current phase and its gate.

    ``open`` is true when every criterion is met and no contraindication that
    suspends this step is present or unknown. ``relational`` marks the trauma
    gate (the step into relational work). ``unmet_count`` counts the criteria
    not met (``"unmet"`` in the JSON); :attr:`unmet` lists them.
    ``suspended_by`` and ``blocked_by_unknown`` are the codes of the
    contraindications that hold this step (present, or not known to be
    absent), ``urgent_unmet`` the flag criteria held by an urgent or unknown
    flag; ``needs_safety_plan`` says an override of this step needs a safety
    plan. The library decides all of these.
    """

    from_phase: str
    to: str
    name: str
    relational: bool
    open: bool
    unmet_count: int
    criteria: List[GateCriterion]
    suspended_by: List[str]
    blocked_by_unknown: List[str]
    urgent_unmet: List[str]
    needs_safety_plan: bool

    @property
    def unmet(self) -> List[GateCriterion]:
        """The criteria not met (``not_met`` or ``unknown``), in order."""
        return [c for c in self.criteria if not c.met]

    def criterion(self, id: str) -> GateCriterion:
        """The criterion with this id (:class:`KeyError` if none)."""
        for c in self.criteria:
            if c.id == id:
                return c
        raise KeyError(id)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "GateTransition":
        """Build from one object of an evaluation's ``transitions``."""
        return cls(
            from_phase=d["from"],
            to=d["to"],
            name=d["name"],
            relational=bool(d["relational"]),
            open=bool(d["open"]),
            unmet_count=int(d["unmet"]),
            criteria=[GateCriterion.from_json(c) for c in d.get("criteria", [])],
            suspended_by=[str(x) for x in d.get("suspended_by", [])],
            blocked_by_unknown=[str(x) for x in d.get("blocked_by_unknown", [])],
            urgent_unmet=[str(x) for x in d.get("urgent_unmet", [])],
            needs_safety_plan=bool(d.get("needs_safety_plan", False)),
        )


@dataclass(frozen=True)
class GateEvaluation:
    """Where a case stands on its protocol, and why each gate is open or not.

    ``contraindications`` come first: while one is present, ``suspended`` is
    true and no gate is open. ``transitions`` lists every way forward from
    ``phase`` (none in the last phase). ``plan_review_due`` is true when the
    phase's treatment plan was due for review on or before today.
    ``summary`` is one paragraph saying all of it. ``as_of`` is the date
    the evaluation judged: the phase then, and only what was recorded by then.
    """

    case_id: int
    as_of: _dt.date
    protocol: ProtocolRef
    betrayed_client_id: Optional[int]
    phase: str
    phase_name: str
    entered_on: _dt.date
    days_in_phase: int
    contraindications: List[Contraindication]
    suspended: bool
    transitions: List[GateTransition]
    plan_review_on: Optional[_dt.date]
    plan_review_due: bool
    summary: str

    def transition(self, to: str) -> GateTransition:
        """The transition to phase ``to`` (:class:`KeyError` if there is none from here)."""
        for t in self.transitions:
            if t.to == to:
                return t
        raise KeyError(to)

    @property
    def relational(self) -> Optional[GateTransition]:
        """The relational transition (the trauma gate) out of this phase, or ``None``."""
        return next((t for t in self.transitions if t.relational), None)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "GateEvaluation":
        """Build from the object ``mend_phase_evaluate_json`` writes."""
        return cls(
            case_id=int(d["case_id"]),
            as_of=_req_date(d["as_of"]),
            protocol=ProtocolRef.from_json(d["protocol"]),
            betrayed_client_id=_opt_int(d.get("betrayed_client_id")),
            phase=d["phase"],
            phase_name=d["phase_name"],
            entered_on=_req_date(d["entered_on"]),
            days_in_phase=int(d["days_in_phase"]),
            contraindications=[Contraindication.from_json(c) for c in d.get("contraindications", [])],
            suspended=bool(d["suspended"]),
            transitions=[GateTransition.from_json(t) for t in d.get("transitions", [])],
            plan_review_on=_date(d.get("plan_review_on")),
            plan_review_due=bool(d["plan_review_due"]),
            summary=d["summary"],
        )


@dataclass(frozen=True)
class PhaseEntry:
    """One entry of a case's phase history.

    ``kind`` is ``"start"``, ``"advance"``, ``"override"`` or ``"back"``;
    ``left_on`` is ``None`` for the current phase and ``days`` counts the
    days spent (to today for the current phase). For an override, ``unmet``
    is what it passed over, as the library keeps it:
    ``{"criteria": [{"id", "label", "status", "sentence"}, ...],
    "contraindications": [{"code", "label", "sentence"}, ...]}``; it is
    ``None`` otherwise. ``evaluation`` is the gate evaluation kept with an
    advance or override (as of its date), and ``opened_by`` the criteria
    that were met: ``[{"id", "label", "sentence"}, ...]``. A kept value the
    library found damaged reads as ``None`` with ``damaged`` naming it
    (``"unmet"``, ``"evaluation"``).
    """

    id: int
    phase: str
    phase_name: str
    from_phase: Optional[str]
    kind: str
    entered_on: _dt.date
    left_on: Optional[_dt.date]
    days: int
    actor_id: int
    rationale: Optional[str]
    safety_plan: Optional[str]
    unmet: Optional[Dict[str, Any]]
    evaluation: Optional[Dict[str, Any]]
    opened_by: List[Dict[str, Any]]
    damaged: List[str]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "PhaseEntry":
        """Build from one object of a history's ``entries``."""
        unmet = d.get("unmet")
        evaluation = d.get("evaluation")
        return cls(
            id=int(d["id"]),
            phase=d["phase"],
            phase_name=d["phase_name"],
            from_phase=d.get("from_phase"),
            kind=d["kind"],
            entered_on=_req_date(d["entered_on"]),
            left_on=_date(d.get("left_on")),
            days=int(d["days"]),
            actor_id=int(d["actor_id"]),
            rationale=d.get("rationale"),
            safety_plan=d.get("safety_plan"),
            unmet=dict(unmet) if isinstance(unmet, dict) else None,
            evaluation=dict(evaluation) if isinstance(evaluation, dict) else None,
            opened_by=[dict(c) for c in d.get("opened_by", [])],
            damaged=[k for k in ("unmet", "evaluation") if d.get(f"{k}_damaged")],
        )


@dataclass(frozen=True)
class RoleChange:
    """A change of which partner is the betrayed one (``None``: not recorded).

    ``kind`` is ``"roles"``, or ``"override"`` when the change opened a gate
    (``opened`` lists the phases it opened the way to).
    """

    id: int
    kind: str
    changed_on: _dt.date
    betrayed_client_id: Optional[int]
    previous_client_id: Optional[int]
    rationale: str
    actor_id: int
    opened: Optional[List[str]]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "RoleChange":
        """Build from one object of a history's ``role_changes``."""
        opened = d.get("opened")
        return cls(
            id=int(d["id"]),
            kind=d["kind"],
            changed_on=_req_date(d["changed_on"]),
            betrayed_client_id=_opt_int(d.get("betrayed_client_id")),
            previous_client_id=_opt_int(d.get("previous_client_id")),
            rationale=d["rationale"],
            actor_id=int(d["actor_id"]),
            # A damaged value (not a list) reads as None, never as an error.
            opened=[str(x) for x in opened] if isinstance(opened, list) else None,
        )


@dataclass(frozen=True)
class PhaseHistory:
    """A case's way through its protocol, oldest entry first, and the
    changes of partner roles."""

    case_id: int
    protocol: ProtocolRef
    started_on: _dt.date
    current_phase: str
    entries: List[PhaseEntry]
    role_changes: List[RoleChange]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "PhaseHistory":
        """Build from the object ``mend_phase_history_json`` writes."""
        return cls(
            case_id=int(d["case_id"]),
            protocol=ProtocolRef.from_json(d["protocol"]),
            started_on=_req_date(d["started_on"]),
            current_phase=d["current_phase"],
            entries=[PhaseEntry.from_json(e) for e in d.get("entries", [])],
            role_changes=[RoleChange.from_json(r) for r in d.get("role_changes", [])],
        )


@dataclass(frozen=True)
class Attestation:
    """A clinician's attestation on a case, read by the gates.

    ``client_id`` is the partner it is about (``None``: the case as a whole);
    ``effective_on`` is the date it took effect, if given (e.g. a sobriety
    date). Attestations are never changed: the latest of a code counts.
    """

    id: int
    case_id: int
    client_id: Optional[int]
    code: str
    value: str
    effective_on: Optional[_dt.date]
    note: Optional[str]
    recorded_on: _dt.date
    recorded_by: int

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Attestation":
        """Build from one object of ``mend_attestation_list_json``'s array."""
        return cls(
            id=int(d["id"]),
            case_id=int(d["case_id"]),
            client_id=_opt_int(d.get("client_id")),
            code=d["code"],
            value=d["value"],
            effective_on=_date(d.get("effective_on")),
            note=d.get("note"),
            recorded_on=_req_date(d["recorded_on"]),
            recorded_by=int(d["recorded_by"]),
        )


@dataclass(frozen=True)
class Diagnosis:
    """A diagnosis (ICD-10-CM) on a case, about one of its clients.

    ``rank`` orders the client's diagnoses in the case (1 is the primary);
    ``title`` is the official title from mend's table (``None`` for an
    unlisted code, ``listed`` False); ``status`` is ``"active"`` or
    ``"resolved"`` (a resolution date is set).
    """

    id: int
    case_id: int
    client_id: int
    code: str
    title: Optional[str]
    listed: bool
    rank: int
    status: str
    onset_on: Optional[_dt.date]
    resolved_on: Optional[_dt.date]
    recorded_by: int

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Diagnosis":
        """Build from one object of ``mend_diagnosis_list_json``'s array."""
        return cls(
            id=int(d["id"]),
            case_id=int(d["case_id"]),
            client_id=int(d["client_id"]),
            code=d["code"],
            title=d.get("title"),
            listed=bool(d["listed"]),
            rank=int(d["rank"]),
            status=d["status"],
            onset_on=_date(d.get("onset_on")),
            resolved_on=_date(d.get("resolved_on")),
            recorded_by=int(d["recorded_by"]),
        )


@dataclass(frozen=True)
class AgreementEvent:
    """One change of an agreement's status; ``broken_by`` names the partner who broke it."""

    status: str
    note: Optional[str]
    broken_by: Optional[int]
    actor_id: int
    at: _dt.datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "AgreementEvent":
        """Build from one object of an agreement's ``history``."""
        return cls(status=d["status"], note=d.get("note"), broken_by=_opt_int(d.get("broken_by")),
                   actor_id=int(d["actor_id"]), at=_timestamp(d["at"]))


@dataclass(frozen=True)
class Agreement:
    """An agreement or boundary between the partners, with its history.

    ``status`` is ``"active"``, ``"kept"``, ``"broken"`` or ``"revised"``.
    """

    id: int
    case_id: int
    kind: str
    text: str
    agreed_on: _dt.date
    review_on: Optional[_dt.date]
    status: str
    created_by: int
    history: List[AgreementEvent]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Agreement":
        """Build from one object of ``mend_agreement_list_json``'s array."""
        return cls(
            id=int(d["id"]),
            case_id=int(d["case_id"]),
            kind=d["kind"],
            text=d["text"],
            agreed_on=_req_date(d["agreed_on"]),
            review_on=_date(d.get("review_on")),
            status=d["status"],
            created_by=int(d["created_by"]),
            history=[AgreementEvent.from_json(e) for e in d.get("history", [])],
        )


# ---------------------------------------------------------------------------
# Sessions, notes, process notes (mend/note.h).
# ---------------------------------------------------------------------------


def _starts_at(value: str) -> _dt.datetime:
    """Parse a session's local "YYYY-MM-DDTHH:MM" into a naive datetime."""
    return _dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")


def _ids(value: Any) -> Tuple[int, ...]:
    return tuple(int(v) for v in (value or ()))


@dataclass(frozen=True)
class Session:
    """A session of a case: when, how long, how, who took part, and what it bills.

    ``starts_at`` is the practice's local date and time (a naive
    :class:`datetime.datetime`, to the minute); ``utc_offset`` the practice's
    offset from UTC then (``"-06:00"``), and ``starts_at_utc`` the same
    instant as an aware UTC datetime; ``modality`` is ``"in_person"``, ``"video"`` or ``"phone"``;
    ``participants`` are the client ids who took part, in id order;
    ``identified_patient_id`` is the identified patient for billing
    (``None``: none). ``cpt_rule`` is the time rule of ``cpt_code`` in words,
    e.g. ``"individual psychotherapy, 60 minutes (53 or more)"``. ``phase``
    is the case's protocol phase on the session's date (``None`` when the
    case followed no protocol then).
    """

    id: int
    case_id: int
    starts_at: _dt.datetime
    duration_minutes: int
    modality: str
    participants: Tuple[int, ...]
    identified_patient_id: Optional[int]
    cpt_code: str
    cpt_rule: str
    phase: Optional[str]
    created_by: int
    created_at: _dt.datetime
    utc_offset: str = "+00:00"
    starts_at_utc: Optional[_dt.datetime] = None
    billing: Optional["SessionBilling"] = None

    @property
    def date(self) -> _dt.date:
        """The session's (local) date."""
        return self.starts_at.date()

    @property
    def individual(self) -> bool:
        """True when one client took part (alone with the clinician)."""
        return len(self.participants) == 1

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Session":
        """Build from the object ``mend_session_get_json`` writes."""
        return cls(
            id=int(d["id"]),
            case_id=int(d["case_id"]),
            starts_at=_starts_at(d["starts_at"]),
            duration_minutes=int(d["duration_minutes"]),
            modality=d["modality"],
            participants=_ids(d.get("participants")),
            identified_patient_id=_opt_int(d.get("identified_patient_id")),
            cpt_code=d["cpt_code"],
            cpt_rule=d.get("cpt_rule") or "",
            phase=d.get("phase"),
            created_by=int(d["created_by"]),
            created_at=_timestamp(d["created_at"]),
            utc_offset=d.get("utc_offset") or "+00:00",
            starts_at_utc=_timestamp(d["starts_at_utc"]) if d.get("starts_at_utc") else None,
            billing=SessionBilling.from_json(d["billing"]) if d.get("billing") else None,
        )


@dataclass(frozen=True)
class SessionBilling:
    """What a host needs to bill a session: ``place_of_service`` (``"02"``,
    ``"10"``, ``"11"`` or ``None``), ``modifiers``, ``add_on_codes`` as
    ``(code, units)`` pairs (90785 for interactive complexity, 90840 per 30
    minutes of crisis psychotherapy past the first 74), the pointed-at
    ``diagnosis_ids``, and the rendering clinician with their NPI."""

    place_of_service: Optional[str]
    modifiers: Tuple[str, ...]
    interactive_complexity: bool
    add_on_codes: Tuple[Tuple[str, int], ...]
    diagnosis_ids: Tuple[int, ...]
    rendering_clinician_id: int
    rendering_npi: Optional[str]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SessionBilling":
        """Build from a session's ``"billing"`` object."""
        return cls(
            place_of_service=d.get("place_of_service"),
            modifiers=tuple(d.get("modifiers") or ()),
            interactive_complexity=bool(d.get("interactive_complexity")),
            add_on_codes=tuple((a["code"], int(a["units"])) for a in d.get("add_on_codes") or ()),
            diagnosis_ids=tuple(int(i) for i in d.get("diagnosis_ids") or ()),
            rendering_clinician_id=int(d["rendering_clinician_id"]),
            rendering_npi=d.get("rendering_npi"),
        )


@dataclass(frozen=True)
class Addendum:
    """A signed correction appended to a signed note.

    ``hash`` is the SHA-256 (64 hex digits) over the addendum and the hash of
    the note it amends.
    """

    id: int
    author_id: int
    text: str
    reason: str
    created_at: _dt.datetime
    hash: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Addendum":
        """Build from one object of a note's ``addenda``."""
        return cls(id=int(d["id"]), author_id=int(d["author_id"]), text=d["text"], reason=d["reason"],
                   created_at=_timestamp(d["created_at"]), hash=d["hash"])


@dataclass(frozen=True)
class Cosignature:
    """A supervisor's or admin's co-signature of a signed note (``role`` is ``"supervisor"``)."""

    signer_id: int
    role: str
    signed_at: _dt.datetime
    hash: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Cosignature":
        """Build from one object of a note's ``cosignatures``."""
        return cls(signer_id=int(d["signer_id"]), role=d["role"], signed_at=_timestamp(d["signed_at"]),
                   hash=d["hash"])


@dataclass(frozen=True)
class NoteSummary:
    """A progress note as ``mend_note_list_json`` lists it.

    ``status`` is ``"draft"`` or ``"signed"``; ``version`` counts the saves of
    the draft; ``date`` and ``participants`` are its session's; ``phase`` the
    case's phase on the session's date; ``late_entry`` is true for a note
    signed more than 3 days after its session; ``addenda`` counts its
    addenda; ``shareable`` is the share mark of an individual session's note
    under a ``"no_secrets"`` policy. ``content`` (the format's fields) is
    ``None`` unless the list was asked to include text.
    """

    id: int
    session_id: int
    case_id: int
    date: _dt.date
    participants: Tuple[int, ...]
    format: str
    status: str
    version: int
    author_id: int
    phase: Optional[str]
    late_entry: bool
    signed_by: Optional[int]
    signed_at: Optional[_dt.datetime]
    addenda: int
    shareable: bool
    content: Optional[Dict[str, Any]]

    @property
    def signed(self) -> bool:
        """True once the author has signed the note (it never changes again)."""
        return self.status == "signed"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "NoteSummary":
        """Build from one object of ``mend_note_list_json``'s array."""
        content = d.get("content")
        return cls(
            id=int(d["id"]),
            session_id=int(d["session_id"]),
            case_id=int(d["case_id"]),
            date=_req_date(d["date"]),
            participants=_ids(d.get("participants")),
            format=d["format"],
            status=d["status"],
            version=int(d["version"]),
            author_id=int(d["author_id"]),
            phase=d.get("phase"),
            late_entry=bool(d["late_entry"]),
            signed_by=_opt_int(d.get("signed_by")),
            signed_at=_opt_timestamp(d.get("signed_at")),
            addenda=int(d["addenda"]),
            shareable=bool(d.get("shareable", False)),
            content=None if content is None else dict(content),
        )


@dataclass(frozen=True)
class Note:
    """A progress note with its content, addenda and co-signatures.

    ``format`` is ``"soap"``, ``"dap"``, ``"birp"`` or ``"free"`` and
    ``content`` holds the format's fields that are filled in (texts, and
    ``"interventions"`` as a list of texts). ``content_hash`` is the SHA-256
    (64 hex digits) stored when the note was signed (``None`` for a draft).
    The other fields are as in :class:`NoteSummary`.
    """

    id: int
    session_id: int
    case_id: int
    date: _dt.date
    participants: Tuple[int, ...]
    format: str
    status: str
    version: int
    author_id: int
    phase: Optional[str]
    late_entry: bool
    signed_by: Optional[int]
    signed_at: Optional[_dt.datetime]
    shareable: bool
    content: Dict[str, Any]
    content_hash: Optional[str]
    addenda: List[Addendum]
    cosignatures: List[Cosignature]

    @property
    def signed(self) -> bool:
        """True once the author has signed the note (it never changes again)."""
        return self.status == "signed"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Note":
        """Build from the object ``mend_note_get_json`` writes."""
        return cls(
            id=int(d["id"]),
            session_id=int(d["session_id"]),
            case_id=int(d["case_id"]),
            date=_req_date(d["date"]),
            participants=_ids(d.get("participants")),
            format=d["format"],
            status=d["status"],
            version=int(d["version"]),
            author_id=int(d["author_id"]),
            phase=d.get("phase"),
            late_entry=bool(d["late_entry"]),
            signed_by=_opt_int(d.get("signed_by")),
            signed_at=_opt_timestamp(d.get("signed_at")),
            shareable=bool(d.get("shareable", False)),
            content=dict(d.get("content") or {}),
            content_hash=d.get("content_hash"),
            addenda=[Addendum.from_json(a) for a in d.get("addenda", [])],
            cosignatures=[Cosignature.from_json(s) for s in d.get("cosignatures", [])],
        )


@dataclass(frozen=True)
class Mismatch:
    """A signed note or addendum whose stored hash no longer matches its content.

    ``kind`` is ``"note"`` or ``"addendum"``; ``note_id`` is the amended
    note's id for an addendum (``None`` for a note).
    """

    kind: str
    id: int
    note_id: Optional[int]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Mismatch":
        """Build from one object of a verification's ``mismatches``."""
        return cls(kind=d["kind"], id=int(d["id"]), note_id=_opt_int(d.get("note_id")))


@dataclass(frozen=True)
class Verification:
    """The result of recomputing every signed note's and addendum's hash.

    ``ok`` is true when nothing was changed behind mend's back; otherwise
    ``mismatches`` names what was.
    """

    notes_checked: int
    addenda_checked: int
    mismatches: List[Mismatch]
    ok: bool

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Verification":
        """Build from the object ``mend_note_verify_json`` writes."""
        return cls(
            notes_checked=int(d["notes_checked"]),
            addenda_checked=int(d["addenda_checked"]),
            mismatches=[Mismatch.from_json(m) for m in d.get("mismatches", [])],
            ok=bool(d["ok"]),
        )


@dataclass(frozen=True)
class SearchHit:
    """One search result.

    ``kind`` is ``"progress_note"`` (``note_id`` set) or ``"process_note"``
    (the author's own psychotherapy process note; ``process_note_id`` set).
    ``id`` is whichever of the two is set. ``date`` is the session's date;
    ``snippet`` the text around the match, with the matched words of a
    progress note in ``[brackets]``.
    """

    kind: str
    note_id: Optional[int]
    process_note_id: Optional[int]
    case_id: int
    date: _dt.date
    snippet: str

    @property
    def id(self) -> int:
        """The progress note's or the process note's id."""
        found = self.note_id if self.note_id is not None else self.process_note_id
        assert found is not None  # from_json always sets one of the two
        return found

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SearchHit":
        """Build from one object of ``mend_note_search_json``'s array."""
        note_id = _opt_int(d.get("note_id"))
        process_note_id = _opt_int(d.get("process_note_id"))
        if note_id is None and process_note_id is None:
            raise ValueError("a search hit names neither a note nor a process note")
        return cls(
            kind=d["kind"],
            note_id=note_id,
            process_note_id=process_note_id,
            case_id=int(d["case_id"]),
            date=_req_date(d["date"]),
            snippet=d.get("snippet") or "",
        )


@dataclass(frozen=True)
class ProcessNote:
    """A psychotherapy process note (45 CFR 164.501): kept apart from the record,
    read only by its author and the clinicians the author granted."""

    id: int
    session_id: int
    case_id: int
    author_id: int
    text: str
    created_at: _dt.datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any], case_id: Optional[int] = None) -> "ProcessNote":
        """Build from the object ``mend_process_note_get_json`` writes, or one of
        ``mend_process_note_list_json``'s (which lacks ``case_id``: pass it)."""
        case = d.get("case_id", case_id)
        if case is None:
            raise ValueError("a process note's case_id is unknown")
        return cls(
            id=int(d["id"]),
            session_id=int(d["session_id"]),
            case_id=int(case),
            author_id=int(d["author_id"]),
            text=d["text"],
            created_at=_timestamp(d["created_at"]),
        )


# ---------------------------------------------------------------------------
# Records built from the C field getters (mend_<kind>_<field>): no JSON round
# trip. Each builder must give exactly what from_json gives for the same record
# (tests/python/test_records.py compares them field by field); text is decoded
# once, NULL is None, a 0 id and a -1 children_in_household are None.
# ---------------------------------------------------------------------------


_new = object.__new__


def _record(cls: Any, fields: Dict[str, Any]) -> Any:
    """``cls(**fields)`` without the frozen dataclass's ``__init__`` (a slow
    ``object.__setattr__`` per field): the same object, equal and hashing the
    same. Only for the plain frozen dataclasses below (no ``__post_init__``,
    no ``__slots__``), given every field."""
    obj = _new(cls)
    obj.__dict__.update(fields)
    return obj


def _clinician_builder(g: Tuple[Any, ...]) -> Any:
    id_, display_name, credentials, role, external_id, archived, created_at, updated_at, npi = g

    def build(rec: Any) -> Clinician:
        created_b = created_at(rec)
        updated_b = updated_at(rec)
        created = _timestamp(created_b.decode("utf-8"))  # updated_at is often the same
        cr = credentials(rec)
        ext = external_id(rec)
        return _record(Clinician, {
            "id": id_(rec),
            "display_name": display_name(rec).decode("utf-8"),
            "credentials": None if cr is None else cr.decode("utf-8"),
            "role": role(rec).decode("utf-8"),
            "external_id": None if ext is None else ext.decode("utf-8"),
            "archived": archived(rec) != 0,
            "created_at": created,
            "updated_at": created if updated_b == created_b else _timestamp(updated_b.decode("utf-8")),
            "npi": None if (n := npi(rec)) is None else n.decode("utf-8"),
        })

    return build


def _client_builder(g: Tuple[Any, ...]) -> Any:
    (id_, external_id, given_name, family_name, preferred_name, pronouns, date_of_birth,
     email, phone, archived, created_at, updated_at) = g

    def build(rec: Any) -> Client:
        created_b = created_at(rec)
        updated_b = updated_at(rec)
        created = _timestamp(created_b.decode("utf-8"))  # updated_at is often the same
        ext = external_id(rec)
        pref = preferred_name(rec)
        pron = pronouns(rec)
        dob = date_of_birth(rec)
        em = email(rec)
        ph = phone(rec)
        return _record(Client, {
            "id": id_(rec),
            "external_id": None if ext is None else ext.decode("utf-8"),
            "given_name": given_name(rec).decode("utf-8"),
            "family_name": family_name(rec).decode("utf-8"),
            "preferred_name": None if pref is None else pref.decode("utf-8"),
            "pronouns": None if pron is None else pron.decode("utf-8"),
            "date_of_birth": None if dob is None else _dt.date.fromisoformat(dob.decode("utf-8")),
            "email": None if em is None else em.decode("utf-8"),
            "phone": None if ph is None else ph.decode("utf-8"),
            "archived": archived(rec) != 0,
            "created_at": created,
            "updated_at": created if updated_b == created_b else _timestamp(updated_b.decode("utf-8")),
        })

    return build


def _couple_builder(g: Tuple[Any, ...]) -> Any:
    (id_, client_a_id, client_b_id, relationship_status, relationship_start,
     children_in_household, secrets_policy, external_id, archived, created_at, updated_at) = g

    def build(rec: Any) -> Couple:
        created_b = created_at(rec)
        updated_b = updated_at(rec)
        created = _timestamp(created_b.decode("utf-8"))  # updated_at is often the same
        start = relationship_start(rec)
        children = children_in_household(rec)
        ext = external_id(rec)
        return _record(Couple, {
            "id": id_(rec),
            "client_a_id": client_a_id(rec),
            "client_b_id": client_b_id(rec),
            "relationship_status": relationship_status(rec).decode("utf-8"),
            "relationship_start": None if start is None else _dt.date.fromisoformat(start.decode("utf-8")),
            "children_in_household": None if children < 0 else children,
            "secrets_policy": secrets_policy(rec).decode("utf-8"),
            "external_id": None if ext is None else ext.decode("utf-8"),
            "archived": archived(rec) != 0,
            "created_at": created,
            "updated_at": created if updated_b == created_b else _timestamp(updated_b.decode("utf-8")),
        })

    return build


def _case_builder(g: Tuple[Any, ...]) -> Any:
    (id_, kind, client_id, couple_id, primary_clinician_id, opened_on, closed_on, status,
     linked_case_id, external_id, archived, created_at, updated_at) = g

    def build(rec: Any) -> Case:
        created_b = created_at(rec)
        updated_b = updated_at(rec)
        created = _timestamp(created_b.decode("utf-8"))  # updated_at is often the same
        client = client_id(rec)
        couple = couple_id(rec)
        closed = closed_on(rec)
        linked = linked_case_id(rec)
        ext = external_id(rec)
        return _record(Case, {
            "id": id_(rec),
            "kind": kind(rec).decode("utf-8"),
            "client_id": client or None,
            "couple_id": couple or None,
            "primary_clinician_id": primary_clinician_id(rec),
            "opened_on": _dt.date.fromisoformat(opened_on(rec).decode("utf-8")),
            "closed_on": None if closed is None else _dt.date.fromisoformat(closed.decode("utf-8")),
            "status": status(rec).decode("utf-8"),
            "linked_case_id": linked or None,
            "external_id": None if ext is None else ext.decode("utf-8"),
            "archived": archived(rec) != 0,
            "created_at": created,
            "updated_at": created if updated_b == created_b else _timestamp(updated_b.decode("utf-8")),
        })

    return build


#: kind -> a function of the kind's getters (``_lib.field_getters(kind)``)
#: returning ``build(record_handle) -> record``.
_BUILDERS = {
    "clinician": _clinician_builder,
    "client": _client_builder,
    "couple": _couple_builder,
    "case": _case_builder,
}


# _record() skips __init__: keep it to records it builds the same.
for _cls in (Clinician, Client, Couple, Case):
    if hasattr(_cls, "__post_init__") or hasattr(_cls, "__slots__"):
        raise TypeError(f"_record() cannot build {_cls.__name__}: it has __post_init__ or __slots__")
del _cls
