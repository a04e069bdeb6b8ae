/**
 * @file mend/errors.h
 * @brief Return codes, error messages and the library's allocator.
 *
 * Every fallible function returns an int: MEND_OK (0) on success, a negative
 * MEND_E* code on failure. Codes are never renumbered; new ones may be added,
 * so callers must handle unknown negative values as a generic failure.
 *
 * Error messages never contain client data: hosts may log them.
 *
 * Besides the codes each call's documentation lists, any call on a handle
 * can fail as the store does: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM or
 * MEND_ERROR (the docs say "or a store failure"). A call that fails changes
 * nothing.
 *
 * Threads: mend_errmsg() and mend_errcode() follow their handle's rule
 * (mend/types.h); mend_last_errmsg() and mend_last_errcode() read the
 * calling thread's own state; mend_errstr() and mend_free() are
 * thread-safe.
 */
#ifndef MEND_ERRORS_H
#define MEND_ERRORS_H

#include "common.h"
#include "types.h"

/** Success. */
#define MEND_OK 0
/** An iterator has no more items (not an error). */
#define MEND_ITEROVER 1

/** Unclassified failure. */
#define MEND_ERROR -1
/** A bad argument: NULL pointer, malformed date, unknown enum value, out of range, too long. */
#define MEND_EINVAL -2
/** A string argument is not valid UTF-8 (or holds a NUL where none is allowed). */
#define MEND_EENCODING -3
/** No record has that id (or external id), or the acting clinician may not see the one that
 *  has: the two answer alike, with the same message, and both are audited ("not_found"). From
 *  mend_open(), no mend database at that location (and MEND_OPEN_CREATE was not given). */
#define MEND_ENOTFOUND -4
/** The acting clinician is not allowed to do this: a role-only action, or a change to a record
 *  they may see but not change (e.g. co-signing, editing another's draft). The refusal is
 *  audited ("denied"). A record they may not see answers MEND_ENOTFOUND instead. */
#define MEND_EDENIED -5
/** No acting clinician is set on the handle (see mend_actor_set()). */
#define MEND_ENOACTOR -6
/** A unique value (such as an external id) is already in use. */
#define MEND_EEXISTS -7
/** The change would break a rule of the data (a missing linked record, two roles for one person).
 */
#define MEND_ECONSTRAINT -8
/** The database's schema is not one this library knows: written by a newer mend, or not a mend
 *  database at all (another application's tables). It is left as it was. */
#define MEND_ESCHEMA -9
/** The database stayed locked by another writer past the busy timeout. */
#define MEND_EBUSY -10
/** Out of memory. */
#define MEND_ENOMEM -11
/** The database could not be opened, read or written. */
#define MEND_ESTORE -12
/** The call does not fit the handle's state (commit without begin, practice already set up). */
#define MEND_ESTATE -13
/** A protocol gate is not open: criteria are unmet or a contraindication is present
 *  (mend_phase_evaluate_json says which; mend_phase_override records an override). */
#define MEND_EGATE -14
/** Someone saved the record since you read it (a stale draft version): reload and retry. */
#define MEND_ECONFLICT -15
/** A key the practice needs is missing or wrong: the handle was opened without the host's keys
 *  of a practice that keeps its records under them (it can be identified, not read), or the
 *  host's key is not the one the practice registered. Nothing is read or written. */
#define MEND_EKEY -16
/** The connection to the database server was lost, or could not be made within the connect
 *  timeout (PostgreSQL). The call in flight failed: a read returned nothing; a write in flight
 *  may or may not have committed before the connection broke (read it back before repeating
 *  it). The handle reconnects on its next call (each host of a multi-host URL in turn), so a
 *  host retries the call after a failover or a server restart; inside a transaction of
 *  mend_transaction_begin() it reconnects only once the host has ended the transaction
 *  (mend/transaction.h). */
#define MEND_ECONNECTION -17

MEND_BEGIN_DECL

/**
 * The message of the last failed call on @p db (borrowed; valid until the next
 * call on that handle). Returns "no error" after a success and a fixed message
 * for a NULL handle.
 *
 * @param db The handle (borrowed), or NULL.
 * @return The message (borrowed from the handle, never NULL).
 */
MEND_EXTERN(const char*) mend_errmsg(const mend_db* db);

/**
 * The code of the last failed call on @p db (MEND_OK after a success).
 *
 * @param db The handle (borrowed), or NULL.
 * @return MEND_OK after a success, else the failed call's MEND_E* code.
 */
MEND_EXTERN(int) mend_errcode(const mend_db* db);

/**
 * The message of the last failed call on this thread, whatever the handle;
 * this is how a failed mend_open() explains itself. Borrowed; valid until the
 * next mend call on this thread. Never NULL.
 *
 * @return The message (borrowed, thread-local, never NULL).
 */
MEND_EXTERN(const char*) mend_last_errmsg(void);

/**
 * The code of the last failed call on this thread.
 *
 * @return MEND_OK after a success, else the failed call's MEND_E* code.
 */
MEND_EXTERN(int) mend_last_errcode(void);

/**
 * A short fixed name for a code, e.g. "MEND_ENOTFOUND". Static storage.
 *
 * @param code A return code (MEND_OK, MEND_ITEROVER or a MEND_E* code).
 * @return The code's name (static storage, never NULL; "MEND_UNKNOWN" for a code this library
 *        does not know).
 */
MEND_EXTERN(const char*) mend_errstr(int code);

/**
 * Free memory the library returned (JSON strings and the like). NULL is fine.
 *
 * @param ptr Memory the library returned, or NULL.
 */
MEND_EXTERN(void) mend_free(void* ptr);

MEND_END_DECL

#endif /* MEND_ERRORS_H */
