/*
 * Audit reports through the C API (mend_audit_report_render): a client's
 * report lists exactly the events about that client's record with the right
 * actor, the actor and date filters narrow it, CSV is RFC 4180, paging
 * works, a plain clinician is refused (and audited as denied), and bad
 * options are refused without a report being written.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXEV 256

static int report_events(mend_db* db, const mend_audit_report_options* o, t_event* ev) {
    char* js = NULL;
    int n;
    REQUIRE_OK(mend_audit_report_render(&js, db, o));
    n = t_parse_audit(js, ev, MAXEV);
    mend_free(js);
    REQUIRE(n >= 0);
    return n;
}

static long long count_sql(const char* sql) {
    long long n = -1;
    REQUIRE(t_raw_int(sql, &n) == 0);
    return n;
}

int main(int argc, char** argv) {
    mend_db* db;
    int64_t admin = 0, x, y, s, a, b, c, couple, joint, c_case;
    mend_client* rec = NULL;
    mend_audit_report_options o = MEND_AUDIT_REPORT_OPTIONS_INIT;
    t_event* ev = calloc(MAXEV, sizeof *ev);
    int n, i;
    char* out = NULL;
    long long reports_before;

    REQUIRE_NOT_NULL(ev);
    t_location(argc, argv, "capi_audit_report.db");
    db = t_fresh_practice(&admin);
    x = t_clinician(db, "Dr \"Quinn\", PhD", "clinician", NULL);
    y = t_clinician(db, "Yolanda", "clinician", NULL);
    s = t_clinician(db, "Sam", "supervisor", NULL);
    a = t_client(db, "Alex", "A", NULL);
    b = t_client(db, "Blair", "B", NULL);
    c = t_client(db, "Casey", "C", NULL);
    couple = t_couple(db, a, b, "confidential");
    joint = t_conjoint_case(db, couple, x);
    c_case = t_individual_case(db, c, y);

    /* Quinn reads Alex on the 5th, Yolanda reads Casey on the 6th. */
    REQUIRE_OK(mend_actor_set(db, x));
    REQUIRE_OK(mend_practice_set_now(db, "2027-01-05T12:00:00Z"));
    REQUIRE_OK(mend_client_get(&rec, db, a));
    mend_client_free(rec);
    REQUIRE_OK(mend_actor_set(db, y));
    REQUIRE_OK(mend_practice_set_now(db, "2027-01-06T12:00:00Z"));
    REQUIRE_OK(mend_client_get(&rec, db, c));
    mend_client_free(rec);
    CHECK_RC(mend_client_get(&rec, db, a), MEND_ENOTFOUND);
    REQUIRE_OK(mend_actor_set(db, s));

    SECTION("by client");
    o.client_id = a;
    n = report_events(db, &o, ev);
    CHECK_I64(t_count_events(ev, n, "read", "client", a, "ok", x), 1);
    CHECK_I64(t_count_events(ev, n, "read", "client", a, "not_found", y), 1);
    CHECK_I64(t_count_events(ev, n, "create", "client", a, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "create", "couple", couple, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "create", "case", joint, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, NULL, "client", c, NULL, -1), 0);
    CHECK_I64(t_count_events(ev, n, NULL, "client", b, NULL, -1), 0);
    CHECK_I64(t_count_events(ev, n, NULL, "case", c_case, NULL, -1), 0);
    CHECK_I64(n, 5);
    for (i = 1; i < n; ++i)
        CHECK(ev[i - 1].seq < ev[i].seq);

    SECTION("by actor and date");
    o = (mend_audit_report_options)MEND_AUDIT_REPORT_OPTIONS_INIT;
    o.actor_id = y;
    n = report_events(db, &o, ev);
    CHECK(n >= 3);
    CHECK_I64(t_count_events(ev, n, NULL, NULL, -1, NULL, y), n);
    CHECK_I64(t_count_events(ev, n, "read", "client", c, "ok", y), 1);
    o.actor_id = 0;
    o.from = "2027-01-06";
    o.to = "2027-01-06";
    n = report_events(db, &o, ev);
    CHECK_I64(t_count_events(ev, n, "read", "client", c, "ok", y), 1);
    CHECK_I64(t_count_events(ev, n, "read", "client", a, "not_found", y), 1);
    CHECK_I64(t_count_events(ev, n, "read", "client", a, "ok", x), 0);
    o.from = "2027-01-05";
    o.to = "2027-01-05";
    n = report_events(db, &o, ev);
    CHECK_I64(t_count_events(ev, n, "read", "client", a, "ok", x), 1);
    CHECK_I64(t_count_events(ev, n, "read", "client", c, NULL, -1), 0);

    SECTION("paging");
    o = (mend_audit_report_options)MEND_AUDIT_REPORT_OPTIONS_INIT;
    o.client_id = a;
    o.limit = 2;
    n = report_events(db, &o, ev);
    CHECK_I64(n, 2);
    o.after_seq = ev[1].seq;
    o.limit = 10;
    n = report_events(db, &o, ev);
    CHECK_I64(n, 3);

    SECTION("CSV");
    o = (mend_audit_report_options)MEND_AUDIT_REPORT_OPTIONS_INIT;
    o.client_id = a;
    o.actor_id = x;
    o.format = MEND_AUDIT_REPORT_CSV;
    REQUIRE_OK(mend_audit_report_render(&out, db, &o));
#define CSV_HEADER "seq,at,actor_id,actor_name,action,object_type,object_id,outcome\r\n"
    CHECK(strncmp(out, CSV_HEADER, strlen(CSV_HEADER)) == 0);
    CHECK_SUBSTR(out, ",\"Dr \"\"Quinn\"\", PhD\",read,client,");
    CHECK_SUBSTR(out, ",ok\r\n");
    CHECK_NO_SUBSTR(out, "Alex");
    mend_free(out);
    out = NULL;

    SECTION("NULL options: every event, as JSON");
    REQUIRE_OK(mend_audit_report_render(&out, db, NULL));
    CHECK(out[0] == '[');
    CHECK_SUBSTR(out, "\"actor_name\":\"Yolanda\"");
    CHECK_NO_SUBSTR(out, "Casey");
    mend_free(out);
    out = NULL;

    SECTION("refusals");
    reports_before = count_sql("SELECT COUNT(*) FROM audit_event WHERE action = 'report'"
                               " AND object_type = 'audit_log'");
    o = (mend_audit_report_options)MEND_AUDIT_REPORT_OPTIONS_INIT;
    o.client_id = a + 1000;
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_ENOTFOUND);
    CHECK_NULL(out);
    o.client_id = 0;
    o.from = "2027-13-01";
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_EINVAL);
    o.from = "2027-01-06";
    o.to = "2027-01-05";
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_EINVAL);
    o.from = o.to = NULL;
    o.format = 7;
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_EINVAL);
    o.format = MEND_AUDIT_REPORT_JSON;
    o.limit = 10001;
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_EINVAL);
    o.limit = -1;
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_EINVAL);
    o.limit = 0;
    o.version = 99;
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_EINVAL);
    o.version = MEND_AUDIT_REPORT_OPTIONS_VERSION;
    CHECK_RC(mend_audit_report_render(NULL, db, &o), MEND_EINVAL);
    CHECK_I64(count_sql("SELECT COUNT(*) FROM audit_event WHERE action = 'report'"
                        " AND object_type = 'audit_log'"),
              reports_before);
    CHECK_NULL(out);

    REQUIRE_OK(mend_actor_set(db, x));
    CHECK_RC(mend_audit_report_render(&out, db, &o), MEND_EDENIED);
    CHECK_NULL(out);
    CHECK_I64(count_sql("SELECT COUNT(*) FROM audit_event WHERE action = 'report'"
                        " AND object_type = 'audit_log' AND outcome = 'denied'"),
              1);

    free(ev);
    mend_close(db);
    return t_finish();
}
