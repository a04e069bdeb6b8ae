/*
 * I/O faults (issue 15), after SQLite's own I/O-error tests: a VFS shim over
 * the default one fails the Nth read, write, sync or lock, for N = 1, 2, ...
 * through a whole scenario (open, name the actor, create a client, sign a
 * note, render a case report, close), once (a transient fault) and from the
 * Nth on (a persistent one). Each call either succeeds or fails with a clear
 * code (MEND_ESTORE or MEND_EBUSY, with a message); nothing crashes. After
 * each run the fault is lifted and the database reopened: it passes SQLite's
 * integrity check and mend's own (note hashes, the audit chain), holds every
 * record committed before the run, and every write the run was told
 * succeeded.
 *
 *   capi_io_faults PATH.db        the fault runs
 *   capi_io_faults --full DIR     disk full: DIR is a small file system (a
 *                                 tmpfs, tests/support/small-disk.sh): writes
 *                                 until the disk is full, then checks the
 *                                 same, frees space and writes again
 */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <mend/mend.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- the shim ----------------------------------------------------------- */

enum { K_READ, K_WRITE, K_SYNC, K_LOCK, KINDS };
static const char* kind_names[KINDS] = {"read", "write", "sync", "lock"};

static sqlite3_vfs* real_vfs;
static sqlite3_vfs shim_vfs;
static long op_count[KINDS];
static int armed_kind = -1, persistent;
static long fail_at;
static long faults_injected;

typedef struct shim_file {
    sqlite3_file base;
    sqlite3_file* real; /* follows this struct in the same allocation */
} shim_file;

static int fault(int kind) {
    long n = ++op_count[kind];
    if (kind != armed_kind) return 0;
    if (n == fail_at || (persistent && n > fail_at)) {
        ++faults_injected;
        return 1;
    }
    return 0;
}

#define REAL(f) (((shim_file*)(f))->real)

static int x_close(sqlite3_file* f) {
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
    return rc;
}
static int x_read(sqlite3_file* f, void* b, int n, sqlite3_int64 off) {
    if (fault(K_READ)) return SQLITE_IOERR_READ;
    return REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int x_write(sqlite3_file* f, const void* b, int n, sqlite3_int64 off) {
    if (fault(K_WRITE)) return SQLITE_IOERR_WRITE;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int x_sync(sqlite3_file* f, int flags) {
    if (fault(K_SYNC)) return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int x_lock(sqlite3_file* f, int level) {
    if (fault(K_LOCK)) return SQLITE_IOERR_LOCK;
    return REAL(f)->pMethods->xLock(REAL(f), level);
}
static int x_unlock(sqlite3_file* f, int level) {
    return REAL(f)->pMethods->xUnlock(REAL(f), level);
}
static int x_check_reserved(sqlite3_file* f, int* out) {
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int x_file_control(sqlite3_file* f, int op, void* arg) {
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int x_sector_size(sqlite3_file* f) {
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int x_device_characteristics(sqlite3_file* f) {
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, out);
}
static int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    /* Taking a lock may fail; giving one back never does (a real unlock
     * that failed would leave the lock with this process). */
    if ((flags & SQLITE_SHM_LOCK) && fault(K_LOCK)) return SQLITE_IOERR_SHMLOCK;
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void x_shm_barrier(sqlite3_file* f) {
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int x_shm_unmap(sqlite3_file* f, int del) {
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int x_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, out);
}
static int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods shim_methods = {3,
                                                x_close,
                                                x_read,
                                                x_write,
                                                x_truncate,
                                                x_sync,
                                                x_file_size,
                                                x_lock,
                                                x_unlock,
                                                x_check_reserved,
                                                x_file_control,
                                                x_sector_size,
                                                x_device_characteristics,
                                                x_shm_map,
                                                x_shm_lock,
                                                x_shm_barrier,
                                                x_shm_unmap,
                                                x_fetch,
                                                x_unfetch};

static int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    shim_file* s = (shim_file*)f;
    int rc;
    (void)vfs;
    s->real = (sqlite3_file*)(s + 1);
    memset(s->real, 0, (size_t)real_vfs->szOsFile);
    rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out_flags);
    /* A file the real VFS failed to open has no methods: SQLite then calls
     * no method of ours either. */
    f->pMethods = s->real->pMethods ? &shim_methods : NULL;
    return rc;
}
static int x_delete(sqlite3_vfs* v, const char* name, int sync_dir) {
    (void)v;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}
static int x_access(sqlite3_vfs* v, const char* name, int flags, int* out) {
    (void)v;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int x_full_pathname(sqlite3_vfs* v, const char* name, int n, char* out) {
    (void)v;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static int x_randomness(sqlite3_vfs* v, int n, char* out) {
    (void)v;
    return real_vfs->xRandomness(real_vfs, n, out);
}
static int x_sleep(sqlite3_vfs* v, int us) {
    (void)v;
    return real_vfs->xSleep(real_vfs, us);
}
static int x_current_time(sqlite3_vfs* v, double* out) {
    (void)v;
    return real_vfs->xCurrentTime(real_vfs, out);
}
static int x_last_error(sqlite3_vfs* v, int n, char* out) {
    (void)v;
    return real_vfs->xGetLastError(real_vfs, n, out);
}
static int x_current_time_int64(sqlite3_vfs* v, sqlite3_int64* out) {
    (void)v;
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static void install_shim(void) {
    real_vfs = sqlite3_vfs_find(NULL);
    REQUIRE_NOT_NULL(real_vfs);
    REQUIRE(real_vfs->iVersion >= 2);
    memset(&shim_vfs, 0, sizeof shim_vfs);
    shim_vfs.iVersion = 2;
    shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
    shim_vfs.mxPathname = real_vfs->mxPathname;
    shim_vfs.zName = "mend-fault";
    shim_vfs.xOpen = x_open;
    shim_vfs.xDelete = x_delete;
    shim_vfs.xAccess = x_access;
    shim_vfs.xFullPathname = x_full_pathname;
    shim_vfs.xRandomness = x_randomness;
    shim_vfs.xSleep = x_sleep;
    shim_vfs.xCurrentTime = x_current_time;
    shim_vfs.xGetLastError = x_last_error;
    shim_vfs.xCurrentTimeInt64 = x_current_time_int64;
    /* The default VFS from now on: mend's connections (through SOCI) use it. */
    REQUIRE(sqlite3_vfs_register(&shim_vfs, 1) == SQLITE_OK);
}

/* ---- the scenario ------------------------------------------------------- */

static char base_path[512], run_path[512];
static int64_t admin, clinician, base_client, base_note;
static long runs, calls_refused, calls_ok;

static int copy_file(const char* from, const char* to) {
    size_t n = 0;
    unsigned char* bytes = t_read_file(from, &n);
    int rc = bytes ? t_write_file(to, bytes, n) : 1;
    free(bytes);
    return rc;
}

static void remove_db(const char* path) {
    char p[600];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* A call's code: OK, or a clear store failure with a message. */
static int allowed(int rc, mend_db* db) {
    const char* msg;
    if (rc == MEND_OK) {
        ++calls_ok;
        return 1;
    }
    ++calls_refused;
    CHECK(rc == MEND_ESTORE || rc == MEND_EBUSY);
    if (rc != MEND_ESTORE && rc != MEND_EBUSY)
        fprintf(stderr, "  unexpected %d (%s)\n", rc, db ? mend_errmsg(db) : mend_last_errmsg());
    msg = db ? mend_errmsg(db) : mend_last_errmsg();
    CHECK(strlen(msg) > 0);
    /* Said in words, not as SQLite's number. */
    CHECK(strstr(msg, "SQLite error") == NULL);
    if (strstr(msg, "SQLite error")) fprintf(stderr, "  message: %s\n", msg);
    return 0;
}

struct outcome {
    int opened, client_ok, note_ok;
    int64_t client, note;
};

static void scenario(struct outcome* o, int tag) {
    mend_db* db = NULL;
    mend_open_options opts = MEND_OPEN_OPTIONS_INIT;
    mend_client_fields c = MEND_CLIENT_FIELDS_INIT;
    char ext[32], text[48];
    int64_t kase = 0;
    char* out = NULL;
    memset(o, 0, sizeof *o);
    if (!allowed(mend_open(&db, run_path, &opts), NULL)) return;
    o->opened = 1;
    if (allowed(mend_actor_set(db, clinician), db)) {
        snprintf(ext, sizeof ext, "fault-%d", tag);
        c.given_name = "Fault";
        c.family_name = "Run";
        c.external_id = ext;
        o->client_ok = allowed(mend_client_create(&o->client, db, &c), db);
        if (o->client_ok) {
            mend_case_fields k = MEND_CASE_FIELDS_INIT;
            k.kind = "individual";
            k.client_id = o->client;
            k.primary_clinician_id = clinician;
            if (allowed(mend_case_create(&kase, db, &k), db)) {
                snprintf(text, sizeof text, "fault run %d", tag);
                o->note_ok = allowed(t_signed_note(db, &o->note, kase, o->client, 1, text), db);
            }
            {
                mend_report_options r = MEND_REPORT_OPTIONS_INIT;
                r.kind = "case";
                r.case_id = kase;
                r.format = "markdown";
                if (kase && allowed(mend_report_render(&out, db, &r), db)) {
                    CHECK_SUBSTR(out, "Fault");
                }
                mend_free(out);
            }
        }
    }
    mend_close(db);
}

/* After the fault is lifted: everything committed is there. */
static void check_after(const struct outcome* o, int tag) {
    mend_db* db = NULL;
    mend_open_options opts = MEND_OPEN_OPTIONS_INIT;
    mend_client* c = NULL;
    char* js = NULL;
    long long bad = -1;
    CHECK(t_raw_int("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'",
                    &bad) == 0);
    CHECK_I64(bad, 0);
    REQUIRE_OK(mend_open(&db, run_path, &opts));
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK_OK(mend_client_get_external(&c, db, "fault-base"));
    mend_client_free(c);
    c = NULL;
    CHECK_OK(mend_note_get_json(&js, db, base_note));
    CHECK_SUBSTR(js, "before any fault");
    mend_free(js);
    js = NULL;
    if (o->client_ok) {
        char ext[32];
        snprintf(ext, sizeof ext, "fault-%d", tag);
        CHECK_OK(mend_client_get_external(&c, db, ext));
        mend_client_free(c);
    }
    if (o->note_ok) {
        char text[32];
        snprintf(text, sizeof text, "fault run %d", tag);
        CHECK_OK(mend_note_get_json(&js, db, o->note));
        CHECK_SUBSTR(js, text);
        CHECK_SUBSTR(js, "\"status\":\"signed\"");
        mend_free(js);
    }
    CHECK(t_check_verified(db));
    mend_close(db);
}

static void make_base(const char* path) {
    mend_db* db;
    int64_t kase;
    const char* argv[2] = {"", path};
    snprintf(base_path, sizeof base_path, "%s", path);
    t_location(2, (char**)argv, NULL);
    db = t_fresh_practice(&admin);
    clinician = t_clinician(db, "Dr. Faulty Disk", "clinician", "FAULT-1");
    REQUIRE_OK(mend_actor_set(db, clinician));
    base_client = t_client(db, "Base", "Client", "fault-base");
    kase = t_individual_case(db, base_client, clinician);
    REQUIRE_OK(t_signed_note(db, &base_note, kase, base_client, 3, "signed before any fault"));
    mend_close(db); /* the last connection: the WAL is checkpointed into the file */
}

static void fault_runs(const char* path) {
    int kind, mode;
    long dry[KINDS], kind_faults[KINDS] = {0, 0, 0, 0};
    struct outcome o;
    int tag = 0;

    make_base(path);
    snprintf(run_path, sizeof run_path, "%s.run", path);
    {
        const char* argv[2] = {"", run_path};
        t_location(2, (char**)argv, NULL);
    }

    SECTION("a dry run counts the scenario's reads, writes, syncs and locks");
    remove_db(run_path);
    REQUIRE(copy_file(base_path, run_path) == 0);
    memset(op_count, 0, sizeof op_count);
    armed_kind = -1;
    scenario(&o, tag++);
    memcpy(dry, op_count, sizeof dry);
    CHECK(o.opened && o.client_ok && o.note_ok);
    check_after(&o, tag - 1);
    printf("scenario: %ld reads, %ld writes, %ld syncs, %ld locks\n", dry[K_READ], dry[K_WRITE],
           dry[K_SYNC], dry[K_LOCK]);

    for (mode = 0; mode < 2; ++mode)
        for (kind = 0; kind < KINDS; ++kind) {
            long n, step = dry[kind] > 400 ? dry[kind] / 400 + 1 : 1;
            SECTION(mode ? "persistent faults" : "transient faults");
            printf("  %s %s: N = 1..%ld step %ld\n", mode ? "persistent" : "transient",
                   kind_names[kind], dry[kind] + 1, step);
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            for (n = 1; n <= dry[kind] + 1; n += step) {
                long before = t_failures, injected = faults_injected;
                remove_db(run_path);
                REQUIRE(copy_file(base_path, run_path) == 0);
                memset(op_count, 0, sizeof op_count);
                armed_kind = kind;
                persistent = mode;
                fail_at = n;
                scenario(&o, tag);
                armed_kind = -1;
                kind_faults[kind] += faults_injected - injected;
                ++runs;
                check_after(&o, tag);
                ++tag;
                if (t_failures != before) {
                    fprintf(stderr, "  failed at %s %s N=%ld\n", mode ? "persistent" : "transient",
                            kind_names[kind], n);
                    if (t_failures - before > 20) return;
                }
            }
            clock_gettime(CLOCK_MONOTONIC, &t1);
            printf("    %.1f s\n",
                   (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
        }
    printf("%ld runs, %ld faults injected (reads %ld, writes %ld, syncs %ld, locks %ld); "
           "%ld calls succeeded, %ld refused with a clear code; rows lost: %ld\n",
           runs, faults_injected, kind_faults[K_READ], kind_faults[K_WRITE], kind_faults[K_SYNC],
           kind_faults[K_LOCK], calls_ok, calls_refused, t_failures);
    remove_db(run_path);
}

/* ---- disk full ---------------------------------------------------------- */

static void disk_full(const char* dir) {
    char path[512], filler[512], text[4200];
    mend_db* db;
    static int64_t ids[20000];
    int n = 0, rc = MEND_OK, i, full = 0;
    FILE* f;

    snprintf(path, sizeof path, "%s/full.db", dir);
    snprintf(filler, sizeof filler, "%s/filler", dir);
    remove_db(path);
    make_base(path);

    SECTION("disk full: writes until the disk is full");
    db = t_open();
    REQUIRE_OK(mend_actor_set(db, clinician));
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = 0;
    /* A filler takes the whole disk, then gives back 256 KB for mend. */
    f = fopen(filler, "wb");
    REQUIRE_NOT_NULL(f);
    {
        static char block[4096];
        long size = 0;
        while (fwrite(block, 1, sizeof block, f) == sizeof block && fflush(f) == 0)
            size += (long)sizeof block;
        fclose(f);
        REQUIRE(size > 256 * 1024);
        REQUIRE(truncate(filler, size - 256 * 1024) == 0);
    }
    for (i = 0; i < 20000; ++i) {
        mend_client_fields c = MEND_CLIENT_FIELDS_INIT;
        char ext[32];
        snprintf(ext, sizeof ext, "full-%d", i);
        c.given_name = "Full";
        c.family_name = text + (sizeof text - 1 - 190); /* the longest name, 190 bytes */
        c.external_id = ext;
        rc = mend_client_create(&ids[n], db, &c);
        if (rc != MEND_OK) break;
        ++n;
    }
    CHECK_RC(rc, MEND_ESTORE);
    CHECK_SUBSTR(mend_errmsg(db), "full");
    full = rc == MEND_ESTORE;
    printf("disk full after %d clients: %s\n", n, mend_errmsg(db));
    CHECK(n > 5);
    mend_close(db);

    SECTION("disk full: nothing committed is lost; writes work once there is room");
    db = t_open(); /* reading works on a full disk */
    REQUIRE_OK(mend_actor_set(db, admin));
    for (i = 0; i < n; ++i) {
        mend_client* c = NULL;
        CHECK_OK(mend_client_get(&c, db, ids[i]));
        mend_client_free(c);
    }
    mend_close(db);
    unlink(filler);
    db = t_open();
    REQUIRE_OK(mend_actor_set(db, admin));
    CHECK(t_check_verified(db));
    {
        long long bad = -1;
        CHECK(t_raw_int("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'",
                        &bad) == 0);
        CHECK_I64(bad, 0);
    }
    REQUIRE_OK(mend_actor_set(db, clinician));
    {
        int64_t id = 0;
        mend_client_fields c = MEND_CLIENT_FIELDS_INIT;
        c.given_name = "Room";
        c.family_name = "Again";
        c.external_id = "full-after";
        CHECK_OK(mend_client_create(&id, db, &c));
    }
    CHECK(t_count_clients(db, 1) == n + 2);
    mend_close(db);
    printf("disk full: %d writes committed before it, %d lost, a write after room was freed: ok\n",
           n, full ? 0 : -1);
    remove_db(path);
}

int main(int argc, char** argv) {
    install_shim();
    if (argc > 2 && strcmp(argv[1], "--full") == 0)
        disk_full(argv[2]);
    else
        fault_runs(argc > 1 ? argv[1] : "capi_io_faults.db");
    return t_finish();
}
