/**
 * @file mend/clinician.h
 * @brief Clinicians: the practice's staff, who act on the database.
 *
 * Roles: "clinician" (sees the clients on their own cases and those they
 * registered), "supervisor" and "admin" (see everything). Only an admin
 * registers, updates or archives clinicians. Any actor may read the staff list.
 */
#ifndef MEND_CLINICIAN_H
#define MEND_CLINICIAN_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** Fields of a clinician. On update, a NULL field stays as it was. */
typedef struct mend_clinician_fields {
    unsigned int version;
    /** Name shown in reports, e.g. "Dr. Maya Okafor". Required on create. */
    const char* display_name;
    /** Credentials, e.g. "LMFT, CSAT". Optional ("" clears on update). */
    const char* credentials;
    /** "clinician", "supervisor" or "admin". Defaults to "clinician" on create. */
    const char* role;
    /** The host's identifier for this clinician; unique in the practice. Optional. */
    const char* external_id;
} mend_clinician_fields;

#define MEND_CLINICIAN_FIELDS_VERSION 1
#define MEND_CLINICIAN_FIELDS_INIT                                                                 \
    { MEND_CLINICIAN_FIELDS_VERSION, NULL, NULL, NULL, NULL }

/**
 * Fill @p fields with the defaults of @p version of mend_clinician_fields (for the newest,
 * MEND_CLINICIAN_FIELDS_VERSION, the same values as MEND_CLINICIAN_FIELDS_INIT) and set its version
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
 */
MEND_EXTERN(int) mend_clinician_fields_init(mend_clinician_fields* fields, unsigned int version);

/** Register a clinician (admin only). */
MEND_EXTERN(int)
mend_clinician_create(int64_t* out, mend_db* db, const mend_clinician_fields* fields);
/** Update a clinician (admin only). */
MEND_EXTERN(int)
mend_clinician_update(mend_db* db, int64_t id, const mend_clinician_fields* fields);
/** Archive a clinician (admin only): they can no longer act. Never deleted. */
MEND_EXTERN(int) mend_clinician_archive(mend_db* db, int64_t id);

/** Read a clinician. The record is the caller's; free it with mend_clinician_free(). */
MEND_EXTERN(int) mend_clinician_get(mend_clinician** out, mend_db* db, int64_t id);
/** Read a clinician by the host's external id. */
MEND_EXTERN(int)
mend_clinician_get_external(mend_clinician** out, mend_db* db, const char* external_id);
/** The record as a JSON object (free with mend_free()). */
MEND_EXTERN(int) mend_clinician_to_json(char** out, const mend_clinician* c);
MEND_EXTERN(void) mend_clinician_free(mend_clinician* c);

/* Getters: strings are borrowed from the record and live as long as it does. */
MEND_EXTERN(int64_t) mend_clinician_id(const mend_clinician* c);
MEND_EXTERN(const char*) mend_clinician_display_name(const mend_clinician* c);
MEND_EXTERN(const char*) mend_clinician_credentials(const mend_clinician* c);
MEND_EXTERN(const char*) mend_clinician_role(const mend_clinician* c);
/** NULL when the clinician has none. */
MEND_EXTERN(const char*) mend_clinician_external_id(const mend_clinician* c);
MEND_EXTERN(int) mend_clinician_is_archived(const mend_clinician* c);
/** UTC timestamps, ISO 8601 ("2026-11-30T10:15:00.000000Z"). */
MEND_EXTERN(const char*) mend_clinician_created_at(const mend_clinician* c);
MEND_EXTERN(const char*) mend_clinician_updated_at(const mend_clinician* c);

/** Options for listing clinicians. */
typedef struct mend_clinician_list_options {
    unsigned int version;
    /** Non-zero to include archived clinicians. */
    int include_archived;
} mend_clinician_list_options;
#define MEND_CLINICIAN_LIST_OPTIONS_VERSION 1
#define MEND_CLINICIAN_LIST_OPTIONS_INIT                                                           \
    { MEND_CLINICIAN_LIST_OPTIONS_VERSION, 0 }

/**
 * Fill @p opts with the defaults of @p version of mend_clinician_list_options (for the newest,
 * MEND_CLINICIAN_LIST_OPTIONS_VERSION, the same values as MEND_CLINICIAN_LIST_OPTIONS_INIT) and set
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
 */
MEND_EXTERN(int)
mend_clinician_list_options_init(mend_clinician_list_options* opts, unsigned int version);

/** Iterate over clinicians in id order, a page at a time. @p opts may be NULL. */
MEND_EXTERN(int)
mend_clinician_iter_new(mend_clinician_iter** out, mend_db* db,
                        const mend_clinician_list_options* opts);
/** The next clinician (caller frees it), or MEND_ITEROVER at the end. */
MEND_EXTERN(int) mend_clinician_iter_next(mend_clinician** out, mend_clinician_iter* it);
MEND_EXTERN(void) mend_clinician_iter_free(mend_clinician_iter* it);

MEND_END_DECL

#endif /* MEND_CLINICIAN_H */
