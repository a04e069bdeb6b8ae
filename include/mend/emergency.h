/**
 * @file mend/emergency.h
 * @brief Emergency access ("break the glass").
 *
 * A clinician may open a client's record outside their caseload, for a stated
 * reason (at least the practice's minimum length, a setting an admin reviews)
 * and a bounded time. Until the grant expires the client's own row and their
 * individual cases can be read by that clinician; never a couple, a conjoint
 * case or the partner's record, and nothing can be changed, exported or
 * released under a grant. Every look-up made under a grant is audited as
 * "emergency_access" (of the client or the case), the grant itself as
 * "emergency_open" of the client, and a MEND_EVENT_EMERGENCY_ACCESS event
 * (mend/event.h) reaches the host after the commit. Supervisors and admins
 * review the grants and the accesses made under each with
 * mend_emergency_list_json().
 *
 * Threads: the calls that take a handle are used by one thread at a time per
 * handle (mend/types.h); a string they return belongs to the caller and may be
 * used on any thread.
 */
#ifndef MEND_EMERGENCY_H
#define MEND_EMERGENCY_H

#include "common.h"
#include "types.h"

MEND_BEGIN_DECL

/**
 * Open client @p client_id's record to the acting clinician for @p minutes.
 *
 * @param out Receives the grant's id (left as it was unless the call succeeds).
 * @param db The open handle (borrowed; not kept past the call).
 * @param client_id The client.
 * @param reason Why (UTF-8, borrowed; at least the practice's minimum number of
 *        characters, mend_emergency_reason_min(); stored with the grant and shown to
 *        supervisors in mend_emergency_list_json(), never in the audit log or an event:
 *        write why the record is needed, not client details).
 * @param minutes How long the grant lasts (1..emergency_minutes_max; 0 means
 *        emergency_minutes_default; both in the catalogue, mend/catalog.h).
 * @return MEND_OK, MEND_EINVAL (NULL argument, a reason too short or too long, minutes
 *        out of range), MEND_EENCODING, MEND_ENOACTOR, MEND_ENOTFOUND (no such client),
 *        MEND_ESTATE (the record is already open to the actor: their caseload, or a
 *        supervisor or admin); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int)
mend_emergency_open(int64_t* out, mend_db* db, int64_t client_id, const char* reason, int minutes);

/**
 * Every grant with the accesses made under it (supervisors and admins; audited as
 * "report" of emergency_grant): {"reason_min": N, "grants": [{"grant_id",
 * "clinician_id", "clinician_name", "client_id", "opened_at", "expires_at" (UTC),
 * "reason", "reason_length" (characters), "accesses": [audit events, as
 * mend_audit_list_json() shows them]}]}, oldest first.
 *
 * @param out Receives a new string, the caller's: free it with mend_free(). NULL unless the
 *        call succeeds.
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL @p out), MEND_ENOACTOR, MEND_EDENIED (not a
 *        supervisor or admin); or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM,
 *        MEND_ERROR.
 */
MEND_EXTERN(int) mend_emergency_list_json(char** out, mend_db* db);

/**
 * The shortest reason, in characters, a grant accepts (any actor).
 *
 * @param out Receives the number (left as it was unless the call succeeds).
 * @param db The open handle (borrowed; not kept past the call).
 * @return MEND_OK, MEND_EINVAL (NULL @p out), MEND_ENOACTOR; or a store failure:
 *        MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_emergency_reason_min(int* out, mend_db* db);

/**
 * Set the shortest reason, in characters, a grant accepts (admins; audited as an update
 * of the practice). Grants already open are kept.
 *
 * @param db The open handle (borrowed; not kept past the call).
 * @param characters 1..emergency_reason_min_max (the catalogue, mend/catalog.h).
 * @return MEND_OK, MEND_EINVAL (out of range), MEND_ENOACTOR, MEND_EDENIED (not an admin);
 *        or a store failure: MEND_EBUSY, MEND_ESTORE, MEND_ENOMEM, MEND_ERROR.
 */
MEND_EXTERN(int) mend_emergency_set_reason_min(mend_db* db, int characters);

MEND_END_DECL

#endif /* MEND_EMERGENCY_H */
