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
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_COUPLE_H
#define MEND_COUPLE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** Fields of a couple. On update, NULL strings and -1 numbers stay as they were. */
typedef struct mend_couple_fields {
    /** The struct's version: MEND_COUPLE_FIELDS_VERSION, as MEND_COUPLE_FIELDS_INIT and
     * mend_couple_fields_init() set it. */
    unsigned int version;
    /** The two partners (client ids); set on create only. */
    int64_t client_a_id;
    /** The second partner (client id), not @c client_a_id; set on create only. */
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

/** The newest version of mend_couple_fields: what its version field holds when set by
 * MEND_COUPLE_FIELDS_INIT. */
#define MEND_COUPLE_FIELDS_VERSION 1
/** An initialiser of mend_couple_fields with the defaults of MEND_COUPLE_FIELDS_VERSION (as
 * mend_couple_fields_init() fills it). */
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
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_couple_fields_init(mend_couple_fields* fields, unsigned int version);

/**
 * Record a new couple.
 *
 * @param out Receives the new record's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param fields The fields (borrowed: read during the call, no pointer into them is kept); its
 *        version field says which fields the caller's struct has.
 * @return MEND_OK, MEND_EINVAL (NULL, missing or invalid field; nothing stored), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not), MEND_ENOTFOUND (a
 *        linked record is missing), MEND_EEXISTS (external id in use), MEND_ESTATE (a linked
 *        record is archived), MEND_ECONSTRAINT; or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_couple_create(int64_t* out, mend_db* db, const mend_couple_fields* fields);
/**
 * Change a couple's fields: a NULL field stays as it was.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @param fields The fields (borrowed: read during the call, no pointer into them is kept); its
 *        version field says which fields the caller's struct has.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid field; nothing changes), MEND_EENCODING,
 *        MEND_ENOACTOR, MEND_EDENIED, MEND_ENOTFOUND (no such record), MEND_EEXISTS (external
 *        id in use), MEND_ESTATE (the record is archived), MEND_ECONSTRAINT; or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_couple_update(mend_db* db, int64_t id, const mend_couple_fields* fields);
/**
 * Archive a couple (never deleted).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ENOACTOR, MEND_EDENIED, MEND_ENOTFOUND (no such
 *        record); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_couple_archive(mend_db* db, int64_t id);
/**
 * Read a couple.
 *
 * @param out Receives a new record, the caller's: free it with mend_couple_free(). NULL unless
 *        the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_couple_get(mend_couple** out, mend_db* db, int64_t id);
/**
 * Read a couple by the host's external id.
 *
 * @param out Receives a new record, the caller's: free it with mend_couple_free(). NULL unless
 *        the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param external_id The host's external id (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such record, or one the actor may not see); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_couple_get_external(mend_couple** out, mend_db* db, const char* external_id);
/**
 * The record as a JSON object.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param c The record (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ENOMEM.
 */
MEND_EXTERN(int) mend_couple_to_json(char** out, const mend_couple* c);
/**
 * Free a record read with mend_couple_get() or an iterator. NULL is fine.
 *
 * @param c The record to free, or NULL; invalid after the call (as are strings read from it).
 */
MEND_EXTERN(void) mend_couple_free(mend_couple* c);

/**
 * The couple's id.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_couple_id(const mend_couple* c);
/**
 * The couple's first partner's client id.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_couple_client_a_id(const mend_couple* c);
/**
 * The couple's second partner's client id.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_couple_client_b_id(const mend_couple* c);
/**
 * The couple's relationship status ("together", "separated" or "ended").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_couple_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_couple_relationship_status(const mend_couple* c);
/**
 * The couple's relationship start date, "YYYY-MM-DD". NULL when not recorded.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_couple_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_couple_relationship_start(const mend_couple* c);
/**
 * The couple's number of children in the household. -1 when not recorded.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return 0..30, or -1 when not recorded or for a NULL @p c; never an error code.
 */
MEND_EXTERN(int) mend_couple_children_in_household(const mend_couple* c);
/**
 * The couple's secrets policy ("no_secrets", "confidential" or "limited_secrets").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_couple_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_couple_secrets_policy(const mend_couple* c);
/**
 * The couple's external id (the host's identifier).
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_couple_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_couple_external_id(const mend_couple* c);
/**
 * The couple's archived state.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return 1 if archived, else 0 (0 for a NULL @p c); never an error code.
 */
MEND_EXTERN(int) mend_couple_is_archived(const mend_couple* c);
/**
 * The couple's creation time: UTC, ISO 8601 ("2026-11-30T10:15:00.000000Z").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_couple_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_couple_created_at(const mend_couple* c);
/**
 * The couple's time of its last change: UTC, ISO 8601.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_couple_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_couple_updated_at(const mend_couple* c);

/** Options for listing couples (mend_couple_iter_new()). */
typedef struct mend_couple_list_options {
    /** The struct's version: MEND_COUPLE_LIST_OPTIONS_VERSION, as MEND_COUPLE_LIST_OPTIONS_INIT and
     * mend_couple_list_options_init() set it. */
    unsigned int version;
    /** Non-zero to include archived couples. */
    int include_archived;
    /** Only couples this client belongs to; 0 for all. */
    int64_t client_id;
} mend_couple_list_options;
/** The newest version of mend_couple_list_options: what its version field holds when set by
 * MEND_COUPLE_LIST_OPTIONS_INIT. */
#define MEND_COUPLE_LIST_OPTIONS_VERSION 1
/** An initialiser of mend_couple_list_options with the defaults of MEND_COUPLE_LIST_OPTIONS_VERSION
 * (as mend_couple_list_options_init() fills it). */
#define MEND_COUPLE_LIST_OPTIONS_INIT                                                              \
    { MEND_COUPLE_LIST_OPTIONS_VERSION, 0, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_couple_list_options (for the newest,
 * MEND_COUPLE_LIST_OPTIONS_VERSION, the same values as MEND_COUPLE_LIST_OPTIONS_INIT) and set
 * its
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
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_couple_list_options_init(mend_couple_list_options* opts, unsigned int version);

/**
 * Iterate over the couples the actor may see, in id order, a page at a time (each page read is
 * audited).
 *
 * @param out Receives a new iterator, the caller's: free it with mend_couple_iter_free(); it
 *        must not outlive @p db. NULL on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults (no
 *        archived records, no filter).
 * @return MEND_OK, MEND_EINVAL (NULL argument, bad option), MEND_ENOACTOR; or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_couple_iter_new(mend_couple_iter** out, mend_db* db, const mend_couple_list_options* opts);
/**
 * The next couple, or MEND_ITEROVER at the end.
 *
 * @param out Receives a new record, the caller's: free it with mend_couple_free(). NULL unless
 *        the call succeeds.
 * @param it The iterator (borrowed).
 * @return MEND_OK with *out set, MEND_ITEROVER at the end (not an error), MEND_EINVAL (NULL
 *        argument), MEND_ENOACTOR, MEND_EDENIED; or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_couple_iter_next(mend_couple** out, mend_couple_iter* it);
/**
 * Free an iterator. NULL is fine.
 *
 * @param it The iterator to free, or NULL; invalid after the call.
 */
MEND_EXTERN(void) mend_couple_iter_free(mend_couple_iter* it);

MEND_END_DECL

#endif /* MEND_COUPLE_H */
