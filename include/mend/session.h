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
 */
#ifndef MEND_SESSION_H
#define MEND_SESSION_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

typedef struct mend_session_fields {
    unsigned int version;
    int64_t case_id;
    /** The start: "YYYY-MM-DDTHH:MM", the practice's local time (mend/practice.h); or an
     * ISO 8601 time with its offset ("2026-11-03T02:00:00Z", "2026-11-02T20:00-06:00").
     * A local time the practice's clocks skip is refused (MEND_EINVAL); one they repeat is
     * the earlier. The session keeps the practice's local time ("starts_at"), its offset
     * then ("utc_offset") and the UTC time ("starts_at_utc", "YYYY-MM-DDTHH:MM:SSZ"). */
    const char* starts_at;
    int duration_minutes;
    /** "in_person", "video" or "phone". */
    const char* modality;
    /** The clients who took part (clients of the case). */
    const int64_t* participants;
    size_t participant_count;
    /** The identified patient for billing (couples' sessions); 0: none. */
    int64_t identified_patient_id;
    /** "90791", "90832", "90834", "90837", "90846" or "90847". */
    const char* cpt_code;
} mend_session_fields;

#define MEND_SESSION_FIELDS_VERSION 1
#define MEND_SESSION_FIELDS_INIT                                                                   \
    { MEND_SESSION_FIELDS_VERSION, 0, NULL, 0, NULL, NULL, 0, 0, NULL }

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
 */
MEND_EXTERN(int) mend_session_fields_init(mend_session_fields* fields, unsigned int version);

MEND_EXTERN(int) mend_session_create(int64_t* out, mend_db* db, const mend_session_fields* fields);
MEND_EXTERN(int) mend_session_get_json(char** out, mend_db* db, int64_t id);
/** A case's sessions, oldest first, as a JSON array. */
MEND_EXTERN(int) mend_session_list_json(char** out, mend_db* db, int64_t case_id);

MEND_END_DECL

#endif /* MEND_SESSION_H */
