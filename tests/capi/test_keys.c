/*
 * The host's keys through the C API: a key file (made by
 * mend_key_file_create, mode 0600) or a key callback keys a new practice;
 * the keyed audit chain verifies, signs checkpoints and finds an edited
 * event; a keyed practice opened without its keys identifies itself and
 * refuses everything else with MEND_EKEY; a wrong key, a readable key file,
 * a failing callback are MEND_EKEY; a plaintext practice adopts keys.
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char key_path[256], other_path[256];
static const char* where;

/* The host's key service: one audit key and one wrap key, id 1 each. */
static unsigned char service_audit[32], service_wrap[32];
static int service_calls, service_fail;

static int key_service(unsigned char* out, int64_t* out_id, const char* purpose, int64_t key_id,
                       void* user_data) {
    const unsigned char* key = NULL;
    ++service_calls;
    CHECK(user_data == (void*)&service_calls);
    if (service_fail == 1) return MEND_ERROR;
    if (key_id != 0 && key_id != 1) return MEND_ENOTFOUND;
    if (strcmp(purpose, "audit") == 0) key = service_audit;
    if (strcmp(purpose, "wrap") == 0) key = service_wrap;
    if (!key) return MEND_ENOTFOUND;
    memcpy(out, key, 32);
    *out_id = service_fail == 2 ? 7 : 1;
    return MEND_OK;
}

static mend_db* open_keyed(const char* file, mend_key_callback cb, unsigned int flags, int want) {
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    mend_db* db = NULL;
    o.flags = flags;
    o.key_file = file;
    o.key_callback = cb;
    o.key_user_data = cb ? (void*)&service_calls : NULL;
    CHECK_RC(mend_open(&db, where, &o), want);
    if (want != MEND_OK) CHECK(db == NULL);
    return db;
}

static int key_state(mend_db* db) {
    int state = -1;
    CHECK_OK(mend_key_state(&state, db));
    return state;
}

static char* verify(mend_db* db, const char* checkpoint) {
    char* js = NULL;
    CHECK_OK(mend_audit_verify_json(&js, db, checkpoint));
    return js;
}

int main(int argc, char** argv) {
    mend_db* db;
    int64_t admin = 0, id = 0, c1;
    mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
    char* js = NULL;
    char* checkpoint = NULL;
    char err[512];
    int schema = 0;
    long long n = 0;
    mend_client* rec = NULL;

    where = t_location(argc, argv, "capi_keys.db");
    snprintf(key_path, sizeof key_path, "/tmp/mend-capi-keys-%ld.key", (long)getpid());
    snprintf(other_path, sizeof other_path, "/tmp/mend-capi-keys-%ld-other.key", (long)getpid());
    unlink(key_path);
    unlink(other_path);

    SECTION("mend_key_file_create writes a private key file, and a newer generation beside");
    CHECK_RC(mend_key_file_create(NULL), MEND_EINVAL);
    CHECK_RC(mend_key_file_create(""), MEND_EINVAL);
    CHECK_RC(mend_key_file_create("/nonexistent-dir/k.key"), MEND_EINVAL);
    REQUIRE_OK(mend_key_file_create(key_path));
    {
        struct stat st;
        size_t size = 0;
        unsigned char* text;
        REQUIRE(stat(key_path, &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        text = t_read_file(key_path, &size);
        REQUIRE(text != NULL);
        CHECK(strstr((const char*)text, "audit 1 ") != NULL);
        CHECK(strstr((const char*)text, "wrap 1 ") != NULL);
        free(text);
    }

    SECTION("a practice made with the key file is keyed from its first event");
    t_reset();
    db = open_keyed(key_path, NULL, MEND_OPEN_CREATE, MEND_OK);
    REQUIRE(db != NULL);
    CHECK_I64(key_state(db), MEND_KEY_STATE_UNREGISTERED);
    f.display_name = "Admin Person";
    REQUIRE_OK(mend_practice_init(&admin, db, "Keyed Practice", &f));
    CHECK_I64(key_state(db), MEND_KEY_STATE_HELD);
    REQUIRE_OK(mend_actor_set(db, admin));
    c1 = t_client(db, "Kim", "Keyed", "k-1");
    js = verify(db, NULL);
    CHECK_SUBSTR(js, "\"ok\":true");
    CHECK_SUBSTR(js, "\"keyed\":true");
    CHECK_SUBSTR(js, "\"first_bad_seq\":null");
    mend_free(js);

    SECTION("a checkpoint of the head; verify reaches it; a malformed one is refused");
    CHECK_RC(mend_audit_checkpoint(NULL, db), MEND_EINVAL);
    REQUIRE_OK(mend_audit_checkpoint(&checkpoint, db));
    CHECK(strncmp(checkpoint, "mend-audit-checkpoint.v1.", 25) == 0);
    (void)t_client(db, "Lee", "Later", NULL);
    js = verify(db, checkpoint);
    CHECK_SUBSTR(js, "\"ok\":true");
    CHECK_SUBSTR(js, "\"checkpoint_seq\":");
    mend_free(js);
    js = (char*)1;
    CHECK_RC(mend_audit_verify_json(&js, db, "mend-audit-checkpoint.v1.x"), MEND_EINVAL);
    CHECK(js == NULL);
    CHECK_RC(mend_audit_verify_json(NULL, db, NULL), MEND_EINVAL);

    SECTION("a clinician may neither checkpoint nor verify");
    id = t_clinician(db, "Cleo", "clinician", NULL);
    REQUIRE_OK(mend_actor_set(db, id));
    CHECK_RC(mend_audit_checkpoint(&js, db), MEND_EDENIED);
    CHECK_RC(mend_audit_verify_json(&js, db, NULL), MEND_EDENIED);
    CHECK_RC(mend_key_adopt(db), MEND_EDENIED);
    CHECK_RC(mend_key_rewrap(NULL, db), MEND_EDENIED);
    REQUIRE_OK(mend_actor_set(db, admin));
    {
        int moved = 77;
        /* The data key is under the key file's only wrap key already. */
        CHECK_RC(mend_key_rewrap(&moved, db), MEND_ESTATE);
        CHECK_I64(moved, 77);
    }
    mend_close(db);

    SECTION("opened without its keys: identified, never read");
    db = open_keyed(NULL, NULL, 0, MEND_OK);
    REQUIRE(db != NULL);
    CHECK_OK(mend_db_schema_version(&schema, db));
    CHECK(schema > 0);
    CHECK_I64(key_state(db), MEND_KEY_STATE_MISSING);
    CHECK_RC(mend_actor_set(db, admin), MEND_EKEY);
    CHECK_RC(mend_client_get(&rec, db, c1), MEND_EKEY);
    CHECK(rec == NULL);
    js = (char*)1;
    CHECK_RC(mend_audit_verify_json(&js, db, NULL), MEND_EKEY);
    CHECK(js == NULL);
    CHECK_SUBSTR(mend_errmsg(db), "key");
    mend_close(db);

    SECTION("another key file is the wrong key: refused at open");
    REQUIRE_OK(mend_key_file_create(other_path));
    (void)open_keyed(other_path, NULL, 0, MEND_EKEY);
    CHECK_SUBSTR(mend_last_errmsg(), "key");

    SECTION("a key file others may read is refused");
    REQUIRE(chmod(key_path, 0644) == 0);
    (void)open_keyed(key_path, NULL, 0, MEND_EKEY);
    CHECK_SUBSTR(mend_last_errmsg(), "0600");
    REQUIRE(chmod(key_path, 0600) == 0);
    (void)open_keyed("/nonexistent-dir/k.key", NULL, 0, MEND_EKEY);
    (void)open_keyed("", NULL, 0, MEND_EINVAL);

    SECTION("a symbolic link to the key file is refused, never followed");
    {
        char link_path[300];
        snprintf(link_path, sizeof link_path, "%s.link", key_path);
        unlink(link_path);
        REQUIRE(symlink(key_path, link_path) == 0);
        (void)open_keyed(link_path, NULL, 0, MEND_EKEY);
        CHECK_SUBSTR(mend_last_errmsg(), "symbolic link");
        CHECK_RC(mend_key_file_create(link_path), MEND_EKEY);
        unlink(link_path);
    }

    SECTION("a key file and a key callback together are refused");
    {
        mend_open_options o = MEND_OPEN_OPTIONS_INIT;
        mend_db* none = (mend_db*)1;
        o.key_file = key_path;
        o.key_callback = key_service;
        CHECK_RC(mend_open(&none, where, &o), MEND_EINVAL);
        CHECK(none == NULL);
    }

    SECTION("an edited audit event is found, and named");
    db = open_keyed(key_path, NULL, 0, MEND_OK);
    REQUIRE(db != NULL);
    REQUIRE_OK(mend_actor_set(db, admin));
    REQUIRE(t_raw_int("SELECT MIN(seq) FROM audit_event WHERE object_type = 'client'", &n) == 0);
    {
        char sql[512];
        const char* untrigger = t_is_pg() ? "ALTER TABLE audit_event DISABLE TRIGGER USER"
                                          : "DROP TRIGGER audit_event_no_update";
        REQUIRE(t_raw_exec(untrigger, err, sizeof err) == 0);
        snprintf(sql, sizeof sql,
                 "UPDATE audit_event SET object_id = object_id + 1 WHERE seq = %lld", n);
        REQUIRE(t_raw_exec(sql, err, sizeof err) == 0);
    }
    js = verify(db, NULL);
    CHECK_SUBSTR(js, "\"ok\":false");
    CHECK_SUBSTR(js, "\"reason\":\"mac_mismatch\"");
    {
        char want[64];
        snprintf(want, sizeof want, "\"first_bad_seq\":%lld", n);
        CHECK_SUBSTR(js, want);
    }
    mend_free(js);
    CHECK_RC(mend_audit_checkpoint(&js, db), MEND_ESTATE);
    mend_close(db);
    mend_free(checkpoint);

    SECTION("a key callback keys a practice; a failing or lying one is MEND_EKEY");
    memset(service_audit, 0x11, sizeof service_audit);
    memset(service_wrap, 0x22, sizeof service_wrap);
    t_reset();
    db = open_keyed(NULL, key_service, MEND_OPEN_CREATE, MEND_OK);
    REQUIRE(db != NULL);
    service_calls = 0;
    REQUIRE_OK(mend_practice_init(&admin, db, "Callback Practice", &f));
    CHECK(service_calls >= 1 && service_calls <= 4); /* the current keys, once each */
    CHECK_I64(key_state(db), MEND_KEY_STATE_HELD);
    REQUIRE_OK(mend_actor_set(db, admin));
    (void)t_client(db, "Cal", "Back", NULL);
    js = verify(db, NULL);
    CHECK_SUBSTR(js, "\"ok\":true");
    mend_free(js);
    mend_close(db);
    service_fail = 1;
    (void)open_keyed(NULL, key_service, 0, MEND_EKEY);
    CHECK_SUBSTR(mend_last_errmsg(), "callback");
    service_fail = 2; /* answers id 7 when asked for id 1 */
    (void)open_keyed(NULL, key_service, 0, MEND_EKEY);
    CHECK_SUBSTR(mend_last_errmsg(), "another id");
    service_fail = 0;
    memset(service_audit, 0x33, sizeof service_audit);
    (void)open_keyed(NULL, key_service, 0, MEND_EKEY);
    CHECK_SUBSTR(mend_last_errmsg(), "is not this practice's");

    SECTION("a plaintext practice adopts the host's keys");
    db = t_fresh_practice(&admin);
    REQUIRE_OK(mend_actor_set(db, admin));
    c1 = t_client(db, "Pat", "Plain", NULL);
    CHECK_I64(key_state(db), MEND_KEY_STATE_NONE);
    js = verify(db, NULL);
    CHECK_SUBSTR(js, "\"reason\":\"not_keyed\"");
    mend_free(js);
    CHECK_RC(mend_key_adopt(db), MEND_EKEY);
    CHECK_RC(mend_key_rewrap(NULL, db), MEND_EKEY);
    mend_close(db);
    db = open_keyed(key_path, NULL, 0, MEND_OK);
    REQUIRE(db != NULL);
    CHECK_I64(key_state(db), MEND_KEY_STATE_UNREGISTERED);
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_RC(mend_client_get(&rec, db, c1), MEND_EKEY);
    CHECK_OK(mend_key_adopt(db));
    CHECK_I64(key_state(db), MEND_KEY_STATE_HELD);
    CHECK_RC(mend_key_adopt(db), MEND_ESTATE);
    REQUIRE_OK(mend_client_get(&rec, db, c1));
    mend_client_free(rec);
    js = verify(db, NULL);
    CHECK_SUBSTR(js, "\"ok\":true");
    mend_free(js);
    REQUIRE(t_raw_int("SELECT COUNT(*) FROM audit_event WHERE action = 'adopt_key'", &n) == 0);
    CHECK_I64(n, 1);
    mend_close(db);

    unlink(key_path);
    unlink(other_path);
    return t_finish();
}
