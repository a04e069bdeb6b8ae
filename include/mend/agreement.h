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
 */
#ifndef MEND_AGREEMENT_H
#define MEND_AGREEMENT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

typedef struct mend_agreement_fields {
    unsigned int version;
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

#define MEND_AGREEMENT_FIELDS_VERSION 1
#define MEND_AGREEMENT_FIELDS_INIT                                                                 \
    { MEND_AGREEMENT_FIELDS_VERSION, 0, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_agreement_fields (for the newest,
 * MEND_AGREEMENT_FIELDS_VERSION, the same values as MEND_AGREEMENT_FIELDS_INIT) and set its version
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
 */
MEND_EXTERN(int) mend_agreement_fields_init(mend_agreement_fields* fields, unsigned int version);

MEND_EXTERN(int)
mend_agreement_create(int64_t* out, mend_db* db, const mend_agreement_fields* fields);
/**
 * Change an agreement's status: "active", "kept", "broken" or "revised",
 * with an optional note; @p broken_by names the partner who broke it (0:
 * not named).
 */
MEND_EXTERN(int)
mend_agreement_update(mend_db* db, int64_t agreement_id, const char* status, const char* note,
                      int64_t broken_by);
/** A case's agreements with their history, as a JSON array. */
MEND_EXTERN(int) mend_agreement_list_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_AGREEMENT_H */
