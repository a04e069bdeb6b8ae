/**
 * @file mend/release.h
 * @brief Releases of records prepared for one partner.
 *
 * A release variant is prepared for one partner (mend_release_create): it
 * holds nothing from the other partner's individual record, and joint
 * content about both partners only when each authorised it
 * (mend_release_authorise). Every report and release is audited.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_RELEASE_H
#define MEND_RELEASE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** A release of records, for mend_release_create(). */
typedef struct mend_release_fields {
    /** The struct's version: MEND_RELEASE_FIELDS_VERSION, as MEND_RELEASE_FIELDS_INIT and
     * mend_release_fields_init() set it. */
    unsigned int version;
    /** The case whose records are released. */
    int64_t case_id;
    /** The partner the records are released to or about. */
    int64_t for_client_id;
    /** Who receives it, e.g. the client, their lawyer. */
    const char* recipient;
    /** Why the records are released. */
    const char* purpose;
    /** "YYYY-MM-DD", not in the past. */
    const char* expires_on;
} mend_release_fields;

/** The newest version of mend_release_fields: what its version field holds when set by
 * MEND_RELEASE_FIELDS_INIT. */
#define MEND_RELEASE_FIELDS_VERSION 1
/** An initialiser of mend_release_fields with the defaults of MEND_RELEASE_FIELDS_VERSION (as
 * mend_release_fields_init() fills it). */
#define MEND_RELEASE_FIELDS_INIT                                                                   \
    { MEND_RELEASE_FIELDS_VERSION, 0, 0, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_release_fields (for the newest,
 * MEND_RELEASE_FIELDS_VERSION, the same values as MEND_RELEASE_FIELDS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_RELEASE_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_release_fields_init(mend_release_fields* fields, unsigned int version);

/**
 * Record a release of records (who, what, to whom, date, expiry).
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
MEND_EXTERN(int) mend_release_create(int64_t* out, mend_db* db, const mend_release_fields* fields);
/**
 * Record that a client of the case authorised joint content in the release.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param release_id The release's id.
 * @param client_id The client's id.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid argument; nothing changes), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not; the refusal is
 *        audited), MEND_ENOTFOUND (no such record), MEND_ESTATE (already authorised by that
 *        client, or the release has expired); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_release_authorise(mend_db* db, int64_t release_id, int64_t client_id);

/**
 * An accounting of disclosures for one client (45 CFR 164.528), as JSON: every
 * release that holds any of the client's record (a release to them, or one to
 * their partner that holds the couple's joint content), oldest first:
 * {"client_id", "generated_on", "disclosures": [{"release_id", "case_id",
 * "for_client_id", "created_on", "expires_on", "recipient", "purpose",
 * "holds": {"own_record", "joint_content"}, "authorised_by": [client ids],
 * "provided": [each time the release's report or bundle was made, UTC]}]}.
 * A report the client can be given. Read under the actor's authorisation
 * (the client must be visible) and audited ("accounting" of the client).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param client_id The client.
 * @return MEND_OK, MEND_EINVAL (NULL @p out or @p db), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        client, or one the actor may not see; audited either way); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_release_accounting_json(char** out, mend_db* db, int64_t client_id);

MEND_END_DECL

#endif /* MEND_RELEASE_H */
