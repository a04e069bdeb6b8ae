"""Host callbacks: events after a commit (per handle) and the library's log
(process-wide). See mend/event.h and mend/log.h.

A callback runs on the thread of the mend call that delivers it. An
exception raised inside a callback never unwinds through C: mend catches it
and, once the C call has returned, reports it as a :class:`CallbackWarning`
(its ``exception`` attribute holds the original). The mend call itself is not
failed by it: its work is already committed.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from typing import Callable, List, Optional

from . import _catalog, _lib
from ._lib import lib
from .errors import InvalidArgument, from_code

__all__ = ["Event", "CallbackWarning", "set_log_callback", "LOG_LEVELS", "EVENT_KINDS"]

#: The event kinds, by their C numbers (``MEND_EVENT_*``), named by the library's catalogue.
EVENT_KINDS = {k["code"]: k["name"] for k in _catalog.catalog()["event_kinds"]}

#: The log levels, by name (``MEND_LOG_*``), from the library's catalogue.
LOG_LEVELS = {level["name"]: level["code"] for level in _catalog.catalog()["log_levels"]}
_LEVEL_NAMES = {v: k for k, v in LOG_LEVELS.items()}


@dataclass(frozen=True)
class Event:
    """One event, delivered after the commit that made it. Ids only, never text.

    Attributes:
        kind: ``"flag_raised"``, ``"flag_resolved"``, ``"phase_changed"``,
            ``"note_signed"``, ``"note_cosigned"`` or ``"release_created"``
            (``"unknown_N"`` for a kind newer than this binding).
        record_id: the flag, phase entry, note or release.
        case_id: the case it belongs to, or None.
        client_id: the client it belongs to, or None.
        actor_id: the acting clinician who made it.
    """

    kind: str
    record_id: int
    case_id: Optional[int]
    client_id: Optional[int]
    actor_id: int

    @classmethod
    def _from_c(cls, e: "_lib.EventStruct") -> "Event":
        return cls(kind=EVENT_KINDS.get(e.kind, f"unknown_{e.kind}"), record_id=e.record_id,
                   case_id=e.case_id or None, client_id=e.client_id or None,
                   actor_id=e.actor_id)


class CallbackWarning(RuntimeWarning):
    """A host callback raised; ``exception`` holds what it raised."""

    exception: Optional[BaseException] = None


def report_callback_errors(errors: List[BaseException]) -> None:
    """Warn once per exception a callback raised (outside any C call)."""
    while errors:
        exc = errors.pop(0)
        w = CallbackWarning(f"a mend callback raised {type(exc).__name__}: {exc}")
        w.exception = exc
        warnings.warn(w, stacklevel=3)


# The process-wide log callback; the C function pointer must outlive its use.
_log_lock = threading.Lock()
_log_c: Optional[object] = None
_log_errors: List[BaseException] = []


def set_log_callback(fn: Optional[Callable[[str, str], None]], level: str = "warning") -> None:
    """Set the process-wide log callback, or turn the log off with ``None``.

    ``fn(level, message)`` gets the level's name (``"error"``, ``"warning"``,
    ``"info"`` or ``"debug"``) and the message, which never holds client data,
    for every message at ``level`` or more severe. It may be called from any
    thread that uses mend. An exception it raises is reported as a
    :class:`CallbackWarning` by the next mend call on that thread's handle.
    Raises :class:`InvalidArgument` for an unknown level.
    """
    global _log_c
    if fn is not None and not callable(fn):
        raise TypeError("fn must be callable or None")
    if not isinstance(level, str) or level.lower() not in LOG_LEVELS:
        raise InvalidArgument("level must be 'error', 'warning', 'info' or 'debug'")
    with _log_lock:
        if fn is None:
            c_fn = _lib.LOG_CALLBACK()
        else:
            def trampoline(lvl: int, message: Optional[bytes], _user: object) -> None:
                try:
                    fn(_LEVEL_NAMES.get(lvl, str(lvl)),
                       (message or b"").decode("utf-8", "replace"))
                except BaseException as exc:  # never unwind through C
                    _log_errors.append(exc)

            c_fn = _lib.LOG_CALLBACK(trampoline)
        rc = lib.mend_log_set_callback(c_fn, LOG_LEVELS[level.lower()], None)
        if rc < 0:
            raise from_code(rc)
        _log_c = c_fn if fn is not None else None
