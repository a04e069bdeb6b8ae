/**
 * @file mend/session.h
 * @brief Sessions: the encounters notes belong to, with their CPT codes.
 *
 * A session belongs to a case: its date and time, duration, modality, the
 * clients who took part (one partner, both, or a partner alone with the
 * clinician), the identified patient for billing and the CPT code. The
 * duration must fit the code's time rule (90832 16-37 minutes, 90834 38-52,
 * 90837 53 or more, 90846/90847 26 or more) or the call fails. Each session
 * is stamped with the case's phase on its date.
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a record, iterator or string they return belongs to
 * the caller and may be used on any thread, one at a time.
 * The *_init() calls use no handle and are thread-safe.
 */
#ifndef MEND_SESSION_H
#define MEND_SESSION_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/** A session, for mend_session_create(). */
typedef struct mend_session_fields {
    /** The struct's version: MEND_SESSION_FIELDS_VERSION, as MEND_SESSION_FIELDS_INIT and
     * mend_session_fields_init() set it. */
    unsigned int version;
    /** The case the session belongs to. */
    int64_t case_id;
    /** The start: "YYYY-MM-DDTHH:MM", the practice's local time (mend/practice.h); or an
     * ISO 8601 time with its offset ("2026-11-03T02:00:00Z", "2026-11-02T20:00-06:00").
     * A local time the practice's clocks skip is refused (MEND_EINVAL); one they repeat is
     * the earlier. The session keeps the practice's local time ("starts_at"), its offset
     * then ("utc_offset") and the UTC time ("starts_at_utc", "YYYY-MM-DDTHH:MM:SSZ"). */
    const char* starts_at;
    /** Length in minutes; must fit the CPT code's time rule (see above). */
    int duration_minutes;
    /** "in_person", "video" or "phone". */
    const char* modality;
    /** The clients who took part (clients of the case). */
    const int64_t* participants;
    /** How many ids @c participants holds. */
    size_t participant_count;
    /** The identified patient for billing (couples' sessions); 0: none. */
    int64_t identified_patient_id;
    /** "90791", "90832", "90834", "90837", "90839" (crisis), "90846" or "90847". */
    const char* cpt_code;
    /** (version 2) The place of service: "02" (telehealth, not in the patient's home), "10"
     * (telehealth in the patient's home) or "11" (office); NULL: not recorded. Telehealth places
     * need a video or phone session, the office one in person. */
    const char* place_of_service;
    /** (version 2) Claim modifiers, comma-separated: each two digits or capitals ("95" for
     * synchronous video telehealth, "95,GT"), at most 4; NULL: none. */
    const char* modifiers;
    /** (version 2) Non-zero: interactive complexity, billed as the add-on 90785 (with 90791,
     * 90832, 90834 or 90837 only). */
    int interactive_complexity;
    /** (version 2) The case's diagnoses the session bills, in pointer order: diagnoses of the
     * client billed (the identified patient, else the one participant), current on the session's
     * date. NULL when diagnosis_count is 0. */
    const int64_t* diagnosis_ids;
    /** (version 2) How many ids diagnosis_ids holds (at most 4). */
    size_t diagnosis_count;
} mend_session_fields;

/** The newest version of mend_session_fields: what its version field holds when set by
 * MEND_SESSION_FIELDS_INIT. */
#define MEND_SESSION_FIELDS_VERSION 2
/** An initialiser of mend_session_fields with the defaults of MEND_SESSION_FIELDS_VERSION (as
 * mend_session_fields_init() fills it). */
#define MEND_SESSION_FIELDS_INIT                                                                   \
    { MEND_SESSION_FIELDS_VERSION, 0, NULL, 0, NULL, NULL, 0, 0, NULL, NULL, NULL, 0, NULL, 0 }

/**
 * Fill @p fields with the defaults of @p version of mend_session_fields (for the newest,
 * MEND_SESSION_FIELDS_VERSION, the same values as MEND_SESSION_FIELDS_INIT) and set its version
 * field.
 *
 * Exactly the bytes that version defines are written and nothing past them,
 * so a host built against an older header passes the version it was built
 * with and its struct is never overrun. The caller owns @p fields; no
 * pointer is kept.
 *
 * Returns MEND_OK, or MEND_EINVAL (@p fields untouched) for a NULL pointer or
 * a version this library does not know (0, or newer than MEND_SESSION_FIELDS_VERSION);
 * mend_last_errmsg() says why. Thread-safe: it uses no handle.
 *
 * @param fields The struct to fill (the caller's; no pointer is kept).
 * @param version The struct version the caller was built with (its MEND_*_VERSION).
 * @return MEND_OK, or MEND_EINVAL as above.
 */
MEND_EXTERN(int) mend_session_fields_init(mend_session_fields* fields, unsigned int version);

/**
 * Record a new session.
 *
 * @param out Receives the new record's id; untouched on failure.
 * @param db The open handle (borrowed; not kept past the call).
 * @param fields The fields (borrowed: read during the call, no pointer into them is kept); its
 *        version field says which fields the caller's struct has.
 * @return MEND_OK, MEND_EINVAL (NULL, missing or invalid field; nothing stored), MEND_EENCODING
 *        (invalid UTF-8), MEND_ENOACTOR, MEND_EDENIED (the actor may not), MEND_ENOTFOUND (a
 *        linked record is missing), MEND_ESTATE (a linked record is archived),
 *        MEND_ECONSTRAINT; or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int) mend_session_create(int64_t* out, mend_db* db, const mend_session_fields* fields);
/**
 * One session as JSON.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param id The record's id.
 * @return MEND_OK, MEND_EINVAL (NULL argument), MEND_ENOACTOR, MEND_ENOTFOUND (no such
 *        record, or one the actor may not see); or a store failure: MEND_EBUSY, MEND_ESTORE,
 *        MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_session_get_json(char** out, mend_db* db, int64_t id);
/**
 * A case's sessions, oldest first, as a JSON array.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @param case_id The case's id.
 * @return MEND_OK, MEND_EINVAL (NULL or bad argument), MEND_EENCODING, MEND_ENOACTOR,
 *        MEND_ENOTFOUND (no such case or client, or one the actor may not see); or a
 *        store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_session_list_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_SESSION_H */
