"""The catalogue (mend.catalog(), db.catalog()): the rules the library enforces,
checked at their boundaries through Python, and no copy of them left in the package."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import mend
from mend import _notes

PACKAGE = Path(mend.__file__).resolve().parent
TODAY = dt.datetime.now(dt.timezone.utc).date()


def at(n: int) -> str:
    return f"{(TODAY - dt.timedelta(days=n)).isoformat()}T10:00"


def test_catalog_without_a_database():
    cat = mend.catalog()
    assert cat["schema"] == "mend.catalog/1"
    assert {"limits", "values", "note_formats", "cpt_codes", "instruments", "protocols",
            "attestation_codes"} <= set(cat)
    assert "pcl5" in cat["instruments"]
    assert any(a["code"] == "conjoint_consent" for a in cat["attestation_codes"])
    assert cat["values"]["case_kinds"] == ["individual", "conjoint"]
    cat["limits"].clear()  # a copy: the package's own stays whole
    assert mend.catalog()["limits"]["audit_limit_max"] > 0


def test_db_catalog_is_the_practices(db):
    cat = db.catalog()
    assert cat["limits"] == mend.catalog()["limits"]
    assert "felt_safety" in cat["instruments"]
    assert "betrayal_trauma_couples" in cat["protocols"]


def test_note_fields_are_the_libraries():
    formats = mend.catalog()["note_formats"]
    assert set(_notes.NOTE_FIELDS) == set(formats)
    for fmt, fields in formats.items():
        assert list(_notes.NOTE_FIELDS[fmt]) == [f for f in fields if f not in ("risk", "interventions")]


def test_limits_at_their_boundaries(db, staff):
    lim = mend.catalog()["limits"]
    n = lim["short_text_max_bytes"]
    db.clients.create(given_name="x" * n, family_name="Doe")
    with pytest.raises(mend.InvalidArgument):
        db.clients.create(given_name="x" * (n + 1), family_name="Doe")

    assert len(db.audit(limit=lim["audit_limit_max"])) >= 1
    with pytest.raises(mend.InvalidArgument):
        db.audit(limit=lim["audit_limit_max"] + 1)

    db.set_actor(staff.alice)
    a = db.clients.create(given_name="Ana", family_name="Roe")
    b = db.clients.create(given_name="Ben", family_name="Roe")
    couple = db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="no_secrets")
    db.couples.update(couple, children_in_household=lim["children_in_household_max"])
    with pytest.raises(mend.InvalidArgument):
        db.couples.update(couple, children_in_household=lim["children_in_household_max"] + 1)
    with pytest.raises(mend.InvalidArgument, match=str(lim["children_in_household_max"])):
        db.couples.update(couple, children_in_household=-1)

    case = db.cases.create(client_id=a)  # the library infers the kind
    assert db.cases.get(case).kind == "individual"
    assert db.cases.get(db.cases.create(couple_id=couple)).kind == "conjoint"
    db.notes.search("word", limit=lim["search_limit_max"])
    db.notes.search("word")  # the library's default
    with pytest.raises(mend.InvalidArgument):
        db.notes.search("word", limit=lim["search_limit_max"] + 1)

    for rule in mend.catalog()["cpt_codes"]:
        if rule["conjoint"]:
            continue
        db.sessions.create(case, starts_at=at(3), duration_minutes=rule["min_minutes"], participants=[a],
                           cpt_code=rule["code"])
        if rule["min_minutes"] > 1:
            with pytest.raises(mend.InvalidArgument):
                db.sessions.create(case, starts_at=at(3), duration_minutes=rule["min_minutes"] - 1,
                                   participants=[a], cpt_code=rule["code"])
        if rule["max_minutes"] is not None:
            db.sessions.create(case, starts_at=at(3), duration_minutes=rule["max_minutes"],
                               participants=[a], cpt_code=rule["code"])
            with pytest.raises(mend.InvalidArgument):
                db.sessions.create(case, starts_at=at(3), duration_minutes=rule["max_minutes"] + 1,
                                   participants=[a], cpt_code=rule["code"])

    session = db.sessions.create(case, starts_at=at(2), duration_minutes=45, participants=[a],
                                 cpt_code="90834")
    for fmt, fields in _notes.NOTE_FIELDS.items():
        for f in fields:
            db.notes.create(session, fmt, **{f: "a line"})
    db.notes.create(session, "free", text="x" * lim["note_field_max_bytes"])
    with pytest.raises(mend.InvalidArgument):
        db.notes.create(session, "free", text="x" * (lim["note_field_max_bytes"] + 1))


def test_no_copied_rules_in_the_package():
    """The package reads these from the library; no copy of them remains."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py"))
    for copied in ['"subjective", "objective"', "between 0 and 30", "between 1 and 1000", "1 to 104",
                   "limit: int = 1000", "limit: int = 50", 'kind = "individual"', "1..10000",
                   "children_in_household = -1", ".version = _lib."]:
        assert copied not in source, copied
    assert re.search(r"\b(20000|10000)\b", source) is None
