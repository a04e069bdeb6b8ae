"""The host's keys from Python: ``mend.create_key_file``, ``mend.open(key_file=,
key_callback=)``, ``db.keys.state()`` / ``db.keys.adopt()``, and the keyed
audit chain (``db.audit_checkpoint()``, ``db.audit_verify()``)."""

from __future__ import annotations

import gc
import os
import stat

import pytest

import mend
from conftest import raw_sql


def _untrigger(db) -> str:
    if db.backend == "sqlite":
        return "DROP TRIGGER audit_event_no_update"
    return "ALTER TABLE audit_event DISABLE TRIGGER USER"


def test_key_file_keys_a_new_practice(where, tmp_path):
    key = tmp_path / "practice.key"
    mend.create_key_file(key)
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    with mend.open(where, create=True, key_file=key) as db:
        assert db.keys.state() == "unregistered"
        admin = db.init_practice("Keyed", display_name="Ada Admin")
        assert db.keys.state() == "held"
        kim = db.clients.create(given_name="Kim", family_name="Keyed")
        report = db.audit_verify()
        assert (report["ok"], report["keyed"], report["first_bad_seq"], report["reason"]) == (
            True, True, None, None)
        checkpoint = db.audit_checkpoint()
        assert checkpoint.startswith("mend-audit-checkpoint.v1.")
        db.clients.create(given_name="Lou", family_name="Later")
        assert db.audit_verify(checkpoint)["ok"] is True
        assert db.audit_verify(checkpoint)["checkpoint_seq"] == int(checkpoint.split(".")[2])
        with pytest.raises(mend.InvalidArgument):
            db.audit_verify("mend-audit-checkpoint.v1.garbage")
        with pytest.raises(mend.InvalidState):  # already the practice's key
            db.keys.adopt()

    # Without its key: identified, never read.
    with mend.open(where) as db:
        assert db.keys.state() == "missing"
        assert db.schema_version > 0
        with pytest.raises(mend.BadKey):
            db.set_actor(admin)
        with pytest.raises(mend.BadKey):
            db.clients.get(kim)

    # Another practice's key file is the wrong key.
    other = tmp_path / "other.key"
    mend.create_key_file(other)
    with pytest.raises(mend.BadKey):
        mend.open(where, key_file=other)
    # A key file others may read is refused.
    os.chmod(key, 0o644)
    with pytest.raises(mend.BadKey, match="0600"):
        mend.open(where, key_file=key)
    os.chmod(key, 0o600)

    # Raw SQL edits an event: verify names it; no checkpoint vouches for it.
    with mend.open(where, admin, key_file=key) as db:
        assert raw_sql(db, _untrigger(db)) == ""
        events = db.audit(limit=1000)
        target = next(e.seq for e in events if e.object_type == "client")
        assert raw_sql(db, f"UPDATE audit_event SET object_id = object_id + 7 WHERE seq = {target}") == ""
        report = db.audit_verify()
        assert (report["ok"], report["first_bad_seq"], report["reason"]) == (False, target, "mac_mismatch")
        with pytest.raises(mend.InvalidState):
            db.audit_checkpoint()


def test_key_callback_serves_the_keys(where):
    keys = {("audit", 1): bytes([0x11]) * 32, ("wrap", 1): bytes([0x22]) * 32}
    asked = []

    def service(purpose, key_id):
        asked.append((purpose, key_id))
        wanted = key_id or 1
        if (purpose, wanted) not in keys:
            return None
        return wanted, keys[(purpose, wanted)]

    with mend.open(where, create=True, key_callback=lambda p, k: service(p, k)) as db:
        db.init_practice("Callback", display_name="Ada Admin")
        db.clients.create(given_name="Cal", family_name="Back")
        assert db.keys.state() == "held"
        gc.collect()  # the callback (a lambda no one else holds) lives as long as the handle
        asked.clear()
        assert db.audit_verify()["ok"] is True
        assert asked == [("audit", 1)]  # asked for once, not once per event
    assert ("audit", 0) not in asked

    def broken(purpose, key_id):
        raise RuntimeError("key service down")

    with pytest.raises(mend.BadKey) as refused:
        mend.open(where, key_callback=broken)
    assert isinstance(refused.value.__cause__, RuntimeError)

    for bad_answer in [(1, b"too short"), (0, bytes(32)), (True, bytes(32)), (2**63, bytes(32))]:
        with pytest.raises(mend.BadKey) as refused:
            mend.open(where, key_callback=lambda p, k, a=bad_answer: a)
        assert isinstance(refused.value.__cause__, ValueError)

    keys[("audit", 1)] = bytes([0x33]) * 32  # not the practice's key
    with pytest.raises(mend.BadKey):
        mend.open(where, key_callback=service)
    with pytest.raises(mend.InvalidArgument):
        mend.open(where, key_file="x.key", key_callback=service)


def test_checkpoint_finds_a_truncated_tail(where, tmp_path):
    key = tmp_path / "t.key"
    mend.create_key_file(key)
    with mend.open(where, create=True, key_file=key) as db:
        admin = db.init_practice("Truncated", display_name="Ada Admin")
        db.clients.create(given_name="Ted", family_name="Tail")
        checkpoint = db.audit_checkpoint()
        seq = int(checkpoint.split(".")[2])
        untrigger = ("DROP TRIGGER audit_event_no_delete" if db.backend == "sqlite"
                     else "ALTER TABLE audit_event DISABLE TRIGGER USER")
        assert raw_sql(db, untrigger) == ""
        assert raw_sql(db, f"DELETE FROM audit_event WHERE seq >= {seq - 1}") == ""
        # The first verify after the cut, before anything is appended again.
        report = db.audit_verify(checkpoint)
        assert (report["ok"], report["reason"], report["head"]["seq"]) == (False, "truncated", seq - 2)
    with pytest.raises(mend.InvalidArgument):
        mend.open(where, admin, key_file="")


def test_plaintext_practice_adopts_keys(db, tmp_path):
    pat = db.clients.create(given_name="Pat", family_name="Plain")
    assert db.keys.state() == "none"
    assert db.audit_verify()["reason"] == "not_keyed"
    with pytest.raises(mend.BadKey):
        db.keys.adopt()
    where, admin = db.where, db.actor
    db.close()
    key = tmp_path / "adopt.key"
    mend.create_key_file(key)
    with mend.open(where, admin, key_file=key) as keyed:
        assert keyed.keys.state() == "unregistered"
        with pytest.raises(mend.BadKey):
            keyed.clients.get(pat)
        keyed.keys.adopt()
        assert keyed.keys.state() == "held"
        assert keyed.clients.get(pat).given_name == "Pat"
        assert keyed.audit_verify()["ok"] is True
        assert [e.action for e in keyed.audit(limit=1000)].count("adopt_key") == 1


def test_create_key_file_refuses_bad_paths(tmp_path):
    with pytest.raises(mend.InvalidArgument):
        mend.create_key_file("")
    with pytest.raises(mend.InvalidArgument):
        mend.create_key_file(tmp_path / "missing-dir" / "k.key")
    with pytest.raises(TypeError):
        mend.create_key_file(42)  # type: ignore[arg-type]


def test_rewrap_moves_the_data_key_to_the_newest_wrap_key(where, tmp_path):
    key = tmp_path / "r.key"
    mend.create_key_file(key)
    with mend.open(where, create=True, key_file=key) as db:
        admin = db.init_practice("Rewrap", display_name="Ada Admin")
        kim = db.clients.create(given_name="Kim", family_name="Wrapped")
        with pytest.raises(mend.InvalidState):  # already under the newest wrap key
            db.keys.rewrap()
    mend.create_key_file(key)  # a second generation of each key
    lines = key.read_text().splitlines(keepends=True)
    without_wrap_1 = tmp_path / "no-wrap-1.key"
    without_wrap_1.write_text("".join(l for l in lines if not l.startswith("wrap 1 ")))
    os.chmod(without_wrap_1, 0o600)
    # Before the rewrap the data key needs wrap key 1.
    with mend.open(where, key_file=without_wrap_1) as db:
        assert db.keys.state() == "missing"
    with mend.open(where, admin, key_file=key) as db:
        assert db.keys.rewrap() == 1
        with pytest.raises(mend.InvalidState):
            db.keys.rewrap()
        assert [e.action for e in db.audit(limit=1000)].count("rewrap_key") == 1
    with mend.open(where, admin, key_file=without_wrap_1) as db:
        assert db.keys.state() == "held"
        assert db.clients.get(kim).family_name == "Wrapped"
        assert db.audit_verify()["ok"] is True


def test_rewrap_refusals(db, tmp_path):
    with pytest.raises(mend.BadKey):  # opened without keys
        db.keys.rewrap()
