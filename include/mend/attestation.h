/**
 * @file mend/attestation.h
 * @brief Attestations: what a clinician attests on a case, read by the gates.
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
    unsigned int version;
    int64_t case_id;
    /** The partner it is about (0: the case as a whole). */
    int64_t client_id;
    const char* code;
    const char* value;
    /** Optional date it took effect, e.g. a sobriety date. */
    const char* effective_on;
    /** Optional note. */
    const char* note;
} mend_attestation_fields;

#define MEND_ATTESTATION_FIELDS_VERSION 1
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
 */
MEND_EXTERN(int)
mend_attestation_fields_init(mend_attestation_fields* fields, unsigned int version);

MEND_EXTERN(int)
mend_attestation_create(int64_t* out, mend_db* db, const mend_attestation_fields* fields);
/** A case's attestations, in the order recorded, as a JSON array. */
MEND_EXTERN(int) mend_attestation_list_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_ATTESTATION_H */
