"""Reports escape everything (issue 15).

Every entry of tests/corpus/hostile-strings.txt that the library stores
becomes a client's given name, an agreement's text and a signed note's text
in a case of its own (with a clinician of its own), and the case report and
that clinician's caseload report are rendered as HTML and Markdown. Then:

HTML (parsed with the standard library's html.parser, and as XML since the
reports are XHTML):
- the document has exactly the elements and attributes (names, in order)
  of the same report rendered with a benign value: nothing is injected;
- the document's text holds the value as given, after the renderer's
  documented replacement (src/report/escape.hpp: C0 controls other than tab,
  line feed and carriage return, U+FFFE and U+FFFF become U+FFFD).

Markdown: as many unescaped ``<``, ``[``, ``]``, ``](``, `` ` ``, ``|`` and
as many table rows, headings, quotes and fences as the benign report: no raw HTML,
no link, no code span, no broken table row, no new block.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Dict, List, Tuple

import pytest

import mend
from hostile_corpus import load

ENTRIES = [e for e in load() if e.crosses_c]
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
WHEN = dt.datetime.combine(YESTERDAY, dt.time(10, 0))
FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Skeleton(HTMLParser):
    """The elements and attribute names of a document, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[Tuple[str, ...]] = []
        self.text: List[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag,) + tuple(name for name, _ in attrs))

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        self.tags.append(("/" + tag,))

    def handle_endtag(self, tag) -> None:
        self.tags.append(("/" + tag,))

    def handle_data(self, data) -> None:
        self.text.append(data)

    def handle_comment(self, data) -> None:
        self.tags.append(("<!--",))

    def handle_pi(self, data) -> None:
        self.tags.append(("<?",))


def skeleton(html: str) -> Skeleton:
    s = Skeleton()
    s.feed(html)
    s.close()
    return s


# "(" and ")" are plain text in Markdown unless an unescaped "]" comes first.
_UNESCAPED = {c: re.compile(r"(?<!\\)(?:\\\\)*" + re.escape(c)) for c in ("<", "[", "]", "](", "`", "|")}


def markdown_shape(md: str) -> Dict[str, int]:
    """Counts of what could change a Markdown document's structure."""
    lines = md.split("\n")
    shape = {c: sum(len(p.findall(line)) for line in lines) for c, p in _UNESCAPED.items()}
    shape["table rows"] = sum(1 for line in lines if line.startswith("|"))
    shape["headings"] = sum(1 for line in lines if line.startswith("#"))
    shape["quotes"] = sum(1 for line in lines if line.startswith(">"))
    shape["fences"] = sum(1 for line in lines if line.lstrip().startswith("```"))
    return shape


def shown(value: str) -> str:
    """The value as the reports show it (escape.hpp's replacement)."""
    return FORBIDDEN_IN_XML.sub("\ufffd", value)


def _stored(fn, *args, **kwargs):
    """The call's result, or None when the library refuses the value."""
    try:
        return fn(*args, **kwargs)
    except mend.InvalidArgument:
        return None


def one_case(db, n: int, value: str) -> Tuple[int, int, Dict[str, bool]]:
    """A clinician, a client named ``value``, a case with an agreement and a
    signed note saying ``value``; returns (case, clinician, which slots took it)."""
    clinician = db.clinicians.create(display_name=f"Dr. Number {n}")
    took = {}
    client = _stored(db.clients.create, given_name=value, family_name="Example")
    took["name"] = client is not None
    if client is None:
        client = db.clients.create(given_name="Benign", family_name="Example")
    case = db.cases.create(kind="individual", client_id=client, primary_clinician_id=clinician,
                           opened_on=YESTERDAY)
    took["agreement"] = _stored(db.agreements.create, case, "boundary", value) is not None
    if not took["agreement"]:
        db.agreements.create(case, "boundary", "Benign")
    session = db.sessions.create(case, starts_at=WHEN, duration_minutes=50, modality="in_person",
                                 participants=[client], identified_patient_id=client,
                                 cpt_code="90834")
    note = _stored(db.notes.create, session, "free", text=value)
    took["note"] = note is not None
    if note is None:
        note = db.notes.create(session, "free", text="Benign")
    db.notes.sign(note)
    return case, clinician, took


def renders(db, case: int, clinician: int) -> Dict[str, str]:
    on = dt.date.today().isoformat()
    out = {}
    for fmt in ("html", "markdown"):
        out[f"case {fmt}"] = db.reports.render("case", format=fmt, case_id=case,
                                               include_note_text=True, generated_on=on)
        out[f"caseload {fmt}"] = db.reports.render("caseload", format=fmt, clinician_id=clinician,
                                                   generated_on=on)
    return out


def test_reports_escape_every_hostile_value(db) -> None:
    case, clinician, _ = one_case(db, 0, "Benign")
    benign = renders(db, case, clinician)
    html_shape = {k: skeleton(v).tags for k, v in benign.items() if k.endswith("html")}
    md_shape = {k: markdown_shape(v) for k, v in benign.items() if k.endswith("markdown")}
    problems: List[str] = []
    placed = 0
    for n, e in enumerate(ENTRIES, start=1):
        value = e.text
        case, clinician, took = one_case(db, n, value)
        if not any(took.values()):
            continue
        placed += 1
        for kind, doc in renders(db, case, clinician).items():
            where = f"{e.label} [{e.category}] {kind}"
            if kind.endswith("markdown"):
                shape = markdown_shape(doc)
                if shape != md_shape[kind]:
                    diff = {k: (md_shape[kind][k], v) for k, v in shape.items() if v != md_shape[kind][k]}
                    problems.append(f"{where}: Markdown structure changed {diff}")
                continue
            s = skeleton(doc)
            if s.tags != html_shape[kind]:
                extra = [t for t in s.tags if t not in html_shape[kind]]
                problems.append(f"{where}: HTML structure changed (e.g. {extra[:3]})")
            try:
                ET.fromstring(doc)
            except ET.ParseError as err:
                problems.append(f"{where}: not well-formed XHTML ({err})")
            if kind.startswith("case ") and shown(value).strip() and shown(value) not in "".join(s.text):
                problems.append(f"{where}: the value is not in the text as given")
    print(f"\nhostile reports: {placed} values stored as a name, agreement and note, "
          f"{placed * 4} reports parsed")
    assert placed > 400
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
