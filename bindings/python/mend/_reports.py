"""Treatment-phase reports and releases of records (``report.h``, ``release.h``).

A report is rendered by the library from a snapshot it gathers under the
actor's authorisation (and audits): Markdown, one self-contained HTML file
(inline CSS and SVG charts, no scripts, no network) or the snapshot itself as
JSON (``docs/report-schema.md``). Output is deterministic for the same data
and ``generated_on``. A release copy, prepared for one partner, holds nothing
of the other partner's individual record, and joint content only once both
partners authorised it.
"""

from __future__ import annotations

import json
import os
from ctypes import byref, c_int64, c_void_p
from typing import Any, Dict, Optional, Union, cast

from . import _catalog, _lib
from ._clinical import _Manager, _opt_date_arg, _opt_ref, _req_text
from ._convert import _INT_MAX, _INT_MIN, DateLike, _bool, _date_text, _fields, _id, _int, _ref_id, _required, _text
from ._lib import lib
from .errors import InvalidArgument, from_code

__all__ = ["Reports", "Releases"]

# What only one kind of report reads: giving it to the other kind is a TypeError.
_CASE_ONLY = ("case_id", "release_id", "from_date", "to_date", "include_note_text")
_CASELOAD_ONLY = ("clinician_id", "overdue_weeks")


def _options(kind: str, format: str, case_id: Optional[int], clinician_id: Optional[int],
             release_id: Optional[int], from_date: Optional[DateLike], to_date: Optional[DateLike],
             generated_on: Optional[DateLike], include_note_text: bool,
             overdue_weeks: Optional[int]) -> Any:
    """Build ``mend_report_options``, refusing arguments the report kind does not read."""
    o = _fields(_lib.ReportOptions)
    o.kind = _req_text("kind", kind)
    o.format = _req_text("format", format)
    given = {"case_id": case_id is not None, "release_id": release_id is not None,
             "from_date": from_date is not None, "to_date": to_date is not None,
             "include_note_text": include_note_text is not False,
             "clinician_id": clinician_id is not None, "overdue_weeks": overdue_weeks is not None}
    if kind == "case":
        if case_id is None:
            raise TypeError("case_id is required for a case report")
        for name in _CASELOAD_ONLY:
            if given[name]:
                raise TypeError(f"{name} is for a caseload report, not a case report")
    elif kind == "caseload":
        for name in _CASE_ONLY:
            if given[name]:
                raise TypeError(f"{name} is for a case report, not a caseload report")
    o.case_id = 0 if case_id is None else _ref_id("case_id", case_id)
    o.clinician_id = _opt_ref("clinician_id", clinician_id)
    o.release_id = _opt_ref("release_id", release_id)
    setattr(o, "from", _opt_date_arg("from_date", from_date))  # "from" is a Python keyword
    o.to = _opt_date_arg("to_date", to_date)
    o.generated_on = _opt_date_arg("generated_on", generated_on)
    o.include_note_text = _bool("include_note_text", include_note_text)
    if overdue_weeks is not None:
        weeks = _int("overdue_weeks", overdue_weeks, _INT_MIN, _INT_MAX)
        if weeks < 1:  # 0 is the C API's "the default (4)"
            raise InvalidArgument(f"overdue_weeks must be {_catalog.limit('overdue_weeks_min')} to "
                                  f"{_catalog.limit('overdue_weeks_max')}")
        o.overdue_weeks = weeks
    return o


class Reports(_Manager):
    """``db.reports``: case and caseload reports (``report.h``).

    A **case report** (``kind="case"``, with ``case_id``) shows a couple's
    or a client's treatment: the phase timeline, the current gate
    evaluation, measure trajectories with bands, cut-offs and reliable-change
    markers, both partners side by side, agreements, open safety flags,
    sessions by phase and CPT code, and the signed notes (their text only
    with ``include_note_text``, and never an individual session's text in a
    couple report unless shared). ``release_id`` renders the release copy
    prepared for one partner (see :class:`Releases`); ``from_date`` and
    ``to_date`` bound the period shown.

    A **caseload report** (``kind="caseload"``) covers a clinician's cases
    (``clinician_id``; ``None``: the whole practice for supervisors and
    admins, the actor's own for a clinician): cases by phase, cases blocked
    at a gate and why, overdue measures (none for ``overdue_weeks``, default
    4), open flags and sessions per week.

    ``format`` is ``"html"``, ``"markdown"`` or ``"json"``. ``generated_on``
    (default today, UTC) dates the report: fix it for reproducible output.
    An argument that the other kind of report reads raises :class:`TypeError`.
    Every report is audited.
    """

    def render(self, kind: str = "case", *, format: str = "html", case_id: Optional[int] = None,
               clinician_id: Optional[int] = None, release_id: Optional[int] = None,
               from_date: Optional[DateLike] = None, to_date: Optional[DateLike] = None,
               generated_on: Optional[DateLike] = None, include_note_text: bool = False,
               overdue_weeks: Optional[int] = None) -> str:
        """The report as text (HTML, Markdown or JSON)."""
        o = _options(kind, format, case_id, clinician_id, release_id, from_date, to_date, generated_on,
                     include_note_text, overdue_weeks)
        out = c_void_p()
        with self._db._lock:
            rc = int(lib.mend_report_render(byref(out), self._db._h(), byref(o)))
            if rc < 0:
                raise from_code(rc)
            return _lib.take_string(out.value)

    def write(self, path: Union[str, "os.PathLike[str]"], kind: str = "case", *, format: str = "html",
              case_id: Optional[int] = None, clinician_id: Optional[int] = None,
              release_id: Optional[int] = None, from_date: Optional[DateLike] = None,
              to_date: Optional[DateLike] = None, generated_on: Optional[DateLike] = None,
              include_note_text: bool = False, overdue_weeks: Optional[int] = None) -> None:
        """Render the report into the file ``path``: written whole beside it
        (``path + ".part"``), then renamed into place, so a reader never sees
        half a report. A directory that cannot be written raises
        :class:`InvalidArgument`."""
        _required("path", path)
        p = os.fspath(path)
        if not isinstance(p, str):
            raise TypeError(f"path must be a str or os.PathLike[str], not {type(p).__name__}")
        target = _text("path", p)
        o = _options(kind, format, case_id, clinician_id, release_id, from_date, to_date, generated_on,
                     include_note_text, overdue_weeks)
        self._db._call(lib.mend_report_write, byref(o), target)

    def snapshot(self, kind: str = "case", *, case_id: Optional[int] = None,
                 clinician_id: Optional[int] = None, release_id: Optional[int] = None,
                 from_date: Optional[DateLike] = None, to_date: Optional[DateLike] = None,
                 generated_on: Optional[DateLike] = None, include_note_text: bool = False,
                 overdue_weeks: Optional[int] = None) -> Dict[str, Any]:
        """The report's snapshot (its JSON format, parsed): everything the report
        shows, as documented in ``docs/report-schema.md`` (``"schema"`` is
        ``"mend.report.case/1"`` or ``"mend.report.caseload/1"``)."""
        text = self.render(kind, format="json", case_id=case_id, clinician_id=clinician_id,
                           release_id=release_id, from_date=from_date, to_date=to_date,
                           generated_on=generated_on, include_note_text=include_note_text,
                           overdue_weeks=overdue_weeks)
        return dict(json.loads(text))


class Releases(_Manager):
    """``db.releases``: releases of records to (or about) one partner (``release.h``).

    A release copy of a case report (``reports.render(case_id=...,
    release_id=...)``) holds nothing from the other partner's individual
    record; joint content about both partners (the couple's timeline, joint
    sessions) appears only once each partner authorised it.
    """

    def create(self, case_id: int, for_client_id: int, *, recipient: str, purpose: str,
               expires_on: DateLike) -> int:
        """Record a release of a case's records for one of its clients; returns its id.

        ``recipient`` says who receives it (the client, their lawyer, ...);
        ``expires_on`` may not be in the past. A client not of the case
        raises :class:`InvalidArgument`.
        """
        _required("case_id", case_id)
        _required("for_client_id", for_client_id)
        _required("expires_on", expires_on)
        f = _fields(_lib.ReleaseFields)
        f.case_id = _id("case_id", case_id)
        f.for_client_id = _id("for_client_id", for_client_id)
        f.recipient = _req_text("recipient", recipient)
        f.purpose = _req_text("purpose", purpose)
        f.expires_on = _date_text("expires_on", expires_on)
        out = c_int64()
        self._db._call(lambda h: int(lib.mend_release_create(byref(out), h, byref(f))))
        return int(out.value)

    def authorise(self, release_id: int, client_id: int) -> None:
        """Record that a client of the case authorised joint content in the release.
        Authorising twice raises :class:`InvalidState`."""
        rid = _id("release_id", release_id)
        _required("client_id", client_id)
        self._db._call(lib.mend_release_authorise, rid, _id("client_id", client_id))

    def accounting(self, client_id: int) -> Dict[str, Any]:
        """The client's accounting of disclosures (45 CFR 164.528,
        ``mend_release_accounting_json``): every release that holds any of
        their record, with its recipient, purpose, dates, ``holds``
        (``own_record``, ``joint_content``), ``authorised_by`` and each time it
        was ``provided`` (UTC). Audited."""
        return cast(Dict[str, Any], self._db._json(lib.mend_release_accounting_json,
                                                   _id("client_id", client_id)))
