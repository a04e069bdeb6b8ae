/**
 * @file mend/clinician.h
 * @brief Clinicians: the practice's staff, who act on the database.
 *
 * Roles: "clinician" (sees the clients on their own cases and those they
 * registered), "supervisor" and "admin" (see everything). Only an admin
 * registers, updates or archives clinicians. Any actor may read the staff list.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_CLINICIAN_H
#define MEND_CLINICIAN_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** Fields of a clinician. On update, a NULL field stays as it was. */
typedef struct mend_clinician_fields {
    /** The struct's version: MEND_CLINICIAN_FIELDS_VERSION, as MEND_CLINICIAN_FIELDS_INIT and
     * mend_clinician_fields_init() set it. */
    unsigned int version;
    /** Name shown in reports, e.g. "Dr. Maya Okafor". Required on create. */
    const char* display_name;
    /** Credentials, e.g. "LMFT, CSAT". Optional ("" clears on update). */
    const char* credentials;
    /** "clinician", "supervisor" or "admin". Defaults to "clinician" on create. */
    const char* role;
    /** The host's identifier for this clinician; unique in the practice. Optional. */
    const char* external_id;
    /** (version 2) The National Provider Identifier, the rendering provider's on claims: 10
     * digits whose last is the Luhn check digit (over 80840 and the first 9). Optional ("" clears
     * on update). */
    const char* npi;
} mend_clinician_fields;

/** The newest version of mend_clinician_fields: what its version field holds when set by
 * MEND_CLINICIAN_FIELDS_INIT. */
#define MEND_CLINICIAN_FIELDS_VERSION 2
/** An initialiser of mend_clinician_fields with the defaults of MEND_CLINICIAN_FIELDS_VERSION (as
 * mend_clinician_fields_init() fills it). */
#define MEND_CLINICIAN_FIELDS_INIT                                                                 \
    { MEND_CLINICIAN_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_clinician_fields (for the newest,
 * MEND_CLINICIAN_FIELDS_VERSION, the same values as MEND_CLINICIAN_FIELDS_INIT) and set its
 * version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_CLINICIAN_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_clinician_fields_init(mend_clinician_fields* fields, unsigned int version);

/**
 * Register a clinician (admin only).
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
MEND_EXTERN(int)
mend_clinician_create(int64_t* out, mend_db* db, const mend_clinician_fields* fields);
/**
 * Update a clinician (admin only).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @param fields The fields (borrowed: read during the call, no pointer into them is kept); its
 *        version field says which fields the caller's struct has.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid field; nothing changes), MEND_EENCODING,
 *        MEND_ENOACTOR, MEND_EDENIED (not an admin), MEND_ENOTFOUND (no such record),
 *        MEND_EEXISTS (external id in use), MEND_ESTATE (archived, or the last admin losing the
 *        role); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_clinician_update(mend_db* db, int64_t id, const mend_clinician_fields* fields);
/**
 * Archive a clinician (admin only): they can no longer act. Never deleted.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ENOACTOR, MEND_EDENIED (not an admin),
 *        MEND_ENOTFOUND (no such record), MEND_ESTATE (the practice's last admin); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_clinician_archive(mend_db* db, int64_t id);

/**
 * Read a clinician. The record is the caller's; free it with mend_clinician_free().
 *
 * @param out Receives a new record, the caller's: free it with mend_clinician_free(). NULL
 *        unless the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_clinician_get(mend_clinician** out, mend_db* db, int64_t id);
/**
 * Read a clinician by the host's external id.
 *
 * @param out Receives a new record, the caller's: free it with mend_clinician_free(). NULL
 *        unless the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param external_id The host's external id (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such record, or one the actor may not see); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_clinician_get_external(mend_clinician** out, mend_db* db, const char* external_id);
/**
 * The record as a JSON object (free with mend_free()).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param c The record (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ENOMEM.
 */
MEND_EXTERN(int) mend_clinician_to_json(char** out, const mend_clinician* c);
/**
 * Free a record read with mend_clinician_get() or an iterator. NULL is fine.
 *
 * @param c The record to free, or NULL; invalid after the call (as are strings read from it).
 */
MEND_EXTERN(void) mend_clinician_free(mend_clinician* c);

/* Getters: strings are borrowed from the record and live as long as it does. */
/**
 * The clinician's id.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_clinician_id(const mend_clinician* c);
/**
 * The clinician's display name.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_clinician_free(c). NULL where not recorded or
 *        for a NULL @p c.
 */
MEND_EXTERN(const char*) mend_clinician_display_name(const mend_clinician* c);
/**
 * The clinician's credentials.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_clinician_free(c). NULL where not recorded or
 *        for a NULL @p c.
 */
MEND_EXTERN(const char*) mend_clinician_credentials(const mend_clinician* c);
/**
 * The clinician's National Provider Identifier.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_clinician_free(c). NULL where not recorded or
 *        for a NULL @p c.
 */
MEND_EXTERN(const char*) mend_clinician_npi(const mend_clinician* c);
/**
 * The clinician's role ("clinician", "supervisor" or "admin").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_clinician_free(c). NULL where not recorded or
 *        for a NULL @p c.
 */
MEND_EXTERN(const char*) mend_clinician_role(const mend_clinician* c);
/**
 * The clinician's external id (the host's identifier). NULL when the clinician has none.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_clinician_free(c). NULL where not recorded or
 *        for a NULL @p c.
 */
MEND_EXTERN(const char*) mend_clinician_external_id(const mend_clinician* c);
/**
 * The clinician's archived state.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return 1 if archived, else 0 (0 for a NULL @p c); never an error code.
 */
MEND_EXTERN(int) mend_clinician_is_archived(const mend_clinician* c);
/**
 * The clinician's creation time: UTC, ISO 8601 ("2026-11-30T10:15:00.000000Z"). UTC timestamps,
 * ISO 8601 ("2026-11-30T10:15:00.000000Z").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_clinician_free(c). NULL where not recorded or
 *        for a NULL @p c.
 */
MEND_EXTERN(const char*) mend_clinician_created_at(const mend_clinician* c);
/**
 * The clinician's time of its last change: UTC, ISO 8601.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_clinician_free(c). NULL where not recorded or
 *        for a NULL @p c.
 */
MEND_EXTERN(const char*) mend_clinician_updated_at(const mend_clinician* c);

/** Options for listing clinicians. */
typedef struct mend_clinician_list_options {
    /** The struct's version: MEND_CLINICIAN_LIST_OPTIONS_VERSION, as
     * MEND_CLINICIAN_LIST_OPTIONS_INIT and mend_clinician_list_options_init() set it. */
    unsigned int version;
    /** Non-zero to include archived clinicians. */
    int include_archived;
} mend_clinician_list_options;
/** The newest version of mend_clinician_list_options: what its version field holds when set by
 * MEND_CLINICIAN_LIST_OPTIONS_INIT. */
#define MEND_CLINICIAN_LIST_OPTIONS_VERSION 1
/** An initialiser of mend_clinician_list_options with the defaults of
 * MEND_CLINICIAN_LIST_OPTIONS_VERSION (as mend_clinician_list_options_init() fills it). */
#define MEND_CLINICIAN_LIST_OPTIONS_INIT                                                           \
    { MEND_CLINICIAN_LIST_OPTIONS_VERSION, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_clinician_list_options (for the newest,
 * MEND_CLINICIAN_LIST_OPTIONS_VERSION, the same values as MEND_CLINICIAN_LIST_OPTIONS_INIT) and
 * set
 * its version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_CLINICIAN_LIST_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_clinician_list_options_init(mend_clinician_list_options* opts, unsigned int version);

/**
 * Iterate over clinicians in id order, a page at a time. @p opts may be NULL.
 *
 * @param out Receives a new iterator, the caller's: free it with mend_clinician_iter_free(); it
 *        must not outlive @p db. NULL on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults (no
 *        archived records, no filter).
 * @return MEND_OK, MEND_EINVAL (NULL argument, bad option), MEND_ENOACTOR; or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_clinician_iter_new(mend_clinician_iter** out, mend_db* db,
                        const mend_clinician_list_options* opts);
/**
 * The next clinician (caller frees it), or MEND_ITEROVER at the end.
 *
 * @param out Receives a new record, the caller's: free it with mend_clinician_free(). NULL
 *        unless the call succeeds.
 * @param it The iterator (borrowed).
 * @return MEND_OK with *out set, MEND_ITEROVER at the end (not an error), MEND_EINVAL (NULL
 *        argument), MEND_ENOACTOR, MEND_EDENIED; or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_clinician_iter_next(mend_clinician** out, mend_clinician_iter* it);
/**
 * Free an iterator. NULL is fine.
 *
 * @param it The iterator to free, or NULL; invalid after the call.
 */
MEND_EXTERN(void) mend_clinician_iter_free(mend_clinician_iter* it);

MEND_END_DECL

#endif /* MEND_CLINICIAN_H */
