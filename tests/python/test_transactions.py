"""Host transactions: commit keeps, rollback discards, a failed call spoils nothing."""

from __future__ import annotations

import pytest

import mend


def _names(db):
    return [c.given_name for c in db.clients.list(include_archived=True)]


def test_commit_keeps(db, where):
    with db.transaction() as tx:
        assert tx is db and db.in_transaction
        a = db.clients.create(given_name="Lena", family_name="Vogel")
        b = db.clients.create(given_name="Tomas", family_name="Vogel")
        db.couples.create(client_a_id=a, client_b_id=b, secrets_policy="confidential")
    assert not db.in_transaction
    with mend.open(where, actor="ADM-1") as other:  # visible to another handle
        assert _names(other) == ["Lena", "Tomas"]
        assert len(list(other.couples.list())) == 1


def test_rollback_on_exception_discards(db):
    db.clients.create(given_name="Before", family_name="Tx")
    with pytest.raises(RuntimeError, match="host failure"):
        with db.transaction():
            db.clients.create(given_name="Inside", family_name="Tx")
            assert _names(db) == ["Before", "Inside"]  # visible inside
            raise RuntimeError("host failure")
    assert not db.in_transaction
    assert _names(db) == ["Before"]


def test_explicit_begin_commit_rollback(db):
    db.begin()
    db.clients.create(given_name="Kept", family_name="One")
    db.commit()
    db.begin()
    db.clients.create(given_name="Dropped", family_name="One")
    db.rollback()
    assert _names(db) == ["Kept"]


def test_failing_call_inside_transaction_changes_nothing_and_tx_stays_usable(db):
    db.clients.create(given_name="Sam", family_name="Rivera", external_id="EHR-1")
    with db.transaction():
        a = db.clients.create(given_name="Ana", family_name="Lima")
        with pytest.raises(mend.AlreadyExists):
            db.clients.create(given_name="Dup", family_name="Licate", external_id="EHR-1")
        with pytest.raises(mend.InvalidArgument):
            db.clients.update(a, date_of_birth="2026-02-30", family_name="Changed")
        with pytest.raises(mend.NotFound):
            db.clients.get(999)
        assert db.in_transaction
        assert db.clients.get(a).family_name == "Lima"  # the failed update changed nothing
        b = db.clients.create(given_name="Bo", family_name="Lima")
    assert _names(db) == ["Sam", "Ana", "Bo"]
    assert db.clients.get(b).family_name == "Lima"


def test_rollback_of_failed_calls_leaves_no_audit_of_the_work(db):
    with db.transaction():
        a = db.clients.create(given_name="Ana", family_name="Lima")
    seq = db.audit(limit=10000)[-1].seq
    with db.transaction():
        with pytest.raises(mend.InvalidArgument):
            db.clients.update(a, email="nope")
    assert [e.action for e in db.audit(after_seq=seq)] == []


def test_failed_rollback_is_chained(db, monkeypatch):
    """If the rollback itself fails, its error is raised with the original as __cause__."""

    def broken_rollback():
        raise mend.StoreError("lost the connection", -12)

    with pytest.raises(mend.StoreError) as e:
        with db.transaction():
            db.clients.create(given_name="Ana", family_name="Lima")
            monkeypatch.setattr(db, "rollback", broken_rollback)
            raise KeyError("original")
    assert isinstance(e.value.__cause__, KeyError)
    monkeypatch.undo()
    db.rollback()  # the real transaction was still open
    assert _names(db) == []


def test_body_may_end_the_transaction_itself(db):
    with db.transaction():
        db.clients.create(given_name="Ana", family_name="Lima")
        db.commit()
    assert not db.in_transaction and _names(db) == ["Ana"]


def test_close_rolls_back_an_open_transaction(db, where):
    db.begin()
    db.clients.create(given_name="Never", family_name="Committed")
    db.close()
    with mend.open(where, actor="ADM-1") as other:
        assert _names(other) == []
        assert not other.in_transaction
