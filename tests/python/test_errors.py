"""The exception hierarchy and bad input: every error type, raised for real."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import mend
from mend import errors

HIERARCHY = [
    # class, code, code name, standard bases
    (mend.InvalidArgument, -2, "MEND_EINVAL", (ValueError,)),
    (mend.EncodingError, -3, "MEND_EENCODING", (mend.InvalidArgument, ValueError)),
    (mend.NotFound, -4, "MEND_ENOTFOUND", (LookupError,)),
    (mend.PermissionDenied, -5, "MEND_EDENIED", (PermissionError,)),
    (mend.NoActor, -6, "MEND_ENOACTOR", ()),
    (mend.AlreadyExists, -7, "MEND_EEXISTS", ()),
    (mend.ConstraintViolation, -8, "MEND_ECONSTRAINT", ()),
    (mend.SchemaTooNew, -9, "MEND_ESCHEMA", ()),
    (mend.Busy, -10, "MEND_EBUSY", ()),
    (mend.OutOfMemory, -11, "MEND_ENOMEM", (MemoryError,)),
    (mend.StoreError, -12, "MEND_ESTORE", ()),
    (mend.InvalidState, -13, "MEND_ESTATE", ()),
    (mend.GateBlocked, -14, "MEND_EGATE", ()),
    (mend.Conflict, -15, "MEND_ECONFLICT", ()),
    (mend.BadKey, -16, "MEND_EKEY", ()),
    (mend.ConnectionLost, -17, "MEND_ECONNECTION", ()),
]


@pytest.mark.parametrize("cls,code,name,bases", HIERARCHY, ids=[h[2] for h in HIERARCHY])
def test_code_mapping(cls, code, name, bases):
    assert errors.exception_class(code) is cls
    e = cls("a message")
    assert isinstance(e, mend.Error) and isinstance(e, Exception)
    for base in bases:
        assert isinstance(e, base)
    assert (e.code, e.code_name, e.message) == (code, name, "a message")
    assert str(e) == f"a message [{name}]"
    # Exceptions survive pickling (e.g. from a worker process).
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is cls and (back.code, back.code_name, back.message) == (code, name, "a message")


def test_unknown_and_generic_codes():
    assert errors.exception_class(-1) is mend.Error
    assert errors.exception_class(-99) is mend.Error
    e = mend.Error("x", -99)
    assert e.code == -99 and e.code_name == "MEND_UNKNOWN(-99)"
    assert mend.Error("y").code_name == "MEND_ERROR"
    with pytest.raises(mend.Error) as raised:
        errors.check(-99)
    assert type(raised.value) is mend.Error and raised.value.code == -99
    assert errors.check(0) == 0 and errors.check(1) == 1


def test_gate_blocked_carries_unmet():
    e = mend.GateBlocked("the trauma gate is not open", unmet=["safety plan", "disclosure done"])
    assert isinstance(e, mend.Error) and e.unmet == ["safety plan", "disclosure done"]
    assert (e.code, e.code_name) == (-14, "MEND_EGATE")
    assert mend.GateBlocked().unmet == []
    mapped = errors.exception_class(-14)("2 criteria unmet", -14)
    assert type(mapped) is mend.GateBlocked and mapped.unmet == []
    back = pickle.loads(pickle.dumps(e))
    assert back.unmet == ["safety plan", "disclosure done"]


# -- no actor ---------------------------------------------------------------------------


def test_no_actor(empty_db, where):
    with pytest.raises(mend.NoActor) as e:
        list(empty_db.clients.list())
    assert e.value.code == -6 and e.value.code_name == "MEND_ENOACTOR" and "actor" in e.value.message
    with pytest.raises(mend.NoActor):
        empty_db.clinicians.get(1)
    with pytest.raises(mend.NoActor):
        empty_db.audit()
    empty_db.init_practice("P", display_name="Dr. A", external_id="ADM-1")
    with mend.open(where) as other:  # a new handle starts without an actor
        assert other.actor is None
        with pytest.raises(mend.NoActor):
            other.clients.create(given_name="Sam", family_name="Rivera")
        with pytest.raises(mend.NoActor):
            other.cases.get(1)
        other.set_actor("ADM-1")
        assert other.clients.create(given_name="Sam", family_name="Rivera") == 1


# -- Python-side argument errors -----------------------------------------------------------


def test_wrong_types_raise_type_error_before_c(db):
    with pytest.raises(TypeError):
        db.clients.create(given_name=123, family_name="Rivera")
    with pytest.raises(TypeError):
        db.clients.create(given_name=b"Sam", family_name="Rivera")  # bytes are not text
    with pytest.raises(TypeError):
        db.clients.create(given_name="Sam", family_name="Rivera", date_of_birth=19880402)
    with pytest.raises(TypeError):
        db.clients.create(given_name="Sam", family_name="Rivera",
                          date_of_birth=dt.datetime(1988, 4, 2, 12, 0))
    with pytest.raises(TypeError):
        db.clients.get("1")
    with pytest.raises(TypeError):
        db.clients.get(1.0)
    with pytest.raises(TypeError):
        db.clients.get(True)  # bool is not an id
    with pytest.raises(TypeError):
        db.set_actor(True)
    with pytest.raises(TypeError):
        db.set_actor(1.5)
    with pytest.raises(TypeError):
        db.clients.get_external(42)
    with pytest.raises(TypeError):
        db.clients.list(include_archived="yes")
    with pytest.raises(TypeError):
        db.cases.list(client_id="1")
    with pytest.raises(TypeError):
        db.couples.create(client_a_id=1, client_b_id=False, secrets_policy="no_secrets")
    with pytest.raises(TypeError):
        db.couples.create(client_a_id=1, client_b_id=2, secrets_policy="no_secrets",
                          children_in_household=1.0)
    with pytest.raises(TypeError):
        db.audit(limit="10")
    with pytest.raises(TypeError):
        mend.open(123)
    with pytest.raises(TypeError):
        mend.open(db.where, synchronous=1)
    assert list(db.clients.list()) == []  # nothing reached the database


def test_none_where_required_is_type_error(db):
    with pytest.raises(TypeError):
        db.clients.create(given_name=None, family_name="Rivera")
    with pytest.raises(TypeError):
        db.clients.create(given_name="Sam")  # missing entirely
    with pytest.raises(TypeError):
        db.clinicians.create(display_name=None)
    with pytest.raises(TypeError):
        db.clients.get(None)
    with pytest.raises(TypeError):
        db.clients.get_external(None)
    with pytest.raises(TypeError):
        db.set_actor(None)
    with pytest.raises(TypeError):
        db.init_practice(None, display_name="X")
    with pytest.raises(TypeError):
        db.clients.archive(None)


def test_out_of_range_ids(db):
    with pytest.raises(mend.InvalidArgument):
        db.clients.get(2**63)
    with pytest.raises(mend.InvalidArgument):
        db.cases.create(client_id=1, linked_case_id=0)  # 0 and -1 are C sentinels
    with pytest.raises(mend.InvalidArgument):
        db.cases.create(client_id=1, primary_clinician_id=-1)
    with pytest.raises(mend.NotFound):
        db.clients.get(-5)  # negative ids exist nowhere


@pytest.mark.parametrize("bad", ["\udcff", "Sam\ud800", "\udc80abc"])
def test_lone_surrogates_are_encoding_errors(db, bad):
    with pytest.raises(mend.EncodingError) as e:
        db.clients.create(given_name=bad, family_name="Rivera")
    assert isinstance(e.value, mend.InvalidArgument) and isinstance(e.value, ValueError)
    assert e.value.code == -3 and e.value.code_name == "MEND_EENCODING"
    assert bad not in str(e.value)  # the message holds no client data
    with pytest.raises(mend.EncodingError):
        db.clients.get_external(bad)
    with pytest.raises(mend.EncodingError):
        db.set_actor(bad)
    with pytest.raises(mend.EncodingError):
        db.clinicians.create(display_name="Dr. X", credentials=bad)
    assert list(db.clients.list()) == []


def test_embedded_nul_is_encoding_error(db):
    with pytest.raises(mend.EncodingError):
        db.clients.create(given_name="Sam\x00my", family_name="Rivera")
    assert list(db.clients.list()) == []


def test_non_ascii_text_round_trips(db):
    cid = db.clients.create(given_name="Zoë", family_name="Ørsted-Nguyễn", preferred_name="李雷",
                            pronouns="she/her", external_id="EHR-ü-😀")
    c = db.clients.get_external("EHR-ü-😀")
    assert (c.id, c.given_name, c.family_name, c.preferred_name) == (cid, "Zoë", "Ørsted-Nguyễn", "李雷")
    assert c.display_name == "李雷 Ørsted-Nguyễn"


def test_too_long_strings_are_invalid(db):
    with pytest.raises(mend.InvalidArgument) as e:
        db.clients.create(given_name="x" * (1024 * 1024), family_name="Rivera")
    assert e.value.code == -2 and "given_name" in e.value.message
    with pytest.raises(mend.InvalidArgument):
        db.clients.create(given_name="x" * 201, family_name="Rivera")
    ok = db.clients.create(given_name="x" * 200, family_name="Rivera")  # 200 bytes is the limit
    assert db.clients.get(ok).given_name == "x" * 200
    with pytest.raises(mend.InvalidArgument):  # 101 two-byte characters = 202 bytes
        db.clients.create(given_name="é" * 101, family_name="Rivera")
    with pytest.raises(mend.InvalidArgument):
        db.clients.get_external("E" * (1024 * 1024))
    assert [c.id for c in db.clients.list()] == [ok]


@pytest.mark.parametrize("bad_date", ["2026-02-30", "1850-01-01", "1899-12-31", "2031-01-01",
                                      "02/03/1990", "1990-1-2", "yesterday", "1990-13-01", "1990-00-10"])
def test_bad_dates(db, bad_date):
    with pytest.raises(mend.InvalidArgument) as e:
        db.clients.create(given_name="Sam", family_name="Rivera", date_of_birth=bad_date)
    assert e.value.code == -2 and "date_of_birth" in e.value.message
    assert list(db.clients.list()) == []


def test_empty_optional_text_on_create_means_absent(db):
    cid = db.clients.create(given_name="Sam", family_name="Rivera", date_of_birth="", email="")
    c = db.clients.get(cid)
    assert (c.date_of_birth, c.email) == (None, None)


def test_bad_date_objects_and_boundaries(db):
    with pytest.raises(mend.InvalidArgument):
        db.clients.create(given_name="Sam", family_name="Rivera", date_of_birth=dt.date(1850, 1, 1))
    with pytest.raises(mend.InvalidArgument):  # a birth date in the future
        db.clients.create(given_name="Sam", family_name="Rivera",
                          date_of_birth=dt.date.today() + dt.timedelta(days=30))
    first = db.clients.create(given_name="Old", family_name="Timer", date_of_birth=dt.date(1900, 1, 1))
    leap = db.clients.create(given_name="Leap", family_name="Day", date_of_birth="2000-02-29")
    assert db.clients.get(first).date_of_birth == dt.date(1900, 1, 1)
    assert db.clients.get(leap).date_of_birth == dt.date(2000, 2, 29)
    with pytest.raises(mend.InvalidArgument):
        db.clients.create(given_name="Not", family_name="Leap", date_of_birth="1900-02-29")


def test_other_invalid_values(db):
    with pytest.raises(mend.InvalidArgument):
        db.clients.create(given_name="  ", family_name="Rivera")  # blank after trimming
    with pytest.raises(mend.InvalidArgument):
        db.clients.create(given_name="Sam", family_name="Rivera", email="not-an-email")
    with pytest.raises(mend.InvalidArgument):
        db.clients.create(given_name="Sam", family_name="Rivera", phone="call me")
    with pytest.raises(mend.InvalidArgument):
        db.clinicians.create(display_name="Dr. X", role="superuser")
    with pytest.raises(mend.InvalidArgument):
        db.audit(limit=0)
    with pytest.raises(mend.InvalidArgument):
        db.audit(limit=10001)
    with pytest.raises(mend.InvalidArgument):
        db.audit(after_seq=-1)
    with pytest.raises(mend.InvalidArgument):
        list(db.cases.list(client_id=-1))
    with pytest.raises(mend.InvalidArgument):
        list(db.couples.list(client_id=-1))
    with pytest.raises(mend.InvalidArgument):
        mend.open(db.where, synchronous="sometimes")
    with pytest.raises(mend.InvalidArgument):
        mend.open(db.where, busy_timeout_ms=-5)
    with pytest.raises(mend.InvalidArgument):
        mend.open("")


def test_sql_metacharacters_are_stored_verbatim(db):
    nasty = "Robert'); DROP TABLE client;--"
    others = ['O\'Brien "Bobby"', "50% off_; --", "back\\slash", "semi;colon", "$1 :name ?"]
    cid = db.clients.create(given_name=nasty, family_name="Tables", external_id=nasty,
                            preferred_name=others[0])
    c = db.clients.get(cid)
    assert (c.given_name, c.external_id, c.preferred_name) == (nasty, nasty, others[0])
    assert db.clients.get_external(nasty).id == cid
    ids = [db.clients.create(given_name=v, family_name=v) for v in others]
    assert [db.clients.get(i).family_name for i in ids] == others
    assert [x.given_name for x in db.clients.list()] == [nasty] + others  # the table is still there
    with pytest.raises(mend.NotFound):
        db.clients.get_external("' OR '1'='1")


def test_store_errors(tmp_path):
    with pytest.raises(mend.StoreError) as e:
        mend.open(str(tmp_path / "no" / "such" / "dir" / "practice.db"), create=True)
    assert e.value.code == -12 and e.value.code_name == "MEND_ESTORE"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database file at all" * 200)
    with pytest.raises(mend.StoreError):
        mend.open(str(junk))
    with pytest.raises(mend.ConnectionLost):
        mend.open("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(mend.InvalidArgument):
        mend.open(str(tmp_path / "a=b.db"))


def test_schema_too_new(tmp_path):
    import sqlite3

    path = str(tmp_path / "future.db")
    with mend.open(path, create=True) as db:
        db.init_practice("P", display_name="Dr. A")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO mend_schema (version, applied_at) VALUES (99, '2099-01-01T00:00:00Z')")
    con.commit()
    con.close()
    with pytest.raises(mend.SchemaTooNew) as e:
        mend.open(path)
    assert e.value.code == -9 and "99" in e.value.message


def test_busy(tmp_path):
    import sqlite3

    path = str(tmp_path / "busy.db")
    with mend.open(path, create=True) as db:
        db.init_practice("P", display_name="Dr. A", external_id="ADM-1")
    locker = sqlite3.connect(path, isolation_level=None)
    with mend.open(path, actor="ADM-1", busy_timeout_ms=50) as db:
        locker.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
        try:
            with pytest.raises(mend.Busy) as e:
                db.clients.create(given_name="Sam", family_name="Rivera")
            assert e.value.code == -10 and e.value.code_name == "MEND_EBUSY"
            # Opening a current database reads its schema without the write lock.
            with mend.open(path, busy_timeout_ms=50) as again:
                assert again.schema_version >= 1
        finally:
            locker.execute("ROLLBACK")
            locker.close()
    with mend.open(path, actor="ADM-1") as db:
        assert db.clients.create(given_name="Sam", family_name="Rivera") == 1


def test_transaction_state_errors(db):
    with pytest.raises(mend.InvalidState):
        db.commit()
    with pytest.raises(mend.InvalidState):
        db.rollback()
    db.begin()
    with pytest.raises(mend.InvalidState):
        db.begin()
    with pytest.raises(mend.InvalidState):
        with db.transaction():
            pass
    db.rollback()
    assert not db.in_transaction
