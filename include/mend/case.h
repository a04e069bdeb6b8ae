/**
 * @file mend/case.h
 * @brief Cases: episodes of care, individual (one client) or conjoint (one couple).
 *
 * An individual case may be linked to the conjoint case it runs alongside
 * (one partner's individual work beside the couple's conjoint work); the
 * individual's client must be a partner of that couple.
 * A clinician sees the cases they are primary clinician of.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_CASE_H
#define MEND_CASE_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** Fields of a case. On update, NULL strings and 0 ids stay as they were. */
typedef struct mend_case_fields {
    /** The struct's version: MEND_CASE_FIELDS_VERSION, as MEND_CASE_FIELDS_INIT and
     * mend_case_fields_init() set it. */
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

/** The newest version of mend_case_fields: what its version field holds when set by
 * MEND_CASE_FIELDS_INIT. */
#define MEND_CASE_FIELDS_VERSION 1
/** An initialiser of mend_case_fields with the defaults of MEND_CASE_FIELDS_VERSION (as
 * mend_case_fields_init() fills it). */
#define MEND_CASE_FIELDS_INIT                                                                      \
    { MEND_CASE_FIELDS_VERSION, NULL, 0, 0, 0, NULL, NULL, NULL, 0, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_case_fields (for the newest,
 * MEND_CASE_FIELDS_VERSION, the same values as MEND_CASE_FIELDS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_CASE_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_case_fields_init(mend_case_fields* fields, unsigned int version);

/**
 * Record a new case.
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
MEND_EXTERN(int) mend_case_create(int64_t* out, mend_db* db, const mend_case_fields* fields);
/**
 * Change a case's fields: a NULL field stays as it was.
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
MEND_EXTERN(int) mend_case_update(mend_db* db, int64_t id, const mend_case_fields* fields);
/**
 * Archive a case (never deleted).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ENOACTOR, MEND_EDENIED, MEND_ENOTFOUND (no such
 *        record); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_case_archive(mend_db* db, int64_t id);
/**
 * Read a case.
 *
 * @param out Receives a new record, the caller's: free it with mend_case_free(). NULL unless
 *        the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_case_get(mend_case** out, mend_db* db, int64_t id);
/**
 * Read a case by the host's external id.
 *
 * @param out Receives a new record, the caller's: free it with mend_case_free(). NULL unless
 *        the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param external_id The host's external id (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such record, or one the actor may not see); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_case_get_external(mend_case** out, mend_db* db, const char* external_id);
/**
 * The record as a JSON object.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param c The record (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ENOMEM.
 */
MEND_EXTERN(int) mend_case_to_json(char** out, const mend_case* c);
/**
 * Free a record read with mend_case_get() or an iterator. NULL is fine.
 *
 * @param c The record to free, or NULL; invalid after the call (as are strings read from it).
 */
MEND_EXTERN(void) mend_case_free(mend_case* c);

/**
 * The case's id.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_case_id(const mend_case* c);
/**
 * The case's kind ("individual" or "conjoint").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_case_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_case_kind(const mend_case* c);
/**
 * The case's client's id. 0 for a conjoint case.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_case_client_id(const mend_case* c);
/**
 * The case's couple's id. 0 for an individual case.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_case_couple_id(const mend_case* c);
/**
 * The case's primary clinician's id.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_case_primary_clinician_id(const mend_case* c);
/**
 * The case's opening date, "YYYY-MM-DD".
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_case_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_case_opened_on(const mend_case* c);
/**
 * The case's closing date, "YYYY-MM-DD". NULL while open.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_case_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_case_closed_on(const mend_case* c);
/**
 * The case's status ("open", "on_hold" or "closed").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_case_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_case_status(const mend_case* c);
/**
 * The case's linked conjoint case's id. 0 when not linked.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_case_linked_case_id(const mend_case* c);
/**
 * The case's external id (the host's identifier).
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_case_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_case_external_id(const mend_case* c);
/**
 * The case's archived state.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return 1 if archived, else 0 (0 for a NULL @p c); never an error code.
 */
MEND_EXTERN(int) mend_case_is_archived(const mend_case* c);
/**
 * The case's creation time: UTC, ISO 8601 ("2026-11-30T10:15:00.000000Z").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_case_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_case_created_at(const mend_case* c);
/**
 * The case's time of its last change: UTC, ISO 8601.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_case_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_case_updated_at(const mend_case* c);

/** Options for listing cases (mend_case_iter_new()). */
typedef struct mend_case_list_options {
    /** The struct's version: MEND_CASE_LIST_OPTIONS_VERSION, as MEND_CASE_LIST_OPTIONS_INIT and
     * mend_case_list_options_init() set it. */
    unsigned int version;
    /** Non-zero to include archived cases. */
    int include_archived;
    /** Only cases of this client (individual, or as a partner in a conjoint case); 0 for all. */
    int64_t client_id;
    /** Only cases of this couple; 0 for all. */
    int64_t couple_id;
    /** Only cases with this primary clinician; 0 for all. */
    int64_t clinician_id;
} mend_case_list_options;
/** The newest version of mend_case_list_options: what its version field holds when set by
 * MEND_CASE_LIST_OPTIONS_INIT. */
#define MEND_CASE_LIST_OPTIONS_VERSION 1
/** An initialiser of mend_case_list_options with the defaults of MEND_CASE_LIST_OPTIONS_VERSION (as
 * mend_case_list_options_init() fills it). */
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
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_case_list_options_init(mend_case_list_options* opts, unsigned int version);

/**
 * Iterate over the cases the actor may see, in id order, a page at a time (each page read is
 * audited).
 *
 * @param out Receives a new iterator, the caller's: free it with mend_case_iter_free(); it must
 *        not outlive @p db. NULL on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults (no
 *        archived records, no filter).
 * @return MEND_OK, MEND_EINVAL (NULL argument, bad option), MEND_ENOACTOR; or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_case_iter_new(mend_case_iter** out, mend_db* db, const mend_case_list_options* opts);
/**
 * The next case, or MEND_ITEROVER at the end.
 *
 * @param out Receives a new record, the caller's: free it with mend_case_free(). NULL unless
 *        the call succeeds.
 * @param it The iterator (borrowed).
 * @return MEND_OK with *out set, MEND_ITEROVER at the end (not an error), MEND_EINVAL (NULL
 *        argument), MEND_ENOACTOR, MEND_EDENIED; or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_case_iter_next(mend_case** out, mend_case_iter* it);
/**
 * Free an iterator. NULL is fine.
 *
 * @param it The iterator to free, or NULL; invalid after the call.
 */
MEND_EXTERN(void) mend_case_iter_free(mend_case_iter* it);

MEND_END_DECL

#endif /* MEND_CASE_H */
