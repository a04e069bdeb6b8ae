/**
 * @file mend/practice.h
 * @brief The practice's time zone and clock: what "now" and "today" are.
 *
 * A practice has one time zone, an IANA name such as "America/Chicago"
 * ("UTC" until an admin changes it), checked against the system's time zone
 * database (Debian: tzdata). "Today", the default of every date mend fills
 * in and the latest date a record may carry, is the practice's local date.
 * Timestamps mend records (created_at, the audit log) are UTC.
 *
 * "Now" is the system clock, unless the host fixes it for a handle with
 * mend_practice_set_now(): for tests, and for hosts that keep their own time.
 *
 * Threads: as every call on a handle, these are used by one thread at a time
 * per handle; the clock set with mend_practice_set_now() belongs to its handle alone.
 * Errors: the code is returned, mend_errmsg() explains; messages never hold
 * the value given.
 */
#ifndef MEND_PRACTICE_H
#define MEND_PRACTICE_H

#include "clinician.h"
#include "common.h"
#include "db.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Set up a new practice database: record the practice's name and its first
 * admin clinician, and make that admin the handle's actor. Works only while
 * the database has no clinician (MEND_ESTATE otherwise); needs no actor.
 * The practice's time zone is "UTC": to set another one at setup, call
 * mend_practice_set_timezone() (mend/practice.h) after this in one
 * transaction (mend_transaction_begin / mend_transaction_commit), as `mend init --timezone`
 * does.
 *
 * @param out Receives the admin clinician's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param practice_name The practice's name (UTF-8; borrowed, not kept).
 * @param admin The first admin's fields (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument), MEND_EENCODING, MEND_ESTATE (already
 *        set up); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_practice_init(int64_t* out, mend_db* db, const char* practice_name,
                   const mend_clinician_fields* admin);
/**
 * The practices of a PostgreSQL database (a hosting vendor's cluster admin:
 * `mend practice list`): each schema the connecting role may use that holds
 * a mend practice (mend/db.h: mend_open_options.practice). Writes
 * {"latest_schema_version": N, "practices": [{"practice": NAME,
 * "schema_version": V, "needs_migration": V < N}]}, by name. Opening a
 * practice migrates it (mend_open()), so a practice that needs migration is
 * upgraded by opening it; `mend practice migrate --all` does that for each
 * in turn, resumably.
 *
 * No practice is opened and nothing is read from any practice's records, so
 * nothing is audited and no actor is needed. @p opts gives the connection's
 * options (connect timeout; its practice, flags and keys are not used).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param where A PostgreSQL URL (UTF-8, borrowed for the call); a SQLite path is MEND_EINVAL
 *        (a SQLite file holds one practice).
 * @param opts Options, borrowed for the call; NULL for the defaults.
 * @return MEND_OK, MEND_EINVAL (NULL out or where, a SQLite path, a bad option),
 *        MEND_EENCODING, MEND_ECONNECTION (no server answered), MEND_ESTORE or MEND_ENOMEM.
 *        Thread-safe: it uses no handle.
 */
MEND_EXTERN(int)
mend_practice_list_json(char** out, const char* where, const mend_open_options* opts);

/**
 * The practice's time zone, an IANA name such as "America/Chicago".
 *
 * Needs no actor (it is no client's data). "UTC" on a database not yet set
 * up. *out is the caller's: free it with mend_free(); it is NULL unless the
 * call succeeds. Errors: MEND_EINVAL (NULL out or db), MEND_ESTORE.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL out or db) or MEND_ESTORE.
 */
MEND_EXTERN(int) mend_practice_timezone(char** out, mend_db* db);

/**
 * Change the practice's time zone to @p tz, an IANA name of the system's
 * time zone database ("Europe/Berlin", "UTC"). Admins only; audited as an
 * "update" of the practice.
 *
 * Errors: MEND_EINVAL (NULL, empty or unknown zone: nothing changes),
 * MEND_EENCODING (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (not an
 * admin; the refusal is audited).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param tz The IANA time zone name (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL, MEND_EENCODING, MEND_ENOACTOR, MEND_EDENIED; or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_practice_set_timezone(mend_db* db, const char* tz);

/**
 * Fix "now" for this handle: @p timestamp is an ISO 8601 time with its
 * offset, "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" then "Z" or "+HH:MM"/"-HH:MM"
 * (e.g. "2026-11-03T02:00:00Z"). Every later call on the handle reads this
 * time (it does not advance) for its timestamps, the audit log and "today".
 * NULL or "" goes back to the system clock. Other handles keep their own
 * clocks. Needs no actor; writes nothing.
 *
 * Errors: MEND_EINVAL (NULL db, a malformed time or one without an offset:
 * the clock stays as it was), MEND_EENCODING (invalid UTF-8).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param timestamp The time to fix, or NULL or "" for the system clock (borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL or MEND_EENCODING.
 */
MEND_EXTERN(int) mend_practice_set_now(mend_db* db, const char* timestamp);

/**
 * Today's date in the practice's time zone, "YYYY-MM-DD", by the handle's
 * clock. *out is the caller's (free it with mend_free()); NULL unless the
 * call succeeds. Needs no actor. Errors: MEND_EINVAL (NULL out or db),
 * MEND_ESTORE.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL out or db) or MEND_ESTORE.
 */
MEND_EXTERN(int) mend_practice_today(char** out, mend_db* db);

MEND_END_DECL

#endif /* MEND_PRACTICE_H */
