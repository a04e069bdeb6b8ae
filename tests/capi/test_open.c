/*
 * Opening a practice database: versions, error names, open options,
 * mend_open's failures and mend_last_errmsg(), the practice's setup, the
 * actor, reopening, SQLite's settings and busy timeout, and a schema from a
 * newer mend (MEND_ESCHEMA, database left as it was); opening never creates
 * a database without MEND_OPEN_CREATE, and never changes another
 * application's database or a damaged file.
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_version(void) {
    char expected[32];
    SECTION("version");
    CHECK_STREQ(mend_version(), MEND_VERSION_STRING);
    CHECK_I64(mend_version_number(), MEND_VERSION_NUMBER);
    snprintf(expected, sizeof expected, "%d.%d.%d", MEND_VERSION_MAJOR, MEND_VERSION_MINOR,
             MEND_VERSION_PATCH);
    CHECK_STREQ(mend_version(), expected);
    CHECK_I64(MEND_VERSION_NUMBER,
              MEND_VERSION_MAJOR * 1000000 + MEND_VERSION_MINOR * 1000 + MEND_VERSION_PATCH);
}

static void test_errstr(void) {
    static const struct {
        int code;
        const char* name;
    } names[] = {
        {MEND_OK, "MEND_OK"},
        {MEND_ITEROVER, "MEND_ITEROVER"},
        {MEND_ERROR, "MEND_ERROR"},
        {MEND_EINVAL, "MEND_EINVAL"},
        {MEND_EENCODING, "MEND_EENCODING"},
        {MEND_ENOTFOUND, "MEND_ENOTFOUND"},
        {MEND_EDENIED, "MEND_EDENIED"},
        {MEND_ENOACTOR, "MEND_ENOACTOR"},
        {MEND_EEXISTS, "MEND_EEXISTS"},
        {MEND_ECONSTRAINT, "MEND_ECONSTRAINT"},
        {MEND_ESCHEMA, "MEND_ESCHEMA"},
        {MEND_EBUSY, "MEND_EBUSY"},
        {MEND_ENOMEM, "MEND_ENOMEM"},
        {MEND_ESTORE, "MEND_ESTORE"},
        {MEND_ESTATE, "MEND_ESTATE"},
        {MEND_EGATE, "MEND_EGATE"},
        {MEND_ECONFLICT, "MEND_ECONFLICT"},
        {MEND_EKEY, "MEND_EKEY"},
        {MEND_ECONNECTION, "MEND_ECONNECTION"},
    };
    size_t i;
    SECTION("mend_errstr");
    /* The codes are part of the ABI: never renumbered. */
    CHECK_I64(MEND_OK, 0);
    CHECK_I64(MEND_ITEROVER, 1);
    CHECK_I64(MEND_ERROR, -1);
    CHECK_I64(MEND_EINVAL, -2);
    CHECK_I64(MEND_EENCODING, -3);
    CHECK_I64(MEND_ENOTFOUND, -4);
    CHECK_I64(MEND_EDENIED, -5);
    CHECK_I64(MEND_ENOACTOR, -6);
    CHECK_I64(MEND_EEXISTS, -7);
    CHECK_I64(MEND_ECONSTRAINT, -8);
    CHECK_I64(MEND_ESCHEMA, -9);
    CHECK_I64(MEND_EBUSY, -10);
    CHECK_I64(MEND_ENOMEM, -11);
    CHECK_I64(MEND_ESTORE, -12);
    CHECK_I64(MEND_ESTATE, -13);
    CHECK_I64(MEND_EGATE, -14);
    CHECK_I64(MEND_ECONFLICT, -15);
    CHECK_I64(MEND_EKEY, -16);
    CHECK_I64(MEND_ECONNECTION, -17);
    /* Every code is in the table above: the codes run 1, 0, -1..-17 without
     * gaps, and the next ones have no name yet (a new code must be added here). */
    CHECK_I64(sizeof names / sizeof names[0], 2 + 17);
    CHECK_STREQ(mend_errstr(-18), "MEND_UNKNOWN");
    CHECK_STREQ(mend_errstr(2), "MEND_UNKNOWN");
    for (i = 0; i < sizeof names / sizeof names[0]; ++i)
        CHECK_STREQ(mend_errstr(names[i].code), names[i].name);
    /* Unknown codes still get a fixed, non-empty name, unlike any known one. */
    CHECK_NOT_NULL(mend_errstr(-999));
    CHECK(mend_errstr(-999)[0] != '\0');
    CHECK(strcmp(mend_errstr(-999), "MEND_ERROR") != 0);
    CHECK_NOT_NULL(mend_errstr(42));
}

static void test_open_options(void) {
    mend_open_options o, init = MEND_OPEN_OPTIONS_INIT;
    SECTION("mend_open_options_init");
    CHECK_I64(MEND_OPEN_OPTIONS_VERSION, 4);
    CHECK_I64(MEND_OPEN_CREATE, 1);
    CHECK_I64(MEND_OPEN_TRANSACTION_POOLING, 2);
    CHECK(init.practice == NULL && init.connect_timeout_s == 0 && init.statement_timeout_ms == 0);
    CHECK_I64(init.flags, 0);
    /* Version 1 writes its own fields only: flags (version 2) keeps its bytes. */
    memset(&o, 0xAB, sizeof o);
    CHECK_OK(mend_open_options_init(&o, 1));
    CHECK_I64(o.version, 1);
    CHECK_I64(o.busy_timeout_ms, 5000);
    CHECK_I64(o.synchronous, MEND_SYNC_FULL);
    CHECK_I64(o.flags, 0xABABABABu);
    memset(&o, 0xAB, sizeof o);
    CHECK_OK(mend_open_options_init(&o, MEND_OPEN_OPTIONS_VERSION));
    CHECK(memcmp(&o, &init, sizeof o) == 0);
    CHECK_I64(o.flags, 0);
    CHECK(o.key_file == NULL && o.key_callback == NULL && o.key_user_data == NULL);
    /* Version 3 stops before the practice (version 4): its bytes are kept. */
    memset(&o, 0xAB, sizeof o);
    CHECK_OK(mend_open_options_init(&o, 3));
    CHECK(o.key_file == NULL && o.key_user_data == NULL);
    CHECK(o.practice != NULL);
    CHECK_I64(o.connect_timeout_s, (int)0xABABABABu);
    CHECK_RC(mend_open_options_init(&o, 0), MEND_EINVAL);
    CHECK_RC(mend_open_options_init(&o, 99), MEND_EINVAL);
    CHECK_RC(mend_open_options_init(NULL, 1), MEND_EINVAL);
}

static void test_open_failures(const char* where) {
    mend_db* db = (mend_db*)&db; /* not NULL: mend_open must set it to NULL */
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    SECTION("mend_open failures");

    CHECK_RC(mend_open(NULL, where, NULL), MEND_EINVAL);
    CHECK_RC(mend_open(&db, NULL, NULL), MEND_EINVAL);
    CHECK_NULL(db);
    CHECK_RC(mend_open(&db, "", NULL), MEND_EINVAL);
    CHECK_NULL(db);

    /* A directory that does not exist: no database there, and with
     * MEND_OPEN_CREATE the store cannot make the file. */
    db = (mend_db*)&db;
    CHECK_RC(mend_open(&db, "/nonexistent-mend-test-dir/sub/practice.db", NULL), MEND_ENOTFOUND);
    CHECK_NULL(db);
    o.flags = MEND_OPEN_CREATE;
    db = (mend_db*)&db;
    CHECK_RC(mend_open(&db, "/nonexistent-mend-test-dir/sub/practice.db", &o), MEND_ESTORE);
    o.flags = 0;
    CHECK_NULL(db);
    CHECK_I64(mend_last_errcode(), MEND_ESTORE);
    CHECK_NOT_NULL(mend_last_errmsg());
    CHECK(mend_last_errmsg()[0] != '\0');
    CHECK(strcmp(mend_last_errmsg(), "no error") != 0);
    fprintf(stderr, "   (missing directory: \"%s\")\n", mend_last_errmsg());

    /* SOCI would read '=' as key=value pairs. */
    CHECK_RC(mend_open(&db, "/nonexistent-mend-test-dir/a=b.db", NULL), MEND_EINVAL);
    CHECK_NULL(db);

    /* Bad options. */
    o.version = 0;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.version = 99;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.version = MEND_OPEN_OPTIONS_VERSION;
    o.synchronous = 7;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.synchronous = MEND_SYNC_FULL;
    o.busy_timeout_ms = -1;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    o.busy_timeout_ms = 600001;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    CHECK_NULL(db);
    o.busy_timeout_ms = 5000;
    o.flags = 0x4;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    CHECK_SUBSTR(mend_last_errmsg(), "MEND_OPEN_CREATE");
    o.flags = MEND_OPEN_CREATE | 0x80000000u;
    CHECK_RC(mend_open(&db, where, &o), MEND_EINVAL);
    CHECK_NULL(db);

    /* PostgreSQL: a malformed URL, and a server that is not there. */
    CHECK_RC(mend_open(&db, "postgresql://mend@[::1/x?bogus_option=1", NULL), MEND_EINVAL);
    CHECK_NULL(db);
    CHECK_RC(mend_open(&db, "postgresql://mend@127.0.0.1:1/none?connect_timeout=2", NULL),
             MEND_ECONNECTION);
    CHECK_NULL(db);
    CHECK(mend_last_errmsg()[0] != '\0');

    /* Handle-less error calls. */
    CHECK_NOT_NULL(mend_errmsg(NULL));
    CHECK_RC(mend_errcode(NULL), MEND_EINVAL);
    mend_close(NULL);
    mend_free(NULL);
    CHECK_STREQ(mend_db_backend(NULL), "");
    CHECK_I64(mend_transaction_active(NULL), 0);
}

/* Opening `where` with and without MEND_OPEN_CREATE fails with `rc` and a
 * message holding `says`; a SQLite file stays byte for byte as it was and
 * gains no -wal, -shm or -journal file. */
static void expect_refused_unchanged(const char* where, int rc, const char* says) {
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    unsigned char *before = NULL, *after = NULL;
    size_t before_size = 0, after_size = 0;
    int i;
    if (!t_is_pg()) before = t_read_file(where, &before_size);
    for (i = 0; i < 2; ++i) {
        mend_db* db = (mend_db*)&db;
        o.flags = i ? MEND_OPEN_CREATE : 0;
        CHECK_RC(mend_open(&db, where, &o), rc);
        CHECK_NULL(db);
        CHECK_SUBSTR(mend_last_errmsg(), says);
    }
    if (t_is_pg()) return;
    after = t_read_file(where, &after_size);
    REQUIRE_NOT_NULL(before);
    REQUIRE_NOT_NULL(after);
    CHECK_I64(after_size, before_size);
    CHECK(before_size == after_size && memcmp(before, after, before_size) == 0);
    CHECK(!t_file_exists(where, "-wal"));
    CHECK(!t_file_exists(where, "-shm"));
    CHECK(!t_file_exists(where, "-journal"));
    free(before);
    free(after);
}

/* Without MEND_OPEN_CREATE nothing is created where there is no database;
 * with it, the same location gets a new one. */
static void test_no_accidental_create(const char* where) {
    mend_db* db = NULL;
    mend_open_options o;
    long long n = -1;
    const char* count_tables =
        t_is_pg() ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
                  : "SELECT COUNT(*) FROM sqlite_master";
    SECTION("opening never creates a database by accident");
    t_reset();
    db = (mend_db*)&db;
    CHECK_RC(mend_open(&db, where, NULL), MEND_ENOTFOUND);
    CHECK_NULL(db);
    CHECK_I64(mend_last_errcode(), MEND_ENOTFOUND);
    CHECK_SUBSTR(mend_last_errmsg(), "no mend database at ");
    CHECK_SUBSTR(mend_last_errmsg(), t_is_pg() ? "postgresql://" : where);
    /* A version-1 caller cannot ask for creation: the flags bytes are not its. */
    REQUIRE_OK(mend_open_options_init(&o, 1));
    o.flags = MEND_OPEN_CREATE;
    CHECK_RC(mend_open(&db, where, &o), MEND_ENOTFOUND);
    CHECK_NULL(db);
    if (t_is_pg()) {
        CHECK(t_raw_int(count_tables, &n) == 0);
        CHECK_I64(n, 0);
    } else {
        CHECK(!t_file_exists(where, ""));
        CHECK(!t_file_exists(where, "-wal"));
        CHECK(!t_file_exists(where, "-shm"));
        CHECK(!t_file_exists(where, "-journal"));
        /* An empty file is no database either; it stays empty. */
        REQUIRE(t_write_file(where, (const unsigned char*)"", 0) == 0);
        CHECK_RC(mend_open(&db, where, NULL), MEND_ENOTFOUND);
        CHECK_SUBSTR(mend_last_errmsg(), "no mend database at ");
        {
            size_t size = 99;
            unsigned char* bytes = t_read_file(where, &size);
            CHECK_NOT_NULL(bytes);
            CHECK_I64(size, 0);
            free(bytes);
        }
        CHECK(!t_file_exists(where, "-wal"));
    }
    /* With the flag: created (the empty file, on SQLite), and reopened without it. */
    REQUIRE_OK(mend_open_options_init(&o, MEND_OPEN_OPTIONS_VERSION));
    o.flags = MEND_OPEN_CREATE;
    REQUIRE_OK(mend_open(&db, where, &o));
    mend_close(db);
    CHECK(t_raw_int("SELECT COUNT(*) FROM mend_schema", &n) == 0);
    CHECK(n >= 1);
    db = t_open();
    mend_close(db);
}

/* Another application's database is never changed, with or without the flag. */
static void test_foreign_database(const char* where) {
    long long n = -1;
    SECTION("another application's database is left as it was");
    t_reset();
    REQUIRE(t_raw_foreign() == 0);
    expect_refused_unchanged(where, MEND_ESCHEMA, "not a mend database");
    CHECK(t_raw_int("SELECT COUNT(*) FROM app_settings", &n) == 0);
    CHECK_I64(n, 1);
    CHECK(t_raw_int(t_is_pg() ? "SELECT COUNT(*) FROM information_schema.tables"
                                " WHERE table_schema = 'public'"
                              : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
                    &n) == 0);
    CHECK_I64(n, 1);
}

/* A truncated practice file is refused, never re-created or changed. */
static void test_damaged_practice(const char* where) {
    mend_db* db;
    unsigned char* whole = NULL;
    size_t size = 0;
    SECTION("a truncated practice file is left as it was");
    if (t_is_pg()) return;
    db = t_fresh_practice(NULL);
    t_client(db, "Damaged", "File", "ext-damaged");
    mend_close(db); /* the last connection: the WAL is checkpointed into the file */
    CHECK(!t_file_exists(where, "-wal"));
    whole = t_read_file(where, &size);
    REQUIRE_NOT_NULL(whole);
    REQUIRE(size > 8192);
    REQUIRE(t_write_file(where, whole, 1000) == 0);
    expect_refused_unchanged(where, MEND_ESTORE, "damaged or not a database");
    REQUIRE(t_write_file(where, whole, 8192) == 0);
    expect_refused_unchanged(where, MEND_ESTORE, "damaged or not a database");
    free(whole);
}

static void test_not_a_database(const char* where) {
    FILE* f;
    SECTION("a file that is not a database");
    if (t_is_pg()) return;
    t_reset();
    f = fopen(where, "wb");
    REQUIRE_NOT_NULL(f);
    fputs("this is not an SQLite database, just some text that is long enough to be a header.\n"
          "this is not an SQLite database, just some text that is long enough to be a header.\n",
          f);
    fclose(f);
    expect_refused_unchanged(where, MEND_ESTORE, "damaged or not a database");
}

static void test_setup_and_actor(const char* where) {
    mend_db* db;
    mend_clinician_fields admin = MEND_CLINICIAN_FIELDS_INIT;
    mend_clinician* c = NULL;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    int64_t admin_id = 0, actor = -1, other = 0;
    int version = 0, latest = 0;
    SECTION("practice setup, schema version, actor");

    t_reset();
    db = t_create();
    CHECK_STREQ(mend_db_backend(db), t_is_pg() ? "postgresql" : "sqlite");
    /* Migrations start at version 1; later ones add one row each. */
    CHECK_OK(mend_db_schema_version(&version, db));
    CHECK(version >= 1);
    latest = version;
    {
        long long n = -1;
        CHECK(t_raw_int("SELECT COUNT(*) FROM mend_schema WHERE version = 1", &n) == 0);
        CHECK_I64(n, 1);
        CHECK(t_raw_int("SELECT COUNT(*) FROM mend_schema", &n) == 0);
        CHECK_I64(n, latest);
    }
    CHECK_RC(mend_db_schema_version(NULL, db), MEND_EINVAL);
    CHECK_RC(mend_db_schema_version(&version, NULL), MEND_EINVAL);

    /* Nothing works before an actor is set. */
    CHECK_RC(mend_actor_id(&actor, db), MEND_ENOACTOR);
    CHECK_I64(mend_errcode(db), MEND_ENOACTOR);
    CHECK(strcmp(mend_errmsg(db), "no error") != 0);
    /* A NULL out pointer is a bad argument, whatever the handle's state. */
    LIBRARY_BUG("mend_actor_id(NULL, db) on a handle with no actor returns MEND_ENOACTOR");
    CHECK_RC(mend_actor_id(NULL, db), MEND_EINVAL);
    CHECK_RC(mend_clinician_get(&c, db, 1), MEND_ENOACTOR);
    CHECK_RC(mend_actor_set(db, 1), MEND_ENOTFOUND);
    CHECK_RC(mend_actor_set_external(db, "staff-admin"), MEND_ENOTFOUND);

    /* mend_practice_init's arguments. */
    admin.display_name = "Dr. First Admin";
    admin.credentials = "PhD";
    admin.external_id = "staff-admin";
    CHECK_RC(mend_practice_init(NULL, db, "P", &admin), MEND_EINVAL);
    CHECK_RC(mend_practice_init(&admin_id, NULL, "P", &admin), MEND_EINVAL);
    CHECK_RC(mend_practice_init(&admin_id, db, NULL, &admin), MEND_EINVAL);
    CHECK_RC(mend_practice_init(&admin_id, db, "", &admin), MEND_EINVAL);
    CHECK_RC(mend_practice_init(&admin_id, db, "\xC3\x28", &admin), MEND_EENCODING);
    CHECK_RC(mend_practice_init(&admin_id, db, "P", NULL), MEND_EINVAL);
    admin.version = 0;
    CHECK_RC(mend_practice_init(&admin_id, db, "P", &admin), MEND_EINVAL);
    admin.version = 99;
    CHECK_RC(mend_practice_init(&admin_id, db, "P", &admin), MEND_EINVAL);
    admin.version = MEND_CLINICIAN_FIELDS_VERSION;
    admin.display_name = NULL;
    CHECK_RC(mend_practice_init(&admin_id, db, "P", &admin), MEND_EINVAL);
    admin.display_name = "Dr. First Admin";
    /* None of the failures above set anything up. */
    CHECK_RC(mend_actor_set_external(db, "staff-admin"), MEND_ENOTFOUND);

    CHECK_OK(mend_practice_init(&admin_id, db, "Harbour Practice", &admin));
    CHECK(admin_id > 0);
    CHECK_STREQ(mend_errmsg(db), "no error");
    CHECK_I64(mend_errcode(db), MEND_OK);
    CHECK_OK(mend_actor_id(&actor, db));
    CHECK_I64(actor, admin_id);
    CHECK_OK(mend_clinician_get(&c, db, admin_id));
    CHECK_STREQ(mend_clinician_role(c), "admin");
    CHECK_STREQ(mend_clinician_display_name(c), "Dr. First Admin");
    mend_clinician_free(c);
    c = NULL;
    /* Only once. */
    CHECK_RC(mend_practice_init(&other, db, "Again", &admin), MEND_ESTATE);
    admin.external_id = "staff-admin-2";
    CHECK_RC(mend_practice_init(&other, db, "Again", &admin), MEND_ESTATE);
    mend_close(db);

    /* Reopening is idempotent: same schema, same data, no actor yet. */
    db = t_open();
    CHECK_OK(mend_db_schema_version(&version, db));
    CHECK_I64(version, latest);
    CHECK_RC(mend_actor_id(&actor, db), MEND_ENOACTOR);
    CHECK_RC(mend_actor_set(db, INT64_MAX), MEND_ENOTFOUND);
    CHECK_RC2(mend_actor_set(db, -1), MEND_EINVAL, MEND_ENOTFOUND);
    CHECK_RC2(mend_actor_set(db, 0), MEND_EINVAL, MEND_ENOTFOUND);
    CHECK_RC(mend_actor_set(NULL, admin_id), MEND_EINVAL);
    CHECK_RC(mend_actor_set_external(db, NULL), MEND_EINVAL);
    CHECK_RC(mend_actor_set_external(db, "nobody"), MEND_ENOTFOUND);
    CHECK_RC(mend_actor_set_external(db, "\xED\xA0\x80"), MEND_EENCODING);
    CHECK_OK(mend_actor_set_external(db, "staff-admin"));
    CHECK_OK(mend_actor_id(&actor, db));
    CHECK_I64(actor, admin_id);
    CHECK_OK(mend_actor_set(db, admin_id));
    CHECK_OK(mend_clinician_get(&c, db, admin_id));
    mend_clinician_free(c);
    mend_close(db);

    /* Open options are honoured (and a third open still migrates nothing). */
    o.synchronous = MEND_SYNC_NORMAL;
    o.busy_timeout_ms = 0; /* means the default */
    db = NULL;
    CHECK_OK(mend_open(&db, where, &o));
    REQUIRE_NOT_NULL(db);
    CHECK_OK(mend_db_schema_version(&version, db));
    CHECK_I64(version, latest);
    mend_close(db);
    {
        long long n = -1;
        CHECK(t_raw_int("SELECT COUNT(*) FROM mend_schema", &n) == 0);
        CHECK_I64(n, latest);
    }
}

static void test_sqlite_settings(const char* where) {
    long long v = -1;
    mend_db* db;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    int64_t admin = 0, id = 0;
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    SECTION("SQLite: WAL, triggers, busy timeout");
    if (t_is_pg()) return;
    db = t_fresh_practice(&admin);
    CHECK(t_raw_int("SELECT journal_mode = 'wal' FROM pragma_journal_mode()", &v) == 0);
    CHECK_I64(v, 1);
    CHECK(t_raw_int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = 'audit_event'",
                    &v) == 0);
    CHECK(v >= 2);
    mend_close(db);

    /* Another connection holds the write lock: a write waits busy_timeout_ms,
     * then fails with MEND_EBUSY, changing nothing. */
    o.busy_timeout_ms = 200;
    db = NULL;
    REQUIRE_OK(mend_open(&db, where, &o));
    REQUIRE_OK(mend_actor_set(db, admin));
    REQUIRE(t_raw_write_lock(1) == 0);
    f.given_name = "Busy";
    f.family_name = "Writer";
    CHECK_RC(mend_client_create(&id, db, &f), MEND_EBUSY);
    CHECK(strcmp(mend_errmsg(db), "no error") != 0);
    CHECK_RC(mend_transaction_begin(db), MEND_EBUSY);
    CHECK_I64(mend_transaction_active(db), 0);
    REQUIRE(t_raw_write_lock(0) == 0);
    CHECK_OK(mend_client_create(&id, db, &f));
    CHECK_I64(t_count_clients(db, 1), 1);
    /* Reads do not take the write lock: those that audit nothing (the
     * catalogue, a clinician) are answered while another connection holds
     * it; one that audits (a client) must append its events, so it fails
     * with MEND_EBUSY and hands back nothing. */
    REQUIRE(t_raw_write_lock(1) == 0);
    {
        char* cat = NULL;
        mend_clinician* c = NULL;
        mend_client* cl = NULL;
        long long events_before = -1, events_after = -2;
        CHECK(t_raw_int("SELECT COUNT(*) FROM audit_event", &events_before) == 0);
        CHECK_OK(mend_catalog_get_json(&cat, db));
        CHECK_NOT_NULL(cat);
        mend_free(cat);
        CHECK_OK(mend_clinician_get(&c, db, admin));
        CHECK_NOT_NULL(c);
        mend_clinician_free(c);
        CHECK_RC(mend_client_get(&cl, db, id), MEND_EBUSY);
        CHECK_NULL(cl);
        CHECK(t_raw_int("SELECT COUNT(*) FROM audit_event", &events_after) == 0);
        CHECK_I64(events_after, events_before);
    }
    REQUIRE(t_raw_write_lock(0) == 0);
    {
        /* With the lock free the same read succeeds and is audited once. */
        const char* count_reads = "SELECT COUNT(*) FROM audit_event WHERE action = 'read' AND "
                                  "object_type = 'client' AND outcome = 'ok'";
        mend_client* cl = NULL;
        long long reads_before = -1, reads_after = -2;
        CHECK(t_raw_int(count_reads, &reads_before) == 0);
        CHECK_OK(mend_client_get(&cl, db, id));
        CHECK_NOT_NULL(cl);
        mend_client_free(cl);
        CHECK(t_raw_int(count_reads, &reads_after) == 0);
        CHECK_I64(reads_after, reads_before + 1);
    }
    mend_close(db);
}

static void test_newer_schema(const char* where) {
    mend_db* db;
    long long tables_before = -1, tables_after = -2, v = 0;
    unsigned char *before = NULL, *after = NULL;
    size_t before_size = 0, after_size = 0;
    char err[512];
    const char* count_tables =
        t_is_pg() ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
                  : "SELECT COUNT(*) FROM sqlite_master";
    int i, known = 0;
    SECTION("a database from a newer mend");

    db = t_fresh_practice(NULL);
    t_client(db, "Schema", "Person", "ext-schema");
    REQUIRE_OK(mend_db_schema_version(&known, db));
    mend_close(db);
    REQUIRE(t_raw_exec("INSERT INTO mend_schema(version, applied_at) VALUES (999, 'x')", err,
                       sizeof err) == 0);
    CHECK(t_raw_int(count_tables, &tables_before) == 0);
    if (!t_is_pg()) before = t_read_file(where, &before_size);

    for (i = 0; i < 2; ++i) {
        db = (mend_db*)&db;
        CHECK_RC(mend_open(&db, where, NULL), MEND_ESCHEMA);
        CHECK_NULL(db);
        CHECK_I64(mend_last_errcode(), MEND_ESCHEMA);
        CHECK_SUBSTR(mend_last_errmsg(), "999");
    }

    CHECK(t_raw_int("SELECT MAX(version) FROM mend_schema", &v) == 0);
    CHECK_I64(v, 999);
    CHECK(t_raw_int("SELECT COUNT(*) FROM mend_schema WHERE version < 999", &v) == 0);
    CHECK_I64(v, known);
    CHECK(t_raw_int("SELECT COUNT(*) FROM mend_schema", &v) == 0);
    CHECK_I64(v, known + 1);
    CHECK(t_raw_int(count_tables, &tables_after) == 0);
    CHECK_I64(tables_after, tables_before);
    CHECK(t_raw_int("SELECT COUNT(*) FROM client", &v) == 0);
    CHECK_I64(v, 1);
    if (!t_is_pg()) {
        after = t_read_file(where, &after_size);
        REQUIRE_NOT_NULL(before);
        REQUIRE_NOT_NULL(after);
        CHECK_I64(after_size, before_size);
        CHECK(before_size == after_size && memcmp(before, after, before_size) == 0);
        free(before);
        free(after);
    }
}

/* Error state is per thread: another thread's failure does not replace
 * this thread's last error. */
struct thread_result {
    int rc, last_code;
};

static void* fail_elsewhere(void* arg) {
    struct thread_result* r = arg;
    mend_db* db = NULL;
    r->rc = mend_open(&db, "/nonexistent-mend-test-dir/sub/other.db", NULL);
    r->last_code = mend_last_errcode();
    return NULL;
}

static void test_thread_errors(void) {
    pthread_t t;
    struct thread_result r = {0, 0};
    char mine[256];
    SECTION("errors are kept per thread");
    CHECK_RC(mend_open_options_init(NULL, 1), MEND_EINVAL);
    snprintf(mine, sizeof mine, "%s", mend_last_errmsg());
    REQUIRE(pthread_create(&t, NULL, fail_elsewhere, &r) == 0);
    REQUIRE(pthread_join(t, NULL) == 0);
    CHECK_I64(r.rc, MEND_ENOTFOUND);
    CHECK_I64(r.last_code, MEND_ENOTFOUND);
    CHECK_I64(mend_last_errcode(), MEND_EINVAL);
    CHECK_STREQ(mend_last_errmsg(), mine);
}

/* SQLite paths: in memory, and a file name with spaces and non-ASCII. */
static void test_sqlite_paths(const char* where) {
    mend_db* db = NULL;
    mend_clinician_fields admin = MEND_CLINICIAN_FIELDS_INIT;
    mend_open_options create = MEND_OPEN_OPTIONS_INIT;
    int64_t id = 0;
    char path[4096];
    SECTION("SQLite paths");
    create.flags = MEND_OPEN_CREATE;
    admin.display_name = "Memory Admin";
    /* An in-memory database is always new: only MEND_OPEN_CREATE opens one. */
    CHECK_RC(mend_open(&db, ":memory:", NULL), MEND_ENOTFOUND);
    CHECK_NULL(db);
    REQUIRE_OK(mend_open(&db, ":memory:", &create));
    CHECK_STREQ(mend_db_backend(db), "sqlite");
    CHECK_OK(mend_practice_init(&id, db, "In memory", &admin));
    CHECK(t_client(db, "Memory", "Client", NULL) > 0);
    CHECK_I64(t_count_clients(db, 0), 1);
    mend_close(db);
    if (t_is_pg()) return;
    snprintf(path, sizeof path, "%s with space \xC3\xBC.db", where);
    {
        FILE* probe;
        remove(path);
        db = NULL;
        CHECK_RC(mend_open(&db, path, NULL), MEND_ENOTFOUND);
        CHECK(!t_file_exists(path, ""));
        REQUIRE_OK(mend_open(&db, path, &create));
        CHECK_OK(mend_practice_init(&id, db, "Spaced", &admin));
        mend_close(db);
        db = NULL;
        REQUIRE_OK(mend_open(&db, path, NULL));
        CHECK_OK(mend_actor_set(db, id));
        mend_close(db);
        probe = fopen(path, "rb");
        CHECK_NOT_NULL(probe);
        if (probe) fclose(probe);
        remove(path);
    }
}

int main(int argc, char** argv) {
    const char* where = t_location(argc, argv, "capi_open.db");
    test_version();
    test_errstr();
    test_open_options();
    test_open_failures(where);
    test_not_a_database(where);
    test_no_accidental_create(where);
    test_foreign_database(where);
    test_damaged_practice(where);
    test_setup_and_actor(where);
    test_sqlite_settings(where);
    test_sqlite_paths(where);
    test_thread_errors();
    test_newer_schema(where);
    return t_finish();
}
