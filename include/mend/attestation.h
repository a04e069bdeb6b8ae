/**
 * @file mend/attestation.h
 * @brief Attestations: what a clinician attests on a case, read by the gates.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_ATTESTATION_H
#define MEND_ATTESTATION_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * A clinician's attestation on a case, read by the gates: codes such as
 * "conjoint_consent", "contact_ended", "disclosure_completed",
 * "accountability", "relational_readiness" (the partner's own stated
 * readiness), "sobriety" (with effective_on, the sobriety date),
 * "therapeutic_disclosure_completed", "affair_ongoing",
 * "compulsive_behaviour_untreated", and "decision" (value stay_as_is, part,
 * committed_work or undecided). Values are "yes" or "no" otherwise. The
 * latest attestation of a code (per partner) counts; none is ever changed.
 */
typedef struct mend_attestation_fields {
    /** The struct's version: MEND_ATTESTATION_FIELDS_VERSION, as MEND_ATTESTATION_FIELDS_INIT and
     * mend_attestation_fields_init() set it. */
    unsigned int version;
    /** The case attested on. */
    int64_t case_id;
    /** The partner it is about (0: the case as a whole). */
    int64_t client_id;
    /** The attestation code, e.g. "conjoint_consent" (see above). */
    const char* code;
    /** "yes" or "no"; for "decision" one of its values (see above). */
    const char* value;
    /** Optional date it took effect, e.g. a sobriety date. */
    const char* effective_on;
    /** Optional note. */
    const char* note;
} mend_attestation_fields;

/** The newest version of mend_attestation_fields: what its version field holds when set by
 * MEND_ATTESTATION_FIELDS_INIT. */
#define MEND_ATTESTATION_FIELDS_VERSION 1
/** An initialiser of mend_attestation_fields with the defaults of MEND_ATTESTATION_FIELDS_VERSION
 * (as mend_attestation_fields_init() fills it). */
#define MEND_ATTESTATION_FIELDS_INIT                                                               \
    { MEND_ATTESTATION_FIELDS_VERSION, 0, 0, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_attestation_fields (for the newest,
 * MEND_ATTESTATION_FIELDS_VERSION, the same values as MEND_ATTESTATION_FIELDS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_ATTESTATION_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_attestation_fields_init(mend_attestation_fields* fields, unsigned int version);

/**
 * Record a new attestation.
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
mend_attestation_create(int64_t* out, mend_db* db, const mend_attestation_fields* fields);
/**
 * A case's attestations, in the order recorded, as a JSON array.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_attestation_list_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_ATTESTATION_H */
