"""Python binding of mend, the practice library for betrayal-trauma and
affair-recovery work with individuals and couples.

A thin, typed layer over the stable C API (``libmend.so.0``) through ctypes::

    import mend
    from datetime import date

    with mend.open("practice.db") as db:
        admin = db.init_practice("Harbour Counselling", display_name="Dr. Maya Okafor")
        cid = db.clients.create(given_name="Sam", family_name="Rivera",
                                date_of_birth=date(1988, 4, 2))
        print(db.clients.get(cid).display_name)

Beyond the records (``db.clients``, ``db.cases``, ...), ``db.measures``,
``db.safety``, ``db.flags``, ``db.protocols``, ``db.phases``,
``db.attestations``, ``db.plans`` and ``db.agreements`` wrap outcome
measures, safety screening and the trauma-first protocol engine;
``db.sessions``, ``db.notes`` and ``db.process_notes`` sessions and their
notes; ``db.reports`` and ``db.releases`` treatment-phase reports.

See :func:`open`, :class:`Database` and the exception classes in
:mod:`mend.errors`. The library is found as ``_lib`` describes
(``MEND_LIBRARY`` first); ``library_path`` tells which file was loaded.
"""

from __future__ import annotations

from . import _lib
from ._catalog import catalog
from ._fhir import fhir_questionnaire
from ._clinical import (
    Agreements,
    Attestations,
    Diagnoses,
    Flags,
    Measures,
    Phases,
    Plans,
    Protocols,
    Safety,
)
from ._database import (
    UNSET,
    Cases,
    Clients,
    Clinicians,
    Couples,
    Database,
    open,
    practices,
)
from ._events import CallbackWarning, Event, set_log_callback
from ._keys import Keys, create_key_file
from ._notes import Notes, ProcessNotes, Sessions
from ._reports import Releases, Reports
from .errors import (
    AlreadyExists,
    Busy,
    Conflict,
    BadKey,
    ConnectionLost,
    ConstraintViolation,
    EncodingError,
    Error,
    GateBlocked,
    InvalidArgument,
    InvalidState,
    NoActor,
    NotFound,
    OutOfMemory,
    PermissionDenied,
    SchemaTooNew,
    StoreError,
)
from .records import (
    Addendum,
    Administration,
    Agreement,
    AgreementEvent,
    Attestation,
    AuditEvent,
    Band,
    Case,
    Change,
    Client,
    Clinician,
    Contraindication,
    Cosignature,
    Couple,
    Cutoff,
    Diagnosis,
    CutoffResult,
    Flag,
    GateCriterion,
    GateEvaluation,
    GateTransition,
    InstrumentSummary,
    ItemAnswer,
    Mismatch,
    Note,
    NoteSummary,
    PhaseEntry,
    PhaseHistory,
    ProcessNote,
    ProtocolRef,
    ProtocolSummary,
    RaisedFlag,
    SafetyScreen,
    SearchHit,
    Series,
    Session,
    SessionBilling,
    SeriesPoint,
    Sustained,
    SustainedPoint,
    SymptomCluster,
    SymptomRule,
    Verification,
)

#: The loaded C library's version string, e.g. ``"0.1.0"`` (``mend_version()``).
__version__: str = _lib.version

#: The loaded C library's version as major*1000000 + minor*1000 + patch.
version_number: int = _lib.version_number

#: The file (or SONAME) the C library was loaded from.
library_path: str = _lib.path

#: PEP 249 meaning: threads may share the module, but not a ``Database``.
threadsafety: int = 1

__all__ = [
    "Event",
    "CallbackWarning",
    "set_log_callback",
    "open",
    "practices",
    "create_key_file",
    "Keys",
    "catalog",
    "fhir_questionnaire",
    "Database",
    "UNSET",
    "Clinicians",
    "Clients",
    "Couples",
    "Cases",
    "Measures",
    "Safety",
    "Flags",
    "Protocols",
    "Phases",
    "Attestations",
    "Diagnoses",
    "Plans",
    "Agreements",
    "Sessions",
    "Notes",
    "ProcessNotes",
    "Reports",
    "Releases",
    "Clinician",
    "Client",
    "Couple",
    "Case",
    "AuditEvent",
    "InstrumentSummary",
    "Administration",
    "ItemAnswer",
    "CutoffResult",
    "SymptomRule",
    "SymptomCluster",
    "RaisedFlag",
    "Change",
    "Series",
    "SeriesPoint",
    "Band",
    "Cutoff",
    "Sustained",
    "SustainedPoint",
    "SafetyScreen",
    "Flag",
    "ProtocolSummary",
    "ProtocolRef",
    "GateEvaluation",
    "GateTransition",
    "GateCriterion",
    "Contraindication",
    "PhaseHistory",
    "PhaseEntry",
    "Attestation",
    "Diagnosis",
    "Agreement",
    "AgreementEvent",
    "Session",
    "SessionBilling",
    "Note",
    "NoteSummary",
    "Addendum",
    "Cosignature",
    "Verification",
    "Mismatch",
    "SearchHit",
    "ProcessNote",
    "Error",
    "InvalidArgument",
    "EncodingError",
    "NotFound",
    "PermissionDenied",
    "NoActor",
    "AlreadyExists",
    "ConstraintViolation",
    "SchemaTooNew",
    "Busy",
    "OutOfMemory",
    "StoreError",
    "InvalidState",
    "GateBlocked",
    "Conflict",
    "BadKey",
    "ConnectionLost",
    "threadsafety",
    "version_number",
    "library_path",
    "__version__",
]
