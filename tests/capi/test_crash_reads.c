/*
 * A read inside the host's transaction is audited even when the process is
 * killed before commit or rollback (issue 14): a child process opens the
 * database, begins a transaction, reads a client with mend_client_get(),
 * tells the parent and is killed with SIGKILL; the parent opens the database
 * and finds the read in the audit log once, with no gap in the sequence.
 * Then commit and rollback each record a read made inside them once.
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int reads_of(mend_db* db, int64_t client) {
    int n = 0, i, found;
    t_event* ev = t_read_audit(db, &n);
    REQUIRE_NOT_NULL(ev);
    for (i = 0; i < n; ++i)
        if (ev[i].seq != i + 1) {
            CHECK_I64(ev[i].seq, i + 1);
            break;
        }
    found = t_count_events(ev, n, "read", "client", client, "ok", -1);
    free(ev);
    return found;
}

static void read_client(mend_db* db, int64_t client) {
    mend_client* c = NULL;
    REQUIRE_OK(mend_client_get(&c, db, client));
    mend_client_free(c);
}

struct child_args {
    const char* where;
    int64_t admin, client;
};

/* The child: never returns. */
static void child(int out, void* arg) {
    const struct child_args* a = arg;
    char done = 'x';
    mend_db* db = NULL;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    mend_client* c = NULL;
    if (mend_open(&db, a->where, &o) == MEND_OK && mend_actor_set(db, a->admin) == MEND_OK &&
        mend_transaction_begin(db) == MEND_OK && mend_client_get(&c, db, a->client) == MEND_OK && c)
        done = 'r';
    /* The read returned: the transaction stays open until the kill. */
    if (write(out, &done, 1) != 1) _exit(2);
    if (done != 'r') _exit(1);
    for (;;)
        pause();
}

int main(int argc, char** argv) {
    const char* where;
    mend_db* db;
    int64_t admin = 0, client;
    int in = -1, status = 0;
    char got = 0;
    pid_t pid;

    where = t_location(argc, argv, "capi_crash_reads.db");
    db = t_fresh_practice(&admin);
    client = t_client(db, "Read", "Before Kill", "ext-crash");
    mend_close(db); /* no handle open across the fork */

    SECTION("a read inside a transaction killed before commit");
    {
        struct child_args args = {where, admin, client};
        pid = t_fork_piped(&in, child, &args);
    }
    CHECK(read(in, &got, 1) == 1);
    CHECK(got == 'r');
    close(in);
    kill(pid, SIGKILL);
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_I64(reads_of(db, client), 1);

    SECTION("commit and rollback record each read once");
    REQUIRE_OK(mend_transaction_begin(db));
    read_client(db, client);
    REQUIRE_OK(mend_transaction_commit(db));
    CHECK_I64(reads_of(db, client), 2);
    REQUIRE_OK(mend_transaction_begin(db));
    read_client(db, client);
    REQUIRE_OK(mend_transaction_rollback(db));
    CHECK_I64(reads_of(db, client), 3);

    SECTION("closing with a transaction open keeps its read");
    REQUIRE_OK(mend_transaction_begin(db));
    read_client(db, client);
    mend_close(db);
    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_I64(reads_of(db, client), 4);
    mend_close(db);
    return t_finish();
}
