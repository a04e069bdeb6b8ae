/*
 * Failover (issue 16). A primary and a synchronous standby on loopback
 * (tests/support/pg-pair.sh: fsync on, synchronous_commit on); one writer
 * handle, opened on the multi-host URL (target_session_attrs=read-write)
 * with a connect timeout, creates clients, signs notes and records measures
 * while a second thread fails the primary over at random moments (SIGKILL of
 * the primary and all its processes, the standby promoted, the old primary
 * rebuilt as the new one's synchronous standby).
 *
 *   - Every call returns MEND_OK or MEND_ECONNECTION, whose message says so
 *     and holds no client data; never a crash, and no call outlasts the bound
 *     below (a failed one: the connect timeout of each host).
 *   - After a MEND_ECONNECTION the writer simply goes on; the first call that
 *     starts once a failover has finished succeeds (the handle reconnects to
 *     the new primary on its own). The calls and seconds each recovery took
 *     are counted.
 *   - After each failover every write mend reported committed is on the new
 *     primary: the audit events written in the same transactions, and the
 *     records read back. A write that failed with MEND_ECONNECTION may or may
 *     not be there: both are counted (never more than failed).
 *   - At the end mend's check, the audit chain and note hashes pass.
 *
 * Then without failover: the primary SIGKILLed and restarted in place while
 * the writer writes (pg-pair.sh restart); the primary down (killed, left
 * down): each call MEND_ECONNECTION at once; the primary unresponsive
 * (pg-pair.sh freeze: connections are accepted and never answered): each
 * call MEND_ECONNECTION within the handle's connect timeout (measured).
 *
 *   capi_failover [FAILOVERS]   (default 10; MEND_TEST_SEED sets the seed)
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_OPS = 200000, MAX_TRIGGERS = 64, CONNECT_TIMEOUT_S = 2 };

/* What one call wrote: its audit event (action, object type) and record. */
enum kind { K_CLIENT, K_SESSION, K_DRAFT, K_SIGN, K_MEASURE, K_KINDS };
static const char* const kind_action[K_KINDS] = {"create", "create", "create", "sign", "create"};
static const char* const kind_object[K_KINDS] = {"client", "session", "note", "note",
                                                 "administration"};
static const char* const kind_name[K_KINDS] = {"client", "session", "draft note", "signature",
                                               "measure"};

struct op {
    unsigned char kind;
    unsigned char ok; /* 1: MEND_OK; 0: MEND_ECONNECTION in flight (in doubt);
                         2: MEND_ECONNECTION before it reached a server */
    long long id;     /* the record (a signature's note, whatever came of it) */
    int round;
};

static struct op ops[MAX_OPS];
static int nops;
static int64_t admin, clinician, home_client, home_case;
static char pair_dir[64];

/* Calls, failures and recoveries. */
static long calls, failed_calls, committed_calls, unreached_calls;
static int episodes, max_recover_calls, unexpected;
static long recover_calls_total;
static double max_recover_s, max_call_s, max_failed_call_s;

static unsigned long long rng = 88172645463325252ULL;
static unsigned next_random(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* pg-pair.sh VERB DIR (0 on success). */
static int pair(const char* verb) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "bash '%s' %s '%s' >/dev/null", MEND_TEST_PAIR_SCRIPT, verb,
             pair_dir);
    return system(cmd);
}

static int contains_nocase(const char* text, const char* word) {
    size_t n = strlen(word);
    for (; text && *text; ++text) {
        size_t i = 0;
        while (i < n && text[i] && tolower((unsigned char)text[i]) == word[i])
            ++i;
        if (i == n) return 1;
    }
    return 0;
}

/* The messages MEND_ECONNECTION came with, and how often (printed at the end). */
enum { MAX_MESSAGES = 8 };
static char messages[MAX_MESSAGES][256];
static long message_count[MAX_MESSAGES];

static void count_message(const char* msg) {
    int i;
    for (i = 0; i < MAX_MESSAGES && messages[i][0]; ++i)
        if (strcmp(messages[i], msg) == 0) break;
    if (i == MAX_MESSAGES) return;
    if (!messages[i][0]) snprintf(messages[i], sizeof messages[i], "%s", msg);
    ++message_count[i];
}

/* ---- the writer's calls ---- */

/* The note being written: its session, then its draft, then the signature.
 * A failed step drops it (a retried signature could meet a note already
 * signed); the next round starts a new one. */
static int64_t unit_session, unit_note;

static int call_once(mend_db* db, int round, struct op* op) {
    int step = round % 5, rc;
    int64_t id = 0;
    if (step == 2 && !unit_session) step = 4;
    if (step == 3 && !unit_note) step = 4;
    op->round = round;
    if (step == 0) {
        mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
        char ext[32];
        snprintf(ext, sizeof ext, "fo-%d", round);
        f.given_name = "Xylophone";
        f.family_name = "Quartz";
        f.external_id = ext;
        op->kind = K_CLIENT;
        rc = mend_client_create(&id, db, &f);
    } else if (step == 1) {
        op->kind = K_SESSION;
        unit_note = 0;
        id = t_session(db, home_case, &home_client, 1, 0, "90834", 45, 1 + round % 300, &rc);
        unit_session = rc == MEND_OK ? id : 0;
    } else if (step == 2) {
        char content[64];
        snprintf(content, sizeof content, "{\"text\": \"quartzite round %d\"}", round);
        op->kind = K_DRAFT;
        rc = mend_note_create(&id, db, unit_session, "free", content);
        unit_note = rc == MEND_OK ? id : 0;
        unit_session = 0;
    } else if (step == 3) {
        op->kind = K_SIGN;
        id = unit_note;
        unit_note = 0;
        rc = mend_note_sign(db, id);
    } else {
        op->kind = K_MEASURE;
        rc = t_phq9(db, &id, home_client, round % 200);
    }
    op->id = rc == MEND_OK || op->kind == K_SIGN ? (long long)id : 0;
    op->ok = rc == MEND_OK;
    return rc;
}

/* One call, timed and classified; returns its code. */
static int one_call(mend_db* db, int round, double* elapsed) {
    double t0 = now_s();
    int rc;
    REQUIRE(nops < MAX_OPS);
    rc = call_once(db, round, &ops[nops]);
    *elapsed = now_s() - t0;
    ++calls;
    if (*elapsed > max_call_s) max_call_s = *elapsed;
    if (rc == MEND_OK || rc == MEND_ECONNECTION) ++nops;
    if (rc == MEND_OK) ++committed_calls;
    if (rc == MEND_ECONNECTION) {
        const char* msg = mend_errmsg(db);
        ++failed_calls;
        if (*elapsed > max_failed_call_s) max_failed_call_s = *elapsed;
        /* No server took it (the handle could not connect again): it cannot
         * have committed. Else it was in flight and may have. */
        if (msg && (strstr(msg, "could not connect") || strstr(msg, "cannot connect"))) {
            ops[nops - 1].ok = 2;
            ++unreached_calls;
        }
        /* A clear message, and no client data in it. */
        CHECK(msg && contains_nocase(msg, "connect"));
        if (msg) count_message(msg);
        CHECK_NO_SUBSTR(msg, "Xylophone");
        CHECK_NO_SUBSTR(msg, "Quartz");
        CHECK_NO_SUBSTR(msg, "quartzite");
    } else if (rc != MEND_OK) {
        ++unexpected;
        CHECK_RC(rc, MEND_OK);
        fprintf(stderr, "round %d: %s: %s\n", round, mend_errstr(rc), mend_errmsg(db));
    }
    return rc;
}

/* ---- what is on the primary ---- */

static int cmp_ll(const void* a, const void* b) {
    long long x = *(const long long*)a, y = *(const long long*)b;
    return x < y ? -1 : x > y;
}

/* The object ids of the audit events of each kind, sorted. */
struct id_set {
    long long* ids;
    int n;
};

static int has_id(const struct id_set* s, long long id) {
    return bsearch(&id, s->ids, (size_t)s->n, sizeof id, cmp_ll) != NULL;
}

static int in_doubt_landed, in_doubt_absent, lost_total;

/* Every write reported committed is there (its audit event, for all; the
 * record read back, for those from `from` on); writes in doubt are counted
 * as there or not. The actor is the admin meanwhile. */
static void check_committed(mend_db* db, int from) {
    struct id_set sets[K_KINDS];
    int i, k, count = 0, lost = 0, doubts[K_KINDS] = {0}, committed[K_KINDS] = {0};
    int landed = 0, absent = 0;
    t_event* events;
    REQUIRE_OK(mend_actor_set(db, admin));
    events = t_read_audit(db, &count);
    REQUIRE_NOT_NULL(events);
    for (k = 0; k < K_KINDS; ++k) {
        sets[k].ids = malloc(sizeof(long long) * (size_t)(count + 1));
        REQUIRE_NOT_NULL(sets[k].ids);
        sets[k].n = 0;
        for (i = 0; i < count; ++i)
            if (strcmp(events[i].action, kind_action[k]) == 0 &&
                strcmp(events[i].object_type, kind_object[k]) == 0 &&
                strcmp(events[i].outcome, "ok") == 0)
                sets[k].ids[sets[k].n++] = events[i].object_id;
        qsort(sets[k].ids, (size_t)sets[k].n, sizeof(long long), cmp_ll);
    }
    free(events);
    for (i = 0; i < nops; ++i) {
        const struct op* o = &ops[i];
        long before = t_failures;
        if (o->ok != 1) {
            if (o->ok == 0) ++doubts[o->kind];
            if (o->kind == K_SIGN) {
                /* Its note is known: signed or still a draft (always a
                 * draft when no server took the call). */
                char* js = NULL;
                int is_signed;
                CHECK_OK(mend_note_get_json(&js, db, o->id));
                is_signed = js && strstr(js, "\"status\":\"signed\"") != NULL;
                if (o->ok == 2)
                    CHECK(!is_signed);
                else if (is_signed)
                    ++landed;
                else
                    ++absent;
                mend_free(js);
            }
            continue;
        }
        CHECK(has_id(&sets[o->kind], o->id));
        if (i >= from) {
            char* js = NULL;
            char text[48];
            if (o->kind == K_CLIENT) {
                mend_client* c = NULL;
                snprintf(text, sizeof text, "fo-%d", o->round);
                CHECK_OK(mend_client_get(&c, db, o->id));
                if (c) CHECK_STREQ(mend_client_external_id(c), text);
                mend_client_free(c);
            } else if (o->kind == K_SESSION) {
                CHECK_OK(mend_session_get_json(&js, db, o->id));
            } else if (o->kind == K_DRAFT) {
                snprintf(text, sizeof text, "quartzite round %d", o->round);
                CHECK_OK(mend_note_get_json(&js, db, o->id));
                CHECK_SUBSTR(js, text);
            } else if (o->kind == K_SIGN) {
                CHECK_OK(mend_note_get_json(&js, db, o->id));
                CHECK_SUBSTR(js, "\"status\":\"signed\"");
            } else {
                CHECK_OK(mend_measure_get_json(&js, db, o->id));
                CHECK_SUBSTR(js, "\"total\":8");
            }
            mend_free(js);
        }
        if (t_failures != before) ++lost;
        ++committed[o->kind];
    }
    /* Creates in doubt: an event beyond the committed ones is one of them
     * (never more than were in flight). The setup's home client is not the
     * writer's. */
    for (k = 0; k < K_KINDS; ++k) {
        int extra;
        if (k == K_SIGN) continue; /* counted above, note by note */
        extra = sets[k].n - committed[k] - (k == K_CLIENT ? 1 : 0);
        CHECK(extra >= 0 && extra <= doubts[k]);
        if (extra < 0 || extra > doubts[k])
            fprintf(stderr, "%s: %d events beyond the committed, %d in doubt\n", kind_name[k],
                    extra, doubts[k]);
        landed += extra;
        absent += doubts[k] - extra;
    }
    for (k = 0; k < K_KINDS; ++k)
        free(sets[k].ids);
    in_doubt_landed = landed;
    in_doubt_absent = absent;
    lost_total = lost;
    REQUIRE_OK(mend_actor_set(db, clinician));
}

/* ---- the trigger: pg-pair.sh VERB at random moments ---- */

struct trigger {
    const char* verb;
    int count, done, checked, finished, failed;
    double secs[MAX_TRIGGERS];
    pthread_mutex_t m;
    pthread_cond_t c;
};

static void* trigger_main(void* arg) {
    struct trigger* t = arg;
    int k;
    for (k = 1; k <= t->count; ++k) {
        double t0;
        int rc;
        pause_ms(100 + (long)next_random(1000));
        t0 = now_s();
        rc = pair(t->verb);
        pthread_mutex_lock(&t->m);
        t->secs[k - 1] = now_s() - t0;
        if (rc != 0) t->failed = 1;
        t->done = k;
        pthread_cond_broadcast(&t->c);
        /* The next one only once the writer has checked this one. */
        while (t->checked < k && !t->failed)
            pthread_cond_wait(&t->c, &t->m);
        pthread_mutex_unlock(&t->m);
        if (t->failed) break;
    }
    pthread_mutex_lock(&t->m);
    t->finished = 1;
    pthread_mutex_unlock(&t->m);
    return NULL;
}

/* The writer writes while the trigger runs `verb` `count` times; after each,
 * its first call must succeed, and everything committed is checked. */
static void write_through(mend_db* db, const char* verb, int count, int* round, double* longest) {
    struct trigger t;
    pthread_t thread;
    int checked = 0, from = nops, streak = 0, k;
    double streak_start = 0;
    memset(&t, 0, sizeof t);
    t.verb = verb;
    t.count = count;
    pthread_mutex_init(&t.m, NULL);
    pthread_cond_init(&t.c, NULL);
    REQUIRE(pthread_create(&thread, NULL, trigger_main, &t) == 0);
    for (;; ++*round) {
        int done, finished, rc;
        double elapsed;
        pthread_mutex_lock(&t.m);
        done = t.done;
        finished = t.finished;
        pthread_mutex_unlock(&t.m);
        if (finished) break;
        rc = one_call(db, *round, &elapsed);
        if (rc != MEND_OK) {
            if (!streak++) streak_start = now_s() - elapsed;
            /* A host would back off a little; the test does too. */
            pause_ms(20);
        } else if (streak) {
            double took = now_s() - streak_start;
            ++episodes;
            recover_calls_total += streak + 1;
            if (streak + 1 > max_recover_calls) max_recover_calls = streak + 1;
            if (took > max_recover_s) max_recover_s = took;
            streak = 0;
        }
        if (done > checked) {
            /* The failover (or restart) had finished before this call began:
             * the handle is on the new primary at its first try. */
            CHECK_RC(rc, MEND_OK);
            if (rc != MEND_OK) fprintf(stderr, "after %s %d: %s\n", verb, done, mend_errmsg(db));
            check_committed(db, from);
            from = nops;
            checked = done;
            pthread_mutex_lock(&t.m);
            t.checked = checked;
            pthread_cond_broadcast(&t.c);
            pthread_mutex_unlock(&t.m);
            if (t_failures) {
                pthread_mutex_lock(&t.m);
                t.failed = 1;
                pthread_cond_broadcast(&t.c);
                pthread_mutex_unlock(&t.m);
            }
        }
    }
    pthread_join(thread, NULL);
    CHECK(!t.failed);
    CHECK_I64(checked, count);
    for (k = 0; k < t.done; ++k)
        if (t.secs[k] > *longest) *longest = t.secs[k];
    printf("%s: %d, %.1f s the longest\n", verb, t.done, *longest);
    pthread_mutex_destroy(&t.m);
    pthread_cond_destroy(&t.c);
}

/* `n` calls while the primary is down or unresponsive: each fails
 * MEND_ECONNECTION; the slowest and fastest seconds are returned. */
static void calls_while_down(mend_db* db, int n, int* round, double* fastest, double* slowest) {
    int i;
    *fastest = 1e9;
    *slowest = 0;
    for (i = 0; i < n; ++i, ++*round) {
        double elapsed;
        CHECK_RC(one_call(db, *round, &elapsed), MEND_ECONNECTION);
        if (elapsed < *fastest) *fastest = elapsed;
        if (elapsed > *slowest) *slowest = elapsed;
    }
}

/* Once the primary is back: the handle works again within `bound` calls. */
static int calls_to_recover(mend_db* db, int bound, int* round) {
    int i;
    for (i = 1; i <= bound; ++i, ++*round) {
        double elapsed;
        if (one_call(db, *round, &elapsed) == MEND_OK) {
            ++*round;
            return i;
        }
        fprintf(stderr, "server back, call %d: %s\n", i, mend_errmsg(db));
    }
    CHECK(!"the handle did not recover");
    return bound + 1;
}

int main(int argc, char** argv) {
    mend_db* db;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    int failovers = argc > 1 ? atoi(argv[1]) : 10, round = 0, recover, i;
    const char* seed = getenv("MEND_TEST_SEED");
    double longest_failover = 0, longest_restart = 0, down_fast, down_slow, frozen_fast,
           frozen_slow;
    char url[256], cmd[512];
    FILE* p;

    if (seed) rng = strtoull(seed, NULL, 10) | 1;
    printf("seed %llu\n", rng);
    REQUIRE(failovers > 0 && failovers <= MAX_TRIGGERS);
    snprintf(pair_dir, sizeof pair_dir, "/tmp/mend-failover.%ld", (long)getpid());
    snprintf(cmd, sizeof cmd, "bash '%s' start '%s' | tail -n 1", MEND_TEST_PAIR_SCRIPT, pair_dir);
    p = popen(cmd, "r");
    REQUIRE_NOT_NULL(p);
    REQUIRE(fgets(url, sizeof url, p) != NULL);
    pclose(p);
    url[strcspn(url, "\n")] = 0;
    t_location(2, (char*[]){argv[0], url, NULL}, NULL);

    db = t_fresh_practice(&admin);
    clinician = t_clinician(db, "Dr. Fail Over", "clinician", "FAIL-1");
    REQUIRE_OK(mend_actor_set(db, clinician));
    home_client = t_client(db, "Home", "Client", "failover-home");
    home_case = t_individual_case(db, home_client, clinician);
    mend_close(db);

    /* The writer's handle: the multi-host URL, a connect timeout per host. */
    o.connect_timeout_s = CONNECT_TIMEOUT_S;
    REQUIRE_OK(mend_open(&db, url, &o));
    REQUIRE_OK(mend_actor_set(db, clinician));

    SECTION("the primary SIGKILLed at random moments, the standby promoted");
    write_through(db, "failover", failovers, &round, &longest_failover);
    printf("failover: %ld writes reported committed, %d lost; %ld of %ld calls failed "
           "MEND_ECONNECTION: %ld before reaching a server, %d in flight (%d on the new primary, "
           "%d not)\n",
           committed_calls, lost_total, failed_calls, calls, unreached_calls,
           in_doubt_landed + in_doubt_absent, in_doubt_landed, in_doubt_absent);
    printf("failover: recovered %d times, in at most %d calls (mean %.1f) and %.2f s\n", episodes,
           max_recover_calls, episodes ? (double)recover_calls_total / episodes : 0.0,
           max_recover_s);
    /* No failed call waits longer than one connect timeout per host, and
     * none at all longer than a failover and those timeouts: a commit waits
     * for the standby while it is rebuilt. */
    CHECK(max_failed_call_s <= 2 * CONNECT_TIMEOUT_S + 1.0);
    CHECK(max_call_s <= longest_failover + 2 * CONNECT_TIMEOUT_S + 2.0);
    CHECK(max_recover_s <= longest_failover + 2 * CONNECT_TIMEOUT_S + 2.0);
    CHECK(failed_calls >= failovers); /* each failover cut a call in flight */

    SECTION("the primary SIGKILLed and restarted in place (no failover)");
    write_through(db, "restart", 3, &round, &longest_restart);

    SECTION("the primary down: each call MEND_ECONNECTION at once");
    snprintf(cmd, sizeof cmd, "bash '%s' kill \"$(bash '%s' primary '%s')\"", MEND_TEST_PG_SCRIPT,
             MEND_TEST_PAIR_SCRIPT, pair_dir);
    REQUIRE(system(cmd) == 0);
    calls_while_down(db, 5, &round, &down_fast, &down_slow);
    CHECK(down_slow < CONNECT_TIMEOUT_S);
    REQUIRE(pair("restart") == 0);
    /* MEND_ECONNECTION promises recovery on the next call. */
    recover = calls_to_recover(db, 10, &round);
    CHECK_I64(recover, 1);
    printf("down: 5 calls MEND_ECONNECTION in %.3f to %.3f s; back on call %d\n", down_fast,
           down_slow, recover);

    SECTION("the primary unresponsive: each call MEND_ECONNECTION within the connect timeout");
    REQUIRE(pair("freeze") == 0);
    calls_while_down(db, 4, &round, &frozen_fast, &frozen_slow);
    REQUIRE(pair("thaw") == 0);
    /* The timeout applied (the server took the connection and never answered)... */
    CHECK(frozen_slow >= CONNECT_TIMEOUT_S - 0.3);
    /* ...and nothing waited past it (one unresponsive host, one standby). */
    CHECK(frozen_slow <= CONNECT_TIMEOUT_S + 1.5);
    recover = calls_to_recover(db, 2, &round);
    printf("unresponsive: 4 calls MEND_ECONNECTION in %.2f to %.2f s (connect timeout %d s); "
           "back on call %d\n",
           frozen_fast, frozen_slow, CONNECT_TIMEOUT_S, recover);

    SECTION("everything committed is there; the chain and the notes verify");
    check_committed(db, 0);
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK(t_check_verified(db));
    mend_close(db);
    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK(t_check_verified(db));
    mend_close(db);
    printf("in all: %d failovers, %d restarts, %ld calls, %ld writes reported committed, %d lost; "
           "%ld calls failed MEND_ECONNECTION: %ld before reaching a server, %d in flight (%d "
           "on the primary, %d not); %d other codes; the longest call %.2f s, failed call "
           "%.2f s\n",
           failovers, 3, calls, committed_calls, lost_total, failed_calls, unreached_calls,
           in_doubt_landed + in_doubt_absent, in_doubt_landed, in_doubt_absent, unexpected,
           max_call_s, max_failed_call_s);
    for (i = 0; i < MAX_MESSAGES && messages[i][0]; ++i)
        printf("  %6ld x \"%s\"\n", message_count[i], messages[i]);
    CHECK_I64(lost_total, 0);
    CHECK_I64(unexpected, 0);

    if (pair("stop") == 0 && t_failures == 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", pair_dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", pair_dir);
    }
    return t_finish();
}
