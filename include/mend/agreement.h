/**
 * @file mend/agreement.h
 * @brief Agreements and boundaries between the partners.
 *
 * An agreement (kind "boundary", "transparency", "no_contact", or a code of
 * the practice's own) is recorded with its text, date and review date. Its
 * status moves between active, kept, broken and revised; every change is
 * kept in its history. A broken agreement raises an "agreement_broken"
 * safety flag (for the partner who broke it, or both) that the gates read
 * until a clinician resolves it.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_AGREEMENT_H
#define MEND_AGREEMENT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** An agreement between the partners of a case, for mend_agreement_create(). */
typedef struct mend_agreement_fields {
    /** The struct's version: MEND_AGREEMENT_FIELDS_VERSION, as MEND_AGREEMENT_FIELDS_INIT and
     * mend_agreement_fields_init() set it. */
    unsigned int version;
    /** The (conjoint) case the agreement belongs to. */
    int64_t case_id;
    /** A code: a-z, 0-9, _ (e.g. "boundary"). */
    const char* kind;
    /** What the partners agreed, up to 4000 bytes. */
    const char* text;
    /** "YYYY-MM-DD"; NULL for today. */
    const char* agreed_on;
    /** Optional review date. */
    const char* review_on;
} mend_agreement_fields;

/** The newest version of mend_agreement_fields: what its version field holds when set by
 * MEND_AGREEMENT_FIELDS_INIT. */
#define MEND_AGREEMENT_FIELDS_VERSION 1
/** An initialiser of mend_agreement_fields with the defaults of MEND_AGREEMENT_FIELDS_VERSION (as
 * mend_agreement_fields_init() fills it). */
#define MEND_AGREEMENT_FIELDS_INIT                                                                 \
    { MEND_AGREEMENT_FIELDS_VERSION, 0, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_agreement_fields (for the newest,
 * MEND_AGREEMENT_FIELDS_VERSION, the same values as MEND_AGREEMENT_FIELDS_INIT) and set its
 * version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_AGREEMENT_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_agreement_fields_init(mend_agreement_fields* fields, unsigned int version);

/**
 * Record a new agreement.
 *
 * @param out Receives the new record's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param fields The fields (borrowed: read during the call, no pointer into them is kept); its
 *        version field says which fields the caller's struct has.
 * @return MEND_OK, MEND_EINVAL (NULL, missing or invalid field; nothing stored), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not), MEND_ENOTFOUND (a
 *        linked record is missing), MEND_ESTATE (a linked record is archived),
 *        MEND_ECONSTRAINT; or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int)
mend_agreement_create(int64_t* out, mend_db* db, const mend_agreement_fields* fields);
/**
 * Change an agreement's status: "active", "kept", "broken" or "revised",
 * with an optional note; @p broken_by names the partner who broke it (0:
 * not named).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param agreement_id The agreement's id.
 * @param status "active", "kept", "broken" or "revised" (borrowed, not kept).
 * @param note An optional note (UTF-8; borrowed, not kept; NULL for none).
 * @param broken_by The partner who broke it (0: not named).
 * @return MEND_OK, MEND_EINVAL (NULL or invalid field; nothing changes), MEND_EENCODING,
 *        MEND_ENOACTOR, MEND_EDENIED, MEND_ENOTFOUND (no such record), MEND_ESTATE (the record
 *        is archived), MEND_ECONSTRAINT; or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_agreement_update(mend_db* db, int64_t agreement_id, const char* status, const char* note,
                      int64_t broken_by);
/**
 * A case's agreements with their history, as a JSON array.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_agreement_list_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_AGREEMENT_H */
