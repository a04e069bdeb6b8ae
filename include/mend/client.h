/**
 * @file mend/client.h
 * @brief Clients: the people in treatment.
 *
 * A clinician sees the clients on their own cases and the clients they
 * registered; supervisors and admins see all. Every read and write is audited.
 * Clients are never deleted: archive them.
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
    unsigned int version;
    /** The host's identifier for this client; unique in the practice. */
    const char* external_id;
    const char* given_name;
    const char* family_name;
    /** The name the client goes by. */
    const char* preferred_name;
    /** e.g. "she/her". */
    const char* pronouns;
    /** ISO 8601 date, "YYYY-MM-DD", from 1900-01-01 to today. */
    const char* date_of_birth;
    const char* email;
    const char* phone;
} mend_client_fields;

#define MEND_CLIENT_FIELDS_VERSION 1
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
 */
MEND_EXTERN(int) mend_client_fields_init(mend_client_fields* fields, unsigned int version);

/** Register a client. */
MEND_EXTERN(int) mend_client_create(int64_t* out, mend_db* db, const mend_client_fields* fields);
/** Change a client's fields. */
MEND_EXTERN(int) mend_client_update(mend_db* db, int64_t id, const mend_client_fields* fields);
/** Archive a client (never deleted). */
MEND_EXTERN(int) mend_client_archive(mend_db* db, int64_t id);

/** Read a client; free with mend_client_free(). */
MEND_EXTERN(int) mend_client_get(mend_client** out, mend_db* db, int64_t id);
/** Read a client by the host's external id. */
MEND_EXTERN(int) mend_client_get_external(mend_client** out, mend_db* db, const char* external_id);
/** The record as a JSON object (free with mend_free()). */
MEND_EXTERN(int) mend_client_to_json(char** out, const mend_client* c);
MEND_EXTERN(void) mend_client_free(mend_client* c);

/* Getters: strings are borrowed from the record; NULL where the field is empty. */
MEND_EXTERN(int64_t) mend_client_id(const mend_client* c);
MEND_EXTERN(const char*) mend_client_external_id(const mend_client* c);
MEND_EXTERN(const char*) mend_client_given_name(const mend_client* c);
MEND_EXTERN(const char*) mend_client_family_name(const mend_client* c);
MEND_EXTERN(const char*) mend_client_preferred_name(const mend_client* c);
MEND_EXTERN(const char*) mend_client_pronouns(const mend_client* c);
MEND_EXTERN(const char*) mend_client_date_of_birth(const mend_client* c);
MEND_EXTERN(const char*) mend_client_email(const mend_client* c);
MEND_EXTERN(const char*) mend_client_phone(const mend_client* c);
MEND_EXTERN(int) mend_client_is_archived(const mend_client* c);
MEND_EXTERN(const char*) mend_client_created_at(const mend_client* c);
MEND_EXTERN(const char*) mend_client_updated_at(const mend_client* c);

/** Options for listing clients. */
typedef struct mend_client_list_options {
    unsigned int version;
    /** Non-zero to include archived clients. */
    int include_archived;
} mend_client_list_options;
#define MEND_CLIENT_LIST_OPTIONS_VERSION 1
#define MEND_CLIENT_LIST_OPTIONS_INIT                                                              \
    { MEND_CLIENT_LIST_OPTIONS_VERSION, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_client_list_options (for the newest,
 * MEND_CLIENT_LIST_OPTIONS_VERSION, the same values as MEND_CLIENT_LIST_OPTIONS_INIT) and set its
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
 */
MEND_EXTERN(int)
mend_client_list_options_init(mend_client_list_options* opts, unsigned int version);

/**
 * Iterate over the clients the actor may see, in id order, a page at a time
 * (each page read is audited). The iterator must not outlive @p db.
 */
MEND_EXTERN(int)
mend_client_iter_new(mend_client_iter** out, mend_db* db, const mend_client_list_options* opts);
/** The next client (caller frees it), or MEND_ITEROVER at the end. */
MEND_EXTERN(int) mend_client_iter_next(mend_client** out, mend_client_iter* it);
MEND_EXTERN(void) mend_client_iter_free(mend_client_iter* it);

MEND_END_DECL

#endif /* MEND_CLIENT_H */
