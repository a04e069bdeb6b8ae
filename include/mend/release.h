/**
 * @file mend/release.h
 * @brief Releases of records prepared for one partner.
 *
 * A release variant is prepared for one partner (mend_release_create): it
 * holds nothing from the other partner's individual record, and joint
 * content about both partners only when each authorised it
 * (mend_release_authorise). Every report and release is audited.
 */
#ifndef MEND_RELEASE_H
#define MEND_RELEASE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

typedef struct mend_release_fields {
    unsigned int version;
    int64_t case_id;
    /** The partner the records are released to or about. */
    int64_t for_client_id;
    /** Who receives it, e.g. the client, their lawyer. */
    const char* recipient;
    const char* purpose;
    /** "YYYY-MM-DD", not in the past. */
    const char* expires_on;
} mend_release_fields;

#define MEND_RELEASE_FIELDS_VERSION 1
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
 */
MEND_EXTERN(int) mend_release_fields_init(mend_release_fields* fields, unsigned int version);

/** Record a release of records (who, what, to whom, date, expiry). */
MEND_EXTERN(int) mend_release_create(int64_t* out, mend_db* db, const mend_release_fields* fields);
/** Record that a client of the case authorised joint content in the release. */
MEND_EXTERN(int) mend_release_authorise(mend_db* db, int64_t release_id, int64_t client_id);

MEND_END_DECL

#endif /* MEND_RELEASE_H */
