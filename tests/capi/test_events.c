/*
 * Host callbacks: events delivered after the commit that made them (never
 * inside a transaction that can still roll back, never for a failed call),
 * the re-entry guard, and the process-wide log, which never holds client text.
 */
#include "support.h"

#include <stddef.h>

#define MAX_EVENTS 64

typedef struct recorder {
    mend_event events[MAX_EVENTS];
    int count;
    mend_db* other;        /* a second handle on the same database */
    int reenter_rc;        /* what a call back into the handle returned */
    char reenter_msg[200]; /* and its message */
    int set_rc;            /* mend_event_set_callback from inside */
    int other_rc;          /* a read on the other handle from inside */
    int other_saw_flag;    /* the other handle saw the raised flag: it was committed */
    int64_t client;        /* the client whose name the guard must keep */
} recorder;

static mend_db* own_db;

static void on_event(const mend_event* e, void* user_data) {
    recorder* r = (recorder*)user_data;
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    char* js = NULL;
    if (r->count < MAX_EVENTS) r->events[r->count] = *e;
    ++r->count;
    /* Back into the same handle: refused, changes nothing. */
    f.given_name = "Changed";
    r->reenter_rc = mend_client_update(own_db, r->client, &f);
    snprintf(r->reenter_msg, sizeof r->reenter_msg, "%s", mend_errmsg(own_db));
    r->set_rc = mend_event_set_callback(own_db, NULL, NULL);
    mend_close(own_db); /* does nothing from inside its own callback */
    /* Another handle works, and sees what the event is about. */
    if (r->other && e->kind == MEND_EVENT_FLAG_RAISED) {
        mend_safety_flag_list_options fo = MEND_SAFETY_FLAG_LIST_OPTIONS_INIT;
        char want[40];
        fo.client_id = e->client_id;
        r->other_rc = mend_safety_flag_list_json(&js, r->other, &fo);
        snprintf(want, sizeof want, "\"id\":%lld,", (long long)e->record_id);
        if (r->other_rc == MEND_OK && strstr(js, want)) ++r->other_saw_flag;
        mend_free(js);
    }
}

/* The log, kept whole. */
static char log_text[200000];
static size_t log_len;
static int log_levels[5];

static void on_log(int level, const char* message, void* user_data) {
    size_t n = strlen(message);
    (void)user_data;
    if (level >= 1 && level <= 4) ++log_levels[level];
    if (log_len + n + 2 < sizeof log_text) {
        memcpy(log_text + log_len, message, n);
        log_len += n;
        log_text[log_len++] = '\n';
        log_text[log_len] = '\0';
    }
}

static int64_t screen(mend_db* db, int64_t client, const char* ipv, int expect) {
    mend_safety_screen_fields sf = MEND_SAFETY_SCREEN_FIELDS_INIT;
    int64_t id = 0;
    sf.client_id = client;
    sf.ipv = ipv;
    sf.ipv_instrument = "HITS";
    sf.suicide_risk = "none";
    CHECK_RC(mend_safety_screen_create(&id, db, &sf), expect);
    return id;
}

static long count_flags(mend_db* db, int64_t client) {
    mend_safety_flag_list_options fo = MEND_SAFETY_FLAG_LIST_OPTIONS_INIT;
    char* js = NULL;
    const char* p;
    long n = 0;
    fo.client_id = client;
    fo.include_resolved = 1;
    if (mend_safety_flag_list_json(&js, db, &fo) != MEND_OK) return -1;
    for (p = js; (p = strstr(p, "\"code\":")) != NULL; ++p)
        ++n;
    mend_free(js);
    return n;
}

int main(int argc, char** argv) {
    int64_t admin, zed, other_client, kase, session_id, note, release, id;
    mend_db* db;
    mend_db* db2;
    recorder rec;
    int i, before;
    char* js = NULL;
    char expires[11], at[20];
    mend_client* c = NULL;
    mend_client_fields cf = MEND_CLIENT_FIELDS_INIT;
    mend_session_fields sesf = MEND_SESSION_FIELDS_INIT;
    mend_release_fields rf = MEND_RELEASE_FIELDS_INIT;

    memset(&rec, 0, sizeof rec);
    t_location(argc, argv, "capi_events.db");

    SECTION("the numbers are fixed");
    CHECK_I64(MEND_EVENT_FLAG_RAISED, 1);
    CHECK_I64(MEND_EVENT_FLAG_RESOLVED, 2);
    CHECK_I64(MEND_EVENT_PHASE_CHANGED, 3);
    CHECK_I64(MEND_EVENT_NOTE_SIGNED, 4);
    CHECK_I64(MEND_EVENT_NOTE_COSIGNED, 5);
    CHECK_I64(MEND_EVENT_RELEASE_CREATED, 6);
    CHECK_I64(MEND_EVENT_VERSION, 1);
    CHECK_I64(MEND_LOG_ERROR, 1);
    CHECK_I64(MEND_LOG_WARNING, 2);
    CHECK_I64(MEND_LOG_INFO, 3);
    CHECK_I64(MEND_LOG_DEBUG, 4);
    /* Ids and numbers only: no pointer, so no text, in an event. */
    CHECK_I64(sizeof(mend_event), 40);
    CHECK_I64(offsetof(mend_event, record_id), 8);
    CHECK_I64(offsetof(mend_event, actor_id), 32);

    SECTION("the log: level checked, migrations on open");
    CHECK_RC(mend_log_set_callback(on_log, 0, NULL), MEND_EINVAL);
    CHECK_RC(mend_log_set_callback(on_log, 5, NULL), MEND_EINVAL);
    REQUIRE_OK(mend_log_set_callback(on_log, MEND_LOG_DEBUG, NULL));
    db = t_fresh_practice(&admin);
    own_db = db;
    CHECK_SUBSTR(log_text, "schema migrated from version 0 to version ");
    CHECK_SUBSTR(log_text, "opened a ");
    CHECK(log_levels[MEND_LOG_INFO] >= 1);
    db2 = t_open();
    REQUIRE_OK(mend_actor_set(db2, admin));
    rec.other = db2;

    cf.given_name = "Zephyrine";
    cf.family_name = "Quillfeather";
    cf.external_id = "pt-zq";
    REQUIRE_OK(mend_client_create(&zed, db, &cf));
    other_client = t_client(db, "Bo", "Other", "pt-bo");
    rec.client = zed;
    REQUIRE_OK(mend_event_set_callback(db, on_event, &rec));
    CHECK_RC(mend_event_set_callback(NULL, on_event, &rec), MEND_EINVAL);

    SECTION("flags raised: delivered after the commit, with ids");
    id = screen(db, zed, "current", MEND_OK);
    REQUIRE(id > 0);
    CHECK(rec.count >= 1);
    for (i = 0; i < rec.count && i < MAX_EVENTS; ++i) {
        CHECK_I64(rec.events[i].version, MEND_EVENT_VERSION);
        CHECK_I64(rec.events[i].kind, MEND_EVENT_FLAG_RAISED);
        CHECK_I64(rec.events[i].client_id, zed);
        CHECK_I64(rec.events[i].case_id, 0);
        CHECK_I64(rec.events[i].actor_id, admin);
        CHECK(rec.events[i].record_id > 0);
    }
    CHECK_I64(rec.count, count_flags(db, zed));
    /* The other handle read each flag from inside the callback: committed. */
    CHECK_I64(rec.other_saw_flag, rec.count);
    CHECK_RC(rec.other_rc, MEND_OK);

    SECTION("a callback cannot call back into its own handle");
    CHECK_RC(rec.reenter_rc, MEND_ESTATE);
    CHECK_SUBSTR(rec.reenter_msg, "cannot call back into its own handle");
    CHECK_RC(rec.set_rc, MEND_ESTATE);
    /* The outer call's own result is what the handle reports afterwards. */
    CHECK_I64(mend_errcode(db), MEND_OK);
    REQUIRE_OK(mend_client_get(&c, db, zed));
    CHECK_STREQ(mend_client_given_name(c), "Zephyrine");
    mend_client_free(c);
    /* mend_close from inside did nothing: the handle still works and still
     * delivers to the same callback. */
    CHECK_OK(mend_db_schema_version(&i, db));

    SECTION("inside a transaction: nothing until the commit");
    before = rec.count;
    REQUIRE_OK(mend_transaction_begin(db));
    CHECK_OK(mend_safety_flag_resolve(db, rec.events[0].record_id, "Plan agreed in session"));
    CHECK_I64(rec.count, before);
    REQUIRE_OK(mend_transaction_commit(db));
    REQUIRE(rec.count == before + 1);
    CHECK_I64(rec.events[before].kind, MEND_EVENT_FLAG_RESOLVED);
    CHECK_I64(rec.events[before].record_id, rec.events[0].record_id);
    CHECK_I64(rec.events[before].client_id, zed);

    SECTION("a rollback delivers nothing");
    before = rec.count;
    REQUIRE_OK(mend_transaction_begin(db));
    screen(db, other_client, "current", MEND_OK);
    CHECK(count_flags(db, other_client) >= 1);
    CHECK_I64(rec.count, before);
    REQUIRE_OK(mend_transaction_rollback(db));
    CHECK_I64(rec.count, before);
    CHECK_I64(count_flags(db, other_client), 0);
    /* Nothing left queued: the next call that commits delivers its own only. */
    CHECK_OK(mend_db_schema_version(&i, db));
    CHECK_I64(rec.count, before);

    SECTION("a failed call delivers nothing and keeps the transaction's events");
    screen(db, other_client, "sometimes", MEND_EINVAL);
    CHECK_I64(rec.count, before);
    REQUIRE_OK(mend_transaction_begin(db));
    screen(db, other_client, "current", MEND_OK);
    screen(db, other_client, "sometimes", MEND_EINVAL);
    REQUIRE_OK(mend_transaction_commit(db));
    CHECK(rec.count > before);
    for (i = before; i < rec.count && i < MAX_EVENTS; ++i) {
        CHECK_I64(rec.events[i].kind, MEND_EVENT_FLAG_RAISED);
        CHECK_I64(rec.events[i].client_id, other_client);
    }
    CHECK_I64(rec.count - before, count_flags(db, other_client));

    SECTION("a phase change, a signed note, a release");
    kase = t_individual_case(db, zed, admin);
    before = rec.count;
    REQUIRE_OK(mend_phase_start(db, kase, "betrayal_trauma_individual", 0, NULL));
    REQUIRE(rec.count == before + 1);
    CHECK_I64(rec.events[before].kind, MEND_EVENT_PHASE_CHANGED);
    CHECK_I64(rec.events[before].case_id, kase);
    CHECK_I64(rec.events[before].client_id, 0);
    CHECK(rec.events[before].record_id > 0);
    REQUIRE_OK(mend_phase_history_json(&js, db, kase));
    {
        char want[40];
        snprintf(want, sizeof want, "\"id\":%lld", (long long)rec.events[before].record_id);
        CHECK_SUBSTR(js, want);
    }
    mend_free(js);

    t_utc_date(at, -1);
    strcat(at, "T10:00");
    sesf.case_id = kase;
    sesf.starts_at = at;
    sesf.duration_minutes = 53;
    sesf.modality = "in_person";
    sesf.participants = &zed;
    sesf.participant_count = 1;
    sesf.cpt_code = "90837";
    REQUIRE_OK(mend_session_create(&session_id, db, &sesf));
    REQUIRE_OK(mend_note_create(&note, db, session_id, "free", "{\"text\": \"Zephyrine spoke\"}"));
    before = rec.count;
    REQUIRE_OK(mend_note_sign(db, note));
    REQUIRE(rec.count == before + 1);
    CHECK_I64(rec.events[before].kind, MEND_EVENT_NOTE_SIGNED);
    CHECK_I64(rec.events[before].record_id, note);
    CHECK_I64(rec.events[before].case_id, kase);
    CHECK_RC(mend_note_sign(db, note), MEND_ESTATE);
    CHECK_I64(rec.count, before + 1);

    t_utc_date(expires, 30);
    rf.case_id = kase;
    rf.for_client_id = zed;
    rf.recipient = "the client";
    rf.purpose = "continuity of care";
    rf.expires_on = expires;
    before = rec.count;
    REQUIRE_OK(mend_release_create(&release, db, &rf));
    REQUIRE(rec.count == before + 1);
    CHECK_I64(rec.events[before].kind, MEND_EVENT_RELEASE_CREATED);
    CHECK_I64(rec.events[before].record_id, release);
    CHECK_I64(rec.events[before].case_id, kase);
    CHECK_I64(rec.events[before].client_id, zed);

    SECTION("NULL unregisters");
    REQUIRE_OK(mend_event_set_callback(db, NULL, NULL));
    before = rec.count;
    screen(db, zed, "current", MEND_OK);
    CHECK(count_flags(db, zed) > 1);
    CHECK_I64(rec.count, before);

    SECTION("the log: errors with their code names, never client text");
    cf.given_name = "Zephyrine\xff";
    CHECK_RC(mend_client_create(&id, db, &cf), MEND_EENCODING);
    cf.given_name = "Zephyrine";
    CHECK_RC(mend_client_create(&id, db, &cf), MEND_EEXISTS); /* pt-zq is taken */
    cf.external_id = "pt-zq2";
    cf.date_of_birth = "Quillfeather";
    CHECK_RC(mend_client_create(&id, db, &cf), MEND_EINVAL);
    CHECK_RC(mend_client_get_external(&c, db, "Quillfeather-id"), MEND_ENOTFOUND);
    CHECK_SUBSTR(log_text, "MEND_EENCODING");
    CHECK_SUBSTR(log_text, "MEND_EEXISTS");
    CHECK_SUBSTR(log_text, "MEND_EINVAL");
    CHECK_SUBSTR(log_text, "MEND_ENOTFOUND");
    CHECK_SUBSTR(log_text, "MEND_ESTATE: a mend callback cannot call back into its own handle");
    CHECK(log_levels[MEND_LOG_WARNING] >= 5);

    SECTION("the log: a transaction left open is rolled back on close");
    REQUIRE_OK(mend_transaction_begin(db));
    screen(db, other_client, "current", MEND_OK);
    mend_close(db);
    CHECK_SUBSTR(log_text, "a transaction left open was rolled back on close");
    CHECK_SUBSTR(log_text, "closed a database handle");
    CHECK(strstr(log_text, "Zephyrine") == NULL);
    CHECK(strstr(log_text, "Quillfeather") == NULL);
    if (strstr(log_text, "Zephyrine") || strstr(log_text, "Quillfeather"))
        fprintf(stderr, "log:\n%s\n", log_text);

    SECTION("the log: NULL turns it off");
    REQUIRE_OK(mend_log_set_callback(NULL, 0, NULL));
    before = (int)log_len;
    CHECK_RC(mend_actor_set(db2, -1), MEND_EINVAL);
    CHECK_I64((long long)log_len, before);
    mend_close(db2);
    return t_finish();
}
