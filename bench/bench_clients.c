/*
 * Throughput of the spine through the C API: clients created one commit
 * each, in one host transaction, then read back and listed (every read
 * audited). Usage: bench_clients [DATABASE] [N]. Prints one line per phase.
 */
#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int create(mend_db* db, int i) {
    char ext[32];
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    int64_t id;
    snprintf(ext, sizeof ext, "bench-%d", i);
    f.given_name = "Bench";
    f.family_name = "Client";
    f.external_id = ext;
    f.date_of_birth = "1980-01-01";
    return mend_client_create(&id, db, &f);
}

int main(int argc, char** argv) {
    const char* where = argc > 1 ? argv[1] : "bench.db";
    int n = argc > 2 ? atoi(argv[2]) : 2000, i, rc;
    mend_db* db;
    mend_open_options open_options = MEND_OPEN_OPTIONS_INIT;
    mend_clinician_fields admin = MEND_CLINICIAN_FIELDS_INIT;
    int64_t admin_id;
    double t;
    mend_client_iter* it;
    mend_client* c;
    long listed = 0;

    if (strncmp(where, "postgresql://", 13) != 0) remove(where);
    open_options.flags = MEND_OPEN_CREATE;
    if (mend_open(&db, where, &open_options) != MEND_OK) {
        fprintf(stderr, "open: %s\n", mend_last_errmsg());
        return 1;
    }
    admin.display_name = "Bench Admin";
    if (mend_practice_init(&admin_id, db, "Bench", &admin) != MEND_OK) {
        fprintf(stderr, "init: %s\n", mend_errmsg(db));
        return 1;
    }

    t = now();
    for (i = 0; i < n / 10; ++i)
        if ((rc = create(db, i)) != MEND_OK) return fprintf(stderr, "%s\n", mend_errmsg(db)), 1;
    t = now() - t;
    printf("create, one commit each:   %6d clients in %7.3f s = %8.0f/s\n", n / 10, t,
           (n / 10) / t);

    t = now();
    mend_transaction_begin(db);
    for (i = n / 10; i < n + n / 10; ++i)
        if ((rc = create(db, i)) != MEND_OK) return fprintf(stderr, "%s\n", mend_errmsg(db)), 1;
    mend_transaction_commit(db);
    t = now() - t;
    printf("create, one transaction:   %6d clients in %7.3f s = %8.0f/s\n", n, t, n / t);

    t = now();
    for (i = 1; i <= n; ++i) {
        if (mend_client_get(&c, db, i) != MEND_OK)
            return fprintf(stderr, "%s\n", mend_errmsg(db)), 1;
        mend_client_free(c);
    }
    t = now() - t;
    printf("get by id (audited):       %6d reads   in %7.3f s = %8.0f/s\n", n, t, n / t);

    t = now();
    mend_client_iter_new(&it, db, NULL);
    while (mend_client_iter_next(&c, it) == MEND_OK) {
        ++listed;
        mend_client_free(c);
    }
    mend_client_iter_free(it);
    t = now() - t;
    printf("list (paged, audited):     %6ld clients in %7.3f s = %8.0f/s\n", listed, t, listed / t);
    mend_close(db);
    return 0;
}
