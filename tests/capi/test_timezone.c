/*
 * The practice's time zone and the handle's clock (mend/practice.h): the
 * zone is set and read, unknown zones and bad clocks are refused and change
 * nothing, only an admin changes the zone (audited), "today" and every
 * default date are the practice's local date, and each handle keeps its own
 * clock.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The practice's time zone (copied into buf; "" on failure). */
static const char* zone(mend_db* db, char* buf, size_t len) {
    char* tz = NULL;
    buf[0] = '\0';
    if (mend_practice_timezone(&tz, db) == MEND_OK && tz) {
        snprintf(buf, len, "%s", tz);
    }
    mend_free(tz);
    return buf;
}

/* The handle's today (copied into buf; "" on failure). */
static const char* today(mend_db* db, char buf[16]) {
    char* d = NULL;
    buf[0] = '\0';
    if (mend_practice_today(&d, db) == MEND_OK && d) snprintf(buf, 16, "%s", d);
    mend_free(d);
    return buf;
}

int main(int argc, char** argv) {
    mend_db *db, *other;
    int64_t admin = 0, clin, client, case_id, measure = 0;
    char buf[80], day[16], *json = NULL, *tz = NULL, *d = NULL;
    int phq9[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    mend_measure_fields mf = MEND_MEASURE_FIELDS_INIT;
    mend_case_fields cf = MEND_CASE_FIELDS_INIT;
    mend_case* k = NULL;
    t_event* events;
    int n;
    long long count_before = 0, count_after = 0;

    t_location(argc, argv, "capi_timezone.db");
    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Dr. Plain", "clinician", "tz-plain");
    client = t_client(db, "Zoned", "Client", NULL);
    case_id = t_individual_case(db, client, admin);

    SECTION("a new practice is in UTC");
    CHECK_STREQ(zone(db, buf, sizeof buf), "UTC");

    SECTION("NULL arguments");
    CHECK_RC(mend_practice_timezone(NULL, db), MEND_EINVAL);
    tz = (char*)"sentinel";
    CHECK_RC(mend_practice_timezone(&tz, NULL), MEND_EINVAL);
    CHECK_NULL(tz);
    CHECK_RC(mend_practice_set_timezone(NULL, "UTC"), MEND_EINVAL);
    CHECK_RC(mend_practice_set_timezone(db, NULL), MEND_EINVAL);
    CHECK_RC(mend_practice_set_now(NULL, "2026-11-03T02:00:00Z"), MEND_EINVAL);
    CHECK_RC(mend_practice_today(NULL, db), MEND_EINVAL);
    d = (char*)"sentinel";
    CHECK_RC(mend_practice_today(&d, NULL), MEND_EINVAL);
    CHECK_NULL(d);

    SECTION("the host's clock: 02:00 UTC is the previous evening in Chicago");
    CHECK_OK(mend_practice_set_now(db, "2026-11-03T02:00:00Z"));
    CHECK_STREQ(today(db, day), "2026-11-03");
    CHECK_OK(mend_practice_set_timezone(db, "America/Chicago"));
    CHECK_STREQ(zone(db, buf, sizeof buf), "America/Chicago");
    CHECK_STREQ(today(db, day), "2026-11-02");

    SECTION("a PHQ-9 recorded at 8 pm in Chicago carries the local date");
    mf.client_id = client;
    mf.instrument = "phq9";
    mf.answers = phq9;
    mf.answer_count = 9;
    REQUIRE_OK(mend_measure_create(&measure, db, &mf));
    REQUIRE_OK(mend_measure_get_json(&json, db, measure));
    CHECK_SUBSTR(json, "\"administered_on\":\"2026-11-02\"");
    mend_free(json);
    json = NULL;
    /* The UTC date is tomorrow in Chicago: a date after today is refused. */
    mf.administered_on = "2026-11-03";
    CHECK_RC(mend_measure_create(&measure, db, &mf), MEND_EINVAL);
    mf.administered_on = "2026-11-02";
    CHECK_OK(mend_measure_create(&measure, db, &mf));

    SECTION("a case opens and closes on the practice's date");
    cf.kind = "individual";
    cf.client_id = client;
    REQUIRE_OK(mend_case_create(&case_id, db, &cf));
    REQUIRE_OK(mend_case_get(&k, db, case_id));
    CHECK_STREQ(mend_case_opened_on(k), "2026-11-02");
    mend_case_free(k);
    k = NULL;
    cf = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    cf.status = "closed";
    REQUIRE_OK(mend_case_update(db, case_id, &cf));
    REQUIRE_OK(mend_case_get(&k, db, case_id));
    CHECK_STREQ(mend_case_closed_on(k), "2026-11-02");
    mend_case_free(k);
    k = NULL;
    {
        /* A birth date may be today there, not the UTC date (tomorrow there). */
        mend_client_fields clf = MEND_CLIENT_FIELDS_INIT;
        clf.date_of_birth = "2026-11-03";
        CHECK_RC(mend_client_update(db, client, &clf), MEND_EINVAL);
        clf.date_of_birth = "2026-11-02";
        CHECK_OK(mend_client_update(db, client, &clf));
    }

    SECTION("a session's start: the practice's local time, its offset, and UTC");
    cf = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    cf.kind = "individual";
    cf.client_id = client;
    cf.opened_on = "2026-01-01";
    REQUIRE_OK(mend_case_create(&case_id, db, &cf));
    {
        /* local time, UTC, and a time with another offset: the same instant */
        const char* same[] = {"2026-11-02T20:00", "2026-11-03T02:00:00Z", "2026-11-02T20:00-06:00",
                              "2026-11-03T03:00+01:00"};
        mend_session_fields sf = MEND_SESSION_FIELDS_INIT;
        int64_t who[1], session = 0;
        size_t i;
        who[0] = client;
        sf.case_id = case_id;
        sf.duration_minutes = 45;
        sf.modality = "video";
        sf.participants = who;
        sf.participant_count = 1;
        sf.cpt_code = "90834";
        for (i = 0; i < sizeof same / sizeof same[0]; ++i) {
            sf.starts_at = same[i];
            REQUIRE_OK(mend_session_create(&session, db, &sf));
            REQUIRE_OK(mend_session_get_json(&json, db, session));
            CHECK_SUBSTR(json, "\"starts_at\":\"2026-11-02T20:00\"");
            CHECK_SUBSTR(json, "\"utc_offset\":\"-06:00\"");
            CHECK_SUBSTR(json, "\"starts_at_utc\":\"2026-11-03T02:00:00Z\"");
            mend_free(json);
            json = NULL;
        }
        /* Summer time: UTC-5. */
        sf.starts_at = "2026-07-01T09:00";
        REQUIRE_OK(mend_session_create(&session, db, &sf));
        REQUIRE_OK(mend_session_get_json(&json, db, session));
        CHECK_SUBSTR(json, "\"utc_offset\":\"-05:00\"");
        CHECK_SUBSTR(json, "\"starts_at_utc\":\"2026-07-01T14:00:00Z\"");
        mend_free(json);
        json = NULL;
        /* The hour the clocks repeat (1 November 2026): the earlier one. */
        sf.starts_at = "2026-11-01T01:30";
        REQUIRE_OK(mend_session_create(&session, db, &sf));
        REQUIRE_OK(mend_session_get_json(&json, db, session));
        CHECK_SUBSTR(json, "\"starts_at_utc\":\"2026-11-01T06:30:00Z\"");
        mend_free(json);
        json = NULL;
        /* The hour the clocks skip (8 March 2026) does not exist there. */
        sf.starts_at = "2026-03-08T02:30";
        CHECK_RC(mend_session_create(&session, db, &sf), MEND_EINVAL);
        CHECK_SUBSTR(mend_errmsg(db), "time zone");
        /* 02:30 UTC is tomorrow in UTC but 20:30 today in Chicago. */
        sf.starts_at = "2026-11-03T02:30:00Z";
        CHECK_OK(mend_session_create(&session, db, &sf));
        /* Tomorrow in Chicago has not happened yet. */
        sf.starts_at = "2026-11-03T09:00";
        CHECK_RC(mend_session_create(&session, db, &sf), MEND_EINVAL);
        {
            const char* bad[] = {"2026-11-02T20:00:00",    "2026-11-02 20:00", "2026-11-02T20:00+2",
                                 "2026-11-02T20:00Z junk", "2026-11-02T20",    "\xED\xA0\x80"};
            for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
                int rc;
                sf.starts_at = bad[i];
                rc = mend_session_create(&session, db, &sf);
                CHECK(rc == MEND_EINVAL || rc == MEND_EENCODING);
            }
        }
    }

    SECTION("timestamps and the audit log read the host's clock, in UTC");
    events = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(events);
    CHECK(n > 0);
    CHECK_STREQ(events[n - 1].at, "2026-11-03T02:00:00.000000Z");
    CHECK_I64(t_count_events(events, n, "update", "practice", 0, "ok", admin), 1);
    free(events);

    SECTION("a time with an offset is the same instant");
    CHECK_OK(mend_practice_set_now(db, "2026-11-02T20:00:00-06:00"));
    CHECK_STREQ(today(db, day), "2026-11-02");
    CHECK_OK(mend_practice_set_now(db, "2026-11-03T05:59:59.999999Z"));
    CHECK_STREQ(today(db, day), "2026-11-02");
    CHECK_OK(mend_practice_set_now(db, "2026-11-03T06:00Z"));
    CHECK_STREQ(today(db, day), "2026-11-03");
    CHECK_OK(mend_practice_set_now(db, "2026-11-03T08:00:00+02:00"));
    CHECK_STREQ(today(db, day), "2026-11-03");
    /* Summer: Chicago is UTC-5. */
    CHECK_OK(mend_practice_set_now(db, "2026-07-01T04:30:00Z"));
    CHECK_STREQ(today(db, day), "2026-06-30");
    CHECK_OK(mend_practice_set_now(db, "2026-07-01T05:00:00Z"));
    CHECK_STREQ(today(db, day), "2026-07-01");

    SECTION("a bad clock is refused and the clock stays as it was");
    {
        const char* bad[] = {"",
                             "garbage",
                             "2026-11-03",
                             "2026-11-03T02:00:00",
                             "2026-11-03 02:00:00Z",
                             "2026-13-03T02:00:00Z",
                             "2026-02-30T02:00:00Z",
                             "2026-11-03T24:00:00Z",
                             "2026-11-03T02:60:00Z",
                             "2026-11-03T02:00:61Z",
                             "2026-11-03T02:00:00+25:00",
                             "2026-11-03T02:00:00+0200",
                             "2026-11-03T02:00:00.Z",
                             "2026-11-03T02:00:00Zjunk",
                             "1899-12-31T23:00:00Z",
                             "\xED\xA0\x80"};
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
            if (bad[i][0] == '\0') continue; /* "" is the system clock, tested below */
            int rc = mend_practice_set_now(db, bad[i]);
            CHECK(rc == MEND_EINVAL || rc == MEND_EENCODING);
            if (rc != MEND_EINVAL && rc != MEND_EENCODING)
                fprintf(stderr, "   accepted bad clock #%u\n", (unsigned)i);
            CHECK_NO_SUBSTR(mend_errmsg(db), "garbage");
            CHECK_STREQ(today(db, day), "2026-07-01");
        }
        CHECK_RC(mend_practice_set_now(db, "\xED\xA0\x80"), MEND_EENCODING);
    }

    SECTION("an unknown zone is refused, with a clear message, and nothing changes");
    REQUIRE(t_raw_int("SELECT COUNT(*) FROM audit_event", &count_before) == 0);
    {
        const char* bad[] = {"Mars/Olympus_Mons",
                             "",
                             "america/chicago",
                             "America/Chicag",
                             "../../../etc/passwd",
                             "/usr/share/zoneinfo/UTC",
                             "America/Chicago ",
                             "CST6CDT\n",
                             "Europe/Berlin;DROP TABLE practice"};
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
            CHECK_RC(mend_practice_set_timezone(db, bad[i]), MEND_EINVAL);
            CHECK_SUBSTR(mend_errmsg(db), "time zone");
            CHECK_NO_SUBSTR(mend_errmsg(db), "Mars");
            CHECK_STREQ(zone(db, buf, sizeof buf), "America/Chicago");
        }
    }
    CHECK_RC(mend_practice_set_timezone(db, "Europe/Berl\xC3"), MEND_EENCODING);
    CHECK_STREQ(zone(db, buf, sizeof buf), "America/Chicago");
    REQUIRE(t_raw_int("SELECT COUNT(*) FROM audit_event", &count_after) == 0);
    CHECK_I64(count_after, count_before);

    SECTION("only an admin changes the zone; the refusal is audited");
    REQUIRE_OK(mend_actor_set(db, clin));
    CHECK_OK(mend_practice_timezone(&tz, db)); /* any actor may read it */
    CHECK_STREQ(tz, "America/Chicago");
    mend_free(tz);
    tz = NULL;
    CHECK_RC(mend_practice_set_timezone(db, "Europe/Berlin"), MEND_EDENIED);
    CHECK_STREQ(zone(db, buf, sizeof buf), "America/Chicago");
    REQUIRE_OK(mend_actor_set(db, admin));
    events = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(events);
    CHECK_I64(t_count_events(events, n, "update", "practice", 0, "denied", clin), 1);
    free(events);

    SECTION("each handle keeps its own clock; the zone is the practice's");
    other = t_open();
    REQUIRE_OK(mend_actor_set(other, admin));
    CHECK_OK(mend_practice_set_now(other, "2030-01-01T12:00:00Z"));
    CHECK_STREQ(today(other, day), "2030-01-01");
    CHECK_STREQ(today(db, day), "2026-07-01");
    CHECK_OK(mend_practice_set_timezone(other, "Pacific/Kiritimati")); /* UTC+14 */
    CHECK_STREQ(today(db, day), "2026-07-01");
    CHECK_OK(mend_practice_set_now(db, "2026-07-01T10:00:00Z"));
    CHECK_STREQ(today(db, day), "2026-07-02");
    CHECK_OK(mend_practice_set_timezone(other, "UTC"));
    CHECK_STREQ(today(db, day), "2026-07-01");
    mend_close(other);

    SECTION("NULL or \"\" goes back to the system clock");
    {
        char before[11], after[11], utc[11];
        CHECK_OK(mend_practice_set_now(db, NULL));
        t_utc_date(before, -1);
        t_utc_date(utc, 0);
        t_utc_date(after, 1);
        today(db, day);
        CHECK(strcmp(day, utc) == 0 || strcmp(day, before) == 0 || strcmp(day, after) == 0);
        CHECK_OK(mend_practice_set_now(db, "2026-11-03T02:00:00Z"));
        CHECK_STREQ(today(db, day), "2026-11-03");
        CHECK_OK(mend_practice_set_now(db, ""));
        today(db, day);
        CHECK(strcmp(day, utc) == 0 || strcmp(day, before) == 0 || strcmp(day, after) == 0);
    }

    SECTION("inside a host's transaction, a new zone applies to the next call, and a rollback "
            "restores the old one");
    CHECK_OK(mend_practice_set_timezone(db, "America/Chicago"));
    CHECK_OK(mend_practice_set_now(db, "2026-11-03T02:00:00Z"));
    REQUIRE_OK(mend_transaction_begin(db));
    CHECK_STREQ(today(db, day), "2026-11-02"); /* the zone is read, and kept for the transaction */
    CHECK_OK(mend_practice_set_timezone(db, "UTC"));
    CHECK_STREQ(today(db, day), "2026-11-03");
    CHECK_STREQ(zone(db, buf, sizeof buf), "UTC");
    REQUIRE_OK(mend_transaction_rollback(db));
    CHECK_STREQ(zone(db, buf, sizeof buf), "America/Chicago");
    CHECK_STREQ(today(db, day), "2026-11-02");
    CHECK_OK(mend_practice_set_now(db, ""));

    SECTION("the zone survives reopening");
    CHECK_OK(mend_practice_set_timezone(db, "Europe/Berlin"));
    mend_close(db);
    db = t_open();
    CHECK_STREQ(zone(db, buf, sizeof buf), "Europe/Berlin"); /* no actor needed */
    CHECK_OK(mend_practice_set_now(db, "2026-12-31T23:30:00Z"));
    CHECK_STREQ(today(db, day), "2027-01-01");
    mend_close(db);
    return t_finish();
}
