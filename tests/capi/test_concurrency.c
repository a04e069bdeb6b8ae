/*
 * Concurrency (issue 15): several processes, each with several threads, write
 * to one database at once, every thread through its own handle (a handle is
 * used by one thread at a time). Each writer creates a client, an individual
 * case, a session, a note it signs and a PHQ-9 administration, round after
 * round, with the default busy timeout (SQLite) or lock timeout (PostgreSQL).
 *
 * Asserted afterwards: no call failed (no MEND_EBUSY reached a caller inside
 * the timeout), every record a writer was told was committed is there with
 * its values, the audit sequence has no gap and holds each write once, and
 * mend's own check (integrity, note hashes, audit chain) passes.
 *
 * Then two clinicians' desks on one draft: two handles of the author read
 * version 1, the first save wins, the second gets MEND_ECONFLICT and changes
 * nothing; the same race between two threads, many rounds, has exactly one
 * winner each round. A clinician not on the case may not save it (nor learn it exists).
 *
 * Label `concurrency`: the test command also runs it under ThreadSanitizer.
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { PROCESSES = 3, THREADS = 3, ROUNDS = 12, RACE_ROUNDS = 40 };

static const char* where;
static int64_t admin, clinician;

/* One writer: its own handle, ROUNDS rounds. Returns the number of calls
 * that failed; the codes seen are written to `codes`. */
struct writer {
    int process, thread;
    int failed;
    int last_rc;
    char where_failed[48];
};

#define STEP(call, label)                                                                          \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        if (rc_ != MEND_OK) {                                                                      \
            w->failed++;                                                                           \
            w->last_rc = rc_;                                                                      \
            snprintf(w->where_failed, sizeof w->where_failed, "%s", label);                        \
            continue;                                                                              \
        }                                                                                          \
    } while (0)

static void* write_rounds(void* arg) {
    struct writer* w = arg;
    mend_db* db = NULL;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    int i;
    t_pooling(&o);
    if (mend_open(&db, where, &o) != MEND_OK || mend_actor_set(db, clinician) != MEND_OK) {
        w->failed = ROUNDS;
        snprintf(w->where_failed, sizeof w->where_failed, "open");
        mend_close(db);
        return NULL;
    }
    for (i = 0; i < ROUNDS; ++i) {
        mend_client_fields c = MEND_CLIENT_FIELDS_INIT;
        mend_case_fields k = MEND_CASE_FIELDS_INIT;
        char ext[32], given[32], text[48];
        int64_t client = 0, kase = 0, note = 0, measure = 0;
        snprintf(ext, sizeof ext, "w-%d-%d-%d", w->process, w->thread, i);
        snprintf(given, sizeof given, "Writer%dx%dx%d", w->process, w->thread, i);
        c.given_name = given;
        c.family_name = "Concurrent";
        c.external_id = ext;
        STEP(mend_client_create(&client, db, &c), "client");
        k.kind = "individual";
        k.client_id = client;
        k.primary_clinician_id = clinician;
        STEP(mend_case_create(&kase, db, &k), "case");
        snprintf(text, sizeof text, "round %d written concurrently", i);
        STEP(t_signed_note(db, &note, kase, client, 1 + i, text), "note");
        STEP(t_phq9(db, &measure, client, 0), "measure");
    }
    mend_close(db);
    return NULL;
}

/* A child process: THREADS writers; exits with the number of failed calls
 * (capped), after printing what failed. */
static void child(int process) {
    pthread_t threads[THREADS];
    struct writer ws[THREADS];
    int t, failed = 0;
    memset(ws, 0, sizeof ws);
    for (t = 0; t < THREADS; ++t) {
        ws[t].process = process;
        ws[t].thread = t;
        if (pthread_create(&threads[t], NULL, write_rounds, &ws[t]) != 0) _exit(100);
    }
    for (t = 0; t < THREADS; ++t) {
        pthread_join(threads[t], NULL);
        if (ws[t].failed)
            fprintf(stderr, "writer %d/%d: %d failed calls, last %s: %d\n", process, t,
                    ws[t].failed, ws[t].where_failed, ws[t].last_rc);
        failed += ws[t].failed;
    }
    fflush(NULL);
    _exit(failed > 99 ? 99 : failed);
}

static void check_written(mend_db* db) {
    int p, t, i, n = 0;
    long long notes = -1, signed_notes = -1, measures = -1;
    t_event* ev;
    for (p = 0; p < PROCESSES; ++p)
        for (t = 0; t < THREADS; ++t)
            for (i = 0; i < ROUNDS; ++i) {
                char ext[32], given[32];
                mend_client* c = NULL;
                snprintf(ext, sizeof ext, "w-%d-%d-%d", p, t, i);
                snprintf(given, sizeof given, "Writer%dx%dx%d", p, t, i);
                CHECK_OK(mend_client_get_external(&c, db, ext));
                if (c) CHECK_STREQ(mend_client_given_name(c), given);
                mend_client_free(c);
            }
    CHECK(t_count_clients(db, 1) == PROCESSES * THREADS * ROUNDS);
    CHECK(t_raw_int("SELECT COUNT(*) FROM note", &notes) == 0);
    CHECK_I64(notes, PROCESSES * THREADS * ROUNDS);
    CHECK(
        t_raw_int("SELECT COUNT(*) FROM note WHERE status = 'signed' AND content_hash IS NOT NULL",
                  &signed_notes) == 0);
    CHECK_I64(signed_notes, PROCESSES * THREADS * ROUNDS);
    CHECK(t_raw_int("SELECT COUNT(*) FROM administration", &measures) == 0);
    CHECK_I64(measures, PROCESSES * THREADS * ROUNDS);

    ev = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(ev);
    for (i = 0; i < n; ++i)
        if (ev[i].seq != i + 1) {
            CHECK_I64(ev[i].seq, i + 1);
            break;
        }
    CHECK(t_count_events(ev, n, "create", "client", -1, "ok", (long long)clinician) ==
          PROCESSES * THREADS * ROUNDS);
    CHECK(t_count_events(ev, n, "sign", "note", -1, "ok", (long long)clinician) ==
          PROCESSES * THREADS * ROUNDS);
    CHECK(t_count_events(ev, n, NULL, NULL, -1, "denied", -1) == 0);
    free(ev);
    CHECK(t_check_verified(db));
}

/* Two desks, one draft. */
struct saver {
    mend_db* db;
    int64_t note;
    int expected;
    pthread_barrier_t* start;
    int rc;
    int version;
    char content[64];
};

static void* save(void* arg) {
    struct saver* s = arg;
    pthread_barrier_wait(s->start);
    s->rc = mend_note_update(&s->version, s->db, s->note, s->expected, "free", s->content);
    return NULL;
}

static int draft_version(mend_db* db, int64_t note, char* text, size_t len) {
    char* js = NULL;
    const char* v;
    int version = -1;
    if (mend_note_get_json(&js, db, note) != MEND_OK) return -1;
    v = strstr(js, "\"version\":");
    if (v) version = atoi(v + strlen("\"version\":"));
    if (text) {
        const char* t = strstr(js, "desk ");
        size_t i = 0;
        while (t && t[i] && t[i] != '"' && i + 1 < len) {
            text[i] = t[i];
            ++i;
        }
        text[i] = 0;
    }
    mend_free(js);
    return version;
}

static void test_draft_conflict(void) {
    mend_db *a, *b, *other;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    int64_t client, kase, session, note, second;
    int version = 0, round, wins = 0, conflicts = 0;
    char text[64];
    pthread_barrier_t start;

    SECTION("two desks on one draft: the second save gets MEND_ECONFLICT");
    a = t_open();
    REQUIRE_OK(mend_actor_set(a, admin));
    second = t_clinician(a, "Dr. Second Desk", "clinician", "DESK-2");
    REQUIRE_OK(mend_actor_set(a, clinician));
    client = t_client(a, "Draft", "Shared", "draft-1");
    kase = t_individual_case(a, client, clinician);
    session = t_session(a, kase, &client, 1, 0, "90834", 45, 2, NULL);
    REQUIRE_OK(mend_note_create(&note, a, session, "free", "{\"text\": \"desk 0\"}"));
    t_pooling(&o);
    REQUIRE_OK(mend_open(&b, where, &o));
    REQUIRE_OK(mend_actor_set(b, clinician));
    CHECK(draft_version(a, note, NULL, 0) == 1);
    CHECK(draft_version(b, note, NULL, 0) == 1);
    CHECK_OK(mend_note_update(&version, a, note, 1, "free", "{\"text\": \"desk a\"}"));
    CHECK(version == 2);
    version = 0;
    CHECK_RC(mend_note_update(&version, b, note, 1, "free", "{\"text\": \"desk b\"}"),
             MEND_ECONFLICT);
    CHECK(version == 0);
    CHECK(draft_version(b, note, text, sizeof text) == 2);
    CHECK_STREQ(text, "desk a");
    /* Reloaded, the second desk saves. */
    CHECK_OK(mend_note_update(&version, b, note, 2, "free", "{\"text\": \"desk b\"}"));
    CHECK(version == 3);
    /* Another clinician, not on the case, may not save the author's draft, nor
     * learn that it exists. */
    REQUIRE_OK(mend_open(&other, where, &o));
    REQUIRE_OK(mend_actor_set(other, second));
    CHECK_RC(mend_note_update(&version, other, note, 3, "free", "{\"text\": \"desk c\"}"),
             MEND_ENOTFOUND);
    mend_close(other);

    SECTION("the same race between two threads: one winner a round");
    REQUIRE(pthread_barrier_init(&start, NULL, 2) == 0);
    for (round = 0; round < RACE_ROUNDS; ++round) {
        struct saver sa, sb;
        pthread_t ta, tb;
        int expected = 3 + round;
        memset(&sa, 0, sizeof sa);
        memset(&sb, 0, sizeof sb);
        sa.db = a;
        sb.db = b;
        sa.note = sb.note = note;
        sa.expected = sb.expected = expected;
        sa.start = sb.start = &start;
        snprintf(sa.content, sizeof sa.content, "{\"text\": \"desk a%d\"}", round);
        snprintf(sb.content, sizeof sb.content, "{\"text\": \"desk b%d\"}", round);
        REQUIRE(pthread_create(&ta, NULL, save, &sa) == 0);
        REQUIRE(pthread_create(&tb, NULL, save, &sb) == 0);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        if (sa.rc == MEND_OK) ++wins;
        if (sb.rc == MEND_OK) ++wins;
        if (sa.rc == MEND_ECONFLICT) ++conflicts;
        if (sb.rc == MEND_ECONFLICT) ++conflicts;
        CHECK((sa.rc == MEND_OK) != (sb.rc == MEND_OK));
        CHECK(sa.rc == MEND_OK || sa.rc == MEND_ECONFLICT);
        CHECK(sb.rc == MEND_OK || sb.rc == MEND_ECONFLICT);
        CHECK(draft_version(a, note, text, sizeof text) == expected + 1);
        /* The stored text is the winner's. */
        CHECK(strstr(sa.rc == MEND_OK ? sa.content : sb.content, text) != NULL);
    }
    pthread_barrier_destroy(&start);
    CHECK(wins == RACE_ROUNDS);
    CHECK(conflicts == RACE_ROUNDS);
    printf("draft race: %d rounds, %d saves won, %d MEND_ECONFLICT\n", RACE_ROUNDS, wins,
           conflicts);
    mend_close(b);
    mend_close(a);
}

int main(int argc, char** argv) {
    mend_db* db;
    pid_t pids[PROCESSES];
    int p, failed = 0;

    where = t_location(argc, argv, "capi_concurrency.db");
    db = t_fresh_practice(&admin);
    clinician = t_clinician(db, "Dr. Many Hands", "clinician", "MANY-1");
    mend_close(db); /* no handle open across the fork */

    SECTION("processes x threads writing at once, each on its own handle");
    fflush(NULL);
    for (p = 0; p < PROCESSES; ++p) {
        pids[p] = fork();
        REQUIRE(pids[p] >= 0);
        if (pids[p] == 0) child(p);
    }
    for (p = 0; p < PROCESSES; ++p) {
        int status = 0;
        REQUIRE(waitpid(pids[p], &status, 0) == pids[p]);
        CHECK(WIFEXITED(status));
        if (WIFEXITED(status)) failed += WEXITSTATUS(status);
    }
    CHECK_I64(failed, 0);
    printf("%d processes x %d threads x %d rounds: %d failed calls\n", PROCESSES, THREADS, ROUNDS,
           failed);

    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    check_written(db);
    mend_close(db);

    test_draft_conflict();
    return t_finish();
}
