/**
 * @file mend/couple.h
 * @brief Couples: two distinct clients in a relationship under treatment.
 *
 * A client may belong to more than one couple over time. The couple records
 * the confidentiality ("secrets") policy agreed at intake, which later governs
 * what of one partner's individual work may reach conjoint work:
 *  - "no_secrets": individual content may be brought into conjoint work;
 *  - "confidential": nothing from one partner's individual sessions reaches the other;
 *  - "limited_secrets": as confidential, but the clinician may record that a
 *    disclosed secret (ongoing affair, violence, active addiction) suspends
 *    conjoint work.
 */
#ifndef MEND_COUPLE_H
#define MEND_COUPLE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** Fields of a couple. On update, NULL strings and -1 numbers stay as they were. */
typedef struct mend_couple_fields {
    unsigned int version;
    /** The two partners (client ids); set on create only. */
    int64_t client_a_id;
    int64_t client_b_id;
    /** "together" (default), "separated" or "ended". */
    const char* relationship_status;
    /** "YYYY-MM-DD", optional ("" clears on update). */
    const char* relationship_start;
    /** Children in the household, 0..30; -1 leaves it unset/unchanged. */
    int children_in_household;
    /** "no_secrets", "confidential" or "limited_secrets"; required on create. */
    const char* secrets_policy;
    /** The host's identifier, unique in the practice. Optional. */
    const char* external_id;
} mend_couple_fields;

#define MEND_COUPLE_FIELDS_VERSION 1
#define MEND_COUPLE_FIELDS_INIT                                                                    \
    { MEND_COUPLE_FIELDS_VERSION, 0, 0, NULL, NULL, -1, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_couple_fields (for the newest,
 * MEND_COUPLE_FIELDS_VERSION, the same values as MEND_COUPLE_FIELDS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_COUPLE_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int) mend_couple_fields_init(mend_couple_fields* fields, unsigned int version);

MEND_EXTERN(int) mend_couple_create(int64_t* out, mend_db* db, const mend_couple_fields* fields);
MEND_EXTERN(int) mend_couple_update(mend_db* db, int64_t id, const mend_couple_fields* fields);
MEND_EXTERN(int) mend_couple_archive(mend_db* db, int64_t id);
MEND_EXTERN(int) mend_couple_get(mend_couple** out, mend_db* db, int64_t id);
MEND_EXTERN(int) mend_couple_get_external(mend_couple** out, mend_db* db, const char* external_id);
MEND_EXTERN(int) mend_couple_to_json(char** out, const mend_couple* c);
MEND_EXTERN(void) mend_couple_free(mend_couple* c);

MEND_EXTERN(int64_t) mend_couple_id(const mend_couple* c);
MEND_EXTERN(int64_t) mend_couple_client_a_id(const mend_couple* c);
MEND_EXTERN(int64_t) mend_couple_client_b_id(const mend_couple* c);
MEND_EXTERN(const char*) mend_couple_relationship_status(const mend_couple* c);
/** NULL when not recorded. */
MEND_EXTERN(const char*) mend_couple_relationship_start(const mend_couple* c);
/** -1 when not recorded. */
MEND_EXTERN(int) mend_couple_children_in_household(const mend_couple* c);
MEND_EXTERN(const char*) mend_couple_secrets_policy(const mend_couple* c);
MEND_EXTERN(const char*) mend_couple_external_id(const mend_couple* c);
MEND_EXTERN(int) mend_couple_is_archived(const mend_couple* c);
MEND_EXTERN(const char*) mend_couple_created_at(const mend_couple* c);
MEND_EXTERN(const char*) mend_couple_updated_at(const mend_couple* c);

typedef struct mend_couple_list_options {
    unsigned int version;
    int include_archived;
    /** Only couples this client belongs to; 0 for all. */
    int64_t client_id;
} mend_couple_list_options;
#define MEND_COUPLE_LIST_OPTIONS_VERSION 1
#define MEND_COUPLE_LIST_OPTIONS_INIT                                                              \
    { MEND_COUPLE_LIST_OPTIONS_VERSION, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_couple_list_options (for the newest,
 * MEND_COUPLE_LIST_OPTIONS_VERSION, the same values as MEND_COUPLE_LIST_OPTIONS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_COUPLE_LIST_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int)
mend_couple_list_options_init(mend_couple_list_options* opts, unsigned int version);

MEND_EXTERN(int)
mend_couple_iter_new(mend_couple_iter** out, mend_db* db, const mend_couple_list_options* opts);
MEND_EXTERN(int) mend_couple_iter_next(mend_couple** out, mend_couple_iter* it);
MEND_EXTERN(void) mend_couple_iter_free(mend_couple_iter* it);

MEND_END_DECL

#endif /* MEND_COUPLE_H */
