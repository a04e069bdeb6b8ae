/*
 * Authorisation and the audit log through the C API: who may see and change
 * what, that a refusal reveals nothing, that archived clinicians cannot act,
 * that every read and write leaves its event (refusals as "denied"), that
 * only supervisors and admins read the log, and that the database itself
 * refuses to change or delete audit events.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRET_GIVEN "Xanthippe"
#define SECRET_FAMILY "Quillfeather"

static void check_refusal_is_blank(mend_db* db) {
    CHECK_I64(mend_errcode(db), MEND_ENOTFOUND);
    CHECK_NO_SUBSTR(mend_errmsg(db), SECRET_GIVEN);
    CHECK_NO_SUBSTR(mend_errmsg(db), SECRET_FAMILY);
    CHECK_NO_SUBSTR(mend_errmsg(db), "ehr-secret");
    CHECK_NO_SUBSTR(mend_last_errmsg(), SECRET_GIVEN);
    CHECK(strcmp(mend_errmsg(db), "no error") != 0);
}

static int can_read_client(mend_db* db, int64_t id) {
    mend_client* c = NULL;
    int rc = mend_client_get(&c, db, id);
    if (rc != MEND_OK) CHECK_NULL(c);
    mend_client_free(c);
    return rc;
}

static void act(mend_db* db, int64_t who) {
    REQUIRE_OK(mend_actor_set(db, who));
}

int main(int argc, char** argv) {
    mend_db *db, *dby;
    int64_t admin = 0, x, y, s, secret, p1, p2, couple, conj, ind_p1, own_case = 0, id = 0;
    int64_t actor = 0;
    mend_clinician_fields cf = MEND_CLINICIAN_FIELDS_INIT;
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields pf = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields kf = MEND_CASE_FIELDS_INIT;
    mend_client* c = NULL;
    mend_couple* cp = NULL;
    mend_case* k = NULL;
    mend_clinician* cl = NULL;
    char* js = NULL;
    t_event* ev;
    int n = 0, i;
    long clients_seen;

    t_location(argc, argv, "capi_authz_audit.db");
    db = t_fresh_practice(&admin);

    SECTION("roles");
    x = t_clinician(db, "Clinician X", "clinician", "staff-x");
    y = t_clinician(db, "Clinician Y", "clinician", "staff-y");
    s = t_clinician(db, "Supervisor S", "supervisor", "staff-s");
    cf.display_name = "Not Allowed";
    act(db, x);
    CHECK_RC(mend_clinician_create(&id, db, &cf), MEND_EDENIED);
    CHECK_RC(mend_clinician_update(db, y, &cf), MEND_EDENIED);
    CHECK_RC(mend_clinician_archive(db, y), MEND_EDENIED);
    act(db, s);
    CHECK_RC(mend_clinician_create(&id, db, &cf), MEND_EDENIED);
    CHECK_RC(mend_clinician_update(db, x, &cf), MEND_EDENIED);
    /* Any actor reads the staff list. */
    act(db, y);
    CHECK_OK(mend_clinician_get(&cl, db, admin));
    mend_clinician_free(cl);
    cl = NULL;
    CHECK_OK(mend_clinician_get_external(&cl, db, "staff-s"));
    CHECK_STREQ(mend_clinician_role(cl), "supervisor");
    mend_clinician_free(cl);
    cl = NULL;

    SECTION("a clinician's own client");
    act(db, x);
    f.given_name = SECRET_GIVEN;
    f.family_name = SECRET_FAMILY;
    f.external_id = "ehr-secret";
    f.email = "xq@example.org";
    REQUIRE_OK(mend_client_create(&secret, db, &f));
    CHECK_OK(can_read_client(db, secret));
    f.given_name = NULL;
    f.family_name = NULL;
    f.external_id = NULL;
    f.email = NULL;
    f.pronouns = "she/her";
    CHECK_OK(mend_client_update(db, secret, &f));

    act(db, y);
    CHECK_RC(can_read_client(db, secret), MEND_ENOTFOUND);
    check_refusal_is_blank(db);
    c = (mend_client*)&c;
    CHECK_RC(mend_client_get_external(&c, db, "ehr-secret"), MEND_ENOTFOUND);
    CHECK_NULL(c);
    check_refusal_is_blank(db);
    f.pronouns = "they/them";
    CHECK_RC(mend_client_update(db, secret, &f), MEND_ENOTFOUND);
    check_refusal_is_blank(db);
    CHECK_RC(mend_client_archive(db, secret), MEND_ENOTFOUND);
    check_refusal_is_blank(db);
    CHECK_I64(t_count_clients(db, 1), 0);
    {
        int64_t mine = t_client(db, "Y's", "Client", NULL);
        pf.client_a_id = mine;
        pf.client_b_id = secret;
        pf.secrets_policy = "confidential";
        CHECK_RC(mend_couple_create(&id, db, &pf), MEND_ENOTFOUND);
        check_refusal_is_blank(db);
        kf.kind = "individual";
        kf.client_id = secret;
        CHECK_RC(mend_case_create(&id, db, &kf), MEND_ENOTFOUND);
        check_refusal_is_blank(db);
        CHECK_I64(t_count_clients(db, 1), 1);
    }

    act(db, s);
    CHECK_OK(can_read_client(db, secret));
    REQUIRE_OK(mend_client_get(&c, db, secret));
    CHECK_STREQ(mend_client_pronouns(c), "she/her"); /* Y's refused update changed nothing */
    mend_client_free(c);
    c = NULL;
    CHECK_I64(t_count_clients(db, 1), 2);

    SECTION("clients of a conjoint case the clinician leads");
    act(db, admin);
    p1 = t_client(db, "Partner", "One", NULL);
    p2 = t_client(db, "Partner", "Two", NULL);
    couple = t_couple(db, p1, p2, "limited_secrets");
    conj = t_conjoint_case(db, couple, x);
    ind_p1 = t_individual_case(db, p1, y);

    act(db, x);
    CHECK_OK(can_read_client(db, p1));
    CHECK_OK(can_read_client(db, p2));
    CHECK_OK(mend_couple_get(&cp, db, couple));
    mend_couple_free(cp);
    cp = NULL;
    CHECK_OK(mend_case_get(&k, db, conj));
    mend_case_free(k);
    k = NULL;
    CHECK_RC(mend_case_get(&k, db, ind_p1), MEND_ENOTFOUND); /* Y leads that one */
    CHECK_NULL(k);
    CHECK_I64(t_count_clients(db, 0), 3);
    /* A clinician opens cases only for themself, for clients they see. */
    kf = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    kf.kind = "individual";
    kf.client_id = secret;
    kf.primary_clinician_id = y;
    CHECK_RC(mend_case_create(&id, db, &kf), MEND_EDENIED);
    kf.primary_clinician_id = 0;
    REQUIRE_OK(mend_case_create(&own_case, db, &kf));
    /* Handing a case over is a supervisor's call. */
    kf = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    kf.primary_clinician_id = y;
    CHECK_RC(mend_case_update(db, conj, &kf), MEND_EDENIED);
    kf.primary_clinician_id = 0;
    kf.status = "on_hold";
    CHECK_OK(mend_case_update(db, conj, &kf));

    act(db, y);
    CHECK_OK(can_read_client(db, p1)); /* on Y's individual case */
    CHECK_RC(can_read_client(db, p2), MEND_ENOTFOUND);
    CHECK_RC(mend_couple_get(&cp, db, couple), MEND_ENOTFOUND);
    CHECK_RC(mend_case_get(&k, db, conj), MEND_ENOTFOUND);
    CHECK_OK(mend_case_get(&k, db, ind_p1));
    mend_case_free(k);
    k = NULL;
    CHECK_I64(t_count_clients(db, 0), 2); /* Y's own and p1 */

    act(db, s);
    kf = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    kf.primary_clinician_id = y;
    CHECK_OK(mend_case_update(db, own_case, &kf));
    clients_seen = t_count_clients(db, 1);
    CHECK_I64(clients_seen, 4);

    SECTION("the audit log: supervisors and admins only");
    act(db, x);
    js = (char*)&js;
    CHECK_RC(mend_audit_list_json(&js, db, 0, 100), MEND_EDENIED);
    CHECK_NULL(js);
    act(db, s);
    REQUIRE_OK(mend_audit_list_json(&js, db, 0, 10000));
    CHECK_NO_SUBSTR(js, SECRET_GIVEN);
    CHECK_NO_SUBSTR(js, SECRET_FAMILY);
    CHECK_NO_SUBSTR(js, "ehr-secret");
    CHECK_NO_SUBSTR(js, "xq@example.org");
    mend_free(js);
    js = NULL;
    CHECK_RC(mend_audit_list_json(&js, db, 0, 0), MEND_EINVAL);
    CHECK_RC(mend_audit_list_json(&js, db, 0, 10001), MEND_EINVAL);
    CHECK_RC(mend_audit_list_json(&js, db, -1, 10), MEND_EINVAL);
    CHECK_RC(mend_audit_list_json(NULL, db, 0, 10), MEND_EINVAL);
    CHECK_RC(mend_audit_list_json(&js, NULL, 0, 10), MEND_EINVAL);
    REQUIRE_OK(mend_audit_list_json(&js, db, 1000000, 10));
    CHECK_STREQ(js, "[]");
    mend_free(js);
    js = NULL;

    act(db, admin);
    ev = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(ev);
    CHECK(n > 20);
    /* seq runs 1..n without gaps, oldest first. */
    for (i = 0; i < n; ++i) {
        if (ev[i].seq != i + 1) {
            CHECK_I64(ev[i].seq, i + 1);
            break;
        }
        CHECK(strlen(ev[i].at) == 27 && ev[i].at[26] == 'Z');
        CHECK(strcmp(ev[i].outcome, "ok") == 0 || strcmp(ev[i].outcome, "denied") == 0 ||
              strcmp(ev[i].outcome, "not_found") == 0);
    }
    CHECK_I64(t_count_events(ev, n, "init", "practice", -1, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "create", "clinician", x, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "act_as", "clinician", x, "ok", x) >= 1, 1);
    CHECK_I64(t_count_events(ev, n, "create", "client", secret, "ok", x), 1);
    CHECK(t_count_events(ev, n, "read", "client", secret, "ok", x) >= 1);
    CHECK_I64(t_count_events(ev, n, "update", "client", secret, "ok", x), 1);
    /* Y's refusals: two reads (by id and by external id), an update, an archive. */
    CHECK_I64(t_count_events(ev, n, "read", "client", secret, "not_found", y), 2);
    CHECK_I64(t_count_events(ev, n, "update", "client", secret, "not_found", y), 1);
    CHECK_I64(t_count_events(ev, n, "archive", "client", secret, "not_found", y), 1);
    CHECK_I64(t_count_events(ev, n, "create", "client", secret, "not_found", y), 2);
    CHECK_I64(t_count_events(ev, n, NULL, NULL, -1, "ok", y) > 0, 1);
    CHECK_I64(t_count_events(ev, n, "create", "clinician", -1, "denied", x), 1);
    CHECK_I64(t_count_events(ev, n, "update", "clinician", y, "denied", x), 1);
    CHECK_I64(t_count_events(ev, n, "archive", "clinician", y, "denied", x), 1);
    CHECK_I64(t_count_events(ev, n, "create", "clinician", -1, "denied", s), 1);
    CHECK_I64(t_count_events(ev, n, "read", "audit_log", -1, "denied", x), 1);
    CHECK_I64(t_count_events(ev, n, "create", "couple", couple, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "create", "case", conj, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "read", "case", ind_p1, "not_found", x), 1);
    CHECK_I64(t_count_events(ev, n, "create", "case", -1, "denied", x), 1);
    CHECK_I64(t_count_events(ev, n, "update", "case", conj, "denied", x), 1);
    CHECK_I64(t_count_events(ev, n, "update", "case", conj, "ok", x), 1);
    CHECK_I64(t_count_events(ev, n, "update", "case", own_case, "ok", s), 1);
    CHECK_I64(t_count_events(ev, n, "read", "couple", couple, "not_found", y), 1);
    CHECK_I64(t_count_events(ev, n, "read", "case", conj, "not_found", y), 1);
    /* Every page the supervisor's iterator read was audited, one event a client. */
    CHECK(t_count_events(ev, n, "read", "client", p2, "ok", s) >= 1);
    CHECK(t_count_events(ev, n, "read", "client", -1, "ok", s) >= clients_seen);
    /* Clinician reads are not client reads. */
    CHECK_I64(t_count_events(ev, n, "read", "clinician", -1, NULL, -1), 0);
    free(ev);

    SECTION("a record the actor may not see answers as a missing one; both are audited");
    {
        char hidden[256];
        int64_t sess = 0, note = 0, hid = 0;
        /* Y's session and draft note on Y's case of p1, which X may not see. */
        act(db, y);
        sess = t_session(db, ind_p1, &p1, 1, 0, "90834", 45, 1, NULL);
        REQUIRE_OK(mend_note_create(&note, db, sess, "free", "{\"text\":\"alikecanary\"}"));
#define ALIKE(hidden_call, missing_call)                                                           \
    do {                                                                                           \
        CHECK_RC(hidden_call, MEND_ENOTFOUND);                                                     \
        snprintf(hidden, sizeof hidden, "%s", mend_errmsg(db));                                    \
        CHECK_RC(missing_call, MEND_ENOTFOUND);                                                    \
        CHECK_STREQ(mend_errmsg(db), hidden);                                                      \
    } while (0)
        act(db, x);
        hid = t_client(db, "Hidden", "Client", "ehr-alike");
        ALIKE(mend_case_get(&k, db, ind_p1), mend_case_get(&k, db, 999999));
        CHECK_STREQ(hidden, "no case has that id");
        ALIKE(mend_session_get_json(&js, db, sess), mend_session_get_json(&js, db, 999999));
        CHECK_STREQ(hidden, "no session has that id");
        CHECK_NULL(js);
        ALIKE(mend_note_get_json(&js, db, note), mend_note_get_json(&js, db, 999999));
        CHECK_STREQ(hidden, "no note has that id");
        ALIKE(mend_note_sign(db, note), mend_note_sign(db, 999999));
        CHECK_STREQ(hidden, "no note has that id");
        act(db, y);
        ALIKE(mend_client_get(&c, db, hid), mend_client_get(&c, db, 999999));
        CHECK_STREQ(hidden, "no client has that id");
        ALIKE(mend_client_get_external(&c, db, "ehr-alike"),
              mend_client_get_external(&c, db, "ehr-nobody"));
        CHECK_STREQ(hidden, "no client has that external id");
        ALIKE(mend_couple_get(&cp, db, couple), mend_couple_get(&cp, db, 999999));
        CHECK_STREQ(hidden, "no couple has that id");
        CHECK_NULL(c);
        CHECK_NULL(cp);
#undef ALIKE
        /* Visible but not the actor's to change: still refused as such. */
        act(db, s);
        CHECK_RC(mend_note_sign(db, note), MEND_EDENIED);
        CHECK_STREQ(mend_errmsg(db), "the acting clinician is not allowed to do this");

        act(db, s);
        ev = t_read_audit(db, &n);
        REQUIRE_NOT_NULL(ev);
        CHECK_I64(t_count_events(ev, n, "read", "case", ind_p1, "not_found", x), 2);
        CHECK_I64(t_count_events(ev, n, "read", "case", 999999, "not_found", x), 1);
        CHECK_I64(t_count_events(ev, n, "read", "session", sess, "not_found", x), 1);
        CHECK_I64(t_count_events(ev, n, "read", "session", 999999, "not_found", x), 1);
        CHECK_I64(t_count_events(ev, n, "read", "note", note, "not_found", x), 1);
        CHECK_I64(t_count_events(ev, n, "read", "note", 999999, "not_found", x), 1);
        CHECK_I64(t_count_events(ev, n, "sign", "note", note, "not_found", x), 1);
        CHECK_I64(t_count_events(ev, n, "sign", "note", 999999, "not_found", x), 1);
        CHECK_I64(t_count_events(ev, n, "read", "client", hid, "not_found", y), 2);
        CHECK_I64(t_count_events(ev, n, "read", "client", 999999, "not_found", y), 1);
        CHECK_I64(t_count_events(ev, n, "read", "client", 0, "not_found", y), 1);
        CHECK_I64(t_count_events(ev, n, "read", "couple", 999999, "not_found", y), 1);
        CHECK_I64(t_count_events(ev, n, "sign", "note", note, "denied", s), 1);
        free(ev);
    }

    SECTION("archive events; archived clinicians cannot act");
    act(db, x);
    REQUIRE_OK(mend_client_archive(db, secret));
    CHECK_OK(mend_client_archive(db, secret)); /* already archived: no second event */
    dby = t_open();
    REQUIRE_OK(mend_actor_set_external(dby, "staff-y"));
    CHECK_OK(can_read_client(dby, p1));
    act(db, admin);
    REQUIRE_OK(mend_clinician_archive(db, y));
    /* Y's open handle can no longer do anything. */
    CHECK_RC2(can_read_client(dby, p1), MEND_ENOACTOR, MEND_EDENIED);
    CHECK_NO_SUBSTR(mend_errmsg(dby), "Partner");
    f = (mend_client_fields)MEND_CLIENT_FIELDS_INIT;
    f.given_name = "New";
    f.family_name = "Client";
    CHECK_RC2(mend_client_create(&id, dby, &f), MEND_ENOACTOR, MEND_EDENIED);
    CHECK_I64(t_count_clients(dby, 1), -1);
    mend_close(dby);
    /* Nor can anyone act as Y; a refused mend_actor_set leaves the actor as it was. */
    CHECK_RC2(mend_actor_set(db, y), MEND_EDENIED, MEND_ENOACTOR);
    CHECK_RC2(mend_actor_set_external(db, "staff-y"), MEND_EDENIED, MEND_ENOACTOR);
    CHECK_OK(mend_actor_id(&actor, db));
    CHECK_I64(actor, admin);
    /* An archived clinician leads no new case. */
    kf = (mend_case_fields)MEND_CASE_FIELDS_INIT;
    kf.kind = "individual";
    kf.client_id = p2;
    kf.primary_clinician_id = y;
    CHECK_RC(mend_case_create(&id, db, &kf), MEND_ESTATE);

    ev = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(ev);
    CHECK_I64(t_count_events(ev, n, "archive", "client", secret, "ok", x), 1);
    CHECK_I64(t_count_events(ev, n, "archive", "clinician", y, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "read", "client", p1, NULL, y) >= 2, 1);
    free(ev);

    SECTION("the audit log is append-only in the database");
    {
        char err[512];
        long long before = -1, after = -2, changed = -1;
        CHECK(t_raw_int("SELECT COUNT(*) FROM audit_event", &before) == 0);
        CHECK(before > 0);
        CHECK(t_raw_exec("UPDATE audit_event SET action='x'", err, sizeof err) != 0);
        fprintf(stderr, "   UPDATE refused: %s\n", err);
        CHECK_SUBSTR(err, "append-only");
        CHECK(t_raw_exec("UPDATE audit_event SET outcome='ok' WHERE outcome='denied'", err,
                         sizeof err) != 0);
        CHECK(t_raw_exec("DELETE FROM audit_event", err, sizeof err) != 0);
        fprintf(stderr, "   DELETE refused: %s\n", err);
        CHECK_SUBSTR(err, "append-only");
        CHECK(t_raw_exec("DELETE FROM audit_event WHERE seq = 1", err, sizeof err) != 0);
        if (t_is_pg()) {
            CHECK(t_raw_exec("TRUNCATE audit_event", err, sizeof err) != 0);
            fprintf(stderr, "   TRUNCATE refused: %s\n", err);
        }
        CHECK(t_raw_int("SELECT COUNT(*) FROM audit_event", &after) == 0);
        CHECK_I64(after, before);
        CHECK(t_raw_int("SELECT COUNT(*) FROM audit_event WHERE action = 'x'", &changed) == 0);
        CHECK_I64(changed, 0);
        CHECK(t_raw_int("SELECT COUNT(*) FROM audit_event WHERE outcome = 'denied'", &changed) ==
              0);
        CHECK(changed > 0);
        /* mend still appends after the refused attempts. */
        CHECK_OK(can_read_client(db, p1));
        CHECK(t_raw_int("SELECT COUNT(*) FROM audit_event", &after) == 0);
        CHECK_I64(after, before + 1);
    }

    mend_close(db);
    return t_finish();
}
