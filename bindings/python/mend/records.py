"""Immutable record types: what the getters and iterators return.

Records are frozen dataclasses built from the C API's ``*_to_json`` output.
Dates are :class:`datetime.date`; timestamps are aware
:class:`datetime.datetime` in UTC; fields the database may leave empty are
``Optional``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping, Optional

__all__ = ["Clinician", "Client", "Couple", "Case", "AuditEvent"]


def _date(value: Optional[str]) -> Optional[_dt.date]:
    return None if value is None else _dt.date.fromisoformat(value)


def _timestamp(value: str) -> _dt.datetime:
    """Parse "2026-11-30T10:15:00.000000Z" into an aware UTC datetime."""
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    ts = _dt.datetime.fromisoformat(text)
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
