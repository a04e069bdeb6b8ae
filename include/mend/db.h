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
#include "key.h"
#include "types.h"

MEND_BEGIN_DECL

/** SQLite's synchronous setting: FULL loses no commit on power loss (the default). */
#define MEND_SYNC_FULL 0
/** SQLite's synchronous=NORMAL: faster; in WAL mode the last commits may roll back on power loss.
 */
#define MEND_SYNC_NORMAL 1

/**
 * mend_open_options.flags bit: create the database when @p where holds none.
 *
 * Without it mend_open() only opens an existing mend database: a SQLite path
 * with no file (or an empty 0-byte file, or ":memory:"), or a PostgreSQL
 * database whose current schema has no tables, fails with MEND_ENOTFOUND
 * ("no mend database at ...") and nothing is created (no file, no -wal,
 * -shm or -journal file, no table). With it, such a location gets a new,
 * empty mend database. The flag never changes an existing database: a file
 * or schema that holds another application's tables is refused either way.
 * Set it only where creating is the intent (a setup or "new practice"
 * command), so a mistyped path is an error rather than a new empty practice.
 */
#define MEND_OPEN_CREATE 0x1u

/**
 * mend_open_options.flags bit (version 4; PostgreSQL): the connection goes
 * through a pooler in transaction mode (PgBouncer's pool_mode=transaction),
 * where consecutive transactions of one handle may run on different server
 * connections. mend then prepares no server-side statements (each runs as
 * an unnamed one, parsed anew) and sets the practice's schema and its
 * timeouts inside every transaction (set_config(..., true)), never for the
 * session. Behind such a pooler each practice should connect as its own
 * role, whose search_path is the practice's schema
 * (scripts/hosting/practice-role.sql), so that the pooler never shares a
 * server connection between practices. Ignored on SQLite.
 */
#define MEND_OPEN_TRANSACTION_POOLING 0x2u

/** Options for mend_open(); grows only at its end, guarded by @c version. */
typedef struct mend_open_options {
    /** The version of this struct the caller filled: MEND_OPEN_OPTIONS_VERSION,
     *  set by MEND_OPEN_OPTIONS_INIT or mend_open_options_init(). */
    unsigned int version;
    /** How long a write waits for another writer, in milliseconds (SQLite;
     *  on PostgreSQL, the lock timeout). 0..600000; 0 means 5000. A read
     *  waits only to append its audit events, after it has read, and fails
     *  with MEND_EBUSY (returning nothing) when that wait runs out. */
    int busy_timeout_ms;
    /** MEND_SYNC_FULL or MEND_SYNC_NORMAL (SQLite). It applies to every
     *  commit, including the short one in which a read appends its audit
     *  events: with MEND_SYNC_FULL (the default) a read returns only once
     *  its audit events are durable. */
    int synchronous;
    /** (version 2) A bitwise OR of MEND_OPEN_* flags; 0 (the default),
     *  MEND_OPEN_CREATE and (version 4) MEND_OPEN_TRANSACTION_POOLING. Any
     *  other bit is refused with MEND_EINVAL. A caller that sets version 1
     *  gets 0: it never creates a database. */
    unsigned int flags;
    /** (version 3) The host's key file (UTF-8, borrowed for the call; read
     *  once, during mend_open()), or NULL (the default) for none; "" is
     *  MEND_EINVAL. See mend/key.h for its form; it must be a regular file
     *  of mode 0600 owned by the caller, never a symbolic link, else
     *  MEND_EKEY. */
    const char* key_file;
    /** (version 3) The host's key service (mend/key.h), or NULL (the
     *  default). At most one of key_file and key_callback may be set. */
    mend_key_callback key_callback;
    /** (version 3) Passed to key_callback unchanged; it must stay valid while
     *  the handle is open, since keys may be asked for after mend_open(). */
    void* key_user_data;
    /** (version 4; PostgreSQL) The practice to open: the name of the
     *  PostgreSQL schema that holds it (1-63 bytes of a-z, 0-9 and _,
     *  starting with a letter; not "public", not starting with "pg_"), or
     *  NULL (the default) for the URL's practice parameter
     *  ("postgresql://host/db?practice=NAME"), else the connection's current
     *  schema as before (one practice per database). Given both ways, the
     *  two must agree (else MEND_EINVAL). With MEND_OPEN_CREATE a missing
     *  schema is created (CREATE SCHEMA, owned by the connecting role). A
     *  practice on SQLite is MEND_EINVAL: a SQLite practice is its file. */
    const char* practice;
    /** (version 4; PostgreSQL) Seconds to wait for a connection to each
     *  host before giving up with MEND_ECONNECTION, 0..3600; 0 (the default)
     *  takes the URL's connect_timeout, else 10. It applies to opening and
     *  to each reconnection after a lost connection. */
    int connect_timeout_s;
    /** (version 4; PostgreSQL) The longest one statement may run, in
     *  milliseconds, 0..3600000; 0 (the default): no limit. A statement that
     *  runs longer is cancelled by the server and the call fails with
     *  MEND_EBUSY, changing nothing. */
    int statement_timeout_ms;
} mend_open_options;

/** The newest version of mend_open_options this header defines. */
#define MEND_OPEN_OPTIONS_VERSION 4
/** mend_open_options with the newest version and every default (flags 0:
 *  open only; no keys; the URL's practice; a 10 s connect timeout; no
 *  statement timeout). */
#define MEND_OPEN_OPTIONS_INIT                                                                     \
    { MEND_OPEN_OPTIONS_VERSION, 5000, MEND_SYNC_FULL, 0u, NULL, NULL, NULL, NULL, 0, 0 }

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
 * Open a practice database, or create one when @p opts asks (MEND_OPEN_CREATE).
 *
 * @p where is a file path for SQLite, or a PostgreSQL URL such as
 * "postgresql://user@127.0.0.1:5432/db" (mend's tables live in the
 * connection's current schema, or in the practice's schema: @c
 * opts->practice, or "?practice=NAME" in the URL). A multi-host URL
 * ("postgresql://h1:5432,h2:5432/db?target_session_attrs=read-write")
 * finds the primary, at open and at every reconnection. Schema migrations run on open. Only a mend
 * database is ever written to: a location that holds something else is
 * refused and left byte for byte as it was.
 *
 * @param out Receives the new handle, owned by the caller (free it with
 *        mend_close()); set to NULL on failure.
 * @param where The SQLite path or PostgreSQL URL (UTF-8, borrowed for the
 *        call). A SQLite path may not contain '=' or '"'.
 * @param opts Options, borrowed for the call; NULL for the defaults (which
 *        open an existing database only, never create one).
 * @return MEND_OK, or:
 *   - MEND_EINVAL: NULL @p out or @p where, an empty or malformed location, a
 *     bad option or flag, both a key file and a key callback, or an unknown
 *     @c opts->version;
 *   - MEND_EKEY: the key file is missing, readable by other users or
 *     malformed; the key callback failed; or the keys given are not the
 *     practice's (a wrong key is never used: nothing is read or written
 *     under it). A keyed practice opened with no keys at all opens, and
 *     only identifies itself (mend/key.h);
 *   - MEND_EENCODING: the practice name (option or URL) is not valid UTF-8;
 *   - MEND_ENOTFOUND: no mend database at @p where and MEND_OPEN_CREATE is not
 *     set (no file, an empty file, ":memory:", or a PostgreSQL schema with no
 *     tables); nothing is created;
 *   - MEND_ESCHEMA: the database holds another application's tables and no
 *     mend schema ("not a mend database"), or it was written by a newer mend;
 *     it is left as it was;
 *   - MEND_ESTORE: the file is damaged or not a database at all (a truncated
 *     or overwritten file, which is never re-created or changed), or it
 *     cannot be opened or reached (permissions, a missing directory, no
 *     server);
 *   - MEND_EBUSY: another writer held the database past the busy timeout
 *     while migrations were due;
 *   - MEND_ECONNECTION: no server of @p where answered within the connect
 *     timeout (PostgreSQL);
 *   - MEND_EDENIED: the connecting PostgreSQL role may not use the practice's
 *     schema (another practice's, scripts/hosting/practice-role.sql);
 *   - MEND_ENOMEM.
 * On failure mend_last_errmsg() explains; the message names the path (or the
 * server and database, never a password) but no client data. The handle has
 * no actor yet: call mend_actor_set() before any record call. Thread-safe:
 * each call makes its own handle; use one handle from one thread at a time.
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

/**
 * Check the database (admins; `mend check`): SQLite's integrity and
 * foreign-key checks, every client, couple, case and note row read as mend
 * reads it, the signed notes' hashes and the audit chain. Writes
 * {"ok", "backend", "integrity": [SQLite's messages], "foreign_keys": [{table,
 * id, parent}], "rows_checked": {clients, couples, cases, notes}, "problems":
 * [{table, id, problem}], "notes": {notes_checked, addenda_checked,
 * mismatches} or null (a note unreadable), "audit_chain": {ok, keyed,
 * events_checked, first_bad_seq, reason}}. A problem is "unreadable" (a NULL
 * in a required field, a value that cannot be read), "wrong_type" (SQLite: a
 * value of another type than its column's), "invalid_utf8", "unparsable_content" (a
 * note's content), "partner_missing", "client_missing", "couple_missing",
 * "clinician_missing" or "case_missing". "ok" is false when anything was
 * found; an unkeyed practice's chain (reason "not_keyed") is information, not
 * damage. Names tables, ids and problem kinds, never client data. Audited as
 * "verify" of the database. Reads only; one thread at a time per handle.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK (the check ran, whatever it found), MEND_EINVAL (NULL argument),
 *        MEND_ENOACTOR, MEND_EDENIED (not an admin), MEND_EKEY (a keyed practice opened
 *        without its keys); or a store failure: MEND_EBUSY, MEND_ESTORE (a file too damaged to
 *        check), MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_db_verify_json(char** out, mend_db* db);

MEND_END_DECL

#endif /* MEND_DB_H */
