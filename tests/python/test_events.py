"""Host callbacks from Python: db.set_event_callback (events after the commit,
never for rolled-back or failed work, no re-entry into the same handle) and
mend.set_log_callback (migrations, errors, never client text). Mirrors
tests/capi/test_events.c.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings

import pytest

import mend

TODAY = dt.datetime.now(dt.timezone.utc).date()
NAME = ("Zephyrine", "Quillfeather")


@pytest.fixture
def log():
    """Every log message while the test runs, as (level, message)."""
    seen = []
    mend.set_log_callback(lambda level, message: seen.append((level, message)), level="debug")
    yield seen
    mend.set_log_callback(None)


def test_events_after_commit_with_ids(db):
    zed = db.clients.create(given_name=NAME[0], family_name=NAME[1], external_id="pt-zq")
    events = []
    db.set_event_callback(events.append)
    db.safety.create_screen(zed, ipv="current", ipv_instrument="HITS", suicide_risk="none")
    flags = db.flags.list(client_id=zed)
    assert len(flags) >= 1
    assert all(isinstance(e, mend.Event) for e in events)
    assert [(e.kind, e.record_id, e.client_id, e.case_id, e.actor_id) for e in events] == [
        ("flag_raised", f.id, zed, None, db.actor) for f in sorted(flags, key=lambda f: f.id)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        events[0].kind = "x"  # type: ignore[misc]

    # Inside a transaction: nothing until the commit; nothing after a rollback.
    del events[:]
    with db.transaction():
        db.flags.resolve(flags[0].id, "Plan agreed in session")
        assert events == []
    assert [(e.kind, e.record_id) for e in events] == [("flag_resolved", flags[0].id)]
    del events[:]
    other = db.clients.create(given_name="Bo", family_name="Other")
    db.begin()
    db.safety.create_screen(other, ipv="current", ipv_instrument="HITS", suicide_risk="none")
    db.rollback()
    assert events == [] and db.flags.list(client_id=other) == []
    with pytest.raises(mend.InvalidArgument):
        db.safety.create_screen(other, ipv="sometimes", suicide_risk="none")
    assert events == []

    # A phase change, a signed note, a release.
    kase = db.cases.create(kind="individual", client_id=zed, primary_clinician_id=db.actor)
    db.phases.start(kase, "betrayal_trauma_individual")
    assert [(e.kind, e.case_id, e.client_id) for e in events] == [("phase_changed", kase, None)]
    assert events[0].record_id > 0
    del events[:]
    yesterday = TODAY - dt.timedelta(days=1)
    session = db.sessions.create(kase, starts_at=f"{yesterday.isoformat()}T10:00", duration_minutes=53,
                                 participants=[zed], cpt_code="90837")
    note = db.notes.create(session, "free", text="Zephyrine spoke")
    assert events == []
    db.notes.sign(note)
    assert [(e.kind, e.record_id, e.case_id) for e in events] == [("note_signed", note, kase)]
    del events[:]
    release = db.releases.create(kase, zed, recipient="the client", purpose="continuity of care",
                                 expires_on=TODAY + dt.timedelta(days=30))
    assert [(e.kind, e.record_id, e.case_id, e.client_id) for e in events] == [
        ("release_created", release, kase, zed)]

    # None unregisters.
    del events[:]
    db.set_event_callback(None)
    db.safety.create_screen(other, ipv="current", ipv_instrument="HITS", suicide_risk="none")
    assert events == [] and len(db.flags.list(client_id=other)) >= 1
    with pytest.raises(TypeError):
        db.set_event_callback(42)  # type: ignore[arg-type]


def test_a_callback_cannot_reenter_its_handle(db, where):
    zed = db.clients.create(given_name=NAME[0], family_name=NAME[1])
    seen = []
    with mend.open(where, actor="ADM-1") as other:

        def callback(event):
            with pytest.raises(mend.InvalidState) as e:
                db.clients.update(zed, given_name="Changed")
            seen.append(e.value.message)
            with pytest.raises(mend.InvalidState):
                db.close()
            # Another handle works, and sees the committed flag.
            seen.append(event.record_id in {f.id for f in other.flags.list(client_id=zed)})

        db.set_event_callback(callback)
        db.safety.create_screen(zed, ipv="current", ipv_instrument="HITS", suicide_risk="none")
    assert seen[0] == "a mend callback cannot call back into its own handle"
    assert seen[1] is True
    assert not db.closed
    assert db.clients.get(zed).given_name == NAME[0]


def test_an_exception_in_the_callback_is_a_warning_not_a_failure(db):
    zed = db.clients.create(given_name="Ana", family_name="Reyes")

    def callback(event):
        raise KeyError("host bug")

    db.set_event_callback(callback)
    with pytest.warns(mend.CallbackWarning) as record:
        screen = db.safety.create_screen(zed, ipv="current", ipv_instrument="HITS", suicide_risk="none")
    assert screen > 0  # the call committed and returned its id
    assert isinstance(record[0].message.exception, KeyError)
    assert len(db.flags.list(client_id=zed)) >= 1


def test_log_migrations_errors_and_no_client_text(where, log):
    with mend.open(where, create=True) as db:  # a new database (h-open: opening never creates)
        assert any(level == "info" and "schema migrated from version 0 to version" in m for level, m in log)
        db.init_practice("Test Practice", display_name="Dr. Ada Admin", external_id="ADM-1")
        zed = db.clients.create(given_name=NAME[0], family_name=NAME[1], external_id="pt-zq")
        with pytest.raises(mend.AlreadyExists):
            db.clients.create(given_name=NAME[0], family_name=NAME[1], external_id="pt-zq")
        with pytest.raises(mend.InvalidArgument):
            db.clients.update(zed, date_of_birth=NAME[1])
        with pytest.raises(mend.NotFound):
            db.clients.get_external(NAME[0] + "-id")
        db.begin()
        db.clients.update(zed, given_name=NAME[0] + "2")
    messages = [m for _, m in log]
    assert any("MEND_EEXISTS" in m for m in messages)
    assert any(level == "warning" and m.startswith("a call failed: MEND_ENOTFOUND") for level, m in log)
    assert "a transaction left open was rolled back on close" in messages
    assert not [m for m in messages if NAME[0] in m or NAME[1] in m]

    # Levels filter; None turns the log off; a bad level is refused.
    del log[:]
    mend.set_log_callback(lambda level, message: log.append((level, message)), level="error")
    with mend.open(where) as db:
        with pytest.raises(mend.InvalidArgument):
            db.set_actor(-1)
    assert log == []
    with pytest.raises(mend.InvalidArgument):
        mend.set_log_callback(print, level="loud")
    mend.set_log_callback(None)
    with mend.open(where) as db:
        with pytest.raises(mend.InvalidArgument):
            db.set_actor(-1)
    assert log == []


def test_an_exception_in_the_log_callback_is_a_warning(where):
    def broken(level, message):
        raise RuntimeError("host log bug")

    mend.set_log_callback(broken, level="warning")
    try:
        with mend.open(where, create=True) as db:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with pytest.raises(mend.InvalidArgument):
                    db.set_actor(-1)
        assert [type(w.message.exception) for w in caught] == [RuntimeError]
    finally:
        mend.set_log_callback(None)
