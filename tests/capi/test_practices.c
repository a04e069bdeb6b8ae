/*
 * Practices per PostgreSQL schema (issue 16): mend_open_options.practice and
 * "?practice=NAME" in the URL open one practice; MEND_OPEN_CREATE makes its
 * schema; two practices in one database keep their records apart;
 * mend_practice_list_json lists them with their schema versions; names are
 * checked; the options of version 4 are range-checked. On SQLite a practice
 * option is refused (a SQLite practice is its file).
 */
#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* where;

static mend_db* open_practice(const char* url, const char* practice, unsigned int flags, int* rc) {
    mend_db* db = NULL;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    o.practice = practice;
    o.flags = flags;
    *rc = mend_open(&db, url, &o);
    return db;
}

static void drop_practices(void) {
    char err[256];
    REQUIRE(t_raw_exec("DROP SCHEMA IF EXISTS alpha CASCADE; DROP SCHEMA IF EXISTS beta CASCADE",
                       err, sizeof err) == 0);
}

static int64_t setup(mend_db* db, const char* name) {
    mend_clinician_fields a = MEND_CLINICIAN_FIELDS_INIT;
    int64_t admin = 0;
    a.display_name = "Dr. Admin";
    REQUIRE_OK(mend_practice_init(&admin, db, name, &a));
    return admin;
}

static void test_sqlite(void) {
    mend_db* db;
    char* js = NULL;
    int rc;
    SECTION("SQLite: a practice is its file");
    db = open_practice(where, "alpha", MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    CHECK_NULL(db);
    CHECK_SUBSTR(mend_last_errmsg(), "SQLite");
    /* Invalid UTF-8 is refused as such on either backend. */
    db = open_practice(where, "caf\xc3", MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EENCODING);
    CHECK_NULL(db);
    CHECK_RC(mend_practice_list_json(&js, where, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    /* The flags and timeouts of version 4 are PostgreSQL's: ignored here. */
    db = open_practice(where, NULL, MEND_OPEN_CREATE | MEND_OPEN_TRANSACTION_POOLING, &rc);
    CHECK_OK(rc);
    mend_close(db);
}

static void test_names(void) {
    static const char* bad[] = {"",         "Alpha", "1abc", "pg_x", "a-b",
                                "a b",      "a;b",   "é",    "x\"y", "information_schema",
                                "_leading", NULL};
    char long_name[80], url[600];
    mend_db* db;
    int rc, i;
    SECTION("practice names: a-z, 0-9 and _, starting with a letter");
    for (i = 0; bad[i]; ++i) {
        db = open_practice(where, bad[i], MEND_OPEN_CREATE, &rc);
        CHECK_RC(rc, MEND_EINVAL);
        CHECK_NULL(db);
    }
    /* Cut-short UTF-8 is refused as such, as every string of the API is. */
    db = open_practice(where, "caf\xc3", MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EENCODING);
    CHECK_NULL(db);
    memset(long_name, 'a', 64);
    long_name[64] = 0;
    db = open_practice(where, long_name, MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    /* The URL's parameter is checked the same way, and must agree with the option. */
    snprintf(url, sizeof url, "%s?practice=Bad-Name", where);
    db = open_practice(url, NULL, MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    snprintf(url, sizeof url, "%s?practice=alpha", where);
    db = open_practice(url, "beta", MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    CHECK_SUBSTR(mend_last_errmsg(), "differ");
    snprintf(url, sizeof url, "%s?practice=alpha&practice=beta", where);
    db = open_practice(url, NULL, MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    snprintf(url, sizeof url, "%s?practice=", where);
    db = open_practice(url, NULL, MEND_OPEN_CREATE, &rc);
    CHECK_RC(rc, MEND_EINVAL);
    {
        long long schemas = -1;
        CHECK(t_raw_int("SELECT COUNT(*) FROM pg_namespace WHERE nspname IN ('alpha', 'beta')",
                        &schemas) == 0);
        CHECK_I64(schemas, 0); /* nothing was created by a refused open */
    }
}

static void test_timeouts(void) {
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    mend_db* db = NULL;
    SECTION("connect and statement timeouts are range-checked");
    o.connect_timeout_s = -1;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.connect_timeout_s = 3601;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.connect_timeout_s = 0;
    o.statement_timeout_ms = -5;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.statement_timeout_ms = 3600001;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.flags = 0x4u;
    o.statement_timeout_ms = 0;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    CHECK_NULL(db);
    /* A server that is not there: MEND_ECONNECTION within the connect timeout. */
    o.flags = 0;
    o.connect_timeout_s = 2;
    CHECK_RC(mend_open(&db, "postgresql://mend@127.0.0.1:1/none", &o), MEND_ECONNECTION);
    CHECK_SUBSTR(mend_last_errmsg(), "cannot connect");
}

static void test_two_practices(void) {
    mend_db *alpha, *beta, *again;
    char url[600], *js = NULL;
    int rc, version = 0;
    int64_t admin_a, admin_b, id = 0;
    long long n = -1;

    SECTION("a practice that does not exist is not created without MEND_OPEN_CREATE");
    alpha = open_practice(where, "alpha", 0, &rc);
    CHECK_RC(rc, MEND_ENOTFOUND);
    CHECK_SUBSTR(mend_last_errmsg(), "practice alpha");
    CHECK(t_raw_int("SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'alpha'", &n) == 0);
    CHECK_I64(n, 0);

    SECTION("two practices in one database, by option and by URL");
    alpha = open_practice(where, "alpha", MEND_OPEN_CREATE, &rc);
    REQUIRE_OK(rc);
    admin_a = setup(alpha, "Alpha Practice");
    snprintf(url, sizeof url, "%s?practice=beta", where);
    beta = open_practice(url, NULL, MEND_OPEN_CREATE, &rc);
    REQUIRE_OK(rc);
    admin_b = setup(beta, "Beta Practice");
    CHECK_OK(mend_db_schema_version(&version, alpha));
    t_client(alpha, "Alma", "Alpha", "a-1");
    t_client(alpha, "Alfie", "Alpha", "shared-ext");
    t_client(beta, "Bea", "Beta", "shared-ext"); /* external ids are per practice */
    CHECK(t_count_clients(alpha, 1) == 2);
    CHECK(t_count_clients(beta, 1) == 1);
    {
        mend_client* c = NULL;
        CHECK_RC(mend_client_get_external(&c, beta, "a-1"), MEND_ENOTFOUND);
        CHECK_OK(mend_client_get_external(&c, beta, "shared-ext"));
        if (c) CHECK_STREQ(mend_client_given_name(c), "Bea");
        mend_client_free(c);
    }
    /* The rows are in each practice's schema, none in public. */
    CHECK(t_raw_int("SELECT COUNT(*) FROM alpha.client", &n) == 0);
    CHECK_I64(n, 2);
    CHECK(t_raw_int("SELECT COUNT(*) FROM beta.client", &n) == 0);
    CHECK_I64(n, 1);
    CHECK(t_raw_int("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
                    &n) == 0);
    CHECK_I64(n, 0);
    CHECK(t_raw_int("SELECT COUNT(*) FROM alpha.audit_event", &n) == 0);
    CHECK(n > 0);
    (void)admin_b;

    SECTION("reopened by option and by URL, each finds its own");
    again = open_practice(url, "beta", 0, &rc); /* both ways, agreeing */
    REQUIRE_OK(rc);
    REQUIRE_OK(mend_actor_set(again, admin_b));
    CHECK(t_count_clients(again, 1) == 1);
    mend_close(again);
    again = open_practice(where, "alpha", 0, &rc);
    REQUIRE_OK(rc);
    REQUIRE_OK(mend_actor_set(again, admin_a));
    CHECK(t_count_clients(again, 1) == 2);
    CHECK(t_check_verified(again));
    mend_close(again);

    SECTION("mend_practice_list_json");
    CHECK_RC(mend_practice_list_json(NULL, where, NULL), MEND_EINVAL);
    CHECK_RC(mend_practice_list_json(&js, NULL, NULL), MEND_EINVAL);
    CHECK_NULL(js);
    REQUIRE_OK(mend_practice_list_json(&js, where, NULL));
    {
        char expect[160];
        snprintf(expect, sizeof expect,
                 "{\"needs_migration\":false,\"practice\":\"alpha\",\"schema_version\":%d}",
                 version);
        CHECK_SUBSTR(js, expect);
        snprintf(expect, sizeof expect,
                 "{\"needs_migration\":false,\"practice\":\"beta\",\"schema_version\":%d}",
                 version);
        CHECK_SUBSTR(js, expect);
        snprintf(expect, sizeof expect, "\"latest_schema_version\":%d", version);
        CHECK_SUBSTR(js, expect);
    }
    CHECK_NO_SUBSTR(js, "public");
    mend_free(js);
    js = NULL;

    SECTION(
        "a practice one version behind is listed as needing migration, and opening migrates it");
    mend_close(alpha);
    {
        char err[256], sql[256];
        snprintf(sql, sizeof sql,
                 "DROP TABLE alpha.key_job; DELETE FROM alpha.mend_schema WHERE version = %d",
                 version);
        REQUIRE(t_raw_exec(sql, err, sizeof err) == 0);
    }
    REQUIRE_OK(mend_practice_list_json(&js, where, NULL));
    {
        char expect[160];
        snprintf(expect, sizeof expect,
                 "{\"needs_migration\":true,\"practice\":\"alpha\",\"schema_version\":%d}",
                 version - 1);
        CHECK_SUBSTR(js, expect);
    }
    mend_free(js);
    js = NULL;
    alpha = open_practice(where, "alpha", 0, &rc);
    REQUIRE_OK(rc);
    CHECK_OK(mend_db_schema_version(&rc, alpha));
    CHECK_I64(rc, version);
    REQUIRE_OK(mend_actor_set(alpha, admin_a));
    CHECK(t_count_clients(alpha, 1) == 2);
    id = t_client(alpha, "After", "Migration", "a-2");
    CHECK(id > 0);
    mend_close(alpha);
    mend_close(beta);
}

/* Ends every other client connection to the test database (the handle's,
 * its read journal's), as a server restart would. */
static void terminate_connections(void) {
    char err[256];
    REQUIRE(t_raw_exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                       "AND backend_type = 'client backend'",
                       err, sizeof err) == 0);
}

static void test_connection_lost(void) {
    mend_db* db;
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    mend_client* c = NULL;
    int64_t admin = 0, id = 0, kept;
    int version = 0, n = 0;
    t_event* events;
    f.given_name = "After";
    f.family_name = "Loss";
    f.external_id = "lost-2";

    SECTION("a connection lost inside the host's transaction: MEND_ECONNECTION until it ends, "
            "never a call on a new connection outside it; nothing of it commits");
    t_reset();
    db = t_fresh_practice(&admin);
    kept = t_client(db, "Before", "Loss", "lost-0");
    REQUIRE_OK(mend_transaction_begin(db));
    (void)t_client(db, "Inside", "Lost", "lost-1");
    /* A read inside it: journalled, settled when the transaction ends. */
    REQUIRE_OK(mend_client_get_external(&c, db, "lost-0"));
    mend_client_free(c);
    c = NULL;
    terminate_connections();
    CHECK_RC(mend_client_create(&id, db, &f), MEND_ECONNECTION);
    CHECK_SUBSTR(mend_errmsg(db), "roll the transaction back");
    /* A plain read (no unit of work) does not connect again inside it... */
    CHECK_RC(mend_db_schema_version(&version, db), MEND_ECONNECTION);
    CHECK_SUBSTR(mend_errmsg(db), "roll the transaction back");
    /* ...so the next write is not made outside the host's transaction. */
    CHECK_RC(mend_client_create(&id, db, &f), MEND_ECONNECTION);
    CHECK_I64(mend_transaction_active(db), 1);
    /* The commit cannot commit: it says so, and the transaction is over. */
    CHECK_RC(mend_transaction_commit(db), MEND_ECONNECTION);
    CHECK_SUBSTR(mend_errmsg(db), "nothing of it was committed");
    CHECK_I64(mend_transaction_active(db), 0);
    /* The next call connects again. */
    CHECK_OK(mend_db_schema_version(&version, db));
    CHECK(version > 0);
    CHECK_RC(mend_client_get_external(&c, db, "lost-1"), MEND_ENOTFOUND);
    CHECK_RC(mend_client_get_external(&c, db, "lost-2"), MEND_ENOTFOUND);
    CHECK_OK(mend_client_get_external(&c, db, "lost-0"));
    mend_client_free(c);
    c = NULL;
    /* The read inside the lost transaction was journalled: it is in the
     * audit chain, beside the one just made. */
    events = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(events);
    CHECK_I64(t_count_events(events, n, "read", "client", kept, "ok", admin), 2);
    free(events);

    SECTION("... and rolled back by the host: the next call connects again");
    REQUIRE_OK(mend_transaction_begin(db));
    (void)t_client(db, "Inside", "Lost", "lost-3");
    terminate_connections();
    CHECK_OK(mend_transaction_rollback(db));
    CHECK_OK(mend_client_create(&id, db, &f));
    CHECK(id > 0);
    CHECK_RC(mend_client_get_external(&c, db, "lost-3"), MEND_ENOTFOUND);
    CHECK(t_check_verified(db));
    mend_close(db);
}

int main(int argc, char** argv) {
    where = t_location(argc, argv, "capi_practices.db");
    if (!t_is_pg()) {
        t_reset();
        test_sqlite();
        return t_finish();
    }
    t_reset();
    drop_practices();
    test_names();
    test_timeouts();
    test_two_practices();
    drop_practices();
    test_connection_lost();
    return t_finish();
}
