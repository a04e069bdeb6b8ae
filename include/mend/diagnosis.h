/**
 * @file mend/diagnosis.h
 * @brief Diagnoses: ICD-10-CM codes on a case, each about one of its clients.
 *
 * A diagnosis has a code, a rank among that client's diagnoses in the case
 * (1 is the primary; a claim points at up to 12), and optional onset and
 * resolution dates. Codes are checked for ICD-10-CM form and against the
 * table of codes mend knows (the catalogue's `diagnosis_codes`, mend/catalog.h);
 * another code of valid form is recorded only when the caller says it is
 * unlisted. No two current (unresolved) diagnoses of one client in one case
 * share a rank. Nothing is deleted: a diagnosis that no longer holds gets a
 * resolution date.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a string they return belongs to the caller and may be
 * used on any thread. The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_DIAGNOSIS_H
#define MEND_DIAGNOSIS_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * The fields of a diagnosis, for mend_diagnosis_create() and
 * mend_diagnosis_update(). On update a field left at its MEND_DIAGNOSIS_FIELDS_INIT
 * value keeps the stored value, and "" clears a date.
 */
typedef struct mend_diagnosis_fields {
    /** The struct's version: MEND_DIAGNOSIS_FIELDS_VERSION, as MEND_DIAGNOSIS_FIELDS_INIT and
     * mend_diagnosis_fields_init() set it. */
    unsigned int version;
    /** The case (create only; 0 on update). */
    int64_t case_id;
    /** The client of the case it is about (create only; 0 on update). */
    int64_t client_id;
    /** The ICD-10-CM code, e.g. "F43.10" (required on create; NULL keeps it on update). */
    const char* code;
    /** The rank, 1 (primary) to 12; 0 on create takes the client's next free rank, on update
     * keeps it. */
    int rank;
    /** Optional onset date, "YYYY-MM-DD" (not after today). */
    const char* onset_on;
    /** Optional resolution date, "YYYY-MM-DD" (not before onset, not after today). */
    const char* resolved_on;
    /** Non-zero to record a valid-form code that is not in mend's table. */
    int allow_unlisted;
} mend_diagnosis_fields;

/** The newest version of mend_diagnosis_fields: what its version field holds when set by
 * MEND_DIAGNOSIS_FIELDS_INIT. */
#define MEND_DIAGNOSIS_FIELDS_VERSION 1
/** An initialiser of mend_diagnosis_fields with the defaults of MEND_DIAGNOSIS_FIELDS_VERSION
 * (as mend_diagnosis_fields_init() fills it). */
#define MEND_DIAGNOSIS_FIELDS_INIT                                                                 \
    { MEND_DIAGNOSIS_FIELDS_VERSION, 0, 0, NULL, 0, NULL, NULL, 0 }

/**
 * Fill @p fields with the defaults of @p version of mend_diagnosis_fields (for the newest,
 * MEND_DIAGNOSIS_FIELDS_VERSION, the same values as MEND_DIAGNOSIS_FIELDS_INIT) and set its
 * version field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_DIAGNOSIS_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int)
mend_diagnosis_fields_init(mend_diagnosis_fields* fields, unsigned int version);

/**
 * Record a diagnosis on a case, about one of its clients.
 *
 * @param out Receives the new diagnosis's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param fields The fields (borrowed: read during the call, no pointer into them is kept); its
 *        version field says which fields the caller's struct has. case_id, client_id and code
 *        are required.
 * @return MEND_OK, MEND_EINVAL (NULL, missing or invalid field: a code not of ICD-10-CM form,
 *        a code not in mend's table without allow_unlisted, a rank out of range, a bad or
 *        future date, a client not of the case; nothing stored), MEND_EENCODING (invalid
 *        UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not change the case),
 *        MEND_ENOTFOUND (no such case), MEND_ESTATE (the case is archived), MEND_EEXISTS (a
 *        current diagnosis of that client in the case has that rank); or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_diagnosis_create(int64_t* out, mend_db* db, const mend_diagnosis_fields* fields);

/**
 * Change a diagnosis: its code, rank or dates (a resolution date resolves
 * it; "" clears a date). Its case and client never change.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param diagnosis_id The diagnosis's id.
 * @param fields The fields (borrowed; see mend_diagnosis_fields for what keeps and what
 *        clears); case_id and client_id must be 0.
 * @return MEND_OK, MEND_EINVAL (NULL or invalid field; nothing changes), MEND_EENCODING,
 *        MEND_ENOACTOR, MEND_EDENIED, MEND_ENOTFOUND (no such diagnosis), MEND_ESTATE (the case
 *        is archived), MEND_EEXISTS (the rank is taken); or a store failure: MEND_EBUSY,
 *        MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int)
mend_diagnosis_update(mend_db* db, int64_t diagnosis_id, const mend_diagnosis_fields* fields);

/**
 * A case's diagnoses as a JSON array, by client, rank and id: objects
 * {"id", "case_id", "client_id", "code", "title" (mend's table; null when
 * unlisted), "listed", "rank", "status" ("active" or "resolved"), "onset_on",
 * "resolved_on", "recorded_by", "created_at", "updated_at"}.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such case,
 *        or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_diagnosis_list_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_DIAGNOSIS_H */
