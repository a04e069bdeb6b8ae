/**
 * @file mend/client.h
 * @brief Clients: the people in treatment.
 *
 * A clinician sees the clients on their own cases and the clients they
 * registered; supervisors and admins see all. Every read and write is audited.
 * Clients are never deleted: archive them.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_CLIENT_H
#define MEND_CLIENT_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Fields of a client. Text is UTF-8, at most 200 bytes a field.
 * On create, given_name and family_name are required; others are optional.
 * On update, a NULL field stays as it was and "" clears an optional field.
 */
typedef struct mend_client_fields {
    /** The struct's version: MEND_CLIENT_FIELDS_VERSION, as MEND_CLIENT_FIELDS_INIT and
     * mend_client_fields_init() set it. */
    unsigned int version;
    /** The host's identifier for this client; unique in the practice. */
    const char* external_id;
    /** Given name; required on create. */
    const char* given_name;
    /** Family name; required on create. */
    const char* family_name;
    /** The name the client goes by. */
    const char* preferred_name;
    /** e.g. "she/her". */
    const char* pronouns;
    /** ISO 8601 date, "YYYY-MM-DD", from 1900-01-01 to today. */
    const char* date_of_birth;
    /** E-mail address. Optional. */
    const char* email;
    /** Telephone number. Optional. */
    const char* phone;
} mend_client_fields;

/** The newest version of mend_client_fields: what its version field holds when set by
 * MEND_CLIENT_FIELDS_INIT. */
#define MEND_CLIENT_FIELDS_VERSION 1
/** An initialiser of mend_client_fields with the defaults of MEND_CLIENT_FIELDS_VERSION (as
 * mend_client_fields_init() fills it). */
#define MEND_CLIENT_FIELDS_INIT                                                                    \
    { MEND_CLIENT_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_client_fields (for the newest,
 * MEND_CLIENT_FIELDS_VERSION, the same values as MEND_CLIENT_FIELDS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_CLIENT_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_client_fields_init(mend_client_fields* fields, unsigned int version);

/**
 * Register a client.
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
MEND_EXTERN(int) mend_client_create(int64_t* out, mend_db* db, const mend_client_fields* fields);
/**
 * Change a client's fields.
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
MEND_EXTERN(int) mend_client_update(mend_db* db, int64_t id, const mend_client_fields* fields);
/**
 * Archive a client (never deleted).
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL db), MEND_ENOACTOR, MEND_EDENIED, MEND_ENOTFOUND (no such
 *        record); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_client_archive(mend_db* db, int64_t id);

/**
 * Read a client; free with mend_client_free().
 *
 * @param out Receives a new record, the caller's: free it with mend_client_free(). NULL unless
 *        the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_client_get(mend_client** out, mend_db* db, int64_t id);
/**
 * Read a client by the host's external id.
 *
 * @param out Receives a new record, the caller's: free it with mend_client_free(). NULL unless
 *        the call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param external_id The host's external id (UTF-8; borrowed, not kept).
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such record, or one the actor may not see); or a store
 *        failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_client_get_external(mend_client** out, mend_db* db, const char* external_id);
/**
 * The record as a JSON object (free with mend_free()).
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param c The record (borrowed).
 * @return MEND_OK, MEND_EINVAL (NULL argument) or MEND_ENOMEM.
 */
MEND_EXTERN(int) mend_client_to_json(char** out, const mend_client* c);
/**
 * Free a record read with mend_client_get() or an iterator. NULL is fine.
 *
 * @param c The record to free, or NULL; invalid after the call (as are strings read from it).
 */
MEND_EXTERN(void) mend_client_free(mend_client* c);

/* Getters: strings are borrowed from the record; NULL where the field is empty. */
/**
 * The client's id.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return The id; 0 where none or for a NULL @p c.
 */
MEND_EXTERN(int64_t) mend_client_id(const mend_client* c);
/**
 * The client's external id (the host's identifier).
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_external_id(const mend_client* c);
/**
 * The client's given name.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_given_name(const mend_client* c);
/**
 * The client's family name.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_family_name(const mend_client* c);
/**
 * The client's preferred name.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_preferred_name(const mend_client* c);
/**
 * The client's pronouns.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_pronouns(const mend_client* c);
/**
 * The client's date of birth, "YYYY-MM-DD".
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_date_of_birth(const mend_client* c);
/**
 * The client's e-mail address.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_email(const mend_client* c);
/**
 * The client's phone.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_phone(const mend_client* c);
/**
 * The client's archived state.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return 1 if archived, else 0 (0 for a NULL @p c); never an error code.
 */
MEND_EXTERN(int) mend_client_is_archived(const mend_client* c);
/**
 * The client's creation time: UTC, ISO 8601 ("2026-11-30T10:15:00.000000Z").
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_created_at(const mend_client* c);
/**
 * The client's time of its last change: UTC, ISO 8601.
 *
 * @param c The record (borrowed; NULL allowed).
 * @return Borrowed from @p c: valid until mend_client_free(c). NULL where not recorded or for a
 *        NULL @p c.
 */
MEND_EXTERN(const char*) mend_client_updated_at(const mend_client* c);

/** Options for listing clients. */
typedef struct mend_client_list_options {
    /** The struct's version: MEND_CLIENT_LIST_OPTIONS_VERSION, as MEND_CLIENT_LIST_OPTIONS_INIT and
     * mend_client_list_options_init() set it. */
    unsigned int version;
    /** Non-zero to include archived clients. */
    int include_archived;
} mend_client_list_options;
/** The newest version of mend_client_list_options: what its version field holds when set by
 * MEND_CLIENT_LIST_OPTIONS_INIT. */
#define MEND_CLIENT_LIST_OPTIONS_VERSION 1
/** An initialiser of mend_client_list_options with the defaults of MEND_CLIENT_LIST_OPTIONS_VERSION
 * (as mend_client_list_options_init() fills it). */
#define MEND_CLIENT_LIST_OPTIONS_INIT                                                              \
    { MEND_CLIENT_LIST_OPTIONS_VERSION, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_client_list_options (for the newest,
 * MEND_CLIENT_LIST_OPTIONS_VERSION, the same values as MEND_CLIENT_LIST_OPTIONS_INIT) and set
 * its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p opts; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p opts untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_CLIENT_LIST_OPTIONS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param opts The struct to fill (the caller's).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_client_list_options_init(mend_client_list_options* opts, unsigned int version);

/**
 * Iterate over the clients the actor may see, in id order, a page at a time
 * (each page read is audited). The iterator must not outlive @p db.
 *
 * @param out Receives a new iterator, the caller's: free it with mend_client_iter_free(); it
 *        must not outlive @p db. NULL on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param opts The options (borrowed, read during the call), or NULL for the defaults (no
 *        archived records, no filter).
 * @return MEND_OK, MEND_EINVAL (NULL argument, bad option), MEND_ENOACTOR; or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_client_iter_new(mend_client_iter** out, mend_db* db, const mend_client_list_options* opts);
/**
 * The next client (caller frees it), or MEND_ITEROVER at the end.
 *
 * @param out Receives a new record, the caller's: free it with mend_client_free(). NULL unless
 *        the call succeeds.
 * @param it The iterator (borrowed).
 * @return MEND_OK with *out set, MEND_ITEROVER at the end (not an error), MEND_EINVAL (NULL
 *        argument), MEND_ENOACTOR, MEND_EDENIED; or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_client_iter_next(mend_client** out, mend_client_iter* it);
/**
 * Free an iterator. NULL is fine.
 *
 * @param it The iterator to free, or NULL; invalid after the call.
 */
MEND_EXTERN(void) mend_client_iter_free(mend_client_iter* it);

MEND_END_DECL

#endif /* MEND_CLIENT_H */
