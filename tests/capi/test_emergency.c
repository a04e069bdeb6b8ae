/*
 * Break the glass through the C API: a grant opens a client's record (not
 * the partner's) until it expires, the host's callback gets
 * MEND_EVENT_EMERGENCY_ACCESS after the commit, supervisors list the grants
 * with their accesses, bad input changes nothing.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int seen_kind, seen_count;
static int64_t seen_record, seen_client;

static void on_event(const mend_event* e, void* user_data) {
    (void)user_data;
    seen_kind = e->kind;
    seen_record = e->record_id;
    seen_client = e->client_id;
    ++seen_count;
}

int main(int argc, char** argv) {
    mend_db* db;
    int64_t admin = 0, x, y, s, a, b, couple, grant = 0, kept = 77;
    mend_client* rec = NULL;
    char* js = NULL;
    int min = 0;
    long long grants = -1;
    const char* reason = "on-call crisis; lead clinician away";

    t_location(argc, argv, "capi_emergency.db");
    db = t_fresh_practice(&admin);
    x = t_clinician(db, "Xavier", "clinician", NULL);
    y = t_clinician(db, "Yolanda", "clinician", NULL);
    s = t_clinician(db, "Sam", "supervisor", NULL);
    a = t_client(db, "Alex", "A", NULL);
    b = t_client(db, "Blair", "B", NULL);
    couple = t_couple(db, a, b, "confidential");
    t_conjoint_case(db, couple, x);
    REQUIRE_OK(mend_event_set_callback(db, on_event, NULL));
    REQUIRE_OK(mend_actor_set(db, y));
    REQUIRE_OK(mend_practice_set_now(db, "2027-01-05T12:00:00Z"));

    SECTION("refusals change nothing");
    REQUIRE_OK(mend_emergency_reason_min(&min, db));
    CHECK_I64(min, 20);
    CHECK_RC(mend_emergency_open(&kept, db, a, "short", 10), MEND_EINVAL);
    CHECK_RC(mend_emergency_open(&kept, db, a, reason, 1441), MEND_EINVAL);
    CHECK_RC(mend_emergency_open(&kept, db, a, NULL, 10), MEND_EINVAL);
    CHECK_RC(mend_emergency_open(&kept, db, a + 100, reason, 10), MEND_ENOTFOUND);
    CHECK_RC(mend_emergency_set_reason_min(db, 5), MEND_EDENIED);
    CHECK_I64(kept, 77);
    REQUIRE(t_raw_int("SELECT COUNT(*) FROM emergency_grant", &grants) == 0);
    CHECK_I64(grants, 0);
    CHECK_I64(seen_count, 0);

    SECTION("a grant opens the client, not the partner, until it expires");
    REQUIRE_OK(mend_emergency_open(&grant, db, a, reason, 10));
    CHECK_I64(seen_count, 1);
    CHECK_I64(seen_kind, MEND_EVENT_EMERGENCY_ACCESS);
    CHECK_I64(seen_record, grant);
    CHECK_I64(seen_client, a);
    REQUIRE_OK(mend_client_get(&rec, db, a));
    mend_client_free(rec);
    rec = NULL;
    CHECK_RC(mend_client_get(&rec, db, b), MEND_ENOTFOUND);
    REQUIRE_OK(mend_practice_set_now(db, "2027-01-05T12:10:00Z"));
    CHECK_RC(mend_client_get(&rec, db, a), MEND_ENOTFOUND);

    SECTION("the grant report");
    CHECK_RC(mend_emergency_list_json(&js, db), MEND_EDENIED);
    CHECK_NULL(js);
    REQUIRE_OK(mend_actor_set(db, s));
    REQUIRE_OK(mend_emergency_list_json(&js, db));
    CHECK_SUBSTR(js, "\"reason\":\"on-call crisis; lead clinician away\"");
    CHECK_SUBSTR(js, "\"clinician_name\":\"Yolanda\"");
    CHECK_SUBSTR(js, "\"expires_at\":\"2027-01-05T12:10:00.000000Z\"");
    CHECK_SUBSTR(js, "\"action\":\"emergency_access\"");
    CHECK_NO_SUBSTR(js, "Alex");
    mend_free(js);

    REQUIRE_OK(mend_actor_set(db, admin));
    REQUIRE_OK(mend_emergency_set_reason_min(db, 50));
    CHECK_RC(mend_emergency_set_reason_min(db, 0), MEND_EINVAL);
    REQUIRE_OK(mend_emergency_reason_min(&min, db));
    CHECK_I64(min, 50);

    mend_close(db);
    return t_finish();
}
