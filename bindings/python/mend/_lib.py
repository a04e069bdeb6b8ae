"""Loading ``libmend.so.0`` with ctypes and declaring the C API's prototypes.

The library is looked for, in this order:

1. the file named by the ``MEND_LIBRARY`` environment variable (a full path);
2. ``libmend.so.0`` bundled next to this package;
3. the build trees of the source checkout this package sits in
   (``<repo>/build/libmend.so.0``, then ``<repo>/build-py/libmend.so.0``);
4. ``ctypes.util.find_library("mend")`` (only a versioned ``libmend.so.N``);
5. ``CDLL("libmend.so.0")``, that is the dynamic loader's search by SONAME.

The unversioned development link ``libmend.so`` is never loaded: its ABI is
whatever happens to be installed. When nothing loads, :class:`ImportError`
lists every attempt and why it failed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_double,
    c_int64,
    c_size_t,
    c_ubyte,
    c_uint,
    c_void_p,
)
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

#: The major version of the C ABI this binding was written for.
EXPECTED_MAJOR = 0

SONAME = "libmend.so.0"

_VERSIONED = re.compile(r"(^|/)libmend\.so\.\d+(\.\d+)*$")

# Return codes (mend/errors.h).
MEND_OK = 0
MEND_ITEROVER = 1
MEND_ERROR = -1
MEND_EINVAL = -2
MEND_EENCODING = -3
MEND_ENOTFOUND = -4
MEND_EDENIED = -5
MEND_ENOACTOR = -6
MEND_EEXISTS = -7
MEND_ECONSTRAINT = -8
MEND_ESCHEMA = -9
MEND_EBUSY = -10
MEND_ENOMEM = -11
MEND_ESTORE = -12
MEND_ESTATE = -13
MEND_EGATE = -14
MEND_ECONFLICT = -15
MEND_EKEY = -16
MEND_ECONNECTION = -17

MEND_SYNC_FULL = 0
MEND_SYNC_NORMAL = 1

# mend_open_options.flags (mend/db.h).
MEND_OPEN_CREATE = 0x1
MEND_OPEN_TRANSACTION_POOLING = 0x2

# mend_key_state() (mend/key.h).
MEND_KEY_STATE_NONE = 0
MEND_KEY_STATE_HELD = 1
MEND_KEY_STATE_MISSING = 2
MEND_KEY_STATE_UNREGISTERED = 3

# An unanswered item in mend_measure_fields.answers (mend/measure.h).
MEND_ITEM_MISSING = -1


# ---------------------------------------------------------------------------
# Structures, mirrored field for field from the headers.
# ---------------------------------------------------------------------------


#: ``mend_key_callback`` (mend/key.h).
KEY_CALLBACK = CFUNCTYPE(c_int, POINTER(c_ubyte), POINTER(c_int64), c_char_p, c_int64, c_void_p)


class OpenOptions(Structure):
    """``mend_open_options`` (mend/db.h)."""

    _fields_ = [
        ("version", c_uint),
        ("busy_timeout_ms", c_int),
        ("synchronous", c_int),
        ("flags", c_uint),  # version 2
        ("key_file", c_char_p),  # version 3
        ("key_callback", KEY_CALLBACK),  # version 3
        ("key_user_data", c_void_p),  # version 3
        ("practice", c_char_p),  # version 4
        ("connect_timeout_s", c_int),  # version 4
        ("statement_timeout_ms", c_int),  # version 4
    ]


OPEN_OPTIONS_VERSION = 4


class ClinicianFields(Structure):
    """``mend_clinician_fields`` (mend/clinician.h)."""

    _fields_ = [
        ("version", c_uint),
        ("display_name", c_char_p),
        ("credentials", c_char_p),
        ("role", c_char_p),
        ("external_id", c_char_p),
        ("npi", c_char_p),  # version 2
    ]


class ClientFields(Structure):
    """``mend_client_fields`` (mend/client.h)."""

    _fields_ = [
        ("version", c_uint),
        ("external_id", c_char_p),
        ("given_name", c_char_p),
        ("family_name", c_char_p),
        ("preferred_name", c_char_p),
        ("pronouns", c_char_p),
        ("date_of_birth", c_char_p),
        ("email", c_char_p),
        ("phone", c_char_p),
    ]


class CoupleFields(Structure):
    """``mend_couple_fields`` (mend/couple.h)."""

    _fields_ = [
        ("version", c_uint),
        ("client_a_id", c_int64),
        ("client_b_id", c_int64),
        ("relationship_status", c_char_p),
        ("relationship_start", c_char_p),
        ("children_in_household", c_int),
        ("secrets_policy", c_char_p),
        ("external_id", c_char_p),
    ]


class CaseFields(Structure):
    """``mend_case_fields`` (mend/case.h)."""

    _fields_ = [
        ("version", c_uint),
        ("kind", c_char_p),
        ("client_id", c_int64),
        ("couple_id", c_int64),
        ("primary_clinician_id", c_int64),
        ("opened_on", c_char_p),
        ("closed_on", c_char_p),
        ("status", c_char_p),
        ("linked_case_id", c_int64),
        ("external_id", c_char_p),
    ]


class ClinicianListOptions(Structure):
    """``mend_clinician_list_options``."""

    _fields_ = [("version", c_uint), ("include_archived", c_int)]


class ClientListOptions(Structure):
    """``mend_client_list_options``."""

    _fields_ = [("version", c_uint), ("include_archived", c_int)]


class CoupleListOptions(Structure):
    """``mend_couple_list_options``."""

    _fields_ = [("version", c_uint), ("include_archived", c_int), ("client_id", c_int64)]


class CaseListOptions(Structure):
    """``mend_case_list_options``."""

    _fields_ = [
        ("version", c_uint),
        ("include_archived", c_int),
        ("client_id", c_int64),
        ("couple_id", c_int64),
        ("clinician_id", c_int64),
    ]


class MeasureFields(Structure):
    """``mend_measure_fields`` (mend/measure.h)."""

    _fields_ = [
        ("version", c_uint),
        ("client_id", c_int64),
        ("case_id", c_int64),
        ("instrument", c_char_p),
        ("administered_on", c_char_p),
        ("answers", POINTER(c_int)),
        ("answer_count", c_size_t),
        ("missing_policy", c_char_p),
    ]


class SafetyScreenFields(Structure):
    """``mend_safety_screen_fields`` (mend/safety.h)."""

    _fields_ = [
        ("version", c_uint),
        ("client_id", c_int64),
        ("case_id", c_int64),
        ("administered_on", c_char_p),
        ("ipv", c_char_p),
        ("ipv_instrument", c_char_p),
        ("suicide_risk", c_char_p),
        ("suicide_instrument", c_char_p),
    ]


class FlagListOptions(Structure):
    """``mend_safety_flag_list_options`` (mend/safety.h)."""

    _fields_ = [
        ("version", c_uint),
        ("client_id", c_int64),
        ("case_id", c_int64),
        ("clinician_id", c_int64),
        ("include_resolved", c_int),
    ]


class AttestationFields(Structure):
    """``mend_attestation_fields`` (mend/protocol.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
        ("client_id", c_int64),
        ("code", c_char_p),
        ("value", c_char_p),
        ("effective_on", c_char_p),
        ("note", c_char_p),
    ]


class DiagnosisFields(Structure):
    """``mend_diagnosis_fields`` (mend/diagnosis.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
        ("client_id", c_int64),
        ("code", c_char_p),
        ("rank", c_int),
        ("onset_on", c_char_p),
        ("resolved_on", c_char_p),
        ("allow_unlisted", c_int),
    ]


class AgreementFields(Structure):
    """``mend_agreement_fields`` (mend/agreement.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
        ("kind", c_char_p),
        ("text", c_char_p),
        ("agreed_on", c_char_p),
        ("review_on", c_char_p),
    ]


class SessionFields(Structure):
    """``mend_session_fields`` (mend/note.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
        ("starts_at", c_char_p),
        ("duration_minutes", c_int),
        ("modality", c_char_p),
        ("participants", POINTER(c_int64)),
        ("participant_count", c_size_t),
        ("identified_patient_id", c_int64),
        ("cpt_code", c_char_p),
        ("place_of_service", c_char_p),  # version 2
        ("modifiers", c_char_p),
        ("interactive_complexity", c_int),
        ("diagnosis_ids", POINTER(c_int64)),
        ("diagnosis_count", c_size_t),
    ]


class NoteListOptions(Structure):
    """``mend_note_list_options`` (mend/note.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
        ("client_id", c_int64),
        ("include_text", c_int),
    ]


class NoteSearchOptions(Structure):
    """``mend_note_search_options`` (mend/note.h)."""

    _fields_ = [
        ("version", c_uint),
        ("client_id", c_int64),
        ("include_process_notes", c_int),
        ("limit", c_int),
    ]


class FhirExportOptions(Structure):
    """``mend_fhir_export_options`` (mend/fhir.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
        ("client_id", c_int64),
        ("release_id", c_int64),
    ]


class ReportOptions(Structure):
    """``mend_report_options`` (mend/report.h).

    The C field ``from`` is a Python keyword: set it with ``setattr(o, "from", ...)``.
    """

    _fields_ = [
        ("version", c_uint),
        ("kind", c_char_p),
        ("format", c_char_p),
        ("case_id", c_int64),
        ("clinician_id", c_int64),
        ("release_id", c_int64),
        ("from", c_char_p),
        ("to", c_char_p),
        ("generated_on", c_char_p),
        ("include_note_text", c_int),
        ("overdue_weeks", c_int),
    ]


class ReleaseFields(Structure):
    """``mend_release_fields`` (mend/report.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
        ("for_client_id", c_int64),
        ("recipient", c_char_p),
        ("purpose", c_char_p),
        ("expires_on", c_char_p),
    ]


class AuditReportOptions(Structure):
    """``mend_audit_report_options`` (mend/audit.h)."""

    _fields_ = [
        ("version", c_uint),
        ("client_id", c_int64),
        ("actor_id", c_int64),
        ("from", c_char_p),
        ("to", c_char_p),
        ("format", c_int),
        ("after_seq", c_int64),
        ("limit", c_int),
    ]


#: ``mend_audit_report_options.format`` (mend/audit.h).
MEND_AUDIT_REPORT_JSON = 0
MEND_AUDIT_REPORT_CSV = 1


class FhirImportOptions(Structure):
    """``mend_fhir_import_options`` (mend/fhir.h)."""

    _fields_ = [
        ("version", c_uint),
        ("case_id", c_int64),
    ]


class EventStruct(Structure):
    """``mend_event`` (mend/event.h): ids only, never text."""

    _fields_ = [
        ("version", c_uint),
        ("kind", c_int),
        ("record_id", c_int64),
        ("case_id", c_int64),
        ("client_id", c_int64),
        ("actor_id", c_int64),
    ]


# Event kinds (mend/event.h) and log levels (mend/log.h).
MEND_EVENT_FLAG_RAISED = 1
MEND_EVENT_FLAG_RESOLVED = 2
MEND_EVENT_PHASE_CHANGED = 3
MEND_EVENT_NOTE_SIGNED = 4
MEND_EVENT_NOTE_COSIGNED = 5
MEND_EVENT_RELEASE_CREATED = 6
MEND_EVENT_EMERGENCY_ACCESS = 7
MEND_LOG_ERROR = 1
MEND_LOG_WARNING = 2
MEND_LOG_INFO = 3
MEND_LOG_DEBUG = 4

#: ``mend_event_callback`` and ``mend_log_callback``.
EVENT_CALLBACK = ctypes.CFUNCTYPE(None, POINTER(EventStruct), c_void_p)
LOG_CALLBACK = ctypes.CFUNCTYPE(None, c_int, c_char_p, c_void_p)


#: The field getters of the records the C API hands out as handles
#: (mend/clinician.h, client.h, couple.h, case.h): ``mend_<kind>_<getter>``
#: and its return type, in the order of the record's fields. Text is borrowed
#: from the record (NULL where not recorded); ids are 0 and
#: ``children_in_household`` is -1 where not recorded. The records are built
#: from these (see ``records._BUILDERS``), not from ``mend_<kind>_to_json``.
RECORD_GETTERS = {
    "clinician": (
        ("id", c_int64), ("display_name", c_char_p), ("credentials", c_char_p),
        ("role", c_char_p), ("external_id", c_char_p), ("is_archived", c_int),
        ("created_at", c_char_p), ("updated_at", c_char_p), ("npi", c_char_p),
    ),
    "client": (
        ("id", c_int64), ("external_id", c_char_p), ("given_name", c_char_p),
        ("family_name", c_char_p), ("preferred_name", c_char_p), ("pronouns", c_char_p),
        ("date_of_birth", c_char_p), ("email", c_char_p), ("phone", c_char_p),
        ("is_archived", c_int), ("created_at", c_char_p), ("updated_at", c_char_p),
    ),
    "couple": (
        ("id", c_int64), ("client_a_id", c_int64), ("client_b_id", c_int64),
        ("relationship_status", c_char_p), ("relationship_start", c_char_p),
        ("children_in_household", c_int), ("secrets_policy", c_char_p),
        ("external_id", c_char_p), ("is_archived", c_int),
        ("created_at", c_char_p), ("updated_at", c_char_p),
    ),
    "case": (
        ("id", c_int64), ("kind", c_char_p), ("client_id", c_int64), ("couple_id", c_int64),
        ("primary_clinician_id", c_int64), ("opened_on", c_char_p), ("closed_on", c_char_p),
        ("status", c_char_p), ("linked_case_id", c_int64), ("external_id", c_char_p),
        ("is_archived", c_int), ("created_at", c_char_p), ("updated_at", c_char_p),
    ),
}


#: The fields and options structs are at version 1 in this ABI, but for
#: those that grew (their versions below).
STRUCT_VERSION = 1
CLINICIAN_FIELDS_VERSION = 2
SESSION_FIELDS_VERSION = 2

#: Each struct's ``mend_X_init`` and the version the binding asks for: every
#: struct is filled by the library's own defaults (its ``MEND_X_INIT``), never
#: a copy of them here (see :func:`initialised`).
STRUCT_INIT = {
    OpenOptions: ("mend_open_options_init", OPEN_OPTIONS_VERSION),
    ClinicianFields: ("mend_clinician_fields_init", CLINICIAN_FIELDS_VERSION),
    ClientFields: ("mend_client_fields_init", STRUCT_VERSION),
    CoupleFields: ("mend_couple_fields_init", STRUCT_VERSION),
    CaseFields: ("mend_case_fields_init", STRUCT_VERSION),
    ClinicianListOptions: ("mend_clinician_list_options_init", STRUCT_VERSION),
    ClientListOptions: ("mend_client_list_options_init", STRUCT_VERSION),
    CoupleListOptions: ("mend_couple_list_options_init", STRUCT_VERSION),
    CaseListOptions: ("mend_case_list_options_init", STRUCT_VERSION),
    MeasureFields: ("mend_measure_fields_init", STRUCT_VERSION),
    SafetyScreenFields: ("mend_safety_screen_fields_init", STRUCT_VERSION),
    FlagListOptions: ("mend_safety_flag_list_options_init", STRUCT_VERSION),
    AttestationFields: ("mend_attestation_fields_init", STRUCT_VERSION),
    AgreementFields: ("mend_agreement_fields_init", STRUCT_VERSION),
    DiagnosisFields: ("mend_diagnosis_fields_init", STRUCT_VERSION),
    SessionFields: ("mend_session_fields_init", SESSION_FIELDS_VERSION),
    NoteListOptions: ("mend_note_list_options_init", STRUCT_VERSION),
    NoteSearchOptions: ("mend_note_search_options_init", STRUCT_VERSION),
    ReportOptions: ("mend_report_options_init", STRUCT_VERSION),
    FhirExportOptions: ("mend_fhir_export_options_init", STRUCT_VERSION),
    ReleaseFields: ("mend_release_fields_init", STRUCT_VERSION),
    FhirImportOptions: ("mend_fhir_import_options_init", STRUCT_VERSION),
    AuditReportOptions: ("mend_audit_report_options_init", STRUCT_VERSION),
}


# ---------------------------------------------------------------------------
# Finding and loading the library.
# ---------------------------------------------------------------------------


def _source_tree_candidates() -> List[Path]:
    """The build trees of the checkout this package sits in, if it does."""
    here = Path(__file__).resolve().parent  # <repo>/bindings/python/mend
    repo = here.parent.parent.parent
    if not (repo / "include" / "mend" / "mend.h").is_file():
        return []
    return [repo / "build" / SONAME, repo / "build-py" / SONAME]


def _candidates() -> Iterator[Tuple[str, str]]:
    """(how, what to hand CDLL) in load order, lazily (find_library runs programs)."""
    env = os.environ.get("MEND_LIBRARY")
    if env:
        yield ("MEND_LIBRARY", env)
    yield ("bundled", str(Path(__file__).resolve().parent / SONAME))
    for p in _source_tree_candidates():
        yield ("build tree", str(p))
    yield ("find_library", ctypes.util.find_library("mend") or "")
    yield ("SONAME", SONAME)


class _WrongLibrary(Exception):
    """A file loaded but is not a libmend of the expected major version."""


def _check_version(lib: ctypes.CDLL) -> Tuple[int, str]:
    """Read the library's version and refuse another major version (another ABI)."""
    try:
        lib.mend_version_number.restype = c_int
        lib.mend_version_number.argtypes = []
        lib.mend_version.restype = c_char_p
        lib.mend_version.argtypes = []
    except AttributeError:
        raise _WrongLibrary("not a mend library (no mend_version_number)") from None
    number = int(lib.mend_version_number())
    text = (lib.mend_version() or b"").decode("ascii", "replace")
    if number // 1_000_000 != EXPECTED_MAJOR:
        raise _WrongLibrary(
            f"libmend {text} has major version {number // 1_000_000}; "
            f"this binding needs major version {EXPECTED_MAJOR}"
        )
    return number, text


def _load() -> Tuple[ctypes.CDLL, str, int, str]:
    """The first usable library: (handle, where it came from, version number, version)."""
    attempts: List[str] = []
    for how, what in _candidates():
        if not what:
            attempts.append(f"{how}: nothing found")
            continue
        final = how == "MEND_LIBRARY"  # the host asked for exactly this file: no fallback
        label = f"{how}={what}" if final else f"{how} {what}"
        if final and os.path.basename(what) == "libmend.so":
            attempts.append(f"{label}: refused, the unversioned libmend.so is never loaded; "
                            f"name libmend.so.{EXPECTED_MAJOR} instead")
            break
        if not final and not _VERSIONED.search(what):
            attempts.append(f"{label}: skipped, not a versioned libmend.so.N")
            continue
        if ("/" in what or final) and not os.path.isfile(what):
            attempts.append(f"{label}: no such file")
            if final:
                break
            continue
        try:
            lib = ctypes.CDLL(what)
            number, text = _check_version(lib)
        except (OSError, _WrongLibrary) as e:
            attempts.append(f"{label}: {e}")
            if final:
                break
            continue
        return lib, what, number, text
    raise ImportError(
        "mend: cannot load the mend C library; tried:\n  "
        + "\n  ".join(attempts)
        + f"\nSet MEND_LIBRARY to the full path of {SONAME}."
    )


def _declare(lib: ctypes.CDLL) -> None:
    """Set argtypes and restype of every C API function the binding uses."""
    P = c_void_p
    I64P = POINTER(c_int64)
    PP = POINTER(c_void_p)

    def fn(name: str, restype: Any, *argtypes: Any) -> None:
        f = getattr(lib, name)
        f.restype = restype
        f.argtypes = list(argtypes)

    # Every struct's mend_X_init(ptr, version).
    for struct, (init, _version) in STRUCT_INIT.items():
        fn(init, c_int, POINTER(struct), c_uint)

    # catalog.h
    fn("mend_catalog_get_json", c_int, PP, P)

    # version.h, errors.h
    fn("mend_version", c_char_p)
    fn("mend_version_number", c_int)
    fn("mend_errmsg", c_char_p, P)
    fn("mend_errcode", c_int, P)
    fn("mend_last_errmsg", c_char_p)
    fn("mend_last_errcode", c_int)
    fn("mend_errstr", c_char_p, c_int)
    fn("mend_free", None, P)

    # event.h, log.h
    fn("mend_event_set_callback", c_int, P, EVENT_CALLBACK, P)
    fn("mend_log_set_callback", c_int, LOG_CALLBACK, c_int, P)

    # db.h
    fn("mend_open", c_int, PP, c_char_p, POINTER(OpenOptions))
    fn("mend_practice_list_json", c_int, PP, c_char_p, POINTER(OpenOptions))
    fn("mend_close", None, P)
    fn("mend_db_backend", c_char_p, P)
    fn("mend_db_schema_version", c_int, POINTER(c_int), P)
    fn("mend_db_verify_json", c_int, PP, P)
    fn("mend_actor_set", c_int, P, c_int64)
    fn("mend_actor_set_external", c_int, P, c_char_p)
    fn("mend_actor_id", c_int, I64P, P)
    fn("mend_transaction_begin", c_int, P)
    fn("mend_transaction_commit", c_int, P)
    fn("mend_transaction_rollback", c_int, P)
    fn("mend_transaction_active", c_int, P)

    # clinician.h
    fn("mend_practice_init", c_int, I64P, P, c_char_p, POINTER(ClinicianFields))

    # practice.h
    fn("mend_practice_timezone", c_int, PP, P)
    fn("mend_practice_set_timezone", c_int, P, c_char_p)
    fn("mend_practice_set_now", c_int, P, c_char_p)
    fn("mend_practice_today", c_int, PP, P)

    kinds = {
        "clinician": (ClinicianFields, ClinicianListOptions),
        "client": (ClientFields, ClientListOptions),
        "couple": (CoupleFields, CoupleListOptions),
        "case": (CaseFields, CaseListOptions),
    }
    for kind, (fields, options) in kinds.items():
        fn(f"mend_{kind}_create", c_int, I64P, P, POINTER(fields))
        fn(f"mend_{kind}_update", c_int, P, c_int64, POINTER(fields))
        fn(f"mend_{kind}_archive", c_int, P, c_int64)
        fn(f"mend_{kind}_get", c_int, PP, P, c_int64)
        fn(f"mend_{kind}_get_external", c_int, PP, P, c_char_p)
        fn(f"mend_{kind}_to_json", c_int, PP, P)
        fn(f"mend_{kind}_free", None, P)
        fn(f"mend_{kind}_iter_new", c_int, PP, P, POINTER(options))
        fn(f"mend_{kind}_iter_next", c_int, PP, P)
        fn(f"mend_{kind}_iter_free", None, P)
        for getter, restype in RECORD_GETTERS[kind]:
            fn(f"mend_{kind}_{getter}", restype, P)

    # audit.h
    fn("mend_audit_list_json", c_int, PP, P, c_int64, c_int)
    fn("mend_audit_report_options_init", c_int, POINTER(AuditReportOptions), c_uint)
    fn("mend_audit_report_render", c_int, PP, P, POINTER(AuditReportOptions))
    fn("mend_audit_checkpoint", c_int, PP, P)
    fn("mend_audit_verify_json", c_int, PP, P, c_char_p)

    # key.h
    fn("mend_key_file_create", c_int, c_char_p)
    fn("mend_key_state", c_int, POINTER(c_int), P)
    fn("mend_key_adopt", c_int, P)
    fn("mend_key_rewrap", c_int, POINTER(c_int), P)
    fn("mend_key_encrypt", c_int, P)
    fn("mend_key_reencrypt", c_int, P)
    fn("mend_key_reseal", c_int, POINTER(c_int64), P, c_int64)

    # emergency.h
    fn("mend_emergency_open", c_int, POINTER(c_int64), P, c_int64, c_char_p, c_int)
    fn("mend_emergency_list_json", c_int, PP, P)
    fn("mend_emergency_reason_min", c_int, POINTER(c_int), P)
    fn("mend_emergency_set_reason_min", c_int, P, c_int)

    # measure.h
    S = c_char_p
    fn("mend_instrument_list_json", c_int, PP, P)
    fn("mend_instrument_get_json", c_int, PP, P, S)
    fn("mend_instrument_load", c_int, P, S)
    fn("mend_instrument_set_cutoff", c_int, P, S, S, c_double)
    fn("mend_measure_create", c_int, I64P, P, POINTER(MeasureFields))
    fn("mend_measure_get_json", c_int, PP, P, c_int64)
    fn("mend_measure_series_json", c_int, PP, P, c_int64, S)
    fn("mend_measure_change_json", c_int, PP, P, c_int64, c_int64)
    fn("mend_measure_sustained_json", c_int, PP, P, c_int64, S, S, c_double, c_int, c_int)

    # safety.h
    fn("mend_safety_screen_create", c_int, I64P, P, POINTER(SafetyScreenFields))
    fn("mend_safety_screen_list_json", c_int, PP, P, c_int64)
    fn("mend_safety_flag_list_json", c_int, PP, P, POINTER(FlagListOptions))
    fn("mend_safety_flag_resolve", c_int, P, c_int64, S)

    # protocol.h
    fn("mend_protocol_list_json", c_int, PP, P)
    fn("mend_protocol_get_json", c_int, PP, P, S)
    fn("mend_protocol_load", c_int, P, S)
    fn("mend_phase_start", c_int, P, c_int64, S, c_int64, S)
    fn("mend_phase_set_roles", c_int, P, c_int64, c_int64, S)
    fn("mend_phase_override_roles", c_int, P, c_int64, c_int64, S)
    fn("mend_phase_evaluate_json", c_int, PP, P, c_int64, S)
    fn("mend_phase_advance", c_int, P, c_int64, S, S, S)
    fn("mend_phase_override", c_int, P, c_int64, S, S, S, S)
    fn("mend_phase_back", c_int, P, c_int64, S, S, S)
    fn("mend_phase_history_json", c_int, PP, P, c_int64)
    fn("mend_attestation_create", c_int, I64P, P, POINTER(AttestationFields))
    fn("mend_attestation_list_json", c_int, PP, P, c_int64)
    fn("mend_plan_set", c_int, POINTER(c_int), P, c_int64, S, S)
    fn("mend_plan_get_json", c_int, PP, P, c_int64, S)

    # fhir.h
    fn("mend_fhir_questionnaire_get_json", c_int, PP, P, S)
    fn("mend_fhir_export_options_init", c_int, POINTER(FhirExportOptions), c_uint)
    fn("mend_fhir_export_json", c_int, PP, P, POINTER(FhirExportOptions))
    fn("mend_fhir_export_write", c_int, P, POINTER(FhirExportOptions), S)
    fn("mend_fhir_card_json", c_int, PP, P, c_int64, S)
    fn("mend_fhir_import_options_init", c_int, POINTER(FhirImportOptions), c_uint)
    fn("mend_fhir_import", c_int, PP, P, S, POINTER(FhirImportOptions))
    fn("mend_fhir_import_file", c_int, PP, P, S, POINTER(FhirImportOptions))

    # diagnosis.h
    fn("mend_diagnosis_create", c_int, I64P, P, POINTER(DiagnosisFields))
    fn("mend_diagnosis_update", c_int, P, c_int64, POINTER(DiagnosisFields))
    fn("mend_diagnosis_list_json", c_int, PP, P, c_int64)

    # agreement.h
    fn("mend_agreement_create", c_int, I64P, P, POINTER(AgreementFields))
    fn("mend_agreement_update", c_int, P, c_int64, S, S, c_int64)
    fn("mend_agreement_list_json", c_int, PP, P, c_int64)

    # note.h
    fn("mend_session_create", c_int, I64P, P, POINTER(SessionFields))
    fn("mend_session_get_json", c_int, PP, P, c_int64)
    fn("mend_session_list_json", c_int, PP, P, c_int64)
    fn("mend_note_create", c_int, I64P, P, c_int64, S, S)
    fn("mend_note_update", c_int, POINTER(c_int), P, c_int64, c_int, S, S)
    fn("mend_note_sign", c_int, P, c_int64)
    fn("mend_note_cosign", c_int, P, c_int64)
    fn("mend_note_addendum_create", c_int, I64P, P, c_int64, S, S)
    fn("mend_note_set_shareable", c_int, P, c_int64, c_int)
    fn("mend_note_get_json", c_int, PP, P, c_int64)
    fn("mend_note_list_json", c_int, PP, P, POINTER(NoteListOptions))
    fn("mend_note_verify_json", c_int, PP, P)
    fn("mend_note_search_json", c_int, PP, P, S, POINTER(NoteSearchOptions))
    fn("mend_process_note_create", c_int, I64P, P, c_int64, S)
    fn("mend_process_note_get_json", c_int, PP, P, c_int64)
    fn("mend_process_note_list_json", c_int, PP, P, c_int64)
    fn("mend_process_note_grant", c_int, P, c_int64, c_int64)

    # report.h
    fn("mend_report_render", c_int, PP, P, POINTER(ReportOptions))
    fn("mend_report_write", c_int, P, POINTER(ReportOptions), S)
    fn("mend_release_create", c_int, I64P, P, POINTER(ReleaseFields))
    fn("mend_release_authorise", c_int, P, c_int64, c_int64)
    fn("mend_release_accounting_json", c_int, PP, P, c_int64)


lib, path, version_number, version = _load()

try:
    _declare(lib)
except AttributeError as e:  # a symbol is missing: not a libmend this binding knows
    raise ImportError(f"mend: {path} lacks a C API function the binding needs: {e}") from None


def field_getters(kind: str) -> Tuple[Any, ...]:
    """The getter functions of ``kind``, in :data:`RECORD_GETTERS` order.

    They are called holding the GIL (``ctypes.PYFUNCTYPE``, as ``PyDLL``
    does): a getter only reads a field of a record the caller owns, never
    blocks and takes no lock, and letting go of the GIL and taking it back
    around each would cost more than the call itself.
    """
    return tuple(ctypes.PYFUNCTYPE(restype, c_void_p)((f"mend_{kind}_{getter}", lib))
                 for getter, restype in RECORD_GETTERS[kind])


#: Each struct's ``mend_X_init``, bound once (a ``getattr`` on the CDLL per call is slow).
_INIT_FN = {struct: getattr(lib, init) for struct, (init, _version) in STRUCT_INIT.items()}


def initialised(struct: Any) -> Any:
    """A fields or options struct filled by the library's ``mend_X_init``:
    its version and the library's defaults for every field."""
    init, version = STRUCT_INIT[struct]
    out = struct()
    rc = _INIT_FN[struct](ctypes.byref(out), version)
    if rc != 0:
        raise RuntimeError(f"{init} failed ({rc}): {lib.mend_last_errmsg().decode('utf-8', 'replace')}")
    return out


def take_string(ptr: Optional[int]) -> str:
    """Copy a ``char*`` the library allocated, free it with ``mend_free``, decode it."""
    if not ptr:
        return ""
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.mend_free(ptr)
