/*
 * Crash safety (issue 15): a writer process streams committed writes (client
 * creates, signed notes, measure administrations) and tells the parent about
 * each one as soon as mend returned MEND_OK. The parent kills at a random
 * moment, then opens the database and checks that it passes its integrity
 * check and holds every write the writer reported committed.
 *
 *   capi_crash_writes PATH.db [TRIALS]   SQLite: the writer itself is SIGKILLed
 *                                        (default 200 trials)
 *   capi_crash_writes --server [TRIALS]  PostgreSQL: a server of the test's own
 *                                        (tests/support/postgres.sh, fsync on) is
 *                                        SIGKILLed with every backend and
 *                                        restarted (default 20 trials)
 *
 * MEND_TEST_SEED sets the random seed (printed). Every tenth trial, and at the
 * end, mend's own check runs too (integrity, note hashes, the audit chain).
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_WRITES = 20000 };

/* A write the writer reported committed. */
struct write {
    char kind; /* 'c' client, 'n' signed note, 'm' measure */
    long long id;
    int trial, round;
};

static struct write writes[MAX_WRITES];
static int nwrites;
static int64_t admin, clinician, home_case, home_client;
static int server_mode;
static char pg_dir[64];
static const char* where;
static int codes_in_flight[8], ncodes;

static unsigned long long rng = 88172645463325252ULL;
static unsigned next_random(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* The writer: writes until it is killed (or, when the server dies, until a
 * call fails), one line per committed write. Never returns. */
static void writer(int out, void* arg) {
    const int trial = *(const int*)arg;
    mend_db* db = NULL;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    int round;
    if (mend_open(&db, where, &o) != MEND_OK || mend_actor_set(db, clinician) != MEND_OK) _exit(3);
    for (round = 0;; ++round) {
        char line[96], ext[40];
        int64_t id = 0;
        int rc;
        char kind = "cnm"[round % 3];
        if (kind == 'c') {
            mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
            snprintf(ext, sizeof ext, "crash-%d-%d", trial, round);
            f.given_name = ext;
            f.family_name = "Crash";
            f.external_id = ext;
            rc = mend_client_create(&id, db, &f);
        } else if (kind == 'n') {
            char text[48];
            snprintf(text, sizeof text, "trial %d round %d", trial, round);
            rc =
                t_signed_note(db, &id, home_case, home_client, 1 + (trial * 7 + round) % 300, text);
        } else {
            rc = t_phq9(db, &id, home_client, round % 200);
        }
        if (rc != MEND_OK) {
            /* Only the server's death may stop a write. */
            snprintf(line, sizeof line, "E %d\n", rc);
            if (write(out, line, strlen(line)) < 0) _exit(4);
            _exit(server_mode ? 0 : 5);
        }
        snprintf(line, sizeof line, "%c %lld %d\n", kind, (long long)id, round);
        if (write(out, line, strlen(line)) != (ssize_t)strlen(line)) _exit(6);
    }
}

static void pg(const char* verb) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "bash '%s' %s '%s' >/dev/null", MEND_TEST_PG_SCRIPT, verb, pg_dir);
    REQUIRE(system(cmd) == 0);
}

/* Records a writer's line "KIND ID ROUND" (a committed write); 0 for any
 * other line (an error, "E CODE"). */
static int note_write(const char* line, int trial) {
    char kind;
    long long id;
    int round;
    if (sscanf(line, "%c %lld %d", &kind, &id, &round) != 3 || kind == 'E') return 0;
    REQUIRE(nwrites < MAX_WRITES);
    writes[nwrites].kind = kind;
    writes[nwrites].id = id;
    writes[nwrites].trial = trial;
    writes[nwrites].round = round;
    ++nwrites;
    return 1;
}

/* One trial: start the writer, let it commit a random number of writes, kill
 * at a random moment, collect every line it wrote before dying. */
static void trial_run(int trial, int* stopped_by_error) {
    int fd = -1, status = 0, got = 0;
    unsigned wait_writes = next_random(12), pause_us = next_random(4000);
    char buf[8192];
    FILE* in;
    pid_t pid;
    pid = t_fork_piped(&fd, writer, &trial);
    in = fdopen(fd, "r");
    REQUIRE_NOT_NULL(in);
    /* Let it commit wait_writes writes, then pause a random moment. */
    while (got < (int)wait_writes && fgets(buf, sizeof buf, in)) {
        if (!note_write(buf, trial)) {
            fprintf(stderr, "writer stopped early: %s", buf);
            break;
        }
        ++got;
    }
    {
        struct timespec ts = {0, (long)pause_us * 1000L};
        nanosleep(&ts, NULL);
    }
    if (server_mode)
        pg("kill");
    else
        kill(pid, SIGKILL);
    /* Whatever it wrote before it died was committed too. */
    while (fgets(buf, sizeof buf, in)) {
        if (buf[0] == 'E') {
            ++*stopped_by_error;
            if (ncodes < 8) codes_in_flight[ncodes++] = atoi(buf + 2);
            continue;
        }
        if (note_write(buf, trial)) ++got;
    }
    fclose(in);
    if (server_mode) kill(pid, SIGKILL); /* a writer still waiting on a dead socket */
    REQUIRE(waitpid(pid, &status, 0) == pid);
    if (!server_mode) CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    if (server_mode) pg("restart");
}

/* Every write reported committed is there, with its values. */
static int check_writes(mend_db* db, int from) {
    int i, lost = 0;
    for (i = from; i < nwrites; ++i) {
        const struct write* w = &writes[i];
        char* js = NULL;
        long before = t_failures;
        if (w->kind == 'c') {
            mend_client* c = NULL;
            char ext[40];
            snprintf(ext, sizeof ext, "crash-%d-%d", w->trial, w->round);
            CHECK_OK(mend_client_get(&c, db, w->id));
            if (c) CHECK_STREQ(mend_client_external_id(c), ext);
            mend_client_free(c);
        } else if (w->kind == 'n') {
            char text[64];
            snprintf(text, sizeof text, "trial %d round %d", w->trial, w->round);
            CHECK_OK(mend_note_get_json(&js, db, w->id));
            CHECK_SUBSTR(js, text);
            CHECK_SUBSTR(js, "\"status\":\"signed\"");
        } else {
            CHECK_OK(mend_measure_get_json(&js, db, w->id));
            CHECK_SUBSTR(js, "\"total\":8");
        }
        mend_free(js);
        if (t_failures != before) ++lost;
    }
    return lost;
}

static void check_integrity(void) {
    long long bad = -1;
    if (server_mode) return; /* PostgreSQL: mend's own check below */
    CHECK(t_raw_int("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'",
                    &bad) == 0);
    CHECK_I64(bad, 0);
}

int main(int argc, char** argv) {
    mend_db* db;
    int trials, trial, before, stopped = 0, lost, i;
    const char* seed = getenv("MEND_TEST_SEED");
    char url[256];

    if (argc > 1 && strcmp(argv[1], "--server") == 0) {
        FILE* p;
        char cmd[512];
        server_mode = 1;
        snprintf(pg_dir, sizeof pg_dir, "/tmp/mend-crash-pg.%ld", (long)getpid());
        snprintf(cmd, sizeof cmd, "MEND_PG_FSYNC=on bash '%s' start '%s' | tail -n 1",
                 MEND_TEST_PG_SCRIPT, pg_dir);
        p = popen(cmd, "r");
        REQUIRE_NOT_NULL(p);
        REQUIRE(fgets(url, sizeof url, p) != NULL);
        pclose(p);
        url[strcspn(url, "\n")] = 0;
        where = t_location(2, (char*[]){argv[0], url, NULL}, NULL);
        trials = argc > 2 ? atoi(argv[2]) : 20;
    } else {
        where = t_location(argc, argv, "capi_crash_writes.db");
        trials = argc > 2 ? atoi(argv[2]) : 200;
    }
    if (seed) rng = strtoull(seed, NULL, 10) | 1;
    printf("seed %llu\n", rng);

    db = t_fresh_practice(&admin);
    clinician = t_clinician(db, "Dr. Kill Loop", "clinician", "KILL-1");
    REQUIRE_OK(mend_actor_set(db, clinician));
    home_client = t_client(db, "Home", "Client", "crash-home");
    home_case = t_individual_case(db, home_client, clinician);
    mend_close(db); /* no handle open across the fork */

    SECTION(server_mode ? "the server SIGKILLed mid-stream, restarted"
                        : "the writer SIGKILLed mid-stream");
    for (trial = 0; trial < trials; ++trial) {
        before = nwrites;
        trial_run(trial, &stopped);
        check_integrity();
        db = t_open();
        REQUIRE_OK(mend_actor_set(db, admin));
        check_writes(db, before);
        if (trial % 10 == 9) CHECK(t_check_verified(db));
        mend_close(db);
        if (t_failures) {
            fprintf(stderr, "trial %d failed (seed above)\n", trial);
            break;
        }
    }
    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    lost = check_writes(db, 0);
    CHECK(t_check_verified(db));
    mend_close(db);
    printf("%d kills, %d writes reported committed, %d lost\n", trial, nwrites, lost);
    /* The call in flight when the server died fails with MEND_ECONNECTION. */
    for (i = 0; i < ncodes; ++i)
        CHECK_I64(codes_in_flight[i], MEND_ECONNECTION);
    if (server_mode) printf("%d calls in flight failed, each MEND_ECONNECTION\n", stopped);
    if (server_mode) {
        pg("stop");
        snprintf(url, sizeof url, "rm -rf '%s'", pg_dir);
        if (system(url) != 0) fprintf(stderr, "could not remove %s\n", pg_dir);
    }
    return t_finish();
}
