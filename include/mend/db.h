/**
 * @file mend/db.h
 * @brief Opening and closing a practice database.
 *
 * Threads: mend_open() and mend_open_options_init() may run on many threads
 * at once; the handle mend_open() returns is then used by one thread at a
 * time (mend/types.h), and mend_close() must not race another call on it.
 */
#ifndef MEND_DB_H
#define MEND_DB_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** SQLite's synchronous setting: FULL loses no commit on power loss (the default). */
#define MEND_SYNC_FULL 0
/** SQLite's synchronous=NORMAL: faster; in WAL mode the last commits may roll back on power loss.
 */
#define MEND_SYNC_NORMAL 1

/** Options for mend_open(); grows only at its end, guarded by @c version. */
typedef struct mend_open_options {
    /** The struct's version: MEND_OPEN_OPTIONS_VERSION, as MEND_OPEN_OPTIONS_INIT and
     * mend_open_options_init() set it. */
    unsigned int version;
    /** How long a write waits for another writer, in milliseconds (SQLite). 0 means 5000. */
    int busy_timeout_ms;
    /** MEND_SYNC_FULL or MEND_SYNC_NORMAL (SQLite). */
    int synchronous;
} mend_open_options;

/** The newest version of mend_open_options: what its version field holds when set by
 * MEND_OPEN_OPTIONS_INIT. */
#define MEND_OPEN_OPTIONS_VERSION 1
/** An initialiser of mend_open_options with the defaults of MEND_OPEN_OPTIONS_VERSION (as
 * mend_open_options_init() fills it). */
#define MEND_OPEN_OPTIONS_INIT                                                                     \
    { MEND_OPEN_OPTIONS_VERSION, 5000, MEND_SYNC_FULL }

/**
 * Fill @p opts with the defaults of @p version of mend_open_options (for the
 * newest, MEND_OPEN_OPTIONS_VERSION, the same values as
 * MEND_OPEN_OPTIONS_INIT) and set its version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no pointer
 * is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or a
 * version this library does not know (0, or newer than
 * MEND_OPEN_OPTIONS_VERSION); mend_last_errmsg() says why. Thread-safe: it
 * uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_open_options_init(mend_open_options* opts, unsigned int version);

/**
 * Open (and create, if missing) a practice database.
 *
 * @p where is a file path for SQLite, or a PostgreSQL URL such as
 * "postgresql://user@127.0.0.1:5432/db". Schema migrations run on open. A
 * database written by a newer mend fails with MEND_ESCHEMA and is left as it
 * was. @p opts may be NULL for the defaults.
 *
 * On failure *out is NULL and mend_last_errmsg() explains.
 * The handle has no actor yet: call mend_actor_set() before any record call.
 *
 * @param out Receives the new handle, the caller's: close it with mend_close(). NULL on
 *        failure.
 * @param where A SQLite file path or a PostgreSQL URL (borrowed, not kept).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults.
 * @return MEND_OK, MEND_EINVAL (NULL argument, bad options), MEND_EENCODING, MEND_ESCHEMA
 *        (written by a newer mend), MEND_ESTORE (cannot open or migrate), MEND_EBUSY,
 *        MEND_ENOMEM or MEND_ERROR; mend_last_errmsg() says why.
 */
MEND_EXTERN(int) mend_open(mend_db** out, const char* where, const mend_open_options* opts);

/**
 * Close the handle, rolling back a transaction left open. NULL is fine.
 *
 * @param db The handle to close, or NULL; it is freed and invalid after the call.
 */
MEND_EXTERN(void) mend_close(mend_db* db);

/**
 * "sqlite" or "postgresql": the backend the handle is on (static storage).
 *
 * @param db The handle (borrowed), or NULL.
 * @return "sqlite" or "postgresql" (static storage, never freed); "" for a NULL handle.
 */
MEND_EXTERN(const char*) mend_db_backend(const mend_db* db);

/**
 * The schema version of the open database.
 *
 * @param out Receives the schema version; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ESTORE.
 */
MEND_EXTERN(int) mend_db_schema_version(int* out, mend_db* db);

MEND_END_DECL

#endif /* MEND_DB_H */
