"""The exception hierarchy, mapped from the C API's return codes.

Every exception the library raises for a failed C call is a :class:`Error`
carrying the C code (``.code``, e.g. ``-4``) and its name (``.code_name``,
e.g. ``"MEND_ENOTFOUND"``). Messages come from the library and never contain
client data, so they may be logged.

Where a standard Python exception fits, the class also derives from it, so
``except ValueError`` and ``except LookupError`` work as expected.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple, Type

from . import _lib

__all__ = [
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
]


class Error(Exception):
    """Base class of every mend error.

    Attributes:
        code: the C API's return code (a negative ``MEND_E*`` value).
        code_name: the code's name, e.g. ``"MEND_EINVAL"``.
        message: the library's explanation (never holds client data).
    """

    #: The code an instance gets when none is given.
    default_code: int = _lib.MEND_ERROR

    code: int
    code_name: str
    message: str

    def __init__(self, message: str = "", code: Optional[int] = None,
                 code_name: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = self.default_code if code is None else code
        self.code_name = code_name if code_name is not None else _code_name(self.code)

    def __str__(self) -> str:
        return f"{self.message} [{self.code_name}]" if self.message else self.code_name

    def __reduce__(self) -> Tuple[Any, ...]:  # keep pickling (e.g. across processes) working
        return (type(self), (self.message, self.code, self.code_name), dict(self.__dict__))


class InvalidArgument(Error, ValueError):
    """``MEND_EINVAL``: a bad argument (malformed date, unknown value, too long, ...)."""

    default_code = _lib.MEND_EINVAL


class EncodingError(InvalidArgument):
    """``MEND_EENCODING``: text that is not valid UTF-8 (e.g. a lone surrogate) or holds a NUL."""

    default_code = _lib.MEND_EENCODING


class NotFound(Error, LookupError):
    """``MEND_ENOTFOUND``: no record has that id or external id."""

    default_code = _lib.MEND_ENOTFOUND


class PermissionDenied(Error, PermissionError):
    """``MEND_EDENIED``: the acting clinician may not do this (the refusal is audited)."""

    default_code = _lib.MEND_EDENIED


class NoActor(Error):
    """``MEND_ENOACTOR``: no acting clinician is set (see :meth:`Database.set_actor`)."""

    default_code = _lib.MEND_ENOACTOR


class AlreadyExists(Error):
    """``MEND_EEXISTS``: a unique value, such as an external id, is already in use."""

    default_code = _lib.MEND_EEXISTS


class ConstraintViolation(Error):
    """``MEND_ECONSTRAINT``: the change would break a rule of the data."""

    default_code = _lib.MEND_ECONSTRAINT


class SchemaTooNew(Error):
    """``MEND_ESCHEMA``: the database was written by a newer mend, or is not a mend database.

    Either way it was left as it was; the message says which.
    """

    default_code = _lib.MEND_ESCHEMA


class Busy(Error):
    """``MEND_EBUSY``: another writer held the database past the busy timeout; retry."""

    default_code = _lib.MEND_EBUSY


class OutOfMemory(Error, MemoryError):
    """``MEND_ENOMEM``: the library ran out of memory."""

    default_code = _lib.MEND_ENOMEM


class StoreError(Error):
    """``MEND_ESTORE``: the database could not be opened, read or written."""

    default_code = _lib.MEND_ESTORE


class InvalidState(Error):
    """``MEND_ESTATE``: the call does not fit the handle's state.

    Examples: commit without a transaction, setting up a practice twice, and
    (raised by the binding itself) any use of a closed :class:`Database`.
    """

    default_code = _lib.MEND_ESTATE


class GateBlocked(Error):
    """``MEND_EGATE``: a protocol gate is not open (criteria unmet or a contraindication present).

    ``unmet`` says why. When :meth:`Phases.advance` or :meth:`Phases.override`
    (``db.phases``) is refused, the binding reads the case's gate evaluation
    right after the refusal and fills ``unmet`` with the present
    :class:`~mend.records.Contraindication` objects, then the
    :class:`~mend.records.GateCriterion` objects of that transition that are
    not met; each has ``id`` (a contraindication's is its code), ``label``,
    ``status`` and ``sentence``. The C message itself only counts them, since
    it never holds client data; the sentences do, so log them with care.

    ``unmet`` is empty for an error mapped straight from a C code, or if the
    evaluation could not be read. It may hold any objects (e.g. strings) when
    the exception is raised by hand.
    """

    default_code = _lib.MEND_EGATE
    unmet: List[Any]

    def __init__(self, message: str = "", code: Optional[int] = None,
                 code_name: Optional[str] = None, unmet: Sequence[Any] = ()) -> None:
        super().__init__(message, code, code_name)
        self.unmet = list(unmet)


class Conflict(Error):
    """``MEND_ECONFLICT``: the record was saved since you read it (a stale draft version).

    Raised by :meth:`Notes.update` (``db.notes``) when ``expected_version`` is
    not the draft's current version; nothing is saved. Read the note again
    (:meth:`Notes.get`), apply the change to what is there now, and save with
    the new version.
    """

    default_code = _lib.MEND_ECONFLICT


class BadKey(Error):
    """``MEND_EKEY``: a key the practice needs is missing or wrong.

    The practice keeps its records under its host's keys and the handle was
    opened without them (it can be identified, not read), or the key given is
    not the one the practice registered. Nothing was read or written.
    """

    default_code = _lib.MEND_EKEY


class ConnectionLost(Error):
    """``MEND_ECONNECTION``: the connection to the PostgreSQL server was lost, or
    could not be made within the connect timeout.

    The call in flight failed: a read returned nothing; a write in flight may or
    may not have committed before the connection broke (read it back before
    repeating it). The handle reconnects on its next call, trying each host of
    a multi-host URL, so retrying after a failover or a restart works.
    """

    default_code = _lib.MEND_ECONNECTION


_BY_CODE: Dict[int, Type[Error]] = {
    _lib.MEND_EINVAL: InvalidArgument,
    _lib.MEND_EENCODING: EncodingError,
    _lib.MEND_ENOTFOUND: NotFound,
    _lib.MEND_EDENIED: PermissionDenied,
    _lib.MEND_ENOACTOR: NoActor,
    _lib.MEND_EEXISTS: AlreadyExists,
    _lib.MEND_ECONSTRAINT: ConstraintViolation,
    _lib.MEND_ESCHEMA: SchemaTooNew,
    _lib.MEND_EBUSY: Busy,
    _lib.MEND_ENOMEM: OutOfMemory,
    _lib.MEND_ESTORE: StoreError,
    _lib.MEND_ESTATE: InvalidState,
    _lib.MEND_EGATE: GateBlocked,
    _lib.MEND_ECONFLICT: Conflict,
    _lib.MEND_EKEY: BadKey,
    _lib.MEND_ECONNECTION: ConnectionLost,
}


def _code_name(code: int) -> str:
    name = _lib.lib.mend_errstr(code)
    text = str(name.decode("ascii", "replace")) if name else "MEND_UNKNOWN"
    return f"MEND_UNKNOWN({code})" if text == "MEND_UNKNOWN" else text


def exception_class(code: int) -> Type[Error]:
    """The exception class for a C return code; :class:`Error` for unknown codes."""
    return _BY_CODE.get(code, Error)


def from_code(code: int) -> Error:
    """An exception for a failed call's ``code``, with this thread's last error message.

    Call it right after the failing call, on the same thread: the message is
    ``mend_last_errmsg()``, which the next mend call overwrites.
    """
    raw = _lib.lib.mend_last_errmsg()
    message = raw.decode("utf-8", "replace") if raw else ""
    return exception_class(code)(message, code)


def check(code: int) -> int:
    """Raise the mapped exception for a negative code; return the code otherwise."""
    if code < 0:
        raise from_code(code)
    return code
