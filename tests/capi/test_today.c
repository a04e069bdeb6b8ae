/*
 * The dates mend fills in itself: a case opened without opened_on opens
 * "today", and a case closed without closed_on closes "today". Today is the
 * practice's date (UTC for a new practice); never a date that has not begun
 * yet there. Checked on the system clock, and with the handle's clock set
 * (mend_practice_set_now) late in the UTC day, when UTC+14 is already tomorrow.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <string.h>

static int is_today(const char* date, const char* today) {
    return date && strcmp(date, today) == 0;
}

/* The checks, with `today` the date the practice is at, `tomorrow` the next. */
static void check_today(mend_db* db, int64_t client, const char* today, const char* tomorrow) {
    int64_t id = 0, closed_id = 0;
    mend_case_fields f = MEND_CASE_FIELDS_INIT;
    mend_client_fields cf = MEND_CLIENT_FIELDS_INIT;
    mend_case* k = NULL;
    char* d = NULL;

    SECTION("mend_practice_today");
    CHECK_OK(mend_practice_today(&d, db));
    CHECK_STREQ(d, today);
    mend_free(d);

    SECTION("a birth date of today is accepted, tomorrow's is not");
    cf.date_of_birth = today;
    CHECK_OK(mend_client_update(db, client, &cf));
    cf.date_of_birth = tomorrow;
    CHECK_RC(mend_client_update(db, client, &cf), MEND_EINVAL);

    SECTION("a case opens today by default");
    f.kind = "individual";
    f.client_id = client;
    REQUIRE_OK(mend_case_create(&id, db, &f));
    REQUIRE_OK(mend_case_get(&k, db, id));
    fprintf(stderr, "   opened_on = %s\n", mend_case_opened_on(k));
    CHECK(is_today(mend_case_opened_on(k), today));
    mend_case_free(k);
    k = NULL;

    SECTION("closing without a date closes today");
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    f.kind = "individual";
    f.client_id = client;
    f.opened_on = "2025-01-01";
    REQUIRE_OK(mend_case_create(&closed_id, db, &f));
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    f.status = "closed";
    REQUIRE_OK(mend_case_update(db, closed_id, &f));
    REQUIRE_OK(mend_case_get(&k, db, closed_id));
    fprintf(stderr, "   closed_on = %s\n", mend_case_closed_on(k));
    CHECK(is_today(mend_case_closed_on(k), today));
    mend_case_free(k);
    k = NULL;

    SECTION("explicit dates of today are accepted");
    f = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    f.kind = "individual";
    f.client_id = client;
    f.opened_on = today;
    f.closed_on = today;
    CHECK_OK(mend_case_create(&id, db, &f));
}

int main(int argc, char** argv) {
    mend_db* db;
    int64_t admin = 0, client;
    char utc[11], utc_tomorrow[11];

    t_location(argc, argv, "capi_today.db");
    db = t_fresh_practice(&admin);
    client = t_client(db, "Today", "Person", NULL);

    SECTION("on the system clock (the practice is in UTC)");
    t_utc_date(utc, 0);
    t_utc_date(utc_tomorrow, 1);
    fprintf(stderr, "today: %s (UTC)\n", utc);
    check_today(db, client, utc, utc_tomorrow);

    SECTION("late in the UTC day, on the handle's clock");
    REQUIRE_OK(mend_practice_set_now(db, "2026-06-15T22:30:00Z"));
    check_today(db, client, "2026-06-15", "2026-06-16");

    SECTION("the same instant in a practice at UTC+14 is already tomorrow");
    REQUIRE_OK(mend_practice_set_timezone(db, "Pacific/Kiritimati"));
    check_today(db, client, "2026-06-16", "2026-06-17");

    mend_close(db);
    return t_finish();
}
