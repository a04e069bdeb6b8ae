/**
 * @file mend/case.h
 * @brief Cases: episodes of care, individual (one client) or conjoint (one couple).
 *
 * An individual case may be linked to the conjoint case it runs alongside
 * (one partner's individual work beside the couple's conjoint work); the
 * individual's client must be a partner of that couple.
 * A clinician sees the cases they are primary clinician of.
 */
#ifndef MEND_CASE_H
#define MEND_CASE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** Fields of a case. On update, NULL strings and 0 ids stay as they were. */
typedef struct mend_case_fields {
    unsigned int version;
    /** "individual" or "conjoint"; create only. NULL on create: "individual"
     * when only client_id is given, "conjoint" when only couple_id is. */
    const char* kind;
    /** The client of an individual case; create only. */
    int64_t client_id;
    /** The couple of a conjoint case; create only. */
    int64_t couple_id;
    /** Primary clinician; defaults to the actor on create. */
    int64_t primary_clinician_id;
    /** "YYYY-MM-DD"; defaults to today on create. */
    const char* opened_on;
    /** "YYYY-MM-DD", not before opened_on; "" clears on update. Setting it closes the case. */
    const char* closed_on;
    /** "open", "on_hold" or "closed". */
    const char* status;
    /** For an individual case: the conjoint case it runs alongside (-1 clears on update). */
    int64_t linked_case_id;
    /** The host's identifier, unique in the practice. Optional. */
    const char* external_id;
} mend_case_fields;

#define MEND_CASE_FIELDS_VERSION 1
#define MEND_CASE_FIELDS_INIT                                                                      \
    { MEND_CASE_FIELDS_VERSION, NULL, 0, 0, 0, NULL, NULL, NULL, 0, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_case_fields (for the newest,
 * MEND_CASE_FIELDS_VERSION, the same values as MEND_CASE_FIELDS_INIT) and set its version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_CASE_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int) mend_case_fields_init(mend_case_fields* fields, unsigned int version);

MEND_EXTERN(int) mend_case_create(int64_t* out, mend_db* db, const mend_case_fields* fields);
MEND_EXTERN(int) mend_case_update(mend_db* db, int64_t id, const mend_case_fields* fields);
MEND_EXTERN(int) mend_case_archive(mend_db* db, int64_t id);
MEND_EXTERN(int) mend_case_get(mend_case** out, mend_db* db, int64_t id);
MEND_EXTERN(int) mend_case_get_external(mend_case** out, mend_db* db, const char* external_id);
MEND_EXTERN(int) mend_case_to_json(char** out, const mend_case* c);
MEND_EXTERN(void) mend_case_free(mend_case* c);

MEND_EXTERN(int64_t) mend_case_id(const mend_case* c);
MEND_EXTERN(const char*) mend_case_kind(const mend_case* c);
/** 0 for a conjoint case. */
MEND_EXTERN(int64_t) mend_case_client_id(const mend_case* c);
/** 0 for an individual case. */
MEND_EXTERN(int64_t) mend_case_couple_id(const mend_case* c);
MEND_EXTERN(int64_t) mend_case_primary_clinician_id(const mend_case* c);
MEND_EXTERN(const char*) mend_case_opened_on(const mend_case* c);
/** NULL while open. */
MEND_EXTERN(const char*) mend_case_closed_on(const mend_case* c);
MEND_EXTERN(const char*) mend_case_status(const mend_case* c);
/** 0 when not linked. */
MEND_EXTERN(int64_t) mend_case_linked_case_id(const mend_case* c);
MEND_EXTERN(const char*) mend_case_external_id(const mend_case* c);
MEND_EXTERN(int) mend_case_is_archived(const mend_case* c);
MEND_EXTERN(const char*) mend_case_created_at(const mend_case* c);
MEND_EXTERN(const char*) mend_case_updated_at(const mend_case* c);

typedef struct mend_case_list_options {
    unsigned int version;
    int include_archived;
    /** Only cases of this client (individual, or as a partner in a conjoint case); 0 for all. */
    int64_t client_id;
    /** Only cases of this couple; 0 for all. */
    int64_t couple_id;
    /** Only cases with this primary clinician; 0 for all. */
    int64_t clinician_id;
} mend_case_list_options;
#define MEND_CASE_LIST_OPTIONS_VERSION 1
#define MEND_CASE_LIST_OPTIONS_INIT                                                                \
    { MEND_CASE_LIST_OPTIONS_VERSION, 0, 0, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_case_list_options (for the newest,
 * MEND_CASE_LIST_OPTIONS_VERSION, the same values as MEND_CASE_LIST_OPTIONS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_CASE_LIST_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 */
MEND_EXTERN(int) mend_case_list_options_init(mend_case_list_options* opts, unsigned int version);

MEND_EXTERN(int)
mend_case_iter_new(mend_case_iter** out, mend_db* db, const mend_case_list_options* opts);
MEND_EXTERN(int) mend_case_iter_next(mend_case** out, mend_case_iter* it);
MEND_EXTERN(void) mend_case_iter_free(mend_case_iter* it);

MEND_END_DECL

#endif /* MEND_CASE_H */
