/*
 * The host's transactions through the C API: mend_transaction_begin / mend_transaction_commit /
 * mend_transaction_rollback, their state errors, a failing call inside a transaction
 * (which changes nothing and leaves the transaction open and usable),
 * mend_close rolling back, and the audit log's sequence staying gapless.
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int exists(mend_db* db, int64_t id) {
    mend_client* c = NULL;
    int rc = mend_client_get(&c, db, id);
    mend_client_free(c);
    if (rc != MEND_OK && rc != MEND_ENOTFOUND) CHECK_RC(rc, MEND_ENOTFOUND);
    return rc == MEND_OK;
}

static int64_t client_in_tx(mend_db* db, const char* given, const char* ext) {
    return t_client(db, given, "Transaction", ext);
}

static void check_gapless_audit(mend_db* db) {
    int n = 0, i;
    t_event* ev = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(ev);
    for (i = 0; i < n; ++i)
        if (ev[i].seq != i + 1) {
            CHECK_I64(ev[i].seq, i + 1);
            break;
        }
    free(ev);
}

int main(int argc, char** argv) {
    const char* where;
    mend_db *db, *other;
    int64_t admin = 0, x, a, b, c, keep, ids[3], id = 0;
    long base;
    int i, n = 0;
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields pf = MEND_COUPLE_FIELDS_INIT;
    t_event* ev;

    where = t_location(argc, argv, "capi_transactions.db");
    db = t_fresh_practice(&admin);
    x = t_clinician(db, "Other Clinician", "clinician", "staff-x");
    keep = t_client(db, "Already", "Here", "ext-keep");

    SECTION("state errors");
    CHECK_I64(mend_transaction_active(db), 0);
    CHECK_RC(mend_transaction_commit(db), MEND_ESTATE);
    CHECK_RC(mend_transaction_rollback(db), MEND_ESTATE);
    CHECK_RC(mend_transaction_begin(NULL), MEND_EINVAL);
    CHECK_RC(mend_transaction_commit(NULL), MEND_EINVAL);
    CHECK_RC(mend_transaction_rollback(NULL), MEND_EINVAL);
    base = t_count_clients(db, 1);
    CHECK_I64(base, 1);

    SECTION("begin, creates, rollback: none exist");
    REQUIRE_OK(mend_transaction_begin(db));
    CHECK_I64(mend_transaction_active(db), 1);
    CHECK_RC(mend_transaction_begin(db), MEND_ESTATE); /* no nesting ... */
    CHECK_I64(mend_transaction_active(db), 1);         /* ... and the open one stays open */
    a = client_in_tx(db, "Rolled", "ext-a");
    b = client_in_tx(db, "Back", "ext-b");
    c = client_in_tx(db, "Away", NULL);
    pf.client_a_id = a;
    pf.client_b_id = b;
    pf.secrets_policy = "no_secrets";
    REQUIRE_OK(mend_couple_create(&id, db, &pf));
    t_conjoint_case(db, id, admin);
    CHECK(exists(db, a) && exists(db, b) && exists(db, c)); /* visible inside */
    CHECK_I64(t_count_clients(db, 1), base + 3);
    REQUIRE_OK(mend_transaction_rollback(db));
    CHECK_I64(mend_transaction_active(db), 0);
    CHECK(!exists(db, a));
    CHECK(!exists(db, b));
    CHECK(!exists(db, c));
    CHECK_I64(t_count_clients(db, 1), base);
    {
        mend_couple* cp = NULL;
        CHECK_RC(mend_couple_get(&cp, db, id), MEND_ENOTFOUND);
    }
    CHECK_RC(mend_transaction_commit(db), MEND_ESTATE);
    /* The external ids are free again. */
    a = t_client(db, "Free", "Again", "ext-a");
    REQUIRE_OK(mend_client_archive(db, a));
    base += 1;

    SECTION("begin, creates, commit: all exist");
    REQUIRE_OK(mend_transaction_begin(db));
    for (i = 0; i < 3; ++i) {
        char name[16];
        snprintf(name, sizeof name, "Kept%d", i);
        ids[i] = client_in_tx(db, name, NULL);
    }
    REQUIRE_OK(mend_transaction_commit(db));
    CHECK_I64(mend_transaction_active(db), 0);
    for (i = 0; i < 3; ++i)
        CHECK(exists(db, ids[i]));
    CHECK_I64(t_count_clients(db, 1), base + 3);
    base += 3;
    CHECK_RC(mend_transaction_rollback(db), MEND_ESTATE);

    SECTION("a failing call inside a transaction");
    REQUIRE_OK(mend_transaction_begin(db));
    a = client_in_tx(db, "Before", "ext-before");
    f.given_name = "Bad";
    f.family_name = "Date";
    f.date_of_birth = "2026-02-30";
    CHECK_RC(mend_client_create(&id, db, &f), MEND_EINVAL);
    CHECK_I64(mend_transaction_active(db), 1);
    f.date_of_birth = NULL;
    f.external_id = "ext-before"; /* taken inside this transaction */
    CHECK_RC(mend_client_create(&id, db, &f), MEND_EEXISTS);
    CHECK_I64(mend_transaction_active(db), 1);
    f.external_id = "ext-keep";
    CHECK_RC(mend_client_update(db, a, &f), MEND_EEXISTS);
    f.external_id = NULL;
    f.given_name = "\xED\xA0\x80";
    CHECK_RC(mend_client_update(db, a, &f), MEND_EENCODING);
    CHECK_RC(mend_client_update(db, 987654, &f), MEND_ENOTFOUND);
    pf.client_a_id = a;
    pf.client_b_id = 987654;
    CHECK_RC(mend_couple_create(&id, db, &pf), MEND_ENOTFOUND);
    /* A refusal inside the transaction. */
    REQUIRE_OK(mend_actor_set(db, x));
    {
        mend_client* cl = NULL;
        CHECK_RC(mend_client_get(&cl, db, a), MEND_ENOTFOUND);
        CHECK_NULL(cl);
    }
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_I64(mend_transaction_active(db), 1);
    /* The earlier work is intact, and the transaction goes on. */
    CHECK(exists(db, a));
    f = (mend_client_fields)MEND_CLIENT_FIELDS_INIT;
    f.pronouns = "he/him";
    CHECK_OK(mend_client_update(db, a, &f));
    b = client_in_tx(db, "After", "ext-after");
    REQUIRE_OK(mend_transaction_commit(db));
    CHECK(exists(db, a));
    CHECK(exists(db, b));
    {
        mend_client* cl = NULL;
        REQUIRE_OK(mend_client_get(&cl, db, a));
        CHECK_STREQ(mend_client_given_name(cl), "Before");
        CHECK_STREQ(mend_client_pronouns(cl), "he/him");
        CHECK_STREQ(mend_client_external_id(cl), "ext-before");
        mend_client_free(cl);
    }
    CHECK_I64(t_count_clients(db, 1), base + 2);
    base += 2;
    ev = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(ev);
    /* The refusal inside the committed transaction was audited. */
    CHECK_I64(t_count_events(ev, n, "read", "client", a, "not_found", x), 1);
    CHECK_I64(t_count_events(ev, n, "update", "client", a, "ok", admin), 1);
    CHECK_I64(t_count_events(ev, n, "create", "client", b, "ok", admin), 1);
    free(ev);

    SECTION("a failing call, then rollback");
    REQUIRE_OK(mend_transaction_begin(db));
    a = client_in_tx(db, "Doomed", "ext-doomed");
    f = (mend_client_fields)MEND_CLIENT_FIELDS_INIT;
    f.given_name = "";
    CHECK_RC(mend_client_update(db, a, &f), MEND_EINVAL);
    REQUIRE_OK(mend_transaction_rollback(db));
    CHECK(!exists(db, a));
    CHECK_I64(t_count_clients(db, 1), base);

    SECTION("mend_close rolls back an open transaction");
    REQUIRE_OK(mend_transaction_begin(db));
    a = client_in_tx(db, "Unfinished", "ext-unfinished");
    mend_close(db);
    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK(!exists(db, a));
    CHECK_I64(t_count_clients(db, 1), base);
    CHECK_I64(mend_transaction_active(db), 0);

    SECTION("another handle waits for the transaction (SQLite)");
    if (!t_is_pg()) {
        mend_open_options o = MEND_OPEN_OPTIONS_INIT;
        o.busy_timeout_ms = 200;
        other = NULL;
        REQUIRE_OK(mend_open(&other, where, &o));
        REQUIRE_OK(mend_actor_set(other, admin));
        REQUIRE_OK(mend_transaction_begin(db));
        a = client_in_tx(db, "Pending", NULL);
        f = (mend_client_fields)MEND_CLIENT_FIELDS_INIT;
        f.given_name = "Waiting";
        f.family_name = "Writer";
        CHECK_RC(mend_client_create(&id, other, &f), MEND_EBUSY);
        {
            mend_client* cl = NULL;
            CHECK_RC(mend_client_get(&cl, other, keep), MEND_EBUSY);
            CHECK_NULL(cl);
        }
        REQUIRE_OK(mend_transaction_commit(db));
        CHECK(exists(other, a));
        mend_close(other);
        base += 1;
    }

    SECTION("reads and refusals in a rolled-back transaction stay audited");
    {
        /* The host saw the record (or was refused) whatever it does with
         * its transaction afterwards: audit.h promises an event for every
         * read, and the facade that a refusal always leaves one. */
        int reads0, denied0, reads1, denied1;
        ev = t_read_audit(db, &n);
        REQUIRE_NOT_NULL(ev);
        reads0 = t_count_events(ev, n, "read", "client", keep, "ok", admin);
        denied0 = t_count_events(ev, n, "read", "client", keep, "not_found", x);
        free(ev);
        REQUIRE_OK(mend_transaction_begin(db));
        CHECK(exists(db, keep));
        REQUIRE_OK(mend_actor_set(db, x));
        {
            mend_client* cl = NULL;
            CHECK_RC(mend_client_get(&cl, db, keep), MEND_ENOTFOUND);
        }
        REQUIRE_OK(mend_actor_set(db, admin));
        REQUIRE_OK(mend_transaction_rollback(db));
        ev = t_read_audit(db, &n);
        REQUIRE_NOT_NULL(ev);
        reads1 = t_count_events(ev, n, "read", "client", keep, "ok", admin);
        denied1 = t_count_events(ev, n, "read", "client", keep, "not_found", x);
        free(ev);
        LIBRARY_BUG("mend_transaction_rollback() discards the audit events of reads and refusals");
        CHECK_I64(reads1, reads0 + 1);
        LIBRARY_BUG("mend_transaction_rollback() discards the audit events of reads and refusals");
        CHECK_I64(denied1, denied0 + 1);
    }

    SECTION("inside a transaction, a change to the actor's own role applies to the next call");
    {
        int64_t second = t_clinician(db, "Second Admin", "admin", "staff-second"), made = 0;
        mend_clinician_fields cf = MEND_CLINICIAN_FIELDS_INIT;
        REQUIRE_OK(mend_transaction_begin(db));
        REQUIRE_OK(mend_actor_set(db, second));
        cf.display_name = "Made While Admin";
        CHECK_OK(mend_clinician_create(&made, db, &cf)); /* the actor is read: an admin */
        cf = (mend_clinician_fields)MEND_CLINICIAN_FIELDS_INIT;
        cf.role = "clinician";
        REQUIRE_OK(mend_clinician_update(db, second, &cf));
        cf = (mend_clinician_fields)MEND_CLINICIAN_FIELDS_INIT;
        cf.display_name = "Made After";
        CHECK_RC(mend_clinician_create(&made, db, &cf), MEND_EDENIED);
        REQUIRE_OK(mend_transaction_rollback(db));
        /* Rolled back: an admin again, outside a transaction and in a new one. */
        CHECK_OK(mend_clinician_create(&made, db, &cf));
        REQUIRE_OK(mend_transaction_begin(db));
        cf.display_name = "Made In Another";
        CHECK_OK(mend_clinician_create(&made, db, &cf));
        REQUIRE_OK(mend_transaction_rollback(db));
        REQUIRE_OK(mend_actor_set(db, admin));
    }

    SECTION("the audit log has no gaps after rollbacks");
    check_gapless_audit(db);
    CHECK_I64(t_count_clients(db, 1), base);
    mend_close(db);
    return t_finish();
}
