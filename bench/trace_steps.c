/*
 * Prints every statement SQLite steps, to stderr: preload it to see which
 * statements a mend call runs (bench/NOTES.md). Not built by default:
 *   gcc -shared -fPIC -o trace_steps.so bench/trace_steps.c -ldl -lsqlite3
 *   LD_PRELOAD=./trace_steps.so build/mend client list --db x.db --as 1 2>&1 >/dev/null
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sqlite3.h>
int sqlite3_step(sqlite3_stmt* s) {
    static int (*real)(sqlite3_stmt*);
    if (!real) real = (int (*)(sqlite3_stmt*))dlsym(RTLD_NEXT, "sqlite3_step");
    fprintf(stderr, "STEP %.150s\n", sqlite3_sql(s));
    return real(s);
}
