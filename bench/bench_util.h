/*
 * Helpers shared by the benchmark programs (bench_mend.c, bench_pg.c): the
 * clock, fatal errors, quantiles, and the one place mend databases are opened.
 */
#ifndef MEND_BENCH_UTIL_H
#define MEND_BENCH_UTIL_H

#include <mend/mend.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void die(const char* what, const char* msg) {
    fprintf(stderr, "bench: %s: %s\n", what, msg ? msg : "(no message)");
    exit(1);
}

#define MEND(db, call)                                                                             \
    do {                                                                                           \
        if ((call) != MEND_OK) die(#call, mend_errmsg(db));                                        \
    } while (0)

static int cmp_double(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n samples; sorts them. */
static double quantile(double* v, int n, double q) {
    int i;
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    i = (int)(q * (n - 1) + 0.5);
    return v[i];
}

/* Every open goes through here. MEND_OPEN_CREATE: the generator creates its
 * databases, and the flag never changes an existing one. synchronous:
 * MEND_SYNC_FULL (mend's default, every commit durable) or MEND_SYNC_NORMAL. */
static mend_db* open_mend_sync(const char* where, int synchronous) {
    mend_db* db = NULL;
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    o.synchronous = synchronous;
    o.flags = MEND_OPEN_CREATE;
    if (mend_open(&db, where, &o) != MEND_OK) die("mend_open", mend_last_errmsg());
    return db;
}

static mend_db* open_mend(const char* where) {
    return open_mend_sync(where, MEND_SYNC_FULL);
}

#endif /* MEND_BENCH_UTIL_H */
