"""Clinicians, clients, couples and cases are built from the C field getters
(``mend_<kind>_<field>``), not from ``mend_<kind>_to_json``: every field of
every such record must equal, value and type, what the JSON view gives for the
same C record, for records with every field set (non-ASCII text included) and
with the optional fields empty, by get, get_external and list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from ctypes import byref, c_void_p
from typing import Any, Dict

import pytest

import mend
from mend import _lib, records
from mend._lib import lib

RECORD = {"clinician": mend.Clinician, "client": mend.Client, "couple": mend.Couple, "case": mend.Case}


def _json_view(db: mend.Database, kind: str, id: int) -> Any:
    """The record as ``mend_<kind>_get`` then ``mend_<kind>_to_json`` and ``from_json`` give it."""
    rec = c_void_p()
    assert getattr(lib, f"mend_{kind}_get")(byref(rec), db._handle, id) == 0
    try:
        out = c_void_p()
        assert getattr(lib, f"mend_{kind}_to_json")(byref(out), rec) == 0
        return RECORD[kind].from_json(json.loads(_lib.take_string(out.value)))
    finally:
        getattr(lib, f"mend_{kind}_free")(rec)


def _differences(got: Any, want: Any) -> Dict[str, Any]:
    """The fields whose value or type differ (``True == 1``: types are compared too)."""
    assert type(got) is type(want)
    diff = {}
    for f in dataclasses.fields(want):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if a != b or type(a) is not type(b):
            diff[f.name] = (a, b)
    return diff


def _check(db: mend.Database, kind: str, id: int) -> Any:
    """get, get_external and list give the JSON view of the record, field for field."""
    want = _json_view(db, kind, id)
    coll = getattr(db, kind + "s")
    got = coll.get(id)
    assert _differences(got, want) == {}
    assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
    if want.external_id is not None:
        assert _differences(coll.get_external(want.external_id), want) == {}
    listed = [r for r in coll.list(include_archived=True) if r.id == id]
    assert len(listed) == 1 and _differences(listed[0], want) == {}
    return got


def _full_practice(db: mend.Database, staff: Any) -> Dict[str, Any]:
    """Records with every field set, distinct values in fields a mapping could swap,
    and updated_at after created_at; and records with every optional field empty."""
    ids: Dict[str, Any] = {}
    ids["clinician_full"] = db.clinicians.create(
        display_name="Dr. Zoë Ó Briain 🌿", credentials="LMFT, CSAT — Zürich", role="supervisor",
        external_id="STAFF-ß-7")
    db.clinicians.update(ids["clinician_full"], credentials="LMFT, CSAT — Zürich, Genève")
    ids["clinician_empty"] = db.clinicians.create(display_name="Ana")
    ids["client_full"] = db.clients.create(
        given_name="Zoë", family_name="Ó Briain-Łukasiewicz", external_id="EHR-ü-1",
        preferred_name="Zo 🌿", pronouns="she/her", date_of_birth=dt.date(1985, 2, 3),
        email="zoe@example.org", phone="+44 20 7946 0958")
    db.clients.update(ids["client_full"], pronouns="they/them")
    ids["client_empty"] = db.clients.create(given_name="Sam", family_name="Lee")
    ids["couple_full"] = db.couples.create(
        client_a_id=ids["client_full"], client_b_id=ids["client_empty"],
        secrets_policy="confidential", relationship_status="separated",
        relationship_start=dt.date(2009, 6, 13), children_in_household=2, external_id="CPL-é-9")
    db.couples.update(ids["couple_full"], children_in_household=3)
    other = db.clients.create(given_name="Kai", family_name="Ng")
    ids["couple_empty"] = db.couples.create(client_a_id=ids["client_empty"], client_b_id=other,
                                            secrets_policy="no_secrets")
    # 0 children is recorded (not None): the getter's "not recorded" is -1.
    ids["couple_zero"] = db.couples.create(client_a_id=ids["client_full"], client_b_id=other,
                                           secrets_policy="limited_secrets", children_in_household=0)
    ids["case_conjoint"] = db.cases.create(couple_id=ids["couple_full"], external_id="CASE-ç-1",
                                           primary_clinician_id=staff.bob)
    ids["case_full"] = db.cases.create(
        client_id=ids["client_full"], primary_clinician_id=staff.alice,
        opened_on=dt.date(2025, 1, 6), linked_case_id=ids["case_conjoint"], external_id="CASE-ñ-2")
    db.cases.update(ids["case_full"], closed_on=dt.date(2025, 3, 4))
    ids["case_empty"] = db.cases.create(client_id=ids["client_empty"])
    db.clients.archive(other)
    ids["client_archived"] = other
    return ids


def test_records_from_getters_equal_the_json_view(db, staff):
    ids = _full_practice(db, staff)
    for key, id in ids.items():
        _check(db, key.split("_")[0], id)

    # The values really came through (an all-None record would also equal itself).
    c = db.clients.get(ids["client_full"])
    assert (c.given_name, c.family_name, c.preferred_name, c.pronouns, c.external_id) == (
        "Zoë", "Ó Briain-Łukasiewicz", "Zo 🌿", "they/them", "EHR-ü-1")
    assert (c.date_of_birth, c.email, c.phone, c.archived) == (
        dt.date(1985, 2, 3), "zoe@example.org", "+44 20 7946 0958", False)
    assert c.updated_at > c.created_at and c.created_at.tzinfo == dt.timezone.utc
    e = db.clients.get(ids["client_empty"])
    assert (e.external_id, e.preferred_name, e.pronouns, e.date_of_birth, e.email, e.phone) == (None,) * 6
    assert db.clients.get(ids["client_archived"]).archived is True

    k = db.clinicians.get(ids["clinician_full"])
    assert (k.display_name, k.credentials, k.role, k.external_id) == (
        "Dr. Zoë Ó Briain 🌿", "LMFT, CSAT — Zürich, Genève", "supervisor", "STAFF-ß-7")
    assert k.updated_at > k.created_at
    k = db.clinicians.get(ids["clinician_empty"])
    assert (k.credentials, k.external_id, k.role) == (None, None, "clinician")

    p = db.couples.get(ids["couple_full"])
    assert (p.client_a_id, p.client_b_id, p.relationship_status, p.relationship_start) == (
        ids["client_full"], ids["client_empty"], "separated", dt.date(2009, 6, 13))
    assert (p.children_in_household, p.secrets_policy, p.external_id) == (3, "confidential", "CPL-é-9")
    assert db.couples.get(ids["couple_zero"]).children_in_household == 0
    p = db.couples.get(ids["couple_empty"])
    assert (p.relationship_start, p.children_in_household, p.external_id) == (None, None, None)

    s = db.cases.get(ids["case_full"])
    assert (s.kind, s.client_id, s.couple_id, s.primary_clinician_id) == (
        "individual", ids["client_full"], None, staff.alice)
    assert (s.opened_on, s.closed_on, s.status, s.linked_case_id, s.external_id) == (
        dt.date(2025, 1, 6), dt.date(2025, 3, 4), "closed", ids["case_conjoint"], "CASE-ñ-2")
    s = db.cases.get(ids["case_conjoint"])
    assert (s.kind, s.client_id, s.couple_id, s.primary_clinician_id, s.linked_case_id) == (
        "conjoint", None, ids["couple_full"], staff.bob, None)
    s = db.cases.get(ids["case_empty"])
    assert (s.closed_on, s.linked_case_id, s.external_id, s.status) == (None, None, None, "open")


def _built_with(db: mend.Database, kind: str, id: int, getters: Any) -> Any:
    """The record of ``kind`` built by its builder from these getters."""
    build = records._BUILDERS[kind](tuple(getters))
    rec = c_void_p()
    assert getattr(lib, f"mend_{kind}_get")(byref(rec), db._handle, id) == 0
    try:
        return build(rec)
    finally:
        getattr(lib, f"mend_{kind}_free")(rec)


def test_a_getter_mapping_mistake_is_caught(db, staff):
    # The comparison bites: a client builder with two getters swapped (email and
    # phone), or a couple builder reading created_at for updated_at, differs
    # from the JSON view in exactly those fields.
    ids = _full_practice(db, staff)
    names = [name for name, _ in _lib.RECORD_GETTERS["client"]]
    getters = list(_lib.field_getters("client"))
    e, p = names.index("email"), names.index("phone")
    getters[e], getters[p] = getters[p], getters[e]
    built = _built_with(db, "client", ids["client_full"], getters)
    assert set(_differences(built, _json_view(db, "client", ids["client_full"]))) == {"email", "phone"}

    names = [name for name, _ in _lib.RECORD_GETTERS["couple"]]
    getters = list(_lib.field_getters("couple"))
    getters[names.index("updated_at")] = getters[names.index("created_at")]
    built = _built_with(db, "couple", ids["couple_full"], getters)
    assert set(_differences(built, _json_view(db, "couple", ids["couple_full"]))) == {"updated_at"}


def test_getters_cover_every_record_field():
    # One getter per dataclass field, in field order ("is_archived" is "archived").
    for kind, cls in RECORD.items():
        names = [name for name, _ in _lib.RECORD_GETTERS[kind]]
        assert [n.replace("is_archived", "archived") for n in names] == [
            f.name for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("bad", [True, 1.0, "1", None])
def test_get_fast_path_still_checks_the_id(db, bad):
    with pytest.raises(TypeError):
        db.clients.get(bad)
    with pytest.raises(mend.InvalidArgument):
        db.clients.get(2**63)
