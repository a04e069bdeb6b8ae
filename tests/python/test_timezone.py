"""The practice's time zone and the handle's clock: Database.timezone,
set_timezone, set_now and today, through the C API on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

import mend

UTC = dt.timezone.utc


def test_a_new_practice_is_in_utc(db):
    assert db.timezone == "UTC"


def test_init_with_a_time_zone(empty_db):
    empty_db.init_practice("P", display_name="Dr. A", timezone="America/Chicago")
    assert empty_db.timezone == "America/Chicago"


def test_init_with_an_unknown_zone_sets_nothing_up(empty_db):
    with pytest.raises(mend.InvalidArgument, match="time zone"):
        empty_db.init_practice("P", display_name="Dr. A", timezone="Mars/Olympus_Mons")
    assert not empty_db.in_transaction
    # Nothing was set up: the practice can still be set up, in UTC.
    empty_db.init_practice("P", display_name="Dr. A")
    assert empty_db.timezone == "UTC"
    assert [c.display_name for c in empty_db.clinicians.list()] == ["Dr. A"]


def test_phq9_at_8pm_in_chicago_is_dated_that_day(db):
    db.set_now("2026-11-03T02:00:00Z")
    assert db.today == dt.date(2026, 11, 3)
    db.set_timezone("America/Chicago")
    assert db.today == dt.date(2026, 11, 2)
    client = db.clients.create(given_name="Sam", family_name="Rivera")
    a = db.measures.get(db.measures.create(client, "phq9", [0] * 9))
    assert a.administered_on == dt.date(2026, 11, 2)
    # The UTC date is tomorrow there: refused.
    with pytest.raises(mend.InvalidArgument):
        db.measures.create(client, "phq9", [0] * 9, administered_on="2026-11-03")
    # Timestamps stay UTC, at the host's time.
    assert db.audit()[-1].at == dt.datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


def test_set_now_takes_aware_datetimes_and_none(db):
    db.set_timezone("Europe/Berlin")
    db.set_now(dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert db.today == dt.date(2027, 1, 1)
    chicago = dt.timezone(dt.timedelta(hours=-6))
    db.set_now(dt.datetime(2026, 12, 31, 17, 29, tzinfo=chicago))  # 00:29 in Berlin
    assert db.today == dt.date(2027, 1, 1)
    db.set_now(None)
    assert abs((db.today - dt.datetime.now(UTC).date()).days) <= 1


@pytest.mark.parametrize("bad", ["garbage", "2026-11-03", "2026-11-03T02:00:00",
                                 "2026-11-03T25:00:00Z", "2026-02-30T00:00:00Z",
                                 "2026-11-03T02:00:00+0200"])
def test_bad_clocks_are_refused_and_change_nothing(db, bad):
    db.set_now("2026-11-03T02:00:00Z")
    with pytest.raises(mend.InvalidArgument):
        db.set_now(bad)
    assert db.today == dt.date(2026, 11, 3)


def test_bad_clock_types(db):
    with pytest.raises(mend.InvalidArgument):
        db.set_now(dt.datetime(2026, 11, 3, 2, 0))  # naive
    with pytest.raises(TypeError):
        db.set_now(12345)  # type: ignore[arg-type]
    with pytest.raises(mend.EncodingError):
        db.set_now("2026-11-03T02:00:00Z\udc80")


@pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "", "america/chicago", "../../etc/passwd",
                                 "America/Chicago "])
def test_unknown_zones_are_refused_and_change_nothing(db, bad):
    db.set_timezone("America/Chicago")
    before = len(db.audit())
    with pytest.raises(mend.InvalidArgument) as e:
        db.set_timezone(bad)
    assert "time zone" in str(e.value)
    assert "Mars" not in str(e.value)
    assert db.timezone == "America/Chicago"
    assert len(db.audit()) == before  # no event: nothing was done


def test_invalid_utf8_zone(db):
    with pytest.raises(mend.EncodingError):
        db.set_timezone("Europe/\udc80")
    assert db.timezone == "UTC"


def test_only_admins_change_the_zone(db, staff):
    db.set_actor(staff.alice)
    assert db.timezone == "UTC"  # anyone may read it
    with pytest.raises(mend.PermissionDenied):
        db.set_timezone("Europe/Berlin")
    db.set_actor(staff.admin)
    assert db.timezone == "UTC"
    denied = [e for e in db.audit() if e.outcome == "denied"]
    assert [(e.action, e.object_type, e.actor_id) for e in denied] == [
        ("update", "practice", staff.alice)]


def test_each_handle_keeps_its_own_clock(db, where):
    db.set_now("2026-11-03T02:00:00Z")
    with mend.open(where, actor="ADM-1") as other:
        other.set_now("2030-01-01T12:00:00Z")
        assert other.today == dt.date(2030, 1, 1)
        assert db.today == dt.date(2026, 11, 3)
        other.set_timezone("America/Chicago")  # the zone is the practice's
    assert db.today == dt.date(2026, 11, 2)
    assert db.timezone == "America/Chicago"


def test_session_starts_keep_their_offset(db):
    db.set_now("2026-11-03T02:00:00Z")
    db.set_timezone("America/Chicago")
    client = db.clients.create(given_name="Sam", family_name="Rivera")
    case = db.cases.create(client_id=client, opened_on="2026-01-01")
    chicago = dt.timezone(dt.timedelta(hours=-6))
    for at in ["2026-11-02T20:00", dt.datetime(2026, 11, 2, 20, 0),
               dt.datetime(2026, 11, 3, 2, 0, tzinfo=UTC), dt.datetime(2026, 11, 2, 20, 0, tzinfo=chicago),
               "2026-11-03T02:00:00Z"]:
        s = db.sessions.get(db.sessions.create(case, starts_at=at, duration_minutes=45,
                                               participants=[client], cpt_code="90834"))
        assert s.starts_at == dt.datetime(2026, 11, 2, 20, 0)
        assert s.date == dt.date(2026, 11, 2)
        assert s.utc_offset == "-06:00"
        assert s.starts_at_utc == dt.datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    with pytest.raises(mend.InvalidArgument, match="time zone"):  # the clocks skip 2:30
        db.sessions.create(case, starts_at="2026-03-08T02:30", duration_minutes=45,
                           participants=[client], cpt_code="90834")
