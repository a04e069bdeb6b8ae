/*
 * Converting a plaintext practice to an encrypted one, and re-encrypting it
 * under a new data key, through the C API (issue 14): each a resumable job
 * carried out by mend_key_reseal(); a job interrupted (its handle closed
 * half way) goes on from its last batch on a new handle; while it is under
 * way every other handle's record calls are MEND_ESTATE; at its end every
 * value is sealed under the job's key, the older key is erased, records,
 * look-ups and search answer as before, and (SQLite) the file holds no name.
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char key_path[256];
static const char* where;

static mend_db* open_with_key(void) {
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    mend_db* db = NULL;
    o.key_file = key_path;
    REQUIRE_OK(mend_open(&db, where, &o));
    return db;
}

static int key_state(mend_db* db) {
    int state = -1;
    CHECK_OK(mend_key_state(&state, db));
    return state;
}

/* The client's given name, "" when it cannot be read. */
static void given_name(mend_db* db, int64_t id, char* out, size_t size) {
    mend_client* c = NULL;
    out[0] = '\0';
    if (mend_client_get(&c, db, id) != MEND_OK) return;
    snprintf(out, size, "%s", mend_client_given_name(c));
    mend_client_free(c);
}

static int file_holds(const char* path, const char* needle) {
    size_t size = 0, n = strlen(needle), i;
    unsigned char* bytes = t_read_file(path, &size);
    int found = 0;
    if (!bytes) return 0;
    for (i = 0; !found && i + n <= size; ++i)
        found = memcmp(bytes + i, needle, n) == 0;
    free(bytes);
    return found;
}

static int db_files_hold(const char* needle) {
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", where);
    return file_holds(where, needle) || file_holds(wal, needle);
}

static long long raw(const char* sql) {
    long long n = -1;
    REQUIRE(t_raw_int(sql, &n) == 0);
    return n;
}

int main(int argc, char** argv) {
    mend_db *db, *other;
    int64_t admin = 0, clinician, kase, sess, note = 0, clients[12], remaining = -1;
    mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
    mend_client* rec = NULL;
    char name[128], ext[32];
    char* js = NULL;
    int i, calls;

    where = t_location(argc, argv, "capi_reseal.db");
    snprintf(key_path, sizeof key_path, "/tmp/mend-capi-reseal-%ld.key", (long)getpid());
    unlink(key_path);
    REQUIRE_OK(mend_key_file_create(key_path));

    SECTION("a plaintext practice holds names and a note in the clear");
    t_reset();
    db = t_create();
    f.display_name = "Admin Person";
    REQUIRE_OK(mend_practice_init(&admin, db, "Plain Practice", &f));
    REQUIRE_OK(mend_actor_set(db, admin));
    clinician = t_clinician(db, "Casey", "clinician", NULL);
    for (i = 0; i < 12; ++i) {
        snprintf(name, sizeof name, "Quillon%d", i);
        snprintf(ext, sizeof ext, "rs-%d", i);
        clients[i] = t_client(db, name, "Canaryfield", ext);
    }
    kase = t_individual_case(db, clients[0], clinician);
    REQUIRE_OK(mend_actor_set(db, clinician));
    sess = t_session(db, kase, &clients[0], 1, 0, "90834", 45, 1, NULL);
    REQUIRE_OK(mend_note_create(&note, db, sess, "free", "{\"text\":\"marigoldcanary tide\"}"));
    REQUIRE_OK(mend_note_sign(db, note));
    CHECK_I64(raw("SELECT COUNT(*) FROM client WHERE family_name = 'Canaryfield'"), 12);
    mend_close(db);
    if (!t_is_pg()) CHECK(db_files_hold("Canaryfield"));

    SECTION("with the key file: adopted, then the conversion starts and locks others out");
    db = open_with_key();
    REQUIRE_OK(mend_actor_set(db, admin));
    REQUIRE_OK(mend_key_adopt(db));
    other = open_with_key();
    REQUIRE_OK(mend_actor_set(other, clinician));
    CHECK_RC(mend_key_encrypt(other), MEND_EDENIED);
    CHECK_RC(mend_key_reencrypt(db), MEND_ESTATE); /* not encrypted yet */
    CHECK_RC(mend_key_encrypt(NULL), MEND_EINVAL);
    REQUIRE_OK(mend_key_encrypt(db));
    CHECK_I64(key_state(db), MEND_KEY_STATE_RESEALING);
    CHECK_RC(mend_key_encrypt(db), MEND_ESTATE);
    CHECK_RC(mend_client_get(&rec, other, clients[1]), MEND_ESTATE);
    CHECK(rec == NULL);
    CHECK_SUBSTR(mend_errmsg(other), "re-encrypted");
    CHECK_I64(key_state(other), MEND_KEY_STATE_RESEALING);
    CHECK_RC(mend_key_reseal(&remaining, db, -1), MEND_EINVAL);
    CHECK_RC(mend_key_reseal(&remaining, other, 5), MEND_EDENIED);
    REQUIRE_OK(mend_actor_set(other, admin)); /* naming the actor runs meanwhile */

    SECTION("five rows, then the handle closes half way (an interruption)");
    REQUIRE_OK(mend_key_reseal(&remaining, db, 5));
    CHECK(remaining > 0);
    CHECK_I64(raw("SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:1:%'"), 5);
    mend_close(db);

    SECTION("a new handle resumes from the sixth row, to the end");
    db = open_with_key();
    CHECK_I64(key_state(db), MEND_KEY_STATE_RESEALING);
    REQUIRE_OK(mend_actor_set(db, admin));
    calls = 0;
    do {
        REQUIRE_OK(mend_key_reseal(&remaining, db, 4));
        ++calls;
    } while (remaining > 0 && calls < 100);
    CHECK_I64(remaining, 0);
    CHECK_I64(key_state(db), MEND_KEY_STATE_HELD);
    CHECK_I64(raw("SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:1:%'"
                  " AND family_name LIKE 'mend:e1:1:%' AND external_id LIKE 'mend:e1:1:%'"),
              12);
    CHECK_I64(raw("SELECT COUNT(*) FROM note WHERE content LIKE 'mend:e1:1:%'"), 1);
    CHECK_I64(raw("SELECT COUNT(*) FROM client WHERE external_id_bidx IS NULL"), 0);
    if (!t_is_pg()) {
        CHECK_I64(raw("SELECT COUNT(*) FROM note_fts"), 0);
        CHECK(!db_files_hold("Canaryfield"));
        CHECK(!db_files_hold("marigoldcanary"));
    } else {
        CHECK_I64(raw("SELECT COUNT(*) FROM note_search_text"), 0);
    }
    /* The other handle learns the new keys at its next call. */
    given_name(other, clients[7], name, sizeof name);
    CHECK_STREQ(name, "Quillon7");
    REQUIRE_OK(mend_client_get_external(&rec, other, "rs-3"));
    CHECK_STREQ(mend_client_given_name(rec), "Quillon3");
    mend_client_free(rec);
    rec = NULL;
    REQUIRE_OK(mend_note_search_json(&js, other, "marigoldcanary", NULL));
    CHECK_SUBSTR(js, "[marigoldcanary]");
    mend_free(js);
    js = NULL;
    CHECK(t_check_verified(db));
    /* Nothing is under way: a reseal does nothing. */
    REQUIRE_OK(mend_key_reseal(&remaining, db, 10));
    CHECK_I64(remaining, 0);
    CHECK_RC(mend_key_encrypt(db), MEND_ESTATE); /* encrypted already */

    SECTION("re-encryption under a new data key, interrupted, resumed; the old key erased");
    REQUIRE_OK(mend_key_reencrypt(db));
    REQUIRE_OK(mend_key_reseal(&remaining, db, 3));
    CHECK(remaining > 0);
    CHECK_I64(raw("SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:2:%'"), 3);
    CHECK_I64(raw("SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:1:%'"), 9);
    mend_close(db);
    db = open_with_key();
    REQUIRE_OK(mend_actor_set(db, admin));
    while (remaining > 0)
        REQUIRE_OK(mend_key_reseal(&remaining, db, 1000));
    CHECK_I64(raw("SELECT COUNT(*) FROM client WHERE given_name LIKE 'mend:e1:2:%'"), 12);
    CHECK_I64(raw("SELECT COUNT(*) FROM note WHERE content LIKE 'mend:e1:2:%'"
                  " AND search_text LIKE 'mend:e1:2:%'"),
              1);
    CHECK_I64(raw("SELECT COUNT(*) FROM data_key WHERE id = 1 AND state = 'retired'"
                  " AND wrapped = ''"),
              1);
    given_name(other, clients[11], name, sizeof name);
    CHECK_STREQ(name, "Quillon11");
    REQUIRE_OK(mend_client_get_external(&rec, other, "rs-11"));
    mend_client_free(rec);
    REQUIRE_OK(mend_note_search_json(&js, other, "tide", NULL));
    CHECK_SUBSTR(js, "[tide]");
    mend_free(js);
    js = NULL;
    CHECK(t_check_verified(db));
    mend_close(other);
    mend_close(db);
    unlink(key_path);
    return t_finish();
}
