"""The open database handle, its transactions and the record collections."""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import threading
import weakref
from ctypes import byref, c_int, c_int64, c_void_p
from typing import (
    Any,
    Callable,
    Dict,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Type,
    TypeVar,
    Union,
    cast,
)

from . import _catalog, _lib
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
    _opt_date_arg,
)
from ._convert import (
    _INT64_MAX,
    _INT64_MIN,
    _INT_MAX,
    _INT_MIN,
    UNSET,
    ActorRef,
    DateLike,
    _bool,
    _children,
    _fields,
    _id,
    _int,
    _not_clearable,
    _opt_date,
    _opt_text,
    _ref_id,
    _required,
    _text,
    _upd_date,
    _upd_text,
)
from ._events import Event, _log_errors, report_callback_errors
from ._keys import KeyCallback, Keys, key_callback_c
from ._lib import lib
from ._notes import Notes, ProcessNotes, Sessions
from ._reports import Releases, Reports
from .errors import Error, InvalidArgument, InvalidState, from_code
from .records import _BUILDERS, AuditEvent, Case, Client, Clinician, Couple

__all__ = [
    "Database",
    "open",
    "UNSET",
    "Clinicians",
    "Clients",
    "Couples",
    "Cases",
]

# ---------------------------------------------------------------------------
# The database handle.
# ---------------------------------------------------------------------------

_SYNC = {"full": _lib.MEND_SYNC_FULL, "normal": _lib.MEND_SYNC_NORMAL}

R = TypeVar("R")


class _Kind:
    """The C functions of one record kind (clinician, client, couple, case), bound
    once at import (a ``getattr`` on the CDLL per call is slow), and the builder
    of its record from the field getters."""

    __slots__ = ("name", "get", "get_external", "free", "iter_new", "iter_next", "iter_free",
                 "archive", "create", "update", "build")

    def __init__(self, name: str) -> None:
        def f(verb: str) -> Any:
            return getattr(lib, f"mend_{name}_{verb}")

        self.name = name
        self.get = f("get")
        self.get_external = f("get_external")
        self.free = f("free")
        self.iter_new = f("iter_new")
        self.iter_next = f("iter_next")
        self.iter_free = f("iter_free")
        self.archive = f("archive")
        self.create = f("create")
        self.update = f("update")
        self.build = _BUILDERS[name](_lib.field_getters(name))


_KINDS = {name: _Kind(name) for name in ("clinician", "client", "couple", "case")}


class _CIterator:
    """Owns one C iterator; freed by its generator's ``finally`` or by ``Database.close``."""

    __slots__ = ("kind", "ptr", "__weakref__")

    def __init__(self, kind: _Kind) -> None:
        self.kind = kind
        self.ptr = c_void_p()

    def free(self) -> None:
        if self.ptr.value:
            self.kind.iter_free(self.ptr)
            self.ptr = c_void_p()


class Database:
    """An open practice database and the clinician acting on it.

    Create one with :func:`mend.open`. A ``Database`` is a context manager
    that closes the handle on exit; it is also closed when garbage collected.
    Any use after :meth:`close` raises :class:`mend.InvalidState`.

    One handle serves one thread at a time (the binding serialises calls on a
    shared handle, but its actor and transaction are shared too): give each
    thread its own ``Database``.
    """

    def __init__(self, where: Union[str, "os.PathLike[str]"], *, create: bool = False,
                 busy_timeout_ms: int = 5000, synchronous: str = "full",
                 key_file: Optional[Union[str, "os.PathLike[str]"]] = None,
                 key_callback: Optional[KeyCallback] = None, practice: Optional[str] = None,
                 transaction_pooling: bool = False, connect_timeout: int = 0,
                 statement_timeout_ms: int = 0) -> None:
        self._handle: Optional[c_void_p] = None
        self._key_c: Optional[object] = None  # the key callback mend holds while open
        self._key_errors: List[BaseException] = []  # what the key callback raised
        self._lock = threading.RLock()
        self._iters: "weakref.WeakSet[_CIterator]" = weakref.WeakSet()
        self._event_c: Optional[object] = None  # the C function pointer mend holds
        self._in_callback = False
        self._callback_errors: List[BaseException] = []
        where = os.fspath(where)
        if not isinstance(where, str):
            raise TypeError(f"where must be a str path or URL, not {type(where).__name__}")
        self._where = where
        where_b = _text("where", where)
        if not isinstance(synchronous, str):
            raise TypeError(f"synchronous must be str, not {type(synchronous).__name__}")
        if synchronous.lower() not in _SYNC:
            raise InvalidArgument("synchronous must be 'full' or 'normal'")
        if not isinstance(create, bool):
            raise TypeError(f"create must be bool, not {type(create).__name__}")
        opts = _connection_options(practice=practice, transaction_pooling=transaction_pooling,
                                   connect_timeout=connect_timeout,
                                   statement_timeout_ms=statement_timeout_ms)
        opts.flags |= _lib.MEND_OPEN_CREATE if create else 0
        opts.busy_timeout_ms = _int("busy_timeout_ms", busy_timeout_ms, _INT_MIN, _INT_MAX)
        opts.synchronous = _SYNC[synchronous.lower()]
        if key_file is not None and key_callback is not None:
            raise InvalidArgument("give either key_file or key_callback, not both")
        if key_file is not None:
            kf = os.fspath(key_file)
            if not isinstance(kf, str):
                raise TypeError(f"key_file must be a str or os.PathLike[str], not {type(kf).__name__}")
            opts.key_file = _text("key_file", kf)
        if key_callback is not None:
            self._key_c = key_callback_c(key_callback, self._key_errors)
            opts.key_callback = self._key_c
        handle = c_void_p()
        rc = lib.mend_open(byref(handle), where_b, byref(opts))
        if rc < 0:
            raise self._error(rc)
        self._handle = handle

    # -- lifetime ---------------------------------------------------------

    def close(self) -> None:
        """Close the handle (rolling back an open transaction). Closing twice is fine.

        Raises :class:`InvalidState` from inside the handle's own event callback.
        """
        with self._lock:
            if self._in_callback:
                raise InvalidState("a mend callback cannot call back into its own handle",
                                   _lib.MEND_ESTATE)
            handle, self._handle = self._handle, None
            if handle is None:
                return
            for it in list(self._iters):  # iterators must not outlive the handle
                it.free()
            self._iters.clear()
            lib.mend_close(handle)
            self._event_c = None
            self._key_c = None

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run."""
        return self._handle is None

    def __enter__(self) -> "Database":
        self._h()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Safety net for handles the host forgot to close.
        try:
            if getattr(self, "_handle", None) is not None:
                self.close()
        except Exception:  # never raise from a finaliser (e.g. at interpreter exit)
            pass

    def __repr__(self) -> str:
        state = "closed" if self.closed else self.backend
        return f"<mend.Database {state}>"

    def _h(self) -> c_void_p:
        """The live C handle; raises InvalidState once closed. Call with the lock held."""
        h = self._handle
        if h is None:
            raise InvalidState("the database is closed", _lib.MEND_ESTATE)
        return h

    def _call(self, fn: Callable[..., int], *args: Any) -> int:
        """Call ``fn(handle, *args)`` under the handle's lock; raise on a negative code."""
        with self._lock:
            rc = int(fn(self._h(), *args))
            self._report_callback_errors()
            if rc < 0:
                raise self._error(rc)
            return rc

    def _error(self, rc: int) -> Error:
        """The exception of code ``rc``, raised from what the key callback raised
        during the call (then forgotten), if anything."""
        err = from_code(rc)
        if self._key_errors:
            err.__cause__ = self._key_errors[0]
            self._key_errors.clear()
        return err

    def _report_callback_errors(self) -> None:
        """Warn about what callbacks raised during the C call that just returned."""
        if not self._in_callback:
            report_callback_errors(self._callback_errors)
            report_callback_errors(_log_errors)

    # -- events -----------------------------------------------------------

    def set_event_callback(self, fn: Optional[Callable[[Event], None]]) -> None:
        """Call ``fn(event)`` for each :class:`mend.Event` this handle commits; ``None`` stops.

        An event is delivered after the commit that made it (at the end of
        the call, or of :meth:`commit` inside a transaction), never for work
        that rolled back, in order, on the calling thread, before the call
        returns. While ``fn`` runs, every call on this handle raises
        :class:`InvalidState`; other handles may be used. An exception ``fn``
        raises does not fail the mend call (its work is committed): it is
        reported as a :class:`mend.CallbackWarning` once the call returns.
        """
        if fn is not None and not callable(fn):
            raise TypeError("fn must be callable or None")
        if fn is None:
            c_fn = _lib.EVENT_CALLBACK()
        else:
            def trampoline(event: Any, _user: object) -> None:
                self._in_callback = True
                try:
                    fn(Event._from_c(event.contents))
                except BaseException as exc:  # never unwind through C
                    self._callback_errors.append(exc)
                finally:
                    self._in_callback = False

            c_fn = _lib.EVENT_CALLBACK(trampoline)
        with self._lock:
            self._call(lib.mend_event_set_callback, c_fn, None)
            self._event_c = c_fn if fn is not None else None

    # -- properties -------------------------------------------------------

    @property
    def where(self) -> str:
        """The path or URL the handle was opened on."""
        return self._where

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        with self._lock:
            return str(lib.mend_db_backend(self._h()).decode("ascii"))

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        out = c_int()
        with self._lock:
            rc = lib.mend_db_schema_version(byref(out), self._h())
            if rc < 0:
                raise from_code(rc)
        return int(out.value)

    def verify(self) -> Dict[str, Any]:
        """Check the database (``mend_db_verify_json``; admins; ``mend
        check``): SQLite's integrity and foreign-key checks, every client,
        couple, case and note row read as mend reads it, the signed notes'
        hashes and the audit chain. Returns ``{"ok", "backend", "integrity",
        "foreign_keys", "rows_checked", "problems": [{"table", "id",
        "problem"}], "notes", "audit_chain"}``; ``ok`` is false when anything
        was found (an unkeyed chain is information, not damage)."""
        return cast(Dict[str, Any], self._json(lib.mend_db_verify_json))

    @property
    def actor(self) -> Optional[int]:
        """The acting clinician's id, or ``None`` when no actor is set."""
        out = c_int64()
        with self._lock:
            rc = lib.mend_actor_id(byref(out), self._h())
            if rc == _lib.MEND_ENOACTOR:
                return None
            if rc < 0:
                raise from_code(rc)
        return int(out.value)

    # -- actor and setup --------------------------------------------------

    def set_actor(self, actor: ActorRef) -> None:
        """Act as a clinician, named by id (``int``) or by external id (``str``).

        The type decides, never the text: ``set_actor(2)`` is the clinician
        with id 2 and ``set_actor("2")`` the one whose external id is ``"2"``
        (the command line writes these ``--as 2`` and ``--as ext:2``). An id
        outside int64 raises :class:`InvalidArgument`.

        Every later call is authorised for and audited as that clinician.
        Raises :class:`NotFound` for an unknown clinician and
        :class:`PermissionDenied` for an archived one.
        """
        if isinstance(actor, bool) or not isinstance(actor, (int, str)):
            raise TypeError(f"actor must be a clinician id (int) or external id (str), not {type(actor).__name__}")
        if isinstance(actor, int):
            self._call(lib.mend_actor_set, _id("actor", actor))
        else:
            self._call(lib.mend_actor_set_external, _text("actor", actor))

    def init_practice(self, name: str, *, display_name: str, credentials: Optional[str] = None,
                      external_id: Optional[str] = None, timezone: Optional[str] = None) -> int:
        """Set up a new practice and its first admin; returns the admin's id.

        Works only while the database has no clinician (:class:`InvalidState`
        otherwise) and needs no actor; the admin becomes the actor.
        ``timezone`` is the practice's IANA time zone (``"America/Chicago"``;
        ``None`` keeps ``"UTC"``); an unknown zone raises
        :class:`InvalidArgument` and nothing is set up (inside a transaction
        of your own, roll it back).
        """
        _required("name", name)
        _required("display_name", display_name)
        name_b = _text("name", name)
        tz_b = _text("timezone", timezone) if timezone is not None else None
        f = _fields(_lib.ClinicianFields)
        f.display_name = _text("display_name", display_name)
        _opt_text(f, "credentials", credentials)
        _opt_text(f, "external_id", external_id)
        out = c_int64()
        if tz_b is None:
            self._call(lambda h: int(lib.mend_practice_init(byref(out), h, name_b, byref(f))))
            return int(out.value)
        with self._lock:
            # One unit: a refused zone leaves nothing set up. Inside the
            # caller's own transaction, undoing it is the caller's rollback.
            own = not self.in_transaction
            if own:
                self.begin()
            try:
                self._call(lambda h: int(lib.mend_practice_init(byref(out), h, name_b, byref(f))))
                self._call(lib.mend_practice_set_timezone, tz_b)
            except BaseException:
                if own and self.in_transaction:
                    self.rollback()
                raise
            if own:
                self.commit()
        return int(out.value)

    # -- the practice's time zone and clock ---------------------------------

    @property
    def timezone(self) -> str:
        """The practice's IANA time zone (``"UTC"`` until an admin sets one)."""
        out = c_void_p()
        with self._lock:
            rc = lib.mend_practice_timezone(byref(out), self._h())
            if rc < 0:
                raise from_code(rc)
            return _lib.take_string(out.value)

    def set_timezone(self, name: str) -> None:
        """Change the practice's time zone (admins; audited).

        ``name`` is an IANA name of the system's time zone database, such as
        ``"Europe/Berlin"``. Raises :class:`InvalidArgument` for an unknown
        zone (nothing changes) and :class:`PermissionDenied` for a non-admin.
        """
        self._call(lib.mend_practice_set_timezone, _text("timezone", name))

    def set_now(self, now: Union[None, str, "_dt.datetime"]) -> None:
        """Fix "now" for this handle, or go back to the system clock with ``None``.

        ``now`` is an aware :class:`datetime.datetime` or an ISO 8601 string
        with its offset (``"2026-11-03T02:00:00Z"``). Every later call on this
        handle reads that time (it does not advance): timestamps, the audit
        log and :attr:`today`. Other handles keep their own clocks. A naive
        datetime or a malformed string raises :class:`InvalidArgument` and
        the clock stays as it was.
        """
        if now is None:
            arg: Optional[bytes] = None
        elif isinstance(now, _dt.datetime):
            if now.tzinfo is None or now.utcoffset() is None:
                raise InvalidArgument("now must be an aware datetime (with a tzinfo)",
                                      _lib.MEND_EINVAL)
            utc = now.astimezone(_dt.timezone.utc)
            arg = utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ").encode("ascii")
        elif isinstance(now, str):
            arg = _text("now", now)
        else:
            raise TypeError(f"now must be None, a datetime or a str, not {type(now).__name__}")
        self._call(lib.mend_practice_set_now, arg)

    @property
    def today(self) -> "_dt.date":
        """Today's date in the practice's time zone, by this handle's clock."""
        out = c_void_p()
        with self._lock:
            rc = lib.mend_practice_today(byref(out), self._h())
            if rc < 0:
                raise from_code(rc)
            return _dt.date.fromisoformat(_lib.take_string(out.value))

    # -- transactions -----------------------------------------------------

    def begin(self) -> None:
        """Begin a transaction (:class:`InvalidState` if one is open). Prefer :meth:`transaction`."""
        self._call(lib.mend_transaction_begin)

    def commit(self) -> None:
        """Commit the open transaction (:class:`InvalidState` if none is open)."""
        self._call(lib.mend_transaction_commit)

    def rollback(self) -> None:
        """Roll back the open transaction (:class:`InvalidState` if none is open)."""
        self._call(lib.mend_transaction_rollback)

    @property
    def in_transaction(self) -> bool:
        """True while a transaction begun with :meth:`begin` is open."""
        with self._lock:
            return bool(lib.mend_transaction_active(self._h()))

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Database"]:
        """A transaction as a context manager: commit on success, roll back on an exception.

        A mend call that fails inside the block changes nothing and leaves the
        transaction usable, so a caught :class:`Error` does not spoil it, with
        one exception: a lost PostgreSQL connection takes the transaction with
        it, and every call raises :class:`ConnectionLost` until the block ends
        (it rolls back; nothing of the block was committed; the handle then
        connects again). If the rollback itself fails, its error is raised
        with the original exception as ``__cause__``. Transactions do not nest.
        """
        self.begin()
        try:
            yield self
        except BaseException as exc:
            if not self.closed and self.in_transaction:
                try:
                    self.rollback()
                except Error as rollback_error:
                    raise rollback_error from exc
            raise
        else:
            if not self.closed and self.in_transaction:
                self.commit()

    # -- records ----------------------------------------------------------

    @property
    def keys(self) -> Keys:
        """The handle's keys: their state, adopting them (``mend/key.h``)."""
        return Keys(self)

    @property
    def clinicians(self) -> "Clinicians":
        """The practice's clinicians."""
        return Clinicians(self)

    @property
    def clients(self) -> "Clients":
        """The clients the actor may see."""
        return Clients(self)

    @property
    def couples(self) -> "Couples":
        """The couples the actor may see."""
        return Couples(self)

    @property
    def cases(self) -> "Cases":
        """The cases the actor may see."""
        return Cases(self)

    @property
    def measures(self) -> "Measures":
        """Outcome measures: instruments, administrations, scoring, change."""
        return Measures(self)

    @property
    def safety(self) -> "Safety":
        """Each partner's private safety screens."""
        return Safety(self)

    @property
    def flags(self) -> "Flags":
        """Safety flags raised by screens, measures and broken agreements."""
        return Flags(self)

    @property
    def protocols(self) -> "Protocols":
        """Treatment protocols (definitions)."""
        return Protocols(self)

    @property
    def phases(self) -> "Phases":
        """Cases on their protocols: phases, explained gates, overrides, history."""
        return Phases(self)

    @property
    def attestations(self) -> "Attestations":
        """Clinicians' attestations on cases, read by the gates."""
        return Attestations(self)

    @property
    def diagnoses(self) -> "Diagnoses":
        """ICD-10-CM diagnoses on cases, each about one of the case's clients."""
        return Diagnoses(self)

    @property
    def plans(self) -> "Plans":
        """Versioned treatment plans per case and phase."""
        return Plans(self)

    @property
    def agreements(self) -> "Agreements":
        """Agreements and boundaries between the partners."""
        return Agreements(self)

    @property
    def sessions(self) -> "Sessions":
        """Sessions of cases: time, duration, participants, CPT code, phase."""
        return Sessions(self)

    @property
    def notes(self) -> "Notes":
        """Progress notes: drafts, signing, addenda, co-signing, verification, search."""
        return Notes(self)

    @property
    def process_notes(self) -> "ProcessNotes":
        """Psychotherapy process notes, kept apart from the record."""
        return ProcessNotes(self)

    @property
    def reports(self) -> "Reports":
        """Case and caseload reports: HTML, Markdown, JSON snapshots."""
        return Reports(self)

    @property
    def releases(self) -> "Releases":
        """Releases of a case's records to one partner, and their authorisations."""
        return Releases(self)

    def catalog(self) -> Dict[str, Any]:
        """The library's catalogue with this practice's instruments, protocols
        and the attestation codes they read (``mend_catalog_get_json``; an
        actor must be set). :func:`mend.catalog` needs no database."""
        return cast(Dict[str, Any], self._json(lib.mend_catalog_get_json))

    def fhir_questionnaire(self, instrument: str) -> Dict[str, Any]:
        """One of the practice's instruments (built in or loaded) as a FHIR R4
        ``Questionnaire`` (``mend_fhir_questionnaire_get_json``; an actor must be set).
        :func:`mend.fhir_questionnaire` needs no database."""
        code = _text("instrument", instrument)
        return cast(Dict[str, Any], self._json(lib.mend_fhir_questionnaire_get_json, code))

    def _fhir_export_options(self, case_id: Optional[int], client_id: Optional[int],
                             release_id: Optional[int]) -> Any:
        if (case_id is None) == (client_id is None):
            raise TypeError("give either case_id or client_id")
        o = _fields(_lib.FhirExportOptions)
        o.case_id = 0 if case_id is None else _ref_id("case_id", case_id)
        o.client_id = 0 if client_id is None else _ref_id("client_id", client_id)
        o.release_id = 0 if release_id is None else _ref_id("release_id", release_id)
        return o

    def fhir_export(self, case_id: Optional[int] = None, *, client_id: Optional[int] = None,
                    release_id: Optional[int] = None) -> Dict[str, Any]:
        """A case (or, with ``client_id``, one client's own record) as a FHIR R4
        ``Bundle`` of type collection (``mend_fhir_export_json``); with
        ``release_id``, what that release of the case may hold. Audited."""
        o = self._fhir_export_options(case_id, client_id, release_id)
        return cast(Dict[str, Any], self._json(lib.mend_fhir_export_json, byref(o)))

    def fhir_export_write(self, path: Union[str, "os.PathLike[str]"], case_id: Optional[int] = None,
                          *, client_id: Optional[int] = None,
                          release_id: Optional[int] = None) -> None:
        """The same Bundle written to ``path`` whole (``mend_fhir_export_write``)."""
        o = self._fhir_export_options(case_id, client_id, release_id)
        self._call(lib.mend_fhir_export_write, byref(o), _text("path", os.fspath(path)))

    def fhir_card(self, case_id: int, on: Optional[DateLike] = None) -> Dict[str, Any]:
        """A case's gate evaluation as of ``on`` (default today) as a CDS Hooks
        response, ``{"cards": [...]}`` (``mend_fhir_card_json``; read and audited as
        :meth:`Phases.evaluate <mend.Phases.evaluate>`): each card's ``summary``,
        ``indicator`` (info, warning, critical), Markdown ``detail`` and ``source``."""
        return cast(Dict[str, Any], self._json(lib.mend_fhir_card_json, _id("case_id", case_id),
                                               _opt_date_arg("on", on)))

    def fhir_import(self, data: Union[Mapping[str, Any], str], case_id: int = 0) -> Dict[str, Any]:
        """Import FHIR R4: a ``Patient``, a ``QuestionnaireResponse`` or a ``Bundle``
        of them, as a dict or as JSON text (``mend_fhir_import``), all or nothing.
        Patients become clients matched on their identifier (importing again
        updates them); responses become administrations scored by mend, on
        ``case_id`` when not 0. Returns the summary: ``{"patients": [...],
        "administrations": [...]}`` with ``total_mismatch`` where the host's own
        total differs from mend's (mend's is stored)."""
        text = json.dumps(data) if isinstance(data, Mapping) else data
        o = _fields(_lib.FhirImportOptions)
        o.case_id = _id("case_id", case_id)
        return cast(Dict[str, Any], self._json(lib.mend_fhir_import, _text("data", text), byref(o)))

    def fhir_import_file(self, path: Union[str, "os.PathLike[str]"], case_id: int = 0) -> Dict[str, Any]:
        """:meth:`fhir_import` of the JSON in the file at ``path`` (``mend_fhir_import_file``)."""
        p = os.fspath(path)
        if not isinstance(p, str):
            raise TypeError(f"path must be a str or os.PathLike[str], not {type(p).__name__}")
        o = _fields(_lib.FhirImportOptions)
        o.case_id = _id("case_id", case_id)
        return cast(Dict[str, Any], self._json(lib.mend_fhir_import_file, _text("path", p), byref(o)))

    def audit(self, after_seq: int = 0, limit: Optional[int] = None) -> List[AuditEvent]:
        """Audit events with ``seq > after_seq``, oldest first, at most ``limit``
        (1..``audit_limit_max``; ``None``: ``audit_limit_default``; see :func:`mend.catalog`).

        Supervisors and admins only (:class:`PermissionDenied` otherwise).
        """
        seq = _int("after_seq", after_seq)
        lim = _catalog.limit("audit_limit_default") if limit is None else _int("limit", limit, _INT_MIN, _INT_MAX)
        out = c_void_p()
        with self._lock:
            rc = lib.mend_audit_list_json(byref(out), self._h(), seq, lim)
            if rc < 0:
                raise from_code(rc)
            text = _lib.take_string(out.value)
        return [AuditEvent.from_json(e) for e in json.loads(text)]

    def audit_report(self, client_id: Optional[int] = None, actor_id: Optional[int] = None,
                     date_from: Optional[DateLike] = None, date_to: Optional[DateLike] = None,
                     format: str = "json", after_seq: int = 0,
                     limit: Optional[int] = None) -> Any:
        """An audit report for compliance review (``mend_audit_report_render``):
        the events about any record of client ``client_id``, by clinician
        ``actor_id``, on the practice's dates ``date_from``..``date_to``
        (inclusive), after ``after_seq``, at most ``limit`` (``None``:
        ``audit_limit_default``). ``format="json"`` returns the list of events
        (dicts with ``seq``, ``at``, ``actor_id``, ``actor_name``, ``action``,
        ``object_type``, ``object_id``, ``outcome``); ``format="csv"`` the RFC
        4180 text with a header line.

        Supervisors and admins only (:class:`PermissionDenied` otherwise); the
        report is audited. An unknown client or clinician raises :class:`NotFound`.
        """
        formats = {"json": _lib.MEND_AUDIT_REPORT_JSON, "csv": _lib.MEND_AUDIT_REPORT_CSV}
        if not isinstance(format, str):
            raise TypeError(f"format must be str, not {type(format).__name__}")
        if format not in formats:
            raise InvalidArgument("format must be 'json' or 'csv'")
        o = _fields(_lib.AuditReportOptions)
        o.client_id = 0 if client_id is None else _ref_id("client_id", client_id)
        o.actor_id = 0 if actor_id is None else _ref_id("actor_id", actor_id)
        _opt_date(o, "from", date_from)
        _opt_date(o, "to", date_to)
        o.format = formats[format]
        o.after_seq = _int("after_seq", after_seq)
        o.limit = 0 if limit is None else _int("limit", limit, _INT_MIN, _INT_MAX)
        if limit is not None and o.limit == 0:
            raise InvalidArgument("limit must be between 1 and audit_limit_max")
        out = c_void_p()
        with self._lock:
            rc = lib.mend_audit_report_render(byref(out), self._h(), byref(o))
            self._report_callback_errors()
            if rc < 0:
                raise from_code(rc)
            text = _lib.take_string(out.value)
        return json.loads(text) if format == "json" else text

    def audit_checkpoint(self) -> str:
        """A signed checkpoint of the keyed audit chain's head
        (``mend_audit_checkpoint``; supervisors and admins): keep it where the
        database's writers cannot reach, and pass it to :meth:`audit_verify`."""
        out = c_void_p()
        with self._lock:
            rc = int(lib.mend_audit_checkpoint(byref(out), self._h()))
            self._report_callback_errors()
            if rc < 0:
                raise self._error(rc)
            return _lib.take_string(out.value)

    def audit_verify(self, checkpoint: Optional[str] = None) -> Dict[str, Any]:
        """Recompute the keyed audit chain (``mend_audit_verify_json``;
        supervisors and admins): ``{"ok", "keyed", "events_checked",
        "events_chained", "first_bad_seq", "reason", "head": {"seq", "mac"},
        "checkpoint_seq"}``. ``ok`` is true only for a keyed chain that
        verifies (and, given ``checkpoint``, still reaches it)."""
        cp = None if checkpoint is None else _text("checkpoint", checkpoint)
        return cast(Dict[str, Any], self._json(lib.mend_audit_verify_json, cp))

    def emergency_open(self, client_id: int, reason: str, minutes: Optional[int] = None) -> int:
        """Break the glass (``mend_emergency_open``): open client ``client_id``'s
        record outside the actor's caseload for ``minutes`` (``None``:
        ``emergency_minutes_default``) with a ``reason`` of at least
        :meth:`emergency_reason_min` characters. Until it expires the client and
        their individual cases can be read, never a couple, a conjoint case or
        the partner's record; every access is audited as ``emergency_access``.
        Returns the grant's id."""
        out = c_int64()
        m = 0 if minutes is None else _int("minutes", minutes, 1, _INT_MAX)
        cid, text = _ref_id("client_id", client_id), _text("reason", reason)
        self._call(lambda h: int(lib.mend_emergency_open(byref(out), h, cid, text, m)))
        return int(out.value)

    def emergency_report(self) -> Dict[str, Any]:
        """Every emergency grant with its reason and the accesses made under it
        (``mend_emergency_list_json``; supervisors and admins; audited)."""
        return cast(Dict[str, Any], self._json(lib.mend_emergency_list_json))

    def emergency_reason_min(self) -> int:
        """The shortest reason, in characters, an emergency grant accepts."""
        out = c_int()
        self._call(lambda h: int(lib.mend_emergency_reason_min(byref(out), h)))
        return int(out.value)

    def emergency_set_reason_min(self, characters: int) -> None:
        """Set the shortest emergency reason (admins; audited)."""
        self._call(lib.mend_emergency_set_reason_min, _int("characters", characters, _INT_MIN, _INT_MAX))

    # -- shared record plumbing --------------------------------------------

    def _json(self, fn: Callable[..., int], *args: Any) -> Any:
        """Call ``fn(&out, handle, *args)``, a call that hands back a JSON string:
        copy it, free it with ``mend_free`` and parse it."""
        out = c_void_p()
        with self._lock:
            rc = int(fn(byref(out), self._h(), *args))
            self._report_callback_errors()
            if rc < 0:
                raise self._error(rc)
            text = _lib.take_string(out.value)
        return json.loads(text)

    def _get(self, kind: _Kind, fn: Callable[..., int], key: Any) -> Any:
        """``fn(&rec, handle, key)`` (a get of ``kind``), the record built from its getters."""
        rec = c_void_p()
        with self._lock:
            h = self._handle
            if h is None:
                raise InvalidState("the database is closed", _lib.MEND_ESTATE)
            rc = fn(byref(rec), h, key)
            if rc < 0:
                raise from_code(rc)
            try:
                return kind.build(rec)
            finally:
                kind.free(rec)

    def _iterate(self, kind: _Kind, opts: Any) -> Iterator[Any]:
        it = _CIterator(kind)
        next_fn = kind.iter_next
        free_fn = kind.free
        build = kind.build
        lock = self._lock
        with lock:
            rc = kind.iter_new(byref(it.ptr), self._h(), byref(opts))
            if rc < 0:
                raise from_code(rc)
            self._iters.add(it)
        try:
            rec = c_void_p()
            rec_ref = byref(rec)
            while True:
                with lock:
                    if self._handle is None or not it.ptr.value:  # closed (close() frees it)
                        raise InvalidState("the database is closed", _lib.MEND_ESTATE)
                    rc = next_fn(rec_ref, it.ptr)
                    if rc == _lib.MEND_ITEROVER:
                        return
                    if rc < 0:
                        raise from_code(rc)
                    try:
                        item = build(rec)
                    finally:
                        free_fn(rec)
                yield item
        finally:
            with lock:
                it.free()
                self._iters.discard(it)


def _connection_options(*, practice: Optional[str], transaction_pooling: bool, connect_timeout: int,
                        statement_timeout_ms: int) -> "_lib.OpenOptions":
    """``mend_open_options`` with the connection's fields set (the library checks them)."""
    if not isinstance(transaction_pooling, bool):
        raise TypeError(f"transaction_pooling must be bool, not {type(transaction_pooling).__name__}")
    opts = _fields(_lib.OpenOptions)
    opts.flags = _lib.MEND_OPEN_TRANSACTION_POOLING if transaction_pooling else 0
    if practice is not None:
        if not isinstance(practice, str):
            raise TypeError(f"practice must be str, not {type(practice).__name__}")
        opts.practice = _text("practice", practice)
    opts.connect_timeout_s = _int("connect_timeout", connect_timeout, _INT_MIN, _INT_MAX)
    opts.statement_timeout_ms = _int("statement_timeout_ms", statement_timeout_ms, _INT_MIN, _INT_MAX)
    return opts


def practices(where: str, *, connect_timeout: int = 0) -> Dict[str, Any]:
    """The practices of a PostgreSQL database (``mend_practice_list_json``; a
    cluster admin's listing, ``mend practice list``): ``{"latest_schema_version":
    N, "practices": [{"practice", "schema_version", "needs_migration"}]}``, each
    schema the connecting role may use that holds a mend practice. Opening a
    practice (:func:`open` with ``practice=``) migrates it.

    Raises:
        InvalidArgument: a SQLite path (a SQLite file holds one practice) or a bad URL.
        ConnectionLost: no server answered within the connect timeout.
    """
    if not isinstance(where, str):
        raise TypeError(f"where must be a str URL, not {type(where).__name__}")
    opts = _connection_options(practice=None, transaction_pooling=False, connect_timeout=connect_timeout,
                               statement_timeout_ms=0)
    out = c_void_p()
    rc = lib.mend_practice_list_json(byref(out), _text("where", where), byref(opts))
    if rc < 0:
        raise from_code(rc)
    return cast(Dict[str, Any], json.loads(_lib.take_string(out.value)))


def open(where: Union[str, "os.PathLike[str]"], actor: Optional[ActorRef] = None, *,
         create: bool = False, busy_timeout_ms: int = 5000, synchronous: str = "full",
         key_file: Optional[Union[str, "os.PathLike[str]"]] = None,
         key_callback: Optional[KeyCallback] = None, practice: Optional[str] = None,
         transaction_pooling: bool = False, connect_timeout: int = 0,
         statement_timeout_ms: int = 0) -> Database:
    """Open a practice database; with ``create=True``, create it if there is none.

    Only a mend database is ever written to: another application's database
    or a damaged file is refused and left exactly as it was.

    Args:
        where: a SQLite file path, or a PostgreSQL URL such as
            ``"postgresql://user@127.0.0.1:5432/db"``.
        actor: if given, the acting clinician (id or external id), as with
            :meth:`Database.set_actor`.
        create: create a new, empty practice database where there is none
            (no file, an empty file, ``":memory:"``, a PostgreSQL schema with
            no tables): ``MEND_OPEN_CREATE``. Without it such a location
            raises :class:`mend.NotFound` and nothing is created, so a
            mistyped path is an error, not a new empty practice.
        busy_timeout_ms: how long a SQLite write waits for another writer
            (0..600000; 0 means the library default of 5000).
        synchronous: SQLite durability, ``"full"`` (no commit lost on power
            loss; the default) or ``"normal"``.
        key_file: the host's key file (mode 0600; :func:`mend.create_key_file`
            writes one), for a keyed practice.
        practice: PostgreSQL: the practice to open, the name of its schema
            (also ``?practice=NAME`` in the URL); with ``create=True`` a
            missing schema is created. ``None``: the URL's, else the
            connection's current schema.
        transaction_pooling: PostgreSQL behind PgBouncer in transaction mode
            (``MEND_OPEN_TRANSACTION_POOLING``): no server-side prepared
            statements; the schema and timeouts set in each transaction.
        connect_timeout: seconds to wait for each server (0: the URL's
            ``connect_timeout``, else 10), at open and at each reconnection.
        statement_timeout_ms: the longest one statement may run (0: no limit);
            a longer one raises :class:`Busy`.
        key_callback: instead of a key file, the host's key service:
            ``fn(purpose, key_id)`` returns ``(id, key)`` with ``key`` 32 bytes
            for the key of ``purpose`` (``"audit"`` or ``"wrap"``) with id
            ``key_id`` (the newest for 0), or ``None`` when it has none. It may
            be called whenever the handle needs a key, while it is open.

    Returns:
        A :class:`Database`, usable as a context manager.

    Raises:
        NotFound: no mend database there and ``create`` is false.
        SchemaTooNew: the database was written by a newer mend, or it is not
            a mend database (another application's tables); it is unchanged.
        StoreError: the file is damaged or not a database (unchanged), or it
            cannot be opened.
        InvalidArgument: a bad option or malformed URL.
        ConnectionLost: no PostgreSQL server answered within the connect timeout.
        BadKey: the key file is missing, readable by others or malformed, the
            key callback failed, or the keys are not the practice's.
    """
    db = Database(where, create=create, busy_timeout_ms=busy_timeout_ms, synchronous=synchronous,
                  key_file=key_file, key_callback=key_callback, practice=practice,
                  transaction_pooling=transaction_pooling, connect_timeout=connect_timeout,
                  statement_timeout_ms=statement_timeout_ms)
    if actor is not None:
        try:
            db.set_actor(actor)
        except BaseException:
            db.close()
            raise
    return db


# ---------------------------------------------------------------------------
# Collections.
# ---------------------------------------------------------------------------


class _Collection(Generic[R]):
    _kind = ""
    _record: Type[R]

    _k: _Kind  # the kind's C functions and record builder

    def __init__(self, db: Database) -> None:
        self._db = db

    def __repr__(self) -> str:
        return f"<mend {type(self).__name__} of {self._db!r}>"

    def _get_by_id(self, id: int) -> R:
        # The fast path of _id(): a plain int within int64_t.
        if type(id) is not int or not _INT64_MIN <= id <= _INT64_MAX:
            id = _id("id", id)
        k = self._k
        return self._db._get(k, k.get, id)

    def _get_by_external(self, external_id: str) -> R:
        _required("external_id", external_id)
        k = self._k
        return self._db._get(k, k.get_external, _text("external_id", external_id))

    def _iterate(self, opts: Any) -> Iterator[R]:
        return cast(Iterator[R], self._db._iterate(self._k, opts))

    def _archive(self, id: int) -> None:
        self._db._call(self._k.archive, _id("id", id))

    def _create(self, fields: Any) -> int:
        out = c_int64()
        fn = self._k.create
        self._db._call(lambda h: int(fn(byref(out), h, byref(fields))))
        return int(out.value)

    def _update(self, id: int, fields: Any) -> None:
        self._db._call(self._k.update, id, byref(fields))


class Clinicians(_Collection[Clinician]):
    """``db.clinicians``: the practice's staff. Only an admin creates, updates or archives."""

    _kind = "clinician"
    _k = _KINDS["clinician"]
    _record = Clinician

    def create(self, *, display_name: str, credentials: Optional[str] = None,
               role: Optional[str] = None, external_id: Optional[str] = None,
               npi: Optional[str] = None) -> int:
        """Register a clinician (admin only); returns the new id.

        ``role`` is ``"clinician"`` (the default), ``"supervisor"`` or ``"admin"``;
        ``npi`` the National Provider Identifier (its check digit is verified).
        """
        _required("display_name", display_name)
        f = _fields(_lib.ClinicianFields)
        f.display_name = _text("display_name", display_name)
        _opt_text(f, "credentials", credentials)
        _opt_text(f, "role", role)
        _opt_text(f, "external_id", external_id)
        _opt_text(f, "npi", npi)
        return self._create(f)

    def update(self, id: int, *, display_name: str = UNSET, credentials: Optional[str] = UNSET,
               role: str = UNSET, external_id: Optional[str] = UNSET,
               npi: Optional[str] = UNSET) -> None:
        """Change a clinician (admin only). Omitted fields stay; ``None`` clears
        ``credentials``, ``external_id`` or ``npi``; ``display_name`` and ``role`` cannot be
        cleared."""
        i = _id("id", id)
        f = _fields(_lib.ClinicianFields)
        _upd_text(f, "display_name", display_name, clearable=False)
        _upd_text(f, "credentials", credentials, clearable=True)
        _upd_text(f, "role", role, clearable=False)
        _upd_text(f, "external_id", external_id, clearable=True)
        _upd_text(f, "npi", npi, clearable=True)
        self._update(i, f)

    def archive(self, id: int) -> None:
        """Archive a clinician (admin only): they can no longer act."""
        self._archive(id)

    def get(self, id: int) -> Clinician:
        """The clinician with this id (:class:`NotFound` if none)."""
        return self._get_by_id(id)

    def get_external(self, external_id: str) -> Clinician:
        """The clinician with this external id (:class:`NotFound` if none)."""
        return self._get_by_external(external_id)

    def list(self, include_archived: bool = False) -> Iterator[Clinician]:
        """Clinicians in id order, lazily, a page at a time."""
        o = _fields(_lib.ClinicianListOptions)
        o.include_archived = _bool("include_archived", include_archived)
        return self._iterate(o)

    __iter__ = list


class Clients(_Collection[Client]):
    """``db.clients``: the people in treatment the actor may see."""

    _kind = "client"
    _k = _KINDS["client"]
    _record = Client

    def create(self, *, given_name: str, family_name: str, external_id: Optional[str] = None,
               preferred_name: Optional[str] = None, pronouns: Optional[str] = None,
               date_of_birth: Optional[DateLike] = None, email: Optional[str] = None,
               phone: Optional[str] = None) -> int:
        """Register a client; returns the new id.

        ``date_of_birth`` is a :class:`datetime.date` or ``"YYYY-MM-DD"``,
        from 1900-01-01 to today. Text fields are at most 200 bytes of UTF-8.
        """
        _required("given_name", given_name)
        _required("family_name", family_name)
        f = _fields(_lib.ClientFields)
        f.given_name = _text("given_name", given_name)
        f.family_name = _text("family_name", family_name)
        _opt_text(f, "external_id", external_id)
        _opt_text(f, "preferred_name", preferred_name)
        _opt_text(f, "pronouns", pronouns)
        _opt_date(f, "date_of_birth", date_of_birth)
        _opt_text(f, "email", email)
        _opt_text(f, "phone", phone)
        return self._create(f)

    def update(self, id: int, *, given_name: str = UNSET, family_name: str = UNSET,
               external_id: Optional[str] = UNSET, preferred_name: Optional[str] = UNSET,
               pronouns: Optional[str] = UNSET, date_of_birth: Optional[DateLike] = UNSET,
               email: Optional[str] = UNSET, phone: Optional[str] = UNSET) -> None:
        """Change a client. Omitted fields stay; ``None`` clears an optional
        field; ``given_name`` and ``family_name`` cannot be cleared (``TypeError``)."""
        i = _id("id", id)
        f = _fields(_lib.ClientFields)
        _upd_text(f, "given_name", given_name, clearable=False)
        _upd_text(f, "family_name", family_name, clearable=False)
        _upd_text(f, "external_id", external_id, clearable=True)
        _upd_text(f, "preferred_name", preferred_name, clearable=True)
        _upd_text(f, "pronouns", pronouns, clearable=True)
        _upd_date(f, "date_of_birth", date_of_birth, clearable=True)
        _upd_text(f, "email", email, clearable=True)
        _upd_text(f, "phone", phone, clearable=True)
        self._update(i, f)

    def archive(self, id: int) -> None:
        """Archive a client (clients are never deleted)."""
        self._archive(id)

    def get(self, id: int) -> Client:
        """The client with this id (audited as a read)."""
        return self._get_by_id(id)

    def get_external(self, external_id: str) -> Client:
        """The client with this external id (audited as a read)."""
        return self._get_by_external(external_id)

    def list(self, include_archived: bool = False) -> Iterator[Client]:
        """The clients the actor may see, in id order, lazily (each page read is audited)."""
        o = _fields(_lib.ClientListOptions)
        o.include_archived = _bool("include_archived", include_archived)
        return self._iterate(o)

    __iter__ = list


class Couples(_Collection[Couple]):
    """``db.couples``: two clients in a relationship under treatment."""

    _kind = "couple"
    _k = _KINDS["couple"]
    _record = Couple

    def create(self, *, client_a_id: int, client_b_id: int, secrets_policy: str,
               relationship_status: Optional[str] = None,
               relationship_start: Optional[DateLike] = None,
               children_in_household: Optional[int] = None,
               external_id: Optional[str] = None) -> int:
        """Register a couple of two distinct clients; returns the new id.

        ``secrets_policy`` (required): ``"no_secrets"``, ``"confidential"`` or
        ``"limited_secrets"``. ``relationship_status`` defaults to ``"together"``.
        """
        _required("client_a_id", client_a_id)
        _required("client_b_id", client_b_id)
        _required("secrets_policy", secrets_policy)
        f = _fields(_lib.CoupleFields)
        f.client_a_id = _id("client_a_id", client_a_id)
        f.client_b_id = _id("client_b_id", client_b_id)
        f.secrets_policy = _text("secrets_policy", secrets_policy)
        _opt_text(f, "relationship_status", relationship_status)
        _opt_date(f, "relationship_start", relationship_start)
        if children_in_household is not None:
            f.children_in_household = _children(children_in_household)
        _opt_text(f, "external_id", external_id)
        return self._create(f)

    def update(self, id: int, *, relationship_status: str = UNSET,
               relationship_start: Optional[DateLike] = UNSET,
               children_in_household: int = UNSET, secrets_policy: str = UNSET,
               external_id: Optional[str] = UNSET) -> None:
        """Change a couple. Omitted fields stay; ``None`` clears ``relationship_start``
        or ``external_id``. Partners cannot change, and ``relationship_status``,
        ``children_in_household`` and ``secrets_policy`` cannot be cleared."""
        i = _id("id", id)
        f = _fields(_lib.CoupleFields)
        _upd_text(f, "relationship_status", relationship_status, clearable=False)
        _upd_date(f, "relationship_start", relationship_start, clearable=True)
        if children_in_household is not UNSET:
            _not_clearable("children_in_household", children_in_household)
            f.children_in_household = _children(children_in_household)
        _upd_text(f, "secrets_policy", secrets_policy, clearable=False)
        _upd_text(f, "external_id", external_id, clearable=True)
        self._update(i, f)

    def archive(self, id: int) -> None:
        """Archive a couple."""
        self._archive(id)

    def get(self, id: int) -> Couple:
        """The couple with this id (audited as a read)."""
        return self._get_by_id(id)

    def get_external(self, external_id: str) -> Couple:
        """The couple with this external id (audited as a read)."""
        return self._get_by_external(external_id)

    def list(self, include_archived: bool = False, client_id: Optional[int] = None) -> Iterator[Couple]:
        """The couples the actor may see, lazily; ``client_id`` keeps the couples that client is in."""
        o = _fields(_lib.CoupleListOptions)
        o.include_archived = _bool("include_archived", include_archived)
        o.client_id = 0 if client_id is None else _id("client_id", client_id)
        return self._iterate(o)

    __iter__ = list


class Cases(_Collection[Case]):
    """``db.cases``: episodes of care, individual (a client) or conjoint (a couple)."""

    _kind = "case"
    _k = _KINDS["case"]
    _record = Case

    def create(self, *, kind: Optional[str] = None, client_id: Optional[int] = None,
               couple_id: Optional[int] = None, primary_clinician_id: Optional[int] = None,
               opened_on: Optional[DateLike] = None, closed_on: Optional[DateLike] = None,
               status: Optional[str] = None, linked_case_id: Optional[int] = None,
               external_id: Optional[str] = None) -> int:
        """Open a case; returns the new id.

        ``kind`` is ``"individual"`` (give ``client_id``) or ``"conjoint"``
        (give ``couple_id``); when omitted the library infers it from which of
        the two is given. ``primary_clinician_id`` defaults to the actor and
        ``opened_on`` to today. An individual case may name, in
        ``linked_case_id``, the conjoint case of a couple its client is in.
        """
        f = _fields(_lib.CaseFields)
        _opt_text(f, "kind", kind)
        f.client_id = 0 if client_id is None else _id("client_id", client_id)
        f.couple_id = 0 if couple_id is None else _id("couple_id", couple_id)
        f.primary_clinician_id = 0 if primary_clinician_id is None else _ref_id("primary_clinician_id", primary_clinician_id)
        _opt_date(f, "opened_on", opened_on)
        _opt_date(f, "closed_on", closed_on)
        _opt_text(f, "status", status)
        f.linked_case_id = 0 if linked_case_id is None else _ref_id("linked_case_id", linked_case_id)
        _opt_text(f, "external_id", external_id)
        return self._create(f)

    def update(self, id: int, *, primary_clinician_id: int = UNSET, opened_on: DateLike = UNSET,
               closed_on: Optional[DateLike] = UNSET, status: str = UNSET,
               linked_case_id: Optional[int] = UNSET, external_id: Optional[str] = UNSET) -> None:
        """Change a case. Omitted fields stay. ``None`` clears ``closed_on``
        (reopening the case), ``linked_case_id`` or ``external_id``. Setting
        ``closed_on`` closes the case; ``status="closed"`` sets it to today.
        Kind, client and couple cannot change."""
        i = _id("id", id)
        f = _fields(_lib.CaseFields)
        if primary_clinician_id is not UNSET:
            _not_clearable("primary_clinician_id", primary_clinician_id)
            f.primary_clinician_id = _ref_id("primary_clinician_id", primary_clinician_id)
        _upd_date(f, "opened_on", opened_on, clearable=False)
        _upd_date(f, "closed_on", closed_on, clearable=True)
        _upd_text(f, "status", status, clearable=False)
        if linked_case_id is None:
            f.linked_case_id = -1
        elif linked_case_id is not UNSET:
            f.linked_case_id = _ref_id("linked_case_id", linked_case_id)
        _upd_text(f, "external_id", external_id, clearable=True)
        self._update(i, f)

    def archive(self, id: int) -> None:
        """Archive a case."""
        self._archive(id)

    def get(self, id: int) -> Case:
        """The case with this id (audited as a read)."""
        return self._get_by_id(id)

    def get_external(self, external_id: str) -> Case:
        """The case with this external id (audited as a read)."""
        return self._get_by_external(external_id)

    def list(self, include_archived: bool = False, client_id: Optional[int] = None,
             couple_id: Optional[int] = None, clinician_id: Optional[int] = None) -> Iterator[Case]:
        """The cases the actor may see, lazily, optionally only those of a
        client (individual or as a partner), a couple, or a primary clinician."""
        o = _fields(_lib.CaseListOptions)
        o.include_archived = _bool("include_archived", include_archived)
        o.client_id = 0 if client_id is None else _id("client_id", client_id)
        o.couple_id = 0 if couple_id is None else _id("couple_id", couple_id)
        o.clinician_id = 0 if clinician_id is None else _id("clinician_id", clinician_id)
        return self._iterate(o)

    __iter__ = list

